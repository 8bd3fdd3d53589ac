import type { StatusNote } from '../bono/index.ts';
import type { Lang } from '../shared/lang.ts';
import { formatInstant, formatNumber } from './format.ts';
import { pageMessages } from './pages.ts';

/**
 * A note of a bank reply's import in the reader's language, with the line of the reply it is
 * about; `who` words the officer who imported a reply before (the back office gives the display
 * name, the command line the account).
 *
 * @example describeStatusNote({ code: 'status_repeated', line: 40 }, 'es') // 'Línea 40: El banco informa el mismo pago más de una vez: vale el último estado.'
 */
export function describeStatusNote(
  note: StatusNote,
  lang: Lang,
  who: (actor: string) => string = (a) => a,
): string {
  const words = pageMessages(lang).deposits;
  const notes = words.replyNotes;
  const text =
    note.code === 'already_imported'
      ? notes.already_imported(
          formatInstant(note.importedAt, lang),
          who(note.importedBy),
          formatNumber(note.importId, lang),
        )
      : note.code === 'payment_block_unknown'
        ? notes.payment_block_unknown(note.paymentInformationId, note.depositFile)
        : notes[note.code];
  const line = 'line' in note ? note.line : undefined;
  return line === undefined ? text : words.noteAt(formatNumber(line, lang), text);
}
