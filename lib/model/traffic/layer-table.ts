import { Duration } from 'cdk8s';
import type { TrafficAppProps } from '../app-props';
import { TrafficApp } from '../app';
import type { IExposure } from '../exposure/exposure';
import { AgcRoute } from '../azure/agc-route';
import { AwsGatewayRoute } from '../aws/aws-gateway-route';
import { Cloud } from '../exposure/cloud';
import { LoadBalancerService } from '../exposure/cloud-load-balancer-service';
import { GATEWAY_IMPLEMENTATION_NAMES, GATEWAY_IMPLEMENTATIONS } from '../exposure/gateway-implementations';
import { GatewayRouteExposure } from '../exposure/gateway-route';
import { GkeGatewayRoute } from '../gcp/gke-gateway-route';
import { GkeIngress } from '../gcp/gke-ingress';
import { IngressExposure } from '../exposure/ingress';
import { InferencePoolRoute } from '../exposure/inference-pool';
import { Mesh } from '../exposure/istio-mesh';
import { IstioIngress } from '../exposure/istio-ingress';
import { LbIpamService } from '../exposure/lb-ipam-service';
import { LoadBalancerServiceExposure } from '../aws/nlb-service';
import { TerraformLoadBalancer } from '../aws/terraform-load-balancer';
import { Certificate } from '../aws/certificate';
import type { Problem } from '../problems';
import { Probe } from '../workload/probe';
import {
  dataplaneRow,
  SETTING_FIELDS,
  SettingCell,
  settingRow,
  SettingRow,
  TRAFFIC_SETTINGS,
  TrafficSetting,
} from './layer-support';
import { dataplaneLayer } from '../dataplane/dataplane-layer';
import { Dataplane } from '../dataplane/dataplane';

/**
 * One row of the table: a layer (an exposure kind in one of its modes, or the dataplane) and the definition that
 * resolves it.
 */
export interface LayerSample {
  /** The row's name, e.g. `Istio (ambient)`. */
  readonly layer: string;
  /** The exposure. */
  readonly exposure: () => IExposure;
  /** What the app needs besides (a gRPC port, an experimental channel, the dataplane). */
  readonly app?: Partial<TrafficAppProps>;
  /** `dataplane`: the row is the app's dataplane (`dataplaneRow`), behind the exposure; default: the exposure. */
  readonly of?: 'dataplane';
}

const grpcApp: Partial<TrafficAppProps> = {
  ports: [{ name: 'grpc', port: 9090, appProtocol: 'grpc' }],
  readiness: Probe.grpc({ port: 'grpc' }),
  service: { ports: [{ name: 'grpc', port: 9090, targetPort: 'grpc' }] },
};
const parents = [{ name: 'public', namespace: 'gateways' }];
const SAMPLE_SERVICE: TrafficAppProps['service'] = { ports: [{ name: 'http', port: 80, targetPort: 'http' }] };
const agcGateway = {
  name: 'public',
  className: 'azure-alb-external',
  listeners: [{ name: 'http', protocol: 'HTTP' as const, port: 80 }],
};

/**
 * A route served by each Gateway API implementation the library knows by name (`implementation`, from
 * GATEWAY_IMPLEMENTATIONS): what it writes there and its defaults differ from a route of an unknown implementation.
 * An implementation a plain route refuses (its own kind writes what it reads) shows as refused.
 */
const IMPLEMENTATION_SAMPLES: readonly LayerSample[] = GATEWAY_IMPLEMENTATION_NAMES.flatMap((implementation) => {
  const by = `${GATEWAY_IMPLEMENTATIONS[implementation].source}, \`implementation: '${implementation}'\``;
  return [
    {
      layer: `HTTPRoute served by ${by}`,
      exposure: () => GatewayRouteExposure.http({ parents, implementation }),
    },
    {
      layer: `GRPCRoute served by ${by}`,
      exposure: () => GatewayRouteExposure.grpc({ parents, implementation }),
      app: grpcApp,
    },
  ];
});

/** Every built-in exposure kind in each mode that changes what it carries out (a test fails when a kind has no row). */
export const LAYER_SAMPLES: readonly LayerSample[] = [
  {
    layer: 'ALB Ingress (AWS Load Balancer Controller)',
    exposure: () => IngressExposure.alb({ hosts: ['shop.example.com'] }),
  },
  {
    layer: 'Ingress of another class (e.g. nginx)',
    exposure: () => IngressExposure.withClass({ className: 'nginx', hosts: ['shop.example.com'] }),
  },
  { layer: 'NLB Service (AWS Load Balancer Controller)', exposure: () => LoadBalancerServiceExposure.nlb() },
  {
    layer: 'Terraform ALB',
    exposure: () => TerraformLoadBalancer.alb({ hosts: ['shop.example.com'], certificate: Certificate.dnsValidated() }),
  },
  // The canary at weight 0: a network load balancer refuses a split (its cell), which would hold back every other setting.
  {
    layer: 'Terraform NLB',
    exposure: () => TerraformLoadBalancer.nlb(),
    app: { versions: { v2: { image: 'ghcr.io/acme/shop:2.0.0', weight: 0 } } },
  },
  {
    layer: 'HTTPRoute (Gateway API, standard channel, implementation not named)',
    exposure: () => GatewayRouteExposure.http({ parents }),
  },
  {
    layer: 'HTTPRoute (Gateway API, experimental channel, implementation not named)',
    exposure: () => GatewayRouteExposure.http({ parents }),
    app: { traffic: { gatewayApiChannel: 'experimental' } },
  },
  {
    layer: 'GRPCRoute (Gateway API, implementation not named)',
    exposure: () => GatewayRouteExposure.grpc({ parents }),
    app: grpcApp,
  },
  ...IMPLEMENTATION_SAMPLES,
  {
    layer: 'HTTPRoute on an AWS ALB Gateway (AWS Load Balancer Controller)',
    exposure: () => AwsGatewayRoute.http({ gateway: { listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] } }),
  },
  {
    layer: 'TCPRoute on an AWS NLB Gateway (AWS Load Balancer Controller)',
    exposure: () => AwsGatewayRoute.tcp({ gateway: { listeners: [{ name: 'tcp', protocol: 'TCP', port: 443 }] } }),
  },
  { layer: 'GKE Gateway HTTPRoute', exposure: () => GkeGatewayRoute.http({ parents: [{ name: 'public' }] }) },
  { layer: 'GKE Ingress', exposure: () => GkeIngress.create({ hosts: ['shop.example.com'] }) },
  {
    layer: 'HTTPRoute to InferencePools (Gateway API Inference Extension)',
    exposure: () =>
      InferencePoolRoute.http({
        parents,
        pools: ['v1', 'v2'].map((version) => ({
          version,
          endpointPicker: { serviceName: `shop-${version}-epp`, port: 9002, failureMode: 'FailClose' as const },
        })),
      }),
  },
  {
    layer: 'Application Gateway for Containers HTTPRoute',
    exposure: () =>
      AgcRoute.http({ gateway: agcGateway, applicationLoadBalancer: { name: 'alb', namespace: 'alb-infra' } }),
  },
  { layer: 'LoadBalancer Service (GKE)', exposure: () => LoadBalancerService.create({ cloud: Cloud.gke() }) },
  { layer: 'LoadBalancer Service (AKS)', exposure: () => LoadBalancerService.create({ cloud: Cloud.aks() }) },
  { layer: 'LoadBalancer Service (Cilium LB IPAM)', exposure: () => LbIpamService.create() },
  { layer: 'Istio (sidecar)', exposure: () => Mesh.istio() },
  { layer: 'Istio (sidecar, Gateway API routes)', exposure: () => Mesh.istio({ routing: 'gateway-api' }) },
  { layer: 'Istio (ambient)', exposure: () => Mesh.istio({ injection: 'ambient' }) },
  {
    layer: 'Istio (ambient, experimental channel)',
    exposure: () => Mesh.istio({ injection: 'ambient' }),
    app: { traffic: { gatewayApiChannel: 'experimental' } },
  },
  {
    layer: 'Istio ingress Gateway',
    exposure: () =>
      IstioIngress.route({
        gateway: { name: 'public', hosts: ['shop.example.com'], tls: { credentialName: 'shop-tls' } },
      }),
  },
  { layer: 'Linkerd', exposure: () => Mesh.linkerd({ allowFrom: [{ serviceAccount: 'web', namespace: 'shop' }] }) },
  {
    layer: 'Ingress of class cilium (Cilium Ingress controller)',
    exposure: () => IngressExposure.withClass({ className: 'cilium', hosts: ['shop.example.com'] }),
  },
  // The dataplane behind a Cilium Gateway's route: Cilium's eBPF datapath, and its L7 policy proxy with HTTP rules.
  {
    layer: 'Cilium dataplane, no L7 rules (eBPF datapath)',
    exposure: () => GatewayRouteExposure.http({ parents, implementation: 'cilium' }),
    app: { dataplane: Dataplane.cilium() },
    of: 'dataplane',
  },
  {
    layer: "Cilium dataplane with L7 rules (Cilium's L7 policy proxy, Envoy)",
    exposure: () => GatewayRouteExposure.http({ parents, implementation: 'cilium' }),
    app: { dataplane: Dataplane.cilium({ l7: [{ method: 'GET|POST', path: '/api/.*' }] }) },
    of: 'dataplane',
  },
];

/**
 * The app every row resolves (a canary and every setting declared, so each cell is the one a user meets); `app`
 * declares what is not a traffic setting (the Service's `sessionAffinity`).
 */
export function sampleApp(
  sample: LayerSample,
  traffic: TrafficAppProps['traffic'] = {},
  app: Partial<TrafficAppProps> = {},
): TrafficApp {
  return TrafficApp.define({
    name: 'shop',
    namespace: 'shop',
    image: 'ghcr.io/acme/shop:1.0.0',
    replicas: 2,
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/ready', { port: 'http' }),
    service: SAMPLE_SERVICE,
    versions: { v2: { image: 'ghcr.io/acme/shop:2.0.0', weight: 10 } },
    ...sample.app,
    ...app,
    ...(app.service || sample.app?.service
      ? { service: { ...(sample.app?.service ?? SAMPLE_SERVICE), ...app.service } as TrafficAppProps['service'] }
      : {}),
    traffic: { ...sample.app?.traffic, ...traffic },
    expose: app.expose ?? [sample.exposure()],
  });
}

/**
 * A row of the table: the layer, the exposure kind, and its cell for every setting; or, where the exposure itself is
 * refused in that mode (a plain route on an implementation whose own kind writes what it reads), the problem.
 */
export type LayerTableRow =
  | { readonly layer: string; readonly kind: string; readonly field: string; readonly cells: SettingRow }
  | { readonly layer: string; readonly kind: string; readonly field: string; readonly refused: Problem };

/** The kind of a dataplane row, e.g. `dataplane: cilium`. */
const DATAPLANE_KIND = 'dataplane: cilium';

/**
 * The table of every traffic setting on every layer, from the kinds' traits (and the dataplane's layer); `field` is
 * the layer's in the definition (`expose[0]`, `dataplane`), where its findings are reported.
 */
export function layerTable(): LayerTableRow[] {
  return LAYER_SAMPLES.map((sample) => {
    const { spec, problems } = sampleApp(sample, TABLE_TRAFFIC).resolve();
    const e = spec.exposures[0];
    if (sample.of === 'dataplane') {
      const dp = dataplaneLayer(spec)!;
      return { layer: sample.layer, kind: DATAPLANE_KIND, field: dp.field, cells: dataplaneRow(dp) };
    }
    const refused = problems.find((p) => p.field.startsWith('expose[0].'));
    return refused
      ? { layer: sample.layer, kind: e.kind, field: 'expose[0]', refused }
      : { layer: sample.layer, kind: e.kind, field: 'expose[0]', cells: settingRow(e.traits) };
  });
}

/** The traffic policy of the table's rows: retries and an idle timeout declared (a layer says how it writes them). */
const TABLE_TRAFFIC: TrafficAppProps['traffic'] = { retry: { attempts: 2 }, idleTimeout: Duration.seconds(60) };

const cellText = (c: SettingCell) => (c.state === 'applied' ? `applied: ${c.where}` : `${c.state} ${c.id}: ${c.why}`);

const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The table in Markdown, one section per layer (a settings-by-layers grid would be too wide to read): what
 * docs/traffic-settings.md holds between its markers (`node scripts/run.js scripts/gen-settings-table.ts`).
 */
export function layerTableMarkdown(rows: readonly LayerTableRow[] = layerTable()): string {
  const head = `| setting | declared by | on this layer |\n| --- | --- | --- |`;
  return rows
    .map((r) => {
      if ('refused' in r)
        return `### ${r.layer} (\`${r.kind}\`)\n\nRefused at \`${r.refused.field}\`: ${escape(r.refused.message)}. Fix: ${escape(r.refused.fix)}.`;
      const lines = TRAFFIC_SETTINGS.map(
        (s: TrafficSetting) => `| ${s} | \`${SETTING_FIELDS[s]}\` | ${escape(cellText(r.cells[s]))} |`,
      );
      return [`### ${r.layer} (\`${r.kind}\`)`, '', head, ...lines].join('\n');
    })
    .join('\n\n');
}
