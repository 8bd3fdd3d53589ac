import { z } from 'zod';
import { type AuditEntry, auditEntriesAfter, listAuditEntries, verifyAuditChain } from '../../audit/index.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import { pageHtml } from '../components/index.ts';
import { loadActorNames } from './actor-names.ts';
import { AUDIT_PAGE_SIZE, AuditPage } from './audit.pages.tsx';
import {
  OFFICE_TAGS,
  type OfficeContext,
  type OfficeDeps,
  pageContext,
  pageResponses,
  sendPage,
} from './office.context.ts';

/**
 * The audit trail in the back office, for readers holding audit.read (the auditor, the
 * administrator): what `ayni audit show` and `ayni audit verify` do (src/cli/audit.commands.ts),
 * read only. Nothing here changes anything, so nothing here is audited.
 */
export function auditRoutes(router: Router, { app }: OfficeDeps): void {
  /**
   * A page of entries ending just before `before` (the newest when undefined), oldest first, and
   * where the next older page ends. Sequence numbers run without gaps in an intact trail, so a
   * page is the range below `before`; a broken trail may show a shorter page, which the
   * verification explains.
   */
  const entriesBefore = async (before: bigint | undefined) => {
    let entries: AuditEntry[];
    if (before === undefined) entries = await listAuditEntries(app.db, { last: AUDIT_PAGE_SIZE });
    else {
      const after = before - 1n - BigInt(AUDIT_PAGE_SIZE) > 0n ? before - 1n - BigInt(AUDIT_PAGE_SIZE) : 0n;
      const count = Number(before - 1n - after);
      entries = count > 0 ? await auditEntriesAfter(app.db, after, count) : [];
    }
    const first = entries[0]?.seq;
    return { entries, olderBefore: first !== undefined && first > 1n ? first : undefined };
  };

  const page = async (c: OfficeContext, before: bigint | undefined, verify: boolean) => {
    const verification = verify ? await verifyAuditChain(app.db) : undefined;
    const { entries, olderBefore } = await entriesBefore(before);
    return sendPage(
      c,
      pageHtml(
        <AuditPage
          ctx={pageContext(c)}
          entries={entries}
          names={await loadActorNames(app.db)}
          olderBefore={olderBefore}
          paged={before !== undefined}
          verification={verification}
        />,
      ),
    );
  };

  defineRoute(router, {
    method: 'get',
    path: '/bitacora',
    operationId: 'officeAuditTrail',
    summary: { es: 'Bitácora de auditoría', en: 'Audit trail' },
    description: {
      es: 'Las últimas entradas (o las anteriores a una), con quién por su nombre y qué en palabras.',
      en: 'The latest entries (or those before one), who by name and what in words.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'audit.read' },
    request: {
      query: z.object({
        antes: z.coerce.bigint().min(1n).max(BigInt(Number.MAX_SAFE_INTEGER)).optional().meta({
          description: 'Show the entries before this sequence number.',
        }),
      }),
    },
    responses: pageResponses('The entries.'),
    handler: (c, { query }) => page(c, query.antes, false),
  });

  defineRoute(router, {
    method: 'get',
    path: '/bitacora/verificacion',
    operationId: 'officeAuditVerify',
    summary: { es: 'Verificar la cadena de la bitácora', en: 'Verify the audit trail’s chain' },
    description: {
      es: 'Recalcula la cadena de huellas desde la primera entrada (verifyAuditChain, como `ayni audit verify`) y muestra si está intacta, con la huella de la última entrada, o dónde se rompe.',
      en: 'Recomputes the hash chain from the first entry (verifyAuditChain, as `ayni audit verify`) and shows whether it is intact, with the last entry’s hash, or where it breaks.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'audit.read' },
    responses: pageResponses('The verification and the latest entries.'),
    handler: (c) => page(c, undefined, true),
  });
}
