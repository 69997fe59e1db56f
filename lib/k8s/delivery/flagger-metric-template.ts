import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import { MetricTemplate, MetricTemplateSpecProviderType } from '../imports/flagger';
import type { AnalysisQuery } from './analysis-queries';
import { deliveryMetadata } from './delivery-metadata';

/** Props of `FlaggerMetricTemplate`. */
export interface FlaggerMetricTemplateProps {
  /** The resolved app (`app.delivery.controller` is `flagger`). */
  readonly app: AppSpec;
  /** The template's name. */
  readonly name: string;
  /** The query of the objective it measures. */
  readonly query: AnalysisQuery;
  /** The Prometheus it queries. */
  readonly address: string;
}

/**
 * A `MetricTemplate` (`flagger.app/v1beta1`) of the app's objective: a Prometheus query of the canary's error ratio
 * or latency quantile, which the Canary's analysis bounds with `thresholdRange.max`.
 * @see https://docs.flagger.app/usage/metrics#prometheus
 */
export class FlaggerMetricTemplate extends Construct {
  /** The MetricTemplate. */
  readonly template: MetricTemplate;

  constructor(scope: Construct, id: string, props: FlaggerMetricTemplateProps) {
    super(scope, id);
    this.template = new MetricTemplate(this, 'metric-template', {
      metadata: deliveryMetadata(props.app, props.name),
      spec: {
        provider: { type: MetricTemplateSpecProviderType.PROMETHEUS, address: props.address },
        query: props.query.query,
      },
    });
  }
}
