// The comparison of two prepared records, field by field, into ordered agreement levels (the Fellegi-Sunter
// comparison vector). Each field's levels run from the strongest agreement to outright disagreement; -1 means the
// field cannot be compared (missing on one side, or an invalid identifier, which counts as missing). Everything is
// symmetric: compare(a, b) gives the same levels and term frequencies as compare(b, a).
import { fullNameKey, type PoolView, type SetView, type TfView, GROUP_SLOTS } from './prepare.ts';
import { damerauLevenshteinAt, jaroWinklerAt } from './string-metrics.ts';

export interface LevelDefinition {
  /** A short stable code, as stored with a model. */
  key: string;
  /** Plain words for an explanation: "forename: {description}". */
  description: string;
}

export interface FieldDefinition {
  name: string;
  levels: readonly LevelDefinition[];
  /**
   * Exact agreement, whose u is the reference for the term-frequency adjustment (-1: none). The comparison
   * reports a frequency wherever commonness matters: exact agreement, and for names also another form and a close
   * spelling, with the frequency of the commoner of the two (a typo in 'Singh' is still 'Singh').
   */
  tfLevel: number;
}

/** Field order is the order of the comparison vector. */
export const FIELD = { forename: 0, surname: 1, dob: 2, sex: 3, nhs: 4, upn: 5, location: 6, email: 7 } as const;
export const FIELD_COUNT = 8;
export const NULL_LEVEL = -1;

export const FIELDS: readonly FieldDefinition[] = [
  {
    name: 'forename',
    tfLevel: 0,
    levels: [
      { key: 'exact', description: 'the same' },
      { key: 'equivalent', description: 'another form of the same name (diminutive, spelling or transliteration)' },
      { key: 'close', description: 'close spelling (Jaro-Winkler ≥ 0.92 or one edit)' },
      { key: 'phonetic', description: 'sounds alike (Double Metaphone)' },
      { key: 'other-given-name', description: 'one matches the other’s second given name or initial' },
      { key: 'similar', description: 'similar (Jaro-Winkler ≥ 0.8)' },
      { key: 'swapped', description: 'forename and surname swapped (the surname is then not compared again)' },
      { key: 'different', description: 'different' },
    ],
  },
  {
    name: 'surname',
    tfLevel: 0,
    levels: [
      { key: 'exact', description: 'the same' },
      { key: 'equivalent', description: 'another spelling or transliteration of the same name' },
      { key: 'part', description: 'one part of a double-barrelled surname matches' },
      { key: 'close', description: 'close spelling (Jaro-Winkler ≥ 0.92 or one edit)' },
      { key: 'phonetic', description: 'sounds alike (Double Metaphone)' },
      { key: 'similar', description: 'similar (Jaro-Winkler ≥ 0.8)' },
      { key: 'different', description: 'different' },
    ],
  },
  {
    name: 'dob',
    tfLevel: -1,
    levels: [
      { key: 'exact', description: 'the same' },
      { key: 'day-month-swapped', description: 'day and month swapped' },
      { key: 'one-edit', description: 'one digit different or two digits transposed' },
      { key: 'within-month', description: 'within a month' },
      { key: 'within-year', description: 'within a year' },
      { key: 'different', description: 'different, within ten years' },
      { key: 'different-generation', description: 'more than ten years apart' },
    ],
  },
  {
    name: 'sex',
    tfLevel: -1,
    levels: [
      { key: 'same', description: 'the same' },
      { key: 'different', description: 'different' },
    ],
  },
  {
    name: 'nhs',
    tfLevel: -1,
    levels: [
      { key: 'same', description: 'the same valid NHS number' },
      { key: 'different', description: 'different valid NHS numbers' },
    ],
  },
  {
    name: 'upn',
    tfLevel: -1,
    levels: [
      { key: 'same', description: 'the same UPN' },
      { key: 'different', description: 'different UPNs' },
    ],
  },
  {
    name: 'location',
    tfLevel: 4,
    levels: [
      { key: 'address', description: 'an address in common' },
      { key: 'postcode', description: 'a postcode in common' },
      { key: 'sector', description: 'a postcode sector in common' },
      { key: 'district', description: 'a postcode district in common' },
      { key: 'town', description: 'the same town' },
      { key: 'town-similar', description: 'a similarly spelt town' },
      { key: 'different', description: 'nothing in common' },
    ],
  },
  {
    name: 'email',
    tfLevel: -1,
    levels: [
      { key: 'exact', description: 'the same' },
      { key: 'same-user', description: 'the same user name at another domain' },
      { key: 'close', description: 'close: the same domain and a user name one edit away (two for longer names), or Jaro-Winkler ≥ 0.95' },
      { key: 'different', description: 'different' },
    ],
  },
];

/** Everything a comparison reads besides the two records. One per thread: it holds a cache. */
export interface CompareContext {
  names: PoolView;
  others: PoolView;
  tf: TfView;
  /** Token pair → token level, for names that meet again and again in blocks (null: no cache, for random pairs). */
  cache: Map<number, number> | null;
}

export function createCompareContext(names: PoolView, others: PoolView, tf: TfView): CompareContext {
  return { names, others, tf, cache: new Map() };
}

/** Output of one comparison: a level per field and, where the level is term-frequency adjusted, the frequency. */
export interface Comparison {
  levels: Int8Array;
  /** Relative frequency of the agreeing value (0 when no adjustment applies). */
  tf: Float64Array;
}

export function newComparison(): Comparison {
  return { levels: new Int8Array(FIELD_COUNT), tf: new Float64Array(FIELD_COUNT) };
}

// Token similarity classes, shared by forename and surname.
const T_EXACT = 0;
const T_EQUIVALENT = 1;
const T_CLOSE = 2;
const T_PHONETIC = 3;
const T_SIMILAR = 4;
const T_DIFFERENT = 5;
const CACHE_LIMIT = 1 << 21;

/** How alike two interned name tokens are (T_EXACT … T_DIFFERENT). Symmetric. */
export function tokenSimilarity(ctx: CompareContext, a: number, b: number): number {
  if (a === b) return T_EXACT;
  const lo = a < b ? a : b;
  const hi = a < b ? b : a;
  const cache = ctx.cache;
  if (!cache) return tokenSimilarityUncached(ctx.names, lo, hi);
  const key = lo * 67_108_864 + hi;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const level = tokenSimilarityUncached(ctx.names, lo, hi);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, level);
  return level;
}

function tokenSimilarityUncached(p: PoolView, a: number, b: number): number {
  if (p.translit[a] === p.translit[b]) return T_EQUIVALENT;
  const ga = a * GROUP_SLOTS;
  const gb = b * GROUP_SLOTS;
  for (let s = 0; s < GROUP_SLOTS; s++) {
    const x = p.groups[ga + s]!;
    if (x < 0) break;
    for (let t = 0; t < GROUP_SLOTS; t++) {
      const y = p.groups[gb + t]!;
      if (y < 0) break;
      if (x === y) return T_EQUIVALENT;
    }
  }
  const sa = p.start[a]!;
  const la = p.len[a]!;
  const sb = p.start[b]!;
  const lb = p.len[b]!;
  // Most pairs of names share few letters: bound Jaro-Winkler from above by the characters of each that occur in
  // the other at all, and skip the full measures when even the bound is too low (and one edit cannot explain them).
  const inB = sharedChars(p.chars, sa, la, p.mask[b]!);
  const inA = sharedChars(p.chars, sb, lb, p.mask[a]!);
  const mMax = inB < inA ? inB : inA;
  const jaroMax = mMax === 0 ? 0 : (mMax / la + mMax / lb + 1) / 3;
  const couldBeOneEdit = la >= 3 && lb >= 3 && Math.abs(la - lb) <= 1 && inB >= la - 1 && inA >= lb - 1;
  let jw = 0;
  if (jaroMax + 0.4 * (1 - jaroMax) >= 0.8 || couldBeOneEdit) {
    jw = jaroWinklerAt(p.chars, sa, la, p.chars, sb, lb);
    if (jw >= 0.92) return T_CLOSE;
    if (couldBeOneEdit && damerauLevenshteinAt(p.chars, sa, la, p.chars, sb, lb, 1) <= 1) return T_CLOSE;
  }
  const a1 = p.dm1[a]!;
  const a2 = p.dm2[a]!;
  const b1 = p.dm1[b]!;
  const b2 = p.dm2[b]!;
  if (a1 >= 0 && b1 >= 0 && (a1 === b1 || a1 === b2 || a2 === b1 || a2 === b2)) return T_PHONETIC;
  if (jw >= 0.8) return T_SIMILAR;
  return T_DIFFERENT;
}

/** How many characters of a region occur (anywhere) in a string with the given letter mask. */
function sharedChars(chars: Uint16Array, start: number, len: number, mask: number): number {
  let n = 0;
  for (let k = 0; k < len; k++) {
    const c = chars[start + k]! - 97;
    if ((mask & (c >= 0 && c < 26 ? 1 << c : 1 << 26)) !== 0) n++;
  }
  return n;
}

const F_OTHER_GIVEN = 4;
const F_SIMILAR = 5;
const SWAPPED = 6;
const F_DIFFERENT = 7;
const S_EQUIVALENT = 1;
const S_PART = 2;
const S_CLOSE = 3;
const S_DIFFERENT = 6;

function forenameLevel(ctx: CompareContext, A: SetView, va: number, B: SetView, vb: number): number {
  const fa = A.vFore[va]!;
  const fb = B.vFore[vb]!;
  if (fa < 0 || fb < 0) return NULL_LEVEL;
  const t = tokenSimilarity(ctx, fa, fb);
  if (t <= T_PHONETIC) return t;
  const fa2 = A.vFore2[va]!;
  const fb2 = B.vFore2[vb]!;
  if ((fa2 >= 0 && tokenSimilarity(ctx, fa2, fb) <= T_CLOSE) || (fb2 >= 0 && tokenSimilarity(ctx, fa, fb2) <= T_CLOSE)) return F_OTHER_GIVEN;
  const p = ctx.names;
  const la = p.len[fa]!;
  const lb = p.len[fb]!;
  if ((la === 1 || lb === 1) && p.chars[p.start[fa]!] === p.chars[p.start[fb]!]) return F_OTHER_GIVEN;
  return t === T_SIMILAR ? F_SIMILAR : F_DIFFERENT;
}

function surnameLevel(ctx: CompareContext, A: SetView, va: number, B: SetView, vb: number): number {
  const sa = A.vSur[va]!;
  const sb = B.vSur[vb]!;
  if (sa < 0 || sb < 0) return NULL_LEVEL;
  const t = tokenSimilarity(ctx, sa, sb);
  if (t <= T_EQUIVALENT) return t;
  const a1 = A.vSur1[va]!;
  const a2 = A.vSur2[va]!;
  const b1 = B.vSur1[vb]!;
  const b2 = B.vSur2[vb]!;
  if (a1 >= 0 || b1 >= 0) {
    // A part of one surname matches the other surname or one of its parts (Smith-Okafor / Smith).
    if (partMatch(ctx, a1, sb, b1, b2) || partMatch(ctx, a2, sb, b1, b2) || partMatch(ctx, b1, sa, a1, a2) || partMatch(ctx, b2, sa, a1, a2)) return S_PART;
  }
  if (t === T_CLOSE) return S_CLOSE;
  if (t === T_PHONETIC) return 4;
  if (t === T_SIMILAR) return 5;
  return S_DIFFERENT;
}

function partMatch(ctx: CompareContext, part: number, whole: number, other1: number, other2: number): boolean {
  if (part < 0) return false;
  return (
    tokenSimilarity(ctx, part, whole) <= T_EQUIVALENT ||
    (other1 >= 0 && tokenSimilarity(ctx, part, other1) <= T_EQUIVALENT) ||
    (other2 >= 0 && tokenSimilarity(ctx, part, other2) <= T_EQUIVALENT)
  );
}

/** True when forename and surname agree crosswise (Hamilton Daniel / Daniel Hamilton). */
function swappedMatch(ctx: CompareContext, A: SetView, va: number, B: SetView, vb: number): boolean {
  return crossMatch(ctx, A.vFore[va]!, A.vFore2[va]!, B.vSur[vb]!, B.vSur1[vb]!) && crossMatch(ctx, B.vFore[vb]!, B.vFore2[vb]!, A.vSur[va]!, A.vSur1[va]!);
}

function crossMatch(ctx: CompareContext, fore: number, fore2: number, sur: number, sur1: number): boolean {
  if (fore < 0 || sur < 0) return false;
  if (tokenSimilarity(ctx, fore, sur) <= T_PHONETIC) return true;
  if (sur1 >= 0 && tokenSimilarity(ctx, fore, sur1) <= T_PHONETIC) return true;
  return fore2 >= 0 && sur1 >= 0 && tokenSimilarity(ctx, fore2, sur1) <= T_PHONETIC;
}

const cost = (level: number): number => (level < 0 ? 4 : level);

/**
 * How common a surname is among people of a given first name, for exact agreement on both: the share of the other
 * identities (name and date of birth) with that first name who have that surname. It only ever raises the
 * surname's own frequency (a whole name commoner than its parts, like Gurdeep Singh); with fewer than two
 * identities to go on, the surname's own frequency stands.
 */
function conditionalSurnameTf(tf: TfView, fore: number, sur: number): number {
  const marginal = tfOf(tf.sur, sur, tf.total);
  const joint = tf.fullName.get(fullNameKey(fore, sur)) ?? 0;
  const f = fore < tf.foreIdentities.length ? tf.foreIdentities[fore]! : 0;
  if (joint < 2 || f < 2) return marginal;
  const conditional = (joint - 1) / (f - 1);
  return conditional > marginal ? conditional : marginal;
}

function tfOf(counts: Int32Array, id: number, total: number): number {
  const c = id < counts.length ? counts[id]! : 0;
  return (c > 1 ? c : 1) / (total > 1 ? total : 1);
}

/**
 * Compare the names of two records: every recorded name and alias of one against every one of the other, keeping
 * the pair that agrees best (lowest level sum, then forename, then surname, then the rarer name), so the choice does
 * not depend on which record comes first. Writes forename and surname levels and term frequencies.
 */
function compareNames(ctx: CompareContext, A: SetView, i: number, B: SetView, j: number, out: Comparison): void {
  const lv = out.levels;
  const tf = out.tf;
  const aStart = A.nameStart[i]!;
  const aEnd = A.nameStart[i + 1]!;
  const bStart = B.nameStart[j]!;
  const bEnd = B.nameStart[j + 1]!;
  let bestF = NULL_LEVEL;
  let bestS = NULL_LEVEL;
  let bestTf = Infinity;
  let bestFTf = 0;
  let bestSTf = 0;
  let found = false;
  const total = ctx.tf.total;
  for (let va = aStart; va < aEnd; va++) {
    for (let vb = bStart; vb < bEnd; vb++) {
      const f = forenameLevel(ctx, A, va, B, vb);
      const s = surnameLevel(ctx, A, va, B, vb);
      const fa = A.vFore[va]!;
      const fb = B.vFore[vb]!;
      const sa = A.vSur[va]!;
      const sb = B.vSur[vb]!;
      const fTf = f >= 0 && f <= T_CLOSE ? Math.max(tfOf(ctx.tf.fore, fa, total), tfOf(ctx.tf.fore, fb, total)) : 0;
      // With the forename the same too, the surname's frequency is taken among people of that forename
      // (Singh among Gurdeeps), so the two adjustments add up to the frequency of the whole name.
      const sTf =
        s === 0 || s === S_EQUIVALENT || s === S_CLOSE
          ? f === 0
            ? Math.max(conditionalSurnameTf(ctx.tf, fa, sa), conditionalSurnameTf(ctx.tf, fa, sb))
            : Math.max(tfOf(ctx.tf.sur, sa, total), tfOf(ctx.tf.sur, sb, total))
          : 0;
      const sum = cost(f) + cost(s);
      const bestSum = cost(bestF) + cost(bestS);
      const tfSum = fTf + sTf;
      if (
        !found ||
        sum < bestSum ||
        (sum === bestSum && (cost(f) < cost(bestF) || (cost(f) === cost(bestF) && (cost(s) < cost(bestS) || (cost(s) === cost(bestS) && tfSum < bestTf)))))
      ) {
        found = true;
        bestF = f;
        bestS = s;
        bestTf = tfSum;
        bestFTf = fTf;
        bestSTf = sTf;
      }
    }
  }
  // Swapped forename and surname: only when the straight comparison finds little in common.
  if (found && bestF >= F_SIMILAR && bestS >= 5) {
    outer: for (let va = aStart; va < aEnd; va++) {
      for (let vb = bStart; vb < bEnd; vb++) {
        if (swappedMatch(ctx, A, va, B, vb)) {
          // One event, counted once: the forename field carries it and the surname field stands aside.
          bestF = SWAPPED;
          bestS = NULL_LEVEL;
          bestFTf = 0;
          bestSTf = 0;
          break outer;
        }
      }
    }
  }
  lv[FIELD.forename] = bestF;
  lv[FIELD.surname] = bestS;
  tf[FIELD.forename] = bestFTf;
  tf[FIELD.surname] = bestSTf;
}

/** True when two yyyymmdd dates differ in one digit or by two adjacent digits transposed. */
export function oneDigitEdit(a: number, b: number): boolean {
  let diffs = 0;
  let first = -1;
  let x = a;
  let y = b;
  let prevX = -1;
  let prevY = -1;
  let transposed = false;
  for (let k = 0; k < 8; k++) {
    const dx = x % 10;
    const dy = y % 10;
    if (dx !== dy) {
      diffs++;
      if (diffs === 1) first = k;
      else if (diffs === 2 && k === first + 1 && dx === prevY && dy === prevX) transposed = true;
    }
    prevX = dx;
    prevY = dy;
    x = (x - dx) / 10;
    y = (y - dy) / 10;
  }
  return diffs === 1 || (diffs === 2 && transposed);
}

export function dobLevel(A: SetView, i: number, B: SetView, j: number): number {
  const a = A.ymd[i]!;
  const b = B.ymd[j]!;
  if (a < 0 || b < 0) return NULL_LEVEL;
  if (a === b) return 0;
  const ya = (a / 10000) | 0;
  const yb = (b / 10000) | 0;
  const ma = ((a / 100) | 0) % 100;
  const mb = ((b / 100) | 0) % 100;
  const da = a % 100;
  const db = b % 100;
  if (ya === yb && ma === db && da === mb) return 1;
  if (oneDigitEdit(a, b)) return 2;
  const diff = Math.abs(A.day[i]! - B.day[j]!);
  if (diff <= 31) return 3;
  if (diff <= 366) return 4;
  return diff <= 3653 ? 5 : 6;
}

function locationLevel(ctx: CompareContext, A: SetView, i: number, B: SetView, j: number, out: Comparison): number {
  let comparable = false;
  const aa = A.adStart[i]!;
  const ae = A.adStart[i + 1]!;
  const ba = B.adStart[j]!;
  const be = B.adStart[j + 1]!;
  if (aa < ae && ba < be) {
    comparable = true;
    for (let x = aa; x < ae; x++) {
      const id = A.adId[x]!;
      for (let y = ba; y < be; y++) if (B.adId[y] === id) return 0;
    }
  }
  const pa = A.pcStart[i]!;
  const pe = A.pcStart[i + 1]!;
  const qa = B.pcStart[j]!;
  const qe = B.pcStart[j + 1]!;
  if (pa < pe && qa < qe) {
    comparable = true;
    let best = 9;
    for (let x = pa; x < pe; x++) {
      for (let y = qa; y < qe; y++) {
        const full = A.pcFull[x]!;
        if (full >= 0 && full === B.pcFull[y]) return 1;
        const sector = A.pcSector[x]!;
        if (best > 2 && sector >= 0 && sector === B.pcSector[y]) best = 2;
        else if (best > 3 && A.pcDistrict[x] === B.pcDistrict[y]) best = 3;
      }
    }
    if (best < 9) return best;
  }
  const ca = A.city[i]!;
  const cb = B.city[j]!;
  if (ca >= 0 && cb >= 0) {
    comparable = true;
    if (ca === cb) {
      out.tf[FIELD.location] = tfOf(ctx.tf.city, ca, ctx.tf.total);
      return 4;
    }
    const p = ctx.others;
    if (jaroWinklerAt(p.chars, p.start[ca]!, p.len[ca]!, p.chars, p.start[cb]!, p.len[cb]!) >= 0.88) return 5;
  }
  return comparable ? 6 : NULL_LEVEL;
}

function emailLevel(ctx: CompareContext, A: SetView, i: number, B: SetView, j: number): number {
  const a = A.email[i]!;
  const b = B.email[j]!;
  if (a < 0 || b < 0) return NULL_LEVEL;
  if (a === b) return 0;
  const p = ctx.others;
  const sa = p.start[a]!;
  const la = p.len[a]!;
  const sb = p.start[b]!;
  const lb = p.len[b]!;
  const atA = indexOfAt(p.chars, sa, la);
  const atB = indexOfAt(p.chars, sb, lb);
  if (atA === atB && regionsEqual(p.chars, sa, sb, atA)) return 1;
  const sameDomain = la - atA === lb - atB && regionsEqual(p.chars, sa + atA, sb + atB, la - atA);
  if (sameDomain) {
    const allowed = Math.min(atA, atB) >= 6 ? 2 : 1;
    if (damerauLevenshteinAt(p.chars, sa, atA, p.chars, sb, atB, allowed) <= allowed) return 2;
  }
  if (jaroWinklerAt(p.chars, sa, la, p.chars, sb, lb) >= 0.95) return 2;
  return 3;
}

function indexOfAt(chars: Uint16Array, start: number, len: number): number {
  for (let k = 0; k < len; k++) if (chars[start + k] === 64) return k;
  return len;
}

function regionsEqual(chars: Uint16Array, a: number, b: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (chars[a + k] !== chars[b + k]) return false;
  return true;
}

/** Compare record i of A with record j of B into `out` (levels and term frequencies for every field). */
export function compareRecords(ctx: CompareContext, A: SetView, i: number, B: SetView, j: number, out: Comparison): void {
  const lv = out.levels;
  out.tf.fill(0);
  compareNames(ctx, A, i, B, j, out);
  lv[FIELD.dob] = dobLevel(A, i, B, j);
  const sa = A.sex[i]!;
  const sb = B.sex[j]!;
  lv[FIELD.sex] = sa === 0 || sb === 0 ? NULL_LEVEL : sa === sb ? 0 : 1;
  const na = A.nhs[i]!;
  const nb = B.nhs[j]!;
  lv[FIELD.nhs] = na < 0 || nb < 0 ? NULL_LEVEL : na === nb ? 0 : 1;
  const ua = A.upn[i]!;
  const ub = B.upn[j]!;
  lv[FIELD.upn] = ua < 0 || ub < 0 ? NULL_LEVEL : ua === ub ? 0 : 1;
  lv[FIELD.location] = locationLevel(ctx, A, i, B, j, out);
  lv[FIELD.email] = emailLevel(ctx, A, i, B, j);
}

/** The comparison vector as one number: 4 bits per field, 0 for a null level. */
export function patternOf(levels: Int8Array): number {
  let p = 0;
  let scale = 1;
  for (let f = 0; f < FIELD_COUNT; f++) {
    p += (levels[f]! + 1) * scale;
    scale *= 16;
  }
  return p;
}

/** The level of field f in a pattern (-1 for null). */
export function levelInPattern(pattern: number, f: number): number {
  return (Math.floor(pattern / 16 ** f) % 16) - 1;
}

/**
 * Twins (or any multiple birth): the same date of birth and an address or postcode in common, but first given
 * names that are not one name (they only sound alike, look vaguely alike, or differ, even if one child's second
 * name is the other's first: twins often share one), or close names with different sexes. A typo or a diminutive
 * alone does not make twins. Reads the levels of a comparison already made.
 */
export function areLikelyTwins(A: SetView, i: number, B: SetView, j: number, out: Comparison): boolean {
  if (A.ymd[i]! < 0 || A.ymd[i] !== B.ymd[j]) return false;
  const loc = out.levels[FIELD.location]!;
  if (loc !== 0 && loc !== 1) return false;
  const f = out.levels[FIELD.forename]!;
  if (f === T_PHONETIC || f === F_OTHER_GIVEN || f === F_SIMILAR || f === F_DIFFERENT) return true;
  // A boy and a girl with close names (Zain and Zainab) are twins too.
  return f === T_CLOSE && out.levels[FIELD.sex] === 1;
}
