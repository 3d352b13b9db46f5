-- The speaker as written at the cue ("Mr. Maxwell", "he", "the statement"): the aliases of the directory.
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS speaker_text VARCHAR;
