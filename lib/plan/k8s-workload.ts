import type { FactSink } from './fact-sink';
import type { Manifest } from './read-output';
import { at, isRecord, labelText, list, records, text } from './values';

/** Deployment and StatefulSet: replicas, the selector (immutable), readiness, drain. */
export function workloadFacts(m: Manifest, sink: FactSink): void {
  sink.add('replicas', 'capacity', at(m.body, 'spec.replicas') ?? 1);
  sink.add('selector', 'replace', labelText(at(m.body, 'spec.selector.matchLabels')));
  sink.add(
    'rolling update maxUnavailable',
    'capacity-inverse',
    at(m.body, 'spec.strategy.rollingUpdate.maxUnavailable'),
  );
  const pod = at(m.body, 'spec.template.spec');
  sink.add('terminationGracePeriodSeconds', 'drain', at(pod, 'terminationGracePeriodSeconds') ?? 30, 's');
  for (const c of records(at(pod, 'containers'))) {
    const name = text(c.name);
    sink.add(`container ${name} readiness probe`, 'info', probeText(c.readinessProbe));
    sink.add(`container ${name} preStop sleep`, 'drain', preStopSeconds(c.lifecycle), 's');
    sink.reach(
      `container ${name} ports`,
      records(c.ports).map((p) => `${text(p.name) || 'unnamed'} ${text(p.containerPort)}/${text(p.protocol) || 'TCP'}`),
    );
  }
}

/** A probe as one line: `httpGet /ready port http, period 5s, timeout 1s, failure 3, success 1, delay 30s`. */
export function probeText(probe: unknown): string {
  if (!isRecord(probe)) return '';
  const handler = ['httpGet', 'tcpSocket', 'grpc', 'exec'].find((h) => isRecord(probe[h])) ?? 'none';
  const h = isRecord(probe[handler]) ? probe[handler] : {};
  const target =
    handler === 'exec' ? list(h.command).map(text).join(' ') : `${text(h.path)} port ${text(h.port)}`.trim();
  const parts = [
    `${handler} ${target}`.trim(),
    `period ${text(probe.periodSeconds ?? 10)}s`,
    `timeout ${text(probe.timeoutSeconds ?? 1)}s`,
    `failure ${text(probe.failureThreshold ?? 3)}`,
    `success ${text(probe.successThreshold ?? 1)}`,
    `delay ${text(probe.initialDelaySeconds ?? 0)}s`,
  ];
  return parts.join(', ');
}

function preStopSeconds(lifecycle: unknown): unknown {
  const sleep = at(lifecycle, 'preStop.sleep.seconds');
  if (sleep !== undefined) return sleep;
  const cmd = list(at(lifecycle, 'preStop.exec.command')).map(text).join(' ');
  const m = /sleep (\d+)/.exec(cmd);
  return m ? Number(m[1]) : undefined;
}

/** PodDisruptionBudget: how many pods may be down at once. */
export function pdbFacts(m: Manifest, sink: FactSink): void {
  sink.add('minAvailable', 'capacity', at(m.body, 'spec.minAvailable'));
  sink.add('maxUnavailable', 'capacity-inverse', at(m.body, 'spec.maxUnavailable'));
  sink.add('unhealthyPodEvictionPolicy', 'info', at(m.body, 'spec.unhealthyPodEvictionPolicy'));
}

/** HorizontalPodAutoscaler: bounds and targets. */
export function hpaFacts(m: Manifest, sink: FactSink): void {
  sink.add('minReplicas', 'capacity', at(m.body, 'spec.minReplicas') ?? 1);
  sink.add('maxReplicas', 'capacity', at(m.body, 'spec.maxReplicas'));
  sink.add('target', 'info', text(at(m.body, 'spec.scaleTargetRef.name')));
  sink.add('metrics', 'info', at(m.body, 'spec.metrics'));
  sink.add('behavior', 'info', at(m.body, 'spec.behavior'));
}

/** Service: type (a change re-creates the cloud load balancer), ports, selector, stickiness, source ranges. */
export function serviceFacts(m: Manifest, sink: FactSink): void {
  const spec = at(m.body, 'spec');
  sink.add('type', 'replace', at(spec, 'type') ?? 'ClusterIP');
  sink.add('selector', 'info', labelText(at(spec, 'selector')));
  sink.reach(
    'ports',
    records(at(spec, 'ports')).map(
      (p) =>
        `${text(p.name) || 'unnamed'} ${text(p.port)}->${text(p.targetPort ?? p.port)}/${text(p.protocol) || 'TCP'}`,
    ),
  );
  sink.add('sessionAffinity (stickiness)', 'info', at(spec, 'sessionAffinity'));
  sink.add('sessionAffinity timeout', 'info', at(spec, 'sessionAffinityConfig.clientIP.timeoutSeconds'));
  sink.add('externalTrafficPolicy', 'info', at(spec, 'externalTrafficPolicy'));
  sink.add('loadBalancerClass', 'replace', at(spec, 'loadBalancerClass'));
  sink.reach('loadBalancerSourceRanges', list(at(spec, 'loadBalancerSourceRanges')).map(text));
}
