import { BUILT_IN_MAP_DRAWINGS } from '../../lib/k8s/expose/exposure-renderers';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { Document, DOMParser } from '@xmldom/xmldom';
import { buildK8s, synthK8s } from '../../apps/main-k8s';
import { inference } from '../../apps/inference';
import { api } from '../../apps/readiness-probe';
import { Probe, TrafficApp, TrafficChart, traits } from '../../lib';
import { planLoadBalancers } from '../../lib/model/aws/load-balancer-plan';
import { trafficGraph } from '../../lib/map/from-specs';
import { toMermaid } from '../../lib/map/mermaid';
import { toAscii } from '../../lib/map/ascii';
import { summaryMarkdown } from '../../lib/map/summary';
import { readSummary } from '../../lib/k8s/summary-file';

import { SVG_FONTS } from '../../lib/map/dot';
import type { TrafficGraph } from '../../lib/map/graph';
import type { AppSpec } from '../../lib/model/app-spec';

/** GIVEN the example charts, WHEN the App synthesizes, THEN each has a traffic map and the synth a summary. */
const out = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `cdk-traffic-map-${name}-`));

/** `npm run synth`'s Kubernetes side: the main App and the kube-proxy clusters' Apps, into one folder. */
function synthExamples(dir: string): { charts: TrafficChart[] } {
  const app = buildK8s(dir);
  const log = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  let apps: App[];
  try {
    apps = [app, ...synthK8s(app)];
  } finally {
    log.mockRestore();
    warn.mockRestore();
  }
  return {
    charts: apps
      .flatMap((a) => a.charts)
      .filter(
        (c): c is TrafficChart =>
          c instanceof TrafficChart &&
          (c as TrafficChart).specs !== undefined /* cdk8s' Chart[Symbol.hasInstance] accepts any chart */,
      ),
  };
}

function parseSvg(text: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, msg) => {
      errors.push(`${level}: ${msg}`);
    },
  }).parseFromString(text, 'image/svg+xml');
  expect(errors).toEqual([]);
  return doc;
}

const dir = out('a');
const { charts } = synthExamples(dir);

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('every example chart has a .traffic.md with a Mermaid flowchart and a .traffic.svg that parses as SVG', () => {
  expect(charts.map((c) => c.node.id)).toEqual([
    'nginx',
    'readiness-probe',
    'inference',
    'public-web-ingress',
    'grpc-nlb',
    'gateway-routed',
    'bare-metal',
    'public-web',
    'gke-web',
    'aks-web',
    'linkerd-canary',
    'orders',
    'observed',
    'istio-ingress',
    'istio-ambient',
    'aws-gateway',
    'delivered',
    'bookinfo',
    'kubeadm-nftables',
    'kubeadm-ipvs',
  ]);
  for (const c of charts) {
    const md = fs.readFileSync(path.join(dir, `${c.node.id}.traffic.md`), 'utf8');
    expect(md).toMatch(/```mermaid\nflowchart LR\n[\s\S]+\n```\n$/);
    const svg = parseSvg(fs.readFileSync(path.join(dir, `${c.node.id}.traffic.svg`), 'utf8'));
    expect(svg.documentElement?.nodeName).toBe('svg');
    expect(svg.documentElement?.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    for (const t of Array.from(svg.getElementsByTagName('text'))) expect(t.getAttribute('font-family')).toBe(SVG_FONTS);
    // One <g class="node"> per node of the graph.
    const graph = graphOf(c);
    const nodes = Array.from(svg.getElementsByTagName('g')).filter((g) => g.getAttribute('class') === 'node');
    expect(nodes).toHaveLength(graph.nodes.length);
  }
});

function graphOf(c: TrafficChart): TrafficGraph {
  return trafficGraph(c.node.id, c.specs, c.resolution.plans, BUILT_IN_MAP_DRAWINGS);
}

/** The names a reviewer must find in the map of a chart: load balancers, routes, Services, versions. */
function expectedNames(apps: readonly AppSpec[]): string[] {
  const names: string[] = [];
  for (const a of apps) {
    if (a.service) names.push(`Service ${a.service.name}`);
    for (const v of a.versions) {
      names.push(`${a.workloadKind} ${v.deploymentName}`);
      if (v.serviceName) names.push(`Service ${v.serviceName}`);
    }
    if (a.stateful?.writesGoverningService) names.push(`Service ${a.stateful.serviceName}`);
    for (const e of a.exposures) {
      if ('name' in e && e.kind !== 'terraform-lb') names.push(String((e as { name: string }).name));
      // The Gateways and Services it writes (its own LoadBalancer Service is its box), and the hosts it serves.
      for (const o of e.traits.objects)
        if ((o.kind === 'Gateway' || o.kind === 'Service') && o.name !== e.traits.loadBalancerService?.name)
          names.push(`${o.kind} ${o.name}`);
      for (const h of e.traits.hosts) if (h.host) names.push(h.host);
    }
  }
  for (const p of planLoadBalancers(apps).plans) {
    names.push(`${p.settings.type === 'application' ? 'ALB' : 'NLB'} ${p.name} (Terraform)`);
    for (const tg of p.targetGroups) names.push(`Target group ${tg.targetGroup.name}`);
  }
  return names;
}

test('every load balancer, route, Service and version of each chart appears in the Mermaid and the SVG, each version with its weight', () => {
  let weighted = 0;
  for (const c of charts) {
    const md = fs.readFileSync(path.join(dir, `${c.node.id}.traffic.md`), 'utf8');
    // The SVG's text (Graphviz writes `-` as `&#45;`): every <text> element's content, parsed.
    const svg = parseSvg(fs.readFileSync(path.join(dir, `${c.node.id}.traffic.svg`), 'utf8'));
    const svgText = Array.from(svg.getElementsByTagName('text'))
      .map((t) => t.textContent)
      .join('\n');
    for (const name of expectedNames(c.specs)) {
      expect(md).toContain(name);
      expect(svgText).toContain(name);
    }
    const graph = graphOf(c);
    for (const a of c.specs) {
      if (a.versions.length < 2) continue;
      for (const v of a.versions) {
        // An edge into the version's Service (routes, Ingress, target group bindings) or its pods (mesh) carries its percent.
        const into = graph.edges.filter(
          (e) =>
            e.percent === v.weight &&
            (e.to.endsWith(`-${v.serviceName}`) ||
              e.to.endsWith(`-${v.deploymentName}`) ||
              e.to.includes(`-${v.version}`)),
        );
        expect(into.length).toBeGreaterThan(0);
        for (const e of into) {
          expect(e.label).toMatch(new RegExp(`${v.weight}% \\(\\d+/\\d+\\)`));
          expect(md).toContain(e.label!.replace(/&/g, '#amp;'));
          expect(svgText).toContain(e.label!);
        }
        weighted++;
      }
    }
  }
  expect(weighted).toBe(23); // inference v1/v2, catalog v4/v5, frontend v1/v2, checkout v1/v2, gke shop v7/v8, aks shop v7/v8, payments v1/v2, productpage v1/v2, reviews v1/v2, storefront v3/v4, Bookinfo's reviews v1/v2/v3
});

test('the inference map: each way in with its split and the canary header rule to v2 only', () => {
  const c = charts.find((x) => x.node.id === 'inference')!;
  const g = graphOf(c);
  const label = (from: RegExp, to: string) =>
    g.edges.filter((e) => from.test(e.from) && e.to.endsWith(to)).map((e) => e.label);
  // The Terraform ALB: the canary header rule forwards to the v2 target group only; the weighted rule 99/1.
  expect(label(/^lb\/ai-inference\/rule\/1$/, 'tg/ai-inference-80-v2')).toEqual(['canary header: 100%']);
  expect(label(/^lb\/ai-inference\/rule\/1$/, 'tg/ai-inference-80-v1')).toEqual([]);
  expect(label(/^lb\/ai-inference\/rule\/2$/, 'tg/ai-inference-80-v1')).toEqual(['99% (99/100)']);
  expect(label(/^lb\/ai-inference\/rule\/2$/, 'tg/ai-inference-80-v2')).toEqual(['1% (1/100)']);
  // Target groups bind to the per-version Services; the health check follows the readiness probe.
  expect(label(/^tg\/ai-inference-80-v1$/, 'svc/ai/inference-v1')).toEqual(['TargetGroupBinding']);
  expect(g.nodes.find((n) => n.id === 'tg/ai-inference-80-v1')!.details).toEqual([
    'HTTP/HTTP1 :8080, deregistration 600s',
    'health check HTTP /health :traffic-port',
    'every 5s (from readiness)',
  ]);
  // The HTTPRoute: the header rule, then 99/1.
  const rules = g.nodes.filter((n) => n.kind === 'rule' && n.title.startsWith('HTTPRoute inference'));
  expect(rules.map((r) => r.details)).toEqual([
    ['host llm.example.com', 'header x-canary: true'],
    ['host llm.example.com'],
  ]);
  // The mesh: subsets of the app Service, and the network policy around the pods.
  expect(g.edges.filter((e) => e.from === 'svc/ai/inference').map((e) => e.label)).toEqual([
    'mesh, header x-canary: true',
    'mesh subset v1: 99% (99/100)',
    'mesh subset v2: 1% (1/100)',
  ]);
  const policy = g.groups.find((x) => x.id === 'policy/ai/inference')!;
  expect(policy).toMatchObject({ parent: 'ns/ai', label: 'CiliumNetworkPolicy inference: default deny' });
  expect(g.nodes.filter((n) => n.group === policy.id).map((n) => n.title)).toEqual([
    'v1: Deployment inference-v1',
    'v2: Deployment inference-v2',
  ]);
  expect(g.nodes.find((n) => n.title === 'v1: Deployment inference-v1')!.details).toEqual([
    '6 replicas, llm-server:1.4.0',
    'readiness HTTP GET /health :8080 every 5s',
  ]);
});

test('two synths write byte-identical maps and summary', () => {
  const dir2 = out('b');
  try {
    synthExamples(dir2);
    const files = fs
      .readdirSync(dir)
      .filter((f) => /\.traffic\.(md|svg)$|^SUMMARY\.md$/.test(f))
      .sort();
    expect(files).toHaveLength(20 * 2 + 1);
    for (const f of files)
      expect(fs.readFileSync(path.join(dir2, f), 'utf8')).toBe(fs.readFileSync(path.join(dir, f), 'utf8'));
  } finally {
    fs.rmSync(dir2, { recursive: true, force: true });
  }
});

test('SUMMARY.md lists per app its exposures, health check sources, timeouts, notices, and what the cluster needs', () => {
  const s = fs.readFileSync(path.join(dir, 'SUMMARY.md'), 'utf8');
  expect(s).toContain(
    '| crds | Gateway API CRDs, experimental channel | 1.2 | HTTPRoute "inference" (experimental fields, e.g. retry): inference/ai/inference; HTTPRoute "inference-models" (InferencePool) (experimental fields, e.g. retry): inference/ai/inference; Istio waypoint "waypoint" (HTTPRoute "reviews-mesh") (experimental fields, e.g. retry): istio-ambient/bookinfo-ambient/reviews |',
  );
  expect(s).toMatch(
    /\| crds \| Gateway API CRDs, standard channel \| 1\.6 \| HTTPRoute "catalog": gateway-routed\/shop\/catalog; .*Linkerd HTTPRoute "checkout-mesh": linkerd-canary\/checkout\/checkout; .*TCPRoute "ledger" \(AWS NLB Gateway\): aws-gateway\/payments\/ledger; HTTPRoute "storefront": delivered\/storefront\/storefront; .*Istio waypoint "waypoint" \(HTTPRoute "reviews-mesh"\): bookinfo\/bookinfo\/reviews; .* \|/,
  );
  expect(s).toContain(
    'HTTPRoute inventory made by Flagger (provider gatewayapi:v1) for Linkerd: delivered/inventory/inventory',
  );
  expect(s).toContain(
    '| controller | AWS Load Balancer Controller | 3.5.0 | TargetGroupBindings name their target groups by targetGroupName (ai-inference) (2.11+): inference/ai/inference; ALB Ingress "storefront": public-web-ingress/web/storefront; NLB Service "orders-nlb": grpc-nlb/backend/orders; TargetGroupBindings name their target groups by targetGroupName (public-web) (2.11+): public-web/public-web/frontend, public-web/public-web/api; TargetGroupBindings name their target groups by targetGroupName (billing-billing) (2.11+): observed/billing/billing; HTTPRoute "storefront" (AWS ALB Gateway): aws-gateway/shop/storefront; Gateway API on an ALB Gateway, gateway.k8s.aws/v1 LoadBalancerConfiguration and TargetGroupConfiguration for HTTPRoute "storefront" (AWS ALB Gateway) (3.0.0+): aws-gateway/shop/storefront; TCPRoute "ledger" (AWS NLB Gateway): aws-gateway/payments/ledger; TCPRoute v1 (Gateway API v1.6 CRDs) on an NLB Gateway, gateway.k8s.aws/v1 TargetGroupConfiguration for TCPRoute "ledger" (AWS NLB Gateway) (3.5.0+): aws-gateway/payments/ledger; ALB Ingress "cart": delivered/cart/cart |',
  );
  expect(s).toContain(
    '| controller | Istio | any | Istio VirtualService "inference", sidecar injection: inference/ai/inference; Istio VirtualService "payments", sidecar injection: observed/payments/payments; its ingress gateway pods for Istio VirtualService "productpage-ingress" (Gateway istio-system/bookinfo-gateway): istio-ingress/bookinfo-ingress/productpage; its ingress gateway pods for Istio VirtualService "details-ingress" (Gateway istio-system/bookinfo-gateway): istio-ingress/bookinfo-ingress/details; Istio waypoint "waypoint" (HTTPRoute "reviews-mesh"): istio-ambient/bookinfo-ambient/reviews, bookinfo/bookinfo/reviews; Istio VirtualService "reviews", sidecar injection: delivered/reviews/reviews; Istio waypoint "waypoint" (HTTPRoute "productpage-mesh"): bookinfo/bookinfo/productpage; Istio waypoint "waypoint" (HTTPRoute "details-mesh"): bookinfo/bookinfo/details; Istio waypoint "waypoint" (HTTPRoute "ratings-mesh"): bookinfo/bookinfo/ratings |',
  );
  expect(s).toContain(
    '| controller | Cilium (Helm chart cilium/cilium) | 1.20.0 | gatewayAPI.enabled for HTTPRoute "inference": inference/ai/inference; CiliumNetworkPolicy: inference/ai/inference, bare-metal/streaming/events, observed/payments/payments; LB IPAM for LoadBalancer Service "events-lb" (Cilium LB IPAM): bare-metal/streaming/events; Helm values written for chart 1.20.0 (1.20.0+): cilium/cluster |',
  );
  expect(s).toContain(
    '| controller | Linkerd | any | Linkerd HTTPRoute "checkout-mesh", sidecar injection: linkerd-canary/checkout/checkout; Linkerd HTTPRoute "inventory-mesh", sidecar injection: delivered/inventory/inventory |',
  );
  // The kube-proxy clusters' Apps write into the same folder: the summary covers them, nftables needs 1.33.
  expect(s).toMatch(
    /\| kubernetes \| Kubernetes \| 1\.33 \| preStop sleep action \(1\.30\+\): nginx\/default\/nginx, .*, kubeadm-ipvs\/ledger\/ledger; native sidecars \(init containers with restartPolicy Always\) \(1\.29\+\): orders\/shop\/orders; kube-proxy nftables mode \(GA\) \(1\.33\+\): kube-proxy \|/,
  );
  expect(s).toContain('## kubeadm-nftables: feeds/feed');
  expect(s).not.toContain('## cilium');
  const inf = s.slice(s.indexOf('## inference: ai/inference'), s.indexOf('## public-web-ingress'));
  expect(inf.length).toBeGreaterThan(100);
  expect(inf).toContain(
    '| Terraform ALB "ai-inference" | llm-api.example.com | v1 99% (99/100), v2 1% (1/100); header x-canary: true -> v2 | the AWS load balancer checks GET /health :8080 (from readiness) |',
  );
  expect(inf).toContain(
    '| HTTPRoute "inference" | llm.example.com | v1 99% (99/100), v2 1% (1/100); header x-canary: true -> v2 | pods leave the endpoints when their readiness HTTP GET /health :8080 every 5s fails |',
  );
  expect(inf).toContain('| Terraform ALB "ai-inference" | idle 600s, deregistration 600s |');
  expect(inf).toContain('| HTTPRoute "inference" | request none, 2 retries on 502 |');
  expect(inf).toContain('| Istio VirtualService "inference" | request none, 2 retries on 502 |');
  expect(inf).toContain('| pods | preStop drain 10s, shutdown 600s, grace period 610s |');
  expect(inf).toContain(
    '- [inference/inference] [CT-TRAFFIC-050] acknowledged: Istio is installed with the CNI plugin (no istio-init)',
  );
  // An acknowledgement made on the chart (`TrafficChart({ acknowledge })`) reads as printed: acknowledged, with its reason.
  expect(s).toContain(
    "- [aws-gateway/ledger] [CT-AWS-102] acknowledged: ledger's gRPC health service closes the port when not serving",
  );
  expect(s).not.toContain('- [aws-gateway/ledger] [CT-AWS-102] warning');
  // The streaming chain: every hop with its value and source (declared, the default of its implementation, unknown).
  expect(inf).toContain(
    '| stream chain: Terraform ALB "ai-inference" | idle 600 s (declared, expose[1].idleTimeoutSeconds); request none (default of AWS ALB); stream idle none (default of AWS ALB) |',
  );
  expect(inf).toContain(
    '| stream chain: HTTPRoute "inference" | idle unknown (implementation not known: declare it); request none (declared, traffic.requestTimeout); stream idle unknown (implementation not known: declare it) |',
  );
  expect(inf).toContain(
    '| stream chain: Istio VirtualService "inference" | idle 3600 s (default of Istio (Envoy)); request none (declared, traffic.requestTimeout); stream idle none (default of Istio (Envoy)) |',
  );
  expect(inf).toContain(
    '| stream chain: server | keep-alive 3660 s (declared, server.keepAlive); preStop 10 s (availability.drain); server shutdown 600 s (declared drain, server.shutdown); deregistration delay 600 s (traffic.deregistrationDelay); grace period 610 s (default of cdk-traffic) |',
  );
  expect(inf).toMatch(
    /- \[inference\/inference\] \[CT-TRAFFIC-071\] warning: expose\[0\]: the implementation behind HTTPRoute "inference" is not known/,
  );
  const md = fs.readFileSync(path.join(dir, 'inference.traffic.md'), 'utf8');
  expect(md).toContain('## Streaming chain: ai/inference');
  expect(md).toContain('| HTTPRoute "inference-models" (InferencePool) | idle 3600 s (default of Istio (Envoy));');
  const grpc = s.slice(s.indexOf('## grpc-nlb'), s.indexOf('## gateway-routed'));
  expect(grpc).toContain(
    '| NLB Service "orders-nlb" | (any) | 100% | the AWS load balancer checks TCP :9090 (from readiness) |',
  );
  // An exposure's adjustment (the gRPC probe checked as a TCP connect) is a warning of the app.
  expect(grpc).toMatch(/- \[grpc-nlb\/orders\] \[CT-AWS-102\] warning: /);
  // A later App of the program reads this file back to add its charts: reading it loses nothing.
  expect(summaryMarkdown(readSummary(s))).toBe(s);
});

test('trafficMap: false writes no map and leaves the apps out of the summary; Testing.synth writes nothing', () => {
  const d = out('off');
  try {
    const app = new App({ outdir: d });
    new TrafficChart(app, 'inference', { apps: [inference], trafficMap: false });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    app.synth();
    expect(fs.readdirSync(d)).toEqual(['inference.k8s.yaml']);
    Testing.synth(new TrafficChart(Testing.app({ outdir: d } as never), 'x', { apps: [inference] }));
    warn.mockRestore();
    expect(fs.readdirSync(d)).toEqual(['inference.k8s.yaml']);
  } finally {
    fs.rmSync(d, { recursive: true, force: true });
  }
});

test('CDK_TRAFFIC_MAP=ascii prints each map as a tree once, after the manifests, with the summary', () => {
  const d = out('ascii');
  const printed: string[] = [];
  const log = jest.spyOn(process.stderr, 'write').mockImplementation((s) => {
    printed.push(String(s));
    return true;
  });
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  process.env.CDK_TRAFFIC_MAP = 'ascii';
  process.env.CDK_TRAFFIC_QUIET = '0'; // printed under jest too (quiet by default in tests)
  try {
    const app = new App({ outdir: d });
    new TrafficChart(app, 'inference', { apps: [inference] });
    app.synth();
  } finally {
    delete process.env.CDK_TRAFFIC_MAP;
    delete process.env.CDK_TRAFFIC_QUIET;
    log.mockRestore();
    warn.mockRestore();
    fs.rmSync(d, { recursive: true, force: true });
  }
  const text = printed.join('');
  expect(text.match(/^Traffic map: inference$/gm)).toHaveLength(1);
  expect(text).toContain('|- 99% (99/100) -> Service inference-v1 [version v1]');
  expect(text.match(/^cdk-traffic synth summary$/gm)).toHaveLength(1);
  expect(text).toContain(
    '  needs: Gateway API CRDs, experimental channel 1.2+; AWS Load Balancer Controller 2.11+; Cilium (Helm chart cilium/cilium); Gateway API Inference Extension CRDs 1.0.0+; GatewayClass istio controller; Istio; Kubernetes 1.30+',
  );
});

test('the Mermaid text escapes quotes and angle brackets, and ids are Mermaid-safe', () => {
  const m = toMermaid({
    title: 't',
    groups: [],
    nodes: [{ id: 'a/b.c', kind: 'rule', title: 'say "hi" <x>', details: [] }],
    edges: [{ from: 'a/b.c', to: 'a/b.c', label: 'p&q' }],
  });
  expect(m).toContain('aX_bXDc[/"<b>say #quot;hi#quot; #lt;x#gt;</b>"/]:::rule');
  expect(m).toContain('aX_bXDc -->|"p#amp;q"| aX_bXDc');
  expect(
    toAscii({ title: 't', groups: [], nodes: [{ id: 'a', kind: 'source', title: 'A', details: ['d'] }], edges: [] }),
  ).toBe('Traffic map: t\nA [d]\n');
});

test('a user-defined exposure kind appears in the map and the summary from its traits alone', () => {
  const tunnel = {
    kind: 'acme-tunnel',
    resolve: () => ({
      kind: 'acme-tunnel',
      name: 'web-tunnel',
      traits: traits({
        label: 'tunnel "web.example.com"',
        reach: 'internal',
        hosts: [{ host: 'web.example.com', paths: ['/', '/api'] }],
        split: { by: 'weight', maxTotal: 100, maxWeight: 100, precision: 'whole percents' },
        fronts: [
          {
            why: 'tunnel agents',
            from: { kind: 'peer', peer: { kind: 'pods', namespace: 'tunnel', labels: { app: 'agent' } } },
            ports: [{ port: 8080, protocol: 'TCP' }],
            healthChecks: [{ port: 8080, path: '/ready', source: 'readiness' }],
          },
        ],
        settings: [{ field: 'expose[0].idleTimeoutSeconds', name: 'idleTimeoutSeconds', value: 30 }],
      }),
    }),
  };
  const web = TrafficApp.define({
    name: 'web',
    namespace: 'shop',
    image: 'ghcr.io/acme/web:1.0.0',
    replicas: 2,
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/ready', { port: 'http' }),
    service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    versions: { v2: { image: 'ghcr.io/acme/web:2.0.0', weight: 20 } },
    expose: [tunnel],
  });
  const d = out('user');
  const printed: string[] = [];
  const log = jest.spyOn(process.stderr, 'write').mockImplementation((s) => {
    printed.push(String(s));
    return true;
  });
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    const app = new App({ outdir: d });
    const chart = new TrafficChart(app, 'user', {
      apps: [web],
      renderers: { 'acme-tunnel': { render: () => undefined } },
    });
    app.synth();
    const g = graphOf(chart);
    const front = g.nodes.find((n) => n.title === 'tunnel "web.example.com"')!;
    expect(front.details).toEqual(['host web.example.com / /api', 'health check GET /ready :8080 (from readiness)']);
    // Its reach is the source drawn in front of it.
    expect(g.edges.filter((e) => e.to === front.id).map((e) => e.from)).toEqual(['src-private']);
    expect(g.edges.filter((e) => e.from === front.id).map((e) => [e.to, e.label])).toEqual([
      ['pods/shop/web-v1', '80% (80/100)'],
      ['pods/shop/web-v2', '20% (20/100)'],
    ]);
    const summary = fs.readFileSync(path.join(d, 'SUMMARY.md'), 'utf8');
    expect(summary).toContain(
      '| tunnel "web.example.com" | web.example.com | v1 80% (80/100), v2 20% (20/100) | pods tunnel/agent checks GET /ready :8080 (from readiness) |',
    );
    expect(summary).toContain('| tunnel "web.example.com" | idle 30s |');
    expect(fs.readFileSync(path.join(d, 'user.traffic.md'), 'utf8')).toContain('tunnel #quot;web.example.com#quot;');
  } finally {
    log.mockRestore();
    warn.mockRestore();
    fs.rmSync(d, { recursive: true, force: true });
  }
});

describe('the synth summary: once per synth, to stderr; quiet under a test runner, by option and by environment', () => {
  /** Synthesizes an App of two charts; returns what was written to stderr and stdout. */
  function synth(env: Record<string, string | undefined>, printSummary?: boolean): { stderr: string; stdout: string } {
    const d = out('print');
    const stderr: string[] = [];
    const stdout: string[] = [];
    const err = jest.spyOn(process.stderr, 'write').mockImplementation((s) => stderr.push(String(s)) > 0);
    const log = jest.spyOn(process.stdout, 'write').mockImplementation((s) => stdout.push(String(s)) > 0);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); // the charts' warnings
    const saved = { ...process.env };
    Object.assign(process.env, env);
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
    try {
      const app = new App({ outdir: d });
      new TrafficChart(app, 'one', { apps: [inference], printSummary });
      new TrafficChart(app, 'two', { apps: [api] });
      app.synth();
    } finally {
      process.env = saved;
      err.mockRestore();
      log.mockRestore();
      warn.mockRestore();
      fs.rmSync(d, { recursive: true, force: true });
    }
    return { stderr: stderr.join(''), stdout: stdout.join('') };
  }

  test('under jest nothing is printed by default', () => {
    expect(synth({ CDK_TRAFFIC_QUIET: undefined, CDK_TRAFFIC_SILENCE_WARNINGS: undefined })).toEqual({
      stderr: '',
      stdout: '',
    });
  });

  test('outside a test runner (or CDK_TRAFFIC_QUIET=0) the summary is printed once, to stderr, never stdout', () => {
    for (const env of [{ CDK_TRAFFIC_QUIET: '0' }, { CDK_TRAFFIC_QUIET: undefined, JEST_WORKER_ID: undefined }]) {
      const { stderr, stdout } = synth(env);
      expect(stdout).toBe('');
      expect(stderr.match(/^cdk-traffic synth summary$/gm)).toHaveLength(1);
      expect(stderr).toContain('ai/inference');
      expect(stderr).toContain('shop/api');
    }
  });

  test('CDK_TRAFFIC_QUIET=1 silences it; printSummary: false leaves a chart out; CDK_TRAFFIC_SILENCE_WARNINGS does not', () => {
    expect(synth({ CDK_TRAFFIC_QUIET: '1', JEST_WORKER_ID: undefined }).stderr).toBe('');
    const partial = synth({ CDK_TRAFFIC_QUIET: '0' }, false).stderr;
    expect(partial).not.toContain('ai/inference');
    expect(partial).toContain('shop/api');
    expect(synth({ CDK_TRAFFIC_QUIET: '0', CDK_TRAFFIC_SILENCE_WARNINGS: '1' }).stderr).toContain('synth summary');
  });
});
