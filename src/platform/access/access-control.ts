// The permission service every service method calls first. Default deny; a refusal is audited.
import type { Kysely } from 'kysely';
import type { Actor, UserActor } from '../../kernel/actor.ts';
import { ForbiddenError, UnauthenticatedError } from '../../kernel/errors.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { PlatformTables } from '../db/schema.ts';
import { roleHas, type Permission } from './roles.ts';

export interface AccessTarget {
  recordType?: string;
  recordId?: string;
}

export class AccessControl {
  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly audit: AuditTrail,
  ) {}

  /** True when the actor holds the permission in its active role (or API key scopes). */
  can(actor: Actor, permission: Permission): boolean {
    switch (actor.kind) {
      case 'user':
        return actor.role !== null && roleHas(actor.role, permission);
      case 'api-client':
        return actor.scopes.includes(permission);
      case 'system':
        return true;
      case 'anonymous':
        return false;
    }
  }

  /** Throws (and audits the refusal) unless the actor holds the permission. */
  async require(actor: Actor, permission: Permission, target: AccessTarget = {}): Promise<void> {
    if (this.can(actor, permission)) return;
    if (actor.kind === 'anonymous') throw new UnauthenticatedError();
    await this.deny(actor, permission, target);
  }

  /** Records a denied attempt in its own transaction, then throws ForbiddenError. */
  async deny(actor: Actor, action: string, target: AccessTarget = {}, reason = 'no-permission'): Promise<never> {
    await this.audit.record(this.db, actor, {
      action,
      recordType: target.recordType,
      recordId: target.recordId,
      outcome: 'denied',
      details: { reason },
    });
    throw new ForbiddenError();
  }

  /** A signed-in user with a chosen role, or a refusal. */
  requireUser(actor: Actor): UserActor {
    if (actor.kind !== 'user') throw actor.kind === 'anonymous' ? new UnauthenticatedError() : new ForbiddenError();
    return actor;
  }
}
