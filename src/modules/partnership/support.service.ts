// Regional advisers and the support they give: each adviser's thematic and agency leads, and support requests
// from boroughs and partners (topic, urgency, requested by) with assignment, a rapid-response log and an outcome.
//
// Who sees a request: the person who asked, the requesting board's members and staff (`ctx.canSeeBoard`), and the
// regional team; everyone else gets 404 (audited). The regional team answers: an adviser may take a request
// (assign it to themselves); the regional manager (`board.manage` in the region) may assign it to any adviser and
// manages advisers' leads. A rapid-response request not assigned within 1 working day of being asked is flagged.
import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor, UserActor } from '../../kernel/actor.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import type { RoleCode } from '../../kernel/actor.ts';
import { ROLES } from '../../platform/access/roles.ts';
import { addWorkingDays, londonDateOf } from '../../platform/calendar/index.ts';
import { parseOrThrow } from '../../platform/forms.ts';
import { THEMES as WORK_THEMES, type ThemeCode as WorkThemeCode } from './work-programme.domain.ts';
import { REGIONAL_BOARD, type Executor, type PartnershipContext, type Trx } from './partnership.support.ts';

/** The work programme's priority themes (issue 7, `work-programme.domain.ts`), which are also the topics of support requests. */
export const THEMES = (Object.entries(WORK_THEMES) as [WorkThemeCode, string][]).map(([code, name]) => ({ code, name }));
export type ThemeCode = WorkThemeCode;
export const THEME_NAMES: Record<string, string> = Object.fromEntries(THEMES.map((t) => [t.code, t.name]));

export const URGENCIES = ['rapid-response', 'urgent', 'routine'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const SUPPORT_STATUSES = ['new', 'assigned', 'in-progress', 'closed'] as const;
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];
export const LEAD_KINDS = ['theme', 'agency-type'] as const;
export type LeadKind = (typeof LEAD_KINDS)[number];

/** Roles whose holders answer support requests (regional manager, regional adviser). */
const ADVISER_ROLES = (Object.keys(ROLES) as RoleCode[]).filter((code) => ROLES[code].permissions.includes('support.respond'));

/** The day by which a rapid-response request should have been assigned: 1 working day after it was asked. */
export function assignmentDueOn(requestedOn: string): string {
  return addWorkingDays(requestedOn, 1);
}

/** True when a rapid-response request is still unassigned after its 1 working day. */
export function isAssignmentOverdue(r: { urgency: string; assignedAt: Date | null; requestedAt: Date }, today: string): boolean {
  return r.urgency === 'rapid-response' && r.assignedAt === null && today > assignmentDueOn(londonDateOf(r.requestedAt));
}

export interface Adviser {
  userId: string;
  displayName: string;
  agencyName: string;
  roles: RoleCode[];
  leads: { id: string; kind: LeadKind; code: string; name: string }[];
}

export interface SupportListFilters {
  status?: SupportStatus;
  urgency?: Urgency;
  boardCode?: string;
  adviserId?: string;
}

export interface SupportRequestSummary {
  id: string;
  boardCode: string;
  boardName: string;
  topic: string;
  topicName: string;
  urgency: Urgency;
  status: SupportStatus;
  requesterName: string;
  requestedAt: Date;
  requestedOn: string;
  assignedTo: string | null;
  assigneeName: string | null;
  isAssignmentOverdue: boolean;
  assignmentDueOn: string | null;
}

export interface SupportRequestView extends SupportRequestSummary {
  detail: string;
  requestedBy: string | null;
  requesterAgencyName: string | null;
  assignedAt: Date | null;
  closedAt: Date | null;
  closedByName: string | null;
  outcome: string | null;
  version: number;
  log: { id: string; entryOn: string; entry: string; byName: string | null }[];
  suggested: { userId: string; displayName: string }[];
  /** What the viewer may do. */
  canTake: boolean;
  canAssignAnyone: boolean;
  canRespond: boolean;
}

const requestSchema = z.object({
  topic: z.enum(THEMES.map((t) => t.code) as [ThemeCode, ...ThemeCode[]], { message: 'Select the topic you need help with' }),
  detail: z.string({ message: 'Enter what you need help with' }).trim().min(1, 'Enter what you need help with').max(4000, 'What you need help with must be 4,000 characters or fewer'),
  urgency: z.enum(URGENCIES, { message: 'Select how urgent this is' }),
});
export type SupportRequestInput = z.input<typeof requestSchema>;

const logSchema = z.object({
  entryOn: z.string({ message: 'Enter the date it was done' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date it was done'),
  entry: z.string({ message: 'Enter what was done' }).trim().min(1, 'Enter what was done').max(4000, 'What was done must be 4,000 characters or fewer'),
});
export type SupportLogInput = z.input<typeof logSchema>;

const closeSchema = z.object({
  outcome: z.string({ message: 'Enter the outcome' }).trim().min(1, 'Enter the outcome').max(4000, 'The outcome must be 4,000 characters or fewer'),
});

function isRealDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(day);
}

export class SupportService {
  constructor(private readonly ctx: PartnershipContext) {}

  // -- advisers and their leads -----------------------------------------------------------------------------

  /** True when the user manages the regional team (the regional manager). */
  canManageLeads(actor: Actor): boolean {
    return actor.kind === 'user' && this.ctx.isRegional(actor) && this.ctx.access.can(actor, 'board.manage');
  }

  /** The regional team's advisers and what each leads on (names of regional staff only). */
  async advisers(actor: Actor, executor: Executor = this.ctx.db): Promise<Adviser[]> {
    this.ctx.access.requireUser(actor);
    const rows = await executor
      .selectFrom('roleAssignments as r')
      .innerJoin('users as u', 'u.id', 'r.userId')
      .innerJoin('agencies as a', 'a.id', 'u.agencyId')
      .select(['u.id as userId', 'u.displayName', 'a.name as agencyName', 'r.roleCode'])
      .where('r.scopeKind', '=', 'region')
      .where('r.revokedAt', 'is', null)
      .where('u.isDisabled', '=', false)
      .where('r.roleCode', 'in', ADVISER_ROLES)
      .orderBy('u.displayName')
      .execute();
    const byUser = new Map<string, Adviser>();
    for (const r of rows) {
      const a = byUser.get(r.userId) ?? { userId: r.userId, displayName: r.displayName, agencyName: r.agencyName, roles: [], leads: [] };
      a.roles.push(r.roleCode as RoleCode);
      byUser.set(r.userId, a);
    }
    if (byUser.size) {
      const types = new Map((await executor.selectFrom('agencyTypes').select(['code', 'name']).execute()).map((t) => [t.code, t.name]));
      const leads = await executor.selectFrom('adviserLeads').select(['id', 'userId', 'kind', 'code']).where('userId', 'in', [...byUser.keys()]).orderBy('kind', 'desc').orderBy('code').execute();
      for (const l of leads) byUser.get(l.userId)?.leads.push({ id: l.id, kind: l.kind, code: l.code, name: (l.kind === 'theme' ? THEME_NAMES[l.code] : types.get(l.code)) ?? l.code });
    }
    return [...byUser.values()];
  }

  /** Agency types an adviser may lead on. */
  async agencyTypes(): Promise<{ code: string; name: string }[]> {
    return this.ctx.db.selectFrom('agencyTypes').select(['code', 'name']).where('code', '!=', 'partnership').orderBy('name').execute();
  }

  async addLead(actor: Actor, input: { userId: string; kind: string; code: string }): Promise<void> {
    const user = await this.requireLeadManager(actor, 'adviser-lead.create');
    const kind = LEAD_KINDS.find((k) => k === input.kind);
    if (!kind) throw new ValidationError({ kind: 'Select whether this is a theme or an agency lead' });
    await this.ctx.db.transaction().execute(async (trx) => {
      const advisers = await this.advisers(user, trx);
      if (!advisers.some((a) => a.userId === input.userId)) throw new ValidationError({ userId: 'Select an adviser from the regional team' });
      if (kind === 'theme' && !THEME_NAMES[input.code]) throw new ValidationError({ code: 'Select a theme' });
      if (kind === 'agency-type') {
        const type = await trx.selectFrom('agencyTypes').select('code').where('code', '=', input.code).executeTakeFirst();
        if (!type) throw new ValidationError({ code: 'Select a type of agency' });
      }
      const inserted = await trx
        .insertInto('adviserLeads')
        .values({ userId: input.userId, kind, code: input.code, createdBy: user.userId })
        .onConflict((oc) => oc.columns(['userId', 'kind', 'code']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) throw new ValidationError({ code: 'This adviser already leads on that' });
      await this.ctx.audit.record(trx, user, { action: 'adviser-lead.create', recordType: 'adviser-lead', recordId: inserted.id, details: { adviserId: input.userId, kind, code: input.code } });
    });
  }

  async removeLead(actor: Actor, leadId: string): Promise<void> {
    const user = await this.requireLeadManager(actor, 'adviser-lead.delete');
    await this.ctx.db.transaction().execute(async (trx) => {
      const lead = await trx.deleteFrom('adviserLeads').where('id', '=', leadId).returning(['userId', 'kind', 'code']).executeTakeFirst();
      if (!lead) throw new NotFoundError();
      await this.ctx.audit.record(trx, user, { action: 'adviser-lead.delete', recordType: 'adviser-lead', recordId: leadId, details: { adviserId: lead.userId, kind: lead.kind, code: lead.code } });
    });
  }

  private async requireLeadManager(actor: Actor, action: string): Promise<UserActor> {
    const user = this.ctx.access.requireUser(actor);
    if (!this.canManageLeads(user)) await this.ctx.access.deny(user, action, { recordType: 'adviser-lead' });
    return user;
  }

  // -- support requests ---------------------------------------------------------------------------------------

  /** The board a request from this user comes from: their board, their authority's board, or the regional board. */
  async requesterBoard(executor: Executor, user: UserActor): Promise<string> {
    if (user.scopeKind === 'board' && user.scopeCode) return user.scopeCode;
    if (user.scopeKind === 'region') return REGIONAL_BOARD;
    let laCode: string | null = null;
    if (user.scopeKind === 'local-authority') laCode = user.scopeCode;
    if (user.scopeKind === 'agency') {
      laCode = (await executor.selectFrom('agencies').select('localAuthorityCode').where('id', '=', user.agencyId).executeTakeFirst())?.localAuthorityCode ?? null;
    }
    if (laCode) {
      const la = await executor.selectFrom('localAuthorities').select('boardCode').where('code', '=', laCode).executeTakeFirst();
      if (la) return la.boardCode;
    }
    return REGIONAL_BOARD;
  }

  async create(actor: Actor, input: SupportRequestInput): Promise<{ id: string }> {
    await this.ctx.access.require(actor, 'support.request', { recordType: 'support-request' });
    const user = this.ctx.access.requireUser(actor);
    const form = parseOrThrow(requestSchema, input);
    return this.ctx.db.transaction().execute(async (trx) => {
      const boardCode = await this.requesterBoard(trx, user);
      const now = this.ctx.clock.now();
      const { id } = await trx
        .insertInto('supportRequests')
        .values({ boardCode, topic: form.topic, detail: form.detail, urgency: form.urgency, requestedBy: user.userId, requesterName: user.displayName, requesterAgencyId: user.agencyId, requestedAt: now, createdBy: user.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.record(trx, user, { action: 'support-request.create', recordType: 'support-request', recordId: id, details: { boardCode, topic: form.topic, urgency: form.urgency } });
      return { id };
    });
  }

  /** The requests the user may see: all for the regional team, otherwise their own and their boards'. */
  async list(actor: Actor, filters: SupportListFilters = {}): Promise<SupportRequestSummary[]> {
    const user = this.ctx.access.requireUser(actor);
    const boards = this.ctx.isRegional(user) ? null : await this.ctx.visibleBoards(this.ctx.db, user);
    return this.summaries(this.ctx.db, filters, (q) => (boards === null ? q : q.where((eb) => eb.or([eb('s.requestedBy', '=', user.userId), ...(boards.length ? [eb('s.boardCode', 'in', boards)] : [])]))));
  }

  /** One board's requests, for its members and the regional team (404 otherwise). */
  async forBoard(actor: Actor, boardCode: string, filters: SupportListFilters = {}): Promise<{ board: { code: string; name: string }; items: SupportRequestSummary[] }> {
    const board = await this.ctx.db.selectFrom('boards').select(['code', 'name']).where('code', '=', boardCode).executeTakeFirst();
    if (!board) throw new NotFoundError();
    await this.ctx.requireBoard(this.ctx.db, actor, boardCode, 'support-request.list');
    return { board, items: await this.summaries(this.ctx.db, { ...filters, boardCode }, (q) => q) };
  }

  private async summaries(
    executor: Executor,
    filters: SupportListFilters,
    scope: (q: ReturnType<SupportService['baseQuery']>) => ReturnType<SupportService['baseQuery']>,
  ): Promise<SupportRequestSummary[]> {
    let q = scope(this.baseQuery(executor));
    if (filters.status) q = q.where('s.status', '=', filters.status);
    if (filters.urgency) q = q.where('s.urgency', '=', filters.urgency);
    if (filters.boardCode) q = q.where('s.boardCode', '=', filters.boardCode);
    if (filters.adviserId) q = q.where('s.assignedTo', '=', filters.adviserId);
    const rows = await q.execute();
    const today = this.ctx.today();
    const items = rows.map((r) => this.summarise(r, today));
    const rank = (s: SupportRequestSummary) => (s.status === 'closed' ? 3 : s.urgency === 'rapid-response' ? 0 : s.urgency === 'urgent' ? 1 : 2);
    // Rapid-response requests first, then urgent, then routine; closed ones last; newest first within each.
    return items.sort((a, b) => rank(a) - rank(b) || b.requestedAt.getTime() - a.requestedAt.getTime());
  }

  private baseQuery(executor: Executor) {
    return executor
      .selectFrom('supportRequests as s')
      .innerJoin('boards as b', 'b.code', 's.boardCode')
      .leftJoin('users as adviser', 'adviser.id', 's.assignedTo')
      .select(['s.id', 's.boardCode', 'b.name as boardName', 's.topic', 's.urgency', 's.status', 's.requesterName', 's.requestedAt', 's.assignedTo', 's.assignedAt', 'adviser.displayName as assigneeName']);
  }

  private summarise(
    r: { id: string; boardCode: string; boardName: string; topic: string; urgency: Urgency; status: SupportStatus; requesterName: string; requestedAt: Date; assignedTo: string | null; assignedAt: Date | null; assigneeName: string | null },
    today: string,
  ): SupportRequestSummary {
    const requestedOn = londonDateOf(new Date(r.requestedAt));
    return {
      id: r.id,
      boardCode: r.boardCode,
      boardName: r.boardName,
      topic: r.topic,
      topicName: THEME_NAMES[r.topic] ?? r.topic,
      urgency: r.urgency,
      status: r.status,
      requesterName: r.requesterName,
      requestedAt: new Date(r.requestedAt),
      requestedOn,
      assignedTo: r.assignedTo,
      assigneeName: r.assigneeName,
      isAssignmentOverdue: r.status !== 'closed' && isAssignmentOverdue({ urgency: r.urgency, assignedAt: r.assignedAt, requestedAt: new Date(r.requestedAt) }, today),
      assignmentDueOn: r.urgency === 'rapid-response' ? assignmentDueOn(requestedOn) : null,
    };
  }

  /** A request, if the user may see it; 404 (audited) otherwise. */
  private async visible(executor: Executor, actor: Actor, id: string, action: string) {
    const user = this.ctx.access.requireUser(actor);
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await executor.selectFrom('supportRequests').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    const allowed = !!row && (this.ctx.isRegional(user) || row.requestedBy === user.userId || (await this.ctx.canSeeBoard(executor, user, row.boardCode)));
    if (!row || !allowed) {
      await this.ctx.audit.record(this.ctx.db, actor, { action, recordType: 'support-request', recordId: row ? id : undefined, outcome: 'denied', details: { reason: row ? 'not-involved' : 'not-found' } });
      throw new NotFoundError();
    }
    return { user, row };
  }

  async view(actor: Actor, id: string): Promise<SupportRequestView> {
    const { user, row } = await this.visible(this.ctx.db, actor, id, 'support-request.read');
    const db = this.ctx.db;
    const summary = (await this.baseQuery(db).where('s.id', '=', id).execute()).map((r) => this.summarise(r, this.ctx.today()))[0]!;
    const agency = row.requesterAgencyId ? await db.selectFrom('agencies').select('name').where('id', '=', row.requesterAgencyId).executeTakeFirst() : undefined;
    const closedBy = row.closedBy ? await db.selectFrom('users').select('displayName').where('id', '=', row.closedBy).executeTakeFirst() : undefined;
    const log = await db
      .selectFrom('supportRequestLog as l')
      .leftJoin('users as u', 'u.id', 'l.createdBy')
      .select(['l.id', 'l.entryOn', 'l.entry', 'u.displayName as byName'])
      .where('l.requestId', '=', id)
      .orderBy('l.entryOn')
      .orderBy('l.createdAt')
      .execute();
    const canRespond = this.ctx.isRegional(user) && this.ctx.access.can(user, 'support.respond');
    const suggested = canRespond ? (await this.advisers(user)).filter((a) => a.leads.some((l) => l.kind === 'theme' && l.code === row.topic)).map((a) => ({ userId: a.userId, displayName: a.displayName })) : [];
    return {
      ...summary,
      detail: row.detail,
      requestedBy: row.requestedBy,
      requesterAgencyName: agency?.name ?? null,
      assignedAt: row.assignedAt,
      closedAt: row.closedAt,
      closedByName: closedBy?.displayName ?? null,
      outcome: row.outcome,
      version: row.version,
      log,
      suggested,
      canRespond: canRespond && row.status !== 'closed',
      canTake: canRespond && row.status !== 'closed' && row.assignedTo !== user.userId,
      canAssignAnyone: canRespond && row.status !== 'closed' && this.canManageLeads(user),
    };
  }

  /** Assigns the request to an adviser: an adviser may take it; the regional manager may give it to anyone in the team. */
  async assign(actor: Actor, id: string, version: number, adviserId: string): Promise<void> {
    await this.ctx.access.require(actor, 'support.respond', { recordType: 'support-request', recordId: id });
    await this.change(actor, id, version, 'support-request.assign', async (trx, user, row) => {
      if (!this.ctx.isRegional(user)) throw new NotFoundError();
      if (!adviserId) throw new ValidationError({ adviserId: 'Select the adviser who will take this request' });
      if (adviserId !== user.userId && !this.canManageLeads(user)) throw new ValidationError({ adviserId: 'Only the regional manager can assign a request to someone else' });
      const advisers = await this.advisers(user, trx);
      if (!advisers.some((a) => a.userId === adviserId)) throw new ValidationError({ adviserId: 'Select an adviser from the regional team' });
      const status = row.status === 'new' ? 'assigned' : row.status;
      await trx.updateTable('supportRequests').set({ assignedTo: adviserId, assignedAt: this.ctx.clock.now(), status }).where('id', '=', id).execute();
      return { adviserId, previousAdviserId: row.assignedTo, urgency: row.urgency };
    });
  }

  /** Adds a dated entry to the request's log (what was done); the request is then in progress. */
  async addLog(actor: Actor, id: string, version: number, input: SupportLogInput): Promise<void> {
    await this.ctx.access.require(actor, 'support.respond', { recordType: 'support-request', recordId: id });
    const form = parseOrThrow(logSchema, input);
    if (!isRealDay(form.entryOn)) throw new ValidationError({ entryOn: 'The date must be a real date' });
    if (form.entryOn > this.ctx.today()) throw new ValidationError({ entryOn: 'The date must be today or in the past' });
    await this.change(actor, id, version, 'support-request.log', async (trx, user, row) => {
      if (!this.ctx.isRegional(user)) throw new NotFoundError();
      if (form.entryOn < londonDateOf(new Date(row.requestedAt))) throw new ValidationError({ entryOn: 'The date must be on or after the day the request was made' });
      const entry = await trx.insertInto('supportRequestLog').values({ requestId: id, entryOn: form.entryOn, entry: form.entry, createdBy: user.userId }).returning('id').executeTakeFirstOrThrow();
      const status = row.status === 'closed' ? row.status : 'in-progress';
      const assignment = row.assignedTo ? {} : { assignedTo: user.userId, assignedAt: this.ctx.clock.now() };
      await trx.updateTable('supportRequests').set({ status, ...assignment }).where('id', '=', id).execute();
      return { logEntryId: entry.id, entryOn: form.entryOn };
    });
  }

  async close(actor: Actor, id: string, version: number, input: { outcome?: unknown }): Promise<void> {
    await this.ctx.access.require(actor, 'support.respond', { recordType: 'support-request', recordId: id });
    const form = parseOrThrow(closeSchema, input);
    await this.change(actor, id, version, 'support-request.close', async (trx, user) => {
      if (!this.ctx.isRegional(user)) throw new NotFoundError();
      await trx.updateTable('supportRequests').set({ status: 'closed', outcome: form.outcome, closedAt: this.ctx.clock.now(), closedBy: user.userId }).where('id', '=', id).execute();
      return {};
    });
  }

  /** Locks the request, checks it is visible, open and unchanged since read, runs the change and audits it. */
  private async change(
    actor: Actor,
    id: string,
    version: number,
    action: string,
    run: (trx: Trx, user: UserActor, row: Awaited<ReturnType<SupportService['visible']>>['row']) => Promise<Record<string, unknown>>,
  ): Promise<void> {
    const { user } = await this.visible(this.ctx.db, actor, id, action);
    await this.ctx.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('supportRequests').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      if (row.version !== version) throw new ConflictError();
      if (row.status === 'closed') throw new ValidationError({ _form: 'This request is closed' });
      const details = await run(trx, user, row);
      await trx.updateTable('supportRequests').set({ version: sql`version + 1`, updatedAt: this.ctx.clock.now() }).where('id', '=', id).execute();
      await this.ctx.audit.record(trx, user, { action, recordType: 'support-request', recordId: id, details: { ...details, version: version + 1 } });
    });
  }
}
