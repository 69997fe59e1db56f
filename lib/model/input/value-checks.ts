import { Problems } from '../problems';

/**
 * Value checks where Kubernetes, AWS, Cilium or Terraform would refuse or misread a well-typed value, by
 * `<PropsType>.<field>` (`*.<field>` for every type). They run inside the input check, on values that
 * already have the right shape, and only report: resolvers then see the value as written (and a later
 * problem on the same field is not repeated).
 */
export type ValueCheck = (
  problems: Problems,
  field: string,
  value: unknown,
  parent: Readonly<Record<string, unknown>>,
) => void;

/** Kubernetes: the total size of an object's annotations (keys and values). */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;
/** An ALB listener rule's path pattern. */
export const MAX_ALB_PATH = 128;

/**
 * The ELB security policies (Application and Network Load Balancers). The TLS 1.3 family follows one
 * naming scheme, so later dated variants of it pass; the others are AWS's fixed legacy names.
 */
const TLS13_POLICY = /^ELBSecurityPolicy-TLS13-1-[0-3](-(Res|Ext0|Ext1|Ext2|FIPS|PQ))*-20\d\d-\d\d$/;
const LEGACY_POLICIES = new Set([
  'ELBSecurityPolicy-2016-08',
  'ELBSecurityPolicy-2015-05',
  'ELBSecurityPolicy-TLS-1-0-2015-04',
  'ELBSecurityPolicy-TLS-1-1-2017-01',
  'ELBSecurityPolicy-TLS-1-2-2017-01',
  'ELBSecurityPolicy-TLS-1-2-Ext-2018-06',
  'ELBSecurityPolicy-FS-2018-06',
  'ELBSecurityPolicy-FS-1-1-2019-08',
  'ELBSecurityPolicy-FS-1-2-2019-08',
  'ELBSecurityPolicy-FS-1-2-Res-2019-08',
  'ELBSecurityPolicy-FS-1-2-Res-2020-10',
]);

/** True for a security policy name AWS defines. */
export function isElbSecurityPolicy(name: string): boolean {
  return TLS13_POLICY.test(name) || LEGACY_POLICIES.has(name);
}

/** True for a policy that offers TLS 1.3 and nothing older than TLS 1.2. */
export function isModernTlsPolicy(name: string): boolean {
  return /^ELBSecurityPolicy-TLS13-1-[23](-|$)/.test(name);
}

function both(a: ValueCheck, b: ValueCheck): ValueCheck {
  return (problems, field, value, parent) => {
    const before = problems.size;
    a(problems, field, value, parent);
    if (problems.size === before) b(problems, field, value, parent);
  };
}

const tlsPolicy: ValueCheck = (problems, field, value) => {
  if (typeof value === 'string' && /^ELBSecurityPolicy-[A-Za-z0-9-]+$/.test(value) && !isElbSecurityPolicy(value)) {
    problems.add(
      field,
      value,
      'is not a security policy AWS defines (the listener would be refused)',
      'use e.g. "ELBSecurityPolicy-TLS13-1-2-2021-06" (see `aws elbv2 describe-ssl-policies`)',
    );
  }
};

/** Every DNS label of a host name at most 63 characters, the whole name at most 253. */
function checkHostLength(problems: Problems, field: string, host: unknown): void {
  if (typeof host !== 'string') return;
  const long = host.split('.').find((l) => l.length > 63);
  if (long)
    problems.add(
      field,
      host,
      `has a DNS label of ${long.length} characters (at most 63)`,
      'shorten that part of the name',
    );
  else if (host.length > 253)
    problems.add(field, host, `is ${host.length} characters long (a DNS name has at most 253)`, 'use a shorter name');
}

export const hostList: ValueCheck = (problems, field, value) => {
  if (Array.isArray(value)) value.forEach((h, i) => checkHostLength(problems, `${field}[${i}]`, h));
};
export const host: ValueCheck = (problems, field, value) => checkHostLength(problems, field, value);

const annotations: ValueCheck = (problems, field, value) => {
  if (typeof value !== 'object' || value === null) return;
  const bytes = Object.entries(value).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0);
  if (bytes > MAX_ANNOTATIONS_BYTES) {
    problems.add(
      field,
      `${Object.keys(value).length} annotations, ${bytes} bytes`,
      `the annotations total ${bytes} bytes; Kubernetes refuses an object whose annotations exceed ${MAX_ANNOTATIONS_BYTES} bytes (256 KiB)`,
      'keep large data in a ConfigMap and reference it',
    );
  }
};

/** ALB tags: not under `aws:` (reserved), and no `,` or `=` that would change the annotation's `k=v,k=v` list. */
const albTags: ValueCheck = (problems, field, value) => {
  if (typeof value !== 'object' || value === null) return;
  for (const [k, v] of Object.entries(value)) {
    if (/^aws:/i.test(k))
      problems.add(
        `${field}.${k}`,
        k,
        'tag keys starting with "aws:" are reserved for AWS',
        'use your own prefix, e.g. "acme:owner"',
      );
    else if (k.length > 128)
      problems.add(`${field}.${k}`, k, 'a tag key has at most 128 characters', 'shorten the key');
    if (typeof v === 'string' && v.length > 256)
      problems.add(`${field}.${k}`, v, 'a tag value has at most 256 characters', 'shorten the value');
    if (/[,=]/.test(k))
      problems.add(
        `${field}.${k}`,
        k,
        'contains "," or "=", which would split the tags annotation (k=v,k=v) into other tags',
        'remove the "," and "=" from the key',
      );
    if (typeof v === 'string' && /[,=]/.test(v))
      problems.add(
        `${field}.${k}`,
        v,
        'contains "," or "=", which would add other tags to the tags annotation (k=v,k=v)',
        'remove the "," and "=" from the value',
      );
  }
};

/** Tags of a Terraform stack: no list format to break, but AWS reserves `aws:`. */
export const awsTags: ValueCheck = (problems, field, value) => {
  if (typeof value !== 'object' || value === null) return;
  for (const k of Object.keys(value)) {
    if (/^aws:/i.test(k))
      problems.add(
        `${field}.${k}`,
        k,
        'tag keys starting with "aws:" are reserved for AWS',
        'use your own prefix, e.g. "acme:owner"',
      );
  }
};

/** A value written into a `key=value,key=value` attribute annotation. */
const attributeValue: ValueCheck = (problems, field, value) => {
  if (typeof value === 'string' && /[,=]/.test(value)) {
    problems.add(
      field,
      value,
      'contains "," or "=", which would add other attributes to the load balancer attributes annotation (key=value,key=value)',
      'remove the "," and "=" (S3 prefixes are plain path segments such as "logs/web")',
    );
  }
};

/** ALB listener rule path patterns have at most 128 characters. */
const albPathList: ValueCheck = (problems, field, value) => {
  if (!Array.isArray(value)) return;
  value.forEach((p, i) => {
    const path = typeof p === 'string' ? p : (p as { path?: unknown } | null)?.path;
    if (typeof path === 'string' && path.length > MAX_ALB_PATH) {
      problems.add(
        typeof p === 'string' ? `${field}[${i}]` : `${field}[${i}].path`,
        path,
        `is ${path.length} characters long; an ALB path pattern has at most ${MAX_ALB_PATH}`,
        'shorten the path (a prefix matches everything below it)',
      );
    }
  });
};

/** Service names are DNS-1035 labels: they start with a letter. */
const serviceName =
  (what: string): ValueCheck =>
  (problems, field, value, parent) => {
    if (typeof value !== 'string' || !/^[0-9]/.test(value)) return;
    if (
      what === 'app' &&
      (parent.service === false || (parent.names as { service?: unknown } | undefined)?.service !== undefined)
    )
      return;
    problems.add(
      field,
      value,
      `${what === 'app' ? "names the app's Service, and " : ''}a Service name must start with a letter (DNS-1035); Kubernetes refuses "${value}"`,
      `start it with a letter, e.g. "app-${value}"${what === 'app' ? ', or set `names.service`' : ''}`,
    );
  };

/** The `version` label is the library's when the app has versions: the user's own would be replaced. */
const labelsWithVersion: ValueCheck = (problems, field, value, parent) => {
  if (typeof value !== 'object' || value === null || !('version' in value)) return;
  const versions = parent.versions;
  if (versions && typeof versions === 'object' && Object.keys(versions).length > 0) {
    problems.add(
      `${field}.version`,
      (value as Record<string, unknown>).version,
      "the pods' `version` label carries each version's name (the Deployments and per-version Services select on it), so this value would be replaced",
      "set the stable version's value with the `version` prop, or use another label key",
    );
  }
};

/** A security opt-out needs a reason of a few words in its sibling prop, as `https: false` and the baseline level do. */
function hasReason(parent: Readonly<Record<string, unknown>>, key: string): boolean {
  const r = parent[key];
  return typeof r === 'string' && r.trim().length >= 10;
}

const weakTlsNeedsReason =
  (reasonKey: string): ValueCheck =>
  (problems, field, value, parent) => {
    if (
      typeof value !== 'string' ||
      !isElbSecurityPolicy(value) ||
      isModernTlsPolicy(value) ||
      hasReason(parent, reasonKey)
    )
      return;
    problems.add(
      field,
      value,
      'allows TLS versions older than 1.2, or TLS 1.2 without 1.3: a security opt-out needs a reason',
      `use "ELBSecurityPolicy-TLS13-1-2-2021-06", or say why in \`${reasonKey}\` (e.g. "clients on Android 4 need TLS 1.0 until 2027")`,
    );
  };

const optOutNeedsReason =
  (reasonKey: string, what: string): ValueCheck =>
  (problems, field, value, parent) => {
    if (value === false && !hasReason(parent, reasonKey)) {
      problems.add(
        field,
        value,
        `${what}: a security opt-out needs a reason`,
        `leave it at its default, or say why in \`${reasonKey}\` (at least 10 characters)`,
      );
    }
  };

/** Kubernetes validates `appProtocol` as a qualified name: an IANA name or a domain-prefixed one. */
const appProtocol: ValueCheck = (problems, field, value) => {
  if (typeof value !== 'string') return;
  const slash = value.lastIndexOf('/');
  const prefix = slash >= 0 ? value.slice(0, slash) : undefined;
  const name = slash >= 0 ? value.slice(slash + 1) : value;
  const ok =
    /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(name) &&
    name.length <= 63 &&
    (prefix === undefined ||
      (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(prefix) && prefix.length <= 253));
  if (!ok)
    problems.add(
      field,
      value,
      'is not a valid appProtocol (an IANA service name such as "http", or a domain-prefixed name such as "kubernetes.io/h2c")',
      'use e.g. "http", "grpc" or "kubernetes.io/h2c"',
    );
};

/** The checks, by `<PropsType>.<field>`, or `*.<field>` for every type. */
export const VALUE_CHECKS: Readonly<Record<string, ValueCheck>> = {
  'TrafficAppProps.name': serviceName('app'),
  'ObjectNames.service': serviceName('service'),
  'ContainerPortProps.appProtocol': appProtocol,
  'ServicePortProps.appProtocol': appProtocol,
  'TrafficAppProps.labels': labelsWithVersion,
  'TrafficAppProps.podLabels': labelsWithVersion,
  '*.annotations': annotations,
  'TrafficAppProps.podAnnotations': annotations,
  'VersionProps.podAnnotations': annotations,
  'AlbIngressProps.sslPolicy': both(tlsPolicy, weakTlsNeedsReason('sslPolicyReason')),
  'NlbTlsProps.policy': both(tlsPolicy, weakTlsNeedsReason('policyReason')),
  'TerraformAlbProps.sslPolicy': both(tlsPolicy, weakTlsNeedsReason('sslPolicyReason')),
  'TerraformNlbProps.sslPolicy': both(tlsPolicy, weakTlsNeedsReason('sslPolicyReason')),
  'AlbIngressProps.dropInvalidHeaderFields': optOutNeedsReason(
    'keepInvalidHeaderFieldsReason',
    'sends headers with invalid names on to the pods (a request smuggling defence is off)',
  ),
  'NetworkPolicyProps.restrictEgress': optOutNeedsReason(
    'openEgressReason',
    "leaves the pods' egress open to anywhere",
  ),
  'AlbIngressProps.hosts': hostList,
  'AlbIngressProps.tlsHosts': hostList,
  'IngressProps.hosts': hostList,
  'IngressTlsProps.hosts': hostList,
  'HttpRouteProps.hostnames': hostList,
  'AwsHttpRouteProps.hostnames': hostList,
  'AwsGrpcRouteProps.hostnames': hostList,
  'AwsGatewayListenerProps.hostname': host,
  'AwsGatewayProps.sslPolicy': both(tlsPolicy, weakTlsNeedsReason('sslPolicyReason')),
  'GrpcRouteProps.hostnames': hostList,
  'GatewayListenerProps.hostname': host,
  'TerraformAlbProps.hosts': hostList,
  'IstioMeshProps.hosts': hostList,
  'AlbIngressProps.paths': albPathList,
  'TerraformAlbProps.paths': albPathList,
  'AlbIngressProps.tags': albTags,
  'AlbAccessLogs.prefix': attributeValue,
  'AlbAccessLogs.bucket': attributeValue,
};
