import { formatDate, formatNumber, pageMessages } from '../messages/index.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import type { Lang } from '../shared/lang.ts';
import type { CountValue, PublicRegistryStatus } from '../transparency/index.ts';
import { hrefWithLang, Layout, pageHtml, Table } from './components/index.ts';

/** A published count: the number, or its mark ("<5", "x"). */
function published(v: CountValue, lang: Lang): string {
  return typeof v === 'bigint' ? formatNumber(v, lang) : v;
}

/**
 * The registry status page, public, and ayni's front door (`/`): where a visitor goes next — the
 * citizen pages, the transparency portal, the back office —, then the published figures only —
 * small counts suppressed as on /transparencia (src/transparency/registry-status.ts says what and
 * why), no file names, no personal data. Officers see the exact figures in the back office. An
 * import's kind and status are worded by the catalogue, never shown as their codes.
 *
 * @example c.html(<RegistryStatusPage status={await loadPublicRegistryStatus(db, now)} lang="es" />)
 */
export function RegistryStatusPage({ status: s, lang }: { status: PublicRegistryStatus; lang: Lang }) {
  const t = pageMessages(lang).registryStatus;
  const reg = s.registry;
  const listTitle = (l: PublicRegistryStatus['sourceLists'][number]) =>
    lang === 'es' ? l.titleEs : l.titleEn;
  const kindOf = (kind: string) => {
    if (kind === 'persons') return t.importKind.persons;
    const list = s.sourceLists.find((l) => l.name === kind);
    return list ? listTitle(list) : t.importKind.list;
  };
  const statuses: Readonly<Record<string, string>> = t.importStatus;
  const doors = [
    { href: '/bono', ...t.doors.portal },
    { href: '/transparencia', ...t.doors.transparency },
    { href: '/oficina', ...t.doors.office },
  ];
  return (
    <Layout lang={lang} title={t.title} path={`/?lang=${lang}`}>
      <h1>{t.title}</h1>
      <nav aria-label={t.goTo}>
        <ul>
          {doors.map((d) => (
            <li>
              <a href={hrefWithLang(d.href, lang)}>{d.label}</a> — {d.text}
            </li>
          ))}
        </ul>
      </nav>
      <table>
        <tbody>
          <tr>
            <th scope="row">{t.persons}</th>
            <td class="n" data-testid="persons">
              {published(reg.persons, lang)}
            </td>
          </tr>
          <tr>
            <th scope="row">{t.countedOn}</th>
            <td>{formatDate(reg.asOf, lang)}</td>
          </tr>
        </tbody>
      </table>
      <Table
        caption={t.byDepartment}
        columns={[{ label: t.department }, { label: t.count, numeric: true }]}
        rows={reg.population.rows.map((row) => [
          String(row['department']),
          published(row['registry'] as CountValue, lang),
        ])}
        foot={[t.total, published(reg.persons, lang)]}
      />
      <p>{t.marks}</p>
      <p>
        <a href={hrefWithLang('/transparencia/registro', lang)}>{t.compare}</a>
      </p>
      <Table
        caption={t.lists}
        columns={[{ label: t.list }, { label: t.members, numeric: true }]}
        rows={s.sourceLists.map((l) => [listTitle(l), published(l.members, lang)])}
      />
      <h2>{t.imports}</h2>
      {s.lastImports.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <Table
          label={t.imports}
          columns={[{ label: t.kind }, { label: t.status }, { label: t.finished }]}
          rows={s.lastImports.map((i) => [
            kindOf(i.kind),
            statuses[i.status] ?? t.importStatus.other,
            i.finishedAt
              ? formatDate(toIsoDateInBolivia(i.finishedAt), lang)
              : pageMessages(lang).common.none,
          ])}
        />
      )}
    </Layout>
  );
}

/**
 * The registry status page as HTML (the core routes of src/http/server.ts send it).
 *
 * @example c.html(renderStatusPage(await loadPublicRegistryStatus(db, clockOf(app)()), 'es'))
 */
export function renderStatusPage(s: PublicRegistryStatus, lang: Lang): string {
  return pageHtml(<RegistryStatusPage status={s} lang={lang} />);
}
