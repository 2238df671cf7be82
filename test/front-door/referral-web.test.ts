// The referrer's question pages over the real app (CSRF on): a teacher sends a concern page by page, with
// check-your-answers, and follows it in "Your referrals"; every page's errors in the GOV.UK error summary with
// nothing saved lost; a draft that outlives the session; drafts and contacts that nobody else can open; stale
// versions; CSRF; and no personal data in any redirect. Every person named here is invented.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { UserActor } from '../../src/kernel/actor.ts';
import type { FrontDoorTables } from '../../src/modules/front-door/front-door.tables.ts';
import type { IdentityTables } from '../../src/modules/identity/identity.tables.ts';
import { createHarness, type Agent, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';

const TEACHER = 'referrer@camden-schools.example';
const POLICE = 'police.researcher@met.example';
const HUB = 'hub.practitioner@camden.example';
const ADMIN = 'admin@london-board.example';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** Every redirect these pages make: ids, step names, numbers and codes only. */
const SAFE_LOCATION = new RegExp(`^/(contacts/(new(\\?deleted=1)?|mine|${UUID}/submitted|drafts/${UUID}(/(where|children|adults|concern|consent|about-you|check|delete)(/(add|\\d+(/remove)?))?)?(\\?from=check)?)|sign-in(\\?ended=[a-z-]+)?)$`);

const CHILD = { forenames: 'Ama', surname: 'Boateng-Lewis', 'dateOfBirth-day': '12', 'dateOfBirth-month': '9', 'dateOfBirth-year': '2014', sex: 'F', nhsNumber: '943 476 5919', address: '14 Imaginary Row, London', postcode: 'nw1 9zz' };
const ADULT = { forenames: 'Kwabena', surname: 'Boateng-Lewis', 'dateOfBirth-day': '3', 'dateOfBirth-month': '2', 'dateOfBirth-year': '1985', relationship: 'father', sex: 'M' };
const CONCERN = { concern: 'Ama arrived hungry again today and said there has been no food at home since Friday.', indicators: ['neglect', 'domestic-abuse'] };

describe('referral pages', () => {
  let h: Harness;
  const locations: string[] = [];
  const db = () => h.container.database.db.withTables<FrontDoorTables & IdentityTables>();

  /** Keeps every Location header, to prove none carries personal data. */
  function seen(res: LightMyRequestResponse): LightMyRequestResponse {
    if (res.headers.location) locations.push(String(res.headers.location));
    return res;
  }

  /** Opens `url` as the browser would, then posts its form with the page's CSRF token and draft version. */
  async function answer(agent: Agent, url: string, form: Record<string, string | string[]> = {}, formPage = url): Promise<LightMyRequestResponse> {
    const page = await agent.get(formPage);
    assert.equal(page.statusCode, 200, `GET ${formPage}: ${page.statusCode}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1];
    assert.ok(csrf, `no CSRF token on ${url}`);
    return seen(await agent.postRaw(url, { _csrf: csrf, ...(version ? { version } : {}), ...form }));
  }

  async function startDraft(agent: Agent): Promise<string> {
    const res = seen(await agent.submit('/contacts/new', '/contacts/new', {}));
    assert.equal(res.statusCode, 303);
    const id = new RegExp(`^/contacts/drafts/(${UUID})/where$`).exec(String(res.headers.location))?.[1];
    assert.ok(id, String(res.headers.location));
    return id;
  }

  const step = (id: string, name: string) => `/contacts/drafts/${id}/${name}`;
  const draftData = async (id: string) => (await db().selectFrom('contactDrafts').select('data').where('id', '=', id).executeTakeFirstOrThrow()).data as Record<string, unknown>;

  async function actorOf(a: Agent): Promise<UserActor> {
    const cookie = decodeURIComponent(a.sessionCookie!);
    const lookup = await h.container.sessions.resolve(cookie.slice(0, cookie.lastIndexOf('.')), { correlationId: 'test' });
    return (lookup as { actor: UserActor }).actor;
  }

  /** Answers every page of a new draft with valid answers, up to check your answers. */
  async function completeDraft(agent: Agent): Promise<string> {
    const id = await startDraft(agent);
    assert.equal((await answer(agent, step(id, 'where'), { laCode: '202', source: '2A' })).statusCode, 303);
    assert.equal((await answer(agent, step(id, 'children/add'), CHILD)).statusCode, 303);
    assert.equal((await answer(agent, step(id, 'children'))).statusCode, 303);
    assert.equal((await answer(agent, step(id, 'adults'))).statusCode, 303);
    assert.equal((await answer(agent, step(id, 'concern'), CONCERN)).statusCode, 303);
    assert.equal((await answer(agent, step(id, 'consent'), { position: 'given' })).statusCode, 303);
    assert.equal((await answer(agent, step(id, 'about-you'))).statusCode, 303);
    return id;
  }

  before(async () => {
    h = await createHarness({ personMatcher: new StubMatcher() });
  });
  after(async () => {
    for (const l of locations) assert.match(l, SAFE_LOCATION, `a redirect carried something other than ids and codes: ${l}`);
    assert.ok(locations.length > 30);
    await h.close();
  });

  it('takes a teacher through every page to a sent referral, which "Your referrals" lists as in progress', async () => {
    const teacher = await h.signIn(TEACHER);
    const home = await teacher.get('/');
    assert.match(home.body, /href="\/contacts\/new"[^>]*>\s*Refer a concern/);
    assert.match(home.body, /Your referrals/);
    const start = await teacher.get('/contacts/new');
    assert.equal(start.statusCode, 200);
    assert.match(start.body, /Start a new referral/);
    assert.match(start.body, /within 1 working day/);
    const id = await startDraft(teacher);

    // Where: a school's concern is suggested as source 2A; the 33 London authorities are listed by name.
    const where = await teacher.get(step(id, 'where'));
    assert.match(where.body, /<a href="\/contacts\/new" class="govuk-back-link">Back<\/a>/);
    assert.match(where.body, /value="2A" checked/);
    assert.equal((where.body.match(/<option value="\d{3}"/g) ?? []).length, 33);
    assert.ok(where.body.indexOf('>Barking and Dagenham<') < where.body.indexOf('>Westminster<'));
    let res = await answer(teacher, step(id, 'where'), { laCode: '202', source: '2A' });
    assert.equal(res.headers.location, step(id, 'children'));

    // Children: the first is asked for straight away; an unborn baby needs only a last name.
    res = seen(await teacher.get(step(id, 'children')));
    assert.equal(res.headers.location, step(id, 'children/add'));
    res = await answer(teacher, step(id, 'children/add'), CHILD);
    assert.equal(res.headers.location, step(id, 'children'));
    const children = await teacher.get(step(id, 'children'));
    assert.match(children.body, /You have added 1 child/);
    assert.match(children.body, /Child 1: Ama Boateng-Lewis/);
    assert.match(children.body, /12 September 2014/);
    assert.match(children.body, new RegExp(`href="${step(id, 'children/1/remove')}"`));
    res = await answer(teacher, step(id, 'children/add'), { forenames: '', surname: 'Boateng-Lewis', isUnborn: 'yes' });
    assert.equal(res.statusCode, 303);
    res = await answer(teacher, step(id, 'children'));
    assert.equal(res.headers.location, step(id, 'adults'));

    // Adults (optional): one parent.
    const adults = await teacher.get(step(id, 'adults'));
    assert.match(adults.body, /You have not added any adults/);
    res = await answer(teacher, step(id, 'adults/add'), ADULT);
    assert.equal(res.headers.location, step(id, 'adults'));
    res = await answer(teacher, step(id, 'adults'));
    assert.equal(res.headers.location, step(id, 'concern'));

    res = await answer(teacher, step(id, 'concern'), CONCERN);
    assert.equal(res.headers.location, step(id, 'consent'));
    const consent = await teacher.get(step(id, 'consent'));
    assert.match(consent.body, /If you chose &#39;Consent overridden&#39;|If you chose 'Consent overridden'/);
    res = await answer(teacher, step(id, 'consent'), { position: 'not-sought', exception: 'increased-risk', reason: 'Father has threatened staff when the school raised concerns before.' });
    assert.equal(res.headers.location, step(id, 'about-you'));

    // About you: the email address is the account's until changed; the name is the account's.
    const about = await teacher.get(step(id, 'about-you'));
    assert.match(about.body, /value="referrer@camden-schools.example"/);
    assert.match(about.body, /Grace Adeyemi/);
    res = await answer(teacher, step(id, 'about-you'), { role: 'Designated safeguarding lead', phone: '020 7946 0000', email: 'dsl@camden-schools.example' });
    assert.equal(res.headers.location, step(id, 'check'));

    // Check your answers, change one answer and come straight back, then send.
    const check = await teacher.get(step(id, 'check'));
    assert.match(check.body, /Check your answers before sending the referral/);
    assert.match(check.body, /Camden/);
    assert.match(check.body, /Child 2: Unborn Boateng-Lewis/);
    assert.match(check.body, /Adult 1: Kwabena Boateng-Lewis/);
    assert.match(check.body, /Seeking consent would place the child at increased risk/);
    assert.match(check.body, new RegExp(`href="${step(id, 'concern')}\\?from=check"`));
    const change = await teacher.get(`${step(id, 'concern')}?from=check`);
    assert.match(change.body, new RegExp(`<a href="${step(id, 'check')}" class="govuk-back-link">`));
    res = await answer(teacher, `${step(id, 'concern')}?from=check`, { ...CONCERN, indicators: ['neglect'] });
    assert.equal(res.headers.location, step(id, 'check'));
    res = await answer(teacher, step(id, 'check'));
    assert.equal(res.statusCode, 303);
    const contactId = new RegExp(`^/contacts/(${UUID})/submitted$`).exec(String(res.headers.location))?.[1];
    assert.ok(contactId);

    const sent = await teacher.get(String(res.headers.location));
    const contact = await db().selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow();
    assert.match(sent.body, /Referral sent/);
    assert.match(sent.body, new RegExp(contact.reference));
    assert.match(sent.body, /within 1 working day/);
    assert.equal(contact.laCode, '202');
    assert.equal(contact.source, '2A');
    assert.equal(contact.referrerUserId, teacher.userId);
    assert.equal(contact.referrerName, 'Grace Adeyemi');
    assert.equal(contact.referrerRole, 'Designated safeguarding lead');
    assert.equal(contact.referrerEmail, 'dsl@camden-schools.example');
    assert.deepEqual(contact.indicators, ['neglect']);
    assert.equal(contact.consent, 'not-sought');
    assert.equal(contact.consentException, 'increased-risk');
    assert.equal(contact.consentIsChildsOwn, false);
    const people = await db().selectFrom('contactPersons').selectAll().where('contactId', '=', contactId).orderBy('position').execute();
    assert.deepEqual(
      people.map((p) => [p.role, p.forenames, p.surname, p.dateOfBirth, p.isUnborn, p.relationship]),
      [
        ['child', 'Ama', 'Boateng-Lewis', '2014-09-12', false, null],
        ['child', 'Unborn', 'Boateng-Lewis', null, true, null],
        ['adult', 'Kwabena', 'Boateng-Lewis', '1985-02-03', false, 'father'],
      ],
    );
    assert.equal(people[0]!.nhsNumber, '9434765919');
    assert.equal(people[0]!.postcode, 'NW1 9ZZ');
    assert.equal((await db().selectFrom('contactDrafts').select('id').where('id', '=', id).execute()).length, 0, 'the draft is gone once sent');

    const mine = await teacher.get('/contacts/mine');
    assert.equal(mine.statusCode, 200);
    assert.match(mine.body, new RegExp(`href="/contacts/${contactId}">${contact.reference}<`));
    assert.match(mine.body, /In progress/);
    assert.match(mine.body, /Camden/);
    assert.doesNotMatch(mine.body, /Boateng-Lewis/, 'the list shows status and outcome, not the people');
  });

  it('shows the outcome in "Your referrals" once the hub has decided, and the referrer page shows nothing else', async () => {
    const teacher = await h.signIn(TEACHER);
    const id = await completeDraft(teacher);
    const res = await answer(teacher, step(id, 'check'));
    const contactId = new RegExp(`^/contacts/(${UUID})/submitted$`).exec(String(res.headers.location))![1]!;
    const hub = await actorOf(await h.signIn(HUB));
    const c1 = await db().selectFrom('contacts').select('version').where('id', '=', contactId).executeTakeFirstOrThrow();
    await h.container.frontDoor.screen(hub, contactId, c1.version, { rag: 'amber', thresholdLevel: 3, reason: 'Neglect reported by school' });
    const c2 = await db().selectFrom('contacts').select('version').where('id', '=', contactId).executeTakeFirstOrThrow();
    await h.container.frontDoor.decide(hub, contactId, c2.version, { outcome: 'section-17-assessment', thresholdLevel: 3, rationale: 'Needs a child in need assessment' });
    const mine = await teacher.get('/contacts/mine');
    const row = new RegExp(`/contacts/${contactId}">[^<]+</a></td>[\\s\\S]*?</tr>`).exec(mine.body)?.[0] ?? '';
    assert.match(row, /Decided/);
    assert.match(row, /Section 17 child in need assessment/);

    const page = await teacher.get(`/contacts/${contactId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Section 17 child in need assessment/);
    assert.doesNotMatch(page.body, /Boateng-Lewis|no food at home|Needs a child in need assessment/, 'the referrer sees the outcome, not the record');
  });

  it("shows each page's problems in the GOV.UK error summary, and loses nothing already saved", async () => {
    const teacher = await h.signIn(TEACHER);
    const id = await startDraft(teacher);
    const summary = (res: LightMyRequestResponse, message: string, href: string) => {
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /<title>Error: /);
      assert.match(res.body, /govuk-error-summary/);
      assert.ok(res.body.includes(`<a href="#${href}">${message.replaceAll("'", '&#39;')}</a>`), `error summary link ${href} → ${message}`);
    };

    summary(await answer(teacher, step(id, 'where'), { laCode: '', source: '2A' }), 'Select the local authority where the child lives', 'laCode');
    assert.equal((await answer(teacher, step(id, 'where'), { laCode: '202', source: '2A' })).statusCode, 303);
    summary(await answer(teacher, step(id, 'where'), { laCode: '999', source: '2A' }), 'Select the local authority where the child lives', 'laCode');
    assert.equal((await draftData(id)).laCode, '202', 'the saved answer survives a bad one');

    let res = await answer(teacher, step(id, 'children/add'), { forenames: 'Ama', surname: '', 'dateOfBirth-day': '12', 'dateOfBirth-month': '', 'dateOfBirth-year': '2014', nhsNumber: '1234567890' });
    summary(res, 'Enter a last name', 'surname');
    summary(res, 'Date of birth must include a day, month and year, like 27 3 2015', 'dateOfBirth-day');
    summary(res, 'Enter a valid NHS number: check the 10 digits and try again', 'nhsNumber');
    assert.match(res.body, /value="Ama"/, 'what was typed is shown again');
    assert.ok(res.body.indexOf('href="#surname"') < res.body.indexOf('href="#dateOfBirth-day"'), 'errors follow the order of the fields');
    summary(await answer(teacher, step(id, 'children/add'), { ...CHILD, 'dateOfBirth-year': '2027' }), 'Date of birth must be in the past', 'dateOfBirth-day');
    summary(await answer(teacher, step(id, 'children/add'), { ...CHILD, 'dateOfBirth-day': '31', 'dateOfBirth-month': '2' }), 'Date of birth must be a real date after 1900', 'dateOfBirth-day');
    summary(await answer(teacher, step(id, 'children'), {}, step(id, 'children/add')), 'Name at least one child', 'main-content');
    assert.equal((await answer(teacher, step(id, 'children/add'), CHILD)).statusCode, 303);
    summary(await answer(teacher, step(id, 'children/1'), { ...CHILD, forenames: '' }), 'Enter first names', 'forenames');
    assert.equal(((await draftData(id)).children as { forenames: string }[])[0]!.forenames, 'Ama');

    summary(await answer(teacher, step(id, 'adults/add'), { forenames: 'Kwabena', surname: 'Boateng-Lewis' }), "Select the adult's relationship to the child", 'relationship');

    res = await answer(teacher, step(id, 'concern'), { concern: 'Hungry' });
    summary(res, 'Describe the concern in your own words (at least 10 characters)', 'concern');
    summary(res, 'Select at least one thing the concern is about', 'indicators');
    assert.match(res.body, />Hungry<\/textarea>/);

    summary(await answer(teacher, step(id, 'consent'), {}), 'Select the consent position', 'position');
    res = await answer(teacher, step(id, 'consent'), { position: 'overridden' });
    summary(res, 'Select why consent was overridden', 'exception');
    summary(res, 'Enter the name of the manager who authorised overriding consent', 'authorisedBy');
    summary(await answer(teacher, step(id, 'consent'), { position: 'not-sought' }), 'Say why consent was not sought', 'reason');

    summary(await answer(teacher, step(id, 'about-you'), { email: 'not an email' }), 'Enter an email address in the correct format, like name@example.org', 'email');
    summary(await answer(teacher, step(id, 'about-you'), { phone: 'call me' }), 'Enter a phone number, like 020 7946 0000', 'phone');

    // Sending an unfinished draft lists what is missing, each linked to the page that asks it.
    res = await answer(teacher, step(id, 'check'));
    assert.equal(res.statusCode, 400);
    assert.ok(res.body.includes(`<a href="${step(id, 'concern')}?from=check">Describe the concern in your own words (at least 10 characters)</a>`));
    assert.ok(res.body.includes(`<a href="${step(id, 'consent')}?from=check">Select the consent position</a>`));
    assert.equal((await db().selectFrom('contacts').select('id').where('referrerUserId', '=', teacher.userId!).execute()).length, 2, 'no contact was made (two from the tests before)');

    const data = await draftData(id);
    assert.equal(data.laCode, '202');
    assert.equal((data.children as unknown[]).length, 1);
    assert.equal(data.adults, undefined);
    assert.equal(data.concern, undefined);
  });

  it('lets a child be changed and removed, and adults be skipped', async () => {
    const teacher = await h.signIn(TEACHER);
    const id = await startDraft(teacher);
    await answer(teacher, step(id, 'where'), { laCode: '202', source: '2A' });
    await answer(teacher, step(id, 'children/add'), CHILD);
    await answer(teacher, step(id, 'children/add'), { ...CHILD, forenames: 'Kofi', 'dateOfBirth-year': '2017' });
    const change = await teacher.get(step(id, 'children/2'));
    assert.match(change.body, /value="Kofi"/);
    assert.match(change.body, /name="dateOfBirth-year"[^>]*value="2017"/);
    assert.equal((await answer(teacher, step(id, 'children/2'), { ...CHILD, forenames: 'Kofi', 'dateOfBirth-year': '2018' })).statusCode, 303);
    const remove = await teacher.get(step(id, 'children/1/remove'));
    assert.match(remove.body, /Are you sure you want to remove child 1\?/);
    assert.equal((await answer(teacher, step(id, 'children/1/remove'))).statusCode, 303);
    const children = (await draftData(id)).children as { forenames: string; dateOfBirth: string }[];
    assert.deepEqual(children.map((c) => [c.forenames, c.dateOfBirth]), [['Kofi', '2018-09-12']]);
    assert.equal((await teacher.get(step(id, 'children/5'))).statusCode, 404);
    assert.equal((await teacher.get(step(id, 'children/x'))).statusCode, 404);
    const res = await answer(teacher, step(id, 'adults'));
    assert.equal(res.headers.location, step(id, 'concern'));
    assert.deepEqual((await draftData(id)).adults, [], '"no adults" is an answer');
    const resume = seen(await teacher.get(`/contacts/drafts/${id}`));
    assert.equal(resume.headers.location, step(id, 'concern'), 'a draft reopens at the first question not answered');
  });

  it('keeps a draft through the end of a session, and offers it again after signing back in', async () => {
    const teacher = await h.signIn(TEACHER);
    const id = await startDraft(teacher);
    await answer(teacher, step(id, 'where'), { laCode: '202', source: '2A' });
    await answer(teacher, step(id, 'children/add'), { ...CHILD, forenames: 'Efua' });
    const page = await teacher.get(step(id, 'concern'));
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    assert.equal(seen(await teacher.submit('/', '/sign-out', {})).statusCode, 303);
    // The session has ended: the post goes to sign-in, and what was saved before is still there.
    const late = seen(await teacher.postRaw(step(id, 'concern'), { _csrf: csrf, version: '3', ...CONCERN }));
    assert.equal(late.statusCode, 303);
    assert.match(String(late.headers.location), /^\/sign-in/);
    assert.equal(((await draftData(id)).children as unknown[]).length, 1);

    const again = await h.signIn(TEACHER);
    const start = await again.get('/contacts/new');
    assert.match(start.body, /Referrals you have not sent yet/);
    assert.match(start.body, /Efua Boateng-Lewis/);
    assert.match(start.body, new RegExp(`href="/contacts/drafts/${id}"`));
    assert.match(start.body, /2 of 6 sections/);
    const resume = seen(await again.get(`/contacts/drafts/${id}`));
    assert.equal(resume.headers.location, step(id, 'adults'));
  });

  it("does not open another user's draft, nor list their referrals, and refuses people who may not refer", async () => {
    const teacher = await h.signIn(TEACHER);
    const id = await startDraft(teacher);
    await answer(teacher, step(id, 'where'), { laCode: '202', source: '2A' });
    await answer(teacher, step(id, 'children/add'), { ...CHILD, forenames: 'Yaw' });
    const police = await h.signIn(POLICE);
    for (const name of ['where', 'children', 'children/1', 'check', 'delete']) assert.equal((await police.get(step(id, name))).statusCode, 404, name);
    assert.equal((await police.get(`/contacts/drafts/${id}`)).statusCode, 404);
    const own = await police.get('/contacts/new');
    assert.doesNotMatch(own.body, /Yaw/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(own.body)![1]!;
    const write = seen(await police.postRaw(step(id, 'concern'), { _csrf: csrf, version: '3', ...CONCERN }));
    assert.equal(write.statusCode, 404);
    assert.equal(seen(await police.postRaw(step(id, 'delete'), { _csrf: csrf })).statusCode, 404);
    assert.equal(seen(await police.postRaw(step(id, 'check'), { _csrf: csrf, version: '3' })).statusCode, 404);
    assert.equal((await draftData(id)).concern, undefined);
    const denied = await db().selectFrom('auditEvents').select(['action', 'details']).where('recordId', '=', id).where('outcome', '=', 'denied').execute();
    assert.ok(denied.length >= 5);
    assert.ok(denied.every((e) => (e.details as { reason: string }).reason === 'not-in-scope'));

    const mine = await police.get('/contacts/mine');
    assert.equal(mine.statusCode, 200);
    assert.match(mine.body, /You have not sent any referrals yet/);
    const teachersContact = await db().selectFrom('contacts').select(['id', 'reference']).where('referrerUserId', '=', teacher.userId!).executeTakeFirstOrThrow();
    assert.doesNotMatch(mine.body, new RegExp(teachersContact.reference));
    assert.equal((await police.get(`/contacts/${teachersContact.id}/submitted`)).statusCode, 404);

    const admin = await h.signIn(ADMIN);
    assert.equal((await admin.get('/contacts/new')).statusCode, 403);
    assert.equal((await admin.get('/contacts/mine')).statusCode, 403);
    assert.doesNotMatch((await admin.get('/')).body, /Refer a concern/);
  });

  it('refuses a stale page with a clear message rather than overwriting newer answers', async () => {
    const teacher = await h.signIn(TEACHER);
    const id = await completeDraft(teacher);
    const tab1 = await teacher.get(step(id, 'concern'));
    const token = /name="_csrf" value="([^"]+)"/.exec(tab1.body)![1]!;
    const oldVersion = /name="version" value="(\d+)"/.exec(tab1.body)![1]!;
    assert.equal((await answer(teacher, step(id, 'concern'), { ...CONCERN, concern: 'Written in the second tab, and saved first.' })).statusCode, 303);
    const stale = seen(await teacher.postRaw(step(id, 'concern'), { _csrf: token, version: oldVersion, ...CONCERN, concern: 'Written in the first tab, saved second.' }));
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /changed in another tab or window after you opened this page, so your answers on this page were not saved/);
    assert.match(stale.body, />Written in the first tab, saved second.<\/textarea>/, 'what was typed is still on screen');
    assert.equal((await draftData(id)).concern, 'Written in the second tab, and saved first.');

    const sendStale = seen(await teacher.postRaw(step(id, 'check'), { _csrf: token, version: oldVersion }));
    assert.equal(sendStale.statusCode, 409);
    assert.match(sendStale.body, /changed in another tab or window/);
    assert.equal((await db().selectFrom('contactDrafts').select('id').where('id', '=', id).execute()).length, 1, 'nothing was sent');
  });

  it('refuses a form post without a CSRF token', async () => {
    const teacher = await h.signIn(TEACHER);
    const before = await db().selectFrom('contactDrafts').select('id').where('userId', '=', teacher.userId!).execute();
    const res = await teacher.postRaw('/contacts/new', {});
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /form has expired/);
    const id = before[0]!.id;
    const step1 = await teacher.postRaw(step(id, 'where'), { laCode: '201', version: '1' });
    assert.equal(step1.statusCode, 403);
    assert.equal((await db().selectFrom('contactDrafts').select('id').where('userId', '=', teacher.userId!).execute()).length, before.length);
  });

  it('deletes a draft when asked, and only then', async () => {
    const teacher = await h.signIn(TEACHER);
    const id = await startDraft(teacher);
    const confirm = await teacher.get(step(id, 'delete'));
    assert.match(confirm.body, /Are you sure you want to delete this draft referral\?/);
    const res = seen(await teacher.submit(step(id, 'delete'), step(id, 'delete'), {}));
    assert.equal(res.headers.location, '/contacts/new?deleted=1');
    assert.match((await teacher.get('/contacts/new?deleted=1')).body, /Draft referral deleted/);
    assert.equal((await teacher.get(step(id, 'where'))).statusCode, 404);
  });
});
