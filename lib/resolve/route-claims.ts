import type { AppSpec } from '../model/app-spec';
import type { RouteClaim } from '../model/exposure/traits';
import type { ChartProblem } from './app-checks';

/** True when a request could match both hosts (`*`, `*.` wildcards, equal names). */
export function hostsOverlap(a: string, b: string): boolean {
  if (a === b || a === '*' || b === '*') return true;
  const covers = (w: string, h: string) => w.startsWith('*.') && h.endsWith(w.slice(1));
  return covers(a, b) || covers(b, a);
}

/**
 * True when a request path could match both: equal exact paths, an exact path under a prefix, nested prefixes, equal
 * regular expressions (a regex against anything else cannot be decided here and is not reported).
 */
export function pathsOverlap(a: RouteClaim['path'], b: RouteClaim['path']): boolean {
  if (a.type === 'regex' || b.type === 'regex') return a.type === b.type && a.value === b.value;
  if (a.type === 'exact' && b.type === 'exact') return a.value === b.value;
  if (a.type === 'prefix' && b.type === 'prefix') return a.value.startsWith(b.value) || b.value.startsWith(a.value);
  const [exact, prefix] = a.type === 'exact' ? [a, b] : [b, a];
  return exact.value.startsWith(prefix.value);
}

const show = (c: RouteClaim) => `${c.host} ${c.path.type} "${c.path.value}"`;

/**
 * Claims of different exposures (of one app or of several) on one shared listener whose host and path overlap: the
 * proxy merges the routes of one listener in an undefined order, so either could get the requests. Reported on the
 * later claim, with the first.
 */
export function checkRouteClaims(apps: readonly AppSpec[]): ChartProblem[] {
  const out: ChartProblem[] = [];
  const byListener = new Map<string, { app: number; exposure: number; claim: RouteClaim }[]>();
  apps.forEach((a, i) =>
    a.exposures.forEach((e, j) => {
      for (const claim of e.traits.claims ?? []) {
        let seen = byListener.get(claim.listener);
        if (!seen) byListener.set(claim.listener, (seen = []));
        const prev = seen.find(
          (s) =>
            (s.app !== i || s.exposure !== j) &&
            hostsOverlap(s.claim.host, claim.host) &&
            pathsOverlap(s.claim.path, claim.path),
        );
        if (prev) {
          const who = prev.app === i ? 'this app' : `app "${apps[prev.app].name}"`;
          out.push({
            app: i,
            problem: {
              field: claim.field,
              value: show(claim),
              message: `overlaps ${show(prev.claim)} of ${who} (${prev.claim.field}) on ${claim.listener}, whose routes are merged in an undefined order: either could get these requests`,
              fix: 'give each app its own host, or paths that do not overlap (e.g. prefix "/reviews" and prefix "/ratings"), or route both paths from one app',
            },
          });
        }
        seen.push({ app: i, exposure: j, claim });
      }
    }),
  );
  return out;
}
