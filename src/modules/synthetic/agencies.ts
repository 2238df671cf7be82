// Which agency holds a record about a person, by borough. Agency codes are those of the London reference data
// (src/platform/reference/london.ts); the mapping of boroughs to NHS trusts and providers is approximate and
// synthetic — one plausible provider per borough — not a statement of who commissions what.
import { agencyByCode, LOCAL_AUTHORITIES, type AgencyTypeCode } from '../../platform/reference/london.ts';

/** The kinds of agency whose source records the generator writes. */
export const RECORD_KINDS = [
  'childrens-social-care',
  'police',
  'health',
  'education',
  'probation',
  'adult-mental-health',
  'substance-misuse',
  'housing',
] as const satisfies readonly AgencyTypeCode[];

export type RecordKind = (typeof RECORD_KINDS)[number];

function group(codes: string, agency: string): [string, string][] {
  return codes.split(' ').map((c) => [c, agency]);
}

/** Community health provider (health visiting, school nursing, GP-registered population) by borough. */
const COMMUNITY_HEALTH = new Map<string, string>([
  ...group('202 205 207 213 302 304 307 310 312', 'clch'),
  ...group('206 308 309', 'whittington-health'),
  ...group('212 306 313 314 315 318 319', 'hrch'),
  ...group('203 209 303 305', 'oxleas'),
  ...group('208 210', 'guys-st-thomas'),
  ...group('201 204 211 301 311 316 317 320', 'barts-health'),
]);

/** Acute trust (emergency department, maternity) by borough. */
const ACUTE_HEALTH = new Map<string, string>([
  ...group('201 204 211 301 311 316 317 320', 'barts-health'),
  ...group('202 206 302 304 307 308 309 310 312 313', 'whittington-health'),
  ...group('203 209 303 305 306 208', 'kings-college-hospital'),
  ...group('205 207 210 212 213 314 315 318 319', 'guys-st-thomas'),
]);

/** Adult mental health trust by borough. */
const MENTAL_HEALTH = new Map<string, string>([
  ...group('203 208 209 210 212 303 305 306 313 314 315 318 319', 'slam'),
  ...group('301 311 317 320', 'nelft'),
  ...group('201 202 204 205 206 207 211 213 302 304 307 308 309 310 312 316', 'elft'),
]);

export const PROBATION_AGENCY = 'london-probation-trust';
export const SPECIALIST_CHILDREN_HOSPITAL = 'gosh';
export const HOUSING_ASSOCIATIONS = ['peabody', 'clarion', 'london-and-quadrant', 'notting-hill-genesis'] as const;

function required(map: Map<string, string>, laCode: string, what: string): string {
  const code = map.get(laCode);
  if (!code) throw new Error(`No ${what} for local authority ${laCode}`);
  return code;
}

/** The council's children's services: `la-<DfE code>`. */
export function socialCareAgency(laCode: string): string {
  return `la-${laCode}`;
}

export function policeAgency(laCode: string): string {
  return laCode === '201' ? 'city-of-london-police' : 'met-police';
}

export function communityHealthAgency(laCode: string): string {
  return required(COMMUNITY_HEALTH, laCode, 'community health provider');
}

export function acuteHealthAgency(laCode: string): string {
  return required(ACUTE_HEALTH, laCode, 'acute trust');
}

export function mentalHealthAgency(laCode: string): string {
  return required(MENTAL_HEALTH, laCode, 'mental health trust');
}

/** Substance misuse services alternate between the two providers in the reference data. */
export function substanceMisuseAgency(laCode: string): string {
  const index = LOCAL_AUTHORITIES.findIndex((a) => a.code === laCode);
  return index % 2 === 0 ? 'change-grow-live' : 'turning-point';
}

/**
 * The education agency of a borough: its education services where they take part as an agency in their own
 * right (`la-<code>-education`), otherwise the council itself (schools' records reach the partnership through
 * the council). Source records carry their kind, so a council's education records stay distinct from its
 * children's social care records.
 */
export function educationAgency(laCode: string): string {
  const own = `la-${laCode}-education`;
  return agencyByCode(own) ? own : `la-${laCode}`;
}

const PREFIXES: Readonly<Record<RecordKind, string>> = {
  'childrens-social-care': '',
  police: 'MP',
  health: 'H',
  education: 'PUP',
  probation: '',
  'adult-mental-health': 'R',
  'substance-misuse': 'SM',
  housing: 'T',
};

/** The prefix of local ids in an agency's system (the City of London Police uses its own). */
export function localIdPrefix(kind: RecordKind, agencyCode: string): string {
  if (agencyCode === 'city-of-london-police') return 'CP';
  return PREFIXES[kind];
}

// Every agency this module names must exist in the reference data.
for (const code of [
  ...COMMUNITY_HEALTH.values(),
  ...ACUTE_HEALTH.values(),
  ...MENTAL_HEALTH.values(),
  PROBATION_AGENCY,
  SPECIALIST_CHILDREN_HOSPITAL,
  ...HOUSING_ASSOCIATIONS,
  'met-police',
  'city-of-london-police',
  'change-grow-live',
  'turning-point',
]) {
  if (!agencyByCode(code)) throw new Error(`Synthetic data names an agency missing from the reference data: ${code}`);
}
