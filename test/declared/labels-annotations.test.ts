import { Testing } from 'cdk8s';
import { GatewayRouteExposure, GkeIngress, TrafficApp, TrafficAppProps, TrafficChart } from '../../lib';
import { K8sObject } from '../support/k8s';
import { aksWebApps } from '../../apps/aks-web';
import { events } from '../../apps/bare-metal';
import { catalog } from '../../apps/gateway-routed';
import { gkeWebApps } from '../../apps/gke-web';
import { grpcOrders } from '../../apps/grpc-nlb';
import { inference } from '../../apps/inference';
import { checkout } from '../../apps/linkerd-canary';
import { nginx } from '../../apps/nginx';
import { observedApps } from '../../apps/observed';
import { orders, ordersCache } from '../../apps/orders';
import { publicWebApps } from '../../apps/public-web';
import { publicWeb } from '../../apps/public-web-ingress';
import { api } from '../../apps/readiness-probe';
import { base } from './support';

const LABEL = 'example.com/team';
const ANNOTATION = 'example.com/owner';

/** The app's props with a label and an annotation of its own. */
const marked = (p: TrafficAppProps): TrafficAppProps => ({
  ...p,
  labels: { ...(p.labels ?? {}), [LABEL]: 'payments' },
  annotations: { ...(p.annotations ?? {}), [ANNOTATION]: 'alice' },
});

/** `kind/name` of each object (Namespaces aside: shared by the apps of a namespace) missing the app's label or annotation. */
function unmarked(apps: readonly TrafficApp[]): string[] {
  const chart = new TrafficChart(Testing.app(), 'test', {
    apps: apps.map((a) => TrafficApp.define(marked(a.props))),
    printWarnings: false,
  });
  return (chart.toJson() as K8sObject[])
    .filter((o) => o.kind !== 'Namespace')
    .filter((o) => o.metadata.labels?.[LABEL] !== 'payments' || o.metadata.annotations?.[ANNOTATION] !== 'alice')
    .map((o) => `${o.kind}/${o.metadata.name}`);
}

describe("the app's labels and annotations on every object it writes (issue 22 item 7)", () => {
  test.each([
    ['nginx', [nginx]],
    ['readiness-probe', [api]],
    ['inference (TargetGroupBindings, CiliumNetworkPolicy, Istio)', [inference]],
    ['public-web-ingress', [publicWeb]],
    ['grpc-nlb', [grpcOrders]],
    ['gateway-routed', [catalog]],
    ['bare-metal (CiliumNetworkPolicy)', [events]],
    ['public-web (TargetGroupBindings)', publicWebApps],
    ['gke-web (NetworkPolicy)', gkeWebApps],
    ['aks-web', aksWebApps],
    ['linkerd-canary (Server, MeshTLSAuthentication, AuthorizationPolicy)', [checkout]],
    ['orders (StatefulSet, governing Service)', [orders, ordersCache]],
    ['observed', observedApps],
  ])('GIVEN the example %s with app labels and annotations THEN every object carries both', (_name, apps) => {
    expect(unmarked(apps as TrafficApp[])).toEqual([]);
  });

  test('GIVEN a route that creates its Gateway and GatewayClass THEN the GatewayClass carries both', () => {
    const app = TrafficApp.define({
      ...base,
      service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      expose: [
        GatewayRouteExposure.http({
          gateway: {
            name: 'edge',
            className: 'cilium',
            controllerName: 'io.cilium/gateway-controller',
            listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
          },
          hostnames: ['web.example.com'],
        }),
      ],
    });
    expect(unmarked([app])).toEqual([]);
  });

  test("GIVEN a GKE Ingress and Service labels THEN the -neg Service carries the Service's labels", () => {
    const app = TrafficApp.define({
      ...base,
      service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }], labels: { tier: 'front' } },
      expose: [GkeIngress.create({ hosts: ['shop.example.com'] })],
    });
    const objects = new TrafficChart(Testing.app(), 'test', { apps: [app] }).toJson() as K8sObject[];
    const neg = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'web-neg');
    expect(neg?.metadata.labels?.tier).toBe('front');
    expect(neg?.metadata.annotations?.['cloud.google.com/neg']).toBe('{"ingress": true}');
    expect(unmarked([app])).toEqual([]);
  });
});
