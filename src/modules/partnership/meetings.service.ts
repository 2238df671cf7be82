// Boards' business meetings: the monthly meeting with its agenda and papers, attendance by agency, minutes,
// decisions and actions; the work programme items due for review at each meeting with what changed since the last
// one; and the gaps the board identified, each turned into a new work item or an action.
//
// Who may see what (partnership.support.ts): a board's meetings are visible to its members, its own staff and the
// regional team; anyone else gets 404 (audited). Changes need `board.manage` scoped to the board or the region.
// Every change is audited in its own transaction, with ids, codes and counts only; opening a meeting is audited too,
// because its attendance names people.
import type { Actor, UserActor } from '../../kernel/actor.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { Attendance, MeetingActionStatus, MeetingStatus } from './meetings.tables.ts';
import type { Executor, PartnershipContext, Trx } from './partnership.support.ts';
import { isTheme, ragLabel, themeLabel } from './work-programme.domain.ts';
import type { WorkItemRag } from './work-programme.tables.ts';

export const MEETING_STATUSES: Record<MeetingStatus, string> = { planned: 'Planned', held: 'Held' };
export const ACTION_STATUSES: Record<MeetingActionStatus, string> = { open: 'Open', done: 'Done', dropped: 'Dropped' };
export const ATTENDANCE: Record<Attendance, string> = { present: 'Present', apologies: 'Apologies' };

export interface MeetingInput {
  meetingOn: string;
  title: string;
  location: string | null;
}

export interface AgendaRow {
  /** The form row the values came from (for error messages); defaults to the position. */
  row?: number;
  title: string;
  paperTitle: string | null;
  paperSummary: string | null;
  presenter: string | null;
  workItemId: string | null;
}

export interface AttendanceRow {
  row?: number;
  agencyId: string | null;
  organisation: string | null;
  representative: string;
  role: string | null;
  attendance: Attendance | '';
}

export interface MinutesInput {
  minutes: string | null;
  decisions: string[];
  isHeld: boolean;
}

export interface ActionInput {
  description: string;
  ownerName: string;
  ownerAgencyId: string | null;
  dueOn: string | null;
  workItemId: string | null;
}

export interface ActionUpdateInput {
  status: 'done' | 'dropped' | '';
  completedOn: string | null;
  note: string | null;
}

export type GapInput = {
  description: string;
  theme: string | null;
} & ({ becomes: 'work-item'; workItemTitle: string } | { becomes: 'action'; action: ActionInput } | { becomes: '' });

/** A work programme item due for review at a meeting, with what changed since the previous meeting. */
export interface ReviewItem {
  id: string;
  reference: string;
  title: string;
  theme: string;
  themeName: string;
  ownerName: string | null;
  leadAgencyName: string | null;
  rag: WorkItemRag | null;
  nextReviewOn: string | null;
  reasons: string[];
  ragFrom: WorkItemRag | null;
  ragTo: WorkItemRag | null;
  ragChange: string | null;
  updates: { recordedOn: string; rag: WorkItemRag; ragName: string; summary: string; evidence: string | null }[];
  milestonesCompleted: { title: string; dueOn: string; completedOn: string }[];
  overdueMilestones: { title: string; dueOn: string }[];
}

export interface Review {
  meetingOn: string;
  previousMeetingOn: string | null;
  items: ReviewItem[];
}

const CONFLICT = 'This meeting was changed by someone else while you were working on it. Reload the page to see the changes, then try again.';
const ACTION_CONFLICT = 'This action was changed by someone else while you were working on it. Reload the page to see the changes, then try again.';
export const MAX_AGENDA = 20;
export const MAX_ATTENDANCE = 40;
export const MAX_DECISIONS = 30;

function text(errors: FieldErrors, field: string, value: string | null | undefined, required: string | null, max: number, what: string): string | null {
  const v = value?.trim() ?? '';
  if (!v) {
    if (required) errors[field] = required;
    return null;
  }
  if (v.length > max) errors[field] = `${what} must be ${max} characters or fewer`;
  return v;
}

function refuseIfAny(errors: FieldErrors): void {
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

function isDay(v: string | null | undefined): v is string {
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
}

/** Open actions first (overdue first among them, then by due date), then done and dropped, newest first. */
export function sortActions<T extends { status: MeetingActionStatus; dueOn: string; completedOn: string | null }>(actions: T[]): T[] {
  return [...actions].sort((a, b) => {
    if ((a.status === 'open') !== (b.status === 'open')) return a.status === 'open' ? -1 : 1;
    if (a.status === 'open') return a.dueOn.localeCompare(b.dueOn);
    return (b.completedOn ?? '').localeCompare(a.completedOn ?? '');
  });
}

type MeetingRow = NonNullable<Awaited<ReturnType<MeetingsService['row']>>>;

export class MeetingsService {
  constructor(private readonly ctx: PartnershipContext) {}

  // -- loading and access ------------------------------------------------------------------------------------------

  private async row(executor: Executor, id: string, forUpdate = false) {
    if (!isUuid(id)) return undefined;
    let q = executor.selectFrom('meetings').selectAll().where('id', '=', id);
    if (forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  private async notFound(actor: Actor, action: string, recordType: string, id: string): Promise<never> {
    await this.ctx.audit.record(this.ctx.db, actor, { action, recordType, recordId: isUuid(id) ? id : undefined, outcome: 'denied', details: { reason: 'not-found' } });
    throw new NotFoundError();
  }

  /** The meeting, if the actor may see it (or, with `manage`, change it); otherwise 404, audited. */
  private async load(actor: Actor, id: string, action: string, manage: boolean): Promise<{ user: UserActor; meeting: MeetingRow }> {
    this.ctx.access.requireUser(actor);
    const meeting = await this.row(this.ctx.db, id);
    if (!meeting) return this.notFound(actor, action, 'meeting', id);
    const user = await this.ctx.requireBoard(this.ctx.db, actor, meeting.boardCode, action, manage ? 'board.manage' : undefined);
    return { user, meeting };
  }

  private async board(executor: Executor, code: string) {
    const board = await executor.selectFrom('boards').select(['code', 'name', 'kind']).where('code', '=', code).executeTakeFirst();
    if (!board) throw new NotFoundError();
    return board;
  }

  /** A versioned change of the meeting: locks the row, checks the version the user saw, runs, bumps the version. */
  private async change<T>(id: string, version: number, run: (trx: Trx, m: MeetingRow) => Promise<T>): Promise<T> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const m = (await this.row(trx, id, true))!;
      if (m.version !== version) throw new ConflictError(CONFLICT);
      const result = await run(trx, m);
      await trx.updateTable('meetings').set({ version: m.version + 1, updatedAt: this.ctx.clock.now() }).where('id', '=', id).execute();
      return result;
    });
  }

  // -- reference data for the forms ---------------------------------------------------------------------------------

  /** Agencies that may attend or own actions, and the board's active work items (to link agenda items and actions). */
  async formOptions(actor: Actor, meetingId: string) {
    const { meeting } = await this.load(actor, meetingId, 'meeting.form', true);
    const agencies = await this.ctx.db.selectFrom('agencies').select(['id', 'name']).orderBy('name').execute();
    const workItems = await this.ctx.db
      .selectFrom('workItems')
      .select(['id', 'reference', 'title'])
      .where('boardCode', '=', meeting.boardCode)
      .where('status', '=', 'active')
      .orderBy('reference')
      .execute();
    return { agencies, workItems };
  }

  // -- the board's meetings -----------------------------------------------------------------------------------------

  /** The board's meetings: planned ones (soonest first) and past ones (latest first). */
  async list(actor: Actor, boardCode: string) {
    const user = await this.ctx.requireBoard(this.ctx.db, actor, boardCode, 'meeting.list');
    const board = await this.board(this.ctx.db, boardCode);
    const rows = await this.ctx.db
      .selectFrom('meetings')
      .leftJoin('meetingActions', 'meetingActions.meetingId', 'meetings.id')
      .select((eb) => [
        'meetings.id',
        'meetings.meetingOn',
        'meetings.title',
        'meetings.location',
        'meetings.status',
        eb.fn.count<number>('meetingActions.id').as('actionCount'),
        eb.fn.count<number>('meetingActions.id').filterWhere('meetingActions.status', '=', 'open').as('openActionCount'),
      ])
      .where('meetings.boardCode', '=', boardCode)
      .groupBy('meetings.id')
      .orderBy('meetings.meetingOn', 'desc')
      .execute();
    const today = this.ctx.today();
    const meetings = rows.map((r) => ({ ...r, actionCount: Number(r.actionCount), openActionCount: Number(r.openActionCount) }));
    return {
      board,
      canManage: this.ctx.canManageBoard(user, boardCode),
      planned: meetings.filter((m) => m.status === 'planned' && m.meetingOn >= today).reverse(),
      past: meetings.filter((m) => !(m.status === 'planned' && m.meetingOn >= today)),
    };
  }

  async newMeetingContext(actor: Actor, boardCode: string) {
    await this.ctx.requireBoard(this.ctx.db, actor, boardCode, 'meeting.create', 'board.manage');
    return this.board(this.ctx.db, boardCode);
  }

  async create(actor: Actor, boardCode: string, input: MeetingInput): Promise<{ id: string }> {
    const user = await this.ctx.requireBoard(this.ctx.db, actor, boardCode, 'meeting.create', 'board.manage');
    await this.board(this.ctx.db, boardCode);
    const errors: FieldErrors = {};
    if (!isDay(input.meetingOn)) errors.meetingOn = errors.meetingOn ?? 'Enter the date of the meeting';
    const title = text(errors, 'title', input.title, 'Enter the title of the meeting', 200, 'The title');
    const location = text(errors, 'location', input.location, null, 200, 'The location');
    refuseIfAny(errors);
    return this.ctx.db.transaction().execute(async (trx) => {
      const created = await trx
        .insertInto('meetings')
        .values({ boardCode, meetingOn: input.meetingOn, title: title!, location, status: 'planned', createdBy: user.userId, updatedAt: this.ctx.clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.record(trx, user, { action: 'meeting.create', recordType: 'meeting', recordId: created.id, details: { boardCode, meetingOn: input.meetingOn } });
      return created;
    });
  }

  // -- one meeting --------------------------------------------------------------------------------------------------

  /** Everything on the meeting's page, including the work programme items due for review. */
  async view(actor: Actor, id: string) {
    const { user, meeting } = await this.load(actor, id, 'meeting.view', false);
    return this.ctx.db.transaction().execute(async (trx) => {
      const board = await this.board(trx, meeting.boardCode);
      const agenda = await trx
        .selectFrom('meetingAgendaItems as a')
        .leftJoin('workItems as w', 'w.id', 'a.workItemId')
        .select(['a.id', 'a.position', 'a.title', 'a.paperTitle', 'a.paperSummary', 'a.presenter', 'a.workItemId', 'w.reference as workItemReference', 'w.title as workItemTitle'])
        .where('a.meetingId', '=', id)
        .orderBy('a.position')
        .execute();
      const attendance = await trx
        .selectFrom('meetingAttendance as t')
        .leftJoin('agencies as g', 'g.id', 't.agencyId')
        .select(['t.id', 't.position', 't.agencyId', 't.organisation', 't.representative', 't.role', 't.attendance', 'g.name as agencyName'])
        .where('t.meetingId', '=', id)
        .orderBy('t.position')
        .execute();
      const decisions = await trx.selectFrom('meetingDecisions').select(['id', 'position', 'text']).where('meetingId', '=', id).orderBy('position').execute();
      const actions = await this.actionsWhere(trx, { meetingId: id });
      const gaps = await trx
        .selectFrom('meetingGaps as p')
        .leftJoin('workItems as w', 'w.id', 'p.workItemId')
        .leftJoin('meetingActions as x', 'x.id', 'p.actionId')
        .select(['p.id', 'p.description', 'p.theme', 'p.workItemId', 'p.actionId', 'w.reference as workItemReference', 'w.title as workItemTitle', 'x.description as actionDescription'])
        .where('p.meetingId', '=', id)
        .orderBy('p.createdAt')
        .execute();
      const review = await this.reviewAt(trx, meeting.boardCode, meeting.meetingOn);
      await this.ctx.audit.record(trx, user, { action: 'meeting.view', recordType: 'meeting', recordId: id, details: { boardCode: meeting.boardCode, attendance: attendance.length } });
      return {
        meeting,
        board,
        agenda,
        attendance: attendance.map((a) => ({ ...a, who: a.agencyName ?? a.organisation ?? '' })),
        present: attendance.filter((a) => a.attendance === 'present').length,
        decisions,
        actions,
        gaps: gaps.map((g) => ({ ...g, themeName: g.theme ? themeLabel(g.theme) : null })),
        review,
        canManage: this.ctx.canManageBoard(user, meeting.boardCode),
      };
    });
  }

  /**
   * The board's active work items due for review at a meeting on `meetingOn`, with what changed since the previous
   * meeting (the latest meeting of the board before this date): an item is due when its next review date has come,
   * when it has a milestone due by the meeting and not completed before it, or when a progress update was recorded
   * after the previous meeting. For each: the updates recorded since (and the RAG change they made), milestones
   * completed since, and milestones overdue at the meeting. Nothing after the meeting date counts, so a past
   * meeting's review reads as it did then.
   */
  async reviewAt(executor: Executor, boardCode: string, meetingOn: string): Promise<Review> {
    const previous = await executor
      .selectFrom('meetings')
      .select('meetingOn')
      .where('boardCode', '=', boardCode)
      .where('meetingOn', '<', meetingOn)
      .orderBy('meetingOn', 'desc')
      .limit(1)
      .executeTakeFirst();
    const since = previous?.meetingOn ?? null;
    const items = await executor
      .selectFrom('workItems as w')
      .leftJoin('agencies as g', 'g.id', 'w.leadAgencyId')
      .select(['w.id', 'w.reference', 'w.title', 'w.theme', 'w.ownerName', 'w.rag', 'w.nextReviewOn', 'g.name as leadAgencyName'])
      .where('w.boardCode', '=', boardCode)
      .where('w.status', '=', 'active')
      .orderBy('w.reference')
      .execute();
    if (!items.length) return { meetingOn, previousMeetingOn: since, items: [] };
    const ids = items.map((i) => i.id);
    const updates = await executor
      .selectFrom('workItemUpdates')
      .select(['itemId', 'rag', 'summary', 'evidence', 'recordedOn', 'createdAt'])
      .where('itemId', 'in', ids)
      .where('recordedOn', '<=', meetingOn)
      .orderBy('recordedOn')
      .orderBy('createdAt')
      .execute();
    const milestones = await executor
      .selectFrom('workItemMilestones')
      .select(['itemId', 'title', 'dueOn', 'completedOn'])
      .where('itemId', 'in', ids)
      .orderBy('dueOn')
      .execute();
    const result: ReviewItem[] = [];
    for (const item of items) {
      const mine = updates.filter((u) => u.itemId === item.id);
      const before = since ? mine.filter((u) => u.recordedOn <= since) : [];
      const recent = since ? mine.filter((u) => u.recordedOn > since) : mine;
      const ms = milestones.filter((m) => m.itemId === item.id);
      const openAt = (m: { completedOn: string | null }) => m.completedOn === null || m.completedOn > meetingOn;
      const completed = ms.filter((m) => m.completedOn !== null && m.completedOn <= meetingOn && (!since || m.completedOn > since));
      const overdue = ms.filter((m) => openAt(m) && m.dueOn < meetingOn);
      const dueBy = ms.filter((m) => openAt(m) && m.dueOn <= meetingOn);
      const reasons: string[] = [];
      if (item.nextReviewOn && item.nextReviewOn <= meetingOn) reasons.push('Review due');
      if (dueBy.length) reasons.push(overdue.length ? 'Milestone overdue' : 'Milestone due');
      if (recent.length) reasons.push('Updated since the last meeting');
      if (completed.length && !reasons.length) reasons.push('Milestone completed since the last meeting');
      if (!reasons.length) continue;
      const ragFrom = before.at(-1)?.rag ?? null;
      const ragTo = recent.at(-1)?.rag ?? null;
      result.push({
        id: item.id,
        reference: item.reference,
        title: item.title,
        theme: item.theme,
        themeName: themeLabel(item.theme),
        ownerName: item.ownerName,
        leadAgencyName: item.leadAgencyName,
        rag: item.rag,
        nextReviewOn: item.nextReviewOn,
        reasons,
        ragFrom,
        ragTo,
        ragChange: ragTo === null ? null : ragFrom === null ? `Rated ${ragLabel(ragTo)}` : ragFrom === ragTo ? `Unchanged: ${ragLabel(ragTo)}` : `${ragLabel(ragFrom)} to ${ragLabel(ragTo)}`,
        updates: recent.map((u) => ({ recordedOn: u.recordedOn, rag: u.rag, ragName: ragLabel(u.rag), summary: u.summary, evidence: u.evidence })),
        milestonesCompleted: completed.map((m) => ({ title: m.title, dueOn: m.dueOn, completedOn: m.completedOn! })),
        overdueMilestones: overdue.map((m) => ({ title: m.title, dueOn: m.dueOn })),
      });
    }
    return { meetingOn, previousMeetingOn: since, items: result };
  }

  // -- changing a meeting ---------------------------------------------------------------------------------------------

  private async checkWorkItems(executor: Executor, boardCode: string, ids: (string | null)[], errors: FieldErrors, fieldOf: (i: number) => string): Promise<void> {
    const wanted = ids.filter((v): v is string => !!v);
    if (!wanted.length) return;
    const valid = wanted.filter(isUuid);
    const found = valid.length ? await executor.selectFrom('workItems').select('id').where('id', 'in', valid).where('boardCode', '=', boardCode).execute() : [];
    const known = new Set(found.map((f) => f.id));
    ids.forEach((v, i) => {
      if (v && !known.has(v)) errors[fieldOf(i)] = 'Select a work item of this board';
    });
  }

  private async checkAgencies(executor: Executor, ids: (string | null)[], errors: FieldErrors, fieldOf: (i: number) => string, message: string): Promise<void> {
    const wanted = ids.filter((v): v is string => !!v);
    if (!wanted.length) return;
    const valid = wanted.filter(isUuid);
    const found = valid.length ? await executor.selectFrom('agencies').select('id').where('id', 'in', valid).execute() : [];
    const known = new Set(found.map((f) => f.id));
    ids.forEach((v, i) => {
      if (v && !known.has(v)) errors[fieldOf(i)] = message;
    });
  }

  /** Replaces the agenda (and its papers) with the rows given, in order. */
  async saveAgenda(actor: Actor, id: string, version: number, rows: AgendaRow[]): Promise<void> {
    const { user, meeting } = await this.load(actor, id, 'meeting.agenda', true);
    const errors: FieldErrors = {};
    if (rows.length > MAX_AGENDA) errors._form = `An agenda can have at most ${MAX_AGENDA} items`;
    const clean = rows.map((r, i) => {
      const n = r.row ?? i + 1;
      return {
        title: text(errors, `agenda-${n}-title`, r.title, 'Enter the title of the agenda item', 300, 'The title'),
        paperTitle: text(errors, `agenda-${n}-paperTitle`, r.paperTitle, null, 300, 'The paper’s title'),
        paperSummary: text(errors, `agenda-${n}-paperSummary`, r.paperSummary, null, 2000, 'The description of the paper'),
        presenter: text(errors, `agenda-${n}-presenter`, r.presenter, null, 200, 'The presenter'),
        workItemId: r.workItemId || null,
      };
    });
    await this.checkWorkItems(this.ctx.db, meeting.boardCode, clean.map((r) => r.workItemId), errors, (i) => `agenda-${rows[i]!.row ?? i + 1}-workItemId`);
    refuseIfAny(errors);
    await this.change(id, version, async (trx) => {
      await trx.deleteFrom('meetingAgendaItems').where('meetingId', '=', id).execute();
      if (clean.length) {
        await trx.insertInto('meetingAgendaItems').values(clean.map((r, i) => ({ meetingId: id, position: i + 1, title: r.title!, paperTitle: r.paperTitle, paperSummary: r.paperSummary, presenter: r.presenter, workItemId: r.workItemId }))).execute();
      }
      await this.ctx.audit.record(trx, user, { action: 'meeting.agenda', recordType: 'meeting', recordId: id, details: { boardCode: meeting.boardCode, items: clean.length, papers: clean.filter((r) => r.paperTitle).length } });
    });
  }

  /** Replaces the attendance with the rows given: each agency (or other body), its representative and role. */
  async saveAttendance(actor: Actor, id: string, version: number, rows: AttendanceRow[]): Promise<void> {
    const { user, meeting } = await this.load(actor, id, 'meeting.attendance', true);
    const errors: FieldErrors = {};
    if (rows.length > MAX_ATTENDANCE) errors._form = `Record at most ${MAX_ATTENDANCE} people`;
    const clean = rows.map((r, i) => {
      const n = r.row ?? i + 1;
      const organisation = text(errors, `attendance-${n}-organisation`, r.organisation, null, 200, 'The organisation');
      if (!r.agencyId && !organisation) errors[`attendance-${n}-agencyId`] = 'Select the agency, or enter the organisation';
      if (r.attendance !== 'present' && r.attendance !== 'apologies') errors[`attendance-${n}-attendance`] = 'Select whether they were present or sent apologies';
      return {
        agencyId: r.agencyId || null,
        organisation,
        representative: text(errors, `attendance-${n}-representative`, r.representative, 'Enter the name of the representative', 200, 'The name'),
        role: text(errors, `attendance-${n}-role`, r.role, null, 200, 'The role'),
        attendance: r.attendance as Attendance,
      };
    });
    await this.checkAgencies(this.ctx.db, clean.map((r) => r.agencyId), errors, (i) => `attendance-${rows[i]!.row ?? i + 1}-agencyId`, 'Select an agency from the list');
    refuseIfAny(errors);
    await this.change(id, version, async (trx) => {
      await trx.deleteFrom('meetingAttendance').where('meetingId', '=', id).execute();
      if (clean.length) {
        await trx.insertInto('meetingAttendance').values(clean.map((r, i) => ({ meetingId: id, position: i + 1, agencyId: r.agencyId, organisation: r.organisation, representative: r.representative!, role: r.role, attendance: r.attendance }))).execute();
      }
      await this.ctx.audit.record(trx, user, { action: 'meeting.attendance', recordType: 'meeting', recordId: id, details: { boardCode: meeting.boardCode, present: clean.filter((r) => r.attendance === 'present').length, apologies: clean.filter((r) => r.attendance === 'apologies').length } });
    });
  }

  /** The minutes and decisions; marks the meeting held (a meeting in the future cannot be). */
  async saveMinutes(actor: Actor, id: string, version: number, input: MinutesInput): Promise<void> {
    const { user, meeting } = await this.load(actor, id, 'meeting.minutes', true);
    const errors: FieldErrors = {};
    const minutes = text(errors, 'minutes', input.minutes, null, 30000, 'The minutes');
    const decisions = input.decisions.map((d) => d.trim()).filter(Boolean);
    if (decisions.length > MAX_DECISIONS) errors.decisions = `Record at most ${MAX_DECISIONS} decisions`;
    if (decisions.some((d) => d.length > 1000)) errors.decisions = 'Each decision must be 1000 characters or fewer';
    if (input.isHeld && meeting.meetingOn > this.ctx.today()) errors.isHeld = 'A meeting cannot be marked as held before its date';
    if (input.isHeld && !minutes) errors.minutes = 'Enter the minutes before marking the meeting as held';
    refuseIfAny(errors);
    await this.change(id, version, async (trx) => {
      await trx.updateTable('meetings').set({ minutes, status: input.isHeld ? 'held' : meeting.status }).where('id', '=', id).execute();
      await trx.deleteFrom('meetingDecisions').where('meetingId', '=', id).execute();
      if (decisions.length) await trx.insertInto('meetingDecisions').values(decisions.map((d, i) => ({ meetingId: id, position: i + 1, text: d }))).execute();
      await this.ctx.audit.record(trx, user, { action: 'meeting.minutes', recordType: 'meeting', recordId: id, details: { boardCode: meeting.boardCode, decisions: decisions.length, status: input.isHeld ? 'held' : meeting.status } });
    });
  }

  private async validateAction(executor: Executor, boardCode: string, input: ActionInput, errors: FieldErrors, prefix = ''): Promise<void> {
    const f = (name: string) => (prefix ? `${prefix}${name[0]!.toUpperCase()}${name.slice(1)}` : name);
    input.description = text(errors, f('description'), input.description, 'Enter what needs to be done', 2000, 'The action') ?? '';
    input.ownerName = text(errors, f('ownerName'), input.ownerName, 'Enter who owns the action', 200, 'The owner’s name') ?? '';
    if (!input.dueOn) errors[f('dueOn')] ??= 'Enter the date the action is due';
    else if (!isDay(input.dueOn)) errors[f('dueOn')] = 'The due date must be a real date';
    await this.checkAgencies(executor, [input.ownerAgencyId], errors, () => f('ownerAgencyId'), 'Select an agency from the list');
    await this.checkWorkItems(executor, boardCode, [input.workItemId], errors, () => f('workItemId'));
  }

  private async insertAction(trx: Trx, user: UserActor, meeting: MeetingRow, input: ActionInput) {
    return trx
      .insertInto('meetingActions')
      .values({
        meetingId: meeting.id,
        boardCode: meeting.boardCode,
        description: input.description,
        ownerName: input.ownerName,
        ownerAgencyId: input.ownerAgencyId || null,
        dueOn: input.dueOn!,
        workItemId: input.workItemId || null,
        createdBy: user.userId,
        updatedAt: this.ctx.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  /** An action from the meeting: what, who (name and agency), by when, and optionally the work item it serves. */
  async addAction(actor: Actor, meetingId: string, input: ActionInput): Promise<{ id: string }> {
    const { user, meeting } = await this.load(actor, meetingId, 'meeting-action.create', true);
    const errors: FieldErrors = {};
    await this.validateAction(this.ctx.db, meeting.boardCode, input, errors);
    refuseIfAny(errors);
    return this.ctx.db.transaction().execute(async (trx) => {
      const created = await this.insertAction(trx, user, meeting, input);
      await this.ctx.audit.record(trx, user, { action: 'meeting-action.create', recordType: 'meeting-action', recordId: created.id, details: { meetingId, boardCode: meeting.boardCode, workItemId: input.workItemId ?? null } });
      return created;
    });
  }

  /**
   * A gap the board identified, recorded with what it became: a new work item of the board's programme (active, not
   * yet rated, under the gap's theme) or an action of the meeting. The link is kept on the gap.
   */
  async recordGap(actor: Actor, meetingId: string, input: GapInput): Promise<{ id: string; workItemId: string | null; actionId: string | null }> {
    const { user, meeting } = await this.load(actor, meetingId, 'meeting-gap.create', true);
    const errors: FieldErrors = {};
    const description = text(errors, 'description', input.description, 'Describe the gap', 2000, 'The description');
    const theme = input.theme || null;
    if (theme && !isTheme(theme)) errors.theme = 'Select a priority theme from the list';
    let workItemTitle: string | null = null;
    if (input.becomes === 'work-item') {
      workItemTitle = text(errors, 'workItemTitle', input.workItemTitle, 'Enter the title of the new work item', 300, 'The title');
      if (!theme && !errors.theme) errors.theme = 'Select the priority theme of the new work item';
    } else if (input.becomes === 'action') {
      await this.validateAction(this.ctx.db, meeting.boardCode, input.action, errors, 'action');
    } else {
      errors.becomes = 'Select whether the gap becomes a work item or an action';
    }
    refuseIfAny(errors);
    return this.ctx.db.transaction().execute(async (trx) => {
      let workItemId: string | null = null;
      let actionId: string | null = null;
      if (input.becomes === 'work-item') {
        const reference = await this.nextGapReference(trx, meeting.boardCode, meeting.meetingOn);
        const item = await trx
          .insertInto('workItems')
          .values({ boardCode: meeting.boardCode, reference, title: workItemTitle!, description: description!, theme: theme!, status: 'active', rag: null, version: 1, createdBy: user.userId, updatedAt: this.ctx.clock.now() })
          .returning('id')
          .executeTakeFirstOrThrow();
        workItemId = item.id;
      } else if (input.becomes === 'action') {
        actionId = (await this.insertAction(trx, user, meeting, input.action)).id;
      }
      const gap = await trx.insertInto('meetingGaps').values({ meetingId, description: description!, theme, workItemId, actionId, createdBy: user.userId }).returning('id').executeTakeFirstOrThrow();
      await this.ctx.audit.record(trx, user, { action: 'meeting-gap.create', recordType: 'meeting-gap', recordId: gap.id, details: { meetingId, boardCode: meeting.boardCode, becomes: input.becomes, workItemId, actionId } });
      return { id: gap.id, workItemId, actionId };
    });
  }

  /** A reference for a work item born of a gap: 'GAP-2026-01', numbered within the board and year. */
  private async nextGapReference(trx: Trx, boardCode: string, meetingOn: string): Promise<string> {
    const prefix = `GAP-${meetingOn.slice(0, 4)}-`;
    const taken = new Set((await trx.selectFrom('workItems').select('reference').where('boardCode', '=', boardCode).where('reference', 'like', `${prefix}%`).execute()).map((r) => r.reference));
    let n = taken.size + 1;
    while (taken.has(`${prefix}${String(n).padStart(2, '0')}`)) n += 1;
    return `${prefix}${String(n).padStart(2, '0')}`;
  }

  // -- actions across meetings ----------------------------------------------------------------------------------------

  private async actionsWhere(executor: Executor, filter: { meetingId: string } | { boardCode: string }) {
    const today = this.ctx.today();
    let q = executor
      .selectFrom('meetingActions as x')
      .innerJoin('meetings as m', 'm.id', 'x.meetingId')
      .leftJoin('agencies as g', 'g.id', 'x.ownerAgencyId')
      .leftJoin('workItems as w', 'w.id', 'x.workItemId')
      .select(['x.id', 'x.meetingId', 'x.boardCode', 'x.description', 'x.ownerName', 'x.ownerAgencyId', 'x.dueOn', 'x.status', 'x.completedOn', 'x.note', 'x.workItemId', 'x.version', 'g.name as ownerAgencyName', 'w.reference as workItemReference', 'w.title as workItemTitle', 'm.meetingOn', 'm.title as meetingTitle']);
    q = 'meetingId' in filter ? q.where('x.meetingId', '=', filter.meetingId) : q.where('x.boardCode', '=', filter.boardCode);
    const rows = await q.execute();
    return sortActions(rows.map((r) => ({ ...r, isOverdue: r.status === 'open' && r.dueOn < today })));
  }

  /** The board's action log across its meetings: open actions first (overdue marked), then done and dropped. */
  async boardActions(actor: Actor, boardCode: string) {
    const user = await this.ctx.requireBoard(this.ctx.db, actor, boardCode, 'meeting-action.list');
    return this.ctx.db.transaction().execute(async (trx) => {
      const board = await this.board(trx, boardCode);
      const actions = await this.actionsWhere(trx, { boardCode });
      await this.ctx.audit.record(trx, user, { action: 'meeting-action.list', recordType: 'board', recordId: boardCode, details: { actions: actions.length } });
      return {
        board,
        canManage: this.ctx.canManageBoard(user, boardCode),
        open: actions.filter((a) => a.status === 'open'),
        closed: actions.filter((a) => a.status !== 'open'),
        overdue: actions.filter((a) => a.isOverdue).length,
      };
    });
  }

  /** Completes or drops an open action (with the date and a note), checking the version the user saw. */
  async updateAction(actor: Actor, actionId: string, version: number, input: ActionUpdateInput): Promise<{ meetingId: string; boardCode: string }> {
    this.ctx.access.requireUser(actor);
    const action = isUuid(actionId) ? await this.ctx.db.selectFrom('meetingActions').select(['id', 'boardCode', 'meetingId']).where('id', '=', actionId).executeTakeFirst() : undefined;
    if (!action) return this.notFound(actor, 'meeting-action.update', 'meeting-action', actionId);
    const user = await this.ctx.requireBoard(this.ctx.db, actor, action.boardCode, 'meeting-action.update', 'board.manage');
    const errors: FieldErrors = {};
    if (input.status !== 'done' && input.status !== 'dropped') errors.status = 'Select whether the action is done or dropped';
    if (!input.completedOn) errors.completedOn ??= input.status === 'dropped' ? 'Enter the date the action was dropped' : 'Enter the date the action was completed';
    else if (!isDay(input.completedOn)) errors.completedOn = 'The date must be a real date';
    else if (input.completedOn > this.ctx.today()) errors.completedOn = 'The date must be today or in the past';
    const note = text(errors, 'note', input.note, input.status === 'dropped' ? 'Enter why the action was dropped' : null, 2000, 'The note');
    refuseIfAny(errors);
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('meetingActions').select(['version', 'status']).where('id', '=', actionId).forUpdate().executeTakeFirstOrThrow();
      if (row.version !== version) throw new ConflictError(ACTION_CONFLICT);
      if (row.status !== 'open') throw new ValidationError({ status: 'This action is already closed' });
      await trx
        .updateTable('meetingActions')
        .set({ status: input.status as MeetingActionStatus, completedOn: input.completedOn, note, version: row.version + 1, updatedAt: this.ctx.clock.now() })
        .where('id', '=', actionId)
        .execute();
      await this.ctx.audit.record(trx, user, { action: 'meeting-action.update', recordType: 'meeting-action', recordId: actionId, details: { boardCode: action.boardCode, meetingId: action.meetingId, status: input.status } });
      return { meetingId: action.meetingId, boardCode: action.boardCode };
    });
  }
}
