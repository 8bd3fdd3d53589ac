import type { Context } from 'hono';
import type { AccessEnv } from '../../access/index.ts';
import { pageMessages } from '../../messages/index.ts';
import { PORTAL, type PortalContext, PortalLayout } from './portal-layout.tsx';

/**
 * A form post over MAX_FORM_BYTES: what happened and what to do (the route helper reads no further).
 *
 * @example c.html(<TooLongPage ctx={ctx} />, 413)
 */
export function TooLongPage({ ctx }: { ctx: PortalContext }) {
  const w = pageMessages(ctx.lang).portal.tooLong;
  return (
    <PortalLayout ctx={ctx} title={w.title} section={PORTAL.status}>
      <h1>{w.title}</h1>
      <p>{w.text}</p>
    </PortalLayout>
  );
}

/**
 * The `onTooLarge` answer of every portal form, in the reader's language.
 *
 * @example defineRoute(router, { …, onTooLarge: tooLong(contextOf) })
 */
export function tooLong(contextOf: (c: Context<AccessEnv>) => PortalContext) {
  return (c: Context<AccessEnv>) => c.html(<TooLongPage ctx={contextOf(c)} />, 413);
}
