// Demo users: one for each role in DESIGN section 1, around one borough (Camden) so the roles meet.
// Every name is invented and every address uses the reserved .example domain.
import type { Kysely } from 'kysely';
import { systemActor, type RoleCode, type ScopeKind } from '../../kernel/actor.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import { hashPassword } from '../access/passwords.ts';
import type { PlatformTables } from '../db/schema.ts';

export interface DemoUser {
  email: string;
  displayName: string;
  agencyCode: string;
  teamCodes: string[];
  roles: { roleCode: RoleCode; scopeKind: ScopeKind; scopeCode: string }[];
  /** What the person does, printed at start. */
  description: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    email: 'referrer@camden-schools.example',
    displayName: 'Grace Adeyemi',
    agencyCode: 'la-202-education',
    teamCodes: ['education-safeguarding'],
    roles: [{ roleCode: 'referrer', scopeKind: 'agency', scopeCode: 'la-202-education' }],
    description: 'Designated safeguarding lead at a Camden school',
  },
  {
    email: 'hub.practitioner@camden.example',
    displayName: 'Tomasz Nowak',
    agencyCode: 'la-202',
    teamCodes: ['mash'],
    roles: [{ roleCode: 'hub-practitioner', scopeKind: 'local-authority', scopeCode: '202' }],
    description: 'Social worker in the Camden MASH',
  },
  {
    email: 'hub.manager@camden.example',
    displayName: 'Priya Raman',
    agencyCode: 'la-202',
    teamCodes: ['mash'],
    roles: [
      { roleCode: 'hub-manager', scopeKind: 'local-authority', scopeCode: '202' },
      { roleCode: 'hub-practitioner', scopeKind: 'local-authority', scopeCode: '202' },
    ],
    description: 'Camden MASH team manager (also screens: two roles, choose one at sign-in)',
  },
  {
    email: 'caseworker@camden.example',
    displayName: 'Daniel Osei',
    agencyCode: 'la-202',
    teamCodes: ['assessment-intervention'],
    roles: [{ roleCode: 'caseworker', scopeKind: 'local-authority', scopeCode: '202' }],
    description: 'Social worker, Camden Assessment and Intervention',
  },
  {
    email: 'team.manager@camden.example',
    displayName: 'Helen Achterberg',
    agencyCode: 'la-202',
    teamCodes: ['assessment-intervention'],
    roles: [{ roleCode: 'team-manager', scopeKind: 'local-authority', scopeCode: '202' }],
    description: 'Team manager, Camden Assessment and Intervention: cases, deadlines, stuck-case consultations',
  },
  {
    email: 'police.researcher@met.example',
    displayName: 'Sarah Whitfield',
    agencyCode: 'met-police',
    teamCodes: ['mash-police-researchers'],
    roles: [{ roleCode: 'agency-researcher', scopeKind: 'agency', scopeCode: 'met-police' }],
    description: 'Police researcher in the MASH',
  },
  {
    email: 'health.researcher@clch.example',
    displayName: 'Bethany Okafor',
    agencyCode: 'clch',
    teamCodes: ['safeguarding-children'],
    roles: [{ roleCode: 'agency-researcher', scopeKind: 'agency', scopeCode: 'clch' }],
    description: 'Health researcher in the MASH (community health, Camden)',
  },
  {
    email: 'desk.officer@met.example',
    displayName: 'Imran Chaudhry',
    agencyCode: 'met-police',
    teamCodes: ['public-protection-desk-central-north'],
    roles: [{ roleCode: 'desk-officer', scopeKind: 'agency', scopeCode: 'met-police' }],
    description: 'Public protection desk officer, Central North (Camden and Islington)',
  },
  {
    email: 'board.manager@camden.example',
    displayName: 'Helen Marsh',
    agencyCode: 'la-202',
    teamCodes: ['lscb-business-unit'],
    roles: [{ roleCode: 'board-manager', scopeKind: 'board', scopeCode: 'LSCB-202' }],
    description: 'Business manager, Camden Safeguarding Children Board',
  },
  {
    email: 'regional.manager@london-board.example',
    displayName: 'Olumide Bakare',
    agencyCode: 'london-lscb',
    teamCodes: ['board-business-unit'],
    roles: [{ roleCode: 'regional-manager', scopeKind: 'region', scopeCode: 'london' }],
    description: 'London Safeguarding Children Board manager',
  },
  {
    email: 'regional.adviser@london-board.example',
    displayName: 'Catherine Doyle',
    agencyCode: 'london-lscb',
    teamCodes: ['regional-safeguarding-advisers'],
    roles: [{ roleCode: 'regional-adviser', scopeKind: 'region', scopeCode: 'london' }],
    description: 'Regional safeguarding adviser',
  },
  {
    email: 'lead.member@camden.example',
    displayName: 'Councillor Ruth Ellery',
    agencyCode: 'la-202',
    teamCodes: [],
    roles: [{ roleCode: 'elected-member', scopeKind: 'local-authority', scopeCode: '202' }],
    description: "Lead Member for children's services, Camden",
  },
  {
    email: 'privacy.officer@camden.example',
    displayName: 'Martin Achebe',
    agencyCode: 'la-202',
    teamCodes: [],
    roles: [{ roleCode: 'privacy-officer', scopeKind: 'agency', scopeCode: 'la-202' }],
    description: "Caldicott guardian, Camden Children's Services",
  },
  {
    email: 'admin@london-board.example',
    displayName: 'Jo Lindqvist',
    agencyCode: 'london-lscb',
    teamCodes: ['board-business-unit'],
    roles: [{ roleCode: 'system-admin', scopeKind: 'region', scopeCode: 'london' }],
    description: 'System administrator (no case data)',
  },
];

/** Creates the demo users that are missing; existing ones are left as they are. Returns the ones created. */
export async function seedDemoUsers(db: Kysely<PlatformTables>, audit: AuditTrail, password: string): Promise<number> {
  const passwordHash = await hashPassword(password);
  let created = 0;
  for (const demo of DEMO_USERS) {
    await db.transaction().execute(async (trx) => {
      const exists = await trx.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', demo.email)).executeTakeFirst();
      if (exists) return;
      const agency = await trx.selectFrom('agencies').select('id').where('code', '=', demo.agencyCode).executeTakeFirstOrThrow();
      const { id } = await trx
        .insertInto('users')
        .values({ email: demo.email, displayName: demo.displayName, agencyId: agency.id, passwordHash })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (demo.teamCodes.length) {
        const teams = await trx.selectFrom('teams').select('id').where('agencyId', '=', agency.id).where('code', 'in', demo.teamCodes).execute();
        if (teams.length !== demo.teamCodes.length) throw new Error(`Demo user teams missing for ${demo.agencyCode}`);
        await trx.insertInto('teamMemberships').values(teams.map((t) => ({ userId: id, teamId: t.id }))).execute();
      }
      await trx
        .insertInto('roleAssignments')
        .values(demo.roles.map((r) => ({ userId: id, ...r })))
        .execute();
      await audit.record(trx, systemActor('seed-demo'), { action: 'user.create', recordType: 'user', recordId: id, purpose: 'demo-data', fields: ['displayName', 'email', 'agency', 'teams', 'password', 'roles'] });
      created += 1;
    });
  }
  return created;
}
