import type { WorkloadSpec } from '../app-spec';
import type { ExposureSpec, IExposure } from '../exposure/exposure';
import { FrontTrait, traits, WrittenObject } from '../exposure/traits';
import { Problems } from '../problems';
import type { CloudHealthCheckOverride } from '../exposure/cloud';
import type { HealthCheck } from '../health/health-check';
import { parseCidr } from '../ip';
import { checkAnnotationKeys, checkDnsLabel, checkLabels } from '../kubernetes-syntax';
import type { PortRef } from '../workload/probe';
import type { ServicePortSpec } from '../workload/ports';
import { resolveServicePort } from '../exposure/service-backend';
import { checkHost } from '../exposure/ingress';
import { GCP_L7_HEALTH_CHECK_RANGES, GcpHealthCheckSpec, gcpHealthCheckFront, gcpHealthCheck } from './health-check';
import { GcpBackendProps, GcpBackendSpec, gcpBackendSettings, resolveGcpBackend } from './backend-options';
import { IMPLEMENTATION_DEFAULTS } from '../exposure/implementation-defaults';

/** The `kind` of a resolved GKE Ingress. */
export const GKE_INGRESS_KIND = 'gke-ingress';

/** TLS of a GKE Ingress: certificates from Secrets, or Google-managed certificates. */
export interface GkeIngressTlsProps {
  /** kubernetes.io/tls Secrets in the app's namespace. @default none */
  readonly secretNames?: readonly string[];
  /** ManagedCertificate objects (`networking.gke.io/managed-certificates`). @default none */
  readonly managedCertificates?: readonly string[];
}

/** A GKE Ingress (class `gce` or `gce-internal`) with its BackendConfig and FrontendConfig. */
export interface GkeIngressProps {
  /** The Ingress', BackendConfig's and FrontendConfig's name. @default the app's name */
  readonly name?: string;
  /**
   * `gce`: an external Application Load Balancer; `gce-internal`: an internal one.
   * @default 'gce'
   */
  readonly className?: 'gce' | 'gce-internal';
  /** Host names the Ingress serves. @default every host (a default backend) */
  readonly hosts?: readonly string[];
  /** The Service port (name or number). @default the Service's first port */
  readonly port?: PortRef;
  /** TLS certificates. @default none (HTTP only) */
  readonly tls?: GkeIngressTlsProps;
  /**
   * Redirect HTTP to HTTPS (FrontendConfig `redirectToHttps`, external class only).
   * @default true with `tls` on `gce`
   */
  readonly redirectToHttps?: boolean;
  /**
   * The Google Cloud SSL policy of the HTTPS proxy (FrontendConfig `sslPolicy`, external class only).
   * @default none (Google's default policy allows TLS 1.0: name one with TLS 1.2+ and the MODERN or RESTRICTED profile)
   */
  readonly sslPolicy?: string;
  /**
   * A reserved static IP address (`kubernetes.io/ingress.global-static-ip-name`, or the regional one for `gce-internal`).
   * @default an ephemeral address
   */
  readonly staticIpName?: string;
  /**
   * The BackendConfig health check, when it must differ from the readiness probe.
   * `HealthCheck.override({ reason, ... })` as on every cloud (the plain `{ path, port, reason }` form is deprecated).
   * @default the readiness probe
   */
  readonly healthCheck?: HealthCheck | CloudHealthCheckOverride;
  /** The backend service (BackendConfig): timeout, draining, affinity. @default from the traffic policy */
  readonly backend?: GcpBackendProps;
  /**
   * `gce-internal`: the proxy-only subnet the load balancer's proxies connect from (the policy admits it).
   * @default `gce`: Google's front ends (35.191.0.0/16, 130.211.0.0/22); `gce-internal`: anywhere (`world`)
   */
  readonly proxyOnlySubnet?: readonly string[];
  /** Extra labels. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Extra annotations of the Ingress. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A resolved GKE Ingress. */
export interface GkeIngressSpec extends ExposureSpec {
  readonly kind: typeof GKE_INGRESS_KIND;
  readonly name: string;
  readonly className: 'gce' | 'gce-internal';
  readonly hosts: readonly string[];
  /** The NEG Service the Ingress sends to (carries the NEG and BackendConfig annotations). */
  readonly serviceName: string;
  readonly port: ServicePortSpec;
  readonly tls?: { readonly secretNames: readonly string[]; readonly managedCertificates: readonly string[] };
  readonly frontend?: { readonly redirectToHttps: boolean; readonly sslPolicy?: string };
  readonly staticIpName?: string;
  readonly healthCheck: GcpHealthCheckSpec;
  readonly backend: GcpBackendSpec;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

const GCP_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Stands in for a Service port that could not be resolved (the problem is reported), so resolution goes on. */
const PLACEHOLDER_PORT: ServicePortSpec = {
  port: 80,
  targetPort: 80,
  target: { name: 'http', port: 80, protocol: 'TCP' },
  protocol: 'TCP',
};

/**
 * Exposes the app through a GKE Ingress with container-native load balancing: its own Service with
 * `cloud.google.com/neg: '{"ingress": true}'` (the load balancer sends to pod IPs) and a BackendConfig
 * (health check from the readiness probe, draining from the deregistration delay, timeout from the traffic
 * policy), a FrontendConfig (HTTPS redirect, SSL policy). It sends to the Service, so a canary gets its share
 * of the pods (CT-TRAFFIC-015).
 *
 * ```ts
 * GkeIngress.create({ hosts: ['shop.example.com'], tls: { managedCertificates: ['shop'] }, sslPolicy: 'tls12-modern' })
 * ```
 */
export class GkeIngress implements IExposure {
  /**
   * A GKE Ingress.
   * @example
   * GkeIngress.create({ hosts: ['www.example.com'], tls: { managedCertificates: ['www-example-com'] } });
   */
  static create(props: GkeIngressProps = {}): GkeIngress {
    return new GkeIngress(props);
  }

  readonly kind = GKE_INGRESS_KIND;

  private constructor(
    /** The settings. */
    public readonly props: GkeIngressProps,
  ) {}

  resolve(problems: Problems, field: string, w: WorkloadSpec): GkeIngressSpec {
    const o = this.props ?? {};
    const f = (n: string) => `${field}.${n}`;
    const name = o.name ?? w.name;
    checkDnsLabel(problems, f('name'), name);
    checkLabels(problems, f('labels'), o.labels);
    checkAnnotationKeys(problems, f('annotations'), o.annotations);
    checkTypedGkeAnnotations(problems, f('annotations'), o.annotations);
    const className = resolveClassName(problems, f, o);
    const external = className !== 'gce-internal';
    const hosts = [...(o.hosts ?? [])];
    hosts.forEach((h, i) => checkHost(problems, `${f('hosts')}[${i}]`, h));
    const port = resolveServicePort(problems, f('port'), w, o.port) ?? PLACEHOLDER_PORT;
    if (port.protocol !== 'TCP')
      problems.add(f('port'), port.port, 'a GKE Ingress forwards HTTP over TCP', 'name a TCP Service port');
    const tls = resolveGkeTls(problems, f, o, external);
    const redirect = o.redirectToHttps ?? (tls !== undefined && external);
    if (o.redirectToHttps === true && !tls)
      problems.add(
        f('redirectToHttps'),
        true,
        'redirects to HTTPS, but the Ingress has no TLS',
        'add `tls` or remove `redirectToHttps`',
      );
    const subnet = checkGkeLoadBalancerOptions(problems, f, o, external);
    const healthCheck = gcpHealthCheck(problems, field, w, 'ingress', o.healthCheck);
    const backend = resolveGcpBackend(problems, f('backend'), o.backend, w, 'ingress');
    const notes = gkeIngressNotes(f, o, healthCheck, { tls: tls !== undefined, external, subnet });
    const serviceName = `${(w.service?.name ?? w.name).slice(0, 59).replace(/-+$/, '')}-neg`;
    const why = `${field} GKE Ingress "${name}" (class ${className})`;
    const fronts: FrontTrait[] = [
      {
        why,
        from: {
          kind: 'peer',
          peer: subnet
            ? { kind: 'cidrs', cidrs: subnet }
            : external
              ? { kind: 'cidrs', cidrs: [...GCP_L7_HEALTH_CHECK_RANGES] }
              : { kind: 'entities', entities: ['world'] },
        },
        ports: [{ port: port.target.port, protocol: 'TCP' }],
        healthChecks: [],
      },
      gcpHealthCheckFront(why, healthCheck),
    ];
    const labels = { ...(o.labels ?? {}) };
    return {
      kind: GKE_INGRESS_KIND,
      name,
      className,
      hosts,
      serviceName,
      port,
      ...(tls ? { tls } : {}),
      ...(redirect || o.sslPolicy !== undefined
        ? { frontend: { redirectToHttps: redirect, ...(o.sslPolicy !== undefined ? { sslPolicy: o.sslPolicy } : {}) } }
        : {}),
      ...(o.staticIpName !== undefined ? { staticIpName: o.staticIpName } : {}),
      healthCheck,
      backend,
      labels,
      annotations: { ...(o.annotations ?? {}) },
      traits: traits({
        label: `GKE Ingress "${name}" (class ${className})`,
        implementationDefaults: IMPLEMENTATION_DEFAULTS.gcpL7,
        reach: external ? 'internet' : 'internal',
        hosts: hosts.map((host) => ({ host, paths: [] })),
        loadBalancerTargetsPods: true,
        fronts,
        notes,
        settings: gcpBackendSettings(f('backend'), backend),
        objects: gkeIngressObjects(f, w, name, serviceName),
      }),
    };
  }
}

/** TLS: Secrets and Google-managed certificates (external only). */
function resolveGkeTls(
  problems: Problems,
  f: (n: string) => string,
  o: GkeIngressProps,
  external: boolean,
): GkeIngressSpec['tls'] {
  let tls: GkeIngressSpec['tls'];
  if (o.tls !== undefined) {
    const secretNames = [...(o.tls.secretNames ?? [])];
    const managedCertificates = [...(o.tls.managedCertificates ?? [])];
    if (secretNames.length + managedCertificates.length === 0)
      problems.add(
        f('tls'),
        o.tls,
        'TLS without a certificate: neither `secretNames` nor `managedCertificates` is given',
        'name a kubernetes.io/tls Secret or a ManagedCertificate, or remove `tls`',
      );
    secretNames.forEach((s, i) => checkDnsLabel(problems, `${f('tls.secretNames')}[${i}]`, s, 253));
    managedCertificates.forEach((s, i) => checkDnsLabel(problems, `${f('tls.managedCertificates')}[${i}]`, s, 253));
    if (managedCertificates.length > 0 && !external)
      problems.add(
        f('tls.managedCertificates'),
        managedCertificates,
        'Google-managed certificates serve external load balancers only',
        'use `secretNames` with gce-internal',
      );
    tls = { secretNames, managedCertificates };
  }
  return tls;
}

/** The FrontendConfig's options (external only), the static IP and the proxy-only subnet (internal only). */
function checkGkeLoadBalancerOptions(
  problems: Problems,
  f: (n: string) => string,
  o: GkeIngressProps,
  external: boolean,
): string[] | undefined {
  if (!external && (o.redirectToHttps === true || o.sslPolicy !== undefined)) {
    problems.add(
      o.sslPolicy !== undefined ? f('sslPolicy') : f('redirectToHttps'),
      o.sslPolicy ?? true,
      'a FrontendConfig applies to external Ingresses (class gce) only',
      "remove it, or use className 'gce'",
    );
  }
  if (o.sslPolicy !== undefined && !GCP_NAME.test(o.sslPolicy))
    problems.add(
      f('sslPolicy'),
      o.sslPolicy,
      'is not a Google Cloud resource name',
      'use the SSL policy\'s name, e.g. "tls12-modern"',
    );
  if (o.staticIpName !== undefined && !GCP_NAME.test(o.staticIpName))
    problems.add(
      f('staticIpName'),
      o.staticIpName,
      'is not a Google Cloud resource name',
      'use the reserved address\' name, e.g. "shop-ip"',
    );
  const subnet = o.proxyOnlySubnet === undefined ? undefined : [...o.proxyOnlySubnet];
  if (subnet && external)
    problems.add(
      f('proxyOnlySubnet'),
      subnet,
      "an external GKE Ingress runs on Google's front ends, not in a proxy-only subnet",
      'remove `proxyOnlySubnet`',
    );
  subnet?.forEach((c, i) => {
    const p = parseCidr(c);
    if (!p.ok)
      problems.add(`${f('proxyOnlySubnet')}[${i}]`, c, `is not a CIDR: it ${p.reason}`, 'use e.g. "10.129.0.0/23"');
  });
  return subnet;
}

/** The warnings: the health check's, no SSL policy, no proxy-only subnet. */
function gkeIngressNotes(
  f: (n: string) => string,
  o: GkeIngressProps,
  healthCheck: GcpHealthCheckSpec,
  c: { readonly tls: boolean; readonly external: boolean; readonly subnet: readonly string[] | undefined },
) {
  const { tls, external, subnet } = c;
  const notes = [...healthCheck.notes];
  if (tls && external && o.sslPolicy === undefined)
    notes.push({
      id: 'CT-GCP-104',
      field: f('sslPolicy'),
      message:
        "no SSL policy: Google's default policy accepts TLS 1.0; name a policy with a TLS 1.2 minimum (MODERN or RESTRICTED profile)",
    });
  if (!external && !subnet)
    notes.push({
      id: 'CT-GCP-105',
      field: f('proxyOnlySubnet'),
      message:
        "an internal Application Load Balancer's proxies connect from the proxy-only subnet, which is not given: the network policy admits anywhere on the traffic port",
    });
  return notes;
}

/** The objects: the Ingress, its BackendConfig and its NEG Service. */
function gkeIngressObjects(
  f: (n: string) => string,
  w: WorkloadSpec,
  name: string,
  serviceName: string,
): WrittenObject[] {
  return [
    { kind: 'Ingress', namespace: w.namespace, name, field: f('name'), fix: 'give the exposure its own `name`' },
    {
      kind: 'BackendConfig',
      namespace: w.namespace,
      name,
      field: f('name'),
      fix: 'give the exposure its own `name`',
    },
    {
      kind: 'Service',
      namespace: w.namespace,
      name: serviceName,
      field: f('name'),
      fix: 'expose the app through one GKE Ingress',
    },
  ];
}

/** The Ingress class: `gce` (external) or `gce-internal`. */
function resolveClassName(problems: Problems, f: (n: string) => string, o: GkeIngressProps) {
  const className = o.className ?? 'gce';
  if (className !== 'gce' && className !== 'gce-internal')
    problems.add(
      f('className'),
      o.className,
      "must be 'gce' or 'gce-internal'",
      "use 'gce' for an external Application Load Balancer",
    );
  return className;
}

/**
 * The GKE Ingress annotations the typed options write, with the option to use: given in `annotations`, the
 * written value would replace them (or, for a static IP, the class would pick the other key) without a word.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration
 */
const TYPED_GKE_ANNOTATIONS: Readonly<Record<string, string>> = {
  'kubernetes.io/ingress.class': "`className` ('gce' or 'gce-internal')",
  'kubernetes.io/ingress.global-static-ip-name': '`staticIpName` (it writes the key of the class)',
  'kubernetes.io/ingress.regional-static-ip-name': '`staticIpName` (it writes the key of the class)',
  'networking.gke.io/managed-certificates': '`tls: { managedCertificates: [...] }`',
  'networking.gke.io/v1beta1.FrontendConfig':
    '`redirectToHttps` and `sslPolicy` (the FrontendConfig is written from them)',
};

/** Refuses, in `annotations`, a key a typed option of the GKE Ingress writes. */
function checkTypedGkeAnnotations(
  problems: Problems,
  field: string,
  annotations: Readonly<Record<string, string>> | undefined,
): void {
  if (annotations === null || typeof annotations !== 'object') return;
  for (const [k, v] of Object.entries(annotations)) {
    const option = TYPED_GKE_ANNOTATIONS[k];
    if (option === undefined) continue;
    problems.add(
      `${field}.${k}`,
      v,
      'is written by the GKE Ingress from its typed option, whose value would replace this one (or the key of the other class would be ignored)',
      `remove the annotation and use ${option}`,
    );
  }
}
