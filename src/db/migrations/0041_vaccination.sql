-- The COVID-19 vaccination campaign (issue #18, src/vaccination/README.md): products and lots, the
-- places doses are kept (the national warehouse, each department's SEDES, the vaccination sites),
-- sites with their hours and daily capacity, the counters of each site's day, the walk-in queue,
-- appointments and the dose records (the nominal registry, RNVe). Facts and sources:
-- shared/domain/bolivia-programmes.md §3.
--
-- The stock of doses is not here: it is the ledger's (src/ledger), on the `DOSE` ledger created
-- below, one account per (lot, location) that cannot go negative; `vaccination_stock_account`
-- only says which accounts exist. Schedules, intervals, cohorts and eligibility are the rules'
-- (src/rules/parameters/vaccination.yaml): nothing here restates them.
--
-- Citus (docs/architecture.md): the large tables — dose records, appointments, the queue — carry
-- person_id, the column they would be distributed by, and every unique constraint on them
-- includes it; the small ones (products, lots, locations, sites, days) would be reference tables.
-- No foreign key points at person: the bono's tables do the same (bulk writes, distribution), and
-- the services find the person in the registry before they write.
-- Every instant stored here is passed in by the caller: nothing reads the clock.

-- Doses are counted in doses: scale 0 (ADR 0006; the bono's BOB ledger counts centavos).
INSERT INTO ledger (code, unit, scale, name) VALUES ('DOSE', 'dose', 0, 'Vaccine doses');

-- A product as it is stocked and given. Sputnik V's two components are different products (the
-- second arrived months after the first, and one cannot stand in for the other), so a product names
-- its schedule — the product code of the rules' vaccination_dose_schedules — and, for a vaccine
-- whose doses differ, the dose of the primary series it is (`component`); null when any dose of the
-- series may use it.
CREATE TABLE vaccination_product (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{0,31}$'),
  schedule_product text NOT NULL
    CHECK (schedule_product IN ('sputnik_v', 'janssen', 'astrazeneca', 'sinopharm', 'pfizer', 'moderna')),
  component smallint CHECK (component IN (1, 2)),
  name text NOT NULL CHECK (name <> '' AND length(name) <= 100),
  manufacturer text NOT NULL CHECK (manufacturer <> '' AND length(manufacturer) <= 100),
  UNIQUE (schedule_product, component)
);
INSERT INTO vaccination_product (code, schedule_product, component, name, manufacturer) VALUES
  ('sputnik_v_1', 'sputnik_v', 1, 'Sputnik V (componente 1)', 'Gamaleya'),
  ('sputnik_v_2', 'sputnik_v', 2, 'Sputnik V (componente 2)', 'Gamaleya'),
  ('sinopharm', 'sinopharm', NULL, 'Sinopharm BBIBP-CorV', 'Sinopharm'),
  ('astrazeneca', 'astrazeneca', NULL, 'AstraZeneca ChAdOx1-S', 'AstraZeneca'),
  ('pfizer', 'pfizer', NULL, 'Pfizer-BioNTech Comirnaty', 'Pfizer-BioNTech'),
  ('janssen', 'janssen', NULL, 'Janssen Ad26.COV2.S', 'Janssen'),
  ('moderna', 'moderna', NULL, 'Moderna Spikevax', 'Moderna');

-- A lot (batch) of one product. Its doses are on the DOSE ledger, per location.
CREATE TABLE vaccination_lot (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product text NOT NULL REFERENCES vaccination_product (code),
  manufacturer text NOT NULL CHECK (manufacturer <> '' AND length(manufacturer) <= 100),
  lot_number text NOT NULL CHECK (lot_number ~ '^[A-Za-z0-9][A-Za-z0-9./_-]{0,39}$'),
  expires_on date NOT NULL,
  doses_per_vial smallint NOT NULL CHECK (doses_per_vial BETWEEN 1 AND 50),
  note text CHECK (length(note) <= 500),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (product, manufacturer, lot_number)
);
-- FEFO: the lots of a product in the order they expire.
CREATE INDEX vaccination_lot_expiry ON vaccination_lot (expires_on, id);

-- Where doses are kept: the national warehouse (one), a department's SEDES (one per department),
-- or a vaccination site (`vaccination_site.location_id`). Doses move warehouse → SEDES → site.
CREATE TABLE vaccination_location (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  kind text NOT NULL CHECK (kind IN ('national_warehouse', 'sedes', 'site')),
  department_code smallint REFERENCES department (code),
  name text NOT NULL CHECK (name <> '' AND length(name) <= 200),
  created_at timestamptz NOT NULL,
  CHECK ((kind = 'national_warehouse') = (department_code IS NULL))
);
CREATE UNIQUE INDEX vaccination_location_one_warehouse ON vaccination_location (kind)
  WHERE kind = 'national_warehouse';
CREATE UNIQUE INDEX vaccination_location_one_sedes ON vaccination_location (department_code)
  WHERE kind = 'sedes';

-- The ledger account holding a lot's doses at a location (`vaccination-stock:<location>:<lot>`,
-- debits must not exceed credits: never negative). A row is written when the account is opened, so
-- the lots ever held at a location are listed without asking the ledger for every lot.
CREATE TABLE vaccination_stock_account (
  location_id bigint NOT NULL REFERENCES vaccination_location (id),
  lot_id bigint NOT NULL REFERENCES vaccination_lot (id),
  account_id bigint NOT NULL UNIQUE,
  PRIMARY KEY (location_id, lot_id)
);

-- A vaccination point: its department and municipality (the registry's INE codes), whether it
-- takes walk-ins, appointments or both. Its stock is that of its location.
CREATE TABLE vaccination_site (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,56}$'),
  location_id bigint NOT NULL UNIQUE REFERENCES vaccination_location (id),
  name text NOT NULL CHECK (name <> '' AND length(name) <= 200),
  department_code smallint NOT NULL REFERENCES department (code),
  municipality_code char(6) NOT NULL REFERENCES municipality (code),
  access text NOT NULL CHECK (access IN ('walk_in', 'appointment', 'both')),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- A municipality's INE code starts with its department's two digits.
  CHECK (substr(municipality_code, 1, 2)::smallint = department_code)
);
CREATE INDEX vaccination_site_municipality ON vaccination_site (municipality_code);

-- Opening hours by ISO weekday (1 Monday … 7 Sunday); a weekday without a row is closed.
CREATE TABLE vaccination_site_hours (
  site_id bigint NOT NULL REFERENCES vaccination_site (id),
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens_at time NOT NULL,
  closes_at time NOT NULL,
  PRIMARY KEY (site_id, weekday),
  CHECK (opens_at < closes_at)
);

-- Doses a site can give per day, by product (a product without a row: none). Capacity is the
-- site's staff and cold chain, not its stock.
CREATE TABLE vaccination_site_capacity (
  site_id bigint NOT NULL REFERENCES vaccination_site (id),
  product text NOT NULL REFERENCES vaccination_product (code),
  doses_per_day integer NOT NULL CHECK (doses_per_day BETWEEN 0 AND 100000),
  PRIMARY KEY (site_id, product)
);

-- Mass-vaccination days (the La Paz–El Alto pilot of 27 Apr–3 May 2021): the site is open that day
-- whatever its weekday hours say, with these hours when given.
CREATE TABLE vaccination_site_mass_day (
  site_id bigint NOT NULL REFERENCES vaccination_site (id),
  day date NOT NULL,
  opens_at time,
  closes_at time,
  note text CHECK (length(note) <= 500),
  PRIMARY KEY (site_id, day),
  CHECK ((opens_at IS NULL) = (closes_at IS NULL)),
  CHECK (opens_at IS NULL OR opens_at < closes_at)
);

-- A site's day, opened when the first booking or arrival needs it: the walk-in queue's next ticket
-- and the closing of the day (with its counts, by the site manager). Nothing is booked or given on
-- a closed day.
CREATE TABLE vaccination_site_day (
  site_id bigint NOT NULL REFERENCES vaccination_site (id),
  day date NOT NULL,
  next_ticket integer NOT NULL DEFAULT 1 CHECK (next_ticket >= 1),
  closed_at timestamptz,
  closed_by text,
  PRIMARY KEY (site_id, day),
  CHECK ((closed_at IS NULL) = (closed_by IS NULL))
);

-- The counters of a site's day per product. `capacity` is copied from vaccination_site_capacity
-- when the row is made (a later change of capacity applies to days not yet opened). Appointments
-- reserve (`reserved`), walk-ins admitted to the queue take what is left (`walk_ins`): the CHECK
-- makes overbooking impossible in the database itself, however many book at once — an
-- UPDATE … SET reserved = reserved + 1 that would exceed it fails, and one that waits on a
-- concurrent booking re-reads the row. `administered` counts the doses given.
CREATE TABLE vaccination_site_day_product (
  site_id bigint NOT NULL,
  day date NOT NULL,
  product text NOT NULL REFERENCES vaccination_product (code),
  capacity integer NOT NULL CHECK (capacity >= 0),
  reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  walk_ins integer NOT NULL DEFAULT 0 CHECK (walk_ins >= 0),
  administered integer NOT NULL DEFAULT 0 CHECK (administered >= 0),
  PRIMARY KEY (site_id, day, product),
  FOREIGN KEY (site_id, day) REFERENCES vaccination_site_day (site_id, day),
  CHECK (reserved + walk_ins <= capacity)
);

-- A delivery received at the national warehouse (the 2021 shipments of the domain file, or a
-- receipt recorded by an officer): one lot, one quantity, the ledger transfer that put the doses in
-- stock (id `vaccination-receipt:<id>`), and where the fact comes from.
CREATE TABLE vaccination_delivery (
  id text COLLATE "C" PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  received_on date NOT NULL,
  lot_id bigint NOT NULL REFERENCES vaccination_lot (id),
  doses bigint NOT NULL CHECK (doses > 0),
  supplier text NOT NULL CHECK (supplier <> '' AND length(supplier) <= 200),
  reference text CHECK (length(reference) <= 2000),
  note text CHECK (length(note) <= 2000),
  transfer_id text COLLATE "C" NOT NULL UNIQUE,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX vaccination_delivery_received ON vaccination_delivery (received_on, id);

-- The walk-in queue of a site's day, served in ticket order. One entry per person, site and day.
CREATE TABLE vaccination_queue_entry (
  person_id bigint NOT NULL,
  site_id bigint NOT NULL,
  day date NOT NULL,
  ticket integer NOT NULL CHECK (ticket >= 1),
  product text REFERENCES vaccination_product (code),
  dose_number smallint CHECK (dose_number BETWEEN 1 AND 9),
  status text NOT NULL CHECK (status IN ('waiting', 'served', 'left')),
  arrived_at timestamptz NOT NULL,
  status_at timestamptz,
  recorded_by text NOT NULL,
  PRIMARY KEY (person_id, site_id, day),
  FOREIGN KEY (site_id, day) REFERENCES vaccination_site_day (site_id, day)
);
-- The queue in order; tickets are unique per site and day because vaccination_site_day hands them
-- out (a unique index without person_id could not be kept on Citus).
CREATE INDEX vaccination_queue_order ON vaccination_queue_entry (site_id, day, ticket);

-- An appointment: a person, a site, a day, the dose number and the product reserved for it. Booking
-- dose 1 may propose dose 2 (`follows_id` names the dose-1 appointment). `stock_transfer_id` is the
-- ledger's pending transfer that reserves the dose, if one was made.
CREATE TABLE vaccination_appointment (
  id bigint GENERATED ALWAYS AS IDENTITY,
  person_id bigint NOT NULL,
  site_id bigint NOT NULL,
  day date NOT NULL,
  dose_number smallint NOT NULL CHECK (dose_number BETWEEN 1 AND 9),
  product text NOT NULL,
  status text NOT NULL CHECK (status IN ('booked', 'attended', 'cancelled', 'no_show')),
  follows_id bigint,
  stock_transfer_id text COLLATE "C",
  idempotency_key text COLLATE "C" NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 128),
  booked_by text NOT NULL,
  booked_at timestamptz NOT NULL,
  status_at timestamptz,
  PRIMARY KEY (person_id, id),
  UNIQUE (person_id, idempotency_key),
  -- A booking holds a counter of that day and product, which the booking incremented.
  FOREIGN KEY (site_id, day, product) REFERENCES vaccination_site_day_product (site_id, day, product)
);
-- One active appointment per person and dose.
CREATE UNIQUE INDEX vaccination_appointment_one_active ON vaccination_appointment (person_id, dose_number)
  WHERE status = 'booked';
-- A site's day: its bookings, and the no-shows to release at its end.
CREATE INDEX vaccination_appointment_site_day ON vaccination_appointment (site_id, day, status);

-- A dose given: the nominal registry (RNVe). One record per person and dose number, written once
-- (a retry with the same idempotency key finds it), moving one dose out of the lot's stock at the
-- site in the same transaction (`stock_transfer_id`, the ledger's transfer). `dose_kind` is what
-- coverage counts: first, second (of a two-dose series), single (a one-dose series), booster.
CREATE TABLE vaccination_dose (
  person_id bigint NOT NULL,
  dose_number smallint NOT NULL CHECK (dose_number BETWEEN 1 AND 9),
  dose_kind text NOT NULL CHECK (dose_kind IN ('first', 'second', 'single', 'booster')),
  product text NOT NULL REFERENCES vaccination_product (code),
  lot_id bigint NOT NULL REFERENCES vaccination_lot (id),
  site_id bigint NOT NULL REFERENCES vaccination_site (id),
  given_on date NOT NULL,
  appointment_id bigint,
  idempotency_key text COLLATE "C" NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 128),
  stock_transfer_id text COLLATE "C" NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (person_id, dose_number),
  UNIQUE (person_id, idempotency_key),
  -- Dose 1 is a first or single dose, dose 2 a second dose or (after a single dose) a booster.
  CHECK (CASE dose_kind WHEN 'first' THEN dose_number = 1 WHEN 'single' THEN dose_number = 1
                        WHEN 'second' THEN dose_number = 2 ELSE dose_number >= 2 END)
);
-- Lists and coverage by site and date.
CREATE INDEX vaccination_dose_site_day ON vaccination_dose (site_id, given_on);
CREATE INDEX vaccination_dose_given_on ON vaccination_dose (given_on);

-- The dose registry is history: a dose given is not edited or removed (a mistake is corrected by a
-- later migration's correction table, as the ledger corrects with new transfers).
CREATE FUNCTION vaccination_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'vaccination %: % refused', TG_TABLE_NAME, TG_OP
    USING HINT = 'A dose given and a delivery received are history: record a correction instead.';
END
$$;
CREATE TRIGGER vaccination_dose_immutable BEFORE UPDATE OR DELETE ON vaccination_dose
  FOR EACH ROW EXECUTE FUNCTION vaccination_refuse_change();
CREATE TRIGGER vaccination_delivery_immutable BEFORE UPDATE OR DELETE ON vaccination_delivery
  FOR EACH ROW EXECUTE FUNCTION vaccination_refuse_change();
