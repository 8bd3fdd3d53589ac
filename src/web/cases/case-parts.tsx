import type { CaseEvent } from '../../cases/index.ts';
import { formatInstant, pageMessages } from '../../messages/index.ts';
import type { Lang } from '../../shared/lang.ts';
import { DefinitionList } from '../components/index.ts';

/** Parts the case file's office pages and its public version show alike. */

/** A code's word in a message table; the dash when the table has none. */
export const word = (table: Record<string, string>, code: string, lang: Lang): string =>
  table[code] ?? pageMessages(lang).cases.dash;

/** An event as a timeline shows it, on the case page and on its public version (its kind as a code). */
export type EventSummaryProps = Pick<
  CaseEvent,
  'title' | 'placeName' | 'latitude' | 'longitude' | 'startsAt' | 'endsAt' | 'description'
> & { eventType: string };

/**
 * An event's heading, kind and time, place and coordinates, and description (inside the
 * timeline's `<li>`, which adds what the page adds).
 *
 * @example <li><EventSummary event={e} lang="es" /></li>
 */
export function EventSummary({ event: e, lang }: { event: EventSummaryProps; lang: Lang }) {
  const w = pageMessages(lang).cases;
  return (
    <>
      <h3>{e.title}</h3>
      <p>
        {w.file.kindAndWhen(
          word(w.eventTypes, e.eventType, lang),
          w.file.when(formatInstant(e.startsAt, lang), formatInstant(e.endsAt, lang)),
        )}
      </p>
      <DefinitionList
        items={[
          [w.file.place, e.placeName],
          [
            w.file.coordinates,
            e.latitude !== null && e.longitude !== null
              ? w.file.coordinatesValue(e.latitude, e.longitude)
              : w.dash,
          ],
        ]}
      />
      {e.description !== '' ? <p>{e.description}</p> : null}
    </>
  );
}
