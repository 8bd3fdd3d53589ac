/**
 * Server paths out of messages. Expected failures are values (src/shared/failure.ts, ADR 0009);
 * this module keeps what a message shown to an officer or a bank's system needs: no server path.
 */

// The one failure model's values (src/shared/failure.ts), re-exported where the old ones lived.
export { fail, ok, type Result } from './failure.ts';

/**
 * Absolute paths on the server (`/srv/ayni/data/uploads/4f3a/lista.csv`, `C:\ayni\x.csv`): a
 * path needs two slashes at least, and one that follows a letter, digit or another slash
 * (`pain.002/camt.054`, `http://host/a`) is not one. Segments stop at white space, quotes, colons
 * and commas, so a path inside a sentence ends where the sentence goes on.
 */
const SERVER_PATH =
  /(?<![\w.~:/\\-])(?:\/[^\s/\\'"`<>|:;,()]+)+\/([^\s/\\'"`<>|:;,()]+)|(?<!\w)[A-Za-z]:\\(?:[^\s\\'"`<>|:;,()]+\\)+([^\s\\'"`<>|:;,()]+)/g;

/**
 * A message fit for a page or an API answer: every absolute server path in it replaced by the
 * file's own name. Messages are written for the command line, where the path is the operator's own
 * and useful; an officer or a bank's system learns nothing from it but the server's layout.
 *
 * @example publicMessage('/srv/ayni/uploads/4f3a/reply.xml: not well-formed') // 'reply.xml: not well-formed'
 */
export function publicMessage(message: string): string {
  return message.replace(SERVER_PATH, (_m, posix?: string, windows?: string) => posix ?? windows ?? '');
}
