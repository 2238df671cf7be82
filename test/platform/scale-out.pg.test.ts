// Two Safehub processes against one PostgreSQL database: a session made on one is valid on the other,
// and a scheduled job registered on both runs once per tick. Needs a PostgreSQL server (run by the
// PostgreSQL pass of `npm test`, which sets DATABASE_URL).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import { createContainer, prepareDatabase, seedDemo } from '../../src/main/container.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const PASSWORD = 'two-node-demo-password';

async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  server.close();
  return port;
}

async function startNode(url: string, port: number, nodeId: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'serve', '--port', String(port), '--no-migrate'], {
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'test', NODE_ID: nodeId, JOB_TICK_SECONDS: '1', RUN_JOBS: 'true', SEED_DEMO: 'false', LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: '3', SIGN_IN_RATE_LIMIT_PER_MINUTE: '8' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/ready`);
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`node ${nodeId} did not start`);
}

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
}

describe('two nodes, one PostgreSQL database', () => {
  let tdb: TestDatabase;
  let nodes: ChildProcess[] = [];
  let portA = 0;
  let portB = 0;

  before(async () => {
    assert.ok(process.env.DATABASE_URL, 'this test needs DATABASE_URL (the PostgreSQL pass sets it)');
    tdb = await createTestDatabase();
    const container = await createContainer(loadConfig({ NODE_ENV: 'test' }, { demoPassword: PASSWORD, logLevel: 'silent' }), { database: tdb.handle });
    await prepareDatabase(container);
    await seedDemo(container, { withRecords: false });
    [portA, portB] = [await freePort(), await freePort()];
    nodes = [await startNode(tdb.url!, portA, 'node-a'), await startNode(tdb.url!, portB, 'node-b')];
  });

  after(async () => {
    for (const n of nodes) n.kill('SIGTERM');
    await Promise.all(nodes.map((n) => (n.exitCode === null ? once(n, 'exit') : undefined)));
    await tdb.drop();
  });

  it('honours on node B a session signed in on node A, and a sign-out on B ends it on A', async () => {
    const form = await fetch(`http://127.0.0.1:${portA}/sign-in`);
    let cookies = cookiesOf(form);
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const signIn = await fetch(`http://127.0.0.1:${portA}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, email: 'caseworker@camden.example', password: PASSWORD }),
    });
    assert.equal(signIn.status, 303);
    cookies = `${cookies}; ${cookiesOf(signIn)}`;
    const onB = await fetch(`http://127.0.0.1:${portB}/`, { headers: { cookie: cookies }, redirect: 'manual' });
    assert.equal(onB.status, 200);
    assert.match(await onB.text(), /Your Safehub home/);
    const me = await fetch(`http://127.0.0.1:${portB}/api/v1/me`, { headers: { cookie: cookies } });
    assert.equal(((await me.json()) as { role: string }).role, 'caseworker');

    const home = await (await fetch(`http://127.0.0.1:${portB}/`, { headers: { cookie: cookies } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home)![1]!;
    const out = await fetch(`http://127.0.0.1:${portB}/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }),
    });
    assert.equal(out.status, 303);
    const onA = await fetch(`http://127.0.0.1:${portA}/`, { headers: { cookie: cookies }, redirect: 'manual' });
    assert.equal(onA.status, 303);
    assert.match(onA.headers.get('location') ?? '', /^\/sign-in/);
  });

  it('runs the scheduled job once per tick although both nodes run the scheduler', async () => {
    await new Promise((r) => setTimeout(r, 4500));
    const runs = await tdb.handle.db.selectFrom('jobRuns').select(['tick', 'nodeId']).where('jobName', '=', 'sessions.sweep-expired').orderBy('tick').execute();
    assert.ok(runs.length >= 3, `expected several ticks to have run, got ${runs.length}`);
    const ticks = runs.map((r) => r.tick);
    assert.equal(new Set(ticks).size, ticks.length, 'no tick ran twice');
    const nodesSeen = new Set(runs.map((r) => r.nodeId));
    assert.ok([...nodesSeen].every((n) => n === 'node-a' || n === 'node-b'));
  });

  it('counts sign-in attempts across both nodes, so two nodes do not double the limit', async () => {
    const attempt = async (port: number) => {
      const form = await fetch(`http://127.0.0.1:${port}/sign-in`);
      const cookies = cookiesOf(form);
      const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
      return fetch(`http://127.0.0.1:${port}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: token, email: 'caseworker@camden.example', password: 'wrong-password-000' }),
      });
    };
    const first = await attempt(portA);
    assert.equal(first.status, 400);
    const remaining = Number(first.headers.get('x-ratelimit-remaining'));
    assert.ok(remaining >= 1 && remaining < 8, `remaining ${remaining}`);
    for (let i = 0; i < remaining; i++) assert.equal((await attempt(i % 2 ? portA : portB)).status, 400, `attempt ${i + 2} is within the shared limit`);
    assert.equal((await attempt(portB)).status, 429, 'the shared limit is reached on node B');
    assert.equal((await attempt(portA)).status, 429, 'and on node A');
  });
});
