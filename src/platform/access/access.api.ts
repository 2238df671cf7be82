// JSON API for identity and administration: who am I, the partnership directory, and users.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Container } from '../../main/container.ts';
import { problemSchema } from '../api/zod-schemas.ts';
import { requirePermission } from '../web/guard.ts';
import { ROLE_CODES } from '../../kernel/actor.ts';
import { assignRoleSchema, createUserSchema, updateUserSchema, versionSchema } from './users.forms.ts';

const idParams = z.object({ id: z.string().uuid() });
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };

const meResponse = z.object({
  kind: z.enum(['user', 'api-client']),
  userId: z.string().optional(),
  apiKeyId: z.string().optional(),
  agencyId: z.string(),
  agencyCode: z.string(),
  role: z.enum(ROLE_CODES).nullable().optional(),
  scope: z.object({ kind: z.string(), code: z.string() }).nullable().optional(),
  scopes: z.array(z.string()).optional(),
});

const userSummary = z.object({ id: z.string(), email: z.string(), displayName: z.string(), agencyId: z.string(), agencyName: z.string(), isDisabled: z.boolean() });

export async function accessApiRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const { users, directory, access } = container;
  const admin = requirePermission(container, 'admin.users.manage', 'user');

  app.get('/api/v1/me', { schema: { tags: ['access'], summary: 'Who is calling: the signed-in user and role, or the API key', response: { 200: meResponse, 401: problemSchema } } }, async (req) => {
    const actor = req.actor;
    if (actor.kind === 'api-client') return { kind: 'api-client', apiKeyId: actor.apiKeyId, agencyId: actor.agencyId, agencyCode: actor.agencyCode, scopes: actor.scopes };
    const user = access.requireUser(actor);
    return {
      kind: 'user',
      userId: user.userId,
      agencyId: user.agencyId,
      agencyCode: user.agencyCode,
      role: user.role,
      scope: user.scopeKind && user.scopeCode ? { kind: user.scopeKind, code: user.scopeCode } : null,
    };
  });

  app.get('/api/v1/boards', { schema: { tags: ['directory'], summary: 'The regional board and the local boards, with their local authorities', response: { 401: problemSchema, 403: problemSchema } } }, async (req) => {
    const boards = await directory.boards(req.actor);
    return { items: boards.map((b) => ({ code: b.code, name: b.name, kind: b.kind, localAuthorityCodes: b.localAuthorities.map((la) => la.code) })) };
  });

  app.get('/api/v1/local-authorities', { schema: { tags: ['directory'], summary: 'The 33 London local authorities (DfE and ONS codes)', response: { 401: problemSchema, 403: problemSchema } } }, async (req) => {
    const items = await directory.localAuthorities(req.actor);
    return { items: items.map((la) => ({ code: la.code, onsCode: la.onsCode, name: la.name, boardCode: la.boardCode, childPopulation: la.childPopulation })) };
  });

  app.get('/api/v1/agencies', { schema: { tags: ['directory'], summary: 'Partner agencies', response: { 401: problemSchema, 403: problemSchema } } }, async (req) => ({ items: await directory.agencies(req.actor) }));

  const listQuery = z.object({
    agencyId: z.string().uuid().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  });
  const listResponse = z.object({ items: z.array(userSummary), total: z.number() });
  const list = async (actor: Parameters<typeof users.list>[0], q: z.infer<typeof listQuery> & { search?: string }) => {
    const result = await users.list(actor, { search: q.search, agencyId: q.agencyId, limit: q.limit, offset: q.offset });
    return { items: result.rows.map(({ lastSignInAt: _l, ...u }) => u), total: result.total };
  };

  app.get('/api/v1/users', { preValidation: admin, schema: { tags: ['administration'], summary: 'List users (system administrators)', querystring: listQuery, response: { 200: listResponse, ...errors } } }, async (req) =>
    list(req.actor, req.query as z.infer<typeof listQuery>),
  );

  // Search terms are names and email addresses, so they travel in the body, never in a URL.
  const searchBody = listQuery.extend({ search: z.string({ error: 'Enter a name or email address' }).trim().min(1, 'Enter a name or email address').max(100, 'Search must be 100 characters or fewer') });
  app.post('/api/v1/users/search', { preValidation: admin, schema: { tags: ['administration'], summary: 'Search users by name or email address', body: searchBody, response: { 200: listResponse, ...errors } } }, async (req) =>
    list(req.actor, req.body as z.infer<typeof searchBody>),
  );

  const createBody = createUserSchema.extend({ roles: z.array(assignRoleSchema).default([]) });
  app.post('/api/v1/users', { preValidation: admin, schema: { tags: ['administration'], summary: 'Create a user, optionally with roles', body: createBody, response: { 201: z.object({ id: z.string() }), ...errors } } }, async (req, reply) => {
    const { roles, ...input } = req.body as z.infer<typeof createBody>;
    const id = await users.create(req.actor, input, roles);
    return reply.code(201).send({ id });
  });

  app.get('/api/v1/users/:id', { preValidation: admin, schema: { tags: ['administration'], summary: 'One user with teams and roles', params: idParams, response: errors } }, async (req) => {
    const { id } = req.params as z.infer<typeof idParams>;
    const { oidcSubject, ...user } = await users.get(req.actor, id);
    return { ...user, isOidcLinked: Boolean(oidcSubject) };
  });

  app.put('/api/v1/users/:id', { preValidation: admin, schema: { tags: ['administration'], summary: 'Change name, email and teams (send the version you read)', params: idParams, body: updateUserSchema, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    const { id } = req.params as z.infer<typeof idParams>;
    await users.update(req.actor, id, req.body as z.infer<typeof updateUserSchema>);
    return reply.code(204).send();
  });

  const statusBody = versionSchema.extend({ isDisabled: z.boolean({ error: 'Say whether the user is disabled' }) });
  app.post('/api/v1/users/:id/status', { preValidation: admin, schema: { tags: ['administration'], summary: 'Disable or enable a user; disabling ends their sessions', params: idParams, body: statusBody, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    const { id } = req.params as z.infer<typeof idParams>;
    const body = req.body as z.infer<typeof statusBody>;
    await users.setDisabled(req.actor, id, body.version, body.isDisabled);
    return reply.code(204).send();
  });

  app.post('/api/v1/users/:id/roles', { preValidation: admin, schema: { tags: ['administration'], summary: 'Give a user a role', params: idParams, body: assignRoleSchema, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    const { id } = req.params as z.infer<typeof idParams>;
    await users.assignRole(req.actor, id, req.body as z.infer<typeof assignRoleSchema>);
    return reply.code(204).send();
  });

  const revokeParams = z.object({ id: z.string().uuid(), assignmentId: z.string().uuid() });
  app.delete('/api/v1/users/:id/roles/:assignmentId', { preValidation: admin, schema: { tags: ['administration'], summary: "Remove a role; sessions using it end on their next request", params: revokeParams, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    const { id, assignmentId } = req.params as z.infer<typeof revokeParams>;
    await users.revokeRole(req.actor, id, assignmentId);
    return reply.code(204).send();
  });
}
