import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadParameterFile } from '../parameters/index.ts';
import type { IsoDate } from '../shared/dates.ts';

/**
 * How the bono is operated, as dated parameters (parameters/operations.yaml): the credit lines
 * that fund it and their shares, the banks enabled to pay it, the reversal window. Who is entitled
 * is the rules engine's business (src/rules/parameters/bono.yaml).
 */

const bic = z.string().regex(/^[A-Z]{4}BO[A-Z0-9]{2}([A-Z0-9]{3})?$/);

export const OPERATIONS_PARAMETERS = {
  bono_funding_lines: z
    .array(
      z.strictObject({
        code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
        name: z.string().min(1),
        share_bp: z.number().int().min(1).max(10_000),
      }),
    )
    .min(1)
    .refine((ls) => ls.reduce((s, l) => s + l.share_bp, 0) === 10_000, {
      message: 'the shares must add up to 10,000 basis points',
    }),
  bono_banks: z
    .array(z.strictObject({ bic, name: z.string().min(1) }))
    .min(1)
    .refine((bs) => new Set(bs.map((b) => b.bic)).size === bs.length, { message: 'a BIC is listed twice' }),
  bono_reversal_window_hours: z.number().int().min(0).max(24),
  bono_deposit_debtor: z.strictObject({
    name: z.string().min(1).max(70),
    account_id: z.string().min(1).max(34),
    agent_bic: bic,
  }),
};

const here = path.dirname(fileURLToPath(import.meta.url));
export const operations = loadParameterFile(
  path.join(here, 'parameters', 'operations.yaml'),
  OPERATIONS_PARAMETERS,
);

export interface FundingLine {
  code: string;
  name: string;
  shareBp: number;
}

export function fundingLines(on: IsoDate): FundingLine[] {
  return operations
    .value('bono_funding_lines', on)
    .map((l) => ({ code: l.code, name: l.name, shareBp: l.share_bp }));
}

export function enabledBanks(on: IsoDate): { bic: string; name: string }[] {
  return operations.value('bono_banks', on);
}

/**
 * Splits an amount between funding lines by their shares, in whole centavos: each line gets the
 * floor of its share and the remainder goes to the lines in order, so the parts always add up.
 *
 * @example splitByShares(100_001n, [{shareBp: 5000}, {shareBp: 5000}]) // [50_001n, 50_000n]
 */
export function splitByShares(total: bigint, lines: readonly { shareBp: number }[]): bigint[] {
  const parts = lines.map((l) => (total * BigInt(l.shareBp)) / 10_000n);
  let rest = total - parts.reduce((s, p) => s + p, 0n);
  for (let i = 0; rest > 0n; i = (i + 1) % parts.length, rest--) parts[i]! += 1n;
  return parts;
}

/** The paying account of deposit files in force on `on`. */
export function depositDebtor(on: IsoDate): { name: string; accountId: string; agentBic: string } {
  const d = operations.value('bono_deposit_debtor', on);
  return { name: d.name, accountId: d.account_id, agentBic: d.agent_bic };
}
