// View models for the referral question pages: labels, form values from a draft, the check-your-answers sections
// and the referrer's view of a contact. Plain data only: the templates turn it into GOV.UK components.
import { paths } from '../../platform/web/paths.ts';
import { DRAFT_SECTIONS, isSectionAnswered, type DraftAdult, type DraftChild, type DraftData, type DraftSection } from './drafts.service.ts';
import { CONSENT_EXCEPTIONS, CONSENT_POSITIONS, INDICATORS, OUTCOMES, REFERRAL_SOURCE_ENTRIES, REFERRAL_SOURCES, RELATIONSHIPS_TO_CHILD, type Outcome } from './front-door.domain.ts';

/** A question page: the draft's sections, plus the pages that add, change and remove people. */
export type Step = DraftSection | 'check';

export const SECTION_TITLES: Record<DraftSection, string> = {
  where: 'Where the child lives',
  children: 'Children',
  adults: 'Adults',
  concern: 'The concern',
  consent: 'Consent',
  'about-you': 'About you',
};

export const SEX_LABELS: Record<string, string> = { F: 'Female', M: 'Male', U: 'Not known' };

/** The page after `section`, in order, ending at check your answers. */
export function nextStep(section: DraftSection): Step {
  const i = DRAFT_SECTIONS.indexOf(section);
  return DRAFT_SECTIONS[i + 1] ?? 'check';
}

/** The page before `section`, or null for the first (whose back link is the start page). */
export function previousStep(section: DraftSection): DraftSection | null {
  const i = DRAFT_SECTIONS.indexOf(section);
  return i > 0 ? DRAFT_SECTIONS[i - 1]! : null;
}

/** The first section not yet answered, or 'check' when every required one is. */
export function firstUnanswered(data: DraftData): Step {
  return DRAFT_SECTIONS.find((s) => !isSectionAnswered(data, s)) ?? 'check';
}

/** A step's URL; `?from=check` (a code, never personal data) sends the referrer back to check their answers. */
export function stepHref(draftId: string, step: string, fromCheck = false): string {
  return `${paths.frontDoor.draftStep(draftId, step)}${fromCheck ? '?from=check' : ''}`;
}

// -- form values -------------------------------------------------------------------------------------------------

type Values = Record<string, unknown>;

function dateParts(name: string, iso: string | null): Values {
  if (!iso) return {};
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y };
}

export function personValues(p: DraftChild | DraftAdult): Values {
  return {
    forenames: p.forenames,
    surname: p.surname,
    ...dateParts('dateOfBirth', p.dateOfBirth),
    isUnborn: 'isUnborn' in p && p.isUnborn ? 'yes' : undefined,
    sex: p.sex ?? undefined,
    nhsNumber: p.nhsNumber ?? '',
    address: p.address ?? '',
    postcode: p.postcode ?? '',
    relationship: 'relationship' in p ? p.relationship : undefined,
  };
}

// -- labels and items --------------------------------------------------------------------------------------------

export const sourceItems = (selected: unknown) => REFERRAL_SOURCE_ENTRIES.map(([value, text]) => ({ value, text: `${text} (${value})`, checked: value === selected }));
export const indicatorItems = (selected: string[]) => Object.entries(INDICATORS).map(([value, text]) => ({ value, text, checked: selected.includes(value) }));
export const relationshipItems = (selected: unknown) => Object.entries(RELATIONSHIPS_TO_CHILD).map(([value, text]) => ({ value, text, checked: value === selected }));
export const sexItems = (selected: unknown) => Object.entries(SEX_LABELS).map(([value, text]) => ({ value, text, checked: value === selected }));
export const consentItems = (selected: unknown) => Object.entries(CONSENT_POSITIONS).map(([value, text]) => ({ value, text, checked: value === selected }));
export const exceptionItems = (selected: unknown) => Object.entries(CONSENT_EXCEPTIONS).map(([value, text]) => ({ value, text, checked: value === selected }));

function longDate(iso: string | null): string {
  if (!iso) return 'Not known';
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${iso}T00:00:00Z`));
}

export function personName(p: { forenames: string; surname: string }): string {
  return `${p.forenames} ${p.surname}`;
}

interface Row {
  key: { text: string };
  value: { text: string };
  actions?: { items: { href: string; text: string; visuallyHiddenText: string }[] };
}

function row(key: string, value: string, change?: { href: string; hidden: string }): Row {
  return { key: { text: key }, value: { text: value }, ...(change ? { actions: { items: [{ href: change.href, text: 'Change', visuallyHiddenText: change.hidden }] } } : {}) };
}

/** Summary rows for one child or adult. */
export function personRows(p: DraftChild | DraftAdult): Row[] {
  const rows = [row('Name', personName(p))];
  if ('isUnborn' in p && p.isUnborn) rows.push(row('Date of birth', 'Unborn'));
  else rows.push(row('Date of birth', longDate(p.dateOfBirth)));
  if ('relationship' in p) rows.push(row('Relationship to the child', RELATIONSHIPS_TO_CHILD[p.relationship]));
  rows.push(row('Sex', p.sex ? (SEX_LABELS[p.sex] ?? p.sex) : 'Not given'));
  rows.push(row('NHS number', p.nhsNumber ?? 'Not given'));
  rows.push(row('Address', [p.address, p.postcode].filter(Boolean).join(', ') || 'Not given'));
  return rows;
}

/** A summary card per person, with Change and Remove links (the step is 'children' or 'adults'). */
export function personCards(draftId: string, step: 'children' | 'adults', people: (DraftChild | DraftAdult)[], fromCheck: boolean) {
  const noun = step === 'children' ? 'Child' : 'Adult';
  return people.map((p, i) => ({
    title: `${noun} ${i + 1}: ${personName(p)}`,
    changeHref: stepHref(draftId, `${step}/${i + 1}`, fromCheck),
    removeHref: stepHref(draftId, `${step}/${i + 1}/remove`, fromCheck),
    hidden: `${noun.toLowerCase()} ${i + 1}`,
    rows: personRows(p),
  }));
}

export interface CheckSection {
  section: DraftSection;
  title: string;
  href: string;
  isAnswered: boolean;
  rows: Row[];
  cards?: ReturnType<typeof personCards>;
}

/** Check your answers: every section with its answers and a Change link back to its page. */
export function checkSections(draftId: string, data: DraftData, context: { laName: string | null; referrerName: string; accountEmail: string }): CheckSection[] {
  const href = (s: DraftSection) => stepHref(draftId, s, true);
  const c = data.consent;
  const sections: CheckSection[] = [
    {
      section: 'where',
      title: SECTION_TITLES.where,
      href: href('where'),
      isAnswered: isSectionAnswered(data, 'where'),
      rows: [
        row('Local authority', context.laName ?? 'Not answered', { href: href('where'), hidden: 'local authority' }),
        row('Who the concern comes from', data.source ? REFERRAL_SOURCES[data.source] : 'Not answered', { href: href('where'), hidden: 'who the concern comes from' }),
      ],
    },
    { section: 'children', title: SECTION_TITLES.children, href: href('children'), isAnswered: isSectionAnswered(data, 'children'), rows: [], cards: personCards(draftId, 'children', data.children ?? [], true) },
    { section: 'adults', title: SECTION_TITLES.adults, href: href('adults'), isAnswered: isSectionAnswered(data, 'adults'), rows: [], cards: personCards(draftId, 'adults', data.adults ?? [], true) },
    {
      section: 'concern',
      title: SECTION_TITLES.concern,
      href: href('concern'),
      isAnswered: isSectionAnswered(data, 'concern'),
      rows: [
        row('The concern in your words', data.concern ?? 'Not answered', { href: href('concern'), hidden: 'the concern' }),
        row('What it is about', (data.indicators ?? []).map((i) => INDICATORS[i]).join(', ') || 'Not answered', { href: href('concern'), hidden: 'what the concern is about' }),
      ],
    },
    {
      section: 'consent',
      title: SECTION_TITLES.consent,
      href: href('consent'),
      isAnswered: isSectionAnswered(data, 'consent'),
      rows: c
        ? [
            row('Consent', CONSENT_POSITIONS[c.position], { href: href('consent'), hidden: 'consent' }),
            row("The child's own consent", c.isChildsOwn ? 'Yes: a competent child' : 'No', { href: href('consent'), hidden: "whether this is the child's own consent" }),
            ...(c.exception ? [row('Why consent was not sought or was overridden', CONSENT_EXCEPTIONS[c.exception], { href: href('consent'), hidden: 'why consent was not sought or overridden' })] : []),
            ...(c.reason ? [row('Reason', c.reason, { href: href('consent'), hidden: 'the reason' })] : []),
            ...(c.authorisedBy ? [row('Authorised by', c.authorisedBy, { href: href('consent'), hidden: 'who authorised it' })] : []),
          ]
        : [row('Consent', 'Not answered', { href: href('consent'), hidden: 'consent' })],
    },
    {
      section: 'about-you',
      title: SECTION_TITLES['about-you'],
      href: href('about-you'),
      isAnswered: true,
      rows: [
        row('Name', context.referrerName),
        row('Role or job title', data.referrer?.role ?? 'Not given', { href: href('about-you'), hidden: 'your role' }),
        row('Phone', data.referrer?.phone ?? 'Not given', { href: href('about-you'), hidden: 'your phone number' }),
        row('Email', data.referrer ? (data.referrer.email ?? 'Not given') : context.accountEmail, { href: href('about-you'), hidden: 'your email address' }),
      ],
    },
  ];
  return sections;
}

/**
 * Where a whole-draft error sends the referrer: its message (with the person it is about) and the page to fix it
 * on. `path` is the field's path in the contact input, e.g. `children.1.surname` or `consent.position`.
 */
export function checkError(draftId: string, path: string, message: string, section: Step): { text: string; href: string } {
  const person = /^(children|adults)\.(\d+)\./.exec(path);
  if (person) {
    const n = Number(person[2]) + 1;
    return { text: `${person[1] === 'children' ? 'Child' : 'Adult'} ${n}: ${message}`, href: stepHref(draftId, `${person[1]}/${n}`, true) };
  }
  return { text: message, href: section === 'check' ? '#main-content' : stepHref(draftId, section, true) };
}

// -- the referrer's view of a sent contact ------------------------------------------------------------------------

/** What a referrer may see of their own contact: ContactsService.contact at level 'referrer'. */
export interface ReferrerContactView {
  contact: { id: string; reference: string; status: string; receivedAt: Date | string; outcome: string | null; toldAt?: Date | string | null; laCode?: string };
}

export function referrerStatus(contact: { status: string; outcome: string | null }) {
  const isDecided = contact.status === 'decided';
  return {
    statusText: isDecided ? 'Decided' : 'In progress',
    statusTag: isDecided ? 'govuk-tag--green' : 'govuk-tag--blue',
    outcomeLabel: isDecided && contact.outcome ? (OUTCOMES[contact.outcome as Outcome]?.label ?? contact.outcome) : null,
  };
}
