import type { AuditEntry, AuditVerification } from '../../audit/index.ts';
import { formatInstant, formatNumber, pageMessages } from '../../messages/index.ts';
import type { Lang } from '../../shared/lang.ts';
import { Form, HiddenField, Notice, SubmitButton, Table } from '../components/index.ts';
import { AUDIT } from './access-screens.ts';
import { type ActorNames, actorName, credentialName } from './actor-names.ts';
import { href, type PageContext } from './backoffice.page.ts';
import { OfficeLayout } from './office-layout.tsx';
import { OfficeLink } from './office-link.tsx';

/**
 * The audit trail as the auditor reads it (the route: ./audit.routes.tsx; the words:
 * src/messages/<lang>/pages/access.ts): the latest entries, newest first — who by name, what in
 * words, about which thing — a page of older ones, and the verification of the hash chain
 * (`ayni audit verify` in the browser) with its result.
 */

/** Entries shown per page. */
export const AUDIT_PAGE_SIZE = 50;

/**
 * An action of the trail in words; one the catalogue does not know yet is "another action" (its
 * code stays in the row's `data-action`, never in the text).
 *
 * @example actionInWords('account.created', 'es') // 'Creó una cuenta'
 */
export function actionInWords(action: string, lang: Lang): string {
  const actions: Record<string, string> = pageMessages(lang).access.actions;
  return Object.hasOwn(actions, action) ? (actions[action] as string) : actions.other!;
}

/** The outcome of a verification, ok or where the chain breaks. */
function Verification({ lang, v }: { lang: Lang; v: AuditVerification }) {
  const w = pageMessages(lang).access.audit;
  if (!v.ok)
    return (
      <div data-testid="audit-verification" data-ok="false">
        <Notice kind="err" title={w.broken}>
          <p>{w.problem[v.problem.kind]}</p>
          <p>{w.brokenBody(formatNumber(v.problem.seq, lang), formatNumber(v.entriesChecked, lang))}</p>
        </Notice>
      </div>
    );
  if (v.entries === 0n)
    return (
      <div data-testid="audit-verification" data-ok="true">
        <Notice kind="ok" title={w.verifiedOk} children={w.verifiedEmpty} />
      </div>
    );
  return (
    <div data-testid="audit-verification" data-ok="true">
      <Notice kind="ok" title={w.verifiedOk}>
        <p>{w.verifiedOkBody(formatNumber(v.entries, lang), formatNumber(v.headSeq, lang))}</p>
        <p>
          {w.headHash}: <code data-testid="audit-head">{`${v.headSeq}:${v.headHash}`}</code>
        </p>
      </Notice>
    </div>
  );
}

/**
 * The audit trail's page: the verification's result when one was asked for, the button that asks
 * for it, the entries (newest first), and the link to older entries.
 *
 * @example sendPage(c, pageHtml(<AuditPage ctx={ctx} entries={entries} names={names} />))
 */
export function AuditPage(p: {
  ctx: PageContext;
  /** Oldest first, as the trail gives them. */
  entries: readonly AuditEntry[];
  names: ActorNames;
  /** The sequence number before which the older page starts, when there are older entries. */
  olderBefore?: bigint | undefined;
  /** Whether this is a page of older entries (a link back to the newest). */
  paged?: boolean;
  verification?: AuditVerification | undefined;
}) {
  const { ctx } = p;
  const L = ctx.lang;
  const w = pageMessages(L).access.audit;
  return (
    <OfficeLayout ctx={ctx} title={w.title} section={AUDIT}>
      {p.verification ? <Verification lang={L} v={p.verification} /> : null}
      <p>{w.intro}</p>
      <Form action={href(L, `${AUDIT}/verificacion`)} method="get">
        <p class="h">{w.verifyHint}</p>
        {/* A GET form replaces the action's query: the language goes as a field. */}
        <HiddenField name="lang" value={L} />
        <SubmitButton>{w.verify}</SubmitButton>
      </Form>
      {p.entries.length === 0 ? (
        <p>{w.empty}</p>
      ) : (
        <Table
          caption={w.caption}
          columns={[
            { label: w.seq, numeric: true },
            { label: w.at },
            { label: w.actor },
            { label: w.action },
            { label: w.entity },
          ]}
          rows={[...p.entries].reverse().map((e) => [
            formatNumber(e.seq, L),
            formatInstant(e.at, L),
            actorName(e.actor, ctx, p.names),
            <span data-action={e.action}>{actionInWords(e.action, L)}</span>,
            // A credential's key (ak_…) is no name for a reader: its organisation or owner is.
            e.entityType === 'api_credential' && e.entityId
              ? credentialName(e.entityId, ctx, p.names)
              : (e.entityId ?? ''),
          ])}
        />
      )}
      <p>
        {p.olderBefore !== undefined ? (
          <a href={href(L, AUDIT, { antes: p.olderBefore })}>{w.older}</a>
        ) : null}
        {p.paged ? (
          <>
            {' '}
            <OfficeLink ctx={ctx} path={AUDIT}>
              {w.newest}
            </OfficeLink>
          </>
        ) : null}
      </p>
    </OfficeLayout>
  );
}
