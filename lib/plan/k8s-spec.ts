import type { FactSink } from './fact-sink';
import { classOf } from './k8s-annotations';
import type { Manifest } from './read-output';
import { isRecord, stableJson } from './values';

/**
 * The spec of a policy object whose every field is a setting (GKE BackendConfig, HealthCheckPolicy and
 * GCPBackendPolicy, Azure AGC HealthCheckPolicy and RoutePolicy, the AWS controller's TargetGroupBinding): one fact
 * per leaf (`spec.default.timeoutSec`), classed by its name as annotations are; a list is one value.
 */
export function specFacts(m: Manifest, sink: FactSink): void {
  const walk = (v: unknown, path: string): void => {
    if (isRecord(v)) {
      for (const k of Object.keys(v).sort()) walk(v[k], `${path}.${k}`);
      return;
    }
    const setting = path.slice(1);
    const kind = classOf(setting);
    sink.add(setting, kind === 'reach' ? 'info' : kind, Array.isArray(v) ? stableJson(v) : v);
  };
  walk(m.body.spec, '.spec');
}
