// Work trays and the overdue scan. Every statutory deadline is a row of case_deadlines with the rule that set it, so
// a tray is one read of the open rows: a caseworker's own (the episodes allocated to them), or a team manager's whole
// authority (optionally one team), grouped as overdue, due today, due in the next few working days, and later.
//
// The overdue scan runs as a scheduled job ('casework.scan-overdue', every 300 seconds, once per tick across all
// nodes): each open deadline whose day has passed (in London) gets one alert for the team managers (case_alerts,
// unique per deadline, so the scan is idempotent), which a manager acknowledges.
//
// Need-to-know (DESIGN section 5): a caseworker sees only their own tray; a team manager (case.manage) only their
// own authority's. Every tray read is audited with the episodes it showed (ids and counts only).
import type { Actor, UserActor } from '../../kernel/actor.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import { addWorkingDays, workingDaysBetween } from '../../platform/calendar/index.ts';
import { STEPS, describeRule, type AppliedRule, type Step } from './casework.rules.ts';
import type { CaseworkContext, Executor } from './casework.support.ts';

export type TrayGroup = 'overdue' | 'today' | 'soon' | 'later';
export const TRAY_GROUPS: readonly TrayGroup[] = ['overdue', 'today', 'soon', 'later'];

/** The default "due soon" window, in working days after today. */
export const DEFAULT_WINDOW = 5;
export const MAX_WINDOW = 20;

export interface TrayRow {
  deadlineId: string;
  episodeId: string;
  personId: string;
  childName: string | null;
  step: string;
  stepLabel: string;
  dueOn: string;
  rule: AppliedRule;
  ruleText: string;
  ruleSource: string;
  group: TrayGroup;
  /** Calendar days past the due day (0 unless overdue). */
  daysOverdue: number;
  /** Working days past the due day (0 unless overdue). */
  workingDaysOverdue: number;
  workerUserId: string | null;
  workerName: string | null;
  teamId: string | null;
  teamName: string | null;
}

export interface Tray {
  today: string;
  /** The last day of the "due soon" window. */
  soonUntil: string;
  window: number;
  groups: Record<TrayGroup, TrayRow[]>;
  counts: Record<TrayGroup, number>;
}

export interface WorkerCount extends Record<TrayGroup, number> {
  workerUserId: string | null;
  workerName: string | null;
  total: number;
}

export interface AlertRow {
  alertId: string;
  deadlineId: string;
  episodeId: string;
  childName: string | null;
  step: string;
  stepLabel: string;
  dueOn: string;
  ruleText: string;
  raisedAt: Date;
  daysOverdue: number;
  workerName: string | null;
  teamName: string | null;
}

export interface TeamTray extends Tray {
  laCode: string;
  teamId: string | null;
  teams: { id: string; name: string }[];
  workers: WorkerCount[];
  alerts: AlertRow[];
}

const DAY_MS = 86_400_000;
const calendarDaysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** Which section of a tray a due day belongs in, seen from today. */
export function groupOf(dueOn: string, today: string, soonUntil: string): TrayGroup {
  if (dueOn < today) return 'overdue';
  if (dueOn === today) return 'today';
  if (dueOn <= soonUntil) return 'soon';
  return 'later';
}

export class TraysService {
  constructor(private readonly ctx: CaseworkContext) {}

  /** The user's own tray: open deadlines of the open episodes allocated to them. */
  async myTray(actor: Actor, options: { window?: number } = {}): Promise<Tray> {
    await this.ctx.access.require(actor, 'case.read', { recordType: 'case-episode' });
    const user = this.ctx.access.requireUser(actor);
    if (user.scopeKind !== 'local-authority' || !user.scopeCode) await this.ctx.access.deny(user, 'casework.tray.read', { recordType: 'case-episode' }, 'out-of-scope');
    const laCode = laOf(user);
    const window = windowOf(options.window);
    return this.ctx.db.transaction().execute(async (trx) => {
      const rows = await this.openDeadlines(trx, user, { laCode, workerUserId: user.userId });
      const tray = this.trayOf(rows, window);
      await this.ctx.audit.record(trx, user, {
        action: 'casework.tray.read',
        recordType: 'case-episode',
        purpose: 'safeguarding',
        fields: ['childName', 'step', 'dueOn'],
        details: { laCode, ...tray.counts, episodeIds: uniqueEpisodes(rows) },
      });
      return tray;
    });
  }

  /** A team manager's tray: every open deadline of the authority (or one of its teams), per-worker counts, open alerts. */
  async teamTray(actor: Actor, options: { teamId?: string | null; window?: number } = {}): Promise<TeamTray> {
    const user = await this.requireManager(actor, 'casework.team-tray.read');
    const laCode = laOf(user);
    const window = windowOf(options.window);
    return this.ctx.db.transaction().execute(async (trx) => {
      const teams = await trx.selectFrom('teams').select(['id', 'name']).where('localAuthorityCode', '=', laCode).orderBy('name').execute();
      const teamId = options.teamId ? options.teamId : null;
      if (teamId && !teams.some((t) => t.id === teamId)) throw new NotFoundError();
      const rows = await this.openDeadlines(trx, user, { laCode, teamId });
      const tray = this.trayOf(rows, window);
      const workers = workerCounts(rows);
      const alerts = await this.openAlerts(trx, user, laCode, teamId, tray.today);
      await this.ctx.audit.record(trx, user, {
        action: 'casework.team-tray.read',
        recordType: 'case-episode',
        purpose: 'safeguarding',
        fields: ['childName', 'step', 'dueOn', 'worker'],
        details: { laCode, teamId, ...tray.counts, alerts: alerts.length, episodeIds: uniqueEpisodes(rows) },
      });
      return { ...tray, laCode, teamId, teams, workers, alerts };
    });
  }

  /**
   * The scheduled scan: one alert for each open deadline whose day has passed (in London) and has not been alerted
   * yet. Idempotent (one alert per deadline, by a unique key, and the deadline marked alerted). Returns how many it
   * raised; audits one event when it raised any (a scan that finds nothing touches no record).
   */
  async scanOverdue(actor: Actor): Promise<number> {
    // Only the scheduler runs the scan: it looks across every authority.
    if (actor.kind !== 'system') await this.ctx.access.deny(actor, 'casework.overdue-scan', { recordType: 'case-alert' }, 'system-only');
    const today = this.ctx.today();
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('caseDeadlines as d')
        .innerJoin('caseEpisodes as e', 'e.id', 'd.episodeId')
        .select(['d.id', 'd.episodeId', 'd.laCode', 'e.teamId'])
        .where('d.status', '=', 'open')
        .where('d.alertedAt', 'is', null)
        .where('d.dueOn', '<', today)
        .where('e.status', '=', 'open')
        .forUpdate('d')
        .skipLocked()
        .execute();
      if (!due.length) return 0;
      let raised = 0;
      for (let i = 0; i < due.length; i += 500) {
        const batch = due.slice(i, i + 500);
        const inserted = await trx
          .insertInto('caseAlerts')
          .values(batch.map((d) => ({ deadlineId: d.id, episodeId: d.episodeId, laCode: d.laCode, teamId: d.teamId, raisedAt: now, acknowledgedAt: null, acknowledgedBy: null })))
          .onConflict((oc) => oc.column('deadlineId').doNothing())
          .returning('id')
          .execute();
        raised += inserted.length;
        await trx.updateTable('caseDeadlines').set({ alertedAt: now }).where('id', 'in', batch.map((d) => d.id)).execute();
      }
      await this.ctx.audit.record(trx, actor, {
        action: 'casework.overdue-scan',
        recordType: 'case-alert',
        purpose: 'safeguarding',
        details: { today, raised, laCodes: [...new Set(due.map((d) => d.laCode))].sort(), episodeIds: [...new Set(due.map((d) => d.episodeId))] },
      });
      return raised;
    });
  }

  /** A team manager of the alert's authority acknowledges an overdue alert. */
  async acknowledge(actor: Actor, alertId: string, options: { note?: string | null } = {}): Promise<void> {
    const user = await this.requireManager(actor, 'casework.alert.acknowledge');
    if (options.note && options.note.trim()) {
      // case_alerts has no column for a note (and audit details hold no free text): record it on the case instead.
      throw new ValidationError({ note: 'A note cannot be saved with an acknowledgement: record it on the case' });
    }
    const alert = isUuid(alertId) ? await this.ctx.db.selectFrom('caseAlerts').select(['id', 'laCode', 'episodeId']).where('id', '=', alertId).executeTakeFirst() : undefined;
    if (!alert || alert.laCode !== user.scopeCode) {
      await this.ctx.audit.record(this.ctx.db, user, { action: 'casework.alert.acknowledge', recordType: 'case-alert', recordId: isUuid(alertId) ? alertId : undefined, outcome: 'denied', details: { reason: alert ? 'other-authority' : 'not-found' } });
      throw new NotFoundError();
    }
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('caseAlerts').select(['acknowledgedAt', 'deadlineId']).where('id', '=', alert.id).forUpdate().executeTakeFirstOrThrow();
      if (current.acknowledgedAt) throw new ConflictError('This alert has already been acknowledged. Reload the page to see the latest alerts.');
      await trx.updateTable('caseAlerts').set({ acknowledgedAt: now, acknowledgedBy: user.userId }).where('id', '=', alert.id).execute();
      await this.ctx.audit.record(trx, user, {
        action: 'casework.alert.acknowledge',
        recordType: 'case-alert',
        recordId: alert.id,
        purpose: 'safeguarding',
        details: { laCode: alert.laCode, episodeId: alert.episodeId, deadlineId: current.deadlineId },
      });
    });
  }

  // -- reading -----------------------------------------------------------------------------------------------------

  private async requireManager(actor: Actor, action: string): Promise<UserActor> {
    await this.ctx.access.require(actor, 'case.manage', { recordType: 'case-episode' });
    const user = this.ctx.access.requireUser(actor);
    if (user.scopeKind !== 'local-authority' || !user.scopeCode) await this.ctx.access.deny(user, action, { recordType: 'case-episode' }, 'out-of-scope');
    return user;
  }

  /** Open deadlines of open episodes in the authority, for one worker or one team (or all), due day first. */
  private async openDeadlines(executor: Executor, viewer: UserActor, where: { laCode: string; workerUserId?: string; teamId?: string | null }): Promise<TrayRow[]> {
    let q = executor
      .selectFrom('caseDeadlines as d')
      .innerJoin('caseEpisodes as e', 'e.id', 'd.episodeId')
      .leftJoin('users as u', 'u.id', 'e.workerUserId')
      .leftJoin('teams as t', 't.id', 'e.teamId')
      .select(['d.id as deadlineId', 'd.episodeId', 'd.step', 'd.dueOn', 'd.rule', 'e.personId', 'e.contactId', 'e.workerUserId', 'u.displayName as workerName', 'e.teamId', 't.name as teamName'])
      .where('d.status', '=', 'open')
      .where('e.status', '=', 'open')
      .where('d.laCode', '=', where.laCode)
      .where('e.laCode', '=', where.laCode);
    if (where.workerUserId) q = q.where('e.workerUserId', '=', where.workerUserId);
    if (where.teamId) q = q.where('e.teamId', '=', where.teamId);
    const rows = await q.orderBy('d.dueOn').orderBy('d.id').execute();
    const names = await childNames(executor, rows, viewer.agencyId);
    const today = this.ctx.today();
    return rows.map((r) => {
      const rule = r.rule;
      return {
        deadlineId: r.deadlineId,
        episodeId: r.episodeId,
        personId: r.personId,
        childName: names.get(r.episodeId) ?? null,
        step: r.step,
        stepLabel: STEPS[r.step as Step] ?? r.step,
        dueOn: r.dueOn,
        rule,
        ruleText: describeRule(rule),
        ruleSource: rule.source,
        group: 'later',
        daysOverdue: r.dueOn < today ? calendarDaysBetween(r.dueOn, today) : 0,
        workingDaysOverdue: r.dueOn < today ? workingDaysBetween(r.dueOn, today) : 0,
        workerUserId: r.workerUserId,
        workerName: r.workerName,
        teamId: r.teamId,
        teamName: r.teamName,
      };
    });
  }

  private trayOf(rows: TrayRow[], window: number): Tray {
    const today = this.ctx.today();
    const soonUntil = addWorkingDays(today, window);
    const groups: Record<TrayGroup, TrayRow[]> = { overdue: [], today: [], soon: [], later: [] };
    for (const row of rows) {
      row.group = groupOf(row.dueOn, today, soonUntil);
      groups[row.group].push(row);
    }
    const counts = { overdue: groups.overdue.length, today: groups.today.length, soon: groups.soon.length, later: groups.later.length };
    return { today, soonUntil, window, groups, counts };
  }

  private async openAlerts(executor: Executor, viewer: UserActor, laCode: string, teamId: string | null, today: string): Promise<AlertRow[]> {
    let q = executor
      .selectFrom('caseAlerts as a')
      .innerJoin('caseDeadlines as d', 'd.id', 'a.deadlineId')
      .innerJoin('caseEpisodes as e', 'e.id', 'a.episodeId')
      .leftJoin('users as u', 'u.id', 'e.workerUserId')
      .leftJoin('teams as t', 't.id', 'e.teamId')
      .select(['a.id as alertId', 'a.deadlineId', 'a.episodeId', 'a.raisedAt', 'd.step', 'd.dueOn', 'd.rule', 'e.personId', 'e.contactId', 'u.displayName as workerName', 't.name as teamName'])
      .where('a.laCode', '=', laCode)
      .where('a.acknowledgedAt', 'is', null);
    if (teamId) q = q.where('a.teamId', '=', teamId);
    const rows = await q.orderBy('d.dueOn').orderBy('a.id').limit(500).execute();
    const names = await childNames(executor, rows, viewer.agencyId);
    return rows.map((r) => ({
      alertId: r.alertId,
      deadlineId: r.deadlineId,
      episodeId: r.episodeId,
      childName: names.get(r.episodeId) ?? null,
      step: r.step,
      stepLabel: STEPS[r.step as Step] ?? r.step,
      dueOn: r.dueOn,
      ruleText: describeRule(r.rule),
      raisedAt: r.raisedAt,
      daysOverdue: Math.max(0, calendarDaysBetween(r.dueOn, today)),
      workerName: r.workerName,
      teamName: r.teamName,
    }));
  }
}

function laOf(user: UserActor): string {
  if (user.scopeKind !== 'local-authority' || !user.scopeCode) throw new ForbiddenError();
  return user.scopeCode;
}

function windowOf(window: number | undefined): number {
  if (window === undefined) return DEFAULT_WINDOW;
  if (!Number.isSafeInteger(window) || window < 1 || window > MAX_WINDOW) throw new ValidationError({ window: `The number of working days must be between 1 and ${MAX_WINDOW}` });
  return window;
}

function uniqueEpisodes(rows: { episodeId: string }[]): string[] {
  return [...new Set(rows.map((r) => r.episodeId))];
}

function workerCounts(rows: TrayRow[]): WorkerCount[] {
  const byWorker = new Map<string, WorkerCount>();
  for (const r of rows) {
    const key = r.workerUserId ?? '';
    let w = byWorker.get(key);
    if (!w) byWorker.set(key, (w = { workerUserId: r.workerUserId, workerName: r.workerName, overdue: 0, today: 0, soon: 0, later: 0, total: 0 }));
    w[r.group] += 1;
    w.total += 1;
  }
  // Most overdue first; unallocated work last.
  return [...byWorker.values()].sort((a, b) => Number(a.workerUserId === null) - Number(b.workerUserId === null) || b.overdue - a.overdue || (a.workerName ?? '').localeCompare(b.workerName ?? ''));
}

/**
 * The child's name for each episode, as the front door shows it: from the contact that opened the episode (the hub's
 * contact_persons row for that child), otherwise from the newest record the viewer's own agency holds about the
 * child. Null when neither holds a name.
 */
async function childNames(executor: Executor, episodes: readonly { episodeId: string; personId: string; contactId: string | null }[], viewerAgencyId: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (!episodes.length) return names;
  const contactIds = [...new Set(episodes.map((e) => e.contactId).filter((c): c is string => c !== null))];
  const fromContacts = contactIds.length
    ? await executor.selectFrom('contactPersons').select(['contactId', 'personId', 'forenames', 'surname']).where('contactId', 'in', contactIds).where('role', '=', 'child').execute()
    : [];
  for (const e of episodes) {
    const p = fromContacts.find((c) => c.contactId === e.contactId && c.personId === e.personId);
    if (p) names.set(e.episodeId, `${p.forenames} ${p.surname}`);
  }
  const missing = episodes.filter((e) => !names.has(e.episodeId));
  if (missing.length) {
    const records = await executor
      .selectFrom('personLinks as l')
      .innerJoin('sourceRecords as r', 'r.id', 'l.sourceRecordId')
      .select(['l.personId', 'r.forenames', 'r.surname'])
      .where('l.personId', 'in', [...new Set(missing.map((e) => e.personId))])
      .where('l.endedAt', 'is', null)
      .where('r.agencyId', '=', viewerAgencyId)
      .orderBy('r.updatedAt', 'desc')
      .orderBy('r.id')
      .execute();
    for (const e of missing) {
      const r = records.find((x) => x.personId === e.personId);
      if (r) names.set(e.episodeId, `${r.forenames} ${r.surname}`);
    }
  }
  return names;
}
