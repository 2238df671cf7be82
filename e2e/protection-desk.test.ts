// The police public protection desk: a desk officer loads a file of notifications (one row is bad), loads it
// again (nothing changes), opens the top of the queue (highest risk first), sees each factor with its weight,
// and forwards it to the hub, where it arrives as a contact already rated from the desk's score.
// The tests in this file build on each other (one story, one server), so they run in order.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { currentPath, navigate, signIn } from './support/browser.ts';
import { useJourneyApp } from './support/journey.ts';

const heading = async (page: Page) => (await page.getByRole('heading', { level: 1 }).innerText()).trim();
const main = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

// Invented people. The first notification has every heavy factor, so it is the highest risk on the desk.
const FILE = [
  'police_reference,occurred_at,la_code,incident_type,factors,summary,child_1_forenames,child_1_surname,child_1_dob,adult_1_forenames,adult_1_surname,adult_1_dob,adult_1_role',
  'MPS-E2E-1,2026-11-21T23:10:00Z,202,domestic-abuse,child-present|weapon|injury|repeat-incident|alcohol|drugs|pregnancy,"Officers attended a domestic incident; a knife was used and a toddler was in the room.",Peregrine,Ashworth-Lund,2024-01-15,Dorian,Ashworth-Lund,1990-04-04,suspect',
  'MPS-E2E-2,2026-11-21T20:00:00Z,202,child-missing,,Reported missing overnight and found next morning.,Saoirse,Vantongeren,2011-08-08,,,,',
  'MPS-E2E-3,2026-11-21T21:00:00Z,202,child-at-risk,,Summary,Lowenna,Quartermain,2016-02-30,,,,',
].join('\n');

describe('Police public protection desk', () => {
  const app = useJourneyApp();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'safehub-desk-')), 'notifications.csv');
  fs.writeFileSync(file, FILE);

  const load = async (page: Page, label: string) => {
    await navigate(page, `${label}: load page`, () => page.getByRole('button', { name: 'Load notifications' }).first().click());
    assert.equal(await heading(page), 'Load police notifications');
    await page.getByLabel('File', { exact: true }).setInputFiles(file);
    await navigate(page, `${label}: result`, () => page.getByRole('button', { name: 'Load notifications' }).click());
    assert.equal(await heading(page), 'Notifications loaded');
    return main(page);
  };

  it('loads a file twice: the bad row is reported, and the second load changes nothing', async () => {
    await app.page(async (page) => {
      await signIn(page, 'desk.officer@met.example');
      await navigate(page, 'Protection desk', () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Protection desk' }).click());
      assert.equal(await heading(page), 'Protection desk');

      const first = await load(page, 'First load');
      assert.match(first, /MPS-E2E-3/);
      assert.match(first, /date of birth/i, 'the bad row says what is wrong');
      assert.doesNotMatch(first, /Lowenna|Quartermain/, 'the report names the row, not the people in it');
      assert.doesNotMatch(page.url(), /Ashworth|Peregrine/);

      await navigate(page, 'Back to the desk', () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Protection desk' }).click());
      const second = await load(page, 'Second load');
      assert.match(second, /2 unchanged|unchanged: 2|Unchanged 2/i);
      assert.match(second, /MPS-E2E-3/, 'the bad row is still reported');
    });
  });

  it('forwards the highest-risk notification to the hub, where it arrives as a rated contact', async () => {
    await app.page(async (page) => {
      await signIn(page, 'desk.officer@met.example');
      await navigate(page, 'Protection desk', () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Protection desk' }).click());
      const top = page.locator('main table tbody tr').first();
      assert.match(await top.innerText(), /MPS-E2E-1/, 'the queue is ordered by risk, highest first');
      await navigate(page, 'Notification', () => top.getByRole('link', { name: 'MPS-E2E-1' }).click());
      assert.equal(await heading(page), 'MPS-E2E-1');
      const text = await main(page);
      assert.match(text, /Weapon used or threatened/);
      assert.match(text, /25/, 'each factor is shown with its weight');
      assert.match(text, /Red/);

      await navigate(page, 'Forwarded', () => page.getByRole('button', { name: 'Forward to the hub' }).click());
      assert.match(await main(page), /Forwarded/i);
    });

    await app.page(async (page) => {
      await signIn(page, 'hub.practitioner@camden.example');
      await navigate(page, 'Hub queue: red', () => page.goto('/hub?rag=red&sort=received'));
      const row = page.locator('main table tbody tr').filter({ hasText: 'Peregrine Ashworth-Lund' });
      assert.equal(await row.count(), 1, 'the forwarded notification is a contact in the hub queue');
      await navigate(page, 'Contact from the desk', () => row.getByRole('link').first().click());
      assert.match(currentPath(page), /^\/contacts\/[0-9a-f-]{36}$/);
      const contact = await main(page);
      assert.match(contact, /Police notification MPS-E2E-1/);
      assert.match(contact, /Protection desk risk score/);
    });
  });
});
