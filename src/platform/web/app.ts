// The Fastify application: security plugins, sessions, CSRF, GOV.UK page rendering, the JSON API with
// OpenAPI, and one place where errors become pages or problem+json.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { randomUUID } from 'node:crypto';
import type { Container } from '../../main/container.ts';
import { isUuid } from '../../kernel/ids.ts';
import { NotFoundError, UnauthenticatedError } from '../../kernel/errors.ts';
import { isReachable } from '../db/database.ts';
import { registerApiSupport, swaggerTransform } from '../api/zod-schemas.ts';
import { errorResponse } from './errors.ts';
import { createViewEnvironment, renderView } from './views.ts';
import { SESSION_COOKIE } from './request-context.ts';
import { databaseRateLimitStore } from './rate-limit-store.ts';
import { paths } from './paths.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

/** The largest file a page may upload (bulk loads). */
export const UPLOAD_LIMIT_BYTES = 16 * 1024 * 1024;

/** An uploaded file as a route sees it in its body. */
export interface UploadedFile {
  filename: string;
  content: string;
}

export type RoutePlugin = (app: FastifyInstance, container: Container) => Promise<void> | void;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function buildApp(container: Container, routePlugins: RoutePlugin[]): Promise<FastifyInstance> {
  const { config, log } = container;
  const app = Fastify({
    logger: false,
    bodyLimit: 1_048_576,
    trustProxy: config.env === 'production',
    // A caller may pass its own correlation id (a UUID); otherwise we make one.
    genReqId: (req) => {
      const given = req.headers['x-correlation-id'];
      return typeof given === 'string' && isUuid(given) ? given : randomUUID();
    },
  });

  await app.register(cookie, { secret: config.cookieSecret });
  await app.register(formbody);
  // File uploads (bulk loads from a page): one file, read into memory and handed to the route as
  // { filename, content } beside the other form fields, so the CSRF check and the handler see a plain body.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 50, parts: 51 },
    onFile: async (part) => {
      const content = (await part.toBuffer()).toString('utf8');
      (part as unknown as { value: UploadedFile }).value = { filename: part.filename, content };
    },
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    strictTransportSecurity: config.env === 'production',
  });
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(container.database.db) });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: '_csrf',
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, signed: true, secure: config.secureCookies },
  });
  await app.register(fastifyStatic, {
    prefix: '/assets/',
    root: [
      path.join(here, 'assets'),
      path.join(root, 'node_modules/govuk-frontend/dist/govuk/assets'),
      path.join(root, 'node_modules/govuk-frontend/dist/govuk'),
      path.join(root, 'node_modules/@ministryofjustice/frontend/moj'),
    ],
    allowedPath: (pathname) => /\.(css|js|mjs|map|woff2?|png|svg|ico|json)$/.test(pathname),
    cacheControl: true,
    maxAge: config.env === 'production' ? '1d' : 0,
  });

  // Each module keeps its templates in its own views/ folder.
  const moduleViews = fs
    .readdirSync(path.join(root, 'src/modules'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, 'src/modules', d.name, 'views')))
    .map((d) => path.join(root, 'src/modules', d.name, 'views'));
  const views = createViewEnvironment(
    [path.join(here, 'views'), path.join(root, 'src/platform/access/views'), path.join(root, 'src/platform/audit/views'), ...moduleViews],
    config.env === 'development',
  );
  app.decorateReply('view', async function (this: FastifyReply, template: string, locals: Record<string, unknown> = {}) {
    const html = await renderView(views, template, this.request, this.generateCsrf(), container, locals);
    return this.type('text/html; charset=utf-8').send(html);
  });
  app.decorateRequest('actor', null as never);
  app.decorateRequest('correlationId', '');

  await registerApiSupport(app);
  await app.register(swagger, {
    transform: swaggerTransform,
    openapi: {
      info: { title: 'Safehub API', version: '1', description: 'JSON API of Safehub. Errors are application/problem+json with a stable `code`.' },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'A partner-system API key: `Authorization: Bearer shk_…`' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: paths.api.docs, staticCSP: true, uiConfig: { docExpansion: 'list' } });

  // Who is acting. API calls may carry an API key; pages and API calls may carry a session cookie.
  app.addHook('onRequest', async (req, reply) => {
    req.correlationId = req.id;
    req.actor = { kind: 'anonymous', correlationId: req.id };
    reply.header('x-correlation-id', req.id);
    if (req.url.startsWith('/assets/')) return;
    const auth = req.headers.authorization;
    if (req.url.startsWith('/api/') && auth?.startsWith('Bearer ')) {
      req.actor = await container.apiKeys.authenticate(auth.slice(7).trim(), req.id);
      return;
    }
    const raw = req.cookies[SESSION_COOKIE];
    if (!raw) return;
    const unsigned = req.unsignCookie(raw);
    const lookup = await container.sessions.resolve(unsigned.valid ? (unsigned.value ?? undefined) : undefined, { correlationId: req.id });
    if (lookup.status === 'active') {
      req.actor = lookup.actor;
    } else {
      req.sessionEndReason = lookup.reason;
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    }
  });

  // Both checks run before the body is validated, so nobody learns anything from a refused request.
  // CSRF on every state-changing request that relies on cookies (API keys are not ambient credentials).
  app.addHook('preValidation', async (req, reply) => {
    if (SAFE_METHODS.has(req.method) || req.actor.kind === 'api-client') return;
    await new Promise<void>((resolve, reject) => {
      app.csrfProtection(req, reply, (err?: Error) => (err ? reject(err) : resolve()));
    });
  });

  // Default deny: a route is for signed-in users with a chosen role unless it says otherwise.
  app.addHook('preValidation', async (req, reply) => {
    const cfg = req.routeOptions.config;
    // Public: routes marked so, static assets (GOV.UK Frontend and ours), and the API documentation.
    if (cfg?.isPublic || req.url.startsWith('/assets/') || req.url.startsWith(`${paths.api.docs}/`) || req.url === paths.api.docs) return;
    if (req.actor.kind === 'anonymous' || req.actor.kind === 'system') throw new UnauthenticatedError();
    if (req.actor.kind === 'user' && req.actor.role === null && !cfg?.allowWithoutRole) {
      if (req.url.startsWith('/api/')) throw new UnauthenticatedError('Choose a role before using the API');
      return reply.redirect(paths.selectRole, 303);
    }
  });

  // Authenticated responses are never cached; assets may be.
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith('/assets/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  // Logs hold ids and outcomes only: the route pattern, never the URL or body.
  app.addHook('onResponse', async (req, reply) => {
    log.info(
      {
        correlationId: req.id,
        method: req.method,
        route: req.routeOptions.url ?? 'not-found',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        actor: req.actor?.kind === 'user' ? req.actor.userId : req.actor?.kind === 'api-client' ? req.actor.apiKeyId : undefined,
      },
      'request',
    );
  });

  app.setErrorHandler(async (error, req, reply) => errorResponse(error, req, reply, log));
  app.setNotFoundHandler(async (req, reply) => errorResponse(new NotFoundError(), req, reply, log));

  app.get('/health', { config: { isPublic: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { config: { isPublic: true }, schema: { hide: true } }, async (_req, reply) => {
    const ok = await isReachable(container.database.db);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'unavailable', database: ok ? 'reachable' : 'unreachable' });
  });

  for (const plugin of routePlugins) await plugin(app, container);
  return app;
}
