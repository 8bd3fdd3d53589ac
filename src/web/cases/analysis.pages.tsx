import {
  type CaseFileView,
  contradictions,
  type MapPoint,
  type PersonView,
  places,
  projectPlaces,
  type Source,
  victimsByEventAndCause,
  whoWasWhere,
} from '../../cases/index.ts';
import { formatInstant, formatNumber, pageMessages } from '../../messages/index.ts';
import type { Lang } from '../../shared/lang.ts';
import { href, type PageContext } from '../backoffice/backoffice.page.ts';
import { OfficeLayout } from '../backoffice/office-layout.tsx';
import { Notice, Table } from '../components/index.ts';
import { CASES_OFFICE, casePath, itemPath } from './case-paths.ts';
import { personName } from './cases.pages.tsx';

/**
 * The analysis of a case file for its team (issue #21 §5), from the file as the reader may see
 * it (src/cases/analysis.ts): a map of the places drawn here as SVG from the coordinates (no
 * tiles: the network is closed), who was where with the sources that place each person, victims
 * by event and cause of death with every cell's sources, and the contradictions between sources,
 * each with both sources. Protected identities by code (personView); words from
 * src/messages/<lang>/pages/cases.ts; no script.
 */

const MAP_WIDTH = 640;
const MAP_HEIGHT = 420;
const MAP_MARGIN = 60;

export interface AnalysisPageProps {
  ctx: PageContext;
  file: CaseFileView;
  readerName: string;
  readAt: Date;
}

/** A source as a link: an item to its page, a statement to its entry on the case page. */
function SourceLink({ code, source, lang }: { code: string; source: Source; lang: Lang }) {
  const w = pageMessages(lang).cases.file;
  return source.kind === 'item' ? (
    <a href={href(lang, itemPath(code, source.id))}>{w.sourceItem(String(source.id))}</a>
  ) : (
    <a href={`${href(lang, casePath(code))}#testimonio-${source.id}`}>
      {w.sourceStatement(String(source.id))}
    </a>
  );
}

function Sources({ code, sources, lang }: { code: string; sources: readonly Source[]; lang: Lang }) {
  return (
    <ul class="sources">
      {sources.map((s) => (
        <li>
          <SourceLink code={code} source={s} lang={lang} />
        </li>
      ))}
    </ul>
  );
}

/** The places drawn at their projected coordinates, events labelled by place. */
function PlacesMap(p: { points: readonly MapPoint[]; title: string; description: string }) {
  return (
    <svg
      id="mapa-lugares"
      data-testid="map"
      role="img"
      aria-labelledby="mapa-t mapa-d"
      viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`}
      width={String(MAP_WIDTH)}
      height={String(MAP_HEIGHT)}
      style="width:100%;height:auto;max-width:40rem;display:block;margin:.5rem 0;border:1px solid #b1b4b6;background:#f8f8f8"
      font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif"
      font-size="13"
      fill="#1a1a1a"
    >
      <title id="mapa-t">{p.title}</title>
      <desc id="mapa-d">{p.description}</desc>
      <text x="12" y="22" font-weight="bold">
        N ↑
      </text>
      {p.points.map((pt) =>
        pt.kind === 'event' ? (
          <g data-testid={`map-event-${pt.id}`}>
            <circle
              cx={String(pt.x)}
              cy={String(pt.y)}
              r="8"
              fill="#0b3d91"
              stroke="#ffffff"
              stroke-width="2"
            />
            <text
              x={String(pt.x)}
              y={String(pt.y < 40 ? pt.y + 26 : pt.y - 14)}
              text-anchor={pt.x < MAP_WIDTH / 3 ? 'start' : pt.x > (2 * MAP_WIDTH) / 3 ? 'end' : 'middle'}
            >
              {pt.placeName}
            </text>
          </g>
        ) : (
          <circle
            data-testid={`map-act-${pt.id}`}
            cx={String(pt.x)}
            cy={String(pt.y)}
            r="4"
            fill="#8a3b12"
            stroke="#ffffff"
            stroke-width="1"
          />
        ),
      )}
    </svg>
  );
}

/** The analysis page. */
export function AnalysisPage(p: AnalysisPageProps) {
  const { ctx, file } = p;
  const lang = ctx.lang;
  const cw = pageMessages(lang).cases;
  const w = cw.analysis;
  const code = file.investigation.code;
  const word = (table: Record<string, string>, key: string) => table[key] ?? cw.dash;
  const persons = new Map<bigint, PersonView>(file.persons.map((v) => [v.id, v]));
  const events = [...file.events].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const eventTitle = new Map(events.map((e) => [e.id, e.title]));
  const placeList = places(file);
  const points = projectPlaces(placeList, MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN);
  const presences = whoWasWhere(file);
  const present = [...new Set(presences.map((x) => x.personId))];
  const cells = victimsByEventAndCause(file);
  const flagged = contradictions(file);
  const says = (kind: string, text: string) =>
    kind === 'time'
      ? formatInstant(new Date(text), lang)
      : kind === 'cause_of_death'
        ? word(cw.causes, text)
        : text;
  return (
    <OfficeLayout ctx={ctx} title={w.title(code)} section={CASES_OFFICE}>
      <p>
        <a href={href(lang, casePath(code))}>{w.back}</a>
      </p>
      <p class="h" data-testid="watermark">
        {cw.file.watermark(p.readerName, formatInstant(p.readAt, lang))}
      </p>
      <p>{w.intro}</p>
      <nav aria-label={w.sections}>
        <ul>
          <li>
            <a href="#mapa">{w.map}</a>
          </li>
          <li>
            <a href="#quien-donde">{w.whoWasWhere}</a>
          </li>
          <li>
            <a href="#victimas">{w.victims}</a>
          </li>
          <li>
            <a href="#contradicciones">{w.contradictions}</a>
          </li>
        </ul>
      </nav>

      <h2 id="mapa">{w.map}</h2>
      {points.length === 0 ? (
        <p>{w.noPlaces}</p>
      ) : (
        <>
          <PlacesMap
            points={points}
            title={w.map}
            description={w.mapDescription(formatNumber(points.length, lang))}
          />
          <Table
            label={w.map}
            columns={[
              { label: w.placeColumn },
              { label: w.placeKindColumn },
              { label: w.eventColumn },
              { label: w.coordinatesColumn },
            ]}
            rows={placeList.map((pl) => [
              pl.placeName === '' ? cw.dash : pl.placeName,
              word(w.placeKinds, pl.kind),
              eventTitle.get(pl.eventId) ?? cw.dash,
              cw.file.coordinatesValue(String(pl.latitude), String(pl.longitude)),
            ])}
          />
        </>
      )}

      <h2 id="quien-donde">{w.whoWasWhere}</h2>
      <p>{w.whoWasWhereHint}</p>
      {present.length === 0 ? (
        <p>{w.noPresence}</p>
      ) : (
        <Table
          label={w.whoWasWhere}
          columns={[{ label: w.personColumn }, ...events.map((e) => ({ label: e.title }))]}
          rows={present.map((personId) => [
            <span data-testid={`where-person-${persons.get(personId)?.code ?? ''}`}>
              {personName(persons.get(personId), lang)}
            </span>,
            ...events.map((e) => {
              const here = presences.filter((x) => x.personId === personId && x.eventId === e.id);
              if (here.length === 0) return w.notThere;
              return (
                <>
                  {here.map((x) => (
                    <div>
                      {w.presence(word(w.presenceRoles, x.as), x.placeNames.join('; '))}
                      <Sources code={code} sources={x.sources} lang={lang} />
                    </div>
                  ))}
                </>
              );
            }),
          ])}
        />
      )}

      <h2 id="victimas">{w.victims}</h2>
      <p>{w.victimsHint}</p>
      {cells.length === 0 ? (
        <p>{w.noVictims}</p>
      ) : (
        <Table
          label={w.victims}
          columns={[
            { label: w.eventColumn },
            { label: w.causeColumn },
            { label: w.countColumn, numeric: true },
            { label: w.sourcesColumn },
          ]}
          rows={cells.map((cell) => [
            eventTitle.get(cell.eventId) ?? cw.dash,
            word(cw.causes, cell.cause),
            <span data-testid={`victims-${cell.eventId}-${cell.cause}`}>
              {formatNumber(cell.victims, lang)}
            </span>,
            <Sources code={code} sources={cell.sources} lang={lang} />,
          ])}
        />
      )}

      <h2 id="contradicciones">{w.contradictions}</h2>
      <p>{w.contradictionsHint}</p>
      {flagged.length === 0 ? (
        <p>{w.noContradictions}</p>
      ) : (
        <>
          <Notice kind="err" title={w.contradictionsFound(formatNumber(flagged.length, lang))} />
          <Table
            label={w.contradictions}
            columns={[
              { label: w.eventColumn },
              { label: w.victimColumn },
              { label: w.actColumn },
              { label: w.kindColumn },
              { label: w.firstColumn },
              { label: w.secondColumn },
            ]}
            rows={flagged.map((x) => [
              eventTitle.get(x.eventId) ?? cw.dash,
              personName(persons.get(x.victimPersonId), lang),
              word(cw.actTypes, x.actType),
              <span data-testid="contradiction-kind">{word(w.kinds, x.kind)}</span>,
              <>
                {says(x.kind, x.says[0])} <SourceLink code={code} source={x.sources[0]} lang={lang} />
              </>,
              <>
                {says(x.kind, x.says[1])} <SourceLink code={code} source={x.sources[1]} lang={lang} />
              </>,
            ])}
          />
        </>
      )}
    </OfficeLayout>
  );
}
