import type { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import { AppPodMonitor } from './app-pod-monitor';
import { AppPrometheusRule } from './app-prometheus-rule';
import { AppTelemetry } from './app-telemetry';
import { ruleGroups } from './rule-groups';

/**
 * The app renderer of `observe`: the PodMonitor of the scraped layers, the PrometheusRule of their recording rules
 * and alerts, and (in Istio) the Telemetry of tracing and access logs. Linkerd's access log is a pod annotation
 * (the workload writes it); the scraper's admission is part of the network policy (`admitScraper`).
 */
export function renderObserve(scope: Construct, app: AppSpec): void {
  const observe = app.observe;
  if (!observe) return;
  if (observe.layers.length > 0) new AppPodMonitor(scope, 'pod-monitor', { app, observe });
  const groups = ruleGroups(app);
  if (groups.length > 0) new AppPrometheusRule(scope, 'prometheus-rule', { app, observe, groups });
  const t = observe.tracing;
  const istio = observe.layers.some((l) => l.layer === 'istio');
  if (t && istio && (t.samplingPercent !== undefined || t.provider !== undefined || t.accessLogs))
    new AppTelemetry(scope, 'telemetry', { app, observe });
}
