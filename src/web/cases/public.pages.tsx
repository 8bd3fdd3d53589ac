import type { PublicCase, PublishedCaseEntry } from '../../cases/index.ts';
import { formatDate, formatInstant, formatNumber, pageMessages } from '../../messages/index.ts';
import type { Lang } from '../../shared/lang.ts';
import { DefinitionList, hrefWithLang, Layout, Table } from '../components/index.ts';
import { EventSummary, word } from './case-parts.tsx';
import { PUBLISHED_CASES, publicCasePath } from './case-paths.ts';

/**
 * The public version of a case file on the portal (issue #21 §6): what its investigators
 * published — events, victims by event and cause, persons by code (a name only for a victim who
 * is not protected), evidence that is not restricted, by hash. Public, no script.
 */

export function PublicCasePage({ version, lang }: { version: PublicCase; lang: Lang }) {
  const w = pageMessages(lang).cases;
  const title = w.public.title(version.title);
  const events = new Map(version.events.map((e) => [e.id, e.title]));
  return (
    <Layout lang={lang} title={title} path={hrefWithLang(publicCasePath(version.code), lang)}>
      <h1>{title}</h1>
      <p>{w.public.intro}</p>
      <p>{w.public.publishedOn(formatInstant(new Date(version.publishedAt), lang))}</p>
      <DefinitionList
        items={[
          [w.file.opened, formatDate(version.openedOn, lang)],
          [w.file.summary, version.summary === '' ? w.dash : version.summary],
        ]}
      />
      <h2>{w.public.events}</h2>
      <ol>
        {version.events.map((e) => (
          <li>
            <EventSummary
              event={{ ...e, startsAt: new Date(e.startsAt), endsAt: new Date(e.endsAt) }}
              lang={lang}
            />
          </li>
        ))}
      </ol>
      <h2>{w.public.victims}</h2>
      <Table
        label={w.public.victims}
        columns={[
          { label: w.public.eventColumn },
          { label: w.public.causeColumn },
          { label: w.public.countColumn, numeric: true },
          { label: w.public.sourcesColumn, numeric: true },
        ]}
        rows={version.victims.map((v) => [
          events.get(v.eventId) ?? w.dash,
          word(w.causes, v.cause, lang),
          formatNumber(v.victims, lang),
          formatNumber(v.sources, lang),
        ])}
      />
      <h2>{w.public.persons}</h2>
      <Table
        label={w.public.persons}
        columns={[
          { label: w.file.personCodeColumn },
          { label: w.file.nameColumn },
          { label: w.file.rolesColumn },
        ]}
        rows={version.persons.map((p) => [
          p.code,
          p.name ?? w.public.withheld,
          p.roles.map((r) => word(w.personRoles, r, lang)).join(', '),
        ])}
      />
      <h2>{w.public.evidence}</h2>
      {version.items.length === 0 ? (
        <p>{w.public.noEvidence}</p>
      ) : (
        <Table
          label={w.public.evidence}
          columns={[
            { label: w.file.itemTitleColumn },
            { label: w.file.kindColumn },
            { label: w.file.sizeColumn, numeric: true },
            { label: w.item.sha256 },
          ]}
          rows={version.items.map((i) => [
            i.title,
            word(w.evidenceKinds, i.kind, lang),
            w.file.bytes(formatNumber(BigInt(i.byteLength), lang)),
            <code>{i.sha256}</code>,
          ])}
        />
      )}
    </Layout>
  );
}

/** No public version under this code. */
export function PublicCaseNotFoundPage({ lang, code }: { lang: Lang; code: string }) {
  const w = pageMessages(lang).cases;
  return (
    <Layout lang={lang} title={w.notFound.title} path={hrefWithLang(publicCasePath(code), lang)}>
      <h1>{w.notFound.title}</h1>
      <p>{w.public.notFound}</p>
    </Layout>
  );
}

/** The transparency portal's list of published case files, each linked to its public version. */
export function PublishedCasesPage({ cases, lang }: { cases: readonly PublishedCaseEntry[]; lang: Lang }) {
  const w = pageMessages(lang).cases.portal;
  const nav = pageMessages(lang).transparency.nav;
  return (
    <Layout lang={lang} title={w.title} path={hrefWithLang(PUBLISHED_CASES, lang)}>
      <h1>{w.title}</h1>
      <p>
        <a href={hrefWithLang('/transparencia', lang)}>{nav.overview}</a>
      </p>
      <p>{w.intro}</p>
      {cases.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <Table
          label={w.title}
          columns={[
            { label: w.codeColumn },
            { label: w.titleColumn },
            { label: w.eventsColumn, numeric: true },
            { label: w.publishedColumn },
            { label: w.versionColumn, numeric: true },
          ]}
          rows={cases.map((c) => [
            <a href={hrefWithLang(publicCasePath(c.code), lang)} data-testid={`published-${c.code}`}>
              {c.code}
            </a>,
            c.title,
            formatNumber(c.events, lang),
            formatInstant(new Date(c.publishedAt), lang),
            formatNumber(c.version, lang),
          ])}
        />
      )}
    </Layout>
  );
}
