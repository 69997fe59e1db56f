import { exactList } from '../lists';
import type { WorkloadSpec } from '../app-spec';
import type { ExposureSpec } from '../exposure/exposure';
import type { Problems } from '../problems';
import type { ControllerPodsProps } from './dataplane-props';
import type { PolicyPeerSpec, PolicyPortSpec } from './dataplane-spec';
import type { FrontTrait } from '../exposure/traits';
import { resolvePort } from '../workload/port-resolution';

/**
 * Where an exposure's traffic enters the app's pods: which peer connects, on which pod ports, with which
 * health checks. Read from the fronts the exposure's kind declares; only the peer depends on the dataplane.
 */
export interface ExposureSource extends Omit<FrontTrait, 'from'> {
  /** The peer the front maps to on this dataplane. */
  readonly from: PolicyPeerSpec;
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
  /** The nodes' CIDRs (Kubernetes NetworkPolicy: forwarding nodes and node ports), if given. */
  readonly nodeCidrs?: readonly string[];
  /** True when the policy lists in-cluster clients (`allowFrom`). */
  readonly hasAllowFrom: boolean;
}

/** Controllers known without configuration (their Helm charts' default namespace and proxy labels). */
export const BUILT_IN_CONTROLLERS: Readonly<Record<string, ControllerPodsProps>> = {
  nginx: {
    namespace: 'ingress-nginx',
    labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
  },
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
    const r = resolvePort(app, n, 'service');
    if (r) out.push({ port: r.containerPort, protocol: r.container.protocol });
  }
  return uniquePorts(out);
}

/**
 * Removes duplicate ports (the same port and protocol, as their text compares them: `NaN` repeats `NaN`), keeping the
 * first occurrence's order. A loop over the few ports found so far, no set of string keys or closure: it runs once or
 * twice per exposure; the list is copied to its length, as specs keep it (`exactList`).
 */
export function uniquePorts(ports: readonly PolicyPortSpec[]): PolicyPortSpec[] {
  const out: PolicyPortSpec[] = [];
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i];
    let seen = false;
    for (let j = 0; j < out.length && !seen; j++)
      seen = samePortText(out[j].port, p.port) && samePortText(out[j].protocol, p.protocol);
    if (!seen) out.push(p);
  }
  return exactList(out);
}

/** Equal as text (`${a}` === `${b}`), without making the text when they are the same value. */
function samePortText(a: unknown, b: unknown): boolean {
  return a === b || String(a) === String(b);
}

/** The peer for a class-based proxy (IngressClass or GatewayClass), or a problem when the class is unknown. */
function controllerPeer(
  className: string | undefined,
  what: string,
  ctx: ExposureSourceContext,
): PolicyPeerSpec | undefined {
  if (className === CILIUM_CLASS) {
    if (ctx.dataplane === 'kubernetes') {
      ctx.problems.add(
        `expose[${ctx.index}]`,
        className,
        `${what} is served by Cilium's Envoy, which has no pod labels a plain NetworkPolicy could select (it is Cilium's \`ingress\` entity)`,
        'use Dataplane.cilium() for this app',
      );
      return undefined;
    }
    return { kind: 'entities', entities: ['ingress'] };
  }
  const c = className !== undefined ? ctx.controllers[className] : undefined;
  if (!c) {
    ctx.problems.add(
      `${ctx.field}.controllers`,
      className,
      `the policy does not know the proxy pods of the class of ${what} (known: ${Object.keys(ctx.controllers).concat(CILIUM_CLASS).sort().join(', ')})`,
      `add \`controllers: { '${className ?? '<class>'}': { namespace: '<controller namespace>', labels: { ... } } }\` to the policy`,
    );
    return undefined;
  }
  return { kind: 'pods', namespace: c.namespace, labels: { ...c.labels } };
}

/** The sources of one exposure, from the fronts its kind declares (`ExposureTraits.fronts`). */
export function exposureSources(exposure: ExposureSpec, ctx: ExposureSourceContext): readonly ExposureSource[] {
  const out: ExposureSource[] = [];
  for (const front of exposure.traits.fronts) {
    const from = peerOf(front, ctx, exposure);
    if (from) out.push({ why: front.why, from, ports: front.ports, healthChecks: front.healthChecks });
  }
  return out;
}

function peerOf(front: FrontTrait, ctx: ExposureSourceContext, exposure: ExposureSpec): PolicyPeerSpec | undefined {
  const src = front.from;
  switch (src.kind) {
    case 'peer':
      return src.peer;
    case 'aws-load-balancer':
      return awsLbPeer(ctx);
    case 'nodes':
      if (ctx.dataplane === 'cilium') return { kind: 'entities', entities: ['host', 'remote-node'] };
      return nodesUnknown(front, ctx, exposure, 'reaches the pods through node ports (instance targets)');
    case 'forwarding-nodes':
      if (ctx.dataplane === 'cilium') return { kind: 'entities', entities: ['remote-node'] };
      return nodesUnknown(front, ctx, exposure, 'is forwarded by other nodes (externalTrafficPolicy Cluster)');
    case 'mesh-clients':
      if (!ctx.hasAllowFrom) {
        ctx.problems.add(
          `${ctx.field}.allowFrom`,
          undefined,
          `expose[${ctx.index}] routes in-mesh clients, which are pods the policy cannot know`,
          "list the client pods in `allowFrom`, e.g. [{ namespace: 'shop' }]",
        );
      }
      return undefined;
    case 'proxy': {
      const className = src.className ?? ctx.parentGatewayClass;
      if (className === undefined) {
        ctx.problems.add(
          `${ctx.field}.parentGatewayClass`,
          undefined,
          `${front.why} attaches to an existing Gateway whose GatewayClass the policy cannot know`,
          "set `parentGatewayClass` (e.g. 'cilium') and, for classes other than cilium, its proxy pods in `controllers`",
        );
        return undefined;
      }
      return controllerPeer(className, src.what, ctx);
    }
  }
}

/**
 * A plain NetworkPolicy cannot admit node addresses it does not know: traffic from another node (or a node port)
 * would be dropped by the default deny. Admitted from `nodeCidrs`, else refused with the ways out (CT-K8S-015).
 */
function nodesUnknown(
  front: FrontTrait,
  ctx: ExposureSourceContext,
  exposure: ExposureSpec,
  how: string,
): PolicyPeerSpec | undefined {
  if (ctx.nodeCidrs && ctx.nodeCidrs.length > 0) return { kind: 'cidrs', cidrs: [...ctx.nodeCidrs] };
  // The clients are `world` (0.0.0.0/0 and ::/0 here): node addresses are admitted with them.
  const world = exposure.traits.fronts.some(
    (f) => f.from.kind === 'peer' && f.from.peer.kind === 'entities' && f.from.peer.entities.includes('world'),
  );
  if (world) return undefined;
  ctx.problems.add(
    `expose[${ctx.index}]`,
    front.why,
    `traffic that ${how} comes from node addresses, which a Kubernetes NetworkPolicy cannot admit (it only knows the clients' CIDRs): it would be dropped`,
    "give the nodes' CIDRs in `nodeCidrs` on Dataplane.kubernetes(), set `externalTrafficPolicy: 'Local'` (and ip targets on AWS) so that the pods see the clients' addresses, or use Dataplane.cilium() (it admits `remote-node`)",
    'CT-K8S-015',
  );
  return undefined;
}
