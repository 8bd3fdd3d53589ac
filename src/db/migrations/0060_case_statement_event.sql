-- A statement is about an event (issue #21): the witness tells what they saw at Sacaba or Senkata.
-- Nullable, since statements recorded before this column named none; the timeline of an event
-- takes the statements about it, and an act sourced by a statement of another event is not one of
-- them. The event belongs to the statement's own investigation (checked by src/cases/testimony.ts,
-- as every reference between case rows is).

ALTER TABLE case_statement ADD COLUMN event_id bigint REFERENCES case_event (id);
CREATE INDEX case_statement_event ON case_statement (event_id) WHERE event_id IS NOT NULL;
