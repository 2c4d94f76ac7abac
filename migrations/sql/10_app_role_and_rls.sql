-- Repeatable: re-applied whenever this file changes. Idempotent by construction.
-- The application role: not the owner of any table, so row-level security
-- applies to it; every tenant-scoped transaction runs `SET LOCAL ROLE
-- plantkeep_app` and sets app.tenant_id (see migrations/src/roles.ts).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'plantkeep_app') THEN
    CREATE ROLE plantkeep_app NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT pg_has_role(current_user, 'plantkeep_app', 'MEMBER') THEN
    EXECUTE format('GRANT plantkeep_app TO %I', current_user);
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO plantkeep_app;

DO $$
DECLARE
  t record;
  tenant_expr constant text := $e$nullif(current_setting('app.tenant_id', true), '')::uuid$e$;
BEGIN
  FOR t IN
    SELECT c.relname AS name,
           EXISTS (SELECT 1 FROM pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS scoped
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'plantkeep_migrations'
  LOOP
    EXECUTE format('REVOKE ALL ON TABLE %I FROM plantkeep_app', t.name);
    IF t.name = 'tenants' THEN
      EXECUTE 'GRANT SELECT, INSERT, UPDATE ON TABLE tenants TO plantkeep_app';
      EXECUTE 'ALTER TABLE tenants ENABLE ROW LEVEL SECURITY';
      EXECUTE 'DROP POLICY IF EXISTS tenant_isolation ON tenants';
      EXECUTE format('CREATE POLICY tenant_isolation ON tenants USING (id = %s) WITH CHECK (id = %s)',
                     tenant_expr, tenant_expr);
    ELSIF t.scoped THEN
      IF t.name = 'audit_log' THEN
        -- Append-only: the application may add and read history, never rewrite it.
        EXECUTE 'GRANT SELECT, INSERT ON TABLE audit_log TO plantkeep_app';
      ELSE
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %I TO plantkeep_app', t.name);
      END IF;
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.name);
      EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', t.name);
      EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = %s) WITH CHECK (tenant_id = %s)',
                     t.name, tenant_expr, tenant_expr);
    ELSE
      -- Global reference data (the permission catalog): read-only.
      EXECUTE format('GRANT SELECT ON TABLE %I TO plantkeep_app', t.name);
    END IF;
  END LOOP;
END
$$;

GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO plantkeep_app;
