// Kysely queries for users, their teams and role assignments.
import type { Kysely, Transaction } from 'kysely';
import type { PlatformTables } from '../db/schema.ts';

type Executor = Kysely<PlatformTables> | Transaction<PlatformTables>;

export interface UserFilter {
  agencyId?: string;
  search?: string;
  limit: number;
  offset: number;
}

export class UsersRepository {
  async list(db: Executor, filter: UserFilter) {
    let query = db
      .selectFrom('users as u')
      .innerJoin('agencies as a', 'a.id', 'u.agencyId')
      .select(['u.id', 'u.email', 'u.displayName', 'u.isDisabled', 'u.lastSignInAt', 'a.name as agencyName', 'a.id as agencyId']);
    if (filter.agencyId) query = query.where('u.agencyId', '=', filter.agencyId);
    if (filter.search) {
      const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
      query = query.where((eb) => eb.or([eb(eb.fn('lower', ['u.displayName']), 'like', like), eb(eb.fn('lower', ['u.email']), 'like', like)]));
    }
    const countQuery = query.clearSelect().select((eb) => eb.fn.countAll<number>().as('count'));
    const [rows, total] = await Promise.all([
      query.orderBy('u.displayName').orderBy('u.id').limit(filter.limit).offset(filter.offset).execute(),
      countQuery.executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.count) };
  }

  async findById(db: Executor, id: string) {
    return db
      .selectFrom('users as u')
      .innerJoin('agencies as a', 'a.id', 'u.agencyId')
      .select([
        'u.id',
        'u.email',
        'u.displayName',
        'u.agencyId',
        'a.name as agencyName',
        'a.code as agencyCode',
        'u.isDisabled',
        'u.lastSignInAt',
        'u.createdAt',
        'u.version',
        'u.oidcSubject',
      ])
      .where('u.id', '=', id)
      .executeTakeFirst();
  }

  async findForSignIn(db: Executor, email: string) {
    return db
      .selectFrom('users')
      .select(['id', 'passwordHash', 'isDisabled', 'agencyId'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst();
  }

  async teamsOf(db: Executor, userId: string) {
    return db
      .selectFrom('teamMemberships as m')
      .innerJoin('teams as t', 't.id', 'm.teamId')
      .select(['t.id', 't.name', 't.code'])
      .where('m.userId', '=', userId)
      .orderBy('t.name')
      .execute();
  }

  async activeRolesOf(db: Executor, userId: string) {
    return db
      .selectFrom('roleAssignments')
      .select(['id', 'roleCode', 'scopeKind', 'scopeCode', 'createdAt'])
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null)
      .orderBy('createdAt')
      .execute();
  }

  async replaceTeams(db: Executor, userId: string, teamIds: string[], by: string | null) {
    await db.deleteFrom('teamMemberships').where('userId', '=', userId).execute();
    if (teamIds.length) {
      await db
        .insertInto('teamMemberships')
        .values(teamIds.map((teamId) => ({ userId, teamId, createdBy: by })))
        .execute();
    }
  }
}
