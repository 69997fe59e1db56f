import type { PolicyPortSpec } from '../dataplane/dataplane-spec';
import type { FrontTrait, ProbedEndpoint } from '../exposure/traits';
import type { HealthCheckSpec } from './health-check';
import { uniquePorts } from '../dataplane/exposure-sources';

/** The load balancer's own addresses as the source in front of the pods: one frozen value, not one per app. */
const AWS_LOAD_BALANCER: FrontTrait['from'] = Object.freeze({ kind: 'aws-load-balancer' });

/** The endpoint a target group health check probes on the pods. */
export function probedEndpoint(hc: HealthCheckSpec): ProbedEndpoint {
  // Two literals, no spread of a temporary object: once per app.
  return hc.path !== undefined
    ? { port: hc.portNumber, path: hc.path, source: hc.source.kind }
    : { port: hc.portNumber, source: hc.source.kind };
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
      { why, from: clients ?? AWS_LOAD_BALANCER, ports: withCheck, healthChecks: [probed] },
      { why, from: { kind: 'nodes' }, ports: withCheck, healthChecks: [probed] },
    ];
  }
  if (clients) {
    return [
      { why, from: clients, ports, healthChecks: [] },
      {
        why: `${why}, health checks`,
        from: AWS_LOAD_BALANCER,
        ports: withCheck.filter((p) => p.port === probed.port),
        healthChecks: [probed],
      },
    ];
  }
  return [{ why, from: AWS_LOAD_BALANCER, ports: withCheck, healthChecks: [probed] }];
}
