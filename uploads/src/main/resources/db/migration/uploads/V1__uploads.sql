-- One row per upload, from its tus creation to the video it became. The upload part (offset, storage) belongs to
-- the uploads service; the job part (status after 'uploading', progress, attempts, lease) to the transcode workers,
-- which claim queued rows with FOR UPDATE SKIP LOCKED. Owner details are copied at creation (services share no
-- tables and no foreign keys).
CREATE TABLE uploads (
    id              text PRIMARY KEY,
    -- Insertion order for keyset pagination: exact and unique, unlike timestamps.
    seq             bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    owner_id        text NOT NULL,
    owner_username  text NOT NULL,
    filename        text NOT NULL,
    title           text NOT NULL,
    description     text NOT NULL DEFAULT '',
    tags            text[] NOT NULL DEFAULT '{}',
    visibility      text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'unlisted', 'private')),
    upload_length   bigint NOT NULL CHECK (upload_length >= 0),
    upload_offset   bigint NOT NULL DEFAULT 0 CHECK (upload_offset >= 0 AND upload_offset <= upload_length),
    -- The storage key of the uploaded source file once complete (core's StorageLayout owns the layout).
    source_key      text NOT NULL,
    status          text NOT NULL DEFAULT 'uploading'
        CHECK (status IN ('uploading', 'queued', 'processing', 'ready', 'failed')),
    progress        integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    error           text,
    video_id        text,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_by      text,
    lease_until     timestamptz,
    -- An upload still 'uploading' past this instant is abandoned: expired and its bytes deleted.
    expires_at      timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX uploads_owner ON uploads (owner_id, seq DESC);
CREATE INDEX uploads_queue ON uploads (next_attempt_at) WHERE status = 'queued';
CREATE INDEX uploads_leases ON uploads (lease_until) WHERE status = 'processing';
CREATE INDEX uploads_expiry ON uploads (expires_at) WHERE status = 'uploading';
