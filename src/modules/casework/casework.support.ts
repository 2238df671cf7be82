// What every casework service shares: who may see a case, the board's rulebook, the deadline rows that trays and
// the overdue scan read, the case's event history (which feeds the merged chronology), and the versioned change.
//
// Need-to-know (DESIGN section 5): a case is visible to its allocated worker, to members of its team, and to the
// authority's team managers (case.manage). Everyone else gets 404: not "forbidden", which would confirm the case
// exists. Partners see casework only as codes in the merged chronology.
import type { Kysely, Transaction } from 'kysely';
import type { Actor, UserActor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { AccessControl } from '../../platform/access/access-control.ts';
import type { Permission } from '../../platform/access/roles.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { londonDateOf } from '../../platform/calendar/index.ts';
import type { PlatformTables } from '../../platform/db/schema.ts';
import type { FrontDoorTables } from '../front-door/index.ts';
import type { IdentityTables } from '../identity/index.ts';
import { DQ } from './casework.domain.ts';
import { deadline, effectiveRulebook, type AppliedRule, type EffectiveRulebook, type LocalOverride, type RulebookCode, type Step } from './casework.rules.ts';
import type { CaseworkTables, StuckRuleSetting } from './casework.tables.ts';

export type Tables = PlatformTables & CaseworkTables & FrontDoorTables & IdentityTables;
export type Db = Kysely<Tables>;
export type Trx = Transaction<Tables>;
export type Executor = Db | Trx;

/** The rulebook a new authority starts with: the seed regime (statutory-rules.md section 2). */
export const DEFAULT_RULEBOOK: RulebookCode = 'wt2010';

export interface CaseworkSettings {
  laCode: string;
  rulebook: RulebookCode;
  overrides: LocalOverride[];
  stuckRules: StuckRuleSetting[];
  version: number;
}

export type Episode = Awaited<ReturnType<typeof loadEpisode>>;

async function loadEpisode(executor: Executor, id: string) {
  return executor.selectFrom('caseEpisodes').selectAll().where('id', '=', id).executeTakeFirst();
}

export class CaseworkContext {
  constructor(
    readonly db: Db,
    readonly access: AccessControl,
    readonly audit: AuditTrail,
    readonly clock: Clock,
  ) {}

  /** Today in London, the day casework dates are checked against. */
  today(): string {
    return londonDateOf(this.clock.now());
  }

  // -- settings ---------------------------------------------------------------------------------------------------

  async settingsFor(executor: Executor, laCode: string): Promise<CaseworkSettings> {
    const row = await executor.selectFrom('caseworkSettings').selectAll().where('laCode', '=', laCode).executeTakeFirst();
    if (!row) return { laCode, rulebook: DEFAULT_RULEBOOK, overrides: [], stuckRules: [], version: 0 };
    return { laCode, rulebook: row.rulebook, overrides: row.overrides, stuckRules: row.stuckRules, version: row.version };
  }

  /** The rulebook an episode runs under: the one it was opened with, with the board's current local overrides. */
  async rulebookFor(executor: Executor, episode: { laCode: string; rulebook: RulebookCode }): Promise<EffectiveRulebook> {
    const settings = await this.settingsFor(executor, episode.laCode);
    return effectiveRulebook(episode.rulebook, settings.rulebook === episode.rulebook ? settings.overrides : []);
  }

  // -- access -----------------------------------------------------------------------------------------------------

  /** True when the user may see the episode: allocated worker, a member of its team, or a manager in its authority. */
  canSee(user: UserActor, episode: { laCode: string; workerUserId: string | null; teamId: string | null }): boolean {
    if (!this.access.can(user, 'case.read')) return false;
    if (user.scopeKind !== 'local-authority' || user.scopeCode !== episode.laCode) return false;
    if (this.access.can(user, 'case.manage')) return true;
    if (episode.workerUserId === user.userId) return true;
    return episode.teamId !== null && user.teamIds.includes(episode.teamId);
  }

  /**
   * The episode, if the actor may see it; otherwise NotFoundError (and the refusal is audited). `permission`
   * is what the action needs beyond seeing the case (case.write to record work, case.manage to allocate).
   */
  async episodeFor(executor: Executor, actor: Actor, id: string, action: string, permission: Permission = 'case.read'): Promise<{ episode: NonNullable<Episode>; user: UserActor }> {
    await this.access.require(actor, permission, { recordType: 'case-episode', recordId: isUuid(id) ? id : undefined });
    const user = this.access.requireUser(actor);
    const episode = isUuid(id) ? await loadEpisode(executor, id) : undefined;
    if (!episode || !this.canSee(user, episode)) {
      await this.audit.record(this.db, actor, { action, recordType: 'case-episode', recordId: isUuid(id) ? id : undefined, outcome: 'denied', details: { reason: episode ? 'no-relationship' : 'not-found' } });
      throw new NotFoundError();
    }
    return { episode, user };
  }

  /**
   * A change to an episode: access, then a transaction that locks the episode row, checks the version the user
   * saw, runs the change, and bumps the version. The caller audits inside `run`.
   */
  async change<T>(actor: Actor, episodeId: string, version: number, action: string, run: (trx: Trx, episode: NonNullable<Episode>, user: UserActor) => Promise<T>, permission: Permission = 'case.write'): Promise<T> {
    const { user } = await this.episodeFor(this.db, actor, episodeId, action, permission);
    return this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('caseEpisodes').selectAll().where('id', '=', episodeId).forUpdate().executeTakeFirstOrThrow();
      if (current.version !== version) throw new ConflictError('This case was changed by someone else while you were working on it. Reload it to see the changes, then try again.');
      const result = await run(trx, current, user);
      await trx.updateTable('caseEpisodes').set({ version: current.version + 1, updatedAt: this.clock.now() }).where('id', '=', episodeId).execute();
      return result;
    });
  }

  /** Refuses work on a closed episode or on a referral closed with no further action (CIN census). */
  assertOpenForWork(episode: { status: string; isNfa: boolean }, field: string): void {
    if (episode.isNfa) throw new ValidationError({ [field]: DQ.nothingAfterNfa });
    if (episode.status === 'closed') throw new ValidationError({ [field]: DQ.closedEpisode });
  }

  /** Refuses a date before the referral or after today, naming the field. */
  assertDay(episode: { referralOn: string }, day: string, field: string): void {
    if (day < episode.referralOn) throw new ValidationError({ [field]: DQ.beforeReferral });
    if (day > this.today()) throw new ValidationError({ [field]: DQ.inFuture });
  }

  // -- deadlines --------------------------------------------------------------------------------------------------

  /**
   * Opens the deadline of a step counted from a day, with the rule that set it; returns undefined when the
   * rulebook and the board set none. Any open deadline of the same step and subject is replaced (a later
   * strategy discussion moves the ICPC's deadline under WT2010).
   */
  async openDeadline(trx: Trx, episode: { id: string; laCode: string }, book: EffectiveRulebook, step: Step, subjectId: string | null, fromDay: string): Promise<{ dueOn: string; rule: AppliedRule } | undefined> {
    const d = deadline(book, step, fromDay);
    let q = trx.updateTable('caseDeadlines').set({ status: 'cancelled' }).where('episodeId', '=', episode.id).where('step', '=', step).where('status', '=', 'open');
    q = subjectId ? q.where('subjectId', '=', subjectId) : q.where('subjectId', 'is', null);
    await q.execute();
    if (!d) return undefined;
    await trx.insertInto('caseDeadlines').values({ episodeId: episode.id, laCode: episode.laCode, step, subjectId, dueOn: d.dueOn, rule: JSON.stringify(d.rule), status: 'open', doneOn: null, alertedAt: null }).execute();
    return d;
  }

  /** Marks a step's open deadline met (or missed, when done after its due day). */
  async completeDeadline(trx: Trx, episodeId: string, step: Step, subjectId: string | null, doneOn: string): Promise<void> {
    let q = trx.selectFrom('caseDeadlines').select(['id', 'dueOn']).where('episodeId', '=', episodeId).where('step', '=', step).where('status', '=', 'open');
    q = subjectId ? q.where('subjectId', '=', subjectId) : q;
    for (const d of await q.execute()) {
      await trx.updateTable('caseDeadlines').set({ status: doneOn <= d.dueOn ? 'met' : 'missed', doneOn }).where('id', '=', d.id).execute();
    }
  }

  /** Cancels open deadlines that no longer apply (the enquiry ended without a conference, the plan ended). */
  async cancelDeadlines(trx: Trx, episodeId: string, steps: Step[], subjectId?: string): Promise<void> {
    if (!steps.length) return;
    let q = trx.updateTable('caseDeadlines').set({ status: 'cancelled' }).where('episodeId', '=', episodeId).where('step', 'in', steps).where('status', '=', 'open');
    if (subjectId) q = q.where('subjectId', '=', subjectId);
    await q.execute();
  }

  // -- history ----------------------------------------------------------------------------------------------------

  /** One entry of the case's history (and of the child's merged chronology). Details are codes and ids, not text. */
  async event(trx: Trx, episode: { id: string; personId: string; laCode: string }, actor: UserActor | null, kind: string, occurredOn: string, subjectId: string | null, details: Record<string, unknown> = {}, isSignificant = false): Promise<void> {
    await trx
      .insertInto('caseEvents')
      .values({ episodeId: episode.id, personId: episode.personId, laCode: episode.laCode, kind, occurredOn, recordedAt: this.clock.now(), actorUserId: actor?.userId ?? null, subjectId, details: JSON.stringify(details), isSignificant })
      .execute();
  }
}
