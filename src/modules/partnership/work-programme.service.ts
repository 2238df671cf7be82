// The work programme of a board: work items under the priority themes, each with a lead agency and owner, funding,
// milestones, and dated progress updates that carry a RAG rating and evidence (the item's RAG follows its latest
// update). The regional board's programme is held under 'LSCB-LONDON'; a local board keeps its work plan the same
// way under its own code. Also the gaps view and the exports (CSV and XLSX).
//
// Who may see what (partnership.support.ts): the board's members and the regional team read; `board.manage` scoped
// to the board or the region changes. Everyone else gets 404 (audited). Every change writes one audit event in its
// transaction, with ids, codes and counts only. Reads are not audited (they name staff, not children), except the
// export, which takes the whole programme away.
import { randomUUID } from 'node:crypto';
import type { Actor, UserActor } from '../../kernel/actor.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { Executor, PartnershipContext, Trx } from './partnership.support.ts';
import { findGaps, isFundingSource, isRag, isTheme, STATUS_CODES, type ThemeCode } from './work-programme.domain.ts';
import type { WorkItemRag, WorkItemStatus } from './work-programme.tables.ts';

export interface WorkItemInput {
  title: string;
  description: string;
  theme: string;
  leadAgencyId: string | null;
  ownerName: string | null;
  fundingSource: string | null;
  fundingAmountPence: number | null;
  status: WorkItemStatus;
  nextReviewOn: string | null;
}

export interface ProgressUpdateInput {
  rag: string;
  summary: string;
  evidence: string | null;
  recordedOn: string;
  /** When the item should next be reviewed (left as it was when null). */
  nextReviewOn?: string | null;
}

export interface MilestoneInput {
  title: string;
  dueOn: string;
}

export interface ListFilters {
  theme?: string;
  rag?: string;
  status?: string;
}

const CONFLICT = 'This work item was changed by someone else while you were working on it. Reload it to see the changes, then try again.';
const MILESTONE_CONFLICT = 'This milestone was changed by someone else while you were working on it. Reload the work item to see the changes.';

const isDay = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
};

function checkText(errors: FieldErrors, field: string, value: string | null | undefined, required: string | null, max: number, what: string): void {
  const v = value?.trim() ?? '';
  if (!v && required) errors[field] = required;
  else if (v.length > max) errors[field] = `${what} must be ${max} characters or fewer`;
}

/** The rules of a work item's fields, in GOV.UK wording (shared by the pages, which add their own parse errors). */
export function validateItem(input: WorkItemInput): FieldErrors {
  const errors: FieldErrors = {};
  checkText(errors, 'title', input.title, 'Enter a title for the work item', 200, 'The title');
  checkText(errors, 'description', input.description, null, 4000, 'The description');
  if (!isTheme(input.theme)) errors.theme = 'Select the priority theme the work item belongs to';
  checkText(errors, 'ownerName', input.ownerName, null, 200, 'The owner’s name');
  if (input.fundingSource !== null && !isFundingSource(input.fundingSource)) errors.fundingSource = 'Select where the funding comes from';
  if (input.fundingAmountPence !== null) {
    if (!Number.isInteger(input.fundingAmountPence) || input.fundingAmountPence < 0) errors.fundingAmount = 'Enter the amount in pounds, like 12500 or 12500.50';
    else if (input.fundingSource === null && !errors.fundingSource) errors.fundingSource = 'Select where the funding comes from';
  }
  if (!STATUS_CODES.includes(input.status)) errors.status = 'Select the status of the work item';
  if (input.nextReviewOn !== null && !isDay(input.nextReviewOn)) errors.nextReviewOn = 'The next review date must be a real date';
  return errors;
}

export function validateUpdate(input: ProgressUpdateInput, today: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!isRag(input.rag)) errors.rag = 'Select a RAG rating';
  checkText(errors, 'summary', input.summary, 'Enter a summary of progress', 4000, 'The summary');
  checkText(errors, 'evidence', input.evidence, null, 4000, 'The evidence');
  if (!input.recordedOn || !isDay(input.recordedOn)) errors.recordedOn = 'Enter the date of the update';
  else if (input.recordedOn > today) errors.recordedOn = 'The date of the update must be today or in the past';
  if (input.nextReviewOn && !isDay(input.nextReviewOn)) errors.nextReviewOn = 'The next review date must be a real date';
  return errors;
}

export function validateMilestone(input: MilestoneInput): FieldErrors {
  const errors: FieldErrors = {};
  checkText(errors, 'title', input.title, 'Enter what the milestone is', 300, 'The milestone');
  if (!input.dueOn || !isDay(input.dueOn)) errors.dueOn = 'Enter the date the milestone is due';
  return errors;
}

function refuseIfAny(errors: FieldErrors): void {
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

type ItemRow = NonNullable<Awaited<ReturnType<WorkProgrammeService['row']>>>;

export class WorkProgrammeService {
  constructor(private readonly ctx: PartnershipContext) {}

  // -- reference data -------------------------------------------------------------------------------------------

  /** Agencies that may lead a work item, by name. */
  async agencyOptions(): Promise<{ id: string; name: string }[]> {
    return this.ctx.db.selectFrom('agencies').select(['id', 'name']).orderBy('name').execute();
  }

  private async board(executor: Executor, code: string) {
    return executor.selectFrom('boards').select(['code', 'name', 'kind']).where('code', '=', code).executeTakeFirst();
  }

  // -- access -----------------------------------------------------------------------------------------------------

  /** The board, if it exists and the user may see it (or, with `manage`, change its business); else 404 (audited). */
  private async boardFor(actor: Actor, code: string, action: string, manage = false) {
    const board = await this.board(this.ctx.db, code);
    const user = await this.ctx.requireBoard(this.ctx.db, actor, code, action, manage ? 'board.manage' : undefined);
    if (!board) throw new NotFoundError();
    return { user, board };
  }

  private async row(executor: Executor, id: string, forUpdate = false) {
    if (!isUuid(id)) return undefined;
    let q = executor.selectFrom('workItems').selectAll().where('id', '=', id);
    if (forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  /** The item, if the user may see it (or change it); else 404, audited. */
  private async itemFor(actor: Actor, id: string, action: string, manage = false): Promise<{ user: UserActor; item: ItemRow }> {
    const item = await this.row(this.ctx.db, id);
    if (!item) {
      const user = this.ctx.access.requireUser(actor);
      await this.ctx.audit.record(this.ctx.db, user, { action, recordType: 'work-item', recordId: isUuid(id) ? id : undefined, outcome: 'denied', details: { reason: 'not-found' } });
      throw new NotFoundError();
    }
    const user = await this.ctx.requireBoard(this.ctx.db, actor, item.boardCode, action, manage ? 'board.manage' : undefined);
    return { user, item };
  }

  /** A versioned change of an item: locks it, checks the version the user saw, runs, bumps the version. */
  private async change<T>(id: string, version: number, run: (trx: Trx, item: ItemRow) => Promise<T>): Promise<T> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const item = (await this.row(trx, id, true))!;
      if (item.version !== version) throw new ConflictError(CONFLICT);
      const result = await run(trx, item);
      await trx.updateTable('workItems').set({ version: item.version + 1, updatedAt: this.ctx.clock.now() }).where('id', '=', id).execute();
      return result;
    });
  }

  private async checkAgency(executor: Executor, input: WorkItemInput, errors: FieldErrors): Promise<void> {
    if (input.leadAgencyId === null) return;
    const found = isUuid(input.leadAgencyId) && (await executor.selectFrom('agencies').select('id').where('id', '=', input.leadAgencyId).executeTakeFirst());
    if (!found) errors.leadAgencyId = 'Select the lead agency from the list';
  }

  private clean(input: WorkItemInput) {
    return {
      title: input.title.trim(),
      description: input.description.trim(),
      theme: input.theme,
      leadAgencyId: input.leadAgencyId,
      ownerName: input.ownerName?.trim() || null,
      fundingSource: input.fundingSource,
      fundingAmountPence: input.fundingAmountPence,
      status: input.status,
      nextReviewOn: input.nextReviewOn,
    };
  }

  // -- the programme -----------------------------------------------------------------------------------------------

  /** A board's programme, filtered by theme, RAG and status, with each item's next milestone and latest update, and the funding by source. */
  async list(actor: Actor, boardCode: string, filters: ListFilters = {}) {
    const { user, board } = await this.boardFor(actor, boardCode, 'work-programme.read');
    const today = this.ctx.today();
    let q = this.ctx.db
      .selectFrom('workItems as w')
      .leftJoin('agencies as a', 'a.id', 'w.leadAgencyId')
      .select(['w.id', 'w.reference', 'w.title', 'w.theme', 'w.ownerName', 'w.fundingSource', 'w.fundingAmountPence', 'w.rag', 'w.status', 'w.nextReviewOn', 'w.version', 'a.name as leadAgencyName'])
      .where('w.boardCode', '=', board.code);
    if (filters.theme && isTheme(filters.theme)) q = q.where('w.theme', '=', filters.theme);
    if (filters.rag === 'none') q = q.where('w.rag', 'is', null);
    else if (filters.rag && isRag(filters.rag)) q = q.where('w.rag', '=', filters.rag);
    if (filters.status && (STATUS_CODES as string[]).includes(filters.status)) q = q.where('w.status', '=', filters.status as WorkItemStatus);
    const items = await q.orderBy('w.reference').execute();
    const details = await this.details(this.ctx.db, items.map((i) => i.id), today);
    const rows = items.map((i) => ({ ...i, ...details.get(i.id)! }));
    const funding = new Map<string, number>();
    let totalPence = 0;
    for (const i of rows) {
      if (i.fundingAmountPence === null) continue;
      const source = i.fundingSource ?? 'other';
      funding.set(source, (funding.get(source) ?? 0) + i.fundingAmountPence);
      totalPence += i.fundingAmountPence;
    }
    return {
      board,
      canManage: this.ctx.canManageBoard(user, board.code),
      items: rows,
      funding: [...funding].map(([source, pence]) => ({ source, pence })).sort((a, b) => b.pence - a.pence),
      totalPence,
    };
  }

  /** For each item: its next open milestone, overdue milestones, and latest progress update. */
  private async details(executor: Executor, ids: string[], today: string) {
    const out = new Map<string, { nextMilestone: { title: string; dueOn: string } | null; overdueMilestones: number; latestUpdate: { rag: WorkItemRag; summary: string; recordedOn: string } | null }>();
    for (const id of ids) out.set(id, { nextMilestone: null, overdueMilestones: 0, latestUpdate: null });
    if (!ids.length) return out;
    const milestones = await executor.selectFrom('workItemMilestones').select(['itemId', 'title', 'dueOn']).where('itemId', 'in', ids).where('completedOn', 'is', null).orderBy('dueOn').execute();
    for (const m of milestones) {
      const d = out.get(m.itemId)!;
      d.nextMilestone ??= { title: m.title, dueOn: m.dueOn };
      if (m.dueOn < today) d.overdueMilestones++;
    }
    const updates = await executor
      .selectFrom('workItemUpdates')
      .select(['itemId', 'rag', 'summary', 'recordedOn'])
      .where('itemId', 'in', ids)
      .orderBy('recordedOn', 'desc')
      .orderBy('createdAt', 'desc')
      .execute();
    for (const u of updates) {
      const d = out.get(u.itemId)!;
      d.latestUpdate ??= { rag: u.rag, summary: u.summary, recordedOn: u.recordedOn };
    }
    return out;
  }

  /** One item with its milestones and updates (newest first). */
  async view(actor: Actor, id: string) {
    const { user, item } = await this.itemFor(actor, id, 'work-item.read');
    const board = await this.board(this.ctx.db, item.boardCode);
    const agency = item.leadAgencyId ? await this.ctx.db.selectFrom('agencies').select(['id', 'name']).where('id', '=', item.leadAgencyId).executeTakeFirst() : undefined;
    const milestones = await this.ctx.db.selectFrom('workItemMilestones').selectAll().where('itemId', '=', id).orderBy('dueOn').orderBy('createdAt').execute();
    const updates = await this.ctx.db
      .selectFrom('workItemUpdates as u')
      .leftJoin('users as r', 'r.id', 'u.recordedBy')
      .select(['u.id', 'u.rag', 'u.summary', 'u.evidence', 'u.recordedOn', 'u.createdAt', 'r.displayName as recordedByName'])
      .where('u.itemId', '=', id)
      .orderBy('u.recordedOn', 'desc')
      .orderBy('u.createdAt', 'desc')
      .execute();
    const today = this.ctx.today();
    return {
      item,
      board: board!,
      leadAgencyName: agency?.name ?? null,
      milestones: milestones.map((m) => ({ ...m, isOverdue: !m.completedOn && m.dueOn < today })),
      updates,
      canManage: this.ctx.canManageBoard(user, item.boardCode),
    };
  }

  /** The board, for the new-item page (a manager only). */
  async newItemContext(actor: Actor, boardCode: string) {
    const { board } = await this.boardFor(actor, boardCode, 'work-item.create-form', true);
    return { board };
  }

  /** An item, for its edit, update or milestone page (a manager only). */
  async editContext(actor: Actor, id: string) {
    const { item } = await this.itemFor(actor, id, 'work-item.edit-form', true);
    const board = (await this.board(this.ctx.db, item.boardCode))!;
    return { item, board };
  }

  // -- changes --------------------------------------------------------------------------------------------------------

  /** Adds an item to the board's programme, with the next reference (WP-01, WP-02, …). */
  async create(actor: Actor, boardCode: string, input: WorkItemInput): Promise<{ id: string; reference: string }> {
    const { user, board } = await this.boardFor(actor, boardCode, 'work-item.create', true);
    const errors = validateItem(input);
    await this.checkAgency(this.ctx.db, input, errors);
    refuseIfAny(errors);
    const id = randomUUID();
    const now = this.ctx.clock.now();
    const reference = await this.ctx.db.transaction().execute(async (trx) => {
      // Serialise reference numbering per board on the board's row.
      await trx.selectFrom('boards').select('code').where('code', '=', board.code).forUpdate().execute();
      const refs = await trx.selectFrom('workItems').select('reference').where('boardCode', '=', board.code).execute();
      const next = Math.max(0, ...refs.map((r) => Number(/^WP-(\d+)$/.exec(r.reference)?.[1] ?? 0))) + 1;
      const reference = `WP-${String(next).padStart(2, '0')}`;
      await trx
        .insertInto('workItems')
        .values({ id, boardCode: board.code, reference, ...this.clean(input), ownerUserId: null, rag: null, createdAt: now, createdBy: user.userId, updatedAt: now })
        .execute();
      await this.ctx.audit.record(trx, user, { action: 'work-item.create', recordType: 'work-item', recordId: id, details: { boardCode: board.code, theme: input.theme, reference } });
      return reference;
    });
    return { id, reference };
  }

  async edit(actor: Actor, id: string, version: number, input: WorkItemInput): Promise<void> {
    const { user, item } = await this.itemFor(actor, id, 'work-item.edit', true);
    const errors = validateItem(input);
    await this.checkAgency(this.ctx.db, input, errors);
    refuseIfAny(errors);
    await this.change(id, version, async (trx, before) => {
      const after = this.clean(input);
      const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => String(after[k] ?? '') !== String(before[k] ?? ''));
      await trx.updateTable('workItems').set(after).where('id', '=', id).execute();
      await this.ctx.audit.record(trx, user, { action: 'work-item.edit', recordType: 'work-item', recordId: id, fields: changed, details: { boardCode: item.boardCode, status: input.status } });
    });
  }

  /** Records a dated progress update; the item's RAG becomes that of its latest update (by date). */
  async recordUpdate(actor: Actor, id: string, version: number, input: ProgressUpdateInput): Promise<{ updateId: string }> {
    const { user, item } = await this.itemFor(actor, id, 'work-item.update', true);
    refuseIfAny(validateUpdate(input, this.ctx.today()));
    const updateId = randomUUID();
    await this.change(id, version, async (trx) => {
      await trx
        .insertInto('workItemUpdates')
        .values({ id: updateId, itemId: id, rag: input.rag as WorkItemRag, summary: input.summary.trim(), evidence: input.evidence?.trim() || null, recordedOn: input.recordedOn, recordedBy: user.userId, createdAt: this.ctx.clock.now() })
        .execute();
      const latest = await trx.selectFrom('workItemUpdates').select('rag').where('itemId', '=', id).orderBy('recordedOn', 'desc').orderBy('createdAt', 'desc').limit(1).executeTakeFirstOrThrow();
      await trx
        .updateTable('workItems')
        .set({ rag: latest.rag, ...(input.nextReviewOn ? { nextReviewOn: input.nextReviewOn } : {}) })
        .where('id', '=', id)
        .execute();
      await this.ctx.audit.record(trx, user, { action: 'work-item.progress-update', recordType: 'work-item', recordId: id, details: { boardCode: item.boardCode, updateId, rag: input.rag, itemRag: latest.rag, hasEvidence: Boolean(input.evidence?.trim()) } });
    });
    return { updateId };
  }

  async addMilestone(actor: Actor, id: string, version: number, input: MilestoneInput): Promise<{ milestoneId: string }> {
    const { user, item } = await this.itemFor(actor, id, 'work-item.milestone.add', true);
    refuseIfAny(validateMilestone(input));
    const milestoneId = randomUUID();
    await this.change(id, version, async (trx) => {
      await trx.insertInto('workItemMilestones').values({ id: milestoneId, itemId: id, title: input.title.trim(), dueOn: input.dueOn, completedOn: null, completedBy: null, createdAt: this.ctx.clock.now(), createdBy: user.userId }).execute();
      await this.ctx.audit.record(trx, user, { action: 'work-item.milestone.add', recordType: 'work-item', recordId: id, details: { boardCode: item.boardCode, milestoneId, dueOn: input.dueOn } });
    });
    return { milestoneId };
  }

  /** Marks a milestone done (today unless a date is given), checking the milestone's own version. */
  async completeMilestone(actor: Actor, id: string, milestoneId: string, version: number, completedOn?: string): Promise<void> {
    const { user, item } = await this.itemFor(actor, id, 'work-item.milestone.complete', true);
    const today = this.ctx.today();
    const on = completedOn ?? today;
    if (!isDay(on) || on > today) throw new ValidationError({ completedOn: 'The date the milestone was completed must be today or in the past' });
    await this.ctx.db.transaction().execute(async (trx) => {
      const m = isUuid(milestoneId) ? await trx.selectFrom('workItemMilestones').selectAll().where('id', '=', milestoneId).where('itemId', '=', id).forUpdate().executeTakeFirst() : undefined;
      if (!m) throw new NotFoundError();
      if (m.version !== version || m.completedOn) throw new ConflictError(MILESTONE_CONFLICT);
      await trx.updateTable('workItemMilestones').set({ completedOn: on, completedBy: user.userId, version: m.version + 1 }).where('id', '=', milestoneId).execute();
      await trx.updateTable('workItems').set({ updatedAt: this.ctx.clock.now() }).where('id', '=', id).execute();
      await this.ctx.audit.record(trx, user, { action: 'work-item.milestone.complete', recordType: 'work-item', recordId: id, details: { boardCode: item.boardCode, milestoneId, completedOn: on, late: m.dueOn < on } });
    });
  }

  // -- gaps and exports ---------------------------------------------------------------------------------------------

  /** Themes with no active item, active items with no owner, with overdue milestones, or with no update in three months. */
  async gaps(actor: Actor, boardCode: string) {
    const { user, board } = await this.boardFor(actor, boardCode, 'work-programme.gaps');
    const today = this.ctx.today();
    const items = await this.ctx.db.selectFrom('workItems').select(['id', 'reference', 'title', 'theme', 'status', 'ownerName', 'ownerUserId', 'createdAt']).where('boardCode', '=', board.code).orderBy('reference').execute();
    const ids = items.map((i) => i.id);
    const milestones = ids.length ? await this.ctx.db.selectFrom('workItemMilestones').select(['itemId', 'title', 'dueOn', 'completedOn']).where('itemId', 'in', ids).orderBy('dueOn').execute() : [];
    const lastUpdates = ids.length
      ? await this.ctx.db.selectFrom('workItemUpdates').select(['itemId', (eb) => eb.fn.max('recordedOn').as('lastOn')]).where('itemId', 'in', ids).groupBy('itemId').execute()
      : [];
    const lastOn = new Map(lastUpdates.map((u) => [u.itemId, String(u.lastOn)]));
    const createdOn = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(d);
    const found = findGaps({
      today,
      items: items.map((i) => ({ ...i, lastUpdateOn: lastOn.get(i.id) ?? null, createdOn: createdOn(new Date(i.createdAt)) })),
      milestones,
    });
    const byId = new Map(items.map((i) => [i.id, i]));
    const brief = (id: string) => {
      const i = byId.get(id)!;
      return { id, reference: i.reference, title: i.title, theme: i.theme as ThemeCode };
    };
    return {
      board,
      canManage: this.ctx.canManageBoard(user, board.code),
      themesWithoutItem: found.themesWithoutItem,
      withoutOwner: found.withoutOwner.map(brief),
      overdue: [...found.overdueMilestones.keys()].map((id) => ({
        ...brief(id),
        milestones: milestones.filter((m) => m.itemId === id && !m.completedOn && m.dueOn < today).map((m) => ({ title: m.title, dueOn: m.dueOn })),
      })),
      stale: found.noRecentUpdate.map((id) => ({ ...brief(id), lastUpdateOn: lastOn.get(id) ?? null })),
    };
  }

  /** The programme for export: one row per item with its next milestone and latest update. Audited (it leaves the system). */
  async exportRows(actor: Actor, boardCode: string, format: 'csv' | 'xlsx') {
    const { user, board } = await this.boardFor(actor, boardCode, 'work-programme.export');
    const today = this.ctx.today();
    const items = await this.ctx.db
      .selectFrom('workItems as w')
      .leftJoin('agencies as a', 'a.id', 'w.leadAgencyId')
      .select(['w.id', 'w.reference', 'w.title', 'w.theme', 'w.ownerName', 'w.fundingSource', 'w.fundingAmountPence', 'w.rag', 'w.status', 'w.nextReviewOn', 'a.name as leadAgencyName'])
      .where('w.boardCode', '=', board.code)
      .orderBy('w.reference')
      .execute();
    const details = await this.details(this.ctx.db, items.map((i) => i.id), today);
    await this.ctx.audit.record(this.ctx.db, user, { action: 'work-programme.export', recordType: 'board', recordId: board.code, details: { format, items: items.length } });
    return { board, today, items: items.map((i) => ({ ...i, ...details.get(i.id)! })) };
  }
}
