import { Duration } from 'cdk8s';
import {
  GatewayRouteExposure,
  HealthCheck,
  HttpFilter,
  IngressExposure,
  LoadBalancerServiceExposure,
  Probe,
} from '../../lib';
import { CERT, lineFor, problemsOf, synth, web } from './support';

const A = 'alb.ingress.kubernetes.io/';
const S = 'service.beta.kubernetes.io/';

describe('bad input: every problem names the field, the value received and a fix', () => {
  test('a route or Ingress naming a Service port that does not exist (the container port is not a Service port)', () => {
    const lines = problemsOf({
      ...web,
      expose: [
        IngressExposure.alb({ port: 8080 }),
        GatewayRouteExposure.http({ parents: [{ name: 'public' }], rules: [{ port: 'metrics' }] }),
        LoadBalancerServiceExposure.nlb({ ports: ['admin'] }),
      ],
    });
    expect(lineFor(lines, 'expose[0].port', '8080', 'is not a port of the Service "web"')).toContain(
      'its ports: http (80)',
    );
    lineFor(lines, 'expose[1].rules[0].port', '"metrics"', 'is not a port of the Service');
    lineFor(lines, 'expose[2].ports[0]', '"admin"', 'is not a port of the Service');
    expect(lines).toHaveLength(3);
  });

  test('an app without a Service cannot be exposed', () => {
    lineFor(
      problemsOf({ ...web, service: false, expose: [IngressExposure.alb()] }),
      'expose[0].port',
      'undefined',
      'the app has no Service',
    );
  });

  test('a health check that differs from the readiness probe: by hand in the escape hatch, on the Service, or overridden without a reason', () => {
    const lines = problemsOf({
      ...web,
      service: {
        ports: [{ name: 'http', port: 80, targetPort: 'http' }],
        annotations: { [`${A}healthcheck-path`]: '/' },
      },
      expose: [
        IngressExposure.alb({ annotations: { [`${A}healthcheck-path`]: '/ping' } }),
        LoadBalancerServiceExposure.nlb({ annotations: { [`${S}aws-load-balancer-healthcheck-port`]: '9100' } }),
        IngressExposure.alb({ name: 'web-2', healthCheck: HealthCheck.override({ path: '/lb', reason: ' ' }) }),
      ],
    });
    lineFor(lines, `expose[0].annotations.${A}healthcheck-path`, '"/ping"', 'would differ from the readiness probe');
    lineFor(
      lines,
      `expose[1].annotations.${S}aws-load-balancer-healthcheck-port`,
      '"9100"',
      'would differ from the readiness probe',
    );
    // The Service annotation is reported once, however many ALB Ingresses read it.
    expect(
      lines.filter((l) => l.includes(`service.annotations.${A}healthcheck-path: `) && l.includes('(received "/")')),
    ).toHaveLength(1);
    lineFor(lines, 'expose[2].healthCheck.reason', '" "', 'needs a reason');
  });

  test('a health check that cannot be derived: ALB with a TCP probe, NLB with an exec probe; AWS ranges of an override', () => {
    const tcp = problemsOf({ ...web, readiness: Probe.tcpSocket({ port: 'http' }), expose: [IngressExposure.alb()] });
    lineFor(tcp, 'readiness', '"tcpSocket"', 'application load balancers check targets over HTTP only');
    const exec = problemsOf({
      ...web,
      readiness: Probe.exec(['cat', '/tmp/ready']),
      expose: [LoadBalancerServiceExposure.nlb()],
    });
    lineFor(exec, 'readiness', '"exec"', 'which a load balancer cannot do');
    const ranges = problemsOf({
      ...web,
      expose: [
        IngressExposure.alb({
          healthCheck: HealthCheck.override({
            reason: 'slow app',
            interval: Duration.seconds(400),
            timeout: Duration.seconds(1),
            unhealthyThreshold: 11,
          }),
        }),
      ],
    });
    lineFor(ranges, 'expose[0].healthCheck.interval', 'Duration(400s)', 'between 5s and 300s');
    lineFor(ranges, 'expose[0].healthCheck.timeout', 'Duration(1s)', 'between 2s and 120s');
    lineFor(ranges, 'expose[0].healthCheck.unhealthyThreshold', '11', 'between 2 and 10');
  });

  test("target type 'instance' with a ClusterIP Service", () => {
    lineFor(
      problemsOf({ ...web, expose: [IngressExposure.alb({ targetType: 'instance' })] }),
      'expose[0].targetType',
      '"instance"',
      'is ClusterIP (no node ports)',
    );
  });

  test('TLS without a certificate: ALB HTTPS listener, nginx TLS entry, NLB TLS, Gateway HTTPS listener', () => {
    lineFor(
      problemsOf({ ...web, expose: [IngressExposure.alb({ listenPorts: [{ protocol: 'HTTPS', port: 443 }] })] }),
      'expose[0].certificateArns',
      'undefined',
      'TLS without a certificate',
    );
    lineFor(
      problemsOf({
        ...web,
        expose: [
          IngressExposure.withClass({
            className: 'nginx',
            hosts: ['a.example.com'],
            tls: [{ hosts: ['a.example.com'], secretName: '' }],
          }),
        ],
      }),
      'expose[0].tls[0].secretName',
      '""',
      'TLS without a certificate',
    );
    lineFor(
      problemsOf({ ...web, expose: [LoadBalancerServiceExposure.nlb({ tls: { certificateArns: [] } })] }),
      'expose[0].tls.certificateArns',
      '[]',
      'TLS without a certificate',
    );
    lineFor(
      problemsOf({
        ...web,
        expose: [
          GatewayRouteExposure.http({
            gateway: { className: 'cilium', listeners: [{ name: 'https', protocol: 'HTTPS', port: 443 }] },
          }),
        ],
      }),
      'expose[0].gateway.listeners[0].certificateSecrets',
      'undefined',
      'TLS without a certificate',
    );
  });

  test('an annotation the controller does not document, a deprecated one, a bad value, a key of the other family (escape hatch)', () => {
    const lines = problemsOf({
      ...web,
      expose: [
        IngressExposure.alb({
          annotations: {
            [`${A}healthcheck-enabled`]: 'true',
            [`${A}ip-address-type`]: 'ipv6',
            [`${S}aws-load-balancer-scheme`]: 'internal',
          },
        }),
        LoadBalancerServiceExposure.nlb({
          annotations: {
            [`${S}aws-load-balancer-internal`]: 'true',
            [`${S}aws-load-balancer-access-log-enabled`]: 'true',
          },
        }),
        IngressExposure.withClass({ className: 'nginx', annotations: { [`${A}scheem`]: 'internal' } }),
      ],
    });
    lineFor(
      lines,
      `expose[0].annotations.${A}healthcheck-enabled`,
      `"${A}healthcheck-enabled"`,
      'is not an annotation the AWS Load Balancer Controller (v3.5.0) documents',
    );
    lineFor(
      lines,
      `expose[0].annotations.${A}ip-address-type`,
      '"ipv6"',
      'must be one of ipv4, dualstack, dualstack-without-public-ipv4',
    );
    lineFor(
      lines,
      `expose[0].annotations.${S}aws-load-balancer-scheme`,
      `"${S}aws-load-balancer-scheme"`,
      'is a Service (NLB) annotation',
    );
    lineFor(
      lines,
      `expose[1].annotations.${S}aws-load-balancer-internal`,
      `"${S}aws-load-balancer-internal"`,
      'is deprecated',
    );
    lineFor(
      lines,
      `expose[1].annotations.${S}aws-load-balancer-access-log-enabled`,
      `"${S}aws-load-balancer-access-log-enabled"`,
      'is deprecated',
    );
    lineFor(
      lines,
      `expose[2].annotations.${A}scheem`,
      `"${A}scheem"`,
      'is not an annotation the AWS Load Balancer Controller',
    );
  });

  test('conflicting exposure options', () => {
    const lines = problemsOf({
      ...web,
      expose: [
        IngressExposure.alb({
          certificateArns: [CERT],
          listenPorts: [{ protocol: 'HTTP', port: 80 }],
          sslRedirect: 443,
          annotations: { [`${A}scheme`]: 'internet-facing' },
        }),
        GatewayRouteExposure.http({
          parents: [{ name: 'public' }],
          gateway: { className: 'cilium', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] },
        }),
        GatewayRouteExposure.http({
          name: 'web-2',
          parents: [{ name: 'public' }],
          rules: [
            { filters: [HttpFilter.redirect({ scheme: 'https' }), HttpFilter.rewrite({ hostname: 'b.example.com' })] },
          ],
        }),
        IngressExposure.withClass({ className: 'alb' }),
      ],
    });
    lineFor(lines, 'expose[0].listenPorts', '[{"protocol":"HTTP","port":80}]', 'no listener is HTTPS');
    lineFor(lines, 'expose[0].sslRedirect', '443', 'which is not an HTTPS listener');
    lineFor(lines, `expose[0].annotations.${A}scheme`, '"internet-facing"', 'conflicts with the typed option');
    lineFor(lines, 'expose[1].gateway', '"web"', 'conflicts with `parents`');
    lineFor(lines, 'expose[2].rules[0].filters[1]', '"URLRewrite"', 'conflicts with the RequestRedirect filter');
    lineFor(lines, 'expose[3].className', '"alb"', 'use IngressExposure.alb');
  });

  test('conflicts across exposures and apps: the same object name twice, an IngressGroup with different exclusive settings', () => {
    const twice = problemsOf({ ...web, expose: [IngressExposure.alb(), IngressExposure.alb()] });
    lineFor(twice, 'expose[1].name', '"web"', 'the Ingress "web" in namespace shop is also written by this app');
    const group = problemsOf(
      { ...web, expose: [IngressExposure.alb({ group: { name: 'public' }, scheme: 'internet-facing' })] },
      { ...web, name: 'api', expose: [IngressExposure.alb({ group: { name: 'public' }, scheme: 'internal' })] },
    );
    // Typed settings are named by their options.
    const g = lineFor(
      group,
      'expose[0]',
      '"scheme=internal"',
      'the ALB IngressGroup "public" (cluster-wide) is also declared by app "web"',
    );
    expect(g).toMatch(/^\[test\/api\]/);
    expect(g).toContain('with scheme=internet-facing');
    // The load balancer attributes are one exclusive setting (the controller compares the whole annotation),
    // and escape-hatch keys the controller treats as exclusive are compared as written.
    const attrs = problemsOf(
      {
        ...web,
        expose: [
          IngressExposure.alb({
            group: { name: 'public' },
            deletionProtection: true,
            annotations: { [`${A}subnets`]: 'subnet-a' },
          }),
        ],
      },
      {
        ...web,
        name: 'api',
        expose: [IngressExposure.alb({ group: { name: 'public' }, annotations: { [`${A}subnets`]: 'subnet-b' } })],
      },
    );
    lineFor(
      attrs,
      'expose[0]',
      '"load balancer attributes={idleTimeout=60s, dropInvalidHeaderFields=true}"',
      'with load balancer attributes={idleTimeout=60s, dropInvalidHeaderFields=true, deletionProtection=true}',
    );
    lineFor(attrs, 'expose[0]', `"${A}subnets=subnet-b"`, `with ${A}subnets=subnet-a`);
    const nlbName = problemsOf({ ...web, expose: [LoadBalancerServiceExposure.nlb({ name: 'web' })] });
    lineFor(nlbName, 'expose[0].name', '"web"', "is the name of the app's own Service");
  });

  test('conflicts of created Gateways: the same Gateway name twice in a namespace, one GatewayClass name for two controllers', () => {
    const gateway = (name: string, controllerName?: string) => ({
      name,
      className: 'cilium',
      controllerName,
      listeners: [{ name: 'http', protocol: 'HTTP' as const, port: 80 }],
    });
    const lines = problemsOf(
      {
        ...web,
        expose: [
          GatewayRouteExposure.http({ gateway: gateway('edge', 'io.cilium/gateway-controller') }),
          GatewayRouteExposure.http({ name: 'web-2', gateway: gateway('edge') }),
        ],
      },
      {
        ...web,
        name: 'api',
        expose: [GatewayRouteExposure.grpc({ gateway: gateway('edge', 'example.com/other-controller') })],
      },
    );
    const same = lineFor(
      lines,
      'expose[1].gateway.name',
      '"edge"',
      'the Gateway "edge" in namespace shop is also written by this app (expose[0].gateway.name)',
    );
    expect(same).toMatch(/^\[test\/web\]/);
    expect(same).toContain('parents: [{ name: "edge" }]');
    expect(
      lineFor(lines, 'expose[0].gateway.name', '"edge"', 'also written by app "web" (expose[0].gateway.name)'),
    ).toMatch(/^\[test\/api\]/);
    const cls = lineFor(
      lines,
      'expose[0].gateway.controllerName',
      '"controllerName=example.com/other-controller"',
      'the GatewayClass "cilium" (cluster-wide) is also declared by app "web"',
    );
    expect(cls).toMatch(/^\[test\/api\]/);
    expect(cls).toContain('with controllerName=io.cilium/gateway-controller');
    expect(lines).toHaveLength(3);
    // Across namespaces the Gateways do not conflict, the class still does.
    const other = problemsOf(
      { ...web, expose: [GatewayRouteExposure.http({ gateway: gateway('edge', 'io.cilium/gateway-controller') })] },
      {
        ...web,
        name: 'api',
        namespace: 'billing',
        expose: [GatewayRouteExposure.http({ gateway: gateway('edge', 'example.com/other-controller') })],
      },
    );
    lineFor(
      other,
      'expose[0].gateway.controllerName',
      '"controllerName=example.com/other-controller"',
      'the GatewayClass "cilium" (cluster-wide)',
    );
    expect(other).toHaveLength(1);
  });

  test("exposure conflicts come in the same error as the apps' other problems", () => {
    const lines = problemsOf({ ...web, replicas: -1, expose: [IngressExposure.alb(), IngressExposure.alb()] });
    lineFor(lines, 'replicas', '-1', 'must be a whole number');
    lineFor(lines, 'expose[1].name', '"web"', 'is also written by this app');
  });

  test('values outside what AWS or the API accept', () => {
    const lines = problemsOf({
      ...web,
      expose: [
        IngressExposure.alb({
          certificateArns: ['arn:aws:iam::123456789012:server-certificate/x'],
          group: { name: 'Public_Web', order: 2000 },
          sslPolicy: 'TLS13',
          deregistrationDelay: Duration.seconds(4000),
          slowStart: Duration.seconds(10),
          idleTimeout: Duration.seconds(5000),
          inboundCidrs: ['10.0.0.0'],
          hosts: ['Bad_Host'],
          paths: [{ path: 'api' }],
        }),
        LoadBalancerServiceExposure.nlb({ idleTimeout: Duration.seconds(30), sourceRanges: ['anywhere'] }),
        GatewayRouteExposure.http({
          parents: [{ name: 'public' }],
          rules: [{ matches: [{ path: 'api', method: 'FETCH' as never }] }],
        }),
      ],
    });
    lineFor(
      lines,
      'expose[0].certificateArns[0]',
      '"arn:aws:iam::123456789012:server-certificate/x"',
      'is not an ACM certificate ARN',
    );
    lineFor(lines, 'expose[0].group.name', '"Public_Web"', 'lower-case');
    lineFor(lines, 'expose[0].group.order', '2000', '-1000 to 1000');
    lineFor(lines, 'expose[0].sslPolicy', '"TLS13"', 'is not an ELB security policy name');
    lineFor(lines, 'expose[0].deregistrationDelay', 'Duration(4000s)', 'between 0s and 3600s');
    lineFor(lines, 'expose[0].slowStart', 'Duration(10s)', 'must be 0 (off) or from 30 s');
    lineFor(lines, 'expose[0].idleTimeout', 'Duration(5000s)', 'between 1s and 4000s');
    lineFor(lines, 'expose[0].inboundCidrs[0]', '"10.0.0.0"', 'is not a CIDR');
    lineFor(lines, 'expose[0].hosts[0]', '"Bad_Host"', 'is not a host name');
    lineFor(lines, 'expose[0].paths[0].path', '"api"', 'must start with "/"');
    lineFor(lines, 'expose[1].idleTimeout', 'Duration(30s)', 'between 60s and 6000s');
    lineFor(lines, 'expose[1].sourceRanges[0]', '"anywhere"', 'is not a CIDR');
    lineFor(lines, 'expose[2].rules[0].matches[0].path', '"api"', 'must start with "/"');
    lineFor(lines, 'expose[2].rules[0].matches[0].method', '"FETCH"', 'must be one of "GET", "HEAD", "POST"');
  });

  test('a route attached to nothing, or to a listener the created Gateway does not have', () => {
    lineFor(
      problemsOf({ ...web, expose: [GatewayRouteExposure.http({})] }),
      'expose[0].parents',
      'undefined',
      'must attach to a Gateway',
    );
    lineFor(
      problemsOf({
        ...web,
        expose: [
          GatewayRouteExposure.http({
            gateway: { className: 'cilium', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] },
            listeners: ['https'],
          }),
        ],
      }),
      'expose[0].listeners[0]',
      '"https"',
      'is not a listener of the Gateway',
    );
  });

  test('replacePrefixMatch (URL rewrite or redirect) in a rule that has not exactly one PathPrefix match', () => {
    const rewrite = HttpFilter.rewrite({ path: { replacePrefixMatch: '/' } });
    const lines = problemsOf({
      ...web,
      expose: [
        GatewayRouteExposure.http({
          parents: [{ name: 'public' }],
          rules: [
            { matches: [{ path: '/api' }, { path: '/v1/api' }], filters: [rewrite] },
            {
              matches: [{ path: { type: 'Exact', value: '/old' } }],
              filters: [HttpFilter.redirect({ path: { replacePrefixMatch: '/new' } })],
            },
            // Valid: one PathPrefix match; no matches (one PathPrefix "/" by default); a match without a path (PathPrefix "/" by default).
            { name: 'one', matches: [{ path: '/shop' }], filters: [rewrite] },
            { name: 'none', filters: [rewrite] },
            { name: 'header', matches: [{ headers: [{ name: 'x-tenant', value: 'a' }] }], filters: [rewrite] },
          ],
        }),
      ],
    });
    expect(
      lineFor(
        lines,
        'expose[0].rules[0].filters[0].path',
        '{"replacePrefixMatch":"/"}',
        'exactly one match, of type PathPrefix',
      ),
    ).toContain('this rule has 2 matches');
    expect(
      lineFor(
        lines,
        'expose[0].rules[1].filters[0].path',
        '{"replacePrefixMatch":"/new"}',
        'exactly one match, of type PathPrefix',
      ),
    ).toContain('its match is of type Exact');
    expect(lines).toHaveLength(2);
  });

  describe('route limits counted as written, the canary header rules included', () => {
    const canary = {
      versions: { v2: { image: 'ghcr.io/acme/web:2.0.0', weight: 1 } },
      traffic: { canaryHeader: { name: 'x-canary', value: 'on' } },
    };
    const paths = (rule: number, n: number) => Array.from({ length: n }, (_, j) => ({ path: `/r${rule}/m${j}` }));

    test('nine rules and a canary header are written as 18 rules (at most 16)', () => {
      const rules = Array.from({ length: 9 }, (_, i) => ({ matches: paths(i, 1) }));
      const lines = problemsOf({
        ...web,
        ...canary,
        expose: [GatewayRouteExposure.http({ parents: [{ name: 'public' }], rules })],
      });
      expect(lineFor(lines, 'expose[0].rules', '18', 'a route holds at most 16 rules')).toContain(
        '9 declared + 9 canary header rule(s)',
      );
      expect(lines).toHaveLength(1);
      // The same on a GRPCRoute.
      const grpc = problemsOf({
        ...web,
        ...canary,
        expose: [
          GatewayRouteExposure.grpc({
            parents: [{ name: 'public' }],
            rules: Array.from({ length: 9 }, (_, i) => ({ matches: [{ service: `acme.s${i}.V1` }] })),
          }),
        ],
      });
      lineFor(grpc, 'expose[0].rules', '18', 'a route holds at most 16 rules');
      // Without versions there is no canary header rule: 16 rules are fine, 17 are not.
      expect(
        synth({
          ...web,
          expose: [
            GatewayRouteExposure.http({
              parents: [{ name: 'public' }],
              rules: Array.from({ length: 16 }, (_, i) => ({ matches: paths(i, 1) })),
            }),
          ],
        }).find((o) => o.kind === 'HTTPRoute')!.spec.rules,
      ).toHaveLength(16);
      lineFor(
        problemsOf({
          ...web,
          expose: [
            GatewayRouteExposure.http({
              parents: [{ name: 'public' }],
              rules: Array.from({ length: 17 }, (_, i) => ({ matches: paths(i, 1) })),
            }),
          ],
        }),
        'expose[0].rules',
        '17',
        'a route holds at most 16 rules',
      );
    });

    test('at most 128 matches in all rules (the canary header rules copy their matches), 64 per rule', () => {
      const rules = Array.from({ length: 8 }, (_, i) => ({ matches: paths(i, 9) }));
      const lines = problemsOf({
        ...web,
        ...canary,
        expose: [GatewayRouteExposure.http({ parents: [{ name: 'public' }], rules })],
      });
      expect(lineFor(lines, 'expose[0].rules', '144', 'at most 128 matches in all')).toContain(
        '8 declared + 8 canary header rule(s)',
      );
      expect(lines).toHaveLength(1);
      lineFor(
        problemsOf({
          ...web,
          expose: [GatewayRouteExposure.http({ parents: [{ name: 'public' }], rules: [{ matches: paths(0, 65) }] })],
        }),
        'expose[0].rules[0].matches',
        '65',
        'a rule holds at most 64 matches',
      );
    });

    test('rule names stay unique with the canary header rules ("<name>-canary", never cut to a name ending in "-")', () => {
      const long = 'a'.repeat(62);
      const objects = synth({
        ...web,
        ...canary,
        expose: [
          GatewayRouteExposure.http({
            parents: [{ name: 'public' }],
            rules: [{ name: long }, { name: 'b'.repeat(63), matches: paths(1, 1) }],
          }),
        ],
      });
      expect(objects.find((o) => o.kind === 'HTTPRoute')!.spec.rules.map((r: { name: string }) => r.name)).toEqual([
        `${long}-canary`,
        long,
        `${'b'.repeat(63)}-canary`,
        'b'.repeat(63),
      ]);
      const lines = problemsOf({
        ...web,
        ...canary,
        expose: [
          GatewayRouteExposure.http({
            parents: [{ name: 'public' }],
            rules: [
              { name: 'api', matches: paths(0, 1) },
              { name: 'api-canary', matches: paths(1, 1) },
              { name: 'api', matches: paths(2, 1) },
            ],
          }),
        ],
      });
      lineFor(
        lines,
        'expose[0].rules[1].name',
        '"api-canary"',
        'this rule would be named "api-canary" like the canary header rule of rules[0]',
      );
      lineFor(lines, 'expose[0].rules[2].name', '"api"', 'this rule would be named "api" like rules[0]');
      lineFor(
        lines,
        'expose[0].rules[2].name',
        '"api-canary"',
        'the canary header rule of this rule would be named "api-canary" like the canary header rule of rules[0]',
      );
      expect(lines).toHaveLength(3);
    });

    test('the canary header added to a match: at most 16 headers, and not a header the match already has', () => {
      const headers = (n: number) => Array.from({ length: n }, (_, j) => ({ name: `x-h${j}`, value: 'a' }));
      const full = problemsOf({
        ...web,
        ...canary,
        expose: [
          GatewayRouteExposure.http({
            parents: [{ name: 'public' }],
            rules: [{ matches: [{ path: '/', headers: headers(16) }] }],
          }),
        ],
      });
      expect(lineFor(full, 'expose[0].rules[0].matches[0].headers', '16', 'holds 17 headers')).toContain('x-canary');
      lineFor(
        problemsOf({
          ...web,
          expose: [
            GatewayRouteExposure.http({
              parents: [{ name: 'public' }],
              rules: [{ matches: [{ headers: headers(17) }] }],
            }),
          ],
        }),
        'expose[0].rules[0].matches[0].headers',
        '17',
        'a match holds at most 16 headers',
      );
      const twice = problemsOf({
        ...web,
        ...canary,
        expose: [
          GatewayRouteExposure.grpc({
            parents: [{ name: 'public' }],
            rules: [{ matches: [{ headers: [{ name: 'X-Canary', value: 'off' }] }] }],
          }),
        ],
      });
      lineFor(
        twice,
        'expose[0].rules[0].matches[0].headers[0].name',
        '"X-Canary"',
        'already matches the canary header',
      );
    });
  });
});
