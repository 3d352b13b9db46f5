-- Core tables. Keys are deterministic (hash of the canonical URL; article id + offsets), so every load
-- is an idempotent upsert and re-running a day gives identical tables.

CREATE TABLE IF NOT EXISTS sources (
    name          VARCHAR PRIMARY KEY,
    kind          VARCHAR NOT NULL,
    url           VARCHAR NOT NULL,
    options       JSON
);

-- Every network attempt (and every refusal before one): feeds, robots.txt and article pages.
CREATE TABLE IF NOT EXISTS fetch_log (
    attempt_id    VARCHAR PRIMARY KEY,       -- hash of url + start time + sequence
    run_id        VARCHAR NOT NULL,
    source        VARCHAR,
    stage         VARCHAR NOT NULL,          -- discover | fetch
    url           VARCHAR NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL,
    status        INTEGER,                   -- HTTP status, NULL when no response
    bytes         BIGINT NOT NULL,
    elapsed_ms    DOUBLE NOT NULL,
    error         VARCHAR                    -- NULL on success; reason code and detail otherwise
);

CREATE TABLE IF NOT EXISTS articles (
    id                VARCHAR PRIMARY KEY,   -- sha256(canonical_url)[:20]
    url               VARCHAR NOT NULL,      -- the URL as discovered
    canonical_url     VARCHAR NOT NULL,
    source            VARCHAR NOT NULL,
    title             VARCHAR,
    published_at      TIMESTAMPTZ,
    author            VARCHAR,
    text              VARCHAR NOT NULL,
    word_count        INTEGER NOT NULL,
    on_topic          BOOLEAN NOT NULL,      -- mentions enough gazetteer entities
    fetched_at        TIMESTAMPTZ NOT NULL,  -- first successful fetch
    content_sha256    VARCHAR NOT NULL,      -- key of the raw HTML in the archive
    extractor_version VARCHAR NOT NULL
);

-- Pages that were fetched but are not kept as articles (not an article, too little text, ...).
CREATE TABLE IF NOT EXISTS skipped_pages (
    url            VARCHAR PRIMARY KEY,
    source         VARCHAR NOT NULL,
    reason         VARCHAR NOT NULL,
    content_sha256 VARCHAR
);

CREATE TABLE IF NOT EXISTS mentions (
    article_id    VARCHAR NOT NULL,
    start_offset  INTEGER NOT NULL,
    end_offset    INTEGER NOT NULL,
    entity        VARCHAR NOT NULL,         -- gazetteer id
    entity_name   VARCHAR NOT NULL,
    category      VARCHAR NOT NULL,         -- person | organization | place | concept | event
    matched_text  VARCHAR NOT NULL,
    sentence      VARCHAR NOT NULL,
    gazetteer_version VARCHAR NOT NULL,
    PRIMARY KEY (article_id, start_offset, entity)
);

CREATE TABLE IF NOT EXISTS quotes (
    article_id          VARCHAR NOT NULL,
    start_offset        INTEGER NOT NULL,
    end_offset          INTEGER NOT NULL,
    quote               VARCHAR NOT NULL,
    speaker             VARCHAR NOT NULL,
    speaker_title       VARCHAR,
    speaker_affiliation VARCHAR,
    speaker_role        VARCHAR,            -- expert | official | media | other
    speaker_kind        VARCHAR,            -- person | nominal | organization
    cue                 VARCHAR,
    confidence          DOUBLE NOT NULL,
    method              VARCHAR NOT NULL,   -- cue rule + resolution, e.g. after_inverted+surname
    extractor_version   VARCHAR NOT NULL,
    PRIMARY KEY (article_id, start_offset)
);
