import type { WorkloadSpec } from '../app-spec';
import type { ExposureSpec } from '../exposure/exposure';
import type { Problems } from '../problems';
import type { ControllerPodsProps } from './dataplane-props';
import type { PolicyPeerSpec, PolicyPortSpec } from './dataplane-spec';

/**
 * Where an exposure's traffic enters the app's pods: which peer connects, on which pod ports.
 *
 * Each exposure kind has one small mapper in `EXPOSURE_SOURCES`; an exposure kind added later
 * registers its own with `registerExposureSource(kind, mapper)` (next to its exposure class). A kind
 * without a mapper is reported as a problem rather than silently denied.
 */
export interface ExposureSource {
  /** Why, for the policy's description, e.g. `ingress "web" (class nginx)`. */
  readonly why: string;
  readonly from: PolicyPeerSpec;
  readonly ports: readonly PolicyPortSpec[];
}

/** What a mapper gets besides the exposure. */
export interface ExposureSourceContext {
  readonly app: WorkloadSpec;
  readonly dataplane: 'cilium' | 'kubernetes';
  readonly problems: Problems;
  /** The problem field of the policy, e.g. `dataplane.policy`. */
  readonly field: string;
  /** The exposure's index in `expose`. */
  readonly index: number;
  /** Controller pods by IngressClass / GatewayClass name (built-ins merged with the user's). */
  readonly controllers: Readonly<Record<string, ControllerPodsProps>>;
  readonly parentGatewayClass?: string;
  /** The VPC CIDRs AWS load balancers connect from, or undefined for `world`. */
  readonly awsVpcCidrs?: readonly string[];
  /** True when the policy lists in-cluster clients (`allowFrom`). */
  readonly hasAllowFrom: boolean;
}

/** Maps one resolved exposure to its sources (report problems through `ctx.problems`). */
export type ExposureSourceMapper = (exposure: ExposureSpec, ctx: ExposureSourceContext) => readonly ExposureSource[];

/** Controllers known without configuration (their Helm charts' default namespace and proxy labels). */
export const BUILT_IN_CONTROLLERS: Readonly<Record<string, ControllerPodsProps>> = {
  nginx: { namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } },
  traefik: { namespace: 'traefik', labels: { 'app.kubernetes.io/name': 'traefik' } },
};

/** The class served by Cilium's own Envoy (Ingress and Gateway API): its traffic carries the `ingress` identity. */
export const CILIUM_CLASS = 'cilium';

const WORLD: PolicyPeerSpec = { kind: 'entities', entities: ['world'] };

/** The peer of the AWS load balancer's own addresses (ALB, or NLB without client IP preservation). */
function awsLbPeer(ctx: ExposureSourceContext): PolicyPeerSpec {
  return ctx.awsVpcCidrs ? { kind: 'cidrs', cidrs: ctx.awsVpcCidrs } : WORLD;
}

/** The container ports behind Service port numbers (the policy sees pod ports). */
export function podPortsOfServicePorts(app: WorkloadSpec, servicePorts: readonly number[]): PolicyPortSpec[] {
  const out: PolicyPortSpec[] = [];
  for (const n of servicePorts) {
    const sp = app.service?.ports.find((p) => p.port === n);
    if (sp) out.push({ port: sp.target.port, protocol: sp.target.protocol });
  }
  return uniquePorts(out);
}

/** Removes duplicate ports, keeping the first occurrence's order. */
export function uniquePorts(ports: readonly PolicyPortSpec[]): PolicyPortSpec[] {
  const seen = new Set<string>();
  return ports.filter((p) => {
    const k = `${p.port}/${p.protocol}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The peer for a class-based proxy (IngressClass or GatewayClass), or a problem when the class is unknown. */
function controllerPeer(className: string | undefined, what: string, ctx: ExposureSourceContext): PolicyPeerSpec | undefined {
  if (className === CILIUM_CLASS) {
    if (ctx.dataplane === 'kubernetes') {
      ctx.problems.add(`expose[${ctx.index}]`, className, `${what} is served by Cilium's Envoy, which has no pod labels a plain NetworkPolicy could select (it is Cilium's \`ingress\` entity)`, 'use Dataplane.cilium() for this app');
      return undefined;
    }
    return { kind: 'entities', entities: ['ingress'] };
  }
  const c = className !== undefined ? ctx.controllers[className] : undefined;
  if (!c) {
    ctx.problems.add(`${ctx.field}.controllers`, className, `the policy does not know the proxy pods of the class of ${what} (known: ${Object.keys(ctx.controllers).concat(CILIUM_CLASS).sort().join(', ')})`, `add \`controllers: { '${className ?? '<class>'}': { namespace: '<controller namespace>', labels: { ... } } }\` to the policy`);
    return undefined;
  }
  return { kind: 'pods', namespace: c.namespace, labels: { ...c.labels } };
}

interface IngressView extends ExposureSpec {
  readonly name: string;
  readonly className: string;
  readonly rules: readonly { readonly paths: readonly { readonly backend: { readonly targetPort: number } }[] }[];
  readonly defaultBackend?: { readonly targetPort: number };
  readonly alb?: { readonly targetType: 'ip' | 'instance' };
}

interface RouteView extends ExposureSpec {
  readonly name: string;
  readonly gateway?: { readonly className: string; readonly name: string };
  readonly rules: readonly { readonly backends: readonly { readonly port: number }[] }[];
}

interface ServiceLbView extends ExposureSpec {
  readonly name: string;
  readonly ports: readonly { readonly target: { readonly port: number; readonly protocol: PolicyPortSpec['protocol'] } }[];
  readonly targetType?: 'ip' | 'instance';
  readonly sourceRanges: readonly string[];
  readonly annotations: Readonly<Record<string, string>>;
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
}

interface TerraformLbView extends ExposureSpec {
  readonly loadBalancerName: string;
  readonly type: 'application' | 'network';
  readonly targetGroups: readonly { readonly port: number }[];
}

const ingressSources: ExposureSourceMapper = (e, ctx) => {
  const ing = e as IngressView;
  const ports = uniquePorts([
    ...ing.rules.flatMap((r) => r.paths.map((p) => ({ port: p.backend.targetPort, protocol: 'TCP' as const }))),
    ...(ing.defaultBackend ? [{ port: ing.defaultBackend.targetPort, protocol: 'TCP' as const }] : []),
  ]);
  const why = `expose[${ctx.index}] Ingress "${ing.name}" (class ${ing.className})`;
  if (ing.alb) {
    // ip targets: the ALB's own addresses connect to the pods; instance targets: node ports, forwarded by the nodes.
    const peers: PolicyPeerSpec[] = [awsLbPeer(ctx)];
    if (ing.alb.targetType === 'instance' && ctx.dataplane === 'cilium') peers.push({ kind: 'entities', entities: ['host', 'remote-node'] });
    return peers.map((from) => ({ why, from, ports }));
  }
  const from = controllerPeer(ing.className, `Ingress "${ing.name}"`, ctx);
  return from ? [{ why, from, ports }] : [];
};

const routeSources: ExposureSourceMapper = (e, ctx) => {
  const r = e as RouteView;
  const ports = podPortsOfServicePorts(ctx.app, r.rules.flatMap((rule) => rule.backends.map((b) => b.port)));
  const className = r.gateway?.className ?? ctx.parentGatewayClass;
  const why = `expose[${ctx.index}] ${e.kind === 'gateway-grpc-route' ? 'GRPCRoute' : 'HTTPRoute'} "${r.name}" (GatewayClass ${className ?? 'unknown'})`;
  if (className === undefined) {
    ctx.problems.add(`${ctx.field}.parentGatewayClass`, undefined, `the route of expose[${ctx.index}] attaches to an existing Gateway whose GatewayClass the policy cannot know`, "set `parentGatewayClass` (e.g. 'cilium') and, for classes other than cilium, its proxy pods in `controllers`");
    return [];
  }
  const from = controllerPeer(className, `the Gateway of route "${r.name}"`, ctx);
  return from ? [{ why, from, ports }] : [];
};

const serviceLbSources: ExposureSourceMapper = (e, ctx) => {
  const s = e as ServiceLbView;
  const ports = uniquePorts(s.ports.map((p) => ({ port: p.target.port, protocol: p.target.protocol })));
  const why = `expose[${ctx.index}] LoadBalancer Service "${s.name}"`;
  const aws = Object.keys(s.annotations).some((k) => k.startsWith('service.beta.kubernetes.io/aws-load-balancer-'));
  const ranges: PolicyPeerSpec = s.sourceRanges.length > 0 ? { kind: 'cidrs', cidrs: s.sourceRanges } : WORLD;
  if (aws) {
    // NLB: ip targets see the NLB's addresses unless client IP preservation is on; instance targets keep client IPs.
    const attrs = s.annotations['service.beta.kubernetes.io/aws-load-balancer-target-group-attributes'] ?? '';
    const preserve = s.targetType === 'instance' || /preserve_client_ip\.enabled=true/.test(attrs);
    return [{ why, from: preserve ? ranges : awsLbPeer(ctx), ports }];
  }
  // Off-cloud (Cilium LB IPAM, MetalLB): client addresses arrive as they are when the node that receives the
  // request runs the chosen backend. With externalTrafficPolicy Cluster the node may forward it to another
  // node instead, and in native routing Cilium then gives it the remote-node identity (Cilium's policy
  // caveat "Security Identity for N/S Service Traffic"): allow that too, on the same ports.
  const forwarded = ctx.dataplane === 'cilium' && s.externalTrafficPolicy !== 'Local'
    ? [{ why: `${why}, forwarded by another node (externalTrafficPolicy Cluster)`, from: { kind: 'entities', entities: ['remote-node'] } as PolicyPeerSpec, ports }]
    : [];
  return [{ why, from: ranges, ports }, ...forwarded];
};

const terraformLbSources: ExposureSourceMapper = (e, ctx) => {
  const t = e as TerraformLbView;
  const ports = uniquePorts(t.targetGroups.map((g) => ({ port: g.port, protocol: 'TCP' as const })));
  // TargetGroupBinding ip targets: ALBs connect from their own addresses; NLB TCP/TLS target groups of ip
  // type do not preserve client IPs by default.
  return [{ why: `expose[${ctx.index}] Terraform ${t.type === 'application' ? 'ALB' : 'NLB'} "${t.loadBalancerName}"`, from: awsLbPeer(ctx), ports }];
};

const meshSources: ExposureSourceMapper = (_e, ctx) => {
  if (ctx.hasAllowFrom) return [];
  ctx.problems.add(`${ctx.field}.allowFrom`, undefined, `expose[${ctx.index}] routes in-mesh clients, which are pods the policy cannot know`, "list the client pods in `allowFrom`, e.g. [{ namespace: 'shop' }]");
  return [];
};

const MAPPERS = new Map<string, ExposureSourceMapper>([
  ['ingress', ingressSources],
  ['gateway-http-route', routeSources],
  ['gateway-grpc-route', routeSources],
  ['service-lb', serviceLbSources],
  ['service-lb-ipam', serviceLbSources],
  ['terraform-lb', terraformLbSources],
  ['istio-mesh', meshSources],
]);

/**
 * Registers the source mapper of an exposure kind (replacing an existing one). Call it at module load,
 * next to the exposure class, so every policy resolved afterwards knows the kind.
 */
export function registerExposureSource(kind: string, mapper: ExposureSourceMapper): void {
  MAPPERS.set(kind, mapper);
}

/** The kinds with a mapper. */
export function knownExposureKinds(): string[] {
  return [...MAPPERS.keys()].sort();
}

/** The sources of one exposure; a problem (and none) when its kind has no mapper. */
export function exposureSources(exposure: ExposureSpec, ctx: ExposureSourceContext): readonly ExposureSource[] {
  const mapper = MAPPERS.get(exposure.kind);
  if (!mapper) {
    ctx.problems.add(`${ctx.field}.fromExposures`, exposure.kind, `expose[${ctx.index}] is of a kind the policy cannot map to a traffic source (known: ${knownExposureKinds().join(', ')}), so its traffic would be denied`, 'allow its source with `allowFrom`, set `fromExposures: false`, or register a mapper with registerExposureSource()');
    return [];
  }
  return mapper(exposure, ctx);
}
