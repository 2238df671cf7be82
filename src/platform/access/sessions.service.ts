// Sign-in, sessions and role selection. Sessions live in the database (so any node can serve them),
// with idle and absolute timeouts. A disabled user or a revoked role ends the session on the next request.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { systemActor, type RoleCode, type ScopeKind, type UserActor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import { ValidationError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { PlatformTables } from '../db/schema.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { ROLES } from './roles.ts';
import { UsersRepository } from './users.repository.ts';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export interface RequestInfo {
  correlationId: string;
}

export type SessionLookup =
  | { status: 'active'; actor: UserActor }
  | { status: 'ended'; reason: 'not-found' | 'signed-out' | 'idle-timeout' | 'absolute-timeout' | 'user-disabled' | 'role-revoked' | string };

export const SIGN_IN_FAILED = 'Enter a correct email address and password';

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Last-seen is written at most this often, so busy pages do not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export class SessionsService {
  private readonly users = new UsersRepository();

  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
  ) {}

  /** Same message and (argon2) cost whether the email is unknown, the password wrong or the account disabled. */
  async signInWithPassword(email: string, password: string, request: RequestInfo): Promise<{ token: string; userId: string }> {
    const user = await this.users.findForSignIn(this.db, email.trim());
    const hash = user?.passwordHash ?? (await dummyPasswordHash());
    const matches = await verifyPassword(hash, password);
    const anonymous = { kind: 'anonymous' as const, correlationId: request.correlationId };
    if (!user || !user.passwordHash || !matches || user.isDisabled) {
      const reason = !user ? 'unknown-user' : user.isDisabled ? 'user-disabled' : 'wrong-password';
      await this.audit.record(this.db, anonymous, {
        action: 'auth.sign-in',
        recordType: user ? 'user' : undefined,
        recordId: user?.id,
        outcome: 'failure',
        details: { method: 'password', reason },
      });
      throw new ValidationError({ email: SIGN_IN_FAILED }, SIGN_IN_FAILED);
    }
    return this.startSession(user.id, 'password', request);
  }

  /** Starts a session for a user already authenticated (password or OIDC). Picks the role if there is only one. */
  async startSession(userId: string, method: 'password' | 'oidc', request: RequestInfo): Promise<{ token: string; userId: string }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const roles = await this.users.activeRolesOf(trx, userId);
      const onlyRole = roles.length === 1 ? roles[0]! : undefined;
      const session = await trx
        .insertInto('sessions')
        .values({
          tokenHash: tokenHash(token),
          userId,
          roleAssignmentId: onlyRole?.id ?? null,
          authMethod: method,
          createdAt: now,
          lastSeenAt: now,
          expiresAt: new Date(now.getTime() + this.policy.absoluteHours * 3_600_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.updateTable('users').set({ lastSignInAt: now }).where('id', '=', userId).execute();
      const user = await trx.selectFrom('users').select('agencyId').where('id', '=', userId).executeTakeFirstOrThrow();
      await this.audit.record(
        trx,
        { kind: 'user', userId, sessionId: session.id, role: onlyRole ? (onlyRole.roleCode as RoleCode) : null, agencyId: user.agencyId, correlationId: request.correlationId } as UserActor,
        { action: 'auth.sign-in', recordType: 'user', recordId: userId, details: { method, roleCode: onlyRole?.roleCode ?? null } },
      );
      return { token, userId };
    });
  }

  /** Resolves a session token to the acting user, or says why the session is over. */
  async resolve(token: string | undefined, request: RequestInfo): Promise<SessionLookup> {
    if (!token) return { status: 'ended', reason: 'not-found' };
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.userId')
      .innerJoin('agencies as a', 'a.id', 'u.agencyId')
      .leftJoin('roleAssignments as r', 'r.id', 's.roleAssignmentId')
      .select([
        's.id as sessionId',
        's.userId',
        's.roleAssignmentId',
        's.lastSeenAt',
        's.expiresAt',
        's.endedAt',
        's.endReason',
        'u.displayName',
        'u.isDisabled',
        'u.agencyId',
        'a.code as agencyCode',
        'a.name as agencyName',
        'r.roleCode',
        'r.scopeKind',
        'r.scopeCode',
        'r.revokedAt',
      ])
      .where('s.tokenHash', '=', tokenHash(token))
      .executeTakeFirst();
    if (!row) return { status: 'ended', reason: 'not-found' };
    if (row.endedAt) return { status: 'ended', reason: row.endReason ?? 'signed-out' };
    const now = this.clock.now();
    let endReason: string | undefined;
    if (row.isDisabled) endReason = 'user-disabled';
    else if (row.roleAssignmentId && row.revokedAt) endReason = 'role-revoked';
    else if (now.getTime() >= new Date(row.expiresAt).getTime()) endReason = 'absolute-timeout';
    else if (now.getTime() - new Date(row.lastSeenAt).getTime() >= this.policy.idleMinutes * 60_000) endReason = 'idle-timeout';
    if (endReason) {
      await this.end(row.sessionId, row.userId, row.agencyId, endReason, request);
      return { status: 'ended', reason: endReason };
    }
    if (now.getTime() - new Date(row.lastSeenAt).getTime() >= TOUCH_INTERVAL_MS) {
      await this.db.updateTable('sessions').set({ lastSeenAt: now }).where('id', '=', row.sessionId).execute();
    }
    const [teams, roles] = await Promise.all([
      this.db.selectFrom('teamMemberships').select('teamId').where('userId', '=', row.userId).execute(),
      this.db.selectFrom('roleAssignments').select((eb) => eb.fn.countAll<number>().as('n')).where('userId', '=', row.userId).where('revokedAt', 'is', null).executeTakeFirstOrThrow(),
    ]);
    return {
      status: 'active',
      actor: {
        kind: 'user',
        userId: row.userId,
        displayName: row.displayName,
        agencyId: row.agencyId,
        agencyCode: row.agencyCode,
        agencyName: row.agencyName,
        role: (row.roleCode as RoleCode | null) ?? null,
        roleAssignmentId: row.roleAssignmentId,
        scopeKind: (row.scopeKind as ScopeKind | null) ?? null,
        scopeCode: row.scopeCode ?? null,
        sessionId: row.sessionId,
        teamIds: teams.map((t) => t.teamId),
        roleCount: Number(roles.n),
        correlationId: request.correlationId,
      },
    };
  }

  private async end(sessionId: string, userId: string, agencyId: string, reason: string, request: RequestInfo) {
    await this.db.transaction().execute(async (trx) => {
      const ended = await trx
        .updateTable('sessions')
        .set({ endedAt: this.clock.now(), endReason: reason })
        .where('id', '=', sessionId)
        .where('endedAt', 'is', null)
        .executeTakeFirst();
      if (Number(ended.numUpdatedRows) === 1) {
        await this.audit.record(
          trx,
          { kind: 'user', userId, sessionId, role: null, agencyId, correlationId: request.correlationId } as UserActor,
          { action: 'auth.session-end', recordType: 'user', recordId: userId, details: { reason } },
        );
      }
    });
  }

  async signOut(actor: UserActor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('sessions').set({ endedAt: this.clock.now(), endReason: 'signed-out' }).where('id', '=', actor.sessionId).where('endedAt', 'is', null).execute();
      await this.audit.record(trx, actor, { action: 'auth.sign-out', recordType: 'user', recordId: actor.userId });
    });
  }

  /** The roles a user may choose between, with readable scope names. */
  async rolesFor(userId: string) {
    const rows = await this.db
      .selectFrom('roleAssignments as r')
      .leftJoin('agencies as a', (j) => j.onRef('a.code', '=', 'r.scopeCode').on('r.scopeKind', '=', 'agency'))
      .leftJoin('localAuthorities as la', (j) => j.onRef('la.code', '=', 'r.scopeCode').on('r.scopeKind', '=', 'local-authority'))
      .leftJoin('boards as b', (j) => j.onRef('b.code', '=', 'r.scopeCode').on('r.scopeKind', '=', 'board'))
      .select(['r.id', 'r.roleCode', 'r.scopeKind', 'r.scopeCode', 'a.name as agencyName', 'la.name as laName', 'b.name as boardName'])
      .where('r.userId', '=', userId)
      .where('r.revokedAt', 'is', null)
      .orderBy('r.createdAt')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      roleCode: r.roleCode as RoleCode,
      roleName: ROLES[r.roleCode as RoleCode]?.name ?? r.roleCode,
      scopeName: r.agencyName ?? r.laName ?? r.boardName ?? (r.scopeKind === 'region' ? 'London' : r.scopeCode),
    }));
  }

  /** Chooses (or switches) the one active role of this session. Audited. */
  async selectRole(actor: UserActor, roleAssignmentId: string): Promise<void> {
    if (!isUuid(roleAssignmentId)) throw new ValidationError({ roleAssignmentId: 'Select a role' });
    await this.db.transaction().execute(async (trx) => {
      const role = await trx
        .selectFrom('roleAssignments')
        .select(['id', 'roleCode'])
        .where('id', '=', roleAssignmentId)
        .where('userId', '=', actor.userId)
        .where('revokedAt', 'is', null)
        .executeTakeFirst();
      if (!role) throw new ValidationError({ roleAssignmentId: 'Select a role' });
      await trx.updateTable('sessions').set({ roleAssignmentId: role.id }).where('id', '=', actor.sessionId).execute();
      await this.audit.record(trx, actor, {
        action: actor.role ? 'auth.role-switch' : 'auth.role-select',
        recordType: 'user',
        recordId: actor.userId,
        details: { fromRole: actor.role, toRole: role.roleCode, assignmentId: role.id },
      });
    });
  }

  /** Ends every open session past its idle or absolute limit (run by the scheduler), one audit event each. */
  async sweepExpired(): Promise<number> {
    const now = this.clock.now();
    const idleBefore = new Date(now.getTime() - this.policy.idleMinutes * 60_000);
    return this.db.transaction().execute(async (trx) => {
      const ended = await trx
        .updateTable('sessions')
        .set({ endedAt: now, endReason: 'expired' })
        .where('endedAt', 'is', null)
        .where((eb) => eb.or([eb('expiresAt', '<=', now), eb('lastSeenAt', '<=', idleBefore)]))
        .returning(['id', 'userId'])
        .execute();
      for (const session of ended) {
        await this.audit.record(trx, systemActor('sessions.sweep-expired'), { action: 'auth.session-end', recordType: 'user', recordId: session.userId, details: { reason: 'expired', sessionId: session.id } });
      }
      return ended.length;
    });
  }
}
