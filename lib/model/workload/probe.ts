import { Duration } from 'cdk8s';
import { AT_LEAST_0, AT_LEAST_1, wholeSeconds } from '../durations';
import { EMPTY_MAP } from '../freeze';
import { checkInt } from '../integers';
import { Problems } from '../problems';
import { findPort } from './port-resolution';

/** A container port, by name (preferred) or number. */
export type PortRef = string | number;

/** Timing and thresholds shared by every probe. Kubernetes' own defaults apply where not set. */
export interface ProbeTiming {
  /**
   * Time after the container starts before the first probe.
   * Range: at least 0 s, whole seconds.
   * @default Duration.seconds(0)
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe (`initialDelaySeconds`)
   */
  readonly initialDelay?: Duration;
  /**
   * Time between two probes. For readiness it is also the load balancer health check interval.
   * Range: at least 1 s, whole seconds (a load balancer's health checker narrows it: AWS 5-300 s).
   * @default Duration.seconds(10)
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe (`periodSeconds`, at least 1)
   */
  readonly period?: Duration;
  /**
   * Time after which one probe counts as failed.
   * Range: at least 1 s, whole seconds.
   * @default Duration.seconds(1)
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe (`timeoutSeconds`, at least 1)
   */
  readonly timeout?: Duration;
  /**
   * Consecutive successes before the probe passes again after a failure (must be 1 for liveness and startup).
   * Range: 1-100 for readiness; 1 for liveness and startup.
   * @default 1
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe (`successThreshold`)
   */
  readonly successThreshold?: number;
  /**
   * Consecutive failures before the probe fails.
   * Range: 1-100.
   * @default 3
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe (`failureThreshold`, at least 1)
   */
  readonly failureThreshold?: number;
}

/** Options of an HTTP GET probe. */
export interface HttpGetProbeOptions extends ProbeTiming {
  /**
   * The container port to probe, by name or number.
   * @default the first port of the container
   */
  readonly port?: PortRef;
  /**
   * Scheme of the request.
   * @default 'HTTP'
   */
  readonly scheme?: 'HTTP' | 'HTTPS';
  /**
   * Extra request headers.
   * @default none
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Options of a TCP connect probe. */
export interface TcpSocketProbeOptions extends ProbeTiming {
  /**
   * The container port to connect to, by name or number.
   * @default the first port of the container
   */
  readonly port?: PortRef;
}

/** Options of a gRPC health-checking-protocol probe. */
export interface GrpcProbeOptions extends ProbeTiming {
  /**
   * The container port to call; gRPC probes take a port number, a name is resolved from the container's ports.
   * @default the first port of the container
   */
  readonly port?: PortRef;
  /**
   * The service name sent in the HealthCheckRequest.
   * @default '' (the server's overall health)
   */
  readonly service?: string;
}

/** The probe's action, resolved. */
export type ProbeAction =
  | {
      readonly kind: 'httpGet';
      readonly path: string;
      readonly port?: PortRef;
      readonly scheme: 'HTTP' | 'HTTPS';
      readonly headers: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'tcpSocket'; readonly port?: PortRef }
  | { readonly kind: 'grpc'; readonly port?: PortRef; readonly service?: string }
  | { readonly kind: 'exec'; readonly command: readonly string[] };

/** Timing resolved to whole seconds, exactly as written into the manifest. */
export interface ProbeTimingSpec {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

/** A probe with every default resolved and its port resolved to a declared container port. */
export interface ProbeSpec extends ProbeTimingSpec {
  readonly action: ProbeAction;
  /** The probed container port (number), when the action has one. */
  readonly portNumber?: number;
  /** The probed container port's name, when it has one. */
  readonly portName?: string;
}

/**
 * A readiness, liveness or startup probe.
 *
 * ```ts
 * Probe.httpGet('/health', { port: 'http', initialDelay: Duration.seconds(30), period: Duration.seconds(5) })
 * ```
 */
export class Probe {
  /**
   * An HTTP GET probe: success is a status from 200 to 399.
   * @example
   * Probe.httpGet('/health', { port: 8080, initialDelay: Duration.seconds(30), period: Duration.seconds(5) });
   */
  static httpGet(path: string, options: HttpGetProbeOptions = {}): Probe {
    return new Probe(
      {
        kind: 'httpGet',
        path,
        port: options?.port,
        scheme: options?.scheme ?? 'HTTP',
        headers: options?.headers ?? EMPTY_MAP,
      },
      options,
    );
  }

  /**
   * A TCP connect probe.
   * @example
   * Probe.tcpSocket({ port: 'redis', initialDelay: Duration.seconds(15) });
   */
  static tcpSocket(options: TcpSocketProbeOptions = {}): Probe {
    return new Probe({ kind: 'tcpSocket', port: options?.port }, options);
  }

  /**
   * A gRPC health checking protocol probe (grpc.health.v1.Health/Check).
   * @example
   * Probe.grpc({ port: 'grpc', period: Duration.seconds(10) });
   */
  static grpc(options: GrpcProbeOptions = {}): Probe {
    return new Probe({ kind: 'grpc', port: options?.port, service: options?.service }, options);
  }

  /**
   * A command run in the container: success is exit code 0.
   * @example
   * Probe.exec(['valkey-cli', 'ping'], { period: Duration.seconds(5) });
   */
  static exec(command: readonly string[], options: ProbeTiming = {}): Probe {
    // Kept as given when it is not a list, so the input check reports `'cat /tmp/ready'` once, not per character.
    return new Probe({ kind: 'exec', command: Array.isArray(command) ? [...command] : command }, options);
  }

  private constructor(
    /** What the probe does. */
    public readonly action: ProbeAction,
    /** Its timing, as given. */
    public readonly timing: ProbeTiming,
  ) {}
}

/** Waives the readiness probe. Traffic then reaches pods as soon as they run: say why. */
export class ReadinessWaiver {
  /**
   * Waives the readiness probe for a stated reason (shown in the manifest as an annotation).
   * @example
   * TrafficApp.define({ ...props, readiness: ReadinessWaiver.because('a batch worker: no traffic reaches it') });
   */
  static because(reason: string): ReadinessWaiver {
    return new ReadinessWaiver(reason);
  }

  private constructor(
    /** Why the workload has no readiness probe. */
    public readonly reason: string,
  ) {}
}

/** A declared container port, as the probe resolver needs it. */
export interface PortLike {
  readonly name?: string;
  readonly port: number;
}

/** Resolves and checks a probe against the container's ports. */
export function resolveProbe(
  problems: Problems,
  field: string,
  probe: Probe,
  ports: readonly PortLike[],
  role: 'readiness' | 'liveness' | 'startup',
): ProbeSpec {
  const t = probe.timing;
  const timing: ProbeTimingSpec = {
    initialDelaySeconds: wholeSeconds(problems, `${field}.initialDelay`, t.initialDelay, 0, AT_LEAST_0),
    periodSeconds: wholeSeconds(problems, `${field}.period`, t.period, 10, AT_LEAST_1),
    timeoutSeconds: wholeSeconds(problems, `${field}.timeout`, t.timeout, 1, AT_LEAST_1),
    successThreshold: checkInt(
      problems,
      `${field}.successThreshold`,
      t.successThreshold,
      1,
      1,
      role === 'readiness' ? 100 : 1,
      role === 'readiness' ? undefined : `a ${role} probe's successThreshold must be 1: remove it`,
    ),
    failureThreshold: checkInt(problems, `${field}.failureThreshold`, t.failureThreshold, 3, 1, 100),
  };
  const a = probe.action;
  if (a.kind === 'httpGet' && (typeof a.path !== 'string' || !a.path.startsWith('/'))) {
    problems.add(
      `${field}.path`,
      a.path,
      'an HTTP probe path must start with "/"',
      `use a path such as "/${String(a.path ?? 'health').replace(/^\/*/, '')}"`,
    );
  }
  if (a.kind === 'exec' && a.command.length === 0) {
    problems.add(
      `${field}.command`,
      a.command,
      'an exec probe needs a command',
      'pass the command and its arguments, e.g. ["cat", "/tmp/ready"]',
    );
  }
  if (a.kind === 'exec') return { action: a, ...timing };

  const declared = () => ports.map((p) => p.name ?? p.port).join(', ') || 'none'; // for the message only
  const ref = a.port;
  let match: PortLike | undefined;
  if (ref === undefined) {
    match = ports[0];
    if (!match)
      problems.add(
        `${field}.port`,
        ref,
        'the probe needs a port but the container declares none',
        'declare the port in `ports` or give the probe a port',
      );
  } else {
    match = findPort(ports, ref);
    if (!match) {
      problems.add(
        `${field}.port`,
        ref,
        `the probe's port is not a port of the container (declared: ${declared()})`,
        'probe one of the declared ports, or declare this port in `ports`',
      );
    }
  }
  // One literal, not `{ action, ...timing }`: the spread kept the timing out of the object (a property array more per
  // probe the spec keeps).
  return {
    action: a,
    initialDelaySeconds: timing.initialDelaySeconds,
    periodSeconds: timing.periodSeconds,
    timeoutSeconds: timing.timeoutSeconds,
    successThreshold: timing.successThreshold,
    failureThreshold: timing.failureThreshold,
    portNumber: match?.port,
    portName: match?.name,
  };
}
