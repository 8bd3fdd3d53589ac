import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principal } from '../../src/access/index.ts';
import type {
  DepositFileRecord,
  ExportDepositsResult,
  ImportStatusResult,
  Round,
  RoundProgress,
  StatusImportRecord,
} from '../../src/bono/index.ts';
import { formatInstant, formatMoney, pageMessages } from '../../src/messages/index.ts';
import { LANGS, type Lang } from '../../src/shared/lang.ts';
import type { PageContext } from '../../src/web/backoffice/backoffice.page.ts';
import {
  DepositsOverviewPage,
  ReplyPage,
  RoundDepositsPage,
} from '../../src/web/backoffice/deposit.pages.tsx';
import { pageHtml } from '../../src/web/components/index.ts';
import { parseHtml } from '../helpers/html.ts';
import { assertPageLanguage, pageShows } from '../helpers/page-language.ts';

/**
 * The back office's deposit pages (issue 16), rendered in every language and parsed: only the
 * language's words, officers by name, round statuses, reply kinds, deposit states and skip reasons
 * worded rather than shown as codes.
 */

const officer: Principal = {
  kind: 'account',
  id: 'ana',
  actor: 'account:ana',
  displayName: 'Ana Quispe',
  organisation: null,
  roles: ['bono_officer'],
  permissions: new Set(['payments.read', 'deposits.manage', 'rounds.read']),
} as unknown as Principal;

const ctx = (lang: Lang): PageContext => ({
  lang,
  pathWithQuery: `/oficina/depositos?lang=${lang}`,
  principal: officer,
  csrfToken: 'token',
});

const round = {
  id: 2,
  kind: 'regular',
  asOf: '2020-12-01',
  status: 'approved',
  createdBy: 'account:ana',
} as unknown as Round;

const reply: StatusImportRecord = {
  id: 5,
  kind: 'camt.054',
  fileName: 'UNI-NTF-0001.xml',
  sha256: 'b'.repeat(64),
  messageId: 'NTF-1',
  accepted: 1200n,
  rejected: 1n,
  unchanged: 1n,
  unmatched: 0n,
  importedBy: 'account:ana',
  importedAt: new Date('2020-12-05T15:00:00Z'),
};

/** Codes a page must never show, whatever its language. */
const CODES = ['account:', 'already_paid', 'bank_not_enabled', 'camt.054 ', 'undefined'];

describe('the deposit pages, in every language', () => {
  for (const lang of LANGS) {
    const words = pageMessages(lang).deposits;

    it(`the overview (${lang}): statuses and kinds worded, the reconcile form`, () => {
      const html = pageHtml(<DepositsOverviewPage ctx={ctx(lang)} rounds={[round]} replies={[reply]} />);
      const text = assertPageLanguage(html, lang);
      if (lang === 'es') assert.ok(!pageShows(text, 'approved'), 'a status worded');
      const doc = parseHtml(html);
      assert.equal(doc.querySelector('[data-status=approved]')?.text, words.roundStatus.approved);
      assert.ok(text.includes(words.replyKind['camt.054']));
      const file = doc.querySelector('input[type=file]');
      assert.equal(file?.getAttribute('name'), 'archivo');
      assert.equal(file?.closest('form')?.getAttribute('enctype'), 'multipart/form-data');
    });

    it(`a reply (${lang}): who imported it by name, reasons and conflicts worded`, () => {
      const result = {
        importId: 5,
        conflicts: [
          {
            endToEndId: 'E2E-1',
            recorded: 'accepted',
            reported: 'rejected',
            bank: { message: 'pain.002', status: 'RJCT', reasonCode: 'AC04', level: 'transaction' },
          },
          {
            endToEndId: 'E2E-2',
            recorded: 'sent',
            reported: 'accepted',
            bank: {
              message: 'camt.054',
              status: 'BOOK',
              creditDebit: 'CRDT',
              returned: false,
              reasonCode: null,
            },
            amounts: { reportedCentavos: 90_000n, sentCentavos: 100_000n },
          },
        ],
        conflictCount: 1,
        unmatchedEndToEndIds: [],
        notes: [
          {
            code: 'already_imported',
            importId: 4,
            importedAt: new Date('2020-12-04T15:00:00Z'),
            importedBy: 'account:ana',
          },
          { code: 'status_repeated', line: 40 },
          { code: 'payment_block_unknown', line: 12, paymentInformationId: 'PMT-9', depositFile: 'UNI-0001' },
        ],
      } as unknown as ImportStatusResult;
      const html = pageHtml(
        <ReplyPage
          ctx={ctx(lang)}
          reply={reply}
          names={new Map([['account:ana', 'Ana Quispe']])}
          detail={{ again: false, result, reasons: [{ reason: 'AC04', n: 1 }], unmatchedFile: false }}
        />,
      );
      const text = assertPageLanguage(html, lang);
      for (const code of CODES) assert.ok(!text.includes(code), `the code «${code}» is shown`);
      const doc = parseHtml(html);
      assert.equal(
        doc.querySelector('[data-testid=reply-accepted]')?.text,
        lang === 'es' ? '1.200' : '1,200',
      );
      assert.ok(text.includes('Ana Quispe'));
      const [conflict, amount] = doc
        .querySelectorAll('tbody tr')
        .slice(-2)
        .map((tr) => tr.querySelectorAll('td').map((td) => td.text));
      // The bank's codes as it wrote them, worded in the reader's language (it was «RJCT AC04» in both).
      assert.deepEqual(conflict, [
        'E2E-1',
        words.depositState.accepted,
        words.depositState.rejected,
        lang === 'es'
          ? 'Estado RJCT para el depósito, Cuenta cerrada (AC04)'
          : 'Status RJCT for the deposit, Account is closed (AC04)',
      ]);
      assert.equal(amount![0], 'E2E-2');
      assert.ok(amount![3]!.includes(formatMoney(90_000n, lang)), 'the amount the bank moved');
      assert.ok(amount![3]!.includes(formatMoney(100_000n, lang)), 'the amount sent');
      // The reader's notes in their language, from the codes src/bono returns: the officer by name.
      const notes = doc.querySelectorAll('main li').map((li) => li.text);
      assert.deepEqual(notes, [
        words.replyNotes.already_imported(
          formatInstant(new Date('2020-12-04T15:00:00Z'), lang),
          'Ana Quispe',
          '4',
        ),
        words.noteAt('40', words.replyNotes.status_repeated),
        words.noteAt('12', words.replyNotes.payment_block_unknown('PMT-9', 'UNI-0001')),
      ]);
      if (lang === 'es')
        for (const english of ['line', 'already imported', 'payment block'])
          assert.ok(!pageShows(text, english), `English «${english}» on the Spanish page`);
    });

    it(`a round's deposits (${lang}): the export's result worded, files, the form`, () => {
      const none = { count: 0, amountCentavos: 0n };
      const progress = {
        paidDeposit: none,
        depositsInFlight: { count: 3, amountCentavos: 300_000n },
      } as RoundProgress;
      const files: DepositFileRecord[] = [
        {
          id: 1,
          roundId: 2,
          bankBic: 'BUNIBOLX',
          messageId: 'AYNI-2-1',
          fileName: 'pain001-2-BUNIBOLX.xml',
          sha256: 'c'.repeat(64),
          nbOfTxs: 3n,
          ctrlSumCentavos: 300_000n,
          createdBy: 'account:ana',
          createdAt: new Date('2020-12-03T14:00:00Z'),
          provisional: false,
        },
      ];
      const result = {
        roundId: 2,
        files: [{ path: '/data/deposits/pain001-2-BUNIBOLX.xml', bankBic: 'BUNIBOLX', validated: true }],
        sent: 3,
        sentCentavos: 300_000n,
        skipped: { already_paid: 2, bank_not_enabled: 1 },
      } as unknown as ExportDepositsResult;
      const html = pageHtml(
        <RoundDepositsPage
          ctx={ctx(lang)}
          round={round}
          progress={progress}
          files={files}
          onDisk={new Set([1])}
          validating
          names={new Map()}
          state={{ result }}
        />,
      );
      const text = assertPageLanguage(html, lang);
      for (const code of CODES) assert.ok(!text.includes(code), `the code «${code}» is shown`);
      assert.ok(text.includes(words.skippedReason.already_paid));
      assert.ok(!text.includes('/data/deposits'), 'no server path');
      const doc = parseHtml(html);
      assert.equal(doc.querySelector('[data-testid=deposits-validated]')?.text, words.yes);
      assert.equal(
        doc.querySelector('a[href^="/oficina/depositos/archivos/1"]')?.text,
        words.download('pain001-2-BUNIBOLX.xml'),
      );
      assert.equal(doc.querySelector('[data-testid=xsd-validation]')?.getAttribute('data-validating'), 'yes');
    });
  }
});
