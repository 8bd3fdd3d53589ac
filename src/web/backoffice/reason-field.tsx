import { TextArea } from '../components/index.ts';

/**
 * The officer's written reason on a decision form (an identity review's decision, a merge's
 * proposal, approval or undo): the same field, name and limits everywhere, so the routes read one
 * `motivo` and the audit trail keeps what was typed.
 */
export function ReasonField(p: { label: string; hint: string; value?: string; error?: string }) {
  return (
    <TextArea
      name="motivo"
      label={p.label}
      hint={p.hint}
      value={p.value}
      error={p.error}
      maxLength={2000}
      rows={3}
    />
  );
}
