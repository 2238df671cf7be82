// The front door, end to end in Chromium with axe on every page: a teacher refers a child through the question
// pages; the hub rates it Red; with consent refused the hub records the strategy decision, then asks police and
// health; the police share with a sharing decision and health declines with a reason; the hub decides on a
// section 47 strategy discussion; a manager signs it off; and the teacher sees the outcome, and nothing else.
// The tests in this file build on each other (one story, one server), so they run in order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { currentPath, navigate, signIn } from './support/browser.ts';
import { useJourneyApp } from './support/journey.ts';

const TEACHER = 'referrer@camden-schools.example';
const HUB = 'hub.practitioner@camden.example';
const MANAGER = 'hub.manager@camden.example';
const POLICE = 'police.researcher@met.example';
const HEALTH = 'health.researcher@clch.example';
// An invented child and mother.
const CHILD = { forenames: 'Tobiah', surname: 'Wrenfield-Achterberg', day: '14', month: '5', year: '2016' };
const MOTHER = { forenames: 'Marisol', surname: 'Wrenfield-Achterberg', day: '1', month: '2', year: '1988' };

const heading = async (page: Page) => (await page.getByRole('heading', { level: 1 }).innerText()).trim();
const main = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');
const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu' });
const saveAndContinue = (page: Page, label: string) => navigate(page, label, () => page.getByRole('button', { name: 'Save and continue' }).click());

describe('The front door: a teacher’s referral to a signed-off decision', () => {
  const app = useJourneyApp();
  let reference = '';
  let contactPath = '';

  it('lets a teacher refer a concern through the question pages and check their answers', async () => {
    await app.page(async (page) => {
      await signIn(page, TEACHER);
      await navigate(page, 'Refer a concern: start', () => menu(page).getByRole('link', { name: 'Refer a concern' }).click());
      assert.equal(await heading(page), 'Refer a concern about a child');
      await navigate(page, 'Where', () => page.getByRole('button', { name: 'Start a new referral' }).click());

      await saveAndContinue(page, 'Where: nothing chosen');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /local authority/i);
      await page.getByLabel('Which local authority does the child live in?').selectOption({ label: 'Camden' });
      await saveAndContinue(page, 'The child');
      assert.equal(await heading(page), 'Tell us about the child');

      await page.getByLabel('First names').fill(CHILD.forenames);
      await page.getByLabel('Last name').fill(CHILD.surname);
      await page.getByLabel('Day').fill(CHILD.day);
      await page.getByLabel('Month').fill(CHILD.month);
      await page.getByLabel('Year').fill(CHILD.year);
      await saveAndContinue(page, 'Children added');
      assert.equal(await heading(page), 'You have added 1 child');
      await navigate(page, 'Adults', () => page.getByRole('button', { name: 'Continue' }).click());

      await navigate(page, 'Add an adult', () => page.getByRole('button', { name: 'Add an adult' }).click());
      await page.getByLabel('First names').fill(MOTHER.forenames);
      await page.getByLabel('Last name').fill(MOTHER.surname);
      await page.getByLabel('Day').fill(MOTHER.day);
      await page.getByLabel('Month').fill(MOTHER.month);
      await page.getByLabel('Year').fill(MOTHER.year);
      await page.getByLabel('Mother', { exact: true }).check();
      await saveAndContinue(page, 'Adults added');
      await navigate(page, 'The concern', () => page.getByRole('button', { name: 'Continue' }).click());

      await page.getByLabel('Describe the concern in your own words').fill('Tobiah came to school with bruising to his cheek and told his teacher he is scared to go home tonight.');
      await page.getByLabel('Physical abuse').check();
      await saveAndContinue(page, 'Consent');
      await page.getByLabel('Consent refused').check();
      await page.getByLabel('Reason', { exact: true }).fill('The mother said she does not want social care involved.');
      await saveAndContinue(page, 'About you');
      await page.getByLabel('Your role or job title (optional)').fill('Designated safeguarding lead');
      await saveAndContinue(page, 'Check your answers');
      assert.equal(await heading(page), 'Check your answers before sending the referral');
      const answers = await main(page);
      assert.match(answers, /Tobiah Wrenfield-Achterberg/);
      assert.match(answers, /Consent refused/);
      assert.doesNotMatch(page.url(), /Tobiah|Wrenfield/, 'no personal data in the URL');

      await navigate(page, 'Referral sent', () => page.getByRole('button', { name: 'Send referral' }).click());
      assert.equal(await heading(page), 'Referral sent');
      reference = /\d{3}-\d{4}-\d{6}/.exec(await main(page))![0];
    });
  });

  it('lets the hub rate it Red, refuses checks without a lawful basis, then asks police and health on the section 47 track', async () => {
    await app.page(async (page) => {
      await signIn(page, HUB);
      await navigate(page, 'Hub queue', () => menu(page).getByRole('link', { name: 'Hub queue' }).click());
      assert.equal(await heading(page), 'Hub queue');
      await navigate(page, 'Contact', () => page.getByRole('link', { name: reference }).click());
      contactPath = currentPath(page);
      assert.match(contactPath, /^\/contacts\/[0-9a-f-]{36}$/);
      assert.match(await main(page), /scared to go home/);

      await page.getByRole('group', { name: 'RAG rating' }).getByLabel('Red').check();
      await page.getByRole('group', { name: 'Threshold level (London Continuum of Need)' }).getByLabel(/Level 4/).check();
      await page.getByLabel('Why this rating').fill('Injury to a child who is afraid to go home');
      await navigate(page, 'Rated Red', () => page.getByRole('button', { name: 'Save rating' }).click());
      assert.match(await main(page), /RAG rating saved/);
      assert.match(await main(page), /Red: the clock runs continuously/);

      await page.getByText('Ask partner agencies for checks').click();
      await page.getByLabel('Metropolitan Police Service').check();
      await page.getByLabel('Central London Community Healthcare NHS Trust').check();
      await page.getByLabel('What are you asking?').fill('What do you hold about Tobiah and his mother?');
      await navigate(page, 'Checks refused', () => page.getByRole('button', { name: 'Send check requests' }).click());
      assert.match(await page.locator('.govuk-error-summary').innerText(), /You cannot ask partners for checks yet/);

      await page.getByLabel(/Record the strategy decision/).fill('Strategy discussion with DS Okoro: reasonable cause to suspect significant harm');
      await navigate(page, 'Section 47 track', () => page.getByRole('button', { name: 'Record strategy decision' }).click());
      await page.getByText('Ask partner agencies for checks').click();
      await page.getByLabel('Metropolitan Police Service').check();
      await page.getByLabel('Central London Community Healthcare NHS Trust').check();
      await page.getByLabel('What are you asking?').fill('What do you hold about Tobiah and his mother?');
      await navigate(page, 'Checks sent', () => page.getByRole('button', { name: 'Send check requests' }).click());
      assert.match(await main(page), /Agency checks requested/);
    });
  });

  it('lets the police share with a recorded sharing decision, and health decline with a reason', async () => {
    await app.page(async (page) => {
      await signIn(page, POLICE);
      await navigate(page, 'Checks', () => menu(page).getByRole('link', { name: 'Checks' }).click());
      await navigate(page, 'Police check', () => page.getByRole('link', { name: reference }).click());
      const check = await main(page);
      assert.match(check, /What do you hold about Tobiah and his mother\?/);
      assert.doesNotMatch(check, /scared to go home/, "a partner sees the hub's question, not the referrer's words");
      await page.getByLabel('We hold information and are sharing a summary').check();
      await page.getByLabel(/Summary of what your agency holds/).fill('Two domestic incidents at the address this year; the mother was the victim both times.');
      await page.getByLabel('What you are sharing').fill('Dates and nature of incidents');
      await page.getByLabel(/Why sharing/).fill('Necessary and proportionate to assess risk of significant harm to the child');
      await page.getByLabel('Lawful basis').selectOption('public-task');
      await navigate(page, 'Police answered', () => page.getByRole('button', { name: 'Send answer' }).click());
      assert.match(await main(page), /Your answer has been sent to the hub/);
    });
    await app.page(async (page) => {
      await signIn(page, HEALTH);
      await navigate(page, 'Checks', () => menu(page).getByRole('link', { name: 'Checks' }).click());
      await navigate(page, 'Health check', () => page.getByRole('link', { name: reference }).click());
      await page.getByLabel('We hold information but are not sharing it').check();
      await page.getByLabel(/Reason for not sharing/).fill('The records are held under a court order: the hub must apply to the court.');
      await navigate(page, 'Health declined', () => page.getByRole('button', { name: 'Send answer' }).click());
      assert.match(await main(page), /Your answer has been sent to the hub/);
    });
  });

  it('lets the hub decide on a section 47 strategy discussion, and a manager sign it off', async () => {
    await app.page(async (page) => {
      await signIn(page, HUB);
      await navigate(page, 'Contact with answers', () => page.goto(contactPath));
      const text = await main(page);
      assert.match(text, /Two domestic incidents/);
      assert.match(text, /held under a court order/);
      await page.getByLabel('Section 47 strategy discussion').check();
      await page.getByRole('group', { name: 'Threshold level', exact: true }).getByLabel(/Level 4/).check();
      await page.getByLabel('Rationale').fill('Reasonable cause to suspect significant harm: strategy discussion held with police');
      await navigate(page, 'Decided', () => page.getByRole('button', { name: 'Record decision' }).click());
      assert.match(await main(page), /sent to a manager for sign-off/);
    });
    await app.page(async (page) => {
      await signIn(page, MANAGER, 'Hub manager');
      await navigate(page, 'Contact to sign off', () => page.goto(contactPath));
      await page.getByLabel('Yes, sign it off and tell the referrer').check();
      await navigate(page, 'Signed off', () => page.getByRole('button', { name: 'Record sign-off' }).click());
      assert.match(await main(page), /Sign-off recorded/);
    });
  });

  it('shows the teacher the outcome of their referral, and nothing else', async () => {
    await app.page(async (page) => {
      await signIn(page, TEACHER);
      await navigate(page, 'Your referrals', () => menu(page).getByRole('link', { name: 'Your referrals' }).click());
      const row = page.locator('main table tbody tr').filter({ hasText: reference });
      assert.match(await row.innerText(), /Section 47 strategy discussion/);
      await navigate(page, 'The referral', () => row.getByRole('link', { name: reference }).click());
      const text = await main(page);
      assert.match(text, /Section 47 strategy discussion/);
      assert.doesNotMatch(text, /Two domestic incidents|court order/, 'the referrer never sees what partners shared');

      // A partner may ask for a multi-agency consultation about a child they referred.
      await navigate(page, 'Ask for a consultation', () => page.getByRole('link', { name: 'ask for a multi-agency consultation' }).click());
      await page.getByLabel('Why is a consultation needed?').fill('Tobiah is still telling staff he is frightened to go home, and nothing seems to have changed for him at school.');
      await navigate(page, 'Consultation requested', () => page.getByRole('button', { name: 'Ask for a consultation' }).click());
      assert.match(currentPath(page), /^\/consultations\/[0-9a-f-]{36}\?done=requested$/);
      assert.doesNotMatch(await main(page), /Two domestic incidents|court order/, 'the consultation shows the referrer nothing of the case');
    });
  });
});
