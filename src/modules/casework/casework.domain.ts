// Casework code lists (CIN census and the Standard Safeguarding Dataset: shared/specs/statutory-rules.md sections 5
// and 7) and the in-app data-quality rules the census enforces, with the message each gives.

/** CIN census category of abuse. */
export const CATEGORIES = {
  NEG: 'Neglect',
  PHY: 'Physical abuse',
  SAB: 'Sexual abuse',
  EMO: 'Emotional abuse',
  MUL: 'Multiple categories',
} as const;
export type Category = keyof typeof CATEGORIES;

/** CIN census primary need. */
export const PRIMARY_NEEDS = {
  N0: 'Not stated',
  N1: 'Abuse, neglect or exploitation',
  N2: "Child's disability or illness",
  N3: 'Parental disability or illness',
  N4: 'Family in acute stress',
  N5: 'Family dysfunction',
  N6: 'Socially unacceptable behaviour',
  N7: 'Low income',
  N8: 'Absent parenting',
  N9: 'Cases other than children in need',
} as const;
export type PrimaryNeed = keyof typeof PRIMARY_NEEDS;

/** CIN census reason for closure of a CIN episode. */
export const CLOSURE_REASONS = {
  RC1: 'Adopted',
  RC2: 'Died',
  RC3: 'Child arrangements order',
  RC4: 'Special guardianship order',
  RC5: 'Transferred to services of another local authority',
  RC6: 'Transferred to adult social care services',
  RC7: 'Services ceased for any other reason, including the child no longer in need',
  RC8: 'Case closed after assessment, no further action',
  RC9: 'Case closed after assessment, referred to early help',
} as const;
export type ClosureReason = keyof typeof CLOSURE_REASONS;

/** Outcomes of a section 47 enquiry (Standard Safeguarding Dataset). */
export const S47_OUTCOMES = {
  'no-further-action': 'No further action',
  'legal-action': 'Legal action',
  'provision-of-services': 'Provision of services',
  'provision-of-accommodation': 'Provision of accommodation',
  'cp-conference': 'Initial child protection conference',
  'nfa-continue-assessment': 'No further action under section 47; continue the single assessment',
  monitor: 'Monitor',
} as const;
export type S47Outcome = keyof typeof S47_OUTCOMES;

/** Outcomes of an initial (or pre-birth) child protection conference. */
export const ICPC_OUTCOMES = {
  'no-further-action': 'No further action',
  'referral-to-other-agency': 'Referral to another agency',
  'single-assessment': 'Single assessment',
  'provision-of-services': 'Provision of services (child in need plan)',
  'cp-plan': 'Child protection plan',
} as const;
export type IcpcOutcome = keyof typeof ICPC_OUTCOMES;

export const ASSESSMENT_KINDS = {
  initial: 'Initial assessment',
  core: 'Core assessment',
  single: 'Single assessment',
} as const;
export type AssessmentKind = keyof typeof ASSESSMENT_KINDS;

export const ASSESSMENT_OUTCOMES = {
  'child-in-need': 'Child in need: services to be provided',
  'not-in-need': 'Not a child in need',
  'section-47': 'Concerns of significant harm: strategy discussion',
} as const;
export type AssessmentOutcome = keyof typeof ASSESSMENT_OUTCOMES;

export const CONFERENCE_KINDS = {
  initial: 'Initial child protection conference',
  'pre-birth': 'Pre-birth conference',
  review: 'Review conference',
} as const;
export type ConferenceKind = keyof typeof CONFERENCE_KINDS;

export const PLAN_END_REASONS = {
  'no-longer-at-risk': 'No longer at continuing risk of significant harm',
  'moved-away': 'Moved to another local authority',
  'looked-after': 'Became looked after',
  'reached-18': 'Reached 18',
  died: 'Died',
  other: 'Other',
} as const;
export type PlanEndReason = keyof typeof PLAN_END_REASONS;

/** Agency types invited to strategy discussions and conferences, in the order partners expect to see them. */
export const PARTNER_ROLES = {
  'social-care': "Children's social care",
  police: 'Police',
  health: 'Health',
  education: 'Education',
  probation: 'Probation',
  'adult-services': 'Adult services',
  other: 'Other',
} as const;

/**
 * Data-quality rules of the CIN census enforced as work is recorded (statutory-rules.md section 7).
 * Each is a message a caseworker reads on the form; the census rule it mirrors is named in the code comment.
 */
export const DQ = {
  // CIN census: a child cannot have a CIN plan and a CP plan open on the same day (rule 4003 family).
  cinPlanDuringCpPlan: 'This child has an open child protection plan. A child in need plan cannot run alongside it: end the child protection plan first',
  cpPlanDuringCinPlan: 'This child has an open child in need plan. End it on or before the day the child protection plan starts',
  // CIN census: the CP plan start date must equal the date of the ICPC that began it (rule 2884 family).
  cpPlanStartsOnIcpc: 'A child protection plan starts on the date of its initial child protection conference',
  // CIN census: a referral with "referral NFA" true has no assessments, s47s, plans after it (rule 8866 family).
  nothingAfterNfa: 'This referral was closed with no further action. Record a new referral for new work',
  closedEpisode: 'This episode is closed. Record a new referral for new work',
  beforeReferral: 'The date cannot be before the referral',
  inFuture: 'The date cannot be in the future',
  closeWithOpenWork: 'Close or end the open assessments, enquiries and plans before closing the episode',
} as const;

// -- the pathway core (pathway.service.ts) ---------------------------------------------------------------------------

/** CIN census assessment factors (the codes a completed assessment records). */
export const ASSESSMENT_FACTORS = {
  '1A': 'Alcohol misuse: the child',
  '1B': 'Alcohol misuse: a parent or carer',
  '1C': 'Alcohol misuse: another person in the household',
  '2A': 'Drug misuse: the child',
  '2B': 'Drug misuse: a parent or carer',
  '2C': 'Drug misuse: another person in the household',
  '3A': 'Domestic abuse: the child is the subject',
  '3B': 'Domestic abuse: a parent or carer is the subject',
  '3C': 'Domestic abuse: another person in the household is the subject',
  '4A': 'Mental health: the child',
  '4B': 'Mental health: a parent or carer',
  '4C': 'Mental health: another person in the household',
  '5A': 'Learning disability: the child',
  '5B': 'Learning disability: a parent or carer',
  '6A': 'Physical disability or illness: the child',
  '6B': 'Physical disability or illness: a parent or carer',
  '7A': 'Young carer',
  '9A': 'Unaccompanied asylum-seeking child',
  '10A': 'Going missing',
  '11A': 'Child sexual exploitation',
  '12A': 'Trafficking',
  '13A': 'Gangs',
  '14A': 'Socially unacceptable behaviour',
  '15A': 'Self-harm',
  '16A': 'Abuse or neglect: neglect',
  '17A': 'Abuse or neglect: emotional abuse',
  '18B': 'Abuse or neglect: physical abuse',
  '19B': 'Abuse or neglect: sexual abuse',
  '22A': 'Female genital mutilation',
  '23A': 'Abuse linked to faith or belief',
  '24A': 'Child criminal exploitation',
  '20': 'Other',
  '21': 'No factors identified',
} as const;
export type AssessmentFactor = keyof typeof ASSESSMENT_FACTORS;

/** Why a referral went no further (kept as a code: the history holds codes, not text). */
export const NFA_REASONS = {
  'no-role-for-social-care': 'No role for children’s social care',
  'needs-met-by-universal-services': 'Needs met by universal services',
  'family-declined': 'The family declined a voluntary service',
  'moved-away': 'The child moved away',
  duplicate: 'A duplicate of a referral already open',
  other: 'Other',
} as const;
export type NfaReason = keyof typeof NFA_REASONS;

export const EARLY_HELP_END_REASONS = {
  'needs-met': 'Needs met',
  'stepped-up': 'Stepped up to children’s social care',
  'family-withdrew': 'The family withdrew consent',
  'moved-away': 'The family moved away',
  other: 'Other',
} as const;
export type EarlyHelpEndReason = keyof typeof EARLY_HELP_END_REASONS;

/** The front-door outcomes that make a referral a case (statutory-rules.md section 5). */
export const CASE_OUTCOMES = ['section-17-assessment', 'section-47-strategy-discussion', 'immediate-protection'] as const;

/** Data-quality messages of the pathway core, beside the census rules in `DQ`. */
export const PATHWAY_DQ = {
  // CIN census: a child has at most one open CIN episode at a time.
  openEpisodeExists: 'This child already has an open case in this local authority. Record the referral on that case',
  notADecidedReferral: 'Only a referral the front door has decided on (a child in need assessment, a strategy discussion or immediate protection) can be opened as a case',
  ownAuthorityOnly: 'You can only open a case in your own local authority',
  assessmentKindWt2023: 'Under Working Together 2018/2023 there is one single assessment: choose a single assessment',
  assessmentKindWt2010: 'Under Working Together 2010 there are initial and core assessments: choose one of them',
  initialAlreadyRecorded: 'An initial assessment has already been recorded for this referral',
  assessmentOpen: 'An assessment of this kind is already open. Complete it first',
  coreNeedsReason: 'A core assessment starts after an initial assessment is completed, or from a section 47 enquiry',
  notOpen: 'This has already been completed or ended',
  beforeStart: 'The date cannot be before the start',
  s47OutcomeMismatch: 'An initial child protection conference is required only when the outcome is a conference',
  nfaAfterWork: 'Work has been recorded on this referral: close the episode instead',
  closeNeedsAssessment: 'This reason is for a case closed after an assessment: record the assessment first, or choose another reason',
  cinPlanOpen: 'This child already has an open child in need plan',
  earlyHelpOpen: 'This child already has an open early help episode',
} as const;
