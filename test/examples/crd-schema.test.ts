import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { buildK8s, synthK8s } from '../../apps/main-k8s';
import { BARE_METAL_CLUSTER } from '../../apps/bare-metal';
import {
  AwsGatewayRoute,
  GatewayRouteExposure,
  HttpFilter,
  Probe,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
} from '../../lib';
import { CiliumCluster } from '../../lib/k8s/cilium';
import type { K8sObject } from '../support/k8s';
import { all, one, synthApps } from '../support/k8s';
import { validateCore } from '../support/validate-k8s';
import {
  crdFixture,
  crdSchemaFile,
  crdSchemaFiles,
  GatewayApiChannel,
  isCustomResource,
  validateCrd,
  validateCrds,
} from '../support/validate-crd';

// The custom resources `npm run synth` writes, checked against the CRD schemas of test/fixtures/crd-schemas
// (extracted from the upstream CRDs by scripts/extract-crd-schemas.mjs; see the README there).

interface Synthesized {
  objects: K8sObject[];
  /** Gateway API channel of each object: the one its app declares (`traffic.gatewayApiChannel`). */
  channel: Map<K8sObject, GatewayApiChannel>;
}

/** Synthesizes the example apps into a fresh folder, as examples.test.ts does, and reads the manifests back. */
function synthExamples(): Synthesized {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-traffic-crd-'));
  try {
    const app = buildK8s(dir);
    const charts = [...app.charts, ...synthK8s(app).flatMap((cluster) => cluster.charts)];
    const objects: K8sObject[] = [];
    const channel = new Map<K8sObject, GatewayApiChannel>();
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.k8s.yaml'))
      .sort();
    for (const f of files) {
      const chart = charts.find((c) => `${c.node.id}.k8s.yaml` === f);
      if (!chart) throw new Error(`${f}: no chart of that name`);
      // One channel per chart: every example chart's apps agree (a chart mixing them needs a per-app lookup here).
      // (Not `instanceof TrafficChart`: cdk8s's Chart[Symbol.hasInstance] holds for every chart.)
      const specs = (chart as Partial<TrafficChart>).specs ?? [];
      const channels = new Set(
        specs.length > 0 ? specs.map((s) => s.traffic.gatewayApiChannel ?? 'standard') : ['standard'],
      );
      if (channels.size > 1) throw new Error(`${f}: apps with different Gateway API channels in one chart`);
      const c = [...channels][0] as GatewayApiChannel;
      for (const d of parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8'))) {
        const o = d.toJS() as K8sObject;
        if (!o?.kind) continue;
        objects.push(o);
        channel.set(o, c);
      }
    }
    return { objects, channel };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const examples = synthExamples();
const exampleCrds = examples.objects.filter(isCustomResource);
const exampleResult = validateCrds(examples.objects, (o) => examples.channel.get(o) ?? 'standard');
/** The CRD kinds of the example output, as fixture files, and where they come from. */
const EXPECTED_IN_EXAMPLES = [
  'gateway.networking.k8s.io_v1_HTTPRoute.standard.json', // gateway-routed
  'gateway.networking.k8s.io_v1_HTTPRoute.experimental.json', // inference (retry)
  'gateway.networking.k8s.io_v1_Gateway.experimental.json', // inference
  'cilium.io_v2_CiliumNetworkPolicy.json', // inference, bare-metal
  'cilium.io_v2_CiliumLoadBalancerIPPool.json', // cilium
  'cilium.io_v2alpha1_CiliumL2AnnouncementPolicy.json', // cilium
  'elbv2.k8s.aws_v1beta1_TargetGroupBinding.json', // inference, public-web
  'networking.istio.io_v1_VirtualService.json', // inference
  'networking.istio.io_v1_DestinationRule.json',
  'networking.istio.io_v1_Gateway.json', // istio-ingress
  'security.istio.io_v1_AuthorizationPolicy.json', // istio-ambient // inference
  'gateway.networking.k8s.io_v1_Gateway.standard.json', // gke-web, aks-web
  'networking.gke.io_v1_HealthCheckPolicy.json', // gke-web
  'networking.gke.io_v1_GCPBackendPolicy.json', // gke-web
  'networking.gke.io_v1_GCPGatewayPolicy.json', // gke-web
  'cloud.google.com_v1_BackendConfig.json', // gke-web (JSON Schema, no CRD upstream)
  'networking.gke.io_v1beta1_FrontendConfig.json', // gke-web (JSON Schema)
  'alb.networking.azure.io_v1_HealthCheckPolicy.json', // aks-web (JSON Schema)
  'alb.networking.azure.io_v1_RoutePolicy.json', // aks-web (JSON Schema)
  'policy.linkerd.io_v1beta3_Server.json', // linkerd-canary
  'policy.linkerd.io_v1alpha1_MeshTLSAuthentication.json', // linkerd-canary
  'policy.linkerd.io_v1alpha1_AuthorizationPolicy.json', // linkerd-canary
  'monitoring.coreos.com_v1_PodMonitor.json', // observed
  'monitoring.coreos.com_v1_PrometheusRule.json', // observed
  'telemetry.istio.io_v1_Telemetry.json', // observed
  'inference.networking.k8s.io_v1_InferencePool.json', // inference
  'gateway.networking.k8s.io_v1_GatewayClass.standard.json', // aws-gateway
  'gateway.networking.k8s.io_v1_TCPRoute.standard.json', // aws-gateway
  'gateway.k8s.aws_v1_LoadBalancerConfiguration.json', // aws-gateway
  'gateway.k8s.aws_v1_TargetGroupConfiguration.json', // aws-gateway
  'argoproj.io_v1alpha1_Rollout.json', // delivered
  'argoproj.io_v1alpha1_AnalysisTemplate.json', // delivered
  'flagger.app_v1beta1_Canary.json', // delivered
  'flagger.app_v1beta1_MetricTemplate.json', // delivered
];

describe('example output against the CRD schemas', () => {
  test('every object is checked: core kinds by kubernetes-models, every other kind by a CRD schema', () => {
    const notCore = validateCore(examples.objects).unchecked;
    expect(exampleResult.unchecked).toEqual([]);
    for (const kind of notCore)
      expect({ kind, custom: isCustomResource({ apiVersion: kind.split('/').slice(0, -1).join('/') }) }).toEqual({
        kind,
        custom: true,
      });
    expect(exampleCrds.length).toBe(notCore.length);
    expect(Object.values(exampleResult.checked).reduce((a, b) => a + b, 0)).toBe(exampleCrds.length);
  });

  test('every custom resource is valid', () => {
    expect(exampleResult.errors).toEqual([]);
  });

  test('each expected CRD kind is present (the check above is not vacuous)', () => {
    expect(Object.keys(exampleResult.checked).sort()).toEqual([...EXPECTED_IN_EXAMPLES].sort());
    for (const f of EXPECTED_IN_EXAMPLES) expect(exampleResult.checked[f]).toBeGreaterThan(0);
  });

  test('the experimental HTTPRoute uses an experimental-only field, which the standard schema rejects', () => {
    const route = exampleCrds.find((o) => o.kind === 'HTTPRoute' && examples.channel.get(o) === 'experimental')!;
    expect(route.spec.rules.some((r: { retry?: unknown }) => r.retry)).toBe(true);
    expect(validateCrd(route, 'experimental')).toEqual([]);
    expect(validateCrd(route, 'standard')).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/spec\/rules\/\d+: unknown field "retry"/)]),
    );
  });

  test('cluster-scoped kinds carry no namespace', () => {
    for (const o of exampleCrds) {
      const f = crdFixture(crdSchemaFile(o, examples.channel.get(o)))!;
      if (f.scope === 'Cluster')
        expect({ kind: o.kind, namespace: o.metadata.namespace }).toEqual({ kind: o.kind, namespace: undefined });
    }
  });
});

/** A small app for the kinds the examples do not write (GatewayClass, GRPCRoute, Gateway API standard Gateway). */
const base: TrafficAppProps = {
  name: 'web',
  namespace: 'shop',
  image: 'ghcr.io/acme/web:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
};
const gatewayApp = (channel: GatewayApiChannel): TrafficAppProps => ({
  ...base,
  // Retries only where the channel has HTTPRoute `retry` (else rule CT-TRAFFIC-030 warns).
  traffic: {
    gatewayApiChannel: channel,
    ...(channel === 'experimental' ? { retry: { attempts: 2, on: [502, 503] } } : {}),
  },
  expose: [
    GatewayRouteExposure.http({
      gateway: {
        name: 'edge',
        className: 'cilium',
        controllerName: 'io.cilium/gateway-controller',
        listeners: [
          { name: 'http', protocol: 'HTTP', port: 80 },
          {
            name: 'https',
            protocol: 'HTTPS',
            port: 443,
            hostname: '*.example.com',
            certificateSecrets: ['wildcard-tls'],
          },
        ],
      },
      listeners: ['https'],
      hostnames: ['web.example.com'],
      rules: [
        { matches: [{ path: '/api' }], filters: [HttpFilter.requestHeaders({ set: { 'x-route': 'api' } })] },
        { matches: [{ path: '/' }] },
      ],
    }),
  ],
});
const grpcApp = (channel: GatewayApiChannel): TrafficAppProps => ({
  ...base,
  name: 'orders',
  ports: [{ name: 'grpc', port: 9090, appProtocol: 'grpc' }],
  service: { ports: [{ name: 'grpc', port: 9090 }] },
  readiness: Probe.grpc({ port: 'grpc' }),
  traffic: { requestTimeout: null, gatewayApiChannel: channel },
  expose: [
    GatewayRouteExposure.grpc({
      parents: [{ name: 'internal', sectionName: 'grpc' }],
      hostnames: ['orders.internal.example.com'],
      rules: [
        {
          matches: [{ service: 'acme.orders.v1.Orders', method: 'GetOrder' }],
          filters: [HttpFilter.requestHeaders({ set: { 'x-route': 'orders' } })],
        },
      ],
    }),
  ],
});

describe('library output beyond the examples against the CRD schemas', () => {
  const gatewayApi = (['standard', 'experimental'] as const).map((channel) => ({
    channel,
    objects: synthApps([TrafficApp.define(gatewayApp(channel)), TrafficApp.define(grpcApp(channel))]),
  }));
  const bgpChart = Testing.chart();
  new CiliumCluster(bgpChart, 'cilium', {
    ...BARE_METAL_CLUSTER,
    l2Announcements: undefined,
    l2AnnouncementPolicies: undefined,
    bgpControlPlane: true,
    bgp: {
      nodeSelector: { matchLabels: { 'bgp.example.com/speaker': 'true' } },
      instances: [
        {
          name: 'as65010',
          localAsn: 65010,
          peers: [{ name: 'tor-1', peerAsn: 65000, peerAddress: '192.168.10.1', peerConfig: 'tor' }],
        },
      ],
      peerConfigs: [
        {
          name: 'tor',
          families: ['ipv4', 'ipv6'],
          advertisementLabels: { advertise: 'public' },
          holdTime: Duration.seconds(9),
          keepAliveTime: Duration.seconds(3),
          gracefulRestartTime: Duration.seconds(120),
        },
      ],
      advertisements: [
        {
          name: 'public-services',
          labels: { advertise: 'public' },
          advertisements: [
            {
              type: 'Service',
              communities: ['65010:100'],
              selector: { matchLabels: { 'lb.example.com/pool': 'public' } },
            },
          ],
        },
      ],
    },
  });
  const bgp = Testing.synth(bgpChart) as K8sObject[];
  // L4 routes (TCPRoute, UDPRoute on AWS NLB Gateways), in both channels.
  const l4App = (name: string, route: typeof AwsGatewayRoute.tcp, protocol: 'TCP' | 'UDP'): TrafficApp =>
    TrafficApp.define({
      name,
      namespace: 'l4',
      image: 'ghcr.io/acme/dns:1.0.0',
      ports: [{ name: 'p', port: 5353, protocol }],
      readiness: Probe.tcpSocket({ port: 5353 }),
      service: { ports: [{ name: 'p', port: 53, targetPort: 'p', protocol }] },
      expose: [route({ gateway: { name, listeners: [{ name: 'l', protocol, port: 53 }] } })],
    });
  const l4 = synthApps([l4App('tcp', AwsGatewayRoute.tcp, 'TCP'), l4App('udp', AwsGatewayRoute.udp, 'UDP')]);
  // Envoy Gateway's policies: a BackendTrafficPolicy (retries) and a ClientTrafficPolicy (a created Gateway's idle timeout).
  const envoy = synthApps([
    TrafficApp.define({
      ...gatewayApp('standard'),
      name: 'envoy',
      traffic: { retry: { attempts: 2 } },
      expose: [
        GatewayRouteExposure.http({
          implementation: 'envoy-gateway',
          gateway: { className: 'eg', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] },
        }),
      ],
    }),
  ]);
  const results = [
    ...gatewayApi.map(({ channel, objects }) => validateCrds(objects, () => channel)),
    ...(['standard', 'experimental'] as const).map((channel) => validateCrds(l4, () => channel)),
    validateCrds(envoy),
    validateCrds(bgp),
  ];
  const checked: Record<string, number> = {};
  for (const r of [exampleResult, ...results])
    for (const [f, n] of Object.entries(r.checked)) checked[f] = (checked[f] ?? 0) + n;

  test('GatewayClass, Gateway, HTTPRoute and GRPCRoute (both channels) and the BGP objects are valid', () => {
    expect(results.flatMap((r) => r.unchecked)).toEqual([]);
    expect(results.flatMap((r) => r.errors)).toEqual([]);
  });

  test('every schema in test/fixtures/crd-schemas checks at least one object (here or in the examples)', () => {
    expect(Object.keys(checked).sort()).toEqual(crdSchemaFiles());
  });
});

/** A deep copy of an example object. */
const exampleObject = (kind: string, name?: string): K8sObject => structuredClone(one(exampleCrds, kind, name));

describe('the CRD check rejects what the API server would (so the tests above can fail)', () => {
  test('Gateway API: unknown field, wrong type, duplicate list-map key', () => {
    const route = exampleObject('HTTPRoute', 'catalog');
    expect(validateCrd(route)).toEqual([]);
    route.spec.rules[0].timeout = '5s'; // the field is `timeouts`
    route.spec.rules[0].backendRefs[0].port = '80';
    expect(validateCrd(route)).toEqual([
      expect.stringMatching(/^HTTPRoute\/catalog .*\/spec\/rules\/0: unknown field "timeout"$/),
      expect.stringMatching(/\/spec\/rules\/0\/backendRefs\/0\/port: must be integer/),
    ]);
    const gw = exampleObject('Gateway', 'llm');
    expect(validateCrd(gw, 'experimental')).toEqual([]);
    gw.spec.listeners.push(structuredClone(gw.spec.listeners[0]));
    expect(validateCrd(gw, 'experimental')).toEqual([
      expect.stringMatching(/\/spec\/listeners: duplicate entry: items 0 and 1 have the same name/),
    ]);
  });

  test('Cilium: a port number where the CRD wants a string, an unknown rule field, a bad CIDR', () => {
    const cnp = exampleObject('CiliumNetworkPolicy', 'events');
    expect(validateCrd(cnp)).toEqual([]);
    const portsOf = cnp.spec.ingress.find((r: { toPorts?: unknown }) => r.toPorts).toPorts[0].ports[0];
    portsOf.port = Number(portsOf.port);
    cnp.spec.ingress[0].fromEndpoint = [{}]; // the field is `fromEndpoints`
    const errors = validateCrd(cnp);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/toPorts\/0\/ports\/0\/port: must be string/),
        expect.stringMatching(/\/spec\/ingress\/0: unknown field "fromEndpoint"/),
      ]),
    );
    const pool = exampleObject('CiliumLoadBalancerIPPool');
    expect(validateCrd(pool)).toEqual([]);
    pool.spec.blocks[0].cidr = '192.168.10.240/33';
    expect(validateCrd(pool)).toEqual([expect.stringMatching(/\/spec\/blocks\/0\/cidr: must match format "cidr"/)]);
  });

  test('AWS Load Balancer Controller: int-or-string port, enum, unknown field', () => {
    const tgb = exampleObject('TargetGroupBinding', all(exampleCrds, 'TargetGroupBinding')[0].metadata.name);
    expect(validateCrd(tgb)).toEqual([]);
    tgb.spec.serviceRef.port = 'http';
    expect(validateCrd(tgb)).toEqual([]); // int-or-string: a port name is fine
    tgb.spec.serviceRef.port = true;
    tgb.spec.targetType = 'pod';
    tgb.spec.serviceRef.portName = 'http';
    expect(validateCrd(tgb)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\/spec\/serviceRef\/port: must be integer,string/),
        expect.stringMatching(/\/spec\/targetType: must be equal to one of the allowed values \("instance", "ip"\)/),
        expect.stringMatching(/\/spec\/serviceRef: unknown field "portName"/),
      ]),
    );
  });

  test('Istio: wrong type, unknown field; unknown fields are kept where the CRD preserves them', () => {
    const vs = exampleObject('VirtualService', 'inference');
    expect(validateCrd(vs)).toEqual([]);
    vs.status = { anything: { goes: 1 } }; // status: x-kubernetes-preserve-unknown-fields
    expect(validateCrd(vs)).toEqual([]);
    vs.spec.http[0].timeout = 600;
    vs.spec.http[0].retry = { attempts: 2 }; // the field is `retries`
    expect(validateCrd(vs)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\/spec\/http\/0\/timeout: must be string/),
        expect.stringMatching(/\/spec\/http\/0: unknown field "retry"/),
      ]),
    );
    const dr = exampleObject('DestinationRule', 'inference');
    expect(validateCrd(dr)).toEqual([]);
    dr.spec.trafficPolicy.outlierDetection.consecutive5xxErrors = null; // nullable
    expect(validateCrd(dr)).toEqual([]);
    dr.spec.trafficPolicy.outlierDetection.consecutive5xxErrors = 'five';
    expect(validateCrd(dr)).toEqual([expect.stringMatching(/consecutive5xxErrors: must be integer,null/)]);
  });

  test('metadata is ObjectMeta: string labels and annotations, no unknown fields, a name', () => {
    const pool = exampleObject('CiliumLoadBalancerIPPool');
    pool.metadata.labels = { tier: 1 as unknown as string };
    (pool.metadata as Record<string, unknown>).label = { tier: 'public' };
    delete (pool.metadata as Partial<K8sObject['metadata']>).name;
    expect(validateCrd(pool)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\/metadata\/labels\/tier: must be string/),
        expect.stringMatching(/\/metadata: unknown field "label"/),
        expect.stringMatching(/\/metadata: must have required property 'name'/),
      ]),
    );
    const unknownTop = exampleObject('DestinationRule', 'inference');
    unknownTop.specs = {};
    expect(validateCrd(unknownTop)).toEqual([
      expect.stringMatching(/DestinationRule\/\S+ \S+ \/: unknown field "specs"/),
    ]);
  });

  test('a kind without a schema is reported, not skipped', () => {
    const other = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    expect(validateCrds([other]).unchecked).toEqual(['example.com/v1 Widget']);
    expect(() => validateCrd(other)).toThrow(/no CRD schema example\.com_v1_Widget\.json/);
  });
});
