-- Collections (Plex type 18). Their ids come from item's sequence, so a ratingKey names either an item or a
-- collection and /library/metadata/{ratingKey} can answer for both. Membership is the collection's tag (tag_type 2)
-- on its items, which is what `collection=ID` filters and `<Collection>` tags already read; a tag may be shared
-- by same-titled collections of different sections, so members are always read within the collection's section.
CREATE TABLE collection (
    id           bigint      PRIMARY KEY DEFAULT nextval('item_id_seq'::regclass),
    section_id   bigint      NOT NULL REFERENCES section (id) ON DELETE CASCADE,
    tag_id       bigint      NOT NULL REFERENCES tag (id),
    guid         text        NOT NULL,
    title        text        NOT NULL,
    -- lower-cased in Java (Locale.ROOT), as item.title_search.
    title_search text        NOT NULL,
    -- The Plex type number of the members (1 movie, 2 show, 8 artist …).
    subtype      integer     NOT NULL,
    added_at     timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (section_id, tag_id)
);
CREATE INDEX collection_title_search_trgm ON collection USING gin (title_search gin_trgm_ops);

-- Tag hubs and filter choice lists search tags by name.
CREATE INDEX tag_lower_tag_trgm ON tag USING gin (lower(tag) gin_trgm_ops);
