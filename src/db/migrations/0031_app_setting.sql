-- Settings a database carries with it. `clock_start`: the instant a seeded demonstration database's
-- clock starts at (src/app.ts), so `npm start` shows the bono while it was being paid, not years later.
CREATE TABLE app_setting (
  key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]*$'),
  value text NOT NULL
);
