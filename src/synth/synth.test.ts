import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadIdentityFormat } from '../registry/identity.ts';
import { surveyFile } from '../registry/import/text-file.ts';
import { PERSON_FILE_HEADER, validatePersonRow } from '../registry/person-file.ts';
import {
  SOURCE_LISTS,
  type SourceListDefinition,
  sourceListHeader,
  validateSourceRow,
} from '../registry/source-lists.ts';
import { csvLine, splitCsvLine } from '../shared/csv.ts';
import { ageOn } from '../shared/dates.ts';
import {
  checkSynthOptions,
  DEFAULT_AS_OF,
  EARLIEST_AS_OF,
  formatCalibration,
  generateCountry,
  MAX_PEOPLE,
  type SynthReport,
  writeLatin1Copy,
} from './synth.ts';

const AS_OF = DEFAULT_AS_OF;
const format = loadIdentityFormat(AS_OF);
let root: string;

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ayni-synth-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** What the importer would do with a file, without a database: same checks, same order. */
interface Replay {
  accepted: string[];
  rejected: number;
  reasons: Map<string, number>;
  keys: Set<string>;
}

function dataLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (;;) {
    const lf = bytes.indexOf(0x0a, start);
    if (lf === -1) break;
    lines.push(bytes.subarray(start, lf));
    start = lf + 1;
  }
  assert.equal(start, bytes.length, 'the file ends with a line break');
  return lines;
}

function replay(
  bytes: Buffer,
  header: readonly string[],
  validate: (f: string[]) => string[] | string,
  keyOf: (v: string[]) => string,
  registry?: Set<string>,
): Replay {
  const lines = dataLines(bytes);
  assert.equal(lines[0]!.toString('utf8'), header.join(','));
  const out: Replay = { accepted: [], rejected: 0, reasons: new Map(), keys: new Set() };
  const reject = (reason: string) => {
    out.rejected++;
    out.reasons.set(reason, (out.reasons.get(reason) ?? 0) + 1);
  };
  for (const raw of lines.slice(1)) {
    if (!isUtf8(raw)) {
      reject('not UTF-8');
      continue;
    }
    const text = raw.toString('utf8');
    const fields = splitCsvLine(text);
    if (!fields) {
      reject('malformed quotes');
      continue;
    }
    if (fields.length !== header.length) {
      reject('field count');
      continue;
    }
    const v = validate(fields);
    if (typeof v === 'string') {
      reject(v.replace(/"[^"]*"|\d{4}-\d{2}-\d{2}/g, '…'));
      continue;
    }
    const key = keyOf(v);
    if (registry && !registry.has(key)) {
      reject('unknown person');
      continue;
    }
    if (out.keys.has(key)) {
      reject('repeated key');
      continue;
    }
    out.keys.add(key);
    out.accepted.push(text);
  }
  return out;
}

const replayPersons = (bytes: Buffer) =>
  replay(
    bytes,
    PERSON_FILE_HEADER,
    (f) => validatePersonRow({ format, asOf: AS_OF }, f),
    (v) => `${v[0]}|${v[1]}|${v[6]}`,
  );

const replayList = (list: SourceListDefinition, bytes: Buffer, registry: Set<string>) =>
  replay(
    bytes,
    sourceListHeader(list),
    (f) => validateSourceRow(list, format, AS_OF, f),
    (v) => `${v[0]}|${v[1]}|${v[2]}`,
    registry,
  );

async function country(name: string, people: number, seed: number, messy = false) {
  const outDir = path.join(root, name);
  const report = await generateCountry({ people, seed, outDir, messy });
  const read = (file: string) => readFile(path.join(outDir, file));
  return { outDir, report, read };
}

test('the same seed gives byte-identical files; another seed gives others', async () => {
  const a = await country('det-a', 5_000, 7, true);
  const b = await country('det-b', 5_000, 7, true);
  const c = await country('det-c', 5_000, 8, true);
  assert.equal(a.report.files.length, 1 + SOURCE_LISTS.length);
  for (const f of a.report.files) {
    assert.ok((await a.read(f.name)).equals(await b.read(f.name)), `${f.name} differs between two runs`);
  }
  assert.ok(!(await a.read('persons.csv')).equals(await c.read('persons.csv')));
  assert.deepEqual(a.report, { ...b.report, files: a.report.files });
});

test('calibration at 50,000 people is within tolerance', async () => {
  const people = 50_000;
  const { report } = await country('cal', people, 2021);
  // Four standard errors of a share estimated from `people` draws: a false alarm about once in
  // 16,000 runs per category, while a wrong model misses by far more.
  const within4Sigma = (c: SynthReport['calibration'][number], n: number) =>
    Math.abs(c.actual - c.target) <= 4 * Math.sqrt((c.target * (1 - c.target)) / n) + 1e-9;
  const byMarginal = (m: string) => report.calibration.filter((c) => c.marginal === m);
  assert.equal(byMarginal('department').length, 9);
  assert.equal(byMarginal('age_band').length, 5);
  for (const c of [...byMarginal('department'), ...byMarginal('age_band'), ...byMarginal('sex')]) {
    assert.ok(
      Math.abs(c.actual - c.target) < 0.01,
      `${c.marginal} ${c.category}: ${c.actual} vs ${c.target}`,
    );
    assert.ok(within4Sigma(c, people), `${c.marginal} ${c.category}: ${c.actual} vs ${c.target}`);
  }
  for (const c of [...byMarginal('source_list'), ...byMarginal('deceased')]) {
    assert.ok(within4Sigma(c, people), `${c.marginal} ${c.category}: ${c.actual} vs ${c.target}`);
  }
  const santaCruz = report.calibration.find((c) => c.category === 'Santa Cruz')!;
  assert.ok(
    Math.abs(santaCruz.target - 3_363_400 / 11_842_000) < 1e-4,
    'targets come from the domain file figures',
  );
  const bu = report.calibration.find((c) => c.category === 'bono-universal')!;
  assert.equal(
    report.files.find((f) => f.name === 'bono-universal.csv')!.rows,
    Math.round(bu.actual * people),
  );
  const table = formatCalibration(report);
  assert.match(table, /department\s+Santa Cruz\s+28\.40\d %/);
  assert.match(table, /age_band\s+60\+/);
  assert.equal(report.messyRowsInjected, 0);
});

test('clean mode: every row is valid, keys are unique, every list row names a registry person', async () => {
  const people = 20_000;
  const { report, read } = await country('clean', people, 99);
  const personsBytes = await read('persons.csv');
  assert.ok(isUtf8(personsBytes));
  assert.notEqual(personsBytes[0], 0xef, 'no byte-order mark');
  assert.equal(personsBytes.indexOf(0x0d), -1, 'lines end with \\n only');
  const persons = replayPersons(personsBytes);
  assert.deepEqual([...persons.reasons], [], 'no person row is rejected');
  assert.equal(persons.accepted.length, people);
  assert.equal(persons.keys.size, people, 'natural keys (ci_number, complemento, date_of_birth) are unique');

  let sharedNumbers = 0;
  let deceased = 0;
  let abroadAdults = 0;
  let adults = 0;
  const numbers = new Map<string, number>();
  for (const line of persons.accepted) {
    const f = splitCsvLine(line)!;
    assert.equal(csvLine(f), line, 'rows are exactly what csvLine writes');
    assert.match(f[0]!, /^[1-9]\d{4,7}$/, 'CI numbers have 5 to 8 digits');
    numbers.set(f[0]!, (numbers.get(f[0]!) ?? 0) + 1);
    if (f[1] !== '') assert.match(f[1]!, /^[1-9][A-Z]$/);
    if (f[10] !== '') {
      deceased++;
      assert.ok(f[10]! < AS_OF && f[10]! >= f[6]!, `death ${f[10]} between birth ${f[6]} and ${AS_OF}`);
    }
    if (ageOn(f[6]!, AS_OF) >= 18) {
      adults++;
      if (f[9] !== 'BO') abroadAdults++;
    } else assert.equal(f[9], 'BO', 'only adults live abroad');
  }
  for (const count of numbers.values()) {
    assert.ok(count <= 2, 'a CI number is held by at most two persons');
    if (count === 2) sharedNumbers++;
  }
  assert.ok(sharedNumbers > 20 && sharedNumbers < 150, `shared CI numbers: ${sharedNumbers}`);
  assert.ok(deceased > 60 && deceased < 190, `deceased: ${deceased}`);
  assert.ok(Math.abs(abroadAdults / adults - 0.05) < 0.01, `abroad share of adults ${abroadAdults / adults}`);
  const sharedWithComplemento = persons.accepted.filter((l) => splitCsvLine(l)![1] !== '').length;
  assert.equal(
    sharedWithComplemento,
    sharedNumbers,
    'the second holder of a shared number carries a complemento',
  );

  for (const list of SOURCE_LISTS) {
    const file = `${list.name}.csv`;
    const r = replayList(list, await read(file), persons.keys);
    assert.deepEqual([...r.reasons], [], `${file}: no row is rejected`);
    assert.equal(r.accepted.length, report.files.find((f) => f.name === file)!.rows);
    assert.ok(r.accepted.length > 0, `${file} is not empty`);
  }
});

test('source lists overlap the way exclusions need', async () => {
  const { read } = await country('overlap', 20_000, 5);
  const keys = async (name: string) =>
    new Set(
      dataLines(await read(`${name}.csv`))
        .slice(1)
        .map((l) => l.toString('utf8').split(',').slice(0, 3).join('|')),
    );
  const bu = await keys('bono-universal');
  const afp = await keys('afp-dependent');
  const both = [...bu].filter((k) => afp.has(k)).length;
  assert.ok(both > 0 && both < 0.1 * bu.size, `Bono Universal ∩ AFP = ${both} of ${bu.size}`);
  const disabilityTypes = dataLines(await read('disability.csv'))
    .slice(1)
    .map((l) => l.toString('utf8').split(',')[3]);
  assert.ok(new Set(disabilityTypes).size === 4, 'every disability degree occurs');
  const ibc = [...(await keys('ibc-blind'))];
  const disability = await keys('disability');
  assert.ok(
    ibc.some((k) => disability.has(k)),
    'some IBC members are in SIPRUNPCD too',
  );
});

test('messy mode: injected rows are exactly the rejected ones, and the rest is the clean country', async () => {
  const people = 30_000;
  const seed = 11;
  const messy = await country('messy', people, seed, true);
  const clean = await country('messy-clean', people, seed, false);

  const personsBytes = await messy.read('persons.csv');
  assert.ok(!isUtf8(personsBytes), 'some lines are Latin-1 bytes');
  assert.ok(isUtf8(personsBytes.subarray(0, 1 << 20)), 'the first MiB is clean UTF-8');
  const persons = replayPersons(personsBytes);
  const cleanPersons = dataLines(await clean.read('persons.csv'))
    .slice(1)
    .map((l) => l.toString('utf8'));
  assert.deepEqual(persons.accepted, cleanPersons, 'accepted persons rows are the clean file');
  const personShare = persons.rejected / people;
  assert.ok(personShare > 0.015 && personShare < 0.025, `persons rows injected: ${personShare}`);
  for (const reason of [
    'not UTF-8',
    'malformed quotes',
    'field count',
    'repeated key',
    'ci_number is empty',
    'sex … must be F or M',
  ]) {
    assert.ok(
      (persons.reasons.get(reason) ?? 0) > 0,
      `persons errors include "${reason}": ${[...persons.reasons.keys()]}`,
    );
  }

  let rejected = persons.rejected;
  let listRows = 0;
  let listRejected = 0;
  const listReasons = new Set<string>();
  for (const list of SOURCE_LISTS) {
    const file = `${list.name}.csv`;
    const r = replayList(list, await messy.read(file), persons.keys);
    const cleanRows = dataLines(await clean.read(file))
      .slice(1)
      .map((l) => l.toString('utf8'));
    assert.deepEqual(r.accepted, cleanRows, `${file}: accepted rows are the clean list`);
    assert.equal(r.accepted.length + r.rejected, messy.report.files.find((f) => f.name === file)!.rows);
    rejected += r.rejected;
    listRows += cleanRows.length;
    listRejected += r.rejected;
    for (const k of r.reasons.keys()) listReasons.add(k);
  }
  assert.equal(rejected, messy.report.messyRowsInjected, 'every injected row is rejected, and nothing else');
  const listShare = listRejected / listRows;
  assert.ok(listShare > 0.007 && listShare < 0.013, `list rows injected: ${listShare}`);
  for (const reason of ['unknown person', 'repeated key', 'field count', 'malformed quotes']) {
    assert.ok(listReasons.has(reason), `list errors include "${reason}"`);
  }

  // The importer's own encoding survey reads the messy file as UTF-8 with bad lines, and a
  // Latin-1 copy of the clean file as Latin-1.
  const survey = await surveyFile(path.join(messy.outDir, 'persons.csv'), 'auto');
  assert.equal(survey.ok && survey.value.encoding, 'utf-8');
  const latin1Path = path.join(clean.outDir, 'persons-latin1.csv');
  await writeLatin1Copy(path.join(clean.outDir, 'persons.csv'), latin1Path);
  const latin1 = await readFile(latin1Path);
  assert.ok(!isUtf8(latin1));
  assert.equal(latin1.toString('latin1'), (await clean.read('persons.csv')).toString('utf8'));
  const latin1Survey = await surveyFile(latin1Path, 'auto');
  assert.equal(latin1Survey.ok && latin1Survey.value.encoding, 'windows-1252');
});

test('the synthetic country is written readable by its owner only: folders 0700, files 0600', async () => {
  const outDir = path.join(root, 'private', 'country');
  const report = await generateCountry({ people: 200, seed: 3, outDir });
  assert.equal((await stat(outDir)).mode & 0o777, 0o700);
  assert.equal((await stat(path.dirname(outDir))).mode & 0o777, 0o700);
  for (const f of report.files) assert.equal((await stat(f.path)).mode & 0o777, 0o600, f.name);
  const latin1 = path.join(outDir, 'persons-latin1.csv');
  await writeLatin1Copy(path.join(outDir, 'persons.csv'), latin1);
  assert.equal((await stat(latin1)).mode & 0o777, 0o600, 'the Latin-1 copy');
});

test('options that cannot make a country are refused as values before anything is written', () => {
  const outDir = path.join(os.tmpdir(), 'never-written');
  assert.deepEqual(checkSynthOptions({ people: 0, seed: 1, outDir }), {
    ok: false,
    error: { code: 'synth_people_out_of_range', people: 0, maxPeople: MAX_PEOPLE },
  });
  assert.equal(checkSynthOptions({ people: MAX_PEOPLE, seed: 1, outDir }).ok, true);
  assert.deepEqual(checkSynthOptions({ people: MAX_PEOPLE + 1, seed: 1, outDir }), {
    ok: false,
    error: { code: 'synth_people_out_of_range', people: MAX_PEOPLE + 1, maxPeople: MAX_PEOPLE },
  });
  assert.deepEqual(checkSynthOptions({ people: 10, seed: -1, outDir }), {
    ok: false,
    error: { code: 'bad_seed' },
  });
  assert.deepEqual(checkSynthOptions({ people: 10, seed: 1, outDir, asOf: '2000-12-31' }), {
    ok: false,
    error: { code: 'synth_as_of_out_of_range', asOf: '2000-12-31', earliest: EARLIEST_AS_OF },
  });
  assert.equal(checkSynthOptions({ people: 10, seed: 1, outDir, asOf: EARLIEST_AS_OF }).ok, true);
});
