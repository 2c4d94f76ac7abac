-- Hand-written (drizzle-kit generate --custom): the embedded shape log.
-- Server-only tables, never synced. See docs/SPEC.md (rules SL-*).

-- One row per tenant: the tenant's log head. Writers take this row's lock at
-- their first change and hold it to commit, so LSN order is commit order.
CREATE TABLE "shape_log_heads" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"lsn" bigint NOT NULL,
	-- Entries with lsn <= compacted_before were removed; older offsets must refetch.
	"compacted_before" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shape_log" (
	"tenant_id" uuid NOT NULL,
	"lsn" bigint NOT NULL,
	"op_position" integer NOT NULL,
	"txid" bigint NOT NULL,
	"table_name" text NOT NULL,
	"operation" text NOT NULL,
	-- Full rows in Postgres text forms: after (insert, update) and before (update, delete).
	"new_row" jsonb,
	"old_row" jsonb,
	"changed" text[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shape_log_pk" PRIMARY KEY ("tenant_id", "lsn", "op_position"),
	CONSTRAINT "shape_log_operation_check" CHECK ("operation" IN ('insert', 'update', 'delete'))
);
--> statement-breakpoint
CREATE INDEX "shape_log_tenant_table_lsn_idx" ON "shape_log" ("tenant_id", "table_name", "lsn");
--> statement-breakpoint
-- A handle names one client's view of one shape: its definition and, while the
-- initial snapshot is read in chunks, each chunk's key range and LSN.
CREATE TABLE "shape_handles" (
	"tenant_id" uuid NOT NULL,
	"handle" text NOT NULL,
	"table_name" text NOT NULL,
	"definition_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shape_handles_pk" PRIMARY KEY ("tenant_id", "handle")
);
--> statement-breakpoint
CREATE TABLE "shape_snapshot_chunks" (
	"tenant_id" uuid NOT NULL,
	"handle" text NOT NULL,
	"chunk" integer NOT NULL,
	-- Primary key of the chunk's last row (text forms); null for the open-ended last chunk.
	"last_key" jsonb,
	"lsn" bigint NOT NULL,
	CONSTRAINT "shape_snapshot_chunks_pk" PRIMARY KEY ("tenant_id", "handle", "chunk"),
	CONSTRAINT "shape_snapshot_chunks_handle_fk" FOREIGN KEY ("tenant_id", "handle")
		REFERENCES "shape_handles" ("tenant_id", "handle") ON DELETE CASCADE
);
