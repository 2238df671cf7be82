/**
 * Reference data of the London safeguarding partnership.
 *
 * Public facts only: local authorities, their ONS geography codes and DfE
 * local authority codes, the safeguarding boards, and the main public and
 * voluntary bodies that take part in the partnership. No individual people.
 *
 * This data is seeded into the database by the migrations/seed scripts.
 */

/** A London local authority (London borough, or the City of London). */
export interface LocalAuthority {
  /** DfE local authority code, e.g. '202' for Camden. */
  code: string;
  /** ONS geography code, E09000001..E09000033. */
  onsCode: string;
  name: string;
  /** Code of the local safeguarding children board covering this authority. */
  boardCode: string;
  /**
   * Approximate number of children aged 0-17.
   * Source: ONS mid-2022 population estimates, approximate, rounded to the
   * nearest 100. Used only to calibrate synthetic data volumes.
   */
  population0to17: number;
}

/** Board code of the local board for a DfE LA code (City and Hackney share). */
function localBoardCode(laCode: string): string {
  return laCode === '204' ? 'LSCB-201' : `LSCB-${laCode}`;
}

function la(code: string, onsCode: string, name: string, population0to17: number): LocalAuthority {
  return { code, onsCode, name, boardCode: localBoardCode(code), population0to17 };
}

/**
 * All 33 London local authorities, in ONS code order.
 * Population: ONS mid-2022 population estimates, approximate, rounded
 * (children aged 0-17). These are approximations for synthetic-data calibration.
 */
export const LOCAL_AUTHORITIES: readonly LocalAuthority[] = Object.freeze([
  la('201', 'E09000001', 'City of London', 1_100),
  la('301', 'E09000002', 'Barking and Dagenham', 63_400),
  la('302', 'E09000003', 'Barnet', 92_300),
  la('303', 'E09000004', 'Bexley', 57_300),
  la('304', 'E09000005', 'Brent', 76_200),
  la('305', 'E09000006', 'Bromley', 75_100),
  la('202', 'E09000007', 'Camden', 39_200),
  la('306', 'E09000008', 'Croydon', 94_100),
  la('307', 'E09000009', 'Ealing', 84_800),
  la('308', 'E09000010', 'Enfield', 83_900),
  la('203', 'E09000011', 'Greenwich', 68_700),
  la('204', 'E09000012', 'Hackney', 56_300),
  la('205', 'E09000013', 'Hammersmith and Fulham', 35_400),
  la('309', 'E09000014', 'Haringey', 55_200),
  la('310', 'E09000015', 'Harrow', 60_100),
  la('311', 'E09000016', 'Havering', 60_400),
  la('312', 'E09000017', 'Hillingdon', 75_300),
  la('313', 'E09000018', 'Hounslow', 67_900),
  la('206', 'E09000019', 'Islington', 38_100),
  la('207', 'E09000020', 'Kensington and Chelsea', 27_000),
  la('314', 'E09000021', 'Kingston upon Thames', 37_400),
  la('208', 'E09000022', 'Lambeth', 58_300),
  la('209', 'E09000023', 'Lewisham', 66_200),
  la('315', 'E09000024', 'Merton', 49_100),
  la('316', 'E09000025', 'Newham', 85_300),
  la('317', 'E09000026', 'Redbridge', 78_200),
  la('318', 'E09000027', 'Richmond upon Thames', 45_300),
  la('210', 'E09000028', 'Southwark', 60_200),
  la('319', 'E09000029', 'Sutton', 49_300),
  la('211', 'E09000030', 'Tower Hamlets', 66_100),
  la('320', 'E09000031', 'Waltham Forest', 65_200),
  la('212', 'E09000032', 'Wandsworth', 63_000),
  la('213', 'E09000033', 'Westminster', 35_100),
].map((a) => Object.freeze(a)));

const LA_BY_CODE = new Map(LOCAL_AUTHORITIES.map((a) => [a.code, a]));
const LA_BY_ONS = new Map(LOCAL_AUTHORITIES.map((a) => [a.onsCode, a]));

/** A safeguarding children board: the regional board or a local board (LSCB). */
export interface Board {
  code: string;
  name: string;
  kind: 'regional' | 'local';
  /** DfE LA codes of the authorities the board covers. */
  localAuthorityCodes: string[];
}

export const REGIONAL_BOARD_CODE = 'LSCB-LONDON';

function buildBoards(): Board[] {
  const regional: Board = {
    code: REGIONAL_BOARD_CODE,
    name: 'London Safeguarding Children Board',
    kind: 'regional',
    localAuthorityCodes: [...LOCAL_AUTHORITIES].map((a) => a.code).sort(),
  };
  const locals = new Map<string, Board>();
  const sorted = [...LOCAL_AUTHORITIES].sort((a, b) => a.code.localeCompare(b.code));
  for (const authority of sorted) {
    const existing = locals.get(authority.boardCode);
    if (existing) {
      existing.localAuthorityCodes.push(authority.code);
      continue;
    }
    locals.set(authority.boardCode, {
      code: authority.boardCode,
      name:
        authority.boardCode === 'LSCB-201'
          ? 'City and Hackney Safeguarding Children Board'
          : `${authority.name} Safeguarding Children Board`,
      kind: 'local',
      localAuthorityCodes: [authority.code],
    });
  }
  return [regional, ...locals.values()];
}

/** The regional board followed by the 32 local boards, in board code order. */
export const BOARDS: readonly Board[] = Object.freeze(buildBoards());

const BOARD_BY_CODE = new Map(BOARDS.map((b) => [b.code, b]));

/** Types of agency taking part in the partnership. */
export const AGENCY_TYPES = [
  { code: 'childrens-social-care', name: "Children's social care" },
  { code: 'police', name: 'Police' },
  { code: 'health', name: 'Health' },
  { code: 'education', name: 'Education' },
  { code: 'probation', name: 'Probation' },
  { code: 'housing', name: 'Housing' },
  { code: 'voluntary-sector', name: 'Voluntary sector' },
  { code: 'adult-mental-health', name: 'Adult mental health' },
  { code: 'substance-misuse', name: 'Substance misuse' },
  { code: 'domestic-abuse-services', name: 'Domestic abuse services' },
  { code: 'partnership', name: 'Partnership (board business units)' },
] as const satisfies readonly { code: string; name: string }[];

export type AgencyTypeCode = (typeof AGENCY_TYPES)[number]['code'];

export interface AgencyTeamSeed {
  code: string;
  name: string;
  localAuthorityCode?: string;
}

export interface AgencySeed {
  code: string;
  name: string;
  typeCode: AgencyTypeCode;
  /** For councils and borough-based bodies: DfE LA code. */
  localAuthorityCode?: string;
  teams: AgencyTeamSeed[];
}

/** Formal council names, by DfE LA code, where not 'London Borough of <name>'. */
const COUNCIL_NAME_OVERRIDES: Readonly<Record<string, string>> = {
  '201': 'City of London Corporation',
  '203': 'Royal Borough of Greenwich',
  '207': 'Royal Borough of Kensington and Chelsea',
  '213': 'City of Westminster',
  '314': 'Royal Borough of Kingston upon Thames',
};

/** The formal name of the council of a London local authority (by DfE LA code). */
export function councilName(laCode: string): string {
  const authority = localAuthorityByCode(laCode);
  if (!authority) throw new Error(`Unknown local authority code: ${laCode}`);
  return COUNCIL_NAME_OVERRIDES[laCode] ?? `London Borough of ${authority.name}`;
}

function councilAgency(authority: LocalAuthority): AgencySeed {
  const laCode = authority.code;
  const team = (code: string, name: string): AgencyTeamSeed => ({ code, name, localAuthorityCode: laCode });
  return {
    code: `la-${laCode}`,
    name: `${councilName(laCode)} Children's Services`,
    typeCode: 'childrens-social-care',
    localAuthorityCode: laCode,
    teams: [
      team('mash', 'MASH'),
      team('assessment-intervention', 'Assessment and Intervention'),
      team('child-protection-court', 'Child Protection and Court'),
      team('early-help', 'Early Help'),
      team('lscb-business-unit', 'LSCB Business Unit'),
    ],
  };
}

/** Boroughs whose education services take part as agencies in their own right. */
const EDUCATION_SERVICE_LA_CODES = ['202', '204', '208', '306', '307', '311', '316', '317'] as const;

function educationAgency(laCode: string): AgencySeed {
  const team = (code: string, name: string): AgencyTeamSeed => ({ code, name, localAuthorityCode: laCode });
  return {
    code: `la-${laCode}-education`,
    name: `${councilName(laCode)} Education Services`,
    typeCode: 'education',
    localAuthorityCode: laCode,
    teams: [
      team('education-safeguarding', 'Education Safeguarding'),
      team('children-missing-education', 'Children Missing Education'),
      team('education-welfare', 'Education Welfare Service'),
    ],
  };
}

/** The 12 Metropolitan Police basic command units (BCUs). */
export const MET_BCUS: readonly { code: string; name: string; localAuthorityCodes: readonly string[] }[] =
  Object.freeze([
    { code: 'central-west', name: 'Central West', localAuthorityCodes: ['205', '207', '213'] },
    { code: 'central-north', name: 'Central North', localAuthorityCodes: ['202', '206'] },
    { code: 'central-east', name: 'Central East', localAuthorityCodes: ['204', '211'] },
    { code: 'central-south', name: 'Central South', localAuthorityCodes: ['208', '210'] },
    { code: 'north-west', name: 'North West', localAuthorityCodes: ['302', '304', '310'] },
    { code: 'north-area', name: 'North Area', localAuthorityCodes: ['308', '309'] },
    { code: 'north-east', name: 'North East', localAuthorityCodes: ['316', '320'] },
    { code: 'east-area', name: 'East Area', localAuthorityCodes: ['301', '311', '317'] },
    { code: 'south-east', name: 'South East', localAuthorityCodes: ['203', '209', '303'] },
    { code: 'south-west', name: 'South West', localAuthorityCodes: ['212', '314', '315', '318'] },
    { code: 'south-area', name: 'South Area', localAuthorityCodes: ['305', '306', '319'] },
    { code: 'west-area', name: 'West Area', localAuthorityCodes: ['307', '312', '313'] },
  ]);

const SAFEGUARDING_CHILDREN_TEAM: AgencyTeamSeed = { code: 'safeguarding-children', name: 'Safeguarding Children Team' };
const HEALTH_VISITING_TEAM: AgencyTeamSeed = { code: 'health-visiting', name: 'Health Visiting' };
const SCHOOL_NURSING_TEAM: AgencyTeamSeed = { code: 'school-nursing', name: 'School Nursing' };

function acuteTrust(code: string, name: string): AgencySeed {
  return {
    code,
    name,
    typeCode: 'health',
    teams: [
      { ...SAFEGUARDING_CHILDREN_TEAM },
      { code: 'emergency-department-liaison', name: 'Emergency Department Safeguarding Liaison' },
      { code: 'maternity-safeguarding', name: 'Maternity Safeguarding' },
    ],
  };
}

function communityTrust(code: string, name: string): AgencySeed {
  return {
    code,
    name,
    typeCode: 'health',
    teams: [{ ...SAFEGUARDING_CHILDREN_TEAM }, { ...HEALTH_VISITING_TEAM }, { ...SCHOOL_NURSING_TEAM }],
  };
}

function mentalHealthTrust(code: string, name: string): AgencySeed {
  return {
    code,
    name,
    typeCode: 'adult-mental-health',
    teams: [
      { code: 'safeguarding', name: 'Safeguarding Team' },
      { code: 'community-mental-health', name: 'Adult Community Mental Health' },
      { code: 'perinatal-mental-health', name: 'Perinatal Mental Health' },
    ],
  };
}

function housingAssociation(code: string, name: string): AgencySeed {
  return {
    code,
    name,
    typeCode: 'housing',
    teams: [
      { code: 'safeguarding', name: 'Safeguarding Team' },
      { code: 'tenancy-sustainment', name: 'Tenancy Sustainment' },
    ],
  };
}

function voluntaryBody(code: string, name: string, typeCode: AgencyTypeCode, teams: [string, string][]): AgencySeed {
  return { code, name, typeCode, teams: teams.map(([teamCode, teamName]) => ({ code: teamCode, name: teamName })) };
}

function buildAgencies(): AgencySeed[] {
  const councils = [...LOCAL_AUTHORITIES].sort((a, b) => a.code.localeCompare(b.code)).map(councilAgency);

  const police: AgencySeed[] = [
    {
      code: 'met-police',
      name: 'Metropolitan Police Service',
      typeCode: 'police',
      teams: [
        ...MET_BCUS.map((bcu) => ({
          code: `public-protection-desk-${bcu.code}`,
          name: `Public Protection Desk – ${bcu.name}`,
        })),
        { code: 'mash-police-researchers', name: 'MASH Police Researchers' },
      ],
    },
    {
      code: 'city-of-london-police',
      name: 'City of London Police',
      typeCode: 'police',
      localAuthorityCode: '201',
      teams: [{ code: 'public-protection-unit', name: 'Public Protection Unit', localAuthorityCode: '201' }],
    },
  ];

  const health: AgencySeed[] = [
    {
      code: 'nhs-england-london',
      name: 'NHS England – London Region',
      typeCode: 'health',
      teams: [
        { code: 'regional-safeguarding', name: 'Regional Safeguarding Team' },
        { code: 'designated-professionals-network', name: 'Designated Professionals Network' },
      ],
    },
    acuteTrust('gosh', 'Great Ormond Street Hospital for Children NHS Foundation Trust'),
    acuteTrust('guys-st-thomas', "Guy's and St Thomas' NHS Foundation Trust"),
    acuteTrust('barts-health', 'Barts Health NHS Trust'),
    acuteTrust('kings-college-hospital', "King's College Hospital NHS Foundation Trust"),
    {
      code: 'whittington-health',
      name: 'Whittington Health NHS Trust',
      typeCode: 'health',
      teams: [
        { ...SAFEGUARDING_CHILDREN_TEAM },
        { ...HEALTH_VISITING_TEAM },
        { ...SCHOOL_NURSING_TEAM },
        { code: 'emergency-department-liaison', name: 'Emergency Department Safeguarding Liaison' },
      ],
    },
    communityTrust('clch', 'Central London Community Healthcare NHS Trust'),
    communityTrust('hrch', 'Hounslow and Richmond Community Healthcare NHS Trust'),
    communityTrust('oxleas', 'Oxleas NHS Foundation Trust'),
    mentalHealthTrust('slam', 'South London and Maudsley NHS Foundation Trust'),
    mentalHealthTrust('elft', 'East London NHS Foundation Trust'),
    mentalHealthTrust('nelft', 'North East London NHS Foundation Trust'),
  ];

  const education = EDUCATION_SERVICE_LA_CODES.map(educationAgency);

  const probation: AgencySeed[] = [
    {
      code: 'london-probation-trust',
      name: 'London Probation Trust',
      typeCode: 'probation',
      teams: [
        { code: 'offender-management', name: 'Offender Management' },
        { code: 'mappa', name: 'Public Protection and MAPPA' },
        { code: 'court-services', name: 'Court Services' },
        { code: 'victim-liaison', name: 'Victim Liaison' },
      ],
    },
  ];

  const housing: AgencySeed[] = [
    housingAssociation('peabody', 'Peabody'),
    housingAssociation('clarion', 'Clarion Housing Group'),
    housingAssociation('london-and-quadrant', 'L&Q (London & Quadrant Housing Trust)'),
    housingAssociation('notting-hill-genesis', 'Notting Hill Genesis'),
  ];

  const voluntary: AgencySeed[] = [
    voluntaryBody('barnardos', "Barnardo's", 'voluntary-sector', [
      ['safeguarding', 'Safeguarding Team'],
      ['family-support', 'Family Support Services'],
      ['child-sexual-exploitation', 'Child Sexual Exploitation Service'],
    ]),
    voluntaryBody('nspcc', 'NSPCC', 'voluntary-sector', [
      ['helpline', 'NSPCC Helpline'],
      ['london-service-centre', 'London Service Centre'],
    ]),
    voluntaryBody('action-for-children', 'Action for Children', 'voluntary-sector', [
      ['safeguarding', 'Safeguarding Team'],
      ['family-support', 'Family Support Services'],
    ]),
    voluntaryBody('childrens-society', "The Children's Society", 'voluntary-sector', [
      ['safeguarding', 'Safeguarding Team'],
      ['missing-and-exploitation', 'Missing and Exploitation Service'],
    ]),
    voluntaryBody('refuge', 'Refuge', 'domestic-abuse-services', [
      ['safeguarding', 'Safeguarding Team'],
      ['idva', 'Independent Domestic Violence Advocacy'],
      ['refuge-accommodation', 'Refuge Accommodation'],
    ]),
    voluntaryBody('solace-womens-aid', "Solace Women's Aid", 'domestic-abuse-services', [
      ['safeguarding', 'Safeguarding Team'],
      ['advocacy', 'Advocacy and Outreach'],
    ]),
    voluntaryBody('change-grow-live', 'Change Grow Live', 'substance-misuse', [
      ['safeguarding', 'Safeguarding Team'],
      ['young-peoples-service', "Young People's Substance Misuse Service"],
      ['adult-treatment', 'Adult Drug and Alcohol Treatment'],
    ]),
    voluntaryBody('turning-point', 'Turning Point', 'substance-misuse', [
      ['safeguarding', 'Safeguarding Team'],
      ['adult-treatment', 'Adult Drug and Alcohol Treatment'],
    ]),
  ];

  const partnership: AgencySeed[] = [
    {
      code: 'london-lscb',
      name: 'London Safeguarding Children Board',
      typeCode: 'partnership',
      teams: [
        { code: 'board-business-unit', name: 'Board Business Unit' },
        { code: 'regional-safeguarding-advisers', name: 'Regional Safeguarding Advisers' },
      ],
    },
  ];

  return [...councils, ...police, ...health, ...education, ...probation, ...housing, ...voluntary, ...partnership];
}

/** The main London agencies, with their teams. Codes are stable lowercase kebab-case. */
export const AGENCIES: readonly AgencySeed[] = Object.freeze(buildAgencies());

const AGENCY_BY_CODE = new Map(AGENCIES.map((a) => [a.code, a]));

/** Look up a local authority by DfE LA code (e.g. '202'). */
export function localAuthorityByCode(code: string): LocalAuthority | undefined {
  return LA_BY_CODE.get(code);
}

/** Look up a local authority by ONS geography code (e.g. 'E09000007'). */
export function localAuthorityByOnsCode(onsCode: string): LocalAuthority | undefined {
  return LA_BY_ONS.get(onsCode);
}

/** The local board (LSCB) covering a local authority. Throws on an unknown code. */
export function boardForLocalAuthority(laCode: string): Board {
  const authority = LA_BY_CODE.get(laCode);
  if (!authority) throw new Error(`Unknown local authority code: ${laCode}`);
  const board = BOARD_BY_CODE.get(authority.boardCode);
  if (!board) throw new Error(`No board ${authority.boardCode} for local authority ${laCode}`);
  return board;
}

/** Look up a board by code (e.g. 'LSCB-202' or 'LSCB-LONDON'). */
export function boardByCode(code: string): Board | undefined {
  return BOARD_BY_CODE.get(code);
}

/** Look up an agency by code (e.g. 'la-202', 'met-police'). */
export function agencyByCode(code: string): AgencySeed | undefined {
  return AGENCY_BY_CODE.get(code);
}
