import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { ObserveSpec } from '../../model/observe/observe-spec';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../imports/prometheus-operator';
import type { RuleGroupSpec } from './rule-groups';
import { observeMetadata } from './observe-metadata';

/** Props of `AppPrometheusRule`. */
export interface AppPrometheusRuleProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** Its resolved observability (`app.observe`). */
  readonly observe: ObserveSpec;
  /** The groups (`ruleGroups(app)`), never empty. */
  readonly groups: readonly RuleGroupSpec[];
}

/**
 * The app's `PrometheusRule` (`monitoring.coreos.com/v1`): per layer that serves the app (Istio, Linkerd, the app's
 * own metrics), recording rules of the request rate, the error ratio over each alert window and the latency
 * quantile, then the objective's multi-window, multi-burn-rate alerts per version (`rule-groups.ts`).
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusRule
 */
export class AppPrometheusRule extends Construct {
  /** The PrometheusRule. */
  readonly rule: PrometheusRule;

  constructor(scope: Construct, id: string, props: AppPrometheusRuleProps) {
    super(scope, id);
    const { app, observe, groups } = props;
    this.rule = new PrometheusRule(this, 'prometheus-rule', {
      metadata: observeMetadata(app, observe, true),
      spec: {
        groups: groups.map((g) => ({
          name: g.name,
          rules: g.rules.map((r) => ({ ...r, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr) })),
        })),
      },
    });
  }
}
