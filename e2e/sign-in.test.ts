// Sign-in journeys: the form, a wrong password, every demo user's home page, signing out, and switching role.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ROLES, type Permission } from '../src/platform/access/roles.ts';
import { DEMO_USERS } from '../src/platform/reference/demo-users.ts';
import { currentPath, navigate, signIn, signOut, userBar, visit } from './support/browser.ts';
import { useJourneyApp } from './support/journey.ts';
import { DEMO_PASSWORD } from './support/server.ts';

// What the home page offers, by permission: written out here so the page is checked against the role matrix.
const HOME_ACTIONS: { permission: Permission; title: string }[] = [
  { permission: 'contact.submit', title: 'Refer a concern' },
  { permission: 'contact.submit', title: 'Your referrals' },
  { permission: 'contact.screen', title: 'Hub queue' },
  { permission: 'check.respond', title: 'Checks for your agency' },
  { permission: 'notification.triage', title: 'Protection desk' },
  { permission: 'contact.receive-allocated', title: 'Contacts about your children' },
  { permission: 'case.read', title: 'Cases' },
  { permission: 'case.read', title: 'Work tray' },
  { permission: 'case.manage', title: 'Team tray' },
  { permission: 'case.manage', title: 'Stuck cases' },
  { permission: 'consultation.request', title: 'Multi-agency consultations' },
  { permission: 'casework.configure', title: 'Casework settings' },
  { permission: 'board.manage', title: 'Board business' },
  { permission: 'pledge.manage', title: 'The pledge' },
  { permission: 'support.request', title: 'Support requests' },
  { permission: 'support.respond', title: 'Support requests to the advisers' },
  { permission: 'training.manage', title: 'Training' },
  { permission: 'front-door.configure', title: 'Front door settings' },
  { permission: 'person.search', title: 'Find a person' },
  { permission: 'identity.review', title: 'Match reviews' },
  { permission: 'admin.users.manage', title: 'Users' },
  { permission: 'admin.teams.manage', title: 'Teams' },
  { permission: 'admin.api-keys.manage', title: 'API keys' },
  { permission: 'audit.history.read', title: 'Access history' },
  { permission: 'audit.verify', title: 'Audit trail' },
  { permission: 'reference.read', title: 'Partnership directory' },
];

const text = async (page: Page, selector: string) => (await page.locator(selector).innerText()).replace(/\s+/g, ' ').trim();

async function summaryValue(page: Page, key: string): Promise<string> {
  const row = page.locator('.govuk-summary-list__row').filter({ has: page.locator('.govuk-summary-list__key', { hasText: new RegExp(`^\\s*${key}\\s*$`) }) });
  return (await row.locator('.govuk-summary-list__value').innerText()).trim();
}

describe('Signing in', () => {
  const app = useJourneyApp();


  it('shows the sign-in page to someone not signed in, and sends other pages there', async () => {
    await app.page(async (page) => {
      const status = await visit(page, '/', 'home when not signed in');
      assert.equal(status, 200);
      assert.equal(currentPath(page), '/sign-in');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Sign in to Safehub');
      assert.equal(await page.title(), 'Sign in – Safehub');
      assert.equal(await userBar(page).count(), 0, 'nobody is shown as signed in');
      await assert.doesNotReject(page.getByLabel('Email address', { exact: true }).waitFor());
      await assert.doesNotReject(page.getByLabel('Password', { exact: true }).waitFor());
    });
  });

  it('refuses a wrong password with the GOV.UK error summary', async () => {
    await app.page(async (page) => {
      await visit(page, '/sign-in', 'Sign in');
      await page.getByLabel('Email address', { exact: true }).fill('admin@london-board.example');
      await page.getByLabel('Password', { exact: true }).fill(`${DEMO_PASSWORD}-wrong`);
      const status = await navigate(page, 'Sign in with a wrong password', () => page.getByRole('button', { name: 'Sign in', exact: true }).click());
      assert.equal(status, 400);
      assert.equal(currentPath(page), '/sign-in');
      assert.match(await page.title(), /^Error: Sign in – Safehub$/);
      const summary = page.locator('.govuk-error-summary');
      assert.equal(await summary.count(), 1);
      assert.equal(await summary.getByRole('heading').innerText(), 'There is a problem');
      const link = summary.getByRole('link', { name: 'Enter a correct email address and password' });
      assert.equal(await link.getAttribute('href'), '#email');
      assert.match(await text(page, '#email-error'), /Enter a correct email address and password/);
      assert.equal(await page.getByLabel('Email address', { exact: true }).inputValue(), 'admin@london-board.example', 'the email address is kept');
      assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '', 'the password is not sent back');
      assert.equal(await userBar(page).count(), 0);
    });
  });

  it('asks for both fields when the form is sent empty', async () => {
    await app.page(async (page) => {
      await visit(page, '/sign-in', 'Sign in');
      const status = await navigate(page, 'Sign in with nothing entered', () => page.getByRole('button', { name: 'Sign in', exact: true }).click());
      assert.equal(status, 400);
      const summary = page.locator('.govuk-error-summary');
      assert.deepEqual(await summary.getByRole('link').allInnerTexts(), ['Enter your email address', 'Enter your password']);
    });
  });

  for (const demo of DEMO_USERS) {
    const role = ROLES[demo.roles[0]!.roleCode];
    it(`signs in ${demo.email} as ${role.name}, shows their home page, and signs out`, async () => {
      await app.page(async (page) => {
        await signIn(page, demo.email, demo.roles.length > 1 ? role.name : undefined);
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Your Safehub home');
        assert.equal(await text(page, '.govuk-caption-l'), role.name);
        assert.equal(await page.title(), 'Home – Safehub');
        assert.equal(await summaryValue(page, 'Role'), role.name);
        assert.notEqual(await summaryValue(page, 'Where it applies'), '');
        const bar = (await userBar(page).innerText()).replace(/\s+/g, ' ');
        assert.ok(bar.includes(demo.displayName), `the header names ${demo.displayName}: ${bar}`);
        assert.ok(bar.includes(role.name), `the header names the role ${role.name}: ${bar}`);

        const expected = HOME_ACTIONS.filter((a) => role.permissions.includes(a.permission)).map((a) => a.title);
        const offered = await page.locator('main ul.govuk-list h3 a').allInnerTexts();
        assert.deepEqual(offered, expected, `${role.name} should be offered exactly what the role allows`);
        assert.equal(await page.getByRole('main').getByRole('link', { name: 'Switch role' }).count(), demo.roles.length > 1 ? 1 : 0, 'only people with several roles are offered a switch on the home page');

        await signOut(page);
        assert.equal(currentPath(page), '/sign-in?ended=signed-out');
        assert.match(await text(page, '.govuk-notification-banner'), /You have signed out\./);
        assert.equal(await userBar(page).count(), 0);
        // The old session is gone: home sends them back to sign in.
        await visit(page, '/', 'home after signing out');
        assert.equal(currentPath(page), '/sign-in');
      });
    });
  }

  it('lets the hub manager choose a role, then switch to hub practitioner', async () => {
    await app.page(async (page) => {
      await visit(page, '/sign-in', 'Sign in');
      await page.getByLabel('Email address', { exact: true }).fill('hub.manager@camden.example');
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await navigate(page, 'Choose your role', () => page.getByRole('button', { name: 'Sign in', exact: true }).click());
      assert.equal(new URL(page.url()).pathname, '/select-role');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Choose your role');
      assert.equal(await page.getByRole('radio').count(), 2);
      assert.equal(await page.getByRole('radio', { name: 'Hub manager', exact: true }).count(), 1);
      assert.equal(await page.getByRole('radio', { name: 'Hub practitioner', exact: true }).count(), 1);
      // No role yet: the header offers no navigation beyond the service name and no switch.
      assert.equal(await userBar(page).getByRole('link', { name: 'Switch role' }).count(), 0);

      // Continuing without a choice is refused with an error summary.
      const refused = await navigate(page, 'Choose your role with nothing chosen', () => page.getByRole('button', { name: 'Continue', exact: true }).click());
      assert.equal(refused, 400);
      assert.equal(await page.locator('.govuk-error-summary').count(), 1);

      await page.getByRole('radio', { name: 'Hub manager', exact: true }).check();
      await navigate(page, 'home as hub manager', () => page.getByRole('button', { name: 'Continue', exact: true }).click());
      assert.equal(currentPath(page), '/');
      assert.equal(await text(page, '.govuk-caption-l'), 'Hub manager');
      assert.match(await userBar(page).innerText(), /Hub manager/);

      await navigate(page, 'Switch role', () => userBar(page).getByRole('link', { name: 'Switch role' }).click());
      assert.equal(currentPath(page), '/select-role');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Switch role');
      assert.ok(await page.getByRole('radio', { name: 'Hub manager', exact: true }).isChecked(), 'the current role is selected');
      await page.getByRole('radio', { name: 'Hub practitioner', exact: true }).check();
      await navigate(page, 'home as hub practitioner', () => page.getByRole('button', { name: 'Continue', exact: true }).click());

      assert.equal(currentPath(page), '/');
      assert.equal(await text(page, '.govuk-caption-l'), 'Hub practitioner');
      const bar = (await userBar(page).innerText()).replace(/\s+/g, ' ');
      assert.match(bar, /Hub practitioner/);
      assert.doesNotMatch(bar, /Hub manager/);

      // The switch lasts: a fresh page load still shows the new role.
      await visit(page, '/directory/agencies', 'Partner agencies as hub practitioner');
      assert.match(await userBar(page).innerText(), /Hub practitioner/);
    });
  });
});
