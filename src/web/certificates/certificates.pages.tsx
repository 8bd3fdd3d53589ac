import type { Child } from 'hono/jsx';
import type { CardData, StepReport, VerifiedSummary } from '../../certificates/index.ts';
import { qrMatrix } from '../../certificates/index.ts';
import { formatDate, pageMessages } from '../../messages/index.ts';
import {
  DefinitionList,
  ErrorSummary,
  FileInput,
  Form,
  HiddenField,
  Layout,
  Notice,
  Select,
  SubmitButton,
  Table,
  TextArea,
} from '../components/index.ts';
import { errorList, TripleFields, type TripleValues } from '../portal/portal.forms.tsx';
import { link, type PortalContext } from '../portal/portal-layout.tsx';

/**
 * The certificate pages (issue #19): the citizen's card at `/certificado` (the identity form, then
 * the certificate with its QR code drawn as inline SVG and a form that downloads the PDF: no
 * script), and the verifier at `/certificado/verificar` (a form that verifies on the server, which
 * ./verifier.client.js turns into an offline verifier once the trust list is loaded). Every word
 * from src/messages/<lang>/pages/certificates.ts.
 */

export const CERTIFICATE_PAGES = {
  card: '/certificado',
  answer: '/certificado/consulta',
  pdf: '/certificado/carnet',
  verify: '/certificado/verificar',
  script: '/certificado/verificar/verificador.js',
  /** The offline verifier's service worker; its scope is the verifier page. */
  serviceWorker: '/certificado/verificador-sw.js',
} as const;

type Section = 'card' | 'verify';

function CertificatesLayout(p: { ctx: PortalContext; title: string; section: Section; children?: Child }) {
  const { ctx } = p;
  const nav = pageMessages(ctx.lang).certificates.citizen.nav;
  return (
    <Layout
      lang={ctx.lang}
      title={p.title}
      path={ctx.pathWithQuery}
      nav={[
        { href: link(ctx, CERTIFICATE_PAGES.card), label: nav.card, current: p.section === 'card' },
        { href: link(ctx, CERTIFICATE_PAGES.verify), label: nav.verify, current: p.section === 'verify' },
        { href: link(ctx, '/vacunas'), label: nav.vaccines, current: false },
      ]}
      homeHref={link(ctx, CERTIFICATE_PAGES.card)}
    >
      <h1>{p.title}</h1>
      {p.children}
    </Layout>
  );
}

/** The identity form, with a notice (not found, no doses, too many tries) when given. */
export function CardFormPage(p: {
  ctx: PortalContext;
  values: TripleValues;
  errors: Record<string, string>;
  notice?: { title: string; text: string } | undefined;
}) {
  const { ctx } = p;
  const w = pageMessages(ctx.lang).certificates.citizen;
  return (
    <CertificatesLayout ctx={ctx} title={w.title} section="card">
      {p.notice ? (
        <Notice kind="err" title={p.notice.title}>
          {p.notice.text}
        </Notice>
      ) : null}
      <p>{w.intro}</p>
      <ErrorSummary errors={errorList(p.errors)} lang={ctx.lang} />
      <Form action={link(ctx, CERTIFICATE_PAGES.answer)} csrfToken={ctx.csrfToken}>
        <TripleFields values={p.values} errors={p.errors} lang={ctx.lang} />
        <SubmitButton>{w.submit}</SubmitButton>
      </Form>
      <p>{w.privacy}</p>
      <p>
        <a href={link(ctx, CERTIFICATE_PAGES.verify)}>{w.verifyLink}</a>
      </p>
    </CertificatesLayout>
  );
}

/**
 * A QR code as inline SVG: one path of unit squares, a quiet zone of 4 modules, scaled by the
 * browser. An image without a request (the portal's policy allows no other origin).
 */
export function QrSvg({ text, label }: { text: string; label: string }) {
  const qr = qrMatrix(text);
  const parts: string[] = [];
  for (let row = 0; row < qr.size; row++) {
    let col = 0;
    while (col < qr.size) {
      if (!qr.dark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < qr.size && qr.dark(row, col)) col++;
      parts.push(`M${start + 4} ${row + 4}h${col - start}v1h${start - col}z`);
    }
  }
  const side = qr.size + 8;
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${side} ${side}`}
      width="320"
      height="320"
      shape-rendering="crispEdges"
      style="max-width:100%;height:auto;background:#fff"
    >
      <path d={parts.join('')} fill="#000" />
    </svg>
  );
}

/** The citizen's certificate: who, the doses, the QR code, and the PDF download form. */
export function CardPage(p: { ctx: PortalContext; values: TripleValues; card: CardData }) {
  const { ctx, card } = p;
  const lang = ctx.lang;
  const words = pageMessages(lang).certificates;
  const w = words.citizen;
  const c = words.card;
  return (
    <CertificatesLayout ctx={ctx} title={w.cardTitle} section="card">
      <DefinitionList
        items={[
          [c.name, `${card.givenNames} ${card.surnames}`],
          [c.ci, c.ciValue(card.ciNumber, card.complemento)],
          [c.dateOfBirth, formatDate(card.dateOfBirth, lang)],
        ]}
      />
      <QrSvg text={card.hc1} label={w.qrAlt} />
      <p>{w.qrHelp}</p>
      <Table
        caption={c.doses}
        columns={[
          { label: c.dose },
          { label: c.product },
          { label: c.lot },
          { label: c.date },
          { label: c.site },
        ]}
        rows={card.doses.map((d) => [
          c.doseOrdinal(d.doseNumber),
          d.productName,
          d.lotNumber,
          formatDate(d.givenOn, lang),
          d.siteName ?? c.noSite,
        ])}
      />
      <DefinitionList
        items={[
          [c.certificateId, <span style="overflow-wrap:anywhere">{card.uvci}</span>],
          [c.issuedOn, formatDate(card.issuedAt.toISOString().slice(0, 10), lang)],
          [c.validUntil, formatDate(card.expiresAt.toISOString().slice(0, 10), lang)],
        ]}
      />
      <h2>{w.download}</h2>
      <Form action={link(ctx, CERTIFICATE_PAGES.pdf)} csrfToken={ctx.csrfToken}>
        <HiddenField name="ci" value={p.values.ci} />
        <HiddenField name="complemento" value={p.values.complemento} />
        <HiddenField name="dob-day" value={p.values.dob.day} />
        <HiddenField name="dob-month" value={p.values.dob.month} />
        <HiddenField name="dob-year" value={p.values.dob.year} />
        <Select
          name="tamano"
          label={w.size}
          value="a4"
          choices={[
            { value: 'a4', label: w.sizeA4 },
            { value: 'wallet', label: w.sizeWallet },
          ]}
        />
        <SubmitButton>{w.download}</SubmitButton>
      </Form>
    </CertificatesLayout>
  );
}

/** A verification's outcome as the page shows it: the steps, and what a valid certificate says. */
export interface VerifierOutcome {
  steps: StepReport[];
  summary: VerifiedSummary | null;
  /** The failure's own words (src/messages), when it failed. */
  reason: string | null;
}

/** The outcome: valid or not (and why), each step in words, what the certificate says. */
export function VerifierResult(p: { ctx: PortalContext; outcome: VerifierOutcome; where: string }) {
  const lang = p.ctx.lang;
  const w = pageMessages(lang).certificates.verifier;
  const { outcome } = p;
  const s = outcome.summary;
  return (
    <section id="resultado" aria-labelledby="resultado-titulo">
      <div class={s ? 'nt ok' : 'nt err'} role={s ? 'status' : 'alert'}>
        <h2 id="resultado-titulo">{s ? w.validTitle : w.invalidTitle}</h2>
        {outcome.reason ? <p>{outcome.reason}</p> : null}
        <p>{p.where}</p>
      </div>
      {s ? (
        <>
          <DefinitionList
            items={[
              [w.name, s.name],
              [w.dateOfBirth, formatDate(s.dateOfBirth, lang)],
              [w.dose, w.doseOf(s.doseNumber, s.seriesDoses)],
              [w.vaccinatedOn, formatDate(s.vaccinatedOn, lang)],
              [w.product, s.product],
              [w.certificateId, <span style="overflow-wrap:anywhere">{s.uvci}</span>],
              [w.validUntil, formatDate(s.expiresAt.toISOString().slice(0, 10), lang)],
            ]}
          />
          <p>{w.compare}</p>
        </>
      ) : null}
      <h3>{w.stepsTitle}</h3>
      <ol class="pasos">
        {outcome.steps.map((step) => (
          <li data-step={step.step} data-state={step.state}>
            {w.steps[step.step]}:{' '}
            <strong>
              {step.state === 'passed' ? w.passed : step.state === 'failed' ? w.failed : w.notReached}
            </strong>
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * The verifier: the form (posted to the server without script), the CSCA fingerprint the script
 * pins, and the outcome of a server verification when there is one. The words the script needs are
 * in a data attribute (JSON), so it shows the same words as the server.
 */
export function VerifierPage(p: {
  ctx: PortalContext;
  text: string;
  cscaFingerprint: string | null;
  outcome?: VerifierOutcome | undefined;
  error?: string | undefined;
  /** What is wrong with an uploaded image of the QR code. */
  imageError?: string | undefined;
  /** The largest image, in MB, as the reader writes numbers. */
  imageMaxMb: string;
}) {
  const { ctx } = p;
  const w = pageMessages(ctx.lang).certificates.verifier;
  const errors = [
    ...(p.error ? [{ name: 'hc1', message: p.error }] : []),
    ...(p.imageError ? [{ name: 'imagen', message: p.imageError }] : []),
  ];
  const clientWords = {
    steps: w.steps,
    passed: w.passed,
    failed: w.failed,
    notReached: w.notReached,
    validTitle: w.validTitle,
    invalidTitle: w.invalidTitle,
    stepsTitle: w.stepsTitle,
    failedAt: w.failedAt('{0}'),
    onDevice: w.onDevice,
    trustLoaded: w.trustLoaded('{0}'),
    trustCached: w.trustCached('{0}'),
    trustFailed: w.trustFailed,
    name: w.name,
    dateOfBirth: w.dateOfBirth,
    dose: w.dose,
    doseOf: w.doseOf(0, 1).replace('0', '{0}').replace('1', '{1}'),
    vaccinatedOn: w.vaccinatedOn,
    product: w.product,
    certificateId: w.certificateId,
    validUntil: w.validUntil,
    compare: w.compare,
    offlineReady: w.offlineReady,
  };
  return (
    <CertificatesLayout ctx={ctx} title={w.title} section="verify">
      <p>{w.intro}</p>
      <h2>{w.trustTitle}</h2>
      {p.cscaFingerprint ? (
        <>
          <p>{w.trustFingerprint}:</p>
          <p>
            <code id="huella">{p.cscaFingerprint}</code>
          </p>
        </>
      ) : (
        <p>{w.trustNone}</p>
      )}
      <p id="estado-lista" aria-live="polite" />
      <ErrorSummary errors={errors} lang={ctx.lang} />
      <div
        id="verificador"
        data-fingerprint={p.cscaFingerprint ?? ''}
        data-trust-list="/api/certificates/trust-list"
        data-service-worker={CERTIFICATE_PAGES.serviceWorker}
        data-service-worker-scope={CERTIFICATE_PAGES.verify}
        data-lang={ctx.lang}
        data-clock={ctx.simulatedNow ? String(ctx.simulatedNow.getTime()) : undefined}
        data-words={JSON.stringify(clientWords)}
      >
        <Form action={link(ctx, CERTIFICATE_PAGES.verify)} csrfToken={ctx.csrfToken} multipart>
          <TextArea name="hc1" label={w.label} hint={w.hint} value={p.text} rows={6} error={p.error} />
          <FileInput
            name="imagen"
            label={w.imageLabel}
            hint={w.imageHint(p.imageMaxMb)}
            accept="image/png,image/jpeg"
            error={p.imageError}
          />
          <SubmitButton>{w.submit}</SubmitButton>
        </Form>
      </div>
      <div id="salida" aria-live="polite">
        {p.outcome ? <VerifierResult ctx={ctx} outcome={p.outcome} where={w.onServer} /> : null}
      </div>
      <script src={CERTIFICATE_PAGES.script} defer />
    </CertificatesLayout>
  );
}
