import type { RegistryCounts } from '../registry/index.ts';
import { formatCount } from '../shared/format.ts';
import { escapeHtml, type Lang, layout } from './html.ts';

const TEXT = {
  es: {
    title: 'Estado del registro',
    persons: 'Personas registradas',
    living: 'Con vida',
    abroad: 'Residentes en el exterior',
    byDepartment: 'Personas por departamento',
    department: 'Departamento',
    count: 'Personas',
    lists: 'Listas de otras instituciones',
    list: 'Lista',
    members: 'Personas en la lista',
    imports: 'Últimas importaciones',
    file: 'Archivo',
    kind: 'Tipo',
    status: 'Estado',
    read: 'Leídas',
    accepted: 'Aceptadas',
    rejected: 'Rechazadas',
    none: 'Aún no hay importaciones.',
  },
  en: {
    title: 'Registry status',
    persons: 'Registered persons',
    living: 'Living',
    abroad: 'Residing abroad',
    byDepartment: 'Persons by department',
    department: 'Department',
    count: 'Persons',
    lists: 'Lists from other institutions',
    list: 'List',
    members: 'Persons on the list',
    imports: 'Latest imports',
    file: 'File',
    kind: 'Kind',
    status: 'Status',
    read: 'Read',
    accepted: 'Accepted',
    rejected: 'Rejected',
    none: 'No imports yet.',
  },
} as const;

/**
 * The registry status page: counts only, never personal data.
 *
 * @example renderStatusPage(await registryCounts(db), 'es')
 */
export function renderStatusPage(c: RegistryCounts, lang: Lang): string {
  const t = TEXT[lang];
  const n = (v: number | bigint | null) => (v === null ? '—' : formatCount(v, lang));
  const body = `<h1>${t.title}</h1>
<table>
<tbody>
<tr><th scope="row">${t.persons}</th><td class="n" data-testid="persons">${n(c.persons)}</td></tr>
<tr><th scope="row">${t.living}</th><td class="n">${n(c.living)}</td></tr>
<tr><th scope="row">${t.abroad}</th><td class="n">${n(c.abroad)}</td></tr>
</tbody>
</table>
<table>
<caption>${t.byDepartment}</caption>
<thead><tr><th scope="col">${t.department}</th><th scope="col" class="n">${t.count}</th></tr></thead>
<tbody>
${c.byDepartment.map((d) => `<tr><td>${escapeHtml(d.name)}</td><td class="n">${n(d.persons)}</td></tr>`).join('\n')}
</tbody>
</table>
<table>
<caption>${t.lists}</caption>
<thead><tr><th scope="col">${t.list}</th><th scope="col" class="n">${t.members}</th></tr></thead>
<tbody>
${c.sourceLists
  .map(
    (l) =>
      `<tr><td>${escapeHtml(lang === 'es' ? l.titleEs : l.titleEn)}</td><td class="n">${n(l.members)}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>
<h2>${t.imports}</h2>
${
  c.lastImports.length === 0
    ? `<p>${t.none}</p>`
    : `<table>
<thead><tr><th scope="col">${t.kind}</th><th scope="col">${t.file}</th><th scope="col">${t.status}</th><th scope="col" class="n">${t.read}</th><th scope="col" class="n">${t.accepted}</th><th scope="col" class="n">${t.rejected}</th></tr></thead>
<tbody>
${c.lastImports
  .map(
    (i) =>
      `<tr><td>${escapeHtml(i.kind)}</td><td>${escapeHtml(i.fileName)}</td><td>${escapeHtml(i.status)}</td><td class="n">${n(i.rowsRead)}</td><td class="n">${n(i.rowsAccepted)}</td><td class="n">${n(i.rowsRejected)}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`
}`;
  return layout(lang, t.title, body, `?lang=${lang === 'es' ? 'en' : 'es'}`);
}
