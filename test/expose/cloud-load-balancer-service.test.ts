import { Duration } from 'cdk8s';
import { Cloud, Dataplane, LoadBalancerService, Probe } from '../../lib';
import { one } from '../support/k8s';
import { validateCore } from '../support/validate-k8s';
import { lineFor, problemsOf, synth, web } from './support';

describe('cloud-neutral LoadBalancer Service', () => {
  test('GIVEN no cloud part THEN a plain Service of type LoadBalancer with no annotation at all (no AWS one)', () => {
    const objects = synth({ ...web, expose: [LoadBalancerService.create()] });
    const svc = one(objects, 'Service', 'web-lb');
    expect(svc.metadata.annotations).toBeUndefined();
    expect(svc.spec).toEqual({
      type: 'LoadBalancer',
      selector: { 'app.kubernetes.io/name': 'web' },
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }],
    });
    expect(validateCore(objects).errors).toEqual([]);
  });

  test('every spec option is written as given', () => {
    const objects = synth({
      ...web,
      expose: [
        LoadBalancerService.create({
          name: 'web-public',
          loadBalancerClass: 'example.com/vip',
          sourceRanges: ['203.0.113.0/24'],
          externalTrafficPolicy: 'Local',
          allocateLoadBalancerNodePorts: false,
          ipFamilies: ['IPv4', 'IPv6'],
          ipFamilyPolicy: 'PreferDualStack',
        }),
      ],
    });
    expect(one(objects, 'Service', 'web-public').spec).toEqual({
      type: 'LoadBalancer',
      loadBalancerClass: 'example.com/vip',
      allocateLoadBalancerNodePorts: false,
      ipFamilies: ['IPv4', 'IPv6'],
      ipFamilyPolicy: 'PreferDualStack',
      selector: { 'app.kubernetes.io/name': 'web' },
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }],
      loadBalancerSourceRanges: ['203.0.113.0/24'],
      externalTrafficPolicy: 'Local',
    });
    expect(validateCore(objects).errors).toEqual([]);
  });

  test('network policy: the clients (source ranges) on the traffic port, nodes forwarding with Cluster', () => {
    const objects = synth({
      ...web,
      expose: [LoadBalancerService.create({ sourceRanges: ['203.0.113.0/24'] })],
      // A plain NetworkPolicy knows the forwarding nodes only from their CIDRs (without them: CT-K8S-015).
      dataplane: Dataplane.kubernetes({ nodeCidrs: ['10.128.0.0/20'] }),
    });
    const np = one(objects, 'NetworkPolicy', 'web');
    const ingress = np.spec.ingress as { from?: { ipBlock?: { cidr: string } }[]; ports?: { port: number }[] }[];
    const rule = ingress.find((r) => r.from?.some((p) => p.ipBlock?.cidr === '203.0.113.0/24'));
    expect(rule?.ports?.map((p) => p.port)).toEqual([8080]);
    const nodes = ingress.find((r) => r.from?.some((p) => p.ipBlock?.cidr === '10.128.0.0/20'));
    expect(nodes?.ports?.map((p) => p.port)).toEqual([8080]);
  });

  test('bad inputs: path, field, value and fix', () => {
    const lines = problemsOf({
      ...web,
      expose: [
        LoadBalancerService.create({
          name: 'web',
          loadBalancerClass: 'service.k8s.aws/nlb',
          sourceRanges: ['10.0.0.0/33'],
          ipFamilies: ['IPv4', 'IPv6'],
          externalTrafficPolicy: 'Nowhere' as 'Local',
          ports: [],
          annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' },
        }),
      ],
    });
    lineFor(lines, 'expose[0].name', '"web"', "is the name of the app's own Service");
    lineFor(lines, 'expose[0].loadBalancerClass', '"service.k8s.aws/nlb"', 'AWS Load Balancer Controller');
    lineFor(lines, 'expose[0].sourceRanges[0]', '"10.0.0.0/33"', 'is not a CIDR');
    lineFor(lines, 'expose[0].ipFamilyPolicy', 'undefined', 'two IP families');
    lineFor(lines, 'expose[0].externalTrafficPolicy', '"Nowhere"', 'must be one of "Cluster", "Local"');
    lineFor(lines, 'expose[0].ports', '[]', 'at least one port');
    lineFor(
      lines,
      'expose[0].annotations.service.beta.kubernetes.io/aws-load-balancer-scheme',
      '"internal"',
      'AWS load balancer annotation',
    );
  });
});

describe('GKE passthrough NLB (Cloud.gke)', () => {
  test('internal by default, external backend-service based', () => {
    const internal = one(
      synth({ ...web, expose: [LoadBalancerService.create({ cloud: Cloud.gke({ allowGlobalAccess: true }) })] }),
      'Service',
      'web-lb',
    );
    expect(internal.metadata.annotations).toEqual({
      'networking.gke.io/load-balancer-type': 'Internal',
      'networking.gke.io/internal-load-balancer-allow-global-access': 'true',
    });
    const external = one(
      synth({ ...web, expose: [LoadBalancerService.create({ cloud: Cloud.gke({ scheme: 'external' }) })] }),
      'Service',
      'web-lb',
    );
    expect(external.metadata.annotations).toEqual({ 'cloud.google.com/l4-rbs': 'enabled' });
  });

  test('bad inputs', () => {
    const lines = problemsOf({
      ...web,
      expose: [
        LoadBalancerService.create({
          cloud: Cloud.gke({ scheme: 'external', allowGlobalAccess: true, subnet: 'Bad_Subnet' }),
          annotations: { 'networking.gke.io/load-balancer-type': 'Internal' },
        }),
      ],
    });
    lineFor(lines, 'expose[0].cloud.allowGlobalAccess', 'true', 'internal load balancers only');
    lineFor(lines, 'expose[0].cloud.subnet', '"Bad_Subnet"', 'internal load balancers only');
    lineFor(lines, 'expose[0].annotations.networking.gke.io/load-balancer-type', '"Internal"', 'typed `cloud` part');
  });
});

describe('Azure Load Balancer (Cloud.aks)', () => {
  const P = 'service.beta.kubernetes.io/';
  test('per-port health probe from the readiness probe (protocol, path, interval, failures), TCP idle timeout from the traffic policy', () => {
    const objects = synth({
      ...web,
      traffic: { idleTimeout: Duration.minutes(30) },
      expose: [LoadBalancerService.create({ cloud: Cloud.aks({ scheme: 'public', publicIpName: 'web-pip' }) })],
    });
    const svc = one(objects, 'Service', 'web-lb');
    expect(svc.metadata.annotations).toEqual({
      [`${P}azure-load-balancer-internal`]: 'false',
      [`${P}azure-pip-name`]: 'web-pip',
      [`${P}azure-load-balancer-tcp-idle-timeout`]: '30',
      [`${P}port_80_health-probe_protocol`]: 'Http',
      [`${P}port_80_health-probe_request-path`]: '/ready',
      [`${P}port_80_health-probe_interval`]: '5',
      [`${P}port_80_health-probe_num-of-probe`]: '4',
    });
    expect(validateCore(objects).errors).toEqual([]);
  });

  test("the policy admits Azure's prober 168.63.129.16 on the probed port only", () => {
    const objects = synth({
      ...web,
      expose: [LoadBalancerService.create({ cloud: Cloud.aks() })],
      dataplane: Dataplane.kubernetes(),
    });
    const ingress = one(objects, 'NetworkPolicy', 'web').spec.ingress as {
      from?: { ipBlock?: { cidr: string } }[];
      ports?: { port: number }[];
    }[];
    const rules = ingress.filter((r) => r.from?.some((p) => p.ipBlock?.cidr === '168.63.129.16/32'));
    expect(rules.map((r) => r.ports?.map((p) => p.port))).toEqual([[8080]]);
  });

  test("Local: no probe path (the load balancer probes kube-proxy's health check node port)", () => {
    const svc = one(
      synth({ ...web, expose: [LoadBalancerService.create({ externalTrafficPolicy: 'Local', cloud: Cloud.aks() })] }),
      'Service',
      'web-lb',
    );
    expect(Object.keys(svc.metadata.annotations!).filter((k) => k.includes('health-probe'))).toEqual([]);
  });

  test('bad inputs: idle timeout out of 4-100 min, probe interval, names', () => {
    const lines = problemsOf({
      ...web,
      readiness: web.readiness,
      expose: [
        LoadBalancerService.create({
          allocateLoadBalancerNodePorts: false,
          cloud: Cloud.aks({ idleTimeout: Duration.minutes(120), publicIpName: 'x', internalSubnet: 'bad name' }),
        }),
      ],
    });
    lineFor(lines, 'expose[0].cloud.idleTimeout', 'Duration(7200s)', 'from 4 to 100');
    lineFor(lines, 'expose[0].cloud.publicIpName', '"x"', 'public load balancers only');
    lineFor(lines, 'expose[0].cloud.internalSubnet', '"bad name"', 'is not an Azure subnet name');
    lineFor(lines, 'expose[0].cloud.allocateLoadBalancerNodePorts', 'false', 'node ports');
  });
});

describe('Azure Load Balancer probe limits', () => {
  test('period × failures at or above 120 s, and a period under 5 s, are problems on the readiness probe', () => {
    const long = problemsOf({
      ...web,
      readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(30), failureThreshold: 4 }),
      expose: [LoadBalancerService.create({ cloud: Cloud.aks() })],
    });
    lineFor(long, 'readiness.failureThreshold', '4', 'below 120 s');
    const fast = problemsOf({
      ...web,
      readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(2) }),
      expose: [LoadBalancerService.create({ cloud: Cloud.aks() })],
    });
    lineFor(fast, 'readiness.period', '2', 'at least 5 s');
  });

  test('a readiness probe on a port the Service does not expose cannot be probed through node ports', () => {
    const lines = problemsOf({
      ...web,
      readiness: Probe.httpGet('/ready', { port: 'metrics' }),
      expose: [LoadBalancerService.create({ cloud: Cloud.aks() })],
    });
    lineFor(lines, 'readiness.port', '9100', 'behind none of the exposed Service ports');
  });

  test('a JavaScript caller passing a wrong cloud gets a problem, not a TypeError', () => {
    const lines = problemsOf({ ...web, expose: [LoadBalancerService.create({ cloud: { cloud: 'eks' } as never })] });
    lineFor(
      lines,
      'expose[0].cloud.cloud',
      '"eks"',
      'must be one of "gke", "aks": it says which alternative the object is',
    );
    expect(lines).toHaveLength(1);
  });
});

test('annotations: keys the cloud part writes are refused (health probe keys too), other cloud keys pass', () => {
  const svc = one(
    synth({
      ...web,
      expose: [
        LoadBalancerService.create({
          cloud: Cloud.aks(),
          annotations: { 'service.beta.kubernetes.io/azure-dns-label-name': 'shop' },
        }),
      ],
    }),
    'Service',
    'web-lb',
  );
  expect(svc.metadata.annotations!['service.beta.kubernetes.io/azure-dns-label-name']).toBe('shop');
  const lines = problemsOf({
    ...web,
    expose: [
      LoadBalancerService.create({
        cloud: Cloud.aks(),
        annotations: { 'service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path': '/' },
      }),
    ],
  });
  lineFor(
    lines,
    'expose[0].annotations.service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path',
    '"/"',
    'typed `cloud` part',
  );
});
