export { AppPodMonitor, AppPodMonitorProps } from './app-pod-monitor';
export { AppPrometheusRule, AppPrometheusRuleProps } from './app-prometheus-rule';
export { AppTelemetry, AppTelemetryProps } from './app-telemetry';
export { renderObserve } from './render-observe';
export { ruleGroups, RuleGroupSpec, RuleSpec } from './rule-groups';
