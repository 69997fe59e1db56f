import { App, Chart } from 'cdk8s';
import { Probe, TrafficApp, TrafficChart } from '../../lib';
import { problemsOf } from '../../lib/synth/synth-problems';

/** An app whose name the API server refuses: one problem, at `<chart>/<app>`. */
const badApp = (name: string) =>
  TrafficApp.define({
    name,
    image: 'ghcr.io/acme/x:1.0.0',
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/ready', { port: 'http' }),
  });

const chart = (scope: App | Chart, id: string, app: TrafficApp) =>
  new TrafficChart(scope, id, { apps: [app], printWarnings: false, trafficMap: false });

const paths = (scope: App | Chart) => [
  ...new Set(problemsOf(scope).map((p) => p.path.split('/').slice(0, -1).join('/'))),
];

describe('GIVEN charts whose problems are reported together', () => {
  test('THEN they come in the order of the tree (pre-order), not the order the charts were made in', () => {
    const app = new App();
    const outer = new Chart(app, 'outer');
    chart(app, 'made-first', badApp('Bad_One'));
    chart(outer, 'made-second', badApp('Bad_Two'));
    expect(paths(app)).toEqual(['outer/made-second', 'made-first']);
  });

  test('THEN a chart taken out of the tree reports nothing, and a subtree reports only its own charts', () => {
    const app = new App();
    const outer = new Chart(app, 'outer');
    chart(app, 'gone', badApp('Bad_One'));
    chart(outer, 'kept', badApp('Bad_Two'));
    expect(app.node.tryRemoveChild('gone')).toBe(true);
    expect(paths(app)).toEqual(['outer/kept']);
    expect(paths(outer)).toEqual(['outer/kept']);
    expect(app.node.children.map((c) => c.node.id)).not.toContain('cdk-traffic-reporting-constructs');
  });
});
