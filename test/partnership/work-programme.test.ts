// The work programme through the service and the pages over a real database: items with themes, funding,
// milestones and progress updates (the item's RAG follows its latest update), the gaps view, the CSV and XLSX
// exports, who may see and change a board's programme, stale versions, audit events, and the demo seed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { UserActor } from '../../src/kernel/actor.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/kernel/errors.ts';
import { seedWorkProgramme } from '../../src/modules/partnership/demo/work-programme.ts';
import type { PartnershipTables } from '../../src/modules/partnership/partnership.support.ts';
import { findGaps, monthsBefore, parsePounds, safeCell } from '../../src/modules/partnership/work-programme.domain.ts';
import type { WorkItemInput } from '../../src/modules/partnership/work-programme.service.ts';
import { paths } from '../../src/platform/web/paths.ts';
import { readXlsx } from '../../src/platform/xlsx.ts';
import { createHarness, type Agent, type Harness } from '../support/app.ts';

const wp = paths.partnership.workProgramme;
const LONDON = 'LSCB-LONDON';
const CAMDEN = 'LSCB-202';
// A board no demo seed writes a work plan for, so the gaps are exactly what the test made.
const QUIET = 'LSCB-203';

function item(overrides: Partial<WorkItemInput> = {}): WorkItemInput {
  return {
    title: 'Pan-London sexual exploitation protocol',
    description: 'One protocol for the 32 boards.',
    theme: 'sexual-exploitation',
    leadAgencyId: null,
    ownerName: 'Dr Miriam Fenwick, Regional Safeguarding Adviser',
    fundingSource: 'government-office-for-london',
    fundingAmountPence: 60_000_00,
    status: 'active',
    nextReviewOn: null,
    ...overrides,
  };
}

async function fieldErrors(promise: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  assert.fail('expected a validation error');
}

describe('work programme', () => {
  let h: Harness;
  let regional: Agent;
  let camden: Agent;
  let adviser: Agent;
  let outsider: Agent;
  let regionalActor: UserActor;
  let camdenActor: UserActor;
  const service = () => h.container.partnership.workProgramme;
  const db = () => h.container.database.db.withTables<PartnershipTables>();
  const audits = (action: string, recordId: string) => db().selectFrom('auditEvents').selectAll().where('action', '=', action).where('recordId', '=', recordId).execute();

  before(async () => {
    h = await createHarness();
    regional = await h.signIn('regional.manager@london-board.example');
    camden = await h.signIn('board.manager@camden.example');
    adviser = await h.signIn('regional.adviser@london-board.example');
    outsider = await h.signIn('hub.manager@camden.example', 'hub-manager');
    regionalActor = await h.actorOf(regional);
    camdenActor = await h.actorOf(camden);
  });
  after(async () => h.close());

  // First, so the seed's references (WP-01…) are free on the regional board.
  describe('demo seed', () => {
    it('seeds a funded regional programme and Camden’s work plan once, with gaps to show', async () => {
      const now = h.clock.now();
      await seedWorkProgramme(db(), h.container.audit, now);
      const count = async () => Number((await db().selectFrom('workItems').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const updates = async () => Number((await db().selectFrom('workItemUpdates').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = [await count(), await updates()];
      const again = await seedWorkProgramme(db(), h.container.audit, now);
      assert.equal(again.items, 0);
      assert.deepEqual([await count(), await updates()], before);

      const seeded = await db().selectFrom('workItems').selectAll().where('boardCode', '=', LONDON).where('createdBy', 'is', null).execute();
      assert.ok(seeded.length >= 12 && seeded.length <= 16, String(seeded.length));
      assert.ok(seeded.every((i) => i.rag !== null));
      const gaps = await service().gaps(regionalActor, LONDON);
      assert.ok(gaps.themesWithoutItem.includes('sexual-abuse'));
      assert.ok(gaps.withoutOwner.some((i) => i.title === 'Independent chairs’ forum and annual report template'));
      assert.ok(gaps.overdue.some((i) => i.title === 'Pan-London sexual exploitation protocol' && i.milestones.some((m) => m.title === 'Protocol signed off by all 32 LSCBs')));
      assert.deepEqual(gaps.stale.map((i) => i.title), ['Serious case review action plan tracker for the 32 LSCBs']);
      const list = await service().list(regionalActor, LONDON);
      assert.ok(list.funding.some((f) => f.source === 'capital-ambition' && f.pence >= 450_000_00));
      const page = await regional.get(wp.list(LONDON));
      assert.match(page.body, /Implement the London MASH model in six pilot boroughs/);
      const camdenPlan = await camden.get(wp.list(CAMDEN));
      assert.match(camdenPlan.body, /Camden MASH: pilot borough go-live and first-year review/);
    });
  });

  describe('rules', () => {
    it('reads sums of money in pounds', () => {
      assert.equal(parsePounds('12,500'), 1_250_000);
      assert.equal(parsePounds('£12500.5'), 1_250_050);
      assert.equal(parsePounds(''), null);
      assert.equal(parsePounds('twelve'), undefined);
      assert.equal(parsePounds('-5'), undefined);
    });

    it('neutralises spreadsheet formulas', () => {
      for (const v of ['=1+1', '+44', '-2', '@SUM(A1)']) assert.equal(safeCell(v), `'${v}`);
      assert.equal(safeCell('Pan-London'), 'Pan-London');
    });

    it('counts months back to the same day, clamped to the month end', () => {
      assert.equal(monthsBefore('2026-11-02', 3), '2026-08-02');
      assert.equal(monthsBefore('2026-05-31', 3), '2026-02-28');
    });

    it('finds themes without active work, owners missing, slipped milestones and stale items', () => {
      const gaps = findGaps({
        today: '2026-11-02',
        items: [
          { id: 'a', theme: 'first-response', status: 'active', ownerName: null, ownerUserId: null, lastUpdateOn: '2026-10-01', createdOn: '2026-01-01' },
          { id: 'b', theme: 'training', status: 'active', ownerName: 'Owner', ownerUserId: null, lastUpdateOn: null, createdOn: '2026-01-01' },
          { id: 'c', theme: 'sexual-abuse', status: 'completed', ownerName: null, ownerUserId: null, lastUpdateOn: null, createdOn: '2025-01-01' },
        ],
        milestones: [
          { itemId: 'a', dueOn: '2026-11-01', completedOn: null },
          { itemId: 'a', dueOn: '2026-11-02', completedOn: null },
          { itemId: 'b', dueOn: '2026-10-01', completedOn: '2026-10-02' },
        ],
      });
      assert.deepEqual(gaps.themesWithoutItem, ['sexual-exploitation', 'sexual-abuse', 'serious-case-reviews', 'culture-and-faith', 'effective-lscbs']);
      assert.deepEqual(gaps.withoutOwner, ['a']);
      assert.deepEqual([...gaps.overdueMilestones], [['a', 1]]);
      assert.deepEqual(gaps.noRecentUpdate, ['b']);
    });
  });

  describe('through the service', () => {
    it('adds an item to the regional programme, audited', async () => {
      const { id, reference } = await service().create(regionalActor, LONDON, item());
      assert.match(reference, /^WP-\d{2,}$/);
      const row = await db().selectFrom('workItems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.boardCode, LONDON);
      assert.equal(row.fundingAmountPence, 60_000_00);
      assert.equal(row.rag, null);
      assert.equal(row.status, 'active');
      const [event] = await audits('work-item.create', id);
      assert.equal(event?.actorUserId, regionalActor.userId);
      assert.deepEqual(event?.details, { boardCode: LONDON, theme: 'sexual-exploitation', reference });
    });

    it('says what is wrong with an item in GOV.UK words', async () => {
      const errors = await fieldErrors(service().create(regionalActor, LONDON, item({ title: ' ', theme: 'cooking', fundingSource: null, fundingAmountPence: 500, leadAgencyId: '00000000-0000-4000-8000-000000000000', nextReviewOn: '2026-02-30' })));
      assert.deepEqual(errors, {
        title: 'Enter a title for the work item',
        theme: 'Select the priority theme the work item belongs to',
        fundingSource: 'Select where the funding comes from',
        nextReviewOn: 'The next review date must be a real date',
        leadAgencyId: 'Select the lead agency from the list',
      });
    });

    it('edits an item and refuses a stale version', async () => {
      const { id } = await service().create(regionalActor, LONDON, item());
      await service().edit(regionalActor, id, 1, item({ title: 'Pan-London sexual exploitation protocol (second edition)', ownerName: null }));
      const row = await db().selectFrom('workItems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.version, 2);
      assert.equal(row.ownerName, null);
      const [event] = await audits('work-item.edit', id);
      assert.deepEqual([...event!.fields].sort(), ['ownerName', 'title']);
      await assert.rejects(service().edit(regionalActor, id, 1, item()), ConflictError);
    });

    it('takes the item’s RAG from its latest update by date, not the last one typed', async () => {
      const { id } = await service().create(regionalActor, LONDON, item());
      await service().recordUpdate(regionalActor, id, 1, { rag: 'amber', summary: 'Eight boards still to sign.', evidence: 'Sign-off tracker', recordedOn: '2026-10-20', nextReviewOn: '2026-12-01' });
      await service().recordUpdate(regionalActor, id, 2, { rag: 'red', summary: 'Back-dated note of the September position.', evidence: null, recordedOn: '2026-09-15' });
      const row = await db().selectFrom('workItems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.rag, 'amber');
      assert.equal(row.nextReviewOn, '2026-12-01');
      await service().recordUpdate(regionalActor, id, 3, { rag: 'green', summary: 'All 32 boards signed.', evidence: null, recordedOn: '2026-11-02' });
      assert.equal((await db().selectFrom('workItems').select('rag').where('id', '=', id).executeTakeFirstOrThrow()).rag, 'green');
      const v = await service().view(regionalActor, id);
      assert.deepEqual(v.updates.map((u) => u.rag), ['green', 'amber', 'red']);
      assert.equal((await audits('work-item.progress-update', id)).length, 3);
      const errors = await fieldErrors(service().recordUpdate(regionalActor, id, 4, { rag: 'purple', summary: '', evidence: null, recordedOn: '2026-12-25' }));
      assert.deepEqual(errors, { rag: 'Select a RAG rating', summary: 'Enter a summary of progress', recordedOn: 'The date of the update must be today or in the past' });
      await assert.rejects(service().recordUpdate(regionalActor, id, 1, { rag: 'green', summary: 'Stale', evidence: null, recordedOn: '2026-11-01' }), ConflictError);
    });

    it('adds and completes milestones', async () => {
      const { id } = await service().create(regionalActor, LONDON, item());
      const { milestoneId } = await service().addMilestone(regionalActor, id, 1, { title: 'Protocol signed off by all 32 LSCBs', dueOn: '2026-10-15' });
      let v = await service().view(regionalActor, id);
      assert.equal(v.milestones[0]?.isOverdue, true);
      await service().completeMilestone(regionalActor, id, milestoneId, 1);
      v = await service().view(regionalActor, id);
      assert.equal(v.milestones[0]?.completedOn, '2026-11-02');
      assert.equal(v.milestones[0]?.isOverdue, false);
      await assert.rejects(service().completeMilestone(regionalActor, id, milestoneId, 1), ConflictError);
      const [event] = await audits('work-item.milestone.complete', id);
      assert.deepEqual(event?.details, { boardCode: LONDON, milestoneId, completedOn: '2026-11-02', late: true });
      assert.deepEqual(await fieldErrors(service().addMilestone(regionalActor, id, 2, { title: '', dueOn: '' })), { title: 'Enter what the milestone is', dueOn: 'Enter the date the milestone is due' });
    });

    it('lets a board manager change only their own board’s work plan', async () => {
      const { id } = await service().create(camdenActor, CAMDEN, item({ title: 'Camden neglect strategy', theme: 'first-response' }));
      assert.ok(id);
      await assert.rejects(service().create(camdenActor, LONDON, item()), NotFoundError);
      const regionalItem = await service().create(regionalActor, LONDON, item());
      await assert.rejects(service().edit(camdenActor, regionalItem.id, 1, item()), NotFoundError);
      await assert.rejects(service().view(camdenActor, regionalItem.id), NotFoundError);
      const denied = await db().selectFrom('auditEvents').selectAll().where('action', '=', 'work-item.edit').where('outcome', '=', 'denied').where('actorUserId', '=', camdenActor.userId).execute();
      assert.equal(denied.length, 1);
      // The regional team sees and changes every board's work plan.
      const v = await service().view(regionalActor, id);
      assert.equal(v.canManage, true);
    });
  });

  describe('pages', () => {
    it('adds, shows, edits and updates an item as the regional manager', async () => {
      const created = await regional.submit(wp.newItem(LONDON), wp.newItem(LONDON), {
        title: 'Elected member training programme',
        description: 'Training for Lead Members on their safeguarding responsibilities.',
        theme: 'training',
        leadAgencyId: '',
        ownerName: 'Dr Miriam Fenwick',
        fundingSource: 'london-councils',
        fundingAmount: '30,000',
        status: 'active',
        'nextReviewOn-day': '1',
        'nextReviewOn-month': '12',
        'nextReviewOn-year': '2026',
      });
      assert.equal(created.statusCode, 303, created.body);
      const location = String(created.headers.location);
      assert.match(location, /^\/work-items\/[0-9a-f-]{36}\?done=created$/);
      const id = location.slice('/work-items/'.length, location.indexOf('?'));
      const page = await regional.get(location);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Work item added to the programme/);
      assert.match(page.body, /Elected member training programme/);
      assert.match(page.body, /£30,000.00 from London Councils/);
      assert.match(page.body, /Not rated/);

      const update = await regional.submit(wp.newUpdate(id), wp.newUpdate(id), { version: '1', rag: 'amber', summary: 'Take-up slowed after the local elections.', evidence: 'Coverage report', 'recordedOn-day': '2', 'recordedOn-month': '11', 'recordedOn-year': '2026' });
      assert.equal(update.statusCode, 303, update.body);
      const after = await regional.get(wp.item(id));
      assert.match(after.body, /Amber – at risk/);
      assert.match(after.body, /Take-up slowed after the local elections./);

      const milestone = await regional.submit(wp.newMilestone(id), wp.newMilestone(id), { version: '2', title: '80% of Lead Members trained', 'dueOn-day': '31', 'dueOn-month': '3', 'dueOn-year': '2027' });
      assert.equal(milestone.statusCode, 303, milestone.body);
      const m = await db().selectFrom('workItemMilestones').selectAll().where('itemId', '=', id).executeTakeFirstOrThrow();
      const done = await regional.submit(wp.item(id), wp.completeMilestone(id, m.id), { version: String(m.version) });
      assert.equal(done.statusCode, 303);
      assert.match((await regional.get(wp.item(id))).body, /Completed 2 November 2026/);

      const edited = await regional.submit(wp.edit(id), wp.edit(id), { version: '3', title: 'Elected member and Leader training programme', description: '', theme: 'training', leadAgencyId: '', ownerName: 'Dr Miriam Fenwick', fundingSource: 'london-councils', fundingAmount: '30000', status: 'active' });
      assert.equal(edited.statusCode, 303, edited.body);
      // The same form again with the version it was loaded at: someone else has saved since.
      const stale = await regional.submit(wp.edit(id), wp.edit(id), { version: '3', title: 'Another title', description: '', theme: 'training', status: 'active' });
      assert.equal(stale.statusCode, 409);
      assert.match(stale.body, /changed by someone else/);
    });

    it('shows the errors of a bad form together', async () => {
      const res = await regional.submit(wp.newItem(LONDON), wp.newItem(LONDON), { title: '', theme: '', fundingSource: '', fundingAmount: 'lots', status: 'active', 'nextReviewOn-day': '31', 'nextReviewOn-month': '2', 'nextReviewOn-year': '' });
      assert.equal(res.statusCode, 400);
      for (const message of ['There is a problem', 'Enter a title for the work item', 'Select the priority theme the work item belongs to', 'Enter the amount in pounds, like 12500 or 12500.50', 'The next review date must include a day, month and year']) {
        assert.ok(res.body.includes(message), message);
      }
    });

    it('lists the programme with filters and funding by source', async () => {
      await service().create(regionalActor, LONDON, item({ title: 'Faith communities programme', theme: 'culture-and-faith', fundingSource: 'nhs-london', fundingAmountPence: 12_000_00 }));
      const all = await regional.get(wp.list(LONDON));
      assert.equal(all.statusCode, 200);
      assert.match(all.body, /Faith communities programme/);
      assert.match(all.body, /Funding by source/);
      assert.match(all.body, /NHS London/);
      const filtered = await regional.get(`${wp.list(LONDON)}?theme=training`);
      assert.doesNotMatch(filtered.body, /Faith communities programme/);
      // The adviser reads the programme but cannot change it.
      const read = await adviser.get(wp.list(LONDON));
      assert.equal(read.statusCode, 200);
      assert.doesNotMatch(read.body, /Add a work item/);
      assert.equal((await adviser.get(wp.newItem(LONDON))).statusCode, 404);
    });

    it('answers 404 to a board manager for another board and to someone who is not a member', async () => {
      const { id } = await service().create(regionalActor, LONDON, item());
      assert.equal((await camden.get(wp.edit(id))).statusCode, 404);
      assert.equal((await camden.get(wp.newItem(LONDON))).statusCode, 404);
      const token = /name="_csrf" value="([^"]+)"/.exec((await camden.get(wp.newItem(CAMDEN))).body)?.[1];
      assert.ok(token, 'Camden’s manager has the form for their own board');
      const post = await camden.postRaw(wp.edit(id), { _csrf: token, version: '1', title: 'Taken over', theme: 'training', status: 'active' });
      assert.equal(post.statusCode, 404);
      assert.equal((await db().selectFrom('workItems').select('title').where('id', '=', id).executeTakeFirstOrThrow()).title, 'Pan-London sexual exploitation protocol');
      for (const url of [wp.list(LONDON), wp.item(id), wp.gaps(LONDON), wp.csv(LONDON), wp.xlsx(LONDON)]) {
        assert.equal((await outsider.get(url)).statusCode, 404, url);
      }
      assert.equal((await regional.get(wp.edit(id))).statusCode, 200);
      assert.equal((await regional.get(wp.item('not-a-uuid'))).statusCode, 404);
    });
  });

  describe('gaps and exports', () => {
    let ownerless: string;
    let slipped: string;
    let stale: string;

    before(async () => {
      const s = service();
      ({ id: ownerless } = await s.create(regionalActor, QUIET, item({ title: 'Annual report template', theme: 'effective-lscbs', ownerName: null })));
      ({ id: slipped } = await s.create(regionalActor, QUIET, item({ title: '=HYPERLINK("http://example.invalid","Protocol")', theme: 'sexual-exploitation' })));
      await s.addMilestone(regionalActor, slipped, 1, { title: 'Protocol signed off', dueOn: '2026-10-01' });
      await s.recordUpdate(regionalActor, slipped, 2, { rag: 'amber', summary: '-Sign-off late in eight boards', evidence: null, recordedOn: '2026-10-30' });
      ({ id: stale } = await s.create(regionalActor, QUIET, item({ title: 'Faith settings toolkit', theme: 'culture-and-faith', fundingSource: 'other', fundingAmountPence: 5_000_00 })));
      await s.recordUpdate(regionalActor, stale, 1, { rag: 'green', summary: 'Toolkit drafted', evidence: null, recordedOn: '2026-06-30' });
      const closed = await s.create(regionalActor, QUIET, item({ title: 'Closed training item', theme: 'training', ownerName: null, status: 'closed' }));
      assert.ok(closed.id);
    });

    it('shows the gaps', async () => {
      const gaps = await service().gaps(regionalActor, QUIET);
      assert.deepEqual(gaps.themesWithoutItem, ['first-response', 'sexual-abuse', 'serious-case-reviews', 'training']);
      assert.deepEqual(gaps.withoutOwner.map((i) => i.id), [ownerless]);
      assert.deepEqual(gaps.overdue.map((i) => [i.id, i.milestones]), [[slipped, [{ title: 'Protocol signed off', dueOn: '2026-10-01' }]]]);
      assert.deepEqual(gaps.stale.map((i) => [i.id, i.lastUpdateOn]), [[stale, '2026-06-30']]);
      const page = await regional.get(wp.gaps(QUIET));
      assert.equal(page.statusCode, 200);
      for (const text of ['Sexual abuse', 'Annual report template', 'Protocol signed off, due 1 October 2026', 'last update 30 June 2026']) assert.ok(page.body.includes(text), text);
    });

    it('exports the programme as CSV with formulas neutralised', async () => {
      const res = await regional.get(wp.csv(QUIET));
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      assert.match(String(res.headers['content-disposition']), /attachment; filename="work-programme-LSCB-203-2026-11-02.csv"/);
      const lines = res.body.replace(/^\ufeff/, '').trim().split('\r\n');
      assert.equal(lines[0], 'Reference,Title,Theme,Lead agency,Owner,Funding source,Funding (£),RAG,Status,Next milestone,Next milestone due,Latest update on,Latest update,Next review');
      assert.equal(lines.length, 5);
      const protocol = lines.find((l) => l.includes('HYPERLINK'))!;
      assert.ok(protocol.includes(`"'=HYPERLINK(""http://example.invalid"",""Protocol"")"`), protocol);
      assert.ok(protocol.includes(",'-Sign-off late in eight boards,"), protocol);
      assert.ok(protocol.includes('Sexual exploitation,,"Dr Miriam Fenwick, Regional Safeguarding Adviser",Government Office for London,60000.00,Amber – at risk,Active,Protocol signed off,2026-10-01,2026-10-30'), protocol);
      const events = await db().selectFrom('auditEvents').selectAll().where('action', '=', 'work-programme.export').where('recordId', '=', QUIET).execute();
      assert.deepEqual(events.map((e) => e.details), [{ format: 'csv', items: 4 }]);
    });

    it('exports the programme as a workbook', async () => {
      const res = await regional.get(wp.xlsx(QUIET));
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.match(String(res.headers['content-disposition']), /filename="work-programme-LSCB-203-2026-11-02.xlsx"/);
      const file = res.rawPayload;
      assert.equal(file.subarray(0, 2).toString('latin1'), 'PK');
      const sheets = readXlsx(file);
      assert.deepEqual(sheets.map((s) => s.name), ['Work programme', 'Funding by source']);
      const [programme, funding] = sheets;
      assert.deepEqual(programme!.rows[0]!.slice(0, 8), ['Reference', 'Title', 'Theme', 'Lead agency', 'Owner', 'Funding source', 'Funding (£)', 'RAG']);
      assert.equal(programme!.rows.length, 5);
      const protocol = programme!.rows.find((r) => r[1]?.includes('HYPERLINK'))!;
      // In a workbook a formula-like title is stored as text: no apostrophe needed, and it stays exactly as written.
      assert.equal(protocol[1], '=HYPERLINK("http://example.invalid","Protocol")');
      assert.equal(protocol[6], '60000');
      assert.equal(protocol[9], 'Protocol signed off');
      assert.deepEqual(funding!.rows[0], ['Funding source', 'Funding (£)', 'Items']);
      assert.deepEqual(funding!.rows.slice(1).sort(), [['Government Office for London', '180000', '3'], ['Other', '5000', '1']]);
    });
  });

});
