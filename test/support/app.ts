// The real app over a real database, with CSRF on, driven through Fastify's inject.
// `harness.signIn(email)` returns an agent that keeps cookies and sends the CSRF token like a browser.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Logger } from 'pino';
import type { UserActor } from '../../src/kernel/actor.ts';
import type { PersonMatcher } from '../../src/modules/identity/identity.matcher.ts';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { FixedClock, type Clock } from '../../src/kernel/clock.ts';
import { createContainer, prepareDatabase, seedDemo, type Container } from '../../src/main/container.ts';
import { createServer } from '../../src/main/server.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const DEMO_PASSWORD = 'test-demo-password-123';

export interface Harness {
  app: FastifyInstance;
  container: Container;
  database: TestDatabase;
  clock: Clock;
  /** A browser-like client that is not signed in. */
  agent(): Agent;
  /** Signs in a demo user (password) and, if they hold several roles, chooses `roleCode`. */
  signIn(email: string, roleCode?: string): Promise<Agent>;
  /** The actor behind a signed-in agent's session, for calling services directly as that user. */
  actorOf(agent: Agent): Promise<UserActor>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  config?: Partial<Config>;
  clock?: Clock;
  log?: Logger;
  personMatcher?: PersonMatcher;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const clock = options.clock ?? new FixedClock('2026-11-02T09:00:00Z');
  const config = loadConfig({ NODE_ENV: 'test' }, { demoPassword: DEMO_PASSWORD, logLevel: 'silent', signInRateLimitPerMinute: 1000, ...options.config });
  const container = await createContainer(config, { database: database.handle, clock, log: options.log, personMatcher: options.personMatcher });
  await prepareDatabase(container);
  await seedDemo(container, { withRecords: false });
  const app = await createServer(container);
  await app.ready();
  const harness: Harness = {
    app,
    container,
    database,
    clock,
    agent: () => new Agent(app),
    async signIn(email, roleCode) {
      const agent = new Agent(app);
      const res = await agent.submit('/sign-in', '/sign-in', { email, password: DEMO_PASSWORD });
      if (res.statusCode !== 303) throw new Error(`sign-in failed for ${email}: ${res.statusCode}`);
      const user = await container.database.db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirstOrThrow();
      agent.userId = user.id;
      const roles = await container.sessions.rolesFor(user.id);
      if (roleCode) {
        const role = roles.find((r) => r.roleCode === roleCode);
        if (!role) throw new Error(`${email} does not hold ${roleCode}`);
        const chosen = await agent.submit('/select-role', '/select-role', { roleAssignmentId: role.id });
        if (chosen.statusCode !== 303) throw new Error(`role selection failed: ${chosen.statusCode}`);
      }
      return agent;
    },
    async actorOf(agent) {
      const cookie = decodeURIComponent(agent.sessionCookie ?? '');
      const lookup = await container.sessions.resolve(cookie.slice(0, cookie.lastIndexOf('.')), { correlationId: 'test' });
      if (lookup.status !== 'active') throw new Error(`the agent's session is ${lookup.status}`);
      return lookup.actor;
    },
    async close() {
      await app.close();
      await container.close();
      await database.drop();
    },
  };
  return harness;
}

type Form = Record<string, string | string[]>;

export class Agent {
  private cookies = new Map<string, string>();
  /** Set by `signIn`: the signed-in user's id. */
  userId: string | undefined;

  constructor(private readonly app: FastifyInstance) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  get sessionCookie(): string | undefined {
    return this.cookies.get('safehub_session');
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  /** Posts a form with no CSRF token (to prove it is refused). */
  async postRaw(url: string, form: Form, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: encode(form),
      }),
    );
  }

  /** Loads `formPage`, takes its CSRF token, and posts `form` to `url` as the browser would. */
  async submit(formPage: string, url: string, form: Form): Promise<LightMyRequestResponse> {
    const page = await this.get(formPage);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) throw new Error(`no CSRF token on ${formPage} (status ${page.statusCode})`);
    return this.postRaw(url, { ...form, _csrf: token });
  }

  /** Loads `formPage` for its CSRF token and posts a multipart form with one file, as a browser's file upload does. */
  async upload(formPage: string, url: string, fields: Record<string, string>, file: { field: string; name: string; content: string; type?: string }): Promise<LightMyRequestResponse> {
    const page = await this.get(formPage);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) throw new Error(`no CSRF token on ${formPage} (status ${page.statusCode})`);
    const form = new FormData();
    form.append('_csrf', token);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append(file.field, new Blob([file.content], { type: file.type ?? 'text/csv' }), file.name);
    const encoded = new Request('http://upload.invalid/', { method: 'POST', body: form });
    const payload = Buffer.from(await encoded.arrayBuffer());
    return this.keep(await this.app.inject({ method: 'POST', url, headers: { cookie: this.cookieHeader(), 'content-type': encoded.headers.get('content-type')! }, payload }));
  }

  /** A JSON API call with the session cookie and (for writes) the CSRF token in a header. */
  async api(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { cookie: this.cookieHeader() };
    if (method !== 'GET') {
      const page = await this.get('/');
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
      if (token) headers['x-csrf-token'] = token;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    return this.keep(await this.app.inject({ method, url, headers, payload: body === undefined ? undefined : JSON.stringify(body) }));
  }
}

function encode(form: Form): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const value of Array.isArray(v) ? v : [v]) params.append(k, value);
  return params.toString();
}

/** Bearer-key API call without cookies. */
export function apiWithKey(app: FastifyInstance, key: string, method: 'GET' | 'POST', url: string, body?: unknown) {
  return app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
}
