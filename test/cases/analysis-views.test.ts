import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type Act,
  type CaseEvent,
  nameRedactor,
  type PersonView,
  type Place,
  projectPlaces,
  type Statement,
  whoWasWhere,
} from '../../src/cases/index.ts';

/**
 * The analysis page's pure parts (issue #21 §5) and the one redaction of protected names inside
 * texts (§3): who was where from acts, statements, involvements and relationships; the map's
 * projection (north up, the box kept, one place centred); names replaced by codes whatever the
 * letter case or spacing, longest first, short names ignored.
 */

const event = (id: bigint, placeName: string): CaseEvent => ({
  id,
  investigationId: 1n,
  title: `Hecho ${id}`,
  eventType: 'protest_repression',
  placeName,
  latitude: null,
  longitude: null,
  startsAt: new Date('2019-11-15T19:00:00Z'),
  endsAt: new Date('2019-11-15T23:00:00Z'),
  description: '',
});
const person = (id: bigint, code: string, roles: PersonView['roles']): PersonView => ({
  id,
  code,
  withheld: false,
  fullName: code,
  roles,
  sex: 'unknown',
  dateOfBirth: null,
  registryPersonId: null,
  familyCode: null,
  protected: false,
});
const act = (over: Partial<Act>): Act => ({
  id: 100n,
  investigationId: 1n,
  eventId: 1n,
  actType: 'killing',
  victimPersonId: 10n,
  startsAt: null,
  endsAt: null,
  placeName: null,
  latitude: null,
  longitude: null,
  causeOfDeath: null,
  description: '',
  source: { kind: 'item', id: 1n },
  ...over,
});
const statement: Statement = {
  id: 7n,
  investigationId: 1n,
  witnessPersonId: 20n,
  eventId: null,
  takenAt: new Date('2021-02-10T15:00:00Z'),
  placeName: 'Sacaba',
  language: 'qu',
  interpreter: null,
  interviewer: 'Equipo',
  consentGiven: true,
  consentScope: 'prosecution',
  summary: '',
  audioItemId: null,
  transcriptItemId: 50n,
};

test('who was where: a victim by the acts, a witness by what their statement tells and by its transcript, a perpetrator by the involvement', () => {
  const file = {
    events: [event(1n, 'Puente'), event(2n, 'Planta')],
    persons: [
      person(10n, 'V-1', ['victim']),
      person(20n, 'T-1', ['witness']),
      person(30n, 'P-1', ['alleged_perpetrator']),
    ],
    acts: [
      act({ id: 100n, placeName: 'Puente, lado norte' }),
      act({ id: 101n, source: { kind: 'statement', id: 7n } }),
      // A victim the reader may not see (another family): nobody is placed by it.
      act({ id: 102n, victimPersonId: 99n, eventId: 2n }),
    ],
    statements: [statement],
    items: [{ id: 50n, eventId: 2n }],
    involvements: [
      {
        id: 1n,
        actId: 100n,
        perpetratorPersonId: 30n,
        degree: 'direct' as const,
        source: { kind: 'item' as const, id: 3n },
      },
    ],
    relationships: [],
  } as Parameters<typeof whoWasWhere>[0];
  const rows = whoWasWhere(file).map((p) => [
    p.personId,
    p.eventId,
    p.as,
    p.placeNames,
    p.sources.map((s) => `${s.kind}:${s.id}`),
  ]);
  assert.deepEqual(rows, [
    [10n, 1n, 'victim', ['Puente', 'Puente, lado norte'], ['item:1', 'statement:7']],
    [20n, 1n, 'witness', ['Puente'], ['statement:7']],
    [20n, 2n, 'witness', ['Planta'], ['statement:7']],
    [30n, 1n, 'alleged_perpetrator', ['Puente, lado norte'], ['item:3']],
  ]);
  assert.deepEqual(
    whoWasWhere({ events: [], acts: file.acts, persons: file.persons }),
    [],
    'no event, nobody placed',
  );
  // A statement about an event places its witness there, with no act or item needed.
  const about = whoWasWhere({ ...file, acts: [], items: [], statements: [{ ...statement, eventId: 2n }] });
  assert.deepEqual(
    about.map((p) => [p.personId, p.eventId, p.as]),
    [[20n, 2n, 'witness']],
  );
});

test('the map: north up, inside the box with its margin, one place in the middle', () => {
  const places: Place[] = [
    { kind: 'event', id: 1n, eventId: 1n, placeName: 'Sacaba', latitude: -17.3986, longitude: -66.0436 },
    { kind: 'event', id: 2n, eventId: 2n, placeName: 'Senkata', latitude: -16.572, longitude: -68.2 },
  ];
  const [sacaba, senkata] = projectPlaces(places, 640, 420, 60);
  assert.ok(sacaba && senkata);
  assert.ok(senkata.y < sacaba.y, 'Senkata is north of Sacaba: drawn higher');
  assert.ok(senkata.x < sacaba.x, 'and west: drawn to the left');
  for (const p of [sacaba, senkata]) {
    assert.ok(p.x >= 60 && p.x <= 580, `x ${p.x} inside the margin`);
    assert.ok(p.y >= 60 && p.y <= 360, `y ${p.y} inside the margin`);
  }
  const [alone] = projectPlaces(places.slice(0, 1), 640, 420, 60);
  assert.deepEqual([alone!.x, alone!.y], [320, 210]);
  assert.deepEqual(projectPlaces([], 640, 420, 60), []);
});

test('protected names inside a text become codes: any letter case and spacing, longest first, short ones ignored', () => {
  const redact = nameRedactor([
    { code: 'T-0001', names: ['Ana Mamani Quispe', 'Ana Mamani'] },
    { code: 'T-0002', names: ['Luis (a) "el Chino"', 'L'] },
  ]);
  assert.equal(
    redact('Declaró ANA  MAMANI\nquispe; luego ana mamani firmó. Luis (a) "el Chino" no. La L queda.'),
    'Declaró T-0001; luego T-0001 firmó. T-0002 no. La L queda.',
  );
  assert.equal(nameRedactor([])('sin cambios'), 'sin cambios');
});
