// API keys for partner systems (for example a police system pushing notifications).
// A key is shown once; only its SHA-256 is stored (it is 256 random bits, so a slow hash adds nothing).
// Keys are scoped to one agency and a list of permissions, and can be revoked.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor, ApiClientActor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { PlatformTables } from '../db/schema.ts';
import type { AccessControl } from './access-control.ts';
import { API_KEY_SCOPES } from './roles.ts';

export const createApiKeySchema = z.object({
  name: z.string({ error: 'Enter a name for the key' }).trim().min(1, 'Enter a name for the key').max(100, 'Name must be 100 characters or fewer'),
  agencyId: z.string({ error: 'Select an agency' }).uuid('Select an agency'),
  scopes: z.array(z.enum(API_KEY_SCOPES, { error: 'Select a valid permission' })).min(1, 'Select at least one permission'),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

const KEY_PATTERN = /^shk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export class ApiKeysService {
  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly access: AccessControl,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** Administrators scoped to one agency manage that agency's keys only. */
  private agencyLimit(actor: Actor): string | undefined {
    return actor.kind === 'user' && actor.scopeKind === 'agency' ? actor.agencyId : undefined;
  }

  async list(actor: Actor) {
    await this.access.require(actor, 'admin.api-keys.manage', { recordType: 'api-key' });
    const limit = this.agencyLimit(actor);
    let q = this.db
      .selectFrom('apiKeys as k')
      .innerJoin('agencies as a', 'a.id', 'k.agencyId')
      .select(['k.id', 'k.name', 'k.prefix', 'k.scopes', 'k.createdAt', 'k.revokedAt', 'k.lastUsedAt', 'a.name as agencyName']);
    if (limit) q = q.where('k.agencyId', '=', limit);
    return q.orderBy('k.createdAt', 'desc').execute();
  }

  /** Returns the plain key; it is never shown again. */
  async create(actor: Actor, input: CreateApiKeyInput): Promise<{ id: string; key: string }> {
    await this.access.require(actor, 'admin.api-keys.manage', { recordType: 'api-key' });
    const limit = this.agencyLimit(actor);
    if (limit && input.agencyId !== limit) throw new ValidationError({ agencyId: 'Select your own agency' });
    const prefix = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    const key = `shk_${prefix}_${secret}`;
    return this.db.transaction().execute(async (trx) => {
      const agency = await trx.selectFrom('agencies').select('id').where('id', '=', input.agencyId).executeTakeFirst();
      if (!agency) throw new ValidationError({ agencyId: 'Select an agency' });
      const { id } = await trx
        .insertInto('apiKeys')
        .values({ agencyId: input.agencyId, name: input.name, prefix, keyHash: sha256(secret), scopes: input.scopes, createdBy: actor.kind === 'user' ? actor.userId : null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, actor, { action: 'api-key.create', recordType: 'api-key', recordId: id, details: { scopes: input.scopes } });
      return { id, key };
    });
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    await this.access.require(actor, 'admin.api-keys.manage', { recordType: 'api-key' });
    if (!isUuid(id)) throw new NotFoundError();
    await this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('apiKeys')
        .set({ revokedAt: this.clock.now(), revokedBy: actor.kind === 'user' ? actor.userId : null })
        .where('id', '=', id)
        .where('revokedAt', 'is', null)
        .where((eb) => (this.agencyLimit(actor) ? eb('agencyId', '=', this.agencyLimit(actor)!) : eb.lit(true)))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new NotFoundError();
      await this.audit.record(trx, actor, { action: 'api-key.revoke', recordType: 'api-key', recordId: id });
    });
  }

  /** Resolves an `Authorization: Bearer shk_…` key to the partner system acting. */
  async authenticate(key: string, correlationId: string): Promise<ApiClientActor> {
    const match = KEY_PATTERN.exec(key);
    const row = match
      ? await this.db
          .selectFrom('apiKeys as k')
          .innerJoin('agencies as a', 'a.id', 'k.agencyId')
          .select(['k.id', 'k.name', 'k.keyHash', 'k.scopes', 'k.revokedAt', 'k.lastUsedAt', 'k.agencyId', 'a.code as agencyCode'])
          .where('k.prefix', '=', match[1]!)
          .executeTakeFirst()
      : undefined;
    const presented = Buffer.from(sha256(match?.[2] ?? ''), 'hex');
    const valid = row !== undefined && row.revokedAt === null && timingSafeEqual(presented, Buffer.from(row.keyHash, 'hex'));
    if (!valid) {
      await this.audit.record(this.db, { kind: 'anonymous', correlationId }, {
        action: 'auth.api-key',
        recordType: row ? 'api-key' : undefined,
        recordId: row?.id,
        outcome: 'failure',
        details: { reason: !row ? 'unknown-key' : row.revokedAt ? 'revoked' : 'wrong-secret' },
      });
      throw new UnauthenticatedError('The API key is not valid');
    }
    const now = this.clock.now();
    if (!row.lastUsedAt || now.getTime() - new Date(row.lastUsedAt).getTime() > 60_000) {
      await this.db.updateTable('apiKeys').set({ lastUsedAt: now }).where('id', '=', row.id).execute();
    }
    return { kind: 'api-client', apiKeyId: row.id, name: row.name, agencyId: row.agencyId, agencyCode: row.agencyCode, scopes: row.scopes, correlationId };
  }
}
