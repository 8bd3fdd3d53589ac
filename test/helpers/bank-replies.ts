/**
 * Bank replies as a bank would send them, for tests: a pain.002.001.03 customer payment status
 * report in the layout of the bank samples in ../shared/testdata/iso20022/ (Nordea's), with
 * statuses at group, payment-information and transaction level.
 */

export interface Pain002Spec {
  messageId: string;
  originalMessageId: string;
  groupStatus?: string;
  groupReason?: string;
  payment?: { id: string; status?: string; reason?: string };
  transactions?: { endToEndId: string; status: string; reason?: string; acceptedAt?: string }[];
}

const reasonXml = (code: string | undefined, indent: string) =>
  code === undefined
    ? ''
    : `${indent}<StsRsnInf>\n${indent}  <Rsn>\n${indent}    <Cd>${code}</Cd>\n${indent}  </Rsn>\n${indent}  <AddtlInf>Motivo ${code}</AddtlInf>\n${indent}</StsRsnInf>\n`;

/** A pain.002.001.03 as the banks of the samples write it (Nordea's layout). */
export function pain002Xml(s: Pain002Spec): string {
  const txs = (s.transactions ?? [])
    .map(
      (t) =>
        '      <TxInfAndSts>\n' +
        `        <OrgnlInstrId>${t.endToEndId}</OrgnlInstrId>\n` +
        `        <OrgnlEndToEndId>${t.endToEndId}</OrgnlEndToEndId>\n` +
        `        <TxSts>${t.status}</TxSts>\n` +
        reasonXml(t.reason, '        ') +
        (t.acceptedAt ? `        <AccptncDtTm>${t.acceptedAt}</AccptncDtTm>\n` : '') +
        '      </TxInfAndSts>\n',
    )
    .join('');
  const payment = s.payment
    ? '    <OrgnlPmtInfAndSts>\n' +
      `      <OrgnlPmtInfId>${s.payment.id}</OrgnlPmtInfId>\n` +
      (s.payment.status ? `      <PmtInfSts>${s.payment.status}</PmtInfSts>\n` : '') +
      reasonXml(s.payment.reason, '      ') +
      txs +
      '    </OrgnlPmtInfAndSts>\n'
    : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">\n' +
    '  <CstmrPmtStsRpt>\n' +
    `    <GrpHdr>\n      <MsgId>${s.messageId}</MsgId>\n      <CreDtTm>2020-12-03T10:00:00-04:00</CreDtTm>\n` +
    '      <InitgPty>\n        <Nm>Banco de prueba</Nm>\n      </InitgPty>\n    </GrpHdr>\n' +
    '    <OrgnlGrpInfAndSts>\n' +
    `      <OrgnlMsgId>${s.originalMessageId}</OrgnlMsgId>\n` +
    '      <OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>\n' +
    (s.groupStatus ? `      <GrpSts>${s.groupStatus}</GrpSts>\n` : '') +
    reasonXml(s.groupReason, '      ') +
    '    </OrgnlGrpInfAndSts>\n' +
    payment +
    '  </CstmrPmtStsRpt>\n</Document>\n'
  );
}

/** One entry of a camt.054 notification: a deposit booked (DBIT) or returned (CRDT with a reason). */
export interface CamtEntrySpec {
  endToEndId: string;
  creditDebit: 'CRDT' | 'DBIT';
  status: 'BOOK' | 'PDNG';
  amount: string;
  bookingDate?: string;
  returnReason?: string;
}

/** A camt.054.001.12 debit/credit notification of the ministry's account (modelled on the library's fixture). */
export function camt054Xml(messageId: string, entries: CamtEntrySpec[]): string {
  const body = entries
    .map(
      (e, i) =>
        '      <Ntry>\n' +
        `        <NtryRef>${i + 1}</NtryRef>\n` +
        `        <Amt Ccy="BOB">${e.amount}</Amt>\n` +
        `        <CdtDbtInd>${e.creditDebit}</CdtDbtInd>\n` +
        `        <Sts>\n          <Cd>${e.status}</Cd>\n        </Sts>\n` +
        (e.bookingDate
          ? `        <BookgDt>\n          <${e.bookingDate.length === 10 ? 'Dt' : 'DtTm'}>${e.bookingDate}</${e.bookingDate.length === 10 ? 'Dt' : 'DtTm'}>\n        </BookgDt>\n`
          : '') +
        '        <BkTxCd>\n          <Domn>\n            <Cd>PMNT</Cd>\n            <Fmly>\n              <Cd>ICDT</Cd>\n' +
        `              <SubFmlyCd>${e.returnReason ? 'RRTN' : 'DMCT'}</SubFmlyCd>\n` +
        '            </Fmly>\n          </Domn>\n        </BkTxCd>\n' +
        '        <NtryDtls>\n          <TxDtls>\n' +
        `            <Refs>\n              <EndToEndId>${e.endToEndId}</EndToEndId>\n            </Refs>\n` +
        `            <Amt Ccy="BOB">${e.amount}</Amt>\n` +
        `            <CdtDbtInd>${e.creditDebit}</CdtDbtInd>\n` +
        (e.returnReason
          ? `            <RtrInf>\n              <Rsn>\n                <Cd>${e.returnReason}</Cd>\n              </Rsn>\n            </RtrInf>\n`
          : '') +
        '          </TxDtls>\n        </NtryDtls>\n' +
        '      </Ntry>\n',
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.12">\n' +
    '  <BkToCstmrDbtCdtNtfctn>\n' +
    `    <GrpHdr>\n      <MsgId>${messageId}</MsgId>\n      <CreDtTm>2020-12-04T18:00:00-04:00</CreDtTm>\n    </GrpHdr>\n` +
    '    <Ntfctn>\n' +
    `      <Id>${messageId}-1</Id>\n` +
    '      <Acct>\n        <Id>\n          <Othr>\n            <Id>1-4567890</Id>\n          </Othr>\n        </Id>\n' +
    '        <Ccy>BOB</Ccy>\n      </Acct>\n' +
    body +
    '    </Ntfctn>\n  </BkToCstmrDbtCdtNtfctn>\n</Document>\n'
  );
}
