// When the agents' OAuth secrets rotate and expire: one home for the stack, the contract, validation and doctor.
import type { Environment } from './types';

type Credentials = Environment['agentCredentials'];

/**
 * Days after which the next apply replaces a secret: the model's rotationDays, else two thirds of the lifetime
 * rounded down (90 → 60). A secret is replaced only by an apply, so an apply must follow within the days between.
 */
export function rotationDaysOf(credentials: Pick<Credentials, 'lifetimeDays' | 'rotationDays'>): number {
  return credentials.rotationDays ?? Math.max(1, Math.floor((credentials.lifetimeDays * 2) / 3));
}

/** The longest gap between applies that keeps every secret valid: the days a secret outlives its rotation date. */
export function applyWithinDays(credentials: Pick<Credentials, 'lifetimeDays' | 'rotationDays'>): number {
  return credentials.lifetimeDays - rotationDaysOf(credentials);
}
