import { App } from 'cdk8s';
import { IngressExposure, Probe, TrafficApp, TrafficAppProps, TrafficChart } from '../../lib';
import { synthErrorLines } from './support';

/**
 * CT-K8S-022 with instance targets: a numeric ALB health check port is a node port, mapped to the pod port by the
 * Services of the Ingress' namespace that select the pods (indexed once per namespace). Two apps in one namespace:
 * each node port leads to its own app's pod port only.
 */
const app = (name: string, podPort: number, nodePort: number, expose: boolean): TrafficAppProps => ({
  name,
  namespace: 'shop',
  image: `ghcr.io/acme/${name}:1.0.0`,
  ports: [{ name: 'http', port: podPort }],
  readiness: Probe.httpGet('/ready', { port: 'http' }),
  service: { type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort }] },
  ...(expose ? { expose: [IngressExposure.alb({ name: 'public', targetType: 'instance' })] } : {}),
});

/** `web` (pod port 8080, node port 30080) exposed through an ALB; `api` (9090, 30090) beside it in `shop`. */
function chartWithHealthCheckPort(port: string): TrafficChart {
  const c = new TrafficChart(new App(), 'test', {
    apps: [TrafficApp.define(app('web', 8080, 30080, true)), TrafficApp.define(app('api', 9090, 30090, false))],
    printWarnings: false,
  });
  c.objectsOf('web').exposure('public')[0].metadata.addAnnotation('alb.ingress.kubernetes.io/healthcheck-port', port);
  return c;
}

describe('GIVEN an ALB with instance targets whose health check port is patched to a node port', () => {
  test("WHEN it is the node port of the app's own Service THEN it maps to the probed pod port: no problem", () => {
    expect(() => chartWithHealthCheckPort('30080').toJson()).not.toThrow();
  });

  test("WHEN it is the node port of another app's Service in the namespace THEN CT-K8S-022 names the probe's port", () => {
    const lines = synthErrorLines(chartWithHealthCheckPort('30090'));
    const l = lines.find((x) => x.includes('CT-K8S-022'));
    expect(l).toMatch(
      /Ingress\/public metadata\.annotations\.alb\.ingress\.kubernetes\.io\/healthcheck-path: checks another endpoint than the readiness probe of Deployment\/web \(port 8080, path \/ready\)/,
    );
    expect(lines.filter((x) => x.includes('CT-K8S-022'))).toHaveLength(1);
  });
});
