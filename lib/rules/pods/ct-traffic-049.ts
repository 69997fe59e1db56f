import { NOT_APPLICABLE, outcome, Rule } from '../rule';
import type { AppRuntime } from '../../model/workload/runtime';
import { memoryBytes } from '../../model/workload/resources';

/**
 * The memory limit below which a declared runtime is likely OOM-killed:
 * - `jvm`: the JVM's default heap is a quarter of the container's memory (`-XX:MaxRAMPercentage=25`, JDK 10+
 *   container support), so below 1Gi a server gets under 256Mi of heap, and metaspace, threads and buffers come on top;
 * - `python-workers`: each pre-forked worker (gunicorn, uWSGI) holds its own copy of the app, commonly 50-150Mi;
 *   gunicorn recommends 2 x cores + 1 workers: 3 workers and more want at least 512Mi.
 * @see https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html (MaxRAMPercentage)
 * @see https://docs.gunicorn.org/en/stable/design.html#how-many-workers
 */
export const RUNTIME_MEMORY_FLOOR: Readonly<Record<AppRuntime, string>> = { jvm: '1Gi', 'python-workers': '512Mi' };

/** CT-TRAFFIC-049: The memory limit fits the declared runtime (`runtime`): a JVM or pre-forked Python workers. */
export const CT_TRAFFIC_049: Rule = {
  id: 'CT-TRAFFIC-049',
  severity: 'warning',
  description: 'The memory limit fits the declared runtime (`runtime`): a JVM or pre-forked Python workers.',
  check(app) {
    const runtime = app.runtime;
    const limit = app.container.resources.limits.memory;
    if (runtime === undefined || limit === undefined) return NOT_APPLICABLE;
    const floor = RUNTIME_MEMORY_FLOOR[runtime];
    const bytes = memoryBytes(limit);
    if (bytes === undefined || bytes >= memoryBytes(floor)!) return outcome([]);
    const why =
      runtime === 'jvm'
        ? `the JVM's default heap is a quarter of it (${Math.round(bytes / 4 / 1024 ** 2)}Mi), with metaspace and threads on top`
        : 'each pre-forked worker holds its own copy of the app (commonly 50-150Mi each)';
    return outcome([
      {
        field: 'resources.memoryLimit',
        value: limit,
        message: `is likely too small for runtime '${runtime}': ${why}; the container would be OOM-killed under load`,
        fix: `raise \`resources.memoryLimit\` to at least '${floor}', size the runtime to the limit (e.g. -XX:MaxRAMPercentage, fewer workers), or acknowledge CT-TRAFFIC-049 with a reason`,
      },
    ]);
  },
};
