/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** FNV-1a over UTF-16 code units: turns a key into a 32-bit seed. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: tiny, fast and good enough to make fake data look varied. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A generator keyed by its parts, so every value derives from what it describes
 * (seed, user, set, date, job index) and not from the order of requests.
 */
export function randomFor(...parts: readonly (string | number)[]): Random {
  return mulberry32(hashString(parts.join('\u241f')));
}

/** An integer in [min, max], both inclusive. */
export function intBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** A number in [min, max). */
export function between(random: Random, min: number, max: number): number {
  return min + random() * (max - min);
}

/** Log-uniform in [min, max): sizes spread over orders of magnitude, as real data sets do. */
export function logBetween(random: Random, min: number, max: number): number {
  return Math.exp(between(random, Math.log(min), Math.log(max)));
}
