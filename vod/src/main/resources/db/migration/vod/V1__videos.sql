-- The video library. Owned by the vod service; owners and streams belong to other services, so their ids and the
-- owner's username are copied in at import (no foreign keys across services).

-- array_to_string is only STABLE (element output functions in general may depend on settings); for text[] it is
-- immutable in fact, which a generated column needs.
CREATE FUNCTION vod_tags_text(tags text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_string(tags, ' ') $$;

CREATE TABLE videos (
    id                text PRIMARY KEY,
    -- Insertion order for keyset pagination: exact and unique, unlike timestamps.
    seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    owner_id          text NOT NULL,
    owner_username    text NOT NULL,
    title             text NOT NULL,
    description       text NOT NULL DEFAULT '',
    tags              text[] NOT NULL DEFAULT '{}',
    visibility        text NOT NULL CHECK (visibility IN ('public', 'unlisted', 'private')),
    stream_id         text NOT NULL,
    -- One video per recording: the import is idempotent on it.
    recording_id      text NOT NULL UNIQUE,
    session_id        text NOT NULL,
    recorded_at       timestamptz,
    duration_seconds  double precision NOT NULL,
    width             integer NOT NULL,
    height            integer NOT NULL,
    mp4_key           text NOT NULL,
    mp4_bytes         bigint NOT NULL,
    poster_key        text,
    -- [{time, key}] in time order.
    thumbnails        jsonb NOT NULL DEFAULT '[]'::jsonb,
    thumbnails_prefix text NOT NULL,
    hls_prefix        text NOT NULL,
    hls_master        text NOT NULL,
    views             bigint NOT NULL DEFAULT 0,
    likes             bigint NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    -- 'simple': no stemming and no stop words, so names, games and words of any language match as typed.
    search            tsvector GENERATED ALWAYS AS (
                          setweight(to_tsvector('simple', title), 'A')
                          || setweight(to_tsvector('simple', description), 'B')
                          || setweight(to_tsvector('simple', vod_tags_text(tags)), 'C')) STORED
);

CREATE INDEX videos_search ON videos USING gin (search);
-- Ten times the default statistics: the planner then knows which words are rare (beyond the 10,000 most common
-- lexemes it assumes rarer still) and fetches them through the GIN index instead of walking the whole list in order
-- and filtering (36 ms instead of 0.1 ms for a word in 18 of 100,000 videos; docs/benchmarks.md).
ALTER TABLE videos ALTER COLUMN search SET STATISTICS 1000;
ALTER TABLE videos ALTER COLUMN tags SET STATISTICS 1000;
CREATE INDEX videos_tags ON videos USING gin (tags);
-- The public list's three orders, each walked backwards from the cursor (keyset).
CREATE INDEX videos_public_new ON videos (seq) WHERE visibility = 'public';
CREATE INDEX videos_public_views ON videos (views, seq) WHERE visibility = 'public';
CREATE INDEX videos_public_likes ON videos (likes, seq) WHERE visibility = 'public';
CREATE INDEX videos_owner ON videos (owner_id, seq);

CREATE TABLE video_likes (
    video_id   text NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    user_id    text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (video_id, user_id)
);

-- The last counted view of each viewer of a video: a view counts again only 30 minutes after the last counted one.
-- Rows older than the window are pruned.
CREATE TABLE video_views (
    video_id  text NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    viewer    text NOT NULL,
    viewed_at timestamptz NOT NULL,
    PRIMARY KEY (video_id, viewer)
);

CREATE INDEX video_views_viewed_at ON video_views (viewed_at);
