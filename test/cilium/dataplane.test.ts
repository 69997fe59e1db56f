import { App, Chart, Duration, Testing } from 'cdk8s';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Service } from 'kubernetes-models/v1/Service';
import {
  Certificate,
  DefinitionError,
  HealthCheck,
  Probe,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
  TrafficProfile,
} from '../../lib';
import { CiliumCluster, CiliumClusterConstructProps } from '../../lib/k8s/cilium';
import { CiliumNetworkPolicy } from '../../lib/k8s/imports/cilium';
import { Dataplane, LbIpamService } from '../../lib';
import {
  CILIUM_SERVICE_ANNOTATIONS,
  ciliumServiceAnnotations,
} from '../../lib/k8s/dataplane/cilium-service-annotations';
import { IngressExposure, LoadBalancerServiceExposure } from '../../lib/model/exposure/index';
import { GatewayRouteExposure } from '../../lib/model/exposure/gateway-route';
import { TerraformLoadBalancer } from '../../lib/model/aws/terraform-load-balancer';
import { all, one, synthApp } from '../support/k8s';
import { BARE_METAL_CLUSTER, events } from '../../apps/bare-metal';

const BASE: TrafficAppProps = {
  name: 'web',
  namespace: 'shop',
  image: 'ghcr.io/acme/web:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
};

const cnp = (props: TrafficAppProps) => one(synthApp(props), 'CiliumNetworkPolicy');

describe('CiliumNetworkPolicy', () => {
  test('GIVEN an nginx Ingress WHEN rendered THEN only the controller pods reach the pod port; DNS egress with visibility', () => {
    const objects = synthApp({
      ...BASE,
      expose: [IngressExposure.withClass({ className: 'nginx', hosts: ['web.example.com'] })],
      dataplane: Dataplane.cilium(),
    });
    const policy = one(objects, 'CiliumNetworkPolicy');
    const deployment = one(objects, 'Deployment');
    // The selector matches the pods by construction.
    expect(policy.spec.endpointSelector).toEqual({ matchLabels: deployment.spec.selector.matchLabels });
    for (const [k, v] of Object.entries(policy.spec.endpointSelector.matchLabels))
      expect(deployment.spec.template.metadata.labels[k]).toBe(v);
    expect(policy.metadata).toMatchObject({ name: 'web', namespace: 'shop' });
    expect(policy.spec.enableDefaultDeny).toEqual({ ingress: true, egress: true });
    expect(policy.spec.ingress).toEqual([
      {
        fromEndpoints: [
          {
            matchLabels: {
              'k8s:io.kubernetes.pod.namespace': 'ingress-nginx',
              'k8s:app.kubernetes.io/name': 'ingress-nginx',
              'k8s:app.kubernetes.io/component': 'controller',
            },
          },
        ],
        toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
      },
    ]);
    expect(policy.spec.egress).toEqual([
      {
        toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }],
        toPorts: [
          {
            ports: [
              { port: '53', protocol: 'UDP' },
              { port: '53', protocol: 'TCP' },
            ],
            rules: { dns: [{ matchPattern: '*' }] },
          },
        ],
      },
    ]);
  });

  test('Cilium Ingress and Gateway classes are the `ingress` entity', () => {
    const ing = cnp({
      ...BASE,
      expose: [IngressExposure.withClass({ className: 'cilium' })],
      dataplane: Dataplane.cilium(),
    });
    expect(ing.spec.ingress).toEqual([
      { fromEntities: ['ingress'], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] },
    ]);
    const route = cnp({
      ...BASE,
      expose: [GatewayRouteExposure.http({ parents: [{ name: 'public', namespace: 'gateways' }] })],
      dataplane: Dataplane.cilium(),
    });
    expect(route.spec.ingress).toEqual([
      { fromEntities: ['ingress'], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] },
    ]);
  });

  test('AWS load balancers: the VPC CIDRs when given, else world', () => {
    const alb = cnp({
      ...BASE,
      expose: [IngressExposure.alb({ scheme: 'internet-facing' })],
      dataplane: Dataplane.cilium({ policy: { awsVpcCidrs: ['10.0.0.0/16'] } }),
    });
    expect(alb.spec.ingress).toEqual([
      { fromCIDRSet: [{ cidr: '10.0.0.0/16' }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] },
    ]);
    const tf = cnp({ ...BASE, expose: [TerraformLoadBalancer.nlb()], dataplane: Dataplane.cilium() });
    expect(tf.spec.ingress[0].fromEntities).toEqual(['world']);
    const nlb = cnp({
      ...BASE,
      expose: [LoadBalancerServiceExposure.nlb({ preserveClientIp: true, sourceRanges: ['203.0.113.0/24'] })],
      dataplane: Dataplane.cilium(),
    });
    expect(nlb.spec.ingress[0].fromCIDRSet).toEqual([{ cidr: '203.0.113.0/24' }]);
  });

  test('no exposure and no clients: ingress denied entirely; restrictEgress false leaves egress open', () => {
    const p = cnp({
      ...BASE,
      dataplane: Dataplane.cilium({
        policy: { restrictEgress: false, openEgressReason: 'the app calls partner APIs whose addresses change daily' },
      }),
    });
    expect(p.spec.ingress).toEqual([{}]);
    expect(p.spec.egress).toBeUndefined();
    expect(p.spec.enableDefaultDeny).toEqual({ ingress: true, egress: false });
  });

  test('L7 allow-list on the HTTP port: no health check path behind an in-cluster proxy (nothing probes through the policy)', () => {
    const p = cnp({
      ...BASE,
      expose: [IngressExposure.withClass({ className: 'cilium' })],
      dataplane: Dataplane.cilium({ l7: [{ method: 'GET', path: '/api/.*' }] }),
    });
    expect(p.spec.ingress[0].toPorts).toEqual([
      { ports: [{ port: '8080', protocol: 'TCP' }], rules: { http: [{ method: 'GET', path: '/api/.*' }] } },
    ]);
  });

  test("GIVEN L7 rules behind an ALB THEN the path its health check probes stays open: the readiness path, or the override's path and port", () => {
    const l7 = Dataplane.cilium({ l7: [{ method: 'GET', path: '/api/.*' }], policy: { awsVpcCidrs: ['10.0.0.0/16'] } });
    const fromProbe = cnp({ ...BASE, expose: [IngressExposure.alb()], dataplane: l7 });
    expect(fromProbe.spec.ingress[0].toPorts).toEqual([
      {
        ports: [{ port: '8080', protocol: 'TCP' }],
        rules: {
          http: [
            { method: 'GET', path: '/api/.*' },
            { method: 'GET', path: '/health' },
          ],
        },
      },
    ]);
    // The load balancer checks /lb-health: that path is allowed, the readiness path is not (nothing else probes it through the policy).
    const override = HealthCheck.override({ path: '/lb-health', reason: 'the readiness path needs an auth header' });
    const overridden = cnp({ ...BASE, expose: [IngressExposure.alb({ healthCheck: override })], dataplane: l7 });
    expect(overridden.spec.ingress[0].toPorts[0].rules.http).toEqual([
      { method: 'GET', path: '/api/.*' },
      { method: 'GET', path: '/lb-health' },
    ]);
    const tf = cnp({
      ...BASE,
      expose: [
        TerraformLoadBalancer.alb({
          hosts: ['web.example.com'],
          certificate: Certificate.fromArn('arn:aws:acm:eu-west-1:123456789012:certificate/abc'),
          healthCheck: override,
        }),
      ],
      dataplane: l7,
    });
    expect(tf.spec.ingress[0].toPorts[0].rules.http).toEqual([
      { method: 'GET', path: '/api/.*' },
      { method: 'GET', path: '/lb-health' },
    ]);
  });

  test('allowFrom and declared egress', () => {
    const p = cnp({
      ...BASE,
      dataplane: Dataplane.cilium({
        policy: {
          allowFrom: [{ labels: { app: 'checkout' } }, { namespace: 'monitoring', ports: [8080] }],
          egress: [{ toCidrs: ['10.1.0.0/16'], ports: [{ port: 5432 }] }, { toEntities: ['kube-apiserver'] }],
        },
      }),
    });
    expect(p.spec.ingress.map((r: { fromEndpoints: unknown }) => r.fromEndpoints)).toEqual([
      [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'shop', 'k8s:app': 'checkout' } }],
      [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'monitoring' } }],
    ]);
    expect(p.spec.egress.slice(1)).toEqual([
      { toCIDRSet: [{ cidr: '10.1.0.0/16' }], toPorts: [{ ports: [{ port: '5432', protocol: 'TCP' }] }] },
      { toEntities: ['kube-apiserver'] },
    ]);
  });

  test('every rendered policy passes the CRD class checks', () => {
    const p = cnp({
      ...BASE,
      expose: [IngressExposure.withClass({ className: 'nginx' })],
      dataplane: Dataplane.cilium({ l7: [{ method: 'GET' }] }),
    });
    expect(p.apiVersion).toBe(CiliumNetworkPolicy.GVK.apiVersion);
    expect(p.kind).toBe('CiliumNetworkPolicy');
  });
});

describe('Dataplane.kubernetes()', () => {
  test('same intent as a plain NetworkPolicy, valid against the Kubernetes schema', () => {
    const objects = synthApp({
      ...BASE,
      expose: [IngressExposure.withClass({ className: 'nginx' })],
      dataplane: Dataplane.kubernetes({ allowFrom: [{ namespace: 'monitoring' }] }),
    });
    expect(all(objects, 'CiliumNetworkPolicy')).toHaveLength(0);
    const np = one(objects, 'NetworkPolicy');
    expect(np.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
              podSelector: {
                matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
              },
            },
          ],
          ports: [{ port: 8080, protocol: 'TCP' }],
        },
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
              podSelector: { matchLabels: {} },
            },
          ],
          ports: [{ port: 8080, protocol: 'TCP' }],
        },
      ],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
          ],
        },
      ],
    });
    expect(() =>
      new (NetworkPolicy as unknown as new (d: unknown) => { validate(): void })(np).validate(),
    ).not.toThrow();
  });

  test('world becomes 0.0.0.0/0 and ::/0', () => {
    const np = one(
      synthApp({ ...BASE, expose: [TerraformLoadBalancer.nlb()], dataplane: Dataplane.kubernetes() }),
      'NetworkPolicy',
    );
    expect(np.spec.ingress[0].from).toEqual([{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }]);
  });
});

describe('Cilium Service annotations', () => {
  const app: TrafficAppProps = {
    ...BASE,
    expose: [LbIpamService.create({ labels: { pool: 'public' } })],
    dataplane: Dataplane.cilium({
      service: {
        ips: ['192.168.10.241'],
        sharingKey: 'web',
        lbAlgorithm: 'maglev',
        forwardingMode: 'dsr',
        global: true,
        shared: false,
        affinity: 'local',
      },
    }),
  };

  test('are written on the LB IPAM Service, and ciliumServiceAnnotations returns them', () => {
    const objects = synthApp(app);
    const svc = one(objects, 'Service', 'web-lb');
    const expected = {
      'lbipam.cilium.io/ips': '192.168.10.241',
      'lbipam.cilium.io/sharing-key': 'web',
      'service.cilium.io/lb-algorithm': 'maglev',
      'service.cilium.io/forwarding-mode': 'dsr',
      'service.cilium.io/global': 'true',
      'service.cilium.io/shared': 'false',
      'service.cilium.io/affinity': 'local',
    };
    expect(svc.metadata.annotations).toEqual(expected);
    expect(svc.spec).toMatchObject({ type: 'LoadBalancer', selector: { 'app.kubernetes.io/name': 'web' } });
    expect(svc.spec.loadBalancerClass).toBeUndefined();
    expect(ciliumServiceAnnotations(TrafficApp.define(app).spec)).toEqual(expected);
    expect(() => new (Service as unknown as new (d: unknown) => { validate(): void })(svc).validate()).not.toThrow();
  });

  test('the model holds them typed; the renderer writes the keys in a fixed order', () => {
    const spec = TrafficApp.define(app).spec;
    expect(spec.dataplane?.service).toEqual({
      ips: ['192.168.10.241'],
      sharingKey: 'web',
      lbAlgorithm: 'maglev',
      forwardingMode: 'dsr',
      global: true,
      shared: false,
      affinity: 'local',
    });
    expect(
      TrafficApp.define({ ...BASE, expose: [LbIpamService.create()], dataplane: Dataplane.cilium() }).spec.dataplane
        ?.service,
    ).toEqual({ ips: [] });
    expect(Object.keys(ciliumServiceAnnotations(spec))).toEqual(Object.values(CILIUM_SERVICE_ANNOTATIONS));
  });

  test("Cilium keys in an LB IPAM Service's escape hatch: refused by the renderer check through TrafficChart, with the construct path, beside a model problem", () => {
    const define = TrafficApp.define({
      ...BASE,
      expose: [
        LbIpamService.create({
          sourceRanges: ['not-a-cidr'],
          annotations: {
            'lbipam.cilium.io/ips': '192.168.10.9',
            'service.cilium.io/global': 'true',
            'example.com/team': 'shop',
          },
        }),
      ],
      dataplane: Dataplane.cilium(),
    });
    let message = '';
    try {
      new TrafficChart(Testing.app(), 'test', { apps: [define] }).toJson();
    } catch (e) {
      expect(e).toBeInstanceOf(DefinitionError);
      message = (e as Error).message;
    }
    const lines = message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
    expect(lines.map((l) => l.slice(0, l.indexOf(':')))).toEqual([
      '[test/web] expose[0].sourceRanges[0]',
      '[test/web] expose[0].annotations.lbipam.cilium.io/ips',
      '[test/web] expose[0].annotations.service.cilium.io/global',
    ]);
    expect(lines[1]).toContain(
      'Cilium annotations are typed options of the dataplane (received "192.168.10.9"). Fix: use Dataplane.cilium({ service: { ... } })',
    );
  });

  test('are merged into the NLB Service too', () => {
    const svc = one(
      synthApp({
        ...BASE,
        expose: [LoadBalancerServiceExposure.nlb()],
        dataplane: Dataplane.cilium({ service: { sharingKey: 'shared' } }),
      }),
      'Service',
      'web-nlb',
    );
    expect(svc.metadata.annotations?.['lbipam.cilium.io/sharing-key']).toBe('shared');
  });

  function synthWithCluster(ips: string[], labels: Record<string, string>): void {
    const a = new App({ outdir: Testing.app().outdir });
    new CiliumCluster(new Chart(a, 'cilium'), 'cluster', BARE_METAL_CLUSTER);
    new TrafficChart(a, 'apps', {
      apps: [
        TrafficApp.define({
          ...BASE,
          expose: [LbIpamService.create({ labels })],
          dataplane: Dataplane.cilium({ service: { ips } }),
        }),
      ],
    });
    a.synth();
  }

  test('a pinned IP inside a usable pool synthesizes', () => {
    expect(() => synthWithCluster(['192.168.10.242'], { 'lb.example.com/pool': 'public' })).not.toThrow();
  });

  test('a pinned IP in no pool is an error naming field, value and fix', () => {
    expect(() => synthWithCluster(['192.168.20.1'], { 'lb.example.com/pool': 'public' })).toThrow(
      /dataplane\.service\.ips\[0\]: is in no CiliumLoadBalancerIPPool \(pools: public \(192\.168\.10\.240\/28\)\).*received "192\.168\.20\.1"\)\. Fix: pin an address inside a pool/,
    );
  });

  test('a pinned IP in a pool whose serviceSelector misses the Service is an error', () => {
    expect(() => synthWithCluster(['192.168.10.242'], {})).toThrow(
      /lies in a pool the Service cannot use \(public's serviceSelector does not match/,
    );
  });
});

describe("Cilium's Envoy stream idle timeout against the apps' L7 policies (checked at synth)", () => {
  const STREAMING_L7: TrafficAppProps = {
    ...BASE,
    name: 'sse',
    traffic: { profile: TrafficProfile.STREAMING, maxStreamDuration: Duration.minutes(15) },
    expose: [LbIpamService.create({ labels: { 'lb.example.com/pool': 'public' } })],
    // The stream idle timeout the app counts on of the cluster's Envoy (without it, CT-TRAFFIC-070: test/cilium/l7-proxy)
    dataplane: Dataplane.cilium({
      l7: [{ method: 'GET', path: '/events' }],
      proxy: { streamIdleTimeout: Duration.minutes(15) },
    }),
  };

  function synthBoth(app: TrafficAppProps, cluster: Partial<CiliumClusterConstructProps> = {}): void {
    const a = new App({ outdir: Testing.app().outdir });
    new CiliumCluster(new Chart(a, 'cilium'), 'cluster', { ...BARE_METAL_CLUSTER, ...cluster });
    new TrafficChart(a, 'apps', { apps: [TrafficApp.define(app)] });
    a.synth();
  }

  test("a streaming app with L7 rules whose idle timeout exceeds Envoy's is an error at the cluster naming the app, the field and the fix", () => {
    expect(() => synthBoth(STREAMING_L7, { envoy: undefined })).toThrow(
      /\[cilium\/cluster\] envoy\.streamIdleTimeout: lets Envoy cut an HTTP stream after 300 s without activity, but the L7 rules of shop\/sse \(apps\/sse, 900 s declared in dataplane\.proxy\.streamIdleTimeout\) send their traffic through Envoy.*\(received undefined\)\. Fix: set envoy: \{ streamIdleTimeout: Duration\.seconds\(900\) \} or more on this CiliumCluster, or shorten the apps' traffic\.idleTimeout/,
    );
    expect(() => synthBoth(STREAMING_L7)).toThrow(
      /after 600 s without activity.*\(received Duration\(600s\)\)\. Fix: set envoy: \{ streamIdleTimeout: Duration\.seconds\(900\) \}/,
    );
  });

  test('synthesizes when Envoy waits long enough, when the app has no L7 rules (Envoy not in the path), or is not streaming', () => {
    expect(() => synthBoth(STREAMING_L7, { envoy: { streamIdleTimeout: Duration.minutes(15) } })).not.toThrow();
    expect(() => synthBoth({ ...STREAMING_L7, dataplane: Dataplane.cilium() }, { envoy: undefined })).not.toThrow();
    const undeclared = Dataplane.cilium({ l7: [{ method: 'GET', path: '/events' }] });
    expect(() =>
      synthBoth({ ...STREAMING_L7, traffic: undefined, dataplane: undeclared }, { envoy: undefined }),
    ).not.toThrow();
  });
});

describe('per-Service algorithm and forwarding mode: the cluster must let Services choose (checked at synth)', () => {
  const PER_SERVICE: TrafficAppProps = {
    ...BASE,
    name: 'lb',
    expose: [LbIpamService.create({ labels: { 'lb.example.com/pool': 'public' } })],
    dataplane: Dataplane.cilium({ service: { lbAlgorithm: 'maglev', forwardingMode: 'snat' } }),
  };

  function synthBoth(
    app: TrafficAppProps,
    loadBalancer: Partial<NonNullable<CiliumClusterConstructProps['loadBalancer']>> = {},
    chartVersion: CiliumClusterConstructProps['chartVersion'] = '1.19.6',
  ): CiliumCluster {
    const a = new App({ outdir: Testing.app().outdir });
    const cluster = new CiliumCluster(new Chart(a, 'cilium'), 'cluster', {
      ...BARE_METAL_CLUSTER,
      chartVersion,
      loadBalancer: { ...BARE_METAL_CLUSTER.loadBalancer, ...loadBalancer },
    });
    new TrafficChart(a, 'apps', { apps: [TrafficApp.define(app)] });
    a.synth();
    return cluster;
  }

  test('annotations Cilium would ignore are errors at the cluster, one per setting, naming the app and the fix', () => {
    let message = '';
    try {
      synthBoth(PER_SERVICE);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /\[cilium\/cluster\] loadBalancer\.perServiceAlgorithm: is off, so Cilium ignores the service\.cilium\.io\/lb-algorithm annotation that shop\/lb sets \(dataplane\.service\.lbAlgorithm\) \(received undefined\)\. Fix: set loadBalancer: \{ perServiceAlgorithm: true \}/,
    );
    expect(message).toMatch(
      /loadBalancer\.perServiceMode: is off, so Cilium ignores the service\.cilium\.io\/forwarding-mode annotation/,
    );
  });

  test('chart 1.20 with Gateway API forces the algorithm annotation on: only the forwarding mode is an error', () => {
    expect(BARE_METAL_CLUSTER.gatewayApi).toBe(true);
    let message = '';
    try {
      synthBoth(PER_SERVICE, {}, '1.20.0');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toMatch(/perServiceAlgorithm/);
    expect(message).toMatch(
      /loadBalancer\.perServiceMode: is off, so Cilium ignores the service\.cilium\.io\/forwarding-mode annotation/,
    );
    const cluster = synthBoth(PER_SERVICE, { perServiceMode: true }, '1.20.0');
    expect(cluster.values.values.bpf).toEqual({
      masquerade: true,
      lbAlgorithmAnnotation: true,
      lbModeAnnotation: true,
    });
  });

  test('with the settings on, the values enable the annotations and the synth passes', () => {
    const cluster = synthBoth(PER_SERVICE, { perServiceAlgorithm: true, perServiceMode: true });
    expect(cluster.values.values.bpf).toEqual({
      masquerade: true,
      lbAlgorithmAnnotation: true,
      lbModeAnnotation: true,
    });
    expect(() => synthBoth({ ...PER_SERVICE, dataplane: Dataplane.cilium() })).not.toThrow();
  });
});

describe('Cilium as the Ingress or Gateway implementation: the cluster must run it (checked at synth)', () => {
  const INGRESS: TrafficAppProps = {
    ...BASE,
    name: 'site',
    expose: [IngressExposure.withClass({ className: 'cilium', hosts: ['site.example.com'] })],
  };
  const GATEWAY: TrafficAppProps = {
    ...BASE,
    name: 'api',
    expose: [
      GatewayRouteExposure.http({
        gateway: { className: 'cilium', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] },
      }),
    ],
  };

  function synthWith(apps: TrafficAppProps[], cluster: Partial<CiliumClusterConstructProps>): void {
    const a = new App({ outdir: Testing.app().outdir });
    new CiliumCluster(new Chart(a, 'cilium'), 'cluster', { ...BARE_METAL_CLUSTER, ...cluster });
    new TrafficChart(a, 'apps', { apps: apps.map((p) => TrafficApp.define(p)) });
    a.synth();
  }

  test('class cilium with the controller off is an error at the cluster naming the app and the fix', () => {
    expect(() => synthWith([INGRESS], { ingressController: { enabled: false } })).toThrow(
      /\[cilium\/cluster\] ingressController\.enabled: is off, but shop\/site expose\[0\] uses IngressClass "cilium": nothing would serve it \(received false\)\. Fix: set ingressController: \{ enabled: true \}/,
    );
    expect(() => synthWith([GATEWAY], { gatewayApi: false })).toThrow(
      /\[cilium\/cluster\] gatewayApi: is off, but shop\/api expose\[0\] creates a Gateway of GatewayClass "cilium".*\(received false\)\. Fix: set gatewayApi: true/,
    );
  });

  test('with the controller on, the synth passes', () => {
    expect(() =>
      synthWith([INGRESS, GATEWAY], { ingressController: { enabled: true }, gatewayApi: true }),
    ).not.toThrow();
  });
});

describe('off-cloud LoadBalancer Services: requests forwarded by another node', () => {
  const lb = (externalTrafficPolicy?: 'Cluster' | 'Local') => ({
    ...BASE,
    expose: [LbIpamService.create({ labels: { pool: 'a' }, externalTrafficPolicy })],
    dataplane: Dataplane.cilium(),
  });

  test('with externalTrafficPolicy Cluster (the default) the remote-node identity is allowed on the same ports, with Local it is not', () => {
    for (const etp of [undefined, 'Cluster' as const]) {
      expect(cnp(lb(etp)).spec.ingress).toEqual([
        { fromEntities: ['world'], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] },
        { fromEntities: ['remote-node'], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] },
      ]);
    }
    expect(cnp(lb('Local')).spec.ingress).toEqual([
      { fromEntities: ['world'], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] },
    ]);
  });
});

describe('bare-metal example', () => {
  test("the cluster's Envoy covers the events API's longest stream, and both synthesize together", () => {
    expect(BARE_METAL_CLUSTER.envoy?.streamIdleTimeout?.toSeconds()).toBe(events.spec.traffic.idleTimeoutSeconds);
    expect(events.spec.traffic.idleTimeoutSeconds).toBe(600);
    const a = new App({ outdir: Testing.app().outdir });
    const cluster = new CiliumCluster(new Chart(a, 'cilium'), 'cluster', BARE_METAL_CLUSTER);
    new TrafficChart(a, 'bm', { apps: [events] });
    expect(() => a.synth()).not.toThrow();
    expect(cluster.values.values.envoy).toEqual({ streamIdleTimeoutDurationSeconds: 600 });
  });

  test('the policy selects the pods and the LB Service is pinned inside the pool', () => {
    const chart = new TrafficChart(Testing.app(), 'bm', { apps: [events] });
    const objects = chart.toJson();
    const policy = one(objects, 'CiliumNetworkPolicy');
    const podLabels = one(objects, 'Deployment').spec.template.metadata.labels;
    for (const [k, v] of Object.entries(policy.spec.endpointSelector.matchLabels)) expect(podLabels[k]).toBe(v);
    expect(policy.spec.endpointSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'events' });
    expect(one(objects, 'Service', 'events-lb').metadata.annotations).toEqual({
      'lbipam.cilium.io/ips': '192.168.10.241',
    });
    expect(policy.spec.ingress[0].fromEntities).toEqual(['world']);
  });

  test('per-source L7: the load balancer path gets the API requests only (no load balancer health-checks through the policy), Prometheus only GET /metrics', () => {
    const policy = one(new TrafficChart(Testing.app(), 'bm', { apps: [events] }).toJson(), 'CiliumNetworkPolicy');
    const api = {
      ports: [{ port: '8080', protocol: 'TCP' }],
      rules: {
        http: [
          { method: 'GET', path: '/v1/streams/[a-z0-9-]+/events' },
          { method: 'POST', path: '/v1/streams' },
        ],
      },
    };
    expect(policy.spec.ingress).toEqual([
      { fromEntities: ['world'], toPorts: [api] },
      // externalTrafficPolicy Cluster: a request another node forwards arrives as remote-node (native routing).
      { fromEntities: ['remote-node'], toPorts: [api] },
      {
        fromEndpoints: [
          {
            matchLabels: {
              'k8s:io.kubernetes.pod.namespace': 'monitoring',
              'k8s:app.kubernetes.io/name': 'prometheus',
            },
          },
        ],
        toPorts: [
          { ports: [{ port: '8080', protocol: 'TCP' }], rules: { http: [{ method: 'GET', path: '/metrics' }] } },
        ],
      },
    ]);
  });
});
