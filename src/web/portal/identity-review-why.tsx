import { pageMessages } from '../../messages/index.ts';
import { SOURCE_LIST_BY_NAME } from '../../registry/index.ts';
import type { Lang } from '../../shared/lang.ts';

/**
 * The citizen's "why" for a list that names them through a row an officer accepted in the identity
 * review queue (issue #23): which list, that its data differed a little, and that an officer
 * confirmed it is them — in words, no internal names. Shown on the portal's answer.
 *
 * @example <ReviewedLinks lists={['afp-dependent']} lang="es" />
 */
export function ReviewedLinks({ lists, lang }: { lists: readonly string[]; lang: Lang }) {
  if (lists.length === 0) return null;
  const w = pageMessages(lang).identity;
  const title = (name: string) => {
    const list = SOURCE_LIST_BY_NAME.get(name);
    return list ? (lang === 'es' ? list.titleEs : list.titleEn) : w.unknownLevel;
  };
  return (
    <section data-testid="reviewed-links">
      <h2>{w.citizenTitle}</h2>
      {lists.map((l) => (
        <p>{w.citizenReviewed(title(l))}</p>
      ))}
      <p>{w.citizenWrong}</p>
    </section>
  );
}
