// Liveness and readiness for load balancers and orchestrators.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemClock } from '../../src/kernel/clock.ts';
import { createHarness, type Harness } from '../support/app.ts';

describe('health endpoints', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  it('reports the process up and the database reachable as JSON', async () => {
    const health = await h.agent().get('/health');
    assert.deepEqual([health.statusCode, health.json()], [200, { status: 'ok' }]);
    const ready = await h.agent().get('/ready');
    assert.deepEqual([ready.statusCode, ready.json()], [200, { status: 'ready', database: 'reachable' }]);
  });

  it('reports not ready with 503 once the database is gone', async () => {
    await h.container.database.close();
    const ready = await h.agent().get('/ready');
    assert.deepEqual([ready.statusCode, ready.json()], [503, { status: 'unavailable', database: 'unreachable' }]);
    assert.equal((await h.agent().get('/health')).statusCode, 200);
  });
});

describe('readiness while scheduled jobs run', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness({ config: { jobTickSeconds: 1 }, clock: systemClock });
    h.container.scheduler.start();
  });
  after(() => h.close());

  it('keeps answering, and runs the session sweep, with the scheduler on (one PGlite connection)', async () => {
    await new Promise((r) => setTimeout(r, 2500));
    const ready = await Promise.race([h.agent().get('/ready'), new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000).unref())]);
    assert.ok(ready, '/ready did not answer within 5 s');
    assert.equal(ready.statusCode, 200);
    const runs = await h.container.database.db.selectFrom('jobRuns').select(['outcome', 'finishedAt']).where('jobName', '=', 'sessions.sweep-expired').execute();
    assert.ok(runs.length >= 1);
    assert.ok(runs.every((r) => r.outcome === 'success' && r.finishedAt));
  });
});

describe('static assets', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  it('serves the GOV.UK Frontend, MoJ Frontend and Safehub assets to anyone, so the sign-in page is styled', async () => {
    const page = await h.agent().get('/sign-in');
    const hrefs = [...page.body.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    assert.ok(hrefs.length >= 4, `assets linked from the page: ${hrefs.join(', ')}`);
    for (const href of [...hrefs, '/assets/fonts/light-94a07e06a1-v2.woff2']) {
      const res = await h.agent().get(href);
      assert.equal(res.statusCode, 200, href);
    }
    assert.match(String((await h.agent().get('/assets/govuk-frontend.min.css')).headers['content-type']), /text\/css/);
  });

  it('serves nothing outside the asset folders', async () => {
    for (const url of ['/assets/../package.json', '/assets/%2e%2e/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2f..%2fpackage.json']) {
      const res = await h.agent().get(url);
      assert.notEqual(res.statusCode, 200, url);
      assert.doesNotMatch(res.body, /"name": "safehub"/, url);
    }
    assert.equal((await h.agent().get('/assets/index.scss')).statusCode, 404, 'only served file types');
  });
});
