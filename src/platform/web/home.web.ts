// The home page: what the signed-in role is for, where it applies, and what it can open now.
import type { FastifyInstance } from 'fastify';
import type { Container } from '../../main/container.ts';
import { ROLES, type Permission } from '../access/roles.ts';
import { paths } from './paths.ts';

const ACTIONS: { permission: Permission; title: string; href: string; description: string }[] = [
  { permission: 'contact.submit', title: 'Refer a concern', href: paths.frontDoor.newContact, description: 'Tell the front door of a child’s local authority that you are worried about them. Your answers are saved as you go.' },
  { permission: 'contact.submit', title: 'Your referrals', href: paths.frontDoor.myContacts, description: 'The referrals you have sent: their status, and the outcome once the hub has decided.' },
  { permission: 'contact.screen', title: 'Hub queue', href: paths.frontDoor.queue, description: 'Open contacts to your authority’s front door: screen them, ask partners for checks and decide, with the overdue ones first.' },
  { permission: 'check.respond', title: 'Checks for your agency', href: paths.frontDoor.checkQueue, description: 'Hubs’ questions about people your agency may know: answer from your own records and record what you share and why.' },
  { permission: 'notification.triage', title: 'Protection desk', href: paths.desk.queue, description: 'Police notifications about children: load them, see their risk scores, and forward concerns to the hub.' },
  { permission: 'contact.receive-allocated', title: 'Contacts about your children', href: paths.frontDoor.allocated, description: 'New contacts about children allocated to you come straight here, without going through the hub.' },
  { permission: 'case.read', title: 'Cases', href: paths.casework.cases, description: 'The children whose cases you hold or oversee: the statutory pathway from referral to plan, with every deadline and the rule that set it.' },
  { permission: 'case.read', title: 'Work tray', href: paths.casework.tray, description: 'Your steps due soon and overdue: assessments, conferences, core groups and reviews.' },
  { permission: 'case.manage', title: 'Team tray', href: paths.casework.teamTray, description: 'Your teams’ overdue and coming deadlines, and the alerts the overdue scan has raised.' },
  { permission: 'case.manage', title: 'Stuck cases', href: paths.casework.stuck, description: 'Children whose cases the stuck-case rules have flagged, with the reasons, ready for a multi-agency consultation.' },
  { permission: 'consultation.request', title: 'Multi-agency consultations', href: paths.casework.consultations, description: 'Ask for a multi-agency consultation on a case that is not moving, and follow its actions.' },
  { permission: 'casework.configure', title: 'Casework settings', href: paths.casework.settings, description: 'The Working Together rulebook your board follows, local timescales with their sources, and the stuck-case rules.' },
  { permission: 'board.manage', title: 'Board business', href: paths.partnership.boards.list, description: 'Your board’s members, work plan, meetings and actions, support requests and training.' },
  { permission: 'pledge.manage', title: 'The pledge', href: paths.partnership.pledge.manage, description: 'Versions of the pledge and its commitments, the leaders who signed it, and partners’ commitments to keep investing in safeguarding.' },
  { permission: 'support.request', title: 'Support requests', href: '/support', description: 'Ask the regional safeguarding advisers for help, and follow your requests to their outcome.' },
  { permission: 'support.respond', title: 'Support requests to the advisers', href: '/support', description: 'Requests for help from boroughs and partners: take them on, keep the rapid-response log and record the outcome.' },
  { permission: 'training.manage', title: 'Training', href: '/training', description: 'Courses for elected members, Leaders and multi-agency staff; sessions, bookings, attendance and evaluation; coverage by board and audience.' },
  { permission: 'front-door.configure', title: 'Front door settings', href: paths.frontDoor.settings, description: 'RAG timescales, the hub’s working hours, which decisions need a manager’s sign-off, and the repeated-concerns alert.' },
  { permission: 'person.search', title: 'Find a person', href: paths.identity.find, description: 'Search every agency’s records for a child or adult, allowing for other spellings and mistyped dates, and see which agencies know them.' },
  { permission: 'identity.review', title: 'Match reviews', href: paths.identity.reviews, description: 'Decide whether records that might be the same person are.' },
  { permission: 'admin.users.manage', title: 'Users', href: paths.admin.users, description: 'Add staff, give and remove roles, reset passwords, disable accounts.' },
  { permission: 'admin.teams.manage', title: 'Teams', href: paths.admin.teams, description: 'The teams of each agency, and adding new ones.' },
  { permission: 'admin.api-keys.manage', title: 'API keys', href: paths.admin.apiKeys, description: 'Keys for partner systems, such as a police system sending notifications.' },
  { permission: 'audit.history.read', title: 'Access history', href: paths.audit.accessHistory, description: 'Who has read or changed a record, when, in which role and why.' },
  { permission: 'audit.verify', title: 'Audit trail', href: paths.audit.verify, description: 'Check that no audit event has been altered, removed or inserted.' },
  { permission: 'reference.read', title: 'Partnership directory', href: paths.directory.boards, description: 'The London board, the 32 local boards, their authorities and the partner agencies.' },
];

export async function homeRoutes(app: FastifyInstance, container: Container): Promise<void> {
  app.get(paths.home, async (req, reply) => {
    const actor = container.access.requireUser(req.actor);
    const role = ROLES[actor.role!];
    const [scopeName, teams] = await Promise.all([
      scopeNameOf(container, actor.scopeKind!, actor.scopeCode!),
      actor.teamIds.length
        ? container.database.db.selectFrom('teams').select('name').where('id', 'in', actor.teamIds).orderBy('name').execute()
        : Promise.resolve([]),
    ]);
    return reply.view('home.njk', {
      pageTitle: 'Home',
      role,
      scopeName,
      teams: teams.map((t) => t.name),
      hasOtherRoles: actor.roleCount > 1,
      actions: ACTIONS.filter((a) => container.access.can(actor, a.permission)),
    });
  });

  app.get(paths.directory.boards, async (req, reply) => {
    const boards = await container.directory.boards(req.actor);
    return reply.view('directory/boards.njk', { pageTitle: 'Safeguarding boards', boards });
  });

  app.get(paths.directory.agencies, async (req, reply) => {
    const agencies = await container.directory.agencies(req.actor);
    const teams = await container.directory.teams(req.actor);
    const byAgency = new Map<string, string[]>();
    for (const t of teams) byAgency.set(t.agencyId, [...(byAgency.get(t.agencyId) ?? []), t.name]);
    return reply.view('directory/agencies.njk', {
      pageTitle: 'Partner agencies',
      agencies: agencies.map((a) => ({ ...a, teams: byAgency.get(a.id) ?? [] })),
    });
  });
}

async function scopeNameOf(container: Container, kind: string, code: string): Promise<string> {
  const db = container.database.db;
  if (kind === 'region') return 'London (whole region)';
  if (kind === 'agency') return (await db.selectFrom('agencies').select('name').where('code', '=', code).executeTakeFirst())?.name ?? code;
  if (kind === 'local-authority') return (await db.selectFrom('localAuthorities').select('name').where('code', '=', code).executeTakeFirst())?.name ?? code;
  return (await db.selectFrom('boards').select('name').where('code', '=', code).executeTakeFirst())?.name ?? code;
}
