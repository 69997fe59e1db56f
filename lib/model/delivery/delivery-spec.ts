import type { WrittenObject } from '../exposure/traits';
import type { ParentRefSpec } from '../exposure/gateway';
import type { HttpFilterSpec, RouteMatchSpec } from '../exposure/gateway-route';
import type { ServicePortSpec } from '../workload/ports';
import type { ScrapedLayerSpec } from '../observe/observe-spec';

/** One resolved step. */
export interface DeliveryStepSpec {
  /** The canary's weight in percent (1-100). */
  readonly weight: number;
  /** The pause after the weight, in seconds; undefined: no timed pause. */
  readonly pauseSeconds?: number;
  /** A pause until promoted by hand. */
  readonly manual: boolean;
  /** An analysis step after the weight (Argo Rollouts). */
  readonly analysis: boolean;
}

/** The resolved analysis: the objective measured on one layer's request metrics. */
export interface DeliveryAnalysisSpec {
  readonly prometheusAddress: string;
  readonly intervalSeconds: number;
  readonly failureLimit: number;
  /** Argo Rollouts: a background analysis from the first step. */
  readonly background: boolean;
  /** The layer whose request metrics are queried (the first scraped layer with request metrics). */
  readonly layer: ScrapedLayerSpec['layer'];
  /** The objective's error budget as a ratio (1 - availability / 100), when it has an availability. */
  readonly maxErrorRatio?: number;
  /** The objective's latency: the quantile (0-1) and its threshold in seconds. */
  readonly latency?: { readonly quantile: number; readonly thresholdSeconds: number };
  /** The comparison with the stable version: the margins the canary may exceed the stable's results by. */
  readonly versusStable?: { readonly errorRatioMargin?: number; readonly latencyMarginSeconds?: number };
  /** The name of the AnalysisTemplate (Argo Rollouts) or the prefix of the MetricTemplates (Flagger). */
  readonly name: string;
}

/** An object of the delivery: written by the library, or made and owned by the controller. */
export interface DeliveryObject extends WrittenObject {
  /** Who writes it: the library (`library`) or the controller at run time (`controller`). */
  readonly owner: 'library' | 'controller';
  /** The library writes it at its starting values and the controller changes it (weights, selectors). */
  readonly driven?: string;
}

/**
 * Flagger over a plain Gateway API route: the HTTPRoute Flagger makes from the Canary (`provider: gatewayapi:v1`), with
 * what the app's route declares carried into the Canary's `service` (`lib/model/delivery/flagger-route.ts`).
 */
export interface FlaggerRouteSpec {
  /** The route's name: Flagger names it after the apex Service. */
  readonly name: string;
  /** `service.gatewayRefs`: the route's parents. */
  readonly parentRefs: readonly ParentRefSpec[];
  /** `service.hosts`: the route's host names. */
  readonly hostnames: readonly string[];
  /** `service.match`: the matches of the route's rules, joined into Flagger's one rule; empty: every request. */
  readonly matches: readonly RouteMatchSpec[];
  /** `service.headers` and `service.rewrite`: the rules' filters (the same on every rule). */
  readonly filters: readonly HttpFilterSpec[];
  /** `service.port` (`portName`, `targetPort`): the Service port every rule sends to. */
  readonly servicePort?: ServicePortSpec;
  /** `service.timeout` (undefined: none, written `0s` as the route would be). */
  readonly requestTimeoutSeconds?: number;
  /** `service.backendTimeout`. */
  readonly backendRequestTimeoutSeconds?: number;
  /** `service.apex`: the route's own labels and annotations (Flagger puts them on its HTTPRoute and apex Service). */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The resolved delivery (`AppSpec.delivery`). */
export interface DeliverySpec {
  readonly controller: 'argo-rollouts' | 'flagger';
  /** `Argo Rollouts` or `Flagger`, for messages and the summary. */
  readonly controllerLabel: string;
  readonly steps: readonly DeliveryStepSpec[];
  readonly promoteAfterLastStep: boolean;
  readonly analysis?: DeliveryAnalysisSpec;
  /** What moves the traffic. */
  readonly router: 'gateway-api' | 'istio' | 'linkerd' | 'alb' | 'replicas';
  /** The field of the exposure the controller drives (undefined: replica-based). */
  readonly routerField?: string;
  /** The index in the app's exposures of the exposure the controller drives (with `routerField`). */
  readonly routerIndex?: number;
  /** The Rollout's or Canary's name (the stable Deployment's). */
  readonly name: string;
  /** Argo Rollouts: the Services that select the stable and the canary pods (the routes send to them). */
  readonly services?: { readonly stable: string; readonly canary: string };
  /**
   * The routing objects of the router's exposure the controller changes at run time (Gateway API: HTTPRoutes;
   * Istio: the VirtualService's weights and the DestinationRule's subset labels), with the fields it changes.
   */
  readonly routes: readonly {
    readonly kind: string;
    readonly namespace: string;
    readonly name: string;
    readonly driven: string;
    /** How the library writes it, for the summary (e.g. `at weights 100/0`). */
    readonly written: string;
  }[];
  /**
   * Argo Rollouts with an ALB Ingress (`trafficRouting.alb`): the Ingress, the Service port its forward action
   * splits, the root Service its paths name (the app's Service, with the port `use-annotation`: Argo writes the
   * action `alb.ingress.kubernetes.io/actions.<rootService>`), and whether the ALB targets node ports (the stable and
   * canary Services are then NodePort).
   */
  readonly alb?: {
    readonly ingress: string;
    readonly servicePort: number;
    readonly rootService: string;
    readonly nodePorts: boolean;
  };
  /** Flagger over a Gateway API route: the HTTPRoute it makes, from the route's fields. */
  readonly gatewayRoute?: FlaggerRouteSpec;
  /** Argo Rollouts with Istio: the DestinationRule subsets of the stable and the canary pods. */
  readonly subsets?: { readonly stable: string; readonly canary: string };
  /** Every object of the delivery and its owner (the object-conflict check and the summary read it). */
  readonly objects: readonly DeliveryObject[];
  /** Objects an exposure would write that the controller makes instead: the library leaves them out. */
  readonly yielded: readonly { readonly kind: string; readonly name: string }[];
}
