import type { WorkloadSpec } from '../app-spec';
import type { ExposureSpec } from '../exposure/exposure';
import { checkDnsLabel, checkDnsSubdomain, checkLabels } from '../kubernetes-syntax';
import { isRe2Pattern } from '../re2-pattern';
import { Problems } from '../problems';
import type {
  AllowFromProps,
  CiliumDataplaneProps,
  ControllerPodsProps,
  EgressRuleProps,
  HttpRuleProps,
  KubernetesDataplaneProps,
  NetworkPolicyProps,
  PolicyEntity,
} from './dataplane-props';
import type {
  DataplaneSpec,
  EgressRuleSpec,
  HttpRuleSpec,
  IngressRuleSpec,
  NetworkPolicySpec,
  PolicyPortSpec,
} from './dataplane-spec';
import { BUILT_IN_CONTROLLERS, exposureSources } from './exposure-sources';
import { hasL7Rules } from './dataplane-layer';
import { wholeSeconds } from '../durations';
import { checkInt } from '../integers';
import type { ProbedEndpoint } from '../exposure/traits';
import { defaultAppPorts, describePort, findContainerPort, portTraffic } from './http-ports';
import { parseCidr } from '../ip';
import { findPort } from '../workload/port-resolution';
import { CiliumServiceSpec, NO_CILIUM_SERVICE, resolveCiliumService } from './cilium-service';
import { meshEgress } from './mesh-traffic';
import { policyPods } from '../delivery/primary-pods';

/** What a dataplane resolves against: the workload and its resolved exposures. */
export type DataplaneInput = WorkloadSpec & { readonly exposures: readonly ExposureSpec[] };

/** The app's dataplane: how its pods are protected (and, with Cilium, how its LoadBalancer Services are served). */
export interface IDataplane {
  readonly kind: 'cilium' | 'kubernetes';
  /** Resolves and checks the options against the app; problems go to `problems` under `field`. */
  resolve(problems: Problems, field: string, app: DataplaneInput): DataplaneSpec;
}

const ENTITIES: readonly PolicyEntity[] = ['world', 'cluster', 'host', 'remote-node', 'ingress', 'kube-apiserver'];
const DNS_DEFAULT_LABELS = { 'k8s-app': 'kube-dns' };

/**
 * The app's dataplane. With `Dataplane.cilium()` the app gets a `CiliumNetworkPolicy` (L3/L4 plus an
 * optional L7 HTTP allow-list) and Cilium's Service annotations; with `Dataplane.kubernetes()` a plain
 * `networking.k8s.io/v1` NetworkPolicy with the same intent, for clusters without Cilium.
 *
 * ```ts
 * dataplane: Dataplane.cilium({
 *   l7: [{ method: 'GET', path: '/v1/models' }, { method: 'POST', path: '/v1/chat/completions' }],
 *   service: { ips: ['192.168.10.240'], forwardingMode: 'dsr' },
 * })
 * ```
 *
 * Ingress is denied by default and allowed only from the path each exposure actually has (controller
 * pods, Cilium's `ingress` identity, load balancer source ranges or `world`), on the app's ports;
 * egress only to the cluster DNS and the declared destinations.
 */
export class Dataplane implements IDataplane {
  /**
   * Cilium: a CiliumNetworkPolicy (`cilium.io/v2`), optional L7 rules, Service annotations.
   * @example
   * Dataplane.cilium({
   *   policy: { allowFrom: [{ namespace: 'chat', labels: { 'app.kubernetes.io/name': 'chat-frontend' }, ports: ['http'] }] },
   * });
   */
  static cilium(props: CiliumDataplaneProps = {}): Dataplane {
    return new Dataplane('cilium', props);
  }

  /**
   * Any CNI that enforces NetworkPolicy: a `networking.k8s.io/v1` NetworkPolicy (L3/L4 only).
   * @example
   * Dataplane.kubernetes(); // the app's ingress and egress as a Kubernetes NetworkPolicy
   */
  static kubernetes(props: KubernetesDataplaneProps = {}): Dataplane {
    return new Dataplane('kubernetes', props);
  }

  private constructor(
    /** Which policy API the app gets. */
    public readonly kind: 'cilium' | 'kubernetes',
    /** The options as written. */
    public readonly props: CiliumDataplaneProps | KubernetesDataplaneProps,
  ) {}

  resolve(problems: Problems, field: string, app: DataplaneInput): DataplaneSpec {
    return resolveDataplane(this.kind, this.props, problems, field, app);
  }
}

/** Resolves a dataplane definition (pure). */
export function resolveDataplane(
  kind: 'cilium' | 'kubernetes',
  props: CiliumDataplaneProps | KubernetesDataplaneProps,
  problems: Problems,
  field: string,
  app: DataplaneInput,
): DataplaneSpec {
  let policyProps: NetworkPolicyProps | undefined;
  let policyField: string;
  let l7: readonly HttpRuleProps[] | undefined;
  let service: CiliumServiceSpec = NO_CILIUM_SERVICE;
  if (kind === 'cilium') {
    const c = props as CiliumDataplaneProps;
    policyProps = c.policy === false ? undefined : (c.policy ?? {});
    policyField = `${field}.policy`;
    l7 = c.l7;
    if (l7 !== undefined && !policyProps)
      problems.add(
        `${field}.l7`,
        l7,
        'L7 rules are part of the network policy, which is switched off (`policy: false`)',
        'remove `l7`, or the `policy: false`',
      );
    service = resolveCiliumService(problems, `${field}.service`, c.service);
    if (c.service !== undefined && !app.exposures.some((e) => e.traits.loadBalancerService !== undefined)) {
      problems.add(
        `${field}.service`,
        c.service,
        'Cilium reads these annotations on LoadBalancer Services, and the app has none',
        'add a LoadBalancer Service exposure to `expose`, or remove `service`',
      );
    }
  } else {
    policyProps = props as KubernetesDataplaneProps;
    policyField = field;
    // Guards for callers that bypass the types (JavaScript, casts).
    const loose = props as Record<string, unknown>;
    if (loose.l7 !== undefined)
      problems.add(
        `${field}.l7`,
        loose.l7,
        'a plain Kubernetes NetworkPolicy has no L7 (HTTP) rules',
        'use Dataplane.cilium({ l7 }) on a cluster running Cilium, or remove `l7`',
      );
    if (loose.service !== undefined)
      problems.add(
        `${field}.service`,
        loose.service,
        'Service annotations are read by Cilium only',
        'use Dataplane.cilium({ service }), or remove `service`',
      );
    if (loose.policy !== undefined)
      problems.add(
        `${field}.policy`,
        loose.policy,
        'Dataplane.kubernetes() takes the policy options directly',
        'move the options out of `policy`: Dataplane.kubernetes({ allowFrom, egress, ... })',
      );
  }
  const policy = policyProps
    ? resolvePolicy(kind, policyProps, l7 ?? [], problems, policyField, `${field}.l7`, app)
    : undefined;
  const proxy = kind === 'cilium' ? resolveProxy(problems, field, (props as CiliumDataplaneProps).proxy, policy) : {};
  return { kind, ...(policy ? { policy } : {}), service, ...proxy };
}

/** The declared settings of the cluster's L7 policy proxy: only where L7 rules put it in the path. */
function resolveProxy(
  problems: Problems,
  field: string,
  proxy: CiliumDataplaneProps['proxy'],
  policy: NetworkPolicySpec | undefined,
): Pick<DataplaneSpec, 'proxy'> {
  if (proxy === undefined) return {};
  if (!policy || !hasL7Rules(policy)) {
    problems.add(
      `${field}.proxy`,
      proxy,
      'describes the L7 policy proxy, which only L7 rules put in the path, and the policy has none',
      'remove `proxy`, or add the L7 rules (`l7`, `allowFrom[].l7`) that send the requests through it',
    );
    return {};
  }
  const s = wholeSeconds(problems, `${field}.proxy.streamIdleTimeout`, proxy.streamIdleTimeout, -1, {
    min: 1,
    max: 86400,
  });
  const r = proxy.retries === undefined ? -1 : checkInt(problems, `${field}.proxy.retries`, proxy.retries, -1, 0, 10);
  const declared = { ...(s >= 0 ? { streamIdleTimeoutSeconds: s } : {}), ...(r >= 0 ? { retries: r } : {}) };
  return Object.keys(declared).length > 0 ? { proxy: declared } : {};
}

function resolvePolicy(
  kind: 'cilium' | 'kubernetes',
  p: NetworkPolicyProps,
  l7: readonly HttpRuleProps[],
  problems: Problems,
  field: string,
  l7Field: string,
  app: DataplaneInput,
): NetworkPolicySpec {
  const f = (n: string) => `${field}.${n}`;
  const name = p.name ?? app.name;
  if (p.name !== undefined) checkDnsSubdomain(problems, f('name'), p.name);

  const controllers = resolveControllers(p, problems, f('controllers'));
  const awsVpcCidrs = p.awsVpcCidrs === undefined ? undefined : checkCidrs(problems, f('awsVpcCidrs'), p.awsVpcCidrs);
  const nodeCidrs = p.nodeCidrs === undefined ? undefined : checkCidrs(problems, f('nodeCidrs'), p.nodeCidrs);
  if (p.parentGatewayClass !== undefined) checkDnsSubdomain(problems, f('parentGatewayClass'), p.parentGatewayClass);

  const ingress: IngressDraft[] = [];
  if (p.fromExposures ?? true) {
    app.exposures.forEach((e, index) => {
      const sources = exposureSources(e, {
        app,
        dataplane: kind,
        problems,
        field,
        index,
        controllers,
        parentGatewayClass: p.parentGatewayClass ?? (kind === 'cilium' ? 'cilium' : undefined),
        awsVpcCidrs,
        nodeCidrs,
        hasAllowFrom: (p.allowFrom ?? []).length > 0,
      });
      for (const s of sources) if (s.ports.length > 0) ingress.push(s);
    });
  }
  if (p.allowFrom !== undefined && p.allowFrom.length === 0) {
    problems.add(
      f('allowFrom'),
      p.allowFrom,
      'an empty list allows no client',
      'leave `allowFrom` out, or list clients, e.g. [{ namespace: "shop", labels: { app: "checkout" } }]',
    );
  }
  (p.allowFrom ?? []).forEach((a, i) => {
    const r = resolveAllowFrom(kind, problems, `${f('allowFrom')}[${i}]`, a, app);
    if (r) ingress.push(r);
  });

  // The dataplane's l7 applies to every source without its own; an allowFrom entry's l7 to that entry only.
  const shared = ingress.filter((r) => r.l7 === undefined);
  if (kind === 'cilium' && l7.length > 0 && shared.length === 0 && ingress.length > 0) {
    problems.add(
      l7Field,
      l7,
      'applies to no traffic source: every allowFrom entry has its own l7 and there is no exposure path',
      "remove `l7`, or the entries' own l7",
    );
  }
  const http =
    shared.length > 0 ? resolveL7(kind, l7, problems, l7Field, shared, app, true) : new Map<number, HttpRuleSpec[]>();
  const ingressRules: IngressRuleSpec[] = ingress.map(({ l7: own, l7Field: ownField, healthChecks: _checks, ...r }) => {
    const rules =
      own !== undefined && ownField !== undefined ? resolveL7(kind, own, problems, ownField, [r], app, false) : http;
    const byPort: Record<number, readonly HttpRuleSpec[]> = {};
    for (const port of r.ports) if (rules.has(port.port)) byPort[port.port] = rules.get(port.port) ?? [];
    return { ...r, http: byPort };
  });

  const restricted = resolveEgress(kind, p, problems, field, app.namespace);
  const egress = restricted ? [...restricted, ...meshEgress(app.exposures)] : undefined;
  // With Flagger, the primary pods too (their selector label renamed): the policy guards every pod of the app.
  const pods = policyPods(app);
  return {
    name,
    namespace: app.namespace,
    selector: pods.labels,
    ...(pods.expressions ? { selectorExpressions: pods.expressions } : {}),
    labels: { ...app.labels },
    annotations: { ...app.annotations },
    ingress: ingressRules,
    ...(egress ? { egress } : {}),
  };
}

/** The proxy pods of each Ingress / Gateway controller: the built-in ones and the policy's own. */
function resolveControllers(
  p: NetworkPolicyProps,
  problems: Problems,
  field: string,
): Record<string, ControllerPodsProps> {
  const controllers: Record<string, ControllerPodsProps> = { ...BUILT_IN_CONTROLLERS };
  for (const [cls, c] of Object.entries(p.controllers ?? {})) {
    const cf = `${field}.${cls}`;
    checkDnsLabel(problems, `${cf}.namespace`, c.namespace);
    checkLabels(problems, `${cf}.labels`, c.labels);
    if (Object.keys(c.labels ?? {}).length === 0)
      problems.add(
        `${cf}.labels`,
        c.labels,
        "empty labels select every pod of the controller's namespace",
        'give the labels of the proxy pods, e.g. { "app.kubernetes.io/name": "ingress-nginx" }',
      );
    controllers[cls] = { namespace: c.namespace, labels: { ...(c.labels ?? {}) } };
  }
  return controllers;
}

function checkCidrs(problems: Problems, field: string, cidrs: readonly string[]): string[] {
  if (cidrs.length === 0)
    problems.add(
      field,
      cidrs,
      'an empty list allows no address',
      'list the CIDRs, e.g. ["10.0.0.0/16"], or leave it out',
    );
  cidrs.forEach((c, i) => {
    const parsed = parseCidr(c);
    if (!parsed.ok)
      problems.add(
        `${field}[${i}]`,
        c,
        `is not a CIDR: it ${parsed.reason}`,
        'write address/prefix, e.g. "10.0.0.0/16"',
      );
    else if (parsed.hostBitsSet)
      problems.add(`${field}[${i}]`, c, 'has host bits set', 'use the network address of the block');
  });
  return [...cidrs];
}

/** An ingress rule before its L7 rules are resolved; `l7` is an allowFrom entry's own allow-list. */
interface IngressDraft {
  readonly why: string;
  readonly from: IngressRuleSpec['from'];
  readonly ports: readonly PolicyPortSpec[];
  readonly l7?: readonly HttpRuleProps[];
  readonly l7Field?: string;
  /** The health checks this source makes (load balancers). */
  readonly healthChecks?: readonly ProbedEndpoint[];
}

function resolveAllowFrom(
  kind: 'cilium' | 'kubernetes',
  problems: Problems,
  field: string,
  a: AllowFromProps,
  app: DataplaneInput,
): IngressDraft | undefined {
  const labels = a.labels ?? {};
  if (a.namespace === undefined && Object.keys(labels).length === 0) {
    problems.add(
      field,
      a,
      "an entry with neither namespace nor labels allows every pod of the app's namespace",
      `name the clients: labels (e.g. { labels: { app: "checkout" } }), or the whole namespace explicitly ({ namespace: "${app.namespace}" })`,
    );
    return undefined;
  }
  if (a.namespace !== undefined) checkDnsLabel(problems, `${field}.namespace`, a.namespace);
  checkLabels(problems, `${field}.labels`, a.labels);
  let ports: PolicyPortSpec[];
  if (a.ports === undefined) ports = defaultAppPorts(app);
  else {
    if (a.ports.length === 0)
      problems.add(
        `${field}.ports`,
        a.ports,
        'an empty list allows no port',
        'leave `ports` out for every Service port, or list ports',
      );
    ports = [];
    a.ports.forEach((ref, j) => {
      const cp = findContainerPort(app, ref);
      if (!cp)
        problems.add(
          `${field}.ports[${j}]`,
          ref,
          `is not a port of the app (container ports: ${app.container.ports.map(describePort).join(', ') || 'none'})`,
          'name a container port by name or number',
        );
      else if (!findPort(ports, cp.port, cp.protocol)) ports.push({ port: cp.port, protocol: cp.protocol });
    });
  }
  const ns = a.namespace ?? app.namespace;
  const who =
    Object.keys(labels).length > 0
      ? `${ns}/${Object.entries(labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}`
      : `namespace ${ns}`;
  let l7: readonly HttpRuleProps[] | undefined;
  if (a.l7 !== undefined) {
    if (kind === 'kubernetes')
      problems.add(
        `${field}.l7`,
        a.l7,
        'a plain Kubernetes NetworkPolicy has no L7 (HTTP) rules',
        'use Dataplane.cilium() on a cluster running Cilium, or remove `l7`',
      );
    else if (a.l7.length === 0)
      problems.add(
        `${field}.l7`,
        a.l7,
        'an empty list is ambiguous (no request allowed, or no L7 check?)',
        "leave `l7` out to apply the dataplane's l7 to this client, or list the requests it may make",
      );
    else l7 = a.l7;
  }
  return ports.length > 0
    ? {
        why: `allowFrom ${who}`,
        from: { kind: 'pods', namespace: ns, labels: { ...labels } },
        ports,
        ...(l7 ? { l7, l7Field: `${field}.l7` } : {}),
      }
    : undefined;
}

const METHOD = /^[A-Z|().*?+[\]]+$/;

function resolveL7(
  kind: 'cilium' | 'kubernetes',
  l7: readonly HttpRuleProps[],
  problems: Problems,
  field: string,
  ingress: readonly { ports: readonly PolicyPortSpec[]; healthChecks?: readonly ProbedEndpoint[] }[],
  app: DataplaneInput,
  /** The dataplane's own list: load balancers copy the readiness probe, so its path stays open. */
  shared: boolean,
): Map<number, HttpRuleSpec[]> {
  const out = new Map<number, HttpRuleSpec[]>();
  if (kind !== 'cilium' || l7.length === 0) return out;
  const reached = new Set(ingress.flatMap((r) => r.ports.filter((p) => p.protocol === 'TCP').map((p) => p.port)));
  const httpReached = app.container.ports
    .filter((cp) => reached.has(cp.port) && cp.protocol === 'TCP' && portTraffic(cp, app) === 'http')
    .map((cp) => cp.port);
  l7.forEach((r, i) => {
    const rf = `${field}[${i}]`;
    checkL7Rule(problems, rf, r);
    const ports = l7RulePorts(problems, rf, r, app, reached, httpReached, shared);
    if (ports === undefined) return;
    for (const port of ports) {
      const list = out.get(port) ?? [];
      list.push({
        ...(r.method !== undefined ? { method: r.method } : {}),
        ...(r.path !== undefined ? { path: r.path } : {}),
      });
      out.set(port, list);
    }
  });
  // The load balancers' health checks (as resolved: the readiness probe's, or an override's): keep their paths open.
  for (const hc of ingress.flatMap((r) => r.healthChecks ?? [])) {
    const list = out.get(hc.port);
    if (!list || hc.path === undefined) continue;
    const path = escapeRegex(hc.path.split('?')[0]);
    if (!list.some((x) => x.method === 'GET' && x.path === path)) list.push({ method: 'GET', path });
  }
  return out;
}

/** An L7 rule's method and path: at least one of them, upper-case methods, paths from `/`, RE2 patterns. */
function checkL7Rule(problems: Problems, rf: string, r: HttpRuleProps): void {
  if (r.method === undefined && r.path === undefined) {
    problems.add(
      rf,
      r,
      'a rule with neither method nor path allows every request, which makes the allow-list pointless',
      'give a method and/or a path, or remove `l7`',
    );
  }
  if (r.method !== undefined && (!METHOD.test(r.method) || !compiles(r.method))) {
    problems.add(
      `${rf}.method`,
      r.method,
      'is not an upper-case method or method regex',
      'use e.g. "GET" or "GET|HEAD"',
    );
  }
  if (r.path !== undefined && (!r.path.startsWith('/') || !compiles(r.path))) {
    problems.add(
      `${rf}.path`,
      r.path,
      'must be a regex starting with "/" (Cilium matches it against the whole path)',
      'use e.g. "/v1/.*"',
    );
  }
}

/** The container ports an L7 rule applies to: its own port (plain HTTP, reached), or every reached HTTP port. */
function l7RulePorts(
  problems: Problems,
  rf: string,
  r: HttpRuleProps,
  app: DataplaneInput,
  reached: ReadonlySet<number>,
  httpReached: readonly number[],
  shared: boolean,
): readonly number[] | undefined {
  if (r.port !== undefined) {
    const cp = findContainerPort(app, r.port);
    if (!cp) {
      problems.add(
        `${rf}.port`,
        r.port,
        `is not a port of the app (container ports: ${app.container.ports.map(describePort).join(', ') || 'none'})`,
        'name a container port that serves HTTP',
      );
      return undefined;
    }
    const t = portTraffic(cp, app);
    if (t !== 'http') {
      const why =
        t === 'tls'
          ? "carries TLS, which Cilium's proxy cannot read without TLS interception"
          : t === 'other'
            ? `is not an HTTP port (${cp.protocol}${cp.appProtocol ? `, appProtocol ${cp.appProtocol}` : ''})`
            : 'is not known to serve HTTP';
      problems.add(
        `${rf}.port`,
        r.port,
        `port ${describePort(cp)} ${why}, so HTTP rules cannot apply to it`,
        t === 'unknown'
          ? "set `appProtocol: 'http'` on the container port if it serves plain HTTP, or name it http-*"
          : 'apply L7 rules to a plain HTTP port, or remove the rule',
      );
      return undefined;
    }
    if (!reached.has(cp.port)) {
      if (shared)
        problems.add(
          `${rf}.port`,
          r.port,
          `port ${describePort(cp)} is reached by no exposure or allowFrom entry, so the rule would never apply`,
          'expose the port, or apply the rule to a port that is reached',
        );
      else
        problems.add(
          `${rf}.port`,
          r.port,
          `port ${describePort(cp)} is not among the ports this allowFrom entry reaches, so the rule would never apply`,
          "add the port to the entry's `ports`, or apply the rule to one of them",
        );
      return undefined;
    }
    return [cp.port];
  } else {
    if (httpReached.length === 0) {
      problems.add(
        rf,
        r,
        `the ports that traffic reaches (${[...reached].join(', ') || 'none'}) include no plain HTTP port, so HTTP rules cannot apply`,
        "set `appProtocol: 'http'` on the HTTP container port, or remove `l7`",
      );
      return undefined;
    }
    return httpReached;
  }
}

/** Cilium's agent and Envoy compile L7 patterns as RE2. */
function compiles(re: string): boolean {
  return isRe2Pattern(re);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function resolveEgress(
  kind: 'cilium' | 'kubernetes',
  p: NetworkPolicyProps,
  problems: Problems,
  field: string,
  namespace: string,
): EgressRuleSpec[] | undefined {
  const f = (n: string) => `${field}.${n}`;
  if (p.restrictEgress === false) {
    if (p.egress !== undefined)
      problems.add(
        f('egress'),
        p.egress,
        'egress rules do nothing while `restrictEgress` is false (all egress is open)',
        'remove `egress`, or `restrictEgress: false`',
      );
    return undefined;
  }
  const out: EgressRuleSpec[] = [];
  const dnsVisibility = p.dns !== false && kind === 'cilium' && (p.dns?.visibility ?? true);
  if (p.dns !== false) {
    const d = p.dns ?? {};
    if (d.namespace !== undefined) checkDnsLabel(problems, f('dns.namespace'), d.namespace);
    checkLabels(problems, f('dns.labels'), d.labels);
    if (d.labels !== undefined && Object.keys(d.labels).length === 0)
      problems.add(
        f('dns.labels'),
        d.labels,
        'empty labels select every pod of the DNS namespace',
        'leave it out for { "k8s-app": "kube-dns" }',
      );
    if (kind === 'kubernetes' && d.visibility)
      problems.add(
        f('dns.visibility'),
        d.visibility,
        'DNS visibility is a Cilium L7 rule; a plain NetworkPolicy has none',
        'remove `visibility`, or use Dataplane.cilium()',
      );
    out.push({
      why: 'cluster DNS',
      to: { kind: 'pods', namespace: d.namespace ?? 'kube-system', labels: { ...(d.labels ?? DNS_DEFAULT_LABELS) } },
      ports: [
        { port: 53, protocol: 'UDP' },
        { port: 53, protocol: 'TCP' },
      ],
      dnsVisibility,
    });
  }
  (p.egress ?? []).forEach((e, i) => {
    const r = resolveEgressRule(kind, e, problems, `${f('egress')}[${i}]`, dnsVisibility, namespace);
    if (r) out.push(r);
  });
  return out;
}

function resolveEgressRule(
  kind: 'cilium' | 'kubernetes',
  e: EgressRuleProps,
  problems: Problems,
  field: string,
  dnsVisibility: boolean,
  namespace: string,
): EgressRuleSpec | undefined {
  const given = (['toPods', 'toCidrs', 'toFqdns', 'toEntities'] as const).filter((k) => e[k] !== undefined);
  if (given.length !== 1) {
    problems.add(
      field,
      e,
      given.length === 0 ? 'names no destination' : `names ${given.join(' and ')}; a rule has one kind of destination`,
      'give exactly one of toPods, toCidrs, toFqdns, toEntities (one rule each)',
    );
    return undefined;
  }
  const ports = egressPorts(problems, field, e.ports);
  if (e.toPods) return toPodsRule(problems, field, e.toPods, ports, namespace);
  if (e.toCidrs)
    return {
      why: 'egress to CIDRs',
      to: { kind: 'cidrs', cidrs: checkCidrs(problems, `${field}.toCidrs`, e.toCidrs) },
      ports,
      dnsVisibility: false,
    };
  if (e.toFqdns) return toFqdnsRule(kind, problems, field, e.toFqdns, ports, dnsVisibility);
  return toEntitiesRule(kind, problems, field, e.toEntities ?? [], ports);
}

/** An egress rule's ports (every port when left out). */
function egressPorts(problems: Problems, field: string, given: EgressRuleProps['ports']): PolicyPortSpec[] {
  const ports: PolicyPortSpec[] = (given ?? []).map((pp, j) => {
    if (!Number.isInteger(pp.port) || pp.port < 1 || pp.port > 65535)
      problems.add(`${field}.ports[${j}].port`, pp.port, 'must be a port from 1 to 65535', 'use e.g. 443');
    const protocol = pp.protocol ?? 'TCP';
    if (!['TCP', 'UDP', 'SCTP'].includes(protocol))
      problems.add(`${field}.ports[${j}].protocol`, pp.protocol, 'must be TCP, UDP or SCTP', "use 'TCP'");
    return { port: pp.port, protocol };
  });
  if (given !== undefined && given.length === 0)
    problems.add(
      `${field}.ports`,
      given,
      'an empty list allows no port',
      'leave `ports` out for every port, or list them',
    );
  return ports;
}

/** Egress to pods: a namespace or labels, never every pod of the app's namespace by omission. */
function toPodsRule(
  problems: Problems,
  field: string,
  toPods: NonNullable<EgressRuleProps['toPods']>,
  ports: PolicyPortSpec[],
  namespace: string,
): EgressRuleSpec | undefined {
  const labels = toPods.labels ?? {};
  if (toPods.namespace === undefined && Object.keys(labels).length === 0) {
    problems.add(
      `${field}.toPods`,
      toPods,
      "neither namespace nor labels: this would allow every pod of the app's namespace",
      "give the destination pods' labels, or the namespace explicitly",
    );
    return undefined;
  }
  if (toPods.namespace !== undefined) checkDnsLabel(problems, `${field}.toPods.namespace`, toPods.namespace);
  checkLabels(problems, `${field}.toPods.labels`, labels);
  return {
    why: `egress to pods in ${toPods.namespace ?? namespace}`,
    to: { kind: 'pods', namespace: toPods.namespace ?? namespace, labels: { ...labels } },
    ports,
    dnsVisibility: false,
  };
}

/** Egress to DNS names (Cilium only, learnt through the DNS rule's visibility). */
function toFqdnsRule(
  kind: 'cilium' | 'kubernetes',
  problems: Problems,
  field: string,
  toFqdns: readonly string[],
  ports: PolicyPortSpec[],
  dnsVisibility: boolean,
): EgressRuleSpec {
  if (kind === 'kubernetes')
    problems.add(
      `${field}.toFqdns`,
      toFqdns,
      'DNS-name destinations are a Cilium feature; a plain NetworkPolicy matches addresses only',
      'use toCidrs, or Dataplane.cilium()',
    );
  else if (!dnsVisibility)
    problems.add(
      `${field}.toFqdns`,
      toFqdns,
      "Cilium learns the names' addresses from DNS answers, which it sees only through the DNS rule",
      'keep `dns.visibility` on (the default)',
    );
  if (toFqdns.length === 0)
    problems.add(
      `${field}.toFqdns`,
      toFqdns,
      'an empty list allows no destination',
      'list the names, e.g. ["api.example.com"]',
    );
  toFqdns.forEach((n, j) => {
    if (!/^(\*\.)?[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?(\.[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?)*\.?$/.test(n))
      problems.add(
        `${field}.toFqdns[${j}]`,
        n,
        'is not a DNS name (lower-case, `*` wildcards allowed)',
        'use e.g. "api.example.com" or "*.example.com"',
      );
  });
  return { why: 'egress to DNS names', to: { kind: 'fqdns', names: [...toFqdns] }, ports, dnsVisibility: false };
}

/** Egress to Cilium entities (only 'world' for a plain NetworkPolicy). */
function toEntitiesRule(
  kind: 'cilium' | 'kubernetes',
  problems: Problems,
  field: string,
  toEntities: NonNullable<EgressRuleProps['toEntities']>,
  ports: PolicyPortSpec[],
): EgressRuleSpec {
  const entities = [...toEntities];
  if (entities.length === 0)
    problems.add(
      `${field}.toEntities`,
      entities,
      'an empty list allows no destination',
      "list entities, e.g. ['kube-apiserver']",
    );
  entities.forEach((en, j) => {
    if (!ENTITIES.includes(en))
      problems.add(
        `${field}.toEntities[${j}]`,
        en,
        `is not an entity (${ENTITIES.join(', ')})`,
        "use e.g. 'kube-apiserver'",
      );
    else if (kind === 'kubernetes' && en !== 'world')
      problems.add(
        `${field}.toEntities[${j}]`,
        en,
        'is a Cilium identity a plain NetworkPolicy cannot name',
        "use toCidrs or toPods, or Dataplane.cilium() ('world' is allowed: 0.0.0.0/0 and ::/0)",
      );
  });
  return { why: `egress to ${entities.join(', ')}`, to: { kind: 'entities', entities }, ports, dnsVisibility: false };
}
