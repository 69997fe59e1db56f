import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { DeliveryAnalysisSpec } from '../../model/delivery/delivery-spec';
import {
  AnalysisTemplate,
  AnalysisTemplateSpecMetricsCount,
  AnalysisTemplateSpecMetricsFailureLimit,
} from '../imports/argo-rollouts';
import { promDuration } from '../observe/layer-queries';
import { AnalysisQuery, CANARY_HASH_ARG, comparesWithStable, STABLE_HASH_ARG } from './analysis-queries';
import { deliveryMetadata } from './delivery-metadata';

/** Props of `ArgoAnalysisTemplate`. */
export interface ArgoAnalysisTemplateProps {
  /** The resolved app (delivered by Argo Rollouts). */
  readonly app: AppSpec;
  /** Its resolved analysis (`app.delivery.analysis`). */
  readonly analysis: DeliveryAnalysisSpec;
  /** The queries (`analysisQueries(app, analysis)`), never empty. */
  readonly queries: readonly AnalysisQuery[];
  /** The template's name. */
  readonly name: string;
  /**
   * Measurements before the analysis ends (an analysis step must end to go on); undefined: until the rollout ends
   * (a background analysis).
   * @default undefined
   */
  readonly count?: number;
}

/**
 * The app's `AnalysisTemplate` (`argoproj.io/v1alpha1`): one Prometheus metric per query of the objective, measured
 * every interval on the canary's pods (the `canary-hash` argument, which the Rollout passes as its latest pod
 * template hash). A result above the bound fails; no result (no canary traffic yet) is inconclusive and pauses
 * the rollout for a person.
 * @see https://argo-rollouts.readthedocs.io/en/stable/analysis/prometheus/
 */
export class ArgoAnalysisTemplate extends Construct {
  /** The AnalysisTemplate. */
  readonly template: AnalysisTemplate;

  constructor(scope: Construct, id: string, props: ArgoAnalysisTemplateProps) {
    super(scope, id);
    const { app, analysis, queries, count } = props;
    this.template = new AnalysisTemplate(this, 'analysis-template', {
      metadata: deliveryMetadata(app, props.name),
      spec: {
        args: [{ name: CANARY_HASH_ARG }, ...(comparesWithStable(analysis) ? [{ name: STABLE_HASH_ARG }] : [])],
        metrics: queries.map((q) => ({
          name: q.name,
          interval: promDuration(analysis.intervalSeconds),
          ...(count !== undefined ? { count: AnalysisTemplateSpecMetricsCount.fromNumber(count) } : {}),
          failureLimit: AnalysisTemplateSpecMetricsFailureLimit.fromNumber(analysis.failureLimit),
          successCondition: `result[0] <= ${q.max}`,
          failureCondition: `result[0] > ${q.max}`,
          provider: { prometheus: { address: analysis.prometheusAddress, query: q.query } },
        })),
      },
    });
  }
}
