import { Duration } from 'cdk8s';
import type { ContainerSpec } from '../app-spec';
import { UP_TO_AN_HOUR, wholeSeconds } from '../durations';
import { checkDnsLabel } from '../kubernetes-syntax';
import { mapList } from '../lists';
import { Problems } from '../problems';
import { EnvFrom, EnvValue } from './env';
import { ContainerPortProps, resolveContainerPorts } from './ports';
import { Probe, resolveProbe } from './probe';
import { ResourcesProps, resolveResources } from './resources';
import { resolveVolumeMounts, VolumeMountProps } from './volumes';

/** What every extra container (init container or sidecar) has. */
export interface ContainerBaseProps {
  /** The container's name (a DNS-1123 label, distinct from the pod's other containers). */
  readonly name: string;
  /** The image, with a tag or digest. */
  readonly image: string;
  /**
   * The entrypoint.
   * @default the image's ENTRYPOINT
   */
  readonly command?: readonly string[];
  /**
   * The entrypoint's arguments.
   * @default the image's CMD
   */
  readonly args?: readonly string[];
  /**
   * Environment variables.
   * @default none
   */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /**
   * Requests and limits.
   * @default requests 100m CPU / 512Mi memory, limits 1 CPU / 2Gi memory (memory as cdk8s-plus)
   */
  readonly resources?: ResourcesProps;
  /**
   * Volumes of the pod mounted into this container.
   * @default none
   */
  readonly volumeMounts?: readonly VolumeMountProps[];
}

/** A container that runs to completion before the app's containers start (e.g. a schema migration). */
export type InitContainerProps = ContainerBaseProps;

/**
 * A native sidecar (Kubernetes 1.29+): an init container with `restartPolicy: Always`, started before the
 * app's container and stopped after it, so a proxy or log shipper covers the whole life of the pod.
 */
export interface SidecarProps extends ContainerBaseProps {
  /**
   * The ports the sidecar listens on (names distinct from the app container's).
   * @default none
   */
  readonly ports?: readonly ContainerPortProps[];
  /**
   * Whether the sidecar's ports join the app's Service (default ports) and, through it, the exposures and
   * the network policy. A sidecar that only talks to the app over localhost stays unexposed.
   * @default false
   */
  readonly exposed?: boolean;
  /**
   * The readiness probe; the pod is ready only when the sidecar is too.
   * @default none
   */
  readonly readiness?: Probe;
  /**
   * The liveness probe.
   * @default none
   */
  readonly liveness?: Probe;
  /**
   * The startup probe: the app's container starts only once it passes.
   * @default none
   */
  readonly startup?: Probe;
  /**
   * Time the sidecar needs after SIGTERM. Kubernetes stops sidecars after the app's container has exited,
   * so the pod's grace period covers drain + the app's shutdown + this.
   * Range: 0-3600 s.
   * @default Duration.seconds(0)
   * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
   */
  readonly shutdown?: Duration;
}

/** A resolved sidecar. */
export interface SidecarSpec extends ContainerSpec {
  readonly exposed: boolean;
  readonly shutdownSeconds: number;
}

/** The inputs the shared container resolver reads (the app's own container is mapped to this too). */
export interface ContainerInput extends ContainerBaseProps {
  readonly ports?: readonly ContainerPortProps[];
  readonly readiness?: Probe;
  readonly liveness?: Probe;
  readonly startup?: Probe;
}

/**
 * Resolves one container: name, image, env, ports, resources, probes and mounts, with fields under `prefix`
 * (empty for the app's own container, whose fields are top-level props). Every container of the pod goes
 * through here, so they share the checks and, in the renderer, the restricted security context.
 */
export function resolveContainerInput(
  problems: Problems,
  prefix: string,
  c: ContainerInput,
  volumes: ReadonlySet<string>,
): ContainerSpec {
  const f = (s: string) => (prefix ? `${prefix}.${s}` : s);
  const ports = resolveContainerPorts(problems, c.ports, f('ports'));
  checkImage(problems, f('image'), c.image);
  const env = resolveEnv(problems, f, c.env);
  for (const k of ['command', 'args'] as const) {
    const v = c[k];
    if (v !== undefined && (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))) {
      problems.add(
        f(k),
        v,
        'must be a list of strings',
        `write e.g. ${k === 'command' ? '["/bin/app"]' : '["--port", "8080"]'}`,
      );
    }
  }
  const probe = (role: 'readiness' | 'liveness' | 'startup') => {
    const p = c[role];
    if (p === undefined) return undefined;
    if (!(p instanceof Probe)) {
      problems.add(
        f(role),
        p,
        'must be a Probe',
        'use Probe.httpGet(...), Probe.tcpSocket(...), Probe.grpc(...) or Probe.exec(...)',
      );
      return undefined;
    }
    return resolveProbe(problems, f(role), p, ports, role);
  };
  const readiness = probe('readiness');
  const liveness = probe('liveness');
  const startup = probe('startup');
  if (readiness && liveness && !startup) {
    // Without a startup probe, liveness runs from the start: it must not kill a container the readiness
    // probe does not even expect to be up yet.
    const killAfter = liveness.initialDelaySeconds + liveness.periodSeconds * liveness.failureThreshold;
    if (killAfter <= readiness.initialDelaySeconds) {
      problems.add(
        f('liveness'),
        `restarts after ${killAfter}s`,
        `would restart the container before the readiness probe's first check (initial delay ${readiness.initialDelaySeconds}s): a slow start becomes a crash loop`,
        `add a startup probe covering the start-up time (e.g. \`startup: Probe.httpGet("/livez", { port: "http", period: Duration.seconds(5), failureThreshold: ${Math.ceil((readiness.initialDelaySeconds * 2) / 5)} })\`), or give liveness an initialDelay longer than ${readiness.initialDelaySeconds}s`,
      );
    }
  }
  return {
    name: c.name,
    image: c.image,
    command: c.command,
    args: c.args,
    env,
    ports,
    resources: resolveResources(problems, f('resources'), c.resources),
    readiness,
    liveness,
    startup,
    writablePaths: [],
    volumeMounts: resolveVolumeMounts(problems, f('volumeMounts'), c.volumeMounts, volumes),
  };
}

/** The container's environment: names, literal values and `EnvFrom` sources. */
export function resolveEnv(
  problems: Problems,
  f: (s: string) => string,
  env: ContainerInput['env'],
): ContainerSpec['env'] {
  if (env == null) return []; // left out on most containers: no entries list and closure for nothing
  return mapList(Object.entries(env), ([key, v]) => {
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) {
      problems.add(
        f(`env.${key}`),
        key,
        'is not a valid environment variable name',
        'use letters, digits, "_", "-" and ".", not starting with a digit',
      );
    }
    if (typeof v !== 'string' && !(v instanceof EnvFrom)) {
      problems.add(
        f(`env.${key}`),
        v,
        'must be a string or EnvFrom.secret(...) / EnvFrom.configMap(...)',
        'quote numbers and booleans: env values are strings',
      );
      return { name: key, value: { kind: 'value' as const, value: String(v) } };
    }
    if (v instanceof EnvFrom) checkEnvSource(problems, f(`env.${key}`), v);
    return { name: key, value: typeof v === 'string' ? { kind: 'value' as const, value: v } : v.spec };
  });
}

const IMAGE =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** Checks an image reference; an untagged or `latest` image is a problem (not reproducible). */
export function checkImage(problems: Problems, field: string, image: unknown): void {
  if (typeof image !== 'string' || image.length === 0) {
    problems.add(
      field,
      image,
      'an image is required',
      'set `image` to a reference with a tag or digest, e.g. "nginx:1.27.3"',
    );
    return;
  }
  if (!IMAGE.test(image)) {
    problems.add(
      field,
      image,
      'is not a valid image reference',
      'use [registry/]repository[:tag][@sha256:digest] in lower case, e.g. "ghcr.io/acme/api:1.4.0"',
    );
    return;
  }
  const last = image.split('/').pop() ?? image;
  if (!image.includes('@') && (!last.includes(':') || last.endsWith(':latest'))) {
    problems.add(
      field,
      image,
      'has no fixed tag (none or "latest"): every rollout could run a different build',
      'pin a version tag or a digest, e.g. "nginx:1.27.3"',
    );
  }
}

function listOf<T>(problems: Problems, field: string, v: readonly T[] | undefined): readonly T[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    problems.add(
      field,
      v,
      'must be a list of containers',
      `write e.g. [{ name: "${field === 'sidecars' ? 'proxy' : 'migrate'}", image: "ghcr.io/acme/tool:1.0.0" }]`,
    );
    return [];
  }
  return v;
}

/** Resolves `initContainers` (no probes, no ports that matter: they run to completion). */
export function resolveInitContainers(
  problems: Problems,
  list: readonly InitContainerProps[] | undefined,
  volumes: ReadonlySet<string>,
): ContainerSpec[] {
  if (list === undefined) return []; // left out on most apps: no closure and copy for nothing
  return listOf(problems, 'initContainers', list).flatMap((c, i) => {
    const f = `initContainers[${i}]`;
    if (typeof c !== 'object' || c === null) {
      problems.add(
        f,
        c,
        'must be a container { name, image, ... }',
        'write e.g. { name: "migrate", image: "ghcr.io/acme/migrate:1.0.0" }',
      );
      return [];
    }
    for (const k of ['readiness', 'liveness', 'startup', 'ports'] as const) {
      if ((c as ContainerInput)[k] !== undefined) {
        problems.add(
          `${f}.${k}`,
          (c as ContainerInput)[k],
          `an init container runs to completion and takes no ${k === 'ports' ? 'ports' : 'probes'}`,
          'remove it, or declare the container in `sidecars` (it then runs beside the app)',
        );
      }
    }
    checkDnsLabel(problems, `${f}.name`, c.name);
    return [
      resolveContainerInput(
        problems,
        f,
        { ...c, ports: undefined, readiness: undefined, liveness: undefined, startup: undefined },
        volumes,
      ),
    ];
  });
}

/** Resolves `sidecars`. */
export function resolveSidecars(
  problems: Problems,
  list: readonly SidecarProps[] | undefined,
  volumes: ReadonlySet<string>,
): SidecarSpec[] {
  if (list === undefined) return []; // left out on most apps: see resolveInitContainers
  return listOf(problems, 'sidecars', list).flatMap((c, i) => {
    const f = `sidecars[${i}]`;
    if (typeof c !== 'object' || c === null) {
      problems.add(
        f,
        c,
        'must be a container { name, image, ... }',
        'write e.g. { name: "proxy", image: "ghcr.io/acme/proxy:1.0.0" }',
      );
      return [];
    }
    checkDnsLabel(problems, `${f}.name`, c.name);
    if (c.exposed !== undefined && typeof c.exposed !== 'boolean')
      problems.add(
        `${f}.exposed`,
        c.exposed,
        'must be true or false',
        'set exposed: true to put its ports on the Service',
      );
    if (c.exposed && !(c.ports ?? []).length)
      problems.add(
        `${f}.exposed`,
        c.exposed,
        'the sidecar declares no ports to expose',
        'declare its `ports`, or remove `exposed`',
      );
    const spec = resolveContainerInput(problems, f, c, volumes);
    return [
      {
        ...spec,
        exposed: c.exposed === true,
        shutdownSeconds: wholeSeconds(problems, `${f}.shutdown`, c.shutdown, 0, UP_TO_AN_HOUR),
      },
    ];
  });
}

/** Checks that the pod's containers have distinct names and that containers sharing the pod's network don't listen on one port twice. */
export function checkPodContainers(
  problems: Problems,
  main: ContainerSpec,
  mainField: string,
  init: readonly ContainerSpec[],
  sidecars: readonly ContainerSpec[],
): void {
  // The app's container alone has nothing to clash with: no maps to build (most apps).
  if (init.length === 0 && sidecars.length === 0) return;
  const names = new Map<string, string>([[main.name, mainField]]);
  const check = (c: ContainerSpec, field: string) => {
    const prev = names.get(c.name);
    if (prev !== undefined)
      problems.add(
        `${field}.name`,
        c.name,
        `is also the name of ${prev}`,
        'give every container of the pod its own name',
      );
    else names.set(c.name, field);
  };
  init.forEach((c, i) => check(c, `initContainers[${i}]`));
  sidecars.forEach((c, i) => check(c, `sidecars[${i}]`));
  // The app's container and the sidecars run together and share one network namespace.
  const ports = new Map<string, string>();
  const portNames = new Map<string, string>();
  main.ports.forEach((p, i) => {
    ports.set(`${p.port}/${p.protocol}`, `ports[${i}]`);
    if (p.name) portNames.set(p.name, `ports[${i}]`);
  });
  sidecars.forEach((s, i) =>
    s.ports.forEach((p, j) => {
      const f = `sidecars[${i}].ports[${j}]`;
      const key = `${p.port}/${p.protocol}`;
      if (ports.has(key))
        problems.add(
          `${f}.port`,
          p.port,
          `${key} is also ${ports.get(key)}: containers of a pod share its network, only one can listen on a port`,
          'give the sidecar another port',
        );
      else ports.set(key, f);
      if (p.name && portNames.has(p.name))
        problems.add(
          `${f}.name`,
          p.name,
          `is also the name of ${portNames.get(p.name)}: Service targetPorts and probes refer to ports by name`,
          'give the port a name of its own, e.g. "proxy-http"',
        );
      else if (p.name) portNames.set(p.name, f);
    }),
  );
}

/** An `EnvFrom` source: a Secret or ConfigMap name (DNS subdomain) and a key (letters, digits, "-", "_", "."). */
function checkEnvSource(problems: Problems, field: string, v: EnvFrom): void {
  const s = v.spec;
  if (s.kind === 'value') return;
  const what = s.kind === 'secret' ? 'Secret' : 'ConfigMap';
  const factory = s.kind === 'secret' ? 'EnvFrom.secret' : 'EnvFrom.configMap';
  const nameOk =
    typeof s.name === 'string' &&
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s.name) &&
    s.name.length <= 253;
  if (!nameOk)
    problems.add(
      `${field}.name`,
      s.name,
      `is not a ${what} name (lower-case letters, digits, "-" and ".")`,
      `name the ${what} as it is in the namespace, e.g. ${factory}('db-credentials', 'password')`,
    );
  if (typeof s.key !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(s.key) || s.key.length > 253)
    problems.add(
      `${field}.key`,
      s.key,
      `is not a ${what} key (letters, digits, "-", "_" and ".")`,
      `give the key within the ${what}, e.g. ${factory}('${nameOk ? s.name : 'db-credentials'}', 'password')`,
    );
}
