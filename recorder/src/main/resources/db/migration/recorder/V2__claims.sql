-- Several recorders may run: a recording being built belongs to one of them for a lease it keeps renewing. A lease
-- that ran out (its recorder died or lost the database) lets another recorder take the recording over.
ALTER TABLE recordings
    ADD COLUMN claimed_by   text,
    ADD COLUMN claimed_node text,
    ADD COLUMN lease_until  timestamptz;

CREATE INDEX recordings_leases ON recordings (lease_until) WHERE status = 'processing';
