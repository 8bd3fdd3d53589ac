import type { Result } from '../shared/failure.ts';
import { VERIFY_STEPS, type VerifyFailure, type VerifyStep, verifyStepOf } from './certificates.failures.ts';
import type { VerifiedDcc } from './hc1.ts';

/**
 * A verification told step by step, as the verifier page and `ayni certificates verify` show it:
 * every step before the one that failed passed, that one failed, the rest were not reached.
 */

export type StepState = 'passed' | 'failed' | 'not_reached';

/** One step and how it went. */
export interface StepReport {
  readonly step: VerifyStep;
  readonly state: StepState;
}

/**
 * The steps of a verification's result, in the order they run.
 *
 * @example verificationSteps(verifyHc1(text, ctx)) // [{ step: 'prefix', state: 'passed' }, …, { step: 'signature', state: 'failed' }, …]
 */
export function verificationSteps(result: Result<VerifiedDcc, VerifyFailure>): StepReport[] {
  return stepsOf(result.ok ? null : result.error);
}

/**
 * The steps of a verification that failed with `failure` (every step passed when null).
 *
 * @example stepsOf({ code: 'hc1_prefix_invalid', found: 'HC2:' })[0] // { step: 'prefix', state: 'failed' }
 */
export function stepsOf(failure: VerifyFailure | null): StepReport[] {
  const failedAt = failure === null ? -1 : VERIFY_STEPS.indexOf(verifyStepOf(failure));
  return VERIFY_STEPS.map((step, i) => ({
    step,
    state: failedAt === -1 || i < failedAt ? 'passed' : i === failedAt ? 'failed' : 'not_reached',
  }));
}

/** The person, dose and period a valid certificate names (the payload's own fields). */
export interface VerifiedSummary {
  readonly name: string;
  readonly dateOfBirth: string;
  readonly doseNumber: number;
  readonly seriesDoses: number;
  readonly vaccinatedOn: string;
  readonly product: string;
  readonly uvci: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly kid: string;
}

/**
 * What a verified vaccination certificate says, for a verifier to compare with the holder's ID.
 *
 * @example summaryOf(verified.value).name // 'Juana Quispe Mamani'
 */
export function summaryOf(v: VerifiedDcc): VerifiedSummary {
  const h = v.claims.hcert as {
    nam?: { gn?: string; fn?: string };
    dob?: string;
    v?: { dn?: number; sd?: number; dt?: string; mp?: string; ci?: string }[];
  };
  const dose = h.v?.[0] ?? {};
  return {
    name: [h.nam?.gn, h.nam?.fn].filter((s) => s !== undefined && s !== '').join(' '),
    dateOfBirth: h.dob ?? '',
    doseNumber: dose.dn ?? 0,
    seriesDoses: dose.sd ?? 0,
    vaccinatedOn: dose.dt ?? '',
    product: dose.mp ?? '',
    uvci: dose.ci ?? '',
    issuedAt: new Date(v.claims.issuedAtSeconds * 1000),
    expiresAt: new Date(v.claims.expiresAtSeconds * 1000),
    kid: v.signer.kid,
  };
}

/**
 * A verification as plain data (it crosses from a worker thread): the steps, what a valid
 * certificate says, or the failure (a code and its details; the words are the interface's).
 */
export interface VerifyOutcome {
  readonly steps: StepReport[];
  readonly summary: VerifiedSummary | null;
  readonly failure: VerifyFailure | null;
}

/**
 * The outcome of a verification's result.
 *
 * @example outcomeOf(verifyHc1(text, ctx)).failure // { code: 'hc1_signature_invalid', kid: '…' }
 */
export function outcomeOf(result: Result<VerifiedDcc, VerifyFailure>): VerifyOutcome {
  return {
    steps: verificationSteps(result),
    summary: result.ok ? summaryOf(result.value) : null,
    failure: result.ok ? null : result.error,
  };
}
