import type { Command } from 'commander';
import { type App, clockOf } from '../app.ts';
import type { PersonKey } from '../registry/index.ts';
import { type IsoDate, toIsoDateInBolivia } from '../shared/dates.ts';
import {
  type Appointment,
  type Attested,
  appointmentsOf,
  bookAppointment,
  cancelAppointment,
  closeSiteDay,
  type DoseRecord,
  dosesOf,
  eligibilityOn,
  joinQueue,
  leaveQueue,
  type QueueEntry,
  queueAt,
  recordDose,
  serveQueue,
} from '../vaccination/index.ts';
import { CommandFailed, orStop } from './failure.ts';
import { type OfficerFlags, signedInCommand } from './officer.ts';
import { printMessage, printResult } from './output.ts';
import { asSignedIn, isoDate, type WithApp } from './vaccination-cli.ts';

/**
 * `ayni vaccination eligibility|record-dose|queue|serve|close-day|book|cancel|doses`: the nominal
 * registry, walk-ins and appointments for officers (issue #18). Each command signs the officer in
 * with the permission it needs — reading: vaccination.read; recording doses, queueing, serving,
 * booking for a person: vaccination.administer; closing a site's day (it writes off wasted doses):
 * vaccination.stock — and every change is audited by the domain as `account:<username>`.
 */

function whole(text: string, option: string): number {
  if (!/^[0-9]{1,6}$/.test(text))
    throw new CommandFailed({ code: 'vaccination_input_invalid', field: option, problem: 'range' });
  return Number(text);
}

function id(text: string, option: string): bigint {
  if (!/^[1-9][0-9]{0,17}$/.test(text))
    throw new CommandFailed({ code: 'vaccination_input_invalid', field: option, problem: 'range' });
  return BigInt(text);
}

interface PersonFlags extends OfficerFlags {
  ci: string;
  complemento?: string;
  dob: string;
  healthWorker?: boolean;
  comorbidity?: boolean;
}

function personOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--ci <number>', 'the person’s CI number')
    .option('--complemento <text>', 'the CI’s complemento, if any', '')
    .requiredOption('--dob <date>', 'date of birth YYYY-MM-DD');
}

function attestOptions(cmd: Command): Command {
  return cmd
    .option('--health-worker', 'the vaccinator attests the person is a health worker')
    .option('--comorbidity', 'the vaccinator attests a comorbidity (a medical certificate)');
}

function personOf(flags: PersonFlags): PersonKey {
  return {
    ciNumber: flags.ci,
    complemento: flags.complemento ?? '',
    dateOfBirth: isoDate(flags.dob, '--dob'),
  };
}

function attested(flags: PersonFlags): Attested {
  return {
    ...(flags.healthWorker ? { healthWorker: true } : {}),
    ...(flags.comorbidity ? { comorbidity: true } : {}),
  };
}

function dayOf(app: App, on: string | undefined): IsoDate {
  return on === undefined ? toIsoDateInBolivia(clockOf(app)()) : isoDate(on, '--on');
}

const doseLine = (d: DoseRecord) =>
  `dose ${d.doseNumber} (${d.doseKind})  ${d.product.padEnd(12)} lot ${d.lotId}  at ${d.site} on ${d.givenOn}  key ${d.idempotencyKey}`;
const appointmentLine = (a: Appointment) =>
  `appointment ${a.id}  dose ${a.doseNumber} ${a.product.padEnd(12)} at ${a.site} on ${a.day}  ${a.status}`;
const queueLine = (e: QueueEntry) =>
  `ticket ${String(e.ticket).padStart(4)}  dose ${e.doseNumber} ${e.product.padEnd(12)} ${e.status}`;

/**
 * Registers the nominal registry's, the walk-ins' and the appointments' commands under
 * `ayni vaccination`.
 *
 * @example registerVaccinationAdministrationCommands(vaccination, withApp)
 */
export function registerVaccinationAdministrationCommands(vaccination: Command, withApp: WithApp): void {
  signedInCommand(
    attestOptions(
      personOptions(
        vaccination
          .command('eligibility')
          .description('whether a person may be vaccinated on a day: the next dose, its products and window'),
      ),
    )
      .option('--on <date>', 'the day (default today)')
      .option('--any-weekday', 'do not check the CI’s weekday (appointments, records)'),
    'vaccination.read',
  ).action(async (flags: PersonFlags & { on?: string; anyWeekday?: boolean }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'vaccination.read', async () => {
        const on = dayOf(app, flags.on);
        const e = orStop(
          await eligibilityOn(app.db, personOf(flags), on, {
            weekday: flags.anyWeekday !== true,
            attested: attested(flags),
          }),
        );
        for (const d of e.doses) printResult(doseLine(d));
        if (e.next === null) printResult('next dose: none (series complete)');
        else
          printResult(
            `next dose: ${e.next.doseNumber} (${e.next.doseKind}), products ${e.next.products.join(', ') || 'none'}${e.next.earliestOn ? `, from ${e.next.earliestOn}` : ''}${e.next.latestOn ? ` until ${e.next.latestOn}` : ''}`,
          );
        if (e.ciWeekday !== null) printResult(`CI weekday: ${e.ciWeekday} (ISO, 1 = Monday)`);
        if (e.refusal === null) printResult(`eligible on ${on}: yes`);
        else throw new CommandFailed(e.refusal);
      }),
    );
  });

  signedInCommand(
    attestOptions(
      personOptions(
        vaccination.command('record-dose').description('record a dose given (the nominal registry)'),
      ),
    )
      .requiredOption('--product <code>', 'the product given')
      .requiredOption('--lot <id>', 'the lot id (ayni vaccination lots list)')
      .requiredOption('--site <code>', 'the site')
      .requiredOption('--dose <n>', 'the dose number')
      .requiredOption('--key <text>', 'an idempotency key for this record, reused on a retry')
      .option('--on <date>', 'the day given (default today)'),
    'vaccination.administer',
  ).action(
    async (
      flags: PersonFlags & {
        product: string;
        lot: string;
        site: string;
        dose: string;
        key: string;
        on?: string;
      },
    ) => {
      await withApp((app) =>
        asSignedIn(app, flags, 'vaccination.administer', async (actor) => {
          const r = orStop(
            await recordDose(app.db, {
              person: personOf(flags),
              product: flags.product,
              lotId: id(flags.lot, '--lot'),
              site: flags.site,
              givenOn: dayOf(app, flags.on),
              doseNumber: whole(flags.dose, '--dose'),
              idempotencyKey: flags.key,
              actor,
              recordedAt: clockOf(app)(),
              attested: attested(flags),
            }),
          );
          printResult(`${r.replayed ? 'already recorded' : 'recorded'}: ${doseLine(r.dose)}`);
        }),
      );
    },
  );

  const queue = vaccination
    .command('queue')
    .description('the walk-in queue of a site’s day: add, list, leave');
  signedInCommand(
    attestOptions(
      personOptions(
        queue.command('add').description('a walk-in arrives: check the day’s eligibility, give a ticket'),
      ),
    )
      .requiredOption('--site <code>', 'the site')
      .option('--on <date>', 'the day (default today)'),
    'vaccination.administer',
  ).action(async (flags: PersonFlags & { site: string; on?: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'vaccination.administer', async (actor) => {
        const e = orStop(
          await joinQueue(app.db, {
            person: personOf(flags),
            site: flags.site,
            day: dayOf(app, flags.on),
            actor,
            at: clockOf(app)(),
            attested: attested(flags),
          }),
        );
        printResult(queueLine(e));
      }),
    );
  });
  signedInCommand(
    queue
      .command('list')
      .description('the queue in ticket order')
      .requiredOption('--site <code>', 'the site')
      .option('--on <date>', 'the day (default today)')
      .option('--waiting', 'only those waiting'),
    'vaccination.read',
  ).action(async (flags: OfficerFlags & { site: string; on?: string; waiting?: boolean }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'vaccination.read', async () => {
        const entries = orStop(
          await queueAt(app.db, flags.site, dayOf(app, flags.on), { waitingOnly: flags.waiting === true }),
        );
        for (const e of entries) printResult(queueLine(e));
        if (entries.length === 0) printMessage('Nobody in the queue.');
      }),
    );
  });
  signedInCommand(
    queue
      .command('leave')
      .description('a waiting person leaves: the place goes back to the day')
      .requiredOption('--site <code>', 'the site')
      .requiredOption('--ticket <n>', 'the ticket')
      .option('--on <date>', 'the day (default today)'),
    'vaccination.administer',
  ).action(async (flags: OfficerFlags & { site: string; ticket: string; on?: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'vaccination.administer', async (actor) => {
        const e = orStop(
          await leaveQueue(app.db, {
            site: flags.site,
            day: dayOf(app, flags.on),
            ticket: whole(flags.ticket, '--ticket'),
            actor,
            at: clockOf(app)(),
          }),
        );
        printResult(queueLine(e));
      }),
    );
  });

  signedInCommand(
    vaccination
      .command('serve')
      .description('serve the queue: the next ticket (or --ticket) gets its dose, recorded')
      .requiredOption('--site <code>', 'the site')
      .option('--on <date>', 'the day (default today)')
      .option('--ticket <n>', 'serve this ticket')
      .option('--lot <id>', 'the lot used (default: the site’s next by FEFO)')
      .option('--key <text>', 'the dose record’s idempotency key (default queue:<site>:<day>:<ticket>)'),
    'vaccination.administer',
  ).action(
    async (
      flags: OfficerFlags & { site: string; on?: string; ticket?: string; lot?: string; key?: string },
    ) => {
      await withApp((app) =>
        asSignedIn(app, flags, 'vaccination.administer', async (actor) => {
          const r = orStop(
            await serveQueue(app.db, {
              site: flags.site,
              day: dayOf(app, flags.on),
              ...(flags.ticket === undefined ? {} : { ticket: whole(flags.ticket, '--ticket') }),
              ...(flags.lot === undefined ? {} : { lotId: id(flags.lot, '--lot') }),
              ...(flags.key === undefined ? {} : { idempotencyKey: flags.key }),
              actor,
              at: clockOf(app)(),
            }),
          );
          printResult(`ticket ${r.ticket} served: ${doseLine(r.dose)}`);
        }),
      );
    },
  );

  signedInCommand(
    vaccination
      .command('close-day')
      .description('close a site’s day: counts, no-shows, those who left, doses wasted in opened vials')
      .requiredOption('--site <code>', 'the site')
      .option('--on <date>', 'the day (default today)')
      .option(
        '--wasted <list>',
        'doses wasted by lot as counted, e.g. 3=4,7=0 (default: left in opened vials)',
      ),
    'vaccination.stock',
  ).action(async (flags: OfficerFlags & { site: string; on?: string; wasted?: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'vaccination.stock', async (actor) => {
        const wasted = new Map<bigint, number>();
        for (const part of (flags.wasted ?? '').split(',').filter((p) => p.trim() !== '')) {
          const m = /^([1-9][0-9]{0,17})=([0-9]{1,6})$/.exec(part.trim());
          if (!m)
            throw new CommandFailed({
              code: 'vaccination_input_invalid',
              field: '--wasted',
              problem: 'format',
            });
          wasted.set(BigInt(m[1]!), Number(m[2]));
        }
        const c = orStop(
          await closeSiteDay(app.db, {
            site: flags.site,
            day: dayOf(app, flags.on),
            actor,
            at: clockOf(app)(),
            ...(wasted.size === 0 ? {} : { wastedByLot: wasted }),
          }),
        );
        printResult(`${c.site} ${c.day} closed`);
        for (const p of c.products)
          printResult(
            `  ${p.product.padEnd(12)} capacity ${p.capacity}, booked ${p.reserved}, walk-ins ${p.walkIns}, given ${p.administered}`,
          );
        printResult(`  no-shows ${c.noShows}, left the queue ${c.left}`);
        for (const w of c.waste)
          printResult(
            `  lot ${w.lotId} ${w.product}: ${w.given} given from ${w.vialsOpened} vials, ${w.wasted} wasted`,
          );
      }),
    );
  });

  signedInCommand(
    attestOptions(
      personOptions(vaccination.command('book').description('book an appointment (and the second dose)')),
    )
      .requiredOption('--site <code>', 'the site')
      .requiredOption('--on <date>', 'the day')
      .requiredOption('--key <text>', 'an idempotency key for this booking, reused on a retry'),
    'vaccination.administer',
  ).action(async (flags: PersonFlags & { site: string; on: string; key: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'vaccination.administer', async (actor) => {
        const b = orStop(
          await bookAppointment(app.db, {
            person: personOf(flags),
            site: flags.site,
            day: isoDate(flags.on, '--on'),
            idempotencyKey: flags.key,
            actor,
            at: clockOf(app)(),
            attested: attested(flags),
          }),
        );
        printResult(`${b.replayed ? 'already booked' : 'booked'}: ${appointmentLine(b.appointment)}`);
        if (b.secondDose) printResult(`second dose: ${appointmentLine(b.secondDose)}`);
        if (b.secondDoseRefusal) printMessage(`No second dose booked: ${b.secondDoseRefusal.code}.`);
      }),
    );
  });

  signedInCommand(
    personOptions(
      vaccination.command('cancel').description('cancel an appointment (and its second dose)'),
    ).requiredOption('--appointment <id>', 'the appointment'),
    'vaccination.administer',
  ).action(async (flags: PersonFlags & { appointment: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'vaccination.administer', async (actor) => {
        const gone = orStop(
          await cancelAppointment(app.db, {
            person: personOf(flags),
            appointmentId: id(flags.appointment, '--appointment'),
            actor,
            at: clockOf(app)(),
          }),
        );
        for (const a of gone) printResult(`cancelled: ${appointmentLine(a)}`);
      }),
    );
  });

  signedInCommand(
    personOptions(vaccination.command('doses').description('a person’s doses and appointments')),
    'vaccination.read',
  ).action(async (flags: PersonFlags) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'vaccination.read', async () => {
        const doses = orStop(await dosesOf(app.db, personOf(flags)));
        const appointments = orStop(await appointmentsOf(app.db, personOf(flags)));
        for (const d of doses) printResult(doseLine(d));
        for (const a of appointments) printResult(appointmentLine(a));
        if (doses.length + appointments.length === 0) printMessage('No doses and no appointments.');
      }),
    );
  });
}
