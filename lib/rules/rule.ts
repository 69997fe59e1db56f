import type { AppSpec } from '../model/app-spec';
import type { KubeProxySpec } from '../model/kube-proxy/kube-proxy-spec';

/** How bad a finding is: errors fail the synth, warnings are printed. */
export type RuleSeverity = 'error' | 'warning';

/** One non-compliant setting: the field, the value received, what is wrong and what to do. */
export interface RuleFinding {
  /** Dotted path of the field in the definition, e.g. `traffic.retry.perTryTimeout` or `expose[1].idleTimeoutSeconds`. */
  readonly field: string;
  readonly value: unknown;
  readonly message: string;
  readonly fix: string;
}

/** The outcome of one rule on one app (cdk-nag style). */
export type RuleOutcome =
  | { readonly status: 'compliant' }
  | { readonly status: 'not-applicable' }
  | { readonly status: 'non-compliant'; readonly findings: readonly RuleFinding[] };

/** A check with a stable id, run on every resolved app at synth. Pure: reads the spec, returns an outcome. */
export interface Rule {
  /** Stable id, e.g. `CT-TRAFFIC-010`; users acknowledge findings by it (`traffic.acknowledge`). */
  readonly id: string;
  readonly severity: RuleSeverity;
  /** One line: what the rule asks for. */
  readonly description: string;
  check(app: AppSpec): RuleOutcome;
}

export const COMPLIANT: RuleOutcome = { status: 'compliant' };
export const NOT_APPLICABLE: RuleOutcome = { status: 'not-applicable' };

/**
 * Non-compliant when there are findings, else compliant.
 *
 * @example
 * check: (app) => outcome(app.versions[0].replicas < 2 ? [{ field: 'replicas', value: app.versions[0].replicas, message: 'one replica', fix: 'set `replicas: 2`' }] : [])
 */
export function outcome(findings: readonly RuleFinding[]): RuleOutcome {
  return findings.length > 0 ? { status: 'non-compliant', findings } : COMPLIANT;
}

/**
 * A check of one app against the cluster's kube-proxy (`KubeProxyCluster` runs them at synth over the apps of
 * its cdk8s App and the apps given to it). Pure, like the traffic rules, with the proxy's spec as a second input.
 */
export interface ProxyRule {
  readonly id: string;
  readonly severity: RuleSeverity;
  readonly description: string;
  check(app: AppSpec, proxy: KubeProxySpec): RuleOutcome;
}
