import type { AppSpec } from '../../model/app-spec';
import { ALB_PREFIX } from '../../model/aws/lb-controller-annotations';
import { ALB_FORWARD_SPLIT } from '../../model/aws/forward-weights';
import type { AlbSpec } from '../../model/aws/alb-ingress-options';
import type { AlbWeightedActionSpec, IngressExposureSpec } from '../../model/exposure/ingress';
import type { Problems } from '../../model/problems';
import { writtenWeights } from '../../model/traffic/weights';
import { stringMapAnnotation } from './string-map';
import { checkAgainstWritten } from './escape-hatch';

/** The health check annotations: written from the resolved health check, never by hand. */
const HEALTH_CHECK_KEYS = [
  'healthcheck-port',
  'healthcheck-protocol',
  'healthcheck-path',
  'healthcheck-interval-seconds',
  'healthcheck-timeout-seconds',
  'healthy-threshold-count',
  'unhealthy-threshold-count',
  'success-codes',
].map((k) => ALB_PREFIX + k);

/**
 * The `alb.ingress.kubernetes.io/*` annotations of the ALB's typed settings (AWS Load Balancer Controller
 * v3.5.0), in a fixed order.
 */
export function albSettingsAnnotations(alb: AlbSpec): Record<string, string> {
  const a: Record<string, string> = {};
  const put = (k: string, v: string | undefined) => {
    if (v !== undefined) a[ALB_PREFIX + k] = v;
  };
  const hc = alb.healthCheck;
  const targetGroupAttributes: Record<string, string> = {
    'deregistration_delay.timeout_seconds': String(alb.deregistrationDelaySeconds),
  };
  if (alb.slowStartSeconds > 0) targetGroupAttributes['slow_start.duration_seconds'] = String(alb.slowStartSeconds);
  targetGroupAttributes['load_balancing.algorithm.type'] = alb.algorithm;
  const sticky = alb.stickiness;
  if (sticky) {
    targetGroupAttributes['stickiness.enabled'] = 'true';
    targetGroupAttributes['stickiness.type'] = sticky.type;
    if (sticky.type === 'app_cookie') targetGroupAttributes['stickiness.app_cookie.cookie_name'] = sticky.cookieName!;
    targetGroupAttributes[`stickiness.${sticky.type}.duration_seconds`] = String(sticky.durationSeconds);
  }
  put('scheme', alb.scheme);
  put('target-type', alb.targetType);
  put('ip-address-type', alb.ipAddressType);
  put('load-balancer-name', alb.loadBalancerName);
  put('group.name', alb.group?.name);
  put('group.order', alb.group?.order !== undefined ? String(alb.group.order) : undefined);
  put('listen-ports', JSON.stringify(alb.listenPorts.map((l) => ({ [l.protocol]: l.port }))));
  put('certificate-arn', alb.certificateArns.length > 0 ? alb.certificateArns.join(',') : undefined);
  put('ssl-policy', alb.sslPolicy);
  put('ssl-redirect', alb.sslRedirectPort !== undefined ? String(alb.sslRedirectPort) : undefined);
  put('backend-protocol', alb.backendProtocol);
  put('backend-protocol-version', alb.protocolVersion);
  put('healthcheck-protocol', hc.protocol);
  // ip targets: the pod port the readiness probe checks; instance targets: the node port of the traffic (the model's).
  put('healthcheck-port', hc.port);
  put('healthcheck-path', hc.path);
  put('healthcheck-interval-seconds', String(hc.intervalSeconds));
  put('healthcheck-timeout-seconds', String(hc.timeoutSeconds));
  put('healthy-threshold-count', String(hc.healthyThreshold));
  put('unhealthy-threshold-count', String(hc.unhealthyThreshold));
  put('success-codes', hc.matcher);
  put('target-group-attributes', stringMapAnnotation(targetGroupAttributes));
  put('load-balancer-attributes', stringMapAnnotation(albLoadBalancerAttributes(alb)));
  put('inbound-cidrs', alb.inboundCidrs.length > 0 ? alb.inboundCidrs.join(',') : undefined);
  put('wafv2-acl-arn', alb.wafv2AclArn);
  put('tags', Object.keys(alb.tags).length > 0 ? stringMapAnnotation(alb.tags) : undefined);
  return a;
}

/** The ALB's load balancer attributes, as the controller's `load-balancer-attributes` takes them. */
function albLoadBalancerAttributes(alb: AlbSpec): Record<string, string> {
  const attrs: Record<string, string> = {
    'idle_timeout.timeout_seconds': String(alb.idleTimeoutSeconds),
    'routing.http.drop_invalid_header_fields.enabled': String(alb.dropInvalidHeaderFields),
  };
  if (alb.deletionProtection !== undefined) attrs['deletion_protection.enabled'] = String(alb.deletionProtection);
  if (alb.accessLogs) {
    attrs['access_logs.s3.enabled'] = 'true';
    attrs['access_logs.s3.bucket'] = alb.accessLogs.bucket;
    if (alb.accessLogs.prefix) attrs['access_logs.s3.prefix'] = alb.accessLogs.prefix;
  }
  return attrs;
}

/**
 * A weighted forward action (`actions.<name>`) and, for the canary header, its condition
 * (`conditions.<name>`). Weights are the forward action's integers (at most 999 per target group); the
 * canary header's action has one target group.
 */
function actionAnnotations(action: AlbWeightedActionSpec, alb: AlbSpec): Record<string, string> {
  const weights =
    action.targets.length === 1
      ? [1]
      : writtenWeights(
          action.targets.map((t) => t.share),
          ALB_FORWARD_SPLIT,
        );
  // With sticky sessions a client also stays with its version (target group stickiness), as long as with its pod.
  const sticky =
    action.targets.length > 1 && alb.stickiness?.durationSeconds
      ? { targetGroupStickinessConfig: { enabled: true, durationSeconds: alb.stickiness.durationSeconds } }
      : {};
  const a: Record<string, string> = {
    [`${ALB_PREFIX}actions.${action.name}`]: JSON.stringify({
      type: 'forward',
      forwardConfig: {
        targetGroups: action.targets.map((t, i) => ({
          serviceName: t.serviceName,
          servicePort: String(t.servicePort),
          weight: weights[i],
        })),
        ...sticky,
      },
    }),
  };
  if (action.header) {
    a[`${ALB_PREFIX}conditions.${action.name}`] = JSON.stringify([
      { field: 'http-header', httpHeaderConfig: { httpHeaderName: action.header.name, values: [action.header.value] } },
    ]);
  }
  return a;
}

/**
 * Every annotation of an Ingress: for an ALB, its typed settings, then the escape hatch, then the weighted
 * actions; for another class, the escape hatch as given.
 */
export function ingressAnnotations(spec: IngressExposureSpec): Record<string, string> {
  if (!spec.alb) return { ...spec.annotations };
  const alb = spec.alb;
  return {
    ...albSettingsAnnotations(alb),
    ...alb.extraAnnotations,
    ...Object.assign({}, ...spec.weightedActions.map((w) => actionAnnotations(w, alb))),
  };
}

/**
 * The renderer's check of an ALB Ingress: an escape-hatch annotation must not set what a typed option
 * writes (the health check above all, which would then differ from the readiness probe), and the app's
 * Service must not carry health check annotations either (the controller reads them before the Ingress').
 */
export function checkAlbIngressAnnotations(
  problems: Problems,
  field: string,
  app: AppSpec,
  spec: IngressExposureSpec,
): void {
  if (!spec.alb) return;
  const alb = spec.alb;
  const written = {
    ...albSettingsAnnotations(alb),
    ...Object.assign({}, ...spec.weightedActions.map((w) => actionAnnotations(w, alb))),
  } as Record<string, string>;
  checkAgainstWritten(problems, field, alb.extraAnnotations, written, HEALTH_CHECK_KEYS);
  for (const [k, v] of Object.entries(app.service?.annotations ?? {})) {
    if (HEALTH_CHECK_KEYS.includes(k)) {
      problems.add(
        `service.annotations.${k}`,
        v,
        'the controller reads Service annotations before Ingress ones: this health check would differ from the readiness probe',
        "remove it and use the exposure's `healthCheck: HealthCheck.override({ ..., reason })` if the difference is on purpose",
      );
    }
  }
}
