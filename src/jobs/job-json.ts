/**
 * A job's progress and result as JSON in the database. The operations' answers hold `bigint`s
 * (import ids, amounts in centavos) that JSON has no type for: they are written as
 * `{"$bigint":"123"}` and read back as bigints, so a page shows exactly what the operation returned.
 *
 * @example fromJobJson(toJobJson({ importId: 7n })) // { importId: 7n }
 */
export function toJobJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
}

export function fromJobJson<T>(text: string | null): T | null {
  if (text === null) return null;
  return JSON.parse(text, (_key, v) =>
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    typeof v.$bigint === 'string' &&
    Object.keys(v).length === 1
      ? BigInt(v.$bigint)
      : v,
  ) as T;
}
