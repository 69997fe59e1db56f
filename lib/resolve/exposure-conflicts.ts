import type { AppSpec } from '../model/app-spec';
import type { ChartProblem } from './app-checks';

/**
 * Conflicts between the objects exposures write (`ExposureTraits.objects`), within an app and across apps:
 * two writers of one object (an Ingress, a route, a created Gateway, a LoadBalancer Service named like the
 * app's own Service), or declarers of a shared object whose settings differ (one GatewayClass name for two
 * controllers, an ALB IngressGroup whose members set an exclusive setting differently). A shared object
 * declared twice with the same settings is no conflict: it is written once.
 */
export function checkExposureConflicts(apps: readonly AppSpec[]): ChartProblem[] {
  const out: ChartProblem[] = [];
  // Without an object written by an exposure or a delivery there is nothing to conflict (the Services below are
  // only what those objects could collide with).
  const writes = (a: AppSpec) =>
    (a.delivery !== undefined && a.delivery.objects.length > 0) || a.exposures.some((e) => e.traits.objects.length > 0);
  if (!apps.some(writes)) return out;
  const owners = new Map<string, { app: number; field: string; settings?: Readonly<Record<string, string>> }>();
  const by = (prev: { app: number; field: string }, i: number) =>
    `${prev.app === i ? 'this app' : `app "${apps[prev.app].name}"`} (${prev.field})`;
  apps.forEach((a, i) => {
    // A delivery's controller may make the app's Service itself (Flagger): it is then the delivery's object.
    const made = new Set(a.delivery?.objects.filter((o) => o.owner === 'controller').map((o) => `${o.kind}/${o.name}`));
    const services = [a.service?.name, ...a.versions.map((v) => v.serviceName)].filter(
      (n): n is string => n !== undefined && !made.has(`Service/${n}`),
    );
    for (const n of services) owners.set(`${a.namespace}/Service/${n}`, { app: i, field: 'service' });
  });
  apps.forEach((a, i) =>
    [...a.exposures.map((e) => e.traits.objects), a.delivery?.objects ?? []].forEach((objects) => {
      for (const o of objects) {
        const where = o.namespace !== undefined ? ` in namespace ${o.namespace}` : ' (cluster-wide)';
        const key = `${o.namespace ?? ''}/${o.kind}/${o.name}`;
        const prev = owners.get(key);
        if (!prev) {
          owners.set(key, { app: i, field: o.field, settings: o.shared?.settings });
          continue;
        }
        if (o.shared && prev.settings) {
          for (const [k, v] of Object.entries(o.shared.settings)) {
            const first = prev.settings[k];
            if (first === undefined || first === v) continue;
            out.push({
              app: i,
              problem: {
                field: o.field,
                value: `${k}=${v}`,
                message: `the ${o.kind} "${o.name}"${where} is also declared by ${by(prev, i)} with ${k}=${first}: its declarers must agree`,
                fix: o.shared.fix,
              },
            });
          }
          continue;
        }
        out.push({
          app: i,
          problem: {
            field: o.field,
            value: o.name,
            message: `the ${o.kind} "${o.name}"${where} is also written by ${by(prev, i)}`,
            fix: o.fix ?? o.shared?.fix ?? 'give the exposure its own `name`',
          },
        });
      }
    }),
  );
  return out;
}
