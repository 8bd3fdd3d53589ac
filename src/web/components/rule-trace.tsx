import { pageMessages } from '../../messages/index.ts';
import type { Reference } from '../../parameters/index.ts';
import {
  type ConditionView,
  type Decision,
  type DecisionReason,
  formatValue,
  fromFile,
  parameterLabel,
  STANCE_MARK,
  type Stance,
  type TraceNode,
  type TraceView,
} from '../../rules/index.ts';
import type { Lang } from '../../shared/lang.ts';

/**
 * A rule decision on a page: what was decided, the condition that decided it with its legal
 * sources, and every condition one step away in a `<details>` element (no JavaScript). A condition
 * that counts against the person is marked ✘, says so in words and is set in the errors' red
 * (`.tr .against`), whatever its value: an exclusion that applies reads «sí», and is against.
 */

const words = (lang: Lang) => pageMessages(lang).ruleTrace;

/** The mark of a stance, with its words for a screen reader (the mark alone says nothing). */
function Mark({ stance, lang }: { stance: Stance; lang: Lang }) {
  return (
    <span class="mk" role="img" aria-label={words(lang).stance[stance]}>
      {STANCE_MARK[stance]}
    </span>
  );
}

/** "✘ Está excluido: sí — en contra". */
function Head({ node, stance, lang }: { node: TraceNode; stance: Stance; lang: Lang }) {
  const w = words(lang);
  return (
    <>
      <Mark stance={stance} lang={lang} /> {node.label[lang]}: <strong>{formatValue(node, lang, w)}</strong>
      {stance === 'against' ? <span class="st"> — {w.stance.against}</span> : null}
    </>
  );
}

/**
 * A text of a parameter file in the reader's words, marked with its own language when it is shown
 * as written in another (a decree's Spanish quoted on an English page): the Spanish catalogue
 * holds such a text as its own translation.
 */
function FileText({ text, lang }: { text: string; lang: Lang }) {
  const shown = fromFile(text, lang, words(lang));
  const spanishAsWritten = lang !== 'es' && words('es').fromFile[text] === text;
  return spanishAsWritten ? <span lang="es">{shown}</span> : shown;
}

/**
 * A source's remark: on a page in another language than Spanish, the decree's words it quotes
 * ("…") are marked as Spanish, as they are written.
 */
function QuotingText({ text, lang }: { text: string; lang: Lang }) {
  if (lang === 'es' || words('es').fromFile[text] === text) return <FileText text={text} lang={lang} />;
  return <MarkedQuotes text={fromFile(text, lang, words(lang))} lang={lang} />;
}

/** A text whose quoted Spanish words ("rezagados") are marked as Spanish on another language's page. */
function MarkedQuotes({ text, lang }: { text: string; lang: Lang }) {
  if (lang === 'es') return <>{text}</>;
  return (
    <>
      {text.split(/("[^"]+")/).map((part) => (/^"[^"]+"$/.test(part) ? <span lang="es">{part}</span> : part))}
    </>
  );
}

/** A source: its instrument and article, its quote or remark (the page links the address). */
function SourceText({ r, lang }: { r: Reference; lang: Lang }) {
  return (
    <>
      {r.instrument ? <FileText text={r.instrument} lang={lang} /> : null}
      {r.article ? (
        <>
          {', '}
          <FileText text={r.article} lang={lang} />
        </>
      ) : null}
      {r.text ? (
        <>
          {' — '}
          <QuotingText text={r.text} lang={lang} />
        </>
      ) : null}
    </>
  );
}

function Sources({ c, lang }: { c: ConditionView; lang: Lang }) {
  const w = words(lang);
  if (c.parameters.length === 0) return null;
  return (
    <ul class="src">
      {c.parameters.map((p) => (
        <li>
          {w.parameter}: <MarkedQuotes text={parameterLabel(p.use, lang)} lang={lang} />{' '}
          {p.repeat ? w.seeAbove : `(${w.since(w.date(p.use.effectiveFrom))})`}
          {p.repeat ? null : (
            <ul>
              {p.use.references.map((r) => (
                <li>
                  {w.source}: <SourceText r={r} lang={lang} />
                  {r.url ? (
                    <>
                      {' '}
                      <a href={r.url} rel="noreferrer">
                        {new URL(r.url).hostname}
                      </a>
                    </>
                  ) : null}
                </li>
              ))}
              {p.use.note ? (
                <li>
                  {w.note}: {fromFile(p.use.note, lang, w)}
                </li>
              ) : null}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}

function Condition({ c, lang, depth }: { c: ConditionView; lang: Lang; depth: number }) {
  const w = words(lang);
  return (
    <li class={c.stance} data-variable={c.node.variable}>
      <Head node={c.node} stance={c.stance} lang={lang} />
      {c.repeat ? (
        <> {w.seeAbove}</>
      ) : (
        <>
          <p>{c.node.explanation[lang]}</p>
          <Sources c={c} lang={lang} />
          {c.children.length > 0 ? (
            <ul>
              {c.children.map((child) => (
                <Condition c={child} lang={lang} depth={depth + 1} />
              ))}
            </ul>
          ) : null}
          {c.items.map((item) => (
            <>
              <p>{item.label}</p>
              <ul>
                {item.children.map((child) => (
                  <Condition c={child} lang={lang} depth={depth + 2} />
                ))}
              </ul>
            </>
          ))}
        </>
      )}
    </li>
  );
}

/**
 * The trace of a decision for an officer or a lawyer: outcome, what decided it, full detail.
 *
 * @example <RuleTrace view={trace.view} lang="es" />
 */
export function RuleTrace({ view, lang }: { view: TraceView; lang: Lang }) {
  const w = words(lang);
  return (
    <div class="tr" data-testid="rule-trace">
      <h3>{w.outcome}</h3>
      <ul data-testid="trace-outcomes">
        {view.outcomes.map((o) => (
          <li class={o.stance}>
            <Mark stance={o.stance} lang={lang} /> {o.node.label[lang]}:{' '}
            <strong>{formatValue(o.node, lang, w)}</strong>
          </li>
        ))}
      </ul>
      <h3>{w.decisive}</h3>
      <ul data-testid="trace-decisive">
        {view.decisive.map((c) => (
          <Condition c={c} lang={lang} depth={0} />
        ))}
      </ul>
      <details data-testid="trace-full">
        <summary>{w.fullSummary(w.number(view.conditionCount))}</summary>
        <ul>
          {view.full.map((c) => (
            <Condition c={c} lang={lang} depth={0} />
          ))}
        </ul>
      </details>
    </div>
  );
}

function Reason({ r, lang }: { r: DecisionReason; lang: Lang }) {
  return (
    <li class={r.stance} data-variable={r.variable}>
      <Mark stance={r.stance} lang={lang} /> {r.text}
      {r.stance === 'against' ? <span class="st"> — {words(lang).stance.against}</span> : null}
    </li>
  );
}

/**
 * The citizen's «Por qué»: the decision, what decided it, and each condition in a `<details>`.
 *
 * @example <DecisionReasons why={status.why} lang="es" />
 */
export function DecisionReasons({ why, lang }: { why: Decision; lang: Lang }) {
  const w = words(lang);
  return (
    <div class="tr" data-testid="why">
      <p>{why.decision.text}</p>
      {why.decisive.length > 0 ? (
        <ul data-testid="why-decisive">
          {why.decisive.map((r) => (
            <Reason r={r} lang={lang} />
          ))}
        </ul>
      ) : null}
      <details data-testid="why-all">
        <summary>{w.conditionsSummary(w.number(why.conditions.length))}</summary>
        <ul>
          {why.conditions.map((r) => (
            <Reason r={r} lang={lang} />
          ))}
        </ul>
      </details>
    </div>
  );
}
