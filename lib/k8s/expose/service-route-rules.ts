import type { AppSpec } from '../../model/app-spec';
import { GATEWAY_API_SPLIT } from '../../model/exposure/gateway-route';
import { writtenWeights } from '../../model/traffic/weights';
import { HttpRouteSpecRules, HttpRouteSpecRulesMatchesHeadersType } from '../imports/gateway-api';

/** One backend of a mesh route: a Service (a version's, or the app's) with its declared share in percent. */
export interface ServiceRouteBackend {
  readonly serviceName: string;
  readonly port: number;
  readonly share: number;
  /** A delivery controller moves its weight: written even at 0. */
  readonly driven?: boolean;
}

/**
 * The rules of a mesh route parented by the app's Service (GAMMA), as Linkerd and Istio (waypoints) read them: the
 * canary header rule first (when `traffic.canaryHeader` is set and there is a canary), then the weighted rule with
 * the integer weights of the declared shares within `GATEWAY_API_SPLIT` (0.5% -> 995/5; a backend with weight 0 is
 * left out, unless Argo Rollouts moves the route: its canary Service starts at 0; a single backend gets no weight). `extra` adds fields to every rule (timeouts, for Istio).
 * @see https://gateway-api.sigs.k8s.io/mesh/
 */
export function serviceRouteRules(
  app: AppSpec,
  backends: readonly ServiceRouteBackend[],
  canaryBackend: ServiceRouteBackend | undefined,
  extra: Partial<HttpRouteSpecRules> = {},
): HttpRouteSpecRules[] {
  const ref = (b: ServiceRouteBackend, weight?: number) => ({
    name: b.serviceName,
    port: b.port,
    ...(weight !== undefined ? { weight } : {}),
  });
  const rules: HttpRouteSpecRules[] = [];
  const h = app.traffic.canaryHeader;
  if (h && canaryBackend) {
    rules.push({
      matches: [{ headers: [{ type: HttpRouteSpecRulesMatchesHeadersType.EXACT, name: h.name, value: h.value }] }],
      backendRefs: [ref(canaryBackend)],
      ...extra,
    });
  }
  const weights = writtenWeights(
    backends.map((b) => b.share),
    GATEWAY_API_SPLIT,
  );
  // A route Argo Rollouts moves keeps its canary Service at weight 0 (the plugin raises the weight of a backendRef).
  const weighted = backends.map((b, i) => ({ b, weight: weights[i] })).filter((x) => x.weight > 0 || x.b.driven);
  rules.push({ backendRefs: weighted.map((x) => ref(x.b, weighted.length > 1 ? x.weight : undefined)), ...extra });
  return rules;
}

/** The parentRef of a mesh route: the app's Service (core group) and port. */
export function serviceParent(
  serviceName: string,
  port: number,
): { group: string; kind: string; name: string; port: number } {
  return { group: 'core', kind: 'Service', name: serviceName, port };
}
