-- Syndication: a bottom-k sketch of each article's text, and the lineage derived from them.
CREATE TABLE IF NOT EXISTS article_fingerprints (
    article_id VARCHAR PRIMARY KEY,
    sketch     UINTEGER[] NOT NULL          -- the 64 smallest crc32 hashes of word 5-shingles
);
-- original_id: the first-published article of the article's near-duplicate cluster (itself if none);
-- original_source: the outlet that ran it first; is_copy: a later copy (count trends with NOT is_copy).
ALTER TABLE articles ADD COLUMN IF NOT EXISTS original_id VARCHAR;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS original_source VARCHAR;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS is_copy BOOLEAN DEFAULT false;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS copy_similarity DOUBLE;
