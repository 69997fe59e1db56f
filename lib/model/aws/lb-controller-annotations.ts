import { Problems } from '../problems';

/**
 * The annotations the AWS Load Balancer Controller (v3.5.0) documents, written out by hand from its
 * `docs/guide/ingress/annotations.md` and `docs/guide/service/annotations.md`. Every annotation this
 * library emits, and every key of an escape hatch, is checked against these tables: an unknown key is
 * silently ignored by the controller, a deprecated one may stop working.
 */

/** How an annotation's value is written (the controller's documented encodings). */
export type AnnotationValueType =
  'string' | 'boolean' | 'integer' | 'stringList' | 'stringMap' | 'json' | { readonly oneOf: readonly string[] };

/** One documented annotation. */
export interface AnnotationDoc {
  /** The value's encoding. */
  readonly type: AnnotationValueType;
  /** Set when the documentation marks the annotation deprecated: what replaces it. */
  readonly deprecatedInFavorOf?: string;
  /** Values documented as deprecated, with what replaces them. */
  readonly deprecatedValues?: Readonly<Record<string, string>>;
}

/** Prefix of the ALB Ingress annotations. */
export const ALB_PREFIX = 'alb.ingress.kubernetes.io/';
/** Prefix of the Service (NLB) annotations. */
export const SERVICE_PREFIX = 'service.beta.kubernetes.io/';

/**
 * Escape-hatch ALB annotations (no typed option writes them) that the controller treats as "Exclusive"
 * within an IngressGroup: its members must agree on them.
 */
export const ALB_EXCLUSIVE_ANNOTATIONS = ['security-groups', 'subnets', 'shield-advanced-protection'].map(
  (k) => ALB_PREFIX + k,
);

const bool: AnnotationDoc = { type: 'boolean' };
const int: AnnotationDoc = { type: 'integer' };
const str: AnnotationDoc = { type: 'string' };
const list: AnnotationDoc = { type: 'stringList' };
const map: AnnotationDoc = { type: 'stringMap' };
const json: AnnotationDoc = { type: 'json' };
const oneOf = (...values: string[]): AnnotationDoc => ({ type: { oneOf: values } });

/** Ingress annotations (`alb.ingress.kubernetes.io/<key>`), keyed without the prefix. */
export const ALB_INGRESS_ANNOTATIONS: Readonly<Record<string, AnnotationDoc>> = {
  'load-balancer-name': str,
  'group.name': str,
  'group.order': int,
  tags: map,
  'ip-address-type': oneOf('ipv4', 'dualstack', 'dualstack-without-public-ipv4'),
  scheme: oneOf('internal', 'internet-facing'),
  subnets: list,
  'security-groups': list,
  'manage-backend-security-group-rules': bool,
  'customer-owned-ipv4-pool': str,
  'load-balancer-attributes': map,
  'wafv2-acl-arn': str,
  'wafv2-acl-name': str,
  'waf-acl-id': str,
  'shield-advanced-protection': bool,
  'listen-ports': json,
  'ssl-redirect': int,
  'inbound-cidrs': list,
  'security-group-prefix-lists': list,
  'certificate-arn': list,
  'ssl-policy': str,
  'target-type': oneOf('instance', 'ip'),
  'backend-protocol': oneOf('HTTP', 'HTTPS'),
  'backend-protocol-version': oneOf('HTTP1', 'HTTP2', 'GRPC'),
  'target-group-attributes': map,
  'healthcheck-port': str,
  'healthcheck-protocol': oneOf('HTTP', 'HTTPS'),
  'healthcheck-path': str,
  'healthcheck-interval-seconds': int,
  'healthcheck-timeout-seconds': int,
  'healthy-threshold-count': int,
  'unhealthy-threshold-count': int,
  'success-codes': str,
  'auth-type': oneOf('none', 'oidc', 'cognito'),
  'auth-idp-cognito': json,
  'auth-idp-oidc': json,
  'auth-on-unauthenticated-request': oneOf('authenticate', 'allow', 'deny'),
  'auth-scope': str,
  'auth-session-cookie': str,
  'auth-session-timeout': int,
  'jwt-validation': json,
  'use-regex-path-match': bool,
  'target-node-labels': map,
  'mutual-authentication': json,
  'multi-cluster-target-group': bool,
  'minimum-load-balancer-capacity': map,
  'ipam-ipv4-pool-id': str,
  'create-acm-cert': bool,
  'acm-pca-arn': str,
  'enable-frontend-nlb': bool,
  'frontend-nlb-scheme': oneOf('internal', 'internet-facing'),
  'frontend-nlb-subnets': list,
  'frontend-nlb-security-groups': list,
  'frontend-nlb-listener-port-mapping': map,
  'frontend-nlb-healthcheck-port': str,
  'frontend-nlb-healthcheck-protocol': oneOf('HTTP', 'HTTPS'),
  'frontend-nlb-healthcheck-path': str,
  'frontend-nlb-healthcheck-interval-seconds': int,
  'frontend-nlb-healthcheck-timeout-seconds': int,
  'frontend-nlb-healthcheck-healthy-threshold-count': int,
  'frontend-nlb-healthcheck-unhealthy-threshold-count': int,
  'frontend-nlb-healthcheck-success-codes': str,
  'frontend-nlb-tags': map,
  'frontend-nlb-eip-allocations': list,
  'frontend-nlb-attributes': map,
};

/** Ingress annotations whose key carries a name: `actions.<name>`, `listener-attributes.HTTPS-443`... */
export const ALB_INGRESS_ANNOTATION_PATTERNS: readonly {
  readonly pattern: RegExp;
  readonly doc: AnnotationDoc;
  readonly shape: string;
}[] = [
  { pattern: /^actions\.[A-Za-z0-9][-A-Za-z0-9_.]*$/, doc: json, shape: 'actions.${action-name}' },
  { pattern: /^transforms\.[A-Za-z0-9][-A-Za-z0-9_.]*$/, doc: json, shape: 'transforms.${transforms-name}' },
  { pattern: /^conditions\.[A-Za-z0-9][-A-Za-z0-9_.]*$/, doc: json, shape: 'conditions.${conditions-name}' },
  {
    pattern: /^listener-attributes\.(HTTP|HTTPS)-\d{1,5}$/,
    doc: map,
    shape: 'listener-attributes.${Protocol}-${Port}',
  },
  {
    pattern: /^target-control-port\.[a-z0-9][-a-z0-9]*\.[A-Za-z0-9-]+$/,
    doc: int,
    shape: 'target-control-port.${serviceName}.${servicePort}',
  },
];

/** Service annotations (`service.beta.kubernetes.io/<key>`), keyed without the prefix. */
export const SERVICE_ANNOTATIONS: Readonly<Record<string, AnnotationDoc>> = {
  'load-balancer-source-ranges': list,
  'aws-load-balancer-security-group-prefix-lists': list,
  'aws-load-balancer-type': {
    type: { oneOf: ['external', 'nlb-ip'] },
    deprecatedValues: { 'nlb-ip': 'external with aws-load-balancer-nlb-target-type: ip' },
  },
  'aws-load-balancer-nlb-target-type': oneOf('instance', 'ip'),
  'aws-load-balancer-name': str,
  'aws-load-balancer-internal': {
    type: 'boolean',
    deprecatedInFavorOf: 'service.beta.kubernetes.io/aws-load-balancer-scheme',
  },
  'aws-load-balancer-scheme': oneOf('internal', 'internet-facing'),
  'aws-load-balancer-proxy-protocol': oneOf('*'),
  'aws-load-balancer-proxy-protocol-per-target-group': list,
  'aws-load-balancer-ip-address-type': oneOf('ipv4', 'dualstack'),
  'aws-load-balancer-access-log-enabled': {
    type: 'boolean',
    deprecatedInFavorOf: 'service.beta.kubernetes.io/aws-load-balancer-attributes',
  },
  'aws-load-balancer-access-log-s3-bucket-name': {
    type: 'string',
    deprecatedInFavorOf: 'service.beta.kubernetes.io/aws-load-balancer-attributes',
  },
  'aws-load-balancer-access-log-s3-bucket-prefix': {
    type: 'string',
    deprecatedInFavorOf: 'service.beta.kubernetes.io/aws-load-balancer-attributes',
  },
  'aws-load-balancer-cross-zone-load-balancing-enabled': {
    type: 'boolean',
    deprecatedInFavorOf: 'service.beta.kubernetes.io/aws-load-balancer-attributes',
  },
  'aws-load-balancer-ssl-cert': list,
  'aws-load-balancer-ssl-ports': list,
  'aws-load-balancer-ssl-negotiation-policy': str,
  'aws-load-balancer-backend-protocol': oneOf('ssl', 'tcp'),
  'aws-load-balancer-additional-resource-tags': map,
  'aws-load-balancer-healthcheck-protocol': oneOf('tcp', 'http', 'https'),
  'aws-load-balancer-healthcheck-port': str,
  'aws-load-balancer-healthcheck-path': str,
  'aws-load-balancer-healthcheck-healthy-threshold': int,
  'aws-load-balancer-healthcheck-unhealthy-threshold': int,
  'aws-load-balancer-healthcheck-timeout': int,
  'aws-load-balancer-healthcheck-interval': int,
  'aws-load-balancer-healthcheck-success-codes': str,
  'aws-load-balancer-eip-allocations': list,
  'aws-load-balancer-private-ipv4-addresses': list,
  'aws-load-balancer-ipv6-addresses': list,
  'aws-load-balancer-target-group-attributes': map,
  'aws-load-balancer-subnets': list,
  'aws-load-balancer-alpn-policy': oneOf('HTTP1Only', 'HTTP2Only', 'HTTP2Optional', 'HTTP2Preferred', 'None'),
  'aws-load-balancer-target-node-labels': map,
  'aws-load-balancer-attributes': map,
  'aws-load-balancer-security-groups': list,
  'aws-load-balancer-manage-backend-security-group-rules': bool,
  'aws-load-balancer-inbound-sg-rules-on-private-link-traffic': oneOf('on', 'off'),
  'aws-load-balancer-multi-cluster-target-group': bool,
  'aws-load-balancer-enable-prefix-for-ipv6-source-nat': oneOf('on', 'off'),
  'aws-load-balancer-source-nat-ipv6-prefixes': list,
  'aws-load-balancer-minimum-load-balancer-capacity': map,
  'aws-load-balancer-enable-icmp-for-path-mtu-discovery': str,
  'aws-load-balancer-enable-tcp-udp-listener': bool,
  'aws-load-balancer-disable-nlb-sg': bool,
  'aws-load-balancer-quic-enabled-ports': list,
};

/** Service annotations whose key carries a protocol and port. */
export const SERVICE_ANNOTATION_PATTERNS: readonly {
  readonly pattern: RegExp;
  readonly doc: AnnotationDoc;
  readonly shape: string;
}[] = [
  {
    pattern: /^aws-load-balancer-listener-attributes\.(TCP|UDP|TLS|TCP_UDP|QUIC|TCP_QUIC)-\d{1,5}$/,
    doc: map,
    shape: 'aws-load-balancer-listener-attributes.${Protocol}-${Port}',
  },
  {
    pattern: /^aws-load-balancer-target-group-attributes\.\d{1,5}$/,
    doc: map,
    shape: 'aws-load-balancer-target-group-attributes.${port}',
  },
  { pattern: /^actions\.(TCP|UDP|TLS|TCP_UDP)-\d{1,5}$/, doc: json, shape: 'actions.${protocol}-${port}' },
];

/** Which controller family an annotation key belongs to, or undefined for a key of neither. */
export function awsAnnotationFamily(key: string): 'alb' | 'service' | undefined {
  if (key.startsWith(ALB_PREFIX)) return 'alb';
  if (key.startsWith(SERVICE_PREFIX)) return 'service';
  return undefined;
}

/** The documentation entry of an AWS Load Balancer Controller annotation key, or undefined when it is not documented. */
export function lookupAwsAnnotation(key: string): AnnotationDoc | undefined {
  const family = awsAnnotationFamily(key);
  if (!family) return undefined;
  const name = key.slice(family === 'alb' ? ALB_PREFIX.length : SERVICE_PREFIX.length);
  const table = family === 'alb' ? ALB_INGRESS_ANNOTATIONS : SERVICE_ANNOTATIONS;
  if (Object.prototype.hasOwnProperty.call(table, name)) return table[name];
  const patterns = family === 'alb' ? ALB_INGRESS_ANNOTATION_PATTERNS : SERVICE_ANNOTATION_PATTERNS;
  return patterns.find((p) => p.pattern.test(name))?.doc;
}

/** Why a value does not fit its documented type, or undefined when it fits. */
export function annotationValueError(doc: AnnotationDoc, value: unknown): string | undefined {
  if (typeof value !== 'string') return 'annotation values are strings';
  const t = doc.type;
  if (typeof t === 'object') return t.oneOf.includes(value) ? undefined : `must be one of ${t.oneOf.join(', ')}`;
  switch (t) {
    case 'boolean':
      return value === 'true' || value === 'false' ? undefined : 'must be "true" or "false"';
    case 'integer':
      return /^-?\d+$/.test(value) ? undefined : 'must be a whole number written as a string, e.g. "10"';
    case 'stringMap':
      return value.split(',').every((kv) => /^\s*[^=\s][^=]*=/.test(kv))
        ? undefined
        : 'must be a list of key=value pairs separated by commas';
    case 'json':
      try {
        JSON.parse(value);
        return undefined;
      } catch {
        return 'must be valid JSON';
      }
    default:
      return value.trim() === '' ? 'must not be empty' : undefined;
  }
}

/**
 * Checks annotations given through an escape hatch: every key under `alb.ingress.kubernetes.io/` or
 * `service.beta.kubernetes.io/` must be one the controller documents for `family`, not deprecated, with a
 * value of the documented type. Keys of other prefixes pass (they are not the controller's).
 */
export function checkAwsAnnotations(
  problems: Problems,
  field: string,
  annotations: Readonly<Record<string, string>> | undefined,
  family: 'alb' | 'service',
): void {
  const expected = family === 'alb' ? ALB_PREFIX : SERVICE_PREFIX;
  const doc =
    family === 'alb'
      ? "the controller's Ingress annotations (docs/guide/ingress/annotations.md)"
      : "the controller's Service annotations (docs/guide/service/annotations.md)";
  for (const [key, value] of Object.entries(annotations ?? {})) {
    const f = `${field}.${key}`;
    const fam = awsAnnotationFamily(key);
    if (!fam) continue;
    if (fam !== family) {
      problems.add(
        f,
        key,
        `is a ${fam === 'alb' ? 'Ingress (ALB)' : 'Service (NLB)'} annotation; on this object the controller ignores it`,
        `use a key starting with "${expected}"`,
      );
      continue;
    }
    const d = lookupAwsAnnotation(key);
    if (!d) {
      problems.add(
        f,
        key,
        `is not an annotation the AWS Load Balancer Controller (v3.5.0) documents; the controller would ignore it`,
        `use a key from ${doc}, or the typed option for it`,
      );
      continue;
    }
    if (d.deprecatedInFavorOf) {
      problems.add(
        f,
        key,
        'is deprecated by the AWS Load Balancer Controller',
        `use ${d.deprecatedInFavorOf} (or the typed option) instead`,
      );
      continue;
    }
    if (typeof value === 'string' && d.deprecatedValues?.[value]) {
      problems.add(f, value, 'is a deprecated value', `use ${d.deprecatedValues[value]}`);
      continue;
    }
    const err = annotationValueError(d, value);
    if (err) problems.add(f, value, `is not a valid value: ${err}`, `write the value as ${doc} shows`);
  }
}
