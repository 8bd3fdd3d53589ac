import { type PageMessages, pageMessages } from '../../messages/index.ts';
import type { Lang } from '../../shared/lang.ts';
import type { Column, Figure, FigureId, FigureWording, Label } from '../../transparency/index.ts';

/**
 * A published figure in the reader's words: src/transparency returns figure ids, column keys and
 * row labels as codes; the transparency catalogue (src/messages/{es,en}/pages/transparency-figures.ts)
 * holds their words. The page, its charts and the CSV download all word a figure here, so the
 * table's headers and the file's columns cannot drift apart.
 */

type ColumnWords = { readonly label: string | ((year: string) => string); readonly csv: string };
type FigureEntry = {
  readonly title: string;
  readonly description: string;
  readonly columns: Readonly<Record<string, ColumnWords>>;
};

/** Everything a page says of a figure; the CSV writer's part is FigureWording. */
export interface FigureWords extends FigureWording {
  title(figure: Figure): string;
  description(figure: Figure): string;
  /** A column's header on the page. */
  columnLabel(figure: Figure, column: Column): string;
}

function wordsOf(words: PageMessages['transparency']['figures']): FigureWords {
  // Typed by id so that a figure the catalogue forgets fails the typecheck, not a page.
  const byId: Readonly<Record<FigureId, FigureEntry>> = words.byId;
  const columnOf = (figure: Figure, column: Column): ColumnWords => {
    const found = byId[figure.id].columns[column.key];
    if (found === undefined)
      throw new Error(`the catalogue has no words for column ${figure.id}.${column.key}`);
    return found;
  };
  const label = (l: Label): string => {
    switch (l.label) {
      case 'total':
        return words.total;
      case 'indicator':
        return words.indicators[l.code];
      case 'channel':
        return words.channels[l.code];
      case 'ageRange':
        return words.ageRange(String(l.from), String(l.to));
      case 'ageFrom':
        return words.ageFrom(String(l.from));
      case 'lateCollectors':
        return words.lateCollectors;
      case 'band':
        return l.code;
    }
  };
  return {
    title: (figure) => byId[figure.id].title,
    description: (figure) => byId[figure.id].description,
    columnLabel: (figure, column) => {
      const w = columnOf(figure, column).label;
      return typeof w === 'function' ? w(column.kind === 'count' ? String(column.year ?? '') : '') : w;
    },
    csvHeader: (figure, column) => columnOf(figure, column).csv,
    label,
  };
}

const cache = new Map<Lang, FigureWords>();

/**
 * The figures' words in a language.
 *
 * @example figureWords('es').title(bono.byChannel) // 'Pagos por canal'; figureCsv(figure, figureWords('en'))
 */
export function figureWords(lang: Lang): FigureWords {
  let words = cache.get(lang);
  if (!words) {
    words = wordsOf(pageMessages(lang).transparency.figures);
    cache.set(lang, words);
  }
  return words;
}
