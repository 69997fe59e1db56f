import { Mesh } from '../../lib';
import { one, synthApp } from '../support/k8s';
import { base, lineFor, problemsOf } from './support';

const canary = { ...base, versions: { v2: { image: 'ghcr.io/acme/web:2.0.0', weight: 10 } } };

describe('canary header values with control characters', () => {
  test.each([
    ['a line feed', 'on\nclick', '"on\\nclick"'],
    ['a header smuggled in', 'yes\r\nx-admin: 1', '"yes\\r\\nx-admin: 1"'],
    ['a tab', 'a\tb', '"a\\tb"'],
    ['nothing', '', '""'],
    ['a trailing space', 'on ', '"on "'],
  ])('GIVEN %s THEN one problem on the value, with the fix', (_what, value, received) => {
    const lines = problemsOf([
      { ...canary, traffic: { canaryHeader: { name: 'x-canary', value } }, expose: [Mesh.linkerd({ allowFrom: [] })] },
    ]);
    expect(lineFor(lines, 'web', 'traffic.canaryHeader.value', received)).toContain('"on"');
  });

  test('GIVEN a plain value with an inner space THEN it is written as given', () => {
    const objects = synthApp({
      ...canary,
      traffic: { canaryHeader: { name: 'X-Canary', value: 'team a' } },
      expose: [Mesh.istio()],
    });
    const vs = one(objects, 'VirtualService');
    expect(JSON.stringify(vs.spec)).toContain('"exact":"team a"');
  });
});
