// Synthetic families: one household at a time, from its own random stream, with parents, step-parents,
// partners, siblings and twins, grandparents, non-resident parents, and dated moves between addresses and
// boroughs. Pure: identifiers come from the allocators passed in, so output depends only on the seed.
import { POPULATION_PARAMETERS } from './calibration.ts';
import { dayOf, DAYS_PER_YEAR, partsOf } from './dates.ts';
import {
  drawBangladeshiWomansSurname,
  drawEthnicity,
  drawForename,
  drawMiddleName,
  drawSurname,
  mixedEthnicity,
  polishFeminine,
  traditionMixFor,
  traditionTable,
  type Sex,
} from './names.ts';
import type { Tradition } from './name-tables.ts';
import { drawAddress, drawPreviousBorough, type Address } from './places.ts';
import { Rng, Weighted, weightedOf } from './prng.ts';

export type Role =
  | 'mother'
  | 'father'
  | 'step-father'
  | 'grandmother'
  | 'grandfather'
  | 'child'
  | 'non-resident-father'
  | 'non-resident-mother';

export type Structure = 'couple' | 'stepfamily' | 'lone-mother' | 'lone-father' | 'kinship' | 'single-adult';
export type Tenure = 'owner' | 'private-rent' | 'social-rent';

/** A period at one address. `to` is the last day there, or null for the current address. */
export interface Residence {
  address: Address;
  from: number;
  to: number | null;
}

export interface Person {
  /** Assigned once the household is complete (see {@link drawHousehold}). */
  id: string;
  householdId: string;
  role: Role;
  sex: Sex;
  forename: string;
  middleNames: string;
  surname: string;
  /** Surname before a change (marriage, or a child taking a step-father's name), or ''. */
  previousSurname: string;
  surnameChangedOn: number | null;
  dob: number;
  tradition: Tradition;
  ethnicity: string;
  nhsNumber: string;
  upn: string;
  /** DfE code of the authority that allocated the UPN (where the child first went to school), or ''. */
  upnLaCode: string;
  mother: Person | undefined;
  father: Person | undefined;
  partner: Person | undefined;
  twin: Person | undefined;
  disabilities: string;
  residences: Residence[];
  isChild: boolean;
}

export interface Household {
  id: string;
  laCode: string;
  structure: Structure;
  tenure: Tenure;
  /** Latent risk (mean 1 across households): drives agency involvement and practice history. Ground truth only. */
  risk: number;
  residences: Residence[];
  members: Person[];
}

/** Issues identifiers; owned by the generator so they are unique across the whole run. */
export interface Allocators {
  nhsNumber(): string;
  upn(laCode: string, establishment: number, year: number): string;
}

export interface HouseholdContext {
  rng: Rng;
  laCode: string;
  /** Household sequence numbers for this household and any split-off household (non-resident parent). */
  nextHouseholdSeq(): number;
  asAt: number;
  maxChildren: number;
  allocators: Allocators;
}

const P = POPULATION_PARAMETERS;
const STRUCTURES = new Weighted<Structure>([
  ['couple', P.structure.couple],
  ['stepfamily', P.structure.stepfamily],
  ['lone-mother', P.structure.loneMother],
  ['lone-father', P.structure.loneFather],
  ['kinship', P.structure.kinship],
]);
const BIRTHS = new Weighted<number>(Object.entries(P.births).map(([n, w]) => [Number(n), w] as const));
const TENURES = new Weighted<Tenure>([
  ['owner', P.tenure.owner],
  ['private-rent', P.tenure.privateRent],
  ['social-rent', P.tenure.socialRent],
]);
const YEARS_AT_ADDRESS: Readonly<Record<Tenure, number>> = {
  owner: P.yearsAtAddress.owner,
  'private-rent': P.yearsAtAddress.privateRent,
  'social-rent': P.yearsAtAddress.socialRent,
};
const FLAT_SHARE: Readonly<Record<Tenure, number>> = { owner: 0.3, 'private-rent': 0.65, 'social-rent': 0.8 };

/**
 * Disability among children (CIN census codes). About 7% of children have one; the mix is synthetic,
 * shaped after the needs most often recorded (communication, learning, autism, behaviour).
 */
const CHILD_DISABILITY_RATE = 0.07;
const DISABILITIES = weightedOf({ COMM: 20, LD: 18, AUT: 25, BEH: 10, MOB: 8, HEAR: 4, VIS: 3, CON: 3, PC: 3, HAND: 2, INC: 4 });

const SIKH_SURNAMES: ReadonlySet<string> = new Set([
  'Singh', 'Gill', 'Sandhu', 'Dhillon', 'Sidhu', 'Johal', 'Bains', 'Grewal', 'Sahota', 'Atwal', 'Virdi', 'Dhaliwal',
  'Bhogal', 'Kang', 'Sangha',
]);

function yearsToDays(years: number): number {
  return Math.round(years * DAYS_PER_YEAR);
}

/** Draw a day uniformly in [from, to] (to ≥ from). */
function dayBetween(rng: Rng, from: number, to: number): number {
  return to <= from ? from : from + rng.int(to - from + 1);
}

/** The surname a woman carries by her tradition's custom, given her family's (masculine) surname. */
function womansSurname(rng: Rng, tradition: Tradition, familySurname: string): string {
  const rule = traditionTable(tradition).surnameRule;
  if (rule === 'polish') return polishFeminine(familySurname);
  if (rule === 'bangladeshi' && rng.chance(0.5)) return drawBangladeshiWomansSurname(rng);
  if (rule === 'sikh' && SIKH_SURNAMES.has(familySurname) && rng.chance(0.45)) return 'Kaur';
  return familySurname;
}

function mansSurname(rng: Rng, tradition: Tradition, familySurname: string): string {
  const rule = traditionTable(tradition).surnameRule;
  if (rule === 'sikh' && SIKH_SURNAMES.has(familySurname) && familySurname !== 'Singh' && rng.chance(0.35)) return 'Singh';
  return familySurname;
}

/** A family surname, made compound (two surnames) for Iberian traditions. */
function drawFamilySurname(rng: Rng, tradition: Tradition): string {
  const first = drawSurname(rng, tradition);
  if (traditionTable(tradition).surnameRule === 'iberian' && rng.chance(0.7)) {
    const second = drawSurname(rng, tradition);
    return second === first ? first : `${first} ${second}`;
  }
  return first;
}

/** An adult with the family name they pass on (before gendering; e.g. Kowalski for Anna Kowalska). */
interface Adult {
  person: Person;
  lineName: string;
}

function newPerson(role: Role, sex: Sex, tradition: Tradition, dob: number): Person {
  return {
    id: '',
    householdId: '',
    role,
    sex,
    forename: '',
    middleNames: '',
    surname: '',
    previousSurname: '',
    surnameChangedOn: null,
    dob,
    tradition,
    ethnicity: '',
    nhsNumber: '',
    upn: '',
    upnLaCode: '',
    mother: undefined,
    father: undefined,
    partner: undefined,
    twin: undefined,
    disabilities: '',
    residences: [],
    isChild: false,
  };
}

function newAdult(rng: Rng, role: Role, sex: Sex, tradition: Tradition, dob: number): Adult {
  const p = newPerson(role, sex, tradition, dob);
  p.forename = drawForename(rng, tradition, sex);
  p.middleNames = drawMiddleName(rng, tradition, sex, p.forename);
  const family = drawFamilySurname(rng, tradition);
  p.surname = sex === 'F' ? womansSurname(rng, tradition, family) : mansSurname(rng, tradition, family);
  p.ethnicity = drawEthnicity(rng, tradition);
  return { person: p, lineName: family };
}

function couple(a: Person, b: Person): void {
  a.partner = b;
  b.partner = a;
}

/** A woman takes her husband's surname on marriage (by her tradition's custom), recording her previous one. */
function marry(rng: Rng, wife: Adult, husband: Adult, on: number, asAt: number): void {
  if (on >= asAt || !rng.chance(traditionTable(wife.person.tradition).marriedNameRate)) return;
  const rule = traditionTable(husband.person.tradition).surnameRule;
  if (rule === 'patronymic') return;
  const married = rule === 'polish' ? polishFeminine(husband.lineName) : husband.lineName;
  if (married === wife.person.surname) return;
  wife.person.previousSurname = wife.person.surname;
  wife.person.surname = married;
  wife.person.surnameChangedOn = on;
}

/** The surname a child is registered with, by the father's tradition (or the mother's, without a named father). */
function childSurname(rng: Rng, sex: Sex, father: Adult | undefined, mother: Adult | undefined): string {
  if (!father) {
    if (!mother) return drawSurname(rng, 'english');
    const rule = traditionTable(mother.person.tradition).surnameRule;
    return rule === 'polish' && sex === 'M' ? mother.lineName : mother.person.surname;
  }
  const tradition = father.person.tradition;
  switch (traditionTable(tradition).surnameRule) {
    case 'patronymic':
      return father.person.forename;
    case 'tamil':
      return rng.chance(0.5) ? father.person.forename : father.lineName;
    case 'bangladeshi':
      if (sex === 'M') return rng.chance(0.8) ? father.lineName : drawSurname(rng, tradition);
      return rng.chance(0.45) ? father.lineName : rng.chance(0.65) ? drawBangladeshiWomansSurname(rng) : drawSurname(rng, tradition);
    case 'polish':
      return sex === 'F' ? polishFeminine(father.lineName) : father.lineName;
    case 'sikh':
      return sex === 'F' ? womansSurname(rng, tradition, father.lineName) : mansSurname(rng, tradition, father.lineName);
    case 'iberian': {
      // Portuguese order: the mother's surname, then the father's.
      const motherFirst = mother ? (mother.lineName.split(' ')[0] ?? '') : '';
      const fatherLast = father.lineName.split(' ').pop() ?? father.lineName;
      return motherFirst && motherFirst !== fatherLast && rng.chance(0.75) ? `${motherFirst} ${fatherLast}` : father.lineName;
    }
    default:
      // Couples who kept their own surnames sometimes give children both, hyphenated.
      if (mother && mother.person.previousSurname === '' && mother.person.surname !== father.lineName && rng.chance(0.15)) {
        return `${father.lineName}-${mother.person.surname}`;
      }
      return father.lineName;
  }
}

function drawDisabilities(rng: Rng): string {
  if (!rng.chance(CHILD_DISABILITY_RATE)) return 'NONE';
  const first = DISABILITIES.sample(rng);
  if (!rng.chance(0.2)) return first;
  const second = DISABILITIES.sample(rng);
  return second === first ? first : `${first}|${second}`;
}

/** Addresses from `from` to the as-at date, drawn backwards from the current one, returned oldest first. */
function drawResidences(rng: Rng, asAt: number, laCode: string, tenure: Tenure, from: number, addressPrefix: string): Residence[] {
  const out: Residence[] = [];
  let end: number | null = null;
  let borough = laCode;
  let t = asAt;
  for (let n = 0; ; n++) {
    const years = Math.max(0.3, rng.exponential(YEARS_AT_ADDRESS[tenure]));
    let start = t - yearsToDays(years);
    if (start <= from || n >= 7) start = Math.min(from, t);
    out.push({ address: drawAddress(rng, `${addressPrefix}${n + 1}`, borough, rng.chance(FLAT_SHARE[tenure])), from: start, to: end });
    if (start <= from) break;
    end = start - 1;
    t = start - 1;
    if (rng.chance(P.crossBoroughMove)) borough = drawPreviousBorough(rng, borough);
  }
  return out.reverse();
}

/** The part of an address history between two days, for someone who lived there then. */
function clip(residences: readonly Residence[], from: number, to: number | null): Residence[] {
  const out: Residence[] = [];
  const end = to ?? Number.MAX_SAFE_INTEGER;
  for (const r of residences) {
    const rTo = r.to ?? Number.MAX_SAFE_INTEGER;
    if (rTo < from || r.from > end) continue;
    out.push({ address: r.address, from: Math.max(r.from, from), to: to === null ? r.to : Math.min(rTo, to) });
  }
  return out;
}

/** Where someone lived on a day (their first address before it, their last after it). */
export function residenceOn(residences: readonly Residence[], day: number): Residence {
  for (const r of residences) if (day >= r.from && (r.to === null || day <= r.to)) return r;
  const first = residences[0];
  const last = residences[residences.length - 1];
  if (!first || !last) throw new Error('A person without an address');
  return day < first.from ? first : last;
}

/** The first day of the school year in which a child starts reception (the September after their fourth birthday). */
export function receptionStart(dob: number): number {
  const { year, month } = partsOf(dob);
  return dayOf((month >= 9 ? year : year - 1) + 5, 9, 1);
}

function householdIdFor(laCode: string, seq: number): string {
  return `H${laCode}${String(seq).padStart(7, '0')}`;
}

/**
 * One household with children in the borough, plus the split-off household of any parent who lives elsewhere.
 * The first household returned is the family. It has between 1 and `ctx.maxChildren` children.
 */
export function drawHousehold(ctx: HouseholdContext, riskShape: number): Household[] {
  const { rng, asAt, laCode } = ctx;
  const householdId = householdIdFor(laCode, ctx.nextHouseholdSeq());

  const mix = traditionMixFor(laCode);
  const motherTradition = mix.sample(rng);
  const fatherTradition = rng.chance(P.mixedCouple) ? mix.sample(rng) : motherTradition;
  const structure = STRUCTURES.sample(rng);
  const tenure = TENURES.sample(rng);
  // Household risk: gamma-distributed with mean 1, a little higher for social renters and for families other than
  // two-parent couples (deprivation and family stress are associated with child welfare interventions).
  const risk = (rng.gamma(riskShape, 1 / riskShape) * TENURE_RISK[tenure] * STRUCTURE_RISK(structure)) / RISK_BIAS_MEAN;

  // Births with gaps between them (twins share a birth), so that ages spread across 0–17.
  let births = BIRTHS.sample(rng);
  const gaps: number[] = [];
  let span = 0;
  for (let i = 1; i < births; i++) {
    const gap = Math.min(8, 1.05 + rng.exponential(1.9));
    if (span + gap > 17) break;
    gaps.push(gap);
    span += gap;
  }
  births = gaps.length + 1;
  const isTwin: boolean[] = [];
  let children = 0;
  for (let i = 0; i < births; i++) {
    const twin = rng.chance(P.twinBirth);
    const size = twin ? 2 : 1;
    if (children + size > ctx.maxChildren) {
      if (children === 0) isTwin.push(false);
      break;
    }
    isTwin.push(twin);
    children += size;
  }
  births = isTwin.length;
  gaps.length = births - 1;
  span = gaps.reduce((a, g) => a + g, 0);
  const youngestAge = rng.float() * (18 - span);
  const birthDays: number[] = new Array<number>(births);
  let day = asAt - Math.floor(youngestAge * DAYS_PER_YEAR);
  for (let i = births - 1; i >= 0; i--) {
    birthDays[i] = day;
    day -= yearsToDays(gaps[i - 1] ?? 0);
  }
  const eldestDob = birthDays[0] ?? asAt;
  const youngestDob = birthDays[births - 1] ?? asAt;

  const motherAge = Math.min(44, Math.max(17, 30.5 + 5.5 * rng.normal()));
  const motherDob = eldestDob - yearsToDays(motherAge) - rng.int(365);
  const fatherDob = Math.min(motherDob - yearsToDays(2.5 + 4 * rng.normal()), eldestDob - yearsToDays(18));
  const mother = newAdult(rng, 'mother', 'F', motherTradition, motherDob);
  const father = newAdult(rng, 'father', 'M', fatherTradition, fatherDob);

  const householdFrom = eldestDob - rng.int(730);
  const residences = drawResidences(rng, asAt, laCode, tenure, householdFrom, `A${householdId.slice(1)}-`);

  // Who lives here.
  const residents: Adult[] = [];
  let stepFather: Adult | undefined;
  let stepJoinedOn = 0;
  let previousBirths = births;
  switch (structure) {
    case 'couple':
      residents.push(mother, father);
      couple(mother.person, father.person);
      if (rng.chance(P.married)) marry(rng, mother, father, eldestDob - yearsToDays(0.5 + 5 * rng.float()), asAt);
      break;
    case 'stepfamily': {
      previousBirths = births === 1 ? 1 : rng.between(1, births);
      const lastPrevious = birthDays[previousBirths - 1] ?? eldestDob;
      const firstJoint = birthDays[previousBirths];
      const earliest = Math.min(lastPrevious + 180, asAt - 60);
      stepJoinedOn = dayBetween(rng, earliest, firstJoint !== undefined ? firstJoint - 270 : asAt - 60);
      const stepTradition = rng.chance(0.85) ? motherTradition : mix.sample(rng);
      const stepDob = Math.min(motherDob + yearsToDays(2 * rng.normal() - 2), stepJoinedOn - yearsToDays(20));
      stepFather = newAdult(rng, 'step-father', 'M', stepTradition, stepDob);
      residents.push(mother, stepFather);
      couple(mother.person, stepFather.person);
      if (rng.chance(0.5)) marry(rng, mother, stepFather, stepJoinedOn + rng.int(900), asAt);
      break;
    }
    case 'lone-mother':
      residents.push(mother);
      break;
    case 'lone-father':
      residents.push(father);
      break;
    case 'kinship':
      break;
  }

  // Grandparents: the carers in kinship households; living in with some other families.
  if (structure === 'kinship' || rng.chance(P.grandparent)) {
    const line = structure === 'lone-father' || (structure !== 'lone-mother' && rng.chance(0.3)) ? father : mother;
    const tradition = line.person.tradition;
    const gmDob = line.person.dob - yearsToDays(22 + 12 * rng.float());
    const gm = newAdult(rng, 'grandmother', 'F', tradition, gmDob);
    if (traditionTable(tradition).surnameRule !== 'patronymic' && rng.chance(0.7)) {
      const married = womansSurname(rng, tradition, line.lineName);
      if (married !== gm.person.surname) {
        gm.person.previousSurname = gm.person.surname;
        gm.person.surname = married;
        gm.person.surnameChangedOn = line.person.dob - 200 - rng.int(3650);
      }
    }
    line.person.mother = gm.person;
    residents.push(gm);
    if (structure === 'kinship' && rng.chance(0.4)) {
      const gf = newAdult(rng, 'grandfather', 'M', tradition, gmDob - yearsToDays(1 + 4 * rng.float()));
      gf.person.surname = traditionTable(tradition).surnameRule === 'patronymic' ? gf.person.surname : line.lineName;
      line.person.father = gf.person;
      couple(gm.person, gf.person);
      residents.push(gf);
    }
  }

  // Children.
  const kids: Person[] = [];
  const forenamesUsed = new Set<string>();
  for (let birth = 0; birth < births; birth++) {
    const dob = birthDays[birth] ?? asAt;
    const withStepFather = stepFather !== undefined && birth >= previousBirths;
    const bioFather = withStepFather ? (stepFather as Adult) : father;
    const fatherNamed = structure !== 'lone-mother' || rng.chance(0.85);
    const twins: Person[] = [];
    for (let t = 0; t < (isTwin[birth] ? 2 : 1); t++) {
      const sex: Sex = rng.chance(0.512) ? 'M' : 'F';
      const tradition = bioFather.person.tradition === mother.person.tradition || rng.chance(0.5) ? mother.person.tradition : bioFather.person.tradition;
      const child = newPerson('child', sex, tradition, dob);
      child.isChild = true;
      let forename = drawForename(rng, tradition, sex);
      for (let attempt = 0; attempt < 6 && forenamesUsed.has(forename); attempt++) forename = drawForename(rng, tradition, sex);
      forenamesUsed.add(forename);
      child.forename = forename;
      child.middleNames = drawMiddleName(rng, tradition, sex, forename);
      child.surname = childSurname(rng, sex, fatherNamed ? bioFather : undefined, structure === 'lone-father' ? undefined : mother);
      if (fatherNamed && traditionTable(bioFather.person.tradition).surnameRule === 'patronymic' && rng.chance(0.5)) {
        // Somali and Eritrean children often carry the grandfather's name after the father's.
        child.middleNames = bioFather.person.surname;
      }
      child.ethnicity =
        bioFather.person.tradition === mother.person.tradition
          ? drawEthnicity(rng, tradition)
          : mixedEthnicity(mother.person.tradition, bioFather.person.tradition);
      child.mother = mother.person;
      child.father = fatherNamed ? bioFather.person : undefined;
      child.disabilities = drawDisabilities(rng);
      if (stepFather && !withStepFather && traditionTable(stepFather.person.tradition).surnameRule !== 'patronymic' && rng.chance(0.2)) {
        // A child of the mother's earlier relationship who takes the step-father's surname.
        const taken = sex === 'F' ? womansSurname(rng, stepFather.person.tradition, stepFather.lineName) : stepFather.lineName;
        if (taken !== child.surname) {
          child.previousSurname = child.surname;
          child.surname = taken;
          child.surnameChangedOn = Math.min(asAt - 1, stepJoinedOn + 180 + rng.int(900));
        }
      }
      child.residences = clip(residences, dob, null);
      twins.push(child);
      kids.push(child);
    }
    const [a, c] = twins;
    if (a && c) {
      a.twin = c;
      c.twin = a;
    }
  }

  for (const adult of residents) {
    const p = adult.person;
    if (p === stepFather?.person) {
      const before = drawAddress(rng, `A${householdId.slice(1)}-0`, rng.chance(0.7) ? laCode : drawPreviousBorough(rng, laCode), rng.chance(0.6));
      p.residences = [{ address: before, from: Math.max(p.dob, stepJoinedOn - yearsToDays(3)), to: stepJoinedOn - 1 }, ...clip(residences, stepJoinedOn, null)];
    } else {
      p.residences = clip(residences, householdFrom, null);
    }
  }

  // Parents who live elsewhere, each in a household of their own split off from this one.
  const elsewhere: Household[] = [];
  const moveOut = (adult: Adult, role: Role, separatedOn: number): void => {
    const id = householdIdFor(laCode, ctx.nextHouseholdSeq());
    const borough = rng.chance(0.6) ? laCode : drawPreviousBorough(rng, laCode);
    const ownTenure: Tenure = rng.chance(0.5) ? 'private-rent' : TENURES.sample(rng);
    const own = drawResidences(rng, asAt, borough, ownTenure, Math.min(separatedOn + 1, asAt), `A${id.slice(1)}-`);
    const p = adult.person;
    p.role = role;
    p.residences = [...clip(residences, householdFrom, separatedOn), ...own];
    elsewhere.push({ id, laCode: own[own.length - 1]?.address.laCode ?? borough, structure: 'single-adult', tenure: ownTenure, risk, residences: own, members: [p] });
  };
  if ((structure === 'lone-mother' || structure === 'kinship') && rng.chance(P.nonResidentFatherKnown)) {
    moveOut(father, 'non-resident-father', dayBetween(rng, youngestDob - 200, asAt - 30));
  }
  if (structure === 'stepfamily' && rng.chance(P.nonResidentFatherKnown)) {
    const lastPrevious = birthDays[previousBirths - 1] ?? eldestDob;
    moveOut(father, 'non-resident-father', dayBetween(rng, lastPrevious - 200, Math.max(lastPrevious - 200, stepJoinedOn - 30)));
  }
  if ((structure === 'kinship' || structure === 'lone-father') && rng.chance(0.5)) {
    moveOut(mother, 'non-resident-mother', dayBetween(rng, youngestDob - 200, asAt - 30));
  }

  // Links only to people who exist in the output.
  const generated = new Set<Person>([...residents.map((a) => a.person), ...kids, ...elsewhere.map((h) => h.members[0] as Person)]);
  const all = [...generated];
  for (const p of all) {
    if (p.mother && !generated.has(p.mother)) p.mother = undefined;
    if (p.father && !generated.has(p.father)) p.father = undefined;
    if (p.partner && !generated.has(p.partner)) p.partner = undefined;
  }

  // Identifiers: people are numbered within their household.
  const members = [...residents.map((a) => a.person), ...kids];
  members.forEach((p, i) => {
    p.householdId = householdId;
    p.id = `P${householdId.slice(1)}${String(i + 1).padStart(2, '0')}`;
  });
  for (const h of elsewhere) {
    const p = h.members[0] as Person;
    p.householdId = h.id;
    p.id = `P${h.id.slice(1)}01`;
  }
  for (const p of all) if (rng.chance(0.985)) p.nhsNumber = ctx.allocators.nhsNumber();
  for (const child of kids) {
    const start = receptionStart(child.dob);
    if (start <= asAt && rng.chance(0.95)) {
      const entry = start + rng.int(30);
      const la = residenceOn(child.residences, entry).address.laCode;
      child.upn = ctx.allocators.upn(la, 2000 + rng.int(60), partsOf(entry).year);
      child.upnLaCode = la;
    }
  }

  const current = residences[residences.length - 1];
  return [
    { id: householdId, laCode: current?.address.laCode ?? laCode, structure, tenure, risk, residences, members },
    ...elsewhere,
  ];
}

const TENURE_RISK: Readonly<Record<Tenure, number>> = { owner: 0.75, 'private-rent': 1.0, 'social-rent': 1.35 };
function STRUCTURE_RISK(structure: Structure): number {
  return structure === 'couple' ? 0.85 : 1.3;
}
/** Mean of the risk multipliers over tenures and structures, so that household risk averages 1. */
const RISK_BIAS_MEAN =
  (P.tenure.owner * TENURE_RISK.owner + P.tenure.privateRent * TENURE_RISK['private-rent'] + P.tenure.socialRent * TENURE_RISK['social-rent']) *
  (P.structure.couple * 0.85 + (1 - P.structure.couple) * 1.3);
