import type { AppSpec } from '../../model/app-spec';
import { SERVICE_PREFIX } from '../../model/aws/lb-controller-annotations';
import type { NlbServiceSpec } from '../../model/aws/nlb-service';
import type { Problems } from '../../model/problems';
import { stringMapAnnotation } from './string-map';
import { checkAgainstWritten } from './escape-hatch';

/** The health check annotations: set by hand they would differ from the resolved health check. */
const HEALTH_CHECK_KEYS = [
  'protocol',
  'port',
  'path',
  'healthy-threshold',
  'unhealthy-threshold',
  'timeout',
  'interval',
  'success-codes',
].map((k) => `${SERVICE_PREFIX}aws-load-balancer-healthcheck-${k}`);
const SOURCE_RANGES_KEY = `${SERVICE_PREFIX}load-balancer-source-ranges`;

/**
 * The AWS Load Balancer Controller's annotations for a resolved NLB Service, from its typed values, in a fixed
 * order: type, targets, scheme, addresses, name, TLS, health check, target group attributes, listener
 * attributes, load balancer attributes. The user's escape-hatch annotations are not included (the chart
 * checks them against these keys with `checkNlbServiceAnnotations`).
 */
export function nlbServiceAnnotations(spec: NlbServiceSpec): Record<string, string> {
  const a: Record<string, string> = {};
  const put = (k: string, v: string | undefined) => {
    if (v !== undefined) a[SERVICE_PREFIX + k] = v;
  };
  put('aws-load-balancer-type', 'external');
  put('aws-load-balancer-nlb-target-type', spec.targetType);
  put('aws-load-balancer-scheme', spec.scheme);
  put('aws-load-balancer-ip-address-type', spec.ipAddressType);
  put('aws-load-balancer-name', spec.loadBalancerName);
  const tls = spec.tls;
  if (tls) {
    put('aws-load-balancer-ssl-cert', tls.certificateArns.join(','));
    put('aws-load-balancer-ssl-ports', tls.ports.join(','));
    put('aws-load-balancer-ssl-negotiation-policy', tls.policy);
    put('aws-load-balancer-alpn-policy', tls.alpnPolicy);
    put('aws-load-balancer-backend-protocol', tls.backendProtocol);
  }
  const hc = spec.healthCheck;
  put('aws-load-balancer-healthcheck-protocol', hc.protocol.toLowerCase());
  put('aws-load-balancer-healthcheck-port', hc.port);
  put('aws-load-balancer-healthcheck-path', hc.path);
  put('aws-load-balancer-healthcheck-interval', String(hc.intervalSeconds));
  put('aws-load-balancer-healthcheck-timeout', String(hc.timeoutSeconds));
  put('aws-load-balancer-healthcheck-healthy-threshold', String(hc.healthyThreshold));
  put('aws-load-balancer-healthcheck-unhealthy-threshold', String(hc.unhealthyThreshold));
  put('aws-load-balancer-healthcheck-success-codes', hc.matcher);
  const ta = spec.targetGroupAttributes;
  const tg: Record<string, string> = {
    'deregistration_delay.timeout_seconds': String(spec.deregistrationDelaySeconds),
    'deregistration_delay.connection_termination.enabled': String(ta.connectionTermination),
  };
  if (ta.preserveClientIp !== undefined) tg['preserve_client_ip.enabled'] = String(ta.preserveClientIp);
  tg['proxy_protocol_v2.enabled'] = String(ta.proxyProtocolV2);
  if (spec.stickiness) {
    tg['stickiness.enabled'] = 'true';
    tg['stickiness.type'] = spec.stickiness.type;
  }
  put('aws-load-balancer-target-group-attributes', stringMapAnnotation(tg));
  const tlsPorts = new Set(tls?.ports ?? []);
  for (const sp of spec.ports) {
    if (sp.protocol === 'TCP' && !tlsPorts.has(sp.port))
      put(
        `aws-load-balancer-listener-attributes.TCP-${sp.port}`,
        `tcp.idle_timeout.seconds=${spec.tcpIdleTimeoutSeconds}`,
      );
  }
  const lb: Record<string, string> = {};
  if (spec.crossZone !== undefined) lb['load_balancing.cross_zone.enabled'] = String(spec.crossZone);
  if (spec.deletionProtection !== undefined) lb['deletion_protection.enabled'] = String(spec.deletionProtection);
  if (Object.keys(lb).length > 0) put('aws-load-balancer-attributes', stringMapAnnotation(lb));
  return a;
}

/**
 * The renderer check of the NLB Service's escape hatch: an annotation may not set what a typed option
 * writes (the health check in particular, which comes from the readiness probe), nor the source ranges
 * `sourceRanges` sets. Problems go under `<field>.annotations.<key>`.
 */
export function checkNlbServiceAnnotations(
  problems: Problems,
  field: string,
  _app: AppSpec,
  spec: NlbServiceSpec,
): void {
  const passed = checkAgainstWritten(problems, field, spec.annotations, nlbServiceAnnotations(spec), HEALTH_CHECK_KEYS);
  if (passed.includes(SOURCE_RANGES_KEY) && spec.sourceRanges.length > 0) {
    problems.add(
      `${field}.annotations.${SOURCE_RANGES_KEY}`,
      spec.annotations[SOURCE_RANGES_KEY],
      'conflicts with `sourceRanges`',
      'use `sourceRanges` only',
    );
  }
}
