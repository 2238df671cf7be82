// The partnership directory, and the GOV.UK-style pages for a missing page and a refused one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { currentPath, navigate, signIn, userBar, visit } from './support/browser.ts';
import { useJourneyApp } from './support/journey.ts';

const heading = async (page: Page) => (await page.getByRole('heading', { level: 1 }).innerText()).trim();
const serviceNav = (page: Page) => page.getByRole('navigation', { name: 'Menu' });

describe('Directory and error pages', () => {
  const app = useJourneyApp();


  it('lists the 33 boards and the partner agencies, reached from the header', async () => {
    await app.page(async (page) => {
      await signIn(page, 'regional.adviser@london-board.example');
      await navigate(page, 'Safeguarding boards', () => serviceNav(page).getByRole('link', { name: 'Directory', exact: true }).click());
      assert.equal(currentPath(page), '/directory/boards');
      assert.equal(await heading(page), 'Safeguarding boards');
      assert.equal(await page.title(), 'Safeguarding boards – Safehub');
      assert.ok(await serviceNav(page).getByRole('link', { name: 'Directory', exact: true }).getAttribute('aria-current'), 'the header marks Directory as the current section');

      const boards = page.getByRole('table');
      assert.equal((await boards.locator('caption').innerText()).trim(), '33 boards');
      const rows = boards.locator('tbody tr');
      assert.equal(await rows.count(), 33);
      const names = await rows.locator('th').allInnerTexts();
      assert.equal(names.filter((n) => /Regional/.test(n)).length, 1, 'one regional board');
      assert.ok(names.some((n) => n.includes('Camden')), 'Camden has a board');
      // Every board covers at least one authority and some children.
      for (const count of await rows.locator('td.govuk-table__cell--numeric').allInnerTexts()) assert.ok(Number(count) > 0, `child population ${count}`);

      await navigate(page, 'Partner agencies', () => page.getByRole('main').getByRole('link', { name: 'partner agencies' }).click());
      assert.equal(currentPath(page), '/directory/agencies');
      assert.equal(await heading(page), 'Partner agencies');
      const agencyRows = page.getByRole('table').locator('tbody tr');
      const agencies = await agencyRows.count();
      assert.ok(agencies > 1, 'several agencies');
      assert.match(await page.getByRole('main').locator('p.govuk-body').first().innerText(), new RegExp(`^${agencies} agencies take part`));
      const agencyNames = await agencyRows.locator('th').allInnerTexts();
      assert.ok(agencyNames.some((n) => /Metropolitan Police/i.test(n)), `the Met is a partner: ${agencyNames.join(', ')}`);
    });
  });

  it('shows a GOV.UK "Page not found" page for an unknown address', async () => {
    await app.page(async (page) => {
      await signIn(page, 'caseworker@camden.example');
      const status = await visit(page, '/no-such-page', 'Page not found');
      assert.equal(status, 404);
      assert.equal(await heading(page), 'Page not found');
      assert.equal(await page.title(), 'Page not found – Safehub');
      assert.equal(await userBar(page).count(), 1, 'still shown as signed in');
      await navigate(page, 'home from the 404 page', () => page.getByRole('link', { name: 'Go to your home page' }).click());
      assert.equal(currentPath(page), '/');
    });
  });

  it('shows a GOV.UK "no access" page when a referrer opens user administration', async () => {
    await app.page(async (page) => {
      await signIn(page, 'referrer@camden-schools.example');
      assert.equal(await serviceNav(page).getByRole('link', { name: 'Users', exact: true }).count(), 0, 'the referrer is not offered user administration');
      const status = await visit(page, '/admin/users', 'You do not have access');
      assert.equal(status, 403);
      assert.equal(await heading(page), 'You do not have access to this');
      assert.equal(await page.title(), 'You do not have access – Safehub');
      assert.match(await page.getByRole('main').innerText(), /Your attempt has been recorded/);
      assert.equal(await page.getByRole('main').getByRole('row').count(), 0, 'no list of users is shown');
      await navigate(page, 'home from the 403 page', () => page.getByRole('link', { name: 'Go to your home page' }).click());
      assert.equal(currentPath(page), '/');
    });
  });
});
