// Demo data for regional advisers, support requests and training: who in the regional team leads what, a season of
// requests from boroughs (some closed with outcomes, a rapid response in progress, a new one waiting), and a year of
// training — elected member training, Lead Member briefings, MACIE — with bookings, completions and evaluations.
// Invented names; real kinds of organisation and request. Idempotent: a second run adds nothing.
import type { Kysely } from 'kysely';
import { systemActor } from '../../../kernel/actor.ts';
import type { AuditTrail } from '../../../platform/audit/audit-trail.ts';
import { addCalendarDays, londonDateOf } from '../../../platform/calendar/index.ts';
import { REGIONAL_BOARD, type Tables } from '../partnership.support.ts';

const ADVISER = 'regional.adviser@london-board.example';
const MANAGER = 'regional.manager@london-board.example';
const CAMDEN_MANAGER = 'board.manager@camden.example';
const CAMDEN_LEAD_MEMBER = 'lead.member@camden.example';

const LEADS: { email: string; kind: 'theme' | 'agency-type'; code: string }[] = [
  { email: ADVISER, kind: 'theme', code: 'sexual-exploitation' },
  { email: ADVISER, kind: 'theme', code: 'culture-and-faith' },
  { email: ADVISER, kind: 'theme', code: 'serious-case-reviews' },
  { email: ADVISER, kind: 'theme', code: 'sexual-abuse' },
  { email: ADVISER, kind: 'agency-type', code: 'police' },
  { email: ADVISER, kind: 'agency-type', code: 'health' },
  { email: MANAGER, kind: 'theme', code: 'first-response' },
  { email: MANAGER, kind: 'theme', code: 'effective-lscbs' },
  { email: MANAGER, kind: 'theme', code: 'training' },
  { email: MANAGER, kind: 'agency-type', code: 'education' },
  { email: MANAGER, kind: 'agency-type', code: 'probation' },
  { email: MANAGER, kind: 'agency-type', code: 'voluntary-sector' },
];

type Req = {
  la: string;
  /** A demo user's email when the requester has an account; otherwise their name (taken by telephone or email). */
  by: string;
  byEmail?: string;
  topic: string;
  urgency: 'routine' | 'urgent' | 'rapid-response';
  daysAgo: number;
  detail: string;
  adviser?: string;
  assignedAfterDays?: number;
  log?: { daysAgo: number; entry: string }[];
  outcome?: string;
  closedDaysAgo?: number;
};

const REQUESTS: Req[] = [
  {
    la: '202', by: 'Helen Marsh', byEmail: CAMDEN_MANAGER, topic: 'first-response', urgency: 'routine', daysAgo: 118,
    detail: 'Help to set up a MASH information-sharing agreement with the local health trust. The trust’s information governance lead wants a template other boroughs have used, and advice on what the Caldicott Guardian must sign off.',
    adviser: MANAGER, assignedAfterDays: 2,
    log: [
      { daysAgo: 112, entry: 'Sent the Hackney and Islington MASH agreements as models and the London Councils information-sharing protocol.' },
      { daysAgo: 97, entry: 'Attended the Camden MASH steering group with the trust’s named nurse; agreed the schedule of data items.' },
    ],
    outcome: 'Agreement signed by the trust, the council and the borough police on 3 September; health researcher now sits in the MASH two days a week. Model shared with three other boroughs.',
    closedDaysAgo: 80,
  },
  {
    la: '209', by: 'Gareth Oyelaran', topic: 'culture-and-faith', urgency: 'urgent', daysAgo: 96,
    detail: 'Advice on a serious case review scoping for a faith-related abuse case. The panel is unsure whether the case meets the criteria and which faith leaders could advise the reviewer.',
    adviser: ADVISER, assignedAfterDays: 1,
    log: [
      { daysAgo: 94, entry: 'Telephone advice to the LSCB business manager on the Working Together criteria; sent the culture and faith resource pack.' },
      { daysAgo: 88, entry: 'Introduced the panel to the London faith communities forum adviser.' },
    ],
    outcome: 'Panel decided on a multi-agency learning review rather than an SCR; terms of reference agreed with faith adviser involvement.',
    closedDaysAgo: 70,
  },
  {
    la: '316', by: 'Priya Valasquez', topic: 'sexual-exploitation', urgency: 'urgent', daysAgo: 75,
    detail: 'Request for help adapting the London sexual exploitation protocol for our new MASE panel, including how to record concerns about locations and perpetrators.',
    adviser: ADVISER, assignedAfterDays: 1,
    log: [{ daysAgo: 66, entry: 'Workshop with the MASE chair and the police CSE lead; draft terms of reference reviewed.' }],
    outcome: 'Newham MASE panel met for the first time on 14 October using the adapted protocol; first quarterly report due to the LSCB in January.',
    closedDaysAgo: 40,
  },
  {
    la: '203', by: 'Marcus Hollingdale', topic: 'effective-lscbs', urgency: 'routine', daysAgo: 64,
    detail: 'Support for the annual LSCB self-assessment: the new independent chair would like a regional adviser to observe the next board meeting and comment on challenge between partners.',
    adviser: MANAGER, assignedAfterDays: 5,
    log: [{ daysAgo: 41, entry: 'Observed the Greenwich LSCB meeting; written feedback sent to the chair on challenge, attendance by health and the dataset.' }],
    outcome: 'Feedback accepted; the board has added a challenge log and a standing item on partner attendance to its work plan.',
    closedDaysAgo: 30,
  },
  {
    la: '211', by: 'Farida Chowdhury', topic: 'training', urgency: 'routine', daysAgo: 50,
    detail: 'Can the regional team run a safeguarding briefing for newly elected councillors in January? About 20 members expected.',
    adviser: MANAGER, assignedAfterDays: 3,
    log: [{ daysAgo: 44, entry: 'Date held for a pan-London elected member session; Tower Hamlets members offered places.' }],
  },
  {
    la: '202', by: 'Helen Marsh', byEmail: CAMDEN_MANAGER, topic: 'serious-case-reviews', urgency: 'routine', daysAgo: 35,
    detail: 'Advice on sharing the learning from a serious case review with GPs: the health sub-group wants a seven-minute briefing format used elsewhere in London.',
    adviser: ADVISER, assignedAfterDays: 2,
  },
  {
    la: '304', by: 'Olusegun Bright', topic: 'sexual-exploitation', urgency: 'rapid-response', daysAgo: 6,
    detail: 'Three girls missing from a children’s home overnight, thought to be with the same group of adult men. We need help to convene a multi-agency strategy meeting across Brent, Harrow and the Met today and to agree who leads.',
    adviser: ADVISER, assignedAfterDays: 0,
    log: [
      { daysAgo: 6, entry: 'Spoke to the Brent head of service and the Met CSE team within the hour; confirmed Brent leads and Harrow attends.' },
      { daysAgo: 5, entry: 'Joined the cross-borough strategy meeting by telephone; agreed disruption plan and daily updates.' },
      { daysAgo: 2, entry: 'Checked progress: all three girls found; return interviews arranged with the independent provider.' },
    ],
  },
  {
    la: '206', by: 'Rhiannon Castellane', topic: 'sexual-abuse', urgency: 'urgent', daysAgo: 4,
    detail: 'Advice on our response to allegations of historic abuse at a supplementary school: whether the LADO process applies to volunteers and how to involve the school’s trustees.',
  },
  {
    la: '208', by: 'Tobias Wren', topic: 'first-response', urgency: 'routine', daysAgo: 20,
    detail: 'Request for the London threshold document in an easy-read version for voluntary sector partners, and an adviser to speak at our partners’ forum.',
    adviser: MANAGER, assignedAfterDays: 4,
    log: [{ daysAgo: 12, entry: 'Easy-read threshold summary sent; forum date in the diary for next month.' }],
  },
  {
    la: '201', by: 'Simone Achebe-Hart', topic: 'culture-and-faith', urgency: 'routine', daysAgo: 140,
    detail: 'Help to plan a conference with local churches and mosques on safer recruitment of volunteers working with children.',
    adviser: ADVISER, assignedAfterDays: 6,
    log: [{ daysAgo: 120, entry: 'Programme drafted with the faith forum; speakers from the Churches’ Child Protection Advisory Service confirmed.' }],
    outcome: 'Conference held with 85 attendees from 40 faith settings; 26 settings have since named a safeguarding lead.',
    closedDaysAgo: 90,
  },
];

type Course = { title: string; description: string; audiences: string[]; provider: string };
const COURSES: Course[] = [
  {
    title: 'Safeguarding children: the role of elected members',
    description: 'Councillors’ corporate parenting and scrutiny role; what good looks like in a borough’s safeguarding arrangements; questions to ask of the LSCB annual report.',
    audiences: ['elected-members', 'leaders'],
    provider: 'London Safeguarding Children Board with London Councils',
  },
  {
    title: 'Lead Member for children’s services: safeguarding briefing',
    description: 'The Lead Member’s statutory responsibilities, relationship with the DCS and the LSCB chair, learning from serious case reviews and inspection.',
    audiences: ['lead-members'],
    provider: 'London Safeguarding Children Board',
  },
  {
    title: 'MACIE: multi-agency child in need and exploitation',
    description: 'Recognising and responding to sexual and criminal exploitation across agencies; the London protocol; information sharing and disruption.',
    audiences: ['multi-agency-staff', 'lead-members', 'elected-members'],
    provider: 'London Safeguarding Children Board with the Metropolitan Police',
  },
  {
    title: 'Safeguarding for chief executives and NHS executive leads',
    description: 'Accountability under section 11 of the Children Act 2004; board membership; assuring yourself of front-line practice.',
    audiences: ['chief-executives', 'nhs-executive-leads'],
    provider: 'London Safeguarding Children Board with NHS London',
  },
  {
    title: 'Care proceedings and the Public Law Outline for social care legal advisers',
    description: 'Pre-proceedings work, the letter before proceedings, timescales and evidence; lessons from recent judgments.',
    audiences: ['legal-advisers'],
    provider: 'London Safeguarding Children Board with the Association of Lawyers for Children',
  },
];

type Session = { course: number; daysFromNow: number; venue: string; board: string; capacity: number };
const SESSIONS: Session[] = [
  { course: 0, daysFromNow: -300, venue: 'London Councils, 59½ Southwark Street', board: REGIONAL_BOARD, capacity: 40 },
  { course: 1, daysFromNow: -200, venue: 'London Councils, 59½ Southwark Street', board: REGIONAL_BOARD, capacity: 20 },
  { course: 2, daysFromNow: -120, venue: 'Camden Town Hall, Judd Street', board: 'LSCB-202', capacity: 30 },
  { course: 3, daysFromNow: -60, venue: 'NHS London, Southside, Victoria Street', board: REGIONAL_BOARD, capacity: 25 },
  { course: 1, daysFromNow: -25, venue: 'London Councils, 59½ Southwark Street', board: REGIONAL_BOARD, capacity: 20 },
  { course: 0, daysFromNow: 45, venue: 'London Councils, 59½ Southwark Street', board: REGIONAL_BOARD, capacity: 40 },
  { course: 2, daysFromNow: 30, venue: 'Brent Civic Centre, Engineers Way', board: 'LSCB-304', capacity: 30 },
  { course: 4, daysFromNow: 70, venue: 'London Councils, 59½ Southwark Street', board: REGIONAL_BOARD, capacity: 30 },
];

type Booking = { session: number; name: string; audience: string; board: string; agency: string; email?: string; status: 'booked' | 'attended' | 'did-not-attend' | 'cancelled'; score?: number; comment?: string };
const BOOKINGS: Booking[] = [
  { session: 0, name: 'Cllr Imogen Radcliffe', audience: 'elected-members', board: 'LSCB-202', agency: 'Camden Council', status: 'attended', score: 4, comment: 'Good on scrutiny questions' },
  { session: 0, name: 'Cllr Desmond Afolabi', audience: 'leaders', board: 'LSCB-209', agency: 'Lewisham Council', status: 'attended', score: 5 },
  { session: 0, name: 'Cllr Harriet Lindgren', audience: 'elected-members', board: 'LSCB-316', agency: 'Newham Council', status: 'did-not-attend' },
  { session: 1, name: 'Cllr Ruth Ellery', email: CAMDEN_LEAD_MEMBER, audience: 'lead-members', board: 'LSCB-202', agency: 'Camden Council', status: 'attended', score: 5, comment: 'Clear on the Lead Member’s challenge role' },
  { session: 1, name: 'Cllr Bernadette Osei', audience: 'lead-members', board: 'LSCB-203', agency: 'Royal Borough of Greenwich', status: 'attended', score: 4 },
  { session: 2, name: 'Amira Castellanos', audience: 'multi-agency-staff', board: 'LSCB-202', agency: 'Camden children’s social care', status: 'attended', score: 5, comment: 'Practical, with real case examples' },
  { session: 2, name: 'PC Daniel Fairweather', audience: 'multi-agency-staff', board: 'LSCB-202', agency: 'Metropolitan Police, Camden', status: 'attended', score: 4 },
  { session: 2, name: 'Nkechi Adeyemi-Rowe', audience: 'multi-agency-staff', board: 'LSCB-202', agency: 'Central London Community Healthcare', status: 'attended', score: 4 },
  { session: 2, name: 'Joel Kaminski', audience: 'multi-agency-staff', board: 'LSCB-202', agency: 'Camden schools', status: 'cancelled' },
  { session: 3, name: 'Andrea Pemberton-Shaw', audience: 'chief-executives', board: 'LSCB-202', agency: 'Camden Council', status: 'attended', score: 4 },
  { session: 3, name: 'Dr Ravi Sundaram', audience: 'nhs-executive-leads', board: 'LSCB-202', agency: 'Camden Primary Care Trust', status: 'attended', score: 3, comment: 'Wanted more on commissioning' },
  { session: 4, name: 'Cllr Theo Marchetti', audience: 'lead-members', board: 'LSCB-304', agency: 'Brent Council', status: 'attended', score: 5 },
  { session: 5, name: 'Cllr Shireen Kapoor', audience: 'elected-members', board: 'LSCB-211', agency: 'Tower Hamlets Council', status: 'booked' },
  { session: 5, name: 'Cllr Owain Pritchard', audience: 'elected-members', board: 'LSCB-211', agency: 'Tower Hamlets Council', status: 'booked' },
  { session: 6, name: 'Grace Mbeki-Holt', audience: 'multi-agency-staff', board: 'LSCB-304', agency: 'Brent children’s social care', status: 'booked' },
];

const COUNTS: { board: string; audience: string; count: number }[] = [
  { board: 'LSCB-202', audience: 'elected-members', count: 54 },
  { board: 'LSCB-202', audience: 'multi-agency-staff', count: 120 },
  { board: 'LSCB-202', audience: 'chief-executives', count: 1 },
  { board: 'LSCB-202', audience: 'nhs-executive-leads', count: 3 },
];

export async function seedSupportTraining(db: Kysely<Tables>, audit: AuditTrail, now: Date): Promise<{ leads: number; requests: number; courses: number; sessions: number; bookings: number }> {
  const actor = systemActor('seed-demo');
  const today = londonDateOf(now);
  const at = (daysAgo: number, time = '09:30:00') => new Date(`${addCalendarDays(today, -daysAgo)}T${time}Z`);
  const created = { leads: 0, requests: 0, courses: 0, sessions: 0, bookings: 0 };
  return db.transaction().execute(async (trx) => {
    const users = new Map((await trx.selectFrom('users').select(['id', 'email', 'displayName']).where('email', 'in', [ADVISER, MANAGER, CAMDEN_MANAGER, CAMDEN_LEAD_MEMBER]).execute()).map((u) => [u.email, u]));
    const agencies = new Map((await trx.selectFrom('agencies').select(['id', 'code']).where('code', 'like', 'la-%').execute()).map((a) => [a.code, a.id]));
    const boardOf = new Map((await trx.selectFrom('localAuthorities').select(['code', 'boardCode']).execute()).map((l) => [l.code, l.boardCode]));
    const manager = users.get(MANAGER);

    for (const l of LEADS) {
      const user = users.get(l.email);
      if (!user) continue;
      const row = await trx.insertInto('adviserLeads').values({ userId: user.id, kind: l.kind, code: l.code, createdBy: manager?.id ?? null }).onConflict((oc) => oc.columns(['userId', 'kind', 'code']).doNothing()).returning('id').executeTakeFirst();
      if (row) created.leads++;
    }

    for (const r of REQUESTS) {
      const boardCode = boardOf.get(r.la);
      if (!boardCode) continue;
      const exists = await trx.selectFrom('supportRequests').select('id').where('boardCode', '=', boardCode).where('detail', '=', r.detail).executeTakeFirst();
      if (exists) continue;
      const requester = r.byEmail ? users.get(r.byEmail) : undefined;
      const adviser = r.adviser ? users.get(r.adviser) : undefined;
      const closed = r.outcome !== undefined && r.closedDaysAgo !== undefined;
      const status = closed ? 'closed' : r.log?.length ? 'in-progress' : adviser ? 'assigned' : 'new';
      const { id } = await trx
        .insertInto('supportRequests')
        .values({
          boardCode,
          topic: r.topic,
          detail: r.detail,
          urgency: r.urgency,
          status,
          requestedBy: requester?.id ?? null,
          requesterName: requester?.displayName ?? r.by,
          requesterAgencyId: agencies.get(`la-${r.la}`) ?? null,
          requestedAt: at(r.daysAgo),
          assignedTo: adviser?.id ?? null,
          assignedAt: adviser ? at(r.daysAgo - (r.assignedAfterDays ?? 0), '11:15:00') : null,
          closedAt: closed ? at(r.closedDaysAgo!, '16:00:00') : null,
          closedBy: closed ? (adviser?.id ?? null) : null,
          outcome: closed ? r.outcome! : null,
          createdBy: requester?.id ?? manager?.id ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (r.log?.length) {
        await trx.insertInto('supportRequestLog').values(r.log.map((l) => ({ requestId: id, entryOn: addCalendarDays(today, -l.daysAgo), entry: l.entry, createdBy: adviser?.id ?? null }))).execute();
      }
      created.requests++;
    }

    const courseIds: string[] = [];
    for (const c of COURSES) {
      const existing = await trx.selectFrom('trainingCourses').select('id').where('title', '=', c.title).executeTakeFirst();
      if (existing) {
        courseIds.push(existing.id);
        continue;
      }
      const { id } = await trx.insertInto('trainingCourses').values({ ...c, createdBy: manager?.id ?? null }).returning('id').executeTakeFirstOrThrow();
      courseIds.push(id);
      created.courses++;
    }

    const sessionIds: string[] = [];
    for (const s of SESSIONS) {
      const heldOn = addCalendarDays(today, s.daysFromNow);
      const courseId = courseIds[s.course]!;
      const existing = await trx.selectFrom('trainingSessions').select('id').where('courseId', '=', courseId).where('boardCode', '=', s.board).where('venue', '=', s.venue).where('capacity', '=', s.capacity).executeTakeFirst();
      if (existing) {
        sessionIds.push(existing.id);
        continue;
      }
      const { id } = await trx.insertInto('trainingSessions').values({ courseId, heldOn, venue: s.venue, boardCode: s.board, capacity: s.capacity, createdBy: manager?.id ?? null }).returning('id').executeTakeFirstOrThrow();
      sessionIds.push(id);
      created.sessions++;
    }

    for (const b of BOOKINGS) {
      const sessionId = sessionIds[b.session]!;
      const user = b.email ? users.get(b.email) : undefined;
      const name = user?.displayName ?? b.name;
      const existing = await trx.selectFrom('trainingBookings').select('id').where('sessionId', '=', sessionId).where('attendeeName', '=', name).executeTakeFirst();
      if (existing) continue;
      const heldOn = addCalendarDays(today, SESSIONS[b.session]!.daysFromNow);
      const attended = b.status === 'attended';
      await trx
        .insertInto('trainingBookings')
        .values({
          sessionId,
          attendeeName: name,
          audience: b.audience,
          boardCode: b.board,
          agencyName: b.agency,
          userId: user?.id ?? null,
          status: b.status,
          isCompleted: attended,
          completedOn: attended ? heldOn : null,
          evaluationScore: attended ? (b.score ?? null) : null,
          evaluationComment: attended ? (b.comment ?? null) : null,
          createdBy: manager?.id ?? null,
        })
        .execute();
      created.bookings++;
    }

    const year = Number(today.slice(0, 4));
    for (const c of COUNTS) {
      await trx.insertInto('trainingAudienceCounts').values({ boardCode: c.board, audience: c.audience, year, count: c.count, updatedBy: manager?.id ?? null }).onConflict((oc) => oc.columns(['boardCode', 'audience', 'year']).doNothing()).execute();
    }

    if (created.leads || created.requests || created.courses || created.sessions || created.bookings) {
      await audit.record(trx, actor, { action: 'support-training.seed', recordType: 'board', recordId: REGIONAL_BOARD, purpose: 'demo-data', details: { ...created } });
    }
    return created;
  });
}
