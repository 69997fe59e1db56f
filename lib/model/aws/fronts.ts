import type { PolicyPortSpec } from '../dataplane/dataplane-spec';
import type { FrontTrait, ProbedEndpoint } from '../exposure/traits';
import type { HealthCheckSpec } from './health-check';
import { uniquePorts } from '../dataplane/exposure-sources';

/** The endpoint a target group health check probes on the pods. */
export function probedEndpoint(hc: HealthCheckSpec): ProbedEndpoint {
  return { port: hc.portNumber, ...(hc.path !== undefined ? { path: hc.path } : {}), source: hc.source.kind };
}

/**
 * What an AWS load balancer puts in front of the pods. With ip targets its own addresses connect to the
 * pods, on the traffic ports and the health check's port; with instance targets the nodes forward from
 * their node ports (and keep the client address). `preserveClientIp`: the clients' addresses arrive
 * instead of the load balancer's (NLB), so `clients` is the peer.
 */
export function awsLoadBalancerFronts(
  why: string,
  ports: readonly PolicyPortSpec[],
  healthCheck: HealthCheckSpec,
  targetType: 'ip' | 'instance',
  clients?: FrontTrait['from'],
): FrontTrait[] {
  const probed = probedEndpoint(healthCheck);
  // Pushed, not spread: once per app, one hidden class for the list.
  const all: PolicyPortSpec[] = [];
  for (let i = 0; i < ports.length; i++) all.push(ports[i]);
  if (probed.port > 0) all.push({ port: probed.port, protocol: 'TCP' });
  const withCheck = uniquePorts(all);
  if (targetType === 'instance') {
    return [
      { why, from: clients ?? { kind: 'aws-load-balancer' }, ports: withCheck, healthChecks: [probed] },
      { why, from: { kind: 'nodes' }, ports: withCheck, healthChecks: [probed] },
    ];
  }
  if (clients) {
    return [
      { why, from: clients, ports, healthChecks: [] },
      {
        why: `${why}, health checks`,
        from: { kind: 'aws-load-balancer' },
        ports: withCheck.filter((p) => p.port === probed.port),
        healthChecks: [probed],
      },
    ];
  }
  return [{ why, from: { kind: 'aws-load-balancer' }, ports: withCheck, healthChecks: [probed] }];
}
