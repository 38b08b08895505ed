-- A user's audio and subtitle choice for a part (PUT /library/parts/{id}?audioStreamID=&subtitleStreamID=), as PMS
-- keeps it: per user, so one person's French track is not another's. A rescan that changes the file makes new
-- streams and the choice goes with the old ones. subtitles_off records an explicit "no subtitles" (id 0).
CREATE TABLE stream_selection (
    user_id            bigint      NOT NULL,
    part_id            bigint      NOT NULL REFERENCES media_part (id) ON DELETE CASCADE,
    audio_stream_id    bigint      REFERENCES media_stream (id) ON DELETE SET NULL,
    subtitle_stream_id bigint      REFERENCES media_stream (id) ON DELETE SET NULL,
    subtitles_off      boolean     NOT NULL DEFAULT false,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, part_id)
);
CREATE INDEX stream_selection_part ON stream_selection (part_id);
