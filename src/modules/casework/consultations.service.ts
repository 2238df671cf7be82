// Multi-agency consultations on stuck cases: a request (from the case, from a partner's own contact, or from a
// stuck-case flag), a panel with the agencies invited, the record of the panel (attendance, discussion,
// recommendations, actions with owners and due dates), the owners' updates to their actions, and a follow-up
// review that asks whether the case moved. Recommendations need an owner, a due date, a status and a later check
// of whether the change stuck (NSPCC guide to auditing review recommendations; statutory-rules.md section 8).
//
// Who may see what (need-to-know, DESIGN section 5):
// - the authority's team managers (case.manage) see and run every consultation of the authority;
// - a caseworker who can see the child's case (allocated worker, team member) sees everything, and runs nothing;
// - a user of an INVITED agency sees the consultation (reason, panel date, attendance, recommendations, actions),
//   not the discussion record, the follow-up notes or any other casework; they update their own agency's actions;
// - the partner who asked sees the status and the recommendations of their own request.
// Everyone else gets 404. One audit event per read or write, with ids, codes and counts, never text.
import { randomUUID } from 'node:crypto';
import type { Actor, UserActor } from '../../kernel/actor.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import { londonDateOf } from '../../platform/calendar/index.ts';
import type { CaseworkContext, Executor, Trx } from './casework.support.ts';
import { longDate, stuckRule } from './stuck.rules.ts';
import { childNames, laOf, nameOf, StuckCasesService, type ChildName } from './stuck.service.ts';

export type ConsultationStatus = 'requested' | 'scheduled' | 'held' | 'reviewed' | 'withdrawn';
export const CONSULTATION_STATUSES: readonly ConsultationStatus[] = ['requested', 'scheduled', 'held', 'reviewed', 'withdrawn'];
export type ActionStatus = 'open' | 'done' | 'dropped';

/** How a viewer may see a consultation. */
export type ConsultationAccess = 'manager' | 'case' | 'agency' | 'requester';

export type RequestSource = { episodeId: string } | { contactId: string } | { flagId: string };
export type RequestInput = { reason: string } & ({ episodeId: string } | { contactId: string; contactPersonId: string } | { flagId: string });

export interface ScheduleInput {
  panelOn: string;
  agencies: string[];
}

export interface PanelInput {
  attendance: { agencyId: string; attended: boolean; representative: string | null }[];
  discussion: string;
  recommendations: string;
  actions: { description: string; ownerAgencyId: string | null; ownerName: string; dueOn: string }[];
  followUpOn: string;
}

export interface ActionUpdateInput {
  status: ActionStatus;
  completedOn: string | null;
  notes: string | null;
}

export interface FollowUpInput {
  caseMoved: boolean;
  notes: string | null;
}

const HUB_ROLES = new Set(['hub-practitioner', 'hub-manager']);
/** Partner agency types a panel may invite (the authority's own children's social care hosts the panel). */
const PARTNER_TYPES = ['police', 'health', 'education', 'probation', 'adult-mental-health', 'substance-misuse', 'housing', 'domestic-abuse-services', 'voluntary-sector'];
const CONFLICT = 'This consultation was changed by someone else while you were working on it. Reload it to see the changes, then try again.';

type ConsultationRow = NonNullable<Awaited<ReturnType<ConsultationsService['row']>>>;

function assertText(errors: FieldErrors, field: string, value: string | null | undefined, required: string | null, max: number, what: string): void {
  const v = value?.trim() ?? '';
  if (!v && required) errors[field] = required;
  else if (v.length > max) errors[field] = `${what} must be ${max} characters or fewer`;
}

export class ConsultationsService {
  private readonly stuck: StuckCasesService;

  constructor(private readonly ctx: CaseworkContext) {
    this.stuck = new StuckCasesService(ctx);
  }

  // -- reference data -----------------------------------------------------------------------------------------------

  /** Partner agencies a panel of the authority may invite: the authority's own and London-wide ones. */
  async invitableAgencies(executor: Executor, laCode: string) {
    return executor
      .selectFrom('agencies')
      .select(['id', 'name', 'typeCode'])
      .where((eb) => eb.or([eb('localAuthorityCode', '=', laCode), eb('localAuthorityCode', 'is', null)]))
      .where('typeCode', 'in', PARTNER_TYPES)
      .orderBy('name')
      .execute();
  }

  /** The authority's children's social care (the panel's host), which may own actions. */
  private async hostAgency(executor: Executor, laCode: string) {
    return executor.selectFrom('agencies').select(['id', 'name']).where('typeCode', '=', 'childrens-social-care').where('localAuthorityCode', '=', laCode).executeTakeFirst();
  }

  // -- who may see what ---------------------------------------------------------------------------------------------

  private async row(executor: Executor, id: string, forUpdate = false) {
    if (!isUuid(id)) return undefined;
    let q = executor.selectFrom('consultations').selectAll().where('id', '=', id);
    if (forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  /** The viewer's access to a consultation, or null (default deny). */
  async accessTo(executor: Executor, user: UserActor, c: { id: string; laCode: string; personId: string; requestedBy: string | null }): Promise<ConsultationAccess | null> {
    const la = laOf(user);
    if (la === c.laCode && this.ctx.access.can(user, 'case.manage')) return 'manager';
    if (la === c.laCode && this.ctx.access.can(user, 'case.read')) {
      const episodes = await executor.selectFrom('caseEpisodes').select(['laCode', 'workerUserId', 'teamId']).where('personId', '=', c.personId).where('laCode', '=', c.laCode).execute();
      if (episodes.some((e) => this.ctx.canSee(user, e))) return 'case';
    }
    if (this.ctx.access.can(user, 'consultation.request')) {
      const invited = await executor.selectFrom('consultationAgencies').select('agencyId').where('consultationId', '=', c.id).where('agencyId', '=', user.agencyId).executeTakeFirst();
      if (invited) return 'agency';
    }
    if (c.requestedBy === user.userId && this.ctx.access.can(user, 'consultation.request')) return 'requester';
    return null;
  }

  private async refuse(actor: Actor, action: string, recordType: string, id: string, reason: string): Promise<never> {
    await this.ctx.audit.record(this.ctx.db, actor, { action, recordType, recordId: isUuid(id) ? id : undefined, outcome: 'denied', details: { reason } });
    throw new NotFoundError();
  }

  /** The consultation and the viewer's access, or 404 (audited). */
  private async load(actor: Actor, id: string, action: string): Promise<{ user: UserActor; c: ConsultationRow; level: ConsultationAccess }> {
    await this.ctx.access.require(actor, 'consultation.request', { recordType: 'consultation', recordId: isUuid(id) ? id : undefined });
    const user = this.ctx.access.requireUser(actor);
    const c = await this.row(this.ctx.db, id);
    const level = c ? await this.accessTo(this.ctx.db, user, c) : null;
    if (!c || !level) return this.refuse(user, action, 'consultation', id, c ? 'no-relationship' : 'not-found');
    return { user, c, level };
  }

  /** For the panel's running: the authority's team manager (consultation.manage), else 404 (audited). */
  private async managed(actor: Actor, id: string, action: string) {
    await this.ctx.access.require(actor, 'consultation.manage', { recordType: 'consultation', recordId: isUuid(id) ? id : undefined });
    const loaded = await this.load(actor, id, action);
    if (loaded.level !== 'manager') return this.refuse(loaded.user, action, 'consultation', id, 'not-manager');
    return loaded;
  }

  /** A versioned change: locks the row, checks the version the user saw, runs, bumps the version. */
  private async change<T>(id: string, version: number, run: (trx: Trx, c: ConsultationRow) => Promise<T>): Promise<T> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const c = (await this.row(trx, id, true))!;
      if (c.version !== version) throw new ConflictError(CONFLICT);
      const result = await run(trx, c);
      await trx.updateTable('consultations').set({ version: c.version + 1, updatedAt: this.ctx.clock.now() }).where('id', '=', id).execute();
      return result;
    });
  }

  // -- asking for a consultation ------------------------------------------------------------------------------------

  /**
   * Where a request starts, checked: a case the user can see, one of the partner's own contacts (or, for hub
   * staff, a contact of their authority), or a stuck-case flag of the manager's authority.
   */
  private async source(executor: Executor, actor: Actor, source: RequestSource, action: string) {
    await this.ctx.access.require(actor, 'consultation.request', { recordType: 'consultation' });
    const user = this.ctx.access.requireUser(actor);
    if ('episodeId' in source) {
      const { episode } = await this.ctx.episodeFor(executor, actor, source.episodeId, action, 'consultation.request');
      return { user, kind: 'episode' as const, laCode: episode.laCode, children: [{ id: episode.personId, personId: episode.personId }], flag: null, episodeId: episode.id, contactId: null };
    }
    if ('flagId' in source) {
      await this.ctx.access.require(actor, 'case.manage', { recordType: 'stuck-case-flag', recordId: isUuid(source.flagId) ? source.flagId : undefined });
      const flag = await this.stuck.flagFor(executor, user, source.flagId, action);
      return { user, kind: 'flag' as const, laCode: flag.laCode, children: [{ id: flag.personId, personId: flag.personId }], flag, episodeId: null, contactId: null };
    }
    const contact = isUuid(source.contactId) ? await executor.selectFrom('contacts').select(['id', 'laCode', 'reference', 'referrerUserId']).where('id', '=', source.contactId).executeTakeFirst() : undefined;
    const isHub = user.role !== null && HUB_ROLES.has(user.role) && laOf(user) === contact?.laCode;
    if (!contact || !(isHub || contact.referrerUserId === user.userId)) return this.refuse(user, action, 'contact', source.contactId, contact ? 'not-own-contact' : 'not-found');
    const children = await executor.selectFrom('contactPersons').select(['id', 'personId', 'forenames', 'surname', 'dateOfBirth']).where('contactId', '=', contact.id).where('role', '=', 'child').orderBy('position').execute();
    return { user, kind: 'contact' as const, laCode: contact.laCode, children, flag: null, episodeId: null, contactId: contact.id, reference: contact.reference };
  }

  /** What the request page shows: the child (or, for a contact, the children it names) and the flag's reasons. Audited. */
  async requestContext(actor: Actor, source: RequestSource) {
    const s = await this.source(this.ctx.db, actor, source, 'consultation.request-form.read');
    return this.ctx.db.transaction().execute(async (trx) => {
      let children: { id: string; name: string; dateOfBirth: string | null }[];
      if (s.kind === 'contact') {
        // The names the partner (or the hub) wrote on the contact.
        children = (s.children as { id: string; forenames: string; surname: string; dateOfBirth: string | null }[]).map((c) => ({ id: c.id, name: `${c.forenames} ${c.surname}`, dateOfBirth: c.dateOfBirth }));
      } else {
        const names = await childNames(trx, s.laCode, [s.children[0]!.personId]);
        const child = names.get(s.children[0]!.personId);
        children = [{ id: s.children[0]!.personId, name: nameOf(child), dateOfBirth: child?.dateOfBirth ?? null }];
      }
      await this.ctx.audit.record(trx, s.user, {
        action: 'consultation.request-form.read',
        recordType: s.kind === 'contact' ? 'contact' : s.kind === 'flag' ? 'stuck-case-flag' : 'case-episode',
        recordId: s.contactId ?? s.flag?.id ?? s.episodeId ?? undefined,
        purpose: 'safeguarding',
        fields: ['child'],
      });
      return {
        kind: s.kind,
        reference: 'reference' in s ? s.reference : null,
        children,
        flag: s.flag ? { id: s.flag.id, status: s.flag.status, ruleTitle: stuckRule(s.flag.rule)?.title ?? s.flag.rule, reasons: s.flag.reasons } : null,
      };
    });
  }

  /** Asks for a consultation. Status 'requested'; a flag it starts from becomes 'consulted'. */
  async request(actor: Actor, input: RequestInput): Promise<{ id: string }> {
    const source: RequestSource = 'episodeId' in input ? { episodeId: input.episodeId } : 'flagId' in input ? { flagId: input.flagId } : { contactId: input.contactId };
    const s = await this.source(this.ctx.db, actor, source, 'consultation.request');
    const errors: FieldErrors = {};
    assertText(errors, 'reason', input.reason, 'Enter why a consultation is needed', 4000, 'The reason');
    let personId = s.children[0]?.personId;
    if (s.kind === 'contact') {
      const chosen = 'contactPersonId' in input ? s.children.find((c) => c.id === input.contactPersonId) : undefined;
      if (!chosen) errors.contactPersonId = 'Select the child the consultation is about';
      personId = chosen?.personId;
    }
    if (s.flag && s.flag.status !== 'open' && s.flag.status !== 'consulted') errors._form = 'This flag has been closed. A consultation can be asked for from an open flag.';
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const id = randomUUID();
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      if (s.flag) {
        const flag = await trx.selectFrom('stuckCaseFlags').select(['status', 'version']).where('id', '=', s.flag.id).forUpdate().executeTakeFirstOrThrow();
        if (flag.status !== 'open' && flag.status !== 'consulted') throw new ConflictError('This flag was closed by someone else while you were working on it. Reload the list of stuck cases.');
        await trx.updateTable('stuckCaseFlags').set({ status: 'consulted', updatedAt: now, version: flag.version + 1 }).where('id', '=', s.flag.id).execute();
      }
      await trx
        .insertInto('consultations')
        .values({ id, personId: personId!, laCode: s.laCode, flagId: s.flag?.id ?? null, requestedBy: s.user.userId, requestedAgencyId: s.user.agencyId, reason: input.reason.trim(), panelOn: null, status: 'requested', discussion: null, recommendations: null, followUpOn: null, caseMoved: null, followUpNotes: null, createdAt: now, createdBy: s.user.userId, updatedAt: now })
        .execute();
      await this.ctx.audit.record(trx, s.user, {
        action: 'consultation.request',
        recordType: 'consultation',
        recordId: id,
        purpose: 'safeguarding',
        fields: ['reason', 'child'],
        details: { from: s.kind, laCode: s.laCode, episodeId: s.episodeId, contactId: s.contactId, flagId: s.flag?.id ?? null },
      });
    });
    return { id };
  }

  // -- the panel ----------------------------------------------------------------------------------------------------

  /** Sets (or moves) the panel date and the agencies invited. */
  async schedule(actor: Actor, id: string, version: number, input: ScheduleInput): Promise<void> {
    const { user, c } = await this.managed(actor, id, 'consultation.schedule');
    const allowed = new Set((await this.invitableAgencies(this.ctx.db, c.laCode)).map((a) => a.id));
    const agencies = [...new Set(input.agencies)];
    const errors: FieldErrors = {};
    const requestedOn = londonDateOf(new Date(c.createdAt));
    if (!input.panelOn) errors.panelOn = 'Enter the date of the panel';
    else if (input.panelOn < requestedOn) errors.panelOn = `The panel date must be on or after the day the consultation was asked for (${longDate(requestedOn)})`;
    if (!agencies.length) errors.agencies = 'Select the agencies to invite';
    else if (agencies.some((a) => !allowed.has(a))) errors.agencies = 'Select agencies from the list';
    if (c.status !== 'requested' && c.status !== 'scheduled') errors._form = 'This panel has been held: its date and agencies can no longer change';
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const now = this.ctx.clock.now();
    await this.change(id, version, async (trx, current) => {
      if (current.status !== 'requested' && current.status !== 'scheduled') throw new ConflictError(CONFLICT);
      await trx.updateTable('consultations').set({ panelOn: input.panelOn, status: 'scheduled' }).where('id', '=', id).execute();
      await trx.deleteFrom('consultationAgencies').where('consultationId', '=', id).where('agencyId', 'not in', agencies).execute();
      await trx
        .insertInto('consultationAgencies')
        .values(agencies.map((agencyId) => ({ consultationId: id, agencyId, invitedAt: now, attended: null, representative: null })))
        .onConflict((oc) => oc.columns(['consultationId', 'agencyId']).doNothing())
        .execute();
      await this.ctx.audit.record(trx, user, { action: 'consultation.schedule', recordType: 'consultation', recordId: id, details: { panelOn: input.panelOn, agencyIds: agencies } });
    });
  }

  /** Records the panel: who attended, the discussion, the recommendations, the actions, and when to follow up. */
  async recordPanel(actor: Actor, id: string, version: number, input: PanelInput): Promise<void> {
    const { user, c } = await this.managed(actor, id, 'consultation.record-panel');
    const invited = await this.ctx.db.selectFrom('consultationAgencies').select('agencyId').where('consultationId', '=', id).execute();
    const invitedIds = new Set(invited.map((i) => i.agencyId));
    const host = await this.hostAgency(this.ctx.db, c.laCode);
    const owners = new Set([...invitedIds, ...(host ? [host.id] : [])]);
    const today = this.ctx.today();
    const errors: FieldErrors = {};
    if (c.status !== 'scheduled') errors._form = c.status === 'requested' ? 'Set the panel date and invite the agencies first' : 'This panel has already been recorded';
    else if (c.panelOn && c.panelOn > today) errors._form = `The panel is on ${longDate(c.panelOn)}. Record it on or after that day`;
    for (const agencyId of invitedIds) {
      const a = input.attendance.find((x) => x.agencyId === agencyId);
      if (!a) errors[`attended-${agencyId}`] = 'Say whether the agency attended';
      else if (a.attended) assertText(errors, `representative-${agencyId}`, a.representative, 'Enter who attended for the agency', 200, 'The name');
    }
    assertText(errors, 'discussion', input.discussion, 'Enter a record of the discussion', 20000, 'The discussion record');
    assertText(errors, 'recommendations', input.recommendations, 'Enter the panel’s recommendations', 10000, 'The recommendations');
    input.actions.forEach((a, i) => {
      const n = i + 1;
      assertText(errors, `action-${n}-description`, a.description, `Enter what action ${n} is`, 2000, 'The action');
      assertText(errors, `action-${n}-ownerName`, a.ownerName, `Enter who owns action ${n}`, 200, 'The owner');
      if (a.ownerAgencyId !== null && !owners.has(a.ownerAgencyId)) errors[`action-${n}-ownerAgencyId`] = 'Select an agency invited to the panel';
      if (!a.dueOn) errors[`action-${n}-dueOn`] = `Enter when action ${n} is due`;
      else if (c.panelOn && a.dueOn < c.panelOn) errors[`action-${n}-dueOn`] = `Action ${n} cannot be due before the panel`;
    });
    if (!input.followUpOn) errors.followUpOn = 'Enter the date of the follow-up review';
    else if (c.panelOn && input.followUpOn <= c.panelOn) errors.followUpOn = 'The follow-up review must be after the panel';
    if (Object.keys(errors).length) throw new ValidationError(errors);
    await this.change(id, version, async (trx, current) => {
      if (current.status !== 'scheduled') throw new ConflictError(CONFLICT);
      await trx.updateTable('consultations').set({ discussion: input.discussion.trim(), recommendations: input.recommendations.trim(), followUpOn: input.followUpOn, status: 'held' }).where('id', '=', id).execute();
      for (const a of input.attendance) {
        if (!invitedIds.has(a.agencyId)) continue;
        await trx.updateTable('consultationAgencies').set({ attended: a.attended, representative: a.attended ? a.representative?.trim() || null : null }).where('consultationId', '=', id).where('agencyId', '=', a.agencyId).execute();
      }
      if (input.actions.length) {
        await trx
          .insertInto('consultationActions')
          .values(input.actions.map((a) => ({ consultationId: id, description: a.description.trim(), ownerAgencyId: a.ownerAgencyId, ownerName: a.ownerName.trim(), dueOn: a.dueOn, status: 'open' as const, completedOn: null, notes: null, createdAt: this.ctx.clock.now(), createdBy: user.userId, updatedAt: this.ctx.clock.now() })))
          .execute();
      }
      await this.ctx.audit.record(trx, user, {
        action: 'consultation.record-panel',
        recordType: 'consultation',
        recordId: id,
        purpose: 'safeguarding',
        fields: ['attendance', 'discussion', 'recommendations', 'actions', 'followUpOn'],
        details: { attended: input.attendance.filter((a) => a.attended && invitedIds.has(a.agencyId)).length, invited: invitedIds.size, actions: input.actions.length },
      });
    });
  }

  /** An action's progress: by the authority's team manager, or by a user of the agency that owns the action. */
  async updateAction(actor: Actor, actionId: string, version: number, input: ActionUpdateInput): Promise<{ consultationId: string }> {
    await this.ctx.access.require(actor, 'consultation.request', { recordType: 'consultation-action', recordId: isUuid(actionId) ? actionId : undefined });
    const user = this.ctx.access.requireUser(actor);
    const action = isUuid(actionId) ? await this.ctx.db.selectFrom('consultationActions').selectAll().where('id', '=', actionId).executeTakeFirst() : undefined;
    const c = action ? await this.row(this.ctx.db, action.consultationId) : undefined;
    const level = c ? await this.accessTo(this.ctx.db, user, c) : null;
    const canUpdate = level === 'manager' || ((level === 'case' || level === 'agency') && action?.ownerAgencyId === user.agencyId);
    if (!action || !c || !canUpdate) return this.refuse(user, 'consultation.action.update', 'consultation-action', actionId, action ? 'not-owner' : 'not-found');
    const errors: FieldErrors = {};
    let completedOn: string | null = null;
    if (input.status === 'done') {
      if (!input.completedOn) errors.completedOn = 'Enter the date the action was completed';
      else if (input.completedOn > this.ctx.today()) errors.completedOn = 'The date the action was completed cannot be in the future';
      else if (c.panelOn && input.completedOn < c.panelOn) errors.completedOn = 'The date the action was completed cannot be before the panel';
      completedOn = input.completedOn;
    }
    if (input.status === 'dropped' && !input.notes?.trim()) errors.notes = 'Say why the action was dropped';
    assertText(errors, 'notes', input.notes, null, 4000, 'The notes');
    if (c.status !== 'held' && c.status !== 'reviewed') errors._form = 'This consultation has no panel record yet';
    if (Object.keys(errors).length) throw new ValidationError(errors);
    await this.ctx.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('consultationActions').select(['version', 'status']).where('id', '=', actionId).forUpdate().executeTakeFirstOrThrow();
      if (current.version !== version) throw new ConflictError('This action was changed by someone else while you were working on it. Reload the page to see the changes, then try again.');
      await trx.updateTable('consultationActions').set({ status: input.status, completedOn, notes: input.notes?.trim() || null, updatedAt: this.ctx.clock.now(), version: current.version + 1 }).where('id', '=', actionId).execute();
      await this.ctx.audit.record(trx, user, { action: 'consultation.action.update', recordType: 'consultation-action', recordId: actionId, details: { consultationId: c.id, from: current.status, to: input.status, access: level } });
    });
    return { consultationId: c.id };
  }

  /**
   * The follow-up review: did the case move? If it did, the stuck-case flag (if any) is resolved; if not, the flag
   * stays 'consulted' for the manager to decide what next.
   */
  async recordFollowUp(actor: Actor, id: string, version: number, input: FollowUpInput): Promise<{ flagResolved: boolean; flagStillConsulted: boolean }> {
    const { user, c } = await this.managed(actor, id, 'consultation.follow-up');
    const errors: FieldErrors = {};
    if (typeof input.caseMoved !== 'boolean') errors.caseMoved = 'Say whether the case has moved on';
    assertText(errors, 'notes', input.notes, null, 10000, 'The notes');
    if (c.status !== 'held') errors._form = c.status === 'reviewed' ? 'The follow-up review has already been recorded' : 'Record the panel before its follow-up review';
    if (Object.keys(errors).length) throw new ValidationError(errors);
    return this.change(id, version, async (trx, current) => {
      if (current.status !== 'held') throw new ConflictError(CONFLICT);
      await trx.updateTable('consultations').set({ caseMoved: input.caseMoved, followUpNotes: input.notes?.trim() || null, status: 'reviewed' }).where('id', '=', id).execute();
      let flagResolved = false;
      let flagStillConsulted = false;
      if (current.flagId) {
        const flag = await trx.selectFrom('stuckCaseFlags').select(['status', 'version']).where('id', '=', current.flagId).forUpdate().executeTakeFirstOrThrow();
        if (input.caseMoved && (flag.status === 'open' || flag.status === 'consulted')) {
          await trx.updateTable('stuckCaseFlags').set({ status: 'resolved', updatedAt: this.ctx.clock.now(), version: flag.version + 1 }).where('id', '=', current.flagId).execute();
          flagResolved = true;
        } else flagStillConsulted = flag.status === 'consulted';
      }
      await this.ctx.audit.record(trx, user, { action: 'consultation.follow-up', recordType: 'consultation', recordId: id, fields: ['caseMoved', 'followUpNotes'], details: { caseMoved: input.caseMoved, flagId: current.flagId, flagResolved } });
      return { flagResolved, flagStillConsulted };
    });
  }

  // -- reading ------------------------------------------------------------------------------------------------------

  /** The name the viewer may see: the authority's, or for the partner who asked, the one on their own contact. */
  private async nameFor(executor: Executor, user: UserActor, c: ConsultationRow, level: ConsultationAccess): Promise<ChildName | undefined> {
    if (level !== 'requester') return (await childNames(executor, c.laCode, [c.personId])).get(c.personId);
    return executor
      .selectFrom('contactPersons as p')
      .innerJoin('contacts as k', 'k.id', 'p.contactId')
      .select(['p.forenames', 'p.surname', 'p.dateOfBirth'])
      .where('p.personId', '=', c.personId)
      .where('k.referrerUserId', '=', user.userId)
      .orderBy('k.receivedAt', 'desc')
      .executeTakeFirst();
  }

  /** One consultation as the viewer may see it. Audited. */
  async view(actor: Actor, id: string) {
    const { user, c, level } = await this.load(actor, id, 'consultation.read');
    const today = this.ctx.today();
    return this.ctx.db.transaction().execute(async (trx) => {
      const child = await this.nameFor(trx, user, c, level);
      const base = {
        level,
        childName: nameOf(child),
        dateOfBirth: child?.dateOfBirth ?? null,
        consultation: {
          id: c.id,
          status: c.status,
          requestedOn: londonDateOf(new Date(c.createdAt)),
          recommendations: c.status === 'held' || c.status === 'reviewed' ? c.recommendations : null,
          version: c.version,
        },
      };
      if (level === 'requester') {
        await this.ctx.audit.record(trx, user, { action: 'consultation.read', recordType: 'consultation', recordId: c.id, purpose: 'requester-feedback', fields: ['status', 'recommendations'], details: { access: level } });
        return { ...base, full: null, agencies: [], actions: [], flag: null, requestedBy: null, can: { schedule: false, recordPanel: false, followUp: false } };
      }
      const agencies = await trx
        .selectFrom('consultationAgencies as ca')
        .innerJoin('agencies as a', 'a.id', 'ca.agencyId')
        .select(['ca.agencyId', 'a.name', 'ca.invitedAt', 'ca.attended', 'ca.representative'])
        .where('ca.consultationId', '=', c.id)
        .orderBy('a.name')
        .execute();
      const actions = await trx
        .selectFrom('consultationActions as x')
        .leftJoin('agencies as a', 'a.id', 'x.ownerAgencyId')
        .select(['x.id', 'x.description', 'x.ownerAgencyId', 'a.name as ownerAgencyName', 'x.ownerName', 'x.dueOn', 'x.status', 'x.completedOn', 'x.notes', 'x.version'])
        .where('x.consultationId', '=', c.id)
        .orderBy('x.dueOn')
        .orderBy('x.createdAt')
        .execute();
      const isFull = level === 'manager' || level === 'case';
      const requester = c.requestedBy
        ? await trx.selectFrom('users as u').innerJoin('agencies as a', 'a.id', 'u.agencyId').select(['u.displayName', 'a.name as agencyName']).where('u.id', '=', c.requestedBy).executeTakeFirst()
        : undefined;
      const flag = isFull && c.flagId ? await trx.selectFrom('stuckCaseFlags').select(['id', 'rule', 'reasons', 'status']).where('id', '=', c.flagId).executeTakeFirst() : undefined;
      const fields = isFull ? ['child', 'reason', 'panelOn', 'attendance', 'discussion', 'recommendations', 'actions', 'followUp', 'flag'] : ['child', 'reason', 'panelOn', 'attendance', 'recommendations', 'actions'];
      await this.ctx.audit.record(trx, user, { action: 'consultation.read', recordType: 'consultation', recordId: c.id, purpose: 'safeguarding', fields, details: { access: level } });
      const manager = level === 'manager' && this.ctx.access.can(user, 'consultation.manage');
      return {
        ...base,
        full: {
          reason: c.reason,
          panelOn: c.panelOn,
          followUpOn: c.followUpOn,
          // The discussion record and the follow-up are casework: for the authority and the child's workers only.
          discussion: isFull ? c.discussion : null,
          caseMoved: isFull ? c.caseMoved : null,
          followUpNotes: isFull ? c.followUpNotes : null,
        },
        requestedBy: requester ? { name: requester.displayName, agencyName: requester.agencyName } : null,
        agencies,
        actions: actions.map((a) => ({
          ...a,
          isOverdue: a.status === 'open' && a.dueOn < today,
          canUpdate: level === 'manager' || a.ownerAgencyId === user.agencyId,
        })),
        flag: flag ? { id: flag.id, ruleTitle: stuckRule(flag.rule)?.title ?? flag.rule, reasons: flag.reasons, status: flag.status } : null,
        can: {
          schedule: manager && (c.status === 'requested' || c.status === 'scheduled'),
          recordPanel: manager && c.status === 'scheduled',
          followUp: manager && c.status === 'held',
        },
      };
    });
  }

  /** The consultations the viewer may see, newest first, each with what the viewer may see of it. Audited. */
  async list(actor: Actor, filters: { status?: ConsultationStatus } = {}) {
    await this.ctx.access.require(actor, 'consultation.request', { recordType: 'consultation' });
    const user = this.ctx.access.requireUser(actor);
    const la = laOf(user);
    const today = this.ctx.today();
    const canReadCases = la !== null && this.ctx.access.can(user, 'case.read');
    return this.ctx.db.transaction().execute(async (trx) => {
      let q = trx
        .selectFrom('consultations as c')
        .selectAll('c')
        .where((eb) =>
          eb.or([
            ...(canReadCases ? [eb('c.laCode', '=', la)] : []),
            eb('c.requestedBy', '=', user.userId),
            eb.exists(eb.selectFrom('consultationAgencies as ca').select('ca.agencyId').whereRef('ca.consultationId', '=', 'c.id').where('ca.agencyId', '=', user.agencyId)),
          ]),
        );
      if (filters.status) q = q.where('c.status', '=', filters.status);
      const rows = await q.orderBy('c.createdAt', 'desc').orderBy('c.id').limit(200).execute();
      const visible: { row: (typeof rows)[number]; level: ConsultationAccess }[] = [];
      for (const row of rows) {
        const level = await this.accessTo(trx, user, row);
        if (level) visible.push({ row, level });
      }
      const byLa = new Map<string, string[]>();
      for (const v of visible) if (v.level !== 'requester') byLa.set(v.row.laCode, [...(byLa.get(v.row.laCode) ?? []), v.row.personId]);
      const names = new Map<string, ChildName>();
      for (const [code, persons] of byLa) for (const [personId, n] of await childNames(trx, code, persons)) names.set(`${code}|${personId}`, n);
      const ids = visible.filter((v) => v.level !== 'requester').map((v) => v.row.id);
      const overdue = ids.length
        ? await trx.selectFrom('consultationActions').select(['consultationId', (eb) => eb.fn.countAll<number>().as('n')]).where('consultationId', 'in', ids).where('status', '=', 'open').where('dueOn', '<', today).groupBy('consultationId').execute()
        : [];
      const items = [];
      for (const { row, level } of visible) {
        const child = level === 'requester' ? await this.nameFor(trx, user, row, level) : names.get(`${row.laCode}|${row.personId}`);
        items.push({
          id: row.id,
          level,
          status: row.status,
          childName: nameOf(child),
          requestedOn: londonDateOf(new Date(row.createdAt)),
          panelOn: level === 'requester' ? null : row.panelOn,
          overdueActions: Number(overdue.find((o) => o.consultationId === row.id)?.n ?? 0),
        });
      }
      await this.ctx.audit.record(trx, user, { action: 'consultation.list', recordType: 'consultation', purpose: 'safeguarding', fields: ['child', 'status', 'panelOn'], details: { consultationIds: items.map((i) => i.id) } });
      return items;
    });
  }

  /** What the schedule and panel forms offer: partner agencies, the host (an action owner), the agencies invited. */
  async formOptions(actor: Actor, id: string) {
    const { c } = await this.managed(actor, id, 'consultation.form.read');
    const host = await this.hostAgency(this.ctx.db, c.laCode);
    const invited = await this.ctx.db.selectFrom('consultationAgencies').select('agencyId').where('consultationId', '=', id).execute();
    // Reference data only (agencies), so no audit event: the page's read of the consultation is audited by view().
    return { partners: await this.invitableAgencies(this.ctx.db, c.laCode), host: host ?? null, invitedAgencyIds: invited.map((i) => i.agencyId) };
  }
}
