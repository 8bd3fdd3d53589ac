import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { Permission } from '../access/index.ts';
import { type App, clockOf } from '../app.ts';
import {
  addAct,
  addEvent,
  addEvidence,
  addFinding,
  addInvolvement,
  addPerson,
  addRelationship,
  addStatement,
  type CaseReader,
  caseReport,
  ENTITY_KINDS,
  type EntityKind,
  evidenceStoreFor,
  exportCaseBundle,
  folderRows,
  type ImportRejection,
  type ImportRow,
  importCaseFile,
  importEvidence,
  importFormatOf,
  MAX_CASE_IMPORT_BYTES,
  manifestRows,
  myInvestigations,
  openInvestigation,
  publishCaseFile,
  readerOf,
  renderReportPdf,
  type Source,
  setPersonAlias,
  setTeamMember,
  type TeamRole,
  verifyBundleCommand,
  verifyCaseCustody,
} from '../cases/index.ts';
import { caseReportWords } from '../messages/index.ts';
import { isLang } from '../shared/lang.ts';
import { CommandFailed, orStop } from './failure.ts';
import { asOfficer, type OfficerFlags, PasswordInput, signedInCommand } from './officer.ts';
import { printMessage, printResult } from './output.ts';
import { startProgress } from './progress.ts';

type WithApp = <T>(fn: (app: App) => Promise<T>) => Promise<T>;

const collect = (value: string, previous: string[] = []) => [...previous, value];

function id(text: string, field: string): bigint {
  if (!/^[0-9]{1,18}$/.test(text.trim()))
    throw new CommandFailed({ code: 'case_input_invalid', field, problem: 'format' });
  return BigInt(text.trim());
}

/** The sources named by repeated --item and --statement flags, in that order. */
function sourcesOf(items: string[] = [], statements: string[] = []): Source[] {
  return [
    ...items.map((i) => ({ kind: 'item' as const, id: id(i, 'item') })),
    ...statements.map((s) => ({ kind: 'statement' as const, id: id(s, 'statement') })),
  ];
}

/** `kind:id` of an entity of the file (person:3, event:1 …). */
function entity(text: string, field: string): { kind: EntityKind; id: bigint } {
  const [kind, digits] = text.split(':');
  if (!(ENTITY_KINDS as readonly string[]).includes(kind ?? '') || digits === undefined)
    throw new CommandFailed({ code: 'case_input_invalid', field, problem: 'format' });
  return { kind: kind as EntityKind, id: id(digits, field) };
}

/** The one source of an assertion: exactly one of --item and --statement. */
function oneSource(item: string | undefined, statement: string | undefined): Source {
  if ((item === undefined) === (statement === undefined))
    throw new CommandFailed({ code: 'case_input_invalid', field: 'source', problem: 'missing' });
  return item !== undefined
    ? { kind: 'item', id: id(item, 'item') }
    : { kind: 'statement', id: id(statement!, 'statement') };
}

function rejectionLine(r: ImportRejection): string {
  return `line ${r.line}${r.file ? ` (${r.file})` : ''}: ${r.reason}${r.field ? ` [${r.field}]` : ''}`;
}

function num(text: string | undefined, field: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new CommandFailed({ code: 'case_input_invalid', field, problem: 'format' });
  return n;
}

/**
 * `ayni cases …`: the accountability case files (issue #21) at the command line, for a signed-in
 * officer (as every command that changes or reads restricted data): list, create, team add, event
 * add, person add, evidence add, testimony add, `publish` (the public version) and `custody verify`, which recomputes each item's
 * hash-chained custody log and re-hashes its stored file, naming the first broken entry (exit 1).
 *
 * @example registerCasesCommands(program, withApp);
 */
export function registerCasesCommands(program: Command, withApp: WithApp): void {
  const cases = program
    .command('cases')
    .description('accountability case files (investigations, evidence, custody)');

  const run =
    <F extends OfficerFlags>(
      permission: Permission,
      action: (app: App, reader: CaseReader, flags: F, at: Date) => Promise<void>,
    ) =>
    async (flags: F) =>
      withApp((app) =>
        asOfficer(
          app,
          flags,
          permission,
          new PasswordInput(flags.passwordStdin === true),
          async (officer) => {
            const reader = readerOf(officer.principal);
            await action(app, reader, flags, clockOf(app)());
          },
        ),
      );

  signedInCommand(
    cases.command('list').description('the investigations whose team you are on'),
    'cases.read',
  ).action((flags: OfficerFlags) =>
    run('cases.read', async (app, reader) => {
      const list = await myInvestigations(app.db, reader);
      if (list.length === 0) printResult('no investigations: you are on no team');
      for (const i of list) printResult(`${i.code}  ${i.openedOn}  ${i.teamRole}  ${i.title}`);
    })(flags),
  );

  signedInCommand(
    cases
      .command('create <code>')
      .description('open an investigation; you join its team as investigator')
      .requiredOption('--title <text>', 'the title')
      .requiredOption('--opened-on <date>', 'YYYY-MM-DD')
      .option('--summary <text>', 'a summary'),
    'cases.manage',
  ).action((code: string, flags: OfficerFlags & { title: string; openedOn: string; summary?: string }) =>
    run('cases.manage', async (app, reader, f: typeof flags, at) => {
      const i = orStop(
        await openInvestigation(
          app.db,
          { code, title: f.title, summary: f.summary, openedOn: f.openedOn },
          reader,
          at,
        ),
      );
      printResult(`investigation ${i.code} opened (id ${i.id})`);
    })(flags),
  );

  const team = cases.command('team').description('an investigation’s team');
  signedInCommand(
    team
      .command('add <code> <username>')
      .description('add an officer to the team, or change their role')
      .requiredOption('--role <role>', 'investigator, analyst, prosecutor_liaison or victims_representative')
      .option('--family <code>', 'the family a victims’ representative reads the files of'),
    'cases.manage',
  ).action((code: string, username: string, flags: OfficerFlags & { role: string; family?: string }) =>
    run('cases.manage', async (app, reader, f: typeof flags, at) => {
      const m = orStop(
        await setTeamMember(
          app.db,
          code,
          { username, teamRole: f.role as TeamRole, familyCode: f.family },
          reader,
          at,
        ),
      );
      printResult(
        `${m.username} is ${m.teamRole}${m.familyCode ? ` of family ${m.familyCode}` : ''} on ${code}`,
      );
    })(flags),
  );

  const event = cases.command('event').description('events of an investigation');
  signedInCommand(
    event
      .command('add <code>')
      .description('record an event: place, coordinates, date-time range')
      .requiredOption('--title <text>', 'the title')
      .requiredOption('--type <type>', 'protest_repression, armed_operation, mass_detention or other')
      .requiredOption('--place <name>', 'the place')
      .option('--lat <degrees>', 'latitude')
      .option('--lon <degrees>', 'longitude')
      .requiredOption('--from <instant>', 'start, ISO 8601 with time zone')
      .requiredOption('--to <instant>', 'end, ISO 8601 with time zone'),
    'cases.write',
  ).action(
    (
      code: string,
      flags: OfficerFlags & {
        title: string;
        type: string;
        place: string;
        lat?: string;
        lon?: string;
        from: string;
        to: string;
      },
    ) =>
      run('cases.write', async (app, reader, f: typeof flags, at) => {
        const e = orStop(
          await addEvent(
            app.db,
            code,
            {
              title: f.title,
              eventType: f.type,
              placeName: f.place,
              latitude: num(f.lat, 'latitude'),
              longitude: num(f.lon, 'longitude'),
              startsAt: new Date(f.from),
              endsAt: new Date(f.to),
            },
            reader,
            at,
          ),
        );
        printResult(`event ${e.id} recorded on ${code}`);
      })(flags),
  );

  const person = cases.command('person').description('persons of an investigation');
  signedInCommand(
    person
      .command('add <code>')
      .description('record a person in their roles')
      .requiredOption('--name <text>', 'full name')
      .requiredOption(
        '--role <role>',
        'victim, witness, alleged_perpetrator, investigator; repeatable',
        collect,
      )
      .option('--code <code>', 'a stable code (generated when omitted)')
      .option('--family <code>', 'the family code (victims)')
      .option('--protected', 'withhold the identity from everyone without the role'),
    'cases.write',
  ).action(
    (
      code: string,
      flags: OfficerFlags & {
        name: string;
        role: string[];
        code?: string;
        family?: string;
        protected?: boolean;
      },
    ) =>
      run('cases.write', async (app, reader, f: typeof flags, at) => {
        const p = orStop(
          await addPerson(
            app.db,
            code,
            {
              fullName: f.name,
              roles: f.role,
              code: f.code,
              familyCode: f.family,
              protected: f.protected === true,
            },
            reader,
            at,
          ),
        );
        printResult(`person ${p.id} recorded as ${p.code}${p.protected ? ' (protected)' : ''}`);
      })(flags),
  );

  signedInCommand(
    person
      .command('alias <code> <person-id> <alias>')
      .description(
        "add another name the person is known by (nickname, spelling), redacted to their code with their name when protected; --remove takes it away (the team's investigators; audited without the alias)",
      )
      .option('--remove', 'remove the alias instead of adding it'),
    'cases.write',
  ).action((code: string, personId: string, alias: string, flags: OfficerFlags & { remove?: boolean }) =>
    run('cases.write', async (app, reader, f: typeof flags, at) => {
      const r = orStop(
        await setPersonAlias(app.db, code, id(personId, 'person'), alias, f.remove !== true, reader, at),
      );
      printResult(
        `person ${r.personId}: alias ${f.remove ? 'removed' : 'added'}${r.changed ? '' : ' (nothing to change)'}`,
      );
    })(flags),
  );

  const evidence = cases.command('evidence').description('evidence items');
  signedInCommand(
    evidence
      .command('add <code> <file>')
      .description('store a file once by its SHA-256 and open its custody log with the collection')
      .requiredOption('--kind <kind>', 'document, photo, video, audio, autopsy_report, transcript or other')
      .requiredOption('--media-type <type>', 'e.g. image/jpeg')
      .option('--title <text>', 'the title (default: the file name)')
      .option('--family <code>', 'the family whose file this is')
      .option('--event <id>', 'the event it belongs to')
      .option('--derived-from <id>', 'the original item (a transcript, redacted copy, still)')
      .option('--derivation <how>', 'transcript, redacted_copy, still, translation, excerpt, copy')
      .option('--collected-by <who>', 'who collected it')
      .option('--collected-at <instant>', 'when, ISO 8601 with time zone')
      .option('--place <where>', 'where it was collected')
      .option('--method <how>', 'how it was collected'),
    'cases.write',
  ).action(
    (
      code: string,
      file: string,
      flags: OfficerFlags & {
        kind: string;
        mediaType: string;
        title?: string;
        family?: string;
        event?: string;
        derivedFrom?: string;
        derivation?: string;
        collectedBy?: string;
        collectedAt?: string;
        place?: string;
        method?: string;
      },
    ) =>
      run('cases.write', async (app, reader, f: typeof flags, at) => {
        const bytes = new Uint8Array(await readFile(file));
        const r = orStop(
          await addEvidence(
            app.db,
            evidenceStoreFor(app.config.dataDir),
            code,
            {
              title: f.title ?? path.basename(file),
              kind: f.kind,
              mediaType: f.mediaType,
              bytes,
              familyCode: f.family,
              eventId: f.event === undefined ? undefined : id(f.event, 'event'),
              derivedFrom:
                f.derivedFrom === undefined
                  ? undefined
                  : { itemId: id(f.derivedFrom, 'derivedFrom'), derivation: f.derivation ?? 'copy' },
              collection:
                f.collectedBy === undefined
                  ? undefined
                  : {
                      by: f.collectedBy,
                      place: f.place ?? '',
                      method: f.method ?? '',
                      collectedAt: new Date(f.collectedAt ?? at.toISOString()),
                    },
            },
            reader,
            at,
          ),
        );
        printResult(
          `item ${r.item.id} sha256 ${r.item.sha256} (${r.item.byteLength} bytes${r.alreadyStored ? ', bytes already stored' : ''})`,
        );
      })(flags),
  );

  const testimony = cases.command('testimony').description('statements of witnesses');
  signedInCommand(
    testimony
      .command('add <code>')
      .description('record a statement with consent, language, interpreter and interviewer')
      .requiredOption('--witness <id>', 'the witness’s person id')
      .option('--event <id>', 'the event the statement is about')
      .requiredOption('--taken-at <instant>', 'ISO 8601 with time zone')
      .requiredOption('--place <where>', 'where')
      .requiredOption('--language <code>', 'es, qu, ay, gn …')
      .requiredOption('--interviewer <who>', 'who interviewed')
      .requiredOption('--consent <scope>', 'none, investigation, prosecution or publication')
      .option('--interpreter <who>', 'the interpreter')
      .option('--summary <text>', 'a summary')
      .option('--audio <id>', 'the audio item')
      .option('--transcript <id>', 'the transcript item'),
    'cases.write',
  ).action(
    (
      code: string,
      flags: OfficerFlags & {
        witness: string;
        event?: string;
        takenAt: string;
        place: string;
        language: string;
        interviewer: string;
        consent: string;
        interpreter?: string;
        summary?: string;
        audio?: string;
        transcript?: string;
      },
    ) =>
      run('cases.write', async (app, reader, f: typeof flags, at) => {
        const s = orStop(
          await addStatement(
            app.db,
            code,
            {
              witnessPersonId: id(f.witness, 'witness'),
              eventId: f.event === undefined ? undefined : id(f.event, 'event'),
              takenAt: new Date(f.takenAt),
              placeName: f.place,
              language: f.language,
              interviewer: f.interviewer,
              interpreter: f.interpreter,
              consentGiven: f.consent !== 'none',
              consentScope: f.consent,
              summary: f.summary,
              audioItemId: f.audio === undefined ? undefined : id(f.audio, 'audio'),
              transcriptItemId: f.transcript === undefined ? undefined : id(f.transcript, 'transcript'),
            },
            reader,
            at,
          ),
        );
        printResult(`statement ${s.id} recorded`);
      })(flags),
  );

  const custody = cases.command('custody').description('chains of custody');
  signedInCommand(
    custody
      .command('verify <code> [item]')
      .description(
        'recompute the custody chain of one item (or of every item you may see) and re-hash the stored files; prints OK per item, or the first broken entry (exit 1)',
      ),
    'cases.read',
  ).action((code: string, item: string | undefined, flags: OfficerFlags) =>
    run('cases.read', async (app, reader) => {
      const results = orStop(
        await verifyCaseCustody(
          app.db,
          evidenceStoreFor(app.config.dataDir),
          code,
          item === undefined ? undefined : id(item, 'item'),
          reader,
        ),
      );
      for (const v of results) {
        if (!v.ok)
          throw new CommandFailed({
            code: 'custody_chain_broken',
            itemId: v.itemId.toString(),
            kind: v.problem.kind,
            seq: v.problem.seq,
            description: v.problem.message,
          });
        printResult(`item ${v.itemId}: custody OK, ${v.entries} entries, head ${v.headHash}, file re-hashed`);
      }
      printResult(`${results.length} item(s) verified`);
    })(flags),
  );

  const finding = cases.command('finding').description('findings of the technical report');
  signedInCommand(
    finding
      .command('add <code>')
      .description(
        'record a finding resting on evidence items and statements (never edited: a correction supersedes it)',
      )
      .requiredOption('--title <text>', 'the title')
      .requiredOption('--text <text>', 'what the team finds')
      .option('--item <id>', 'an evidence item it rests on; repeatable', collect)
      .option('--statement <id>', 'a statement it rests on; repeatable', collect)
      .option('--supersedes <id>', 'the finding this one corrects'),
    'cases.write',
  ).action(
    (
      code: string,
      flags: OfficerFlags & {
        title: string;
        text: string;
        item?: string[];
        statement?: string[];
        supersedes?: string;
      },
    ) =>
      run('cases.write', async (app, reader, f: typeof flags, at) => {
        const r = orStop(
          await addFinding(
            app.db,
            code,
            {
              title: f.title,
              text: f.text,
              sources: sourcesOf(f.item, f.statement),
              supersedes: f.supersedes === undefined ? undefined : id(f.supersedes, 'supersedes'),
            },
            reader,
            at,
          ),
        );
        printResult(`finding ${r.number} recorded (id ${r.id}), resting on ${r.sources.length} source(s)`);
      })(flags),
  );

  signedInCommand(
    cases
      .command('report <code>')
      .description(
        'the technical report for the prosecutors as PDF: findings with the evidence and statements they rest on (id, SHA-256), every cited item’s chain of custody verified, the court bundle’s SHA-256; --bundle writes that bundle too',
      )
      .requiredOption('--out <file>', 'the PDF to write')
      .option('--lang <lang>', 'es or en', 'es')
      .option('--bundle <folder>', 'also write the court bundle (an empty or new folder)'),
    'cases.read',
  ).action((code: string, flags: OfficerFlags & { out: string; lang: string; bundle?: string }) =>
    run('cases.read', async (app, reader, f: typeof flags, at) => {
      if (!isLang(f.lang))
        throw new CommandFailed({ code: 'case_input_invalid', field: 'lang', problem: 'format' });
      const store = evidenceStoreFor(app.config.dataDir);
      const report =
        f.bundle === undefined
          ? orStop(await caseReport(app.db, store, code, reader, at))
          : orStop(await exportCaseBundle(app.db, store, code, path.resolve(f.bundle), reader, at)).report;
      const pdf = await renderReportPdf(report, caseReportWords(f.lang));
      await writeFile(f.out, pdf, { mode: 0o600 });
      printResult(
        `report ${f.out}: ${report.findings.length} finding(s), ${report.items.length} cited item(s), custody ${report.custodyVerified ? 'verified' : 'NOT verified'}`,
      );
      printResult(
        `bundle SHA-256 ${report.bundleDigest}${f.bundle === undefined ? '' : ` written to ${f.bundle}`}`,
      );
      if (!report.custodyVerified) process.exitCode = 1;
    })(flags),
  );

  signedInCommand(
    cases
      .command('publish <code>')
      .description(
        'publish the public version at /casos/<code>: events, victims by event and cause, unrestricted evidence by hash, no protected identity; each publication is a new version (the team’s investigators only)',
      ),
    'cases.manage',
  ).action((code: string, flags: OfficerFlags) =>
    run('cases.manage', async (app, reader, _f, at) => {
      const v = orStop(await publishCaseFile(app.db, code, reader, at));
      printResult(
        `${v.code} version ${v.version} published: ${v.events.length} event(s), ${v.persons.length} person(s) (${v.persons.filter((p) => p.name !== null).length} named), ${v.items.length} item(s)`,
      );
      printResult(`content SHA-256 ${v.contentSha256}`);
    })(flags),
  );

  signedInCommand(
    cases
      .command('verify-bundle <folder>')
      .description(
        'verify a court bundle: every file re-hashed, every custody chain re-walked, each finding’s citations; --digest compares the manifest with the SHA-256 the report prints; names every problem (exit 1)',
      )
      .option('--digest <sha256>', 'the bundle SHA-256 printed in the report'),
    'cases.read',
  ).action((folder: string, flags: OfficerFlags & { digest?: string }) =>
    run('cases.read', async (_app, _reader, f: typeof flags) => {
      const v = await verifyBundleCommand(folder, f.digest === undefined ? {} : { expectedDigest: f.digest });
      for (const problem of v.problems) printResult(problem);
      printResult(v.summary);
      if (!v.ok) process.exitCode = 1;
    })(flags),
  );

  const act = cases.command('act').description('acts within an event, one per source');
  signedInCommand(
    act
      .command('add <code>')
      .description('record an act as one source tells it (a second source telling it is a second act)')
      .requiredOption('--event <id>', 'the event')
      .requiredOption('--type <type>', 'killing, injury, detention, torture, ill_treatment …')
      .option('--victim <id>', 'the victim’s person id')
      .option('--at <instant>', 'when, ISO 8601 with time zone')
      .option('--place <name>', 'where, when not the event’s place')
      .option('--cause <cause>', 'cause of death: gunshot_wound, blunt_force, asphyxia …')
      .option('--description <text>', 'what the source says')
      .option('--item <id>', 'the evidence item that tells it')
      .option('--statement <id>', 'the statement that tells it'),
    'cases.write',
  ).action(
    (
      code: string,
      flags: OfficerFlags & {
        event: string;
        type: string;
        victim?: string;
        at?: string;
        place?: string;
        cause?: string;
        description?: string;
        item?: string;
        statement?: string;
      },
    ) =>
      run('cases.write', async (app, reader, f: typeof flags, now) => {
        const a = orStop(
          await addAct(
            app.db,
            code,
            {
              eventId: id(f.event, 'event'),
              actType: f.type,
              victimPersonId: f.victim === undefined ? undefined : id(f.victim, 'victim'),
              startsAt: f.at === undefined ? undefined : new Date(f.at),
              placeName: f.place,
              causeOfDeath: f.cause,
              description: f.description,
              source: oneSource(f.item, f.statement),
            },
            reader,
            now,
          ),
        );
        printResult(`act ${a.id} recorded in event ${a.eventId} from ${a.source.kind} ${a.source.id}`);
      })(flags),
  );

  const involvement = cases.command('involvement').description('who did what to whom');
  signedInCommand(
    involvement
      .command('add <code>')
      .description('record an alleged perpetrator’s part in an act, with its one source')
      .requiredOption('--act <id>', 'the act')
      .requiredOption('--perpetrator <id>', 'the person (an alleged perpetrator)')
      .requiredOption('--degree <degree>', 'direct, ordered, participated, present or failed_to_prevent')
      .option('--item <id>', 'the evidence item that asserts it')
      .option('--statement <id>', 'the statement that asserts it'),
    'cases.write',
  ).action(
    (
      code: string,
      flags: OfficerFlags & {
        act: string;
        perpetrator: string;
        degree: string;
        item?: string;
        statement?: string;
      },
    ) =>
      run('cases.write', async (app, reader, f: typeof flags, at) => {
        const v = orStop(
          await addInvolvement(
            app.db,
            code,
            {
              actId: id(f.act, 'act'),
              perpetratorPersonId: id(f.perpetrator, 'perpetrator'),
              degree: f.degree,
              source: oneSource(f.item, f.statement),
            },
            reader,
            at,
          ),
        );
        printResult(
          `involvement ${v.id} recorded: person ${v.perpetratorPersonId} ${v.degree} in act ${v.actId}`,
        );
      })(flags),
  );

  const relationship = cases.command('relationship').description('links between entities of the file');
  signedInCommand(
    relationship
      .command('add <code>')
      .description('relate two entities (kind:id, kind one of person, event, act, item, statement)')
      .requiredOption('--from <kind:id>', 'e.g. person:3')
      .requiredOption('--to <kind:id>', 'e.g. person:4')
      .requiredOption('--relation <name>', 'e.g. family_of, commanded, depicts')
      .option('--item <id>', 'the evidence item that asserts it')
      .option('--statement <id>', 'the statement that asserts it'),
    'cases.write',
  ).action(
    (
      code: string,
      flags: OfficerFlags & { from: string; to: string; relation: string; item?: string; statement?: string },
    ) =>
      run('cases.write', async (app, reader, f: typeof flags, at) => {
        const v = orStop(
          await addRelationship(
            app.db,
            code,
            {
              from: entity(f.from, 'from'),
              to: entity(f.to, 'to'),
              relation: f.relation,
              source:
                f.item === undefined && f.statement === undefined ? null : oneSource(f.item, f.statement),
            },
            reader,
            at,
          ),
        );
        printResult(`relationship ${v.id} recorded: ${f.from} ${v.relation} ${f.to}`);
      })(flags),
  );

  signedInCommand(
    evidence
      .command('import <code> <source>')
      .description(
        'import evidence from a folder (every file below it) or a manifest CSV (header: file,title,kind,media_type,family_code,event_id,collected_by,collected_at,place,method); rows read = added + already in the case + rejected, each rejection with its line and reason; a file the case already holds is not added again',
      )
      .option('--collected-by <who>', 'who collected the files (rows that name nobody)')
      .option('--collected-at <instant>', 'when, ISO 8601 with time zone')
      .option('--place <where>', 'where they were collected')
      .option('--method <how>', 'how they were collected')
      .option('--kind <kind>', 'the kind of every file of a folder (default: from its media type)'),
    'cases.write',
  ).action(
    (
      code: string,
      source: string,
      flags: OfficerFlags & {
        collectedBy?: string;
        collectedAt?: string;
        place?: string;
        method?: string;
        kind?: string;
      },
    ) =>
      run('cases.write', async (app, reader, f: typeof flags, at) => {
        let rows: ImportRow[];
        let earlier: ImportRejection[] = [];
        let folder: string;
        if (source.toLowerCase().endsWith('.csv')) {
          folder = path.dirname(source);
          const parsed = manifestRows(await readFile(source, 'utf8'));
          rows = parsed.rows;
          earlier = parsed.rejections;
        } else {
          folder = source;
          rows = await folderRows(source);
        }
        const progress = startProgress(`Importing evidence into ${code}`, rows.length, 'rows');
        const outcome = orStop(
          await importEvidence(
            app.db,
            evidenceStoreFor(app.config.dataDir),
            code,
            folder,
            rows,
            earlier,
            reader,
            at,
            {
              defaultCollection: {
                by: f.collectedBy,
                collectedAt: f.collectedAt,
                place: f.place,
                method: f.method,
              },
              defaultKind: f.kind,
              onRow: (counts) =>
                progress.update(counts.added + counts.alreadyInCase + counts.rejected - earlier.length, {
                  rows: counts.added + counts.alreadyInCase + counts.rejected,
                }),
            },
          ),
        );
        progress.stop();
        for (const r of outcome.rejections) printMessage(rejectionLine(r));
        printResult(
          `rows read ${outcome.read} = added ${outcome.added} + already in the case ${outcome.alreadyInCase} + rejected ${outcome.rejected} (${(outcome.bytesRead / 1e6).toFixed(1)} MB read)`,
        );
        if (outcome.rejected > 0) process.exitCode = 1;
      })(flags),
  );

  signedInCommand(
    cases
      .command('import <what> <code> <file>')
      .description(
        "import a file of events or persons (<what>: events | persons), CSV or JSON (by the name: .json), all or nothing: rows read = accepted + rejected, each rejected row with its line and reason (kept in the import's quarantine), and one rejected row writes none; the same file twice adds nothing. CSV headers: events title,event_type,place_name,latitude,longitude,starts_at,ends_at,description; persons code,full_name,roles,sex,date_of_birth,ci_number,complemento,registry_date_of_birth,family_code,protected (the team's investigators only)",
      ),
    'cases.write',
  ).action((what: string, code: string, file: string, flags: OfficerFlags) =>
    run('cases.write', async (app, reader, _f, at) => {
      if (what !== 'events' && what !== 'persons')
        throw new CommandFailed({ code: 'case_input_invalid', field: 'what', problem: 'format' });
      const info = await stat(file).catch(() => null);
      if (!info?.isFile())
        throw new CommandFailed({ code: 'case_input_invalid', field: 'file', problem: 'missing' });
      if (info.size > MAX_CASE_IMPORT_BYTES)
        throw new CommandFailed({ code: 'case_input_invalid', field: 'file', problem: 'range' });
      const outcome = orStop(
        await importCaseFile(
          app.db,
          code,
          what,
          {
            fileName: path.basename(file),
            bytes: new Uint8Array(await readFile(file)),
            format: importFormatOf(file),
          },
          reader,
          at,
        ),
      );
      for (const r of outcome.rejections)
        printMessage(`line ${r.line}: ${r.reason}${r.field ? ` [${r.field}]` : ''}`);
      const counts = `rows read ${outcome.read} = accepted ${outcome.accepted} + rejected ${outcome.rejected}`;
      if (outcome.status === 'already_imported')
        printResult(
          `${what}: this file was imported before (import ${outcome.importId}): nothing added (${counts})`,
        );
      else if (outcome.status === 'rejected') {
        printResult(`${what}: rejected, nothing written (import ${outcome.importId}): ${counts}`);
        process.exitCode = 1;
      } else
        printResult(
          `${what} imported (import ${outcome.importId}): ${counts}; added ${outcome.added}, already in the case ${outcome.alreadyInCase}`,
        );
    })(flags),
  );
}
