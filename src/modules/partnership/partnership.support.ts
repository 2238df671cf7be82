// What every partnership service shares: who may see and change a board's business.
//
// Board business is visible to that board's members and to the regional team (DESIGN section 5; issue 7):
// - the regional team: the regional board manager and the regional advisers (roles scoped to the region);
// - the board's own staff: users whose role is scoped to that board (the LSCB business manager);
// - the board's members: users recorded as current members of the board (`board_members.user_id`, with no
//   `left_on` or one in the future) — a police superintendent or a Lead Member who sits on the board sees its
//   business whatever their role.
// Changing a board's business needs `board.manage` in a role scoped to that board or to the region. Everyone else
// gets 404 for a board's records, as for any other record they have no relationship to.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Actor, UserActor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import type { AccessControl } from '../../platform/access/access-control.ts';
import type { Permission } from '../../platform/access/roles.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { londonDateOf } from '../../platform/calendar/index.ts';
import type { PlatformTables } from '../../platform/db/schema.ts';
import type { BoardsPledgeTables } from './boards-pledge.tables.ts';
import type { MeetingsTables } from './meetings.tables.ts';
import type { SupportTrainingTables } from './support-training.tables.ts';
import type { WorkProgrammeTables } from './work-programme.tables.ts';

export type PartnershipTables = BoardsPledgeTables & WorkProgrammeTables & MeetingsTables & SupportTrainingTables;
export type Tables = PlatformTables & PartnershipTables;
export type Db = Kysely<Tables>;
export type Trx = Transaction<Tables>;
export type Executor = Db | Trx;

/** The regional board's code (reference data). */
export const REGIONAL_BOARD = 'LSCB-LONDON';

export class PartnershipContext {
  constructor(
    readonly db: Db,
    readonly access: AccessControl,
    readonly audit: AuditTrail,
    readonly clock: Clock,
  ) {}

  today(): string {
    return londonDateOf(this.clock.now());
  }

  /**
   * True for the regional team: the regional board manager and the regional advisers (scoped to the region). A
   * system administrator or privacy officer scoped to the region is not on the team and sees no board business.
   */
  isRegional(user: UserActor): boolean {
    return user.scopeKind === 'region' && (user.role === 'regional-manager' || user.role === 'regional-adviser');
  }

  /** The boards whose business the user may see (every board for the regional team). */
  async visibleBoards(executor: Executor, user: UserActor): Promise<string[]> {
    if (this.isRegional(user)) {
      return (await executor.selectFrom('boards').select('code').execute()).map((b) => b.code);
    }
    const codes = new Set<string>();
    if (user.scopeKind === 'board' && user.scopeCode) codes.add(user.scopeCode);
    const today = this.today();
    const rows = await sql<{ boardCode: string }>`
      select board_code as "boardCode" from board_members
      where user_id = ${user.userId} and (left_on is null or left_on > ${today})`
      .execute(executor);
    for (const r of rows.rows) codes.add(r.boardCode);
    return [...codes];
  }

  async canSeeBoard(executor: Executor, user: UserActor, boardCode: string): Promise<boolean> {
    return (await this.visibleBoards(executor, user)).includes(boardCode);
  }

  /** True when the user may change the board's business: `board.manage` scoped to the board or the region. */
  canManageBoard(user: UserActor, boardCode: string, permission: Permission = 'board.manage'): boolean {
    if (!this.access.can(user, permission)) return false;
    return this.isRegional(user) || (user.scopeKind === 'board' && user.scopeCode === boardCode);
  }

  /**
   * The signed-in user, if they may see (or, with `manage`, change) the board's business; otherwise the attempt
   * is audited as denied and NotFoundError thrown.
   */
  async requireBoard(executor: Executor, actor: Actor, boardCode: string, action: string, manage?: Permission): Promise<UserActor> {
    const user = this.access.requireUser(actor);
    const allowed = manage ? this.canManageBoard(user, boardCode, manage) : await this.canSeeBoard(executor, user, boardCode);
    if (!allowed) {
      await this.audit.record(this.db, actor, { action, recordType: 'board', recordId: boardCode, outcome: 'denied', details: { reason: manage ? 'not-board-manager' : 'not-board-member' } });
      throw new NotFoundError();
    }
    return user;
  }
}
