import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { ObserveSpec } from '../../model/observe/observe-spec';
import { Telemetry } from '../imports/istio-telemetry';
import { observeMetadata } from './observe-metadata';
import { labelsOnlySelector } from '../../model/delivery/primary-pods';

/** Props of `AppTelemetry`. */
export interface AppTelemetryProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** Its resolved observability (`app.observe`, with `tracing`). */
  readonly observe: ObserveSpec;
}

/**
 * The app's Istio `Telemetry` (`telemetry.istio.io/v1`), selecting its pods: the tracing sampling percentage (and
 * provider) and access logging (Envoy's built-in `envoy` provider).
 * @see https://istio.io/latest/docs/reference/config/telemetry/
 */
export class AppTelemetry extends Construct {
  /** The Telemetry. */
  readonly telemetry: Telemetry;

  constructor(scope: Construct, id: string, props: AppTelemetryProps) {
    super(scope, id);
    const { app, observe } = props;
    const t = observe.tracing;
    const tracing =
      t && (t.samplingPercent !== undefined || t.provider !== undefined)
        ? [
            {
              ...(t.provider !== undefined ? { providers: [{ name: t.provider }] } : {}),
              ...(t.samplingPercent !== undefined ? { randomSamplingPercentage: t.samplingPercent } : {}),
            },
          ]
        : undefined;
    this.telemetry = new Telemetry(this, 'telemetry', {
      metadata: observeMetadata(app, observe, false),
      spec: {
        // With Flagger, a label its primary pods keep too (Istio's workload selector takes labels only).
        selector: { matchLabels: labelsOnlySelector(app) },
        ...(tracing ? { tracing } : {}),
        ...(t?.accessLogs ? { accessLogging: [{ providers: [{ name: 'envoy' }] }] } : {}),
      },
    });
  }
}
