import { Duration } from 'cdk8s';
import { checkCidr } from '../ip';
import type { WorkloadSpec } from '../app-spec';
import type { ExposureSpec, IExposure } from './exposure';
import { wholeSeconds } from '../durations';
import { checkAnnotationKeys, checkDnsLabel, checkLabels } from '../names';
import type { ServicePortSpec } from '../workload/ports';
import type { PortRef } from '../workload/probe';
import { Problems } from '../problems';
import { DEFAULT_SSL_POLICY, toMap } from './alb-ingress-options';
import { checkAwsAnnotations, SERVICE_PREFIX } from '../aws/annotations';
import { HealthCheck, HealthCheckNote, HealthCheckSpec, resolveTargetGroupHealthCheck } from '../aws/health-check';
import { resolveTargetGroupAttributes } from '../aws/target-group-attributes';
import { awsLoadBalancerFronts } from '../aws/fronts';
import { uniquePorts } from '../dataplane/exposure-sources';
import { FrontSource, traits } from './traits';
import { resolveServicePort } from './service-backend';
import { podReadinessGateLabels, resolvePodReadinessGate } from '../aws/pod-readiness-gate';

/** TLS termination at the NLB. */
export interface NlbTlsProps {
  /** ACM certificate ARNs (the first is the default certificate). */
  readonly certificateArns: readonly string[];
  /**
   * The Service ports (names or numbers) with TLS listeners.
   * @default every exposed port
   */
  readonly ports?: readonly PortRef[];
  /**
   * The TLS security policy.
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06'
   */
  readonly policy?: string;
  /**
   * Why a TLS policy that allows TLS 1.2 without 1.3, or anything older than TLS 1.2, is needed (at least 10
   * characters). Required with such a policy, as every security opt-out.
   * @default none (a TLS 1.3 policy needs no reason)
   */
  readonly policyReason?: string;
  /**
   * ALPN policy of the TLS listeners (`HTTP2Only` for gRPC clients, which cannot fall back to HTTP/1.1).
   * @default none (the NLB does not negotiate ALPN)
   */
  readonly alpnPolicy?: 'HTTP1Only' | 'HTTP2Only' | 'HTTP2Optional' | 'HTTP2Preferred' | 'None';
  /**
   * Re-encrypt to the pods ('ssl') or send plain TCP ('tcp').
   * @default 'tcp'
   */
  readonly backendProtocol?: 'ssl' | 'tcp';
}

/** A Service of type LoadBalancer served by an NLB of the AWS Load Balancer Controller, typed. */
export interface NlbServiceProps {
  /**
   * The Service's name (a separate Service, so the app's ClusterIP Service stays as it is).
   * @default `<service name>-nlb`
   */
  readonly name?: string;
  /**
   * The app's Service ports (names or numbers) to expose.
   * @default every port of the app's Service
   */
  readonly ports?: readonly PortRef[];
  /**
   * Whether the NLB is reachable from the internet.
   * @default 'internal'
   */
  readonly scheme?: 'internal' | 'internet-facing';
  /**
   * `ip` registers pod IPs; `instance` goes through node ports.
   * @default 'ip'
   */
  readonly targetType?: 'ip' | 'instance';
  /**
   * Label the app's namespace so the AWS Load Balancer Controller injects pod readiness gates: a rolling
   * update then waits until new pods are healthy in the target group. Not possible in `default`.
   * @default true with `ip` targets
   */
  readonly podReadinessGate?: boolean;
  /**
   * IP address type.
   * @default 'ipv4'
   */
  readonly ipAddressType?: 'ipv4' | 'dualstack';
  /**
   * TLS listeners.
   * @default none (TCP listeners)
   */
  readonly tls?: NlbTlsProps;
  /**
   * The target group health check.
   * @default HealthCheck.fromReadiness()
   */
  readonly healthCheck?: HealthCheck;
  /**
   * Time a deregistered pod keeps its connections (0-3600 s).
   * @default the app's `traffic.deregistrationDelay`
   */
  readonly deregistrationDelay?: Duration;
  /**
   * Close connections to a deregistered pod when the deregistration delay ends.
   * @default true (pods are gone after their grace period anyway)
   */
  readonly connectionTermination?: boolean;
  /**
   * Keep the client's IP address as the source of packets to the pods.
   * @default not written (AWS default: off for ip targets); must be on for `sourceRanges` to apply
   */
  readonly preserveClientIp?: boolean;
  /**
   * Send a PROXY protocol v2 header (the pods must expect it).
   * @default false
   */
  readonly proxyProtocolV2?: boolean;
  /**
   * Idle timeout of TCP listeners (60-6000 s).
   * @default the app's `traffic.idleTimeout`, within 60-6000 s
   */
  readonly idleTimeout?: Duration;
  /**
   * Client CIDRs allowed to connect (`spec.loadBalancerSourceRanges`).
   * @default anywhere (the controller's default)
   */
  readonly sourceRanges?: readonly string[];
  /**
   * `Local` keeps client IPs for instance targets and skips the extra hop.
   * @default Kubernetes' default ('Cluster'); not written
   */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /**
   * Cross-zone load balancing.
   * @default not written (AWS default: off for NLB)
   */
  readonly crossZone?: boolean;
  /**
   * Deletion protection.
   * @default not written
   */
  readonly deletionProtection?: boolean;
  /**
   * Name of the NLB (at most 32 characters; only read when it is created).
   * @default generated by the controller
   */
  readonly loadBalancerName?: string;
  /**
   * Extra annotations (the escape hatch): keys under `service.beta.kubernetes.io/` must be documented
   * by the controller, not deprecated, and not written by a typed option.
   * @default none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Extra labels.
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A resolved NLB Service. */
export interface LoadBalancerServiceSpec extends ExposureSpec {
  readonly kind: 'service-lb';
  readonly name: string;
  readonly ports: readonly ServicePortSpec[];
  readonly targetType: 'ip' | 'instance';
  /** Whether the namespace gets the controller's pod readiness gate label. */
  readonly podReadinessGate: boolean;
  readonly healthCheck: HealthCheckSpec;
  /** Idle timeout of the TCP listeners. */
  readonly tcpIdleTimeoutSeconds: number;
  readonly deregistrationDelaySeconds: number;
  readonly sourceRanges: readonly string[];
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  readonly annotations: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

/** The LoadBalancerClass of the AWS Load Balancer Controller's NLBs. */
export const NLB_LOAD_BALANCER_CLASS = 'service.k8s.aws/nlb';

const CERT_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const NLB_HEALTH_KEYS = ['protocol', 'port', 'path', 'healthy-threshold', 'unhealthy-threshold', 'timeout', 'interval', 'success-codes'].map((k) => `${SERVICE_PREFIX}aws-load-balancer-healthcheck-${k}`);

/**
 * Exposes the app through a Service of type LoadBalancer that the AWS Load Balancer Controller turns into
 * an NLB (`loadBalancerClass: service.k8s.aws/nlb`, ip targets, health check from the readiness probe).
 *
 * ```ts
 * LoadBalancerServiceExposure.nlb({ scheme: 'internet-facing', tls: { certificateArns: ['arn:aws:acm:...'] } })
 * ```
 */
export class LoadBalancerServiceExposure implements IExposure {
  /** An NLB in front of the app's pods. */
  static nlb(props: NlbServiceProps = {}): LoadBalancerServiceExposure {
    return new LoadBalancerServiceExposure(props);
  }

  readonly kind = 'service-lb';

  private constructor(
    /** The settings. */
    public readonly props: NlbServiceProps,
  ) {}

  resolve(problems: Problems, field: string, workload: WorkloadSpec): LoadBalancerServiceSpec {
    const o = this.props;
    const f = (n: string) => `${field}.${n}`;
    const t = workload.traffic;
    const name = o.name ?? `${(workload.service?.name ?? workload.name).slice(0, 59).replace(/-+$/, '')}-nlb`;
    if (o.name !== undefined) checkDnsLabel(problems, f('name'), o.name);
    else checkDnsLabel(problems, f('name'), name);
    if (workload.service && name === workload.service.name) problems.add(f('name'), name, 'is the name of the app\'s own Service', 'pick another name, e.g. the default `<service>-nlb`');
    checkLabels(problems, f('labels'), o.labels);
    checkAnnotationKeys(problems, f('annotations'), o.annotations);

    const ports: ServicePortSpec[] = [];
    if (o.ports === undefined) {
      if (!workload.service) resolveServicePort(problems, f('ports'), workload, undefined);
      else ports.push(...workload.service.ports);
    } else {
      if (o.ports.length === 0) problems.add(f('ports'), o.ports, 'an NLB needs at least one port', 'leave `ports` out to expose every Service port');
      o.ports.forEach((r, i) => {
        const sp = resolveServicePort(problems, `${f('ports')}[${i}]`, workload, r);
        if (sp) ports.push(sp);
      });
    }
    ports.forEach((sp, i) => {
      if (sp.protocol === 'SCTP') problems.add(`${f('ports')}[${i}]`, sp.port, 'an NLB does not forward SCTP', 'expose TCP or UDP ports only');
    });

    const scheme = o.scheme ?? 'internal';
    if (scheme !== 'internal' && scheme !== 'internet-facing') problems.add(f('scheme'), o.scheme, "must be 'internal' or 'internet-facing'", "use 'internet-facing' for a public NLB");
    const targetType = o.targetType ?? 'ip';
    if (targetType !== 'ip' && targetType !== 'instance') problems.add(f('targetType'), o.targetType, "must be 'ip' or 'instance'", "use 'ip'");
    const podReadinessGate = resolvePodReadinessGate(problems, f('podReadinessGate'), workload.namespace, o.podReadinessGate, targetType === 'ip');
    const ipAddressType = o.ipAddressType ?? 'ipv4';
    if (ipAddressType !== 'ipv4' && ipAddressType !== 'dualstack') problems.add(f('ipAddressType'), o.ipAddressType, "must be 'ipv4' or 'dualstack'", "use 'ipv4'");

    const a: Record<string, string> = {};
    const put = (k: string, v: string | undefined) => {
      if (v !== undefined) a[SERVICE_PREFIX + k] = v;
    };
    put('aws-load-balancer-type', 'external');
    put('aws-load-balancer-nlb-target-type', targetType);
    put('aws-load-balancer-scheme', scheme);
    put('aws-load-balancer-ip-address-type', ipAddressType);
    if (o.loadBalancerName !== undefined && (!/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/.test(o.loadBalancerName) || o.loadBalancerName.length > 32)) {
      problems.add(f('loadBalancerName'), o.loadBalancerName, 'must be at most 32 letters, digits and "-"', 'shorten it');
    }
    put('aws-load-balancer-name', o.loadBalancerName);

    const tlsPorts = new Set<number>();
    if (o.tls) {
      const tf = (n: string) => `${f('tls')}.${n}`;
      const arns = o.tls.certificateArns ?? [];
      if (arns.length === 0) problems.add(tf('certificateArns'), arns, 'TLS without a certificate: no certificate ARN is given', 'give at least one ACM certificate ARN, or remove `tls`');
      arns.forEach((c, i) => {
        if (!CERT_ARN.test(c)) problems.add(`${tf('certificateArns')}[${i}]`, c, 'is not an ACM certificate ARN', 'use an ARN such as arn:aws:acm:eu-west-1:123456789012:certificate/...');
      });
      (o.tls.ports ?? ports.map((p) => p.port)).forEach((r, i) => {
        const sp = ports.find((p) => (typeof r === 'number' ? p.port === r : p.name === r));
        if (!sp) problems.add(`${tf('ports')}[${i}]`, r, 'is not one of the ports this NLB exposes', 'name an exposed Service port');
        else tlsPorts.add(sp.port);
      });
      const policy = o.tls.policy ?? DEFAULT_SSL_POLICY;
      if (!/^ELBSecurityPolicy-[A-Za-z0-9-]+$/.test(policy)) problems.add(tf('policy'), o.tls.policy, 'is not an ELB security policy name', `use e.g. "${DEFAULT_SSL_POLICY}"`);
      if (o.tls.backendProtocol !== undefined && o.tls.backendProtocol !== 'ssl' && o.tls.backendProtocol !== 'tcp') problems.add(tf('backendProtocol'), o.tls.backendProtocol, "must be 'ssl' or 'tcp'", "use 'tcp'");
      put('aws-load-balancer-ssl-cert', arns.join(','));
      put('aws-load-balancer-ssl-ports', [...tlsPorts].join(','));
      put('aws-load-balancer-ssl-negotiation-policy', policy);
      put('aws-load-balancer-alpn-policy', o.tls.alpnPolicy);
      put('aws-load-balancer-backend-protocol', o.tls.backendProtocol);
      for (const sp of ports) {
        if (tlsPorts.has(sp.port) && sp.protocol === 'UDP') problems.add(f('tls.ports'), sp.port, 'a UDP port cannot have a TLS listener', 'list only TCP ports in `tls.ports`');
      }
    }

    const healthCheck = resolveTargetGroupHealthCheck(problems, f('healthCheck'), o.healthCheck, workload, { type: 'network' });
    const hc = healthCheck;
    put('aws-load-balancer-healthcheck-protocol', hc.protocol.toLowerCase());
    put('aws-load-balancer-healthcheck-port', targetType === 'ip' && hc.portNumber > 0 ? String(hc.portNumber) : 'traffic-port');
    put('aws-load-balancer-healthcheck-path', hc.path);
    put('aws-load-balancer-healthcheck-interval', String(hc.intervalSeconds));
    put('aws-load-balancer-healthcheck-timeout', String(hc.timeoutSeconds));
    put('aws-load-balancer-healthcheck-healthy-threshold', String(hc.healthyThreshold));
    put('aws-load-balancer-healthcheck-unhealthy-threshold', String(hc.unhealthyThreshold));
    put('aws-load-balancer-healthcheck-success-codes', hc.matcher);
    if ((o.externalTrafficPolicy === 'Local') && hc.protocol === 'TCP' && targetType === 'instance') {
      problems.add(f('externalTrafficPolicy'), 'Local', 'with instance targets and Local traffic policy the controller documents that TCP health checks must not be used', 'use an HTTP readiness probe, ip targets, or the Cluster policy');
    }

    const attrNotes: HealthCheckNote[] = [];
    const dereg = resolveTargetGroupAttributes(problems, field, { deregistrationDelay: o.deregistrationDelay }, t, 'network', attrNotes).deregistrationDelaySeconds;
    const tg: Record<string, string> = {
      'deregistration_delay.timeout_seconds': String(dereg),
      'deregistration_delay.connection_termination.enabled': String(o.connectionTermination ?? true),
    };
    if (o.preserveClientIp !== undefined) tg['preserve_client_ip.enabled'] = String(o.preserveClientIp);
    tg['proxy_protocol_v2.enabled'] = String(o.proxyProtocolV2 ?? false);
    put('aws-load-balancer-target-group-attributes', toMap(tg));

    const idleDefault = Math.min(6000, Math.max(60, t.idleTimeoutSeconds));
    const idle = wholeSeconds(problems, f('idleTimeout'), o.idleTimeout, idleDefault, { min: 60, max: 6000, fix: 'use 60 to 6000 s (the NLB range for TCP listeners)' });
    for (const sp of ports) {
      if (sp.protocol === 'TCP' && !tlsPorts.has(sp.port)) put(`aws-load-balancer-listener-attributes.TCP-${sp.port}`, `tcp.idle_timeout.seconds=${idle}`);
    }
    if (o.idleTimeout !== undefined && !ports.some((sp) => sp.protocol === 'TCP' && !tlsPorts.has(sp.port))) {
      problems.add(f('idleTimeout'), o.idleTimeout, 'the NLB idle timeout applies to TCP listeners only, and this NLB has none', 'remove `idleTimeout`');
    }

    const lbAttrs: Record<string, string> = {};
    if (o.crossZone !== undefined) lbAttrs['load_balancing.cross_zone.enabled'] = String(o.crossZone);
    if (o.deletionProtection !== undefined) lbAttrs['deletion_protection.enabled'] = String(o.deletionProtection);
    if (Object.keys(lbAttrs).length > 0) put('aws-load-balancer-attributes', toMap(lbAttrs));

    const sourceRanges = [...(o.sourceRanges ?? [])];
    sourceRanges.forEach((c, i) => {
      checkCidr(problems, `${f('sourceRanges')}[${i}]`, c);
    });
    if (o.sourceRanges && sourceRanges.length === 0) problems.add(f('sourceRanges'), o.sourceRanges, 'an empty list means anywhere', 'list the allowed CIDRs or leave it out');
    if (sourceRanges.length > 0 && targetType === 'ip' && o.preserveClientIp === false) {
      problems.add(f('sourceRanges'), sourceRanges, 'the controller ignores source ranges when client IP preservation is off', 'set `preserveClientIp: true` or remove `sourceRanges`');
    }
    const etp = o.externalTrafficPolicy;
    if (etp !== undefined && etp !== 'Cluster' && etp !== 'Local') problems.add(f('externalTrafficPolicy'), etp, "must be 'Cluster' or 'Local'", "use 'Local' to keep client IPs with instance targets");

    checkAwsAnnotations(problems, f('annotations'), o.annotations, 'service');
    for (const [k, v] of Object.entries(o.annotations ?? {})) {
      if (NLB_HEALTH_KEYS.includes(k)) {
        problems.add(`${f('annotations')}.${k}`, v, 'sets the health check by hand: it would differ from the readiness probe', 'use `healthCheck: HealthCheck.override({ ..., reason })` if the difference is on purpose');
      } else if (k in a) {
        problems.add(`${f('annotations')}.${k}`, v, `conflicts with the typed option that already writes ${k} (${a[k]})`, 'use the typed option instead of the annotation');
      } else if (k === `${SERVICE_PREFIX}load-balancer-source-ranges` && sourceRanges.length > 0) {
        problems.add(`${f('annotations')}.${k}`, v, 'conflicts with `sourceRanges`', 'use `sourceRanges` only');
      } else a[k] = v;
    }
    // ip targets see the NLB's addresses unless client IP preservation is on; instance targets keep client IPs.
    const preserve = targetType === 'instance' || o.preserveClientIp === true;
    const clients: FrontSource = sourceRanges.length > 0 ? { kind: 'peer', peer: { kind: 'cidrs', cidrs: sourceRanges } } : { kind: 'peer', peer: { kind: 'entities', entities: ['world'] } };
    const podPorts = uniquePorts(ports.map((sp) => ({ port: sp.target.port, protocol: sp.target.protocol })));
    const declared = traits({
      label: `NLB Service "${name}"`, loadBalancerTargetsPods: true,
      objects: [{ kind: 'Service', namespace: workload.namespace, name, field: `${field}.name`, fix: 'give the exposure its own `name`' }],
      loadBalancerService: { name, labels: { ...(o.labels ?? {}) } }, namespaceLabels: podReadinessGateLabels(podReadinessGate),
      fronts: awsLoadBalancerFronts(`${field} LoadBalancer Service "${name}"`, podPorts, healthCheck, targetType, preserve ? clients : undefined),
      settings: [
        { field: `${field}.tcpIdleTimeoutSeconds`, name: 'idleTimeoutSeconds', value: idle },
        { field: `${field}.deregistrationDelaySeconds`, name: 'deregistrationDelaySeconds', value: dereg },
      ],
      notes: [...healthCheck.notes, ...attrNotes],
    });
    return {
      kind: 'service-lb', name, ports, targetType, podReadinessGate, healthCheck, tcpIdleTimeoutSeconds: idle, deregistrationDelaySeconds: dereg, sourceRanges, externalTrafficPolicy: etp,
      annotations: a, labels: { ...(o.labels ?? {}) }, traits: declared,
    };
  }
}
