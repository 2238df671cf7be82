// The audit trail: one append-only, hash-chained event for every read and write of personal data,
// every denied attempt, and every sign-in and sign-out. Events hold identifiers and outcomes, never case text.
//
// Chain: each event stores the previous event's hash and its own hash = HMAC-SHA256(key, prevHash + canonical(event)).
// Writers take a transaction-scoped advisory lock before reading the chain head, so events are numbered
// 1, 2, 3 … with no gaps, in commit order, across every node writing to the same database.
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
/** Key of the advisory lock that serialises appends to the chain. */
const AUDIT_CHAIN_LOCK = 7_270_001;

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
   * Appends one event. Call it inside the transaction of the change it records, as the last step
   * (the chain lock is held until commit). Outside a transaction it commits on its own.
   */
  async record(executor: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
    if (executor.isTransaction) {
      await this.append(executor as Transaction<PlatformTables>, actor, entry);
    } else {
      await (executor as Kysely<PlatformTables>).transaction().execute((trx) => this.append(trx, actor, entry));
    }
  }

  /**
   * Appends one event per entry, in order, for bulk work (an import of many records): the chain lock is
   * taken once and the events are inserted in chunks. Call it inside the transaction of the change.
   */
  async recordMany(trx: Transaction<PlatformTables>, actor: Actor, entries: AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
    const head = await trx.selectFrom('auditEvents').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const rows = entries.map((entry) => {
      const event = this.build(actor, entry, (seq += 1), prevHash);
      const hash = hashEvent(this.key, event);
      prevHash = hash;
      return { ...event, details: JSON.stringify(event.details), hash };
    });
    for (let i = 0; i < rows.length; i += 1000) await trx.insertInto('auditEvents').values(rows.slice(i, i + 1000)).execute();
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

  private async append(trx: Transaction<PlatformTables>, actor: Actor, entry: AuditEntry): Promise<void> {
    await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
    const head = await trx.selectFrom('auditEvents').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const event = this.build(actor, entry, (head?.seq ?? 0) + 1, head?.hash ?? GENESIS_HASH);
    const hash = hashEvent(this.key, event);
    await trx
      .insertInto('auditEvents')
      .values({ ...event, details: JSON.stringify(event.details), hash })
      .execute();
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
