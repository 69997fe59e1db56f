import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import { ISTIO_SPLIT } from '../../model/exposure/istio-mesh';
import type { IstioIngressSpec, IstioUriMatchSpec } from '../../model/exposure/istio-ingress';
import type { VersionBackendSpec } from '../../model/exposure/service-backend';
import { writtenWeights } from '../../model/traffic/weights';
import {
  Gateway,
  GatewaySpecServers,
  GatewaySpecServersTlsMinProtocolVersion,
  GatewaySpecServersTlsMode,
  VirtualService,
  VirtualServiceSpecHttp,
  VirtualServiceSpecHttpMatch,
} from '../imports/istio';
import { nonEmpty } from '../api-object';
import { istioRoutePolicy } from './istio-routing';
import { firstInChart } from './written-once';

/** Props of `IstioIngressRouting`. */
export interface IstioIngressRoutingProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved Istio ingress exposure. */
  readonly spec: IstioIngressSpec;
}

/**
 * An app behind an Istio ingress Gateway (`networking.istio.io/v1`):
 *
 * - the Gateway (unless `create: false`), once per chart however many apps declare it: `selector` (the ingress gateway pods), with TLS an
 *   HTTPS server on 443 (`credentialName`, TLS 1.3 minimum by default) and an HTTP server on 80 that redirects to it
 *   (`httpsRedirect`), else a plain HTTP server on 80 (its reason declared);
 * - the app's VirtualService bound to it (`gateways: [<namespace>/<name>]`): the canary header rule first, then the
 *   weighted route to the per-version Services (the same integer weights as the mesh, 90/10 for a 10% canary), each
 *   with the URI matches, the rewrite, the request timeout and the retries of the traffic policy.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */
export class IstioIngressRouting extends Construct {
  /** The Gateway, when this app is the first of the chart to declare it. */
  readonly gateway?: Gateway;
  readonly virtualService: VirtualService;

  constructor(scope: Construct, id: string, props: IstioIngressRoutingProps) {
    super(scope, id);
    const { app, spec } = props;
    const g = spec.gateway;
    if (g.create && firstInChart(this, `Gateway.networking.istio.io/${g.namespace}/${g.name}`)) {
      this.gateway = new Gateway(this, 'gateway', {
        metadata: { name: g.name, namespace: g.namespace, labels: { ...app.labels } },
        spec: { selector: { ...g.selector }, servers: gatewayServers(spec) },
      });
    }
    const destination = (b: VersionBackendSpec) => ({
      host: `${b.serviceName}.${app.namespace}.svc.cluster.local`,
      port: { number: b.port },
    });
    const policy = istioRoutePolicy(app.traffic);
    const rewrite = spec.rewriteUri !== undefined ? { uri: spec.rewriteUri } : undefined;
    const uris: VirtualServiceSpecHttpMatch[] = spec.matches.map((m) => ({ uri: uriMatch(m) }));
    const http: VirtualServiceSpecHttp[] = [];
    const h = app.traffic.canaryHeader;
    if (h && spec.canaryBackend) {
      const headers = { [h.name]: { exact: h.value } };
      http.push({
        name: 'canary-header',
        match: uris.length > 0 ? uris.map((u) => ({ ...u, headers })) : [{ headers }],
        rewrite,
        route: [{ destination: destination(spec.canaryBackend) }],
        ...policy,
      });
    }
    // The integer weights of the declared shares (0.5% -> 995/5); a version with weight 0 is left out.
    const written = writtenWeights(
      spec.backends.map((b) => b.share),
      ISTIO_SPLIT,
    );
    const weighted = spec.backends.map((b, i) => ({ b, weight: written[i] })).filter((x) => x.weight > 0);
    http.push({
      name: 'default',
      match: uris.length > 0 ? uris : undefined,
      rewrite,
      route: weighted.map((x) => ({
        destination: destination(x.b),
        weight: weighted.length > 1 ? x.weight : undefined,
      })),
      ...policy,
    });
    this.virtualService = new VirtualService(this, 'virtual-service', {
      metadata: {
        name: spec.name,
        namespace: app.namespace,
        labels: { ...app.labels },
        annotations: nonEmpty({ ...app.annotations }),
      },
      spec: { hosts: [...spec.hosts], gateways: [`${g.namespace}/${g.name}`], http },
    });
  }
}

function uriMatch(m: IstioUriMatchSpec): { exact?: string; prefix?: string; regex?: string } {
  return { [m.type]: m.value };
}

/** The Gateway's servers: HTTPS on 443 and HTTP on 80 redirecting to it, or plain HTTP on 80. */
function gatewayServers(spec: IstioIngressSpec): GatewaySpecServers[] {
  const g = spec.gateway;
  const hosts = [...g.hosts];
  if (!g.tls) return [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts }];
  return [
    {
      port: { number: 443, name: 'https', protocol: 'HTTPS' },
      hosts,
      tls: {
        mode: GatewaySpecServersTlsMode.SIMPLE,
        credentialName: g.tls.credentialName,
        minProtocolVersion:
          g.tls.minProtocolVersion === 'TLSV1_2'
            ? GatewaySpecServersTlsMinProtocolVersion.TLSV1_UNDERSCORE_2
            : GatewaySpecServersTlsMinProtocolVersion.TLSV1_UNDERSCORE_3,
      },
    },
    { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts, tls: { httpsRedirect: true } },
  ];
}
