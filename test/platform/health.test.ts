// Liveness and readiness for load balancers and orchestrators.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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
