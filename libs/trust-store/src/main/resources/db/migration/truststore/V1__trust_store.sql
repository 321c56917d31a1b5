-- Trust store of TrustPipe: every version of every TUF metadata file as the exact signed bytes,
-- plus what the exactly-once pipeline needs (processed event ids, transactional outbox), the Notary
-- changefeed and the key references. No private key material is ever stored here.

-- One row per GUN; it is the row every writer of that GUN locks (SELECT ... FOR UPDATE), so writes
-- to one repository are serialised while different repositories proceed in parallel.
CREATE TABLE tuf_repository (
    gun        text        PRIMARY KEY,
    created_at timestamptz NOT NULL
);

-- Append-only history of every role (Notary's tuf_files). Served byte for byte, never re-serialised.
CREATE TABLE tuf_metadata (
    gun        text        NOT NULL REFERENCES tuf_repository (gun),
    role       text        NOT NULL,
    version    integer     NOT NULL CHECK (version >= 1),
    sha256     char(64)    NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    bytes      bytea       NOT NULL,
    length     integer     NOT NULL CHECK (length = octet_length(bytes)),
    expires    timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    -- the backstop of the strict version rule: a (gun, role, version) is written once
    PRIMARY KEY (gun, role, version),
    -- GET .../{role}.{sha256}.json is one lookup in this index
    CONSTRAINT tuf_metadata_checksum_key UNIQUE (gun, role, sha256)
);

-- The current (highest) version of each role, maintained in the same transaction as tuf_metadata.
-- It keeps "all current roles of a GUN" proportional to the number of roles, and lets the renewal
-- service find what is due through (role, expires) at a cost proportional to the number due.
CREATE TABLE tuf_current (
    gun     text        NOT NULL,
    role    text        NOT NULL,
    version integer     NOT NULL,
    expires timestamptz NOT NULL,
    PRIMARY KEY (gun, role),
    FOREIGN KEY (gun, role, version) REFERENCES tuf_metadata (gun, role, version)
);
CREATE INDEX tuf_current_role_expires ON tuf_current (role, expires, gun);

-- Idempotent apply: an event id is recorded in the transaction that applies its effect.
CREATE TABLE tuf_processed_event (
    event_id     text        PRIMARY KEY,
    processed_at timestamptz NOT NULL
);

-- Transactional outbox: written with the metadata, relayed to Kafka afterwards.
CREATE TABLE tuf_outbox (
    id           bigserial   PRIMARY KEY,
    topic        text        NOT NULL,
    message_key  text,
    payload      bytea       NOT NULL,
    headers      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz NOT NULL,
    published_at timestamptz
);
-- the relay only ever looks at unpublished rows: keep that index as small as the backlog
CREATE INDEX tuf_outbox_unpublished ON tuf_outbox (id) WHERE published_at IS NULL;

-- Notary changefeed: one record per stored timestamp and per repository deletion.
CREATE TABLE tuf_change (
    id         bigserial   PRIMARY KEY,
    gun        text        NOT NULL,
    version    integer     NOT NULL,
    sha256     text        NOT NULL,
    category   text        NOT NULL CHECK (category IN ('update', 'deletion')),
    created_at timestamptz NOT NULL
);
CREATE INDEX tuf_change_gun_id ON tuf_change (gun, id);

-- Public half and custody reference of each key a repository uses; never private material.
-- Kept when a repository is deleted, like notary-signer keeps its keys.
CREATE TABLE tuf_key (
    gun                 text        NOT NULL,
    role                text        NOT NULL,
    key_id              text        NOT NULL,
    key_type            text        NOT NULL,
    public_key          text        NOT NULL,
    custody_backend     text        NOT NULL,
    custody_key_name    text        NOT NULL,
    custody_key_version integer     NOT NULL,
    created_at          timestamptz NOT NULL,
    -- save order, so "the newest key of a role" does not depend on clock resolution
    seq                 bigserial   NOT NULL,
    PRIMARY KEY (gun, role, key_id)
);
