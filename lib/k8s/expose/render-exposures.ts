import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { GatewayRouteSpec } from '../../model/exposure/gateway-route';
import type { IngressExposureSpec } from '../../model/exposure/ingress';
import type { LoadBalancerServiceSpec } from '../../model/exposure/load-balancer-service';
import { AppGatewayRoute } from './app-gateway-route';
import { AppIngress } from './app-ingress';
import { AppLoadBalancerService } from './app-load-balancer-service';
import { exposureId } from '../app-objects';

/**
 * Renders an app's Ingresses, Gateway API routes and NLB Services (the exposures of kinds `ingress`,
 * `gateway-http-route`, `gateway-grpc-route` and `service-lb`). Conflicts between exposures were checked
 * with the chart's other problems (`checkApps`).
 */
export function renderExposures(scope: Construct, app: AppSpec): void {
  app.exposures.forEach((e) => {
    // By kind and name, not by position: ids (and patches on them) survive a reordered `expose`.
    const id = exposureId(app, e);
    if (e.kind === 'ingress') new AppIngress(scope, id, { app, spec: e as IngressExposureSpec });
    else if (e.kind === 'gateway-http-route' || e.kind === 'gateway-grpc-route') new AppGatewayRoute(scope, id, { app, spec: e as GatewayRouteSpec });
    else if (e.kind === 'service-lb') new AppLoadBalancerService(scope, id, { app, spec: e as LoadBalancerServiceSpec });
  });
}
