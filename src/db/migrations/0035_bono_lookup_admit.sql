-- Citizen status look-ups are counted before they are answered (src/bono/status.ts, docs/security.md).
-- The limits used to be read first and a failure counted afterwards, so a burst of guesses sent at
-- once all passed a limit none of them had reached yet (300 dates of birth for one CI at once: 257
-- checked, the right one among them). This function decides one look-up while it holds one lock per
-- key it is counted under (the address, the CI number at that address, the CI number from every
-- address): a key locked refuses it; otherwise a triple that names nobody counts one failure under
-- every key, and the failure that reaches a key's limit locks that key. The locks are transaction
-- advisory locks, not row locks, so a look-up that finds its person writes nothing: most look-ups
-- are citizens typing their own details.
--
-- Arguments: the look-up's instant, its keys with each key's limit, window and lock (seconds), and
-- the triple. Returns whether it may be answered, whether the triple names a person, and, when
-- refused, the time the latest lock among its keys ends.
CREATE FUNCTION bono_lookup_admit(
  p_at timestamptz,
  p_keys text[],
  p_limits integer[],
  p_window_seconds double precision[],
  p_lock_seconds double precision[],
  p_ci_number text,
  p_complemento text,
  p_date_of_birth date
) RETURNS TABLE (is_admitted boolean, is_found boolean, refused_until timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  n integer := coalesce(array_length(p_keys, 1), 0);
  h integer;
  r bono_lookup_throttle%ROWTYPE;
  counted integer[] := '{}';
  fresh boolean[] := '{}';
  refused timestamptz;
BEGIN
  -- Every look-up takes its keys' locks in the same order (1330: the bono's law, a namespace of its
  -- own for these locks), so two look-ups never wait for each other in a circle. Held until the
  -- transaction ends, after this look-up's counts are committed and visible to the next one.
  FOR h IN SELECT DISTINCT hashtext(k) FROM unnest(p_keys) AS k ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(1330, h);
  END LOOP;
  FOR i IN 1 .. n LOOP
    SELECT * INTO r FROM bono_lookup_throttle t WHERE t.key = p_keys[i];
    IF FOUND AND r.locked_until > p_at THEN
      refused := greatest(refused, r.locked_until);
    END IF;
    -- A key starts counting again when its window is over or its lock has been served.
    fresh[i] := NOT FOUND
      OR r.window_started_at < p_at - make_interval(secs => p_window_seconds[i])
      OR (r.locked_until IS NOT NULL AND r.locked_until <= p_at);
    counted[i] := CASE WHEN fresh[i] THEN 0 ELSE r.failures END;
  END LOOP;
  IF refused IS NOT NULL THEN
    RETURN QUERY SELECT false, false, refused;
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM person p WHERE p.ci_number = p_ci_number AND p.complemento = p_complemento
             AND p.date_of_birth = p_date_of_birth) THEN
    RETURN QUERY SELECT true, true, NULL::timestamptz;
    RETURN;
  END IF;
  FOR i IN 1 .. n LOOP
    INSERT INTO bono_lookup_throttle AS t (key, failures, window_started_at, locked_until)
    VALUES (p_keys[i], counted[i] + 1, p_at,
            CASE WHEN counted[i] + 1 >= p_limits[i] THEN p_at + make_interval(secs => p_lock_seconds[i]) END)
    ON CONFLICT (key) DO UPDATE SET
      failures = counted[i] + 1,
      window_started_at = CASE WHEN fresh[i] THEN p_at ELSE t.window_started_at END,
      locked_until = EXCLUDED.locked_until;
  END LOOP;
  RETURN QUERY SELECT true, false, NULL::timestamptz;
END
$$;
