-- The bono's published read model (docs/bono.md, "Published read model"): the aggregates other
-- domains may read, so that src/transparency reads no bono_* table and the bono may change its
-- tables as long as these views keep their promise. Each view returns counts and sums only, never
-- a person; suppression of small counts is the reader's job (src/transparency/suppression.ts).
-- Changing a view's columns or meaning is a change of contract: add a migration that replaces it
-- and change its readers in the same commit. A later migration that alters a column these views
-- read must drop and re-create them (PostgreSQL refuses to change a column a view depends on).

-- How every entitled person stands, grouped: one row per department, age band, planned channel,
-- state and paid channel. A person is counted once, in the latest approved or expired round that
-- holds them (a supplementary round after a grievance supersedes the earlier one).
CREATE VIEW bono_public_progress AS
WITH ent AS (
  SELECT DISTINCT ON (e.person_id)
         e.person_id, e.amount_centavos, e.department_code, e.band, e.channel, r.status
  FROM bono_entitlement e JOIN bono_round r ON r.id = e.round_id
  WHERE r.status IN ('approved', 'expired')
  ORDER BY e.person_id, e.round_id DESC
)
SELECT ent.department_code::int AS department, ent.band, ent.channel AS planned_channel,
       CASE WHEN p.id IS NOT NULL THEN 'paid'
            WHEN ent.status = 'expired' THEN 'unclaimed'
            ELSE 'pending' END AS state,
       p.channel AS paid_channel,
       count(*) AS persons,
       sum(ent.amount_centavos)::bigint AS entitled_centavos,
       coalesce(sum(p.amount_centavos), 0)::bigint AS paid_centavos
FROM ent
LEFT JOIN bono_payment p ON p.person_id = ent.person_id AND p.reversed_at IS NULL
GROUP BY 1, 2, 3, 4, 5;

COMMENT ON VIEW bono_public_progress IS
  'Owned by the bono (src/bono, docs/bono.md); read by src/transparency. Promises: every person '
  'entitled in an approved or expired round, counted once in the latest such round that holds them, '
  'grouped by department (INE code), band, planned_channel (counter|deposit), state (paid: a live, '
  'not reversed, payment; unclaimed: the round expired unpaid; pending: the rest) and paid_channel '
  '(the channel of the live payment, null unless paid); persons, entitled_centavos and paid_centavos '
  'are sums over the group. Counts and sums only, never a person; not suppressed.';

-- Live payments of approved or expired rounds by calendar day in Bolivia. The grouping expression
-- is the one the bono_payment_day index holds.
CREATE VIEW bono_public_paid_by_day AS
SELECT (p.paid_at AT TIME ZONE 'America/La_Paz')::date AS day,
       count(*) AS persons,
       sum(p.amount_centavos)::bigint AS paid_centavos
FROM bono_payment p
WHERE p.reversed_at IS NULL
  AND p.round_id IN (SELECT id FROM bono_round WHERE status IN ('approved', 'expired'))
GROUP BY (p.paid_at AT TIME ZONE 'America/La_Paz')::date;

COMMENT ON VIEW bono_public_paid_by_day IS
  'Owned by the bono (src/bono, docs/bono.md); read by src/transparency. Promises: one row per '
  'calendar day in Bolivia (America/La_Paz) with live payments of approved or expired rounds: '
  'persons paid and paid_centavos that day; days without payments have no row. Summed over every '
  'day, persons equals the paid persons of bono_public_progress read in the same snapshot. '
  'Counts and sums only, never a person; not suppressed.';

-- How many rounds are paying and how many have reached their end of collection.
CREATE VIEW bono_public_rounds AS
SELECT count(*) FILTER (WHERE status = 'approved')::int AS approved,
       count(*) FILTER (WHERE status = 'expired')::int AS expired
FROM bono_round;

COMMENT ON VIEW bono_public_rounds IS
  'Owned by the bono (src/bono, docs/bono.md); read by src/transparency. Promises: exactly one row; '
  'approved is the number of rounds approved and still paying, expired the number whose collection '
  'period has ended. Frozen and rejected rounds count in neither.';
