// Administration pages: users (create, edit, roles, teams, password, disable), teams and API keys.
// Thin handlers: every rule and every audit event lives in the services.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Container } from '../../main/container.ts';
import type { Actor } from '../../kernel/actor.ts';
import { asArray, parseOrThrow } from '../forms.ts';
import { withFormErrors, type FormErrorLocals } from '../web/form-errors.ts';
import { requirePermission } from '../web/guard.ts';
import { paths } from '../web/paths.ts';
import { createApiKeySchema } from './api-keys.service.ts';
import { createTeamSchema } from './directory.service.ts';
import { API_KEY_SCOPES, ROLES } from './roles.ts';
import { assignRoleSchema, createUserSchema, setPasswordSchema, updateUserSchema, versionSchema } from './users.forms.ts';

const PAGE_SIZE = 25;
const listQuery = z.object({
  q: z.string().trim().max(100).optional().default(''),
  agencyId: z.union([z.literal(''), z.string().uuid()]).optional().default(''),
  page: z.coerce.number().int().min(1).max(10_000).optional().default(1),
});

type Body = Record<string, unknown>;

export async function adminRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const { users, directory, apiKeys } = container;

  const usersGuard = { preValidation: requirePermission(container, 'admin.users.manage', 'user') };
  const teamsGuard = { preValidation: requirePermission(container, 'admin.teams.manage', 'team') };
  const keysGuard = { preValidation: requirePermission(container, 'admin.api-keys.manage', 'api-key') };

  const agencyOptions = async (actor: Actor) => (await directory.agencies(actor)).map((a) => ({ value: a.id, text: a.name }));
  const roleOptions = () => Object.values(ROLES).map((r) => ({ code: r.code, text: r.name, scopeKinds: r.scopeKinds }));

  // Users ------------------------------------------------------------------
  // Browsing by agency and page uses GET (no personal data); a search by name or email is a POST,
  // so what was typed never appears in a URL, a browser history or a proxy log.
  const showUsers = async (actor: Actor, reply: FastifyReply, q: { q: string; agencyId: string; page: number }) => {
    const result = await users.list(actor, { search: q.q || undefined, agencyId: q.agencyId || undefined, limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const link = (page: number) => `${paths.admin.users}?${new URLSearchParams({ ...(q.agencyId ? { agencyId: q.agencyId } : {}), page: String(page) })}`;
    return reply.view('admin/users.njk', {
      pageTitle: 'Users',
      users: result.rows,
      total: result.total,
      query: q,
      agencies: await agencyOptions(actor),
      // Search results are one page (the first PAGE_SIZE matches): paging would put the search in a URL.
      pagination: q.q
        ? { items: [] }
        : {
            previous: q.page > 1 ? { href: link(q.page - 1) } : undefined,
            next: q.page < pages ? { href: link(q.page + 1) } : undefined,
            items: pages > 1 ? Array.from({ length: Math.min(pages, 10) }, (_, i) => ({ number: i + 1, href: link(i + 1), current: i + 1 === q.page })) : [],
          },
    });
  };

  app.get(paths.admin.users, usersGuard, async (req, reply) => {
    const query = listQuery.omit({ q: true }).safeParse(req.query);
    return showUsers(req.actor, reply, { q: '', ...(query.success ? query.data : { agencyId: '', page: 1 }) });
  });

  app.post(paths.admin.userSearch, usersGuard, async (req, reply) => {
    const query = listQuery.safeParse(req.body ?? {});
    return showUsers(req.actor, reply, { ...(query.success ? query.data : { q: '', agencyId: '' }), page: 1 });
  });

  const showNewUser = async (actor: Actor, reply: FastifyReply, values: Body = {}, errors?: FormErrorLocals) =>
    reply.view('admin/user-new.njk', {
      pageTitle: 'Add a user',
      agencies: await agencyOptions(actor),
      teams: await directory.teams(actor),
      roles: roleOptions(),
      scopes: await users.scopeOptions(),
      values,
      ...errors,
    });

  app.get(paths.admin.newUser, usersGuard, async (req, reply) => {
    return showNewUser(req.actor, reply);
  });

  app.post(paths.admin.users, usersGuard, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () => {
      const input = parseOrThrow(createUserSchema, { ...body, teamIds: asArray(body.teamIds) });
      const roles = body.roleCode ? [parseOrThrow(assignRoleSchema, { roleCode: body.roleCode, scopeCode: body[`scope-${String(body.roleCode)}`] })] : [];
      return users.create(req.actor, input, roles);
    });
    if (!result.ok) {
      reply.code(400);
      return showNewUser(req.actor, reply, { ...body, teamIds: asArray(body.teamIds), password: undefined }, result.locals);
    }
    return reply.redirect(`${paths.admin.user(result.value)}?created=1`, 303);
  });

  const showUser = async (actor: Actor, id: string, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const user = await users.get(actor, id);
    const scopes = await users.scopeOptions();
    const scopeName = (kind: string, code: string) => scopes[kind as keyof typeof scopes]?.find((s) => s.code === code)?.name ?? code;
    return reply.view('admin/user.njk', {
      pageTitle: user.displayName,
      account: { ...user, roles: user.roles.map((r) => ({ ...r, scopeName: scopeName(r.scopeKind, r.scopeCode) })) },
      roles: roleOptions(),
      scopes,
      ...extra,
    });
  };

  app.get('/admin/users/:id', usersGuard, async (req, reply) => {
    const { id } = req.params as { id: string };
    const flags = req.query as Record<string, string | undefined>;
    const banner = flags.created ? 'User added' : flags.updated ? 'Changes saved' : flags.role ? 'Role added' : flags.revoked ? 'Role removed' : flags.disabled ? 'User disabled. Their sessions have ended.' : flags.enabled ? 'User enabled' : flags.password ? 'Password set' : undefined;
    return showUser(req.actor, id, reply, { banner });
  });

  app.get('/admin/users/:id/edit', usersGuard, async (req, reply) => {
    const { id } = req.params as { id: string };
    const user = await users.get(req.actor, id);
    return reply.view('admin/user-edit.njk', {
      pageTitle: `Change ${user.displayName}`,
      account: user,
      teams: (await directory.teams(req.actor, user.agencyId)).map((t) => ({ value: t.id, text: t.name })),
      values: { email: user.email, displayName: user.displayName, teamIds: user.teams.map((t) => t.id), version: user.version },
    });
  });

  app.post('/admin/users/:id/edit', usersGuard, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () => users.update(req.actor, id, parseOrThrow(updateUserSchema, { ...body, teamIds: asArray(body.teamIds) })));
    if (!result.ok) {
      const user = await users.get(req.actor, id);
      reply.code(400);
      return reply.view('admin/user-edit.njk', {
        pageTitle: `Change ${user.displayName}`,
        account: user,
        teams: (await directory.teams(req.actor, user.agencyId)).map((t) => ({ value: t.id, text: t.name })),
        values: { ...body, teamIds: asArray(body.teamIds) },
        ...result.locals,
      });
    }
    return reply.redirect(`${paths.admin.user(id)}?updated=1`, 303);
  });

  app.post('/admin/users/:id/status', usersGuard, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () => {
      const { version } = parseOrThrow(versionSchema, body);
      const disable = body.action === 'disable';
      await users.setDisabled(req.actor, id, version, disable);
      return disable;
    });
    if (!result.ok) {
      reply.code(400);
      return showUser(req.actor, id, reply, { ...result.locals });
    }
    return reply.redirect(`${paths.admin.user(id)}?${result.value ? 'disabled' : 'enabled'}=1`, 303);
  });

  app.post('/admin/users/:id/roles', usersGuard, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () =>
      users.assignRole(req.actor, id, parseOrThrow(assignRoleSchema, { roleCode: body.roleCode, scopeCode: body[`scope-${String(body.roleCode)}`] })),
    );
    if (!result.ok) {
      reply.code(400);
      return showUser(req.actor, id, reply, { ...result.locals, roleValues: body });
    }
    return reply.redirect(`${paths.admin.user(id)}?role=1`, 303);
  });

  app.post('/admin/users/:id/roles/:assignmentId/revoke', usersGuard, async (req, reply) => {
    const { id, assignmentId } = req.params as { id: string; assignmentId: string };
    await users.revokeRole(req.actor, id, assignmentId);
    return reply.redirect(`${paths.admin.user(id)}?revoked=1`, 303);
  });

  app.post('/admin/users/:id/password', usersGuard, async (req, reply) => {
    const { id } = req.params as { id: string };
    const result = await withFormErrors(async () => users.setPassword(req.actor, id, parseOrThrow(setPasswordSchema, req.body ?? {}).password));
    if (!result.ok) {
      reply.code(400);
      return showUser(req.actor, id, reply, { ...result.locals });
    }
    return reply.redirect(`${paths.admin.user(id)}?password=1`, 303);
  });

  // Teams ------------------------------------------------------------------
  app.get(paths.admin.teams, teamsGuard, async (req, reply) => {
    const query = z.object({ agencyId: z.string().uuid().optional() }).safeParse(req.query);
    const agencyId = query.success ? query.data.agencyId : undefined;
    return reply.view('admin/teams.njk', {
      pageTitle: 'Teams',
      teams: await directory.teams(req.actor, agencyId),
      agencies: await agencyOptions(req.actor),
      agencyId,
      created: Boolean((req.query as Record<string, string>).created),
    });
  });

  const showNewTeam = async (actor: Actor, reply: FastifyReply, values: Body = {}, errors?: FormErrorLocals) =>
    reply.view('admin/team-new.njk', {
      pageTitle: 'Add a team',
      agencies: await agencyOptions(actor),
      localAuthorities: (await directory.localAuthorities(actor)).map((la) => ({ value: la.code, text: la.name })),
      values,
      ...errors,
    });

  app.get(paths.admin.newTeam, teamsGuard, async (req, reply) => {
    return showNewTeam(req.actor, reply);
  });

  app.post(paths.admin.teams, teamsGuard, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () => directory.createTeam(req.actor, parseOrThrow(createTeamSchema, body)));
    if (!result.ok) {
      reply.code(400);
      return showNewTeam(req.actor, reply, body, result.locals);
    }
    return reply.redirect(`${paths.admin.teams}?created=1&agencyId=${encodeURIComponent(String(body.agencyId))}`, 303);
  });

  // API keys ---------------------------------------------------------------
  app.get(paths.admin.apiKeys, keysGuard, async (req, reply) => {
    const keys = await apiKeys.list(req.actor);
    return reply.view('admin/api-keys.njk', { pageTitle: 'API keys', keys, revoked: Boolean((req.query as Record<string, string>).revoked) });
  });

  const showNewKey = async (actor: Actor, reply: FastifyReply, values: Body = {}, errors?: FormErrorLocals) =>
    reply.view('admin/api-key-new.njk', { pageTitle: 'Create an API key', agencies: await agencyOptions(actor), scopes: API_KEY_SCOPES, values, ...errors });

  app.get(paths.admin.newApiKey, keysGuard, async (req, reply) => {
    return showNewKey(req.actor, reply);
  });

  app.post(paths.admin.apiKeys, keysGuard, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const result = await withFormErrors(async () => apiKeys.create(req.actor, parseOrThrow(createApiKeySchema, { ...body, scopes: asArray(body.scopes) })));
    if (!result.ok) {
      reply.code(400);
      return showNewKey(req.actor, reply, { ...body, scopes: asArray(body.scopes) }, result.locals);
    }
    // Shown once, in the response body only (never in a URL or a log).
    return reply.view('admin/api-key-created.njk', { pageTitle: 'API key created', key: result.value.key, name: String(body.name ?? '') });
  });

  app.post('/admin/api-keys/:id/revoke', keysGuard, async (req, reply) => {
    const { id } = req.params as { id: string };
    await apiKeys.revoke(req.actor, id);
    return reply.redirect(`${paths.admin.apiKeys}?revoked=1`, 303);
  });
}
