// Access histories for the privacy officer: who read or changed a record, when, in what role and why.
// Each record type says who may see its history; a type nobody registered is refused (default deny).
import type { Kysely } from 'kysely';
import type { Actor, UserActor } from '../../kernel/actor.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { AccessControl } from '../access/access-control.ts';
import type { PlatformTables } from '../db/schema.ts';
import type { AuditTrail } from './audit-trail.ts';

/** Decides whether a privacy officer may see the history of one record of a type. */
export type HistoryPolicy = (db: Kysely<PlatformTables>, actor: UserActor, recordId: string) => Promise<boolean>;
/** Turns what a privacy officer typed (an email for a user, say) into a record id; undefined if none. */
export type ReferenceResolver = (db: Kysely<PlatformTables>, reference: string) => Promise<string | undefined>;

export class AccessHistoryService {
  private readonly policies = new Map<string, { label: string; allows: HistoryPolicy; resolve?: ReferenceResolver }>();

  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly access: AccessControl,
    private readonly audit: AuditTrail,
  ) {
    // Staff records: a privacy officer sees the history of their own agency's users (region-wide officers: all).
    this.register(
      'user',
      'Staff user',
      async (db, actor, recordId) => {
        if (actor.scopeKind === 'region') return true;
        const user = await db.selectFrom('users').select('agencyId').where('id', '=', recordId).executeTakeFirst();
        return user?.agencyId === actor.agencyId;
      },
      async (db, reference) =>
        (await db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', reference.toLowerCase())).executeTakeFirst())?.id,
    );
  }

  register(recordType: string, label: string, allows: HistoryPolicy, resolve?: ReferenceResolver): void {
    this.policies.set(recordType, { label, allows, resolve });
  }

  /**
   * Finds the record a privacy officer means: a record id, or another reference the type accepts
   * (an email address for a staff user). Out-of-scope and unknown records look the same: not found.
   */
  async find(actor: Actor, recordType: string, reference: string): Promise<string> {
    await this.access.require(actor, 'audit.history.read', { recordType });
    const user = this.access.requireUser(actor);
    const policy = this.policies.get(recordType);
    const trimmed = reference.trim();
    const id = isUuid(trimmed) ? trimmed : policy?.resolve ? await policy.resolve(this.db, trimmed) : undefined;
    if (!policy || !id || !(await policy.allows(this.db, user, id))) {
      await this.access.deny(user, 'audit.history.find', { recordType: policy ? recordType : undefined }, 'not-found-or-not-in-scope').catch(() => undefined);
      throw new NotFoundError('No record in your area matches that reference');
    }
    return id;
  }

  recordTypes(): { code: string; label: string }[] {
    return [...this.policies].map(([code, p]) => ({ code, label: p.label }));
  }

  async history(actor: Actor, recordType: string, recordId: string) {
    await this.access.require(actor, 'audit.history.read', { recordType, recordId: isUuid(recordId) ? recordId : undefined });
    const user = this.access.requireUser(actor);
    const policy = this.policies.get(recordType);
    if (!policy || !isUuid(recordId) || !(await policy.allows(this.db, user, recordId))) {
      await this.access.deny(user, 'audit.history.read', { recordType: policy ? recordType : undefined, recordId: isUuid(recordId) ? recordId : undefined }, 'not-in-scope').catch(() => undefined);
      throw new NotFoundError();
    }
    return this.db.transaction().execute(async (trx) => {
      const events = await this.audit.history(trx, recordType, recordId);
      await this.audit.record(trx, user, { action: 'audit.history.read', recordType, recordId, purpose: 'privacy-review', details: { events: events.length } });
      return { label: policy.label, events };
    });
  }

  async verify(actor: Actor) {
    await this.access.require(actor, 'audit.verify');
    const result = await this.audit.verify(this.db);
    await this.audit.record(this.db, actor, { action: 'audit.verify', outcome: 'success', details: { intact: result.ok, events: result.events } });
    return result;
  }
}
