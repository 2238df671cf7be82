// Demo data: a year of the London Board's monthly business meetings (the last twelve, held) and the next one
// planned, written like the Board's own papers and minutes — agendas with papers on the MASH pilot, the sexual
// exploitation protocol, serious case review themes and the rest of the pan-London programme; attendance from six to
// ten partner agencies; minutes, decisions and two to four actions each (most done, a few open, one overdue); and a
// gap identified in the summer that became a work item. Camden's board gets its last two meetings and the next one.
// When the work programme is already seeded, agenda items and actions link to its items by reference. Every name
// is invented. Idempotent: a board that already has meetings is left alone.
import type { Kysely } from 'kysely';
import { systemActor } from '../../../kernel/actor.ts';
import type { AuditTrail } from '../../../platform/audit/audit-trail.ts';
import { addCalendarDays, londonDateOf } from '../../../platform/calendar/index.ts';
import type { Tables } from '../partnership.support.ts';
import type { ThemeCode } from '../work-programme.domain.ts';

/** A representative who attends: [agency code or null, organisation if not an agency, name, role]. */
type Rep = [string | null, string | null, string, string];

const LONDON_REPS: Rep[] = [
  ['london-lscb', null, 'Margaret Ellison', 'Independent chair'],
  ['london-lscb', null, 'Daniel Okafor', 'Board business manager'],
  ['met-police', null, 'Det Ch Supt Alan Mercer', 'Head of Public Protection'],
  ['nhs-england-london', null, 'Dr Priya Raman', 'Designated nurse lead, NHS London'],
  ['la-202', null, 'Tom Whitfield', 'Director of Children’s Services (ADCS London)'],
  ['london-probation-trust', null, 'Helen Carter', 'Assistant Chief Officer'],
  [null, 'Government Office for London', 'Mark Stanton', 'Children’s services adviser'],
  [null, 'London Councils', 'Joanna Pike', 'Head of children’s services policy'],
  ['barnardos', null, 'Siobhan Kelly', 'Assistant Director, London'],
  ['nspcc', null, 'Graham Lowe', 'Head of Service, London'],
  ['gosh', null, 'Dr Ruth Adeyemi', 'Named doctor for safeguarding'],
  ['city-of-london-police', null, 'DI Laura Benn', 'Public Protection Unit'],
];

const CAMDEN_REPS: Rep[] = [
  ['la-202', null, 'Frances Hale', 'Independent chair, Camden LSCB'],
  ['la-202', null, 'Owen Pritchard', 'LSCB business manager'],
  ['met-police', null, 'DCI Sunita Verma', 'Camden Public Protection'],
  ['whittington-health', null, 'Carol Mensah', 'Named nurse'],
  ['clch', null, 'Dr Jonah Feld', 'Designated doctor'],
  ['la-202', null, 'Rachel Dunmore', 'Head of Safeguarding and Social Work'],
  ['action-for-children', null, 'Imran Qureshi', 'Service manager'],
];

interface Paper {
  item: string;
  paper: string;
  summary: string;
  /** Index into the board's representatives. */
  presenter: number;
  /** The work programme item's reference, when the paper is about one. */
  workRef?: string;
  minute: string;
  decision: string;
  /** [description, representative index, due (days after the meeting)] */
  actions: [string, number, number][];
}

// The London Board's papers, oldest meeting first; each meeting takes two.
const LONDON_PAPERS: [Paper, Paper][] = [
  [
    { item: 'MASH pilot: information-sharing agreement', paper: 'Multi-agency safeguarding hub pilot – information-sharing agreement for sign-off', summary: 'Seeks the Board’s endorsement of the agreement that lets police, health, education and children’s social care share information on contacts in the six pilot boroughs.', presenter: 2, workRef: 'WP-01', minute: 'Members welcomed the agreement. NHS London noted that two PCTs had still to complete legal sign-off; the Board agreed that this should not delay the pilots starting in the other boroughs.', decision: 'The information-sharing agreement for the MASH pilot was endorsed, subject to PCT legal sign-off.', actions: [['Obtain PCT legal sign-off of the MASH information-sharing agreement in the two outstanding boroughs', 3, 28]] },
    { item: 'Annual report {lastFy}', paper: 'London Safeguarding Children Board annual report {lastFy}: draft for approval', summary: 'The draft annual report, including the Board’s assessment of safeguarding arrangements in London and the priorities for the year ahead.', presenter: 1, workRef: 'WP-10', minute: 'The Board approved the report with amendments to the section on health partners’ contributions. Members asked that next year’s report say more about the impact of training.', decision: 'The annual report {lastFy} was approved for publication, with the amendments agreed.', actions: [['Publish the annual report and send it to the 32 LSCB chairs and the Government Office for London', 1, 21]] },
  ],
  [
    { item: 'Sexual exploitation protocol', paper: 'Pan-London sexual exploitation protocol: draft for consultation', summary: 'A single London protocol for identifying and responding to children at risk of sexual exploitation, with a common risk assessment and a named lead in each borough.', presenter: 8, workRef: 'WP-03', minute: 'Barnardo’s introduced the draft. Members discussed thresholds for a strategy meeting and the role of sexual health services. The police asked that the protocol align with the trafficking referral mechanism.', decision: 'The draft sexual exploitation protocol was approved for a twelve-week consultation with the 32 LSCBs.', actions: [['Issue the sexual exploitation protocol for consultation to all LSCBs and partner agencies', 8, 14], ['Check the draft protocol against the National Referral Mechanism for trafficked children and advise the working group', 2, 42]] },
    { item: 'Elected member training', paper: 'Safeguarding training for elected members: programme outline', summary: 'Proposes a half-day course for Lead Members and a briefing for all councillors, delivered with London Councils.', presenter: 7, workRef: 'WP-11', minute: 'London Councils presented the outline. Members agreed the course should cover the Lead Member’s statutory role and how to challenge the local board.', decision: 'The elected member training programme outline was agreed.', actions: [['Confirm dates for the first two Lead Member courses with London Councils', 7, 35]] },
  ],
  [
    { item: 'Serious case review themes', paper: 'Serious case review themes report', summary: 'An analysis of 14 London serious case reviews published in the last two years, drawing out recurring themes: assessment of risk from adults in the household, the voice of the child, and information sharing at transfer.', presenter: 10, workRef: 'WP-05', minute: 'Members discussed the recurring findings on the voice of the child. The Board agreed that the themes should inform the training programme and the procedures refresh.', decision: 'The serious case review themes report was accepted and will be sent to all LSCBs with a request to report local action.', actions: [['Send the themes report to the 32 LSCB chairs asking for a local action response within three months', 1, 14], ['Map the themes against the multi-agency training programme and report gaps', 9, 56]] },
    { item: 'Budget and partner contributions', paper: 'Budget and partner contributions {thisFy}', summary: 'The Board’s budget for the year, partners’ contributions and the Capital Ambition grant for the MASH pilot.', presenter: 1, minute: 'The Board noted the budget. Probation confirmed its contribution at last year’s level; the health contribution was to be confirmed by NHS London.', decision: 'The {thisFy} budget was agreed.', actions: [['Confirm the NHS London contribution for {thisFy}', 3, 28]] },
  ],
  [
    { item: 'MASH pilot: progress', paper: 'MASH pilot: first three hubs live', summary: 'Progress report on the first three pilot hubs (Camden, Lewisham, Haringey): staffing, accommodation and early contact volumes.', presenter: 2, workRef: 'WP-01', minute: 'The police reported that the first three hubs were live. Health representation in Haringey was part-time only. Members asked for contact volumes and timeliness in the next report.', decision: 'The Board noted the progress of the MASH pilot and asked for performance data at each review.', actions: [['Include contact volumes and timeliness by hub in the next MASH progress report', 2, 60], ['Raise part-time health representation in the Haringey hub with the PCT chief executive', 3, 21]] },
    { item: 'Child abuse linked to faith or belief', paper: 'Child abuse linked to faith or belief: scoping of practice guidance', summary: 'Proposes London practice guidance for professionals on abuse linked to belief in witchcraft or spirit possession, developed with faith leaders.', presenter: 9, workRef: 'WP-08', minute: 'Members supported the proposal and stressed that faith leaders should be involved from the start.', decision: 'The scoping of practice guidance on abuse linked to faith or belief was agreed.', actions: [['Invite faith leaders to join the guidance working group', 9, 30]] },
  ],
  [
    { item: 'Sexual exploitation protocol: consultation', paper: 'Sexual exploitation protocol: consultation responses', summary: 'Summarises the 41 responses from LSCBs and partners and proposes changes to the risk assessment and the strategy meeting threshold.', presenter: 8, workRef: 'WP-03', minute: 'Barnardo’s summarised the responses. Most boards welcomed a single protocol; several asked for a simpler risk assessment. Members discussed children who go missing from education across borough boundaries, for whom no borough takes the lead.', decision: 'The revised sexual exploitation protocol was approved for publication.', actions: [['Publish the revised sexual exploitation protocol with a briefing for frontline staff', 8, 30], ['Ask each LSCB to name its sexual exploitation lead', 1, 45]] },
    { item: 'Missing children: return interviews', paper: 'Missing children and runaways: return interview audit findings', summary: 'An audit of return interviews in eight boroughs: how many were offered, how quickly, and by whom.', presenter: 9, workRef: 'WP-04', minute: 'The audit found that fewer than half of children returning from a missing episode were offered an interview within 72 hours.', decision: 'A London standard for return interviews will be drafted.', actions: [['Draft a London standard for return interviews', 9, 60]] },
  ],
  [
    { item: 'London Child Protection Procedures', paper: 'London Child Protection Procedures: referral and assessment chapters refreshed', summary: 'The refreshed chapters on referral and assessment, reflecting the serious case review themes and the MASH model.', presenter: 1, workRef: 'WP-14', minute: 'Members approved the chapters. The Board asked that the changes be summarised for frontline staff.', decision: 'The refreshed referral and assessment chapters were approved.', actions: [['Publish the refreshed chapters and a one-page summary of changes', 1, 21], ['Brief the 32 LSCB business managers on the changes at the next network meeting', 1, 35]] },
    { item: 'LSCB peer review', paper: 'LSCB peer review programme: first three reviews', summary: 'Findings from the first three peer reviews of local boards and the programme for the rest of the year.', presenter: 6, workRef: 'WP-09', minute: 'The Government Office welcomed the programme. Boards reviewed had found it useful; the main learning was about the quality of boards’ own audit work.', decision: 'The peer review programme will continue with six further reviews this year.', actions: [['Agree the timetable for the next six peer reviews with the boards concerned', 6, 42]] },
  ],
  [
    { item: 'Serious case review action plans', paper: 'Serious case review action plan tracker: quarterly position', summary: 'The position of actions from serious case reviews across the 32 LSCBs, with those overdue by more than six months.', presenter: 1, workRef: 'WP-06', minute: 'Members were concerned that a third of overdue actions related to information sharing between health and children’s social care.', decision: 'Boards with actions overdue by more than six months will be asked to report to the next meeting.', actions: [['Write to the chairs of boards with actions overdue by more than six months', 0, 14], ['Analyse overdue information-sharing actions and report to the Board', 3, 60]] },
    { item: 'Training for NHS executive leads', paper: 'Safeguarding training for NHS executive leads: uptake', summary: 'Uptake of the executive leads’ course across London trusts and PCTs.', presenter: 3, workRef: 'WP-12', minute: 'Uptake was 60 per cent. NHS London agreed to write to trusts that had not yet nominated.', decision: 'The Board noted uptake and asked for 90 per cent by the year end.', actions: [['Write to trusts and PCTs that have not nominated executive leads for training', 3, 21]] },
  ],
  [
    { item: 'Safeguarding across faith communities', paper: 'Safeguarding across faith communities: community engagement report', summary: 'Report of the engagement events with faith leaders in six boroughs and the proposed safeguarding standards for places of worship.', presenter: 9, workRef: 'WP-07', minute: 'The Board welcomed the engagement. Members discussed how supplementary schools could be reached.', decision: 'The proposed safeguarding standards for places of worship were agreed for piloting.', actions: [['Pilot the safeguarding standards with places of worship in two boroughs', 9, 90], ['Identify how supplementary schools can be reached through borough education services', 4, 60]] },
    { item: 'Child death overview data', paper: 'Child death overview data set: first London analysis', summary: 'The first analysis of child deaths reviewed by London’s child death overview panels, with modifiable factors.', presenter: 10, workRef: 'WP-13', minute: 'Members discussed safe sleeping as the most frequent modifiable factor.', decision: 'A London safe sleeping message will be agreed with health partners.', actions: [['Agree a London safe sleeping message with health partners', 10, 45]] },
  ],
  [
    { item: 'MASH pilot evaluation', paper: 'MASH pilot evaluation: interim findings', summary: 'Interim findings of the independent evaluation: timeliness of decisions on contacts, quality of information shared, and partner staff views.', presenter: 2, workRef: 'WP-01', minute: 'The interim findings showed faster decisions on contacts and better-informed referrals. Partners raised the cost of health posts beyond March.', decision: 'The Board noted the interim findings and will consider London-wide roll-out when the final report is received.', actions: [['Set out options for funding health posts in the MASH beyond March', 3, 45], ['Share the interim findings with the 32 LSCB chairs', 1, 14]] },
    { item: 'Police notifications triage', paper: 'Police notifications triage standard: implementation', summary: 'Progress on the single standard for children’s social care screening of police notifications.', presenter: 4, workRef: 'WP-02', minute: 'Most boroughs met the one-working-day standard for domestic abuse notifications; four did not.', decision: 'Boroughs not meeting the standard will be offered support from the regional advisers.', actions: [['Offer regional adviser support to the four boroughs not meeting the triage standard', 1, 30]] },
  ],
  [
    { item: 'Sexual exploitation protocol: review', paper: 'Sexual exploitation protocol: six-month implementation review', summary: 'How the protocol is being used: named leads, strategy meetings held and the risk assessment.', presenter: 8, workRef: 'WP-03', minute: 'All 32 boards had named leads. Use of the risk assessment varied. Members asked for case examples in training.', decision: 'The protocol will be reviewed again at twelve months.', actions: [['Add case examples from the review to the sexual exploitation training', 9, 60], ['Collect strategy meeting numbers from all boroughs for the twelve-month review', 8, 120]] },
    { item: 'Independent chairs’ forum', paper: 'Independent chairs’ forum: annual report template', summary: 'A common template for LSCB annual reports agreed by the chairs’ forum.', presenter: 0, workRef: 'WP-10', minute: 'Members welcomed a common template and asked that it include training impact.', decision: 'The annual report template was agreed.', actions: [['Circulate the annual report template to all LSCB chairs', 0, 14]] },
  ],
  [
    { item: 'Serious case review themes: second edition', paper: 'Serious case review themes report: second edition', summary: 'Updates the themes report with eight further London reviews, including the findings on neglect of adolescents.', presenter: 10, workRef: 'WP-05', minute: 'Members noted neglect of adolescents as a new theme and asked how the procedures address it.', decision: 'The second edition was accepted for circulation.', actions: [['Review the procedures on neglect of adolescents in the light of the second themes report', 1, 20], ['Circulate the second edition of the themes report to all LSCBs', 1, 14]] },
    { item: 'Elected member training: evaluation', paper: 'Elected member training: evaluation of the first courses', summary: 'Attendance and evaluation of the first Lead Member and councillor courses.', presenter: 7, workRef: 'WP-11', minute: 'Evaluations were positive. Fourteen Lead Members had attended; London Councils will target the rest.', decision: 'The course will be repeated in the spring.', actions: [['Schedule the spring Lead Member courses and write to Lead Members not yet trained', 7, 30]] },
  ],
  [
    { item: 'Work programme {nextFy}', paper: 'Work programme {nextFy}: priorities for consultation', summary: 'Proposed priorities for next year’s programme, drawing on the gaps view, the themes reports and partners’ views.', presenter: 1, minute: 'Members discussed the absence of work on sexual abuse within the family and agreed it should be considered for next year.', decision: 'The proposed priorities were agreed for consultation with the LSCBs.', actions: [['Consult the LSCBs on the proposed priorities for {nextFy}', 1, 40], ['Scope work on sexual abuse within the family for the {nextFy} programme', 3, 60]] },
    { item: 'MASH pilot evaluation: timetable', paper: 'MASH pilot evaluation: final report timetable', summary: 'The timetable for the evaluation’s final report and the decision on London-wide roll-out.', presenter: 2, workRef: 'WP-01', minute: 'The final report is expected in time for the Board to decide on roll-out in the spring.', decision: 'The Board will decide on London-wide roll-out when it receives the final evaluation.', actions: [['Prepare a roll-out options paper to accompany the final evaluation', 2, 75]] },
  ],
];

const LONDON_PLANNED: Paper[] = [
  { item: 'MASH pilot evaluation: final report', paper: 'MASH pilot evaluation: final report and roll-out options', summary: 'The independent evaluation’s final report with options for London-wide roll-out and its funding.', presenter: 2, workRef: 'WP-01', minute: '', decision: '', actions: [] },
  { item: 'Sexual exploitation protocol: annual review', paper: 'Sexual exploitation protocol: twelve-month review', summary: 'How the protocol has been used in its first year, with strategy meeting numbers from every borough.', presenter: 8, workRef: 'WP-03', minute: '', decision: '', actions: [] },
];

const CAMDEN_PAPERS: [Paper, Paper][] = [
  [
    { item: 'Camden MASH: first-year review', paper: 'Camden MASH: first-year review', summary: 'Contacts, timeliness and outcomes in the Camden hub’s first year.', presenter: 5, workRef: 'WP-01', minute: 'The hub had handled over 4,000 contacts, with 95 per cent decided within one working day.', decision: 'The first-year review was accepted.', actions: [['Report re-referral rates from the hub to the next meeting', 5, 45]] },
    { item: 'Private fostering', paper: 'Private fostering awareness campaign: plan', summary: 'A campaign with schools and GP surgeries to raise awareness of the duty to notify private fostering arrangements.', presenter: 1, workRef: 'WP-02', minute: 'Members supported the plan and asked that language schools be included.', decision: 'The campaign plan was agreed.', actions: [['Add language schools to the private fostering campaign distribution', 1, 30]] },
  ],
  [
    { item: 'Local serious case review: action plan', paper: 'Local serious case review action plan: progress', summary: 'Progress on the actions from the Board’s most recent serious case review.', presenter: 0, minute: 'Two actions remained open, both on health and social care information sharing at discharge.', decision: 'The remaining actions will be reviewed at the next meeting.', actions: [['Agree a discharge information-sharing checklist with the acute trust', 3, 40], ['Audit ten discharges against the checklist', 4, 70]] },
    { item: 'Training programme', paper: 'Multi-agency training programme: half-year report', summary: 'Courses delivered, attendance by agency and evaluation.', presenter: 1, minute: 'Attendance from GP practices remained low.', decision: 'The Board asked the designated doctor to promote training with GP practices.', actions: [['Promote multi-agency training at the GP safeguarding leads’ forum', 4, 30]] },
  ],
];

const CAMDEN_PLANNED: Paper[] = [
  { item: 'Camden MASH: re-referral rates', paper: 'Camden MASH: re-referral rates', summary: 'Re-referral rates for contacts decided by the hub, compared with the year before the hub opened.', presenter: 5, workRef: 'WP-01', minute: '', decision: '', actions: [] },
];

/** The third Wednesday of the month holding `day` ('YYYY-MM-DD'), shifted by `months`. */
function thirdWednesday(day: string, months: number): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const offset = (3 - first.getUTCDay() + 7) % 7;
  first.setUTCDate(1 + offset + 14);
  return first.toISOString().slice(0, 10);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface BoardPlan {
  boardCode: string;
  reps: Rep[];
  papers: [Paper, Paper][];
  planned: Paper[];
  location: string;
  titleOf: (month: string) => string;
}

const PLANS: BoardPlan[] = [
  { boardCode: 'LSCB-LONDON', reps: LONDON_REPS, papers: LONDON_PAPERS, planned: LONDON_PLANNED, location: 'London Councils, 59½ Southwark Street, SE1', titleOf: (month) => `Board business meeting – ${month}` },
  { boardCode: 'LSCB-202', reps: CAMDEN_REPS, papers: CAMDEN_PAPERS, planned: CAMDEN_PLANNED, location: 'Camden Town Hall, Judd Street, WC1', titleOf: (month) => `Camden LSCB business meeting – ${month}` },
];

/** The gap the London Board identified when it took the sexual exploitation consultation responses (meeting 5). */
const LONDON_GAP = {
  meetingIndex: 4,
  description: 'No agreed lead borough for children missing from education who move across borough boundaries: each borough assumes another is following the child up.',
  theme: 'first-response' as ThemeCode,
  title: 'Children missing from education across borough boundaries: lead-borough protocol',
};

export async function seedMeetings(db: Kysely<Tables>, audit: AuditTrail, now: Date): Promise<{ meetings: number; actions: number }> {
  const actor = systemActor('seed-demo');
  const today = londonDateOf(now);
  const agencies = new Map((await db.selectFrom('agencies').select(['id', 'code']).execute()).map((a) => [a.code, a.id]));
  let meetings = 0;
  let actions = 0;
  for (const plan of PLANS) {
    const board = await db.selectFrom('boards').select('code').where('code', '=', plan.boardCode).executeTakeFirst();
    if (!board) continue;
    const held = await db.selectFrom('meetings').select('id').where('boardCode', '=', plan.boardCode).limit(1).executeTakeFirst();
    if (held) continue;
    const workItems = new Map((await db.selectFrom('workItems').select(['id', 'reference']).where('boardCode', '=', plan.boardCode).execute()).map((w) => [w.reference, w.id]));
    // The last N third Wednesdays before today, and the next one.
    const dates: string[] = [];
    for (let k = -14; k <= 1; k++) dates.push(thirdWednesday(today, k));
    const past = dates.filter((d) => d < today).slice(-plan.papers.length);
    const next = dates.find((d) => d >= today)!;
    const schedule: { on: string; papers: Paper[]; isHeld: boolean; index: number }[] = [
      ...past.map((on, index) => ({ on, papers: plan.papers[index]!, isHeld: true, index })),
      { on: next, papers: plan.planned, isHeld: false, index: past.length },
    ];
    await db.transaction().execute(async (trx) => {
      for (const s of schedule) {
        const month = `${MONTHS[Number(s.on.slice(5, 7)) - 1]} ${s.on.slice(0, 4)}`;
        const rep = (i: number) => plan.reps[i % plan.reps.length]!;
        const years = financialYears(s.on);
        const papers = s.papers.map((p) => withYears(p, years));
        const meeting = await trx
          .insertInto('meetings')
          .values({
            boardCode: plan.boardCode,
            meetingOn: s.on,
            title: plan.titleOf(month),
            location: plan.location,
            status: s.isHeld ? 'held' : 'planned',
            minutes: s.isHeld ? minutesOf(plan, papers, s.index) : null,
            createdBy: null,
            updatedAt: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        meetings += 1;
        const agenda = [
          { title: 'Welcome, apologies and declarations of interest', paperTitle: null, paperSummary: null, presenter: `${rep(0)[2]}, ${rep(0)[3]}`, workItemId: null },
          { title: 'Minutes of the previous meeting and action log', paperTitle: 'Action log', paperSummary: 'Actions from previous meetings with their owners, due dates and status; overdue actions are highlighted.', presenter: `${rep(1)[2]}, ${rep(1)[3]}`, workItemId: null },
          ...papers.map((p) => ({ title: p.item, paperTitle: p.paper, paperSummary: p.summary, presenter: `${rep(p.presenter)[2]}, ${rep(p.presenter)[3]}`, workItemId: (p.workRef && workItems.get(p.workRef)) || null })),
          { title: 'Work programme: items due for review', paperTitle: 'Work programme highlight report', paperSummary: 'Items due for review with progress since the last meeting, RAG changes and overdue milestones.', presenter: `${rep(1)[2]}, ${rep(1)[3]}`, workItemId: null },
          { title: 'Any other business', paperTitle: null, paperSummary: null, presenter: null, workItemId: null },
        ];
        await trx.insertInto('meetingAgendaItems').values(agenda.map((a, i) => ({ meetingId: meeting.id, position: i + 1, ...a }))).execute();
        if (!s.isHeld) continue;
        // Six to ten representatives; every fifth meeting someone sends apologies.
        const count = Math.min(plan.reps.length, 6 + (s.index % 5));
        const attending = plan.reps.slice(0, count);
        await trx
          .insertInto('meetingAttendance')
          .values(
            attending.map(([code, organisation, name, role], i) => ({
              meetingId: meeting.id,
              position: i + 1,
              agencyId: code ? (agencies.get(code) ?? null) : null,
              organisation: code && agencies.get(code) ? null : (organisation ?? code ?? 'Partner agency'),
              representative: name,
              role,
              attendance: i > 1 && (i + s.index) % 5 === 0 ? ('apologies' as const) : ('present' as const),
            })),
          )
          .execute();
        await trx.insertInto('meetingDecisions').values(papers.map((p, i) => ({ meetingId: meeting.id, position: i + 1, text: p.decision }))).execute();
        const recent = past.length - s.index; // 1 for the latest meeting
        for (const [paperIndex, p] of papers.entries()) {
          for (const [actionIndex, [description, owner, dueIn]] of p.actions.entries()) {
            const dueOn = addCalendarDays(s.on, dueIn);
            // Older actions are done (one dropped); the latest meeting's actions are open, and on the regional board
            // one action from the meeting before is still open after its due date (overdue).
            const isOverdueExample = plan.boardCode === 'LSCB-LONDON' && recent === 2 && paperIndex === 0 && actionIndex === 0 && dueOn < today;
            const isOpen = (recent === 1 && dueOn >= today) || isOverdueExample;
            const isDropped = !isOpen && description.startsWith('Raise part-time');
            const completedOn = isOpen ? null : [addCalendarDays(dueOn, -3), today].sort()[0]!;
            const [code, , name] = rep(owner);
            await trx
              .insertInto('meetingActions')
              .values({
                meetingId: meeting.id,
                boardCode: plan.boardCode,
                description,
                ownerName: name,
                ownerAgencyId: code ? (agencies.get(code) ?? null) : null,
                dueOn,
                status: isOpen ? 'open' : isDropped ? 'dropped' : 'done',
                completedOn,
                note: isDropped ? 'Overtaken: the PCT funded full-time health posts in the hub from the following month.' : null,
                workItemId: (p.workRef && workItems.get(p.workRef)) || null,
                createdBy: null,
                updatedAt: now,
              })
              .execute();
            actions += 1;
          }
        }
        if (plan.boardCode === 'LSCB-LONDON' && s.index === LONDON_GAP.meetingIndex) {
          const reference = `GAP-${s.on.slice(0, 4)}-01`;
          const existing = await trx.selectFrom('workItems').select('id').where('boardCode', '=', plan.boardCode).where('reference', '=', reference).executeTakeFirst();
          const item =
            existing ??
            (await trx
              .insertInto('workItems')
              .values({ boardCode: plan.boardCode, reference, title: LONDON_GAP.title, description: LONDON_GAP.description, theme: LONDON_GAP.theme, status: 'active', rag: null, version: 1, createdBy: null, updatedAt: now })
              .returning('id')
              .executeTakeFirstOrThrow());
          await trx.insertInto('meetingGaps').values({ meetingId: meeting.id, description: LONDON_GAP.description, theme: LONDON_GAP.theme, workItemId: item.id, actionId: null, createdBy: null }).execute();
        }
      }
      await audit.record(trx, actor, { action: 'meeting.create', recordType: 'board', recordId: plan.boardCode, purpose: 'demo-data', details: { boardCode: plan.boardCode, meetings: schedule.length } });
    });
  }
  return { meetings, actions };
}

/** The last, current and next financial years (April to March) at a date: { lastFy: '2024–25', ... }. */
function financialYears(day: string): Record<string, string> {
  const y = Number(day.slice(0, 4));
  const start = Number(day.slice(5, 7)) >= 4 ? y : y - 1;
  const fy = (from: number) => `${from}–${String((from + 1) % 100).padStart(2, '0')}`;
  return { lastFy: fy(start - 1), thisFy: fy(start), nextFy: fy(start + 1) };
}

function withYears(p: Paper, years: Record<string, string>): Paper {
  const fill = (t: string) => t.replace(/\{(lastFy|thisFy|nextFy)\}/g, (_, k: string) => years[k]!);
  return { ...p, item: fill(p.item), paper: fill(p.paper), summary: fill(p.summary), minute: fill(p.minute), decision: fill(p.decision), actions: p.actions.map(([d, o, n]) => [fill(d), o, n]) };
}

function minutesOf(plan: BoardPlan, papers: Paper[], index: number): string {
  const chair = plan.reps[0]!;
  const lines = [
    `1. The chair, ${chair[2]}, welcomed members. No declarations of interest were made.`,
    `2. The minutes of the previous meeting were agreed as a correct record. The business manager took the Board through the action log${index > 0 ? '; completed actions were closed and overdue ones given new dates where the owners asked' : ''}.`,
    ...papers.map((p, i) => `${i + 3}. ${p.item}. ${p.minute}`),
    `${papers.length + 3}. Work programme. Members reviewed the items due for review, the progress reported since the last meeting and any overdue milestones.`,
    `${papers.length + 4}. Any other business. None.`,
  ];
  return lines.join('\n\n');
}
