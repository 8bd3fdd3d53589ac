import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type Act,
  type AnalysedFile,
  type CaseEvent,
  contradictions,
  metresBetween,
  type PersonView,
  places,
  timeline,
  victimsByEventAndCause,
} from '../../src/cases/index.ts';

/** The analysis functions on hand-made files: each threshold on both sides, sources kept per cell. */

const event: CaseEvent = {
  id: 1n,
  investigationId: 1n,
  title: 'Hecho',
  eventType: 'protest_repression',
  placeName: 'Puente',
  latitude: '-17.398600',
  longitude: '-66.043600',
  startsAt: new Date('2019-11-15T19:00:00Z'),
  endsAt: new Date('2019-11-15T23:00:00Z'),
  description: '',
};
const persons: PersonView[] = [
  {
    id: 10n,
    code: 'V-0001',
    withheld: false,
    fullName: 'Víctima Uno',
    roles: ['victim'],
    sex: 'male',
    dateOfBirth: null,
    registryPersonId: null,
    familyCode: null,
    protected: false,
  },
  { id: 11n, code: 'V-0002', withheld: true, roles: ['victim'], protected: true },
];
let nextId = 100n;
function act(over: Partial<Act>): Act {
  return {
    id: nextId++,
    investigationId: 1n,
    eventId: 1n,
    actType: 'killing',
    victimPersonId: 10n,
    startsAt: new Date('2019-11-15T20:00:00Z'),
    endsAt: null,
    placeName: 'Puente',
    latitude: null,
    longitude: null,
    causeOfDeath: 'gunshot_wound',
    description: '',
    source: { kind: 'item', id: 1n },
    ...over,
  };
}
const file = (acts: Act[]): AnalysedFile => ({ events: [event], acts, persons });

test('times: 30 minutes apart agree, 31 minutes apart are flagged; the same source never contradicts itself', () => {
  const a = act({});
  const within = act({ startsAt: new Date('2019-11-15T20:30:00Z'), source: { kind: 'statement', id: 2n } });
  const beyond = act({ startsAt: new Date('2019-11-15T20:31:00Z'), source: { kind: 'statement', id: 3n } });
  assert.deepEqual(contradictions(file([a, within])), []);
  const flagged = contradictions(file([a, beyond]));
  assert.equal(flagged.length, 1);
  assert.equal(flagged[0]!.kind, 'time');
  assert.deepEqual(flagged[0]!.sources, [a.source, beyond.source]);
  assert.deepEqual(contradictions(file([a, act({ startsAt: new Date('2019-11-15T23:00:00Z') })])), []);
});

test('places by coordinates beyond 500 m, by names without them; causes of death that differ', () => {
  const near = [
    act({ latitude: '-17.398600', longitude: '-66.043600' }),
    act({ latitude: '-17.401000', longitude: '-66.043600', source: { kind: 'item', id: 2n } }),
  ];
  assert.ok(metresBetween(-17.3986, -66.0436, -17.401, -66.0436) < 500);
  assert.deepEqual(contradictions(file(near)), []);
  const far = [
    near[0]!,
    act({ latitude: '-17.410000', longitude: '-66.043600', source: { kind: 'item', id: 3n } }),
  ];
  assert.deepEqual(
    contradictions(file(far)).map((c) => c.kind),
    ['place'],
  );
  const named = [act({}), act({ placeName: 'Plaza principal', source: { kind: 'item', id: 4n } })];
  assert.deepEqual(
    contradictions(file(named)).map((c) => c.kind),
    ['place'],
  );
  const causes = [act({}), act({ causeOfDeath: 'blunt_force', source: { kind: 'item', id: 5n } })];
  assert.deepEqual(
    contradictions(file(causes)).map((c) => c.kind),
    ['cause_of_death'],
  );
});

test('victims by event and cause: distinct victims, every source listed, a disputed cause counted once in the total', () => {
  const cells = victimsByEventAndCause(
    file([
      act({}),
      act({ source: { kind: 'statement', id: 7n } }),
      act({ victimPersonId: 11n, causeOfDeath: 'blunt_force', source: { kind: 'item', id: 8n } }),
      act({ victimPersonId: 11n, causeOfDeath: null, source: { kind: 'item', id: 9n } }),
      act({ actType: 'injury', victimPersonId: 12n, causeOfDeath: null }),
    ]),
  );
  assert.deepEqual(
    cells.map((c) => [c.cause, c.victims]),
    [
      ['all', 2],
      ['blunt_force', 1],
      ['gunshot_wound', 1],
      ['not_stated', 1],
    ],
  );
  assert.deepEqual(cells.find((c) => c.cause === 'gunshot_wound')!.sources, [
    { kind: 'item', id: 1n },
    { kind: 'statement', id: 7n },
  ]);
});

test('timeline: the event’s bounds around its acts in time order, untimed acts last, a withheld victim by code', () => {
  const line = timeline(
    file([
      act({ startsAt: new Date('2019-11-15T21:00:00Z'), victimPersonId: 11n }),
      act({ startsAt: null }),
      act({ startsAt: new Date('2019-11-15T19:30:00Z') }),
    ]),
    1n,
  );
  assert.deepEqual(
    line.map((e) =>
      e.kind === 'act' ? `act ${e.victim} ${e.at?.toISOString().slice(11, 16) ?? '-'}` : e.kind,
    ),
    ['event_start', 'act Víctima Uno 19:30', 'act V-0002 21:00', 'event_end', 'act Víctima Uno -'],
  );
  assert.deepEqual(timeline(file([]), 99n), []);
  assert.equal(places(file([act({ latitude: '-17.4', longitude: '-66.04' })])).length, 2);
});
