-- One row describing this Millrace installation: when its database was created. It lets an operator (and the
-- restart test) see that a restart kept the database rather than starting afresh.
CREATE TABLE millrace_instance (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO millrace_instance DEFAULT VALUES;
