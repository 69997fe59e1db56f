import { wholeSeconds } from '../durations';
import { checkInt } from '../integers';
import { Problems } from '../problems';
import type { ProbeSpec } from '../workload/probe';
import type { HealthCheckOverrideProps } from './health-check';

/** The gRPC health checking protocol's method, the path an AWS ALB calls for a gRPC probe. */
export const GRPC_HEALTH_PATH = '/grpc.health.v1.Health/Check';

/** An adjustment made to fit a health checker, on the field of the app whose value it changes or does not apply. */
export interface HealthCheckNote {
  /** Stable id of the adjustment (`CT-AWS-1xx`, `CT-GCP-1xx`, `CT-AZURE-1xx`), so a chart or stack can acknowledge it. */
  readonly id: string;
  /** The field, e.g. `readiness.failureThreshold` or `traffic.slowStart`. */
  readonly field: string;
  readonly message: string;
}

/** How a health checker checks a probe's kind: as it is, as a TCP connect on its port, or not at all. */
export type ProbeKindSupport = 'native' | 'tcp' | 'no';

/**
 * What a health checker (one cloud's load balancer on one layer) can do and accept, as data: the one derivation
 * (`deriveHealthCheck`) and the one override (`overrideHealthCheck`) read it. A new target (say the AWS Load
 * Balancer Controller's TargetGroupConfiguration) is one more value of this type.
 */
export interface HealthChecker {
  /** The health checker in messages, with its article: "a load balancer", "the GKE Ingress (BackendConfig)". */
  readonly name: string;
  /** The same in the plural, for what such checkers cannot do: "network load balancers". */
  readonly plural: string;
  /** The cloud whose ranges apply, in messages: "AWS", "Google Cloud", "Azure". */
  readonly cloud: string;
  /** The ids of the notes this checker raises. */
  readonly ids: {
    readonly headers: string;
    readonly grpcAsTcp?: string;
    readonly grpcService?: string;
    readonly timeout: string;
    readonly threshold?: string;
  };
  /** How a TCP probe and a gRPC probe are checked (an HTTP GET always is). */
  readonly tcpSocket: Exclude<ProbeKindSupport, 'tcp'> | 'native';
  readonly grpc: ProbeKindSupport;
  /** The gRPC check is an HTTP/2 call of `GRPC_HEALTH_PATH` with gRPC codes (AWS) rather than a native gRPC check. */
  readonly grpcAsPath?: boolean;
  /** The interval's range; `clamp` false keeps an out-of-range value (the problem says so). */
  readonly interval: { readonly min: number; readonly max?: number; readonly clamp: boolean };
  /** The timeout's range: a shorter probe timeout is raised to `min` without a note (a documented derivation). */
  readonly timeout: { readonly min: number; readonly max?: number; readonly belowInterval: boolean };
  /** The thresholds' range (clamped, with a note); absent: copied from the probe. */
  readonly threshold?: { readonly min: number; readonly max: number };
  /** Interval × failures must stay below this (Azure Load Balancer). */
  readonly maxTotalSeconds?: number;
  /** Takes a target in after one success: a note when the probe asks for more (Azure Load Balancer). */
  readonly singleSuccess?: string;
  /** Protocols an override may give. */
  readonly protocols: readonly ('HTTP' | 'HTTPS' | 'TCP')[];
  /** Whether it takes success codes (`successCodes` of an override). */
  readonly successCodes: boolean;
}

/** A health check derived from the readiness probe (or overridden), before a cloud writes it in its own terms. */
export interface DerivedHealthCheck {
  /** `GRPC` is a native gRPC check; with `grpcAsPath` checkers it is an HTTP call of the gRPC health method. */
  readonly protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'GRPC';
  /** The HTTP path (or the gRPC health method); undefined for TCP and native gRPC. */
  readonly path?: string;
  /** The probed pod port, computed once for every layer (0 when there is none). */
  readonly port: number;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  /** HTTP codes ("200-399") or gRPC codes ("0"), for checkers that take them. */
  readonly matcher?: string;
  /** The gRPC service name the probe asks for (native gRPC only). */
  readonly grpcService?: string;
  /** Where the values come from: the readiness probe, or an override with its reason. */
  readonly source: { readonly kind: 'readiness' } | { readonly kind: 'override'; readonly reason: string };
  readonly notes: readonly HealthCheckNote[];
}

const FIX_OVERRIDE = 'or give the exposure `healthCheck: HealthCheck.override({ path: "/health", reason: "..." })`';

/** The readiness probes a checker can copy, for a fix. */
function acceptedProbes(c: HealthChecker): string {
  const kinds = ['httpGet', ...(c.tcpSocket !== 'no' ? ['tcpSocket'] : []), ...(c.grpc !== 'no' ? ['grpc'] : [])];
  return kinds.length === 1 ? `an ${kinds[0]}` : `an ${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}`;
}

/** The protocol, path and codes of the check, from the probe's kind; undefined when the checker cannot copy it. */
function probeProtocol(
  problems: Problems,
  field: string,
  probe: ProbeSpec,
  c: HealthChecker,
  notes: HealthCheckNote[],
): Pick<DerivedHealthCheck, 'protocol' | 'path' | 'matcher' | 'grpcService'> | undefined {
  const a = probe.action;
  if (a.kind === 'exec') {
    problems.add(
      field,
      'exec',
      `the readiness probe runs a command, which ${c.name} cannot do`,
      `use ${acceptedProbes(c)} readiness probe, ${FIX_OVERRIDE}`,
    );
    return undefined;
  }
  if (a.kind === 'httpGet') {
    if (Object.keys(a.headers).length > 0)
      notes.push({
        id: c.ids.headers,
        field: `${field}.headers`,
        message: `the probe's headers (${Object.keys(a.headers).join(', ')}) are not sent by ${c.name}`,
      });
    return { protocol: a.scheme, path: a.path, matcher: '200-399' };
  }
  const support = a.kind === 'tcpSocket' ? c.tcpSocket : c.grpc;
  const what = a.kind === 'tcpSocket' ? 'a TCP connect' : 'a gRPC call';
  if (support === 'no') {
    const kinds = ['HTTP', ...(c.tcpSocket !== 'no' ? ['TCP'] : []), ...(c.grpc !== 'no' ? ['gRPC'] : [])];
    const over = kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}`;
    problems.add(
      field,
      a.kind,
      `${c.plural} check targets over ${over} only, but the readiness probe is ${what}`,
      `use ${acceptedProbes(c)} readiness probe, ${FIX_OVERRIDE}`,
    );
    return undefined;
  }
  if (a.kind === 'tcpSocket') return { protocol: 'TCP' };
  if (support === 'tcp') {
    notes.push({
      id: c.ids.grpcAsTcp ?? c.ids.headers,
      field,
      message: `the gRPC readiness probe becomes a TCP connect check on its port: ${c.plural} cannot make gRPC health checks`,
    });
    return { protocol: 'TCP' };
  }
  if (!c.grpcAsPath) return { protocol: 'GRPC', ...(a.service !== undefined ? { grpcService: a.service } : {}) };
  if (a.service && c.ids.grpcService)
    notes.push({
      id: c.ids.grpcService,
      field: `${field}.service`,
      message: `the probe's gRPC service name "${a.service}" is not sent by ${c.name} (it checks the server's overall health)`,
    });
  return { protocol: 'GRPC', path: GRPC_HEALTH_PATH, matcher: '0' };
}

/** The interval (a problem outside the range) and the timeout (raised to the minimum, lowered with a note). */
function timing(problems: Problems, field: string, probe: ProbeSpec, c: HealthChecker, notes: HealthCheckNote[]) {
  const r = c.interval;
  const interval = probe.periodSeconds;
  const max = r.max ?? Infinity;
  const within = Math.min(Math.max(interval, r.min), max);
  if (interval < r.min || interval > max) {
    problems.add(
      `${field}.period`,
      interval,
      `${c.name} health check interval must be ${r.max !== undefined ? `from ${r.min} s to ${r.max} s` : `at least ${r.min} s`}, and it is taken from the readiness period`,
      `set the readiness probe's period to Duration.seconds(${within})${r.max !== undefined ? '' : ' or more'}, ${FIX_OVERRIDE}`,
    );
  }
  const intervalSeconds = r.clamp ? within : Math.max(interval, 1);
  const t = c.timeout;
  const maxTimeout = Math.min(t.max ?? Infinity, t.belowInterval ? intervalSeconds - 1 : intervalSeconds);
  let timeoutSeconds = Math.max(probe.timeoutSeconds, t.min);
  if (timeoutSeconds > maxTimeout) {
    const rule = `${t.belowInterval ? 'below' : 'at most'} the interval${t.max !== undefined && t.max < (r.max ?? Infinity) ? ` and at most ${t.max}s` : ''}`;
    notes.push({
      id: c.ids.timeout,
      field: `${field}.timeout`,
      message: `health check timeout lowered from the probe's ${timeoutSeconds}s to ${maxTimeout}s (${c.cloud} needs it ${rule})`,
    });
    timeoutSeconds = maxTimeout;
  }
  return { intervalSeconds, timeoutSeconds };
}

/** The thresholds: clamped into the checker's range with a note, or copied. */
function thresholds(field: string, probe: ProbeSpec, c: HealthChecker, notes: HealthCheckNote[]) {
  const r = c.threshold;
  const clamp = (v: number, key: string, what: string) => {
    if (r === undefined) return v;
    const clamped = Math.min(Math.max(v, r.min), r.max);
    if (clamped !== v)
      notes.push({
        id: c.ids.threshold ?? c.ids.timeout,
        field: `${field}.${key}`,
        message: `${what} threshold ${v} from the probe clamped to ${clamped} (${c.cloud} range ${r.min}-${r.max})`,
      });
    return clamped;
  };
  // Derived: a success threshold of 1 (Kubernetes' default) below the checker's minimum is raised without a note.
  const healthyThreshold = clamp(Math.max(probe.successThreshold, r?.min ?? 1), 'successThreshold', 'healthy');
  const unhealthyThreshold = clamp(probe.failureThreshold, 'failureThreshold', 'unhealthy');
  if (c.singleSuccess && probe.successThreshold > 1)
    notes.push({
      id: c.singleSuccess,
      field: `${field}.successThreshold`,
      message: `${c.name} takes a port in after one successful probe, not ${probe.successThreshold}`,
    });
  return { healthyThreshold: c.threshold ? healthyThreshold : probe.successThreshold, unhealthyThreshold };
}

/**
 * The one derivation of a load balancer health check from the pods' readiness probe, for every cloud and layer:
 * same protocol, path, port, interval, timeout and thresholds, within the checker's ranges. An interval outside
 * the range is a problem (the check would differ in time); a timeout or threshold outside it is adjusted with a
 * note; what the checker cannot send (headers, a gRPC service name) is a note; a probe it cannot copy is a
 * problem. Problems are reported on `field` (`readiness`); undefined when nothing could be derived.
 */
export function deriveHealthCheck(
  problems: Problems,
  field: string,
  probe: ProbeSpec | undefined,
  c: HealthChecker,
  trafficPort: number,
): DerivedHealthCheck | undefined {
  if (probe === undefined) {
    problems.add(
      field,
      undefined,
      `the app waives its readiness probe, so there is nothing to derive ${c.name} health check from`,
      `add a readiness probe, ${FIX_OVERRIDE}`,
    );
    return undefined;
  }
  const notes: HealthCheckNote[] = [];
  const kind = probeProtocol(problems, field, probe, c, notes);
  if (kind === undefined) return undefined;
  const t = timing(problems, field, probe, c, notes);
  if (c.maxTotalSeconds !== undefined && t.intervalSeconds >= c.interval.min) {
    if (t.intervalSeconds * probe.failureThreshold >= c.maxTotalSeconds)
      problems.add(
        `${field}.failureThreshold`,
        probe.failureThreshold,
        `interval × failures (${t.intervalSeconds}s × ${probe.failureThreshold}) must stay below ${c.maxTotalSeconds} s for ${c.name}`,
        `lower the readiness period or failureThreshold so that period × failureThreshold < ${c.maxTotalSeconds} s`,
      );
  }
  return derivedCheck(kind, probe.portNumber ?? trafficPort, t, thresholds(field, probe, c, notes), notes);
}

/** The source of every check derived from the readiness probe: one frozen value, not one per check. */
const FROM_READINESS: DerivedHealthCheck['source'] = Object.freeze({ kind: 'readiness' });

/**
 * The derived check: the probe kind's fields, then the port, timing, thresholds, source and notes, in the order
 * `{ ...kind, port, ...t, ...thresholds }` gave them. One literal per shape of `kind` (`probeProtocol`'s), no spread
 * first: a literal that starts with a spread gets a hidden class of its own for every object in optimized code,
 * which made each derivation cost about 20 µs and every reader of the check stop on it (docs/development.md, Benchmark).
 */
function derivedCheck(
  kind: Pick<DerivedHealthCheck, 'protocol' | 'path' | 'matcher' | 'grpcService'>,
  port: number,
  t: { readonly intervalSeconds: number; readonly timeoutSeconds: number },
  th: { readonly healthyThreshold: number; readonly unhealthyThreshold: number },
  notes: HealthCheckNote[],
): DerivedHealthCheck {
  const { intervalSeconds, timeoutSeconds } = t;
  const { healthyThreshold, unhealthyThreshold } = th;
  const source = FROM_READINESS;
  if ('path' in kind) {
    const { protocol, path, matcher } = kind;
    return {
      protocol,
      path,
      matcher,
      port,
      intervalSeconds,
      timeoutSeconds,
      healthyThreshold,
      unhealthyThreshold,
      source,
      notes,
    };
  }
  if ('grpcService' in kind) {
    const { protocol, grpcService } = kind;
    return {
      protocol,
      grpcService,
      port,
      intervalSeconds,
      timeoutSeconds,
      healthyThreshold,
      unhealthyThreshold,
      source,
      notes,
    };
  }
  return {
    protocol: kind.protocol,
    port,
    intervalSeconds,
    timeoutSeconds,
    healthyThreshold,
    unhealthyThreshold,
    source,
    notes,
  };
}

const HTTP_CODES = /^\d{1,3}(-\d{1,3})?(,\d{1,3}(-\d{1,3})?)*$/;
const GRPC_CODES = /^\d{1,2}(-\d{1,2})?(,\d{1,2}(-\d{1,2})?)*$/;

/** The override's protocol and path: given, else the probe's; a path without a protocol makes a TCP check HTTP. */
function overrideProtocol(
  problems: Problems,
  f: (n: string) => string,
  o: HealthCheckOverrideProps,
  derived: DerivedHealthCheck | undefined,
  c: HealthChecker,
): Pick<DerivedHealthCheck, 'protocol' | 'path'> {
  const list = c.protocols.map((p) => `'${p}'`).join(', ');
  // A path alone makes an HTTP check (of a TCP-probed app, or where the probe cannot be copied).
  const fromProbe =
    (derived === undefined || derived.protocol === 'TCP') && o.path !== undefined ? 'HTTP' : derived?.protocol;
  const protocol = o.protocol ?? fromProbe;
  if (protocol === undefined)
    problems.add(f('protocol'), o.protocol, `the readiness probe gives no protocol ${c.name} can check`, `set ${list}`);
  else if (o.protocol !== undefined && !c.protocols.includes(o.protocol))
    problems.add(f('protocol'), o.protocol, `is not a health check protocol of ${c.name}`, `use ${list}`);
  const p = protocol ?? (c.protocols[0] === 'TCP' ? 'TCP' : 'HTTP');
  if (p === 'TCP') {
    if (o.path !== undefined)
      problems.add(f('path'), o.path, 'a TCP health check has no path', "remove `path` or use protocol 'HTTP'");
    return { protocol: p };
  }
  if (o.path !== undefined && (typeof o.path !== 'string' || !o.path.startsWith('/')))
    problems.add(f('path'), o.path, 'a health check path must start with "/"', `use "/${String(o.path)}"`);
  const path = o.path ?? derived?.path;
  if (path === undefined && !(p === 'GRPC' && !c.grpcAsPath))
    problems.add(
      f('path'),
      undefined,
      `the readiness probe gives no HTTP path for ${c.name} health check`,
      'give `path`, e.g. "/healthz"',
    );
  // A path on a native gRPC check makes it an HTTP check of that path.
  return { protocol: p === 'GRPC' && o.path !== undefined && !c.grpcAsPath ? 'HTTP' : p, path };
}

/** The override's timing and thresholds: given (within the checker's ranges), else the derived ones. */
function overrideTiming(
  problems: Problems,
  f: (n: string) => string,
  o: HealthCheckOverrideProps,
  base: Pick<DerivedHealthCheck, 'intervalSeconds' | 'timeoutSeconds' | 'healthyThreshold' | 'unhealthyThreshold'>,
  c: HealthChecker,
) {
  const r = c.interval;
  const inRange = (min: number, max: number | undefined) =>
    `use a duration from ${min} s${max !== undefined ? ` to ${max} s` : ''} (the ${c.cloud} range)`;
  const intervalSeconds = wholeSeconds(problems, f('interval'), o.interval, base.intervalSeconds, {
    min: r.min,
    max: r.max,
    fix: inRange(r.min, r.max),
  });
  const t = c.timeout;
  const timeoutSeconds = wholeSeconds(
    problems,
    f('timeout'),
    o.timeout,
    Math.max(t.min, Math.min(base.timeoutSeconds, t.belowInterval ? intervalSeconds - 1 : intervalSeconds)),
    { min: t.min, max: t.max, fix: inRange(t.min, t.max) },
  );
  if (t.belowInterval ? timeoutSeconds >= intervalSeconds : timeoutSeconds > intervalSeconds)
    problems.add(
      f('timeout'),
      o.timeout,
      `must be ${t.belowInterval ? 'shorter than' : 'at most'} the interval (${intervalSeconds}s)`,
      'shorten the timeout or lengthen the interval',
    );
  const th = c.threshold ?? { min: 1, max: 10 };
  const range = `use ${th.min} to ${th.max} (the ${c.cloud} range)`;
  return {
    intervalSeconds,
    timeoutSeconds,
    healthyThreshold: checkInt(
      problems,
      f('healthyThreshold'),
      o.healthyThreshold,
      base.healthyThreshold,
      th.min,
      th.max,
      range,
    ),
    unhealthyThreshold: checkInt(
      problems,
      f('unhealthyThreshold'),
      o.unhealthyThreshold,
      base.unhealthyThreshold,
      th.min,
      th.max,
      range,
    ),
  };
}

/**
 * The one override of every cloud: `HealthCheck.override({ ..., reason })`, each unset field taken from the
 * readiness probe and each value checked against the checker's ranges and capabilities. `derived` is what the
 * probe gives (undefined when the checker cannot copy the probe: the override must then say what to check).
 */
export function overrideHealthCheck(
  problems: Problems,
  field: string,
  o: HealthCheckOverrideProps,
  derived: DerivedHealthCheck | undefined,
  base: DerivedHealthCheck,
  c: HealthChecker,
): DerivedHealthCheck {
  const f = (name: string) => `${field}.${name}`;
  if (typeof o.reason !== 'string' || o.reason.trim() === '')
    problems.add(
      f('reason'),
      o.reason,
      'a health check that differs from the readiness probe needs a reason',
      'say why, e.g. HealthCheck.override({ ..., reason: "the readiness path needs an auth header" })',
    );
  const { protocol, path } = overrideProtocol(problems, f, o, derived, c);
  if (o.port === undefined && !(derived?.port ?? base.port))
    problems.add(
      f('port'),
      o.port,
      'the readiness probe gives no port to check',
      'set `port` to the pod port the check connects to, e.g. 8080',
    );
  const port = checkInt(
    problems,
    f('port'),
    o.port,
    derived?.port ?? base.port,
    1,
    65535,
    'use the pod port the check connects to, e.g. 8080',
  );
  const grpc = protocol === 'GRPC';
  let matcher: string | undefined;
  if (c.successCodes && protocol !== 'TCP') {
    matcher =
      o.successCodes ?? (derived?.protocol === protocol ? derived.matcher : undefined) ?? (grpc ? '0' : '200-399');
    if (!(grpc ? GRPC_CODES : HTTP_CODES).test(matcher))
      problems.add(
        f('successCodes'),
        o.successCodes,
        'is not a list of codes or ranges',
        grpc ? 'use gRPC codes, e.g. "0" or "0-2"' : 'use e.g. "200", "200,204" or "200-399"',
      );
  } else if (o.successCodes !== undefined)
    problems.add(f('successCodes'), o.successCodes, `${c.name} takes no success codes`, 'remove `successCodes`');
  return {
    protocol,
    ...(path !== undefined ? { path } : {}),
    port,
    ...overrideTiming(problems, f, o, derived ?? base, c),
    ...(matcher !== undefined ? { matcher } : {}),
    ...(grpc && derived?.grpcService !== undefined ? { grpcService: derived.grpcService } : {}),
    source: { kind: 'override', reason: String(o.reason ?? '') },
    notes: [],
  };
}

/** Derived from the probe, or overridden: the health check of one layer. `fallback` stands in where nothing could be derived. */
export function resolveHealthCheck(
  problems: Problems,
  field: string,
  override: HealthCheckOverrideProps | undefined,
  probe: ProbeSpec | undefined,
  c: HealthChecker,
  fallback: DerivedHealthCheck,
): DerivedHealthCheck {
  if (override === undefined) return deriveHealthCheck(problems, 'readiness', probe, c, fallback.port) ?? fallback;
  // What the probe gives, where it gives anything: the override fills in or replaces the rest.
  const derived = deriveHealthCheck(new Problems(), 'readiness', probe, c, fallback.port);
  return overrideHealthCheck(problems, field, override, derived, derived ?? fallback, c);
}
