-- Tone (VADER compound, -1..1) of each article (mean over sentences) and of each quote.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS tone DOUBLE;
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS tone DOUBLE;

-- The gazetteer as loaded: entities of every topic, with event dates (for event windows).
CREATE TABLE IF NOT EXISTS entities (
    topic      VARCHAR NOT NULL,
    entity     VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    category   VARCHAR NOT NULL,
    event_date DATE,
    end_date   DATE,
    gazetteer_version VARCHAR NOT NULL,
    PRIMARY KEY (topic, entity)
);

-- Capitalised person-like names that recur in articles but are in no gazetteer: candidates to add.
CREATE TABLE IF NOT EXISTS name_candidates (
    article_id VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    occurrences INTEGER NOT NULL,
    PRIMARY KEY (article_id, name)
);
