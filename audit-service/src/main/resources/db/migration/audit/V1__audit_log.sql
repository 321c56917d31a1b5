-- The audit log of TrustPipe (audit-service): one append-only, hash-chained entry per trust change,
-- the complete-subtree hashes of its RFC 6962 Merkle tree, and the signed checkpoints. Lives in its
-- own schema (${schema}); the service connects with role ${writerRole}, which may only SELECT and
-- INSERT, and triggers refuse UPDATE, DELETE and TRUNCATE for everyone (a superuser must disable
-- them first, which is what the tamper tests do and what verify then reports).

CREATE TABLE audit_entry (
    sequence        bigint      PRIMARY KEY CHECK (sequence >= 1),
    time            timestamptz NOT NULL,
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,
    action          text        NOT NULL,
    gun             text,
    actor           text,
    source          text,
    role            text,
    version         integer,
    metadata_sha256 text,
    tag             text,
    digest          text,
    -- [{"name": ..., "digest": ..., "change": "added"|"removed"}, ...] in entry order
    targets         jsonb       NOT NULL DEFAULT '[]'::jsonb,
    key_ids         text[]      NOT NULL DEFAULT '{}',
    cause_event_ids text[]      NOT NULL DEFAULT '{}',
    detail          text,
    prev_hash       char(64)    NOT NULL,
    entry_hash      char(64)    NOT NULL,
    recorded_at     timestamptz NOT NULL,
    -- idempotent by event id: a redelivered event finds its entry and adds nothing
    CONSTRAINT audit_entry_event_id_key UNIQUE (event_id)
);
-- the query API filters by one of these and pages newest first (sequence descending)
CREATE INDEX audit_entry_gun ON audit_entry (gun, sequence);
CREATE INDEX audit_entry_actor ON audit_entry (actor, sequence);
CREATE INDEX audit_entry_action ON audit_entry (action, sequence);
CREATE INDEX audit_entry_time ON audit_entry (time, sequence);
-- tag and digest filters: containment in targets. fastupdate off: a GIN pending list (recent rows)
-- is scanned linearly by every query, which made digest look-ups on a fresh log cost 5-60 ms
CREATE INDEX audit_entry_targets ON audit_entry USING gin (targets jsonb_path_ops)
    WITH (fastupdate = off);

-- Hash of every complete subtree: (level, idx) covers leaves [idx * 2^level, (idx + 1) * 2^level).
-- Written in the transaction that appends the leaf completing it; proofs and roots read O(log n) rows.
CREATE TABLE audit_tree_node (
    level smallint NOT NULL CHECK (level BETWEEN 0 AND 62),
    idx   bigint   NOT NULL CHECK (idx >= 0),
    hash  bytea    NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (level, idx)
);

-- Signed checkpoints (C2SP signed notes), one per tree size.
CREATE TABLE audit_checkpoint (
    tree_size bigint      PRIMARY KEY CHECK (tree_size >= 1),
    root_hash bytea       NOT NULL CHECK (octet_length(root_hash) = 32),
    note      text        NOT NULL,
    signed_at timestamptz NOT NULL
);

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tree_node_append_only BEFORE UPDATE OR DELETE ON audit_tree_node
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tree_node_no_truncate BEFORE TRUNCATE ON audit_tree_node
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The service's role: read and append, nothing else. Roles are cluster-wide; several databases
-- (tests, tenants) may create it at once, hence the guarded CREATE.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${writerRole}') THEN
        BEGIN
            CREATE ROLE "${writerRole}" NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
END
$$;

REVOKE ALL ON audit_entry, audit_tree_node, audit_checkpoint FROM PUBLIC;
GRANT USAGE ON SCHEMA "${schema}" TO "${writerRole}";
GRANT SELECT, INSERT ON audit_entry, audit_tree_node, audit_checkpoint TO "${writerRole}";
