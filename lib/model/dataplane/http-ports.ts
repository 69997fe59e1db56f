import type { WorkloadSpec } from '../app-spec';
import { resolvePort } from '../workload/port-resolution';
import type { ContainerPortSpec } from '../workload/ports';
import type { PortRef } from '../workload/probe';
import type { PolicyPortSpec } from './dataplane-spec';

/** What a container port carries, as far as an L7 HTTP policy is concerned. */
export type PortTraffic = 'http' | 'tls' | 'other' | 'unknown';

const HTTP_APP_PROTOCOLS = ['http', 'h2c', 'kubernetes.io/h2c', 'grpc', 'kubernetes.io/ws', 'http2'];
const TLS_APP_PROTOCOLS = ['https', 'kubernetes.io/wss', 'tls', 'grpcs'];

/**
 * Classifies a container port: plain HTTP (Cilium's proxy can read it), TLS (it cannot without TLS
 * interception), something else, or unknown. Read from `appProtocol`, then the port's name
 * (`http`, `http-*`, `grpc`, `web`, `h2c`, `ws`), then an HTTP readiness probe on the port.
 */
export function portTraffic(port: ContainerPortSpec, app: WorkloadSpec): PortTraffic {
  if (port.protocol !== 'TCP') return 'other';
  const ap = port.appProtocol?.toLowerCase();
  if (ap !== undefined) {
    if (HTTP_APP_PROTOCOLS.includes(ap)) return 'http';
    if (TLS_APP_PROTOCOLS.includes(ap)) return 'tls';
    return 'other';
  }
  const name = port.name ?? '';
  if (/^(http|h2c|grpc|web|ws)(-|$)/.test(name)) return 'http';
  if (/^(https|tls|wss|grpcs)(-|$)/.test(name)) return 'tls';
  const probe = app.container.readiness;
  if (probe?.action.kind === 'httpGet' && probe.portNumber === port.port)
    return probe.action.scheme === 'HTTP' ? 'http' : 'tls';
  return 'unknown';
}

/** A container port by name or number; a number may also be a Service port (mapped to its target). */
export function findContainerPort(app: WorkloadSpec, ref: PortRef): ContainerPortSpec | undefined {
  return resolvePort(app, ref, 'container-or-service')?.container;
}

/** The app's reachable ports by default: the Service's targets, or every container port without a Service. */
export function defaultAppPorts(app: WorkloadSpec): PolicyPortSpec[] {
  const ports = app.service ? app.service.ports.map((p) => p.target) : app.container.ports;
  const seen = new Set<string>();
  return ports
    .map((p) => ({ port: p.port, protocol: p.protocol }))
    .filter((p) => {
      const k = `${p.port}/${p.protocol}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

/** Describes a port for messages: `http (8080)` or `8080`. */
export function describePort(p: ContainerPortSpec): string {
  return p.name ? `${p.name} (${p.port})` : String(p.port);
}
