// The `safehub` command line, run as a separate process against a real database:
// migrate, seed-demo, users create, and audit verify (exit 0 when intact; 1 naming the first broken event).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/database.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('safehub CLI', () => {
  let tdb: TestDatabase | undefined;
  let dataDir = '';
  let env: Record<string, string | undefined>;

  before(async () => {
    if (process.env.DATABASE_URL) {
      tdb = await createTestDatabase();
      await tdb.handle.close();
      env = { DATABASE_URL: tdb.url };
    } else {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'safehub-cli-'));
      env = { DATABASE_URL: undefined, DATA_DIR: dataDir };
    }
  });
  after(async () => {
    if (tdb) await tdb.drop().catch(() => undefined);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function cli(args: string[], input?: string): Promise<Run> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', ...args], {
        env: { ...process.env, ...env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_PASSWORD: 'cli-demo-password' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.stdin.end(input ?? '');
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
  }

  /** Opens the same database in this process (after the CLI has exited: PGlite allows one process). */
  async function withDb<T>(fn: (h: DatabaseHandle) => Promise<T>): Promise<T> {
    const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, databaseReadUrl: undefined, dataDir, databasePoolSize: 1 });
    try {
      return await fn(handle);
    } finally {
      await handle.close();
    }
  }

  it('migrates an empty database and loads the reference data', async () => {
    const run = await cli(['migrate']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Database is up to date/);
    const counts = await withDb(async (h) => ({
      boards: Number((await h.db.selectFrom('boards').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
      authorities: Number((await h.db.selectFrom('localAuthorities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    }));
    assert.deepEqual(counts, { boards: 33, authorities: 33 });
    assert.equal((await cli(['migrate'])).code, 0, 'running it again changes nothing and succeeds');
  });

  it('seeds the demo users and prints them with their password', async () => {
    const run = await cli(['seed-demo']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /14 new demo users, \d{4,} new agency records linked into \d{4,} people, \d{3,} contacts/);
    assert.match(run.stdout, /admin@london-board\.example/);
    assert.match(run.stdout, /cli-demo-password/);
    assert.match((await cli(['seed-demo'])).stdout, /0 new demo users, 0 new agency records/);
  });

  it('creates a user with roles, reading the password from standard input', async () => {
    const run = await cli(['users', 'create', '--email', 'cli.user@camden.example', '--name', 'Cli User', '--agency', 'la-202', '--role', 'caseworker:202', '--password-stdin'], 'a-cli-password-123\n');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Created user [0-9a-f-]{36} with 1 role/);
    const role = await withDb((h) =>
      h.db.selectFrom('users as u').innerJoin('roleAssignments as r', 'r.userId', 'u.id').select(['r.roleCode', 'r.scopeCode', 'u.passwordHash']).where('u.email', '=', 'cli.user@camden.example').executeTakeFirstOrThrow(),
    );
    assert.deepEqual([role.roleCode, role.scopeCode], ['caseworker', '202']);
    assert.match(role.passwordHash!, /^\$argon2id\$/);
  });

  it('loads a Synthetic London into the database with generate --into-db, and adds nothing the second time', async () => {
    const first = await cli(['generate', '--into-db', '--seed', '5', '--scale', '0.0002']);
    assert.equal(first.code, 0, first.stderr);
    const loaded = /(\d+) new agency records, (\d+) already held, (\d+) new people, 0 rejected/.exec(first.stdout);
    assert.ok(loaded, first.stdout);
    assert.ok(Number(loaded[1]) > 300 && Number(loaded[3]) < Number(loaded[1]));
    const again = await cli(['generate', '--into-db', '--seed', '5', '--scale', '0.0002']);
    assert.match(again.stdout, new RegExp(`0 new agency records, ${loaded[1]} already held, 0 new people`));
  });

  it('explains bad input and exits non-zero', async () => {
    const unknownAgency = await cli(['users', 'create', '--email', 'x@camden.example', '--name', 'X', '--agency', 'no-such-agency']);
    assert.equal(unknownAgency.code, 1);
    assert.match(unknownAgency.stderr, /No agency has the code no-such-agency/);
    const badRole = await cli(['users', 'create', '--email', 'y@camden.example', '--name', 'Y', '--agency', 'la-202', '--role', 'wizard:202']);
    assert.equal(badRole.code, 1);
    assert.match(badRole.stderr, /Select a role/);
    const badEmail = await cli(['users', 'create', '--email', 'not-an-email', '--name', 'Z', '--agency', 'la-202']);
    assert.equal(badEmail.code, 1);
    assert.match(badEmail.stderr, /correct format/);
  });

  it('verifies an intact audit chain with exit 0, and names the first broken event with exit 1', async () => {
    const intact = await cli(['audit', 'verify']);
    assert.equal(intact.code, 0, intact.stderr);
    assert.match(intact.stdout, /Audit chain intact: \d+ events/);
    await withDb(async (h) => {
      await sql.raw('alter table audit_events disable trigger user').execute(h.db);
      await sql.raw(`update audit_events set action = 'user.read' where seq = 1`).execute(h.db);
      await sql.raw('alter table audit_events enable trigger user').execute(h.db);
    });
    const broken = await cli(['audit', 'verify']);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /Audit chain BROKEN at event 1 \(id [0-9a-f-]{36}\): event 1 was altered/);
  });
});
