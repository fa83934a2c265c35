-- Streams and their live sessions. Owned by the streams service (ingest module); no foreign key to users,
-- which belong to the auth service: the owner's id and username are copied from the token at creation.
CREATE TABLE streams (
    id                 text PRIMARY KEY,
    -- Insertion order for keyset pagination: exact and unique, unlike timestamps.
    seq                bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    owner_id           text NOT NULL,
    owner_username     text NOT NULL,
    title              text NOT NULL,
    description        text NOT NULL DEFAULT '',
    -- HMAC-SHA256 of the stream key under a server secret: a leaked table does not reveal keys.
    key_hash           bytea NOT NULL UNIQUE,
    -- AES-GCM ciphertext of the SRT passphrase (the listener needs it in clear), null when none.
    passphrase_enc     text,
    disabled           boolean NOT NULL DEFAULT false,
    status             text NOT NULL DEFAULT 'offline' CHECK (status IN ('offline', 'live', 'reconnecting')),
    current_session_id text,
    started_at         timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX streams_owner ON streams (owner_id);
CREATE INDEX streams_live ON streams (seq) WHERE status <> 'offline';

CREATE TABLE live_sessions (
    id         text PRIMARY KEY,
    stream_id  text NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL,
    ended_at   timestamptz,
    publisher  text
);

CREATE INDEX live_sessions_stream ON live_sessions (stream_id, started_at DESC);
