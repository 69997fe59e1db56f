import type { ApiObject } from 'cdk8s';
import type { ProblemAt } from '../../synth/synth-problems';
import { Pods, checkWorkloadObjects, podTemplates } from './workload-checks';
import { checkApiRules } from './api-rules';
import { checkServiceBackends } from './backend-joins';
import { Findings, Json, WrittenContext, WrittenProblem } from './findings';
import { checkHealthJoins } from './health-joins';
import { checkPolicySources } from './policy-joins';
import { checkProbeHosts } from './target-checks';

/**
 * Every check of the written objects (`ApiObject.toJson()`, after every patch and escape hatch), in one pass:
 * the joins along the path (selectors and pods, Services and every backend, health checks and readiness probes,
 * network policy sources and ports, resources, probe ports) and the API server's and CRDs' own rules.
 */
export function checkWrittenObjects(objects: readonly Json[], context: WrittenContext): WrittenProblem[] {
  const f = new Findings(objects);
  const pods = new Pods(podTemplates(objects));
  checkApiRules(f);
  checkWorkloadObjects(f, pods);
  checkServiceBackends(f);
  checkHealthJoins(f, pods, context);
  checkPolicySources(f, context);
  checkProbeHosts(f, pods.all, context);
  return f.items;
}

/** The JSON patches an object carries, as `op path` (to name the patch that broke a reference). */
function patchesOf(o: ApiObject): string[] {
  // cdk8s keeps the patches in a private field and has no reader: it is read as unknown and checked.
  const patches: unknown = o['patches'];
  if (!Array.isArray(patches)) return [];
  return patches.filter(isJsonPatch).map((p) => {
    const j = p._toJson();
    return `${j.op} ${j.path}`;
  });
}

/** A cdk8s `JsonPatch` as read here: its `_toJson()` gives the operation and the path. */
function isJsonPatch(p: unknown): p is { _toJson(): { op: string; path: string } } {
  return typeof p === 'object' && p !== null && '_toJson' in p && typeof p._toJson === 'function';
}

/**
 * The problems of `objects` as written, each at `pathOf(object)`, its message naming the object's patches.
 */
export function writtenProblemsAt(
  objects: readonly ApiObject[],
  context: WrittenContext,
  pathOf: (o: ApiObject) => string,
): ProblemAt[] {
  const json = objects.map((o) => o.toJson());
  return checkWrittenObjects(json, context).map(({ object, ...p }) => {
    const patches = patchesOf(objects[object]);
    const patched = patches.length > 0 ? ` (the object carries the patches ${patches.join(', ')})` : '';
    return { ...p, message: `${p.message}${patched}`, path: pathOf(objects[object]) };
  });
}
