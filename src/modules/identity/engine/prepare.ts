// Records compiled for fast comparison: every string interned once, every field a typed array column backed by a
// SharedArrayBuffer, so worker threads read the same memory without copying and comparisons touch numbers, not
// strings. Names keep their characters in one Uint16Array pool (for Jaro-Winkler and Damerau-Levenshtein) and, per
// distinct name, its Double Metaphone codes, transliteration key and name-table groups, computed once.
import { doubleMetaphone } from './double-metaphone.ts';
import { DEFAULT_NAME_KNOWLEDGE, type NameKnowledge } from './nicknames.ts';
import {
  foldText,
  nameTokens,
  normaliseAddress,
  normaliseEmail,
  normaliseNhsNumber,
  normaliseSex,
  normaliseUpn,
  parseBirthDate,
  parsePostcode,
  transliterationKey,
} from './normalise.ts';

/** One agency's record of a person: the input to training, deduplication, linking and the online index. */
export interface PersonRecord {
  /** The caller's identifier: returned with every result, never compared. */
  id: string;
  /** All given names, the one in use first ('Nia Keisha'). */
  forenames: string | null;
  surname: string | null;
  /** 'YYYY-MM-DD' (DD/MM/YYYY is accepted too). */
  dob: string | null;
  /** M, F or U (anything else counts as unknown). */
  sex?: string | null;
  nhsNumber?: string | null;
  upn?: string | null;
  /** Every postcode known for the person, current and past. */
  postcodes?: readonly string[];
  /** Every address known for the person, current and past, as free text. */
  addresses?: readonly string[];
  /** Other names the person is known by. */
  aliases?: readonly { forenames: string | null; surname: string | null }[];
  email?: string | null;
  /** Town or city, when that is all the address there is. */
  city?: string | null;
}

/** Slots per name for the groups (diminutive or spelling) it belongs to. */
export const GROUP_SLOTS = 6;
/** Spelling group ids are offset so that they never collide with diminutive group ids. */
const SPELLING_OFFSET = 1_000_000;

/** What a comparison reads of a string pool: plain typed arrays, the same in the main thread and in workers. */
export interface PoolView {
  chars: Uint16Array;
  start: Int32Array;
  len: Uint8Array;
  /** Id of the primary and alternate Double Metaphone codes (-1: none). */
  dm1: Int32Array;
  dm2: Int32Array;
  /** Id of the transliteration key. */
  translit: Int32Array;
  /** GROUP_SLOTS group ids per string, -1 for unused slots. */
  groups: Int32Array;
  /** Which of a–z (bits 0–25) and anything else (bit 26) occur in the string: a cheap bound on similarity. */
  mask: Int32Array;
}

function sharedArray<T>(Kind: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, length: number): T {
  return new Kind(new SharedArrayBuffer(Math.max(1, length) * Kind.BYTES_PER_ELEMENT));
}

type Typed = Int32Array | Uint16Array | Uint8Array | Int8Array;

/** A copy of `a` with room for at least `needed` elements (doubling), or `a` itself when it is big enough. */
function ensure<T extends Typed>(a: T, needed: number, fill?: number): T {
  if (a.length >= needed) return a;
  let size = Math.max(16, a.length);
  while (size < needed) size *= 2;
  const Kind = a.constructor as unknown as { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const next = sharedArray(Kind, size);
  (next as unknown as { set(x: T): void }).set(a);
  if (fill !== undefined) (next as unknown as { fill(v: number, s: number): void }).fill(fill, a.length);
  return next;
}

/** Interned strings with their characters in one pool; names also get phonetic codes and name-table groups. */
export class StringPool implements PoolView {
  readonly ids = new Map<string, number>();
  private readonly codeIds = new Map<string, number>();
  size = 0;
  private used = 0;
  chars = sharedArray(Uint16Array, 1024);
  start = sharedArray(Int32Array, 256);
  len = sharedArray(Uint8Array, 256);
  dm1 = sharedArray(Int32Array, 256);
  dm2 = sharedArray(Int32Array, 256);
  translit = sharedArray(Int32Array, 256);
  groups = sharedArray(Int32Array, 256 * GROUP_SLOTS);
  mask = sharedArray(Int32Array, 256);

  private readonly isNamePool: boolean;
  private readonly knowledge: NameKnowledge;

  // Plain fields, not parameter properties: worker threads load this file with Node's type stripping.
  constructor(isNamePool: boolean, knowledge: NameKnowledge = DEFAULT_NAME_KNOWLEDGE) {
    this.isNamePool = isNamePool;
    this.knowledge = knowledge;
  }

  /** The id of a string, adding it when new. Strings longer than 255 characters are cut. */
  intern(text: string): number {
    const known = this.ids.get(text);
    if (known !== undefined) return known;
    const s = text.length > 255 ? text.slice(0, 255) : text;
    const id = this.size++;
    this.ids.set(text, id);
    this.chars = ensure(this.chars, this.used + s.length);
    for (let k = 0; k < s.length; k++) this.chars[this.used + k] = s.charCodeAt(k);
    this.start = ensure(this.start, this.size);
    this.len = ensure(this.len, this.size);
    this.dm1 = ensure(this.dm1, this.size);
    this.dm2 = ensure(this.dm2, this.size);
    this.translit = ensure(this.translit, this.size);
    this.groups = ensure(this.groups, this.size * GROUP_SLOTS);
    this.mask = ensure(this.mask, this.size);
    let mask = 0;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k) - 97;
      mask |= c >= 0 && c < 26 ? 1 << c : 1 << 26;
    }
    this.mask[id] = mask;
    this.start[id] = this.used;
    this.len[id] = s.length;
    this.used += s.length;
    const g = id * GROUP_SLOTS;
    this.groups.fill(-1, g, g + GROUP_SLOTS);
    if (this.isNamePool) {
      const codes = doubleMetaphone(s);
      this.dm1[id] = codes.primary ? this.code(`m${codes.primary}`) : -1;
      this.dm2[id] = codes.alternate && codes.alternate !== codes.primary ? this.code(`m${codes.alternate}`) : this.dm1[id]!;
      this.translit[id] = this.code(`t${transliterationKey(s)}`);
      let slot = 0;
      for (const group of this.knowledge.nicknameGroupsOf(s)) if (slot < GROUP_SLOTS) this.groups[g + slot++] = group;
      for (const group of this.knowledge.spellingGroupsOf(s)) if (slot < GROUP_SLOTS) this.groups[g + slot++] = group + SPELLING_OFFSET;
    } else {
      this.dm1[id] = -1;
      this.dm2[id] = -1;
      this.translit[id] = -1;
    }
    return id;
  }

  /** The id of a Double Metaphone code or transliteration key (for blocking keys). */
  code(key: string): number {
    let id = this.codeIds.get(key);
    if (id === undefined) {
      id = this.codeIds.size;
      this.codeIds.set(key, id);
    }
    return id;
  }

  text(id: number): string {
    const s = this.start[id]!;
    return String.fromCharCode(...this.chars.subarray(s, s + this.len[id]!));
  }

  view(): PoolView {
    return { chars: this.chars, start: this.start, len: this.len, dm1: this.dm1, dm2: this.dm2, translit: this.translit, groups: this.groups, mask: this.mask };
  }
}

/**
 * The interned values every prepared set draws on. Sets that are compared with each other (the two files of a
 * link, the online index and its queries) must share one vocabulary.
 */
export class Vocabulary {
  readonly names: StringPool;
  /** Emails and towns: compared by characters, without name knowledge. */
  readonly others: StringPool;
  /** Identifiers compared only for equality: NHS numbers, UPNs, postcode parts, addresses. */
  private readonly values = new Map<string, number>();

  constructor(knowledge: NameKnowledge = DEFAULT_NAME_KNOWLEDGE) {
    this.names = new StringPool(true, knowledge);
    this.others = new StringPool(false, knowledge);
  }

  value(kind: string, text: string): number {
    const key = kind + text;
    let id = this.values.get(key);
    if (id === undefined) {
      id = this.values.size;
      this.values.set(key, id);
    }
    return id;
  }
}

/** What a comparison reads of a prepared set: plain typed arrays (see PreparedSet for the meaning of each). */
export interface SetView {
  n: number;
  nameStart: Int32Array;
  vFore: Int32Array;
  vFore2: Int32Array;
  vSur: Int32Array;
  vSur1: Int32Array;
  vSur2: Int32Array;
  ymd: Int32Array;
  day: Int32Array;
  sex: Int8Array;
  nhs: Int32Array;
  upn: Int32Array;
  pcStart: Int32Array;
  pcFull: Int32Array;
  pcSector: Int32Array;
  pcDistrict: Int32Array;
  adStart: Int32Array;
  adId: Int32Array;
  email: Int32Array;
  city: Int32Array;
  alive: Uint8Array;
}

/**
 * Prepared records in columns. Record i's names are variants nameStart[i] .. nameStart[i+1]-1 (the recorded name
 * first, then aliases); each variant has a first given name (vFore), a second (vFore2), the whole surname with its
 * parts joined (vSur: 'Baker-Harris' and 'Baker Harris' are both 'bakerharris') and, for a surname of several
 * parts, the first and last part (vSur1, vSur2). -1 means missing throughout. Postcodes and addresses are lists in
 * the same way. Records are only appended; `alive` marks the ones removed (the online index).
 */
export class PreparedSet implements SetView {
  n = 0;
  private variants = 0;
  private postcodes = 0;
  private addresses = 0;
  readonly ids: string[] = [];
  nameStart = sharedArray(Int32Array, 17);
  vFore = sharedArray(Int32Array, 16);
  vFore2 = sharedArray(Int32Array, 16);
  vSur = sharedArray(Int32Array, 16);
  vSur1 = sharedArray(Int32Array, 16);
  vSur2 = sharedArray(Int32Array, 16);
  ymd = sharedArray(Int32Array, 16);
  day = sharedArray(Int32Array, 16);
  sex = sharedArray(Int8Array, 16);
  nhs = sharedArray(Int32Array, 16);
  upn = sharedArray(Int32Array, 16);
  pcStart = sharedArray(Int32Array, 17);
  pcFull = sharedArray(Int32Array, 16);
  pcSector = sharedArray(Int32Array, 16);
  pcDistrict = sharedArray(Int32Array, 16);
  adStart = sharedArray(Int32Array, 17);
  adId = sharedArray(Int32Array, 16);
  email = sharedArray(Int32Array, 16);
  city = sharedArray(Int32Array, 16);
  alive = sharedArray(Uint8Array, 16);

  readonly vocabulary: Vocabulary;

  constructor(vocabulary: Vocabulary) {
    this.vocabulary = vocabulary;
  }

  /** Prepare every record of a list into a new set. */
  static from(records: readonly PersonRecord[], vocabulary = new Vocabulary()): PreparedSet {
    const set = new PreparedSet(vocabulary);
    for (const r of records) set.add(r);
    return set;
  }

  /** Forget every record (the arrays are kept for reuse): for a scratch set holding one query at a time. */
  clear(): void {
    this.n = 0;
    this.variants = 0;
    this.postcodes = 0;
    this.addresses = 0;
    this.ids.length = 0;
  }

  /** Append one record; returns its index. */
  add(record: PersonRecord): number {
    const v = this.vocabulary;
    const i = this.n++;
    this.ids.push(record.id);
    const cap = this.n;
    this.nameStart = ensure(this.nameStart, cap + 1);
    this.pcStart = ensure(this.pcStart, cap + 1);
    this.adStart = ensure(this.adStart, cap + 1);
    this.ymd = ensure(this.ymd, cap);
    this.day = ensure(this.day, cap);
    this.sex = ensure(this.sex, cap);
    this.nhs = ensure(this.nhs, cap);
    this.upn = ensure(this.upn, cap);
    this.email = ensure(this.email, cap);
    this.city = ensure(this.city, cap);
    this.alive = ensure(this.alive, cap);

    // Names: the recorded name, then aliases that differ from it.
    const seen = new Set<string>();
    const addName = (forenames: string | null | undefined, surname: string | null | undefined): void => {
      const f = nameTokens(forenames);
      const s = nameTokens(surname);
      if (f.length === 0 && s.length === 0) return;
      const key = `${f.join(' ')}|${s.join(' ')}`;
      if (seen.has(key)) return;
      seen.add(key);
      const k = this.variants++;
      this.vFore = ensure(this.vFore, k + 1);
      this.vFore2 = ensure(this.vFore2, k + 1);
      this.vSur = ensure(this.vSur, k + 1);
      this.vSur1 = ensure(this.vSur1, k + 1);
      this.vSur2 = ensure(this.vSur2, k + 1);
      this.vFore[k] = f[0] ? v.names.intern(f[0]) : -1;
      this.vFore2[k] = f[1] ? v.names.intern(f[1]) : -1;
      this.vSur[k] = s.length ? v.names.intern(s.join('')) : -1;
      this.vSur1[k] = s.length > 1 ? v.names.intern(s[0]!) : -1;
      this.vSur2[k] = s.length > 1 ? v.names.intern(s[s.length - 1]!) : -1;
    };
    addName(record.forenames, record.surname);
    for (const a of record.aliases ?? []) addName(a.forenames, a.surname);
    this.nameStart[i + 1] = this.variants;

    const dob = parseBirthDate(record.dob);
    this.ymd[i] = dob ? dob.ymd : -1;
    this.day[i] = dob ? dob.day : -1;
    this.sex[i] = normaliseSex(record.sex);
    const nhs = normaliseNhsNumber(record.nhsNumber);
    this.nhs[i] = nhs ? v.value('n', nhs) : -1;
    const upn = normaliseUpn(record.upn);
    this.upn[i] = upn ? v.value('u', upn) : -1;

    const postcodes = new Set<string>();
    for (const raw of record.postcodes ?? []) {
      const p = parsePostcode(raw);
      if (!p || postcodes.has(p.full || p.district)) continue;
      postcodes.add(p.full || p.district);
      const k = this.postcodes++;
      this.pcFull = ensure(this.pcFull, k + 1);
      this.pcSector = ensure(this.pcSector, k + 1);
      this.pcDistrict = ensure(this.pcDistrict, k + 1);
      this.pcFull[k] = p.full ? v.value('p', p.full) : -1;
      this.pcSector[k] = p.sector ? v.value('s', p.sector) : -1;
      this.pcDistrict[k] = v.value('d', p.district);
    }
    this.pcStart[i + 1] = this.postcodes;

    const addresses = new Set<number>();
    for (const raw of record.addresses ?? []) {
      const a = normaliseAddress(raw);
      if (!a) continue;
      const id = v.value('a', a);
      if (addresses.has(id)) continue;
      addresses.add(id);
      const k = this.addresses++;
      this.adId = ensure(this.adId, k + 1);
      this.adId[k] = id;
    }
    this.adStart[i + 1] = this.addresses;

    const email = normaliseEmail(record.email);
    this.email[i] = email ? v.others.intern(email) : -1;
    const city = record.city ? foldText(record.city) : '';
    this.city[i] = city ? v.others.intern(city) : -1;
    this.alive[i] = 1;
    return i;
  }

  /** Append record i of another set that shares this set's vocabulary, already prepared; returns its index. */
  copyFrom(other: PreparedSet, i: number): number {
    if (other.vocabulary !== this.vocabulary) throw new Error('copyFrom needs sets that share one vocabulary');
    const j = this.n++;
    this.ids.push(other.ids[i]!);
    const cap = this.n;
    this.nameStart = ensure(this.nameStart, cap + 1);
    this.pcStart = ensure(this.pcStart, cap + 1);
    this.adStart = ensure(this.adStart, cap + 1);
    for (const k of ['ymd', 'day', 'nhs', 'upn', 'email', 'city'] as const) {
      this[k] = ensure(this[k], cap);
      this[k][j] = other[k][i]!;
    }
    this.sex = ensure(this.sex, cap);
    this.sex[j] = other.sex[i]!;
    this.alive = ensure(this.alive, cap);
    this.alive[j] = other.alive[i]!;
    for (let v = other.nameStart[i]!; v < other.nameStart[i + 1]!; v++) {
      const k = this.variants++;
      for (const col of ['vFore', 'vFore2', 'vSur', 'vSur1', 'vSur2'] as const) {
        this[col] = ensure(this[col], k + 1);
        this[col][k] = other[col][v]!;
      }
    }
    this.nameStart[j + 1] = this.variants;
    for (let x = other.pcStart[i]!; x < other.pcStart[i + 1]!; x++) {
      const k = this.postcodes++;
      for (const col of ['pcFull', 'pcSector', 'pcDistrict'] as const) {
        this[col] = ensure(this[col], k + 1);
        this[col][k] = other[col][x]!;
      }
    }
    this.pcStart[j + 1] = this.postcodes;
    for (let x = other.adStart[i]!; x < other.adStart[i + 1]!; x++) {
      const k = this.addresses++;
      this.adId = ensure(this.adId, k + 1);
      this.adId[k] = other.adId[x]!;
    }
    this.adStart[j + 1] = this.addresses;
    return j;
  }

  /** The arrays as they stand, for a worker or a comparison (a snapshot: later appends may reallocate). */
  view(): SetView {
    return {
      n: this.n,
      nameStart: this.nameStart,
      vFore: this.vFore,
      vFore2: this.vFore2,
      vSur: this.vSur,
      vSur1: this.vSur1,
      vSur2: this.vSur2,
      ymd: this.ymd,
      day: this.day,
      sex: this.sex,
      nhs: this.nhs,
      upn: this.upn,
      pcStart: this.pcStart,
      pcFull: this.pcFull,
      pcSector: this.pcSector,
      pcDistrict: this.pcDistrict,
      adStart: this.adStart,
      adId: this.adId,
      email: this.email,
      city: this.city,
      alive: this.alive,
    };
  }
}

/**
 * How often each value occurs, for term-frequency adjustment: first given names and surnames (of the recorded
 * name) and towns, by record; and whole names (first given name with surname) by distinct identity, a name with a
 * date of birth, so that one person's many records do not make their name look common. Within a community a few
 * whole names are far commoner than their parts suggest (Gurdeep Singh). Counts can be added and taken away as
 * records come and go.
 */
export class TermFrequencies implements TfView {
  fore = sharedArray(Int32Array, 256);
  sur = sharedArray(Int32Array, 256);
  city = sharedArray(Int32Array, 256);
  /** Distinct identities (dates of birth) per whole name. */
  fullName = new Map<number, number>();
  /** Distinct identities (surname and date of birth) per first given name. */
  foreIdentities = sharedArray(Int32Array, 256);
  total = 0;
  /** Whole name → date of birth (day, or -1 when missing) → records. */
  private readonly identities = new Map<number, Map<number, number>>();

  /** Count (delta 1) or uncount (delta -1) record i of a set. */
  count(set: SetView, i: number, delta: 1 | -1): void {
    this.total += delta;
    const k = set.nameStart[i]!;
    if (k < set.nameStart[i + 1]!) {
      const f = set.vFore[k]!;
      const s = set.vSur[k]!;
      if (f >= 0) {
        this.fore = ensure(this.fore, f + 1, 0);
        this.fore[f]! += delta;
      }
      if (s >= 0) {
        this.sur = ensure(this.sur, s + 1, 0);
        this.sur[s]! += delta;
      }
      if (f >= 0 && s >= 0) this.countIdentity(f, s, set.ymd[i]! >= 0 ? set.day[i]! : -1, delta);
    }
    const c = set.city[i]!;
    if (c >= 0) {
      this.city = ensure(this.city, c + 1, 0);
      this.city[c]! += delta;
    }
  }

  private countIdentity(f: number, s: number, day: number, delta: 1 | -1): void {
    const key = fullNameKey(f, s);
    let byDay = this.identities.get(key);
    if (!byDay) this.identities.set(key, (byDay = new Map()));
    const before = byDay.get(day) ?? 0;
    const after = before + delta;
    if (after > 0) byDay.set(day, after);
    else byDay.delete(day);
    if (byDay.size === 0) this.identities.delete(key);
    const change = before === 0 && after > 0 ? 1 : before > 0 && after === 0 ? -1 : 0;
    if (change === 0) return;
    const n = (this.fullName.get(key) ?? 0) + change;
    if (n > 0) this.fullName.set(key, n);
    else this.fullName.delete(key);
    this.foreIdentities = ensure(this.foreIdentities, f + 1, 0);
    this.foreIdentities[f]! += change;
  }

  countAll(set: SetView): void {
    for (let i = 0; i < set.n; i++) if (set.alive[i]) this.count(set, i, 1);
  }

  view(): TfView {
    return { fore: this.fore, sur: this.sur, city: this.city, fullName: this.fullName, foreIdentities: this.foreIdentities, total: this.total };
  }
}

/** The key of a (first given name, surname) pair in TermFrequencies.fullName. */
export function fullNameKey(fore: number, sur: number): number {
  return fore * 67_108_864 + sur;
}

/** What a comparison reads of term frequencies. */
export interface TfView {
  fore: Int32Array;
  sur: Int32Array;
  city: Int32Array;
  fullName: Map<number, number>;
  foreIdentities: Int32Array;
  total: number;
}
