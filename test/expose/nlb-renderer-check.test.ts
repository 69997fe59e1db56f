import { Testing } from 'cdk8s';
import {
  Dataplane,
  DefinitionError,
  LoadBalancerService,
  LoadBalancerServiceExposure,
  TrafficApp,
  TrafficChart,
} from '../../lib';
import type { NlbServiceSpec } from '../../lib';
import { checkNlbServiceAnnotations, nlbServiceAnnotations } from '../../lib/k8s/aws/nlb-service-annotations';
import { Problems } from '../../lib/model/problems';
import { errorOf } from '../support/k8s';
import { CERT, lineFor, web } from './support';

const S = 'service.beta.kubernetes.io/';

describe('NLB Service: the model resolves typed values, the renderer writes the annotations and checks the escape hatch', () => {
  test("the resolved spec holds typed values and the user's annotations as given; the writer turns them into the controller's keys", () => {
    const [spec] = TrafficApp.define({
      ...web,
      expose: [
        LoadBalancerServiceExposure.nlb({
          scheme: 'internet-facing',
          loadBalancerName: 'shop-web',
          tls: { certificateArns: [CERT], alpnPolicy: 'HTTP2Only' },
          preserveClientIp: true,
          crossZone: false,
          annotations: { [`${S}aws-load-balancer-additional-resource-tags`]: 'team=shop' },
        }),
      ],
    }).spec.exposures as NlbServiceSpec[];
    expect(spec).toMatchObject({
      scheme: 'internet-facing',
      targetType: 'ip',
      ipAddressType: 'ipv4',
      loadBalancerName: 'shop-web',
      tls: {
        certificateArns: [CERT],
        ports: [80],
        policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        alpnPolicy: 'HTTP2Only',
      },
      targetGroupAttributes: { connectionTermination: true, preserveClientIp: true, proxyProtocolV2: false },
      crossZone: false,
      annotations: { [`${S}aws-load-balancer-additional-resource-tags`]: 'team=shop' },
    });
    expect(Object.keys(spec.annotations)).toEqual([`${S}aws-load-balancer-additional-resource-tags`]);
    const a = nlbServiceAnnotations(spec);
    expect(
      Object.keys(a)
        .slice(0, 10)
        .map((k) => k.slice(S.length)),
    ).toEqual([
      'aws-load-balancer-type',
      'aws-load-balancer-nlb-target-type',
      'aws-load-balancer-scheme',
      'aws-load-balancer-ip-address-type',
      'aws-load-balancer-name',
      'aws-load-balancer-ssl-cert',
      'aws-load-balancer-ssl-ports',
      'aws-load-balancer-ssl-negotiation-policy',
      'aws-load-balancer-alpn-policy',
      'aws-load-balancer-healthcheck-protocol',
    ]);
    expect(a[`${S}aws-load-balancer-scheme`]).toBe('internet-facing');
    expect(a[`${S}aws-load-balancer-target-group-attributes`]).toBe(
      'deregistration_delay.timeout_seconds=30,deregistration_delay.connection_termination.enabled=true,preserve_client_ip.enabled=true,proxy_protocol_v2.enabled=false',
    );
    expect(a[`${S}aws-load-balancer-attributes`]).toBe('load_balancing.cross_zone.enabled=false');
    expect(a[`${S}aws-load-balancer-listener-attributes.TCP-80`]).toBeUndefined(); // the one port is a TLS listener
    expect(a[`${S}aws-load-balancer-additional-resource-tags`]).toBeUndefined(); // the escape hatch is added by the renderer
  });

  test('a conflicting escape hatch is reported by the renderer check through TrafficChart, with the construct path and field, in the same DefinitionError as a model problem', () => {
    const app = TrafficApp.define({
      ...web,
      expose: [
        LoadBalancerServiceExposure.nlb({
          loadBalancerName: 'not_a_name',
          sourceRanges: ['198.51.100.0/24'],
          annotations: {
            [`${S}aws-load-balancer-scheme`]: 'internet-facing',
            [`${S}aws-load-balancer-healthcheck-path`]: '/other',
            [`${S}load-balancer-source-ranges`]: '0.0.0.0/0',
            [`${S}aws-load-balancer-additional-resource-tags`]: 'team=shop',
          },
        }),
      ],
    });
    // The model alone reports its own problem; the keys the renderer writes are the renderer's to check.
    expect(app.resolve().problems.map((p) => p.field)).toEqual(['expose[0].loadBalancerName']);
    const e = errorOf(() => new TrafficChart(Testing.app(), 'test', { apps: [app] }).toJson());
    expect(e).toBeInstanceOf(DefinitionError);
    const lines = e.message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
    expect(lineFor(lines, 'expose[0].loadBalancerName', '"not_a_name"', 'at most 32 letters')).toMatch(
      /^\[test\/web\] /,
    );
    expect(
      lineFor(
        lines,
        `expose[0].annotations.${S}aws-load-balancer-scheme`,
        '"internet-facing"',
        `conflicts with the typed option that already writes ${S}aws-load-balancer-scheme (internal)`,
      ),
    ).toMatch(/^\[test\/web\] /);
    expect(
      lineFor(
        lines,
        `expose[0].annotations.${S}aws-load-balancer-healthcheck-path`,
        '"/other"',
        'sets the health check by hand',
      ),
    ).toMatch(/^\[test\/web\] /);
    expect(
      lineFor(
        lines,
        `expose[0].annotations.${S}load-balancer-source-ranges`,
        '"0.0.0.0/0"',
        'conflicts with `sourceRanges`',
      ),
    ).toMatch(/^\[test\/web\] /);
    expect(lines).toHaveLength(4); // the documented extra tag is fine
  });

  test('Cilium keys in the escape hatch of an NLB or a cloud LoadBalancer Service are refused as on an LB IPAM Service: the dataplane writes them', () => {
    const annotations = { 'service.cilium.io/lb-algorithm': 'random', 'example.com/team': 'shop' };
    const app = TrafficApp.define({
      ...web,
      expose: [LoadBalancerServiceExposure.nlb({ annotations }), LoadBalancerService.create({ annotations })],
      dataplane: Dataplane.cilium({ service: { lbAlgorithm: 'maglev' } }),
    });
    const lines = errorOf(() => new TrafficChart(Testing.app(), 'test', { apps: [app] }).toJson())
      .message.split('\n')
      .slice(1)
      .map((l) => l.trim());
    for (const i of [0, 1])
      lineFor(
        lines,
        `expose[${i}].annotations.service.cilium.io/lb-algorithm`,
        '"random"',
        'Cilium annotations are typed options of the dataplane',
      );
    expect(lines).toHaveLength(2);
  });

  test('the check is a function of the spec: a health check key gets its own message (not the generic conflict), a free key passes', () => {
    const [spec] = TrafficApp.define({ ...web, expose: [LoadBalancerServiceExposure.nlb()] }).spec
      .exposures as NlbServiceSpec[];
    const app = TrafficApp.define(web).spec;
    const problems = new Problems();
    checkNlbServiceAnnotations(problems, 'expose[3]', app, {
      ...spec,
      annotations: {
        [`${S}aws-load-balancer-healthcheck-timeout`]: '9',
        [`${S}aws-load-balancer-additional-resource-tags`]: 'a=b',
      },
    });
    expect(problems.items.map((p) => [p.field, p.value])).toEqual([
      [`expose[3].annotations.${S}aws-load-balancer-healthcheck-timeout`, '9'],
    ]);
  });
});
