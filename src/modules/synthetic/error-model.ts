// The errors real agency records contain, applied to the truth about a person to make one agency's record of
// them: typos, nicknames, transliterations, hyphenated and changed surnames, swapped names, day/month swaps and
// mistyped dates of birth, missing or wrong NHS numbers, old addresses, aliases. Every rate is a parameter with a
// documented default; every error applied is named in the ground truth, so matching can be scored per kind.
import { dayOf, formatDay, partsOf } from './dates.ts';
import { diminutivesOf, drawForename, drawSurname, hasTransliteration, transliterate, traditionTable, typo, type Sex } from './names.ts';
import type { Tradition } from './name-tables.ts';
import { postcodeTypo } from './places.ts';
import { residenceOn, type Residence } from './population.ts';
import type { Rng } from './prng.ts';
import type { RecordKind } from './agencies.ts';

/**
 * The kinds of error, their default rates and when each can apply. A rate is the probability that an eligible
 * record gets the error, before the agency's data-quality multiplier (below). Defaults are synthetic judgements,
 * set so that exact matching on forename, surname and date of birth fails for about one record in six overall
 * (one in three at the police, one in eight in health), so that exact matching alone cannot link agencies'
 * records, as the serious case reviews found.
 */
export const ERROR_KINDS = {
  typo: { rate: 0.03, eligible: 'every record', effect: 'one typing slip in the forename or the surname' },
  nickname: { rate: 0.08, eligible: 'forename has a diminutive or formal form', effect: 'Robert → Bob, Freddie → Frederick' },
  transliteration: {
    rate: 0.25,
    eligible: 'forename or surname has another spelling, diacritics or an apostrophe',
    effect: "Mohammed → Muhammad, Wójcik → Wojcik, O'Brien → OBrien",
  },
  hyphenation: { rate: 0.3, eligible: 'surname has two parts', effect: 'Smith-Okafor → Smith, or Silva Santos → Silva-Santos' },
  'previous-surname': { rate: 0.3, eligible: 'person changed surname', effect: 'the surname before marriage or a change' },
  'name-swap': { rate: 0.01, eligible: 'every record (×3 where the family name comes first at home)', effect: 'forename and surname swapped' },
  'middle-name-in-forename': { rate: 0.05, eligible: 'person has a middle name', effect: 'Mary Jane held as the forename' },
  'dob-missing': { rate: 0.005, eligible: 'every record', effect: 'no date of birth' },
  'dob-day-month-swap': { rate: 0.015, eligible: 'day of month is 12 or less and differs from the month', effect: '2015-03-07 → 2015-07-03' },
  'dob-typo': { rate: 0.015, eligible: 'every record with a date of birth', effect: 'day, month or year off by one, or digits swapped' },
  'nhs-wrong': { rate: 0.01, eligible: 'record holds an NHS number', effect: 'digits transposed or mistyped, or a relative’s number' },
  'old-address': { rate: 0.1, eligible: 'person lived somewhere else before', effect: 'an earlier address' },
  'postcode-typo': { rate: 0.01, eligible: 'every record', effect: 'one character of the postcode wrong, or the space missing' },
  alias: { rate: 0.02, eligible: 'every record (×4 police, ×3 probation, ×2 substance misuse)', effect: 'an alias held, sometimes as the main name' },
  'sex-error': { rate: 0.004, eligible: 'every record', effect: 'sex recorded wrongly or as unknown' },
  duplicate: { rate: 0.01, eligible: 'every person known to an agency', effect: 'a second record of the same person in the same agency' },
} as const;

export type ErrorKind = keyof typeof ERROR_KINDS | 'nhs-missing';
export type ErrorRates = Record<keyof typeof ERROR_KINDS, number>;

export const DEFAULT_ERROR_RATES: Readonly<ErrorRates> = Object.fromEntries(
  Object.entries(ERROR_KINDS).map(([kind, { rate }]) => [kind, rate]),
) as unknown as ErrorRates;

/** Error rates from defaults, overrides and an overall scale (0 gives clean records). */
export function resolveErrorRates(overrides: Partial<ErrorRates> = {}, scale = 1): ErrorRates {
  const out = { ...DEFAULT_ERROR_RATES } as ErrorRates;
  for (const key of Object.keys(out) as (keyof ErrorRates)[]) {
    const value = overrides[key] ?? out[key];
    if (!(value >= 0 && value <= 1)) throw new Error(`Error rate ${key} must be between 0 and 1`);
    out[key] = Math.min(1, value * scale);
  }
  return out;
}

/**
 * Data quality by kind of agency: a multiplier on every error rate, and how often the agency's record holds the
 * person's NHS number and UPN when they have one. Synthetic judgements: health and schools record identifiers
 * well; police and substance misuse services take details as given, often without identifiers.
 */
export const AGENCY_QUALITY: Readonly<Record<RecordKind, { errorMultiplier: number; holdsNhsNumber: number; holdsUpn: number; aliasMultiplier: number }>> = {
  'childrens-social-care': { errorMultiplier: 1.0, holdsNhsNumber: 0.6, holdsUpn: 0.6, aliasMultiplier: 1 },
  police: { errorMultiplier: 1.6, holdsNhsNumber: 0.05, holdsUpn: 0, aliasMultiplier: 4 },
  health: { errorMultiplier: 0.6, holdsNhsNumber: 0.97, holdsUpn: 0, aliasMultiplier: 0.5 },
  education: { errorMultiplier: 0.5, holdsNhsNumber: 0.1, holdsUpn: 1, aliasMultiplier: 0.5 },
  probation: { errorMultiplier: 1.2, holdsNhsNumber: 0.15, holdsUpn: 0, aliasMultiplier: 3 },
  'adult-mental-health': { errorMultiplier: 0.9, holdsNhsNumber: 0.95, holdsUpn: 0, aliasMultiplier: 1 },
  'substance-misuse': { errorMultiplier: 1.5, holdsNhsNumber: 0.5, holdsUpn: 0, aliasMultiplier: 2 },
  housing: { errorMultiplier: 1.2, holdsNhsNumber: 0.02, holdsUpn: 0, aliasMultiplier: 1 },
};

/** What the generator knows about the person an agency records. */
export interface RecordSubject {
  forename: string;
  middleNames: string;
  surname: string;
  previousSurname: string;
  sex: Sex;
  dob: number;
  nhsNumber: string;
  upn: string;
  tradition: Tradition;
  residences: readonly Residence[];
}

/** One agency's record of a person, as it holds it. Dates are ISO strings; '' is missing. */
export interface RecordedPerson {
  forename: string;
  middleNames: string;
  surname: string;
  aliases: string;
  dob: string;
  sex: string;
  nhsNumber: string;
  upn: string;
  addressLine: string;
  postcode: string;
  laCode: string;
  errors: ErrorKind[];
}

const SWAP_PRONE: ReadonlySet<Tradition> = new Set(['chinese', 'vietnamese', 'somali', 'eritrean']);

/** A different, valid date near a date of birth, as a keying slip would give. */
function mistypeDate(rng: Rng, dob: number): number {
  const { year, month, day } = partsOf(dob);
  for (let attempt = 0; attempt < 12; attempt++) {
    let y = year;
    let m = month;
    let d = day;
    const kind = rng.float();
    if (kind < 0.3) d += rng.chance(0.5) ? 1 : -1;
    else if (kind < 0.45) d = d >= 10 ? (d % 10) * 10 + Math.floor(d / 10) : d + 10;
    else if (kind < 0.65) m += rng.chance(0.5) ? 1 : -1;
    else if (kind < 0.9) y += rng.chance(0.5) ? 1 : -1;
    else y += rng.chance(0.5) ? 10 : -10;
    if (m < 1 || m > 12 || d < 1 || d > 31) continue;
    const candidate = dayOf(y, m, d);
    const back = partsOf(candidate);
    if (back.month !== m || back.day !== d) continue;
    if (candidate !== dob) return candidate;
  }
  return dob + 1;
}

/** An NHS number keyed wrongly: two digits transposed or one mistyped (usually failing the check), or a relative's. */
function wrongNhsNumber(rng: Rng, nhs: string, relative: string): string {
  const digits = nhs.split('');
  const kind = rng.float();
  if (kind < 0.2 && relative && relative !== nhs) return relative;
  if (kind < 0.7) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const i = rng.int(9);
      if (digits[i] !== digits[i + 1]) {
        [digits[i], digits[i + 1]] = [digits[i + 1] ?? '0', digits[i] ?? '0'];
        return digits.join('');
      }
    }
  }
  const i = 3 + rng.int(7);
  const old = digits[i] ?? '0';
  let next = old;
  while (next === old) next = String(rng.int(10));
  digits[i] = next;
  return digits.join('');
}

function otherSurnameForm(rng: Rng, surname: string): string {
  const parts = surname.split(/[- ]/).filter((p) => p.length > 0);
  if (parts.length < 2) return surname;
  const k = rng.float();
  if (k < 0.35) return parts[0] ?? surname;
  if (k < 0.7) return parts[parts.length - 1] ?? surname;
  return surname.includes('-') ? parts.join(' ') : parts.join('-');
}

function aliasFor(rng: Rng, s: RecordSubject, forename: string, surname: string): string {
  const k = rng.float();
  if (traditionTable(s.tradition).familyNameFirst && k < 0.6) return `${drawForename(rng, 'english', s.sex)} ${surname}`;
  if (k < 0.3) {
    const short = diminutivesOf(forename);
    if (short.length > 0) return `${rng.pick(short)} ${surname}`;
  }
  if (k < 0.55 && s.previousSurname) return `${forename} ${s.previousSurname}`;
  if (k < 0.8) return `${forename} ${drawSurname(rng, s.tradition)}`;
  return `${drawForename(rng, s.tradition, s.sex)} ${surname}`;
}

/**
 * One agency's record of a person as at a day: the truth, with each error applied at its rate for this kind of
 * agency. `relativeNhsNumber` is a household member's number, used by the wrong-number error.
 */
export function recordPerson(
  rng: Rng,
  s: RecordSubject,
  kind: RecordKind,
  asOf: number,
  rates: Readonly<ErrorRates>,
  relativeNhsNumber = '',
): RecordedPerson {
  const quality = AGENCY_QUALITY[kind];
  const m = quality.errorMultiplier;
  const errors: ErrorKind[] = [];
  const hit = (rate: number): boolean => rng.float() < rate * m;

  let forename = s.forename;
  let middleNames = s.middleNames;
  let surname = s.surname;
  let aliases = '';

  if (s.previousSurname && hit(rates['previous-surname'])) {
    surname = s.previousSurname;
    errors.push('previous-surname');
  }
  if (/[- ]/.test(surname) && hit(rates.hyphenation)) {
    const other = otherSurnameForm(rng, surname);
    if (other !== surname) {
      surname = other;
      errors.push('hyphenation');
    }
  }
  const shortForms = diminutivesOf(forename);
  if (shortForms.length > 0 && hit(rates.nickname)) {
    forename = rng.pick(shortForms);
    errors.push('nickname');
  }
  const canForename = hasTransliteration(forename);
  const canSurname = hasTransliteration(surname);
  if ((canForename || canSurname) && hit(rates.transliteration)) {
    const onForename = canForename && (!canSurname || rng.chance(0.5));
    const variant = transliterate(rng, onForename ? forename : surname);
    if (variant !== undefined) {
      if (onForename) forename = variant;
      else surname = variant;
      errors.push('transliteration');
    }
  }
  if (middleNames && hit(rates['middle-name-in-forename'])) {
    forename = `${forename} ${middleNames.split(' ')[0] ?? ''}`.trim();
    middleNames = middleNames.split(' ').slice(1).join(' ');
    errors.push('middle-name-in-forename');
  }
  if (hit(rates.typo)) {
    if (rng.chance(0.5)) forename = typo(rng, forename);
    else surname = typo(rng, surname);
    errors.push('typo');
  }
  if (hit(rates['name-swap'] * (SWAP_PRONE.has(s.tradition) ? 3 : 1))) {
    [forename, surname] = [surname, forename];
    errors.push('name-swap');
  }
  if (rng.float() < rates.alias * quality.aliasMultiplier) {
    const alias = aliasFor(rng, s, forename, surname);
    if (rng.chance(0.4)) {
      // The alias is the name the agency knows the person by; the true name is the alias on file.
      aliases = `${forename} ${surname}`;
      const space = alias.indexOf(' ');
      forename = alias.slice(0, space);
      surname = alias.slice(space + 1);
    } else {
      aliases = alias;
    }
    errors.push('alias');
  }

  let dob = s.dob;
  let dobText: string;
  if (hit(rates['dob-missing'])) {
    dobText = '';
    errors.push('dob-missing');
  } else {
    const { year, month, day } = partsOf(dob);
    if (day <= 12 && day !== month && hit(rates['dob-day-month-swap'])) {
      dob = dayOf(year, day, month);
      errors.push('dob-day-month-swap');
    } else if (hit(rates['dob-typo'])) {
      dob = mistypeDate(rng, dob);
      errors.push('dob-typo');
    }
    dobText = formatDay(dob);
  }

  let sex: string = s.sex;
  if (hit(rates['sex-error'])) {
    sex = rng.chance(0.5) ? (s.sex === 'M' ? 'F' : 'M') : 'U';
    errors.push('sex-error');
  }

  let nhsNumber = '';
  if (s.nhsNumber) {
    if (rng.float() < quality.holdsNhsNumber) {
      nhsNumber = s.nhsNumber;
      if (hit(rates['nhs-wrong'])) {
        nhsNumber = wrongNhsNumber(rng, s.nhsNumber, relativeNhsNumber);
        errors.push('nhs-wrong');
      }
    } else {
      errors.push('nhs-missing');
    }
  }
  const upn = s.upn && rng.float() < quality.holdsUpn ? s.upn : '';

  let residence = residenceOn(s.residences, asOf);
  const index = s.residences.indexOf(residence);
  if (index > 0 && hit(rates['old-address'])) {
    residence = s.residences[rng.int(index)] ?? residence;
    errors.push('old-address');
  }
  let postcode = residence.address.postcode;
  if (hit(rates['postcode-typo'])) {
    postcode = postcodeTypo(rng, postcode);
    errors.push('postcode-typo');
  }

  return {
    forename,
    middleNames,
    surname,
    aliases,
    dob: dobText,
    sex,
    nhsNumber,
    upn,
    addressLine: residence.address.line,
    postcode,
    laCode: residence.address.laCode,
    errors,
  };
}
