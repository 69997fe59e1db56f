import type { WorkloadSpec } from '../app-spec';
import type { ExposureSpec, IExposure } from './exposure';
import { checkAnnotationKeys, checkDnsLabel, checkLabels } from '../kubernetes-syntax';
import type { PortRef } from '../workload/probe';
import { Problems } from '../problems';
import { AlbOptions, AlbSpec, resolveAlbOptions } from '../aws/alb-ingress-options';
import { ALB_EXCLUSIVE_ANNOTATIONS, checkAwsAnnotations } from '../aws/lb-controller-annotations';
import { resolveServicePort, ServiceBackendSpec, serviceBackend, weightedBackends } from './service-backend';
import { albCanaryHeader } from '../aws/canary-header';
import { ALB_FORWARD_SPLIT } from '../aws/forward-weights';
import { ALB_BALANCING } from '../aws/target-group-attributes';
import { awsLoadBalancerFronts } from '../aws/fronts';
import { CILIUM_CLASS, uniquePorts } from '../dataplane/exposure-sources';
import { instanceTargetsHealthCheck } from '../aws/health-check';
import { awsStickinessCell } from '../aws/stickiness';
import { podReadinessGateLabels } from '../aws/pod-readiness-gate';
import { ExposureTraits, traits, WrittenObject } from './traits';
import type { ServicePortSpec } from '../workload/ports';
import { IMPLEMENTATION_DEFAULTS } from './implementation-defaults';

/** A path of an Ingress rule. */
export interface IngressPathProps {
  /** The path, starting with "/". */
  readonly path: string;
  /**
   * How the path matches.
   * @default 'Prefix'
   */
  readonly pathType?: 'Prefix' | 'Exact' | 'ImplementationSpecific';
  /**
   * The Service port (name or number, not the container port) the path goes to.
   * @default the exposure's `port`
   */
  readonly port?: PortRef;
}

/** What every Ingress takes, whatever its controller. */
export interface IngressRoutingProps {
  /**
   * The Ingress' name.
   * @default the app's name
   */
  readonly name?: string;
  /**
   * Host names (wildcards such as `*.example.com` allowed); each gets the `paths`.
   * @default none (the paths match every host)
   */
  readonly hosts?: readonly string[];
  /**
   * The paths.
   * @default [{ path: '/', pathType: 'Prefix' }]
   */
  readonly paths?: readonly IngressPathProps[];
  /**
   * The Service port (name or number) paths go to when they name none.
   * @default the Service's first port
   */
  readonly port?: PortRef;
  /**
   * Also send requests no rule matches to the app (`spec.defaultBackend`).
   * @default false
   */
  readonly defaultBackend?: boolean;
  /**
   * Extra annotations (the escape hatch). Keys under `alb.ingress.kubernetes.io/` must be documented by
   * the AWS Load Balancer Controller and not written by a typed option.
   * @default none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Extra labels of the Ingress.
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A TLS entry of an Ingress handled by a controller that reads certificates from Secrets. */
export interface IngressTlsProps {
  /** The hosts the certificate covers. */
  readonly hosts: readonly string[];
  /** The Secret (type kubernetes.io/tls) holding the certificate and key. */
  readonly secretName: string;
}

/** An Ingress for any controller (nginx, Traefik, ...): no controller-specific settings. */
export interface IngressProps extends IngressRoutingProps {
  /** The IngressClass' name. */
  readonly className: string;
  /**
   * TLS, with the certificates in Secrets.
   * @default none
   */
  readonly tls?: readonly IngressTlsProps[];
}

/** An Ingress served by an ALB of the AWS Load Balancer Controller, with typed ALB settings. */
export interface AlbIngressProps extends IngressRoutingProps, AlbOptions {
  /**
   * The IngressClass' name (an IngressClass whose controller is `ingress.k8s.aws/alb`).
   * @default 'alb'
   */
  readonly className?: string;
}

/** A resolved Ingress path. */
export interface IngressPathSpec {
  readonly path: string;
  readonly pathType: 'Prefix' | 'Exact' | 'ImplementationSpecific';
  readonly backend: ServiceBackendSpec;
  /** Set when the path goes to a weighted ALB forward action (the app has canary versions, or Argo Rollouts writes it). */
  readonly action?: string;
}

/**
 * A weighted ALB forward action, which paths name as their backend; with `header`, it only takes requests
 * carrying the traffic policy's canary header (to the first canary). The renderer writes it as the
 * controller's `actions.<name>` (and `conditions.<name>`) annotations.
 */
export interface AlbWeightedActionSpec {
  readonly name: string;
  /** The target groups: one per version, each with its declared share of traffic in percent (0-100). */
  readonly targets: readonly { readonly serviceName: string; readonly servicePort: number; readonly share: number }[];
  readonly header?: { readonly name: string; readonly value: string };
}

/** A resolved Ingress. */
export interface IngressExposureSpec extends ExposureSpec {
  readonly kind: 'ingress';
  readonly name: string;
  readonly className: string;
  readonly rules: readonly { readonly host?: string; readonly paths: readonly IngressPathSpec[] }[];
  readonly tls: readonly { readonly hosts: readonly string[]; readonly secretName?: string }[];
  readonly defaultBackend?: ServiceBackendSpec;
  /** The user's annotations of a non-ALB Ingress; empty for an ALB (its settings and escape hatch are in `alb`). */
  readonly annotations: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  /** Present for ALB Ingresses. */
  readonly alb?: AlbSpec;
  readonly weightedActions: readonly AlbWeightedActionSpec[];
}

const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Checks a host name (wildcard allowed as the first label). */
export function checkHost(problems: Problems, field: string, host: string): boolean {
  const ok = typeof host === 'string' && HOST.test(host) && host.length <= 253;
  if (!ok)
    problems.add(
      field,
      host,
      'is not a host name (lower-case DNS name, optionally starting with "*.")',
      `use e.g. "${
        String(host ?? '')
          .toLowerCase()
          .replace(/[^a-z0-9.*-]/g, '') || 'www.example.com'
      }"`,
    );
  return ok;
}

/** The ALB controller's class name: other classes must not get ALB settings. */
export const ALB_CLASS = 'alb';

/**
 * Exposes the app through a Kubernetes Ingress (networking.k8s.io/v1).
 *
 * ```ts
 * IngressExposure.alb({
 *   hosts: ['www.example.com'], scheme: 'internet-facing',
 *   certificateArns: ['arn:aws:acm:eu-west-1:123456789012:certificate/...'],   // HTTPS 443 + HTTP 80 -> 443
 *   group: { name: 'public', order: 10 },                                          // one ALB for several apps
 * })
 * IngressExposure.withClass({ className: 'nginx', hosts: ['a.example.com'], tls: [{ hosts: ['a.example.com'], secretName: 'a-tls' }] })
 * ```
 */
export class IngressExposure implements IExposure {
  /**
   * An Ingress served by an ALB (AWS Load Balancer Controller), settings typed.
   * @example
   * IngressExposure.alb({ hosts: ['shop.example.com'] });
   */
  static alb(props: AlbIngressProps = {}): IngressExposure {
    return new IngressExposure({ ...props, className: props?.className ?? ALB_CLASS }, props);
  }

  /**
   * An Ingress for another controller (its class name given), with TLS from Secrets.
   * @example
   * IngressExposure.withClass({ name: 'orders', className: 'nginx', hosts: ['orders.example.com'], port: 'https' });
   */
  static withClass(props: IngressProps): IngressExposure {
    return new IngressExposure(props, undefined);
  }

  readonly kind = 'ingress';

  private constructor(
    /** The routing and TLS settings. */
    public readonly props: IngressProps,
    /** The ALB settings, for `IngressExposure.alb`. */
    public readonly albOptions: AlbOptions | undefined,
  ) {}

  resolve(problems: Problems, field: string, workload: WorkloadSpec): IngressExposureSpec {
    const p = this.props;
    const f = (n: string) => `${field}.${n}`;
    const name = p.name ?? workload.name;
    if (p.name !== undefined) checkDnsLabel(problems, f('name'), p.name, 253);
    if (typeof p.className !== 'string' || p.className === '')
      problems.add(f('className'), p.className, 'an Ingress needs a class name', 'use e.g. "alb" or "nginx"');
    checkLabels(problems, f('labels'), p.labels);
    checkAnnotationKeys(problems, f('annotations'), p.annotations);

    const defaultPort = resolveServicePort(problems, f('port'), workload, p.port);
    const hosts = [...(p.hosts ?? [])];
    hosts.forEach((h, i) => checkHost(problems, `${f('hosts')}[${i}]`, h));
    if (new Set(hosts).size !== hosts.length)
      problems.add(f('hosts'), hosts, 'lists a host twice', 'list each host once');
    const weighted = workload.versions.length > 1 && this.albOptions !== undefined;
    // Argo Rollouts moving this ALB Ingress: the paths name its action (the root Service), which Argo writes.
    const d = workload.delivery;
    const argoAction = d?.alb && d.routerField === field ? d.alb.rootService : undefined;
    const { paths, actions } = resolveIngressPaths(problems, field, workload, p, defaultPort, weighted, argoAction);
    const sent = [...new Set(paths.map((x) => x.backend.port))];
    if (argoAction !== undefined && (sent.length > 1 || (sent.length === 1 && sent[0] !== d!.alb!.servicePort)))
      problems.add(
        f('paths'),
        sent,
        `are the paths of the ALB Ingress Argo Rollouts moves, and send to the Service ports ${sent.join(' and ')}: Argo's forward action splits one, ${d!.alb!.servicePort} (\`trafficRouting.alb.servicePort\`)`,
        'send every path of this Ingress to one Service port (`port`), and expose the other ports by another exposure',
      );
    const rules = hosts.length > 0 ? hosts.map((host) => ({ host, paths })) : [{ paths }];
    const resolved = resolveIngressTls(problems, field, workload, p, this.albOptions, hosts);
    const { tls, annotations } = resolved;
    if (p.defaultBackend && (weighted || argoAction !== undefined)) {
      problems.add(
        f('defaultBackend'),
        true,
        `the default backend cannot be a weighted ALB action; ${argoAction !== undefined ? "Argo Rollouts' steps" : 'canary weights'} would be bypassed`,
        'route with `paths` instead (the default "/" Prefix path catches everything)',
      );
    }
    const defaultBackend = p.defaultBackend && defaultPort ? serviceBackend(workload, defaultPort) : undefined;
    const ports = uniquePorts(
      [...paths.map((x) => x.backend.targetPort), ...(defaultBackend ? [defaultBackend.targetPort] : [])].map(
        (port) => ({ port, protocol: 'TCP' as const }),
      ),
    );
    const alb = instanceTargetsAlb(resolved.alb, field, ports, workload);
    return {
      kind: 'ingress',
      name,
      className: p.className,
      rules,
      tls,
      defaultBackend,
      annotations,
      labels: { ...(p.labels ?? {}) },
      alb,
      weightedActions: [...actions.values()],
      traits: ingressTraits(field, workload, p, name, alb, ports, rules),
    };
  }
}

/** An ALB with instance targets checks a node port: the probe's, when the app's Service gives it one (`instanceTargetsHealthCheck`). */
function instanceTargetsAlb(
  alb: AlbSpec | undefined,
  field: string,
  ports: ReturnType<typeof uniquePorts>,
  workload: WorkloadSpec,
): AlbSpec | undefined {
  if (alb?.targetType !== 'instance') return alb;
  const healthCheck = instanceTargetsHealthCheck(
    alb.healthCheck,
    field,
    ports.map((p) => p.port),
    workload.service?.ports ?? [],
  );
  return { ...alb, healthCheck };
}

/** The Ingress's paths, each to its Service port; on an ALB with versions, through weighted actions (and the canary header's). */
function resolveIngressPaths(
  problems: Problems,
  field: string,
  workload: WorkloadSpec,
  p: IngressProps,
  defaultPort: ServicePortSpec | undefined,
  weighted: boolean,
  argoAction?: string,
): { paths: IngressPathSpec[]; actions: Map<string, AlbWeightedActionSpec> } {
  const f = (n: string) => `${field}.${n}`;
  const pathProps = p.paths ?? [{ path: '/', pathType: 'Prefix' as const }];
  if (pathProps.length === 0)
    problems.add(
      f('paths'),
      pathProps,
      'an Ingress rule needs at least one path',
      "leave `paths` out for '/' (Prefix)",
    );
  const header = weighted ? albCanaryHeader(problems, workload) : undefined;
  const actions = new Map<string, AlbWeightedActionSpec>(); // by action name
  const paths: IngressPathSpec[] = [];
  pathProps.forEach((pp, i) => {
    const pf = `${f('paths')}[${i}]`;
    if (typeof pp.path !== 'string' || !pp.path.startsWith('/'))
      problems.add(
        `${pf}.path`,
        pp.path,
        'an Ingress path must start with "/"',
        `use "/${String(pp.path ?? '').replace(/^\/*/, '')}"`,
      );
    const pathType = pp.pathType ?? 'Prefix';
    if (!['Prefix', 'Exact', 'ImplementationSpecific'].includes(pathType))
      problems.add(
        `${pf}.pathType`,
        pp.pathType,
        "must be 'Prefix', 'Exact' or 'ImplementationSpecific'",
        "use 'Prefix'",
      );
    const port = pp.port === undefined ? defaultPort : resolveServicePort(problems, `${pf}.port`, workload, pp.port);
    if (!port) return;
    let action: string | undefined = argoAction;
    if (weighted) {
      action = `weighted-${port.port}`;
      if (!actions.has(action)) {
        // The declared shares; the renderer writes them as the forward action's integers (rule CT-TRAFFIC-013 refuses a split that does not fit).
        actions.set(action, {
          name: action,
          targets: weightedBackends(workload, port).map((b) => ({
            serviceName: b.serviceName,
            servicePort: b.port,
            share: b.share,
          })),
        });
      }
      if (header) {
        // Testers: the same path with the canary header goes to the first canary, listed first so the
        // controller orders its rule ahead of the weighted one.
        const name = `canary-header-${port.port}`;
        if (!actions.has(name)) {
          const canary = weightedBackends(workload, port)[1];
          actions.set(name, {
            name,
            targets: [{ serviceName: canary.serviceName, servicePort: canary.port, share: 100 }],
            header,
          });
        }
        paths.push({ path: pp.path, pathType, backend: serviceBackend(workload, port), action: name });
      }
    }
    paths.push({ path: pp.path, pathType, backend: serviceBackend(workload, port), action });
  });
  return { paths, actions };
}

/** The ALB's options and TLS hosts, or another class's TLS Secrets and annotations. */
function resolveIngressTls(
  problems: Problems,
  field: string,
  workload: WorkloadSpec,
  p: IngressProps,
  albOptions: AlbOptions | undefined,
  hosts: readonly string[],
) {
  const f = (n: string) => `${field}.${n}`;
  let alb: AlbSpec | undefined;
  let tls: { hosts: readonly string[]; secretName?: string }[] = [];
  let annotations: Record<string, string> = {};
  if (albOptions) {
    alb = resolveAlbOptions(problems, field, albOptions, workload, p.annotations, f('annotations'));
    alb.tlsHosts.forEach((h, i) => checkHost(problems, `${f('tlsHosts')}[${i}]`, h));
    if (alb.tlsHosts.length > 0) tls = [{ hosts: alb.tlsHosts }];
    if (p.tls !== undefined)
      problems.add(
        f('tls'),
        p.tls,
        'an ALB takes certificates from ACM, not from Secrets',
        'use `certificateArns` (or `tlsHosts` for certificate discovery)',
      );
  } else {
    if (p.className === ALB_CLASS) {
      problems.add(
        f('className'),
        p.className,
        'the "alb" class is served by the AWS Load Balancer Controller, whose settings are typed',
        'use IngressExposure.alb({...}) for an ALB',
      );
    }
    checkAwsAnnotations(problems, f('annotations'), p.annotations, 'alb');
    annotations = { ...(p.annotations ?? {}) };
    tls = (p.tls ?? []).map((t, i) => {
      const tf = `${f('tls')}[${i}]`;
      if (typeof t.secretName !== 'string' || t.secretName === '') {
        problems.add(
          `${tf}.secretName`,
          t.secretName,
          'TLS without a certificate: the entry names no Secret',
          'name the kubernetes.io/tls Secret holding the certificate',
        );
      } else checkDnsLabel(problems, `${tf}.secretName`, t.secretName, 253);
      (t.hosts ?? []).forEach((h, j) => checkHost(problems, `${tf}.hosts[${j}]`, h));
      const uncovered = (t.hosts ?? []).filter((h) => hosts.length > 0 && !hosts.includes(h));
      if (uncovered.length > 0)
        problems.add(
          `${tf}.hosts`,
          uncovered,
          'are not hosts of this Ingress: the certificate would never be served',
          'list only hosts from `hosts`',
        );
      return { hosts: [...(t.hosts ?? [])], secretName: t.secretName };
    });
  }
  return { alb, tls, annotations };
}

/** The traits: an ALB (its split, fronts, settings and notes) or an Ingress controller's proxy in front of the pods. */
function ingressTraits(
  field: string,
  workload: WorkloadSpec,
  p: IngressProps,
  name: string,
  alb: AlbSpec | undefined,
  ports: ReturnType<typeof uniquePorts>,
  rules: IngressExposureSpec['rules'],
): ExposureTraits {
  // Rules without a host serve any host; a generic IngressClass controller's address is assumed public.
  const served = rules.map((r: IngressExposureSpec['rules'][number]) => ({
    ...(r.host !== undefined ? { host: r.host } : {}),
    paths: r.paths.map((x) => x.path),
  }));
  const why = `${field} Ingress "${name}" (class ${p.className})`;
  const group = alb?.group?.name;
  const exclusive = alb ? exclusiveAlbSettings(alb) : {};
  const objects: WrittenObject[] = [
    {
      kind: 'Ingress',
      namespace: workload.namespace,
      name,
      field: `${field}.name`,
      fix: 'give the exposure its own `name`',
    },
    // The controller fails the whole IngressGroup on different values of an exclusive setting, or on another class.
    ...(group !== undefined
      ? [
          {
            kind: 'ALB IngressGroup',
            name: group,
            field,
            shared: {
              settings: { className: p.className, ...exclusive },
              fix: 'give every Ingress of the group the same value (or set it on one Ingress only), and the same IngressClass',
            },
          },
        ]
      : []),
  ];
  return alb
    ? traits({
        label: `ALB Ingress "${name}"`,
        implementationDefaults: IMPLEMENTATION_DEFAULTS.awsAlb,
        reach: alb.scheme === 'internal' ? 'internal' : 'internet',
        hosts: served,
        split: ALB_FORWARD_SPLIT,
        loadBalancing: ALB_BALANCING,
        routesCanaryHeader: true,
        objects,
        namespaceLabels: podReadinessGateLabels(alb.podReadinessGate),
        fronts: awsLoadBalancerFronts(why, ports, alb.healthCheck, alb.targetType),
        loadBalancerTargetsPods: true,
        support: { stickiness: awsStickinessCell('application', `ALB Ingress "${name}"`) },
        settings: [
          { field: `${field}.alb.idleTimeoutSeconds`, name: 'idleTimeoutSeconds', value: alb.idleTimeoutSeconds },
          {
            field: `${field}.alb.deregistrationDelaySeconds`,
            name: 'deregistrationDelaySeconds',
            value: alb.deregistrationDelaySeconds,
          },
          { field: `${field}.alb.protocolVersion`, name: 'protocolVersion', value: alb.protocolVersion },
        ],
        notes: [...alb.healthCheck.notes, ...alb.notes],
      })
    : traits({
        label: `Ingress "${name}" (class ${p.className})`,
        // Cilium's own Ingress controller: its Envoy, with the defaults of Cilium's Gateway API.
        ...(p.className === CILIUM_CLASS ? { implementationDefaults: IMPLEMENTATION_DEFAULTS.ciliumEnvoy } : {}),
        reach: 'internet',
        hosts: served,
        objects,
        notes: ingressNginxNotes(field, p.className),
        fronts: [
          {
            why,
            from: { kind: 'proxy', classKind: 'IngressClass', className: p.className, what: `Ingress "${name}"` },
            ports,
            healthChecks: [],
          },
        ],
      });
}

/** The id of the warning on an Ingress of an nginx class (acknowledge it on the chart, saying which controller serves it). */
export const INGRESS_NGINX_RETIRED = 'CT-NGINX-101';

/**
 * ingress-nginx (kubernetes/ingress-nginx) was retired in March 2026: no fixes, security ones included, since. An
 * Ingress of a class named like nginx gets a warning with the way off: the same exposure as a Gateway API route.
 * @see https://kubernetes.io/blog/2025/11/11/ingress-nginx-retirement/
 */
function ingressNginxNotes(field: string, className: string): ExposureTraits['notes'] {
  if (!/nginx/i.test(className)) return [];
  return [
    {
      id: INGRESS_NGINX_RETIRED,
      field: `${field}.className`,
      message: `class "${className}": if the community ingress-nginx controller serves it, it was retired in March 2026 and gets no fixes (security ones included); switch this exposure to a Gateway API route with \`GatewayRouteExposure.fromIngress(<the same props>, { parents: [...] })\` (every traffic setting is kept; docs/exposures.md#the-way-off-ingress-nginx), or acknowledge ${INGRESS_NGINX_RETIRED} on the chart saying which controller serves the class`,
    },
  ];
}

/**
 * The ALB settings the controller treats as "Exclusive" within an IngressGroup: every Ingress of the group
 * must leave them out or give the same value, or the controller fails the whole group. Typed settings by
 * their option names; the load balancer attributes as one setting (the controller compares the whole
 * annotation); escape-hatch annotations by their keys.
 */
function exclusiveAlbSettings(alb: AlbSpec): Record<string, string> {
  const out: Record<string, string> = { scheme: alb.scheme };
  if (alb.ipAddressType !== undefined) out.ipAddressType = alb.ipAddressType;
  if (alb.loadBalancerName !== undefined) out.loadBalancerName = alb.loadBalancerName;
  const attrs = [`idleTimeout=${alb.idleTimeoutSeconds}s`, `dropInvalidHeaderFields=${alb.dropInvalidHeaderFields}`];
  if (alb.deletionProtection !== undefined) attrs.push(`deletionProtection=${alb.deletionProtection}`);
  if (alb.accessLogs) attrs.push(`accessLogs=s3://${alb.accessLogs.bucket}/${alb.accessLogs.prefix ?? ''}`);
  out['load balancer attributes'] = `{${attrs.join(', ')}}`;
  if (alb.wafv2AclArn !== undefined) out.wafv2AclArn = alb.wafv2AclArn;
  if (alb.sslPolicy !== undefined) out.sslPolicy = alb.sslPolicy;
  if (alb.sslRedirectPort !== undefined) out.sslRedirect = String(alb.sslRedirectPort);
  for (const k of ALB_EXCLUSIVE_ANNOTATIONS)
    if (alb.extraAnnotations[k] !== undefined) out[k] = alb.extraAnnotations[k];
  return out;
}
