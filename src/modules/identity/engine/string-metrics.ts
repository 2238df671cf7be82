// String similarity on UTF-16 char codes: Jaro, Jaro-Winkler and Damerau-Levenshtein (optimal string alignment).
// Pure functions without allocation in the hot path: each works on a region of a code array, so the engine can
// compare interned names held in one shared Uint16Array pool (see prepare.ts) as readily as two JS strings.
//
// Jaro-Winkler: W. E. Winkler, "String comparator metrics and enhanced decision rules in the Fellegi-Sunter model
// of record linkage" (1990), with the usual constants: prefix scale 0.1, prefix of at most 4, no threshold.
// Damerau-Levenshtein: the optimal string alignment variant (adjacent transpositions, no substring edited twice),
// which equals true Damerau-Levenshtein for every distance the comparators use (0, 1 and 2 on names).

/** A code array and a region in it. Strings become one with `codes()`; the name pool passes its own arrays. */
export type CodeArray = Uint16Array | Uint8Array | number[];

const MAX_LEN = 64;
// Scratch flags for Jaro's matching; strings longer than MAX_LEN are truncated (names and emails never get there).
const matchedA = new Uint8Array(MAX_LEN);
const matchedB = new Uint8Array(MAX_LEN);
// Two rows and the row before them for the optimal string alignment distance.
const row0 = new Int32Array(MAX_LEN + 1);
const row1 = new Int32Array(MAX_LEN + 1);
const row2 = new Int32Array(MAX_LEN + 1);

/** The UTF-16 codes of a string (for callers and tests that compare plain strings). */
export function codes(s: string): Uint16Array {
  const out = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** -1, 0 or 1 as region a sorts before, equal to or after region b (shorter first, then by code). */
function order(a: CodeArray, aStart: number, aLen: number, b: CodeArray, bStart: number, bLen: number): number {
  if (aLen !== bLen) return aLen < bLen ? -1 : 1;
  for (let i = 0; i < aLen; i++) {
    const d = a[aStart + i]! - b[bStart + i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * Jaro similarity of a[aStart, aStart+aLen) and b[bStart, bStart+bLen), in [0, 1]. Greedy matching makes Jaro
 * depend on argument order for a few strings, so the regions are put in a canonical order first: symmetric.
 */
export function jaroAt(a: CodeArray, aStart: number, aLen: number, b: CodeArray, bStart: number, bLen: number): number {
  if (aLen > MAX_LEN) aLen = MAX_LEN;
  if (bLen > MAX_LEN) bLen = MAX_LEN;
  if (aLen === 0 && bLen === 0) return 1;
  if (aLen === 0 || bLen === 0) return 0;
  if (order(a, aStart, aLen, b, bStart, bLen) > 0) return jaroAt(b, bStart, bLen, a, aStart, aLen);
  const window = Math.max(0, (Math.max(aLen, bLen) >> 1) - 1);
  matchedA.fill(0, 0, aLen);
  matchedB.fill(0, 0, bLen);
  let matches = 0;
  for (let i = 0; i < aLen; i++) {
    const lo = i - window > 0 ? i - window : 0;
    const hi = i + window + 1 < bLen ? i + window + 1 : bLen;
    const c = a[aStart + i];
    for (let j = lo; j < hi; j++) {
      if (matchedB[j] === 0 && b[bStart + j] === c) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < aLen; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[k] === 0) k++;
    if (a[aStart + i] !== b[bStart + k]) transpositions++;
    k++;
  }
  const m = matches;
  return (m / aLen + m / bLen + (m - transpositions / 2) / m) / 3;
}

/** Jaro-Winkler similarity of two regions, in [0, 1]: Jaro raised for a common prefix of up to four characters. */
export function jaroWinklerAt(a: CodeArray, aStart: number, aLen: number, b: CodeArray, bStart: number, bLen: number): number {
  const jaro = jaroAt(a, aStart, aLen, b, bStart, bLen);
  let prefix = 0;
  const limit = Math.min(4, aLen, bLen);
  while (prefix < limit && a[aStart + prefix] === b[bStart + prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Jaro-Winkler similarity of two strings. */
export function jaroWinkler(a: string, b: string): number {
  const ca = codes(a);
  const cb = codes(b);
  return jaroWinklerAt(ca, 0, ca.length, cb, 0, cb.length);
}

/**
 * Damerau-Levenshtein (optimal string alignment) distance between two regions, stopping early: any distance
 * above `max` is returned as `max + 1`. Symmetric.
 */
export function damerauLevenshteinAt(
  a: CodeArray,
  aStart: number,
  aLen: number,
  b: CodeArray,
  bStart: number,
  bLen: number,
  max = MAX_LEN,
): number {
  if (aLen > MAX_LEN) aLen = MAX_LEN;
  if (bLen > MAX_LEN) bLen = MAX_LEN;
  if (Math.abs(aLen - bLen) > max) return max + 1;
  if (aLen === 0) return bLen;
  if (bLen === 0) return aLen;
  // rows: prev2 = i-2, prev = i-1, cur = i; rotate without allocating.
  let prev2 = row0;
  let prev = row1;
  let cur = row2;
  for (let j = 0; j <= bLen; j++) prev[j] = j;
  for (let i = 1; i <= aLen; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a[aStart + i - 1];
    for (let j = 1; j <= bLen; j++) {
      const cb = b[bStart + j - 1];
      const cost = ca === cb ? 0 : 1;
      let d = prev[j - 1]! + cost;
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      if (del < d) d = del;
      if (ins < d) d = ins;
      if (i > 1 && j > 1 && ca === b[bStart + j - 2] && a[aStart + i - 2] === cb) {
        const t = prev2[j - 2]! + 1;
        if (t < d) d = t;
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  const d = prev[bLen]!;
  return d > max ? max + 1 : d;
}

/** Damerau-Levenshtein (optimal string alignment) distance between two strings, capped at `max + 1`. */
export function damerauLevenshtein(a: string, b: string, max = MAX_LEN): number {
  const ca = codes(a);
  const cb = codes(b);
  return damerauLevenshteinAt(ca, 0, ca.length, cb, 0, cb.length, max);
}
