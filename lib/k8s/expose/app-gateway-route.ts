import { nonEmpty } from '../api-object';
import { ApiObjectMetadata, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { GatewayRouteSpec } from '../../model/exposure/gateway-route';
import { gatewayRetry } from '../formats';
import { exposureMetadata } from './exposure-object';
import { EnvoyGatewayPolicies } from './envoy-gateway-policies';
import { experimentalRule } from './experimental-route-rules';
import {
  Gateway,
  GatewayClass,
  GatewaySpecListenersAllowedRoutes,
  GatewaySpecListenersAllowedRoutesNamespacesFrom,
  GrpcRoute,
  HttpRoute,
  HttpRouteProps,
} from '../imports/gateway-api';
import * as experimental from '../imports/gateway-api-experimental';
import { buildGrpcRouteRules, buildHttpRouteRules, HttpRouteRuleExtension } from './route-rules';
import { httpRouteRetryWritten } from '../../model/targets/written-for-targets';
import { targetHas } from '../../model/targets/targets-spec';

/**
 * The annotation a Gateway API route written with experimental-channel fields carries (value `experimental`):
 * a cluster with the standard-channel CRDs rejects it (strict decoding: unknown field), so the object says
 * which CRDs it needs. Routes without such fields carry none: they fit either channel.
 */
export const GATEWAY_API_CHANNEL_ANNOTATION = 'cdk-traffic.io/gateway-api-channel';

/** Props of `AppGatewayRoute`. */
export interface AppGatewayRouteProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved route. */
  readonly spec: GatewayRouteSpec;
  /**
   * Extensions of the HTTPRoute rules (e.g. retries, experimental channel).
   * @default none
   */
  readonly httpRuleExtensions?: readonly HttpRouteRuleExtension[];
}

/**
 * An app's Gateway API route (HTTPRoute or GRPCRoute, gateway.networking.k8s.io/v1), with the Gateway and
 * GatewayClass when the route brings its own. Standard channel classes by default; with
 * `traffic.gatewayApiChannel: 'experimental'` HTTPRoutes are written with the experimental CRD classes so
 * experimental-only rule fields (added by extensions) are kept.
 */
export class AppGatewayRoute extends Construct {
  constructor(scope: Construct, id: string, props: AppGatewayRouteProps) {
    super(scope, id);
    const { app, spec } = props;
    const meta = (name: string): ApiObjectMetadata => exposureMetadata(app, spec, {}, name);
    const g = spec.gateway;
    if (g) {
      if (g.controllerName && writesGatewayClass(this, g.className, g.controllerName)) {
        new GatewayClass(this, 'gateway-class', {
          metadata: { name: g.className, labels: { ...app.labels }, annotations: nonEmpty({ ...app.annotations }) },
          spec: { controllerName: g.controllerName },
        });
      }
      new Gateway(this, 'gateway', {
        metadata: meta(g.name),
        spec: {
          gatewayClassName: g.className,
          listeners: g.listeners.map((l) => ({
            name: l.name,
            protocol: l.protocol,
            port: l.port,
            hostname: l.hostname,
            tls:
              l.protocol === 'HTTPS'
                ? { certificateRefs: l.certificateSecrets.map((s) => ({ kind: 'Secret', name: s })) }
                : undefined,
            allowedRoutes: allowedRoutes(g.allowedRoutesFrom),
          })),
        },
      });
    }
    const parentRefs = spec.parentRefs.map((p) => ({
      name: p.name,
      namespace: p.namespace,
      sectionName: p.sectionName,
    }));
    const hostnames = spec.hostnames.length > 0 ? [...spec.hostnames] : undefined;
    if (spec.implementation === 'envoy-gateway') new EnvoyGatewayPolicies(this, 'envoy-gateway', { app, spec });
    if (spec.protocol === 'grpc') {
      new GrpcRoute(this, 'route', {
        metadata: meta(spec.name),
        spec: { parentRefs, hostnames, rules: buildGrpcRouteRules(spec) },
      });
      return;
    }
    // The experimental classes carry `retry`; from Gateway API 1.7 it is a standard field (no channel annotation).
    const exp = app.traffic.gatewayApiChannel === 'experimental' || httpRouteRetryWritten(app);
    const rules = buildHttpRouteRules(app, spec, { extensions: props.httpRuleExtensions });
    const routeProps: HttpRouteProps = { metadata: meta(spec.name), spec: { parentRefs, hostnames, rules } };
    if (exp) {
      // Same shape plus the fields only the experimental channel has: the traffic policy's retries.
      const retry = gatewayRetry(app);
      const expRules = rules.map((r): experimental.HttpRouteSpecRules => ({
        ...experimentalRule(r),
        retry: retry && r.backendRefs ? { attempts: retry.attempts, codes: retry.codes } : undefined,
      }));
      const usesExperimental =
        expRules.some((r) => r.retry !== undefined) && !targetHas(app.targets, 'httpRouteRetryStandard');
      const metadata = usesExperimental
        ? exposureMetadata(app, spec, { [GATEWAY_API_CHANNEL_ANNOTATION]: 'experimental' }, spec.name)
        : routeProps.metadata;
      new experimental.HttpRoute(this, 'route', {
        metadata,
        spec: { parentRefs, hostnames, rules: expRules },
      });
    } else {
      new HttpRoute(this, 'route', routeProps);
    }
  }
}

/** A Gateway listener's `allowedRoutes`: routes of the Gateway's namespace (`Same`) or of every namespace (`All`). */
export function allowedRoutes(from: 'Same' | 'All'): GatewaySpecListenersAllowedRoutes {
  return {
    namespaces: {
      from:
        from === 'All'
          ? GatewaySpecListenersAllowedRoutesNamespacesFrom.ALL
          : GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME,
    },
  };
}

/**
 * The GatewayClasses a chart has written so far (class name -> controllerName), held by a construct of the
 * chart (it writes no object), so the record lives and ends with its chart.
 */
class WrittenGatewayClasses extends Construct {
  static of(chart: Chart): Map<string, string> {
    const found = chart.node.tryFindChild(WRITTEN_CLASSES_ID);
    return (found instanceof WrittenGatewayClasses ? found : new WrittenGatewayClasses(chart, WRITTEN_CLASSES_ID))
      .classes;
  }

  readonly classes = new Map<string, string>();
}

const WRITTEN_CLASSES_ID = 'cdk-traffic-gateway-classes';

/**
 * True for the first route of a chart that creates the (cluster-scoped) GatewayClass `className`: the class
 * is written once per chart, whichever apps and routes create it. The chart's checks (`checkExposureConflicts`)
 * report the same class with another controller first; a renderer used outside `TrafficChart` gets an error.
 */
export function writesGatewayClass(scope: Construct, className: string, controllerName: string): boolean {
  const classes = WrittenGatewayClasses.of(Chart.of(scope));
  const prev = classes.get(className);
  if (prev === undefined) {
    classes.set(className, controllerName);
    return true;
  }
  if (prev !== controllerName) {
    throw new Error(
      `${scope.node.path}: the GatewayClass "${className}" is written in this chart with controllerName "${prev}" already, not "${controllerName}"`,
    );
  }
  return false;
}
