-- Accounts and their refresh tokens. Usernames and e-mail addresses are unique whatever their case: the unique
-- indexes are on lower(...), and lookups use the same expressions so they hit them.
CREATE TABLE users (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    username      text        NOT NULL CHECK (char_length(username) BETWEEN 3 AND 32),
    email         text        NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    password_hash text        NOT NULL,
    roles         text[]      NOT NULL DEFAULT ARRAY['user']::text[]
                              CHECK (roles <@ ARRAY['user', 'moderator', 'admin']::text[]),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

-- Only a SHA-256 of each token is kept, so a database leak hands out no usable token. Tokens of one login form a
-- family: each refresh spends one token and issues the next; a spent one presented again revokes the family.
CREATE TABLE refresh_tokens (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    token_hash bytea       NOT NULL UNIQUE,
    family_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    spent_at   timestamptz,
    revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);
