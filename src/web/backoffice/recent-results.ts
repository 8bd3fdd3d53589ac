import { randomBytes } from 'node:crypto';

/**
 * The full answer of an action (a deposit export, a bank reply) for the page the browser is sent
 * to after it (POST/redirect/GET): what the database keeps is shown from the database; the details
 * it does not keep (conflicts, files skipped by reason) are kept here, in memory, for a while. A
 * result is found by an unguessable key; the oldest are forgotten first.
 *
 * @example const key = results.put(value); … results.get(key)
 */
export class RecentResults<T> {
  private readonly items = new Map<string, T>();

  constructor(private readonly limit = 50) {}

  put(value: T): string {
    const key = randomBytes(16).toString('base64url');
    this.items.set(key, value);
    while (this.items.size > this.limit) this.items.delete(this.items.keys().next().value!);
    return key;
  }

  get(key: string | undefined): T | undefined {
    return key === undefined ? undefined : this.items.get(key);
  }
}
