import type { Duration } from 'cdk8s';
import type { WorkloadSpec } from '../app-spec';
import { Certificate } from './certificate';
import type { HealthCheckNote } from './health-check';
import { wholeSeconds } from '../durations';
import { checkDnsLabel } from '../kubernetes-syntax';
import { Problems } from '../problems';
import { DEFAULT_SSL_POLICY } from './alb-ingress-options';
import { checkHost } from '../exposure/ingress';

/** The AWS Load Balancer Controller's Gateway controllers: ALB for L7 routes, NLB for L4 routes. */
export const AWS_GATEWAY_CONTROLLERS = { alb: 'gateway.k8s.aws/alb', nlb: 'gateway.k8s.aws/nlb' } as const;

/** A listener of an AWS Gateway (an ALB or NLB listener). */
export interface AwsGatewayListenerProps {
  /** The listener's name (routes attach with `listeners`). */
  readonly name: string;
  /** ALB Gateways: `HTTP` or `HTTPS`; NLB Gateways: `TCP` or `UDP`. */
  readonly protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'UDP';
  /**
   * The port (1-65535).
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener (`port`, 1-65535)
   */
  readonly port: number;
  /**
   * HTTP and HTTPS: the host name the listener accepts.
   * @default every host
   */
  readonly hostname?: string;
  /**
   * HTTPS: the ACM certificates (`Certificate.fromArn`), the first the default. AWS Gateways take certificates from
   * the LoadBalancerConfiguration, never from `certificateRefs`.
   * @default none (an HTTPS listener needs one)
   */
  readonly certificates?: readonly Certificate[];
}

/**
 * An AWS Gateway created with the app: the Gateway, its GatewayClass (controller `gateway.k8s.aws/alb` or `/nlb`)
 * and a `LoadBalancerConfiguration` with the load balancer's settings.
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/gateway/loadbalancerconfig/
 */
export interface AwsGatewayProps {
  /**
   * The Gateway's name (also the LoadBalancerConfiguration's).
   * @default the app's name
   */
  readonly name?: string;
  /**
   * The GatewayClass (written once per chart, for the ALB or NLB controller).
   * @default 'aws-alb' (ALB routes) or 'aws-nlb' (L4 routes)
   */
  readonly className?: string;
  /** The listeners. */
  readonly listeners: readonly AwsGatewayListenerProps[];
  /**
   * `internet-facing` for a public load balancer.
   * @default 'internal'
   */
  readonly scheme?: 'internal' | 'internet-facing';
  /**
   * Subnet ids (`subnet-...`) of the load balancer.
   * @default the controller's subnet discovery (tagged subnets)
   */
  readonly subnets?: readonly string[];
  /**
   * Security group ids (`sg-...`) of the load balancer, instead of the ones the controller creates.
   * @default the controller's frontend and backend security groups
   */
  readonly securityGroups?: readonly string[];
  /**
   * The TLS security policy of HTTPS listeners.
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06'
   */
  readonly sslPolicy?: string;
  /** Why an older TLS policy is needed (required for one that allows TLS older than 1.2 or lacks 1.3). @default none */
  readonly sslPolicyReason?: string;
  /**
   * ALB: the WAFv2 web ACL ARN.
   * @default none
   */
  readonly wafv2AclArn?: string;
  /**
   * The idle timeout: ALB `idle_timeout.timeout_seconds` (1-4000 s), NLB TCP listeners' `tcp.idle_timeout.seconds`
   * (60-6000 s).
   * @default the traffic policy's idle timeout
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout (ALB, 1-4000 s)
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html (NLB TCP listeners, 60-6000 s)
   */
  readonly idleTimeout?: Duration;
  /**
   * Which namespaces' routes the listeners accept.
   * @default 'Same'
   */
  readonly allowedRoutesFrom?: 'Same' | 'All';
}

/** A listener's entry of the LoadBalancerConfiguration (`PROTOCOL:PORT`). */
export interface AwsListenerConfigurationSpec {
  readonly protocolPort: string;
  readonly defaultCertificate?: string;
  readonly certificates: readonly string[];
  readonly sslPolicy?: string;
  /** `tcp.idle_timeout.seconds` of an NLB TCP listener. */
  readonly tcpIdleTimeoutSeconds?: number;
}

/** A resolved AWS Gateway. */
export interface AwsGatewaySpec {
  readonly name: string;
  readonly namespace: string;
  readonly className: string;
  readonly controllerName: string;
  readonly listeners: readonly {
    readonly name: string;
    readonly protocol: AwsGatewayListenerProps['protocol'];
    readonly port: number;
    readonly hostname?: string;
  }[];
  readonly allowedRoutesFrom: 'Same' | 'All';
  readonly scheme: 'internal' | 'internet-facing';
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  readonly listenerConfigurations: readonly AwsListenerConfigurationSpec[];
  readonly wafv2AclArn?: string;
  /** ALB load balancer attributes. */
  readonly loadBalancerAttributes: Readonly<Record<string, string>>;
  /** Adjustments worth a warning (an idle timeout brought into the NLB's range). */
  readonly notes: readonly HealthCheckNote[];
}

const WAF_ARN = /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[A-Za-z0-9_-]+\/[A-Za-z0-9-]+$/;

/** Resolves an AWS Gateway: listeners of the load balancer's layer, certificates from ACM, the load balancer's settings. */
export function resolveAwsGateway(
  problems: Problems,
  field: string,
  g: AwsGatewayProps,
  lb: 'alb' | 'nlb',
  w: WorkloadSpec,
): AwsGatewaySpec {
  const f = (n: string) => `${field}.${n}`;
  const name = g.name ?? w.name;
  checkDnsLabel(problems, f('name'), name);
  const className = g.className ?? `aws-${lb}`;
  checkDnsLabel(problems, f('className'), className, 253);
  const listeners = resolveAwsListeners(problems, f('listeners'), g.listeners ?? [], lb);
  const scheme = g.scheme ?? 'internal';
  if (scheme !== 'internal' && scheme !== 'internet-facing')
    problems.add(f('scheme'), g.scheme, "must be 'internal' or 'internet-facing'", "use 'internet-facing'");
  idList(problems, f('subnets'), g.subnets, /^subnet-[0-9a-f]{8,17}$/, 'subnet-0a1b2c3d4e5f60718');
  idList(problems, f('securityGroups'), g.securityGroups, /^sg-[0-9a-f]{8,17}$/, 'sg-0a1b2c3d4e5f60718');
  checkAwsLoadBalancerOptions(problems, f, g, lb, listeners);
  const { idle, notes } = awsIdleTimeout(problems, f('idleTimeout'), g.idleTimeout, lb, w);
  const listenerConfigurations = awsListenerConfigurations(problems, f('listeners'), listeners, g.sslPolicy, idle);
  const from = g.allowedRoutesFrom ?? 'Same';
  if (from !== 'Same' && from !== 'All')
    problems.add(f('allowedRoutesFrom'), from, "must be 'Same' or 'All'", "use 'Same'");
  return {
    name,
    namespace: w.namespace,
    className,
    controllerName: AWS_GATEWAY_CONTROLLERS[lb],
    listeners: listeners.map((l) => ({
      name: l.name,
      protocol: l.protocol,
      port: l.port,
      ...(l.hostname !== undefined ? { hostname: l.hostname } : {}),
    })),
    allowedRoutesFrom: from,
    scheme,
    subnets: [...(g.subnets ?? [])],
    securityGroups: [...(g.securityGroups ?? [])],
    listenerConfigurations,
    ...(g.wafv2AclArn !== undefined ? { wafv2AclArn: g.wafv2AclArn } : {}),
    loadBalancerAttributes:
      lb === 'alb'
        ? { 'idle_timeout.timeout_seconds': String(idle), 'routing.http.drop_invalid_header_fields.enabled': 'true' }
        : {},
    notes,
  };
}

/** The TLS policy and WAF: on the load balancer type and listeners they apply to. */
function checkAwsLoadBalancerOptions(
  problems: Problems,
  f: (n: string) => string,
  g: AwsGatewayProps,
  lb: 'alb' | 'nlb',
  listeners: readonly AwsGatewayListenerProps[],
): void {
  if (g.sslPolicy !== undefined && !listeners.some((l) => l.protocol === 'HTTPS'))
    problems.add(f('sslPolicy'), g.sslPolicy, 'applies to HTTPS listeners, and there is none', 'remove `sslPolicy`');
  if (g.wafv2AclArn === undefined) return;
  if (lb === 'nlb')
    problems.add(f('wafv2AclArn'), g.wafv2AclArn, 'WAF applies to ALB Gateways only', 'remove `wafv2AclArn`');
  else if (!WAF_ARN.test(g.wafv2AclArn))
    problems.add(
      f('wafv2AclArn'),
      g.wafv2AclArn,
      'is not a regional WAFv2 web ACL ARN',
      'use arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>',
    );
}

/** The idle timeout: the ALB's attribute, or the NLB TCP listeners' (the traffic policy's, brought into range with a note). */
function awsIdleTimeout(
  problems: Problems,
  field: string,
  given: Duration | undefined,
  lb: 'alb' | 'nlb',
  w: WorkloadSpec,
): { idle: number; notes: HealthCheckNote[] } {
  const t = w.traffic;
  if (lb === 'alb')
    return {
      idle: wholeSeconds(problems, field, given, t.idleTimeoutSeconds, {
        min: 1,
        max: 4000,
        fix: 'use 1 to 4000 s (the ALB range)',
      }),
      notes: [],
    };
  const nlbIdle = Math.min(6000, Math.max(60, t.idleTimeoutSeconds));
  const notes: HealthCheckNote[] =
    given === undefined && nlbIdle !== t.idleTimeoutSeconds
      ? [
          {
            id: 'CT-AWS-107',
            field: 'traffic.idleTimeout',
            message: `the traffic policy's idle timeout (${t.idleTimeoutSeconds} s) is outside the NLB's TCP idle timeout range (60-6000 s): the NLB Gateway's TCP listeners get ${nlbIdle} s`,
          },
        ]
      : [];
  const idle = wholeSeconds(problems, field, given, nlbIdle, {
    min: 60,
    max: 6000,
    fix: 'use 60 to 6000 s (the NLB TCP listener range)',
  });
  return { idle, notes };
}

/** The LoadBalancerConfiguration's listener entries: HTTPS certificates (ACM ARNs) and TLS policy, TCP idle timeouts. */
function awsListenerConfigurations(
  problems: Problems,
  field: string,
  listeners: readonly AwsGatewayListenerProps[],
  sslPolicy: string | undefined,
  idle: number,
): AwsListenerConfigurationSpec[] {
  return listeners.flatMap((l, i): AwsListenerConfigurationSpec[] => {
    if (l.protocol === 'HTTPS') {
      const arns = (l.certificates ?? []).map((c, j) => {
        const cf = `${field}[${i}].certificates[${j}]`;
        const s = c instanceof Certificate ? c.resolve(problems, cf, []) : undefined;
        if (s?.kind !== 'arn')
          problems.add(
            cf,
            s?.kind ?? c,
            'an AWS Gateway takes existing ACM certificates',
            'use Certificate.fromArn("arn:aws:acm:<region>:<account>:certificate/<id>")',
          );
        return s?.kind === 'arn' ? s.arn : '';
      });
      return [
        {
          protocolPort: `HTTPS:${l.port}`,
          defaultCertificate: arns[0],
          certificates: arns.slice(1),
          sslPolicy: sslPolicy ?? DEFAULT_SSL_POLICY,
        },
      ];
    }
    if (l.protocol === 'TCP') return [{ protocolPort: `TCP:${l.port}`, certificates: [], tcpIdleTimeoutSeconds: idle }];
    return [];
  });
}

/** The listeners: names unique, the protocols of the load balancer's layer, ports, host names, certificates. */
function resolveAwsListeners(
  problems: Problems,
  field: string,
  listeners: readonly AwsGatewayListenerProps[],
  lb: 'alb' | 'nlb',
): AwsGatewayListenerProps[] {
  if (listeners.length === 0)
    problems.add(
      field,
      listeners,
      'a Gateway needs at least one listener',
      lb === 'alb'
        ? "add e.g. { name: 'https', protocol: 'HTTPS', port: 443, certificates: [Certificate.fromArn('arn:...')] }"
        : "add e.g. { name: 'grpc', protocol: 'TCP', port: 443 }",
    );
  const allowed = lb === 'alb' ? ['HTTP', 'HTTPS'] : ['TCP', 'UDP'];
  const names = new Set<string>();
  const seen = new Set<string>();
  listeners.forEach((l, i) => {
    const lf = `${field}[${i}]`;
    checkDnsLabel(problems, `${lf}.name`, l.name, 253);
    if (names.has(l.name))
      problems.add(`${lf}.name`, l.name, 'duplicate listener name', 'give every listener its own name');
    names.add(l.name);
    if (!allowed.includes(l.protocol))
      problems.add(
        `${lf}.protocol`,
        l.protocol,
        lb === 'alb'
          ? 'an ALB Gateway serves L7 routes (HTTPRoute, GRPCRoute) on HTTP or HTTPS listeners; one Gateway cannot mix L4 and L7'
          : 'an NLB Gateway serves L4 routes (TCPRoute, UDPRoute) on TCP or UDP listeners; one Gateway cannot mix L4 and L7',
        lb === 'alb'
          ? "use protocol 'HTTP' or 'HTTPS', or put L4 routes on an NLB Gateway (AwsGatewayRoute.tcp)"
          : "use protocol 'TCP' or 'UDP', or put HTTP routes on an ALB Gateway (AwsGatewayRoute.http)",
      );
    if (!Number.isInteger(l.port) || l.port < 1 || l.port > 65535)
      problems.add(`${lf}.port`, l.port, 'must be a port from 1 to 65535', 'use e.g. 443');
    const key = `${l.protocol}:${l.port}:${l.hostname ?? ''}`;
    if (seen.has(key))
      problems.add(
        `${lf}.port`,
        l.port,
        'another listener has the same protocol, port and host name',
        'use another port',
      );
    seen.add(key);
    if (l.hostname !== undefined) {
      if (l.protocol === 'TCP' || l.protocol === 'UDP')
        problems.add(`${lf}.hostname`, l.hostname, 'TCP and UDP listeners have no host name', 'remove `hostname`');
      else checkHost(problems, `${lf}.hostname`, l.hostname);
    }
    checkListenerCertificates(problems, lf, l);
  });
  return [...listeners];
}

/** HTTPS listeners need a certificate; others take none; `certificateSecrets` (certificateRefs) are refused. */
function checkListenerCertificates(problems: Problems, lf: string, l: AwsGatewayListenerProps): void {
  const refs = (l as { readonly certificateSecrets?: unknown }).certificateSecrets;
  if (refs !== undefined)
    problems.add(
      `${lf}.certificateSecrets`,
      refs,
      "an AWS Gateway does not read the listener's certificateRefs: its certificates come from the LoadBalancerConfiguration (ACM)",
      'give `certificates: [Certificate.fromArn("arn:aws:acm:...")]` instead',
    );
  const certs = l.certificates ?? [];
  if (l.protocol === 'HTTPS' && certs.length === 0 && refs === undefined)
    problems.add(
      `${lf}.certificates`,
      l.certificates,
      'TLS without a certificate: an HTTPS listener needs an ACM certificate',
      'give `certificates: [Certificate.fromArn("arn:aws:acm:...")]`',
    );
  if (l.protocol !== 'HTTPS' && certs.length > 0)
    problems.add(
      `${lf}.certificates`,
      certs.length,
      `a ${l.protocol} listener uses no certificate`,
      "use protocol 'HTTPS' or remove them",
    );
}

/** A list of AWS resource ids of one kind. */
function idList(
  problems: Problems,
  field: string,
  ids: readonly string[] | undefined,
  re: RegExp,
  example: string,
): void {
  if (ids !== undefined && ids.length === 0)
    problems.add(field, ids, 'an empty list', 'leave it out for the default, or give ids');
  (ids ?? []).forEach((id, i) => {
    if (typeof id !== 'string' || !re.test(id))
      problems.add(`${field}[${i}]`, id, 'is not an AWS resource id of this kind', `use e.g. "${example}"`);
  });
}
