import type { Child } from 'hono/jsx';

/**
 * Content pieces as components: notices, term–description lists, tables that scroll inside their
 * own box.
 */

export interface NoticeProps {
  /** `ok` for success, `err` for a problem, `info` otherwise. */
  kind: 'ok' | 'err' | 'info';
  title: string;
  /** Text becomes a paragraph; elements are kept as they are. */
  children?: Child;
}

/**
 * A notice box. Success and problems are live regions (`status`, `alert`) so a screen reader reads
 * them when the page opens.
 *
 * @example <Notice kind="ok" title="Su reclamo fue registrado"><p>Referencia …</p></Notice>
 */
export function Notice(p: NoticeProps) {
  const role = p.kind === 'ok' ? 'status' : p.kind === 'err' ? 'alert' : undefined;
  const body = p.children;
  return (
    <div class={p.kind === 'info' ? 'nt' : `nt ${p.kind}`} role={role}>
      <h2>{p.title}</h2>
      {typeof body === 'string' ? <p>{body}</p> : (body ?? null)}
    </div>
  );
}

/**
 * Term–description pairs (a summary list).
 *
 * @example <DefinitionList items={[['Monto', 'Bs 1.000,00'], ['Estado', <strong>Cobrado</strong>]]} />
 */
export function DefinitionList({ items }: { items: readonly (readonly [string, Child])[] }) {
  return (
    <dl class="s">
      {items.map(([term, description]) => (
        <div>
          <dt>{term}</dt>
          <dd>{description}</dd>
        </div>
      ))}
    </dl>
  );
}

export interface Column {
  label: string;
  /** Right-aligned with tabular figures. */
  numeric?: boolean;
}

export interface TableProps {
  /** The caption; also the name of the scrolling box for screen readers. */
  caption?: string;
  /** The box's name when there is no caption (a table under a heading). */
  label?: string;
  columns: readonly Column[];
  rows: readonly (readonly Child[])[];
  /** A row of totals at the foot, its first cell a row header. */
  foot?: readonly Child[];
}

/**
 * A table with its column headers, inside a box that scrolls sideways on a narrow screen (so a
 * back-office table never makes a phone's page 1,000 px wide). The box is a labelled section (a
 * region) a keyboard can reach, as a scrolling area must be (WCAG 2.1.1; axe's scrollable-region-focusable).
 *
 * @example <Table caption="Pagos" columns={[{ label: 'Día' }, { label: 'Pagos', numeric: true }]} rows={[['2020-12-01', '1.204']]} />
 */
export function Table(p: TableProps) {
  const cls = (i: number) => (p.columns[i]?.numeric ? 'n' : undefined);
  return (
    <section class="tw" aria-label={p.caption ?? p.label} tabindex={0}>
      <table>
        {p.caption ? <caption>{p.caption}</caption> : null}
        <thead>
          <tr>
            {p.columns.map((c, i) => (
              <th scope="col" class={cls(i)}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              {r.map((cell, i) => (
                <td class={cls(i)}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
        {p.foot ? (
          <tfoot>
            <tr>
              {p.foot.map((cell, i) =>
                i === 0 ? <th scope="row">{cell}</th> : <td class={cls(i)}>{cell}</td>,
              )}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </section>
  );
}
