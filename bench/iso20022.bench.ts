import { existsSync } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Pain001CreditTransfer,
  resolvePain002,
  streamPain002,
  validateXmlFile,
  writePain001File,
} from '../src/interchange/iso20022/index.ts';
import { describeFailure } from '../src/messages/index.ts';

/**
 * Benchmark of the ISO 20022 layer: deposit export (pain.001.001.03, one file per bank, streamed
 * from a generator as a database cursor would feed it), XSD validation of one produced file, and
 * pain.002 reading and resolution. Wall clock after a warm-up run; files go to a temporary folder
 * removed afterwards unless --keep is given. Bank codes are illustrative.
 *
 * @example node --import tsx bench/iso20022.bench.ts 1000000 10 [--keep]
 */
const totalTransactions = Number(process.argv[2] ?? 1_000_000);
const bankCount = Number(process.argv[3] ?? 10);
const keep = process.argv.includes('--keep');
const outDir = path.join(os.tmpdir(), `ayni-iso20022-bench-${process.pid}`);
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemasDir = path.resolve(projectRoot, '..', 'shared', 'testdata', 'iso20022', 'schemas');

const BANKS = [
  'BNBOBOLX',
  'BMSCBOLX',
  'BCPBBOLX',
  'BABIBOLX',
  'BECOBOLX',
  'BGANBOLX',
  'BSOLBOLX',
  'FIEBBOLX',
  'BFOOBOLX',
  'BPRDBOLX',
];
const GIVEN = ['Juana', 'María', 'José Luis', 'Wilma', 'Freddy', 'Limbert', 'Begoña', 'Rosa Ángela'];
const SURNAMES = ['Mamani', 'Quispe', 'Choque', 'Condori', 'Flores', 'Núñez', 'Gutiérrez', 'Peñaranda'];
const AMOUNT_CENTAVOS = 100_000n;

function bankOf(index: number): string {
  return BANKS[index % BANKS.length]!;
}

/** Deterministic deposits for one bank, as a round's cursor would yield them. */
function* deposits(bank: number, count: number, round: string): Generator<Pain001CreditTransfer> {
  for (let i = 0; i < count; i++) {
    const n = bank * count + i;
    yield {
      endToEndId: `BCH-${round}-${String(n).padStart(9, '0')}`,
      amountCentavos: AMOUNT_CENTAVOS,
      creditorName: `${GIVEN[n % 8]} ${SURNAMES[(n >> 3) % 8]} ${SURNAMES[(n >> 6) % 8]}`,
      creditorAccountId: String(10_000_000_000 + n * 7),
      creditorIdentityNumber: String(1_000_000 + n),
    };
  }
}

async function exportRound(round: string, total: number, banks: number) {
  const perBank = Math.floor(total / banks);
  const files: { file: string; bytes: number; transactions: number }[] = [];
  for (let b = 0; b < banks; b++) {
    const count = b === banks - 1 ? total - perBank * (banks - 1) : perBank;
    const file = path.join(outDir, `${round}-${bankOf(b)}-${b}.xml`);
    const written = await writePain001File(
      file,
      {
        messageId: `BCH-${round}-${b}`,
        creationDateTime: '2020-12-01T08:00:00-04:00',
        paymentInformationId: `BCH-${round}-${b}-1`,
        requestedExecutionDate: '2020-12-02',
        debtor: {
          name: 'Ministerio de Economía y Finanzas Públicas',
          accountId: '1-4567890',
          agentBic: 'BUNIBOLX',
        },
        creditorAgent: { bic: bankOf(b) },
        expectedTransactionCount: count,
        expectedControlSumCentavos: BigInt(count) * AMOUNT_CENTAVOS,
        defaultRemittanceText: 'Bono Contra el Hambre DS 4392',
        categoryPurposeCode: 'GOVT',
      },
      deposits(b, count, round),
    );
    if (!written.ok) throw new Error(describeFailure(written.error, 'en').detail);
    files.push({ file, bytes: written.value.sizeBytes, transactions: count });
  }
  return files;
}

/** A pain.002.001.14 reply for a file of `count` deposits: every 25th rejected (AC04), the rest settled. */
async function writeReply(file: string, round: string, bank: number, count: number) {
  const out = await open(file, 'w');
  let chunk = `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.14"><CstmrPmtStsRpt>\n<GrpHdr><MsgId>STS-${bank}</MsgId><CreDtTm>2020-12-02T18:00:00-04:00</CreDtTm></GrpHdr>\n<OrgnlGrpInfAndSts><OrgnlMsgId>BCH-${round}-${bank}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId><OrgnlNbOfTxs>${count}</OrgnlNbOfTxs><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>\n<OrgnlPmtInfAndSts><OrgnlPmtInfId>BCH-${round}-${bank}-1</OrgnlPmtInfId><PmtInfSts>PART</PmtInfSts>\n`;
  const ids: string[] = [];
  for (const tx of deposits(bank, count, round)) {
    const i = ids.length;
    ids.push(tx.endToEndId);
    chunk +=
      i % 25 === 0
        ? `<TxInfAndSts><OrgnlEndToEndId>${tx.endToEndId}</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>Cuenta cerrada</AddtlInf></StsRsnInf></TxInfAndSts>\n`
        : `<TxInfAndSts><OrgnlEndToEndId>${tx.endToEndId}</OrgnlEndToEndId><TxSts>ACSC</TxSts><AcctSvcrRef>R${i}</AcctSvcrRef></TxInfAndSts>\n`;
    if (chunk.length > 1 << 20) {
      await out.write(chunk);
      chunk = '';
    }
  }
  await out.write(`${chunk}</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>\n`);
  await out.close();
  return ids;
}

const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en');
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
// Other work on the machine slows the wall clock; CPU seconds are reported beside it for that reason.
console.log(
  `load average at start: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${os.cpus().length} cores`,
);

// Warm-up: JIT and file system caches, not measured.
await exportRound('W', 20_000, 2);

const cpuBefore = process.cpuUsage();
const startedMs = performance.now();
const files = await exportRound('R1', totalTransactions, bankCount);
const exportMs = performance.now() - startedMs;
const cpu = process.cpuUsage(cpuBefore);
const totalBytes = files.reduce((sum, f) => sum + f.bytes, 0);
console.log(
  `pain.001 export: ${totalTransactions.toLocaleString('en')} transactions in ${files.length} files in ${(exportMs / 1000).toFixed(2)} s: ` +
    `${perSecond(totalTransactions, exportMs)} transactions/s, ${(totalBytes / 1e6 / (exportMs / 1000)).toFixed(0)} MB/s, ` +
    `${(totalBytes / 1e6).toFixed(0)} MB (${Math.round(totalBytes / totalTransactions)} B/transaction); ` +
    `CPU user ${(cpu.user / 1e6).toFixed(2)} s, system ${(cpu.system / 1e6).toFixed(2)} s ` +
    `(${perSecond(totalTransactions, (cpu.user + cpu.system) / 1000)} transactions per CPU second)`,
);

const first = files[0]!;
const xsd = path.join(schemasDir, 'pain', 'pain.001.001.03.xsd');
if (existsSync(xsd)) {
  const validationStartedMs = performance.now();
  const valid = await validateXmlFile(first.file, xsd);
  const validationMs = performance.now() - validationStartedMs;
  if (!valid.ok)
    throw new Error(`produced file does not validate: ${describeFailure(valid.error, 'en').detail}`);
  console.log(
    `XSD validation of ${path.basename(first.file)} (${first.transactions.toLocaleString('en')} transactions, ` +
      `${((await stat(first.file)).size / 1e6).toFixed(0)} MB): valid in ${(validationMs / 1000).toFixed(2)} s, ` +
      `${perSecond(first.transactions, validationMs)} transactions/s`,
  );
} else {
  console.log(`XSD validation skipped: ${xsd} is absent (shared/testdata beside the project)`);
}

const replyFile = path.join(outDir, 'reply-0.xml');
const ids = await writeReply(replyFile, 'R1', 0, first.transactions);
const replyBytes = (await stat(replyFile)).size;
const parseCpu = process.cpuUsage();
const parseStartedMs = performance.now();
let records = 0;
for await (const item of streamPain002(replyFile)) {
  if (item.kind === 'failure') throw new Error(describeFailure(item.failure, 'en').detail);
  records++;
}
const parseMs = performance.now() - parseStartedMs;
const parseCpuMs = cpuMs(process.cpuUsage(parseCpu));
const resolveCpu = process.cpuUsage();
const resolveStartedMs = performance.now();
const resolved = await resolvePain002(replyFile, {
  messageId: 'BCH-R1-0',
  payments: [{ paymentInformationId: 'BCH-R1-0-1', endToEndIds: ids }],
});
const resolveMs = performance.now() - resolveStartedMs;
const resolveCpuMs = cpuMs(process.cpuUsage(resolveCpu));
if (!resolved.ok) throw new Error(describeFailure(resolved.error, 'en').detail);
console.log(
  `pain.002 read: ${ids.length.toLocaleString('en')} transaction statuses (${(replyBytes / 1e6).toFixed(0)} MB, ${records.toLocaleString('en')} records) ` +
    `in ${(parseMs / 1000).toFixed(2)} s: ${perSecond(ids.length, parseMs)} statuses/s (${perSecond(ids.length, parseCpuMs)} per CPU second); ` +
    `read and resolved against the original in ${(resolveMs / 1000).toFixed(2)} s: ${perSecond(ids.length, resolveMs)} transactions/s ` +
    `(${perSecond(ids.length, resolveCpuMs)} per CPU second) ` +
    `(accepted ${resolved.value.counts.accepted.toLocaleString('en')}, rejected ${resolved.value.counts.rejected.toLocaleString('en')})`,
);
console.log(
  `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ` +
    `${os.cpus().length} cores; files in ${outDir}${keep ? '' : ' (removed)'}`,
);
if (!keep) await rm(outDir, { recursive: true, force: true });
