import { TrafficApp } from '../app';
import { Problems } from '../problems';

/**
 * The `apps` of a `TrafficChart` or `LoadBalancerStack`: a list of `TrafficApp.define(...)` results. A
 * JavaScript caller passing plain props (or anything else) gets one `DefinitionError` naming each entry,
 * instead of a TypeError from inside.
 */
export function checkApps(path: string, apps: unknown): readonly TrafficApp[] {
  const problems = new Problems();
  if (!Array.isArray(apps)) {
    problems.add('apps', apps, 'must be a list of apps', 'pass `apps: [TrafficApp.define({...}), ...]`');
  } else {
    apps.forEach((a, i) => {
      if (!(a instanceof TrafficApp)) {
        problems.add(
          `apps[${i}]`,
          a,
          'must be an app made by TrafficApp.define (not its props)',
          'wrap the props: TrafficApp.define({ name, image, ... })',
        );
      }
    });
  }
  problems.throwIfAny(path);
  return apps as readonly TrafficApp[];
}
