-- Login rate-limit state shared by every auth instance (LoginRateLimiter): fixed-window counters per client address,
-- per account and address, per account (with its back-off), and the addresses each account signed in from lately.
-- One row per key; the key's prefix says which kind it is. Times are epoch milliseconds. A row is dead after
-- expires_at: LoginLimitPurge deletes dead rows every minute and, past a cap, the rows closest to expiring.
CREATE TABLE login_limits (
    key          text    PRIMARY KEY,
    window_start bigint  NOT NULL,
    count        integer NOT NULL,
    -- Back-off only: no attempt before this time.
    next_allowed bigint  NOT NULL DEFAULT 0,
    -- Whether the last reservation on this row was refused (an upsert's RETURNING cannot show the old count).
    refused      boolean NOT NULL DEFAULT false,
    expires_at   bigint  NOT NULL
);
CREATE INDEX login_limits_expires_idx ON login_limits (expires_at);
