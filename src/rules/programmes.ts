import { RulesError } from './errors.ts';
import { bono } from './programmes/bono.ts';
import { igf } from './programmes/igf.ts';
import { vaccination } from './programmes/vaccination.ts';
import type { Programme } from './variables.ts';

/** Every programme the engine knows, by the name the command line uses. */
export const PROGRAMMES: Readonly<Record<string, Programme>> = { bono, igf, vaccination };

/** @example programmeNamed('bono').title.es // 'Bono Contra el Hambre' */
export function programmeNamed(name: string): Programme {
  const p = PROGRAMMES[name];
  if (!p) {
    throw new RulesError(
      'unknown_programme',
      `Unknown programme "${name}". Programmes: ${Object.keys(PROGRAMMES).join(', ')}.`,
    );
  }
  return p;
}
