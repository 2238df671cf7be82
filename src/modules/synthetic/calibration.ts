// The published figures the synthetic history is calibrated to, each with its source and year, and the
// generator's internal rates derived from them. docs/synthetic-data.md lists the same figures.
//
// The national figures are approximate recollections of the published tables, rounded; they are to be checked
// against the tables before anyone relies on them. They shape synthetic data only.

/** A published figure and where it comes from. */
export interface Figure {
  value: number;
  source: string;
  year: string;
}

const CIN_2023 = 'DfE, Characteristics of children in need: 2023 (national tables)';
const ONS = 'ONS';

/** National (England) figures for the practice history. Rates are per 10,000 children aged 0–17. */
export const NATIONAL_FIGURES = {
  referralsPer10k: { value: 544.5, source: CIN_2023, year: '2022-23' },
  reReferralWithin12Months: { value: 0.224, source: CIN_2023, year: '2022-23' },
  referralsNoFurtherAction: { value: 0.08, source: CIN_2023, year: '2022-23' },
  section47Per10k: { value: 185, source: CIN_2023, year: '2022-23' },
  initialConferencesPer10k: { value: 67, source: CIN_2023, year: '2022-23' },
  cpPlansStartedPer10k: { value: 56, source: CIN_2023, year: '2022-23' },
  cpPlansAt31MarchPer10k: { value: 42.2, source: CIN_2023, year: 'at 31 March 2023' },
  childrenInNeedAt31MarchPer10k: { value: 342.7, source: CIN_2023, year: 'at 31 March 2023' },
  assessmentsWithin45WorkingDays: { value: 0.83, source: CIN_2023, year: '2022-23' },
  initialConferencesWithin15WorkingDays: { value: 0.78, source: CIN_2023, year: '2022-23' },
  assessedNotInNeed: { value: 0.29, source: CIN_2023, year: '2022-23' },
  contactsPerReferral: {
    value: 3.6,
    source: 'ADCS, Safeguarding Pressures research, phase 8 (estimated initial contacts against DfE referrals)',
    year: '2021-22',
  },
  multipleMaternitiesPer1000: { value: 14.3, source: `${ONS}, Births in England and Wales`, year: '2021' },
  loneParentFamilyShare: { value: 0.25, source: `${ONS}, Families and households in the UK (London, families with dependent children)`, year: '2022' },
  stepfamilyShareOfCouples: { value: 0.1, source: `${ONS}, Census 2011, stepfamilies in England and Wales`, year: '2011' },
} as const satisfies Record<string, Figure>;

/** Share of child protection plans by initial category of abuse (CIN census codes). */
export const CP_CATEGORY_SHARES = {
  value: { NEG: 0.5, EMO: 0.37, PHY: 0.065, SAB: 0.035, MUL: 0.03 },
  source: CIN_2023,
  year: 'plans at 31 March 2023',
} as const;

/** Share of CP plans ending in the year by how long they lasted. */
export const CP_DURATION_SHARES = {
  value: [
    { fromDays: 14, toDays: 91, share: 0.1 },
    { fromDays: 91, toDays: 182, share: 0.24 },
    { fromDays: 182, toDays: 365, share: 0.41 },
    { fromDays: 365, toDays: 730, share: 0.21 },
    { fromDays: 730, toDays: 1100, share: 0.04 },
  ],
  source: CIN_2023,
  year: 'plans ending in 2022-23',
} as const;

/** Share of referrals by source (CIN census referral source codes). */
export const REFERRAL_SOURCE_SHARES = {
  value: {
    '1A': 4.3, '1B': 1.1, '1C': 1.0, '1D': 1.2,
    '2A': 20.9, '2B': 0.9,
    '3A': 2.0, '3B': 1.9, '3C': 0.5, '3D': 3.6, '3E': 2.4, '3F': 4.5,
    '4': 1.5,
    '5A': 5.0, '5B': 3.3, '5C': 2.6, '5D': 1.6,
    '6': 29.2,
    '7': 3.0,
    '8': 5.4,
    '9': 1.2,
    '10': 3.3,
  },
  source: CIN_2023,
  year: '2022-23 (group totals: police 29%, schools 21%, health 15%, LA services 12.5%, individual 7.6%)',
} as const;

/** Primary need at referral (CIN census codes). */
export const PRIMARY_NEED_SHARES = {
  value: { N1: 57, N2: 9, N3: 3.5, N4: 8, N5: 15, N6: 1.5, N7: 0.5, N8: 3, N9: 1, N0: 1.5 },
  source: CIN_2023,
  year: 'children in need at 31 March 2023',
} as const;

/** Reason for closure of CIN episodes that the generator produces itself (others arise from the model). */
export const CLOSURE_NOTES =
  'RC8 closes referrals with no further action and assessments finding no need; RC9 closes an assessment with ' +
  'a step-down to early help; RC5 closes an episode when the family moves borough; RC3 and RC4 close a few plans ' +
  'with a court order; RC7 closes the rest. RC1 (adopted), RC2 (died) and RC6 (transferred to adult services) ' +
  'are not generated: every synthetic child is alive, with their family, and under 18 at the as-at date.';

/**
 * Internal rates of the history model. The published figures above are targets for what the generated data
 * shows; these are the knobs, tuned (by the distribution tests and the calibration run described in the module
 * README) so that the realised figures land on the targets. Change a target, re-tune these.
 */
export interface HistoryRates {
  /** Background referral incidents per child-year for an average-risk household, before re-referrals. */
  backgroundReferralsPerChildYear: number;
  /** Probability a closed episode is followed by a re-referral (within about a year). */
  reReferralProbability: number;
  /** Contacts that do not become referrals, per child-year for an average-risk household. */
  otherContactsPerChildYear: number;
  /** Probability a sibling in the household is named in the same contact. */
  siblingInclusion: number;
  /** Shape of the gamma-distributed household risk (mean 1); smaller is more concentrated. */
  householdRiskShape: number;
  /** Of referrals: share with no further action. */
  referralNfa: number;
  /** Of referrals not NFA: share that go to a strategy discussion and section 47 enquiry. */
  section47: number;
  /** Of referrals not NFA and not section 47: share with a strategy discussion that decides against s47. */
  strategyWithoutSection47: number;
  /** Of section 47 enquiries: share leading to an initial conference. */
  initialConference: number;
  /** Of initial conferences: share leading to a CP plan. */
  cpPlan: number;
  /** Of assessments (not on the s47 track): share finding the child not in need. */
  notInNeed: number;
  /** Of assessments finding no need: share stepped down to early help (RC9) rather than closed (RC8). */
  stepDownToEarlyHelp: number;
  /** Of children found in need without s47: share with a CIN plan. */
  cinPlan: number;
  /** Of ended CP plans: share stepped down to a CIN plan. */
  cinPlanAfterCp: number;
  /** Of police-sourced contacts: the desk forwards this share of its notifications. */
  policeNotificationsForwarded: number;
}

export const DEFAULT_HISTORY_RATES: HistoryRates = {
  backgroundReferralsPerChildYear: 0.044,
  reReferralProbability: 0.32,
  otherContactsPerChildYear: 0.14,
  siblingInclusion: 0.6,
  householdRiskShape: 0.6,
  referralNfa: NATIONAL_FIGURES.referralsNoFurtherAction.value,
  section47: 0.37,
  strategyWithoutSection47: 0.06,
  initialConference: 0.37,
  cpPlan: 0.82,
  notInNeed: 0.3,
  stepDownToEarlyHelp: 0.3,
  cinPlan: 0.45,
  cinPlanAfterCp: 0.6,
  policeNotificationsForwarded: 0.55,
};

/** Household and population parameters (shares of London families with dependent children). */
export const POPULATION_PARAMETERS = {
  /** Family structure shares; lone parents and step-families from the ONS figures above. */
  structure: { couple: 0.62, stepfamily: 0.1, loneMother: 0.225, loneFather: 0.025, kinship: 0.03 },
  /** Number of births (a twin birth adds a child). ONS Families and households, approximate, London-weighted. */
  births: { 1: 0.44, 2: 0.38, 3: 0.12, 4: 0.04, 5: 0.015, 6: 0.005 },
  twinBirth: NATIONAL_FIGURES.multipleMaternitiesPer1000.value / 1000,
  /** Tenure of London households with dependent children (Census 2021, approximate). */
  tenure: { owner: 0.42, privateRent: 0.31, socialRent: 0.27 },
  /** Mean years at one address by tenure (synthetic; private renters move most). */
  yearsAtAddress: { owner: 9, privateRent: 3.5, socialRent: 8 },
  /** Share of moves that cross a borough boundary (synthetic). */
  crossBoroughMove: 0.3,
  /** Households with a grandparent living in. */
  grandparent: 0.06,
  /** Lone-mother households whose children's father is generated (non-resident, elsewhere in London). */
  nonResidentFatherKnown: 0.6,
  /** Couples from two different naming traditions. */
  mixedCouple: 0.12,
  /** Couples who are married (affects married surnames). */
  married: 0.62,
} as const;
