import { createRequire } from 'node:module';
import argon2 from 'argon2';
import type { AccessFailure } from './access.failures.ts';
import type { AccessSettings, Argon2Parameters } from './access.settings.ts';
import { randomToken } from './tokens.ts';

/**
 * Unicode normalisation (NFKC) before counting or hashing, as NIST SP 800-63B §5.1.1.2 advises:
 * the same password typed on two keyboards — a precomposed "ñ" or "n" + combining tilde — must
 * give the same hash.
 *
 * @example normalisePassword('n\u0303andu') === normalisePassword('ñandu') // true
 */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * The common-password list: the 49,233 passwords of `@zxcvbn-ts/language-common` ("passwords-
 * common": every password seen more than ten times in Mark Burnett's ten million leaked
 * credentials, lower-cased, less those zxcvbn's own patterns would guess sooner). It ships with
 * the package, so nothing is fetched at run time. Loaded at the first password check, not at start:
 * decompressing the package's dictionaries takes about a tenth of a second that every CLI command
 * and server start would otherwise pay. `require` keeps the check synchronous; the package is
 * CommonJS.
 */
let commonPasswords: ReadonlySet<string> | undefined;

function commonPasswordSet(): ReadonlySet<string> {
  if (!commonPasswords) {
    const require = createRequire(import.meta.url);
    const { dictionary } =
      require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    commonPasswords = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  }
  return commonPasswords;
}

/** How many passwords the common-password list holds (docs/security.md quotes it). @example commonPasswordCount() // 49233 */
export function commonPasswordCount(): number {
  return commonPasswordSet().size;
}

/**
 * The password policy (docs/security.md says why): at least `minLength` characters, at most
 * `maxLength`, not only white space, not one character repeated, not the username, and not on the
 * common-password list. No composition rules and no forced expiry, following NIST SP 800-63B:
 * length is what makes a password hard to guess, and a list of passwords attackers try first
 * removes the long ones that are guessed all the same (`password1234`). Neither case nor white
 * space matters to the list (`Password 1234` is the listed `password1234`) or to the one-character
 * rule (`aAaAaAaAaAaA`).
 *
 * @example checkPasswordPolicy('ana.quispe', 'short', DEFAULT_ACCESS_SETTINGS) // { code: 'password_too_short', … }
 */
export function checkPasswordPolicy(
  username: string,
  password: string,
  settings: Pick<AccessSettings, 'password'>,
): AccessFailure | undefined {
  const normalised = normalisePassword(password);
  const length = [...normalised].length;
  const { minLength, maxLength } = settings.password;
  if (length < minLength) return { code: 'password_too_short', minLength };
  if (length > maxLength) return { code: 'password_too_long', maxLength };
  const lower = normalised.toLowerCase();
  // Without any white space: twelve spaces have nothing left, "a a a a a a a" one letter.
  const compact = lower.replace(/\s/gu, '');
  if (compact === '') return { code: 'password_blank' };
  if (new Set(compact).size === 1) return { code: 'password_one_character' };
  if (lower.trim() === username.trim().toLowerCase()) return { code: 'password_equals_username' };
  const common = commonPasswordSet();
  if (common.has(lower.trim()) || common.has(compact)) return { code: 'password_common' };
  return undefined;
}

function options(params: Argon2Parameters) {
  return {
    type: argon2.argon2id,
    memoryCost: params.memoryKiB,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
  } as const;
}

/**
 * Hashes a password with argon2id and a random 16-byte salt; the result is a PHC string that
 * carries its own parameters (`$argon2id$v=19$m=19456,p=1,t=2$…`).
 *
 * @example const hash = await hashPassword('correct horse battery', DEFAULT_ACCESS_SETTINGS.password.argon2);
 */
export async function hashPassword(password: string, params: Argon2Parameters): Promise<string> {
  return argon2.hash(normalisePassword(password), options(params));
}

/**
 * Checks a password against a stored hash. The library recomputes the hash with the parameters in
 * the stored string and compares with `crypto.timingSafeEqual`, so the time does not depend on
 * how much of the password was right. `needsRehash` is true when the stored hash was made with
 * other parameters than `params`: the caller then stores a new hash, so raising the cost reaches
 * every account at its next sign-in.
 *
 * @example const { ok, needsRehash } = await verifyPassword(stored, typed, params);
 */
export async function verifyPassword(
  storedHash: string,
  password: string,
  params: Argon2Parameters,
): Promise<{ ok: boolean; needsRehash: boolean }> {
  let ok: boolean;
  try {
    ok = await argon2.verify(storedHash, normalisePassword(password));
  } catch {
    // A malformed stored hash never matches; it is replaced at the next password reset.
    return { ok: false, needsRehash: true };
  }
  const needsRehash =
    !storedHash.startsWith('$argon2id$') ||
    argon2.needsRehash(storedHash, {
      memoryCost: params.memoryKiB,
      timeCost: params.timeCost,
      parallelism: params.parallelism,
    });
  return { ok, needsRehash };
}

const dummyHashes = new Map<string, Promise<string>>();

/**
 * Spends the same time as checking a real password, for sign-ins with a username that does not
 * exist: otherwise the fast answer would tell an attacker which usernames do. The dummy hash is
 * made once per parameter set, from a random password nobody knows.
 *
 * @example await spendPasswordCheck(typed, params); // always resolves to false
 */
export async function spendPasswordCheck(password: string, params: Argon2Parameters): Promise<false> {
  const key = `${params.memoryKiB}/${params.timeCost}/${params.parallelism}`;
  let dummy = dummyHashes.get(key);
  if (!dummy) {
    dummy = hashPassword(randomToken(), params);
    dummyHashes.set(key, dummy);
  }
  await argon2.verify(await dummy, normalisePassword(password));
  return false;
}
