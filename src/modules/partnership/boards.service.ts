// The boards: the regional board and the 32 local boards (LSCBs), and their membership by agency — the
// representative, their title and their role on the board (independent chair, vice-chair, business manager,
// statutory partners, lay members, others), with the dates they joined and left.
//
// Who may see what (partnership.support.ts): a board's page is visible to its current members and its own staff
// (a role scoped to the board) and to the regional team; anyone else gets 404. Membership is changed by
// `board.manage` scoped to the board or the region. Each change is audited (ids and codes only, never names).
import type { Actor, UserActor } from '../../kernel/actor.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { BoardMemberRole } from './boards-pledge.tables.ts';
import type { Executor, PartnershipContext, Trx } from './partnership.support.ts';

export const MEMBER_ROLES: readonly BoardMemberRole[] = ['independent-chair', 'vice-chair', 'business-manager', 'statutory-partner', 'lay-member', 'member', 'adviser', 'observer'];

export const ROLE_NAMES: Record<BoardMemberRole, string> = {
  'independent-chair': 'Independent chair',
  'vice-chair': 'Vice-chair',
  'business-manager': 'Business manager',
  'statutory-partner': 'Statutory partner',
  'lay-member': 'Lay member',
  member: 'Member',
  adviser: 'Adviser',
  observer: 'Observer',
};

/** How the board's page groups its members, in this order. */
export const MEMBER_GROUPS: readonly { key: string; heading: string; roles: readonly BoardMemberRole[] }[] = [
  { key: 'chair', heading: 'Independent chair', roles: ['independent-chair'] },
  { key: 'vice-chair', heading: 'Vice-chair', roles: ['vice-chair'] },
  { key: 'business-manager', heading: 'Business manager', roles: ['business-manager'] },
  { key: 'statutory', heading: 'Statutory partners', roles: ['statutory-partner'] },
  { key: 'lay', heading: 'Lay members', roles: ['lay-member'] },
  { key: 'others', heading: 'Other members, advisers and observers', roles: ['member', 'adviser', 'observer'] },
];

export interface AddMemberInput {
  name: string;
  title: string | null;
  role: BoardMemberRole;
  agencyId: string | null;
  organisation: string | null;
  joinedOn: string;
  userEmail: string | null;
}

export interface UpdateMemberInput {
  role: BoardMemberRole;
  title: string | null;
}

export interface EndMemberInput {
  leftOn: string;
}

const CONFLICT = 'This membership was changed by someone else while you were working on it. Reload the page to see the changes, then try again.';

function isCurrent(leftOn: string | null, today: string): boolean {
  return leftOn === null || leftOn > today;
}

export class BoardsService {
  constructor(private readonly ctx: PartnershipContext) {}

  /** The boards the user may see: every board for the regional team, their own (staff or member) for others. */
  async list(actor: Actor) {
    const user = this.ctx.access.requireUser(actor);
    const codes = await this.ctx.visibleBoards(this.ctx.db, user);
    if (!codes.length) return [];
    const today = this.ctx.today();
    const boards = await this.ctx.db.selectFrom('boards').select(['code', 'name', 'kind']).where('code', 'in', codes).orderBy('code').execute();
    const authorities = await this.ctx.db.selectFrom('localAuthorities').select(['boardCode', 'name']).where('boardCode', 'in', codes).orderBy('name').execute();
    const members = await this.ctx.db.selectFrom('boardMembers').select(['boardCode', 'leftOn']).where('boardCode', 'in', codes).execute();
    // The regional board first, then the local boards by name.
    boards.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'regional' ? -1 : 1));
    return boards.map((b) => ({
      ...b,
      authorities: authorities.filter((a) => a.boardCode === b.code).map((a) => a.name),
      memberCount: members.filter((m) => m.boardCode === b.code && isCurrent(m.leftOn, today)).length,
    }));
  }

  private async boardRow(executor: Executor, code: string) {
    const board = await executor.selectFrom('boards').select(['code', 'name', 'kind']).where('code', '=', code).executeTakeFirst();
    if (!board) throw new NotFoundError();
    return board;
  }

  private members(executor: Executor, code: string) {
    return executor
      .selectFrom('boardMembers as m')
      .leftJoin('agencies as a', 'a.id', 'm.agencyId')
      .leftJoin('users as u', 'u.id', 'm.userId')
      .select(['m.id', 'm.name', 'm.title', 'm.role', 'm.agencyId', 'm.organisation', 'm.userId', 'm.joinedOn', 'm.leftOn', 'm.version', 'a.name as agencyName', 'u.email as userEmail'])
      .where('m.boardCode', '=', code)
      .orderBy('a.name')
      .orderBy('m.organisation')
      .orderBy('m.name')
      .execute();
  }

  /** The board's page: its authorities, its current members grouped by role, its former members. 404 if not visible. */
  async view(actor: Actor, code: string) {
    const user = await this.ctx.requireBoard(this.ctx.db, actor, code, 'board.read');
    const board = await this.boardRow(this.ctx.db, code);
    const today = this.ctx.today();
    const authorities = await this.ctx.db.selectFrom('localAuthorities').select(['code', 'name']).where('boardCode', '=', code).orderBy('name').execute();
    const all = (await this.members(this.ctx.db, code)).map((m) => ({ ...m, roleName: ROLE_NAMES[m.role], partner: m.agencyName ?? m.organisation ?? null }));
    const current = all.filter((m) => isCurrent(m.leftOn, today));
    const groups = MEMBER_GROUPS.map((g) => ({ ...g, members: current.filter((m) => g.roles.includes(m.role)) })).filter((g) => g.members.length > 0);
    const former = all.filter((m) => !isCurrent(m.leftOn, today)).sort((a, b) => (b.leftOn ?? '').localeCompare(a.leftOn ?? ''));
    return { board, authorities, groups, currentCount: current.length, former, canManage: this.ctx.canManageBoard(user, code) };
  }

  /** What the membership forms offer: the agencies list. Needs board.manage for the board (else 404). */
  async formOptions(actor: Actor, code: string) {
    await this.ctx.requireBoard(this.ctx.db, actor, code, 'board-member.form', 'board.manage');
    const board = await this.boardRow(this.ctx.db, code);
    const agencies = await this.ctx.db.selectFrom('agencies').select(['id', 'name']).orderBy('name').execute();
    return { board, agencies };
  }

  /** One membership, for its edit page. Needs board.manage for the board (else 404). */
  async member(actor: Actor, code: string, memberId: string) {
    const { board } = await this.formOptions(actor, code);
    const m = isUuid(memberId) ? (await this.members(this.ctx.db, code)).find((r) => r.id === memberId) : undefined;
    if (!m) throw new NotFoundError();
    return { board, member: { ...m, roleName: ROLE_NAMES[m.role], partner: m.agencyName ?? m.organisation ?? null } };
  }

  private async requireNoOtherChair(executor: Executor, code: string, exceptId: string | null, errors: FieldErrors): Promise<void> {
    const today = this.ctx.today();
    const chairs = await executor.selectFrom('boardMembers').select(['id', 'leftOn']).where('boardCode', '=', code).where('role', '=', 'independent-chair').execute();
    if (chairs.some((c) => c.id !== exceptId && isCurrent(c.leftOn, today))) {
      errors.role = 'This board already has an independent chair. End their membership before adding another.';
    }
  }

  /** Adds a member. Audited 'board-member.add'. */
  async addMember(actor: Actor, code: string, input: AddMemberInput): Promise<{ id: string }> {
    const user = await this.ctx.requireBoard(this.ctx.db, actor, code, 'board-member.add', 'board.manage');
    await this.boardRow(this.ctx.db, code);
    return this.ctx.db.transaction().execute(async (trx) => {
      const errors: FieldErrors = {};
      const name = input.name.trim();
      if (!name) errors.name = 'Enter the representative’s name';
      else if (name.length > 200) errors.name = 'The name must be 200 characters or fewer';
      if (input.title && input.title.length > 200) errors.title = 'The title must be 200 characters or fewer';
      if (!MEMBER_ROLES.includes(input.role)) errors.role = 'Select the member’s role on the board';
      if (input.organisation && input.organisation.length > 200) errors.organisation = 'The organisation must be 200 characters or fewer';
      if (input.agencyId) {
        const agency = isUuid(input.agencyId) ? await trx.selectFrom('agencies').select('id').where('id', '=', input.agencyId).executeTakeFirst() : undefined;
        if (!agency) errors.agencyId = 'Select an agency from the list';
      } else if (!input.organisation && input.role !== 'lay-member' && !errors.role) {
        errors.agencyId = 'Select the agency the member represents, or name their organisation. Only a lay member needs neither.';
      }
      if (input.role === 'independent-chair') await this.requireNoOtherChair(trx, code, null, errors);
      let userId: string | null = null;
      if (input.userEmail) {
        const linked = await trx.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', input.userEmail!.toLowerCase())).executeTakeFirst();
        if (!linked) errors.userEmail = 'No Safehub user has that email address. Leave it blank if the member does not use Safehub.';
        else {
          const already = await trx.selectFrom('boardMembers').select(['id', 'leftOn']).where('boardCode', '=', code).where('userId', '=', linked.id).execute();
          if (already.some((m) => isCurrent(m.leftOn, this.ctx.today()))) errors.userEmail = 'That Safehub user is already a current member of this board';
          userId = linked.id;
        }
      }
      if (Object.keys(errors).length) throw new ValidationError(errors);
      const now = this.ctx.clock.now();
      const row = await trx
        .insertInto('boardMembers')
        .values({ boardCode: code, agencyId: input.agencyId, organisation: input.agencyId ? null : input.organisation, userId, name, title: input.title, role: input.role, joinedOn: input.joinedOn, leftOn: null, createdAt: now, createdBy: user.userId, updatedAt: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.record(trx, user, {
        action: 'board-member.add',
        recordType: 'board-member',
        recordId: row.id,
        fields: ['name', 'title', 'role', 'agency', 'joinedOn', ...(userId ? ['user'] : [])],
        details: { boardCode: code, role: input.role, agencyId: input.agencyId, linkedUserId: userId },
      });
      return { id: row.id };
    });
  }

  /** A versioned change to one membership of the board: locks the row, checks the version, bumps it. */
  private async change<T>(actor: Actor, code: string, memberId: string, version: number, action: string, run: (trx: Trx, user: UserActor, m: { id: string; role: BoardMemberRole; joinedOn: string; leftOn: string | null }) => Promise<T>): Promise<T> {
    const user = await this.ctx.requireBoard(this.ctx.db, actor, code, action, 'board.manage');
    return this.ctx.db.transaction().execute(async (trx) => {
      const m = isUuid(memberId) ? await trx.selectFrom('boardMembers').select(['id', 'role', 'joinedOn', 'leftOn', 'version']).where('id', '=', memberId).where('boardCode', '=', code).forUpdate().executeTakeFirst() : undefined;
      if (!m) throw new NotFoundError();
      if (m.version !== version) throw new ConflictError(CONFLICT);
      const result = await run(trx, user, m);
      await trx.updateTable('boardMembers').set({ version: m.version + 1, updatedAt: this.ctx.clock.now() }).where('id', '=', m.id).execute();
      return result;
    });
  }

  /** Changes a member's role or title. Audited 'board-member.update'. */
  async updateMember(actor: Actor, code: string, memberId: string, version: number, input: UpdateMemberInput): Promise<void> {
    await this.change(actor, code, memberId, version, 'board-member.update', async (trx, user, m) => {
      const errors: FieldErrors = {};
      if (!MEMBER_ROLES.includes(input.role)) errors.role = 'Select the member’s role on the board';
      if (input.title && input.title.length > 200) errors.title = 'The title must be 200 characters or fewer';
      if (!isCurrent(m.leftOn, this.ctx.today())) errors._form = 'This membership has ended. Add the person again to record a new membership.';
      if (input.role === 'independent-chair' && m.role !== 'independent-chair') await this.requireNoOtherChair(trx, code, m.id, errors);
      if (input.role === 'lay-member' || m.role === 'lay-member') {
        // A lay member sits without an agency; moving to or from that role needs the agency question asked again.
        const row = await trx.selectFrom('boardMembers').select(['agencyId', 'organisation']).where('id', '=', m.id).executeTakeFirstOrThrow();
        if (input.role !== 'lay-member' && !row.agencyId && !row.organisation) errors.role = 'This member represents no agency, so can only be a lay member. End the membership and add them again with their agency.';
      }
      if (Object.keys(errors).length) throw new ValidationError(errors);
      await trx.updateTable('boardMembers').set({ role: input.role, title: input.title }).where('id', '=', m.id).execute();
      await this.ctx.audit.record(trx, user, { action: 'board-member.update', recordType: 'board-member', recordId: m.id, fields: ['role', 'title'], details: { boardCode: code, fromRole: m.role, role: input.role } });
    });
  }

  /** Ends a membership on the date given. Audited 'board-member.end'. */
  async endMember(actor: Actor, code: string, memberId: string, version: number, input: EndMemberInput): Promise<void> {
    await this.change(actor, code, memberId, version, 'board-member.end', async (trx, user, m) => {
      if (m.leftOn !== null) throw new ValidationError({ _form: 'This membership has already been ended' });
      if (input.leftOn < m.joinedOn) throw new ValidationError({ leftOn: 'The date they left must be the same as or after the date they joined' });
      await trx.updateTable('boardMembers').set({ leftOn: input.leftOn }).where('id', '=', m.id).execute();
      await this.ctx.audit.record(trx, user, { action: 'board-member.end', recordType: 'board-member', recordId: m.id, fields: ['leftOn'], details: { boardCode: code, role: m.role } });
    });
  }
}
