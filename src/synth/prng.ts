/**
 * Seeded randomness for the synthetic country. The generator must give byte-identical files for the
 * same seed on every machine and Node version, so it never touches `Math.random`: it uses sfc32
 * (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state, passes PractRand to 2^42+
 * bytes), seeded through splitmix32 so that nearby seeds give unrelated streams.
 */

const TWO_POW_32 = 4_294_967_296;

/** One step of splitmix32: turns any 32-bit value into a well-mixed one. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Mixes two 32-bit values into one; used for keyed hashing (the CI-number permutation) where a
 * full generator would be overkill.
 *
 * @example hash32(42, 7) === hash32(42, 7) // true, and hash32(42, 8) differs
 */
export function hash32(value: number, key: number): number {
  let h = Math.imul((value ^ key) >>> 0, 0x9e3779b1) ^ key;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca77);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae3d);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A seeded random stream. `stream` separates independent purposes that share a seed (the clean
 * population, the injected errors), so turning messy mode on does not change a single clean row.
 *
 * @example const rng = new Rng(2021, 0); rng.float(); // in [0, 1)
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: number) {
    // Seeds up to 2^53 are honoured: the high part is folded in, not dropped.
    const lo = seed >>> 0;
    const hi = Math.floor(seed / TWO_POW_32) >>> 0;
    this.a = splitmix32(lo ^ 0x243f6a88);
    this.b = splitmix32(hi ^ 0x85a308d3);
    this.c = splitmix32(stream ^ 0x13198a2e);
    this.d = splitmix32((lo + stream) ^ 0x03707344);
    // sfc32's documented warm-up: discard the first outputs so weak seeds do not show.
    for (let i = 0; i < 15; i++) this.nextU32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.nextU32() / TWO_POW_32;
  }

  /** A uniform float in [0, 1) with 53 bits of resolution, for long account numbers. */
  float53(): number {
    return ((this.nextU32() >>> 5) * 67_108_864 + (this.nextU32() >>> 6)) / 9_007_199_254_740_992;
  }

  /** A uniform integer in [0, n), n ≤ 2^32. The bias is below 2^-32·n, far under any tolerance here. */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }
}

/**
 * Walker's alias table: draws an index with the given weights in constant time from one random
 * number (the integer part picks a column, the fraction decides between it and its alias).
 *
 * @example const t = new AliasTable([3, 1]); t.sample(rng); // 0 three times in four
 */
export class AliasTable {
  readonly size: number;
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: readonly number[]) {
    const n = weights.length;
    if (n === 0) throw new Error('AliasTable needs at least one weight');
    const total = weights.reduce((s, w) => s + w, 0);
    if (!(total > 0) || weights.some((w) => !(w >= 0)))
      throw new Error('AliasTable weights must be ≥ 0 with a positive sum');
    this.size = n;
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = weights.map((w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    for (const [i, p] of scaled.entries()) (p < 1 ? small : large).push(i);
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.probability[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    // Leftovers are 1 up to rounding error.
    for (const i of large) {
      this.probability[i] = 1;
      this.alias[i] = i;
    }
    for (const i of small) {
      this.probability[i] = 1;
      this.alias[i] = i;
    }
  }

  sample(rng: Rng): number {
    const u = rng.float() * this.size;
    const column = u | 0;
    return u - column < this.probability[column]! ? column : this.alias[column]!;
  }
}

/**
 * A keyed pseudo-random permutation of [0, size): a balanced Feistel network over the smallest
 * even-bit power of two that holds `size`, with cycle walking to stay inside the range. It hands
 * out CI numbers that are unique by construction yet look scattered, with no memory per number.
 *
 * @example const p = new Permutation(90_000, 7); p.at(0) !== p.at(1) // always, for distinct inputs
 */
export class Permutation {
  private readonly halfBits: number;
  private readonly halfMask: number;
  private readonly keys: readonly number[];

  constructor(
    readonly size: number,
    key: number,
  ) {
    if (!(size >= 2 && size <= 2 ** 30)) throw new Error(`Permutation size ${size} out of range`);
    const bits = Math.max(2, Math.ceil(Math.log2(size)));
    this.halfBits = Math.ceil(bits / 2);
    this.halfMask = (1 << this.halfBits) - 1;
    this.keys = [1, 2, 3, 4].map((r) => splitmix32(key ^ Math.imul(r, 0x9e3779b9)));
  }

  /** The image of `index` (0 ≤ index < size). */
  at(index: number): number {
    let x = index;
    // Cycle walking: a bijection on the larger domain, re-applied until it lands inside the range,
    // is a bijection on the range. The domain is under 4 × size, so this loops ~2 times on average.
    for (let guard = 0; guard < 10_000; guard++) {
      x = this.encrypt(x);
      if (x < this.size) return x;
    }
    throw new Error('Permutation cycle walk did not terminate');
  }

  private encrypt(x: number): number {
    let left = x >>> this.halfBits;
    let right = x & this.halfMask;
    for (const k of this.keys) {
      const next = (left ^ hash32(right, k)) & this.halfMask;
      left = right;
      right = next;
    }
    return ((left << this.halfBits) | right) >>> 0;
  }
}
