import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { asOfficer, ayni, type CliDatabase, cliDatabase, cliOfficers } from '../helpers/cli.ts';

/**
 * `ayni cases …` for the report and what it rests on, run by signed-in officers: a folder of
 * evidence imported (counts printed, a rerun adds nothing), an act, an involvement and a
 * relationship recorded, a finding resting on an item, the report written as PDF with its court
 * bundle, and `verify-bundle` passing against the printed digest, then naming a changed file
 * (exit 1). An officer without the case roles is refused every one of these commands.
 */

const PASSWORD = 'cuatro palabras bastante largas';
let cli: CliDatabase;
let tokens: Record<string, string>;

before(async () => {
  cli = await cliDatabase('cases-report');
  delete process.env.AYNI_CREDENTIAL;
  tokens = await cliOfficers(PASSWORD, {
    admin: ['administrator'],
    ana: ['case_investigator'],
    carla: ['bono_officer'],
  });
});
after(() => cli.dispose());

test('import, act, involvement, relationship, finding, report and its bundle verified; a changed file is named', async () => {
  const ana = (args: string[]) => ayni(['cases', ...args], asOfficer(tokens.ana!));
  const must = async (args: string[], pattern: RegExp) => {
    const r = await ana(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
    const m = pattern.exec(r.out);
    assert.ok(m, `${args.join(' ')} printed ${r.out}`);
    return m;
  };
  await must(['create', 'REP-2019', '--title', 'Informe de prueba', '--opened-on', '2021-01-04'], /opened/);
  const folder = path.join(cli.dataDir, 'lote');
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'acta.txt'), 'ACTA SINTETICA DE LEVANTAMIENTO\n');
  await writeFile(path.join(folder, 'informe.pdf'), '%PDF-1.4\n% sintético\n');
  const collected = [
    '--collected-by',
    'Ana',
    '--collected-at',
    '2021-01-05T10:00:00Z',
    '--place',
    'Sacaba',
    '--method',
    'entregado',
  ];
  await must(
    ['evidence', 'import', 'REP-2019', folder, ...collected],
    /rows read 2 = added 2 \+ already in the case 0 \+ rejected 0/,
  );
  await must(
    ['evidence', 'import', 'REP-2019', folder, ...collected],
    /rows read 2 = added 0 \+ already in the case 2 \+ rejected 0/,
  );
  const manifest = path.join(folder, 'manifest.csv');
  await writeFile(
    manifest,
    'file,title,kind,media_type,family_code,event_id,collected_by,collected_at,place,method\nfalta.txt,Falta,document,text/plain,,,,,,\n',
  );
  const rejected = await ana(['evidence', 'import', 'REP-2019', manifest, ...collected]);
  assert.equal(rejected.code, 1);
  assert.match(rejected.err, /line 2 \(falta\.txt\): file_missing/);
  assert.match(rejected.out, /rows read 1 = added 0 \+ already in the case 0 \+ rejected 1/);

  const item = '1';
  const [, victim] = await must(
    ['person', 'add', 'REP-2019', '--name', 'Víctima Sintética', '--role', 'victim'],
    /person (\d+)/,
  );
  const [, perpetrator] = await must(
    ['person', 'add', 'REP-2019', '--name', 'Agente Sintético', '--role', 'alleged_perpetrator'],
    /person (\d+)/,
  );
  const [, event] = await must(
    [
      'event',
      'add',
      'REP-2019',
      '--title',
      'Hecho',
      '--type',
      'protest_repression',
      '--place',
      'Sacaba',
      '--from',
      '2019-11-15T15:00:00-04:00',
      '--to',
      '2019-11-15T19:00:00-04:00',
    ],
    /event (\d+)/,
  );
  const [, act] = await must(
    [
      'act',
      'add',
      'REP-2019',
      '--event',
      event!,
      '--type',
      'killing',
      '--victim',
      victim!,
      '--cause',
      'gunshot_wound',
      '--item',
      item,
    ],
    /act (\d+) recorded/,
  );
  await must(
    [
      'involvement',
      'add',
      'REP-2019',
      '--act',
      act!,
      '--perpetrator',
      perpetrator!,
      '--degree',
      'direct',
      '--item',
      item,
    ],
    /involvement \d+ recorded: person \d+ direct in act \d+/,
  );
  await must(
    [
      'relationship',
      'add',
      'REP-2019',
      '--from',
      `person:${perpetrator}`,
      '--to',
      `event:${event}`,
      '--relation',
      'present_at',
      '--item',
      item,
    ],
    /relationship \d+ recorded/,
  );
  const both = await ana([
    'involvement',
    'add',
    'REP-2019',
    '--act',
    act!,
    '--perpetrator',
    perpetrator!,
    '--degree',
    'direct',
  ]);
  assert.equal(both.code, 1, 'an involvement needs its source');
  await must(
    [
      'finding',
      'add',
      'REP-2019',
      '--title',
      'Muerte por arma de fuego',
      '--text',
      'El acta lo consigna.',
      '--item',
      item,
    ],
    /finding 1 recorded/,
  );

  const pdf = path.join(cli.dataDir, 'informe.pdf');
  const bundle = path.join(cli.dataDir, 'paquete');
  const [, digest] = await must(
    ['report', 'REP-2019', '--out', pdf, '--bundle', bundle],
    /bundle SHA-256 ([0-9a-f]{64}) written/,
  );
  const verified = await ana(['verify-bundle', bundle, '--digest', digest!]);
  assert.equal(verified.code, 0, verified.err);
  assert.match(verified.out, /verifies: 1 items/);
  if (existsSync('/usr/bin/pdftotext')) {
    const { stdout } = await promisify(execFile)('/usr/bin/pdftotext', [pdf, '-']);
    assert.ok(stdout.replace(/\s+/g, ' ').includes('Hallazgo 1. Muerte por arma de fuego'));
    assert.ok(stdout.includes(digest!));
  }
  const files = path.join(bundle, 'files');
  const { readdir } = await import('node:fs/promises');
  const [name] = await readdir(files);
  await chmod(path.join(files, name!), 0o644);
  await writeFile(path.join(files, name!), 'ACTA CAMBIADA\n');
  const broken = await ana(['verify-bundle', bundle, '--digest', digest!]);
  assert.equal(broken.code, 1);
  assert.match(broken.out, new RegExp(`file files/${name} of item 1 was changed`));
});

test('an officer without the case roles is refused the report, import and bundle commands', async () => {
  for (const args of [
    ['report', 'REP-2019', '--out', path.join(cli.dataDir, 'x.pdf')],
    ['verify-bundle', cli.dataDir],
    ['evidence', 'import', 'REP-2019', cli.dataDir],
    ['finding', 'add', 'REP-2019', '--title', 'x', '--text', 'y', '--item', '1'],
  ]) {
    const r = await ayni(['cases', ...args], asOfficer(tokens.carla!));
    assert.equal(r.code, 1, args.join(' '));
    assert.match(r.err, /cases\.(read|write)/);
  }
});
