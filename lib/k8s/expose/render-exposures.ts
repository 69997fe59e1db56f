import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { GatewayRouteSpec } from '../../model/exposure/gateway-route';
import type { IngressExposureSpec } from '../../model/exposure/ingress';
import type { LoadBalancerServiceSpec } from '../../model/exposure/load-balancer-service';
import { Problems } from '../../model/problems';
import type { TrafficChart } from '../traffic-chart';
import { AppGatewayRoute } from './app-gateway-route';
import { AppIngress } from './app-ingress';
import { AppLoadBalancerService } from './app-load-balancer-service';
import { checkExposureConflicts } from './exposure-conflicts';

const checked = new WeakSet<TrafficChart>();

/**
 * Renders an app's Ingresses, Gateway API routes and NLB Services (the exposures of kinds `ingress`,
 * `gateway-http-route`, `gateway-grpc-route` and `service-lb`). Before the chart's first app, checks the
 * exposures of all its apps together (names, shared ALB groups) and reports every conflict at once.
 */
export function renderExposures(scope: Construct, app: AppSpec, chart: TrafficChart): void {
  if (!checked.has(chart)) {
    checked.add(chart);
    const found = checkExposureConflicts(chart.specs);
    if (found.length > 0) {
      const problems = new Problems();
      for (const c of found) problems.add(c.problem.field, c.problem.value, c.problem.message, c.problem.fix, c.problem.ruleId);
      throw problems.toError(chart.node.path, found.map((c) => `${chart.node.path}/${chart.specs[c.app].name}`));
    }
  }
  app.exposures.forEach((e, i) => {
    const id = `expose-${i}`;
    if (e.kind === 'ingress') new AppIngress(scope, id, { app, spec: e as IngressExposureSpec });
    else if (e.kind === 'gateway-http-route' || e.kind === 'gateway-grpc-route') new AppGatewayRoute(scope, id, { app, spec: e as GatewayRouteSpec });
    else if (e.kind === 'service-lb') new AppLoadBalancerService(scope, id, { app, spec: e as LoadBalancerServiceSpec });
  });
}
