import { Testing } from 'cdk8s';
import { LoadBalancerServiceExposure, TrafficApp, TrafficChart } from '../../lib';
import { errorOf } from '../support/k8s';
import { base, errorLines } from './support';

const service = { ports: [{ name: 'http', port: 80, targetPort: 'http' }] };
const web = () => TrafficApp.define({ ...base, service, expose: [LoadBalancerServiceExposure.nlb()] });
const webNlb = () => TrafficApp.define({ ...base, name: 'web-nlb', service });

/** The problem lines of an App holding the charts in order. */
function linesOf(order: readonly ('a' | 'b')[]): string[] {
  return errorLines(() => {
    const app = Testing.app();
    for (const id of order) new TrafficChart(app, id, { apps: [id === 'a' ? web() : webNlb()] });
    app.synth();
  });
}

describe('objects that clash across charts of one App', () => {
  test.each([[['a', 'b'] as const], [['b', 'a'] as const]])(
    'GIVEN the NLB Service web-nlb in chart a and app web-nlb in chart b (charts %j) THEN refused once, naming both charts',
    (order) => {
      const lines = linesOf(order);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^\[a\/web\] expose\[0\]\.name: the Service "web-nlb" in namespace shop/);
      expect(lines[0]).toContain(`across chart ${order[0]} and chart ${order[1]}`);
      expect(lines[0]).toContain('(received "web-nlb")');
      expect(lines[0]).toContain('Fix: give the exposure its own `name`');
    },
  );

  test('GIVEN the same apps in different namespaces THEN no clash', () => {
    const app = Testing.app();
    new TrafficChart(app, 'a', { apps: [web()] });
    new TrafficChart(app, 'b', {
      apps: [TrafficApp.define({ ...base, name: 'web-nlb', namespace: 'other', service })],
    });
    expect(() => app.synth()).not.toThrow();
  });

  test('GIVEN a clash within one chart and an earlier chart THEN reported once, not twice', () => {
    const e = errorOf(() => {
      const app = Testing.app();
      new TrafficChart(app, 'x', { apps: [TrafficApp.define({ ...base, name: 'other', service })] });
      new TrafficChart(app, 'a', { apps: [web(), webNlb()] });
      app.synth();
    });
    const lines = e.message.split('\n').slice(1);
    expect(lines.filter((l) => l.includes('"web-nlb"'))).toHaveLength(1);
    expect(lines[0]).not.toContain('across chart');
  });
});
