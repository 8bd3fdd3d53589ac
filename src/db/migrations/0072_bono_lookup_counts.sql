-- The citizen look-up's counts read after its locks (issue #17, src/bono/status.repository.ts). A
-- batch of look-ups that all find their person, or are refused, writes nothing, so it need not call
-- bono_lookup_admit (migration 0035) once per look-up: one statement takes the batch's locks, reads
-- the counts of its keys through this function and lets the server work out the sequence; only a
-- batch with a failure to count goes through bono_lookup_admit. VOLATILE, so that it is never
-- inlined and its query takes a snapshot of its own when called — after the caller's locks are
-- held, so it sees every count committed by the look-ups that held them before.
CREATE FUNCTION bono_lookup_counts(p_keys text[])
RETURNS TABLE (key text, failures integer, window_started_at timestamptz, locked_until timestamptz)
LANGUAGE sql VOLATILE AS $$
  SELECT t.key, t.failures, t.window_started_at, t.locked_until
  FROM bono_lookup_throttle t WHERE t.key = ANY (p_keys)
$$;
