import type { Command } from 'commander';
import { clockOf } from '../app.ts';
import { type IsoDate, startOfBolivianDay, toIsoDateInBolivia } from '../shared/dates.ts';
import {
  createSite,
  ensureStockLocations,
  getSite,
  type Lot,
  listLots,
  listProducts,
  listSites,
  loadDeliveries,
  lotsNearExpiry,
  type MassDay,
  nextLot,
  receiveDelivery,
  recordMovement,
  registerLot,
  type Site,
  type SiteAccess,
  type SiteHours,
  type SiteInput,
  siteCapacityOn,
  sitesRunningOut,
  stockAt,
  stockHistory,
  updateSite,
} from '../vaccination/index.ts';
import { CommandFailed, orStop } from './failure.ts';
import { type OfficerFlags, signedInCommand } from './officer.ts';
import { printMessage, printResult } from './output.ts';
import { registerVaccinationAdministrationCommands } from './vaccination-administration.commands.ts';
import { asSignedIn, isoDate, type WithApp } from './vaccination-cli.ts';
import { registerVaccinationReplayCommand } from './vaccination-replay.command.ts';

/**
 * `ayni vaccination …`: the campaign's products, lots, stock and sites for officers. Every command
 * signs the officer in and checks the permission the same action needs elsewhere
 * (src/cli/officer.ts); every change is audited by the domain as `account:<username>`.
 */

const invalid = (field: string, problem: 'missing' | 'format' | 'range' = 'format') =>
  new CommandFailed({ code: 'vaccination_input_invalid', field, problem });

function positive(text: string, option: string): bigint {
  if (!/^[1-9][0-9]{0,17}$/.test(text)) throw invalid(option, 'range');
  return BigInt(text);
}

function smallInt(text: string, option: string): number {
  if (!/^[0-9]{1,6}$/.test(text)) throw invalid(option, 'range');
  return Number(text);
}

/** `1-5@08:00-16:00,6@08:00-12:00`: ISO weekdays (a day or a range) and their hours. */
function parseHours(text: string): SiteHours[] {
  const out: SiteHours[] = [];
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const m = /^([1-7])(?:-([1-7]))?@(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(part.trim());
    if (!m) throw invalid('--hours');
    const first = Number(m[1]);
    const last = Number(m[2] ?? m[1]);
    if (last < first) throw invalid('--hours');
    for (let weekday = first; weekday <= last; weekday++)
      out.push({ weekday, opensAt: m[3]!, closesAt: m[4]! });
  }
  return out;
}

/** `sinopharm=800,sputnik_v_1=200`: doses a day by product. */
function parseCapacity(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const m = /^([a-z0-9_]+)=([0-9]+)$/.exec(part.trim());
    if (!m) throw invalid('--capacity');
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

/** `2021-04-27,2021-04-28`: mass-vaccination days, with the weekday's hours. */
function parseMassDays(text: string): MassDay[] {
  return text
    .split(',')
    .filter((d) => d.trim() !== '')
    .map((d) => ({ day: isoDate(d.trim(), '--mass-days'), opensAt: null, closesAt: null, note: null }));
}

function parseAccess(text: string): SiteAccess {
  if (text !== 'walk_in' && text !== 'appointment' && text !== 'both') throw invalid('--access');
  return text;
}

/**
 * The instant a movement is booked at: now when it happens today; noon in La Paz of the day given
 * when an officer records a past day, so the ledger's balances at a date see it on that day.
 */
function occurredAt(on: IsoDate, now: Date): Date {
  return on === toIsoDateInBolivia(now) ? now : new Date(startOfBolivianDay(on).getTime() + 12 * 3_600_000);
}

const lotLine = (l: Lot) =>
  `lot ${l.id}  ${l.product.padEnd(12)} ${l.lotNumber.padEnd(28)} ${l.manufacturer.padEnd(16)} expires ${l.expiresOn}  ${l.dosesPerVial}/vial`;

function printSite(s: Site, on?: IsoDate): void {
  const weekday = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  printResult(
    `${s.code}  ${s.name} — municipality ${s.municipalityCode} (department ${s.departmentCode}), ${s.access}${s.active ? '' : ', inactive'}`,
  );
  printResult(
    `  hours: ${s.hours.map((h) => `${weekday[h.weekday]} ${h.opensAt}–${h.closesAt}`).join(', ') || 'none'}`,
  );
  printResult(
    `  capacity a day: ${
      Object.entries(s.capacity)
        .map(([p, n]) => `${p} ${n}`)
        .join(', ') || 'none'
    }`,
  );
  if (s.massDays.length > 0)
    printResult(`  mass-vaccination days: ${s.massDays.map((d) => d.day).join(', ')}`);
  if (on !== undefined) {
    const capacity = Object.entries(siteCapacityOn(s, on));
    printResult(
      `  on ${on}: ${capacity.length === 0 ? 'closed' : capacity.map(([p, n]) => `${p} ${n}`).join(', ')}`,
    );
  }
}

interface SiteFlags extends OfficerFlags {
  name?: string;
  municipality?: string;
  access?: string;
  hours?: string;
  capacity?: string;
  massDays?: string;
  inactive?: boolean;
  active?: boolean;
}

function siteOptions(cmd: Command): Command {
  return cmd
    .option('--name <text>', 'the site’s name')
    .option('--municipality <code>', 'INE municipality code (6 digits); the department follows from it')
    .option('--access <kind>', 'walk_in, appointment or both')
    .option('--hours <list>', 'opening hours by ISO weekday, e.g. 1-5@08:00-16:00,6@08:00-12:00')
    .option('--capacity <list>', 'doses a day by product, e.g. sinopharm=800,sputnik_v_1=200')
    .option('--mass-days <dates>', 'mass-vaccination days, e.g. 2021-04-27,2021-04-28');
}

function schedule(flags: SiteFlags): Pick<SiteInput, 'hours' | 'capacity' | 'massDays'> {
  return {
    ...(flags.hours === undefined ? {} : { hours: parseHours(flags.hours) }),
    ...(flags.capacity === undefined ? {} : { capacity: parseCapacity(flags.capacity) }),
    ...(flags.massDays === undefined ? {} : { massDays: parseMassDays(flags.massDays) }),
  };
}

/** `ayni vaccination …`: products, lots, receipts, transfers, write-offs, stock, sites, alerts. */
export function registerVaccinationCommands(program: Command, withApp: WithApp): void {
  const vaccination = program
    .command('vaccination')
    .description('COVID-19 vaccination: products, lots, stock of doses, sites, alerts');

  signedInCommand(
    vaccination.command('products').description('the vaccines stocked and given'),
    'vaccination.read',
  ).action(async (flags: OfficerFlags) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'vaccination.read', async () => {
        for (const p of await listProducts(app.db))
          printResult(
            `${p.code.padEnd(12)} ${p.name} (${p.manufacturer}); schedule ${p.scheduleProduct}${p.component ? `, component ${p.component}` : ''}`,
          );
      }),
    );
  });

  const lots = vaccination.command('lots').description('lots of vaccine: list, register');
  signedInCommand(
    lots
      .command('list')
      .description('lots in the order they expire')
      .option('--product <code>', 'only this product')
      .option('--expiring-by <date>', 'only lots expiring by this day'),
    'vaccination.read',
  ).action(async (flags: OfficerFlags & { product?: string; expiringBy?: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'vaccination.read', async () => {
        const found = orStop(
          await listLots(app.db, {
            ...(flags.product === undefined ? {} : { product: flags.product }),
            ...(flags.expiringBy === undefined
              ? {}
              : { expiringBy: isoDate(flags.expiringBy, '--expiring-by') }),
          }),
        );
        for (const l of found) printResult(lotLine(l));
        if (found.length === 0) printMessage('No lots.');
      }),
    );
  });
  signedInCommand(
    lots
      .command('add')
      .description('register a lot (again with the same details: nothing changes)')
      .requiredOption(
        '--product <code>',
        'sputnik_v_1, sputnik_v_2, sinopharm, astrazeneca, pfizer, janssen, moderna',
      )
      .requiredOption('--manufacturer <name>', 'the manufacturer')
      .requiredOption('--lot-number <text>', 'the lot number printed on the vials')
      .requiredOption('--expires-on <date>', 'the last day the lot may be used (YYYY-MM-DD)')
      .requiredOption('--doses-per-vial <n>', 'doses in one vial')
      .option('--note <text>', 'a note'),
    'vaccination.stock',
  ).action(
    async (
      flags: OfficerFlags & {
        product: string;
        manufacturer: string;
        lotNumber: string;
        expiresOn: string;
        dosesPerVial: string;
        note?: string;
      },
    ) => {
      await withApp((app) =>
        asSignedIn(app, flags, 'vaccination.stock', async (actor) => {
          const r = orStop(
            await registerLot(
              app.db,
              {
                product: flags.product,
                manufacturer: flags.manufacturer,
                lotNumber: flags.lotNumber,
                expiresOn: isoDate(flags.expiresOn, '--expires-on'),
                dosesPerVial: smallInt(flags.dosesPerVial, '--doses-per-vial'),
                ...(flags.note === undefined ? {} : { note: flags.note }),
              },
              actor,
              clockOf(app)(),
            ),
          );
          printResult(`${r.created ? 'registered' : 'already registered'}: ${lotLine(r.lot)}`);
        }),
      );
    },
  );

  signedInCommand(
    vaccination
      .command('receive')
      .description(
        'record doses received at the national warehouse: one delivery, or the dated deliveries of 2021 (--deliveries)',
      )
      .option(
        '--deliveries [file]',
        'load a deliveries YAML file (default: the 2021 deliveries that ship with ayni)',
      )
      .option('--sourced-only', 'with --deliveries: leave out the deliveries ayni estimated from totals')
      .option('--id <id>', 'the delivery’s id, reused on a retry (nothing is received twice)')
      .option('--lot <id>', 'the lot received (ayni vaccination lots add)')
      .option('--doses <n>', 'doses received')
      .option('--on <date>', 'the day received (default today)')
      .option('--supplier <text>', 'who delivered (a contract, a donor)')
      .option('--reference <text>', 'where the fact comes from')
      .option('--note <text>', 'a note'),
    'vaccination.stock',
  ).action(
    async (
      flags: OfficerFlags & {
        deliveries?: string | true;
        sourcedOnly?: boolean;
        id?: string;
        lot?: string;
        doses?: string;
        on?: string;
        supplier?: string;
        reference?: string;
        note?: string;
      },
    ) => {
      await withApp((app) =>
        asSignedIn(app, flags, 'vaccination.stock', async (actor) => {
          const now = clockOf(app)();
          if (flags.deliveries !== undefined) {
            const r = orStop(
              await loadDeliveries(app.db, {
                ...(flags.deliveries === true ? {} : { file: flags.deliveries }),
                sourcedOnly: flags.sourcedOnly === true,
                actor,
                at: now,
              }),
            );
            printResult(
              `deliveries received ${r.received} (${r.doses.toLocaleString('en')} doses), already received ${r.alreadyReceived}, left out ${r.skipped}`,
            );
            return;
          }
          if (flags.id === undefined) throw invalid('--id', 'missing');
          if (flags.lot === undefined) throw invalid('--lot', 'missing');
          if (flags.doses === undefined) throw invalid('--doses', 'missing');
          if (flags.supplier === undefined) throw invalid('--supplier', 'missing');
          const r = orStop(
            await receiveDelivery(
              app.db,
              {
                id: flags.id,
                receivedOn: flags.on === undefined ? toIsoDateInBolivia(now) : isoDate(flags.on, '--on'),
                lotId: positive(flags.lot, '--lot'),
                doses: positive(flags.doses, '--doses'),
                supplier: flags.supplier,
                ...(flags.reference === undefined ? {} : { reference: flags.reference }),
                ...(flags.note === undefined ? {} : { note: flags.note }),
              },
              actor,
              now,
            ),
          );
          printResult(
            `delivery ${r.id} ${r.created ? 'received' : 'already received'}: ${r.doses} doses of lot ${r.lotId} on ${r.receivedOn}`,
          );
        }),
      );
    },
  );

  signedInCommand(
    vaccination
      .command('transfer')
      .description(
        'move doses of a lot between locations (national-warehouse, sedes-<department>, site-<site code>)',
      )
      .requiredOption('--id <id>', 'the movement’s id, reused on a retry (nothing moves twice)')
      .requiredOption('--lot <id>', 'the lot')
      .requiredOption('--doses <n>', 'doses moved')
      .requiredOption('--from <location>', 'where the doses are')
      .requiredOption('--to <location>', 'where they go')
      .option('--on <date>', 'the day (default today)'),
    'vaccination.stock',
  ).action(
    async (
      flags: OfficerFlags & { id: string; lot: string; doses: string; from: string; to: string; on?: string },
    ) => {
      await withApp((app) =>
        asSignedIn(app, flags, 'vaccination.stock', async (actor) => {
          const now = clockOf(app)();
          const on = flags.on === undefined ? toIsoDateInBolivia(now) : isoDate(flags.on, '--on');
          await ensureStockLocations(app.db, now);
          const m = orStop(
            await recordMovement(
              app.db,
              {
                id: flags.id,
                kind: 'transfer',
                lotId: positive(flags.lot, '--lot'),
                doses: positive(flags.doses, '--doses'),
                from: flags.from,
                to: flags.to,
                on,
                occurredAt: occurredAt(on, now),
              },
              actor,
            ),
          );
          printResult(
            `${m.replayed ? 'already recorded' : 'moved'}: ${m.doses} doses of lot ${m.lotId} from ${m.from} to ${m.to}`,
          );
        }),
      );
    },
  );

  signedInCommand(
    vaccination
      .command('write-off')
      .description(
        'take doses out of the stock: wasted (opened vials at the day’s end, cold chain) or expired',
      )
      .requiredOption('--kind <kind>', 'wasted or expired')
      .requiredOption('--id <id>', 'the movement’s id, reused on a retry')
      .requiredOption('--lot <id>', 'the lot')
      .requiredOption('--doses <n>', 'doses written off')
      .requiredOption('--at <location>', 'where the doses are')
      .option('--on <date>', 'the day (default today)'),
    'vaccination.stock',
  ).action(
    async (
      flags: OfficerFlags & { kind: string; id: string; lot: string; doses: string; at: string; on?: string },
    ) => {
      if (flags.kind !== 'wasted' && flags.kind !== 'expired') throw invalid('--kind');
      const kind = flags.kind;
      await withApp((app) =>
        asSignedIn(app, flags, 'vaccination.stock', async (actor) => {
          const now = clockOf(app)();
          const on = flags.on === undefined ? toIsoDateInBolivia(now) : isoDate(flags.on, '--on');
          const m = orStop(
            await recordMovement(
              app.db,
              {
                id: flags.id,
                kind,
                lotId: positive(flags.lot, '--lot'),
                doses: positive(flags.doses, '--doses'),
                from: flags.at,
                on,
                occurredAt: occurredAt(on, now),
              },
              actor,
            ),
          );
          printResult(
            `${m.replayed ? 'already recorded' : kind}: ${m.doses} doses of lot ${m.lotId} at ${m.from}`,
          );
        }),
      );
    },
  );

  signedInCommand(
    vaccination
      .command('stock')
      .description('doses by location and lot (first to expire first), from the ledger')
      .option('--location <code>', 'one location (national-warehouse, sedes-<department>, site-<site code>)')
      .option('--product <code>', 'one product')
      .option('--next <product>', 'with --location: the lot to use next (FEFO) on --on')
      .option('--on <date>', 'the day for --next (default today)')
      .option('--history <lot>', 'with --location: the lot’s movements there'),
    'vaccination.read',
  ).action(
    async (
      flags: OfficerFlags & {
        location?: string;
        product?: string;
        next?: string;
        on?: string;
        history?: string;
      },
    ) => {
      await withApp((app) =>
        asSignedIn(app, flags, 'vaccination.read', async () => {
          if (flags.next !== undefined || flags.history !== undefined) {
            if (flags.location === undefined) throw invalid('--location', 'missing');
            if (flags.next !== undefined) {
              const on =
                flags.on === undefined ? toIsoDateInBolivia(clockOf(app)()) : isoDate(flags.on, '--on');
              const line = orStop(
                await nextLot(app.db, { location: flags.location, product: flags.next, on }),
              );
              printResult(`next: ${lotLine(line.lot)}  (${line.availableDoses} doses at ${line.location})`);
            } else {
              const moves = orStop(
                await stockHistory(app.db, {
                  location: flags.location,
                  lotId: positive(flags.history!, '--history'),
                }),
              );
              for (const m of moves)
                printResult(
                  `${m.occurredAt.toISOString()}  ${m.kind.padEnd(12)} ${String(m.doses).padStart(10)}  ${m.counterpart}  ${m.id}`,
                );
              if (moves.length === 0) printMessage('No movements.');
            }
            return;
          }
          const lines = orStop(
            await stockAt(app.db, {
              ...(flags.location === undefined ? {} : { location: flags.location }),
              ...(flags.product === undefined ? {} : { product: flags.product }),
            }),
          );
          for (const l of lines)
            printResult(
              `${l.location.padEnd(28)} ${String(l.availableDoses).padStart(10)}  ${lotLine(l.lot)}`,
            );
          if (lines.length === 0) printMessage('No doses in stock.');
        }),
      );
    },
  );

  const sites = vaccination.command('sites').description('vaccination sites: list, show, add, update');
  signedInCommand(
    sites
      .command('list')
      .description('every site, by code')
      .option('--department <code>', 'only one department (INE code 1–9)'),
    'vaccination.read',
  ).action(async (flags: OfficerFlags & { department?: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'vaccination.read', async () => {
        const found = await listSites(
          app.db,
          flags.department === undefined
            ? {}
            : { departmentCode: smallInt(flags.department, '--department') },
        );
        for (const s of found) printSite(s);
        if (found.length === 0) printMessage('No sites.');
      }),
    );
  });
  signedInCommand(
    sites
      .command('show <code>')
      .description('one site, and what it can give on a day')
      .option('--on <date>', 'the day (default today)'),
    'vaccination.read',
  ).action(async (code: string, flags: OfficerFlags & { on?: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'vaccination.read', async () => {
        const on = flags.on === undefined ? toIsoDateInBolivia(clockOf(app)()) : isoDate(flags.on, '--on');
        printSite(orStop(await getSite(app.db, code)), on);
      }),
    );
  });
  signedInCommand(
    siteOptions(sites.command('add <code>').description('create a site (its stock location is site-<code>)')),
    'vaccination.sites',
  ).action(async (code: string, flags: SiteFlags) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'vaccination.sites', async (actor) => {
        if (flags.name === undefined) throw invalid('--name', 'missing');
        if (flags.municipality === undefined) throw invalid('--municipality', 'missing');
        const input: SiteInput = {
          code,
          name: flags.name,
          municipalityCode: flags.municipality,
          access: parseAccess(flags.access ?? 'both'),
          ...schedule(flags),
        };
        printSite(orStop(await createSite(app.db, input, actor, clockOf(app)())));
      }),
    );
  });
  signedInCommand(
    siteOptions(
      sites.command('update <code>').description('change a site: the options given replace what is stored'),
    )
      .option('--inactive', 'close the site')
      .option('--active', 'open it again'),
    'vaccination.sites',
  ).action(async (code: string, flags: SiteFlags) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'vaccination.sites', async (actor) => {
        const patch = {
          ...(flags.name === undefined ? {} : { name: flags.name }),
          ...(flags.municipality === undefined ? {} : { municipalityCode: flags.municipality }),
          ...(flags.access === undefined ? {} : { access: parseAccess(flags.access) }),
          ...(flags.inactive ? { active: false } : flags.active ? { active: true } : {}),
          ...schedule(flags),
        };
        printSite(orStop(await updateSite(app.db, code, patch, actor, clockOf(app)())));
      }),
    );
  });

  signedInCommand(
    vaccination
      .command('alerts')
      .description('lots near expiry, and sites that will run out at their current pace')
      .option('--on <date>', 'the day (default today)')
      .option('--days <n>', 'warn of lots expiring within this many days (default: the parameter in force)'),
    'vaccination.read',
  ).action(async (flags: OfficerFlags & { on?: string; days?: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'vaccination.read', async () => {
        const on = flags.on === undefined ? toIsoDateInBolivia(clockOf(app)()) : isoDate(flags.on, '--on');
        const expiring = await lotsNearExpiry(app.db, {
          on,
          ...(flags.days === undefined ? {} : { days: smallInt(flags.days, '--days') }),
        });
        for (const a of expiring)
          printResult(
            `expires in ${a.daysLeft} days: ${a.availableDoses} doses at ${a.location}, ${lotLine(a.lot)}`,
          );
        const runningOut = await sitesRunningOut(app.db, { on });
        for (const a of runningOut)
          printResult(
            `runs out in ${a.daysLeft} days: ${a.site}, ${a.product} (${a.availableDoses} doses, ${a.dosesPerDay.toFixed(1)} a day)`,
          );
        if (expiring.length + runningOut.length === 0) printMessage(`No alerts on ${on}.`);
      }),
    );
  });

  registerVaccinationAdministrationCommands(vaccination, withApp);

  registerVaccinationReplayCommand(vaccination, withApp);
}
