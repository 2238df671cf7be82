// Administration and audit journeys: a system administrator adds a user with a password and a role, the user
// signs in, the administrator disables them and their session ends; a privacy officer reads the access history
// of that user record and checks the audit trail. Also teams and API keys.
// The tests in this file build on each other (one story, one server), so they run in order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkA11y, currentPath, navigate, signIn, userBar, visit } from './support/browser.ts';
import { useJourneyApp } from './support/journey.ts';

const ADMIN = 'admin@london-board.example';
const PRIVACY_OFFICER = 'privacy.officer@camden.example';
const CAMDEN_CHILDRENS_SERVICES = "London Borough of Camden Children's Services";
// A synthetic person; the .example domain is reserved.
const NEW_USER = { name: 'Yasmin Okonkwo-Hale', email: 'yasmin.okonkwo-hale@camden.example', password: 'Orchard-lantern-2026' };

const heading = async (page: Page) => (await page.getByRole('heading', { level: 1 }).innerText()).trim();
const serviceNav = (page: Page) => page.getByRole('navigation', { name: 'Menu' });
const banner = async (page: Page) => (await page.locator('.govuk-notification-banner').innerText()).replace(/\s+/g, ' ').trim();

async function summaryValue(page: Page, key: string): Promise<string> {
  const row = page.locator('.govuk-summary-list__row').filter({ has: page.locator('.govuk-summary-list__key', { hasText: new RegExp(`^\\s*${key}\\s*$`) }) });
  return (await row.locator('.govuk-summary-list__value').innerText()).trim();
}

/** Searches the users list; returns the rows' cell texts. */
async function searchUsers(page: Page, search: string): Promise<string[][]> {
  await page.getByLabel('Name or email address', { exact: true }).fill(search);
  await navigate(page, `Users matching "${search}"`, () => page.getByRole('button', { name: 'Search', exact: true }).click());
  const rows = page.getByRole('main').getByRole('table').locator('tbody tr');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) out.push((await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.trim()));
  return out;
}

describe('Administration and audit', () => {
  const app = useJourneyApp();
  /** Path of the new user's administration page, e.g. /admin/users/<uuid>. */
  let newUserPath = '';


  it('lets the system administrator find users and add one with a password and a role', async () => {
    await app.page(async (page) => {
      await signIn(page, ADMIN);
      await navigate(page, 'Users', () => serviceNav(page).getByRole('link', { name: 'Users', exact: true }).click());
      assert.equal(currentPath(page), '/admin/users');
      assert.equal(await heading(page), 'Users');
      const everyone = Number(/^(\d+) users$/.exec((await page.getByRole('main').locator('caption').innerText()).trim())?.[1]);
      assert.ok(everyone >= 12, `the demo users are listed (${everyone})`);

      const found = await searchUsers(page, 'Priya');
      assert.equal(found.length, 1);
      assert.deepEqual(found[0]!.slice(0, 2), ['Priya Raman', 'hub.manager@camden.example']);
      assert.equal((await page.getByRole('main').locator('caption').innerText()).trim(), '1 user');
      assert.deepEqual(await searchUsers(page, NEW_USER.email), [['No users match your search.']]);

      await navigate(page, 'Add a user', () => page.getByRole('button', { name: 'Add a user' }).click());
      assert.equal(currentPath(page), '/admin/users/new');
      assert.equal(await heading(page), 'Add a user');

      // Sent empty: the GOV.UK error summary names what is missing.
      const refused = await navigate(page, 'Add a user with nothing entered', () => page.getByRole('button', { name: 'Add user', exact: true }).click());
      assert.equal(refused, 400);
      const errors = await page.locator('.govuk-error-summary').getByRole('link').allInnerTexts();
      assert.ok(errors.length >= 3, `errors for name, email address and agency: ${errors.join(' | ')}`);

      await page.getByLabel('Full name', { exact: true }).fill(NEW_USER.name);
      await page.getByLabel('Email address', { exact: true }).fill(NEW_USER.email);
      await page.getByLabel('Agency', { exact: true }).selectOption({ label: CAMDEN_CHILDRENS_SERVICES });
      await page.getByLabel('Password (optional)', { exact: true }).fill(NEW_USER.password);
      await page.getByRole('radio', { name: 'No role yet', exact: true }).check();
      await checkA11y(page, 'Add a user, filled in');
      const created = await navigate(page, 'the new user', () => page.getByRole('button', { name: 'Add user', exact: true }).click());
      assert.equal(created, 200);
      assert.match(currentPath(page), /^\/admin\/users\/[0-9a-f-]{36}\?created=1$/);
      newUserPath = new URL(page.url()).pathname;
      assert.equal(await heading(page), NEW_USER.name);
      assert.match(await banner(page), /User added/);
      assert.equal(await summaryValue(page, 'Email address'), NEW_USER.email);
      assert.equal(await summaryValue(page, 'Agency'), CAMDEN_CHILDRENS_SERVICES);
      assert.equal(await summaryValue(page, 'Status'), 'Active');
      assert.equal(await summaryValue(page, 'Last signed in'), 'Never');
      assert.match(await page.getByRole('main').innerText(), /This user has no roles/);

      // Give a role: choosing it reveals where it applies.
      await page.getByRole('radio', { name: 'Hub practitioner', exact: true }).check();
      const where = page.getByRole('combobox', { name: 'Where the role applies' });
      assert.equal(await where.count(), 1, 'only the chosen role asks where it applies');
      await where.selectOption({ label: 'Camden' });
      await checkA11y(page, 'the new user, role chosen');
      await navigate(page, 'the new user with a role', () => page.getByRole('button', { name: 'Add role', exact: true }).click());
      assert.equal(currentPath(page), `${newUserPath}?role=1`);
      assert.match(await banner(page), /Role added/);
      const roles = await page.getByRole('table', { name: 'Roles held' }).locator('tbody tr').allInnerTexts();
      assert.equal(roles.length, 1);
      assert.match(roles[0]!, /^Hub practitioner\s+Camden\s/);

      await navigate(page, 'Users', () => page.getByRole('link', { name: 'Back to users' }).click());
      const listed = await searchUsers(page, NEW_USER.email);
      assert.deepEqual(listed, [[NEW_USER.name, NEW_USER.email, CAMDEN_CHILDRENS_SERVICES, 'Active']]);
    });
  });

  it('lets the new user sign in with the password they were given', async () => {
    assert.ok(newUserPath, 'the user was added');
    await app.page(async (page) => {
      await signIn(page, NEW_USER.email, undefined, { password: NEW_USER.password });
      assert.equal(await heading(page), 'Your Safehub home');
      assert.equal((await page.locator('.govuk-caption-l').innerText()).trim(), 'Hub practitioner');
      const bar = (await userBar(page).innerText()).replace(/\s+/g, ' ');
      assert.ok(bar.includes(NEW_USER.name) && bar.includes('Hub practitioner'), bar);
      assert.equal(await serviceNav(page).getByRole('link', { name: 'Users', exact: true }).count(), 0, 'a hub practitioner is not offered user administration');
    });
  });

  it('ends the session of a user who is disabled: their next page is sign-in, saying why', async () => {
    assert.ok(newUserPath, 'the user was added');
    await app.page(async (userPage) => {
      await signIn(userPage, NEW_USER.email, undefined, { password: NEW_USER.password });

      await app.page(async (admin) => {
        await signIn(admin, ADMIN);
        await visit(admin, newUserPath, 'the new user');
        assert.equal(await summaryValue(admin, 'Status'), 'Active');
        assert.notEqual(await summaryValue(admin, 'Last signed in'), 'Never');
        await navigate(admin, 'the disabled user', () => admin.getByRole('button', { name: 'Disable user', exact: true }).click());
        assert.equal(currentPath(admin), `${newUserPath}?disabled=1`);
        assert.match(await banner(admin), /User disabled\. Their sessions have ended\./);
        assert.equal(await summaryValue(admin, 'Status'), 'Disabled');
        assert.equal(await admin.getByRole('button', { name: 'Enable user', exact: true }).count(), 1);
        await visit(admin, '/admin/users', 'Users');
        assert.deepEqual(await searchUsers(admin, NEW_USER.email), [[NEW_USER.name, NEW_USER.email, CAMDEN_CHILDRENS_SERVICES, 'Disabled']]);
      });

      // The user's next page load.
      await visit(userPage, '/directory/boards', 'the next page after being disabled');
      assert.equal(new URL(userPage.url()).pathname, '/sign-in');
      assert.equal(await heading(userPage), 'Sign in to Safehub');
      assert.match(await banner(userPage), /Your account has been disabled\. Contact your Safehub administrator\./);
      assert.equal(await userBar(userPage).count(), 0);

      // Signing in again is refused, with the same message as a wrong password.
      await userPage.getByLabel('Email address', { exact: true }).fill(NEW_USER.email);
      await userPage.getByLabel('Password', { exact: true }).fill(NEW_USER.password);
      const status = await navigate(userPage, 'Sign in as a disabled user', () => userPage.getByRole('button', { name: 'Sign in', exact: true }).click());
      assert.equal(status, 400);
      assert.match(await userPage.locator('.govuk-error-summary').innerText(), /Enter a correct email address and password/);
    });
  });

  it("lets the privacy officer read the access history of the new user's record", async () => {
    assert.ok(newUserPath, 'the user was added');
    const userId = newUserPath.split('/').pop()!;
    await app.page(async (page) => {
      await signIn(page, PRIVACY_OFFICER);
      await navigate(page, 'Access history', () => serviceNav(page).getByRole('link', { name: 'Access history', exact: true }).click());
      assert.equal(currentPath(page), '/audit/access-history');
      assert.equal(await heading(page), 'Access history');

      // A reference that matches nothing.
      await page.getByRole('radio', { name: 'Staff user', exact: true }).check();
      await page.getByLabel('Record reference', { exact: true }).fill('nobody.at.all@camden.example');
      const missing = await navigate(page, 'Access history for an unknown reference', () => page.getByRole('button', { name: 'Show access history', exact: true }).click());
      assert.equal(missing, 400);
      assert.match(await page.locator('.govuk-error-summary').innerText(), /No record in your area matches that reference/);

      await page.getByRole('radio', { name: 'Staff user', exact: true }).check();
      await page.getByLabel('Record reference', { exact: true }).fill(NEW_USER.email);
      await navigate(page, "the new user's access history", () => page.getByRole('button', { name: 'Show access history', exact: true }).click());
      assert.equal(currentPath(page), `/audit/access-history/user/${userId}`);
      assert.equal(await heading(page), 'Access history');
      assert.equal((await page.locator('.govuk-caption-l').innerText()).trim(), `Staff user ${userId}`);

      const table = page.getByRole('main').getByRole('table');
      const caption = (await table.locator('caption').innerText()).trim();
      const rows = table.locator('tbody tr');
      const events: { who: string; role: string; action: string; outcome: string }[] = [];
      for (let i = 0; i < (await rows.count()); i++) {
        const cells = (await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
        events.push({ who: cells[1]!, role: cells[2]!, action: cells[3]!, outcome: cells[6]! });
      }
      assert.equal(caption, `${events.length} events, newest first`);
      const actions = events.map((e) => e.action);
      for (const expected of ['user.create', 'user.role-assign', 'auth.sign-in', 'user.disable']) {
        assert.ok(actions.includes(expected), `the history shows ${expected}: ${actions.join(', ')}`);
      }
      // Newest first: the account was created before it was disabled.
      assert.ok(actions.lastIndexOf('user.create') > actions.indexOf('user.disable'), 'newest first');
      const createdBy = events.find((e) => e.action === 'user.create')!;
      assert.match(createdBy.who, /^Jo Lindqvist/);
      assert.equal(createdBy.role, 'System administrator');
      assert.equal(createdBy.outcome, 'Allowed');
      const signIns = events.filter((e) => e.action === 'auth.sign-in' && e.outcome === 'Allowed');
      assert.ok(signIns.length >= 2, 'both successful sign-ins are recorded');
      assert.ok(signIns.every((e) => e.who.startsWith(NEW_USER.name)));
    });
  });

  it('lets the privacy officer check that the audit trail is intact', async () => {
    await app.page(async (page) => {
      await signIn(page, PRIVACY_OFFICER);
      await navigate(page, 'Audit trail check', () => serviceNav(page).getByRole('link', { name: 'Audit trail', exact: true }).click());
      assert.equal(currentPath(page), '/audit/verify');
      assert.equal(await heading(page), 'Audit trail check');
      const panel = (await page.locator('.govuk-panel').innerText()).replace(/\s+/g, ' ').trim();
      const match = /^The audit trail is intact (\d+) events checked$/.exec(panel);
      assert.ok(match, `the panel says the chain is intact: ${panel}`);
      assert.ok(Number(match[1]) > 10, `the earlier journeys wrote events (${match[1]})`);
      assert.equal(await page.getByText('The audit trail has been tampered with').count(), 0);
    });
  });

  it('lets the system administrator add a team and create and revoke an API key', async () => {
    await app.page(async (page) => {
      await signIn(page, ADMIN);
      await navigate(page, 'Teams', () => serviceNav(page).getByRole('link', { name: 'Teams', exact: true }).click());
      assert.equal(currentPath(page), '/admin/teams');
      assert.equal(await heading(page), 'Teams');
      await navigate(page, 'Add a team', () => page.getByRole('button', { name: 'Add a team' }).click());
      assert.equal(currentPath(page), '/admin/teams/new');
      const refused = await navigate(page, 'Add a team with nothing entered', () => page.getByRole('button', { name: 'Add team', exact: true }).click());
      assert.equal(refused, 400);
      assert.equal(await page.locator('.govuk-error-summary').count(), 1);
      await page.getByLabel('Agency', { exact: true }).selectOption({ label: CAMDEN_CHILDRENS_SERVICES });
      await page.getByLabel('Team name', { exact: true }).fill('Family Group Conferencing');
      await page.getByLabel('Local authority (optional)', { exact: true }).selectOption({ label: 'Camden' });
      await navigate(page, 'Teams after adding one', () => page.getByRole('button', { name: 'Add team', exact: true }).click());
      assert.match(currentPath(page), /^\/admin\/teams\?created=1&agencyId=[0-9a-f-]{36}$/);
      assert.match(await banner(page), /Team added/);
      const teams = await page.getByRole('main').getByRole('table').locator('tbody tr').allInnerTexts();
      assert.ok(teams.some((t) => /Family Group Conferencing\s+London Borough of Camden Children's Services/.test(t)), teams.join(' | '));

      await navigate(page, 'API keys', () => serviceNav(page).getByRole('link', { name: 'API keys', exact: true }).click());
      assert.equal(currentPath(page), '/admin/api-keys');
      assert.equal(await heading(page), 'API keys');
      await navigate(page, 'Create an API key', () => page.getByRole('button', { name: 'Create an API key' }).click());
      assert.equal(currentPath(page), '/admin/api-keys/new');
      await page.getByLabel('Name', { exact: true }).fill('Directory lookup for the school portal');
      await page.getByLabel('Agency the system belongs to', { exact: true }).selectOption({ label: CAMDEN_CHILDRENS_SERVICES });
      await page.getByRole('checkbox', { name: 'reference.read' }).check();
      await navigate(page, 'API key created', () => page.getByRole('button', { name: 'Create key', exact: true }).click());
      assert.equal(await heading(page), 'API key created');
      const key = (await page.locator('#api-key').innerText()).trim();
      assert.match(key, /^shk_\S+$/);

      // The key works against the API, until it is revoked.
      const directory = () => fetch(app.url('/api/v1/boards'), { headers: { authorization: `Bearer ${key}` } });
      const accepted = await directory();
      assert.equal(accepted.status, 200, 'the new key is accepted');
      assert.equal(((await accepted.json()) as { items: unknown[] }).items.length, 33);
      await navigate(page, 'API keys', () => page.getByRole('link', { name: 'Back to API keys' }).click());
      const row = page.getByRole('main').getByRole('row').filter({ hasText: 'Directory lookup for the school portal' });
      assert.equal(await row.count(), 1);
      assert.match(await row.innerText(), /reference\.read/);
      await navigate(page, 'API keys after revoking one', () => row.getByRole('button', { name: /^Revoke/ }).click());
      assert.match(await banner(page), /API key revoked/);
      assert.match(await page.getByRole('main').getByRole('row').filter({ hasText: 'Directory lookup for the school portal' }).innerText(), /Revoked/);
      const afterRevoking = await directory();
      assert.equal(afterRevoking.status, 401, 'a revoked key is refused');
    });
  });
});
