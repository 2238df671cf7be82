// Finding a person across agencies: the hub searches with a misspelt name, sees how likely each match is and
// which agencies know the person (never what they hold), opens the person, and checks the review queue.
// The demo's Synthetic London is deterministic, so the journey knows a child the agencies hold.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_SCALE, DEMO_SEED } from '../src/modules/synthetic/index.ts';
import { syntheticSourceRecords } from '../src/modules/synthetic/synthetic.load.ts';
import { currentPath, navigate, signIn } from './support/browser.ts';
import { useJourneyApp } from './support/journey.ts';

const heading = async (page: Page) => (await page.getByRole('heading', { level: 1 }).innerText()).trim();

/**
 * A Croydon child known to the education service, from the demo data: the Camden hub searches for them, and holds
 * no record of its own (the demo's practice history gives Camden's children Camden records).
 */
function demoChild() {
  const { records } = syntheticSourceRecords({ seed: DEMO_SEED, scale: DEMO_SCALE, history: true });
  const camdenHeld = new Set(records.filter((r) => r.agencyCode === 'la-202').map((r) => `${r.record.surname}|${r.record.dateOfBirth}`));
  const child = records.find(
    (r) => r.agencyCode === 'la-306-education' && r.record.dateOfBirth && r.record.dateOfBirth > '2012-01-01' && r.record.nhsNumber === null && r.record.surname.length > 4 && !camdenHeld.has(`${r.record.surname}|${r.record.dateOfBirth}`),
  );
  assert.ok(child, 'the demo holds a Croydon schoolchild');
  return child.record;
}

describe('Finding a person', () => {
  const app = useJourneyApp();
  const child = demoChild();


  it('finds a child despite a misspelt surname, and shows who knows them, not what they hold', async () => {
    await app.page(async (page) => {
      await signIn(page, 'hub.practitioner@camden.example');
      await navigate(page, 'Find a person', () => page.getByRole('link', { name: 'Find a person' }).first().click());
      assert.equal(currentPath(page), '/people/find');
      assert.equal(await heading(page), 'Find a person');

      await navigate(page, 'Find a person: empty form', () => page.getByRole('button', { name: 'Search' }).click());
      const summary = page.locator('.govuk-error-summary');
      assert.match(await summary.innerText(), /Enter first names/);
      assert.match(await summary.innerText(), /Enter a last name/);

      const [year, month, day] = child.dateOfBirth!.split('-');
      const misspelt = child.surname.slice(0, 2) + child.surname[3] + child.surname[2] + child.surname.slice(4);
      await page.getByLabel('First names').fill(child.forenames.split(' ')[0]!);
      await page.getByLabel('Last name').fill(misspelt);
      await page.getByLabel('Day').fill(String(Number(day)));
      await page.getByLabel('Month').fill(String(Number(month)));
      await page.getByLabel('Year').fill(year!);
      await navigate(page, 'Find a person: results', () => page.getByRole('button', { name: 'Search' }).click());
      assert.equal(currentPath(page), '/people/find', 'the search stays out of the URL');
      assert.doesNotMatch(page.url(), new RegExp(misspelt), 'the name is not in the URL');
      const first = page.locator('.govuk-summary-card').first();
      assert.match(await first.innerText(), /Match 1: \d+(\.\d)?%/);
      assert.match(await first.innerText(), /London Borough of Croydon Education Services/);
      await first.getByText('Why this match').click();
      assert.match(await first.locator('.govuk-details').innerText(), /surname/);

      await navigate(page, 'Person', () => first.getByRole('link', { name: /View person/ }).click());
      assert.match(currentPath(page), /^\/people\/[0-9a-f-]{36}$/);
      assert.equal(await heading(page), 'Person');
      const knownTo = await page.getByRole('table').first().innerText();
      assert.match(knownTo, /London Borough of Croydon Education Services/);
      assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(child.localId), "another agency's reference is not shown");
      assert.match(await page.locator('main').innerText(), /Your agency holds no record of this person/);
    });
  });

  it('shows the hub manager the review queue and the merge form', async () => {
    await app.page(async (page) => {
      await signIn(page, 'hub.manager@camden.example', 'Hub manager');
      await navigate(page, 'Match reviews', () => page.getByRole('link', { name: 'Match reviews' }).first().click());
      assert.equal(await heading(page), 'Possible matches to review');
      await navigate(page, 'Find a person', () => page.getByRole('link', { name: 'Find a person' }).first().click());
      await page.getByLabel('First names').fill(child.forenames.split(' ')[0]!);
      await page.getByLabel('Last name').fill(child.surname);
      await navigate(page, 'Find a person: results', () => page.getByRole('button', { name: 'Search' }).click());
      await navigate(page, 'Person', () => page.locator('.govuk-summary-card').first().getByRole('link', { name: /View person/ }).click());
      await navigate(page, 'Person: merge without a reason', () => page.getByRole('button', { name: 'Merge' }).click());
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Select the person to merge|Give the reason for the merge/);
    });
  });
});
