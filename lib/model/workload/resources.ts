import { Problems } from '../problems';

/** CPU and memory for the container, as Kubernetes quantities (`"250m"`, `"512Mi"`). */
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
   * @default '128Mi'
   */
  readonly memoryRequest?: string;
  /**
   * Memory limit. Always set: a pod without one can take a node's memory.
   * @default '256Mi'
   */
  readonly memoryLimit?: string;
}

/** Resolved requests and limits, as written into the manifest. */
export interface ResourcesSpec {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu?: string; readonly memory: string };
}

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

function memoryBytes(v: string): number | undefined {
  const m = MEMORY.exec(v);
  if (!m) return undefined;
  return Number(m[1]) * MEM_FACTOR[m[3] ?? ''];
}

/** Resolves and checks requests and limits; a request above its limit is a problem. */
export function resolveResources(problems: Problems, field: string, props: ResourcesProps = {}): ResourcesSpec {
  const cpuRequest = props.cpuRequest ?? '100m';
  const cpuLimit = props.cpuLimit === null ? undefined : (props.cpuLimit ?? '1');
  const memoryRequest = props.memoryRequest ?? '128Mi';
  const memoryLimit = props.memoryLimit ?? '256Mi';
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
  const mem = (name: string, v: string) => {
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
    limits: cpuLimit === undefined ? { memory: memoryLimit } : { cpu: cpuLimit, memory: memoryLimit },
  };
}
