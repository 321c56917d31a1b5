-- Renewal leases of the timestamp-service (issue 6). A replica that claims a repository for renewal
-- writes a lease row while it holds the repository lock (FOR UPDATE SKIP LOCKED on tuf_repository),
-- then signs outside any transaction and writes the new versions in a second transaction that
-- deletes the lease. Other replicas skip repositories with a live lease, so a repository is signed
-- by one replica at a time; a replica that dies leaves only a lease that runs out. The same row
-- doubles as the backoff of a repository whose renewal failed (custody down, key missing):
-- `until` is then the time of the next attempt and `failures` counts the consecutive failures.
CREATE TABLE tuf_renewal_lease (
    gun        text        PRIMARY KEY REFERENCES tuf_repository (gun) ON DELETE CASCADE,
    holder     text        NOT NULL,
    until      timestamptz NOT NULL,
    failures   integer     NOT NULL DEFAULT 0 CHECK (failures >= 0),
    last_error text
);
-- the operator API lists the repositories whose renewal keeps failing
CREATE INDEX tuf_renewal_lease_failing ON tuf_renewal_lease (failures) WHERE failures > 0;
