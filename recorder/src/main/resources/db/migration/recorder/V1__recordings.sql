-- One recording per live session, owned by the recorder. Stream and owner details are copied from the streams
-- service when the session is first seen (services share no tables and no foreign keys).
CREATE TABLE recordings (
    id                 text PRIMARY KEY,
    -- Insertion order for keyset pagination: exact and unique, unlike timestamps.
    seq                bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    stream_id          text NOT NULL,
    session_id         text NOT NULL UNIQUE,
    owner_id           text NOT NULL,
    owner_username     text NOT NULL,
    title              text NOT NULL,
    description        text NOT NULL DEFAULT '',
    visibility         text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'unlisted', 'private')),
    status             text NOT NULL
        CHECK (status IN ('recording', 'pending', 'processing', 'ready', 'failed')),
    attempts           integer NOT NULL DEFAULT 0,
    error              text,
    next_attempt_at    timestamptz NOT NULL DEFAULT now(),
    duration_seconds   double precision,
    video_id           text,
    session_started_at timestamptz,
    session_ended_at   timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX recordings_owner ON recordings (owner_id, seq DESC);
CREATE INDEX recordings_due ON recordings (next_attempt_at) WHERE status = 'pending';
CREATE INDEX recordings_on_air ON recordings (seq) WHERE status = 'recording';
