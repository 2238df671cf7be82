// The case pages over the real app (CSRF on): a caseworker opens the case from a referral routed to them, sees every
// deadline with the rule that set it, records an assessment (first with a mistake, then correctly), a strategy
// discussion with several agencies that starts a section 47 enquiry, and is told clearly when someone else changed
// the case first. Also who may open a case page at all.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FixedClock } from '../../src/kernel/clock.ts';
import { createHarness, type Agent, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';
import { actors, agencyId, contactFactory, createUser } from '../front-door/factories.ts';

describe('case pages', () => {
  let h: Harness;
  let clock: FixedClock;
  let worker: Agent;
  let caseId: string;
  let surname: string;
  let police: string;

  const db = () => h.container.casework.context.db;
  const version = async (id: string) => String((await db().selectFrom('caseEpisodes').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
  const date = (name: string, d: string) => {
    const [y, m, dd] = d.split('-');
    return { [`${name}-day`]: String(Number(dd)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
  };

  before(async () => {
    clock = new FixedClock('2026-11-02T09:00:00Z');
    h = await createHarness({ clock, personMatcher: new StubMatcher() });
    worker = await h.signIn('caseworker@camden.example', 'caseworker');
    police = await agencyId(h, 'met-police');
    // A referral the hub decided and allocated to the caseworker: it waits on their "contacts about your children".
    const f = contactFactory(h);
    const contact = await f.decidedReferral();
    const caseworker = await h.actorOf(worker);
    await h.container.frontDoor.allocate(await actors(h).manager(), contact.id, contact.version, caseworker.userId);
    surname = (await db().selectFrom('contactPersons').select('surname').where('contactId', '=', contact.id).executeTakeFirstOrThrow()).surname;

    const contactPage = await worker.get(`/contacts/${contact.id}`);
    assert.match(contactPage.body, /Open or view the case/);
    const opened = await worker.submit('/contacts/allocated', `/contacts/${contact.id}/open-case`, {});
    assert.equal(opened.statusCode, 303);
    const match = /^\/cases\/([0-9a-f-]{36})\?done=opened$/.exec(String(opened.headers.location));
    assert.ok(match, `redirected to the case: ${opened.headers.location}`);
    caseId = match[1]!;
  });
  after(() => h.close());

  it('shows the case with each deadline, its status and the rule that set it', async () => {
    const page = await worker.get(`/cases/${caseId}?done=opened`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Case opened/);
    assert.match(page.body, /<title>Case – Safehub<\/title>/, 'no name in the title');
    assert.match(page.body, new RegExp(surname));
    assert.match(page.body, /Decision on the referral/);
    assert.match(page.body, /govuk-tag--green">Met</);
    assert.match(page.body, /Initial assessment/);
    assert.match(page.body, /10 working days from the referral \(Working Together 2010\)/);
    assert.match(page.body, /Coventry SCB procedures/, 'the source, in a details component');
    assert.match(page.body, /<caption class="govuk-table__caption govuk-visually-hidden">Deadlines of this case/);

    const list = await worker.get('/cases');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(`href="/cases/${caseId}"`));
  });

  it('shows the error summary for a form with a mistake, then records it and shows it on the case', async () => {
    const url = `/cases/${caseId}/assessments/new`;
    const form = await worker.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="version" value="\d+"/);

    const wrong = await worker.submit(url, url, { version: await version(caseId), kind: 'initial', 'startedOn-day': '31', 'startedOn-month': '2', 'startedOn-year': '2026' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /There is a problem/);
    assert.match(wrong.body, /The date the assessment started must be a real date/);
    assert.match(wrong.body, /href="#startedOn"/);

    const early = await worker.submit(url, url, { version: await version(caseId), kind: 'initial', ...date('startedOn', '2026-10-30') });
    assert.equal(early.statusCode, 400);
    assert.match(early.body, /The date cannot be before the referral/);

    const ok = await worker.submit(url, url, { version: await version(caseId), kind: 'initial', ...date('startedOn', '2026-11-02') });
    assert.equal(ok.statusCode, 303);
    const page = await worker.get(String(ok.headers.location));
    assert.match(page.body, /Assessment started/);
    assert.match(page.body, /Complete<span class="govuk-visually-hidden"> the initial assessment/);
  });

  it('records a strategy discussion with several agencies, reporting the row that is incomplete', async () => {
    const url = `/cases/${caseId}/strategy-discussions/new`;
    const form = await worker.get(url);
    assert.match(form.body, /Person 6/);
    const base = {
      version: await version(caseId),
      ...date('heldOn', '2026-11-02'),
      'participant-1-agencyId': police,
      'participant-1-name': 'DS Corin Westerby',
      'participant-1-role': 'Child abuse investigation team',
      initiatedS47: 'yes',
      decisions: 'Joint visit today; the child to stay with her aunt tonight.',
    };
    const partial = await worker.submit(url, url, { ...base, 'participant-3-name': 'Hollis Trent' });
    assert.equal(partial.statusCode, 400);
    assert.match(partial.body, /href="#participant-3-agencyId"/);
    assert.match(partial.body, /Select the agency/);
    assert.match(partial.body, /value="DS Corin Westerby"/, 'what was typed is kept');

    const ok = await worker.submit(url, url, base);
    assert.equal(ok.statusCode, 303);
    const page = await worker.get(`/cases/${caseId}`);
    assert.match(page.body, /Metropolitan Police Service/);
    assert.match(page.body, /Section 47 enquiry started/);
    assert.match(page.body, /Core assessment/, 'WT2010 runs the enquiry as a core assessment');
    const s47 = await db().selectFrom('s47Enquiries').select('id').where('episodeId', '=', caseId).executeTakeFirstOrThrow();
    const complete = await worker.get(`/cases/${caseId}/s47/${s47.id}/complete`);
    assert.equal(complete.statusCode, 200);
    assert.match(complete.body, /the last one held/);
  });

  it('renders every form page of the case, and records a plan and early help through them', async () => {
    const assessment = await db().selectFrom('caseAssessments').select('id').where('episodeId', '=', caseId).where('kind', '=', 'initial').executeTakeFirstOrThrow();
    for (const url of [`/cases/${caseId}/nfa`, `/cases/${caseId}/assessments/${assessment.id}/complete`, `/cases/${caseId}/cin-plans/new`, `/cases/${caseId}/early-help/new`, `/cases/${caseId}/primary-need`]) {
      const page = await worker.get(url);
      assert.equal(page.statusCode, 200, url);
      assert.match(page.body, /name="_csrf"/, url);
    }
    assert.equal((await worker.get(`/cases/${caseId}/assessments/7d0f3c8e-5f0a-4e52-9a57-4a4d0c1f9b11/complete`)).statusCode, 404);

    const plan = await worker.submit(`/cases/${caseId}/cin-plans/new`, `/cases/${caseId}/cin-plans/new`, { version: await version(caseId), ...date('startOn', '2026-11-02') });
    assert.equal(plan.statusCode, 303);
    const planId = (await db().selectFrom('cinPlans').select('id').where('episodeId', '=', caseId).executeTakeFirstOrThrow()).id;
    assert.equal((await worker.get(`/cases/${caseId}/cin-plans/${planId}/end`)).statusCode, 200);

    const help = await worker.submit(`/cases/${caseId}/early-help/new`, `/cases/${caseId}/early-help/new`, { version: await version(caseId), ...date('startOn', '2026-11-02'), leadProfessional: 'Wren Ashby', leadAgencyId: '' });
    assert.equal(help.statusCode, 303);
    const eh = await db().selectFrom('earlyHelpEpisodes').select(['id', 'version']).where('episodeId', '=', caseId).executeTakeFirstOrThrow();
    const endUrl = `/cases/${caseId}/early-help/${eh.id}/end`;
    const end = await worker.submit(endUrl, endUrl, { version: String(eh.version), ...date('endOn', '2026-11-02'), endReason: 'needs-met' });
    assert.equal(end.statusCode, 303);
    const page = await worker.get(`/cases/${caseId}`);
    assert.match(page.body, /Child in need plan started/);
    assert.match(page.body, /Early help ended/);
    assert.match(page.body, /Wren Ashby/);
  });

  it('explains a change someone else made first (409) instead of overwriting it', async () => {
    const url = `/cases/${caseId}/primary-need`;
    const stale = String(Number(await version(caseId)) - 1);
    const res = await worker.submit(url, url, { version: stale, primaryNeed: 'N1' });
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /changed by someone else/);
    assert.match(res.body, /Reload the case/);
  });

  it('refuses a closure with open work, naming the rule', async () => {
    const url = `/cases/${caseId}/close`;
    const form = await worker.get(url);
    assert.match(form.body, /name="closedOn-day" type="text" inputmode="numeric" value="2"/, 'today is filled in');
    const res = await worker.submit(url, url, { version: await version(caseId), ...date('closedOn', '2026-11-02'), reason: 'RC7' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Close or end the open assessments, enquiries and plans before closing the episode/);
  });

  it('offers a manual referral form with field errors', async () => {
    const form = await worker.get('/cases/new');
    assert.equal(form.statusCode, 200);
    const res = await worker.submit('/cases/new', '/cases/new', { personId: '', referralSource: '' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Enter the date of the referral/);
    assert.match(res.body, /Select where the referral came from/);
  });

  it('keeps the case from people with no relationship to it', async () => {
    const hub = await h.signIn('hub.practitioner@camden.example', 'hub-practitioner');
    assert.equal((await hub.get(`/cases/${caseId}`)).statusCode, 403);
    assert.equal((await hub.get('/cases')).statusCode, 403);
    await createUser(h, 'team.manager@islington.example', 'Odile Brackenridge', 'la-206', 'team-manager', '206');
    const islington = await h.signIn('team.manager@islington.example', 'team-manager');
    assert.equal((await islington.get(`/cases/${caseId}`)).statusCode, 404);
    assert.equal((await islington.get(`/cases/${caseId}/assessments/new`)).statusCode, 404);
    const manager = await h.signIn('team.manager@camden.example', 'team-manager');
    const page = await manager.get(`/cases/${caseId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Allocate<span class="govuk-visually-hidden"> the case/);
    const allocate = await manager.get(`/cases/${caseId}/allocate`);
    assert.equal(allocate.statusCode, 200);
    assert.equal((await worker.get(`/cases/${caseId}/allocate`)).statusCode, 403);
  });
});
