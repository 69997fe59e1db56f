import { exactList } from '../lists';
import { checkPortName } from '../kubernetes-syntax';
import { Problems } from '../problems';
import { findPort } from './port-resolution';
import { PortRef } from './probe';

/** Transport protocol of a port. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** A port the container listens on. */
export interface ContainerPortProps {
  /**
   * The port's name, referenced by probes, Service targetPorts and routes. Required when the
   * container has more than one port.
   * @default no name (allowed only for a single port)
   */
  readonly name?: string;
  /**
   * The port number the process listens on (1-65535).
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports (`containerPort`, 1-65535)
   */
  readonly port: number;
  /**
   * Transport protocol.
   * @default 'TCP'
   */
  readonly protocol?: Protocol;
  /**
   * Application protocol, written to the Service port's `appProtocol` (e.g. `http`, `kubernetes.io/h2c`, `kubernetes.io/ws`).
   * @default none
   */
  readonly appProtocol?: string;
}

/** A port of the Service. */
export interface ServicePortProps {
  /**
   * The Service port's name. Required when the Service has more than one port.
   * @default the target container port's name
   */
  readonly name?: string;
  /**
   * The port clients connect to (1-65535).
   * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec (`ports[].port`, 1-65535)
   */
  readonly port: number;
  /**
   * The container port traffic goes to, by name or number; it must be a declared container port.
   * @default the container port with the same number
   */
  readonly targetPort?: PortRef;
  /**
   * Transport protocol.
   * @default the target container port's protocol
   */
  readonly protocol?: Protocol;
  /**
   * Node port, for `NodePort` Services (30000-32767).
   * @default assigned by Kubernetes
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport (`ports[].nodePort`, 30000-32767 by default)
   */
  readonly nodePort?: number;
}

/** A container port with defaults resolved. */
export interface ContainerPortSpec {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly appProtocol?: string;
}

/** A Service port with its target resolved to a container port. */
export interface ServicePortSpec {
  readonly name?: string;
  readonly port: number;
  /** As written into the manifest: the container port's name when the user gave a name, else the number. */
  readonly targetPort: PortRef;
  /** The container port it resolves to. */
  readonly target: ContainerPortSpec;
  readonly protocol: Protocol;
  readonly nodePort?: number;
  readonly appProtocol?: string;
}

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

function checkPortNumber(problems: Problems, field: string, value: unknown): boolean {
  const ok = typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
  if (!ok)
    problems.add(
      field,
      value,
      'a port number must be a whole number from 1 to 65535',
      'use the port the process listens on, e.g. 8080',
    );
  return ok;
}

/** Resolves and checks the container's ports. */
export function resolveContainerPorts(
  problems: Problems,
  ports: readonly ContainerPortProps[] | undefined,
  field = 'ports',
): ContainerPortSpec[] {
  if (ports !== undefined && !Array.isArray(ports)) {
    problems.add(field, ports, 'must be a list of ports', 'write e.g. [{ name: "http", port: 8080 }]');
    return [];
  }
  const list = ports ?? [];
  // Duplicates need two ports: one port (most containers) builds no maps.
  const names = list.length > 1 ? new Map<string, number>() : undefined;
  const numbers = list.length > 1 ? new Map<string, number>() : undefined;
  const out: ContainerPortSpec[] = [];
  list.forEach((p, i) => {
    const f = `${field}[${i}]`;
    checkPortNumber(problems, `${f}.port`, p.port);
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) {
      problems.add(`${f}.protocol`, p.protocol, 'must be TCP, UDP or SCTP', 'use one of TCP, UDP, SCTP');
    }
    const protocol = p.protocol ?? 'TCP';
    if (p.name !== undefined) {
      checkPortName(problems, `${f}.name`, p.name);
      const prev = names?.get(p.name);
      if (prev !== undefined)
        problems.add(
          `${f}.name`,
          p.name,
          `duplicate port name (also ${field}[${prev}])`,
          'give every port a distinct name',
        );
      else names?.set(p.name, i);
    } else if (list.length > 1) {
      problems.add(
        `${f}.name`,
        p.name,
        'every port needs a name when the container has several',
        'name the port, e.g. "http" or "metrics"',
      );
    }
    if (numbers) {
      const key = `${p.port}/${protocol}`;
      const prevNum = numbers.get(key);
      if (prevNum !== undefined)
        problems.add(
          `${f}.port`,
          p.port,
          `duplicate port ${key} (also ${field}[${prevNum}])`,
          'declare each port and protocol once',
        );
      else numbers.set(key, i);
    }
    out.push({ name: p.name, port: p.port, protocol, appProtocol: p.appProtocol });
  });
  return exactList(out);
}

/** Resolves and checks the Service's ports against the container's. */
export function resolveServicePorts(
  problems: Problems,
  field: string,
  ports: readonly ServicePortProps[] | undefined,
  container: readonly ContainerPortSpec[],
  allowNodePort: boolean,
): ServicePortSpec[] {
  if (ports === undefined) {
    return container.map((c) => ({
      name: c.name,
      port: c.port,
      targetPort: c.name ?? c.port,
      target: c,
      protocol: c.protocol,
      appProtocol: c.appProtocol,
    }));
  }
  if (ports.length === 0) {
    problems.add(
      field,
      ports,
      'a Service needs at least one port',
      'list at least one port, or leave `service.ports` out to expose every container port',
    );
  }
  const declared = () => container.map((c) => c.name ?? c.port).join(', ') || 'none'; // for the message only
  // Duplicates need two ports: one port (most Services) builds no sets.
  const seenNames = ports.length > 1 ? new Set<string>() : undefined;
  const seenPorts = ports.length > 1 ? new Set<string>() : undefined;
  const out: ServicePortSpec[] = [];
  ports.forEach((p, i) => {
    const f = `${field}[${i}]`;
    checkPortNumber(problems, `${f}.port`, p.port);
    const ref: PortRef = p.targetPort ?? p.port;
    const target = findPort(container, ref);
    if (!target) {
      problems.add(
        `${f}.targetPort`,
        ref,
        `no container port matches (declared: ${declared()}); the Service would send traffic nowhere`,
        'target one of the declared container ports by name or number',
      );
      return;
    }
    const name = p.name ?? (ports.length > 1 ? target.name : undefined);
    if (name !== undefined) {
      checkPortName(problems, `${f}.name`, name);
      if (seenNames?.has(name))
        problems.add(`${f}.name`, name, 'duplicate Service port name', 'give every Service port a distinct name');
      seenNames?.add(name);
    } else if (ports.length > 1) {
      problems.add(
        `${f}.name`,
        undefined,
        'every Service port needs a name when there are several',
        'name the port or the container port it targets',
      );
    }
    const protocol = p.protocol ?? target.protocol;
    if (seenPorts) {
      const key = `${p.port}/${protocol}`;
      if (seenPorts.has(key))
        problems.add(`${f}.port`, p.port, 'duplicate Service port', 'expose each port and protocol once');
      seenPorts.add(key);
    }
    checkNodePort(problems, `${f}.nodePort`, p.nodePort, allowNodePort);
    // Keep the target as the user wrote it: a number stays a number (the article's `targetPort: 80`).
    out.push({
      name,
      port: p.port,
      targetPort: p.targetPort ?? target.name ?? target.port,
      target,
      protocol,
      nodePort: p.nodePort,
      appProtocol: target.appProtocol,
    });
  });
  return exactList(out);
}

/** A node port: on NodePort and LoadBalancer Services only, in the node port range. */
function checkNodePort(problems: Problems, field: string, nodePort: number | undefined, allowNodePort: boolean): void {
  if (nodePort === undefined) return;
  if (!allowNodePort)
    problems.add(
      field,
      nodePort,
      'nodePort is only valid for NodePort and LoadBalancer Services',
      'remove nodePort, or set `service.type` to NodePort',
    );
  else if (!Number.isInteger(nodePort) || nodePort < 30000 || nodePort > 32767)
    problems.add(
      field,
      nodePort,
      'must be in the node port range 30000-32767',
      'pick a port from 30000 to 32767 or leave it out',
    );
}
