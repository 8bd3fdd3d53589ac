/**
 * The rules engine's public surface: laws as dated parameters, formulas named after legal
 * concepts, and three back ends from one definition — SQL for the population, a traced
 * interpreter for one person or declaration, closures for simulations. Other domains and
 * interfaces import only from here. See docs/rules.md and docs/adr/0003-rules-engine.md.
 */

export type { BindOptions, BoundProgramme, BoundVariable, ParamUse } from './bind.ts';
export { bind, tryBind } from './bind.ts';
export type { PreviewShape, TallyCell } from './compile-js.ts';
export { compileBatch, compilePreviewTally } from './compile-js.ts';
export type {
  PreviewOptions,
  SelectOptions,
  SourceListCatalogue,
  SourceListTable,
  SqlOptions,
} from './compile-sql.ts';
export {
  compilePreview,
  compileSelect,
  sqlOfVariable,
  tryCompilePreview,
  tryCompileSelect,
} from './compile-sql.ts';
export type { Expr, Scalar, Value, ValueType } from './expr.ts';
export type { Facts } from './facts.ts';
export type { TraceNode } from './interpret.ts';
export { Evaluation, evaluate, formatter } from './interpret.ts';
export { personAttributes, personFacts } from './person-facts.ts';
export type { PreviewDefinition } from './previews.ts';
export { PREVIEWS } from './previews.ts';
export { BONO_AGREEMENT_OUTPUTS, bono } from './programmes/bono.ts';
export type { Declaration } from './programmes/igf.ts';
export {
  DeclarationInput,
  declarationFacts,
  exchangeRateOn,
  IGF_PARAMETER_SET,
  igf,
  rateText,
  taxableEventDay,
  toCentavos,
} from './programmes/igf.ts';
export { VACCINATION_PRODUCTS, vaccination } from './programmes/vaccination.ts';
export { findProgramme, PROGRAMMES, programmeNamed } from './programmes.ts';
export type { TraceWords } from './render.ts';
export {
  describeReference,
  formatValue,
  fromFile,
  headLine,
  PARAMETER_FILE_LANG,
  parameterLabel,
  renderTrace,
  STANCE_MARK,
  traceJson,
} from './render.ts';
export type {
  InputInvalid,
  NotCompilableToSql,
  PersonNotFound,
  RulesFailure,
  UnknownProgramme,
} from './rules.failures.ts';
export type { PersonKey, PreviewRow } from './rules.repository.ts';
export {
  findPersonFacts,
  loadPersonFacts,
  materialiseList,
  previewInMemory,
  runPreview,
  streamPersonFacts,
} from './rules.repository.ts';
export { listTitle, termIn, termOf } from './terms.ts';
export type {
  ConditionView,
  Decision,
  DecisionReason,
  ParameterView,
  Stance,
  TraceView,
} from './trace-view.ts';
export { decisionOf, traceView } from './trace-view.ts';
export type { Programme, VariableDef } from './variables.ts';
export { type RuleWords, ruleWords } from './words/index.ts';
