-- Content ratings (Plex's contentRating: PG-13, TV-MA, gb/15 …) and the age each one stands for, so that a
-- managed user's limit is one integer comparison in every query that lists or serves items.
--
-- The one age scale (docs/admin-api.md, "Content-rating limits"):
--   TV-Y, G 0 · TV-Y7 7 · TV-G 8 · PG, TV-PG 10 · PG-13 13 · TV-14 14 · R, TV-MA 17 · NC-17 18
--   a country-prefixed rating with an age in it (gb/15, de/12, au/MA15+) counts as that age;
--   no rating, NR, Not Rated, Unrated, Approved, Passed → NULL: allowed for every limit, as in Plex;
--   any other label (one this scale cannot place) → 18: only an NC-17 limit lets it through;
--   a limit the scale cannot place → 0.
-- The age of a rating this scale can place; NULL for no rating, an unrated label or one it cannot place.
CREATE FUNCTION content_rating_scale(rating text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
    WHEN r IN ('G', 'TV-Y') THEN 0
    WHEN r IN ('TV-Y7', 'TV-Y7-FV') THEN 7
    WHEN r = 'TV-G' THEN 8
    WHEN r IN ('PG', 'TV-PG') THEN 10
    WHEN r = 'PG-13' THEN 13
    WHEN r = 'TV-14' THEN 14
    WHEN r IN ('R', 'TV-MA') THEN 17
    WHEN r IN ('NC-17', 'X') THEN 18
    WHEN r ~ '^[A-Z]{2}/[A-Z-]*[0-9]{1,2}\+?$' THEN least(substring(r FROM '([0-9]{1,2})\+?$')::integer, 18)
END
FROM (SELECT upper(regexp_replace(btrim(rating), '^(us|US)/', '')) AS r) x
$$;

-- An item's own age: NULL when unrated (allowed for every limit), 18 for a label the scale cannot place.
CREATE FUNCTION content_rating_age(rating text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
    WHEN nullif(btrim(rating), '') IS NULL
        OR upper(btrim(rating)) IN ('NR', 'NOT RATED', 'UNRATED', 'APPROVED', 'PASSED') THEN NULL
    ELSE coalesce(content_rating_scale(rating), 18)
END
$$;

-- A user's limit as an age: a limit the scale cannot place lets through only age-0 and unrated items.
CREATE FUNCTION content_rating_limit_age(rating text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN nullif(btrim(rating), '') IS NULL THEN NULL ELSE coalesce(content_rating_scale(rating), 0) END
$$;

ALTER TABLE item
    ADD COLUMN content_rating text,
    -- The age that applies to the item: its own rating's, or else its parent's (a show's rating covers its
    -- seasons and episodes that carry none, or an unrated label). Kept by the triggers below, whoever writes.
    ADD COLUMN rating_age     integer;
CREATE INDEX item_content_rating ON item (lower(content_rating)) WHERE content_rating IS NOT NULL;

CREATE FUNCTION item_rating_age() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.rating_age := content_rating_age(NEW.content_rating);
    IF NEW.rating_age IS NULL AND NEW.parent_id IS NOT NULL THEN
        SELECT p.rating_age INTO NEW.rating_age FROM item p WHERE p.id = NEW.parent_id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER item_rating_age BEFORE INSERT OR UPDATE OF content_rating, parent_id, rating_age ON item
    FOR EACH ROW EXECUTE FUNCTION item_rating_age();

-- A changed age flows down to children whose own rating places no age; their update flows on to theirs.
CREATE FUNCTION item_rating_age_down() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE item c SET rating_age = NEW.rating_age
        WHERE c.parent_id = NEW.id AND content_rating_age(c.content_rating) IS NULL
          AND c.rating_age IS DISTINCT FROM NEW.rating_age;
    RETURN NULL;
END
$$;
CREATE TRIGGER item_rating_age_down AFTER UPDATE ON item
    FOR EACH ROW WHEN (OLD.rating_age IS DISTINCT FROM NEW.rating_age) EXECUTE FUNCTION item_rating_age_down();
