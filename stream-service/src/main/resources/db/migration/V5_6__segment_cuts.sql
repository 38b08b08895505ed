-- A direct-stream (video copy) session's segment ends in ms of the source, cut on the part's key frames once
-- when the session starts, so every replica lists and cuts the same segments. Null: the fixed transcode grid.
ALTER TABLE transcode_session
    ADD COLUMN segment_ends_ms text;
