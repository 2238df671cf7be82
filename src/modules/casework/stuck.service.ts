// Stuck cases: the hourly scan that applies each authority's stuck-case rules (stuck.rules.ts) to every child with
// casework or front-door contacts there and raises a flag that says why; the team manager's list of flags; and the
// board's rule settings. A flag leads to a multi-agency consultation (consultations.service.ts), or is dismissed
// with a reason.
//
// Who may see what: flags are for the authority's team managers (case.manage) only: a flag names a child and the
// pattern of work around them. The settings are for casework.configure in the user's own authority.
import type { Actor, UserActor } from '../../kernel/actor.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import { londonDateOf } from '../../platform/calendar/index.ts';
import { DEFAULT_RULEBOOK, type CaseworkContext, type Executor } from './casework.support.ts';
import type { StuckRuleSetting } from './casework.tables.ts';
import { configuredRules, evaluateAll, stuckRule, STUCK_RULES, type ConfiguredRule, type StuckFacts } from './stuck.rules.ts';

export type FlagStatus = 'open' | 'consulted' | 'dismissed' | 'resolved';
export const FLAG_STATUSES: readonly FlagStatus[] = ['open', 'consulted', 'dismissed', 'resolved'];

export interface ScanResult {
  authorities: number;
  children: number;
  /** New flags raised. */
  raised: number;
  /** Open flags whose reasons changed. */
  updated: number;
  /** Findings already flagged with the same reasons. */
  unchanged: number;
  /** Findings not raised again: a manager dismissed (or a consultation resolved) them after their latest fact. */
  suppressed: number;
}

export interface ChildName {
  forenames: string;
  surname: string;
  dateOfBirth: string | null;
}

/** "Amara Quellwood" or, when Safehub holds no name the authority may show, a neutral label. */
export function nameOf(child: ChildName | undefined): string {
  return child ? `${child.forenames} ${child.surname}` : 'Child (name not held by the authority)';
}

/**
 * The names the authority holds for these children: from the contact of the child's latest case episode; else the
 * child's latest contact at the authority's front door; else the latest record of the child held by one of the
 * authority's own agencies. Never another agency's record: an agency's records stay its own.
 */
export async function childNames(executor: Executor, laCode: string, personIds: readonly string[]): Promise<Map<string, ChildName>> {
  const names = new Map<string, ChildName>();
  const ids = [...new Set(personIds)];
  if (!ids.length) return names;
  const fromEpisodes = await executor
    .selectFrom('caseEpisodes as e')
    .innerJoin('contactPersons as p', (j) => j.onRef('p.contactId', '=', 'e.contactId').onRef('p.personId', '=', 'e.personId'))
    .select(['e.personId', 'p.forenames', 'p.surname', 'p.dateOfBirth'])
    .where('e.laCode', '=', laCode)
    .where('e.personId', 'in', ids)
    .orderBy('e.referralOn', 'desc')
    .orderBy('e.createdAt', 'desc')
    .execute();
  for (const r of fromEpisodes) if (!names.has(r.personId)) names.set(r.personId, r);
  let missing = ids.filter((id) => !names.has(id));
  if (missing.length) {
    const fromContacts = await executor
      .selectFrom('contactPersons as p')
      .innerJoin('contacts as c', 'c.id', 'p.contactId')
      .select(['p.personId', 'p.forenames', 'p.surname', 'p.dateOfBirth'])
      .where('c.laCode', '=', laCode)
      .where('p.personId', 'in', missing)
      .orderBy('c.receivedAt', 'desc')
      .execute();
    for (const r of fromContacts) if (!names.has(r.personId)) names.set(r.personId, r);
  }
  missing = ids.filter((id) => !names.has(id));
  if (missing.length) {
    const fromRecords = await executor
      .selectFrom('personLinks as l')
      .innerJoin('sourceRecords as r', 'r.id', 'l.sourceRecordId')
      .innerJoin('agencies as a', 'a.id', 'r.agencyId')
      .select(['l.personId', 'r.forenames', 'r.surname', 'r.dateOfBirth'])
      .where('l.personId', 'in', missing)
      .where('l.endedAt', 'is', null)
      .where('a.localAuthorityCode', '=', laCode)
      .orderBy('r.updatedAt', 'desc')
      .execute();
    for (const r of fromRecords) if (!names.has(r.personId)) names.set(r.personId, r);
  }
  return names;
}

/** The local authority a user works for, or null (only local-authority-scoped roles run casework). */
export function laOf(user: UserActor): string | null {
  return user.scopeKind === 'local-authority' ? user.scopeCode : null;
}

type FactsKey = string;
const keyOf = (laCode: string, personId: string): FactsKey => `${laCode}|${personId}`;

export class StuckCasesService {
  constructor(private readonly ctx: CaseworkContext) {}

  // -- the rules ----------------------------------------------------------------------------------------------------

  /** The authority's rules: its saved settings merged over the defaults, with the settings row's version (0 if none). */
  async rulesFor(executor: Executor, laCode: string): Promise<{ laCode: string; rules: ConfiguredRule[]; version: number }> {
    const settings = await this.ctx.settingsFor(executor, laCode);
    return { laCode, rules: configuredRules(settings.stuckRules), version: settings.version };
  }

  /** The rules of the user's own authority, for the settings page. */
  async settings(actor: Actor): Promise<{ laCode: string; rules: ConfiguredRule[]; version: number }> {
    const { la } = await this.configurer(actor);
    return this.rulesFor(this.ctx.db, la);
  }

  private async configurer(actor: Actor, laCode?: string): Promise<{ user: UserActor; la: string }> {
    await this.ctx.access.require(actor, 'casework.configure', { recordType: 'casework-settings' });
    const user = this.ctx.access.requireUser(actor);
    const la = laOf(user);
    if (!la || (laCode !== undefined && laCode !== la)) return this.ctx.access.deny(user, 'casework.stuck-rules.update', { recordType: 'casework-settings' }, 'out-of-scope');
    return { user, la };
  }

  /**
   * Saves the authority's stuck-case rules. The settings row is shared with the rulebook settings: a new row starts
   * on the seed rulebook with no overrides; an existing row has only its stuck rules changed. `version` is the
   * row's version as the user saw it (0 when there was no row).
   */
  async updateRules(actor: Actor, laCode: string, version: number, rules: StuckRuleSetting[]): Promise<void> {
    const { user } = await this.configurer(actor, laCode);
    const errors: Record<string, string> = {};
    const clean: StuckRuleSetting[] = [];
    for (const r of rules) {
      const rule = stuckRule(r.code);
      if (!rule) {
        errors._form = 'One of the rules is not known. Reload the page and try again.';
        continue;
      }
      const params: Record<string, number> = {};
      for (const p of rule.params) {
        const v = r.params[p.name];
        if (typeof v !== 'number' || !Number.isInteger(v) || v < p.min || v > p.max) errors[`${rule.code}-${p.name}`] = `${p.label} must be a whole number from ${p.min} to ${p.max}`;
        else params[p.name] = v;
      }
      clean.push({ code: rule.code, enabled: Boolean(r.enabled), params });
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('caseworkSettings').select(['version']).where('laCode', '=', laCode).forUpdate().executeTakeFirst();
      if ((current?.version ?? 0) !== version) throw new ConflictError('These rules were changed by someone else while you were working on them. Reload the page to see the changes, then try again.');
      if (current) {
        await trx.updateTable('caseworkSettings').set({ stuckRules: JSON.stringify(clean), updatedAt: now, updatedBy: user.userId, version: current.version + 1 }).where('laCode', '=', laCode).execute();
      } else {
        await trx.insertInto('caseworkSettings').values({ laCode, rulebook: DEFAULT_RULEBOOK, overrides: '[]', stuckRules: JSON.stringify(clean), updatedAt: now, updatedBy: user.userId }).execute();
      }
      await this.ctx.audit.record(trx, user, {
        action: 'casework.stuck-rules.update',
        recordType: 'casework-settings',
        details: { laCode, enabled: clean.filter((r) => r.enabled).map((r) => r.code), disabled: clean.filter((r) => !r.enabled).map((r) => r.code) },
      });
    });
  }

  // -- the scan -----------------------------------------------------------------------------------------------------

  /**
   * The scheduled job: every authority with casework or contacts, every child there, every enabled rule. New
   * findings become open flags (the partial unique index keeps one open or consulted flag per child, authority
   * and rule, so running twice raises nothing new); an open flag whose reasons changed gets the new reasons.
   */
  async scan(actor: Actor): Promise<ScanResult> {
    if (actor.kind !== 'system') await this.ctx.access.deny(actor, 'casework.stuck-scan', { recordType: 'stuck-case-flag' }, 'system-job-only');
    const today = this.ctx.today();
    const result: ScanResult = { authorities: 0, children: 0, raised: 0, updated: 0, unchanged: 0, suppressed: 0 };
    await this.ctx.db.transaction().execute(async (trx) => {
      const facts = await this.facts(trx, today);
      const las = [...new Set([...facts.keys()].map((k) => k.split('|')[0]!))].sort();
      result.authorities = las.length;
      result.children = facts.size;
      if (!las.length) return;
      const settingsRows = await trx.selectFrom('caseworkSettings').select(['laCode', 'stuckRules']).where('laCode', 'in', las).execute();
      const rulesByLa = new Map(las.map((la) => [la, configuredRules(settingsRows.find((s) => s.laCode === la)?.stuckRules ?? [])]));
      const flags = await trx.selectFrom('stuckCaseFlags').select(['id', 'personId', 'laCode', 'rule', 'reasons', 'status', 'updatedAt', 'version']).where('laCode', 'in', las).execute();
      const live = new Map<string, (typeof flags)[number]>();
      const closedOn = new Map<string, string>();
      for (const f of flags) {
        const key = `${f.laCode}|${f.personId}|${f.rule}`;
        if (f.status === 'open' || f.status === 'consulted') live.set(key, f);
        else {
          const day = londonDateOf(new Date(f.updatedAt));
          if ((closedOn.get(key) ?? '') < day) closedOn.set(key, day);
        }
      }
      const now = this.ctx.clock.now();
      const inserts: { personId: string; laCode: string; rule: string; reasons: string; raisedAt: Date; status: 'open'; updatedAt: Date }[] = [];
      for (const [key, childFacts] of facts) {
        const [la, personId] = key.split('|') as [string, string];
        for (const { code, finding } of evaluateAll(rulesByLa.get(la)!, childFacts, today)) {
          const flagKey = `${la}|${personId}|${code}`;
          const existing = live.get(flagKey);
          if (existing) {
            if (existing.status === 'open' && JSON.stringify(existing.reasons) !== JSON.stringify(finding.reasons)) {
              await trx.updateTable('stuckCaseFlags').set({ reasons: JSON.stringify(finding.reasons), updatedAt: now, version: existing.version + 1 }).where('id', '=', existing.id).execute();
              result.updated++;
            } else result.unchanged++;
            continue;
          }
          const closed = closedOn.get(flagKey);
          if (closed && closed >= finding.evidenceOn) {
            result.suppressed++;
            continue;
          }
          inserts.push({ personId, laCode: la, rule: code, reasons: JSON.stringify(finding.reasons), raisedAt: now, status: 'open', updatedAt: now });
        }
      }
      for (let i = 0; i < inserts.length; i += 500) {
        const written = await trx
          .insertInto('stuckCaseFlags')
          .values(inserts.slice(i, i + 500))
          .onConflict((oc) => oc.columns(['personId', 'laCode', 'rule']).where('status', 'in', ['open', 'consulted']).doNothing())
          .returning('id')
          .execute();
        result.raised += written.length;
      }
      await this.ctx.audit.record(trx, actor, {
        action: 'casework.stuck-scan',
        recordType: 'stuck-case-flag',
        details: { today, authorities: result.authorities, children: result.children, raised: result.raised, updated: result.updated, unchanged: result.unchanged, suppressed: result.suppressed },
      });
    });
    return result;
  }

  /** The facts of every child with casework or contacts, by authority and child, in three reads. */
  private async facts(executor: Executor, today: string): Promise<Map<FactsKey, StuckFacts>> {
    const out = new Map<FactsKey, StuckFacts>();
    const of = (la: string, personId: string) => {
      const key = keyOf(la, personId);
      let f = out.get(key);
      if (!f) out.set(key, (f = { cpPlans: [], s47Enquiries: [], contacts: [] }));
      return f;
    };
    const plans = await executor.selectFrom('cpPlans as p').innerJoin('caseEpisodes as e', 'e.id', 'p.episodeId').select(['e.laCode', 'p.personId', 'p.startOn', 'p.endOn']).execute();
    for (const p of plans) of(p.laCode, p.personId).cpPlans.push({ startOn: p.startOn, endOn: p.endOn });
    const enquiries = await executor.selectFrom('s47Enquiries as s').innerJoin('caseEpisodes as e', 'e.id', 's.episodeId').select(['e.laCode', 'e.personId', 's.startedOn']).execute();
    for (const s of enquiries) of(s.laCode, s.personId).s47Enquiries.push({ startedOn: s.startedOn });
    // Contacts older than the longest window a rule may be given (36 months) cannot count.
    const maxMonths = Math.max(...STUCK_RULES.flatMap((r) => r.params.filter((p) => p.name === 'months').map((p) => p.max)));
    const since = new Date(`${today}T00:00:00Z`);
    since.setUTCMonth(since.getUTCMonth() - maxMonths - 1);
    const contacts = await executor
      .selectFrom('contactPersons as p')
      .innerJoin('contacts as c', 'c.id', 'p.contactId')
      .select(['c.laCode', 'p.personId', 'c.receivedAt', 'c.status', 'c.outcome'])
      .where('p.role', '=', 'child')
      .where('c.receivedAt', '>=', since)
      .execute();
    for (const c of contacts) of(c.laCode, c.personId).contacts.push({ receivedOn: londonDateOf(new Date(c.receivedAt)), status: c.status, outcome: c.outcome });
    return out;
  }

  // -- the manager's list -------------------------------------------------------------------------------------------

  private async manager(actor: Actor, action: string): Promise<{ user: UserActor; la: string }> {
    await this.ctx.access.require(actor, 'case.manage', { recordType: 'stuck-case-flag' });
    const user = this.ctx.access.requireUser(actor);
    const la = laOf(user);
    if (!la) return this.ctx.access.deny(user, action, { recordType: 'stuck-case-flag' }, 'out-of-scope');
    return { user, la };
  }

  /** The authority's flags (open and consulted unless a status is asked for), with the child's name. Audited. */
  async flags(actor: Actor, filters: { status?: FlagStatus } = {}) {
    const { user, la } = await this.manager(actor, 'stuck-case-flag.list');
    const statuses: FlagStatus[] = filters.status ? [filters.status] : ['open', 'consulted'];
    return this.ctx.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('stuckCaseFlags')
        .select(['id', 'personId', 'rule', 'reasons', 'raisedAt', 'status', 'dismissedReason', 'updatedAt', 'version'])
        .where('laCode', '=', la)
        .where('status', 'in', statuses)
        .orderBy('raisedAt', 'desc')
        .orderBy('id')
        .limit(500)
        .execute();
      const names = await childNames(trx, la, rows.map((r) => r.personId));
      const consultations = rows.length
        ? await trx.selectFrom('consultations').select(['id', 'flagId', 'status']).where('flagId', 'in', rows.map((r) => r.id)).orderBy('createdAt', 'desc').execute()
        : [];
      await this.ctx.audit.record(trx, user, { action: 'stuck-case-flag.list', recordType: 'stuck-case-flag', purpose: 'safeguarding', fields: ['child', 'rule', 'reasons'], details: { laCode: la, flagIds: rows.map((r) => r.id) } });
      return rows.map((r) => ({
        ...r,
        ruleTitle: stuckRule(r.rule)?.title ?? r.rule,
        childName: nameOf(names.get(r.personId)),
        dateOfBirth: names.get(r.personId)?.dateOfBirth ?? null,
        consultations: consultations.filter((c) => c.flagId === r.id).map((c) => ({ id: c.id, status: c.status })),
      }));
    });
  }

  /** One flag of the manager's authority, or NotFoundError (audited). Read inside the caller's transaction. */
  async flagFor(executor: Executor, user: UserActor, flagId: string, action: string) {
    const la = laOf(user);
    const flag = isUuid(flagId) ? await executor.selectFrom('stuckCaseFlags').selectAll().where('id', '=', flagId).executeTakeFirst() : undefined;
    if (!flag || flag.laCode !== la || !this.ctx.access.can(user, 'case.manage')) {
      await this.ctx.audit.record(this.ctx.db, user, { action, recordType: 'stuck-case-flag', recordId: isUuid(flagId) ? flagId : undefined, outcome: 'denied', details: { reason: flag ? 'out-of-scope' : 'not-found' } });
      throw new NotFoundError();
    }
    return flag;
  }

  /** Dismisses an open (or consulted) flag with the manager's reason. The reason is kept on the flag, not in the audit. */
  async dismiss(actor: Actor, flagId: string, version: number, input: { reason: string }): Promise<void> {
    const { user } = await this.manager(actor, 'stuck-case-flag.dismiss');
    await this.flagFor(this.ctx.db, user, flagId, 'stuck-case-flag.dismiss');
    const reason = input.reason?.trim() ?? '';
    if (!reason) throw new ValidationError({ reason: 'Enter why this flag is being dismissed' });
    if (reason.length > 2000) throw new ValidationError({ reason: 'The reason must be 2000 characters or fewer' });
    await this.ctx.db.transaction().execute(async (trx) => {
      const flag = await trx.selectFrom('stuckCaseFlags').selectAll().where('id', '=', flagId).forUpdate().executeTakeFirstOrThrow();
      if (flag.version !== version) throw new ConflictError('This flag was changed by someone else while you were looking at it. Reload the page to see the changes, then try again.');
      if (flag.status !== 'open' && flag.status !== 'consulted') throw new ValidationError({ reason: 'This flag is already closed' });
      await trx.updateTable('stuckCaseFlags').set({ status: 'dismissed', dismissedReason: reason, updatedAt: this.ctx.clock.now(), version: flag.version + 1 }).where('id', '=', flagId).execute();
      await this.ctx.audit.record(trx, user, { action: 'stuck-case-flag.dismiss', recordType: 'stuck-case-flag', recordId: flagId, details: { rule: flag.rule, from: flag.status } });
    });
  }

  /** For the scheduler: the job to register (the composition root owns the registration). */
  static readonly JOB = { name: 'casework.scan-stuck', everySeconds: 3600 } as const;
}
