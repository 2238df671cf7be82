// The audit trail: one append-only, hash-chained event for every read and write of personal data,
// every denied attempt, and every sign-in and sign-out. Events hold identifiers and outcomes, never case text.
//
// Chain: each event stores the previous event's hash and its own hash = HMAC-SHA256(key, prevHash + canonical(event)).
// Writers take a transaction-scoped advisory lock before reading the chain head, so events are numbered
// 1, 2, 3 … with no gaps, in commit order, across every node writing to the same database. The lock, the head
// and the insert are one call of the audit_append function (migration 0350), so the lock is held for as few
// round trips as possible.
import { createHmac, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Actor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { AuditEventsTable, PlatformTables } from '../db/schema.ts';

export type AuditOutcome = AuditEventsTable['outcome'];

/** Detail values are identifiers, codes, counts and flags only: no free text about people. */
export type AuditDetailValue = string | number | boolean | null | string[];

export interface AuditEntry {
  action: string;
  recordType?: string;
  recordId?: string;
  purpose?: string;
  fields?: string[];
  outcome?: AuditOutcome;
  details?: Record<string, AuditDetailValue>;
}

/** An event as stored: the audit_events row. */
export type StoredAuditEvent = Selectable<AuditEventsTable>;

export type VerifyResult =
  | { ok: true; events: number; headHash: string }
  | { ok: false; events: number; brokenAtSeq: number; brokenEventId: string | null; problem: string };

export const GENESIS_HASH = '0'.repeat(64);

type Executor = Kysely<PlatformTables> | Transaction<PlatformTables>;

function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashEvent(key: string, event: Omit<StoredAuditEvent, 'hash'>): string {
  const body = canonical([
    event.seq,
    event.id,
    event.occurredAt,
    event.actorUserId,
    event.actorApiKeyId,
    event.actorRole,
    event.actorAgencyId,
    event.sessionId,
    event.action,
    event.recordType,
    event.recordId,
    event.purpose,
    event.fields,
    event.outcome,
    event.correlationId,
    event.details,
  ]);
  return createHmac('sha256', key).update(event.prevHash).update('\n').update(body).digest('hex');
}

function actorColumns(actor: Actor) {
  switch (actor.kind) {
    case 'user':
      return {
        actorUserId: actor.userId,
        actorApiKeyId: null,
        actorRole: actor.role,
        actorAgencyId: actor.agencyId,
        sessionId: actor.sessionId,
      };
    case 'api-client':
      return { actorUserId: null, actorApiKeyId: actor.apiKeyId, actorRole: 'api-client', actorAgencyId: actor.agencyId, sessionId: null };
    case 'system':
      return { actorUserId: null, actorApiKeyId: null, actorRole: `system:${actor.name}`, actorAgencyId: null, sessionId: null };
    case 'anonymous':
      return { actorUserId: null, actorApiKeyId: null, actorRole: null, actorAgencyId: null, sessionId: null };
  }
}

export class AuditTrail {
  constructor(
    private readonly key: string,
    private readonly clock: Clock,
  ) {}

  /**
   * The chain's head as this process last left it (its own newest event, committed or not). Events are chained to
   * it before the lock is taken, so that in the common case (one node, no rollback) the lock is held for one round
   * trip and the commit; when another writer got there first, the events are re-chained under the lock.
   */
  private predicted: { seq: number; hash: string } | undefined;

  /**
   * Appends one event. Call it inside the transaction of the change it records, as the last step
   * (the chain lock is held until commit). Outside a transaction it commits on its own.
   */
  async record(executor: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
    if (executor.isTransaction) {
      await this.append(executor as Transaction<PlatformTables>, actor, [entry]);
    } else {
      await (executor as Kysely<PlatformTables>).transaction().execute((trx) => this.append(trx, actor, [entry]));
    }
  }

  /**
   * Appends one event per entry, in order, for bulk work (an import of many records): the chain lock is
   * taken once. Call it inside the transaction of the change.
   */
  async recordMany(trx: Transaction<PlatformTables>, actor: Actor, entries: AuditEntry[]): Promise<void> {
    if (entries.length) await this.append(trx, actor, entries);
  }

  private build(actor: Actor, entry: AuditEntry, seq: number, prevHash: string): Omit<StoredAuditEvent, 'hash'> {
    return {
      seq,
      id: randomUUID(),
      occurredAt: this.clock.now(),
      ...actorColumns(actor),
      action: entry.action,
      recordType: entry.recordType ?? null,
      recordId: entry.recordId ?? null,
      purpose: entry.purpose ?? null,
      fields: entry.fields ?? [],
      outcome: entry.outcome ?? 'success',
      correlationId: actor.correlationId,
      details: entry.details ?? {},
      prevHash,
    };
  }

  /** The events, numbered and hashed after the given head. */
  private chain(actor: Actor, entries: AuditEntry[], head: { seq: number; hash: string }) {
    let seq = head.seq;
    let prevHash = head.hash;
    return entries.map((entry) => {
      const event = this.build(actor, entry, (seq += 1), prevHash);
      const hash = hashEvent(this.key, event);
      prevHash = hash;
      return { ...event, hash };
    });
  }

  private async append(trx: Transaction<PlatformTables>, actor: Actor, entries: AuditEntry[]): Promise<void> {
    const expected = this.predicted ?? { seq: 0, hash: GENESIS_HASH };
    let rows = this.chain(actor, entries, expected);
    const last = rows.at(-1)!;
    this.predicted = { seq: last.seq, hash: last.hash };
    const json = (batch: typeof rows) =>
      JSON.stringify(
        batch.map((r) => ({
          seq: r.seq,
          id: r.id,
          occurred_at: r.occurredAt.toISOString(),
          actor_user_id: r.actorUserId,
          actor_api_key_id: r.actorApiKeyId,
          actor_role: r.actorRole,
          actor_agency_id: r.actorAgencyId,
          session_id: r.sessionId,
          action: r.action,
          record_type: r.recordType,
          record_id: r.recordId,
          purpose: r.purpose,
          fields: r.fields,
          outcome: r.outcome,
          correlation_id: r.correlationId,
          details: r.details,
          prev_hash: r.prevHash,
          hash: r.hash,
        })),
      );
    const first = rows.length <= 1000 ? rows : [];
    const result = await sql<{ headSeq: string | number; headHash: string; appended: boolean }>`
      select head_seq, head_hash, appended from audit_append(${expected.seq}, ${expected.hash}, ${json(first)}::jsonb)`.execute(trx);
    const outcome = result.rows[0]!;
    if (outcome.appended && first.length) return;
    // The lock is held now. Re-chain to the head as it is (another writer, another node or a rollback moved it)
    // unless it is already where this process expected, and insert in chunks.
    const head = { seq: Number(outcome.headSeq), hash: outcome.headHash };
    if (!outcome.appended) rows = this.chain(actor, entries, head);
    for (let i = 0; i < rows.length; i += 1000) {
      await trx
        .insertInto('auditEvents')
        .values(rows.slice(i, i + 1000).map((r) => ({ ...r, details: JSON.stringify(r.details) })))
        .execute();
    }
    const end = rows.at(-1)!;
    this.predicted = { seq: end.seq, hash: end.hash };
  }

  /** Walks the chain in order and names the first event whose link is broken. */
  async verify(db: Kysely<PlatformTables>, onProgress?: (checked: number) => void): Promise<VerifyResult> {
    const batch = 5000;
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    let lastSeq = 0;
    for (;;) {
      const rows = await db.selectFrom('auditEvents').selectAll().where('seq', '>', lastSeq).orderBy('seq').limit(batch).execute();
      for (const row of rows) {
        const event = row as unknown as StoredAuditEvent;
        if (event.seq !== expectedSeq) {
          return {
            ok: false,
            events: checked,
            brokenAtSeq: expectedSeq,
            brokenEventId: null,
            problem: event.seq > expectedSeq ? `event ${expectedSeq} is missing (next present is ${event.seq})` : `event ${event.seq} is out of order`,
          };
        }
        if (event.prevHash !== prevHash) {
          return { ok: false, events: checked, brokenAtSeq: event.seq, brokenEventId: event.id, problem: `event ${event.seq} does not link to the event before it` };
        }
        const { hash, ...rest } = event;
        if (hashEvent(this.key, { ...rest, occurredAt: new Date(rest.occurredAt) }) !== hash) {
          return { ok: false, events: checked, brokenAtSeq: event.seq, brokenEventId: event.id, problem: `event ${event.seq} was altered after it was written` };
        }
        prevHash = hash;
        expectedSeq += 1;
        checked += 1;
        lastSeq = event.seq;
      }
      onProgress?.(checked);
      if (rows.length < batch) break;
    }
    return { ok: true, events: checked, headHash: prevHash };
  }

  /** Events about one record, newest first, with the acting user's name and agency. */
  async history(db: Kysely<PlatformTables>, recordType: string, recordId: string, limit = 200) {
    return db
      .selectFrom('auditEvents as e')
      .leftJoin('users as u', 'u.id', 'e.actorUserId')
      .leftJoin('agencies as a', 'a.id', 'e.actorAgencyId')
      .leftJoin('apiKeys as k', 'k.id', 'e.actorApiKeyId')
      .select([
        'e.seq',
        'e.occurredAt',
        'e.action',
        'e.actorRole',
        'e.purpose',
        'e.fields',
        'e.outcome',
        'e.correlationId',
        'u.displayName as actorName',
        'a.name as actorAgencyName',
        'k.name as apiKeyName',
      ])
      .where('e.recordType', '=', recordType)
      .where('e.recordId', '=', recordId)
      .orderBy('e.seq', 'desc')
      .limit(limit)
      .execute();
  }
}
