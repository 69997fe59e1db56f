import type { WorkloadSpec } from '../app-spec';
import { checkDnsLabel } from '../kubernetes-syntax';
import { Problems } from '../problems';
import { checkHost } from './ingress';

/** An existing Gateway (or one of its listeners) a route attaches to. */
export interface GatewayParentProps {
  /** The Gateway's name. */
  readonly name: string;
  /**
   * The Gateway's namespace (its listeners must allow routes from the app's namespace).
   * @default the app's namespace
   */
  readonly namespace?: string;
  /**
   * The listener's name, to attach to one listener only.
   * @default every listener that accepts the route
   */
  readonly sectionName?: string;
}

/** A listener of a Gateway created with the app. */
export interface GatewayListenerProps {
  /** The listener's name (referenced by routes' `sectionName`). */
  readonly name: string;
  /** The protocol. */
  readonly protocol: 'HTTP' | 'HTTPS';
  /**
   * The port (1-65535).
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener (`port`, 1-65535)
   */
  readonly port: number;
  /**
   * The host name the listener accepts (wildcard allowed).
   * @default every host
   */
  readonly hostname?: string;
  /**
   * For HTTPS: the Secrets (type kubernetes.io/tls, in the Gateway's namespace) with the certificates.
   * @default none (an HTTPS listener without one is rejected)
   */
  readonly certificateSecrets?: readonly string[];
}

/** A Gateway (and optionally its GatewayClass) created with the app. */
export interface GatewayProps {
  /**
   * The Gateway's name.
   * @default `<app name>`
   */
  readonly name?: string;
  /** The GatewayClass' name. */
  readonly className: string;
  /**
   * Create the GatewayClass too, for this controller (e.g. `io.cilium/gateway-controller`,
   * `gateway.k8s.aws/alb`).
   * @default the GatewayClass exists already; not created
   */
  readonly controllerName?: string;
  /** The listeners. */
  readonly listeners: readonly GatewayListenerProps[];
  /**
   * Which namespaces' routes the listeners accept.
   * @default 'Same'
   */
  readonly allowedRoutesFrom?: 'Same' | 'All';
}

/** A resolved Gateway to create. */
export interface GatewaySpec {
  readonly name: string;
  readonly namespace: string;
  readonly className: string;
  readonly controllerName?: string;
  readonly listeners: readonly {
    readonly name: string;
    readonly protocol: 'HTTP' | 'HTTPS';
    readonly port: number;
    readonly hostname?: string;
    readonly certificateSecrets: readonly string[];
  }[];
  readonly allowedRoutesFrom: 'Same' | 'All';
}

/** A resolved parentRef. */
export interface ParentRefSpec {
  readonly name: string;
  readonly namespace?: string;
  readonly sectionName?: string;
}

/** Resolves and checks a Gateway to create. */
export function resolveGateway(
  problems: Problems,
  field: string,
  g: GatewayProps,
  workload: WorkloadSpec,
): GatewaySpec {
  const f = (n: string) => `${field}.${n}`;
  const name = g.name ?? workload.name;
  checkDnsLabel(problems, f('name'), name);
  checkDnsLabel(problems, f('className'), g.className, 253);
  if (
    g.controllerName !== undefined &&
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(
      g.controllerName,
    )
  ) {
    problems.add(
      f('controllerName'),
      g.controllerName,
      'must be a domain-prefixed path',
      'use e.g. "io.cilium/gateway-controller"',
    );
  }
  const listeners = g.listeners ?? [];
  if (listeners.length === 0)
    problems.add(
      f('listeners'),
      listeners,
      'a Gateway needs at least one listener',
      "add e.g. { name: 'https', protocol: 'HTTPS', port: 443, certificateSecrets: ['web-tls'] }",
    );
  const names = new Set<string>();
  const out = listeners.map((l, i) => {
    return resolveListener(problems, `${f('listeners')}[${i}]`, l, names);
  });
  const seenPorts = new Map<number, string>();
  out.forEach((l, i) => {
    const prev = seenPorts.get(l.port);
    if (prev !== undefined && (l.hostname === undefined || out.find((o) => o.name === prev)?.hostname === l.hostname)) {
      problems.add(
        `${f('listeners')}[${i}].port`,
        l.port,
        `conflicts with listener "${prev}" (same port and host name)`,
        'give each listener on a port its own hostname, or another port',
      );
    }
    seenPorts.set(l.port, l.name);
  });
  const from = g.allowedRoutesFrom ?? 'Same';
  if (from !== 'Same' && from !== 'All')
    problems.add(f('allowedRoutesFrom'), from, "must be 'Same' or 'All'", "use 'Same'");
  return {
    name,
    namespace: workload.namespace,
    className: g.className,
    controllerName: g.controllerName,
    listeners: out,
    allowedRoutesFrom: from,
  };
}

/** One listener: name (unique), protocol, port, host name and its certificate Secrets. */
function resolveListener(problems: Problems, lf: string, l: GatewayListenerProps, names: Set<string>) {
  checkDnsLabel(problems, `${lf}.name`, l.name, 253);
  if (names.has(l.name))
    problems.add(`${lf}.name`, l.name, 'duplicate listener name', 'give every listener its own name');
  names.add(l.name);
  if (l.protocol !== 'HTTP' && l.protocol !== 'HTTPS')
    problems.add(`${lf}.protocol`, l.protocol, "must be 'HTTP' or 'HTTPS'", "use 'HTTPS' with certificateSecrets");
  if (!Number.isInteger(l.port) || l.port < 1 || l.port > 65535)
    problems.add(`${lf}.port`, l.port, 'must be a port from 1 to 65535', 'use e.g. 443');
  if (l.hostname !== undefined) checkHost(problems, `${lf}.hostname`, l.hostname);
  const certs = [...(l.certificateSecrets ?? [])];
  if (l.protocol === 'HTTPS' && certs.length === 0)
    problems.add(
      `${lf}.certificateSecrets`,
      l.certificateSecrets,
      'TLS without a certificate: an HTTPS listener needs a certificate Secret',
      'name the kubernetes.io/tls Secret(s) holding the certificate',
    );
  if (l.protocol === 'HTTP' && certs.length > 0)
    problems.add(
      `${lf}.certificateSecrets`,
      certs,
      'an HTTP listener does not use certificates',
      "use protocol 'HTTPS' or remove them",
    );
  certs.forEach((c, j) => checkDnsLabel(problems, `${lf}.certificateSecrets[${j}]`, c, 253));
  return { name: l.name, protocol: l.protocol, port: l.port, hostname: l.hostname, certificateSecrets: certs };
}
