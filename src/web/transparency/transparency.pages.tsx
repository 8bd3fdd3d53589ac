import { formatNumber, pageMessages } from '../../messages/index.ts';
import type { Lang } from '../../shared/lang.ts';
import type { BonoFigures, RegistryFigures } from '../../transparency/index.ts';
import { hrefWithLang, Layout, pageHtml } from '../components/index.ts';
import { AsOf, FigureSection, HowToRead, TRANSPARENCY_PATHS, TransparencyNav } from './figure.view.tsx';
import {
  channelChart,
  countText,
  dayChart,
  departmentChart,
  registryChart,
  summaryChart,
  unclaimedChart,
} from './figure-charts.ts';
import { shortDate } from './transparency.format.ts';

/**
 * The public transparency pages: an overview, the Bono's charts and the registry against INE.
 * Every chart is an inline SVG with its numbers in a data table and a CSV download, all drawn from
 * the same published figure. Aggregates only: no page holds anything about a person.
 */

export { csvHref, TRANSPARENCY_PATHS } from './figure.view.tsx';

/** Whether rounds are still paying, all closed, or none approved yet. */
function roundsSentence(bono: BonoFigures, lang: Lang): string {
  const words = pageMessages(lang).transparency;
  if (!bono.anyOpen && !bono.anyExpired) return words.noRounds;
  return bono.anyOpen ? words.roundsOpen : words.roundsClosed;
}

/**
 * GET /transparencia: the headline figures of each programme and links to the dashboards.
 *
 * @example c.html(<OverviewPage bono={bono} registry={registry} at={new Date()} lang="es" />)
 */
export function OverviewPage(o: { bono: BonoFigures; registry: RegistryFigures; at: Date; lang: Lang }) {
  const { bono, registry, lang } = o;
  const words = pageMessages(lang).transparency;
  const none = pageMessages(lang).common.none;
  return (
    <Layout lang={lang} title={words.overviewTitle} path={hrefWithLang(TRANSPARENCY_PATHS.overview, lang)}>
      <h1>{words.overviewTitle}</h1>
      <TransparencyNav current="overview" lang={lang} />
      <p>{words.intro}</p>
      <AsOf at={o.at} lang={lang} />
      <h2>{words.bonoTitle}</h2>
      <p>{roundsSentence(bono, lang)}</p>
      <FigureSection
        figure={bono.summary}
        chart={summaryChart(bono.summary, lang, words, none)}
        lang={lang}
        level={3}
      />
      <p>
        <a href={hrefWithLang(TRANSPARENCY_PATHS.bono, lang)}>{words.seeBono}</a>
      </p>
      <h2>{words.registryHeading}</h2>
      <dl class="s">
        <div>
          <dt>{words.registryPersons}</dt>
          <dd data-figure="registry-persons">{countText(registry.persons, lang)}</dd>
        </div>
        <div>
          <dt>{words.ineTotal(String(registry.ine.year))}</dt>
          <dd>{formatNumber(registry.ine.total, lang)}</dd>
        </div>
      </dl>
      <p>
        <a href={hrefWithLang(TRANSPARENCY_PATHS.registry, lang)}>{words.seeRegistry}</a>
      </p>
      <h2>{pageMessages(lang).cases.portal.title}</h2>
      <p>{pageMessages(lang).cases.portal.intro}</p>
      <p>
        <a href={hrefWithLang(TRANSPARENCY_PATHS.cases, lang)}>{pageMessages(lang).cases.portal.seeList}</a>
      </p>
      <HowToRead lang={lang} />
    </Layout>
  );
}

/**
 * GET /transparencia/bono: paid against eligible by department, cumulative payments by day,
 * payments by channel, what was not collected by department and by age band.
 *
 * @example c.html(<BonoPage bono={bono} at={new Date()} lang="en" />)
 */
export function BonoPage(o: { bono: BonoFigures; at: Date; lang: Lang }) {
  const { bono, lang } = o;
  const words = pageMessages(lang).transparency;
  const none = pageMessages(lang).common.none;
  const days = dayChart(bono.byDay, bono.eligible, lang, words);
  const daysNote = bono.byDay.rows.length === 0 ? words.noPayments : words.dayHidden;
  const expired = bono.anyExpired;
  return (
    <Layout lang={lang} title={words.bonoTitle} path={hrefWithLang(TRANSPARENCY_PATHS.bono, lang)}>
      <h1>{words.bonoTitle}</h1>
      <TransparencyNav current="bono" lang={lang} />
      <p>{words.bonoIntro}</p>
      <p>{roundsSentence(bono, lang)}</p>
      <AsOf at={o.at} lang={lang} />
      <FigureSection
        figure={bono.byDepartment}
        chart={departmentChart(bono.byDepartment, lang, words, none)}
        lang={lang}
      />
      <FigureSection figure={bono.byDay} chart={days} {...(days ? {} : { note: daysNote })} lang={lang} />
      <FigureSection figure={bono.byChannel} chart={channelChart(bono.byChannel, lang, words)} lang={lang} />
      <section aria-labelledby="unclaimed-h">
        <h2 id="unclaimed-h">{words.unclaimedTitle}</h2>
        {expired ? null : <p>{words.unclaimedNone}</p>}
        <FigureSection
          figure={bono.unclaimedByDepartment}
          chart={expired ? unclaimedChart(bono.unclaimedByDepartment, 'department', lang, words) : undefined}
          lang={lang}
          level={3}
        />
        <FigureSection
          figure={bono.unclaimedByBand}
          chart={expired ? unclaimedChart(bono.unclaimedByBand, 'band', lang, words) : undefined}
          lang={lang}
          level={3}
        />
      </section>
      <HowToRead lang={lang} />
    </Layout>
  );
}

/**
 * GET /transparencia/registro: the registry's population by department against INE's projection.
 *
 * @example c.html(<RegistryPage registry={registry} at={new Date()} lang="es" />)
 */
export function RegistryPage(o: { registry: RegistryFigures; at: Date; lang: Lang }) {
  const { registry, lang } = o;
  const words = pageMessages(lang).transparency;
  const none = pageMessages(lang).common.none;
  return (
    <Layout lang={lang} title={words.registryTitle} path={hrefWithLang(TRANSPARENCY_PATHS.registry, lang)}>
      <h1>{words.registryTitle}</h1>
      <TransparencyNav current="registry" lang={lang} />
      <p>{words.registryIntro}</p>
      <p>{words.registryCountedOn(shortDate(registry.asOf, lang))}</p>
      <FigureSection
        figure={registry.population}
        chart={registryChart(registry.population, lang, words, none)}
        lang={lang}
      />
      <p>
        {words.source}
        <a href={registry.ine.url}>{registry.ine.source[lang]}</a>
        {words.sourceYear(String(registry.ine.year), registry.ine.note[lang])}
      </p>
      <HowToRead lang={lang} />
    </Layout>
  );
}

/** The overview as HTML, for the routes. @example c.html(renderOverviewPage({ bono, registry, at, lang: 'es' })) */
export function renderOverviewPage(o: {
  bono: BonoFigures;
  registry: RegistryFigures;
  at: Date;
  lang: Lang;
}): string {
  return pageHtml(<OverviewPage {...o} />);
}

/** The Bono's dashboard as HTML. @example c.html(renderBonoPage({ bono, at, lang: 'en' })) */
export function renderBonoPage(o: { bono: BonoFigures; at: Date; lang: Lang }): string {
  return pageHtml(<BonoPage {...o} />);
}

/** The registry against INE as HTML. @example c.html(renderRegistryPage({ registry, at, lang: 'es' })) */
export function renderRegistryPage(o: { registry: RegistryFigures; at: Date; lang: Lang }): string {
  return pageHtml(<RegistryPage {...o} />);
}
