import { Duration } from 'cdk8s';
import type { EnvValueSpec } from '../app-spec';
import { Certificate, CertificateSpec } from '../aws/certificate';
import { HealthCheck, HealthCheckOverrideProps } from '../aws/health-check';
import { Dataplane } from '../dataplane/dataplane';
import type { CiliumDataplaneProps, KubernetesDataplaneProps } from '../dataplane/dataplane-props';
import { EnvFrom } from '../workload/env';
import type { IExposure } from '../exposure/exposure';
import { EXPOSURE_KINDS, isKindOf } from './exposure-kinds';
import {
  GrpcProbeOptions,
  HttpGetProbeOptions,
  Probe,
  ProbeTiming,
  ReadinessWaiver,
  TcpSocketProbeOptions,
} from '../workload/probe';
import { PodSecurity, SecurityInput } from '../workload/security';
import { host, hostList } from './value-checks';
import { INVALID, ShapeContext, conform, isPlainObject, join } from './shape';

type Check = ShapeContext['instances'][string];

/** Checks `value` against the named shape (from `shapes.generated.ts`). */
export function conformTo<T>(ctx: ShapeContext, field: string, value: unknown, name: string): T | typeof INVALID {
  return conform(ctx, field, value, { t: 'ref', name }) as T | typeof INVALID;
}

function wrongInstance(
  ctx: ShapeContext,
  field: string,
  value: unknown,
  what: string,
  example: string,
): typeof INVALID {
  ctx.problems.add(field, value, `must be ${what}`, `use ${example}`);
  return INVALID;
}

/** A cdk8s Duration, or one from another copy of cdk8s (same methods). */
function isDuration(v: unknown): v is Duration {
  return (
    v instanceof Duration ||
    (typeof v === 'object' &&
      v !== null &&
      typeof (v as Duration).toSeconds === 'function' &&
      typeof (v as Duration).toMilliseconds === 'function')
  );
}

const duration: Check = {
  is: isDuration,
  describe: 'a Duration',
  example: 'Duration.seconds(30)',
  placeholder: () => Duration.seconds(1),
  check: (ctx, field, v) => {
    if (!isDuration(v)) {
      const fix =
        typeof v === 'number'
          ? `Duration.seconds(${v}) (a plain number has no unit)`
          : 'Duration.seconds(30) (from cdk8s)';
      return wrongInstance(ctx, field, v, 'a Duration', fix);
    }
    try {
      const ms = v.toMilliseconds({ integral: false });
      if (!Number.isFinite(ms) || ms < 0)
        return wrongInstance(ctx, field, v, 'a finite, non-negative Duration', 'Duration.seconds(30)');
    } catch {
      return wrongInstance(ctx, field, v, 'a Duration that converts to milliseconds', 'Duration.seconds(30)');
    }
    return v;
  },
};

const probe: Check = {
  is: (v) => v instanceof Probe,
  describe: 'a Probe',
  example: "Probe.httpGet('/health', { port: 'http' })",
  placeholder: () => Probe.tcpSocket(),
  check: (ctx, field, v) => {
    if (!(v instanceof Probe))
      return wrongInstance(
        ctx,
        field,
        v,
        'a Probe',
        "Probe.httpGet('/health', { port: 'http' }), Probe.tcpSocket(), Probe.grpc() or Probe.exec(['cat', '/tmp/ready'])",
      );
    const a = v.action;
    switch (a.kind) {
      case 'httpGet': {
        const path = conform(ctx, join(field, 'path'), a.path, { t: 'string' });
        const o = conformTo<HttpGetProbeOptions>(ctx, field, v.timing, 'HttpGetProbeOptions');
        return Probe.httpGet(path === INVALID ? '/' : (path as string), o === INVALID ? {} : o);
      }
      case 'tcpSocket': {
        const o = conformTo<TcpSocketProbeOptions>(ctx, field, v.timing, 'TcpSocketProbeOptions');
        return Probe.tcpSocket(o === INVALID ? {} : o);
      }
      case 'grpc': {
        const o = conformTo<GrpcProbeOptions>(ctx, field, v.timing, 'GrpcProbeOptions');
        return Probe.grpc(o === INVALID ? {} : o);
      }
      case 'exec': {
        const command = conform(ctx, join(field, 'command'), a.command, { t: 'array', of: { t: 'string' } });
        const o = conformTo<ProbeTiming>(ctx, field, v.timing, 'ProbeTiming');
        return Probe.exec(command === INVALID ? ['true'] : (command as string[]), o === INVALID ? {} : o);
      }
      default:
        return wrongInstance(ctx, field, v, 'a Probe made by one of its factories', "Probe.httpGet('/health')");
    }
  },
};

const readinessWaiver: Check = {
  is: (v) => v instanceof ReadinessWaiver,
  describe: 'a ReadinessWaiver',
  example: "ReadinessWaiver.because('a batch worker that serves no traffic')",
  placeholder: () => ReadinessWaiver.because('placeholder for an invalid readiness value'),
  check: (ctx, field, v) => {
    if (!(v instanceof ReadinessWaiver))
      return wrongInstance(ctx, field, v, 'a ReadinessWaiver', "ReadinessWaiver.because('...')");
    const reason = conform(ctx, join(field, 'reason'), v.reason, { t: 'string' });
    return reason === INVALID ? ReadinessWaiver.because('') : v;
  },
};

const podSecurity: Check = {
  is: (v) => v instanceof PodSecurity,
  describe: 'a PodSecurity',
  example: 'PodSecurity.restricted()',
  placeholder: () => PodSecurity.restricted(),
  check: (ctx, field, v) => {
    if (!(v instanceof PodSecurity))
      return wrongInstance(
        ctx,
        field,
        v,
        'a PodSecurity',
        "PodSecurity.restricted() or PodSecurity.baseline({ reason: '...' })",
      );
    // The private input of the factory, read by element access (type-checked: TypeScript allows it for privates).
    const s = conformTo<SecurityInput>(ctx, field, v['spec'], 'SecurityInput');
    if (s === INVALID) return INVALID;
    return s.level === 'baseline'
      ? PodSecurity.baseline({ reason: s.reason as string })
      : PodSecurity.restricted({ runAsUser: s.runAsUser, runAsGroup: s.runAsGroup });
  },
};

const envFrom: Check = {
  is: (v) => v instanceof EnvFrom,
  describe: 'an EnvFrom',
  example: "EnvFrom.secret('db', 'password')",
  placeholder: () => EnvFrom.secret('invalid', 'invalid'),
  check: (ctx, field, v) => {
    if (!(v instanceof EnvFrom))
      return wrongInstance(
        ctx,
        field,
        v,
        'a string or an EnvFrom',
        "a string, EnvFrom.secret('db', 'password') or EnvFrom.configMap('cfg', 'key')",
      );
    const s = conformTo<EnvValueSpec>(ctx, field, v.spec, 'EnvValueSpec');
    if (s === INVALID || s.kind === 'value') return INVALID;
    return s.kind === 'secret' ? EnvFrom.secret(s.name, s.key) : EnvFrom.configMap(s.name, s.key);
  },
};

const certificate: Check = {
  is: (v) => v instanceof Certificate,
  describe: 'a Certificate',
  example: 'Certificate.dnsValidated()',
  placeholder: () => Certificate.dnsValidated(),
  check: (ctx, field, v) => {
    if (!(v instanceof Certificate))
      return wrongInstance(
        ctx,
        field,
        v,
        'a Certificate',
        "Certificate.fromArn('arn:aws:acm:...') or Certificate.dnsValidated()",
      );
    const s = conformTo<CertificateSpec>(ctx, field, v.spec, 'CertificateSpec');
    if (s === INVALID) return INVALID;
    if (s.kind === 'acm-dns') {
      if (s.domainName !== undefined) host(ctx.problems, join(field, 'domainName'), s.domainName, {});
      hostList(ctx.problems, join(field, 'alternativeNames'), s.alternativeNames, {});
    }
    return s.kind === 'arn'
      ? Certificate.fromArn(s.arn)
      : Certificate.dnsValidated({ domainName: s.domainName, alternativeNames: s.alternativeNames });
  },
};

const healthCheck: Check = {
  is: (v) => v instanceof HealthCheck,
  describe: 'a HealthCheck',
  example: 'HealthCheck.fromReadiness()',
  placeholder: () => HealthCheck.fromReadiness(),
  check: (ctx, field, v) => {
    if (!(v instanceof HealthCheck))
      return wrongInstance(
        ctx,
        field,
        v,
        'a HealthCheck',
        "HealthCheck.fromReadiness() or HealthCheck.override({ reason: '...', ... })",
      );
    if (v.override === undefined) return v;
    const o = conformTo<HealthCheckOverrideProps>(ctx, field, v.override, 'HealthCheckOverrideProps');
    return o === INVALID ? INVALID : HealthCheck.override(o);
  },
};

/**
 * Rebuilds an exposure of the library from checked props (the kinds of `EXPOSURE_KINDS`); an exposure of the
 * caller's own passes as it is (its `resolve` may check its props with `ExposureKit.checkProps`).
 */
const exposure: Check = {
  is: (v) => typeof v === 'object' && v !== null && typeof (v as { resolve?: unknown }).resolve === 'function',
  describe: 'an exposure',
  example: 'IngressExposure.alb({...})',
  placeholder: () => undefined,
  check: (ctx, field, v) => {
    const props = <T>(name: string, raw: unknown): T | undefined => {
      const p = conformTo<T>(ctx, field, raw, name);
      return p === INVALID ? undefined : p;
    };
    const registered = EXPOSURE_KINDS.find((r) => isKindOf(r, v));
    if (registered) return registered.rebuild(v as IExposure, props) ?? INVALID;
    if (
      typeof v === 'object' &&
      v !== null &&
      typeof (v as { kind?: unknown }).kind === 'string' &&
      typeof (v as { resolve?: unknown }).resolve === 'function'
    )
      return v;
    return wrongInstance(
      ctx,
      field,
      v,
      'an exposure',
      `${EXPOSURE_KINDS.slice(0, -1)
        .map((r) => r.example)
        .join(', ')} or ${EXPOSURE_KINDS[EXPOSURE_KINDS.length - 1].example}`,
    );
  },
};

const dataplane: Check = {
  is: (v) => typeof v === 'object' && v !== null && typeof (v as { resolve?: unknown }).resolve === 'function',
  describe: 'a Dataplane',
  example: 'Dataplane.cilium({...})',
  placeholder: () => undefined,
  check: (ctx, field, v) => {
    if (v instanceof Dataplane) {
      if (v.kind === 'cilium') {
        const p = conformTo<CiliumDataplaneProps>(ctx, field, v.props, 'CiliumDataplaneProps');
        return p === INVALID ? INVALID : Dataplane.cilium(p);
      }
      // Cilium's own options are refused by the resolver with a better message than "not a known field".
      const { l7, service, ...rest } = (isPlainObject(v.props) ? v.props : {}) as Record<string, unknown>;
      const p = conformTo<KubernetesDataplaneProps>(
        ctx,
        field,
        isPlainObject(v.props) ? rest : v.props,
        'KubernetesDataplaneProps',
      );
      return p === INVALID
        ? INVALID
        : Dataplane.kubernetes({
            ...p,
            ...(l7 !== undefined ? { l7 } : {}),
            ...(service !== undefined ? { service } : {}),
          } as KubernetesDataplaneProps);
    }
    if (typeof v === 'object' && v !== null && typeof (v as { resolve?: unknown }).resolve === 'function') return v;
    return wrongInstance(ctx, field, v, 'a Dataplane', 'Dataplane.cilium({...}) or Dataplane.kubernetes({...})');
  },
};

/** A `TrafficApp` (by its methods: importing the class here would be an import cycle). */
const isTrafficApp = (v: unknown): boolean =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { resolveAsCallee?: unknown }).resolveAsCallee === 'function' &&
  typeof (v as { resolve?: unknown }).resolve === 'function';

const trafficApp: Check = {
  is: isTrafficApp,
  describe: 'a TrafficApp',
  example: 'api (the value TrafficApp.define({ name: "api", ... }) returned)',
  placeholder: () => undefined,
  check: (ctx, field, v) =>
    isTrafficApp(v)
      ? v
      : wrongInstance(ctx, field, v, 'a TrafficApp', 'the app itself, as TrafficApp.define(...) returned it'),
};

/** The instance checks, by the class or interface name the generated shapes use. */
export const INSTANCES: ShapeContext['instances'] = {
  Duration: duration,
  Probe: probe,
  ReadinessWaiver: readinessWaiver,
  PodSecurity: podSecurity,
  EnvFrom: envFrom,
  Certificate: certificate,
  HealthCheck: healthCheck,
  IExposure: exposure,
  IDataplane: dataplane,
  TrafficApp: trafficApp,
};
