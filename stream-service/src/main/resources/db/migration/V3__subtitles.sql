-- The subtitle a transcode session shows: as a WebVTT rendition or burned in. Every replica rebuilds the same
-- subtitle segments and ffmpeg job from these columns.
ALTER TABLE transcode_session
    ADD COLUMN subtitle_decision  text,
    ADD COLUMN subtitle_stream_id bigint,
    ADD COLUMN subtitle_codec     text,
    ADD COLUMN subtitle_language  text,
    ADD COLUMN subtitle_file      text,
    ADD COLUMN subtitle_index     integer,
    ADD COLUMN subtitle_ordinal   integer;
