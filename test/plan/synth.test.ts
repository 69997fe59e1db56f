// The plan of output the library writes now: two synths of one definition, the canary moved on an ALB Ingress.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { TrafficApp, TrafficChart } from 'cdk-traffic';
import { publicWeb } from '../../apps/public-web-ingress';
import { planFolders } from '../../lib/plan/plan';

function synth(weight: number): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-traffic-plan-synth-'));
  // The ALB Ingress example with a second version taking `weight` percent.
  const storefront = TrafficApp.define({
    ...publicWeb.props,
    versions: { v2: { image: 'ghcr.io/acme/storefront:3.3.0', weight } },
  });
  const app = new App({ outdir });
  new TrafficChart(app, 'web', { apps: [storefront], trafficMap: false, printWarnings: false });
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
      ['web/storefront', 'canary split', 'v1 99%, v2 1%', 'v1 90%, v2 10%', 'info'],
    ]);
    expect(changes[0].details).toEqual([
      expect.stringMatching(
        /^Ingress: Ingress web\/storefront alb\.ingress\.kubernetes\.io\/actions\.[\w-]+ forward: storefront-v1:80 99, storefront-v2:80 1 -> storefront-v1:80 90, storefront-v2:80 10$/,
      ),
    ]);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
    fs.rmSync(head, { recursive: true, force: true });
  }
});
