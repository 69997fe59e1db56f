import { Construct } from 'constructs';
import { showValue } from '../model/problems';

/**
 * Checks an argument of a `cdk-traffic/testing` helper: a wrong one is an `Error` naming the helper, the argument,
 * what it must be, the value received and what to pass, never a `TypeError` from deep inside.
 */
export function checkArgument(
  helper: string,
  name: string,
  value: unknown,
  ok: boolean,
  want: string,
  fix: string,
): void {
  if (!ok) throw new Error(`${helper}: ${name} must be ${want} (received ${showValue(value)}). Fix: ${fix}`);
}

/** True for a construct (a chart, a stack, an App). */
export const isConstruct = (v: unknown): v is Construct => Construct.isConstruct(v);

/** True for a plain object (not null, not a list). */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
