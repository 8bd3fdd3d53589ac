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
