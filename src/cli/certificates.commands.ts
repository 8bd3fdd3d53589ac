import { readFile, stat, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { clockOf } from '../app.ts';
import {
  acceptTrustList,
  certificatesOf,
  certifiedDoses,
  fingerprint,
  type IssuedRow,
  issueCertificate,
  issuerKeys,
  keyFolder,
  localTrust,
  readQrPng,
  revokeCertificate,
  rotateSigner,
  signedTrustList,
  summaryOf,
  verificationSteps,
  verifyHc1,
} from '../certificates/index.ts';
import type { PersonKey } from '../registry/index.ts';
import { CommandFailed } from './failure.ts';
import { type OfficerFlags, signedInCommand } from './officer.ts';
import { printMessage, printResult } from './output.ts';
import { asSignedIn, isoDate, type WithApp } from './vaccination-cli.ts';

/**
 * `ayni certificates …`: vaccination certificates at the command line (issue #19). Issuing, showing
 * and revoking sign the officer in with the permission the API's routes check (certificates.issue,
 * certificates.manage); what they change is audited by the domain as `account:<username>`. The
 * trust list and verification are public, as on the web: anyone may verify.
 */

interface PersonFlags extends OfficerFlags {
  ci: string;
  complemento?: string;
  dob: string;
}

function personOf(flags: PersonFlags): PersonKey {
  const ciNumber = flags.ci.trim();
  if (!/^[0-9]{4,10}$/.test(ciNumber))
    throw new CommandFailed({ code: 'vaccination_input_invalid', field: '--ci', problem: 'format' });
  const complemento = (flags.complemento ?? '').trim().toUpperCase();
  if (!/^([0-9][A-Z])?$/.test(complemento))
    throw new CommandFailed({ code: 'vaccination_input_invalid', field: '--complemento', problem: 'format' });
  return { ciNumber, complemento, dateOfBirth: isoDate(flags.dob, '--dob') };
}

const personOptions = (cmd: Command): Command =>
  cmd
    .requiredOption('--ci <number>', 'the person’s CI number')
    .option('--complemento <code>', 'the CI’s complemento (e.g. 1A), if any', '')
    .requiredOption('--dob <YYYY-MM-DD>', 'the person’s date of birth');

function line(c: IssuedRow): string {
  const state = c.revokedAt ? `revoked ${c.revokedAt.toISOString()} (${c.revokedReason})` : 'valid';
  return `certificate ${c.id}: dose ${c.doseNumber}, ${c.uvci}, key ${c.kid}, issued ${c.issuedAt.toISOString()}, expires ${c.expiresAt.toISOString()}, ${state}`;
}

/** The HC1 text of the argument: the text itself, or a file holding it (text, or a PNG of the QR code). */
async function hc1Of(arg: string): Promise<string> {
  if (arg.startsWith('HC1:')) return arg;
  const isFile = await stat(arg).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) return arg;
  const bytes = await readFile(arg);
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return readQrPng(bytes) ?? '';
  }
  return bytes.toString('utf8').trim();
}

const STEP_WORDS = {
  prefix: 'prefix HC1:',
  base45: 'Base45',
  decompression: 'decompression (zlib)',
  cose: 'COSE structure and CWT',
  kid: 'key id on the trust list',
  signature: 'signature',
  validity: 'validity period',
  key_usage: 'key usage',
  schema: 'DCC schema',
  revocation: 'revocation list',
} as const;

/**
 * Registers `ayni certificates`.
 *
 * @example registerCertificatesCommands(program, withApp)
 */
export function registerCertificatesCommands(program: Command, withApp: WithApp): void {
  const certificates = program
    .command('certificates')
    .description('vaccination certificates (EU DCC, HC1): issue, show, revoke, the trust list, verify');

  personOptions(
    signedInCommand(
      certificates
        .command('issue')
        .description('issue (or show again) the certificate of a person’s latest dose'),
      'certificates.issue',
    ),
  ).action(async (flags: PersonFlags) => {
    await withApp(async (app) => {
      const person = personOf(flags);
      await asSignedIn(app, flags, 'certificates.issue', async (actor) => {
        const r = await issueCertificate(app.db, {
          person,
          folder: keyFolder(app.config.dataDir),
          at: clockOf(app)(),
          actor,
        });
        if (!r.ok) throw new CommandFailed(r.error);
        printMessage(r.value.replayed ? 'ayni: issued before: the same certificate.' : 'ayni: issued.');
        printResult(line(r.value.certificate));
        printResult(r.value.certificate.hc1);
      });
    });
  });

  personOptions(
    signedInCommand(
      certificates.command('show').description('the certificates issued to a person, with their QR text'),
      'certificates.issue',
    ),
  ).action(async (flags: PersonFlags) => {
    await withApp(async (app) => {
      const person = personOf(flags);
      await asSignedIn(app, flags, 'certificates.issue', async () => {
        const doses = await certifiedDoses(app.db, person);
        if (!doses.ok) throw new CommandFailed(doses.error);
        const personId = doses.value[0]?.personId;
        const issued = personId === undefined ? [] : await certificatesOf(app.db, personId);
        if (issued.length === 0) printMessage('ayni: no certificate issued to this person.');
        for (const c of issued) {
          printResult(line(c));
          printResult(c.hc1);
        }
      });
    });
  });

  signedInCommand(
    certificates
      .command('revoke <certificate>')
      .description('revoke a certificate: it goes on the published revocation list')
      .requiredOption('--reason <reason>', 'issued_in_error or dose_entered_in_error'),
    'certificates.manage',
  ).action(async (id: string, flags: OfficerFlags & { reason: string }) => {
    if (!/^[1-9][0-9]{0,17}$/.test(id))
      throw new CommandFailed({ code: 'certificate_not_found', certificateId: id });
    if (flags.reason !== 'issued_in_error' && flags.reason !== 'dose_entered_in_error')
      throw new CommandFailed({ code: 'vaccination_input_invalid', field: '--reason', problem: 'format' });
    const reason = flags.reason;
    await withApp(async (app) => {
      await asSignedIn(app, flags, 'certificates.manage', async (actor) => {
        const r = await revokeCertificate(app.db, {
          certificateId: BigInt(id),
          reason,
          at: clockOf(app)(),
          actor,
        });
        if (!r.ok) throw new CommandFailed(r.error);
        if (r.value.replayed) printMessage('ayni: revoked before: nothing changed.');
        printResult(line(r.value.certificate));
      });
    });
  });

  certificates
    .command('trust-list')
    .description(
      'the signed trust list (CSCA, signers, revocations) as served at /api/certificates/trust-list',
    )
    .option('--out <file>', 'write it to this file instead of standard output')
    .action(async (flags: { out?: string }) => {
      await withApp(async (app) => {
        const list = await signedTrustList(app.db, {
          folder: keyFolder(app.config.dataDir),
          at: clockOf(app)(),
        });
        if (list === undefined) throw new CommandFailed({ code: 'trust_list_not_published' });
        const trust = acceptTrustList(list);
        if (trust === undefined) throw new Error('ayni’s own trust list does not verify');
        printMessage(`ayni: CSCA fingerprint (SHA-256) ${trust.cscaFingerprint}`);
        const text = `${JSON.stringify(list)}\n`;
        if (flags.out) {
          await writeFile(flags.out, text);
          printResult(`trust list written to ${flags.out}`);
        } else printResult(text.trimEnd());
      });
    });

  certificates
    .command('verify <qr>')
    .description('verify a certificate: its HC1 text, or a file holding it (text, or a PNG of the QR code)')
    .action(async (arg: string) => {
      const text = await hc1Of(arg);
      await withApp(async (app) => {
        const at = clockOf(app)();
        const result = verifyHc1(text, { ...(await localTrust(app.db, at)), at });
        for (const s of verificationSteps(result))
          printResult(
            `${s.state === 'passed' ? 'ok  ' : s.state === 'failed' ? 'FAIL' : '--  '} ${STEP_WORDS[s.step]}`,
          );
        if (!result.ok) throw new CommandFailed(result.error);
        const v = summaryOf(result.value);
        printResult(
          `valid: ${v.name}, born ${v.dateOfBirth}, dose ${v.doseNumber}/${v.seriesDoses} on ${v.vaccinatedOn} (${v.product}), ${v.uvci}, valid until ${v.expiresAt.toISOString()}`,
        );
      });
    });

  const keys = certificates.command('keys').description('the issuer’s keys: the CSCA and the signers');
  signedInCommand(
    keys.command('list').description('the CSCA’s fingerprint and every signer with its status'),
    'certificates.manage',
  ).action(async (flags: OfficerFlags) => {
    await withApp(async (app) => {
      await asSignedIn(app, flags, 'certificates.manage', async () => {
        const k = await issuerKeys(app.db);
        if (k.csca === undefined) return printMessage('ayni: no keys yet (made with the first certificate).');
        printResult(`CSCA ${fingerprint(k.csca)}`);
        for (const s of k.signers) printResult(`signer ${s.kid} ${s.status}`);
      });
    });
  });
  signedInCommand(
    keys
      .command('rotate')
      .description('make a new signing key active; the previous one keeps verifying what it signed'),
    'certificates.manage',
  ).action(async (flags: OfficerFlags) => {
    await withApp(async (app) => {
      await asSignedIn(app, flags, 'certificates.manage', async (actor) => {
        const r = await rotateSigner(app.db, {
          folder: keyFolder(app.config.dataDir),
          at: clockOf(app)(),
          actor,
        });
        if (!r.ok) throw new CommandFailed(r.error);
        printResult(`signer ${r.value.kid} active${r.value.retired ? `, ${r.value.retired} retired` : ''}`);
      });
    });
  });
}
