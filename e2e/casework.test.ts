// Casework, end to end in Chromium with axe on every page: a team manager records a referral for a child the
// agencies know, and takes the case through an initial assessment, a strategy discussion, a section 47 enquiry,
// the initial child protection conference, the first core group and the first review conference, with every
// deadline shown with its rule and met; the manager's team tray shows an overdue step from the demo's casework;
// and a stuck case the rules flagged is taken to a multi-agency consultation whose actions are tracked.
// The dates are in the past (the pathway refuses future dates), worked out by hand under Working Together 2010:
//   referral Wed 1 July 2026 → initial assessment due 15 July (10 working days);
//   strategy discussion Thu 9 July → ICPC due Thu 30 July (15 working days), core assessment due 27 August (35);
//   ICPC Mon 27 July → first core group due Mon 10 August (10 working days), first review due 27 October (3 months);
//   review Tue 20 October → next review due 20 April 2027 (6 months).
// The tests in this file build on each other (one story, one server), so they run in order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_SCALE, DEMO_SEED } from '../src/modules/synthetic/index.ts';
import { syntheticSourceRecords } from '../src/modules/synthetic/synthetic.load.ts';
import { currentPath, navigate, signIn } from './support/browser.ts';
import { useJourneyApp } from './support/journey.ts';

const MANAGER = 'team.manager@camden.example';

const heading = async (page: Page) => (await page.getByRole('heading', { level: 1 }).innerText()).trim();
const main = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

/** Fills a GOV.UK date input whose fields are `<name>-day`, `<name>-month` and `<name>-year`. */
async function fillDate(page: Page, name: string, day: string): Promise<void> {
  const [y, m, d] = day.split('-');
  await page.locator(`#${name}-day`).fill(String(Number(d)));
  await page.locator(`#${name}-month`).fill(String(Number(m)));
  await page.locator(`#${name}-year`).fill(y!);
}

/** Submits a case form and expects the case page back; a form that stays put names its errors. */
async function submitToCase(page: Page, label: string, button: string | RegExp): Promise<void> {
  await navigate(page, label, () => page.getByRole('button', { name: button }).first().click());
  if (!/^\/cases\/[0-9a-f-]{36}(\?|$)/.test(currentPath(page))) {
    const summary = page.locator('.govuk-error-summary');
    assert.fail(`${label}: the form was not accepted (${currentPath(page)}): ${(await summary.count()) ? await summary.innerText() : 'no error summary'}`);
  }
  assert.equal(await page.locator('.govuk-notification-banner').count(), 1, `${label}: the case page confirms the change`);
}

/** Fills the first attendance row of a conference or core group form: the police officer, invited and attended. */
async function policeAttended(page: Page): Promise<void> {
  await page.locator('#attendance-0-agency').selectOption({ label: 'Metropolitan Police Service' });
  await page.locator('#attendance-0-name').fill('Ellery Marchbanks');
  await page.locator('#attendance-0-role').fill('Detective constable');
  await page.locator('#attendance-0-flags').check();
  await page.locator('#attendance-0-flags-2').check();
}

/** The deadlines table of the case page, as [step, due, status] rows. */
async function deadlines(page: Page): Promise<string[][]> {
  const rows = page.locator('#deadlines + table tbody tr');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = await rows.nth(i).locator('td').allInnerTexts();
    out.push(cells.slice(0, 3).map((c) => c.replace(/\s+/g, ' ').trim()));
  }
  return out;
}

async function deadline(page: Page, step: string): Promise<{ due: string; status: string }> {
  const row = (await deadlines(page)).find((r) => r[0] === step);
  assert.ok(row, `the case shows a deadline for ${step}`);
  return { due: row[1]!, status: row[2]! };
}

/**
 * A child from the demo data known to Camden's schools, and not to Camden's children's social care (so the demo's
 * practice history holds no Camden case for them).
 */
function demoChild() {
  const { records } = syntheticSourceRecords({ seed: DEMO_SEED, scale: DEMO_SCALE, history: true });
  const socialCare = new Set(records.filter((r) => r.agencyCode === 'la-202').map((r) => `${r.record.surname}|${r.record.dateOfBirth}`));
  const child = records.find(
    (r) => r.agencyCode === 'la-202-education' && r.record.dateOfBirth && r.record.dateOfBirth > '2013-01-01' && r.record.surname.length > 4 && !socialCare.has(`${r.record.surname}|${r.record.dateOfBirth}`),
  );
  assert.ok(child, 'the demo holds a Camden schoolchild unknown to social care');
  return child.record;
}

describe('Casework: a case from referral to its first review, the team tray, and a stuck case consulted on', () => {
  const app = useJourneyApp();
  const child = demoChild();
  let casePath = '';

  it('records a referral for a child found in Find a person, and shows the first deadline with its rule', async () => {
    await app.page(async (page) => {
      await signIn(page, MANAGER);
      await navigate(page, 'Find a person', () => page.getByRole('link', { name: 'Find a person' }).first().click());
      const [year, month, day] = child.dateOfBirth!.split('-');
      await page.getByLabel('First names').fill(child.forenames.split(' ')[0]!);
      await page.getByLabel('Last name').fill(child.surname);
      await page.getByLabel('Day').fill(String(Number(day)));
      await page.getByLabel('Month').fill(String(Number(month)));
      await page.getByLabel('Year').fill(year!);
      await navigate(page, 'Find a person: results', () => page.getByRole('button', { name: 'Search' }).click());
      await navigate(page, 'Person', () => page.locator('.govuk-summary-card').first().getByRole('link', { name: /View person/ }).click());
      await navigate(page, 'Record a referral', () => page.getByRole('link', { name: 'Record a referral and open a case' }).click());
      assert.equal(await heading(page), 'Record a referral');

      await navigate(page, 'Record a referral: nothing entered', () => page.getByRole('button', { name: 'Open the case' }).click());
      assert.match(await page.locator('.govuk-error-summary').innerText(), /referral/i, 'the missing date is reported');

      await fillDate(page, 'referralOn', '2026-07-01');
      await page.getByLabel('Where did the referral come from?').selectOption({ label: 'Schools' });
      await navigate(page, 'Case', () => page.getByRole('button', { name: 'Open the case' }).click());
      assert.match(currentPath(page), /^\/cases\/[0-9a-f-]{36}\?done=opened$/, 'the case page has an id, never a name, in its address');
      casePath = currentPath(page).split('?')[0]!;
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /Case opened/);
      const initial = await deadline(page, 'Initial assessment');
      assert.equal(initial.due, '15 July 2026');
      assert.match(await main(page), /10 working days from the referral \(Working Together 2010\)/);
    });
  });

  it('takes the case through assessment, strategy discussion and section 47 enquiry, each deadline met', async () => {
    await app.page(async (page) => {
      await signIn(page, MANAGER);
      await navigate(page, 'Case', () => page.goto(app.url(casePath)));

      await navigate(page, 'Start an assessment', () => page.getByRole('link', { name: 'Start an assessment' }).click());
      await page.getByLabel('Initial assessment').check();
      await fillDate(page, 'startedOn', '2026-07-02');
      await submitToCase(page, 'Case: assessment started', 'Start the assessment');

      await navigate(page, 'Complete the assessment', () => page.locator('#assessments ~ table').first().getByRole('link', { name: /Complete/ }).first().click());
      await fillDate(page, 'completedOn', '2026-07-08');
      await page.getByLabel('Concerns of significant harm: strategy discussion').check();
      await page.locator('input[name="factors"][value="16A"]').check();
      await submitToCase(page, 'Case: assessment completed', 'Complete the assessment');
      assert.equal((await deadline(page, 'Initial assessment')).status, 'Met Done 8 July 2026');

      await navigate(page, 'Record a strategy discussion', () => page.getByRole('link', { name: 'Record a strategy discussion' }).click());
      await fillDate(page, 'heldOn', '2026-07-09');
      await page.locator('#participant-1-agencyId').selectOption({ label: 'Metropolitan Police Service' });
      await page.locator('#participant-1-name').fill('Ellery Marchbanks');
      await page.locator('#participant-1-role').fill('Detective constable, child abuse investigation');
      await page.locator('#participant-2-agencyId').selectOption({ index: 2 });
      await page.locator('#participant-2-name').fill('Rosalind Okonjo');
      await page.locator('#participant-2-role').fill('Named nurse for safeguarding');
      await page.getByRole('group', { name: /start a section 47 enquiry/ }).getByLabel('Yes').check();
      await submitToCase(page, 'Case: strategy discussion', 'Record the strategy discussion');
      assert.equal((await deadline(page, 'Core assessment')).due, '27 August 2026', 'the section 47 enquiry runs as a core assessment, 35 working days');

      await navigate(page, 'Complete the enquiry', () => page.locator('#s47 ~ table').first().getByRole('link', { name: /Complete/ }).first().click());
      await fillDate(page, 'completedOn', '2026-07-20');
      await page.getByLabel('Initial child protection conference', { exact: true }).check();
      await submitToCase(page, 'Case: enquiry completed', 'Complete the enquiry');
      const icpc = await deadline(page, 'Initial child protection conference');
      assert.equal(icpc.due, '30 July 2026', '15 working days from the last strategy discussion');
      assert.match(icpc.status, /^Overdue/, 'not yet held, and the due day has passed');
    });
  });

  it('records the conference, the first core group and the first review, and every deadline is met', async () => {
    await app.page(async (page) => {
      await signIn(page, MANAGER);
      await navigate(page, 'Case', () => page.goto(app.url(casePath)));

      await navigate(page, 'Initial conference', () => page.getByRole('link', { name: 'Record the initial child protection conference' }).click());
      await fillDate(page, 'heldOn', '2026-07-27');
      await policeAttended(page);
      await page.getByRole('group', { name: 'Outcome of the conference' }).getByLabel('Child protection plan').check();
      await page.getByRole('group', { name: 'Category of abuse' }).getByLabel('Neglect').check();
      await submitToCase(page, 'Case: conference recorded', 'Save the conference');
      assert.equal((await deadline(page, 'Initial child protection conference')).status, 'Met Done 27 July 2026');
      assert.equal((await deadline(page, 'First core group')).due, '10 August 2026');
      assert.equal((await deadline(page, 'First review conference')).due, '27 October 2026');

      await navigate(page, 'Core group', () => page.getByRole('link', { name: 'Record a core group' }).first().click());
      await fillDate(page, 'heldOn', '2026-08-05');
      await policeAttended(page);
      await submitToCase(page, 'Case: core group', 'Save the core group');
      assert.equal((await deadline(page, 'First core group')).status, 'Met Done 5 August 2026');

      await navigate(page, 'Complete the core assessment', () => page.locator('#assessments ~ table').first().getByRole('link', { name: /Complete/ }).first().click());
      await fillDate(page, 'completedOn', '2026-08-20');
      await page.getByLabel('Child in need: services to be provided').check();
      await page.locator('input[name="factors"][value="16A"]').check();
      await submitToCase(page, 'Case: core assessment completed', 'Complete the assessment');

      await navigate(page, 'Review conference', () => page.getByRole('link', { name: 'Record a review conference' }).first().click());
      await fillDate(page, 'heldOn', '2026-10-20');
      await policeAttended(page);
      await page.getByLabel('Yes, the plan continues').check();
      await submitToCase(page, 'Case: review recorded', 'Save the review conference');
      assert.equal((await deadline(page, 'First review conference')).status, 'Met Done 20 October 2026');
      assert.equal((await deadline(page, 'Review conference')).due, '20 April 2027');
      const history = await page.locator('#history ~ table').first().innerText();
      for (const step of ['Initial child protection conference held', 'Child protection plan started', 'Core group met', 'Review conference held']) assert.match(history, new RegExp(step), `the history shows: ${step}`);

      const rows = await deadlines(page);
      const met = rows.filter((r) => /^Met/.test(r[2]!)).map((r) => r[0]).sort();
      assert.deepEqual(met, ['Core assessment', 'First core group', 'First review conference', 'Initial assessment', 'Initial child protection conference'], 'every step from referral to the first review met its deadline');
      assert.deepEqual(rows.filter((r) => !/^Met/.test(r[2]!)).map((r) => [r[0], r[2]]), [['Review conference', 'Due']], 'only the next review is still to come');
    });
  });

  it("shows an overdue step in the team manager's tray, which the manager acknowledges", async () => {
    await app.page(async (page) => {
      await signIn(page, MANAGER);
      await navigate(page, 'Team tray', () => page.getByRole('link', { name: 'Team tray' }).first().click());
      const text = await main(page);
      assert.match(text, /Overdue/);
      const acknowledge = page.getByRole('button', { name: /Acknowledge/ }).first();
      assert.ok((await acknowledge.count()) > 0, 'the overdue scan has raised an alert to the manager');
      const before = await page.getByRole('button', { name: /Acknowledge/ }).count();
      await navigate(page, 'Team tray: acknowledged', () => acknowledge.click());
      assert.equal(await page.getByRole('button', { name: /Acknowledge/ }).count(), before - 1);
    });
  });

  it('takes a flagged stuck case to a multi-agency consultation and tracks its action to done', async () => {
    await app.page(async (page) => {
      await signIn(page, MANAGER);
      await navigate(page, 'Stuck cases', () => page.goto(app.url('/casework/stuck')));
      assert.equal(await heading(page), 'Stuck cases');
      assert.match(await main(page), /Child protection plan open for \d+ months/);
      await navigate(page, 'Ask for a consultation', () => page.getByRole('link', { name: 'Ask for a consultation' }).first().click());
      await page.getByLabel('Why is a consultation needed?').fill('The plan has run for well over a year and a half with little change at home; the agencies need to agree a new approach.');
      await navigate(page, 'Consultation', () => page.getByRole('button', { name: 'Ask for a consultation' }).click());
      assert.match(currentPath(page), /^\/consultations\/[0-9a-f-]{36}\?done=requested$/);

      await navigate(page, 'Arrange the panel', () => page.getByRole('link', { name: 'Arrange the panel' }).click());
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
      await fillDate(page, 'panelOn', today);
      await page.getByLabel('Metropolitan Police Service').check();
      await navigate(page, 'Consultation: scheduled', () => page.getByRole('button', { name: 'Save and send invitations' }).click());

      await navigate(page, 'Record the panel', () => page.getByRole('link', { name: 'Record the panel' }).click());
      await page.getByRole('group', { name: /Metropolitan Police Service/ }).getByLabel('Attended', { exact: true }).check();
      await page.getByLabel('Who attended for Metropolitan Police Service').fill('DS Wilhelmina Ashdown, public protection');
      await page.getByLabel('Discussion').fill('Agencies agreed the neglect has not improved and the current plan is not being followed.');
      await page.getByLabel('Recommendations').fill('A family group conference within four weeks; a joint visit by police and social care.');
      await page.getByLabel('What needs to be done').first().fill('Arrange a family group conference');
      await page.getByLabel('Owner', { exact: true }).first().fill('Helen Achterberg');
      await fillDate(page, 'action-1-dueOn', '2026-12-18');
      const followUp = new Date(Date.now() + 42 * 86_400_000).toISOString().slice(0, 10);
      await fillDate(page, 'followUpOn', followUp);
      await navigate(page, 'Consultation: panel recorded', () => page.getByRole('button', { name: 'Save the panel record' }).click());
      assert.match(await main(page), /Arrange a family group conference/);

      const action = page.locator('tr[id^="action-"]').first();
      await action.locator('summary').click();
      await action.getByRole('group', { name: 'Status' }).getByLabel('Done').check();
      const [ty, tm, td] = today.split('-');
      await action.locator('input[id$="-day"]').fill(String(Number(td)));
      await action.locator('input[id$="-month"]').fill(String(Number(tm)));
      await action.locator('input[id$="-year"]').fill(ty!);
      await navigate(page, 'Consultation: action done', () => action.getByRole('button', { name: 'Save action' }).click());
      assert.match(await page.locator('tr[id^="action-"]').first().innerText(), /Done/);
    });
  });

  it('lets the team manager set a local figure with its source, and shows the lists and trays', async () => {
    await app.page(async (page) => {
      await signIn(page, MANAGER);
      await navigate(page, 'Cases', () => page.getByRole('link', { name: 'Cases' }).first().click());
      await navigate(page, 'Work tray', () => page.getByRole('link', { name: 'Work tray' }).first().click());
      await navigate(page, 'Casework settings', () => page.goto(app.url('/casework/settings')));
      await page.locator('#step-0').selectOption({ value: 'initial-assessment' });
      await page.locator('#amount-0').fill('7');
      await page.locator('#unit-0').selectOption({ value: 'working-days' });
      await navigate(page, 'Casework settings: no source', () => page.getByRole('button', { name: 'Save casework settings' }).click());
      assert.match(await page.locator('.govuk-error-summary').innerText(), /where|source/i, 'a local rule needs its source');
      await page.locator('#source-0').fill('Camden LSCB procedures 2010, section 3.2');
      await navigate(page, 'Casework settings: saved', () => page.getByRole('button', { name: 'Save casework settings' }).click());
      assert.match(await main(page), /7 working days from the referral/);
      assert.match(await main(page), /Camden LSCB procedures 2010, section 3\.2/);
      await navigate(page, 'Stuck-case rules', () => page.goto(app.url('/casework/stuck-rules')));
      assert.match(await main(page), /18/);
    });
  });
});
