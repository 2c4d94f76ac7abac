import { quoteIdent, quoteLiteral } from '../sql-ident';
import {
  replicaTables,
  replicaTablesSql,
  SYNCED_SCHEMA,
  syncedTableRef,
  type ReplicaTableShape,
} from './synced-tables';

/**
 * The replica's local-only tables (never synced):
 * - `pending_mutations`: the durable queue, one row per mutation not yet
 *   acknowledged, with the user's original arguments;
 * - `local_changes`: the overlay of pending effects, one row per touched row
 *   (its locally changed columns, or the whole row for a local insert);
 * - `client_seqs`: the last sequence number handed out per client id;
 * - `dismissed_rejections`: rejections the user has dealt with.
 */
export const localTablesSql = [
  `CREATE TABLE IF NOT EXISTS pending_mutations (
    client_id uuid NOT NULL,
    seq bigint NOT NULL,
    user_id uuid NOT NULL,
    name text NOT NULL,
    args jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, seq)
  )`,
  `CREATE TABLE IF NOT EXISTS local_changes (
    client_id uuid NOT NULL,
    table_name text NOT NULL,
    key text NOT NULL,
    data jsonb NOT NULL,
    deleted boolean NOT NULL DEFAULT false,
    last_seq bigint NOT NULL,
    PRIMARY KEY (table_name, key, client_id)
  )`,
  `CREATE TABLE IF NOT EXISTS client_seqs (
    client_id uuid PRIMARY KEY,
    last_seq bigint NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS dismissed_rejections (
    client_id uuid NOT NULL,
    seq bigint NOT NULL,
    dismissed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, seq)
  )`,
];

/** The text key of a row: its primary-key values joined with '|', as the overlay stores it. */
export function keyExpression(alias: string, table: ReplicaTableShape): string {
  return `concat_ws('|', ${table.primaryKey.map((c) => `${alias}.${quoteIdent(c)}::text`).join(', ')})`;
}

/**
 * A view per synced table, named like it, in `public`: synced rows without
 * a local change, plus locally changed or inserted rows (synced row with the
 * overlay's columns on top), minus local deletes. The app reads only these.
 */
function viewSql(table: ReplicaTableShape): string {
  const synced = syncedTableRef(table.name);
  const name = quoteLiteral(table.name);
  return `CREATE OR REPLACE VIEW public.${quoteIdent(table.name)} AS
    SELECT t.* FROM ${synced} t
     WHERE NOT EXISTS (SELECT 1 FROM local_changes l WHERE l.table_name = ${name} AND l.key = ${keyExpression('t', table)})
    UNION ALL
    SELECT r.* FROM local_changes l
      LEFT JOIN ${synced} t ON ${keyExpression('t', table)} = l.key
      CROSS JOIN LATERAL jsonb_populate_record(t, l.data) r
     WHERE l.table_name = ${name} AND NOT l.deleted`;
}

/**
 * Acknowledgement inside sync's own transaction: when this client's
 * sync_clients row arrives with a higher last_mutation_seq, the acknowledged
 * pending mutations and their overlay rows go in the same commit that brings
 * their server effects, so the screen never flickers. A new rejection is
 * announced so the client rebuilds the overlay without it.
 */
const ackSql = [
  `CREATE OR REPLACE FUNCTION plantkeep_acknowledge() RETURNS trigger LANGUAGE plpgsql AS $fn$
   BEGIN
     DELETE FROM pending_mutations WHERE client_id = NEW.client_id AND seq <= NEW.last_mutation_seq;
     DELETE FROM local_changes WHERE client_id = NEW.client_id AND last_seq <= NEW.last_mutation_seq;
     RETURN NULL;
   END $fn$`,
  `DROP TRIGGER IF EXISTS plantkeep_acknowledge ON ${syncedTableRef('sync_clients')}`,
  `CREATE TRIGGER plantkeep_acknowledge AFTER INSERT OR UPDATE ON ${syncedTableRef('sync_clients')}
   FOR EACH ROW EXECUTE FUNCTION plantkeep_acknowledge()`,
  `CREATE OR REPLACE FUNCTION plantkeep_rejected() RETURNS trigger LANGUAGE plpgsql AS $fn$
   BEGIN
     PERFORM pg_notify('plantkeep_rejected', NEW.client_id::text);
     RETURN NULL;
   END $fn$`,
  `DROP TRIGGER IF EXISTS plantkeep_rejected ON ${syncedTableRef('mutation_rejections')}`,
  `CREATE TRIGGER plantkeep_rejected AFTER INSERT ON ${syncedTableRef('mutation_rejections')}
   FOR EACH ROW EXECUTE FUNCTION plantkeep_rejected()`,
];

/**
 * Guards pglite-sync's resume point. pglite-sync 0.6.1 commits all shapes up
 * to the lowest LSN every shape has completed, but saves each shape's *latest*
 * offset with that commit; a shape that already received changes beyond the
 * commit would resume after them and lose them if the app stops in between.
 * Inside that same commit, this trigger lowers any shape offset beyond the
 * committed LSN to `<committed lsn>_0`, so a restart fetches those changes
 * again (they are skipped by LSN if already applied). Same table definition
 * as pglite-sync's own, created first so the trigger can be attached.
 */
const resumeGuardSql = [
  'CREATE SCHEMA IF NOT EXISTS electric',
  `CREATE TABLE IF NOT EXISTS electric.subscriptions_metadata (
     key TEXT PRIMARY KEY, shape_metadata JSONB NOT NULL, last_lsn TEXT NOT NULL)`,
  `CREATE OR REPLACE FUNCTION plantkeep_clamp_resume_offsets() RETURNS trigger LANGUAGE plpgsql AS $fn$
   DECLARE
     shape record;
     committed numeric;
   BEGIN
     IF NEW.last_lsn !~ '^[0-9]+$' THEN RETURN NEW; END IF;
     committed := NEW.last_lsn::numeric;
     IF committed < 1 THEN RETURN NEW; END IF;
     FOR shape IN SELECT key, value->>'offset' AS off FROM jsonb_each(NEW.shape_metadata) LOOP
       IF shape.off ~ '^[0-9]+_' AND split_part(shape.off, '_', 1)::numeric > committed THEN
         NEW.shape_metadata := jsonb_set(NEW.shape_metadata, ARRAY[shape.key, 'offset'], to_jsonb(committed::text || '_0'));
       END IF;
     END LOOP;
     RETURN NEW;
   END $fn$`,
  'DROP TRIGGER IF EXISTS plantkeep_clamp_resume_offsets ON electric.subscriptions_metadata',
  `CREATE TRIGGER plantkeep_clamp_resume_offsets BEFORE INSERT OR UPDATE ON electric.subscriptions_metadata
   FOR EACH ROW EXECUTE FUNCTION plantkeep_clamp_resume_offsets()`,
];

/**
 * Replayed inserts become updates. After a restart, a shape resumes from the
 * LSN its whole subscription committed (see the resume guard below), which
 * can be older than the snapshot rows it already committed: the replay then
 * brings inserts for rows the table holds. pglite-sync writes plain INSERTs,
 * so each synced table turns an insert of an existing key into an update of
 * that row to the inserted values (the later changes of the replay follow).
 */
function replayInsertSql(table: ReplicaTableShape): string[] {
  const name = `plantkeep_replay_insert_${table.name}`;
  const columns = table.columns.map((c) => quoteIdent(c.name));
  const match = table.primaryKey.map((c) => `${quoteIdent(c)} = NEW.${quoteIdent(c)}`);
  return [
    `CREATE OR REPLACE FUNCTION ${quoteIdent(name)}() RETURNS trigger LANGUAGE plpgsql AS $fn$
     BEGIN
       UPDATE ${syncedTableRef(table.name)} SET (${columns.join(', ')}) = ROW(${columns.map((c) => `NEW.${c}`).join(', ')})
        WHERE ${match.join(' AND ')};
       IF FOUND THEN RETURN NULL; END IF;
       RETURN NEW;
     END $fn$`,
    `DROP TRIGGER IF EXISTS ${quoteIdent(name)} ON ${syncedTableRef(table.name)}`,
    `CREATE TRIGGER ${quoteIdent(name)} BEFORE INSERT ON ${syncedTableRef(table.name)}
     FOR EACH ROW EXECUTE FUNCTION ${quoteIdent(name)}()`,
  ];
}

/**
 * A fingerprint of everything sync writes into: the synced tables, their
 * views and triggers. A replica built by an older app version has another
 * fingerprint (see `replicaUpgradeSql`).
 */
export function syncedSchemaVersion(): string {
  const text = [
    ...replicaTablesSql(),
    ...replicaTables().map(viewSql),
    ...replicaTables().flatMap(replayInsertSql),
  ].join(';');
  // FNV-1a, 32 bit twice with different seeds: runs anywhere (browser worker, Node), no crypto needed.
  const fnv = (seed: number) => {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  };
  return fnv(0x811c9dc5) + fnv(0x050c5d1f);
}

/**
 * Run before `replicaSchemaSql` by a new app version: when the synced
 * schema's fingerprint changed, the synced tables (and the views over them)
 * are dropped together with pglite-sync's saved positions, so sync starts
 * over into the new layout. The local tables — the pending log, the overlay,
 * the sequence counters — are kept, so no queued write is lost; their
 * acknowledgement arrives with the fresh sync (SPEC CL-6).
 */
export function replicaUpgradeSql(): string[] {
  const version = quoteLiteral(syncedSchemaVersion());
  return [
    'CREATE TABLE IF NOT EXISTS replica_meta (key text PRIMARY KEY, value text NOT NULL)',
    `DO $$ BEGIN
       IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${quoteLiteral(SYNCED_SCHEMA)})
          AND (SELECT value FROM replica_meta WHERE key = 'synced_schema') IS DISTINCT FROM ${version} THEN
         EXECUTE 'DROP SCHEMA ${SYNCED_SCHEMA} CASCADE';
         IF to_regclass('electric.subscriptions_metadata') IS NOT NULL THEN
           DELETE FROM electric.subscriptions_metadata;
         END IF;
       END IF;
     END $$`,
    `INSERT INTO replica_meta (key, value) VALUES ('synced_schema', ${version})
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
  ];
}

/** Everything the replica needs, in order; idempotent, and upgrades an older layout. */
export function replicaSchemaSql(): string[] {
  return [
    ...localTablesSql,
    ...replicaUpgradeSql(),
    ...replicaTablesSql(),
    ...replicaTables().map(viewSql),
    ...replicaTables().flatMap(replayInsertSql),
    ...ackSql,
    ...resumeGuardSql,
  ];
}
