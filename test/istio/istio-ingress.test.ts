import { Testing } from 'cdk8s';
import { IstioIngress, TrafficApp, TrafficAppProps, TrafficChart } from '../../lib';
import type { IstioGatewayProps, IstioIngressProps } from '../../lib';
import { definitionProblems, validateObjects } from '../../lib/testing';
import { bookinfoApps, bookinfoGateway, details, productpage } from '../../apps/istio-ingress';
import { all, one } from '../support/k8s';
import type { K8sObject } from '../support/k8s';
import { hostsOverlap, pathsOverlap } from '../../lib/resolve/route-claims';

const synth = (apps: readonly TrafficApp[]) => {
  const chart = new TrafficChart(Testing.app(), 'test', { apps, printWarnings: false, printSummary: false });
  return { chart, objects: chart.toJson() as K8sObject[] };
};
const { chart, objects } = synth(bookinfoApps);

/** An app like details, with its own exposure props. */
const app = (name: string, ingress: Partial<IstioIngressProps>, extra: Partial<TrafficAppProps> = {}) =>
  TrafficApp.define({
    ...details.props,
    name,
    expose: [IstioIngress.route({ gateway: bookinfoGateway, ...ingress } as IstioIngressProps)],
    ...extra,
  });
const problemsOf = (apps: readonly TrafficApp[]) =>
  definitionProblems(() => synth(apps)).map((p) => ({
    field: p.field,
    value: p.value,
    message: p.message,
    fix: p.fix,
  }));

describe('apps/istio-ingress.ts: Bookinfo behind one Istio Gateway', () => {
  test('the Gateway is written once, on the default ingress gateway pods, HTTPS with TLS 1.3 and HTTP redirecting', () => {
    const gw = one(objects, 'Gateway', 'bookinfo-gateway');
    expect(gw.apiVersion).toBe('networking.istio.io/v1');
    expect(gw.metadata.namespace).toBe('istio-system');
    expect(gw.spec.selector).toEqual({ istio: 'ingressgateway' });
    expect(gw.spec.servers).toEqual([
      {
        port: { number: 443, name: 'https', protocol: 'HTTPS' },
        hosts: ['bookinfo.example.com'],
        tls: { mode: 'SIMPLE', credentialName: 'bookinfo-tls', minProtocolVersion: 'TLSV1_3' },
      },
      {
        port: { number: 80, name: 'http', protocol: 'HTTP' },
        hosts: ['bookinfo.example.com'],
        tls: { httpsRedirect: true },
      },
    ]);
  });

  test("each VirtualService's gateways name the Gateway written, and its hosts are served by it", () => {
    const gateways = all(objects, 'Gateway').map((g) => `${g.metadata.namespace}/${g.metadata.name}`);
    const services = all(objects, 'VirtualService');
    expect(services.map((v) => v.metadata.name)).toEqual(['productpage-ingress', 'details-ingress']);
    for (const vs of services) {
      expect(vs.spec.gateways).toHaveLength(1);
      expect(gateways).toContain(vs.spec.gateways[0]);
      const gw = one(objects, 'Gateway', vs.spec.gateways[0].split('/')[1]);
      const served = gw.spec.servers.flatMap((s: { hosts: string[] }) => s.hosts);
      for (const h of vs.spec.hosts) expect(served).toContain(h);
    }
  });

  test('every destination is a Service written in the app namespace, on a port it has', () => {
    for (const vs of all(objects, 'VirtualService')) {
      for (const rule of vs.spec.http) {
        for (const r of rule.route) {
          const [name, ns] = r.destination.host.split('.');
          const svc = one(objects, 'Service', name);
          expect(svc.metadata.namespace).toBe(ns);
          expect(svc.spec.ports.map((p: { port: number }) => p.port)).toContain(r.destination.port.number);
        }
      }
    }
  });

  test('productpage: the demo URI matches, the canary header rule first, 95/5, the timeout and retries', () => {
    const vs = one(objects, 'VirtualService', 'productpage-ingress');
    const uris = [
      { exact: '/productpage' },
      { prefix: '/static' },
      { exact: '/login' },
      { exact: '/logout' },
      { prefix: '/api/v1/products' },
    ];
    expect(vs.spec.http.map((h: { name: string }) => h.name)).toEqual(['canary-header', 'default']);
    expect(vs.spec.http[0].match).toEqual(uris.map((uri) => ({ uri, headers: { 'x-canary': { exact: 'always' } } })));
    expect(vs.spec.http[0].route).toEqual([
      { destination: { host: 'productpage-v2.bookinfo-ingress.svc.cluster.local', port: { number: 9080 } } },
    ]);
    expect(vs.spec.http[1].match).toEqual(uris.map((uri) => ({ uri })));
    expect(vs.spec.http[1].route.map((r: { weight: number }) => r.weight)).toEqual([95, 5]);
    for (const h of vs.spec.http) {
      expect(h.timeout).toBe('15s');
      expect(h.retries).toEqual({ attempts: 2, perTryTimeout: '5s', retryOn: '503,reset' });
    }
  });

  test('details: the prefix rewritten, one backend without a weight', () => {
    const vs = one(objects, 'VirtualService', 'details-ingress');
    expect(vs.spec.http).toHaveLength(1);
    expect(vs.spec.http[0].match).toEqual([{ uri: { prefix: '/api/details/' } }]);
    expect(vs.spec.http[0].rewrite).toEqual({ uri: '/details/' });
    expect(vs.spec.http[0].route).toEqual([
      { destination: { host: 'details.bookinfo-ingress.svc.cluster.local', port: { number: 9080 } } },
    ]);
  });

  test('the network policy admits the ingress gateway pods on the container port behind the Service port', () => {
    for (const name of ['productpage', 'details']) {
      const np = one(objects, 'NetworkPolicy', name);
      expect(np.spec.ingress).toEqual([
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } },
              podSelector: { matchLabels: { istio: 'ingressgateway' } },
            },
          ],
          ports: [{ port: 9080, protocol: 'TCP' }],
        },
      ]);
      const dep = all(objects, 'Deployment').find((d) => d.metadata.name.startsWith(name))!;
      expect(
        dep.spec.template.spec.containers[0].ports.map((p: { containerPort: number }) => p.containerPort),
      ).toContain(9080);
    }
  });

  test('the hosts and paths are in the traits (the map and SUMMARY.md), reach internet, no warnings', () => {
    const spec = chart.specs[0].exposures[0];
    expect(spec.traits.reach).toBe('internet');
    expect(spec.traits.hosts).toEqual([
      { host: 'bookinfo.example.com', paths: ['/productpage', '/static', '/login', '/logout', '/api/v1/products'] },
    ]);
    expect(chart.warnings).toEqual([]);
  });

  test('every object is valid against the Kubernetes and CRD schemas (Istio Gateway and VirtualService)', () => {
    expect(validateObjects(objects)).toEqual({ errors: [], unchecked: [] });
  });

  test('the same bytes on every synth', () => {
    expect(JSON.stringify(synth(bookinfoApps).objects)).toBe(JSON.stringify(objects));
  });
});

describe('Istio ingress options', () => {
  test("a single '*' host is written on the Gateway and the VirtualService; plain HTTP with its reason", () => {
    const gateway: IstioGatewayProps = {
      name: 'any',
      hosts: ['*'],
      plainHttpReason: 'TLS ends at the cloud load balancer',
    };
    const { objects: o } = synth([app('details', { gateway })]);
    expect(one(o, 'Gateway', 'any').spec.servers).toEqual([
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] },
    ]);
    expect(one(o, 'VirtualService').spec.hosts).toEqual(['*']);
    expect(validateObjects(o)).toEqual({ errors: [], unchecked: [] });
  });

  test('own selector and namespace: the Gateway selects those pods and the policy admits them', () => {
    const gateway: IstioGatewayProps = {
      ...bookinfoGateway,
      namespace: 'istio-ingress',
      selector: { app: 'istio-ingress' },
      tls: {
        credentialName: 'bookinfo-tls',
        minProtocolVersion: 'TLSV1_2',
        minProtocolVersionReason: 'old Android clients',
      },
    };
    const { objects: o } = synth([app('details', { gateway, hosts: ['bookinfo.example.com'] })]);
    const gw = one(o, 'Gateway');
    expect(gw.metadata.namespace).toBe('istio-ingress');
    expect(gw.spec.selector).toEqual({ app: 'istio-ingress' });
    expect(gw.spec.servers[0].tls.minProtocolVersion).toBe('TLSV1_2');
    expect(one(o, 'VirtualService').spec.gateways).toEqual(['istio-ingress/bookinfo-gateway']);
    expect(one(o, 'NetworkPolicy').spec.ingress[0].from[0].podSelector).toEqual({
      matchLabels: { app: 'istio-ingress' },
    });
  });

  test('an existing Gateway (create: false): not written; the VirtualService names it, the policy admits its pods', () => {
    const gateway: IstioGatewayProps = {
      name: 'public',
      namespace: 'istio-ingress',
      create: false,
      hosts: ['*.example.com'],
    };
    const { objects: o } = synth([app('details', { gateway, hosts: ['bookinfo.example.com'] })]);
    expect(all(o, 'Gateway')).toEqual([]);
    expect(one(o, 'VirtualService').spec.gateways).toEqual(['istio-ingress/public']);
    expect(one(o, 'NetworkPolicy').spec.ingress[0].from[0].namespaceSelector).toEqual({
      matchLabels: { 'kubernetes.io/metadata.name': 'istio-ingress' },
    });
    const tls = { ...gateway, tls: { credentialName: 'x' } };
    expect(problemsOf([app('details', { gateway: tls, hosts: ['bookinfo.example.com'] })])).toEqual([
      expect.objectContaining({ field: 'expose[0].gateway.tls', fix: expect.stringContaining('leave `create` out') }),
    ]);
  });

  test('a regex match is written as RE2', () => {
    const { objects: o } = synth([app('details', { matches: [{ regex: '/details/[0-9]+' }] })]);
    expect(one(o, 'VirtualService').spec.http[0].match).toEqual([{ uri: { regex: '/details/[0-9]+' } }]);
  });

  test('one app with no match claims every path; another host is no conflict', () => {
    const other: IstioGatewayProps = { ...bookinfoGateway, hosts: ['bookinfo.example.com', 'api.example.com'] };
    const a = app('a', { gateway: other, hosts: ['bookinfo.example.com'] });
    const b = app('b', { gateway: other, hosts: ['api.example.com'] });
    const { objects: o } = synth([a, b]);
    expect(all(o, 'Gateway')).toHaveLength(1);
    expect(all(o, 'VirtualService').map((v) => v.spec.hosts)).toEqual([['bookinfo.example.com'], ['api.example.com']]);
  });
});

describe('Istio ingress bad input: each a problem with field, value and fix', () => {
  test('hosts that are not DNS names, "*" beside other hosts, a host the Gateway does not serve', () => {
    const gateway = { ...bookinfoGateway, hosts: ['Bookinfo_Example', '*'] };
    expect(problemsOf([app('details', { gateway, hosts: ['shop.example.com'] })])).toEqual([
      expect.objectContaining({ field: 'expose[0].gateway.hosts[0]', value: 'Bookinfo_Example' }),
      expect.objectContaining({
        field: 'expose[0].gateway.hosts[1]',
        value: '*',
        fix: expect.stringContaining('"*" alone'),
      }),
    ]);
    const p = problemsOf([app('details', { hosts: ['shop.example.com'] })]);
    expect(p).toEqual([
      {
        field: 'expose[0].hosts[0]',
        value: 'shop.example.com',
        message: expect.stringContaining('is not served by the Gateway istio-system/bookinfo-gateway'),
        fix: 'add "shop.example.com" to the Gateway\'s `hosts`, or use one of its hosts',
      },
    ]);
  });

  test('TLS without a Secret; no TLS without a reason; TLS 1.2 without a reason', () => {
    const noSecret = { ...bookinfoGateway, tls: { credentialName: '' } };
    expect(problemsOf([app('details', { gateway: noSecret })])).toEqual([
      expect.objectContaining({
        field: 'expose[0].gateway.tls.credentialName',
        value: '',
        fix: expect.stringContaining('kubernetes.io/tls Secret'),
      }),
    ]);
    const plain = { name: 'g', hosts: ['bookinfo.example.com'] };
    expect(problemsOf([app('details', { gateway: plain })])).toEqual([
      expect.objectContaining({ field: 'expose[0].gateway.tls', fix: expect.stringContaining('plainHttpReason') }),
    ]);
    const old = { ...bookinfoGateway, tls: { credentialName: 'x', minProtocolVersion: 'TLSV1_2' as const } };
    expect(problemsOf([app('details', { gateway: old })])).toEqual([
      expect.objectContaining({ field: 'expose[0].gateway.tls.minProtocolVersionReason' }),
    ]);
  });

  test('a regex RE2 refuses, a match with two kinds, a path without "/", a rewrite that is no path', () => {
    const p = problemsOf([
      app('details', {
        matches: [{ regex: '/(?!admin).*' }, { exact: '/a', prefix: '/b' }, { prefix: 'api' }],
        rewriteUri: 'details',
      }),
    ]);
    expect(p.map((x) => [x.field, x.value])).toEqual([
      ['expose[0].matches[0].regex', '/(?!admin).*'],
      ['expose[0].matches[1]', { exact: '/a', prefix: '/b' }],
      ['expose[0].matches[2].prefix', 'api'],
      ['expose[0].rewriteUri', 'details'],
    ]);
    expect(p[0].message).toContain('RE2');
    expect(p[0].fix).toContain('re2/wiki/Syntax');
  });

  test('two apps claiming one host and path: the second is reported with the first', () => {
    const a = app('a', { matches: [{ prefix: '/api' }] });
    const b = app('b', { matches: [{ exact: '/health' }, { exact: '/api/v1/orders' }] });
    expect(problemsOf([a, b])).toEqual([
      {
        field: 'expose[0].matches[1]',
        value: 'bookinfo.example.com exact "/api/v1/orders"',
        message: expect.stringContaining(
          'overlaps bookinfo.example.com prefix "/api" of app "a" (expose[0].matches[0])',
        ),
        fix: expect.stringContaining('paths that do not overlap'),
      },
    ]);
    // an app without matches claims every path
    expect(problemsOf([app('a', {}), app('b', { matches: [{ exact: '/x' }] })]).map((x) => x.field)).toEqual([
      'expose[0].matches[0]',
    ]);
  });

  test('one Gateway declared differently by two apps is a conflict', () => {
    const a = app('a', { matches: [{ prefix: '/a' }] });
    const b = app('b', {
      gateway: { ...bookinfoGateway, tls: { credentialName: 'other-tls' } },
      matches: [{ prefix: '/b' }],
    });
    const p = problemsOf([a, b]);
    expect(p).toEqual([
      expect.objectContaining({
        field: 'expose[0].gateway',
        message: expect.stringContaining('Gateway.networking.istio.io "bookinfo-gateway" in namespace istio-system'),
        fix: expect.stringContaining('declare the Gateway once'),
      }),
    ]);
  });

  test('a JavaScript caller passing a string for hosts gets a problem, not a TypeError', () => {
    const bad = { gateway: { ...bookinfoGateway, hosts: 'bookinfo.example.com' } } as unknown as IstioIngressProps;
    const p = definitionProblems(() =>
      synth([TrafficApp.define({ ...details.props, expose: [IstioIngress.route(bad)] })]),
    );
    expect(p.map((x) => x.field)).toContain('expose[0].gateway.hosts');
    expect(p.find((x) => x.field === 'expose[0].gateway.hosts')?.value).toBe('bookinfo.example.com');
  });
});

describe('overlap of hosts and paths', () => {
  test.each([
    ['a.example.com', 'a.example.com', true],
    ['*', 'a.example.com', true],
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'example.com', false],
    ['a.example.com', 'b.example.com', false],
  ])('hosts %s and %s: %s', (a, b, expected) => {
    expect(hostsOverlap(a, b)).toBe(expected);
    expect(hostsOverlap(b, a)).toBe(expected);
  });

  test.each([
    [{ type: 'prefix', value: '/' }, { type: 'exact', value: '/x' }, true],
    [{ type: 'prefix', value: '/a' }, { type: 'prefix', value: '/ab' }, true],
    [{ type: 'prefix', value: '/a/' }, { type: 'prefix', value: '/b/' }, false],
    [{ type: 'exact', value: '/a' }, { type: 'exact', value: '/a' }, true],
    [{ type: 'exact', value: '/a' }, { type: 'exact', value: '/b' }, false],
    [{ type: 'regex', value: '/a.*' }, { type: 'regex', value: '/a.*' }, true],
    [{ type: 'regex', value: '/a.*' }, { type: 'prefix', value: '/a' }, false],
  ] as const)('paths %j and %j: %s', (a, b, expected) => {
    expect(pathsOverlap(a, b)).toBe(expected);
    expect(pathsOverlap(b, a)).toBe(expected);
  });
});

test('productpage alone: its Gateway and VirtualService, nothing of details', () => {
  const { objects: o } = synth([productpage]);
  expect(all(o, 'Gateway')).toHaveLength(1);
  expect(all(o, 'VirtualService').map((v) => v.metadata.name)).toEqual(['productpage-ingress']);
});
