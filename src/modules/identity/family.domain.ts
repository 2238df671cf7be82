// Think Family rules with no I/O: relationship kinds and how they read, ages, co-residence keys, and the
// four adult services whose involvement with an adult is flagged against the children in their household.
import type { RelationshipKind, RelationshipSource } from './identity.tables.ts';

export const RELATIONSHIP_KINDS = ['parent-of', 'step-parent-of', 'carer-of', 'sibling-of', 'partner-of', 'household-member'] as const satisfies readonly RelationshipKind[];
export const RELATIONSHIP_SOURCES = ['contact', 'agency-record', 'practitioner'] as const satisfies readonly RelationshipSource[];

/** Kinds that read the same both ways: stored once (lower id first) and read from either side. */
export const SYMMETRIC_KINDS: ReadonlySet<RelationshipKind> = new Set(['sibling-of', 'partner-of', 'household-member']);

/**
 * The adult services Think Family asks about (agency type codes). An adult known to one of them is flagged
 * against the children in their household.
 */
export const THINK_FAMILY_FLAGS = ['adult-mental-health', 'substance-misuse', 'probation', 'domestic-abuse-services'] as const;
export type ThinkFamilyFlag = (typeof THINK_FAMILY_FLAGS)[number];

const FLAG_WORDS: Record<ThinkFamilyFlag, string> = {
  'adult-mental-health': 'adult mental health services',
  'substance-misuse': 'substance misuse services',
  probation: 'probation',
  'domestic-abuse-services': 'domestic abuse services',
};

/** Age of majority: a child is anyone under 18 (Children Act 1989, s105). */
export const ADULT_AGE = 18;

/** A fact as one module hands it to another: "personId is kind of relatedPersonId". */
export interface RelationshipFact {
  personId: string;
  relatedPersonId: string;
  kind: RelationshipKind;
  source: RelationshipSource;
  sourceRef?: string | null;
}

/** Stores a symmetric fact one way only (the lower id first), so "A sibling of B" and "B sibling of A" are one fact. */
export function canonicalFact<T extends { personId: string; relatedPersonId: string; kind: RelationshipKind }>(fact: T): T {
  if (SYMMETRIC_KINDS.has(fact.kind) && fact.relatedPersonId < fact.personId) return { ...fact, personId: fact.relatedPersonId, relatedPersonId: fact.personId };
  return fact;
}

/** The key of one fact after canonical ordering: equal keys are the same fact. */
export function factKey(fact: { personId: string; relatedPersonId: string; kind: RelationshipKind }): string {
  const c = canonicalFact(fact);
  return `${c.personId}|${c.relatedPersonId}|${c.kind}`;
}

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Whole years from a date of birth ('YYYY-MM-DD') to the London calendar date of `now`; null when not known. */
export function ageInYears(dateOfBirth: string | null | undefined, now: Date): number | null {
  if (!dateOfBirth || !/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth)) return null;
  const today = LONDON_DAY.format(now); // YYYY-MM-DD
  const [y1, m1, d1] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = today.split('-').map(Number) as [number, number, number];
  const age = y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
  return age < 0 ? null : age;
}

/**
 * The date of birth that decides whether someone is a child: the earliest any agency records. When records
 * disagree, the oldest reading wins, so an adult is never treated as a child because one record is wrong
 * the other way; the page shows the age so the practitioner can see what it rests on.
 */
export function earliestDateOfBirth(dates: readonly (string | null | undefined)[]): string | null {
  const known = dates.filter((d): d is string => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  return known[0] ?? null;
}

/** A person is a child when their earliest-known date of birth makes them under 18; no date of birth: not a child. */
export function isChildAt(ageYears: number | null): boolean {
  return ageYears !== null && ageYears < ADULT_AGE;
}

/**
 * Think Family flags from the agency types that hold a record of a person: only for people not known to be
 * children (someone with no date of birth on any record counts as an adult here: a missed prompt is the worse error).
 */
export function thinkFamilyFlags(agencyTypeCodes: readonly string[], isChild: boolean): ThinkFamilyFlag[] {
  if (isChild) return [];
  return THINK_FAMILY_FLAGS.filter((f) => agencyTypeCodes.includes(f));
}

/** Postcode as a key: upper case, no spaces. */
export function postcodeKey(postcode: string | null | undefined): string | null {
  const key = (postcode ?? '').toUpperCase().replace(/\s+/g, '');
  return key || null;
}

/**
 * The first line of an address as a key: lower case, punctuation dropped, spaces collapsed. A house number
 * written before a comma ("1, Pratt Street") belongs with the street that follows it.
 */
export function firstLineKey(address: string | null | undefined): string | null {
  const parts = (address ?? '').split(/[,\n]/);
  const first = /^\s*\d+[a-z]?\s*$/i.test(parts[0] ?? '') ? `${parts[0]} ${parts[1] ?? ''}` : (parts[0] ?? '');
  const key = first
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return key || null;
}

/** Same address when both the postcode and the first line agree; a postcode alone is a street, not a home. */
export function addressKey(postcode: string | null | undefined, address: string | null | undefined): string | null {
  const p = postcodeKey(postcode);
  const a = firstLineKey(address);
  return p && a ? `${p}|${a}` : null;
}

/** "adult mental health services and probation". */
export function flagWords(flags: readonly ThinkFamilyFlag[]): string {
  const words = flags.map((f) => FLAG_WORDS[f]);
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The front door's prompt: "Consider the children: 2 children live with an adult known to adult mental health services". */
export function thinkFamilyPromptText(prompt: { flags: readonly ThinkFamilyFlag[]; children: readonly unknown[] }): string {
  const n = prompt.children.length;
  return `Consider the children: ${n} ${n === 1 ? 'child lives' : 'children live'} with an adult known to ${flagWords(prompt.flags)}`;
}

/** How a member relates to another, as the start of a sentence: "Parent of", "Cared for by". */
export function relationshipLabel(kind: RelationshipKind, inverse: boolean): string {
  switch (kind) {
    case 'parent-of':
      return inverse ? 'Child of' : 'Parent of';
    case 'step-parent-of':
      return inverse ? 'Step-child of' : 'Step-parent of';
    case 'carer-of':
      return inverse ? 'Cared for by' : 'Carer of';
    case 'sibling-of':
      return 'Sibling of';
    case 'partner-of':
      return 'Partner of';
    case 'household-member':
      return 'Lives in the same household as';
  }
}

/** How the front door names an adult's relationship to the children of a contact, mapped to a precise kind. */
const CONTACT_KINDS: Record<string, RelationshipKind | undefined> = {
  mother: 'parent-of',
  father: 'parent-of',
  'step-parent': 'step-parent-of',
  carer: 'carer-of',
};

/**
 * The facts a contact establishes when it names children and adults together: every adult in the household
 * is a household member with every child (and, where the referrer said so, their parent, step-parent or
 * carer), and the children are siblings. An adult named as not in the household (the other party in an
 * incident) is related to nobody.
 */
export function contactHouseholdFacts(contactId: string, childIds: readonly string[], adults: readonly { personId: string; relationship?: string | null }[]): RelationshipFact[] {
  const facts: RelationshipFact[] = [];
  const from = { source: 'contact' as const, sourceRef: contactId };
  const children = [...new Set(childIds)];
  for (const adult of adults) {
    if (adult.relationship === 'not-in-household') continue;
    const precise = adult.relationship ? CONTACT_KINDS[adult.relationship] : undefined;
    for (const child of children) {
      if (child === adult.personId) continue;
      facts.push({ personId: adult.personId, relatedPersonId: child, kind: 'household-member', ...from });
      if (precise) facts.push({ personId: adult.personId, relatedPersonId: child, kind: precise, ...from });
    }
  }
  for (let i = 0; i < children.length; i++) {
    for (let j = i + 1; j < children.length; j++) facts.push({ personId: children[i]!, relatedPersonId: children[j]!, kind: 'sibling-of', ...from });
  }
  return facts;
}

export const SOURCE_LABELS: Record<RelationshipSource, string> = {
  contact: 'From a contact',
  'agency-record': 'From an agency record',
  practitioner: 'Recorded by a practitioner',
};
