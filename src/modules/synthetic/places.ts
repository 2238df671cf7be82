// Synthetic addresses in London's boroughs: a real outward postcode of the borough with a made-up inward part,
// a house number and a street from a list of common street names. The same street name recurs across London,
// as it does in life; no address is meant to be anyone's.
import { LOCAL_AUTHORITIES, MET_BCUS } from '../../platform/reference/london.ts';
import { Rng, Weighted } from './prng.ts';

/**
 * Postcode districts (outward codes) lying mainly in each borough, by DfE LA code. Districts straddle borough
 * boundaries; each is listed under a borough it largely serves. Source: Royal Mail postcode districts, as
 * commonly mapped to London boroughs (approximate).
 */
export const OUTWARD_CODES: Readonly<Record<string, readonly string[]>> = {
  '201': ['EC1A', 'EC1Y', 'EC2M', 'EC2V', 'EC2Y', 'EC3A', 'EC3N', 'EC4A', 'EC4V', 'EC4Y'],
  '202': ['NW1', 'NW3', 'NW5', 'NW6', 'WC1H', 'WC1N', 'WC1X', 'WC2H', 'N6'],
  '203': ['SE2', 'SE3', 'SE7', 'SE9', 'SE10', 'SE18', 'SE28'],
  '204': ['E2', 'E5', 'E8', 'E9', 'N1', 'N16'],
  '205': ['W6', 'W12', 'W14', 'SW6'],
  '206': ['N1', 'N5', 'N7', 'N19', 'EC1V', 'EC1R'],
  '207': ['W8', 'W10', 'W11', 'SW3', 'SW5', 'SW7', 'SW10'],
  '208': ['SE11', 'SE24', 'SE27', 'SW2', 'SW4', 'SW8', 'SW9', 'SW16'],
  '209': ['SE4', 'SE6', 'SE8', 'SE12', 'SE13', 'SE14', 'SE23', 'SE26'],
  '210': ['SE1', 'SE5', 'SE15', 'SE16', 'SE17', 'SE21', 'SE22'],
  '211': ['E1', 'E1W', 'E3', 'E14'],
  '212': ['SW11', 'SW12', 'SW15', 'SW17', 'SW18'],
  '213': ['W1U', 'W1H', 'W2', 'W9', 'NW8', 'SW1P', 'SW1V', 'SW1W', 'WC2N'],
  '301': ['IG11', 'RM8', 'RM9', 'RM10'],
  '302': ['N2', 'N3', 'N11', 'N12', 'N20', 'NW4', 'NW7', 'NW11', 'EN4', 'EN5', 'HA8'],
  '303': ['DA5', 'DA6', 'DA7', 'DA8', 'DA14', 'DA15', 'DA16', 'DA17', 'DA18'],
  '304': ['NW2', 'NW10', 'HA0', 'HA9', 'NW9'],
  '305': ['BR1', 'BR2', 'BR3', 'BR4', 'BR5', 'BR6', 'BR7', 'SE20'],
  '306': ['CR0', 'CR2', 'CR5', 'CR7', 'CR8', 'SE25', 'SE19'],
  '307': ['W3', 'W5', 'W7', 'W13', 'UB1', 'UB2', 'UB5', 'UB6'],
  '308': ['EN1', 'EN2', 'EN3', 'N9', 'N13', 'N14', 'N18', 'N21'],
  '309': ['N4', 'N8', 'N10', 'N15', 'N17', 'N22'],
  '310': ['HA1', 'HA2', 'HA3', 'HA5', 'HA7'],
  '311': ['RM1', 'RM2', 'RM3', 'RM5', 'RM7', 'RM11', 'RM12', 'RM13', 'RM14'],
  '312': ['UB3', 'UB4', 'UB7', 'UB8', 'UB10', 'HA4', 'HA6'],
  '313': ['TW3', 'TW4', 'TW5', 'TW7', 'TW8', 'TW13', 'TW14', 'W4'],
  '314': ['KT1', 'KT2', 'KT3', 'KT5', 'KT6', 'KT9'],
  '315': ['SW19', 'SW20', 'CR4', 'SM4'],
  '316': ['E6', 'E7', 'E12', 'E13', 'E15', 'E16'],
  '317': ['IG1', 'IG2', 'IG3', 'IG4', 'IG5', 'IG6', 'IG8', 'E18'],
  '318': ['TW1', 'TW2', 'TW9', 'TW10', 'TW11', 'TW12', 'SW13', 'SW14'],
  '319': ['SM1', 'SM2', 'SM3', 'SM5', 'SM6'],
  '320': ['E4', 'E10', 'E11', 'E17'],
};

/** Letters Royal Mail uses in the inward part of a postcode (never C, I, K, M, O or V). */
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

const STREET_NAMES = [
  'Acacia', 'Albert', 'Albion', 'Alexandra', 'Arthur', 'Ash', 'Beech', 'Belmont', 'Birch', 'Brook', 'Cambridge',
  'Cedar', 'Chapel', 'Chestnut', 'Church', 'Clarence', 'College', 'Coronation', 'Cromwell', 'Denmark', 'Devonshire',
  'Elm', 'Fairfield', 'Ferndale', 'Florence', 'Gladstone', 'Glebe', 'Grange', 'Grosvenor', 'Hamilton', 'Hawthorn',
  'Highfield', 'Hillside', 'Holly', 'Kings', 'Lansdowne', 'Laurel', 'Lime', 'Linden', 'Manor', 'Maple', 'Market',
  'Meadow', 'Mill', 'Milton', 'Nelson', 'New', 'North', 'Oak', 'Orchard', 'Park', 'Priory', 'Princes', 'Queens',
  'Railway', 'Rectory', 'Richmond', 'Rose', 'St Johns', 'St Marys', 'Salisbury', 'School', 'Springfield', 'Station',
  'Stanley', 'Sycamore', 'Tennyson', 'Trinity', 'Victoria', 'Vicarage', 'Warwick', 'Waterloo', 'Wellington',
  'Westbourne', 'Willow', 'Windsor', 'York',
] as const;

const STREET_KINDS = new Weighted<string>([
  ['Road', 40], ['Street', 20], ['Avenue', 10], ['Close', 8], ['Gardens', 6], ['Grove', 5], ['Way', 5], ['Lane', 4],
  ['Terrace', 3], ['Place', 3], ['Crescent', 3], ['Square', 1],
]);

const ESTATE_BLOCKS = ['House', 'Court', 'Lodge', 'Point', 'Tower', 'Mansions'] as const;

/** One synthetic address. `line` is the part before the postcode, e.g. `Flat 4, Cedar Court, 12 Station Road`. */
export interface Address {
  id: string;
  line: string;
  postcode: string;
  laCode: string;
}

/** Draw a postcode in a borough: a real outward code of the borough and a synthetic inward part (digit, two letters). */
export function drawPostcode(rng: Rng, laCode: string): string {
  const outward = OUTWARD_CODES[laCode];
  if (!outward) throw new Error(`No postcode districts for local authority ${laCode}`);
  return `${rng.pick(outward)} ${rng.int(10)}${INWARD_LETTERS.charAt(rng.int(20))}${INWARD_LETTERS.charAt(rng.int(20))}`;
}

/** Draw an address in a borough; the id is supplied by the caller so it stays stable and unique. */
export function drawAddress(rng: Rng, id: string, laCode: string, isFlat: boolean): Address {
  const street = `${rng.pick(STREET_NAMES)} ${STREET_KINDS.sample(rng)}`;
  const number = 1 + Math.floor(rng.exponential(40));
  let line: string;
  if (isFlat) {
    const block = rng.chance(0.5) ? `${rng.pick(STREET_NAMES)} ${rng.pick(ESTATE_BLOCKS)}, ` : '';
    line = `Flat ${1 + rng.int(block ? 60 : 8)}, ${block}${number} ${street}`;
  } else {
    line = `${number} ${street}`;
  }
  return { id, line, postcode: drawPostcode(rng, laCode), laCode };
}

const LA_CODES = LOCAL_AUTHORITIES.map((a) => a.code);
const LA_BY_CHILDREN = new Weighted(LOCAL_AUTHORITIES.map((a) => [a.code, a.population0to17] as const));
const BCU_OF = new Map<string, readonly string[]>();
for (const bcu of MET_BCUS) for (const code of bcu.localAuthorityCodes) BCU_OF.set(code, bcu.localAuthorityCodes);
BCU_OF.set('201', ['201', '204', '206', '211']);

/**
 * The borough a family moved from: half the time a neighbour (a borough of the same Metropolitan Police basic
 * command unit), otherwise anywhere in London in proportion to its children. Never the same borough.
 */
export function drawPreviousBorough(rng: Rng, laCode: string): string {
  const near = (BCU_OF.get(laCode) ?? []).filter((c) => c !== laCode);
  if (near.length > 0 && rng.chance(0.5)) return rng.pick(near);
  for (;;) {
    const code = LA_BY_CHILDREN.sample(rng);
    if (code !== laCode) return code;
  }
}

/** One typing slip in a postcode: a character of the inward part changed, or the space dropped. */
export function postcodeTypo(rng: Rng, postcode: string): string {
  const space = postcode.indexOf(' ');
  if (space < 0) return `${postcode.slice(0, -1)}${INWARD_LETTERS.charAt(rng.int(20))}`;
  if (rng.chance(0.3)) return postcode.replace(' ', '');
  const pos = space + 1 + rng.int(3);
  const current = postcode.charAt(pos);
  let next = current;
  while (next === current) next = pos === space + 1 ? String(rng.int(10)) : INWARD_LETTERS.charAt(rng.int(20));
  return postcode.slice(0, pos) + next + postcode.slice(pos + 1);
}

export { LA_CODES };
