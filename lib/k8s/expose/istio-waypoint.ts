import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import {
  ISTIO_HBONE_PORT,
  ISTIO_USE_WAYPOINT_LABEL,
  ISTIO_WAYPOINT_CLASS,
  ISTIO_WAYPOINT_FOR_LABEL,
} from '../../model/exposure/istio-ambient';
import type { IstioMeshSpec } from '../../model/exposure/istio-mesh';
import { gatewayRetry, seconds } from '../formats';
import { Gateway, HttpRoute, HttpRouteSpecRules } from '../imports/gateway-api';
import * as experimental from '../imports/gateway-api-experimental';
import { AppWorkload } from '../workload/app-workload';
import { GATEWAY_API_CHANNEL_ANNOTATION } from './app-gateway-route';
import { nonEmpty } from '../api-object';
import { serviceParent, serviceRouteRules } from './service-route-rules';
import { firstInChart } from './written-once';
import { targetHas } from '../../model/targets/targets-spec';

/** Props of `IstioWaypointRouting`. */
export interface IstioWaypointRoutingProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved mesh exposure with its Gateway API route (`mesh.gatewayApi` set: ambient, or `routing: 'gateway-api'`). */
  readonly mesh: IstioMeshSpec;
}

/**
 * An app in Istio ambient mode with its L7 traffic policy applied by a waypoint, or with sidecars and
 * `routing: 'gateway-api'` (no VirtualService, no DestinationRule):
 *
 * - in ambient mode the waypoint, a `gateway.networking.k8s.io/v1` Gateway of class `istio-waypoint` labelled
 *   `istio.io/waypoint-for: service`, listener `mesh` on the HBONE port 15008 (what `istioctl waypoint generate`
 *   writes), once per chart and namespace;
 * - in ambient mode `istio.io/use-waypoint: <waypoint>` on the app's Service, so traffic addressed to it goes through the waypoint;
 * - an HTTPRoute parented by the Service (GAMMA): the canary header rule, the per-version Services with the same
 *   integer weights as the other layers, the request timeout (`timeouts`) and, with the experimental channel, `retry`.
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/
 * @see https://istio.io/latest/docs/ambient/usage/l7-features/
 */
export class IstioWaypointRouting extends Construct {
  /** The waypoint, when this app is the first of the chart to declare it. */
  readonly waypoint?: Gateway;
  readonly route: HttpRoute | experimental.HttpRoute;

  constructor(scope: Construct, id: string, props: IstioWaypointRoutingProps) {
    super(scope, id);
    const { app, mesh } = props;
    const { waypoint, route } = mesh.gatewayApi!;
    if (waypoint && firstInChart(this, `Gateway/${waypoint.namespace}/${waypoint.name}`)) {
      this.waypoint = new Gateway(this, 'waypoint', {
        metadata: {
          name: waypoint.name,
          namespace: waypoint.namespace,
          labels: { ...app.labels, [ISTIO_WAYPOINT_FOR_LABEL]: 'service' },
        },
        spec: {
          gatewayClassName: ISTIO_WAYPOINT_CLASS,
          listeners: [{ name: 'mesh', port: ISTIO_HBONE_PORT, protocol: 'HBONE' }],
        },
      });
    }
    const service = scope.node.tryFindChild('workload');
    if (waypoint && service instanceof AppWorkload)
      service.service?.metadata.addLabel(ISTIO_USE_WAYPOINT_LABEL, waypoint.name);

    const t = app.traffic;
    const perTry = t.retry?.perTryTimeoutSeconds;
    const timeouts: HttpRouteSpecRules['timeouts'] =
      t.requestTimeoutSeconds !== undefined || perTry !== undefined
        ? {
            request: t.requestTimeoutSeconds !== undefined ? seconds(t.requestTimeoutSeconds) : '0s',
            backendRequest: perTry !== undefined ? seconds(perTry) : undefined,
          }
        : undefined;
    const rules = serviceRouteRules(app, mesh.backends, route.canaryBackend, timeouts ? { timeouts } : {});
    const retry = gatewayRetry(app);
    // The experimental channel's field, unless the targets' Gateway API has `retry` in the standard channel (1.7).
    const experimentalRetry = retry !== undefined && !targetHas(app.targets, 'httpRouteRetryStandard');
    const metadata = {
      name: route.name,
      namespace: app.namespace,
      labels: { ...app.labels },
      annotations: nonEmpty({
        ...app.annotations,
        ...(experimentalRetry ? { [GATEWAY_API_CHANNEL_ANNOTATION]: 'experimental' } : {}),
      }),
    };
    const parentRefs = [serviceParent(route.serviceName, mesh.port)];
    this.route = retry
      ? new experimental.HttpRoute(this, 'route', {
          metadata,
          spec: {
            parentRefs,
            rules: rules.map((r) => ({ ...(r as experimental.HttpRouteSpecRules), retry })),
          },
        })
      : new HttpRoute(this, 'route', { metadata, spec: { parentRefs, rules } });
  }
}
