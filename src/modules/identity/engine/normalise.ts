// Normalising what agencies hold before it is compared: names folded to plain lower-case letters, a light
// transliteration key, dates of birth, NHS numbers (modulus 11), UPNs (DfE check letter), sex, postcodes (full,
// sector, district), addresses and emails. Pure functions, no I/O.

// Letters that Unicode decomposition leaves alone.
const SPECIAL_LETTERS: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
  þ: 'th',
  ð: 'd',
  ħ: 'h',
  ŀ: 'l',
};
const SPECIAL_RE = /[łøđßæœıþðħŀ]/g;
const APOSTROPHES_RE = /['’‘`ʼʻ]/g;
const COMBINING_RE = /[\u0300-\u036f]/g;
const NON_ALNUM_RE = /[^a-z0-9]+/g;

/**
 * Lower case, accents and diacritics removed (Wójcik → wojcik, Nguyễn → nguyen, Łukasz → lukasz), apostrophes
 * dropped (O'Brien → obrien), every other run of punctuation or space made one space, trimmed.
 */
export function foldText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(COMBINING_RE, '')
    .toLowerCase()
    .replace(SPECIAL_RE, (c) => SPECIAL_LETTERS[c] ?? c)
    .replace(APOSTROPHES_RE, '')
    .replace(NON_ALNUM_RE, ' ')
    .trim();
}

// Words that are not part of a name when agencies record one.
const NAME_NOISE = new Set(['mr', 'mrs', 'miss', 'ms', 'mx', 'dr', 'master', 'baby', 'unknown', 'unborn', 'nfa', 'nk']);

/** The folded words of a name, without titles, digits or placeholders: 'Mary-Jane  O’Neill' → ['mary', 'jane', 'oneill']. */
export function nameTokens(value: string | null | undefined): string[] {
  if (!value) return [];
  const folded = foldText(value);
  if (!folded) return [];
  return folded.split(' ').filter((t) => t.length > 0 && !NAME_NOISE.has(t) && !/\d/.test(t));
}

/**
 * A transliteration key: spellings of one name that differ only by a romanisation convention share it.
 * Digraphs that stand for one sound are reduced (ph → f, kh → k, th → t, w → v, q → k, c before a/o/u → k),
 * long vowels and their spellings are merged (ee, ie, y → i; oo, ou → u), a final h goes (Sarah, Hannah),
 * and doubled letters are made single (Zakariyya → zakaria, Mohammed → mohamed).
 */
export function transliterationKey(token: string): string {
  if (token.length <= 1) return token;
  let s = token
    .replace(/sch/g, 'sh')
    .replace(/tch/g, 'ch')
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/q/g, 'k')
    .replace(/([kgdtbj])h/g, '$1')
    .replace(/zh/g, 'j')
    .replace(/w/g, 'v')
    .replace(/c([aou])/g, 'k$1')
    .replace(/(.)x/g, '$1ks')
    .replace(/ou|oo/g, 'u')
    .replace(/ee|ie$/g, 'i')
    .replace(/y/g, 'i');
  if (s.length > 2 && s.endsWith('h')) s = s.slice(0, -1);
  return s.replace(/(.)\1+/g, '$1');
}

export interface BirthDate {
  /** yyyymmdd as one number, for digit-level comparison. */
  ymd: number;
  /** Days since 1970-01-01 (negative before). */
  day: number;
}

const ISO_DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})/;
const UK_DATE_RE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/**
 * A date of birth from 'YYYY-MM-DD' (or 'DD/MM/YYYY', as agencies in the UK write it). Null when missing, not a
 * real calendar date, or before 1880 (placeholders such as 1900-01-01 are kept: they are dates, and EM learns
 * how often they agree by chance).
 */
export function parseBirthDate(value: string | null | undefined): BirthDate | null {
  if (!value) return null;
  const s = value.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = ISO_DATE_RE.exec(s);
  if (iso) {
    y = Number(iso[1]);
    m = Number(iso[2]);
    d = Number(iso[3]);
  } else {
    const uk = UK_DATE_RE.exec(s);
    if (!uk) return null;
    d = Number(uk[1]);
    m = Number(uk[2]);
    y = Number(uk[3]);
  }
  if (y < 1880 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = Date.UTC(y, m - 1, d);
  const check = new Date(t);
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  return { ymd: y * 10000 + m * 100 + d, day: Math.round(t / 86_400_000) };
}

/**
 * The ten digits of a valid NHS number, or null. Spaces and hyphens are allowed (485 777 3456). The check digit
 * must satisfy modulus 11 (weights 10 to 2; NHS Data Model and Dictionary, "NHS Number"), and a number of one
 * repeated digit (0000000000, 1111111111) is a placeholder, not a number. An invalid number counts as missing.
 */
export function normaliseNhsNumber(value: string | null | undefined): string | null {
  if (!value) return null;
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return null;
  if (/^(\d)\1{9}$/.test(digits)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return null;
  return check === digits.charCodeAt(9) - 48 ? digits : null;
}

const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/**
 * A valid unique pupil number, or null. A permanent UPN is a check letter and twelve digits: each of characters
 * 2–13 times its position (2..13), summed, modulo 23, indexes the letters A–Z without I, O and S (DfE, "Unique
 * Pupil Numbers", Annex 1). A temporary UPN (a final letter in place of the last digit) is kept as written: it
 * identifies the pupil until a permanent one is issued.
 */
export function normaliseUpn(value: string | null | undefined): string | null {
  if (!value) return null;
  const s = value.replace(/\s/g, '').toUpperCase();
  if (/^[A-Z]\d{11}[A-Z]$/.test(s)) return s;
  if (!/^[A-Z]\d{12}$/.test(s)) return null;
  let sum = 0;
  for (let i = 1; i < 13; i++) sum += (s.charCodeAt(i) - 48) * (i + 1);
  return UPN_LETTERS.charAt(sum % 23) === s.charAt(0) ? s : null;
}

/** Sex as 1 (male), 2 (female) or 0 (unknown, not stated, or anything else). */
export function normaliseSex(value: string | null | undefined): number {
  if (!value) return 0;
  const s = value.trim().toLowerCase();
  if (s === 'm' || s === 'male' || s === '1') return 1;
  if (s === 'f' || s === 'female' || s === '2') return 2;
  return 0;
}

export interface PostcodeParts {
  /** 'SW1A 1AA' */
  full: string;
  /** 'SW1A 1' */
  sector: string;
  /** 'SW1A' */
  district: string;
}

const INWARD_RE = /^\d[A-Z]{2}$/;
const OUTWARD_RE = /^[A-Z]{1,2}\d[A-Z\d]?$/;

/**
 * A UK postcode split into full code, sector and district; spaces and case are ignored ('rm92yl' → RM9 2YL).
 * An outward code alone gives a district only. Null when it is not shaped like a postcode.
 */
export function parsePostcode(value: string | null | undefined): PostcodeParts | null {
  if (!value) return null;
  const s = value.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  if (s.length >= 5 && s.length <= 7) {
    const outward = s.slice(0, -3);
    const inward = s.slice(-3);
    if (OUTWARD_RE.test(outward) && INWARD_RE.test(inward)) {
      return { full: `${outward} ${inward}`, sector: `${outward} ${inward.charAt(0)}`, district: outward };
    }
  }
  if (OUTWARD_RE.test(s)) return { full: '', sector: '', district: s };
  return null;
}

const ADDRESS_WORDS: Record<string, string> = {
  rd: 'road',
  st: 'street',
  ave: 'avenue',
  av: 'avenue',
  ln: 'lane',
  cl: 'close',
  ct: 'court',
  cres: 'crescent',
  dr: 'drive',
  gdns: 'gardens',
  gr: 'grove',
  pl: 'place',
  sq: 'square',
  ter: 'terrace',
  terr: 'terrace',
  hse: 'house',
  apt: 'flat',
  apartment: 'flat',
};

/** An address folded for comparison: lower case, punctuation gone, common abbreviations written out. */
export function normaliseAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  const folded = foldText(value);
  if (!folded) return null;
  return folded
    .split(' ')
    .map((w) => ADDRESS_WORDS[w] ?? w)
    .join(' ');
}

/** An email address in lower case, or null when it has no '@'. */
export function normaliseEmail(value: string | null | undefined): string | null {
  if (!value) return null;
  const s = value.trim().toLowerCase();
  return s.includes('@') && s.length > 2 ? s : null;
}
