import { count, seconds, selectorText } from '../../lib/plan/values';

test.each([
  [600, 600],
  ['600', 600],
  ['600s', 600],
  ['1m30s', 90],
  ['1h', 3600],
  ['250ms', 0.25],
  ['0s', 0],
  ['10 s', undefined],
  ['soon', undefined],
  ['', undefined],
  [undefined, undefined],
])('seconds(%j) is %j', (written, expected) => {
  expect(seconds(written)).toBe(expected);
});

test.each([
  [3, 3],
  ['3', 3],
  ['25%', 25],
  ['a few', undefined],
])('count(%j) is %j', (written, expected) => {
  expect(count(written)).toBe(expected);
});

test.each([
  [{ matchLabels: { app: 'web' } }, 'app=web'],
  // Flagger's primary pods: the renamed label as a requirement (a policy selecting it is not "all pods").
  [
    {
      matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['inventory', 'inventory-primary'] }],
    },
    'app.kubernetes.io/name In (inventory,inventory-primary)',
  ],
  [{ matchLabels: { tier: 'a' }, matchExpressions: [{ key: 'k', operator: 'Exists' }] }, 'tier=a,k Exists ()'],
  [{}, ''],
  [undefined, ''],
])('selectorText(%j) is %j', (selector, expected) => {
  expect(selectorText(selector)).toBe(expected);
});
