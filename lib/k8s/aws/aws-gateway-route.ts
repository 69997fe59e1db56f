import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { AwsGatewaySpec } from '../../model/aws/aws-gateway';
import type { AwsGatewayRouteSpec, AwsL4RouteSpec, AwsTargetGroupSpec } from '../../model/aws/aws-gateway-route';
import { GATEWAY_API_SPLIT } from '../../model/exposure/gateway-route';
import type { TargetGroupAttributesSpec } from '../../model/aws/target-group-attributes';
import { writtenWeights } from '../../model/traffic/weights';
import { nonEmpty } from '../api-object';
import { allowedRoutes, AppGatewayRoute, writesGatewayClass } from '../expose/app-gateway-route';
import { exposureMetadata, ExposureObjectSpec } from '../expose/exposure-object';
import type { HttpRouteRuleExtension } from '../expose/route-rules';
import { Gateway, GatewayClass } from '../imports/gateway-api';
import { TcpRoute, UdpRoute } from '../imports/gateway-api-l4';
import {
  LoadBalancerConfiguration,
  LoadBalancerConfigurationSpec,
  LoadBalancerConfigurationSpecScheme,
  TargetGroupConfiguration,
  TargetGroupConfigurationSpecDefaultConfiguration,
  TargetGroupConfigurationSpecDefaultConfigurationHealthCheckConfigHealthCheckProtocol as HcProtocol,
  TargetGroupConfigurationSpecDefaultConfigurationProtocolVersion as ProtocolVersion,
  TargetGroupConfigurationSpecDefaultConfigurationTargetType as TargetType,
} from '../imports/aws-lbc-gateway';

/** Props of `AppAwsGatewayRoute`. */
export interface AppAwsGatewayRouteProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved exposure. */
  readonly spec: AwsGatewayRouteSpec;
}

/** A target group's attributes as the controller takes them (`key=value` pairs, the ALB Ingress' keys). */
export function targetGroupAttributeList(a: TargetGroupAttributesSpec): { key: string; value: string }[] {
  const out: Record<string, string> = { 'deregistration_delay.timeout_seconds': String(a.deregistrationDelaySeconds) };
  if (a.slowStartSeconds > 0) out['slow_start.duration_seconds'] = String(a.slowStartSeconds);
  if (a.algorithm) out['load_balancing.algorithm.type'] = a.algorithm;
  if (a.network) {
    out['deregistration_delay.connection_termination.enabled'] = String(a.network.connectionTermination);
    if (a.network.preserveClientIp !== undefined)
      out['preserve_client_ip.enabled'] = String(a.network.preserveClientIp);
    out['proxy_protocol_v2.enabled'] = String(a.network.proxyProtocolV2);
  }
  const s = a.stickiness;
  if (s) {
    out['stickiness.enabled'] = 'true';
    out['stickiness.type'] = s.type;
    if (s.cookieName !== undefined) out['stickiness.app_cookie.cookie_name'] = s.cookieName;
    if (s.durationSeconds !== undefined) out[`stickiness.${s.type}.duration_seconds`] = String(s.durationSeconds);
  }
  return Object.entries(out).map(([key, value]) => ({ key, value }));
}

/** TargetGroupConfiguration `defaultConfiguration`: the health check is the resolved one (the readiness probe's). */
export function targetGroupDefaultConfiguration(
  tg: AwsTargetGroupSpec,
): TargetGroupConfigurationSpecDefaultConfiguration {
  const hc = tg.healthCheck;
  const grpc = tg.protocolVersion === 'GRPC';
  return {
    targetType: tg.targetType === 'ip' ? TargetType.IP : TargetType.INSTANCE,
    ...(tg.protocolVersion ? { protocolVersion: tg.protocolVersion as ProtocolVersion } : {}),
    healthCheckConfig: {
      healthCheckProtocol: hc.protocol as HcProtocol,
      healthCheckPort: hc.port,
      ...(hc.path !== undefined ? { healthCheckPath: hc.path } : {}),
      healthCheckInterval: hc.intervalSeconds,
      healthCheckTimeout: hc.timeoutSeconds,
      healthyThresholdCount: hc.healthyThreshold,
      unhealthyThresholdCount: hc.unhealthyThreshold,
      ...(hc.matcher !== undefined ? { matcher: grpc ? { grpcCode: hc.matcher } : { httpCode: hc.matcher } } : {}),
    },
    targetGroupAttributes: targetGroupAttributeList(tg.attributes),
  };
}

/** LoadBalancerConfiguration `spec` of a created AWS Gateway. */
function loadBalancerConfigurationSpec(g: AwsGatewaySpec): LoadBalancerConfigurationSpec {
  const attrs = Object.entries(g.loadBalancerAttributes).map(([key, value]) => ({ key, value }));
  return {
    scheme:
      g.scheme === 'internal'
        ? LoadBalancerConfigurationSpecScheme.INTERNAL
        : LoadBalancerConfigurationSpecScheme.INTERNET_HYPHEN_FACING,
    ...(g.subnets.length > 0 ? { loadBalancerSubnets: g.subnets.map((identifier) => ({ identifier })) } : {}),
    ...(g.securityGroups.length > 0 ? { securityGroups: [...g.securityGroups] } : {}),
    ...(g.listenerConfigurations.length > 0
      ? {
          listenerConfigurations: g.listenerConfigurations.map((l) => ({
            protocolPort: l.protocolPort,
            ...(l.defaultCertificate !== undefined ? { defaultCertificate: l.defaultCertificate } : {}),
            ...(l.certificates.length > 0 ? { certificates: [...l.certificates] } : {}),
            ...(l.sslPolicy !== undefined ? { sslPolicy: l.sslPolicy } : {}),
            ...(l.tcpIdleTimeoutSeconds !== undefined
              ? { listenerAttributes: [{ key: 'tcp.idle_timeout.seconds', value: String(l.tcpIdleTimeoutSeconds) }] }
              : {}),
          })),
        }
      : {}),
    ...(attrs.length > 0 ? { loadBalancerAttributes: attrs } : {}),
    ...(g.wafv2AclArn !== undefined ? { wafV2: { webAcl: g.wafv2AclArn } } : {}),
  };
}

/**
 * An app's route on an AWS Load Balancer Controller Gateway: the route (HTTPRoute or GRPCRoute on an ALB Gateway,
 * TCPRoute or UDPRoute on an NLB Gateway), the created Gateway with its GatewayClass and LoadBalancerConfiguration
 * (`infrastructure.parametersRef`), and per backend Service a TargetGroupConfiguration.
 */
export class AppAwsGatewayRoute extends Construct {
  constructor(scope: Construct, id: string, props: AppAwsGatewayRouteProps) {
    super(scope, id);
    const { app, spec } = props;
    const main: ExposureObjectSpec = spec.route ?? spec.l4!;
    if (spec.gateway) this.writeGateway(app, main, spec.gateway);
    // The controller is built for the standard channel and implements no HTTPRoute retry: none is written (whatever the
    // Gateway API target).
    const standard: AppSpec = { ...app, traffic: { ...app.traffic, gatewayApiChannel: 'standard', retry: undefined } };
    // Nor HTTPRoute timeouts: none is written (not even '0s').
    const noTimeouts: HttpRouteRuleExtension = (rule) => ({ ...rule, timeouts: undefined });
    if (spec.route)
      new AppGatewayRoute(this, 'route', { app: standard, spec: spec.route, httpRuleExtensions: [noTimeouts] });
    if (spec.l4) writeL4Route(this, app, spec.l4);
    for (const svc of spec.services) {
      new TargetGroupConfiguration(this, `target-group-${svc}`, {
        metadata: exposureMetadata(app, main, {}, svc),
        spec: {
          targetReference: { name: svc },
          defaultConfiguration: targetGroupDefaultConfiguration(spec.targetGroup),
        },
      });
    }
  }

  private writeGateway(app: AppSpec, main: ExposureObjectSpec, g: AwsGatewaySpec): void {
    if (writesGatewayClass(this, g.className, g.controllerName))
      new GatewayClass(this, 'gateway-class', {
        metadata: { name: g.className, labels: { ...app.labels }, annotations: nonEmpty({ ...app.annotations }) },
        spec: { controllerName: g.controllerName },
      });
    new LoadBalancerConfiguration(this, 'load-balancer-configuration', {
      metadata: exposureMetadata(app, main, {}, g.name),
      spec: loadBalancerConfigurationSpec(g),
    });
    new Gateway(this, 'gateway', {
      metadata: exposureMetadata(app, main, {}, g.name),
      spec: {
        gatewayClassName: g.className,
        infrastructure: {
          parametersRef: { group: 'gateway.k8s.aws', kind: 'LoadBalancerConfiguration', name: g.name },
        },
        listeners: g.listeners.map((l) => ({
          name: l.name,
          protocol: l.protocol,
          port: l.port,
          ...(l.hostname !== undefined ? { hostname: l.hostname } : {}),
          allowedRoutes: allowedRoutes(g.allowedRoutesFrom),
        })),
      },
    });
  }
}

/** A TCPRoute or UDPRoute with one rule: the versions' Services by weight. */
function writeL4Route(scope: Construct, app: AppSpec, r: AwsL4RouteSpec): void {
  const weights =
    r.backends.length > 1
      ? writtenWeights(
          r.backends.map((b) => b.share),
          GATEWAY_API_SPLIT,
        )
      : [];
  const backendRefs = r.backends.map((b, i) => ({
    name: b.serviceName,
    port: b.port,
    ...(r.backends.length > 1 ? { weight: weights[i] } : {}),
  }));
  const props = {
    metadata: exposureMetadata(app, r),
    spec: {
      parentRefs: r.parentRefs.map((p) => ({ name: p.name, namespace: p.namespace, sectionName: p.sectionName })),
      rules: [{ backendRefs }],
    },
  };
  if (r.kind === 'UDPRoute') new UdpRoute(scope, 'route', props);
  else new TcpRoute(scope, 'route', props);
}
