import { synthApps } from 'cdk-traffic/testing';
import { deliveredApps } from '../../apps/delivered';
test('scratch', () => {
  const { objects, chart } = synthApps(deliveredApps);
  console.log(JSON.stringify(objects.filter((o) => !['Namespace', 'ServiceAccount'].includes(o.kind)), null, 1));
  console.log(chart.warnings);
});
