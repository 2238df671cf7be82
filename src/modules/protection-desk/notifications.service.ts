// The police public protection desk: bulk intake of police notifications (idempotent by police reference),
// a transparent risk score with a BRAG rating and due time, the desk's queue, and forwarding to the hub or
// closing with a reason.
//
// Agency walls: a notification belongs to the police agency that sent it. Only that agency's desk sees it;
// anyone else gets "not found" for its id and nothing in their queue, and the refusal is audited.
// Every write records one audit event per notification in the same transaction; every read of a
// notification records one event. Audit details hold ids, codes and counts, never names or the summary.
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Actor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { AccessControl } from '../../platform/access/access-control.ts';
import type { AuditEntry, AuditTrail } from '../../platform/audit/audit-trail.ts';
import type { PlatformTables } from '../../platform/db/schema.ts';
import {
  OPEN_STATUSES,
  type Brag,
  type DeskTables,
  type ImportRowResult,
  type StoredRowResult,
  type IncidentType,
  type NotificationPerson,
  type NotificationStatus,
} from './desk.tables.ts';
import { parseNotification, type CloseInput, type NotificationInput, type QueueFilters } from './notifications.forms.ts';
import { csvColumnOf, rowsFromCsv, rowsFromJson, type RawRow } from './notifications.intake.ts';
import {
  BRAG_RANK,
  DEFAULT_FACTORS,
  DEFAULT_SETTINGS,
  REPEAT_WINDOW_MS,
  childKey,
  dueAt,
  hasEarlierNotification,
  indexByChildKey,
  scoreNotification,
  type KeyedNotification,
} from './risk.domain.ts';

type Tables = PlatformTables & DeskTables;
type Db = Kysely<Tables>;
type Trx = Transaction<Tables>;

export const RECORD_TYPE = 'police-notification';
export const PAGE_SIZE = 25;
const PURPOSE = 'protection-desk';
const CONFLICT_MESSAGE = 'This notification was changed by someone else. Reload it and try again.';
const NOTIFICATION_FIELDS = ['policeReference', 'laCode', 'occurredAt', 'incidentType', 'summary', 'children', 'adults', 'factors'];

/** What the hub receives when the desk forwards a notification. */
export interface ForwardedNotification {
  notificationId: string;
  agencyId: string;
  policeReference: string;
  laCode: string;
  occurredAt: Date;
  incidentType: IncidentType;
  summary: string;
  children: NotificationPerson[];
  adults: NotificationPerson[];
  factors: string[];
  score: number;
  brag: Brag;
}

/**
 * The front door's side of forwarding: makes a contact from a notification. Implementations must be
 * idempotent by notificationId (the desk retries after a failure), and return the same contact each time.
 */
export interface HubForwarder {
  contactFromNotification(actor: Actor, notification: ForwardedNotification): Promise<{ contactId: string }>;
}

export interface RejectedRow {
  row: number;
  policeReference: string | null;
  errors: FieldErrors;
}

export interface ImportResult {
  batchId: string | null;
  received: number;
  /** New notifications created. */
  accepted: number;
  /** Notifications still 'new' whose content changed: updated and scored again. */
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
  rows: ImportRowResult[];
}

export interface SubmitResult {
  notificationId: string;
  outcome: 'created' | 'updated' | 'unchanged';
  score: number;
  brag: Brag;
  dueAt: Date;
}

interface RowOutcome extends ImportRowResult {
  /** Rejected because the notification has moved on (forwarded or closed), not because the row is bad. */
  isConflict?: boolean;
}

function actingAgency(actor: Actor): string {
  if (actor.kind === 'user' || actor.kind === 'api-client') return actor.agencyId;
  throw new ForbiddenError();
}

function userIdOf(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

/** A fingerprint of everything the police sent except the reference, so a re-sent notification is recognised. */
export function contentHash(input: NotificationInput): string {
  const content = [input.laCode, input.occurredAt, input.incidentType, input.summary, input.factors, input.children, input.adults];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class ProtectionDeskService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessControl,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly forwarder: HubForwarder,
  ) {}

  // Intake ------------------------------------------------------------------------------------------------------

  /**
   * Loads a CSV or JSON file of notifications. Every row is accepted, found unchanged, updated or rejected
   * with its reasons; the good rows load whatever the bad ones do, and loading the same file again changes
   * nothing. A file that cannot be read at all is refused with a ValidationError on `content`.
   * The CLI acts as the system and names the agency (`options.agencyId`); everyone else loads for their own.
   */
  async importBatch(actor: Actor, input: { format: 'csv' | 'json'; fileName: string | null; content: string }, options: { agencyId?: string } = {}): Promise<ImportResult> {
    await this.access.require(actor, 'notification.load', { recordType: RECORD_TYPE });
    const agencyId = actor.kind === 'system' && options.agencyId ? options.agencyId : actingAgency(actor);
    await this.requirePoliceAgency(actor, agencyId);
    const rows = input.format === 'csv' ? rowsFromCsv(input.content) : rowsFromJson(input.content);
    // A CSV file's problems are named by the column they came from, as the desk officer sees the file.
    return this.load(actor, agencyId, rows, { format: input.format, fileName: input.fileName }, input.format === 'csv' ? csvColumnOf : undefined);
  }

  /** A batch from a police system through the API (already a list of notifications). */
  async importRows(actor: Actor, notifications: unknown[]): Promise<ImportResult> {
    await this.access.require(actor, 'notification.load', { recordType: RECORD_TYPE });
    const agencyId = actingAgency(actor);
    await this.requirePoliceAgency(actor, agencyId);
    return this.load(
      actor,
      agencyId,
      notifications.map((raw, i) => ({ row: i + 1, raw })),
      { format: 'api', fileName: null },
    );
  }

  /** One notification (the API): created, updated, unchanged; a bad one is a ValidationError, a forwarded one a ConflictError. */
  async submit(actor: Actor, raw: unknown): Promise<SubmitResult> {
    await this.access.require(actor, 'notification.load', { recordType: RECORD_TYPE });
    const agencyId = actingAgency(actor);
    await this.requirePoliceAgency(actor, agencyId);
    const result = await this.load(actor, agencyId, [{ row: 1, raw }], null);
    const row = result.rows[0]! as RowOutcome;
    if (row.outcome === 'rejected') {
      if (row.isConflict) throw new ConflictError(Object.values(row.errors ?? {})[0], 'notification-not-open');
      throw new ValidationError(row.errors ?? {});
    }
    const stored = await this.db.selectFrom('policeNotifications').select(['id', 'score', 'brag', 'dueAt']).where('id', '=', row.notificationId!).executeTakeFirstOrThrow();
    return { notificationId: stored.id, outcome: row.outcome, score: stored.score, brag: stored.brag, dueAt: stored.dueAt };
  }

  private async requirePoliceAgency(actor: Actor, agencyId: string): Promise<void> {
    const agency = isUuid(agencyId) ? await this.db.selectFrom('agencies').select('typeCode').where('id', '=', agencyId).executeTakeFirst() : undefined;
    if (agency?.typeCode !== 'police') await this.access.deny(actor, 'notification.load', { recordType: RECORD_TYPE }, 'not-a-police-agency');
  }

  /** The desk's factors and thresholds for an agency, created with the defaults on first use (idempotent). */
  private async ensureConfig(db: Db | Trx, agencyId: string): Promise<void> {
    const now = this.clock.now();
    await db
      .insertInto('deskRiskFactors')
      .values(DEFAULT_FACTORS.map((f, i) => ({ agencyId, code: f.code, label: f.label, weight: f.weight, description: f.description, sortOrder: i + 1, updatedAt: now })))
      .onConflict((oc) => oc.columns(['agencyId', 'code']).doNothing())
      .execute();
    await db
      .insertInto('deskSettings')
      .values({ agencyId, ...DEFAULT_SETTINGS, updatedAt: now })
      .onConflict((oc) => oc.column('agencyId').doNothing())
      .execute();
  }

  private async config(db: Db | Trx, agencyId: string) {
    await this.ensureConfig(db, agencyId);
    const factors = await db.selectFrom('deskRiskFactors').selectAll().where('agencyId', '=', agencyId).orderBy('sortOrder').orderBy('code').execute();
    const settings = await db.selectFrom('deskSettings').selectAll().where('agencyId', '=', agencyId).executeTakeFirstOrThrow();
    return { factors, settings };
  }

  private async load(
    actor: Actor,
    agencyId: string,
    rows: RawRow[],
    batch: { format: 'csv' | 'json' | 'api'; fileName: string | null } | null,
    fieldName: (field: string) => string = (field) => field,
  ): Promise<ImportResult> {
    const now = this.clock.now();
    const fail = (outcome: RowOutcome, fields: FieldErrors, isConflict = false) => {
      outcome.outcome = 'rejected';
      outcome.errors = Object.fromEntries(Object.entries(fields).map(([k, v]) => [fieldName(k), v]));
      if (isConflict) outcome.isConflict = true;
    };
    const laCodes = new Set((await this.db.selectFrom('localAuthorities').select('code').execute()).map((r) => r.code));
    const outcomes: RowOutcome[] = [];
    const valid: { outcome: RowOutcome; input: NotificationInput; hash: string }[] = [];
    const firstRowOf = new Map<string, number>();

    for (const { row, raw } of rows) {
      const reference = typeof (raw as { policeReference?: unknown })?.policeReference === 'string' ? (raw as { policeReference: string }).policeReference.trim().toUpperCase().replace(/ +/g, ' ') : '';
      const outcome: RowOutcome = { row, policeReference: reference && reference.length <= 40 && /^[A-Z0-9][A-Z0-9/ -]*$/.test(reference) ? reference : null, outcome: 'rejected' };
      outcomes.push(outcome);
      try {
        const input = parseNotification(raw, { now, laCodes });
        const earlier = firstRowOf.get(input.policeReference);
        if (earlier !== undefined) {
          fail(outcome, { policeReference: `This police reference is also on row ${earlier}: send each notification once` });
          continue;
        }
        firstRowOf.set(input.policeReference, row);
        valid.push({ outcome, input, hash: contentHash(input) });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        fail(outcome, error.fields);
      }
    }

    // What is already held, by police reference.
    const held = new Map<string, { id: string; contentHash: string; status: NotificationStatus; version: number; receivedAt: Date }>();
    for (const part of chunks(valid.map((v) => v.input.policeReference), 1000)) {
      const found = await this.db
        .selectFrom('policeNotifications')
        .select(['id', 'policeReference', 'contentHash', 'status', 'version', 'receivedAt'])
        .where('agencyId', '=', agencyId)
        .where('policeReference', 'in', part)
        .execute();
      for (const f of found) held.set(f.policeReference, f);
    }

    type Write = { outcome: RowOutcome; input: NotificationInput; hash: string; keys: string[]; existing?: { id: string; version: number; receivedAt: Date } };
    const writes: Write[] = [];
    for (const v of valid) {
      const existing = held.get(v.input.policeReference);
      if (!existing) {
        writes.push({ ...v, keys: keysOf(v.input) });
      } else if (existing.contentHash === v.hash) {
        v.outcome.outcome = 'unchanged';
        v.outcome.notificationId = existing.id;
      } else if (existing.status === 'new') {
        writes.push({ ...v, keys: keysOf(v.input), existing });
      } else {
        fail(
          v.outcome,
          { policeReference: `This notification has already been ${existing.status === 'closed' ? 'closed' : existing.status === 'forwarded' ? 'forwarded to the hub' : 'taken into review'} by the desk, so a new load cannot change it. Tell the desk about the change` },
          true,
        );
        v.outcome.notificationId = existing.id;
      }
    }

    if (writes.length) {
      const { factors, settings } = await this.config(this.db, agencyId);
      const earlier = await this.earlierNotifications(agencyId, writes);
      const writing = new Set(writes.map((w) => w.input.policeReference));
      const index = indexByChildKey([...earlier.filter((e) => !writing.has(e.policeReference)), ...writes.map((w) => ({ policeReference: w.input.policeReference, occurredAt: new Date(w.input.occurredAt), childKeys: w.keys }))]);
      const batchId = batch ? randomUUID() : null;
      const by = userIdOf(actor);

      const prepared = writes.map((w) => {
        const occurredAt = new Date(w.input.occurredAt);
        const scored = scoreNotification(
          { incidentType: w.input.incidentType, occurredAt, children: w.input.children, reported: w.input.factors, hasEarlierNotification: hasEarlierNotification({ policeReference: w.input.policeReference, occurredAt, childKeys: w.keys }, index) },
          factors,
          settings,
        );
        const columns = {
          laCode: w.input.laCode,
          occurredAt,
          incidentType: w.input.incidentType,
          summary: w.input.summary,
          children: JSON.stringify(w.input.children),
          adults: JSON.stringify(w.input.adults),
          factors: w.input.factors,
          childKeys: w.keys,
          contentHash: w.hash,
          score: scored.score,
          brag: scored.brag,
          scoreBreakdown: JSON.stringify(scored.breakdown),
          // The clock runs from first receipt: a correction does not restart it.
          dueAt: dueAt(scored.brag, w.existing?.receivedAt ?? now, settings),
          updatedAt: now,
        };
        return { ...w, scored, columns };
      });

      await this.db.transaction().execute(async (trx) => {
        if (batch && batchId) {
          await trx
            .insertInto('deskImportBatches')
            .values({ id: batchId, agencyId, fileName: batch.fileName, format: batch.format, received: rows.length, accepted: 0, updated: 0, unchanged: 0, rejected: 0, results: '[]', createdBy: by, createdByApiKeyId: actor.kind === 'api-client' ? actor.apiKeyId : null })
            .execute();
        }
        const entries: AuditEntry[] = [];
        const creates = prepared.filter((p) => !p.existing);
        // One JSON parameter per chunk (jsonb_to_recordset) rather than 25 parameters a row: far less for the
        // driver and the server to bind, so 10,000 notifications insert in a few statements.
        for (const part of chunks(creates, 2000)) {
          const ids = new Map(part.map((p) => [p.input.policeReference, randomUUID()]));
          const records = part.map((p) => ({
            id: ids.get(p.input.policeReference)!,
            agency_id: agencyId,
            police_reference: p.input.policeReference,
            la_code: p.input.laCode,
            occurred_at: p.input.occurredAt,
            received_at: now.toISOString(),
            incident_type: p.input.incidentType,
            summary: p.input.summary,
            children: p.input.children,
            adults: p.input.adults,
            factors: p.input.factors,
            child_keys: p.keys,
            content_hash: p.hash,
            score: p.scored.score,
            brag: p.scored.brag,
            score_breakdown: p.scored.breakdown,
            due_at: p.columns.dueAt.toISOString(),
            import_batch_id: batchId,
            created_by: by,
            updated_at: now.toISOString(),
          }));
          const inserted = await sql<{ policeReference: string }>`
            insert into police_notifications (id, agency_id, police_reference, la_code, occurred_at, received_at, incident_type, summary, children, adults,
              factors, child_keys, content_hash, score, brag, score_breakdown, due_at, import_batch_id, created_by, updated_at)
            select id, agency_id, police_reference, la_code, occurred_at, received_at, incident_type, summary, children, adults,
              factors, child_keys, content_hash, score, brag, score_breakdown, due_at, import_batch_id, created_by, updated_at
            from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(id uuid, agency_id uuid, police_reference text, la_code text,
              occurred_at timestamptz, received_at timestamptz, incident_type text, summary text, children jsonb, adults jsonb, factors text[],
              child_keys text[], content_hash text, score integer, brag text, score_breakdown jsonb, due_at timestamptz, import_batch_id uuid,
              created_by uuid, updated_at timestamptz)
            on conflict (agency_id, police_reference) do nothing
            returning police_reference`.execute(trx);
          const done = new Set(inserted.rows.map((r) => r.policeReference));
          for (const p of part) {
            if (!done.has(p.input.policeReference)) {
              // Another load of the same notification committed first.
              fail(p.outcome, { policeReference: 'Another load of this notification was in progress at the same moment. Send it again' });
              continue;
            }
            p.outcome.outcome = 'created';
            p.outcome.notificationId = ids.get(p.input.policeReference)!;
            entries.push(this.writeEvent('police-notification.create', p.outcome.notificationId, batchId, p.scored, p.input, NOTIFICATION_FIELDS));
          }
        }
        for (const p of prepared.filter((x) => x.existing)) {
          const updated = await trx
            .updateTable('policeNotifications')
            .set({ ...p.columns, version: p.existing!.version + 1, ...(batchId ? { importBatchId: batchId } : {}) })
            .where('id', '=', p.existing!.id)
            .where('version', '=', p.existing!.version)
            .where('status', '=', 'new')
            .returning('id')
            .executeTakeFirst();
          if (!updated) {
            fail(p.outcome, { policeReference: 'The desk changed this notification while it was loading. Send it again' }, true);
            continue;
          }
          p.outcome.outcome = 'updated';
          p.outcome.notificationId = p.existing!.id;
          entries.push(this.writeEvent('police-notification.update', p.existing!.id, batchId, p.scored, p.input, NOTIFICATION_FIELDS));
        }
        const summary = summarise(outcomes);
        if (batch && batchId) {
          await trx
            .updateTable('deskImportBatches')
            .set({ accepted: summary.accepted, updated: summary.updated, unchanged: summary.unchanged, rejected: summary.rejected.length, results: JSON.stringify(outcomes.map(stored)) })
            .where('id', '=', batchId)
            .execute();
          entries.push({ action: 'desk-import.create', recordType: 'desk-import-batch', recordId: batchId, purpose: PURPOSE, details: { format: batch.format, received: rows.length, accepted: summary.accepted, updated: summary.updated, unchanged: summary.unchanged, rejected: summary.rejected.length } });
        }
        await this.audit.recordMany(trx, actor, entries);
      });
      return { batchId, ...summarise(outcomes), rows: outcomes };
    }

    // Nothing to write: still keep the record of the load (what arrived, and why rows were refused).
    let batchId: string | null = null;
    const summary = summarise(outcomes);
    if (batch) {
      batchId = randomUUID();
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('deskImportBatches')
          .values({
            id: batchId!,
            agencyId,
            fileName: batch.fileName,
            format: batch.format,
            received: rows.length,
            accepted: 0,
            updated: 0,
            unchanged: summary.unchanged,
            rejected: summary.rejected.length,
            results: JSON.stringify(outcomes.map(stored)),
            createdBy: userIdOf(actor),
            createdByApiKeyId: actor.kind === 'api-client' ? actor.apiKeyId : null,
          })
          .execute();
        await this.audit.record(trx, actor, { action: 'desk-import.create', recordType: 'desk-import-batch', recordId: batchId!, purpose: PURPOSE, details: { format: batch.format, received: rows.length, accepted: 0, updated: 0, unchanged: summary.unchanged, rejected: summary.rejected.length } });
      });
    }
    return { batchId, ...summary, rows: outcomes };
  }

  private writeEvent(action: string, id: string, batchId: string | null, scored: { score: number; brag: Brag; breakdown: { code: string; applied: boolean }[] }, input: NotificationInput, fields: string[]): AuditEntry {
    return {
      action,
      recordType: RECORD_TYPE,
      recordId: id,
      purpose: PURPOSE,
      fields,
      details: {
        batchId,
        score: scored.score,
        brag: scored.brag,
        factorsApplied: scored.breakdown.filter((l) => l.applied).map((l) => l.code),
        children: input.children.length,
        adults: input.adults.length,
      },
    };
  }

  /** Notifications of the agency naming any of the children being written, in the window that matters. */
  private async earlierNotifications(agencyId: string, writes: { input: NotificationInput; keys: string[] }[]): Promise<KeyedNotification[]> {
    const keys = [...new Set(writes.flatMap((w) => w.keys))];
    if (!keys.length) return [];
    const times = writes.map((w) => new Date(w.input.occurredAt).getTime());
    const from = new Date(Math.min(...times) - REPEAT_WINDOW_MS);
    const to = new Date(Math.max(...times));
    const found = new Map<string, KeyedNotification>();
    for (const part of chunks(keys, 2000)) {
      const rows = await this.db
        .selectFrom('policeNotifications')
        .select(['policeReference', 'occurredAt', 'childKeys'])
        .where('agencyId', '=', agencyId)
        .where(sql<boolean>`child_keys && ${part}::text[]`)
        .where('occurredAt', '>=', from)
        .where('occurredAt', '<', to)
        .execute();
      for (const r of rows) found.set(r.policeReference, { policeReference: r.policeReference, occurredAt: new Date(r.occurredAt), childKeys: r.childKeys });
    }
    return [...found.values()];
  }

  /** The record of one load: its counts and each row's outcome (own agency only). */
  async importBatchResult(actor: Actor, batchId: string) {
    await this.access.require(actor, 'notification.load', { recordType: 'desk-import-batch', recordId: isUuid(batchId) ? batchId : undefined });
    const agencyId = actingAgency(actor);
    const batch = isUuid(batchId) ? await this.db.selectFrom('deskImportBatches').selectAll().where('id', '=', batchId).where('agencyId', '=', agencyId).executeTakeFirst() : undefined;
    if (!batch) {
      await this.access.deny(actor, 'desk-import.read', { recordType: 'desk-import-batch', recordId: isUuid(batchId) ? batchId : undefined }, 'not-found-or-not-in-scope').catch(() => undefined);
      throw new NotFoundError();
    }
    await this.audit.record(this.db, actor, { action: 'desk-import.read', recordType: 'desk-import-batch', recordId: batch.id, purpose: PURPOSE, details: { rows: batch.received } });
    return batch;
  }

  // The queue ---------------------------------------------------------------------------------------------------

  /**
   * The desk's queue: open notifications by default, highest score first and then the oldest, 25 a page,
   * with counts for the filter panel. Filters are codes. Another agency's notifications never appear.
   */
  async queue(actor: Actor, filters: QueueFilters) {
    await this.access.require(actor, 'notification.triage', { recordType: RECORD_TYPE });
    const agencyId = actingAgency(actor);
    const now = this.clock.now();
    const statuses = filters.status.length ? filters.status : [...OPEN_STATUSES];
    const openOnly = statuses.every((s) => OPEN_STATUSES.includes(s));

    let q = this.db.selectFrom('policeNotifications as n').where('n.agencyId', '=', agencyId);
    // The partial indexes match `status in ('new', 'in-review')` exactly; say it that way when the filter allows.
    q = openOnly && statuses.length === OPEN_STATUSES.length ? q.where('n.status', 'in', [...OPEN_STATUSES]) : q.where('n.status', 'in', statuses);
    if (filters.brag.length) q = q.where('n.brag', 'in', filters.brag);
    if (filters.due) {
      q = q.where('n.status', 'in', [...OPEN_STATUSES]);
      if (filters.due === 'overdue') q = q.where('n.dueAt', '<', now);
      else q = q.where('n.dueAt', '<', new Date(now.getTime() + (filters.due === 'within-4h' ? 4 : 24) * 3_600_000));
    }
    if (filters.assigned === 'unassigned') q = q.where('n.assignedTo', 'is', null);
    else if (filters.assigned === 'me' && actor.kind === 'user') q = q.where('n.assignedTo', '=', actor.userId);

    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(filters.page, pages);

    let list = q
      .leftJoin('users as u', 'u.id', 'n.assignedTo')
      .innerJoin('localAuthorities as la', 'la.code', 'n.laCode')
      .select([
        'n.id',
        'n.policeReference',
        'n.laCode',
        'la.name as laName',
        'n.incidentType',
        'n.score',
        'n.brag',
        'n.status',
        'n.dueAt',
        'n.receivedAt',
        'n.occurredAt',
        'n.assignedTo',
        'u.displayName as assigneeName',
        'n.version',
        sql<number>`jsonb_array_length(n.children)`.as('childCount'),
      ]);
    if (filters.sort === 'due') list = list.orderBy('n.dueAt').orderBy('n.id');
    else if (filters.sort === 'received') list = list.orderBy('n.receivedAt', 'desc').orderBy('n.id', 'desc');
    else list = list.orderBy('n.score', 'desc').orderBy('n.receivedAt').orderBy('n.id');
    const items = await list.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE).execute();

    const counts = await this.counts(agencyId, now);
    await this.audit.record(this.db, actor, { action: 'police-notification.list', recordType: RECORD_TYPE, purpose: PURPOSE, fields: ['policeReference', 'laCode', 'incidentType', 'score', 'brag', 'status', 'dueAt'], details: { results: items.length, total, page } });
    return {
      items: items.map((i) => ({ ...i, childCount: Number(i.childCount), isOverdue: OPEN_STATUSES.includes(i.status) && i.dueAt.getTime() < now.getTime() })),
      total,
      page,
      pages,
      pageSize: PAGE_SIZE,
      counts,
    };
  }

  /** Counts for the filter panel: open notifications by BRAG and status, overdue, and the last 30 days' outcomes. */
  private async counts(agencyId: string, now: Date) {
    const open = await this.db
      .selectFrom('policeNotifications')
      .select(['brag', 'status', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`count(*) filter (where due_at < ${now})`.as('overdue')])
      .where('agencyId', '=', agencyId)
      .where('status', 'in', [...OPEN_STATUSES])
      .groupBy(['brag', 'status'])
      .execute();
    const since = new Date(now.getTime() - 30 * 24 * 3_600_000);
    const done = await this.db
      .selectFrom('policeNotifications')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('agencyId', '=', agencyId)
      .where('status', 'in', ['forwarded', 'closed'])
      .where('receivedAt', '>=', since)
      .groupBy('status')
      .execute();
    const brag: Record<Brag, number> = { red: 0, amber: 0, green: 0, blue: 0 };
    const status: Record<NotificationStatus, number> = { new: 0, 'in-review': 0, forwarded: 0, closed: 0 };
    let overdue = 0;
    for (const r of open) {
      brag[r.brag] += Number(r.n);
      status[r.status] += Number(r.n);
      overdue += Number(r.overdue);
    }
    for (const r of done) status[r.status] += Number(r.n);
    return { brag, status, overdue, open: status.new + status['in-review'], bragOrder: Object.keys(BRAG_RANK) as Brag[] };
  }

  // One notification --------------------------------------------------------------------------------------------

  /** Finds a notification of the actor's own agency, or audits the refusal and answers "not found". */
  private async own(actor: Actor, id: string, action: string) {
    const agencyId = actingAgency(actor);
    const row = isUuid(id) ? await this.db.selectFrom('policeNotifications').selectAll().where('id', '=', id).where('agencyId', '=', agencyId).executeTakeFirst() : undefined;
    if (!row) {
      await this.access.deny(actor, action, { recordType: RECORD_TYPE, recordId: isUuid(id) ? id : undefined }, 'not-found-or-not-in-scope').catch(() => undefined);
      throw new NotFoundError();
    }
    return row;
  }

  /** A notification with its people, summary, score breakdown and history. Each read is audited. */
  async notification(actor: Actor, id: string) {
    await this.access.require(actor, 'notification.triage', { recordType: RECORD_TYPE, recordId: isUuid(id) ? id : undefined });
    const found = await this.own(actor, id, 'police-notification.read');
    return this.db.transaction().execute(async (trx) => {
      const n = await trx
        .selectFrom('policeNotifications as n')
        .innerJoin('localAuthorities as la', 'la.code', 'n.laCode')
        .leftJoin('users as a', 'a.id', 'n.assignedTo')
        .leftJoin('users as f', 'f.id', 'n.forwardedBy')
        .leftJoin('users as c', 'c.id', 'n.closedBy')
        .selectAll('n')
        .select(['la.name as laName', 'a.displayName as assigneeName', 'f.displayName as forwardedByName', 'c.displayName as closedByName'])
        .where('n.id', '=', found.id)
        .executeTakeFirstOrThrow();
      const history = (await this.audit.history(trx as unknown as Kysely<PlatformTables>, RECORD_TYPE, found.id)).filter((e) => !e.action.endsWith('.read') && e.outcome === 'success');
      await this.audit.record(trx, actor, { action: 'police-notification.read', recordType: RECORD_TYPE, recordId: found.id, purpose: PURPOSE, fields: ['children', 'adults', 'summary', 'scoreBreakdown', 'history'] });
      const now = this.clock.now();
      return { ...n, isOverdue: OPEN_STATUSES.includes(n.status) && n.dueAt.getTime() < now.getTime(), isOpen: OPEN_STATUSES.includes(n.status), history };
    });
  }

  /** Takes a notification into review, assigned to the acting officer. */
  async assign(actor: Actor, id: string, version: number): Promise<void> {
    await this.access.require(actor, 'notification.triage', { recordType: RECORD_TYPE, recordId: isUuid(id) ? id : undefined });
    const user = this.access.requireUser(actor);
    const n = await this.own(actor, id, 'police-notification.assign');
    if (!OPEN_STATUSES.includes(n.status)) throw new ValidationError({ _form: 'This notification has already been forwarded or closed' });
    if (n.version !== version) throw new ConflictError(CONFLICT_MESSAGE);
    await this.db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('policeNotifications')
        .set({ assignedTo: user.userId, status: 'in-review', version: version + 1, updatedAt: this.clock.now() })
        .where('id', '=', n.id)
        .where('version', '=', version)
        .returning('id')
        .executeTakeFirst();
      if (!done) throw new ConflictError(CONFLICT_MESSAGE);
      await this.audit.record(trx, actor, { action: 'police-notification.assign', recordType: RECORD_TYPE, recordId: n.id, purpose: PURPOSE, fields: ['assignedTo', 'status'], details: { assignedTo: user.userId, previousStatus: n.status } });
    });
  }

  /**
   * Forwards a notification to the hub of its local authority: the front door makes a contact with the
   * notification attached. The forwarder is idempotent by notification, so a retry after a failure between
   * its answer and our commit makes no second contact.
   */
  async forward(actor: Actor, id: string, version: number): Promise<{ contactId: string }> {
    await this.access.require(actor, 'notification.triage', { recordType: RECORD_TYPE, recordId: isUuid(id) ? id : undefined });
    const n = await this.own(actor, id, 'police-notification.forward');
    if (!OPEN_STATUSES.includes(n.status)) throw new ValidationError({ _form: `This notification has already been ${n.status === 'forwarded' ? 'forwarded to the hub' : 'closed'}` });
    if (n.version !== version) throw new ConflictError(CONFLICT_MESSAGE);
    const { contactId } = await this.forwarder.contactFromNotification(actor, {
      notificationId: n.id,
      agencyId: n.agencyId,
      policeReference: n.policeReference,
      laCode: n.laCode,
      occurredAt: n.occurredAt,
      incidentType: n.incidentType,
      summary: n.summary,
      children: n.children,
      adults: n.adults,
      factors: n.factors,
      score: n.score,
      brag: n.brag,
    });
    await this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const done = await trx
        .updateTable('policeNotifications')
        .set({ status: 'forwarded', contactId, forwardedAt: now, forwardedBy: userIdOf(actor), version: version + 1, updatedAt: now })
        .where('id', '=', n.id)
        .where('version', '=', version)
        .where('status', 'in', [...OPEN_STATUSES])
        .returning('id')
        .executeTakeFirst();
      if (!done) throw new ConflictError(CONFLICT_MESSAGE);
      await this.audit.record(trx, actor, { action: 'police-notification.forward', recordType: RECORD_TYPE, recordId: n.id, purpose: PURPOSE, fields: ['status', 'contactId'], details: { contactId, laCode: n.laCode, brag: n.brag, score: n.score } });
    });
    return { contactId };
  }

  /** Closes a notification with a reason (a code; free text only for 'other'). */
  async close(actor: Actor, id: string, input: CloseInput): Promise<void> {
    await this.access.require(actor, 'notification.triage', { recordType: RECORD_TYPE, recordId: isUuid(id) ? id : undefined });
    const n = await this.own(actor, id, 'police-notification.close');
    if (!OPEN_STATUSES.includes(n.status)) throw new ValidationError({ _form: `This notification has already been ${n.status === 'forwarded' ? 'forwarded to the hub' : 'closed'}` });
    if (n.version !== input.version) throw new ConflictError(CONFLICT_MESSAGE);
    await this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const done = await trx
        .updateTable('policeNotifications')
        .set({ status: 'closed', closedReason: input.reason, closedReasonDetail: input.reason === 'other' ? input.detail : input.detail || null, closedAt: now, closedBy: userIdOf(actor), version: input.version + 1, updatedAt: now })
        .where('id', '=', n.id)
        .where('version', '=', input.version)
        .where('status', 'in', [...OPEN_STATUSES])
        .returning('id')
        .executeTakeFirst();
      if (!done) throw new ConflictError(CONFLICT_MESSAGE);
      await this.audit.record(trx, actor, { action: 'police-notification.close', recordType: RECORD_TYPE, recordId: n.id, purpose: PURPOSE, fields: ['status', 'closedReason', ...(input.detail ? ['closedReasonDetail'] : [])], details: { reason: input.reason } });
    });
  }

  // Configuration -----------------------------------------------------------------------------------------------

  /** The agency's risk factors (with weights) and BRAG thresholds and due times. */
  async settings(actor: Actor) {
    await this.access.require(actor, 'desk.configure', { recordType: 'desk-risk-factor' });
    const agencyId = actingAgency(actor);
    return this.config(this.db, agencyId);
  }

  /**
   * Changes one factor's weight or turns it on or off. Notifications already scored keep their score and
   * breakdown (the breakdown records the weights applied at the time); new and updated notifications use the
   * new weight.
   */
  async updateFactor(actor: Actor, code: string, change: { weight: number; isActive: boolean; version: number }): Promise<void> {
    await this.access.require(actor, 'desk.configure', { recordType: 'desk-risk-factor' });
    const agencyId = actingAgency(actor);
    await this.ensureConfig(this.db, agencyId);
    await this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('deskRiskFactors').selectAll().where('agencyId', '=', agencyId).where('code', '=', code).forUpdate().executeTakeFirst();
      if (!current) throw new NotFoundError();
      if (current.version !== change.version) throw new ConflictError('This factor was changed by someone else. Reload the page and try again.');
      await trx
        .updateTable('deskRiskFactors')
        .set({ weight: change.weight, isActive: change.isActive, version: current.version + 1, updatedAt: this.clock.now(), updatedBy: userIdOf(actor) })
        .where('agencyId', '=', agencyId)
        .where('code', '=', code)
        .execute();
      await this.audit.record(trx, actor, {
        action: 'desk-factor.update',
        recordType: 'desk-risk-factor',
        purpose: 'configuration',
        fields: ['weight', 'isActive'],
        details: { code, weight: change.weight, isActive: change.isActive, previousWeight: current.weight, wasActive: current.isActive },
      });
    });
  }
}

function keysOf(input: NotificationInput): string[] {
  return [...new Set(input.children.map(childKey).filter((k): k is string => k !== null))];
}

function stored(o: RowOutcome): StoredRowResult {
  const { isConflict: _isConflict, errors, ...rest } = o;
  return errors ? { ...rest, problems: Object.entries(errors).map(([field, message]) => ({ field, message })) } : rest;
}

function summarise(outcomes: RowOutcome[]) {
  let accepted = 0;
  let updated = 0;
  let unchanged = 0;
  const rejected: RejectedRow[] = [];
  for (const o of outcomes) {
    if (o.outcome === 'created') accepted++;
    else if (o.outcome === 'updated') updated++;
    else if (o.outcome === 'unchanged') unchanged++;
    else rejected.push({ row: o.row, policeReference: o.policeReference, errors: o.errors ?? {} });
  }
  return { received: outcomes.length, accepted, updated, unchanged, rejected };
}
