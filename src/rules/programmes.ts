import { fail, ok, type Result } from '../shared/failure.ts';
import { bono } from './programmes/bono.ts';
import { igf } from './programmes/igf.ts';
import { vaccination } from './programmes/vaccination.ts';
import type { UnknownProgramme } from './rules.failures.ts';
import type { Programme } from './variables.ts';

/** Every programme the engine knows, by the name the command line uses. */
export const PROGRAMMES: Readonly<Record<string, Programme>> = { bono, igf, vaccination };

/**
 * The programme a name from outside names (the command line, a legal-case file), or
 * `unknown_programme` with the names there are.
 *
 * @example findProgramme('bonos') // { ok: false, error: { code: 'unknown_programme', programme: 'bonos', programmes: ['bono', 'igf', 'vaccination'] } }
 */
export function findProgramme(name: string): Result<Programme, UnknownProgramme> {
  const p = PROGRAMMES[name];
  if (!p) return fail({ code: 'unknown_programme', programme: name, programmes: Object.keys(PROGRAMMES) });
  return ok(p);
}

/**
 * A programme named in the code (`programmeNamed('bono')`): a name that is not one is a bug, and
 * throws. A name from outside goes through `findProgramme`.
 *
 * @example programmeNamed('bono').title.es // 'Bono Contra el Hambre'
 */
export function programmeNamed(name: string): Programme {
  const p = findProgramme(name);
  if (!p.ok) throw new Error(`Unknown programme "${name}". Programmes: ${p.error.programmes.join(', ')}.`);
  return p.value;
}
