// Nunjucks with GOV.UK Frontend and MoJ Frontend macros; every page gets the layout's common locals.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import type { FastifyRequest } from 'fastify';
import type { Container } from '../../main/container.ts';
import { ROLES, type Permission } from '../access/roles.ts';
import { paths } from './paths.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const LONDON_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
const LONDON_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function createViewEnvironment(viewDirs: string[], watch: boolean): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader(
    [...viewDirs, path.join(root, 'node_modules/govuk-frontend/dist'), path.join(root, 'node_modules/@ministryofjustice/frontend')],
    { noCache: watch },
  );
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
  env.addFilter('date', (value: unknown) => (value ? LONDON_DATE.format(new Date(value as string)) : ''));
  env.addFilter('dateTime', (value: unknown) => (value ? LONDON_DATE_TIME.format(new Date(value as string)) : ''));
  env.addFilter('roleName', (code: string) => ROLES[code as keyof typeof ROLES]?.name ?? code);
  env.addGlobal('paths', paths);
  env.addGlobal('serviceName', 'Safehub');
  return env;
}

interface NavItem {
  text: string;
  href: string;
  permission?: Permission;
}

const NAVIGATION: NavItem[] = [
  { text: 'Home', href: paths.home },
  { text: 'Hub queue', href: paths.frontDoor.queue, permission: 'contact.screen' },
  { text: 'Checks', href: paths.frontDoor.checkQueue, permission: 'check.respond' },
  { text: 'Refer a concern', href: paths.frontDoor.newContact, permission: 'contact.submit' },
  { text: 'Your referrals', href: paths.frontDoor.myContacts, permission: 'contact.submit' },
  { text: 'Find a person', href: paths.identity.find, permission: 'person.search' },
  { text: 'Match reviews', href: paths.identity.reviews, permission: 'identity.review' },
  { text: 'Protection desk', href: paths.desk.queue, permission: 'notification.triage' },
  { text: 'Cases', href: paths.casework.cases, permission: 'case.read' },
  { text: 'Work tray', href: paths.casework.tray, permission: 'case.read' },
  { text: 'Team tray', href: paths.casework.teamTray, permission: 'case.manage' },
  { text: 'Consultations', href: paths.casework.consultations, permission: 'consultation.request' },
  { text: 'Boards', href: paths.partnership.boards.list, permission: 'board.manage' },
  { text: 'Support requests', href: '/support', permission: 'support.respond' },
  { text: 'Directory', href: paths.directory.boards, permission: 'reference.read' },
  { text: 'Users', href: paths.admin.users, permission: 'admin.users.manage' },
  { text: 'Teams', href: paths.admin.teams, permission: 'admin.teams.manage' },
  { text: 'API keys', href: paths.admin.apiKeys, permission: 'admin.api-keys.manage' },
  { text: 'Access history', href: paths.audit.accessHistory, permission: 'audit.history.read' },
  { text: 'Audit trail', href: paths.audit.verify, permission: 'audit.verify' },
];

export async function renderView(
  env: nunjucks.Environment,
  template: string,
  req: FastifyRequest,
  csrfToken: string,
  container: Container,
  locals: Record<string, unknown>,
): Promise<string> {
  const actor = req.actor;
  const user = actor?.kind === 'user' ? actor : undefined;
  const currentPath = req.url.split('?')[0] ?? '/';
  const navigation = user?.role
    ? NAVIGATION.filter((item) => !item.permission || container.access.can(user, item.permission)).map((item) => ({
        text: item.text,
        href: item.href,
        active: item.href === '/' ? currentPath === '/' : currentPath.startsWith(item.href),
      }))
    : [];
  const context = {
    user,
    roleName: user?.role ? ROLES[user.role].name : undefined,
    navigation,
    csrfToken,
    currentPath,
    correlationId: req.id,
    oidcLabel: container.oidc?.label,
    ...locals,
  };
  return new Promise((resolve, reject) => env.render(template, context, (err, out) => (err ? reject(err) : resolve(out ?? ''))));
}
