import type { IExposure } from '../exposure/exposure';
import { AgcRoute, AgcRouteProps } from '../azure/agc-route';
import { AwsGatewayRoute, AwsGrpcRouteProps, AwsHttpRouteProps, AwsL4RouteProps } from '../aws/aws-gateway-route';
import { CloudLoadBalancerServiceProps, LoadBalancerService } from '../exposure/cloud-load-balancer-service';
import { GatewayRouteExposure, GrpcRouteProps, HttpRouteProps } from '../exposure/gateway-route';
import { GkeGatewayRoute, GkeRouteProps } from '../gcp/gke-gateway-route';
import { GkeIngress, GkeIngressProps } from '../gcp/gke-ingress';
import { AlbIngressProps, IngressExposure, IngressProps } from '../exposure/ingress';
import { InferencePoolRoute, InferencePoolRouteProps } from '../exposure/inference-pool';
import { IstioMesh, IstioMeshProps } from '../exposure/istio-mesh';
import { IstioIngress, IstioIngressProps } from '../exposure/istio-ingress';
import { LbIpamService, LbIpamServiceProps } from '../exposure/lb-ipam-service';
import { LinkerdMesh, LinkerdMeshProps } from '../exposure/linkerd-mesh';
import { LoadBalancerServiceExposure, NlbServiceProps } from '../aws/nlb-service';
import { TerraformAlbProps, TerraformLoadBalancer, TerraformNlbProps } from '../aws/terraform-load-balancer';

/** Checks raw props against the named shape: the checked props, or undefined after reporting why. */
export type PropsCheck = <T>(shape: string, raw: unknown) => T | undefined;

/**
 * A public exposure kind: its class, the props types its factories take (whose shapes
 * `scripts/gen-input-shapes.mjs` generates from `file`), and how an instance is rebuilt from checked props, so a
 * JavaScript caller's wrong type is a problem (`hosts: 'a.example.com'` is not split into characters).
 */
export interface ExposureKindRegistration {
  /** The class (its constructor may be private), for the `instanceof` dispatch (`isKindOf`). */
  readonly type: { readonly prototype: IExposure; readonly name: string };
  /** The file that declares the props types (read by the shapes generator). */
  readonly file: string;
  /** The props types of its factories. */
  readonly shapes: readonly string[];
  /** The factory, for messages, e.g. `IngressExposure.alb({...})`. */
  readonly example: string;
  /** Rebuilds the exposure from its props, checked with `props`; undefined when they are unusable. */
  readonly rebuild: (exposure: IExposure, props: PropsCheck) => IExposure | undefined;
}

function kind<C extends IExposure>(
  type: { readonly prototype: C; readonly name: string },
  file: string,
  shapes: readonly string[],
  example: string,
  rebuild: (exposure: C, props: PropsCheck) => IExposure | undefined,
): ExposureKindRegistration {
  return { type, file, shapes, example, rebuild: rebuild as ExposureKindRegistration['rebuild'] };
}

/** True when `v` is an instance of the registered kind's class. */
export function isKindOf(r: ExposureKindRegistration, v: unknown): boolean {
  return typeof v === 'object' && v !== null && Object.prototype.isPrototypeOf.call(r.type.prototype, v);
}

const lift = <P, E>(p: P | undefined, make: (p: P) => E): E | undefined => (p === undefined ? undefined : make(p));

/**
 * Every public exposure kind of the library: the one list the input check dispatches on and the shapes generator
 * reads. A new kind is added here (a test fails when a public exposure class is missing).
 */
export const EXPOSURE_KINDS: readonly ExposureKindRegistration[] = [
  kind(
    IngressExposure,
    'lib/model/exposure/ingress.ts',
    ['AlbIngressProps', 'IngressProps'],
    'IngressExposure.alb({...})',
    (v, props) =>
      v.albOptions !== undefined
        ? lift(props<AlbIngressProps>('AlbIngressProps', v.albOptions), (p) => IngressExposure.alb(p))
        : lift(props<IngressProps>('IngressProps', v.props), (p) => IngressExposure.withClass(p)),
  ),
  kind(
    GatewayRouteExposure,
    'lib/model/exposure/gateway-route.ts',
    ['HttpRouteProps', 'GrpcRouteProps'],
    'GatewayRouteExposure.http({...})',
    (v, props) =>
      v.protocol === 'http'
        ? lift(props<HttpRouteProps>('HttpRouteProps', v.props), (p) => v.withProps(p))
        : lift(props<GrpcRouteProps>('GrpcRouteProps', v.props), (p) => v.withProps(p)),
  ),
  kind(
    LoadBalancerServiceExposure,
    'lib/model/aws/nlb-service.ts',
    ['NlbServiceProps'],
    'LoadBalancerServiceExposure.nlb({...})',
    (v, props) => lift(props<NlbServiceProps>('NlbServiceProps', v.props), (p) => LoadBalancerServiceExposure.nlb(p)),
  ),
  kind(
    LbIpamService,
    'lib/model/exposure/lb-ipam-service.ts',
    ['LbIpamServiceProps'],
    'LbIpamService.create({...})',
    (v, props) => lift(props<LbIpamServiceProps>('LbIpamServiceProps', v.props), (p) => LbIpamService.create(p)),
  ),
  kind(IstioMesh, 'lib/model/exposure/istio-mesh.ts', ['IstioMeshProps'], 'Mesh.istio()', (v, props) =>
    lift(props<IstioMeshProps>('IstioMeshProps', v.props), (p) => new IstioMesh(p)),
  ),
  kind(
    IstioIngress,
    'lib/model/exposure/istio-ingress.ts',
    ['IstioIngressProps'],
    'IstioIngress.route({...})',
    (v, props) => lift(props<IstioIngressProps>('IstioIngressProps', v.props), (p) => IstioIngress.route(p)),
  ),
  kind(LinkerdMesh, 'lib/model/exposure/linkerd-mesh.ts', ['LinkerdMeshProps'], 'Mesh.linkerd({...})', (v, props) =>
    lift(props<LinkerdMeshProps>('LinkerdMeshProps', v.props), (p) => new LinkerdMesh(p)),
  ),
  kind(
    LoadBalancerService,
    'lib/model/exposure/cloud-load-balancer-service.ts',
    ['CloudLoadBalancerServiceProps'],
    'LoadBalancerService.create({...})',
    (v, props) =>
      lift(props<CloudLoadBalancerServiceProps>('CloudLoadBalancerServiceProps', v.props), (p) =>
        LoadBalancerService.create(p),
      ),
  ),
  kind(GkeIngress, 'lib/model/gcp/gke-ingress.ts', ['GkeIngressProps'], 'GkeIngress.create({...})', (v, props) =>
    lift(props<GkeIngressProps>('GkeIngressProps', v.props), (p) => GkeIngress.create(p)),
  ),
  kind(
    GkeGatewayRoute,
    'lib/model/gcp/gke-gateway-route.ts',
    ['GkeRouteProps'],
    'GkeGatewayRoute.http({...})',
    (v, props) => lift(props<GkeRouteProps>('GkeRouteProps', v.props), (p) => GkeGatewayRoute.http(p)),
  ),
  kind(
    AwsGatewayRoute,
    'lib/model/aws/aws-gateway-route.ts',
    ['AwsHttpRouteProps', 'AwsGrpcRouteProps', 'AwsL4RouteProps'],
    'AwsGatewayRoute.http({...})',
    (v, props) =>
      v.protocol === 'http'
        ? lift(props<AwsHttpRouteProps>('AwsHttpRouteProps', v.props), (p) => AwsGatewayRoute.http(p))
        : v.protocol === 'grpc'
          ? lift(props<AwsGrpcRouteProps>('AwsGrpcRouteProps', v.props), (p) => AwsGatewayRoute.grpc(p))
          : lift(props<AwsL4RouteProps>('AwsL4RouteProps', v.props), (p) =>
              v.protocol === 'udp' ? AwsGatewayRoute.udp(p) : AwsGatewayRoute.tcp(p),
            ),
  ),
  kind(AgcRoute, 'lib/model/azure/agc-route.ts', ['AgcRouteProps'], 'AgcRoute.http({...})', (v, props) =>
    lift(props<AgcRouteProps>('AgcRouteProps', v.props), (p) => AgcRoute.http(p)),
  ),
  kind(
    InferencePoolRoute,
    'lib/model/exposure/inference-pool.ts',
    ['InferencePoolRouteProps'],
    'InferencePoolRoute.http({...})',
    (v, props) =>
      lift(props<InferencePoolRouteProps>('InferencePoolRouteProps', v.props), (p) => InferencePoolRoute.http(p)),
  ),
  kind(
    TerraformLoadBalancer,
    'lib/model/aws/terraform-load-balancer.ts',
    ['TerraformAlbProps', 'TerraformNlbProps'],
    'TerraformLoadBalancer.alb({...})',
    (v, props) =>
      v.type === 'application'
        ? lift(props<TerraformAlbProps>('TerraformAlbProps', v.props), (p) => TerraformLoadBalancer.alb(p))
        : lift(props<TerraformNlbProps>('TerraformNlbProps', v.props), (p) => TerraformLoadBalancer.nlb(p)),
  ),
];
