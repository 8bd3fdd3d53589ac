-- Issue #18: a site's day closing records, per lot, the doses given and the doses opened (whole
-- vials of a multi-dose lot), and the doses wasted = opened − given (or the count the site gave),
-- as written off the stock. One row per lot given that day, written once by the closing, never
-- changed (the closing is audited with the same figures).
CREATE TABLE vaccination_site_day_lot (
  site_id bigint NOT NULL,
  day date NOT NULL,
  lot_id bigint NOT NULL REFERENCES vaccination_lot (id),
  product text NOT NULL REFERENCES vaccination_product (code),
  given integer NOT NULL CHECK (given >= 0),
  vials_opened integer NOT NULL CHECK (vials_opened >= 0),
  doses_opened integer NOT NULL CHECK (doses_opened >= given),
  wasted integer NOT NULL CHECK (wasted >= 0),
  -- True when the site counted the waste itself (it replaces opened − given for the lot).
  counted boolean NOT NULL,
  PRIMARY KEY (site_id, day, lot_id),
  FOREIGN KEY (site_id, day) REFERENCES vaccination_site_day (site_id, day)
);

CREATE TRIGGER vaccination_site_day_lot_immutable BEFORE UPDATE OR DELETE ON vaccination_site_day_lot
  FOR EACH ROW EXECUTE FUNCTION vaccination_refuse_change();
