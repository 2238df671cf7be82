// Demo data: the London Board's funded pan-London work programme (written like the board's own programme for 2009–11,
// with dates moved to run around `now`), and Camden's local work plan. Every priority theme has work except sexual
// abuse, so the gaps view has a theme to show; one milestone has slipped, one item has no owner, and one has had
// no progress update for four months. Every name is invented. Idempotent: an item whose reference already exists
// on its board is left alone.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { systemActor } from '../../../kernel/actor.ts';
import type { AuditTrail } from '../../../platform/audit/audit-trail.ts';
import { addCalendarDays, londonDateOf } from '../../../platform/calendar/index.ts';
import type { Tables } from '../partnership.support.ts';
import type { FundingSource, ThemeCode } from '../work-programme.domain.ts';
import type { WorkItemRag, WorkItemStatus } from '../work-programme.tables.ts';

interface DemoItem {
  reference: string;
  title: string;
  description: string;
  theme: ThemeCode;
  lead: string | null;
  owner: string | null;
  funding?: [FundingSource, number];
  status?: WorkItemStatus;
  /** Days from today of the next review. */
  reviewIn?: number;
  /** [title, due (days from today), completed (days from today) or null] */
  milestones: [string, number, number | null][];
  /** [days from today, RAG, summary, evidence] — oldest first. */
  updates: [number, WorkItemRag, string, string | null][];
}

const LONDON: DemoItem[] = [
  {
    reference: 'WP-01',
    title: 'Implement the London MASH model in six pilot boroughs',
    description: 'Co-locate police, children’s social care, health and education staff in a multi-agency safeguarding hub in six pilot boroughs, with shared information-sharing agreements and a common risk-rating of contacts, and evaluate before London-wide roll-out.',
    theme: 'first-response',
    lead: 'met-police',
    owner: 'Det Ch Supt Alan Mercer, Public Protection, Metropolitan Police',
    funding: ['capital-ambition', 450_000_00],
    reviewIn: 14,
    milestones: [
      ['Information-sharing agreement signed by all partners in the six pilot boroughs', -300, -290],
      ['First three pilot hubs live (Camden, Lewisham, Haringey)', -180, -185],
      ['Remaining three pilot hubs live', -30, -40],
      ['Independent evaluation report to the Board', 120, null],
    ],
    updates: [
      [-330, 'amber', 'Project board established with Capital Ambition funding confirmed. Information-sharing agreement drafted; legal sign-off awaited from two PCTs.', 'Project initiation document approved at the Board, minute 14/09.'],
      [-200, 'green', 'Agreement signed in all six boroughs. Recruitment of police researchers complete; accommodation secured in five of six boroughs.', 'Signed agreements held by the Board business unit.'],
      [-95, 'amber', 'Three hubs live. Health representation in the Haringey hub part-time only pending PCT funding decision.', 'Hub performance returns, first quarter: 2,140 contacts triaged, 94% within 24 hours.'],
      [-20, 'green', 'All six pilot hubs live. Health posts funded to March. Evaluation commissioned from a university partner.', 'Evaluation specification and contract, agenda item 6.'],
    ],
  },
  {
    reference: 'WP-02',
    title: 'Police notifications triage standard with children’s social care',
    description: 'Agree a single standard for how children’s social care screens police notifications of children coming to notice, so that domestic abuse notifications are triaged within one working day across London.',
    theme: 'first-response',
    lead: 'met-police',
    owner: 'Supt Karen Aldous, Public Protection Desks',
    funding: ['police', 15_000_00],
    reviewIn: 45,
    milestones: [
      ['Baseline audit of notification handling in 32 boroughs', -150, -160],
      ['Draft standard consulted on with LSCB business managers', 60, null],
    ],
    updates: [
      [-170, 'green', 'Baseline audit returned by 29 of 32 boroughs. Wide variation: from same-day screening to a backlog of six weeks.', 'Audit summary tabled at the Board.'],
      [-50, 'green', 'Draft standard written with four pilot desks; consultation to open after the business managers’ network meets.', null],
    ],
  },
  {
    reference: 'WP-03',
    title: 'Pan-London sexual exploitation protocol',
    description: 'A single protocol for identifying and protecting children at risk of sexual exploitation, with a common screening tool and a sexual exploitation lead in every LSCB, replacing 32 local procedures.',
    theme: 'sexual-exploitation',
    lead: 'london-lscb',
    owner: 'Dr Miriam Fenwick, Regional Safeguarding Adviser',
    funding: ['government-office-for-london', 60_000_00],
    reviewIn: 7,
    milestones: [
      ['Task and finish group convened with police, health and voluntary sector', -260, -262],
      ['Draft protocol and screening tool published for consultation', -120, -115],
      ['Protocol signed off by all 32 LSCBs', -21, null],
      ['Sexual exploitation lead named in every LSCB', 90, null],
    ],
    updates: [
      [-240, 'green', 'Task and finish group met three times. Screening tool adapted from two borough pilots.', null],
      [-110, 'green', 'Consultation draft published; 26 responses received including from four voluntary sector projects.', 'Consultation response log.'],
      [-25, 'amber', 'Sign-off running late: 24 of 32 LSCBs have endorsed the protocol; eight await their next board meeting.', 'Sign-off tracker, appendix B.'],
    ],
  },
  {
    reference: 'WP-04',
    title: 'Missing children and runaways: return interview standard',
    description: 'Every child who goes missing from home or care to be offered an independent return interview within 72 hours, with intelligence shared with police to disrupt exploitation.',
    theme: 'sexual-exploitation',
    lead: 'met-police',
    owner: 'DI Rachel Kwame, Missing Persons Unit',
    funding: ['police', 20_000_00],
    milestones: [
      ['Return interview template agreed', -90, -100],
      ['Quarterly return interview data collected from every borough', 30, null],
    ],
    updates: [
      [-140, 'amber', 'Only 11 boroughs can report return interviews offered within 72 hours.', null],
      [-35, 'amber', 'Template agreed; data collection improving (19 boroughs) but commissioning of independent interviewers unresolved in outer London.', 'Missing children data, quarter 2.'],
    ],
  },
  {
    reference: 'WP-05',
    title: 'Lessons from serious case reviews: London themes report',
    description: 'Analyse the serious case reviews completed in London over two years and report the recurring themes (assessment of fathers and partners, drift in neglect cases, hidden children) to every LSCB with recommended actions.',
    theme: 'serious-case-reviews',
    lead: 'london-lscb',
    owner: 'Helen Pritchard, Board Business Manager',
    funding: ['london-councils', 25_000_00],
    reviewIn: 28,
    milestones: [
      ['All London SCR overview reports collected', -200, -205],
      ['Themes report to the Board', -60, -63],
      ['Learning events held in each of the five sub-regions', 75, null],
    ],
    updates: [
      [-210, 'green', 'Overview reports collected from 27 LSCBs; five outstanding were obtained through the regional adviser.', null],
      [-63, 'green', 'Themes report presented and accepted. Board asked each LSCB to report its response within six months.', 'Themes report, agenda item 4, and minute 7/10.'],
      [-15, 'green', 'Sub-regional learning events booked for north, south, east, west and central; 340 places.', 'Event programme.'],
    ],
  },
  {
    reference: 'WP-06',
    title: 'Serious case review action plan tracker for the 32 LSCBs',
    description: 'A common format for LSCBs to track their SCR action plans, so the Board can see which recommendations are implemented and whether the change has lasted.',
    theme: 'serious-case-reviews',
    lead: 'london-lscb',
    owner: 'Anil Varma, Performance and Quality Officer',
    milestones: [
      ['Tracker format agreed by business managers', -160, -170],
      ['First return from every LSCB', -10, -12],
    ],
    updates: [
      [-220, 'amber', 'Format agreed in principle; six LSCBs use their own systems and want to keep them.', null],
      [-125, 'green', 'Format agreed; a mapping from the six local systems written by the business unit.', 'Tracker format, version 1.2.'],
    ],
  },
  {
    reference: 'WP-07',
    title: 'Safeguarding children across faith communities',
    description: 'Work with faith leaders, supplementary schools and places of worship to adopt safeguarding policies, safe recruitment and a named safeguarding lead, starting in eight boroughs with the largest number of unregistered settings.',
    theme: 'culture-and-faith',
    lead: 'london-lscb',
    owner: 'Revd Samuel Ofori, Faith Communities Adviser',
    funding: ['government-office-for-london', 80_000_00],
    reviewIn: 35,
    milestones: [
      ['Faith leaders’ reference group established', -270, -268],
      ['Safeguarding toolkit for places of worship published', -100, -95],
      ['120 faith settings with a named safeguarding lead', 150, null],
    ],
    updates: [
      [-250, 'green', 'Reference group of 18 faith leaders from Christian, Muslim, Hindu, Sikh and Jewish communities meets bi-monthly.', null],
      [-150, 'amber', 'Toolkit drafting delayed by translation into six community languages.', null],
      [-45, 'green', 'Toolkit published in English and six community languages. 64 settings have named a safeguarding lead.', 'Register of settings, October.'],
    ],
  },
  {
    reference: 'WP-08',
    title: 'Child abuse linked to faith or belief: practice guidance',
    description: 'Supplementary London guidance for practitioners on abuse linked to belief in spirit possession and witchcraft, consistent with the national action plan, with training for front-line staff.',
    theme: 'culture-and-faith',
    lead: 'nhs-england-london',
    owner: 'Dr Nkechi Obi, Designated Doctor',
    funding: ['nhs-london', 12_000_00],
    milestones: [
      ['Guidance drafted with the reference group', -75, -80],
      ['Guidance added to the London Child Protection Procedures', 40, null],
    ],
    updates: [
      [-110, 'green', 'Drafting group formed with the faith reference group and two designated doctors.', null],
      [-30, 'green', 'Draft agreed by the procedures sub-group; awaiting the procedures update cycle.', 'Procedures sub-group minutes.'],
    ],
  },
  {
    reference: 'WP-09',
    title: 'LSCB business managers’ network and peer review',
    description: 'A London network of LSCB business managers meeting quarterly, and a peer review programme in which boards review each other against the Working Together functions of an LSCB.',
    theme: 'effective-lscbs',
    lead: 'london-lscb',
    owner: 'Helen Pritchard, Board Business Manager',
    funding: ['capital-ambition', 40_000_00],
    milestones: [
      ['Peer review framework agreed', -190, -200],
      ['First eight peer reviews completed', -5, -9],
      ['Second round of eight peer reviews', 180, null],
    ],
    updates: [
      [-230, 'green', 'Network meets quarterly with 30 of 32 boroughs represented.', null],
      [-120, 'green', 'Framework agreed; reviewers trained from 16 boards.', 'Peer review framework.'],
      [-9, 'blue', 'First round complete. Common findings: boards’ performance information, and challenge of partners, remain weak.', 'Peer review summary report.'],
    ],
  },
  {
    reference: 'WP-10',
    title: 'Independent chairs’ forum and annual report template',
    description: 'Support independent LSCB chairs through a London forum and a common annual report template that sets out the effectiveness of local safeguarding arrangements.',
    theme: 'effective-lscbs',
    lead: 'london-lscb',
    owner: null,
    milestones: [
      ['Annual report template agreed by the chairs’ forum', 50, null],
    ],
    updates: [
      [-60, 'amber', 'Forum met twice; the previous lead has left and the work needs a new owner before the template can be agreed.', null],
    ],
  },
  {
    reference: 'WP-11',
    title: 'Elected member training programme',
    description: 'Training for Lead Members for children’s services, Leaders and scrutiny members on their safeguarding responsibilities, delivered with London Councils in every borough.',
    theme: 'training',
    lead: 'london-lscb',
    owner: 'Dr Miriam Fenwick, Regional Safeguarding Adviser',
    funding: ['london-councils', 30_000_00],
    reviewIn: 21,
    milestones: [
      ['Course materials agreed with London Councils', -210, -215],
      ['Lead Members in all 32 boroughs offered a place', -90, -92],
      ['80% of Lead Members trained', 100, null],
    ],
    updates: [
      [-200, 'green', 'Course designed with two former Lead Members; pilot session held for the West London boroughs.', 'Pilot evaluation: 4.6 out of 5.'],
      [-85, 'green', 'Places offered in every borough; 19 Lead Members and 7 Leaders trained.', 'Attendance register.'],
      [-10, 'amber', 'Take-up slowed after the local elections changed a third of Lead Members. Additional evening sessions arranged.', 'Coverage report by borough.'],
    ],
  },
  {
    reference: 'WP-12',
    title: 'Safeguarding training for NHS executive leads',
    description: 'A half-day programme for executive leads for safeguarding in London’s NHS trusts and PCTs, covering board assurance, serious case reviews and the role of designated professionals.',
    theme: 'training',
    lead: 'nhs-england-london',
    owner: 'Margaret Ilesanmi, Head of Safeguarding, NHS London',
    funding: ['nhs-london', 55_000_00],
    milestones: [
      ['Programme commissioned', -160, -158],
      ['All acute trust executive leads trained', -40, -44],
      ['All PCT executive leads trained', 60, null],
    ],
    updates: [
      [-150, 'green', 'Programme commissioned; six dates booked.', null],
      [-44, 'green', 'Executive leads of all 18 acute trusts trained.', 'Attendance and evaluation summary.'],
    ],
  },
  {
    reference: 'WP-13',
    title: 'Multi-agency child death overview data set for London',
    description: 'A common data set for the child death overview panels so that modifiable factors in child deaths can be reported across London.',
    theme: 'effective-lscbs',
    lead: 'nhs-england-london',
    owner: 'Dr Paul Whitcombe, Consultant in Public Health',
    funding: ['nhs-london', 18_000_00],
    status: 'completed',
    milestones: [
      ['Data set agreed with panel chairs', -250, -255],
      ['First London report on modifiable factors', -70, -72],
    ],
    updates: [
      [-240, 'green', 'Data set agreed with all panel chairs.', null],
      [-72, 'blue', 'First London report published. Work complete; the data set is now part of routine panel returns.', 'London child death overview report.'],
    ],
  },
  {
    reference: 'WP-14',
    title: 'London Child Protection Procedures: referral and assessment chapters refreshed',
    description: 'Update the referral and initial assessment chapters of the London Child Protection Procedures to reflect the MASH model and the revised Working Together guidance.',
    theme: 'first-response',
    lead: 'london-lscb',
    owner: 'Anil Varma, Performance and Quality Officer',
    funding: ['london-councils', 35_000_00],
    milestones: [
      ['Revised chapters drafted', -100, -108],
      ['Revised procedures published online', 20, null],
    ],
    updates: [
      [-180, 'green', 'Procedures sub-group agreed the scope of the refresh.', null],
      [-120, 'amber', 'Drafting paused until the revised national guidance was published.', null],
      [-25, 'green', 'Revised chapters drafted and agreed by the procedures sub-group; publication set for the next update cycle.', 'Procedures sub-group minutes.'],
    ],
  },
];

const CAMDEN: DemoItem[] = [
  {
    reference: 'WP-01',
    title: 'Camden MASH: pilot borough go-live and first-year review',
    description: 'Camden’s part in the pan-London MASH pilot: co-located hub, shared screening, and a review of timeliness and outcomes after twelve months.',
    theme: 'first-response',
    lead: 'la-202',
    owner: 'Helen Achterberg, MASH Manager',
    funding: ['capital-ambition', 75_000_00],
    reviewIn: 10,
    milestones: [
      ['Hub live with police, health and education partners', -185, -185],
      ['First-year review to the LSCB', 180, null],
    ],
    updates: [
      [-150, 'green', 'Hub live. Contacts screened within 24 hours rose from 61% to 92%.', 'MASH dashboard, month 1.'],
      [-30, 'green', 'Education representation now full-time. Re-referral rate down to 18%.', 'MASH dashboard, month 5.'],
    ],
  },
  {
    reference: 'WP-02',
    title: 'Private fostering awareness campaign',
    description: 'Raise awareness of private fostering among schools, GPs and language schools so that more private fostering arrangements are notified.',
    theme: 'training',
    lead: 'la-202',
    owner: 'Joanne Pelham, Service Manager, Children in Need',
    funding: ['other', 5_000_00],
    milestones: [
      ['Briefing for every Camden head teacher', -60, -65],
      ['Notifications audit', 90, null],
    ],
    updates: [
      [-70, 'green', 'Campaign launched with schools; leaflets in five community languages.', null],
      [-14, 'green', 'Notifications up from 4 to 11 in the quarter.', 'Private fostering notifications, quarter 2.'],
    ],
  },
];

/** Seeds the London Board's work programme and Camden's work plan. Returns how many items it added. */
export async function seedWorkProgramme(db: Kysely<Tables>, audit: AuditTrail, now: Date): Promise<{ items: number }> {
  const actor = systemActor('seed-demo');
  const today = londonDateOf(now);
  const day = (offset: number) => addCalendarDays(today, offset);
  const agencies = new Map((await db.selectFrom('agencies').select(['id', 'code']).execute()).map((a) => [a.code, a.id]));
  let added = 0;
  for (const [boardCode, items] of [['LSCB-LONDON', LONDON], ['LSCB-202', CAMDEN]] as const) {
    const board = await db.selectFrom('boards').select('code').where('code', '=', boardCode).executeTakeFirst();
    if (!board) continue;
    for (const item of items) {
      await db.transaction().execute(async (trx) => {
        const exists = await trx.selectFrom('workItems').select('id').where('boardCode', '=', boardCode).where('reference', '=', item.reference).executeTakeFirst();
        if (exists) return;
        const id = randomUUID();
        const first = Math.min(...item.updates.map((u) => u[0]), ...item.milestones.map((m) => m[2] ?? 0), -30) - 14;
        const createdAt = new Date(`${day(first)}T09:00:00Z`);
        const latest = item.updates.at(-1);
        await trx
          .insertInto('workItems')
          .values({
            id,
            boardCode,
            reference: item.reference,
            title: item.title,
            description: item.description,
            theme: item.theme,
            leadAgencyId: item.lead ? (agencies.get(item.lead) ?? null) : null,
            ownerName: item.owner,
            ownerUserId: null,
            fundingSource: item.funding?.[0] ?? null,
            fundingAmountPence: item.funding?.[1] ?? null,
            rag: latest?.[1] ?? null,
            status: item.status ?? 'active',
            nextReviewOn: item.reviewIn === undefined ? null : day(item.reviewIn),
            createdAt,
            createdBy: null,
            updatedAt: latest ? new Date(`${day(latest[0])}T16:00:00Z`) : createdAt,
            version: 1 + item.updates.length + item.milestones.length,
          })
          .execute();
        if (item.milestones.length) {
          await trx
            .insertInto('workItemMilestones')
            .values(item.milestones.map(([title, due, done]) => ({ itemId: id, title, dueOn: day(due), completedOn: done === null ? null : day(done), completedBy: null, createdAt, createdBy: null, version: done === null ? 1 : 2 })))
            .execute();
        }
        if (item.updates.length) {
          await trx
            .insertInto('workItemUpdates')
            .values(item.updates.map(([on, rag, summary, evidence]) => ({ itemId: id, rag, summary, evidence, recordedOn: day(on), recordedBy: null, createdAt: new Date(`${day(on)}T16:00:00Z`) })))
            .execute();
        }
        await audit.record(trx, actor, { action: 'work-item.create', recordType: 'work-item', recordId: id, purpose: 'demo-data', details: { boardCode, theme: item.theme, reference: item.reference, milestones: item.milestones.length, updates: item.updates.length } });
        added++;
      });
    }
  }
  return { items: added };
}
