import { appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { fail, ok, passOn, type Result } from '../shared/failure.ts';
import { type TimelineEntry, timeline } from './analysis.ts';
import { actsOfEvent, eventById, personsByIds, statementsOfEvent } from './case.repository.ts';
import { type CaseReader, membership, personView } from './case-access.ts';
import { fileFor } from './case-file.ts';
import type { CasesFailure } from './cases.failures.ts';

/**
 * The timeline of one event (issue #21 §5) read with the event's own rows only — the event, its
 * acts by the case_act_event index, the statements about it, the victims and witnesses they name — instead of the whole case file, so an
 * event with thousands of accounts answers in a few queries (bench/cases-timeline.bench.ts). A
 * victims' representative, whose view depends on every family link, gets the same entries from
 * their whole filtered file. The read is audited like a read of the file.
 *
 * @example const entries = (await eventTimeline(db, 'SINT-2019', 1n, reader, now)).value;
 */
export async function eventTimeline(
  db: Database,
  code: string,
  eventId: bigint,
  reader: CaseReader,
  at: Date,
): Promise<Result<TimelineEntry[], CasesFailure>> {
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader);
    if (!m.ok) return passOn(m);
    const { investigation, member } = m.value;
    const event = await eventById(tx, investigation.id, eventId);
    if (!event) return fail({ code: 'case_entity_not_found', entity: 'event', id: String(eventId) });
    let entries: TimelineEntry[];
    if (member.teamRole === 'victims_representative') {
      entries = timeline(await fileFor(tx, m.value), eventId);
    } else {
      const acts = await actsOfEvent(tx, investigation.id, eventId);
      const statements = await statementsOfEvent(tx, investigation.id, eventId);
      const personIds = [
        ...new Set([
          ...acts.flatMap((a) => (a.victimPersonId === null ? [] : [a.victimPersonId])),
          ...statements.map((s) => s.witnessPersonId),
        ]),
      ];
      const persons = (await personsByIds(tx, investigation.id, personIds)).map((p) => personView(p, member));
      entries = timeline({ events: [event], acts, persons, statements }, eventId);
    }
    await appendAudit(tx, {
      at,
      actor: reader.actor,
      action: 'case_file.read',
      entityType: 'case_investigation',
      entityId: investigation.id,
      after: {
        teamRole: member.teamRole,
        timelineOf: eventId,
        acts: entries.filter((e) => e.kind === 'act').length,
        statements: entries.filter((e) => e.kind === 'statement').length,
      },
    });
    return ok(entries);
  });
}
