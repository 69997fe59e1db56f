import type { PolicyPeerSpec, PolicyPortSpec } from '../dataplane/dataplane-spec';
import type { SettingCell, TrafficSetting } from '../traffic/layer-support';
import type { BalancingAlgorithm } from '../traffic/policy';
import type { TargetId } from '../targets/target-table';
import type { ParentRefSpec } from './gateway';
import type { RouteRuleSpec } from './gateway-route';
import { EMPTY_LIST, EMPTY_MAP } from '../freeze';

/**
 * How an exposure divides traffic between the app's versions.
 * - `weight`: by the declared weights, written as integers (`maxTotal` the largest sum the layer takes,
 *   `maxWeight` the largest single weight, `maxBackends` how many versions one rule can name).
 * - `pods`: it sends to the app's Service, which selects the pods of every version: the split follows the pod counts.
 */
export type SplitTrait =
  | {
      readonly by: 'weight';
      readonly maxTotal: number;
      readonly maxWeight: number;
      /** The most versions one weighted rule can name (an ALB forward action: 5 target groups). */
      readonly maxBackends?: number;
      /** The finest step, for messages, e.g. `steps of 0.1%`. */
      readonly precision: string;
    }
  | { readonly by: 'pods' };

/** A split by the declared weights. */
export type WeightSplit = Extract<SplitTrait, { readonly by: 'weight' }>;

/**
 * What connects to the pods on this exposure's behalf: the source a default-deny network policy must admit.
 * - `peer`: a fixed peer (CIDRs, Cilium entities, pods);
 * - `aws-load-balancer`: an AWS load balancer's own addresses (the policy's `awsVpcCidrs`, else `world`);
 * - `proxy`: the proxy pods of an IngressClass or GatewayClass (`className` undefined: the Gateway is not
 *   created here, so the policy's `parentGatewayClass` names it);
 * - `nodes`: node addresses forwarding to node ports (instance targets; Cilium `host` and `remote-node`);
 * - `forwarding-nodes`: another node forwarding a request (externalTrafficPolicy Cluster; Cilium `remote-node`);
 * - `mesh-clients`: in-mesh clients, which only `allowFrom` can name.
 */
export type FrontSource =
  | { readonly kind: 'peer'; readonly peer: PolicyPeerSpec }
  | { readonly kind: 'aws-load-balancer' }
  | {
      readonly kind: 'proxy';
      readonly classKind: 'IngressClass' | 'GatewayClass';
      readonly className?: string;
      readonly what: string;
    }
  | { readonly kind: 'nodes' }
  | { readonly kind: 'forwarding-nodes' }
  | { readonly kind: 'mesh-clients' };

/** A health check a load balancer makes against the pods: the network policy opens exactly this port and path. */
export interface ProbedEndpoint {
  /** The pod port probed. */
  readonly port: number;
  /** The HTTP path requested; undefined for a TCP connect check. */
  readonly path?: string;
  /** Where it comes from: the readiness probe, or an override with its reason. */
  readonly source: 'readiness' | 'override';
}

/** One source in front of the pods, on which pod ports, with the health checks it makes. */
export interface FrontTrait {
  /** Why, for the policy's description, e.g. `expose[0] Ingress "web" (class nginx)`. */
  readonly why: string;
  readonly from: FrontSource;
  readonly ports: readonly PolicyPortSpec[];
  /** The health checks this source makes (load balancers only). */
  readonly healthChecks: readonly ProbedEndpoint[];
}

/** A timeout or protocol setting this layer owns, on the definition field that sets it. */
export interface LayerSetting {
  /** Field path, e.g. `expose[1].targetGroups[0].deregistrationDelaySeconds`. */
  readonly field: string;
  readonly name:
    'idleTimeoutSeconds' | 'deregistrationDelaySeconds' | 'requestTimeoutSeconds' | 'protocolVersion' | 'alpnPolicy';
  readonly value: number | string;
}

/**
 * The timeouts a layer's implementation applies where the written objects set none, with where that is documented:
 * e.g. an ALB's 60 s idle timeout, Envoy Gateway's 15 s route timeout. The streaming chain and the timeout rules read
 * them for every hop the definition leaves at its default. In seconds; absent: no such timeout by default.
 */
export interface ImplementationDefaults {
  /** Whose defaults, for messages: e.g. `AWS ALB`, `Envoy Gateway`. */
  readonly source: string;
  /** The request (route) timeout: a response not complete after it is cut. */
  readonly requestTimeoutSeconds?: number;
  /** The idle timeout of a connection: no byte either way for this long closes it. */
  readonly idleTimeoutSeconds?: number;
  /** The idle timeout of one stream (HTTP/2, gRPC) within a connection. */
  readonly streamIdleTimeoutSeconds?: number;
  /** The upstream documentation of these defaults. */
  readonly see: string;
  /**
   * Where each timeout is set, when not in an object the layer writes (for the fix of a default that cuts), e.g.
   * the cluster's Helm values.
   */
  readonly configuredBy?: { readonly request?: string; readonly idle?: string; readonly 'stream idle'?: string };
}

/** Whether the layer writes a part of the traffic policy; absent where the layer never does. */
export interface PolicySupport {
  readonly written: boolean;
  /** Why not (when `written` is false), and what to do. */
  readonly message?: string;
  readonly fix?: string;
}

/**
 * A named object the exposure writes (or joins), for the checks that span exposures and apps: two writers
 * of one object are a conflict, unless the object is `shared` and their settings agree (one GatewayClass
 * for one controller, an ALB IngressGroup whose exclusive settings match).
 */
export interface WrittenObject {
  /** The object's kind, e.g. `Ingress`, `HTTPRoute`, `Gateway`, `GatewayClass`, `Service`, or a controller's grouping (`ALB IngressGroup`). */
  readonly kind: string;
  /** Undefined for cluster-scoped objects; else the namespace it is written into. */
  readonly namespace?: string;
  readonly name: string;
  /** The definition field that makes it, e.g. `expose[0].gateway`. */
  readonly field: string;
  /** Set when several exposures may declare the object: the settings every declarer must agree on. */
  readonly shared?: { readonly settings: Readonly<Record<string, string>>; readonly fix: string };
  /** What to do when another exposure already writes it (unshared objects). */
  readonly fix?: string;
}

/**
 * Who can open a connection to the exposure:
 * - `internet`: anyone on the internet (an internet-facing load balancer, a public Gateway; also an Ingress or a
 *   Gateway of a controller whose own address the library does not know, the conservative assumption);
 * - `internal`: clients in the private network around the cluster (an internal load balancer, a VPC or VNet
 *   address, an LB IPAM address announced on the local network);
 * - `cluster`: clients inside the cluster only (a mesh's routing).
 */
export type Reach = 'internet' | 'internal' | 'cluster';

/** A host name the exposure serves, with the paths it serves on it. */
export interface ServedHost {
  /** The host name (may start with `*.`); undefined: any host (a rule without a host). */
  readonly host?: string;
  /** The paths (prefixes) served on it; empty: every path. */
  readonly paths: readonly string[];
}

/**
 * A host and path the exposure claims on a listener several exposures share (an Istio ingress Gateway): two claims
 * of different exposures on one listener whose host and path overlap conflict, since the proxy merges their routes in
 * an undefined order.
 */
export interface RouteClaim {
  /** The shared listener, e.g. `Istio Gateway istio-system/public`. */
  readonly listener: string;
  /** The host (`*`: every host; may start with `*.`). */
  readonly host: string;
  /** The path matched (a regex overlaps only an equal regex: the check cannot know more). */
  readonly path: { readonly type: 'exact' | 'prefix' | 'regex'; readonly value: string };
  /** The definition field that claims it. */
  readonly field: string;
}

/** A connection the mesh's own proxies make from the app's pods (to its control plane, to a waypoint). */
export interface MeshConnectionTrait {
  /** Why, for the policy's description, e.g. `expose[0] Istio sidecar to istiod (xDS and certificates)`. */
  readonly why: string;
  readonly to: PolicyPeerSpec;
  /** Never empty. */
  readonly ports: readonly PolicyPortSpec[];
}

/** How the app joins a mesh through this exposure. */
export interface MeshTrait {
  readonly mesh: string;
  /** The Namespace label that puts the namespace in the mesh; undefined: labelled elsewhere. */
  readonly namespaceLabel?: { readonly key: string; readonly value: string };
  /** True when pods get a sidecar proxy (an init container that needs privileges without a CNI plugin). */
  readonly sidecar: boolean;
  /** The definition field that sets it, e.g. `expose[2].injection`. */
  readonly field: string;
  /**
   * The mesh's own authorization of callers, when the kind writes one: the policy target a declared caller's
   * grant names (Linkerd: the `Server`), the pods' port it covers, and whether it admits listed identities only.
   */
  readonly authorization?: {
    readonly targetGroup: string;
    readonly targetKind: string;
    readonly targetName: string;
    /** The pods' port the authorization covers; undefined: every port of the pods. */
    readonly podPort?: number;
    readonly admits: 'any-meshed' | 'listed';
    /**
     * How a declared caller is granted: by reference to the target (a `MeshTLSAuthentication` of the caller's
     * ServiceAccount and an `AuthorizationPolicy` whose `targetRef` names the target: Linkerd), or by principal (an
     * ALLOW `AuthorizationPolicy` of `security.istio.io` with the caller's mTLS principal on the called ports, bound
     * to the target by `targetRefs`, or to the pods by `selector` when set: Istio).
     * @default 'reference'
     */
    readonly grantBy?: 'reference' | 'principal';
    /** `grantBy: 'principal'`: the pods the grant selects (sidecars enforce it); undefined: bound to the target. */
    readonly selector?: Readonly<Record<string, string>>;
  };
  /**
   * What the mesh's own proxies in the app's pods connect to (a sidecar to its control plane): a network policy
   * that restricts the pods' egress admits these.
   * @default none
   */
  readonly egress?: readonly MeshConnectionTrait[];
  /**
   * Where a caller in the same mesh connects when it calls the app, instead of the app's pods (ambient: the
   * waypoint's pods on HBONE): a calling app that restricts egress admits it.
   * @default the app's pods, on the called ports
   */
  readonly reachedThrough?: MeshConnectionTrait;
  /**
   * What a delivery controller that makes the mesh's routing itself carries (Flagger's Canary `service`).
   * @default none: a controller drives this mesh's routing objects as they are written
   */
  readonly delivered?: MeshDeliveryTrait;
}

/**
 * What a delivery controller that makes a mesh's routing itself must carry (`MeshTrait.delivered`), so the routing it
 * makes does what the mesh exposure declares.
 */
export interface MeshDeliveryTrait {
  /**
   * The Service the controller's route attaches to as its parent (`core/Service` and the port: Linkerd's HTTPRoute).
   * @default none: the route has Gateways as parents
   */
  readonly parentService?: { readonly name: string; readonly port: number };
  /**
   * The annotations the mesh reads on that parent (Linkerd's retry and timeout annotations), which the controller
   * carries on the Service it makes there (Flagger's apex Service).
   * @default none
   */
  readonly parentAnnotations?: Readonly<Record<string, string>>;
  /**
   * The gateways the controller's routing binds (an Istio VirtualService's `gateways`, `mesh` first).
   * @default none
   */
  readonly gateways?: readonly string[];
}

/** A plain HTTPRoute as an exposure writes it (`ExposureTraits.httpRoute`). */
export interface HttpRouteTrait {
  /** The route's name. */
  readonly name: string;
  /** Its parents (Gateways or their listeners); a namespace only when it is not the app's. */
  readonly parentRefs: readonly ParentRefSpec[];
  /** Its host names; empty: every host of the listeners. */
  readonly hostnames: readonly string[];
  /** Its rules as resolved (matches, filters, backends with their Service port, timeouts). */
  readonly rules: readonly RouteRuleSpec[];
  /** The route's own labels and annotations (beside the app's). */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/**
 * What an exposure kind does, declared by its resolved spec. Rules, the network policy and the cross-app
 * checks read these, never the kind's name, so a new kind (a cloud's load balancer, a mesh, a user's own)
 * takes part in every check by declaring them.
 */
export interface ExposureTraits {
  /** The layer, for messages: e.g. `ALB Ingress "web"`, `HTTPRoute "web"`, `Terraform NLB "api"`. */
  readonly label: string;
  /** Who can open a connection to it (rules such as "an internet-facing app has one replica" read it). */
  readonly reach: Reach;
  /** The host names and paths it serves; empty: any host and path. The traffic map and `SUMMARY.md` show them. */
  readonly hosts: readonly ServedHost[];
  readonly split: SplitTrait;
  /** Whether it routes `traffic.canaryHeader` to the canary. */
  readonly routesCanaryHeader: boolean;
  /** What connects to the pods. */
  readonly fronts: readonly FrontTrait[];
  /** The timeouts and protocol versions it owns. */
  readonly settings: readonly LayerSetting[];
  /** True when a load balancer registers the pods (or their nodes) and deregisters them on shutdown. */
  readonly loadBalancerTargetsPods: boolean;
  /**
   * True when a load balancer or proxy keeps sending to a pod for a moment after it starts terminating
   * (deregistration, endpoint propagation), so the pod must drain (preStop) before it stops.
   */
  readonly needsDrain: boolean;
  /** True when the layer speaks gRPC to the pods by construction (a GRPCRoute). */
  readonly grpc: boolean;
  /** Whether it writes the traffic policy's retries (absent: it is no layer that retries). */
  readonly retries?: PolicySupport;
  /**
   * The balancing algorithms it writes and where (absent: none; its implementation balances its own way).
   * @default none
   */
  readonly loadBalancing?: { readonly algorithms: readonly BalancingAlgorithm[]; readonly where: string };
  /** Whether it writes the traffic policy's request timeout (absent: it has none). */
  readonly requestTimeout?: PolicySupport;
  /** Labels it needs on the app's Namespace (the pod readiness gate, mesh injection); the chart writes them. */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  /** Annotations it needs on the app's Namespace (Linkerd's injection); the chart writes them. */
  readonly namespaceAnnotations: Readonly<Record<string, string>>;
  /** Annotations it needs on the app's pod templates (a mesh's per-pod injection); the workload writes them. */
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** The named objects it writes or joins. */
  readonly objects: readonly WrittenObject[];
  /** Set when it writes a Service of type LoadBalancer (which the dataplane's Service annotations go on). */
  readonly loadBalancerService?: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
  /**
   * Controllers the output needs installed beyond what its fronts and mesh say (`SUMMARY.md` lists them), e.g.
   * `{ name: 'Traefik', why: 'IngressRoute' }`. With `target` (a key of the targets table, docs/targets.md) the
   * declared target is checked: absent or older than `minVersion` is refused (CT-TARGET-001, CT-TARGET-002).
   * @default none
   */
  readonly requires?: readonly {
    readonly name: string;
    readonly minVersion?: string;
    readonly why: string;
    readonly target?: TargetId;
  }[];
  /**
   * The timeouts its implementation applies where the written objects set none; undefined: not known (an unknown
   * Gateway implementation), so checks that need them ask the user to declare the value.
   * @default undefined
   */
  readonly implementationDefaults?: ImplementationDefaults;
  /** Set when the exposure puts the app in a mesh. */
  readonly mesh?: MeshTrait;
  /**
   * The hosts and paths it claims on shared listeners (checked across apps: overlapping claims conflict).
   * @default none
   */
  readonly claims?: readonly RouteClaim[];
  /**
   * The plain Gateway API HTTPRoute the exposure writes, field by field, so that a controller that makes that route
   * itself carries what it declares (Flagger's Gateway API provider makes the HTTPRoute from its Canary; the library
   * then does not write it: `lib/model/delivery/flagger-route.ts`).
   * @default none: the exposure writes no plain HTTPRoute a controller could make instead
   */
  readonly httpRoute?: HttpRouteTrait;
  /** What the layer does with a traffic setting, where its other traits do not say it (docs/traffic-settings.md). */
  readonly support?: Readonly<Partial<Record<TrafficSetting, SettingCell>>>;
  /** Adjustments worth a warning (a probe setting a load balancer cannot copy, a clamped value), on the field they concern. */
  readonly notes: readonly { readonly id: string; readonly field: string; readonly message: string }[];
}

/** The default split (see `traits`). */
const SPLIT_BY_PODS: SplitTrait = Object.freeze({ by: 'pods' });

/**
 * Defaults for the traits a kind does not have: no split, no sources, nothing owned. `label`, `reach` and `hosts`
 * have no default: every kind says what it is, who can reach it and what it serves.
 *
 * @example
 * traits({ label: 'tunnel "shop.example.com"', reach: 'internet', hosts: [{ host: 'shop.example.com', paths: [] }] })
 */
export function traits(t: Pick<ExposureTraits, 'label' | 'reach' | 'hosts'> & Partial<ExposureTraits>): ExposureTraits {
  // The defaults are frozen values shared by every exposure (the spec that keeps them is frozen anyway), not an empty
  // list or map built per app, most of them replaced by `t` right away and the rest kept by every spec.
  return {
    split: SPLIT_BY_PODS,
    routesCanaryHeader: false,
    fronts: EMPTY_LIST,
    settings: EMPTY_LIST,
    objects: EMPTY_LIST,
    namespaceLabels: EMPTY_MAP,
    namespaceAnnotations: EMPTY_MAP,
    podAnnotations: EMPTY_MAP,
    loadBalancerTargetsPods: false,
    needsDrain: true,
    grpc: false,
    notes: EMPTY_LIST,
    ...t,
  };
}
