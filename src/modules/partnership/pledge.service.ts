// The pan-London safeguarding pledge: numbered versions of its text and commitments, the partners who signed it,
// and each partner's commitment to continue to prioritise investment in safeguarding.
//
// The pledge is public: `current()` needs no sign-in and shows the newest published version (by publication date,
// then number), its commitments and signatories, with earlier versions listed by date. Everything else needs
// `pledge.manage` (the regional board manager). A new version starts as a draft copying the previous version's
// commitments; only drafts are edited; publishing makes it the current pledge. Each change is audited (ids only).
import type { Actor, UserActor } from '../../kernel/actor.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { Executor, PartnershipContext } from './partnership.support.ts';

export interface DraftInput {
  title: string;
  introduction: string;
  commitments: string[];
}

export interface SignatoryInput {
  name: string;
  title: string;
  organisation: string;
  agencyId: string | null;
  signedOn: string;
  pledgeVersionId: string;
}

export interface InvestmentInput {
  signatoryId: string | null;
  agencyId: string | null;
  committedOn: string;
  statement: string;
}

const CONFLICT = 'This version of the pledge was changed by someone else while you were working on it. Reload the page to see the changes, then try again.';

export class PledgeService {
  constructor(private readonly ctx: PartnershipContext) {}

  private async manager(actor: Actor, recordId?: string): Promise<UserActor> {
    await this.ctx.access.require(actor, 'pledge.manage', { recordType: 'pledge', recordId });
    return this.ctx.access.requireUser(actor);
  }

  private versions(executor: Executor) {
    return executor.selectFrom('pledgeVersions').selectAll().orderBy('number', 'desc').execute();
  }

  private commitmentsOf(executor: Executor, versionId: string) {
    return executor.selectFrom('pledgeCommitments').select(['id', 'position', 'text']).where('pledgeVersionId', '=', versionId).orderBy('position').execute();
  }

  /** The current pledge for the public page (no sign-in, no personal data beyond signatories' public names). */
  async current() {
    const versions = await this.versions(this.ctx.db);
    const published = versions.filter((v) => v.status === 'published').sort((a, b) => b.publishedOn!.localeCompare(a.publishedOn!) || b.number - a.number);
    const current = published[0];
    if (!current) return { current: null, commitments: [], signatories: [], earlier: [], investment: [] };
    const commitments = await this.commitmentsOf(this.ctx.db, current.id);
    const signatories = await this.ctx.db.selectFrom('pledgeSignatories').select(['name', 'title', 'organisation', 'signedOn']).where('pledgeVersionId', '=', current.id).orderBy('organisation').orderBy('name').execute();
    const counts = await this.ctx.db.selectFrom('pledgeSignatories').select(['pledgeVersionId']).select((eb) => eb.fn.countAll<string>().as('n')).groupBy('pledgeVersionId').execute();
    const investment = await this.ctx.db.selectFrom('pledgeInvestmentCommitments').select(['organisation', 'committedOn', 'statement']).orderBy('committedOn', 'desc').orderBy('organisation').execute();
    const earlier = published.slice(1).map((v) => ({ number: v.number, title: v.title, publishedOn: v.publishedOn, signatories: Number(counts.find((c) => c.pledgeVersionId === v.id)?.n ?? 0) }));
    return { current: { number: current.number, title: current.title, introduction: current.introduction, publishedOn: current.publishedOn }, commitments, signatories, earlier, investment };
  }

  /** The management page: every version, every signatory, every investment commitment. */
  async overview(actor: Actor) {
    await this.manager(actor);
    const versions = await this.versions(this.ctx.db);
    const signatories = await this.ctx.db
      .selectFrom('pledgeSignatories as s')
      .innerJoin('pledgeVersions as v', 'v.id', 's.pledgeVersionId')
      .select(['s.id', 's.name', 's.title', 's.organisation', 's.signedOn', 'v.number as versionNumber'])
      .orderBy('s.organisation')
      .orderBy('s.name')
      .execute();
    const investment = await this.ctx.db.selectFrom('pledgeInvestmentCommitments').select(['id', 'organisation', 'committedOn', 'statement']).orderBy('committedOn', 'desc').orderBy('organisation').execute();
    const currentId = versions.filter((v) => v.status === 'published').sort((a, b) => b.publishedOn!.localeCompare(a.publishedOn!) || b.number - a.number)[0]?.id ?? null;
    return { versions: versions.map((v) => ({ ...v, isCurrent: v.id === currentId })), signatories, investment, hasDraft: versions.some((v) => v.status === 'draft') };
  }

  /** One version with its commitments, for its page (editable when a draft). */
  async version(actor: Actor, id: string) {
    await this.manager(actor, isUuid(id) ? id : undefined);
    const v = isUuid(id) ? await this.ctx.db.selectFrom('pledgeVersions').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    if (!v) throw new NotFoundError();
    return { version: v, commitments: await this.commitmentsOf(this.ctx.db, v.id) };
  }

  /** Starts a new draft, copying the newest version's title, introduction and commitments. Audited. */
  async createDraft(actor: Actor): Promise<{ id: string }> {
    const user = await this.manager(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      const versions = await trx.selectFrom('pledgeVersions').selectAll().orderBy('number', 'desc').forUpdate().execute();
      const draft = versions.find((v) => v.status === 'draft');
      if (draft) throw new ValidationError({ _form: `Version ${draft.number} is already a draft. Edit or publish it before starting another.` });
      const previous = versions[0];
      const now = this.ctx.clock.now();
      const row = await trx
        .insertInto('pledgeVersions')
        .values({ number: (previous?.number ?? 0) + 1, title: previous?.title ?? 'The London safeguarding children pledge', introduction: previous?.introduction ?? '', status: 'draft', publishedOn: null, createdAt: now, createdBy: user.userId, updatedAt: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const copied = previous ? await this.commitmentsOf(trx, previous.id) : [];
      if (copied.length) await trx.insertInto('pledgeCommitments').values(copied.map((c) => ({ pledgeVersionId: row.id, position: c.position, text: c.text }))).execute();
      await this.ctx.audit.record(trx, user, { action: 'pledge-version.create', recordType: 'pledge-version', recordId: row.id, details: { number: (previous?.number ?? 0) + 1, copiedFrom: previous?.id ?? null, commitments: copied.length } });
      return { id: row.id };
    });
  }

  /** Saves a draft's title, introduction and commitments (in order; blank ones dropped). Audited. */
  async updateDraft(actor: Actor, id: string, version: number, input: DraftInput): Promise<void> {
    const user = await this.manager(actor, isUuid(id) ? id : undefined);
    const errors: FieldErrors = {};
    const title = input.title.trim();
    const introduction = input.introduction.trim();
    const commitments = input.commitments.map((c) => c.trim()).filter((c) => c.length > 0);
    if (!title) errors.title = 'Enter the title of the pledge';
    else if (title.length > 200) errors.title = 'The title must be 200 characters or fewer';
    if (!introduction) errors.introduction = 'Enter the introduction to the pledge';
    else if (introduction.length > 5000) errors.introduction = 'The introduction must be 5000 characters or fewer';
    if (!commitments.length) errors['commitment-1'] = 'Enter at least one commitment';
    input.commitments.forEach((c, i) => {
      if (c.trim().length > 1000) errors[`commitment-${i + 1}`] = `Commitment ${i + 1} must be 1000 characters or fewer`;
    });
    if (Object.keys(errors).length) throw new ValidationError(errors);
    await this.ctx.db.transaction().execute(async (trx) => {
      const v = await this.lockDraft(trx, id, version);
      await trx.deleteFrom('pledgeCommitments').where('pledgeVersionId', '=', v.id).execute();
      await trx.insertInto('pledgeCommitments').values(commitments.map((text, i) => ({ pledgeVersionId: v.id, position: i + 1, text }))).execute();
      await trx.updateTable('pledgeVersions').set({ title, introduction, version: v.version + 1, updatedAt: this.ctx.clock.now() }).where('id', '=', v.id).execute();
      await this.ctx.audit.record(trx, user, { action: 'pledge-version.update', recordType: 'pledge-version', recordId: v.id, fields: ['title', 'introduction', 'commitments'], details: { number: v.number, commitments: commitments.length } });
    });
  }

  /** Publishes a draft on the date given: it becomes the current pledge. Audited. */
  async publish(actor: Actor, id: string, version: number, publishedOn: string): Promise<void> {
    const user = await this.manager(actor, isUuid(id) ? id : undefined);
    await this.ctx.db.transaction().execute(async (trx) => {
      const v = await this.lockDraft(trx, id, version);
      const count = (await this.commitmentsOf(trx, v.id)).length;
      if (!count) throw new ValidationError({ _form: 'Add at least one commitment before publishing this version' });
      const latest = await trx.selectFrom('pledgeVersions').select((eb) => eb.fn.max('publishedOn').as('latest')).where('status', '=', 'published').executeTakeFirst();
      if (latest?.latest && publishedOn < String(latest.latest)) throw new ValidationError({ publishedOn: 'The publication date must be the same as or after the date the current pledge was published' });
      await trx.updateTable('pledgeVersions').set({ status: 'published', publishedOn, version: v.version + 1, updatedAt: this.ctx.clock.now() }).where('id', '=', v.id).execute();
      await this.ctx.audit.record(trx, user, { action: 'pledge-version.publish', recordType: 'pledge-version', recordId: v.id, details: { number: v.number, publishedOn, commitments: count } });
    });
  }

  private async lockDraft(trx: Executor, id: string, version: number) {
    const v = isUuid(id) ? await trx.selectFrom('pledgeVersions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst() : undefined;
    if (!v) throw new NotFoundError();
    if (v.version !== version) throw new ConflictError(CONFLICT);
    if (v.status !== 'draft') throw new ConflictError('This version has been published and can no longer be changed. Start a new draft to revise the pledge.');
    return v;
  }

  /** What the signatory and investment forms offer. */
  async formOptions(actor: Actor) {
    await this.manager(actor);
    const published = (await this.versions(this.ctx.db)).filter((v) => v.status === 'published');
    const agencies = await this.ctx.db.selectFrom('agencies').select(['id', 'name']).orderBy('name').execute();
    const signatories = await this.ctx.db.selectFrom('pledgeSignatories').select(['id', 'name', 'organisation']).orderBy('organisation').orderBy('name').execute();
    return { published, agencies, signatories };
  }

  /** Records a signatory of a published version. Audited. */
  async addSignatory(actor: Actor, input: SignatoryInput): Promise<{ id: string }> {
    const user = await this.manager(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      const errors: FieldErrors = {};
      const name = input.name.trim();
      const title = input.title.trim();
      let organisation = input.organisation.trim();
      if (!name) errors.name = 'Enter the name of the person who signed';
      else if (name.length > 200) errors.name = 'The name must be 200 characters or fewer';
      if (!title) errors.title = 'Enter their job title';
      else if (title.length > 200) errors.title = 'The job title must be 200 characters or fewer';
      if (input.agencyId) {
        const agency = isUuid(input.agencyId) ? await trx.selectFrom('agencies').select(['id', 'name']).where('id', '=', input.agencyId).executeTakeFirst() : undefined;
        if (!agency) errors.agencyId = 'Select an agency from the list';
        else if (!organisation) organisation = agency.name;
      }
      if (!organisation) errors.organisation = 'Enter the organisation they signed for, or select its agency';
      else if (organisation.length > 200) errors.organisation = 'The organisation must be 200 characters or fewer';
      const v = isUuid(input.pledgeVersionId) ? await trx.selectFrom('pledgeVersions').select(['id', 'status', 'number', 'publishedOn']).where('id', '=', input.pledgeVersionId).executeTakeFirst() : undefined;
      if (!v || v.status !== 'published') errors.pledgeVersionId = 'Select the published version they signed';
      else if (input.signedOn < v.publishedOn!) errors.signedOn = 'The date signed must be the same as or after the date that version was published';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      const row = await trx
        .insertInto('pledgeSignatories')
        .values({ pledgeVersionId: v!.id, name, title, organisation, agencyId: input.agencyId, signedOn: input.signedOn, createdAt: this.ctx.clock.now(), createdBy: user.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.record(trx, user, { action: 'pledge-signatory.add', recordType: 'pledge-signatory', recordId: row.id, fields: ['name', 'title', 'organisation', 'signedOn'], details: { versionNumber: v!.number, agencyId: input.agencyId } });
      return { id: row.id };
    });
  }

  /** Removes a signatory (recorded in error, or withdrawn). Audited. */
  async removeSignatory(actor: Actor, id: string): Promise<void> {
    const user = await this.manager(actor, isUuid(id) ? id : undefined);
    await this.ctx.db.transaction().execute(async (trx) => {
      const s = isUuid(id) ? await trx.selectFrom('pledgeSignatories').select(['id', 'pledgeVersionId']).where('id', '=', id).forUpdate().executeTakeFirst() : undefined;
      if (!s) throw new NotFoundError();
      await trx.deleteFrom('pledgeSignatories').where('id', '=', s.id).execute();
      await this.ctx.audit.record(trx, user, { action: 'pledge-signatory.remove', recordType: 'pledge-signatory', recordId: s.id, details: { pledgeVersionId: s.pledgeVersionId } });
    });
  }

  /** Records a partner's commitment to continue to prioritise investment in safeguarding. Audited. */
  async recordInvestment(actor: Actor, input: InvestmentInput): Promise<{ id: string }> {
    const user = await this.manager(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      const errors: FieldErrors = {};
      const statement = input.statement.trim();
      let organisation: string | null = null;
      if (input.signatoryId && input.agencyId) errors.signatoryId = 'Select either a signatory or an agency, not both';
      else if (input.signatoryId) {
        const s = isUuid(input.signatoryId) ? await trx.selectFrom('pledgeSignatories').select('organisation').where('id', '=', input.signatoryId).executeTakeFirst() : undefined;
        if (!s) errors.signatoryId = 'Select a signatory from the list';
        organisation = s?.organisation ?? null;
      } else if (input.agencyId) {
        const a = isUuid(input.agencyId) ? await trx.selectFrom('agencies').select('name').where('id', '=', input.agencyId).executeTakeFirst() : undefined;
        if (!a) errors.agencyId = 'Select an agency from the list';
        organisation = a?.name ?? null;
      } else errors.signatoryId = 'Select the signatory or the agency making the commitment';
      if (!statement) errors.statement = 'Enter the commitment the partner made';
      else if (statement.length > 2000) errors.statement = 'The commitment must be 2000 characters or fewer';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      const row = await trx
        .insertInto('pledgeInvestmentCommitments')
        .values({ signatoryId: input.signatoryId, agencyId: input.agencyId, organisation: organisation!, committedOn: input.committedOn, statement, createdAt: this.ctx.clock.now(), createdBy: user.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.record(trx, user, { action: 'pledge-investment.record', recordType: 'pledge-investment-commitment', recordId: row.id, fields: ['statement', 'committedOn'], details: { signatoryId: input.signatoryId, agencyId: input.agencyId } });
      return { id: row.id };
    });
  }
}
