// The plan of output the library writes now: two synths of one definition, the canary moved on an ALB Ingress.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { IngressExposure, Probe, TrafficApp, TrafficChart } from 'cdk-traffic';
import { planFolders } from '../../lib/plan/plan';

function synth(weight: number): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-traffic-plan-synth-'));
  const shop = TrafficApp.define({
    name: 'shop',
    namespace: 'shop',
    image: 'ghcr.io/acme/shop:1.4.2',
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/ready', { port: 'http' }),
    service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    versions: { v2: { image: 'ghcr.io/acme/shop:1.5.0', weight } },
    expose: [IngressExposure.alb({ hosts: ['shop.example.com'] })],
  });
  const app = new App({ outdir });
  new TrafficChart(app, 'shop', { apps: [shop], trafficMap: false, printWarnings: false });
  app.synth();
  return outdir;
}

test('an ALB Ingress canary 1 -> 10 as the library writes it: one change, the split on the Ingress layer', () => {
  const base = synth(1);
  const head = synth(10);
  try {
    expect(planFolders(base, base).changes).toEqual([]);
    const changes = planFolders(base, head).changes;
    expect(changes.map((c) => [c.app, c.setting, c.before, c.after, c.severity])).toEqual([
      ['shop/shop', 'canary split', 'v1 99%, v2 1%', 'v1 90%, v2 10%', 'info'],
    ]);
    expect(changes[0].details).toEqual([
      expect.stringMatching(
        /^Ingress: Ingress shop\/shop alb\.ingress\.kubernetes\.io\/actions\.[\w-]+ forward: shop-v1:80 99, shop-v2:80 1 -> shop-v1:80 90, shop-v2:80 10$/,
      ),
    ]);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
    fs.rmSync(head, { recursive: true, force: true });
  }
});
