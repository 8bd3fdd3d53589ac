/**
 * The id of a field's control (or its fieldset, for a date or a choice), from its name: what its
 * label points at and what the error summary links to.
 *
 * @example fieldId('dob') // 'f-dob'
 */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
