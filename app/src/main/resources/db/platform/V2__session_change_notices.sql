-- Every change to a stored session is announced on the channel gridhall_session with the session's id, so that each
-- node drops its cached copy (identity's CachedSessions, issue #8): sign-out, revocation, expiry, a new id, changed
-- attributes. A notice is sent when the changing transaction commits; the same id twice in one transaction is sent once.
CREATE FUNCTION session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('gridhall_session', OLD.session_id);
    RETURN NULL;
END
$$;

CREATE TRIGGER spring_session_changed AFTER UPDATE OR DELETE ON spring_session
    FOR EACH ROW EXECUTE FUNCTION session_changed();

CREATE FUNCTION session_attribute_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    id TEXT;
BEGIN
    SELECT s.session_id INTO id FROM platform.spring_session s
    WHERE s.primary_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.session_primary_id ELSE NEW.session_primary_id END;
    -- attributes deleted with their session: the session's own trigger has announced it
    IF id IS NOT NULL THEN
        PERFORM pg_notify('gridhall_session', id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER spring_session_attributes_changed AFTER INSERT OR UPDATE OR DELETE ON spring_session_attributes
    FOR EACH ROW EXECUTE FUNCTION session_attribute_changed();
