import { Duration } from 'cdk8s';
import { GatewayRouteExposure, HttpFilter, Probe } from '../../lib';
import { GATEWAY_API_CHANNEL_ANNOTATION } from '../../lib/k8s/expose/app-gateway-route';
import { all, one } from '../support/k8s';
import { synth, web } from './support';

describe('Gateway API routes', () => {
  test('GIVEN an existing Gateway THEN an HTTPRoute with parentRefs (sectionName), hostnames, one rule to the Service port, request timeout', () => {
    const objects = synth({
      ...web,
      expose: [
        GatewayRouteExposure.http({
          parents: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
          hostnames: ['shop.example.com'],
        }),
      ],
    });
    const r = one(objects, 'HTTPRoute', 'web');
    expect(r.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(r.spec).toEqual({
      parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
      hostnames: ['shop.example.com'],
      rules: [{ backendRefs: [{ name: 'web', port: 80 }], timeouts: { request: '60s' } }],
    });
    // The backendRef names a Service and one of its ports.
    const svc = one(objects, 'Service', r.spec.rules[0].backendRefs[0].name);
    expect(svc.spec.ports.map((p: { port: number }) => p.port)).toContain(r.spec.rules[0].backendRefs[0].port);
    expect(all(objects, 'Gateway')).toEqual([]);
  });

  test('matches (path, header, method, query) and filters (redirect, rewrite, header modifiers)', () => {
    const objects = synth({
      ...web,
      expose: [
        GatewayRouteExposure.http({
          parents: [{ name: 'public' }],
          rules: [
            {
              matches: [{ path: { type: 'Exact', value: '/old' } }],
              filters: [HttpFilter.redirect({ scheme: 'https', statusCode: 301, path: { replaceFullPath: '/new' } })],
            },
            {
              matches: [
                {
                  path: '/api',
                  headers: [{ name: 'x-tenant', value: 'a' }],
                  method: 'POST',
                  queryParams: [{ name: 'v', value: '2', type: 'RegularExpression' }],
                },
              ],
              filters: [
                HttpFilter.rewrite({ path: { replacePrefixMatch: '/' } }),
                HttpFilter.requestHeaders({ set: { 'x-from': 'gw' }, remove: ['x-debug'] }),
                HttpFilter.responseHeaders({ add: { 'x-served-by': 'web' } }),
              ],
              timeout: Duration.seconds(10),
              backendTimeout: Duration.seconds(5),
            },
          ],
        }),
      ],
    });
    const rules = one(objects, 'HTTPRoute').spec.rules;
    expect(rules[0]).toEqual({
      matches: [{ path: { type: 'Exact', value: '/old' } }],
      filters: [
        {
          type: 'RequestRedirect',
          requestRedirect: {
            scheme: 'https',
            statusCode: 301,
            path: { type: 'ReplaceFullPath', replaceFullPath: '/new' },
          },
        },
      ],
    });
    expect(rules[1]).toEqual({
      matches: [
        {
          path: { type: 'PathPrefix', value: '/api' },
          headers: [{ name: 'x-tenant', value: 'a', type: 'Exact' }],
          method: 'POST',
          queryParams: [{ name: 'v', value: '2', type: 'RegularExpression' }],
        },
      ],
      filters: [
        { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } },
        {
          type: 'RequestHeaderModifier',
          requestHeaderModifier: { set: [{ name: 'x-from', value: 'gw' }], remove: ['x-debug'] },
        },
        { type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'x-served-by', value: 'web' }] } },
      ],
      backendRefs: [{ name: 'web', port: 80 }],
      timeouts: { request: '10s', backendRequest: '5s' },
    });
  });

  test('canaries: weights from spec.versions to the per-version Services; the canary header rule goes to the canary only', () => {
    const objects = synth({
      ...web,
      versions: { v2: { image: 'ghcr.io/acme/web:2.0.0', weight: 0.5 } },
      traffic: { canaryHeader: { name: 'x-canary', value: 'on' } },
      expose: [GatewayRouteExposure.http({ parents: [{ name: 'public' }] })],
    });
    const rules = one(objects, 'HTTPRoute').spec.rules;
    expect(rules).toEqual([
      {
        matches: [{ headers: [{ name: 'x-canary', value: 'on', type: 'Exact' }] }],
        backendRefs: [{ name: 'web-v2', port: 80 }],
        timeouts: { request: '60s' },
      },
      {
        backendRefs: [
          { name: 'web-v1', port: 80, weight: 995 },
          { name: 'web-v2', port: 80, weight: 5 },
        ],
        timeouts: { request: '60s' },
      },
    ]);
    for (const b of rules[1].backendRefs) one(objects, 'Service', b.name);
  });

  test('streaming: no request timeout is written as 0s (disables the gateway default)', () => {
    const r = one(
      synth({
        ...web,
        traffic: { requestTimeout: null },
        expose: [GatewayRouteExposure.http({ parents: [{ name: 'public' }] })],
      }),
      'HTTPRoute',
    );
    expect(r.spec.rules[0].timeouts).toEqual({ request: '0s' });
  });

  test('a route that creates its Gateway and GatewayClass: listeners with TLS certificate Secrets, parentRefs to chosen listeners', () => {
    const objects = synth({
      ...web,
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
        }),
      ],
    });
    expect(one(objects, 'GatewayClass', 'cilium').spec).toEqual({ controllerName: 'io.cilium/gateway-controller' });
    const gw = one(objects, 'Gateway', 'edge');
    expect(gw.metadata.namespace).toBe('shop');
    expect(gw.spec).toEqual({
      gatewayClassName: 'cilium',
      listeners: [
        { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Same' } } },
        {
          name: 'https',
          protocol: 'HTTPS',
          port: 443,
          hostname: '*.example.com',
          tls: { certificateRefs: [{ kind: 'Secret', name: 'wildcard-tls' }] },
          allowedRoutes: { namespaces: { from: 'Same' } },
        },
      ],
    });
    const r = one(objects, 'HTTPRoute');
    expect(r.spec.parentRefs).toEqual([{ name: 'edge', sectionName: 'https' }]);
    expect(gw.spec.listeners.map((l: { name: string }) => l.name)).toContain(r.spec.parentRefs[0].sectionName);
  });

  test('GRPCRoute: service/method matches, header modifiers, backendRefs; no timeouts field', () => {
    const objects = synth({
      ...web,
      ports: [{ name: 'grpc', port: 9090, appProtocol: 'grpc' }],
      service: { ports: [{ name: 'grpc', port: 9090 }] },
      readiness: Probe.grpc({ port: 'grpc' }),
      traffic: { requestTimeout: null },
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
    const r = one(objects, 'GRPCRoute', 'web');
    expect(r.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(r.spec).toEqual({
      parentRefs: [{ name: 'internal', sectionName: 'grpc' }],
      hostnames: ['orders.internal.example.com'],
      rules: [
        {
          matches: [{ method: { service: 'acme.orders.v1.Orders', method: 'GetOrder', type: 'Exact' } }],
          filters: [
            { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-route', value: 'orders' }] } },
          ],
          backendRefs: [{ name: 'web', port: 9090 }],
        },
      ],
    });
  });

  test("traffic.gatewayApiChannel 'experimental': the HTTPRoute carries the traffic policy's retry", () => {
    const r = one(
      synth({
        ...web,
        traffic: { retry: { attempts: 2, on: [502, 503] }, gatewayApiChannel: 'experimental' },
        expose: [GatewayRouteExposure.http({ parents: [{ name: 'public' }] })],
      }),
      'HTTPRoute',
    );
    expect(r.spec.rules[0].retry).toEqual({ attempts: 2, codes: [502, 503] });
  });

  test('a route written with experimental-channel fields says so (annotation ending in gateway-api-channel); the others carry none', () => {
    const route = (traffic: object) =>
      one(
        synth({ ...web, traffic, expose: [GatewayRouteExposure.http({ parents: [{ name: 'public' }] })] }),
        'HTTPRoute',
      );
    const exp = route({ retry: { attempts: 2, on: [502, 503] }, gatewayApiChannel: 'experimental' });
    expect(exp.metadata.annotations).toEqual({ [GATEWAY_API_CHANNEL_ANNOTATION]: 'experimental' });
    expect(GATEWAY_API_CHANNEL_ANNOTATION).toBe('cdk-traffic.io/gateway-api-channel');
    // The experimental channel without experimental fields, and the standard channel: valid on either CRD channel.
    expect(route({ gatewayApiChannel: 'experimental' }).metadata.annotations).toBeUndefined();
    expect(route({ retry: { attempts: 2, on: [502, 503] } }).metadata.annotations).toBeUndefined();
  });

  test('the same GatewayClass created by several routes and apps is written once (cluster-scoped: one object per name)', () => {
    const gateway = (name: string) => ({
      name,
      className: 'cilium',
      controllerName: 'io.cilium/gateway-controller',
      listeners: [{ name: 'http', protocol: 'HTTP' as const, port: 80 }],
    });
    const objects = synth(
      {
        ...web,
        expose: [
          GatewayRouteExposure.http({ gateway: gateway('edge-a') }),
          GatewayRouteExposure.http({ name: 'web-b', gateway: gateway('edge-b') }),
        ],
      },
      { ...web, name: 'api', namespace: 'billing', expose: [GatewayRouteExposure.grpc({ gateway: gateway('edge') })] },
    );
    const cls = one(objects, 'GatewayClass', 'cilium');
    expect(cls.spec).toEqual({ controllerName: 'io.cilium/gateway-controller' });
    expect(cls.metadata.namespace).toBeUndefined();
    expect(
      all(objects, 'Gateway').map((g) => `${g.metadata.namespace}/${g.metadata.name}:${g.spec.gatewayClassName}`),
    ).toEqual(['shop/edge-a:cilium', 'shop/edge-b:cilium', 'billing/edge:cilium']);
  });
});
