-- When a stream turns reconnecting the database notes the moment, so that every streams instance can end a session
-- whose reconnect grace ran out (OverdueGraces), not only the instance that armed a timer for it (it may have died).
-- A trigger, so every statement that changes the status (stop, node departure, ingest restart, resume, end) keeps
-- it right without naming it.
ALTER TABLE streams ADD COLUMN reconnecting_since timestamptz;
UPDATE streams SET reconnecting_since = updated_at WHERE status = 'reconnecting';

CREATE FUNCTION streams_note_reconnecting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'reconnecting' THEN
        IF OLD.status IS DISTINCT FROM 'reconnecting' THEN
            NEW.reconnecting_since := now();
        END IF;
    ELSE
        NEW.reconnecting_since := NULL;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER streams_reconnecting_since BEFORE UPDATE OF status ON streams
    FOR EACH ROW EXECUTE FUNCTION streams_note_reconnecting();

CREATE INDEX streams_reconnecting ON streams (reconnecting_since) WHERE status = 'reconnecting';
