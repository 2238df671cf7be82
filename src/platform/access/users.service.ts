// User administration: create, edit, disable, roles and teams. System administrators only, and
// an administrator scoped to one agency manages only that agency's users. Every read and write is audited.
import type { Kysely, Transaction } from 'kysely';
import type { Actor, RoleCode, ScopeKind, SystemActor, UserActor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { PlatformTables } from '../db/schema.ts';
import type { AccessControl } from './access-control.ts';
import { hashPassword } from './passwords.ts';
import { ROLES } from './roles.ts';
import type { AssignRoleInput, CreateUserInput, UpdateUserInput } from './users.forms.ts';
import { UsersRepository, type UserFilter } from './users.repository.ts';

export const REGION_SCOPE_CODE = 'london';

/** Raised inside a transaction when the user is outside the administrator's agency (or does not exist). */
class OutOfScope extends Error {
  constructor(readonly recordId: string | undefined) {
    super('out of scope');
  }
}

/** Users are administered by a system administrator, or by the system itself (the CLI). */
type AdminActor = UserActor | SystemActor;

function by(actor: AdminActor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

export class UsersService {
  private readonly repo = new UsersRepository();

  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly access: AccessControl,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  private async admin(actor: Actor, recordId?: string): Promise<AdminActor> {
    await this.access.require(actor, 'admin.users.manage', { recordType: 'user', recordId });
    if (actor.kind === 'system') return actor;
    return this.access.requireUser(actor);
  }

  /** Agency-scoped administrators see and manage their own agency's users only. */
  private agencyLimit(admin: AdminActor): string | undefined {
    return admin.kind === 'user' && admin.scopeKind === 'agency' ? admin.agencyId : undefined;
  }

  /** Loads a user the administrator may manage; anyone else's is reported as not found. */
  private async loadManaged(trx: Kysely<PlatformTables> | Transaction<PlatformTables>, admin: AdminActor, userId: string) {
    const user = isUuid(userId) ? await this.repo.findById(trx, userId) : undefined;
    const limit = this.agencyLimit(admin);
    if (!user || (limit && user.agencyId !== limit)) throw new OutOfScope(isUuid(userId) ? userId : undefined);
    return user;
  }

  /**
   * Runs a use case in a transaction. A refusal found inside it is audited after the transaction has
   * ended (it must not be rolled back with the change, and PGlite has only one connection to give).
   */
  private async transact<T>(admin: AdminActor, action: string, fn: (trx: Transaction<PlatformTables>) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction().execute(fn);
    } catch (error) {
      if (!(error instanceof OutOfScope)) throw error;
      await this.access.deny(admin, action, { recordType: 'user', recordId: error.recordId }, 'not-in-scope').catch(() => undefined);
      throw new NotFoundError();
    }
  }

  async list(actor: Actor, filter: Omit<UserFilter, 'agencyId'> & { agencyId?: string }) {
    const admin = await this.admin(actor);
    const limit = this.agencyLimit(admin);
    return this.db.transaction().execute(async (trx) => {
      const result = await this.repo.list(trx, { ...filter, agencyId: limit ?? filter.agencyId });
      await this.audit.record(trx, admin, {
        action: 'user.list',
        recordType: 'user',
        purpose: 'administration',
        fields: ['displayName', 'email', 'agency'],
        details: { count: result.rows.length, hasSearch: Boolean(filter.search) },
      });
      return result;
    });
  }

  async get(actor: Actor, userId: string) {
    const admin = await this.admin(actor, isUuid(userId) ? userId : undefined);
    return this.transact(admin, 'user.read', async (trx) => {
      const user = await this.loadManaged(trx, admin, userId);
      const [teams, roles] = await Promise.all([this.repo.teamsOf(trx, user.id), this.repo.activeRolesOf(trx, user.id)]);
      await this.audit.record(trx, admin, {
        action: 'user.read',
        recordType: 'user',
        recordId: user.id,
        purpose: 'administration',
        fields: ['displayName', 'email', 'agency', 'teams', 'roles'],
      });
      return { ...user, teams, roles };
    });
  }

  async create(actor: Actor, input: CreateUserInput, roles: AssignRoleInput[] = []): Promise<string> {
    const admin = await this.admin(actor);
    const limit = this.agencyLimit(admin);
    if (limit && input.agencyId !== limit) throw new ValidationError({ agencyId: 'Select your own agency' });
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    return this.db.transaction().execute(async (trx) => {
      await this.checkAgencyAndTeams(trx, input.agencyId, input.teamIds);
      const taken = await this.repo.findForSignIn(trx, input.email);
      if (taken) throw new ValidationError({ email: 'A user with this email address already exists' });
      const { id } = await trx
        .insertInto('users')
        .values({ email: input.email, displayName: input.displayName, agencyId: input.agencyId, passwordHash, createdBy: by(admin) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.repo.replaceTeams(trx, id, input.teamIds, by(admin));
      for (const role of roles) {
        const definition = ROLES[role.roleCode];
        const scopeKind = await this.checkScope(trx, definition.scopeKinds, role.scopeCode, admin);
        await trx
          .insertInto('roleAssignments')
          .values({ userId: id, roleCode: role.roleCode, scopeKind, scopeCode: role.scopeCode, createdBy: by(admin) })
          .execute();
      }
      await this.audit.record(trx, admin, {
        action: 'user.create',
        recordType: 'user',
        recordId: id,
        purpose: 'administration',
        fields: ['displayName', 'email', 'agency', 'teams', ...(passwordHash ? ['password'] : []), ...(roles.length ? ['roles'] : [])],
      });
      return id;
    });
  }

  async update(actor: Actor, userId: string, input: UpdateUserInput): Promise<void> {
    const admin = await this.admin(actor, isUuid(userId) ? userId : undefined);
    await this.transact(admin, 'user.update', async (trx) => {
      const user = await this.loadManaged(trx, admin, userId);
      await this.checkAgencyAndTeams(trx, user.agencyId, input.teamIds);
      const other = await this.repo.findForSignIn(trx, input.email);
      if (other && other.id !== user.id) throw new ValidationError({ email: 'A user with this email address already exists' });
      const updated = await trx
        .updateTable('users')
        .set({ email: input.email, displayName: input.displayName, version: user.version + 1 })
        .where('id', '=', user.id)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError();
      await this.repo.replaceTeams(trx, user.id, input.teamIds, by(admin));
      const changed = [
        ...(user.email !== input.email ? ['email'] : []),
        ...(user.displayName !== input.displayName ? ['displayName'] : []),
        'teams',
      ];
      await this.audit.record(trx, admin, { action: 'user.update', recordType: 'user', recordId: user.id, purpose: 'administration', fields: changed });
    });
  }

  /** Disabling ends the user's sessions: the next request from any of them is refused. */
  async setDisabled(actor: Actor, userId: string, version: number, isDisabled: boolean): Promise<void> {
    const admin = await this.admin(actor, isUuid(userId) ? userId : undefined);
    if (admin.kind === 'user' && admin.userId === userId && isDisabled) throw new ValidationError({ _form: 'You cannot disable your own account' });
    await this.transact(admin, 'user.status', async (trx) => {
      const user = await this.loadManaged(trx, admin, userId);
      const now = this.clock.now();
      const updated = await trx
        .updateTable('users')
        .set({ isDisabled, disabledAt: isDisabled ? now : null, version: user.version + 1 })
        .where('id', '=', user.id)
        .where('version', '=', version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError();
      if (isDisabled) {
        await trx.updateTable('sessions').set({ endedAt: now, endReason: 'user-disabled' }).where('userId', '=', user.id).where('endedAt', 'is', null).execute();
      }
      await this.audit.record(trx, admin, {
        action: isDisabled ? 'user.disable' : 'user.enable',
        recordType: 'user',
        recordId: user.id,
        purpose: 'administration',
        fields: ['isDisabled'],
      });
    });
  }

  async assignRole(actor: Actor, userId: string, input: AssignRoleInput): Promise<void> {
    const admin = await this.admin(actor, isUuid(userId) ? userId : undefined);
    await this.transact(admin, 'user.role-assign', async (trx) => {
      const user = await this.loadManaged(trx, admin, userId);
      const role = ROLES[input.roleCode];
      const scopeKind = await this.checkScope(trx, role.scopeKinds, input.scopeCode, admin);
      const existing = (await this.repo.activeRolesOf(trx, user.id)).find((r) => r.roleCode === input.roleCode && r.scopeCode === input.scopeCode);
      if (existing) throw new ValidationError({ roleCode: 'The user already has this role here' });
      const { id } = await trx
        .insertInto('roleAssignments')
        .values({ userId: user.id, roleCode: input.roleCode, scopeKind, scopeCode: input.scopeCode, createdBy: by(admin) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, admin, {
        action: 'user.role-assign',
        recordType: 'user',
        recordId: user.id,
        purpose: 'administration',
        fields: ['roles'],
        details: { roleCode: input.roleCode, scopeKind, scopeCode: input.scopeCode, assignmentId: id },
      });
    });
  }

  /** Revoking the role a session is using ends that session on its next request. */
  async revokeRole(actor: Actor, userId: string, assignmentId: string): Promise<void> {
    const admin = await this.admin(actor, isUuid(userId) ? userId : undefined);
    await this.transact(admin, 'user.role-revoke', async (trx) => {
      const user = await this.loadManaged(trx, admin, userId);
      if (!isUuid(assignmentId)) throw new NotFoundError();
      const now = this.clock.now();
      const revoked = await trx
        .updateTable('roleAssignments')
        .set({ revokedAt: now, revokedBy: by(admin) })
        .where('id', '=', assignmentId)
        .where('userId', '=', user.id)
        .where('revokedAt', 'is', null)
        .returning(['roleCode', 'scopeCode'])
        .executeTakeFirst();
      if (!revoked) throw new NotFoundError();
      await trx.updateTable('sessions').set({ endedAt: now, endReason: 'role-revoked' }).where('roleAssignmentId', '=', assignmentId).where('endedAt', 'is', null).execute();
      await this.audit.record(trx, admin, {
        action: 'user.role-revoke',
        recordType: 'user',
        recordId: user.id,
        purpose: 'administration',
        fields: ['roles'],
        details: { roleCode: revoked.roleCode, scopeCode: revoked.scopeCode, assignmentId },
      });
    });
  }

  async setPassword(actor: Actor, userId: string, password: string): Promise<void> {
    const admin = await this.admin(actor, isUuid(userId) ? userId : undefined);
    const passwordHash = await hashPassword(password);
    await this.transact(admin, 'user.set-password', async (trx) => {
      const user = await this.loadManaged(trx, admin, userId);
      await trx.updateTable('users').set({ passwordHash, version: user.version + 1 }).where('id', '=', user.id).execute();
      await this.audit.record(trx, admin, { action: 'user.set-password', recordType: 'user', recordId: user.id, purpose: 'administration', fields: ['password'] });
    });
  }

  private async checkAgencyAndTeams(trx: Transaction<PlatformTables>, agencyId: string, teamIds: string[]) {
    const agency = await trx.selectFrom('agencies').select('id').where('id', '=', agencyId).executeTakeFirst();
    if (!agency) throw new ValidationError({ agencyId: 'Select an agency' });
    if (teamIds.length) {
      const teams = await trx.selectFrom('teams').select('id').where('id', 'in', teamIds).where('agencyId', '=', agencyId).execute();
      if (teams.length !== new Set(teamIds).size) throw new ValidationError({ teamIds: "Select teams from the user's own agency" });
    }
  }

  /**
   * Finds which of the role's scope kinds the code belongs to (codes of different kinds never collide).
   * An administrator scoped to one agency may give roles only for that agency, its local authority and
   * that authority's board.
   */
  private async checkScope(trx: Transaction<PlatformTables>, kinds: readonly ScopeKind[], code: string, admin: AdminActor): Promise<ScopeKind> {
    const limit = this.agencyLimit(admin);
    const home = limit
      ? await trx
          .selectFrom('agencies as a')
          .leftJoin('localAuthorities as la', 'la.code', 'a.localAuthorityCode')
          .select(['a.code', 'a.localAuthorityCode', 'la.boardCode'])
          .where('a.id', '=', limit)
          .executeTakeFirstOrThrow()
      : undefined;
    for (const kind of kinds) {
      let exists = false;
      if (kind === 'region') exists = code === REGION_SCOPE_CODE && !home;
      else if (kind === 'agency') exists = home ? code === home.code : Boolean(await trx.selectFrom('agencies').select('code').where('code', '=', code).executeTakeFirst());
      else if (kind === 'local-authority') exists = home ? code === home.localAuthorityCode : Boolean(await trx.selectFrom('localAuthorities').select('code').where('code', '=', code).executeTakeFirst());
      else if (kind === 'board') exists = home ? code === home.boardCode : Boolean(await trx.selectFrom('boards').select('code').where('code', '=', code).executeTakeFirst());
      if (exists) return kind;
    }
    throw new ValidationError({ scopeCode: 'Select where the role applies' });
  }

  /** Options for the role form: each role with the scopes it may take. */
  async scopeOptions() {
    const [agencies, authorities, boards] = await Promise.all([
      this.db.selectFrom('agencies').select(['code', 'name']).orderBy('name').execute(),
      this.db.selectFrom('localAuthorities').select(['code', 'name']).orderBy('name').execute(),
      this.db.selectFrom('boards').select(['code', 'name']).orderBy('name').execute(),
    ]);
    return {
      agency: agencies,
      'local-authority': authorities,
      board: boards,
      region: [{ code: REGION_SCOPE_CODE, name: 'London (whole region)' }],
    } satisfies Record<string, { code: string; name: string }[]>;
  }

  static roleName(code: RoleCode): string {
    return ROLES[code].name;
  }
}
