// Drawing names for synthetic Londoners, and the ways real records get names wrong: transliteration
// variants, diminutives, folded diacritics, typing slips. Pure functions over a seeded Rng.
import { Rng, Weighted } from './prng.ts';
import {
  BANGLADESHI_WOMEN_SURNAMES,
  DIMINUTIVES,
  TRADITION_TABLES,
  TRADITIONS,
  VARIANT_GROUPS,
  type Tradition,
  type TraditionTable,
} from './name-tables.ts';

export type Sex = 'M' | 'F';

function parseTable(text: string): Weighted<string> {
  const entries = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part): [string, number] => {
      const space = part.lastIndexOf(' ');
      const weight = Number(part.slice(space + 1));
      if (space < 0 || !Number.isFinite(weight)) throw new Error(`Bad name table entry: ${part}`);
      return [part.slice(0, space), weight];
    });
  return new Weighted(entries);
}

interface Sampler {
  table: TraditionTable;
  male: Weighted<string>;
  female: Weighted<string>;
  surnames: Weighted<string>;
  maleMiddle: Weighted<string> | undefined;
  femaleMiddle: Weighted<string> | undefined;
  ethnicity: Weighted<string>;
}

const SAMPLERS = new Map<Tradition, Sampler>(
  TRADITIONS.map((t) => {
    const table = TRADITION_TABLES[t];
    return [
      t,
      {
        table,
        male: parseTable(table.male),
        female: parseTable(table.female),
        surnames: parseTable(table.surnames),
        maleMiddle: table.maleMiddle ? parseTable(table.maleMiddle) : undefined,
        femaleMiddle: table.femaleMiddle ? parseTable(table.femaleMiddle) : undefined,
        ethnicity: new Weighted(Object.entries(table.ethnicity)),
      },
    ];
  }),
);

const WOMEN_SURNAMES_BD = parseTable(BANGLADESHI_WOMEN_SURNAMES);

function sampler(tradition: Tradition): Sampler {
  const s = SAMPLERS.get(tradition);
  if (!s) throw new Error(`Unknown naming tradition: ${tradition}`);
  return s;
}

export function traditionTable(tradition: Tradition): TraditionTable {
  return sampler(tradition).table;
}

export function drawForename(rng: Rng, tradition: Tradition, sex: Sex): string {
  const s = sampler(tradition);
  return (sex === 'M' ? s.male : s.female).sample(rng);
}

/** A middle name, or '' for none; never the same as the forename. */
export function drawMiddleName(rng: Rng, tradition: Tradition, sex: Sex, forename: string): string {
  const s = sampler(tradition);
  if (!rng.chance(s.table.middleNameRate)) return '';
  const table = (sex === 'M' ? s.maleMiddle : s.femaleMiddle) ?? (sex === 'M' ? s.male : s.female);
  for (let attempt = 0; attempt < 4; attempt++) {
    const name = table.sample(rng);
    if (name !== forename) return name;
  }
  return '';
}

/** A family surname of the tradition, in its masculine form where the language has gendered surnames. */
export function drawSurname(rng: Rng, tradition: Tradition): string {
  return sampler(tradition).surnames.sample(rng);
}

/** Begum or Khatun, carried by many Bangladeshi women and girls. */
export function drawBangladeshiWomansSurname(rng: Rng): string {
  return WOMEN_SURNAMES_BD.sample(rng);
}

export function drawEthnicity(rng: Rng, tradition: Tradition): string {
  return sampler(tradition).ethnicity.sample(rng);
}

const WHITE_BRITISH_OR_IRISH: ReadonlySet<Tradition> = new Set(['english', 'irish', 'scottish', 'welsh']);
const BLACK_AFRICAN: ReadonlySet<Tradition> = new Set(['nigerian', 'ghanaian', 'somali', 'eritrean']);
const ASIAN: ReadonlySet<Tradition> = new Set(['indian', 'pakistani', 'bangladeshi', 'sri-lankan-tamil', 'chinese', 'vietnamese']);

/** CIN census ethnicity of a child whose parents come from two traditions. */
export function mixedEthnicity(a: Tradition, b: Tradition): string {
  const white = WHITE_BRITISH_OR_IRISH.has(a) ? b : WHITE_BRITISH_OR_IRISH.has(b) ? a : undefined;
  if (white === undefined) return 'MOTH';
  if (white === 'caribbean') return 'MWBC';
  if (BLACK_AFRICAN.has(white)) return 'MWBA';
  if (ASIAN.has(white)) return 'MWAS';
  return 'MOTH';
}

/** The feminine form of a Polish surname (Kowalski → Kowalska); other surnames are returned unchanged. */
export function polishFeminine(surname: string): string {
  if (surname.endsWith('ski')) return `${surname.slice(0, -3)}ska`;
  if (surname.endsWith('cki')) return `${surname.slice(0, -3)}cka`;
  if (surname.endsWith('dzki')) return `${surname.slice(0, -4)}dzka`;
  return surname;
}

// ---------------------------------------------------------------------------------------------------------------
// Variants

function buildVariants(groups: readonly (readonly string[])[]): Map<string, string[]> {
  // Union-find: a name listed in two groups joins them, so every spelling reaches every other.
  const parent = new Map<string, string>();
  const find = (n: string): string => {
    let root = n;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    return root;
  };
  for (const group of groups) {
    for (const name of group) if (!parent.has(name)) parent.set(name, name);
    const first = group[0];
    if (first === undefined) continue;
    for (const name of group) parent.set(find(name), find(first));
  }
  const members = new Map<string, string[]>();
  for (const name of parent.keys()) {
    const root = find(name);
    const list = members.get(root) ?? [];
    list.push(name);
    members.set(root, list);
  }
  const variants = new Map<string, string[]>();
  for (const list of members.values()) for (const name of list) variants.set(name, list.filter((n) => n !== name));
  return variants;
}

const VARIANTS = buildVariants(VARIANT_GROUPS);

/** Other spellings of the same name across transliterations (Mohammed → Muhammad, Mohamed, …). */
export function spellingVariantsOf(name: string): readonly string[] {
  return VARIANTS.get(name) ?? [];
}

const SHORT_FORMS = new Map<string, string[]>();
for (const [formal, shorts] of Object.entries(DIMINUTIVES)) {
  const list = SHORT_FORMS.get(formal) ?? [];
  list.push(...shorts);
  SHORT_FORMS.set(formal, list);
  for (const short of shorts) {
    // The reverse direction: a record holds the formal name of someone registered under the short form.
    const back = SHORT_FORMS.get(short) ?? [];
    if (!back.includes(formal)) back.push(formal);
    SHORT_FORMS.set(short, back);
  }
}

/** Diminutives of a formal name, or formal names of a diminutive (Robert → Bob, Rob…; Freddie → Frederick). */
export function diminutivesOf(name: string): readonly string[] {
  return SHORT_FORMS.get(name) ?? [];
}

const SPECIAL_FOLDS: Readonly<Record<string, string>> = { ł: 'l', Ł: 'L', ı: 'i', đ: 'd', Đ: 'D', ø: 'o', Ø: 'O', ß: 'ss' };
const NON_ASCII = /[^ -~]/;

/** The name without diacritics, as a system that stores only ASCII would hold it (Wójcik → Wojcik, Łukasz → Lukasz). */
export function foldDiacritics(name: string): string {
  if (!NON_ASCII.test(name)) return name;
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁıđĐøØß]/g, (c) => SPECIAL_FOLDS[c] ?? c);
}

/**
 * A transliteration variant of a name: another spelling from its group, its ASCII folding, or its apostrophe
 * handled another way (O'Brien → OBrien, O Brien). Undefined when the name has none.
 */
export function transliterate(rng: Rng, name: string): string | undefined {
  const options: string[] = [...spellingVariantsOf(name)];
  const folded = foldDiacritics(name);
  if (folded !== name) options.push(folded, folded);
  if (name.includes("'")) options.push(name.replace(/'/g, ''), name.replace(/'/g, ' '));
  if (options.length === 0) return undefined;
  return rng.pick(options);
}

/** True when {@link transliterate} can produce a variant of the name. */
export function hasTransliteration(name: string): boolean {
  return VARIANTS.has(name) || NON_ASCII.test(name) || name.includes("'");
}

// ---------------------------------------------------------------------------------------------------------------
// Typing slips

const KEYBOARD_NEIGHBOURS: Readonly<Record<string, string>> = {
  a: 'qwsz', b: 'vghn', c: 'xdfv', d: 'serfcx', e: 'wsdr', f: 'drtgvc', g: 'ftyhbv', h: 'gyujnb', i: 'ujko', j: 'huikmn',
  k: 'jiolm', l: 'kop', m: 'njk', n: 'bhjm', o: 'iklp', p: 'ol', q: 'wa', r: 'edft', s: 'awedxz', t: 'rfgy', u: 'yhji',
  v: 'cfgb', w: 'qase', x: 'zsdc', y: 'tghu', z: 'asx',
};

function isLetter(c: string): boolean {
  return c.toLowerCase() !== c.toUpperCase();
}

/**
 * One typing slip in a name: a neighbouring key, a dropped letter, a doubled letter or two letters swapped.
 * The first letter is rarely touched, as in real data. Always returns a different string (names of two or more letters).
 */
export function typo(rng: Rng, name: string): string {
  if (name.length < 2) return `${name}${name}`;
  for (let attempt = 0; attempt < 8; attempt++) {
    const pos = rng.chance(0.1) ? 0 : 1 + rng.int(name.length - 1);
    const c = name.charAt(pos);
    if (!isLetter(c)) continue;
    const kind = rng.float();
    let result: string;
    if (kind < 0.4) {
      const lower = c.toLowerCase();
      const near = KEYBOARD_NEIGHBOURS[lower];
      if (!near) continue;
      const sub = near.charAt(rng.int(near.length));
      result = name.slice(0, pos) + (c === lower ? sub : sub.toUpperCase()) + name.slice(pos + 1);
    } else if (kind < 0.62) {
      if (name.length < 3) continue;
      result = name.slice(0, pos) + name.slice(pos + 1);
      if (pos === 0) result = result.charAt(0).toUpperCase() + result.slice(1);
    } else if (kind < 0.8) {
      result = name.slice(0, pos + 1) + c.toLowerCase() + name.slice(pos + 1);
    } else {
      if (pos >= name.length - 1) continue;
      const next = name.charAt(pos + 1);
      if (!isLetter(next)) continue;
      const a = pos === 0 ? next.toUpperCase() : next;
      const b = pos === 0 ? c.toLowerCase() : c;
      result = name.slice(0, pos) + a + b + name.slice(pos + 2);
    }
    if (result !== name) return result;
  }
  // A name made only of repeated letters or symbols: double its last character.
  return name + name.charAt(name.length - 1);
}

// ---------------------------------------------------------------------------------------------------------------
// London's mix of traditions

/**
 * Relative weights of naming traditions among London families with children. Synthetic, shaped after the
 * broad picture of the 2021 Census (ethnic group and country of birth, London); not a measurement.
 */
export const LONDON_TRADITION_WEIGHTS: Readonly<Record<Tradition, number>> = {
  english: 30,
  irish: 3,
  scottish: 2,
  welsh: 1,
  nigerian: 6,
  ghanaian: 3,
  caribbean: 6,
  indian: 8,
  pakistani: 5,
  bangladeshi: 5,
  'sri-lankan-tamil': 2,
  somali: 2.5,
  arabic: 3,
  'turkish-kurdish': 3,
  polish: 4,
  romanian: 4,
  'portuguese-brazilian': 3,
  chinese: 2,
  vietnamese: 1,
  eritrean: 1,
  albanian: 1.5,
};

/**
 * Borough-level multipliers on the London-wide weights (by DfE LA code), so Tower Hamlets has more Bangladeshi
 * families, Harrow more Indian and Tamil, Haringey and Enfield more Turkish and Kurdish, and so on. Synthetic.
 */
export const BOROUGH_TRADITION_MULTIPLIERS: Readonly<Record<string, Partial<Record<Tradition, number>>>> = {
  '201': { english: 2, chinese: 1.5 },
  '202': { bangladeshi: 2, somali: 1.5, irish: 1.3 },
  '203': { nigerian: 2, vietnamese: 1.5, ghanaian: 1.3 },
  '204': { 'turkish-kurdish': 3, nigerian: 1.5, caribbean: 1.5, vietnamese: 2 },
  '205': { arabic: 2, polish: 1.5, irish: 1.5 },
  '206': { 'turkish-kurdish': 1.5, irish: 1.5, bangladeshi: 1.3 },
  '207': { arabic: 3, 'portuguese-brazilian': 1.5 },
  '208': { 'portuguese-brazilian': 2.5, nigerian: 2, caribbean: 2, ghanaian: 1.5 },
  '209': { caribbean: 2.5, nigerian: 1.5, vietnamese: 2 },
  '210': { nigerian: 2.5, caribbean: 2, ghanaian: 2, 'portuguese-brazilian': 1.5 },
  '211': { bangladeshi: 7, somali: 2 },
  '212': { english: 1.5, polish: 1.5 },
  '213': { arabic: 3, bangladeshi: 1.5, 'portuguese-brazilian': 1.5 },
  '301': { nigerian: 2.5, bangladeshi: 1.5, romanian: 1.5, english: 1.2 },
  '302': { irish: 1.5, chinese: 1.5, romanian: 1.5 },
  '303': { english: 2.2, nigerian: 1.2 },
  '304': { indian: 2, somali: 2, romanian: 2, caribbean: 1.3 },
  '305': { english: 2.2 },
  '306': { caribbean: 2, 'sri-lankan-tamil': 2 },
  '307': { polish: 3, somali: 1.5, indian: 1.5 },
  '308': { 'turkish-kurdish': 3, ghanaian: 1.5, albanian: 2 },
  '309': { 'turkish-kurdish': 3, polish: 1.5, ghanaian: 1.5, albanian: 2 },
  '310': { indian: 3, 'sri-lankan-tamil': 2, romanian: 2 },
  '311': { english: 2.2, nigerian: 1.2 },
  '312': { indian: 2, somali: 1.5 },
  '313': { indian: 2.5, polish: 1.5, pakistani: 1.5, somali: 1.3 },
  '314': { english: 1.8, 'sri-lankan-tamil': 1.5 },
  '315': { 'sri-lankan-tamil': 2.5, polish: 1.5, pakistani: 1.5 },
  '316': { bangladeshi: 3, indian: 1.5, pakistani: 2, romanian: 1.5, nigerian: 1.3 },
  '317': { pakistani: 3, indian: 2, bangladeshi: 2 },
  '318': { english: 2 },
  '319': { english: 2, 'sri-lankan-tamil': 1.5 },
  '320': { pakistani: 2.5, romanian: 2, albanian: 1.5 },
};

const BOROUGH_MIX = new Map<string, Weighted<Tradition>>();

/** The mix of naming traditions among families in a borough (DfE LA code). */
export function traditionMixFor(laCode: string): Weighted<Tradition> {
  let mix = BOROUGH_MIX.get(laCode);
  if (!mix) {
    const multipliers = BOROUGH_TRADITION_MULTIPLIERS[laCode] ?? {};
    mix = new Weighted(TRADITIONS.map((t) => [t, LONDON_TRADITION_WEIGHTS[t] * (multipliers[t] ?? 1)] as const));
    BOROUGH_MIX.set(laCode, mix);
  }
  return mix;
}
