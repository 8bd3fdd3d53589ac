import { formatLongDate, toIsoDateInBolivia } from '../shared/dates.ts';
import { formatCount } from '../shared/format.ts';
import type { Lang } from '../shared/lang.ts';
import type { CountValue, PublicRegistryStatus } from '../transparency/index.ts';
import { escapeHtml, hrefWithLang, layout } from './html.ts';

const TEXT = {
  es: {
    title: 'Estado del registro',
    persons: 'Personas con vida residentes en Bolivia',
    countedOn: 'Contadas el',
    byDepartment: 'Personas con vida residentes en Bolivia, por departamento',
    department: 'Departamento',
    count: 'Personas',
    total: 'Total',
    compare: 'Comparación con la proyección del INE y datos abiertos',
    marks:
      'Las cifras de 1 a 4 se muestran como «&lt;5», y «x» marca una cifra retenida para que no se pueda deducir otra.',
    lists: 'Listas de otras instituciones',
    list: 'Lista',
    members: 'Personas en la lista',
    imports: 'Últimas importaciones',
    kind: 'Tipo',
    status: 'Estado',
    finished: 'Terminada el',
    none: 'Aún no hay importaciones.',
  },
  en: {
    title: 'Registry status',
    persons: 'Living persons residing in Bolivia',
    countedOn: 'Counted on',
    byDepartment: 'Living persons residing in Bolivia, by department',
    department: 'Department',
    count: 'Persons',
    total: 'Total',
    compare: "Comparison with INE's projection, and open data",
    marks:
      'Counts of 1 to 4 show as "&lt;5", and "x" marks a figure withheld so that another cannot be worked out.',
    lists: 'Lists from other institutions',
    list: 'List',
    members: 'Persons on the list',
    imports: 'Latest imports',
    kind: 'Kind',
    status: 'Status',
    finished: 'Finished on',
    none: 'No imports yet.',
  },
} as const;

/** A published count: the number, or its mark ("<5", "x"). */
function published(v: CountValue, lang: Lang): string {
  return typeof v === 'bigint' ? formatCount(v, lang) : escapeHtml(v);
}

/**
 * The registry status page, public: published figures only — small counts suppressed as on
 * /transparencia (src/transparency/registry-status.ts says what and why), no file names, no
 * personal data. Officers see the exact figures in the back office.
 *
 * @example renderStatusPage(await loadPublicRegistryStatus(db, clockOf(app)()), 'es')
 */
export function renderStatusPage(s: PublicRegistryStatus, lang: Lang): string {
  const t = TEXT[lang];
  const reg = s.registry;
  const departments = reg.population.rows.map((row) => {
    const name = row['department'] as { es: string; en: string };
    return `<tr><td>${escapeHtml(name[lang])}</td><td class="n">${published(row['registry'] as CountValue, lang)}</td></tr>`;
  });
  const body = `<h1>${t.title}</h1>
<table>
<tbody>
<tr><th scope="row">${t.persons}</th><td class="n" data-testid="persons">${published(reg.persons, lang)}</td></tr>
<tr><th scope="row">${t.countedOn}</th><td>${escapeHtml(formatLongDate(reg.asOf, lang))}</td></tr>
</tbody>
</table>
<table>
<caption>${t.byDepartment}</caption>
<thead><tr><th scope="col">${t.department}</th><th scope="col" class="n">${t.count}</th></tr></thead>
<tbody>
${departments.join('\n')}
</tbody>
<tfoot><tr><th scope="row">${t.total}</th><td class="n">${published(reg.persons, lang)}</td></tr></tfoot>
</table>
<p>${t.marks}</p>
<p><a href="${escapeHtml(hrefWithLang('/transparencia/registro', lang))}">${t.compare}</a></p>
<table>
<caption>${t.lists}</caption>
<thead><tr><th scope="col">${t.list}</th><th scope="col" class="n">${t.members}</th></tr></thead>
<tbody>
${s.sourceLists
  .map(
    (l) =>
      `<tr><td>${escapeHtml(lang === 'es' ? l.titleEs : l.titleEn)}</td><td class="n">${published(l.members, lang)}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>
<h2>${t.imports}</h2>
${
  s.lastImports.length === 0
    ? `<p>${t.none}</p>`
    : `<table>
<thead><tr><th scope="col">${t.kind}</th><th scope="col">${t.status}</th><th scope="col">${t.finished}</th></tr></thead>
<tbody>
${s.lastImports
  .map(
    (i) =>
      `<tr><td>${escapeHtml(i.kind)}</td><td>${escapeHtml(i.status)}</td><td>${i.finishedAt ? escapeHtml(formatLongDate(toIsoDateInBolivia(i.finishedAt), lang)) : '—'}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`
}`;
  return layout(lang, t.title, body, `?lang=${lang === 'es' ? 'en' : 'es'}`);
}
