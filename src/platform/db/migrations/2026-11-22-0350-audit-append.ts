// Numbered after the modules' first migrations so that databases made before it migrate forward in order.
// One round trip appends audit events to the chain: the function takes the chain's lock, reads the head under a
// fresh snapshot (each statement of a volatile function takes its own in READ COMMITTED) and, if the head is the
// one the caller chained its events to, inserts them. Otherwise it inserts nothing and returns the head, and the
// caller (still holding the lock) re-chains its events to it. The chain lock is held until the transaction ends, so
// the fewer round trips between taking it and committing, the more writers the chain serves a second.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`create function audit_append(expected_seq bigint, expected_hash text, events jsonb)
    returns table (head_seq bigint, head_hash text, appended boolean)
    language plpgsql volatile as $$
    declare
      h_seq bigint;
      h_hash text;
    begin
      perform pg_advisory_xact_lock(7270001);
      select a.seq, a.hash into h_seq, h_hash from audit_events a order by a.seq desc limit 1;
      h_seq := coalesce(h_seq, 0);
      h_hash := coalesce(h_hash, repeat('0', 64));
      if h_seq <> expected_seq or h_hash <> expected_hash then
        return query select h_seq, h_hash, false;
        return;
      end if;
      insert into audit_events (seq, id, occurred_at, actor_user_id, actor_api_key_id, actor_role, actor_agency_id,
          session_id, action, record_type, record_id, purpose, fields, outcome, correlation_id, details, prev_hash, hash)
        select e.seq, e.id, e.occurred_at, e.actor_user_id, e.actor_api_key_id, e.actor_role, e.actor_agency_id,
          e.session_id, e.action, e.record_type, e.record_id, e.purpose, e.fields, e.outcome, e.correlation_id,
          e.details, e.prev_hash, e.hash
        from jsonb_to_recordset(events) as e(seq bigint, id uuid, occurred_at timestamptz, actor_user_id uuid,
          actor_api_key_id uuid, actor_role text, actor_agency_id uuid, session_id uuid, action text,
          record_type text, record_id text, purpose text, fields text[], outcome text, correlation_id text,
          details jsonb, prev_hash text, hash text)
        order by e.seq;
      select a.seq, a.hash into h_seq, h_hash from audit_events a order by a.seq desc limit 1;
      return query select h_seq, h_hash, true;
    end
  $$`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop function audit_append(bigint, text, jsonb)').execute(db);
}
