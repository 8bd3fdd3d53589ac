-- Back-office jobs (imports, round creation, deposit exports) are durable (src/jobs/, ADR 0010):
-- their state and progress live here, so every ayni process on this database shows the same job,
-- and a job whose process died is seen as interrupted instead of running forever.
CREATE TABLE job (
  -- Newest first in lists; the order rows were written, whatever the app clock says.
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  -- 128 random bits in base64url: one officer cannot guess another's progress page.
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{22}$'),
  -- The registry of jobs it belongs to ('imports', 'rounds', 'deposit-exports'): how many run at
  -- once and the lists of running jobs are per queue.
  queue text NOT NULL,
  -- What it does ('persons', a source list's name, 'round', 'deposits') and on what, as its pages
  -- name it (a file name, a round's date or number).
  kind text NOT NULL,
  label text NOT NULL,
  -- At most one unfinished job per queue and key (one round creation; one export per round).
  key text,
  -- 'queued' and 'cancelled' are reserved: today a job starts at once or is refused, and runs to its
  -- end. A job interrupted (its process died, or shutdown's deadline passed) is 'failed' with the
  -- code 'job_interrupted'.
  state text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  -- The operation's last progress report as it made it, and its measure for any list of jobs.
  -- Written at most every 500 ms (src/jobs/progress-writer.ts).
  progress jsonb,
  progress_done bigint,
  progress_total bigint,
  progress_message text,
  actor text NOT NULL,
  -- The app's clock (simulated in a demonstration), as every other record of an officer's action.
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  -- The operation's answer (a summary, no personal data), once succeeded.
  result jsonb,
  -- Why it failed: the service's stable code, and its message and details ({message, details}).
  error_code text,
  error jsonb,
  -- The process running it (host:pid:random) and when it last said it is alive: the database's own
  -- clock, real time, comparable across processes.
  owner text NOT NULL,
  heartbeat_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT job_finished_when_done CHECK (
    (state IN ('succeeded', 'failed', 'cancelled')) = (finished_at IS NOT NULL)
  ),
  CONSTRAINT job_failure_has_code CHECK ((state = 'failed') = (error_code IS NOT NULL))
);

CREATE UNIQUE INDEX job_one_unfinished_per_key ON job (queue, key)
  WHERE key IS NOT NULL AND state IN ('queued', 'running');
CREATE INDEX job_unfinished ON job (queue, seq) WHERE state IN ('queued', 'running');
CREATE INDEX job_finished ON job (queue, seq) WHERE state IN ('succeeded', 'failed', 'cancelled');
