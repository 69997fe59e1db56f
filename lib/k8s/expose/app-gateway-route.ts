import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { GatewayRouteSpec } from '../../model/exposure/gateway-route';
import { gatewayRetry } from '../../model/traffic/gateway-route';
import { exposureMetadata } from './exposure-object';
import { Gateway, GatewayClass, GatewaySpecListenersAllowedRoutesNamespacesFrom, GrpcRoute, HttpRoute, HttpRouteProps } from '../imports/gateway-api';
import * as experimental from '../imports/gateway-api-experimental';
import { buildGrpcRouteRules, buildHttpRouteRules, HttpRouteRuleExtension } from './route-rules';

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
      if (g.controllerName) {
        new GatewayClass(this, 'gateway-class', {
          metadata: { name: g.className, labels: { ...app.labels } },
          spec: { controllerName: g.controllerName },
        });
      }
      new Gateway(this, 'gateway', {
        metadata: meta(g.name),
        spec: {
          gatewayClassName: g.className,
          listeners: g.listeners.map((l) => ({
            name: l.name, protocol: l.protocol, port: l.port, hostname: l.hostname,
            tls: l.protocol === 'HTTPS' ? { certificateRefs: l.certificateSecrets.map((s) => ({ kind: 'Secret', name: s })) } : undefined,
            allowedRoutes: { namespaces: { from: g.allowedRoutesFrom === 'All' ? GatewaySpecListenersAllowedRoutesNamespacesFrom.ALL : GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME } },
          })),
        },
      });
    }
    const parentRefs = spec.parentRefs.map((p) => ({ name: p.name, namespace: p.namespace, sectionName: p.sectionName }));
    const hostnames = spec.hostnames.length > 0 ? [...spec.hostnames] : undefined;
    if (spec.protocol === 'grpc') {
      new GrpcRoute(this, 'route', { metadata: meta(spec.name), spec: { parentRefs, hostnames, rules: buildGrpcRouteRules(spec) } });
      return;
    }
    const exp = app.traffic.gatewayApiChannel === 'experimental';
    const rules = buildHttpRouteRules(app, spec, { extensions: props.httpRuleExtensions });
    const routeProps: HttpRouteProps = { metadata: meta(spec.name), spec: { parentRefs, hostnames, rules } };
    if (exp) {
      // Same shape plus the fields only the experimental channel has: the traffic policy's retries.
      const retry = gatewayRetry(app.traffic);
      const expRules = rules.map((r): experimental.HttpRouteSpecRules => ({
        ...(r as unknown as experimental.HttpRouteSpecRules),
        retry: retry && r.backendRefs ? { attempts: retry.attempts, codes: retry.codes } : undefined,
      }));
      new experimental.HttpRoute(this, 'route', { ...(routeProps as unknown as experimental.HttpRouteProps), spec: { parentRefs, hostnames, rules: expRules } });
    } else {
      new HttpRoute(this, 'route', routeProps);
    }
  }
}
