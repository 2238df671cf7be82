// Partnership, end to end in Chromium with axe on every page (issue 7, "Done when"): the public pledge page; the
// regional board manager records a progress update on a work programme item and finds it in the next planned
// meeting's review of what changed since the last meeting; an open action from the minutes is completed; a borough's
// support request is made, taken by a regional adviser, logged and closed, and the borough sees the outcome; a Lead
// Member's training is booked, attended and completed, and the coverage report for their board changes; and a Lead
// Member sees their own board but gets "Page not found" for another.
// Dates are worked out from today in London, as the server's demo data is (a year of meetings up to today and the
// next one planned; training sessions relative to today). Every name entered here is invented.
// The tests in this file build on each other (one story, one server), so they run in order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { currentPath, escapeRegExp, navigate, signIn, visit } from './support/browser.ts';
import { useJourneyApp } from './support/journey.ts';

const REGIONAL_MANAGER = 'regional.manager@london-board.example';
const REGIONAL_ADVISER = 'regional.adviser@london-board.example';
const ADVISER_NAME = 'Catherine Doyle';
const CAMDEN_MANAGER = 'board.manager@camden.example';
const LEAD_MEMBER = 'lead.member@camden.example';
const REGION = 'LSCB-LONDON';

/** Islington's board: one local authority, and no Lead Member trained in the demo (its bookings are Camden, Greenwich and Brent). */
const ISLINGTON = 'Islington Safeguarding Children Board';
const LEAD_MEMBERS = "Lead Members for children's services";

const heading = async (page: Page) => (await page.getByRole('heading', { level: 1 }).innerText()).trim();
const main = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');
const text = async (locator: Locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

/** Today in London as 'YYYY-MM-DD' (the server's day). */
function londonToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** 'YYYY-MM-DD' → '22 November 2026', as the pages show dates. */
function shown(day: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${day}T00:00:00Z`));
}

/** '22 November 2026' → 'YYYY-MM-DD'. */
function parseShown(value: string): string {
  const d = new Date(`${value.trim()} UTC`);
  assert.ok(!Number.isNaN(d.getTime()), `"${value}" is a date`);
  return d.toISOString().slice(0, 10);
}

/** Fills a GOV.UK date input whose fields have the ids `<id>-day`, `<id>-month` and `<id>-year`. */
async function fillDate(scope: Page | Locator, id: string, day: string): Promise<void> {
  const [y, m, d] = day.split('-');
  await scope.locator(`[id="${id}-day"]`).fill(String(Number(d)));
  await scope.locator(`[id="${id}-month"]`).fill(String(Number(m)));
  await scope.locator(`[id="${id}-year"]`).fill(y!);
}

/** Submits a form and fails with the error summary when the page comes back with errors. */
async function submit(page: Page, label: string, button: Locator, expectPath: RegExp): Promise<void> {
  await navigate(page, label, () => button.click());
  if (!expectPath.test(currentPath(page))) {
    const summary = page.locator('.govuk-error-summary');
    assert.fail(`${label}: the form was not accepted (${currentPath(page)}): ${(await summary.count()) ? await summary.innerText() : 'no error summary'}`);
  }
}

const banner = async (page: Page) => text(page.locator('.govuk-notification-banner'));

/** The Lead Members row of a board's table on the coverage report: [trained, out of, share]. */
async function leadMemberCoverage(page: Page, boardName: string): Promise<{ trained: number; outOf: string; share: string }> {
  const table = page.locator('table').filter({ has: page.locator('caption', { hasText: new RegExp(`^\\s*${escapeRegExp(boardName)}\\s*$`) }) });
  assert.equal(await table.count(), 1, `the coverage report has a table for ${boardName}`);
  const row = table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: LEAD_MEMBERS, exact: true }) });
  assert.equal(await row.count(), 1, `${boardName}'s table has a Lead Members row`);
  const [trained, outOf, share] = await row.locator('td').allInnerTexts();
  return { trained: Number(trained!.trim()), outOf: outOf!.trim(), share: share!.trim() };
}

describe('Partnership: the pledge, the work programme and meetings, actions, support requests, training coverage and access', () => {
  const app = useJourneyApp();
  const today = londonToday();
  const stamp = Date.now().toString(36).slice(-5);
  let requestPath = '';

  it('shows the current pledge, its commitments and signatories, to anyone without signing in', async () => {
    await app.page(async (page) => {
      const status = await visit(page, '/pledge', 'The pledge (public)');
      assert.equal(status, 200);
      assert.equal(currentPath(page), '/pledge', 'the pledge is not behind the sign-in page');
      assert.equal(await page.getByRole('region', { name: 'Signed in as' }).count(), 0, 'nobody is signed in');
      assert.equal(await heading(page), 'The London safeguarding children pledge');
      assert.match(await text(page.locator('.govuk-caption-l').first()), /^Version \d+, published \d{1,2} \w+ \d{4}$/);

      const commitments = page.getByRole('heading', { name: 'Our commitments' }).locator('xpath=following-sibling::ol[1]/li');
      assert.ok((await commitments.count()) >= 5, 'the current version lists its commitments');
      assert.ok((await commitments.allInnerTexts()).some((c) => /continue to prioritise investment in safeguarding/.test(c)), 'one commitment is to keep investing in safeguarding');

      const signatories = page.locator('table').filter({ has: page.locator('caption', { hasText: /signed this version/ }) });
      const rows = signatories.locator('tbody tr');
      assert.ok((await rows.count()) >= 5, 'the signatories are listed');
      assert.match(await text(signatories.locator('caption')), new RegExp(`^${await rows.count()} partners have signed this version$`));
      assert.match(await text(signatories), /Metropolitan Police Service/);
      assert.match(await main(page), /Commitments to continue to prioritise investment in safeguarding/);
    });
  });

  it("records a progress update on a work programme item, which the next meeting's review shows as changed since the last meeting", async () => {
    const summary = `Faith forum pilot extended to Brent and Ealing; ${stamp} places of worship have adopted the standards.`;
    const evidence = `Pilot monitoring return ${stamp}, tabled at the faith forum.`;
    await app.page(async (page) => {
      await signIn(page, REGIONAL_MANAGER);
      await visit(page, `/boards/${REGION}`, 'London Board');
      await navigate(page, 'Work programme', () => page.getByRole('link', { name: 'Work plan', exact: true }).click());
      assert.equal(currentPath(page), `/boards/${REGION}/work-programme`);
      assert.equal(await heading(page), 'Work programme');
      assert.match(await text(page.locator('table caption').first()), /^\d+ work items$/);

      await navigate(page, 'Work item WP-07', () => page.getByRole('link', { name: /^WP-07: / }).click());
      assert.match(currentPath(page), /^\/work-items\/[0-9a-f-]{36}$/);
      const itemPath = currentPath(page);
      const title = await heading(page);

      await navigate(page, 'Record a progress update', () => page.getByRole('link', { name: 'Record a progress update' }).click());
      assert.equal(await heading(page), 'Record a progress update');
      // The date of the update starts as today.
      assert.equal(await page.locator('#recordedOn-day').inputValue(), String(Number(today.slice(8, 10))));
      assert.equal(await page.locator('#recordedOn-year').inputValue(), today.slice(0, 4));

      await navigate(page, 'Record a progress update: nothing entered', () => page.getByRole('button', { name: 'Record the update' }).click());
      const errors = await text(page.locator('.govuk-error-summary'));
      assert.match(errors, /RAG|rating/i, 'the missing rating is reported');
      assert.match(errors, /summary/i, 'the missing summary is reported');

      await fillDate(page, 'recordedOn', today);
      await page.getByRole('group', { name: 'RAG rating' }).getByLabel('Amber – at risk').check();
      await page.getByLabel('Summary of progress').fill(summary);
      await page.getByLabel('Evidence', { exact: true }).fill(evidence);
      await submit(page, 'Work item: update recorded', page.getByRole('button', { name: 'Record the update' }), new RegExp(`^${escapeRegExp(itemPath)}\\?done=update$`));
      assert.match(await banner(page), /Progress update recorded/);
      const ragRow = page.locator('.govuk-summary-list__row').filter({ hasText: 'RAG rating' });
      assert.match(await text(ragRow), /Amber – at risk/, "the item's rating is that of its latest update");
      const updates = await main(page);
      assert.ok(updates.includes(`${shown(today)} Amber – at risk ${summary} Evidence: ${evidence}`), 'the update is listed with its date, rating and evidence');

      await navigate(page, 'Gaps in the work programme', () => page.goto(app.url(`/boards/${REGION}/work-programme/gaps`)));
      assert.equal(await heading(page), 'Gaps in the work programme');
      for (const h of ['Priority themes with no active work item', 'Work items with no owner', 'Work items with overdue milestones', 'Work items with no progress update in three months']) {
        assert.equal(await page.getByRole('heading', { level: 2, name: h }).count(), 1, `the gaps view has a section: ${h}`);
      }
      const stale = page.getByRole('heading', { level: 2, name: 'Work items with no progress update in three months' }).locator('xpath=following-sibling::*[1]');
      assert.doesNotMatch(await text(stale), new RegExp(`WP-07: ${escapeRegExp(title)}`), 'the item just updated is not stale');

      await visit(page, `/boards/${REGION}/meetings`, 'Business meetings');
      assert.equal(await heading(page), 'Business meetings');
      const planned = page.locator('table').filter({ has: page.locator('caption', { hasText: 'Planned meetings' }) }).locator('tbody tr');
      assert.ok((await planned.count()) >= 1, 'the next meeting is planned');
      let next: Locator | undefined;
      for (let i = 0; i < (await planned.count()); i++) {
        const on = parseShown(await planned.nth(i).locator('td').first().innerText());
        // The demo plans the next meeting on the third Wednesday on or after today.
        if (on >= today) {
          next = planned.nth(i);
          break;
        }
      }
      assert.ok(next, 'a meeting is planned from today on');
      assert.equal(await text(next.locator('td').nth(2)), 'Planned');
      await navigate(page, 'The next meeting', () => next!.getByRole('link').first().click());
      assert.match(currentPath(page), /^\/meetings\/[0-9a-f-]{36}$/);
      assert.match(await text(page.locator('.govuk-summary-list__row').filter({ hasText: 'Status' }).first()), /Planned/);

      const intro = await text(page.locator('#review + p'));
      const previous = /^Changes since the previous meeting on (.+), up to this meeting\.$/.exec(intro);
      assert.ok(previous, `the review says what it compares with: ${intro}`);
      assert.ok(parseShown(previous[1]!) < today, 'the previous meeting was held before the update');
      const card = page.locator('.govuk-summary-card').filter({ has: page.getByRole('heading', { level: 3, name: `WP-07: ${title}` }) });
      assert.equal(await card.count(), 1, 'the updated item is due for review at the next meeting');
      const reviewed = await text(card);
      assert.match(reviewed, /Why it is here .*Updated since the last meeting/);
      assert.match(reviewed, /RAG now Amber – at risk/);
      assert.match(reviewed, /RAG change (.+ to Amber – at risk|Rated Amber – at risk|Unchanged: Amber – at risk)/);
      assert.ok(reviewed.includes(`${shown(today)} (Amber – at risk): ${summary}`), 'the update made today is in what changed since the last meeting');
      assert.ok(reviewed.includes(`Evidence: ${evidence}`));
    });
  });

  it('completes an open action from the minutes, which then shows as done', async () => {
    await app.page(async (page) => {
      await signIn(page, REGIONAL_MANAGER);
      await visit(page, `/boards/${REGION}/actions`, 'Actions across meetings');
      assert.equal(await heading(page), 'Actions across meetings');
      const counts = /^(\d+) open(?:, of which \d+ overdue)?; (\d+) done or dropped\.$/.exec(await text(page.locator('main h1 + p')));
      assert.ok(counts, 'the log counts open and closed actions');
      const [open, closed] = [Number(counts[1]), Number(counts[2])];
      assert.ok(open > 0, 'the demo has open actions');

      const openTable = page.locator('table').filter({ has: page.locator('caption', { hasText: 'Open actions' }) });
      const row = openTable.locator('tbody tr').first();
      const rowId = (await row.getAttribute('id'))!;
      const actionId = rowId.replace(/^action-/, '');
      const description = (await row.locator('td').first().innerText()).split('\n')[0]!.trim();
      assert.ok(description.length > 10, 'the action says what needs doing');

      await row.getByText('Complete or drop this action').click();
      await row.getByRole('group', { name: 'Outcome' }).getByLabel('Done', { exact: true }).check();
      await fillDate(row, `completedOn-${actionId}`, today);
      await submit(page, 'Actions: one done', row.getByRole('button', { name: 'Save' }), new RegExp(`^/boards/${REGION}/actions\\?done=action-done`));
      assert.match(await banner(page), /Action marked as done/);
      assert.equal(await text(page.locator('main h1 + p')).then((t) => /^(\d+) open/.exec(t)?.[1]), String(open - 1));
      assert.match(await text(page.locator('main h1 + p')), new RegExp(`; ${closed + 1} done or dropped\\.$`));

      const doneRow = page.locator('table').filter({ has: page.locator('caption', { hasText: 'Done and dropped' }) }).locator(`[id="${rowId}"]`);
      assert.equal(await doneRow.count(), 1, 'the action has moved to the done list');
      assert.ok((await text(doneRow)).startsWith(description));
      assert.equal(await text(doneRow.locator('td').nth(3).locator('.govuk-tag')), 'Done');
      assert.match(await text(doneRow.locator('td').nth(3)), new RegExp(escapeRegExp(shown(today))));
      assert.equal(await page.locator('table').filter({ has: page.locator('caption', { hasText: 'Open actions' }) }).locator(`[id="${rowId}"]`).count(), 0);

      // The meeting the action came from shows it done too.
      await navigate(page, 'The meeting the action came from', () => doneRow.getByRole('link').first().click());
      const onMeeting = page.locator('#actions ~ table').first().locator('tbody tr').filter({ hasText: description });
      assert.equal(await onMeeting.count(), 1);
      assert.match(await text(onMeeting.locator('td').nth(3)), new RegExp(`^Done ${escapeRegExp(shown(today))}$`));
    });
  });

  it("assigns a borough's support request to an adviser, who logs the work and closes it; the borough sees the outcome", async () => {
    const detail = `Help to plan a learning event on neglect of adolescents for our partners (reference ${stamp}); we would like a model programme and a speaker.`;
    const logEntry = `Sent the Lewisham and Greenwich programmes and agreed a date for an adviser to speak (${stamp}).`;
    const outcome = `Learning event held with 60 partners; the board has adopted the model programme (${stamp}).`;

    await app.page(async (page) => {
      await signIn(page, CAMDEN_MANAGER);
      await visit(page, '/support', 'Support requests (Camden)');
      await navigate(page, 'Ask the regional team for support', () => page.getByRole('link', { name: 'Ask the regional team for support' }).click());
      assert.equal(await heading(page), 'Ask the regional team for support');
      await navigate(page, 'Ask for support: nothing entered', () => page.getByRole('button', { name: 'Send request' }).click());
      assert.equal(await page.locator('.govuk-error-summary').count(), 1, 'an empty request is refused with its errors');

      await page.getByRole('group', { name: 'What is it about?' }).getByLabel('Lessons from serious case reviews').check();
      await page.getByLabel('What do you need help with?').fill(detail);
      await page.getByRole('group', { name: 'How urgent is it?' }).getByLabel('Urgent', { exact: true }).check();
      await submit(page, 'Support request sent', page.getByRole('button', { name: 'Send request' }), /^\/support\/[0-9a-f-]{36}\?done=requested$/);
      requestPath = currentPath(page).split('?')[0]!;
      assert.match(await banner(page), /Request sent to the regional team/);
      const summary = await text(page.locator('.govuk-summary-list'));
      assert.ok(summary.includes(`What is needed ${detail}`));
      assert.match(summary, /Urgency Urgent/);
      assert.match(summary, /Status New/);
      assert.match(summary, /Asked by Helen Marsh/);
      assert.match(summary, /Adviser Not assigned/);
      assert.equal(await page.getByRole('button', { name: /Assign|Take this request/ }).count(), 0, 'the borough cannot assign its own request');
    });

    await app.page(async (page) => {
      await signIn(page, REGIONAL_ADVISER);
      await visit(page, '/support?status=new', 'Support requests: new');
      const listed = page.locator('tbody tr').filter({ has: page.locator(`a[href="${requestPath}"]`) });
      assert.equal(await listed.count(), 1, "the new request is in the regional team's list");
      assert.match(await text(listed), /Camden Safeguarding Children Board/);
      await navigate(page, 'Support request', () => listed.getByRole('link').first().click());
      assert.equal(currentPath(page), requestPath);
      assert.equal(await heading(page), 'Lessons from serious case reviews');
      assert.match(await main(page), new RegExp(`Suggested: .*${ADVISER_NAME}`), 'the adviser who leads on the theme is suggested');

      const chooser = page.locator('#adviserId');
      if (await chooser.count()) {
        await chooser.selectOption({ label: ADVISER_NAME });
        await submit(page, 'Support request: assigned', page.getByRole('button', { name: 'Assign', exact: true }), new RegExp(`^${requestPath}\\?done=assigned$`));
      } else {
        await submit(page, 'Support request: taken', page.getByRole('button', { name: 'Take this request' }), new RegExp(`^${requestPath}\\?done=assigned$`));
      }
      assert.match(await banner(page), /Request assigned/);
      assert.match(await text(page.locator('.govuk-summary-list')), new RegExp(`Status Assigned .*Adviser ${ADVISER_NAME}`));

      assert.equal(await page.locator('#entryOn-day').inputValue(), today.slice(8, 10), 'the log entry is dated today unless changed');
      await page.getByLabel('What was done?').fill(logEntry);
      await submit(page, 'Support request: logged', page.getByRole('button', { name: 'Add to the log' }), new RegExp(`^${requestPath}\\?done=logged$`));
      assert.match(await banner(page), /Log entry added/);
      const log = page.locator('table').filter({ has: page.locator('caption', { hasText: 'What was done, by date' }) });
      assert.match(await text(log), new RegExp(`${escapeRegExp(shown(today))} ${escapeRegExp(logEntry)} ${ADVISER_NAME}`));
      assert.match(await text(page.locator('.govuk-summary-list')), /Status In progress/);

      await navigate(page, 'Close the support request', () => page.getByRole('link', { name: 'Close the request with its outcome' }).click());
      assert.equal(await heading(page), 'Close the support request');
      await navigate(page, 'Close: no outcome', () => page.getByRole('button', { name: 'Close request' }).click());
      assert.match(await text(page.locator('.govuk-error-summary')), /outcome/i, 'a request is not closed without its outcome');
      await page.getByLabel('What was the outcome?').fill(outcome);
      await submit(page, 'Support request: closed', page.getByRole('button', { name: 'Close request' }), new RegExp(`^${requestPath}\\?done=closed$`));
      assert.match(await banner(page), /Request closed/);
      assert.ok((await text(page.locator('.govuk-summary-list'))).includes(`Outcome ${outcome}`));
      assert.equal(await page.getByRole('button', { name: 'Add to the log' }).count(), 0, 'a closed request takes no more log entries');
    });

    await app.page(async (page) => {
      await signIn(page, CAMDEN_MANAGER);
      await visit(page, '/boards/LSCB-202/support', "Camden's support requests");
      const listed = page.locator('tbody tr').filter({ has: page.locator(`a[href="${requestPath}"]`) });
      assert.equal(await listed.count(), 1, "the request is on the board's list");
      assert.match(await text(listed), new RegExp(`Closed ${ADVISER_NAME}$`));
      await navigate(page, 'Support request (closed)', () => listed.getByRole('link').first().click());
      const summary = await text(page.locator('.govuk-summary-list'));
      assert.match(summary, /Status Closed/);
      assert.match(summary, new RegExp(`Adviser ${ADVISER_NAME}`));
      assert.ok(summary.includes(`Outcome ${outcome}`), 'the borough sees the outcome');
      assert.ok((await main(page)).includes(logEntry), "the borough sees the adviser's log");
    });
  });

  it("records a Lead Member's training, and the coverage report for their board changes", async () => {
    const year = today.slice(0, 4);
    // A session earlier this year (yesterday, or today on 1 January).
    const yesterday = new Date(`${today}T00:00:00Z`);
    yesterday.setUTCDate(yesterday.getUTCDate() - 1);
    const heldOn = yesterday.toISOString().slice(0, 4) === year ? yesterday.toISOString().slice(0, 10) : today;
    const attendee = `Cllr Perpetua Langridge-${stamp}`;

    await app.page(async (page) => {
      await signIn(page, REGIONAL_MANAGER);
      await visit(page, '/training', 'Training');
      await navigate(page, 'Training coverage', () => page.getByRole('link', { name: 'Coverage by board and audience' }).click());
      assert.equal(await heading(page), `Training coverage ${year}`);
      const before = await leadMemberCoverage(page, ISLINGTON);
      assert.deepEqual(before, { trained: 0, outOf: '1 (one per local authority)', share: '0%' }, 'no Lead Member from Islington is trained this year in the demo');

      await visit(page, '/training', 'Training');
      await navigate(page, 'Add a session', () => page.getByRole('link', { name: 'Add a session' }).click());
      await page.getByLabel('Course').selectOption({ label: 'Lead Member for children’s services: safeguarding briefing' });
      await fillDate(page, 'heldOn', heldOn);
      await page.getByLabel('Venue').fill('Fernhollow Room, Marlowe House, Pentland Street');
      await page.getByLabel('Hosted by').selectOption({ label: 'Pan-London (London Safeguarding Children Board)' });
      await page.getByLabel('Number of places').fill('12');
      await submit(page, 'Training session', page.getByRole('button', { name: 'Add session' }), /^\/training\/sessions\/[0-9a-f-]{36}\?done=session$/);
      const sessionPath = currentPath(page).split('?')[0]!;
      assert.equal(await heading(page), 'Lead Member for children’s services: safeguarding briefing');
      assert.match(await text(page.locator('.govuk-summary-list')), new RegExp(`Date ${escapeRegExp(shown(heldOn))} .*Places taken 0 of 12`));

      await navigate(page, 'Book a place', () => page.getByRole('link', { name: 'Book a place' }).click());
      await page.getByLabel('Attendee’s name').fill(attendee);
      await page.getByRole('group', { name: 'Which audience are they in?' }).getByLabel(LEAD_MEMBERS, { exact: true }).check();
      await page.getByLabel('Their board').selectOption({ label: ISLINGTON });
      await page.getByLabel('Agency or council (optional)').fill('Islington Council');
      await submit(page, 'Session: booked', page.getByRole('button', { name: 'Book place' }), new RegExp(`^${sessionPath}\\?done=booked$`));
      assert.match(await text(page.locator('.govuk-summary-list').first()), /Places taken 1 of 12/);

      const card = page.locator('.govuk-summary-card').filter({ has: page.getByRole('heading', { level: 3, name: attendee }) });
      assert.equal(await card.count(), 1, 'the booking is listed');
      assert.match(await text(card), new RegExp(`${escapeRegExp(LEAD_MEMBERS)} · ${ISLINGTON} · Islington Council Booked`));
      await card.getByText('Record attendance').click();
      await card.getByRole('group', { name: 'Attendance' }).getByLabel('Attended', { exact: true }).check();
      await card.getByRole('group', { name: 'Completed the course?' }).getByLabel('Yes', { exact: true }).check();
      await card.getByLabel('Evaluation score').selectOption({ label: '5 out of 5' });
      await submit(page, 'Session: attendance recorded', card.getByRole('button', { name: 'Save attendance' }), new RegExp(`^${sessionPath}\\?done=recorded`));
      const recorded = page.locator('.govuk-summary-card').filter({ has: page.getByRole('heading', { level: 3, name: attendee }) });
      assert.match(await text(recorded), new RegExp(`Attended, completed on ${escapeRegExp(shown(heldOn))}\\. Evaluation: 5 out of 5`));

      await visit(page, `/training/coverage?year=${year}`, 'Training coverage again');
      const after = await leadMemberCoverage(page, ISLINGTON);
      assert.deepEqual(after, { trained: 1, outOf: '1 (one per local authority)', share: '100%' }, "Islington's Lead Member now counts as trained this year");
    });
  });

  it('lets a Lead Member open their own board, and answers "Page not found" for another board', async () => {
    await app.page(async (page) => {
      await signIn(page, LEAD_MEMBER);
      const own = await visit(page, '/boards/LSCB-202', 'Camden board (as its Lead Member)');
      assert.equal(own, 200);
      assert.equal(await heading(page), 'Camden Safeguarding Children Board');
      assert.match(await main(page), /Councillor Ruth Ellery/, 'the board lists its members, the Lead Member among them');

      const other = await visit(page, '/boards/LSCB-206', 'Islington board (not theirs)');
      assert.equal(other, 404);
      assert.equal(await heading(page), 'Page not found');
      assert.doesNotMatch(await main(page), /Islington Safeguarding Children Board/, 'the page gives nothing of the other board away');
    });
  });
});
