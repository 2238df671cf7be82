// The merged chronology of a child, or of a family: every contact, rating, check answer, decision, transfer and
// allocation across agencies and boroughs, in date order. Other modules add their entries through
// `ChronologySource` (casework will add assessments, conferences and plans), so one page shows the child whole.
//
// Who may read it: a hub (for a child named in a contact to that hub, or transferred from it) and a worker with
// the child allocated. What they see: entries from their own authority's contacts in full; entries held by
// another authority as dates and codes only (what happened, who, the outcome), never text, with the authority
// named so the viewer knows whom to ask.
import type { Kysely, Transaction } from 'kysely';
import type { Actor, UserActor } from '../../kernel/actor.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { AccessControl } from '../../platform/access/access-control.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { CHECK_STATUS_LABELS, EVENT_LABELS } from './hub.presenter.ts';
import { INDICATORS, OUTCOMES, RAG_LABELS, REFERRAL_SOURCES } from './front-door.domain.ts';
import type { Tables } from './contacts.service.ts';

type Db = Kysely<Tables>;
type Executor = Db | Transaction<Tables>;

export type ChronologyKind = 'contact' | 'screening' | 'check' | 'decision' | 'transfer' | 'allocation' | 'casework';
export const CHRONOLOGY_KINDS: Record<ChronologyKind, string> = {
  contact: 'Contacts',
  screening: 'Screening',
  check: 'Agency checks and disclosures',
  decision: 'Decisions',
  transfer: 'Transfers',
  allocation: 'Allocations',
  casework: 'Casework',
};

export interface ChronologyEntry {
  id: string;
  at: Date;
  kind: ChronologyKind;
  title: string;
  /** Text shown only to viewers with full access to the underlying record. */
  detail: string | null;
  agencyId: string | null;
  agencyName: string | null;
  laName: string;
  personIds: string[];
  contactId: string | null;
  contactReference: string | null;
  isSignificant: boolean;
  /** False when the entry is held by another authority: codes only, ask them for more. */
  isFull: boolean;
}

/** Another module's entries for the chronology, already cut to what `viewer` may see. */
export interface ChronologySource {
  entries(db: Executor, viewer: UserActor, personIds: string[]): Promise<ChronologyEntry[]>;
}

export interface ChronologyFilters {
  agencyId?: string;
  kind?: ChronologyKind;
  significantOnly?: boolean;
}

const KIND_OF_EVENT: Record<string, ChronologyKind> = {
  received: 'contact',
  'routed-to-allocated-worker': 'contact',
  rated: 'screening',
  'rating-changed': 'screening',
  'checks-requested': 'check',
  'check-responded': 'check',
  'check-no-information': 'check',
  'check-declined': 'check',
  'check-escalated': 'check',
  decided: 'decision',
  'signed-off': 'decision',
  'sign-off-returned': 'decision',
  'referrer-told': 'decision',
  'section-47-track': 'decision',
  transferred: 'transfer',
  allocated: 'allocation',
};
// Bookkeeping events that add nothing to a child's story are left out of the chronology (they stay in the contact's history).
const LEFT_OUT = new Set(['assigned', 'consent-recorded', 'referrer-told', 'checks-requested', 'check-escalated']);

export class ChronologyService {
  private readonly sources: ChronologySource[] = [];

  constructor(
    private readonly db: Db,
    private readonly access: AccessControl,
    private readonly audit: AuditTrail,
    private readonly familyOf?: (db: Executor, personId: string, viewerAgencyId: string) => Promise<{ personId: string; label: string }[]>,
  ) {}

  addSource(source: ChronologySource): void {
    this.sources.push(source);
  }

  /** The authorities whose contacts about these people the viewer sees in full. */
  private fullAccessLas(viewer: UserActor): string | null {
    return (viewer.role === 'hub-practitioner' || viewer.role === 'hub-manager') && viewer.scopeKind === 'local-authority' ? viewer.scopeCode : null;
  }

  /** True when the viewer has a relationship to the child: their hub had a contact about them, or the child is allocated to them. */
  private async mayRead(viewer: UserActor, personId: string): Promise<boolean> {
    const la = this.fullAccessLas(viewer);
    if (la) {
      const seen = await this.db
        .selectFrom('contactPersons as p')
        .innerJoin('contacts as c', 'c.id', 'p.contactId')
        .select('c.id')
        .where('p.personId', '=', personId)
        .where((eb) => eb.or([eb('c.laCode', '=', la), eb('c.transferredFromLaCode', '=', la)]))
        .limit(1)
        .executeTakeFirst();
      if (seen) return true;
    }
    if (viewer.role === 'caseworker') {
      const allocated = await this.db.selectFrom('childAllocations').select('id').where('personId', '=', personId).where('workerUserId', '=', viewer.userId).where('endedAt', 'is', null).executeTakeFirst();
      if (allocated) return true;
    }
    return false;
  }

  private async subject(actor: Actor, personId: string, action: string): Promise<UserActor> {
    await this.access.require(actor, 'chronology.read', { recordType: 'person', recordId: isUuid(personId) ? personId : undefined });
    const viewer = this.access.requireUser(actor);
    const person = isUuid(personId) ? await this.db.selectFrom('persons').select(['id', 'isRestricted', 'restrictedTeamId']).where('id', '=', personId).executeTakeFirst() : undefined;
    const restricted = person?.isRestricted && !(person.restrictedTeamId && viewer.teamIds.includes(person.restrictedTeamId));
    if (!person || restricted || !(await this.mayRead(viewer, person.id))) {
      await this.access.deny(viewer, action, { recordType: 'person', recordId: isUuid(personId) ? personId : undefined }, person ? 'no-relationship' : 'not-found').catch(() => undefined);
      throw new NotFoundError();
    }
    return viewer;
  }

  /** A child's chronology. One audit event for the read. */
  async forChild(actor: Actor, personId: string, filters: ChronologyFilters = {}) {
    const viewer = await this.subject(actor, personId, 'chronology.read');
    return this.db.transaction().execute(async (trx) => {
      const entries = await this.collect(trx, viewer, [personId]);
      await this.audit.record(trx, viewer, { action: 'chronology.read', recordType: 'person', recordId: personId, purpose: 'safeguarding', fields: ['contacts', 'screenings', 'checks', 'decisions'], details: { entries: entries.length } });
      return this.present(entries, filters);
    });
  }

  /** The chronology of a child's household: the child and everyone in the family view. One audit event. */
  async forFamily(actor: Actor, personId: string, filters: ChronologyFilters = {}) {
    const viewer = await this.subject(actor, personId, 'chronology.family.read');
    return this.db.transaction().execute(async (trx) => {
      const members = this.familyOf ? await this.familyOf(trx, personId, viewer.agencyId) : [{ personId, label: 'This child' }];
      const ids = [...new Set([personId, ...members.map((m) => m.personId)])];
      const entries = await this.collect(trx, viewer, ids);
      await this.audit.record(trx, viewer, { action: 'chronology.family.read', recordType: 'person', recordId: personId, purpose: 'safeguarding', fields: ['contacts', 'screenings', 'checks', 'decisions', 'household'], details: { members: ids.length, entries: entries.length } });
      return { ...this.present(entries, filters), members };
    });
  }

  private present(all: ChronologyEntry[], filters: ChronologyFilters) {
    const agencies = [...new Map(all.filter((e) => e.agencyId).map((e) => [e.agencyId!, { id: e.agencyId!, name: e.agencyName ?? '' }])).values()].sort((a, b) => a.name.localeCompare(b.name));
    const entries = all.filter((e) => (!filters.agencyId || e.agencyId === filters.agencyId) && (!filters.kind || e.kind === filters.kind) && (!filters.significantOnly || e.isSignificant));
    return { entries, agencies, total: all.length };
  }

  private async collect(db: Executor, viewer: UserActor, personIds: string[]): Promise<ChronologyEntry[]> {
    const la = this.fullAccessLas(viewer);
    const rows = await db
      .selectFrom('contactPersons as p')
      .innerJoin('contacts as c', 'c.id', 'p.contactId')
      .innerJoin('localAuthorities as l', 'l.code', 'c.laCode')
      .leftJoin('agencies as ra', 'ra.id', 'c.referrerAgencyId')
      .select(['p.personId', 'c.id', 'c.reference', 'c.laCode', 'c.transferredFromLaCode', 'c.assignedTo', 'c.source', 'c.indicators', 'c.concern', 'c.rationale', 'l.name as laName', 'ra.id as referrerAgencyId', 'ra.name as referrerAgencyName'])
      .where('p.personId', 'in', personIds)
      .execute();
    const contacts = new Map<string, (typeof rows)[number] & { personIds: string[] }>();
    for (const r of rows) {
      const seen = contacts.get(r.id);
      if (seen) seen.personIds.push(r.personId);
      else contacts.set(r.id, { ...r, personIds: [r.personId] });
    }
    if (!contacts.size) return [];
    const ids = [...contacts.keys()];
    const events = await db
      .selectFrom('contactEvents as e')
      .leftJoin('agencies as a', 'a.id', 'e.actorAgencyId')
      .select(['e.id', 'e.contactId', 'e.kind', 'e.occurredAt', 'e.details', 'e.isSignificant', 'e.actorAgencyId', 'a.name as agencyName'])
      .where('e.contactId', 'in', ids)
      .execute();
    const checks = await db.selectFrom('agencyChecks as k').innerJoin('agencies as a', 'a.id', 'k.agencyId').select(['k.id', 'k.agencyId', 'a.name as agencyName', 'k.disclosure', 'k.sharingWhat', 'k.declineReason']).where('k.contactId', 'in', ids).execute();
    const checkById = new Map(checks.map((k) => [k.id, k]));

    const entries: ChronologyEntry[] = [];
    for (const e of events) {
      if (LEFT_OUT.has(e.kind)) continue;
      const c = contacts.get(e.contactId)!;
      const isFull = (la !== null && (c.laCode === la || c.transferredFromLaCode === la)) || (viewer.role === 'caseworker' && c.assignedTo === viewer.userId);
      const d = e.details as Record<string, unknown>;
      const kind = KIND_OF_EVENT[e.kind] ?? 'contact';
      let title = EVENT_LABELS[e.kind] ?? e.kind;
      let detail: string | null = null;
      let agencyId = e.actorAgencyId;
      let agencyName = e.agencyName;
      if (e.kind === 'received') {
        agencyId = c.referrerAgencyId;
        agencyName = c.referrerAgencyName ?? REFERRAL_SOURCES[c.source as keyof typeof REFERRAL_SOURCES] ?? null;
        title = `Contact to ${c.laName} hub: ${c.indicators.map((i) => INDICATORS[i as keyof typeof INDICATORS] ?? i).join(', ')}`;
        detail = c.concern;
      } else if (e.kind === 'rated' || e.kind === 'rating-changed') {
        title = `${title}: ${RAG_LABELS[d.rag as keyof typeof RAG_LABELS] ?? d.rag}`;
      } else if (e.kind.startsWith('check-')) {
        const k = typeof d.checkId === 'string' ? checkById.get(d.checkId) : undefined;
        agencyId = k?.agencyId ?? agencyId;
        agencyName = k?.agencyName ?? agencyName;
        title = `${agencyName ?? 'An agency'}: ${CHECK_STATUS_LABELS[e.kind.slice(6)] ?? title}`;
        detail = k?.disclosure ?? k?.declineReason ?? null;
      } else if (e.kind === 'decided') {
        title = `Decision: ${OUTCOMES[d.outcome as keyof typeof OUTCOMES]?.label ?? d.outcome}`;
        detail = c.rationale;
      }
      entries.push({
        id: e.id,
        at: new Date(e.occurredAt),
        kind,
        title,
        detail: isFull ? detail : null,
        agencyId,
        agencyName,
        laName: c.laName,
        personIds: c.personIds,
        contactId: isFull ? c.id : null,
        contactReference: c.reference,
        isSignificant: e.isSignificant,
        isFull,
      });
    }
    for (const source of this.sources) entries.push(...(await source.entries(db, viewer, personIds)));
    return entries.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
  }
}
