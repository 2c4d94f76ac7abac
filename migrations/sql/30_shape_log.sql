-- Repeatable: the append step of change capture for the embedded shape log.
-- Per-table trigger functions (which render rows in Postgres text forms) are
-- generated from the catalog by migrations/src/shape-log-triggers.ts and call
-- this function. Rules SL-1..SL-3 in docs/SPEC.md.
CREATE OR REPLACE FUNCTION plantkeep_shape_log_append(
  p_tenant uuid, p_table text, p_op text, p_new jsonb, p_old jsonb, p_changed text[]
) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  state text := current_setting('plantkeep.shape_log_tx', true);
  parts text[] := string_to_array(coalesce(state, ''), ':');
  tx bigint := txid_current();
  v_lsn bigint;
  v_pos integer;
BEGIN
  IF parts[1] = tx::text AND parts[2] = p_tenant::text THEN
    -- Same transaction, same tenant: same LSN, next position.
    v_lsn := parts[3]::bigint;
    v_pos := parts[4]::integer + 1;
  ELSE
    -- First change of this transaction: take the tenant's head lock until commit.
    INSERT INTO shape_log_heads AS h (tenant_id, lsn) VALUES (p_tenant, 2)
      ON CONFLICT (tenant_id) DO UPDATE SET lsn = h.lsn + 1
      RETURNING h.lsn INTO v_lsn;
    v_pos := 0;
  END IF;
  PERFORM set_config('plantkeep.shape_log_tx', concat_ws(':', tx, p_tenant, v_lsn, v_pos), true);
  INSERT INTO shape_log (tenant_id, lsn, op_position, txid, table_name, operation, new_row, old_row, changed)
  VALUES (p_tenant, v_lsn, v_pos, tx, p_table, p_op, p_new, p_old, p_changed);
  -- Delivered at commit (and once per transaction): wakes live long-polls.
  PERFORM pg_notify('plantkeep_shape_log', p_tenant::text);
END
$fn$;

GRANT EXECUTE ON FUNCTION plantkeep_shape_log_append(uuid, text, text, jsonb, jsonb, text[]) TO plantkeep_app;

-- The tenant's head lock, held until commit. Taken BEFORE each statement on a
-- synced table (statement-level trigger below) and by a mutation's first
-- locking read (MU-8), so a transaction waits for the tenant's head lock before
-- it locks any row: two transactions locking rows in a different order than
-- the head cannot deadlock against each other (SL-2). Tenant comes from the
-- request's RLS setting; owner writes (seeding, maintenance) lock at their
-- first change.
CREATE OR REPLACE FUNCTION plantkeep_shape_log_lock_head() RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
  marker text;
BEGIN
  IF tenant IS NULL OR current_setting('plantkeep.shape_log', true) = 'off' THEN RETURN; END IF;
  marker := txid_current()::text || ':' || tenant::text;
  IF current_setting('plantkeep.shape_log_locked', true) = marker THEN RETURN; END IF;
  INSERT INTO shape_log_heads (tenant_id, lsn) VALUES (tenant, 1) ON CONFLICT (tenant_id) DO NOTHING;
  PERFORM 1 FROM shape_log_heads WHERE tenant_id = tenant FOR UPDATE;
  PERFORM set_config('plantkeep.shape_log_locked', marker, true);
END
$fn$;

GRANT EXECUTE ON FUNCTION plantkeep_shape_log_lock_head() TO plantkeep_app;

CREATE OR REPLACE FUNCTION plantkeep_shape_log_lock() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM plantkeep_shape_log_lock_head();
  RETURN NULL;
END
$fn$;
