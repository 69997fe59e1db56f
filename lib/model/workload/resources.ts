import { Problems } from '../problems';

/**
 * CPU and memory for the container, as Kubernetes quantities (`"250m"`, `"512Mi"`).
 *
 * The memory defaults are cdk8s-plus's (512Mi requested, 2Gi limited): a limit is what kills a process, and the
 * earlier 256Mi killed real runtimes (a gunicorn app with 8 workers, a JVM whose default heap is a quarter of the
 * limit). The CPU defaults stay below cdk8s-plus's (1 CPU requested, 1.5 limited): a request reserves a node's
 * CPU for every replica, and too little CPU throttles rather than kills.
 * @see https://cdk8s.io/docs/latest/plus/ (Container resources defaults)
 */
export interface ResourcesProps {
  /**
   * CPU request.
   * @default '100m'
   */
  readonly cpuRequest?: string;
  /**
   * CPU limit. `null` leaves CPU unlimited (no throttling), which some teams prefer for latency.
   * @default '1'
   */
  readonly cpuLimit?: string | null;
  /**
   * Memory request.
   * @default '512Mi' (cdk8s-plus's default)
   */
  readonly memoryRequest?: string;
  /**
   * Memory limit: the container is OOM-killed above it. `null` leaves it out, on purpose, with
   * `noMemoryLimitReason` (a container without one can take the node's memory, so the reason is written into the
   * manifest).
   * @default '2Gi' (cdk8s-plus's default: 2048Mi)
   */
  readonly memoryLimit?: string | null;
  /**
   * Why the container has no memory limit (at least 10 characters), required with `memoryLimit: null`; written
   * into the pod template's `cdk-traffic.io/no-memory-limit` annotation.
   * @default none
   * @example 'the JVM sizes its heap from the node; the namespace LimitRange caps it'
   */
  readonly noMemoryLimitReason?: string;
}

/** Resolved requests and limits, as written into the manifest. */
export interface ResourcesSpec {
  readonly requests: { readonly cpu: string; readonly memory: string };
  /** `memory` is undefined only with `noMemoryLimitReason`. */
  readonly limits: { readonly cpu?: string; readonly memory?: string };
  /** Why the memory limit is left out (`memoryLimit: null`). */
  readonly noMemoryLimitReason?: string;
}

/** The default memory request (cdk8s-plus's). */
export const DEFAULT_MEMORY_REQUEST = '512Mi';
/** The default memory limit (cdk8s-plus's 2048Mi). */
export const DEFAULT_MEMORY_LIMIT = '2Gi';

/** The pod template annotation that records each container without a memory limit and why. */
export const NO_MEMORY_LIMIT_ANNOTATION = 'cdk-traffic.io/no-memory-limit';

const CPU = /^([0-9]+(\.[0-9]+)?)(m)?$/;
const MEMORY = /^([0-9]+(\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const MEM_FACTOR: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

function cpuMillis(v: string): number | undefined {
  const m = CPU.exec(v);
  if (!m) return undefined;
  return m[3] ? Number(m[1]) : Number(m[1]) * 1000;
}

/** Bytes of a memory quantity (`'512Mi'`, `'1G'`); undefined when it is not one. */
export function memoryBytes(v: string): number | undefined {
  const m = MEMORY.exec(v);
  if (!m) return undefined;
  return Number(m[1]) * MEM_FACTOR[m[3] ?? ''];
}

/** The resources of a container that gives none of them (most do): the defaults, valid, one frozen value. */
const DEFAULT_RESOURCES: ResourcesSpec = Object.freeze({
  requests: Object.freeze({ cpu: '100m', memory: DEFAULT_MEMORY_REQUEST }),
  limits: Object.freeze({ cpu: '1', memory: DEFAULT_MEMORY_LIMIT }),
});

/** Resolves and checks requests and limits; a request above its limit is a problem. */
export function resolveResources(problems: Problems, field: string, props: ResourcesProps = {}): ResourcesSpec {
  if (
    props.cpuRequest === undefined &&
    props.cpuLimit === undefined &&
    props.memoryRequest === undefined &&
    props.memoryLimit === undefined &&
    props.noMemoryLimitReason === undefined
  )
    return DEFAULT_RESOURCES; // nothing to parse or check
  const cpuRequest = props.cpuRequest ?? '100m';
  const cpuLimit = props.cpuLimit === null ? undefined : (props.cpuLimit ?? '1');
  const memoryLimit = props.memoryLimit === null ? undefined : (props.memoryLimit ?? DEFAULT_MEMORY_LIMIT);
  // A limit below the default request lowers the request to it (as Kubernetes does with a limit alone).
  const limitBytes = typeof memoryLimit === 'string' ? memoryBytes(memoryLimit) : undefined;
  const memoryRequest =
    props.memoryRequest ??
    (limitBytes !== undefined && limitBytes < memoryBytes(DEFAULT_MEMORY_REQUEST)!
      ? memoryLimit!
      : DEFAULT_MEMORY_REQUEST);
  const noLimitReason = checkNoLimitReason(problems, field, props);
  const cpu = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = typeof v === 'string' ? cpuMillis(v) : undefined;
    if (n === undefined || n <= 0)
      problems.add(
        `${field}.${name}`,
        v,
        'is not a CPU quantity above zero',
        'use cores ("1", "0.5") or millicores ("250m")',
      );
    return n;
  };
  const mem = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = typeof v === 'string' ? memoryBytes(v) : undefined;
    if (n === undefined || n <= 0)
      problems.add(
        `${field}.${name}`,
        v,
        'is not a memory quantity above zero',
        'use a quantity such as "256Mi" or "1Gi"',
      );
    return n;
  };
  const cr = cpu('cpuRequest', cpuRequest);
  const cl = cpu('cpuLimit', cpuLimit);
  const mr = mem('memoryRequest', memoryRequest);
  const ml = mem('memoryLimit', memoryLimit);
  if (cr !== undefined && cl !== undefined && cr > cl) {
    problems.add(
      `${field}.cpuRequest`,
      cpuRequest,
      `is above the CPU limit ${cpuLimit}`,
      'lower the request or raise `cpuLimit`',
    );
  }
  if (mr !== undefined && ml !== undefined && mr > ml) {
    problems.add(
      `${field}.memoryRequest`,
      memoryRequest,
      `is above the memory limit ${memoryLimit}`,
      'lower the request or raise `memoryLimit`',
    );
  }
  return {
    requests: { cpu: cpuRequest, memory: memoryRequest },
    // Object.assign: a hidden class shared between apps (see `labels` in resolveApp).
    limits: Object.assign(
      {},
      cpuLimit !== undefined ? { cpu: cpuLimit } : undefined,
      memoryLimit !== undefined ? { memory: memoryLimit } : undefined,
    ),
    ...(noLimitReason !== undefined ? { noMemoryLimitReason: noLimitReason } : {}),
  };
}

/** The reason for `memoryLimit: null`: required with it (a few words), refused without it. */
function checkNoLimitReason(problems: Problems, field: string, props: ResourcesProps): string | undefined {
  const reason = props.noMemoryLimitReason;
  if (props.memoryLimit === null) {
    if (typeof reason === 'string' && reason.trim().length >= 10) return reason.trim();
    problems.add(
      `${field}.noMemoryLimitReason`,
      reason,
      "leaving the memory limit out (`memoryLimit: null`) needs a reason of a few words: a container without one can take the node's memory",
      "say why, e.g. `noMemoryLimitReason: 'the namespace LimitRange sets it'`, or give `memoryLimit` (e.g. '1Gi')",
    );
    return undefined;
  }
  if (reason !== undefined)
    problems.add(
      `${field}.noMemoryLimitReason`,
      reason,
      'is only read with `memoryLimit: null`: the memory limit is written',
      'remove it, or write `memoryLimit: null` to leave the limit out',
    );
  return undefined;
}

/**
 * A partial override (a version's `resources`) over resolved resources: what it leaves out keeps the base's value,
 * a limit the base leaves out stays out (with its reason) unless the override gives one.
 */
export function mergeResources(base: ResourcesSpec, over: ResourcesProps): ResourcesProps {
  const memoryLimit = over.memoryLimit !== undefined ? over.memoryLimit : (base.limits.memory ?? null);
  const reason = over.noMemoryLimitReason ?? base.noMemoryLimitReason;
  return {
    cpuRequest: over.cpuRequest ?? base.requests.cpu,
    memoryRequest: over.memoryRequest ?? base.requests.memory,
    cpuLimit: over.cpuLimit !== undefined ? over.cpuLimit : (base.limits.cpu ?? null),
    memoryLimit,
    ...(memoryLimit === null && reason !== undefined ? { noMemoryLimitReason: reason } : {}),
  };
}
