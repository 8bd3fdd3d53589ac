import type { Database } from '../db/database.ts';
import {
  listsOfPersonFromJson,
  listValuesByName,
  type PersonKey,
  personFromRow,
  personsWithListsByKeys,
} from '../registry/index.ts';
import { type Facts, personFacts } from '../rules/index.ts';
import { parseIsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';

/**
 * The persons the booking and dose desks' requests name by their key (CI, complemento, date of
 * birth), found together: the keys asked while a look-up is on its way go in the next one, one
 * statement for all of them (the person and their source lists, as findPersonFacts reads one), on
 * the pool outside the desk's transaction. What personOf (eligibility.ts) answers for one key.
 */

type Found = Result<{ personId: bigint; facts: Facts }, VaccinationFailure>;

interface Asked {
  key: PersonKey;
  resolve: (found: Found) => void;
  reject: (error: unknown) => void;
}

/** Keys per statement, and statements in flight side by side. */
const MAX_KEYS = 256;
const IN_FLIGHT = 4;

class PersonFinder {
  private readonly queue: Asked[] = [];
  private flying = 0;
  private scheduled = false;

  constructor(private readonly db: Database) {}

  find(key: PersonKey): Promise<Found> {
    if (parseIsoDate(key.dateOfBirth) !== key.dateOfBirth)
      return Promise.resolve(fail({ code: 'person_not_found' }));
    return new Promise((resolve, reject) => {
      this.queue.push({ key, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.flying >= IN_FLIGHT || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.flying < IN_FLIGHT && this.queue.length > 0) void this.fly(this.queue.splice(0, MAX_KEYS));
    });
  }

  private async fly(batch: Asked[]): Promise<void> {
    this.flying++;
    try {
      const rows = await personsWithListsByKeys(
        this.db,
        batch.map((a) => a.key),
      );
      const found = new Map<number, Found>();
      for (const r of rows) {
        const person = personFromRow(r);
        found.set(
          r.i - 1,
          ok({
            personId: person.id,
            facts: personFacts(person, listValuesByName(listsOfPersonFromJson(r.lists))),
          }),
        );
      }
      for (const [i, a] of batch.entries()) a.resolve(found.get(i) ?? fail({ code: 'person_not_found' }));
    } catch (error) {
      for (const a of batch) a.reject(error);
    } finally {
      this.flying--;
      this.schedule();
    }
  }
}

const finders = new WeakMap<Database, PersonFinder>();

/**
 * The person of a key and their facts for the rules, found with the other keys asked meanwhile.
 *
 * @example const found = await findPerson(db, { ciNumber: '4567890', complemento: '', dateOfBirth: '1950-03-01' })
 */
export function findPerson(db: Database, key: PersonKey): Promise<Found> {
  let finder = finders.get(db);
  if (!finder) {
    finder = new PersonFinder(db);
    finders.set(db, finder);
  }
  return finder.find(key);
}
