import type { ContainerPortSpec, Protocol, ServicePortSpec } from './ports';
import type { PortRef } from './probe';

/**
 * Port resolution, in one place: a port named (a string) or numbered (a number) on one layer (the container's
 * ports, the Service's ports), and what it is on every layer (container port, Service port, target port as written,
 * protocol, appProtocol). Every lookup of a port by reference in `lib/` goes through here (a test fails on a new one
 * elsewhere): the model's checks, the exposures, the probes, the dataplane and the observe layer all agree on what
 * `'http'` or `8080` means.
 */

/** Anything with a port number and perhaps a name: a container port, a Service port, a policy port. */
export interface NumberedPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol?: Protocol;
}

/**
 * The port of `ports` that `ref` names: by name when `ref` is a string, by number when it is a number (and of
 * `protocol`, when given); undefined when none matches.
 *
 * @example findPort(app.container.ports, 'http') // { name: 'http', port: 8080, protocol: 'TCP' }
 */
export function findPort<P extends NumberedPort>(
  ports: readonly P[],
  ref: PortRef,
  protocol?: Protocol,
): P | undefined {
  // An indexed loop, not `find`: no closure per lookup (several per app, mostly before V8 optimizes them).
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i];
    if (
      (typeof ref === 'number' ? p.port === ref : p.name === ref) &&
      (protocol === undefined || (p.protocol ?? 'TCP') === protocol)
    )
      return p;
  }
  return undefined;
}

/** The ports of an app as resolution reads them (a `WorkloadSpec` or `AppSpec`, or a part of one). */
export interface PortOwner {
  readonly container: { readonly ports: readonly ContainerPortSpec[] };
  readonly service?: { readonly ports: readonly ServicePortSpec[] };
}

/** A port resolved on every layer it exists on. */
export interface ResolvedPort {
  /**
   * The Service port: the one named, or (for a container port) the first Service port that targets it.
   * Undefined when the app has no Service or no Service port sends to the container port.
   */
  readonly service?: ServicePortSpec;
  /** The container port the traffic reaches. */
  readonly container: ContainerPortSpec;
  /** The Service port's number, when there is one. */
  readonly servicePort?: number;
  /** The container port's number. */
  readonly containerPort: number;
  /** The Service port's `targetPort` as written (a name when the user gave one), when there is a Service port. */
  readonly targetPort?: PortRef;
  /** The transport protocol (the Service port's, else the container port's). */
  readonly protocol: Protocol;
  /** The application protocol of the container port, when declared. */
  readonly appProtocol?: string;
}

/**
 * Where a reference is looked up: `service` (a Service port: what clients and routes name), `container` (a pod
 * port: what probes, scrapes and network policies name), or `container-or-service` (a pod port, else a Service
 * port mapped to its target: what L7 policies accept).
 */
export type PortLayer = 'service' | 'container' | 'container-or-service';

/**
 * Resolves a port named or numbered `ref` on `layer` (the layer's first port when `ref` is undefined); undefined
 * when the layer has no such port. The caller reports the problem (with its own field and fix).
 *
 * @example resolvePort(workload, 'http', 'service') // { servicePort: 80, containerPort: 8080, targetPort: 'http', ... }
 */
export function resolvePort(app: PortOwner, ref: PortRef | undefined, layer: PortLayer): ResolvedPort | undefined {
  const servicePorts = app.service?.ports ?? [];
  if (layer === 'service') {
    const sp = ref === undefined ? servicePorts[0] : findPort(servicePorts, ref);
    return sp && resolved(sp.target, sp);
  }
  const cp = ref === undefined ? app.container.ports[0] : findPort(app.container.ports, ref);
  if (cp) return resolved(cp, servicePortsTargeting(servicePorts, cp)[0]);
  if (layer === 'container' || ref === undefined) return undefined;
  const sp = findPort(servicePorts, ref);
  return sp && resolved(sp.target, sp);
}

/** The Service ports that send to a container port (same number and protocol), in declaration order. */
export function servicePortsTargeting(
  servicePorts: readonly ServicePortSpec[],
  container: { readonly port: number; readonly protocol?: Protocol },
): ServicePortSpec[] {
  return servicePorts.filter(
    (sp) => sp.target.port === container.port && sp.target.protocol === (container.protocol ?? 'TCP'),
  );
}

function resolved(container: ContainerPortSpec, service: ServicePortSpec | undefined): ResolvedPort {
  return {
    ...(service ? { service, servicePort: service.port, targetPort: service.targetPort } : {}),
    container,
    containerPort: container.port,
    protocol: service?.protocol ?? container.protocol,
    ...(container.appProtocol !== undefined ? { appProtocol: container.appProtocol } : {}),
  };
}
