-- The audio track a transcode session plays when the user chose one other than the file's first (PUT
-- /library/parts/{id}?audioStreamID=): its stream index in the file, so every replica maps the same track.
ALTER TABLE transcode_session
    ADD COLUMN audio_index integer;
