import { count, seconds } from '../../lib/plan/values';

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
