// The privacy officer's access history of front-door records: who read or changed a contact, for the contacts
// their agency holds; another authority's contact is "not found".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { UserActor } from '../../src/kernel/actor.ts';
import { contactInputSchema } from '../../src/modules/front-door/front-door.forms.ts';
import { createHarness, type Agent, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';

describe('access history of contacts', () => {
  let h: Harness;
  let camden: string;
  let greenwich: string;

  const actorOf = (a: Agent): Promise<UserActor> => h.actorOf(a);

  before(async () => {
    h = await createHarness({ personMatcher: new StubMatcher() });
    const teacher = await actorOf(await h.signIn('referrer@camden-schools.example'));
    const input = (laCode: string) =>
      contactInputSchema.parse({ laCode, source: '2A', referrer: { name: 'Grace Adeyemi' }, children: [{ forenames: 'Elowen', surname: 'Marsh-Tiller' }], concern: 'A concern about a child at school.', indicators: ['neglect'], consent: { position: 'given' } });
    camden = (await h.container.frontDoor.submit(teacher, input('202'))).contactId;
    greenwich = (await h.container.frontDoor.submit(teacher, input('203'))).contactId;
    const hub = await h.signIn('hub.practitioner@camden.example');
    assert.equal((await hub.get(`/contacts/${camden}`)).statusCode, 200);
  });
  after(() => h.close());

  it("shows the Camden privacy officer who created and read a Camden contact, and refuses another authority's", async () => {
    const officer = await h.signIn('privacy.officer@camden.example');
    const res = await officer.get(`/audit/access-history/contact/${camden}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /contact\.create/);
    assert.match(res.body, /contact\.read/);
    assert.match(res.body, /Tomasz Nowak/);
    assert.equal((await officer.get(`/audit/access-history/contact/${greenwich}`)).statusCode, 404);
  });
});
