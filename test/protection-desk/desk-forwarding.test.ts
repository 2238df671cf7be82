// Forwarding through the real composition root: the front door is the desk's hub forwarder, so forwarding a
// notification makes one hub contact, and the desk records its id. (The desk's own rules are tested with a
// fake hub in desk-service.test.ts.) All people named here are invented.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { UserActor } from '../../src/kernel/actor.ts';
import type { DeskTables } from '../../src/modules/protection-desk/desk.tables.ts';
import { createHarness, type Harness } from '../support/app.ts';

describe('forwarding a police notification to the hub', () => {
  let h: Harness;
  let officer: UserActor;

  before(async () => {
    h = await createHarness();
    const agent = await h.signIn('desk.officer@met.example');
    const cookie = decodeURIComponent(agent.sessionCookie!);
    const lookup = await h.container.sessions.resolve(cookie.slice(0, cookie.lastIndexOf('.')), { correlationId: 'test' });
    officer = (lookup as { actor: UserActor }).actor;
  });
  after(() => h.close());

  it('makes a hub contact and records it on the notification', async () => {
    const desk = h.container.protectionDesk;
    const sent = await desk.submit(officer, {
      policeReference: 'MPS-F1',
      occurredAt: '2026-11-01T20:00:00Z',
      laCode: '202',
      incidentType: 'domestic-abuse',
      factors: ['child-present', 'weapon'],
      summary: 'Argument escalated; knife produced; children present.',
      children: [{ forenames: 'Wren', surname: 'Ashcombe', dateOfBirth: '2018-04-04' }],
      adults: [{ forenames: 'Lyle', surname: 'Ashcombe', role: 'suspect' }],
    });
    const { contactId } = await desk.forward(officer, sent.notificationId, 1);
    const stored = await h.container.database.db.withTables<DeskTables>().selectFrom('policeNotifications').select(['status', 'contactId']).where('id', '=', sent.notificationId).executeTakeFirstOrThrow();
    assert.deepEqual(stored, { status: 'forwarded', contactId });
    const contact = await h.container.database.db.selectFrom('auditEvents').select('recordId').where('action', '=', 'contact.create').where('recordId', '=', contactId).executeTakeFirst();
    assert.ok(contact, 'the front door recorded the contact it made');
  });
});
