import type { Construct } from 'constructs';
import type { Problems } from '../../model/problems';
import type { AppSpec } from '../../model/app-spec';
import type { ExposureSpec } from '../../model/exposure/exposure';
import type { GatewayRouteSpec } from '../../model/exposure/gateway-route';
import type { IngressExposureSpec } from '../../model/exposure/ingress';
import type { IstioMeshSpec } from '../../model/exposure/istio-mesh';
import type { LbIpamServiceSpec } from '../../model/exposure/lb-ipam-service';
import type { CloudLoadBalancerServiceSpec } from '../../model/exposure/cloud-load-balancer-service';
import type { NlbServiceSpec } from '../../model/aws/nlb-service';
import type { TerraformLoadBalancerSpec } from '../../model/aws/terraform-load-balancer';
import { TargetGroupBindings } from '../aws/target-group-bindings';
import { checkAlbIngressAnnotations } from '../aws/alb-ingress-annotations';
import { checkNlbServiceAnnotations } from '../aws/nlb-service-annotations';
import { checkCiliumAnnotationKeys } from '../dataplane/cilium-service-annotations';
import { AppGatewayRoute } from './app-gateway-route';
import { AppIngress } from './app-ingress';
import { AppNlbService } from '../aws/nlb-service';
import { IstioRouting } from './istio-routing';
import { IstioWaypointRouting } from './istio-waypoint';
import { IstioAuthorization } from './istio-authorization';
import { IstioIngressRouting } from './istio-ingress';
import type { IstioIngressSpec } from '../../model/exposure/istio-ingress';
import { LinkerdMeshObjects } from './linkerd-mesh';
import type { LinkerdMeshSpec } from '../../model/exposure/linkerd-mesh';
import { AppLbIpamService } from './lb-ipam-service';
import { AppCloudLoadBalancerService } from './cloud-load-balancer-service';
import { checkCloudServiceAnnotations } from './cloud-load-balancer-service-check';
import type { AgcRouteSpec } from '../../model/azure/agc-route';
import { AppAgcRoute } from '../azure/agc-route';
import type { GkeRouteSpec } from '../../model/gcp/gke-gateway-route';
import { AppGkeGatewayRoute } from '../gcp/gke-gateway-route';
import type { AwsGatewayRouteSpec } from '../../model/aws/aws-gateway-route';
import { AppAwsGatewayRoute } from '../aws/aws-gateway-route';
import type { GkeIngressSpec } from '../../model/gcp/gke-ingress';
import { AppGkeIngress } from '../gcp/gke-ingress';
import type { InferencePoolRouteSpec } from '../../model/exposure/inference-pool';
import { AppInferencePoolRoute } from './inference-pool-route';
import { drawing, type ExposureDrawings } from '../../map/canvas';
import { drawIngress, drawLbIpam, drawLoadBalancerService, drawMesh, drawRoute } from '../../map/kind-drawings';

/**
 * Writes one resolved exposure's Kubernetes objects under `scope` (the app's construct), with the construct
 * `id` the chart gives it (`<kind>-<name>`: stable when `expose` is reordered). Returns the construct, which
 * `TrafficChart.exposureConstruct` hands out as an escape hatch. A kind whose objects are all elsewhere
 * (a Terraform-only kind) may return undefined.
 */
export type ExposureRenderer<S extends ExposureSpec = ExposureSpec> = (
  scope: Construct,
  id: string,
  app: AppSpec,
  exposure: S,
) => Construct | undefined;

/**
 * Checks a resolved exposure against what its renderer writes (an escape hatch of annotations against the
 * keys its typed options write, say). The chart runs it with the resolution, before anything is written, so
 * its problems are reported in the same `DefinitionError` as the model's. `field` is the exposure's
 * (`expose[<i>]`): add problems under it.
 */
export type ExposureCheck<S extends ExposureSpec = ExposureSpec> = (
  problems: Problems,
  field: string,
  app: AppSpec,
  exposure: S,
) => void;

/**
 * A renderer with its place in the output: lower `order` is written first (the same order within a kind as in
 * `expose`). `S` is the spec type of the kind it is registered for, so `render` and `check` need no cast.
 *
 * @example
 * const entry: ExposureRendererEntry<TraefikRouteSpec> = {
 *   render: (scope, id, app, spec) => new ApiObject(scope, id, { ..., spec: { routes: spec.hosts.map(...) } }),
 * };
 * new TrafficChart(app, 'shop', { apps, renderers: { 'traefik-ingress-route': entry } });
 */
export interface ExposureRendererEntry<S extends ExposureSpec = ExposureSpec> {
  /** Writes one exposure of the kind (see `ExposureRenderer`). */
  render(scope: Construct, id: string, app: AppSpec, exposure: S): Construct | undefined;
  /**
   * Where the kind's objects go in the chart's output, relative to the other kinds.
   * @default 100 (after the built-in kinds' objects, before the network policy)
   */
  readonly order?: number;
  /**
   * What to check before writing, beyond the model's resolution (see `ExposureCheck`).
   * @default no check
   */
  check?(problems: Problems, field: string, app: AppSpec, exposure: S): void;
}

const entry = <S extends ExposureSpec>(
  order: number,
  render: ExposureRenderer<S>,
  check?: ExposureCheck<S>,
): ExposureRendererEntry => ({
  order,
  render: render as ExposureRenderer,
  ...(check ? { check: check as ExposureCheck } : {}),
});

/** Several checks of one kind, run in order. */
const checks =
  <S extends ExposureSpec>(...all: readonly ExposureCheck<S>[]): ExposureCheck<S> =>
  (problems, field, app, spec) => {
    for (const c of all) c(problems, field, app, spec);
  };

/** The renderers of the library's own exposure kinds, by kind. A chart's `renderers` add to (or replace) them. */
export const BUILT_IN_EXPOSURE_RENDERERS: Readonly<Record<string, ExposureRendererEntry>> = {
  'istio-mesh': entry<IstioMeshSpec>(10, (scope, id, app, mesh) => {
    const c = mesh.gatewayApi
      ? new IstioWaypointRouting(scope, id, { app, mesh })
      : new IstioRouting(scope, id, { app, mesh });
    if (mesh.authorization) new IstioAuthorization(c, 'authorization', { app, spec: mesh.authorization });
    return c;
  }),
  'istio-ingress': entry<IstioIngressSpec>(
    20,
    (scope, id, app, spec) => new IstioIngressRouting(scope, id, { app, spec }),
  ),
  'linkerd-mesh': entry<LinkerdMeshSpec>(
    10,
    (scope, id, app, mesh) => new LinkerdMeshObjects(scope, id, { app, mesh }),
  ),
  ingress: entry<IngressExposureSpec>(
    20,
    (scope, id, app, spec) => new AppIngress(scope, id, { app, spec }),
    checkAlbIngressAnnotations,
  ),
  'gateway-http-route': entry<GatewayRouteSpec>(
    20,
    (scope, id, app, spec) => new AppGatewayRoute(scope, id, { app, spec }),
  ),
  'gateway-grpc-route': entry<GatewayRouteSpec>(
    20,
    (scope, id, app, spec) => new AppGatewayRoute(scope, id, { app, spec }),
  ),
  'service-lb': entry<NlbServiceSpec>(
    20,
    (scope, id, app, spec) => new AppNlbService(scope, id, { app, spec }),
    checks(checkNlbServiceAnnotations, checkCiliumAnnotationKeys),
  ),
  'terraform-lb': entry<TerraformLoadBalancerSpec>(
    30,
    (scope, id, app, exposure) => new TargetGroupBindings(scope, id, { spec: app, exposure }),
  ),
  'service-lb-ipam': entry<LbIpamServiceSpec>(
    40,
    (scope, id, app, spec) => new AppLbIpamService(scope, id, { app, spec }),
    checkCiliumAnnotationKeys,
  ),
  'agc-http-route': entry<AgcRouteSpec>(20, (scope, id, app, spec) => new AppAgcRoute(scope, id, { app, spec })),
  'gke-http-route': entry<GkeRouteSpec>(20, (scope, id, app, spec) => new AppGkeGatewayRoute(scope, id, { app, spec })),
  'aws-gateway-route': entry<AwsGatewayRouteSpec>(
    20,
    (scope, id, app, spec) => new AppAwsGatewayRoute(scope, id, { app, spec }),
  ),
  'gke-ingress': entry<GkeIngressSpec>(20, (scope, id, app, spec) => new AppGkeIngress(scope, id, { app, spec })),
  'inference-pool-route': entry<InferencePoolRouteSpec>(
    20,
    (scope, id, app, spec) => new AppInferencePoolRoute(scope, id, { app, spec }),
  ),
  'service-lb-cloud': entry<CloudLoadBalancerServiceSpec>(
    40,
    (scope, id, app, spec) => new AppCloudLoadBalancerService(scope, id, { app, spec }),
    checks(checkCloudServiceAnnotations, checkCiliumAnnotationKeys),
  ),
};

/**
 * The traffic map's detailed drawings of the library's own kinds, by kind (beside their renderers). A kind
 * without one (a cloud's, a user's) is drawn from its traits; the Terraform load balancer from its plan.
 */
export const BUILT_IN_MAP_DRAWINGS: ExposureDrawings = {
  'istio-mesh': drawing(drawMesh),
  ingress: drawing(drawIngress),
  'gateway-http-route': drawing(drawRoute),
  'gateway-grpc-route': drawing(drawRoute),
  'service-lb': drawing(drawLoadBalancerService),
  'service-lb-ipam': drawing(drawLbIpam),
};
