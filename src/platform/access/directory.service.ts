// The partnership's directory: boards, local authorities, agencies and teams (reference data, no personal data),
// and team administration.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../kernel/actor.ts';
import { NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { PlatformTables } from '../db/schema.ts';
import type { AccessControl } from './access-control.ts';

export const createTeamSchema = z.object({
  agencyId: z.string({ error: 'Select an agency' }).uuid('Select an agency'),
  name: z.string({ error: 'Enter a team name' }).trim().min(1, 'Enter a team name').max(120, 'Team name must be 120 characters or fewer'),
  localAuthorityCode: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type CreateTeamInput = z.infer<typeof createTeamSchema>;

export class DirectoryService {
  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly access: AccessControl,
    private readonly audit: AuditTrail,
  ) {}

  async boards(actor: Actor) {
    await this.access.require(actor, 'reference.read');
    const [boards, authorities] = await Promise.all([
      this.db.selectFrom('boards').selectAll().orderBy('kind', 'desc').orderBy('name').execute(),
      this.db.selectFrom('localAuthorities').selectAll().orderBy('name').execute(),
    ]);
    return boards.map((b) => ({
      ...b,
      localAuthorities: b.kind === 'regional' ? authorities : authorities.filter((a) => a.boardCode === b.code),
    }));
  }

  async localAuthorities(actor: Actor) {
    await this.access.require(actor, 'reference.read');
    return this.db.selectFrom('localAuthorities').selectAll().orderBy('name').execute();
  }

  async agencies(actor: Actor) {
    await this.access.require(actor, 'reference.read');
    return this.db
      .selectFrom('agencies as a')
      .innerJoin('agencyTypes as t', 't.code', 'a.typeCode')
      .select(['a.id', 'a.code', 'a.name', 'a.typeCode', 't.name as typeName', 'a.localAuthorityCode'])
      .orderBy('t.name')
      .orderBy('a.name')
      .execute();
  }

  async teams(actor: Actor, agencyId?: string) {
    await this.access.require(actor, 'reference.read');
    let q = this.db
      .selectFrom('teams as t')
      .innerJoin('agencies as a', 'a.id', 't.agencyId')
      .select(['t.id', 't.code', 't.name', 't.agencyId', 'a.name as agencyName', 't.localAuthorityCode']);
    if (agencyId) q = q.where('t.agencyId', '=', agencyId);
    return q.orderBy('a.name').orderBy('t.name').execute();
  }

  async createTeam(actor: Actor, input: CreateTeamInput): Promise<string> {
    await this.access.require(actor, 'admin.teams.manage', { recordType: 'team' });
    if (actor.kind === 'user' && actor.scopeKind === 'agency' && input.agencyId !== actor.agencyId) {
      throw new ValidationError({ agencyId: 'Select your own agency' });
    }
    const base = input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'team';
    return this.db.transaction().execute(async (trx) => {
      const agency = await trx.selectFrom('agencies').select('id').where('id', '=', input.agencyId).executeTakeFirst();
      if (!agency) throw new ValidationError({ agencyId: 'Select an agency' });
      if (input.localAuthorityCode) {
        const la = await trx.selectFrom('localAuthorities').select('code').where('code', '=', input.localAuthorityCode).executeTakeFirst();
        if (!la) throw new ValidationError({ localAuthorityCode: 'Select a local authority' });
      }
      const clash = await trx.selectFrom('teams').select('id').where('agencyId', '=', input.agencyId).where((eb) => eb(eb.fn('lower', ['name']), '=', input.name.toLowerCase())).executeTakeFirst();
      if (clash) throw new ValidationError({ name: 'This agency already has a team with this name' });
      let code = base;
      for (let n = 2; await trx.selectFrom('teams').select('id').where('agencyId', '=', input.agencyId).where('code', '=', code).executeTakeFirst(); n++) code = `${base}-${n}`;
      const { id } = await trx
        .insertInto('teams')
        .values({ agencyId: input.agencyId, code, name: input.name, localAuthorityCode: input.localAuthorityCode ?? null, createdBy: actor.kind === 'user' ? actor.userId : null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, actor, { action: 'team.create', recordType: 'team', recordId: id });
      return id;
    });
  }

  async agency(actor: Actor, id: string) {
    await this.access.require(actor, 'reference.read');
    const agency = isUuid(id) ? await this.db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    if (!agency) throw new NotFoundError();
    return agency;
  }
}
