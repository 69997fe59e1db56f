import { App } from 'cdk8s';
import { catalog } from '../../apps/gateway-routed';
import { grpcOrders } from '../../apps/grpc-nlb';
import { publicWeb } from '../../apps/public-web-ingress';
import { TrafficChart } from '../../lib';
import { K8sObject } from '../support/k8s';
import { validateCore } from '../support/validate-k8s';
import { expectDocumentedAnnotations, readinessOf } from './support';

/** The three exposure examples, synthesized as `npm run synth` does. */
function examples(): K8sObject[] {
  const app = new App({ outdir: '/tmp/not-written' });
  return [publicWeb, grpcOrders, catalog].flatMap(
    (a) => new TrafficChart(app, a.name, { apps: [a] }).toJson() as K8sObject[],
  );
}

describe('the exposure examples (apps/public-web-ingress, grpc-nlb, gateway-routed)', () => {
  const objects = examples();

  test('render at least one Ingress, one HTTPRoute and one Service of type LoadBalancer', () => {
    expect(objects.filter((o) => o.kind === 'Ingress').length).toBeGreaterThanOrEqual(1);
    expect(objects.filter((o) => o.kind === 'HTTPRoute').length).toBeGreaterThanOrEqual(1);
    expect(objects.filter((o) => o.kind === 'Service' && o.spec.type === 'LoadBalancer').length).toBeGreaterThanOrEqual(
      1,
    );
  });

  test('every AWS annotation is documented, not deprecated, with a valid value', () => {
    const n = objects.reduce((acc, o) => acc + expectDocumentedAnnotations(o), 0);
    expect(n).toBeGreaterThan(30);
  });

  test("for ip targets the health check path and port are the readiness probe's", () => {
    const ing = objects.find((o) => o.kind === 'Ingress')!;
    const a = ing.metadata.annotations!;
    expect(a['alb.ingress.kubernetes.io/target-type']).toBe('ip');
    const web = readinessOf(objects, 'storefront');
    expect({
      path: a['alb.ingress.kubernetes.io/healthcheck-path'],
      port: Number(a['alb.ingress.kubernetes.io/healthcheck-port']),
    }).toEqual(web);
    const nlb = objects.find((o) => o.kind === 'Service' && o.spec.type === 'LoadBalancer')!;
    const n = nlb.metadata.annotations!;
    expect(n['service.beta.kubernetes.io/aws-load-balancer-nlb-target-type']).toBe('ip');
    expect(Number(n['service.beta.kubernetes.io/aws-load-balancer-healthcheck-port'])).toBe(
      readinessOf(objects, 'orders').port,
    );
    expect(n['service.beta.kubernetes.io/aws-load-balancer-healthcheck-path']).toBeUndefined(); // a gRPC probe -> a TCP check on its port
    expect(n['service.beta.kubernetes.io/aws-load-balancer-alpn-policy']).toBe('HTTP2Only'); // gRPC cannot fall back to HTTP/1.1
  });

  test('the public web app: HTTPS with the TLS 1.3 policy and HTTP redirected to it', () => {
    const a = objects.find((o) => o.kind === 'Ingress')!.metadata.annotations!;
    expect(a['alb.ingress.kubernetes.io/listen-ports']).toBe('[{"HTTP":80},{"HTTPS":443}]');
    expect(a['alb.ingress.kubernetes.io/ssl-redirect']).toBe('443');
    expect(a['alb.ingress.kubernetes.io/ssl-policy']).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
  });

  test('every route backendRef and Ingress backend names an existing Service and one of its ports', () => {
    const services = new Map(objects.filter((o) => o.kind === 'Service').map((s) => [s.metadata.name, s]));
    const refs: [string, number | string][] = [];
    for (const r of objects.filter((o) => o.kind === 'HTTPRoute'))
      for (const rule of r.spec.rules) for (const b of rule.backendRefs ?? []) refs.push([b.name, b.port]);
    for (const i of objects.filter((o) => o.kind === 'Ingress'))
      for (const rule of i.spec.rules)
        for (const p of rule.http.paths)
          refs.push([p.backend.service.name, p.backend.service.port.name ?? p.backend.service.port.number]);
    expect(refs.length).toBeGreaterThan(0);
    for (const [name, port] of refs) {
      const svc = services.get(name);
      expect({ name, found: svc !== undefined }).toEqual({ name, found: true });
      expect(svc!.spec.ports.some((p: { name?: string; port: number }) => p.name === port || p.port === port)).toBe(
        true,
      );
    }
  });

  test('every core object passes the Kubernetes schema', () => {
    expect(validateCore(objects).errors).toEqual([]);
  });
});
