import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  addEvent,
  addPerson,
  addStatement,
  type CaseReader,
  eventTimeline,
  openInvestigation,
  readCaseFile,
  setTeamMember,
  timeline,
  whoWasWhere,
} from '../../src/cases/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

/**
 * A statement is about an event (migration 0060): the event must be the investigation's own; the
 * statement is on that event's timeline (at the time it was taken, the protected witness by code
 * for an analyst), the same from the event's own rows as from the whole file, and who-was-where
 * places its witness at the event.
 */

let t: TestDatabase;
const at = new Date('2021-03-02T12:00:00Z');
const reader = (username: string): CaseReader => ({ username, actor: `account:${username}` });
const lead = reader('ana.investigadora');
const analyst = reader('bruno.analista');
const CODE = 'SINT-STMT-1';
const OTHER = 'SINT-STMT-2';
let eventId: bigint;
let otherEventId: bigint;
let witnessId: bigint;

const eventInput = (title: string) => ({
  title,
  eventType: 'protest_repression',
  placeName: 'Sacaba',
  startsAt: new Date('2019-11-15T19:00:00Z'),
  endsAt: new Date('2019-11-15T23:00:00Z'),
});

before(async () => {
  t = await createTestDatabase();
  for (const code of [CODE, OTHER])
    okValue(await openInvestigation(t.db, { code, title: code, openedOn: '2020-07-01' }, lead, at));
  okValue(await setTeamMember(t.db, CODE, { username: analyst.username, teamRole: 'analyst' }, lead, at));
  eventId = okValue(await addEvent(t.db, CODE, eventInput('Puente sintético'), lead, at)).id;
  okValue(await addEvent(t.db, CODE, eventInput('Otro hecho sintético'), lead, at));
  otherEventId = okValue(await addEvent(t.db, OTHER, eventInput('Hecho de otra investigación'), lead, at)).id;
  witnessId = okValue(
    await addPerson(
      t.db,
      CODE,
      { code: 'T-STMT-01', fullName: 'Testigo Reservado Sintético', roles: ['witness'], protected: true },
      lead,
      at,
    ),
  ).id;
});
after(() => t.dispose());

const statement = (event: bigint | undefined) => ({
  witnessPersonId: witnessId,
  eventId: event,
  takenAt: new Date('2021-02-10T15:00:00Z'),
  placeName: 'Sacaba',
  language: 'qu',
  interviewer: 'Entrevistador sintético',
  consentGiven: true,
  consentScope: 'prosecution',
});

test('a statement about an event of another investigation is refused; one about its own is kept with it', async () => {
  const wrong = await addStatement(t.db, CODE, statement(otherEventId), lead, at);
  assert.deepEqual(wrong.ok ? null : wrong.error, {
    code: 'case_entity_not_found',
    entity: 'event',
    id: String(otherEventId),
  });
  const s = okValue(await addStatement(t.db, CODE, statement(eventId), lead, at));
  assert.equal(s.eventId, eventId);
  const none = okValue(await addStatement(t.db, CODE, statement(undefined), lead, at));
  assert.equal(none.eventId, null);
  const file = okValue(await readCaseFile(t.db, CODE, lead, at));
  assert.deepEqual(
    file.statements.map((x) => x.eventId),
    [eventId, null],
  );
});

test('the event’s timeline takes its statements (the protected witness by code for an analyst), the same from its own rows', async () => {
  const file = okValue(await readCaseFile(t.db, CODE, analyst, at));
  const line = timeline(file, eventId);
  assert.deepEqual(
    line.map((e) => e.kind),
    ['event_start', 'event_end', 'statement'],
  );
  const entry = line[2]!;
  assert.ok(entry.kind === 'statement');
  assert.equal(entry.witness, 'T-STMT-01', 'a protected witness by code');
  assert.equal(entry.at.toISOString(), '2021-02-10T15:00:00.000Z');
  const otherEvent = file.events.find((e) => e.id !== eventId)!;
  assert.ok(!timeline(file, otherEvent.id).some((e) => e.kind === 'statement'), 'not on another event');
  for (const who of [analyst, lead]) {
    const direct = okValue(await eventTimeline(t.db, CODE, eventId, who, at));
    const whole = timeline(okValue(await readCaseFile(t.db, CODE, who, at)), eventId);
    assert.deepEqual(direct, whole, who.username);
  }
  const leadLine = okValue(await eventTimeline(t.db, CODE, eventId, lead, at));
  const byName = leadLine[2]!;
  assert.ok(byName.kind === 'statement');
  assert.equal(byName.witness, 'Testigo Reservado Sintético', 'by name for the investigator');
});

test('who-was-where places the witness at the event their statement is about', async () => {
  const file = okValue(await readCaseFile(t.db, CODE, lead, at));
  const placed = whoWasWhere(file).filter((p) => p.personId === witnessId);
  assert.deepEqual(
    placed.map((p) => [p.eventId, p.as]),
    [[eventId, 'witness']],
  );
});
