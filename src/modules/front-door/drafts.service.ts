// Drafts of a referral, saved as the referrer answers each question page, so nothing is lost when a session times
// out or a browser closes. A draft belongs to the user who started it and to nobody else: anyone else is told it
// does not exist (DESIGN section 5). Sending a draft checks the whole of it with the same schema as every other way
// a contact arrives (contactInputSchema), makes the contact through ContactsService, and only then deletes the
// draft. Drafts not touched for 30 days are purged by a scheduled job.
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Actor, UserActor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { AccessControl } from '../../platform/access/access-control.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import type { PlatformTables } from '../../platform/db/schema.ts';
import { parseOrThrow } from '../../platform/forms.ts';
import type { ContactsService } from './contacts.service.ts';
import type { ReferralSource } from './front-door.domain.ts';
import { adultSchema, childSchema, consentSchema, contactInputSchema, referrerSchema, type ContactInput } from './front-door.forms.ts';
import type { FrontDoorTables } from './front-door.tables.ts';

type Db = Kysely<PlatformTables & FrontDoorTables>;

/** Drafts untouched for this many days are deleted (the referrer is told on the start page). */
export const DRAFT_RETENTION_DAYS = 30;

/** What one draft may hold: each key is one question page's answers, checked with that page's schema. */
export const draftPatchSchema = z
  .object({
    laCode: contactInputSchema.shape.laCode,
    source: contactInputSchema.shape.source,
    children: z.array(childSchema).max(10, 'Name 10 children or fewer'),
    adults: z.array(adultSchema).max(10, 'Name 10 adults or fewer'),
    concern: contactInputSchema.shape.concern,
    indicators: contactInputSchema.shape.indicators,
    consent: consentSchema,
    referrer: referrerSchema.omit({ name: true }),
  })
  .partial()
  .strict();

export type DraftPatch = z.input<typeof draftPatchSchema>;
export type DraftData = z.output<typeof draftPatchSchema>;
export type DraftChild = z.output<typeof childSchema>;
export type DraftAdult = z.output<typeof adultSchema>;

export interface Draft {
  id: string;
  version: number;
  data: DraftData;
  createdAt: Date;
  updatedAt: Date;
}

/** The question pages in order; a draft's progress is how many of them are answered. */
export const DRAFT_SECTIONS = ['where', 'children', 'adults', 'concern', 'consent', 'about-you'] as const;
export type DraftSection = (typeof DRAFT_SECTIONS)[number];

/** Whether a question page has been answered. Adults are optional, but answering "none" still counts. */
export function isSectionAnswered(data: DraftData, section: DraftSection): boolean {
  switch (section) {
    case 'where':
      return Boolean(data.laCode && data.source);
    case 'children':
      return Boolean(data.children?.length);
    case 'adults':
      return data.adults !== undefined;
    case 'concern':
      return Boolean(data.concern && data.indicators?.length);
    case 'consent':
      return data.consent !== undefined;
    case 'about-you':
      return data.referrer !== undefined;
  }
}

/** The section a contact input's field belongs to (for sending the referrer back to the right page). */
export function sectionOfField(path: string): DraftSection | 'check' {
  const head = path.split('.')[0];
  if (head === 'laCode' || head === 'source') return 'where';
  if (head === 'children') return 'children';
  if (head === 'adults') return 'adults';
  if (head === 'concern' || head === 'indicators') return 'concern';
  if (head === 'consent') return 'consent';
  if (head === 'referrer') return 'about-you';
  return 'check';
}

/**
 * The CIN census referral source suggested by the referrer's agency type (statutory-rules.md section 7): schools
 * 2A, health 3F (other health services: the referrer says which), police 6, housing 4, the council's own social care
 * 5A, probation 7 (other legal agency), anyone else 8. Only a default: the referrer may choose another.
 */
export function suggestedSource(agencyTypeCode: string | null | undefined): ReferralSource {
  switch (agencyTypeCode) {
    case 'education':
      return '2A';
    case 'health':
      return '3F';
    case 'police':
      return '6';
    case 'housing':
      return '4';
    case 'childrens-social-care':
      return '5A';
    case 'probation':
      return '7';
    default:
      return '8';
  }
}

const AUDIT = { recordType: 'contact-draft', purpose: 'safeguarding' } as const;

export class DraftsService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessControl,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly contacts: ContactsService,
  ) {}

  private async user(actor: Actor): Promise<UserActor> {
    await this.access.require(actor, 'contact.submit', { recordType: AUDIT.recordType });
    return this.access.requireUser(actor);
  }

  /** The draft if the actor owns it; anyone else (and a missing draft) gets not found, and the attempt is audited. */
  private async owned(user: UserActor, id: string, action: string): Promise<Draft> {
    const row = isUuid(id) ? await this.db.selectFrom('contactDrafts').select(['id', 'userId', 'data', 'version', 'createdAt', 'updatedAt']).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row || row.userId !== user.userId) {
      await this.access.deny(user, action, { recordType: AUDIT.recordType, recordId: isUuid(id) ? id : undefined }, row ? 'not-in-scope' : 'not-found').catch(() => undefined);
      throw new NotFoundError();
    }
    return { id: row.id, version: row.version, data: row.data as DraftData, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) };
  }

  /** Starts an empty draft for the actor. */
  async start(actor: Actor): Promise<string> {
    const user = await this.user(actor);
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx.insertInto('contactDrafts').values({ userId: user.userId, data: JSON.stringify({}), createdAt: now, updatedAt: now }).returning('id').executeTakeFirstOrThrow();
      await this.audit.record(trx, user, { ...AUDIT, action: 'contact-draft.create', recordId: id });
      return id;
    });
  }

  /** One of the actor's own drafts. Audited. */
  async get(actor: Actor, id: string): Promise<Draft> {
    const user = await this.user(actor);
    const draft = await this.owned(user, id, 'contact-draft.read');
    await this.audit.record(this.db, user, { ...AUDIT, action: 'contact-draft.read', recordId: draft.id, fields: Object.keys(draft.data) });
    return draft;
  }

  /** The referral source suggested by the actor's agency type. */
  async suggestedSourceFor(actor: Actor): Promise<ReferralSource> {
    const user = await this.user(actor);
    const agency = await this.db.selectFrom('agencies').select('typeCode').where('id', '=', user.agencyId).executeTakeFirst();
    return suggestedSource(agency?.typeCode);
  }

  /** The referrer's own name and email address, as their account holds them (the contact names its referrer). */
  async account(actor: Actor): Promise<{ displayName: string; email: string }> {
    const user = await this.user(actor);
    return this.db.selectFrom('users').select(['displayName', 'email']).where('id', '=', user.userId).executeTakeFirstOrThrow();
  }

  /**
   * Merges one question page's answers into the draft. `version` is the version the page was showing: if the draft
   * has changed since (another tab), nothing is saved and a ConflictError says so. Returns the new version.
   * The audit event names the answers saved, never their values.
   */
  async save(actor: Actor, id: string, version: number, patch: DraftPatch): Promise<number> {
    const user = await this.user(actor);
    await this.owned(user, id, 'contact-draft.update');
    const values = parseOrThrow(draftPatchSchema, patch);
    if (values.laCode) {
      const la = await this.db.selectFrom('localAuthorities').select('code').where('code', '=', values.laCode).executeTakeFirst();
      if (!la) throw new ValidationError({ laCode: 'Select the local authority where the child lives' });
    }
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('contactDrafts').select(['data', 'version']).where('id', '=', id).where('userId', '=', user.userId).forUpdate().executeTakeFirst();
      if (!current) throw new NotFoundError();
      if (current.version !== version) throw this.staleDraft();
      const data = { ...(current.data as DraftData), ...values };
      await trx
        .updateTable('contactDrafts')
        .set({ data: JSON.stringify(data), version: current.version + 1, updatedAt: now })
        .where('id', '=', id)
        .execute();
      await this.audit.record(trx, user, { ...AUDIT, action: 'contact-draft.update', recordId: id, fields: Object.keys(values) });
      return current.version + 1;
    });
  }

  private staleDraft(): ConflictError {
    return new ConflictError('This referral was changed in another tab or window after you opened this page, so your answers on this page were not saved. Check them and save again.');
  }

  /** The actor's drafts, most recently changed first, with what is answered so far. Audited. */
  async list(actor: Actor) {
    const user = await this.user(actor);
    const rows = await this.db.selectFrom('contactDrafts').select(['id', 'data', 'version', 'createdAt', 'updatedAt']).where('userId', '=', user.userId).orderBy('updatedAt', 'desc').orderBy('id').limit(50).execute();
    const items = rows.map((r) => {
      const data = r.data as DraftData;
      const updatedAt = new Date(r.updatedAt);
      return {
        id: r.id,
        createdAt: new Date(r.createdAt),
        updatedAt,
        children: (data.children ?? []).map((c) => `${c.forenames} ${c.surname}`),
        sectionsAnswered: DRAFT_SECTIONS.filter((s) => isSectionAnswered(data, s)).length,
        sectionsTotal: DRAFT_SECTIONS.length,
        deletedAfter: new Date(updatedAt.getTime() + DRAFT_RETENTION_DAYS * 86_400_000),
      };
    });
    await this.audit.record(this.db, user, { ...AUDIT, action: 'contact-draft.list', fields: ['children'], details: { draftIds: items.map((i) => i.id) } });
    return items;
  }

  /** Deletes one of the actor's drafts. */
  async discard(actor: Actor, id: string): Promise<void> {
    const user = await this.user(actor);
    await this.owned(user, id, 'contact-draft.delete');
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('contactDrafts').where('id', '=', id).where('userId', '=', user.userId).execute();
      await this.audit.record(trx, user, { ...AUDIT, action: 'contact-draft.delete', recordId: id });
    });
  }

  /** The whole draft as a contact, checked with the contact schema. The referrer's name is the user's own. */
  private async contactInput(user: UserActor, data: DraftData): Promise<ContactInput> {
    const me = await this.account(user);
    return parseOrThrow(contactInputSchema, {
      laCode: data.laCode,
      source: data.source,
      referrer: { name: me.displayName, role: data.referrer?.role ?? null, phone: data.referrer?.phone ?? null, email: data.referrer ? data.referrer.email : me.email },
      children: data.children ?? [],
      adults: data.adults ?? [],
      concern: data.concern,
      indicators: data.indicators ?? [],
      consent: data.consent ?? {},
      externalReference: null,
    });
  }

  /**
   * Sends the draft as a contact. The whole draft is checked first (a ValidationError names each field by its path
   * in the contact, e.g. `children.0.surname`). The draft's version is then claimed in its own transaction, so a
   * second press of the button (or another tab) gets a ConflictError rather than a second contact. The contact is
   * made by ContactsService, and the draft is deleted afterwards in its own transaction: if that delete fails, the
   * referrer still has their contact and the draft goes with the 30-day purge (`draftDeleted` says which).
   */
  async submit(actor: Actor, id: string, version: number): Promise<{ contactId: string; reference: string; draftDeleted: boolean }> {
    const user = await this.user(actor);
    const draft = await this.owned(user, id, 'contact-draft.submit');
    if (draft.version !== version) throw this.staleDraft();
    const input = await this.contactInput(user, draft.data);
    await this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('contactDrafts').select('version').where('id', '=', id).where('userId', '=', user.userId).forUpdate().executeTakeFirst();
      if (!current) throw new NotFoundError();
      if (current.version !== version) throw this.staleDraft();
      await trx.updateTable('contactDrafts').set({ version: current.version + 1, updatedAt: this.clock.now() }).where('id', '=', id).execute();
    });
    const result = await this.contacts.submit(user, input);
    let draftDeleted = true;
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('contactDrafts').where('id', '=', id).execute();
        await this.audit.record(trx, user, { ...AUDIT, action: 'contact-draft.submit', recordId: id, details: { contactId: result.contactId } });
      });
    } catch {
      draftDeleted = false;
    }
    return { contactId: result.contactId, reference: result.reference, draftDeleted };
  }

  /** Deletes drafts untouched for DRAFT_RETENTION_DAYS (a scheduled job). Audited as one event with the count. */
  async purgeOld(actor: Actor): Promise<number> {
    await this.access.require(actor, 'contact.submit', { recordType: AUDIT.recordType });
    const cutoff = new Date(this.clock.now().getTime() - DRAFT_RETENTION_DAYS * 86_400_000);
    return this.db.transaction().execute(async (trx) => {
      const deleted = await trx.deleteFrom('contactDrafts').where('updatedAt', '<', cutoff).executeTakeFirst();
      const count = Number(deleted.numDeletedRows);
      if (count) await this.audit.record(trx, actor, { ...AUDIT, action: 'contact-draft.purge', details: { count, retentionDays: DRAFT_RETENTION_DAYS } });
      return count;
    });
  }
}
