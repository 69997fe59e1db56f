import { TrafficApp, TrafficAppProps } from '../../lib';
import { webApp } from '../aws/support';

// The resolution returns early for fields an app leaves out (labels, annotations, names, env, init containers,
// sidecars, exposures, volume mounts) and builds its duplicate maps only for two ports: the early returns must give
// exactly what the general path gives for the same fields written empty.
const base: TrafficAppProps = webApp().props;

const empty: TrafficAppProps = {
  ...base,
  labels: {},
  podLabels: {},
  selectorLabels: { 'app.kubernetes.io/name': 'web' },
  annotations: {},
  podAnnotations: {},
  names: {},
  env: {},
  initContainers: [],
  sidecars: [],
  expose: [],
  volumeMounts: [],
};

test('a field left out resolves as the same field written empty', () => {
  const left = TrafficApp.define(base).resolve();
  const written = TrafficApp.define(empty).resolve();
  expect(left.problems).toEqual([]);
  expect(written.problems).toEqual([]);
  expect(left.spec).toEqual(written.spec);
  expect(Object.keys(left.spec)).toEqual(Object.keys(written.spec));
  expect(Object.keys(left.spec.container)).toEqual(Object.keys(written.spec.container));
});

test('one port and two ports: duplicates are found only where there are two', () => {
  const two = TrafficApp.define({
    ...base,
    ports: [
      { name: 'http', port: 8080 },
      { name: 'http', port: 8080 },
    ],
    service: {
      ports: [
        { name: 'a', port: 80, targetPort: 8080 },
        { name: 'a', port: 80, targetPort: 8080 },
      ],
    },
  }).resolve();
  expect(two.problems.map((p) => `${p.field}: ${p.message}`)).toEqual(
    expect.arrayContaining([
      'ports[1].name: duplicate port name (also ports[0])',
      'ports[1].port: duplicate port 8080/TCP (also ports[0])',
      'service.ports[1].name: duplicate Service port name',
      'service.ports[1].port: duplicate Service port',
    ]),
  );
  expect(TrafficApp.define(base).resolve().problems).toEqual([]);
});
