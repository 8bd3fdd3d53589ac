-- Deposits move through a clearing account per bank (ADR 0007, src/bono/deposits.ts): the export
-- books one transfer per bank and page of deposits, payable → bono:in-transit:<BIC>, and the bank's
-- answer moves each deposit on by itself, in-transit → paid:<BIC> when accepted (holding the
-- person's payment key, as a counter payout does) or back to payable when rejected. Reserving each
-- deposit as its own pending transfer cost about 27 µs of CPU per deposit, twice what reading,
-- recording and writing it cost together (docs/benchmarks.md).
--
-- So a deposit row now names the transfer that sent it, shared with the other deposits of its page
-- and bank; deposits sent before this migration keep their own pending transfer, which
-- reconciliation still posts or voids. While a deposit is at the bank, bono_deposit_one_open and
-- the payouts' check under the payable account's lock (src/bono/payouts.ts) keep the person from
-- being paid at a counter.
ALTER TABLE bono_deposit DROP CONSTRAINT bono_deposit_pending_transfer_id_key;
ALTER TABLE bono_deposit RENAME COLUMN pending_transfer_id TO sent_transfer_id;

-- Who a bank rejected, for the export's "rejected for a reason a new attempt cannot cure" test.
-- Without it that test read every deposit row once per page while an export appended them, so a
-- page cost more the further the export got (about 95 ms per 16,000 deposits at 680,000, against
-- 16 ms with nothing sent yet). Rejections are few: the index is small and sent rows never enter it.
CREATE INDEX bono_deposit_rejected ON bono_deposit (person_id) WHERE state = 'rejected';

-- A round's deposit entitlements in person order, for the export's count and pages: about one
-- entitlement in seven is paid by deposit, and without it each page walked the round's counter
-- entitlements too (561 ms a page on the bench country, 68 ms with it). Rows enter it at the
-- freeze, in person order, at its right edge.
CREATE INDEX bono_entitlement_deposit ON bono_entitlement (round_id, person_id) WHERE channel = 'deposit';
