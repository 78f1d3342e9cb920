-- Detector state as JSON text, not jsonb: it is written for every person a batch observes and read back whole,
-- never queried inside, and converting ~2 KB per person to jsonb was the largest cost of a batch's writes
-- (238 of ~500 ms for 650 people on PGlite).
ALTER TABLE detector_state ALTER COLUMN state TYPE text USING state::text;
