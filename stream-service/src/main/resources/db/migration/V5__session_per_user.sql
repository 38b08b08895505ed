-- A playback belongs to its user: the client identifier (the client's own word) and session identifier are
-- unique per user only, so another user reusing them starts a playback of their own instead of ending this one.
ALTER TABLE stream_session DROP CONSTRAINT stream_session_client_identifier_session_identifier_key;
ALTER TABLE stream_session ADD CONSTRAINT stream_session_user_client_session_key
    UNIQUE (user_id, client_identifier, session_identifier);
