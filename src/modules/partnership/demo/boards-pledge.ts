// Demo data for the boards and the pledge: the London board's and Camden LSCB's members, the 2009 pan-London pledge
// with its signatories, a 2010 draft revision, and partners' commitments to continue to prioritise investment in
// safeguarding. Invented names; real kinds of organisation. Idempotent: a second run adds nothing.
import type { Kysely } from 'kysely';
import { systemActor } from '../../../kernel/actor.ts';
import type { AuditTrail } from '../../../platform/audit/audit-trail.ts';
import type { BoardMemberRole } from '../boards-pledge.tables.ts';
import { REGIONAL_BOARD, type Tables } from '../partnership.support.ts';

type M = { name: string; title: string; role: BoardMemberRole; agency?: string; organisation?: string; joinedOn: string; email?: string };

const LONDON: M[] = [
  { name: 'Margaret Ashdown', title: 'Independent Chair', role: 'independent-chair', joinedOn: '2008-04-01' },
  { name: 'Olumide Bakare', title: 'London Safeguarding Children Board Manager', role: 'business-manager', agency: 'london-lscb', joinedOn: '2008-09-01', email: 'regional.manager@london-board.example' },
  { name: 'Detective Chief Superintendent Paul Renshaw', title: 'Head of Child Abuse Investigation Command', role: 'statutory-partner', agency: 'met-police', joinedOn: '2008-04-01' },
  { name: 'Dr Anjali Mehta', title: 'Regional Lead Nurse, Safeguarding Children', role: 'statutory-partner', agency: 'nhs-england-london', joinedOn: '2008-06-12' },
  { name: 'Graham Pell', title: 'Director of Offender Management', role: 'statutory-partner', agency: 'london-probation-trust', joinedOn: '2009-01-15' },
  { name: 'Susan Okafor', title: 'Director of Children and Learners', role: 'statutory-partner', organisation: 'Government Office for London', joinedOn: '2008-04-01' },
  { name: 'Councillor David Harrow', title: 'Lead on children and young people', role: 'vice-chair', organisation: 'London Councils', joinedOn: '2008-04-01' },
  { name: 'Fiona Calder', title: 'Director of Children’s Services (ADCS London representative)', role: 'statutory-partner', agency: 'la-202', joinedOn: '2009-03-01' },
  { name: 'Bridget Nolan', title: 'Assistant Director, London', role: 'member', agency: 'nspcc', joinedOn: '2008-10-09' },
  { name: 'Kwame Asante', title: 'Lay member', role: 'lay-member', joinedOn: '2009-05-14' },
  { name: 'Catherine Doyle', title: 'Regional Safeguarding Adviser', role: 'adviser', agency: 'london-lscb', joinedOn: '2009-02-02', email: 'regional.adviser@london-board.example' },
];

const CAMDEN: M[] = [
  { name: 'Jonathan Reeve', title: 'Independent Chair', role: 'independent-chair', joinedOn: '2008-07-01' },
  { name: 'Helen Marsh', title: 'LSCB Business Manager', role: 'business-manager', agency: 'la-202', joinedOn: '2008-11-03', email: 'board.manager@camden.example' },
  { name: 'Councillor Ruth Ellery', title: 'Lead Member for Children’s Services', role: 'member', agency: 'la-202', joinedOn: '2009-05-21', email: 'lead.member@camden.example' },
  { name: 'Fiona Calder', title: 'Director of Children’s Services', role: 'statutory-partner', agency: 'la-202', joinedOn: '2008-07-01' },
  { name: 'Detective Superintendent Alan Brook', title: 'Borough Commander’s representative, Camden', role: 'statutory-partner', agency: 'met-police', joinedOn: '2008-07-01' },
  { name: 'Dr Sarah Lyle', title: 'Designated Doctor for Safeguarding Children', role: 'statutory-partner', agency: 'whittington-health', joinedOn: '2008-09-18' },
  { name: 'Mary Connors', title: 'Designated Nurse, Safeguarding Children', role: 'statutory-partner', agency: 'clch', joinedOn: '2008-09-18' },
  { name: 'Peter Ambrose', title: 'Assistant Chief Officer, North London', role: 'statutory-partner', agency: 'london-probation-trust', joinedOn: '2009-01-08' },
  { name: 'Yasmin Haque', title: 'Head of Inclusion', role: 'statutory-partner', agency: 'la-202-education', joinedOn: '2008-07-01' },
  { name: 'Thomas Ward', title: 'Lay member', role: 'lay-member', joinedOn: '2009-09-10' },
];

const INTRO_2009 = `London’s children deserve the same protection wherever they live, whichever borough they move to and whichever agency they first meet. This pledge is made by the leaders of the agencies that together keep London’s children safe.

We sign it because the lessons of serious case reviews are the same in every borough: agencies that did not share what they knew, thresholds applied differently across a borough boundary, and staff who were not trained or supported to act. We commit our organisations to the London Child Protection Procedures and to the work of the London Safeguarding Children Board.`;

const COMMITMENTS_2009 = [
  'We will follow the London Child Protection Procedures in every borough, so that a child referred in one borough receives the same response as a child referred in another.',
  'We will make sure that every member of our staff who works with children or their parents knows how to recognise abuse and neglect and how to refer their concern, and is trained to the level their role requires.',
  'We will share information about a child at risk of significant harm promptly and lawfully, and we will not let a borough boundary or an agency boundary delay a child’s protection.',
  'We will send representatives with the authority to commit our organisation to every local safeguarding children board on which we sit, and we will hold them to account for attending.',
  'We will act on the recommendations of serious case reviews, report our progress to the board, and check a year later that the change has lasted.',
  'We will listen to children and young people, and take account of their wishes and feelings when we make decisions about their safety.',
  'We will continue to prioritise investment in safeguarding children, and protect the budgets of our safeguarding services when we make savings elsewhere.',
];

const INTRO_2010 = `${INTRO_2009}

This revision, agreed after Lord Laming’s progress report of March 2009, strengthens our commitments on front-line capacity, on children at risk of sexual exploitation and on safeguarding across culture and faith.`;

const COMMITMENTS_2010 = [
  ...COMMITMENTS_2009.slice(0, 5),
  'We will identify children at risk of sexual exploitation, and work across boroughs to disrupt those who exploit them.',
  'We will work with faith and community groups so that children in every community in London are protected, whatever the beliefs of their families.',
  ...COMMITMENTS_2009.slice(5),
];

const SIGNATORIES: { name: string; title: string; organisation: string; agency?: string; signedOn: string }[] = [
  { name: 'Sir Richard Tallis', title: 'Commissioner', organisation: 'Metropolitan Police Service', agency: 'met-police', signedOn: '2009-07-02' },
  { name: 'Helen Garside', title: 'Chief Executive', organisation: 'NHS London', agency: 'nhs-england-london', signedOn: '2009-07-02' },
  { name: 'Councillor Martin Ferris', title: 'Chair', organisation: 'London Councils', signedOn: '2009-07-02' },
  { name: 'Elaine Brookes', title: 'Regional Director', organisation: 'Government Office for London', signedOn: '2009-07-02' },
  { name: 'Anthony Wyatt', title: 'Chief Executive', organisation: 'London Probation Trust', agency: 'london-probation-trust', signedOn: '2009-07-09' },
  { name: 'Margaret Ashdown', title: 'Independent Chair', organisation: 'London Safeguarding Children Board', agency: 'london-lscb', signedOn: '2009-07-02' },
  { name: 'Fiona Calder', title: 'Director of Children’s Services', organisation: 'London Borough of Camden', agency: 'la-202', signedOn: '2009-07-16' },
  { name: 'Rashid Hussain', title: 'Chief Executive', organisation: 'Barts and The London NHS Trust', agency: 'barts-health', signedOn: '2009-07-23' },
  { name: 'Dr Eleanor Whitby', title: 'Chief Executive', organisation: 'Great Ormond Street Hospital for Children NHS Trust', agency: 'gosh', signedOn: '2009-07-23' },
  { name: 'Joanna Pryce', title: 'Director, London', organisation: 'NSPCC', agency: 'nspcc', signedOn: '2009-08-06' },
  { name: 'Colin Maddox', title: 'Director of Children’s Services, London', organisation: 'Barnardo’s', agency: 'barnardos', signedOn: '2009-08-06' },
  { name: 'Ann Teller', title: 'Commander, City of London Police', organisation: 'City of London Police', agency: 'city-of-london-police', signedOn: '2009-09-03' },
];

const INVESTMENT: { signatory: string; committedOn: string; statement: string }[] = [
  { signatory: 'Sir Richard Tallis', committedOn: '2009-11-05', statement: 'The Child Abuse Investigation Command keeps its establishment of officers in 2010–11; savings from the efficiency programme will not be taken from child abuse investigation or the public protection desks.' },
  { signatory: 'Helen Garside', committedOn: '2009-11-05', statement: 'Designated and named professional posts for safeguarding children are protected in every London primary care trust’s 2010–11 commissioning plan, and the regional lead nurse post is funded for a further two years.' },
  { signatory: 'Councillor Martin Ferris', committedOn: '2009-12-03', statement: 'London Councils continues its contribution to the London Safeguarding Children Board’s budget at the 2009–10 level, and asks every borough to protect its contribution to its local board.' },
  { signatory: 'Elaine Brookes', committedOn: '2009-12-03', statement: 'Government Office for London funds the regional safeguarding adviser posts and the pan-London sexual exploitation project until March 2011.' },
];

async function agencyIds(db: Kysely<Tables>): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('agencies').select(['id', 'code']).execute()).map((a) => [a.code, a.id]));
}

/** Seeds the boards' members and the pledge. Returns what it added (zero on a second run). */
export async function seedBoardsPledge(db: Kysely<Tables>, audit: AuditTrail, now: Date): Promise<{ members: number; versions: number; signatories: number }> {
  const actor = systemActor('seed-demo');
  return db.transaction().execute(async (trx) => {
    const agencies = await agencyIds(trx);
    const users = new Map((await trx.selectFrom('users').select(['id', 'email']).execute()).map((u) => [u.email.toLowerCase(), u.id]));
    let members = 0;
    for (const [board, list] of [[REGIONAL_BOARD, LONDON], ['LSCB-202', CAMDEN]] as const) {
      const held = await trx.selectFrom('boardMembers').select('id').where('boardCode', '=', board).limit(1).executeTakeFirst();
      if (held) continue;
      for (const m of list) {
        const agencyId = m.agency ? (agencies.get(m.agency) ?? null) : null;
        await trx
          .insertInto('boardMembers')
          .values({ boardCode: board, agencyId, organisation: agencyId ? null : (m.organisation ?? null), userId: m.email ? (users.get(m.email) ?? null) : null, name: m.name, title: m.title, role: m.role, joinedOn: m.joinedOn, leftOn: null, createdAt: now, createdBy: null, updatedAt: now })
          .execute();
        members++;
      }
      await audit.record(trx, actor, { action: 'board-member.add', recordType: 'board', recordId: board, purpose: 'demo-data', details: { members: list.length } });
    }
    const hasPledge = await trx.selectFrom('pledgeVersions').select('id').limit(1).executeTakeFirst();
    if (hasPledge) return { members, versions: 0, signatories: 0 };
    const title = 'The London safeguarding children pledge';
    const v1 = await trx.insertInto('pledgeVersions').values({ number: 1, title, introduction: INTRO_2009, status: 'published', publishedOn: '2009-07-01', createdAt: now, createdBy: null, updatedAt: now }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('pledgeCommitments').values(COMMITMENTS_2009.map((text, i) => ({ pledgeVersionId: v1.id, position: i + 1, text }))).execute();
    const v2 = await trx.insertInto('pledgeVersions').values({ number: 2, title: `${title} (2010 revision)`, introduction: INTRO_2010, status: 'draft', publishedOn: null, createdAt: now, createdBy: null, updatedAt: now }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('pledgeCommitments').values(COMMITMENTS_2010.map((text, i) => ({ pledgeVersionId: v2.id, position: i + 1, text }))).execute();
    const signatoryIds = new Map<string, string>();
    for (const s of SIGNATORIES) {
      const row = await trx
        .insertInto('pledgeSignatories')
        .values({ pledgeVersionId: v1.id, name: s.name, title: s.title, organisation: s.organisation, agencyId: s.agency ? (agencies.get(s.agency) ?? null) : null, signedOn: s.signedOn, createdAt: now, createdBy: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      signatoryIds.set(s.name, row.id);
    }
    for (const i of INVESTMENT) {
      const s = SIGNATORIES.find((x) => x.name === i.signatory)!;
      await trx
        .insertInto('pledgeInvestmentCommitments')
        .values({ signatoryId: signatoryIds.get(s.name)!, agencyId: s.agency ? (agencies.get(s.agency) ?? null) : null, organisation: s.organisation, committedOn: i.committedOn, statement: i.statement, createdAt: now, createdBy: null })
        .execute();
    }
    await audit.record(trx, actor, { action: 'pledge.seed', recordType: 'pledge-version', recordId: v1.id, purpose: 'demo-data', details: { versions: 2, signatories: SIGNATORIES.length, investment: INVESTMENT.length } });
    return { members, versions: 2, signatories: SIGNATORIES.length };
  });
}
