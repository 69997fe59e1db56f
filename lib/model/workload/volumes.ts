import { Duration } from 'cdk8s';
import { wholeSeconds } from '../durations';
import { checkDnsLabel, checkDnsSubdomain } from '../kubernetes-syntax';
import { Problems } from '../problems';

/** A volume access mode. */
export type AccessMode = 'ReadWriteOnce' | 'ReadWriteOncePod' | 'ReadOnlyMany' | 'ReadWriteMany';
const MODES: readonly string[] = ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany'];

/** Keys of a ConfigMap or Secret projected as files: `{ key: relativePath }`. */
export type KeyToPath = Readonly<Record<string, string>>;

/** Options of a ConfigMap or Secret volume. */
export interface ConfigVolumeOptions {
  /**
   * Only these keys, each at the given relative path.
   * @default every key, as a file of its name
   */
  readonly items?: KeyToPath;
  /**
   * File mode of the files, as a number (e.g. `0o440`).
   * Range: 0 to 0o777.
   * @default 0o644 (Kubernetes' default)
   * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/#projections (`defaultMode`, 0-0777 octal)
   */
  readonly defaultMode?: number;
  /**
   * Start the pod even when the ConfigMap or Secret (or a listed key) does not exist.
   * @default false
   */
  readonly optional?: boolean;
}

/** Options of an emptyDir volume. */
export interface EmptyDirOptions {
  /**
   * `Memory` for a tmpfs (counts against the container's memory limit).
   * @default the node's disk
   */
  readonly medium?: 'Memory';
  /**
   * The most the volume may hold, as a Kubernetes quantity (e.g. `'1Gi'`); the pod is evicted beyond it.
   * @default no limit (for `Memory`: the pod's memory limit)
   */
  readonly sizeLimit?: string;
}

/** Options of a persistentVolumeClaim volume. */
export interface ClaimVolumeOptions {
  /**
   * Mount the claim read-only in every container.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** A PersistentVolumeClaim written beside the workload (`Volume.claim`), and how the pod mounts it. */
export interface PersistentVolumeClaimProps extends ClaimVolumeOptions {
  /** The requested size, a Kubernetes quantity such as `'10Gi'`. */
  readonly storage: string;
  /**
   * The claim's name.
   * @default `<app>-<volume key>`
   */
  readonly claimName?: string;
  /**
   * The StorageClass.
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Access modes. `ReadWriteOnce` (one node) and `ReadWriteOncePod` (one pod) allow one replica and the
   * `Recreate` rollout only; `ReadWriteMany` needs storage that supports it (NFS, EFS, CephFS, ...).
   * @default ['ReadWriteOnce']
   */
  readonly accessModes?: readonly AccessMode[];
  /**
   * `Filesystem` (mounted as a directory). `Block` (a raw device, `volumeDevices`) is not written by this library.
   * @default 'Filesystem'
   */
  readonly volumeMode?: 'Filesystem' | 'Block';
}

/** The claim the library writes for a `Volume.claim` volume. */
export interface ClaimSpec {
  readonly storage: string;
  readonly storageClassName?: string;
  readonly accessModes: readonly AccessMode[];
}

/** Options of a projected service account token. */
export interface ServiceAccountTokenOptions {
  /** The token's audience (`aud`): the service that will verify it, e.g. `'vault'` or `'sts.amazonaws.com'`. */
  readonly audience: string;
  /**
   * The file name of the token in the volume.
   * @default 'token'
   */
  readonly path?: string;
  /**
   * The token's lifetime; the kubelet renews it at 80% (at least 10 minutes).
   * @default Duration.hours(1)
   * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken-projected-volumes (`expirationSeconds`, at least 600 s)
   */
  readonly expiration?: Duration;
}

/** A resolved source of a projected volume. */
export type ProjectedSourceSpec =
  | {
      readonly kind: 'serviceAccountToken';
      readonly audience: string;
      readonly path: string;
      readonly expirationSeconds: number;
    }
  | {
      readonly kind: 'configMap' | 'secret';
      readonly name: string;
      readonly items?: KeyToPath;
      readonly optional?: boolean;
    };

/** One source of a projected volume. */
export class ProjectedSource {
  /**
   * A service account token for one audience, renewed by the kubelet (no Secret, bound to the pod).
   * @example
   * Volume.projected([ProjectedSource.serviceAccountToken({ audience: 'vault', expiration: Duration.minutes(30) })]);
   */
  static serviceAccountToken(options: ServiceAccountTokenOptions): ProjectedSource {
    return new ProjectedSource({
      kind: 'serviceAccountToken',
      audience: options?.audience,
      path: options?.path ?? 'token',
      expiration: options?.expiration,
    });
  }

  /**
   * The keys of a ConfigMap.
   * @example
   * Volume.projected([ProjectedSource.configMap('orders-config'), ProjectedSource.secret('orders-db')]);
   */
  static configMap(name: string, options: Omit<ConfigVolumeOptions, 'defaultMode'> = {}): ProjectedSource {
    return new ProjectedSource({ kind: 'configMap', name, items: options.items, optional: options.optional });
  }

  /**
   * The keys of a Secret.
   * @example
   * Volume.projected([ProjectedSource.secret('orders-db', { items: { password: 'db/password' } })]);
   */
  static secret(name: string, options: Omit<ConfigVolumeOptions, 'defaultMode'> = {}): ProjectedSource {
    return new ProjectedSource({ kind: 'secret', name, items: options.items, optional: options.optional });
  }

  private constructor(
    /** The source, as given. */
    public readonly source:
      | {
          readonly kind: 'serviceAccountToken';
          readonly audience: string;
          readonly path: string;
          readonly expiration?: Duration;
        }
      | {
          readonly kind: 'configMap' | 'secret';
          readonly name: string;
          readonly items?: KeyToPath;
          readonly optional?: boolean;
        },
  ) {}
}

/** A resolved volume, as the renderer writes it. */
export type VolumeSpec =
  | {
      readonly kind: 'configMap' | 'secret';
      readonly name: string;
      readonly source: string;
      readonly items?: KeyToPath;
      readonly defaultMode?: number;
      readonly optional?: boolean;
    }
  | { readonly kind: 'emptyDir'; readonly name: string; readonly medium?: 'Memory'; readonly sizeLimit?: string }
  | {
      readonly kind: 'persistentVolumeClaim';
      readonly name: string;
      readonly claimName: string;
      readonly readOnly: boolean;
      /** The PersistentVolumeClaim the library writes beside the workload (`Volume.claim`); undefined: an existing claim. */
      readonly claim?: ClaimSpec;
    }
  | {
      readonly kind: 'projected';
      readonly name: string;
      readonly sources: readonly ProjectedSourceSpec[];
      readonly defaultMode?: number;
    };

type VolumeInput =
  | { readonly kind: 'configMap' | 'secret'; readonly source: string; readonly options: ConfigVolumeOptions }
  | { readonly kind: 'emptyDir'; readonly options: EmptyDirOptions }
  | { readonly kind: 'persistentVolumeClaim'; readonly claimName: string; readonly options: ClaimVolumeOptions }
  | { readonly kind: 'claim'; readonly props: PersistentVolumeClaimProps }
  | { readonly kind: 'projected'; readonly sources: readonly ProjectedSource[]; readonly defaultMode?: number }
  | { readonly kind: 'hostPath'; readonly path: string };

/**
 * A pod volume, mounted into containers by its key in `volumes` (`volumeMounts: [{ volume, path }]`).
 *
 * ```ts
 * volumes: { config: Volume.configMap('web-config'), cache: Volume.emptyDir({ sizeLimit: '1Gi' }) }
 * ```
 */
export class Volume {
  /**
   * The keys of a ConfigMap in the app's namespace, as files.
   * @example
   * TrafficApp.define({ ...props, volumes: { config: Volume.configMap('orders-config') } });
   */
  static configMap(name: string, options: ConfigVolumeOptions = {}): Volume {
    return new Volume({ kind: 'configMap', source: name, options });
  }

  /**
   * The keys of a Secret in the app's namespace, as files.
   * @example
   * TrafficApp.define({ ...props, volumes: { db: Volume.secret('orders-db', { defaultMode: 0o440 }) } });
   */
  static secret(secretName: string, options: ConfigVolumeOptions = {}): Volume {
    return new Volume({ kind: 'secret', source: secretName, options });
  }

  /**
   * A scratch directory that lives as long as the pod.
   * @example
   * TrafficApp.define({ ...props, volumes: { cache: Volume.emptyDir({ medium: 'Memory', sizeLimit: '64Mi' }) } });
   */
  static emptyDir(options: EmptyDirOptions = {}): Volume {
    return new Volume({ kind: 'emptyDir', options });
  }

  /**
   * An existing PersistentVolumeClaim (for one claim per pod of a StatefulSet use `stateful.volumeClaimTemplates`).
   * @example
   * TrafficApp.define({ ...props, volumes: { uploads: Volume.persistentVolumeClaim('orders-uploads') } });
   */
  static persistentVolumeClaim(claimName: string, options: ClaimVolumeOptions = {}): Volume {
    return new Volume({ kind: 'persistentVolumeClaim', claimName, options });
  }

  /**
   * A PersistentVolumeClaim written beside the workload (named `<app>-<volume key>` unless `claimName` says
   * otherwise), mounted by this volume. For one claim per pod of a StatefulSet use `stateful.volumeClaimTemplates`.
   * @example
   * TrafficApp.define({ ...props, replicas: 1, rollout: { strategy: 'Recreate' },
   *   volumes: { data: Volume.claim({ storage: '10Gi', storageClassName: 'gp3' }) },
   *   volumeMounts: [{ volume: 'data', path: '/var/lib/app' }] });
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#persistentvolumeclaims
   */
  static claim(props: PersistentVolumeClaimProps): Volume {
    return new Volume({ kind: 'claim', props });
  }

  /**
   * Several sources in one directory, e.g. a service account token for an audience and a ConfigMap.
   * @example
   * Volume.projected([ProjectedSource.serviceAccountToken({ audience: 'vault' })]);
   */
  static projected(sources: readonly ProjectedSource[], options: { readonly defaultMode?: number } = {}): Volume {
    return new Volume({ kind: 'projected', sources, defaultMode: options.defaultMode });
  }

  /**
   * A directory of the node. Refused: the Pod Security Standards forbid hostPath volumes at the
   * "baseline" and "restricted" levels, so the API server would reject the pod. Kept so the refusal
   * names the fix.
   * @example
   * Volume.hostPath('/var/log/journal');
   */
  static hostPath(path: string): Volume {
    return new Volume({ kind: 'hostPath', path });
  }

  private constructor(
    /** The volume, as given. */
    public readonly input: VolumeInput,
  ) {}
}

const QUANTITY = /^([0-9]+(\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/;

/** Checks a Kubernetes storage quantity such as `'1Gi'`. */
export function checkQuantity(problems: Problems, field: string, value: unknown): boolean {
  const ok = typeof value === 'string' && QUANTITY.test(value) && Number(QUANTITY.exec(value)![1]) > 0;
  if (!ok)
    problems.add(field, value, 'is not a storage quantity above zero', 'use a quantity such as "512Mi" or "10Gi"');
  return ok;
}

function checkMode(problems: Problems, field: string, mode: unknown): void {
  if (mode !== undefined && (typeof mode !== 'number' || !Number.isInteger(mode) || mode < 0 || mode > 0o777)) {
    problems.add(field, mode, 'must be a file mode from 0 to 0o777', 'write it as an octal number, e.g. 0o440');
  }
}

function checkItems(problems: Problems, field: string, items: unknown): void {
  if (items === undefined) return;
  if (typeof items !== 'object' || items === null || Array.isArray(items) || Object.keys(items).length === 0) {
    problems.add(
      field,
      items,
      'must be a non-empty map of key to relative path',
      'write e.g. { "app.yaml": "app.yaml" }, or leave it out for every key',
    );
    return;
  }
  for (const [k, p] of Object.entries(items)) {
    if (!/^[-._a-zA-Z0-9]+$/.test(k) || k.length > 253)
      problems.add(
        `${field}.${k}`,
        k,
        'is not a ConfigMap or Secret key (letters, digits, "-", "_" and ".")',
        'use the key as it is in the ConfigMap or Secret, e.g. "app.yaml"',
      );
    if (typeof p !== 'string' || p.length === 0 || p.startsWith('/') || p.split('/').includes('..')) {
      problems.add(`${field}.${k}`, p, 'must be a relative path without ".."', `write e.g. "${k}"`);
    }
  }
}

/** The files `items` writes, each checked against the other sources of one projected volume. */
function claimPaths(problems: Problems, field: string, items: unknown, paths: Set<string>): void {
  if (typeof items !== 'object' || items === null || Array.isArray(items)) return;
  for (const [k, p] of Object.entries(items)) {
    if (typeof p !== 'string') continue;
    if (paths.has(p))
      problems.add(
        `${field}.${k}`,
        p,
        'another source of this projected volume writes the same file',
        'give each source its own file paths',
      );
    paths.add(p);
  }
}

/** Resolves the pod's volumes (`volumes`), keyed by volume name. */
export function resolveVolumes(
  problems: Problems,
  field: string,
  volumes: Readonly<Record<string, Volume>> | undefined,
  appName = 'app',
): VolumeSpec[] {
  if (volumes === undefined) return [];
  if (typeof volumes !== 'object' || volumes === null || Array.isArray(volumes)) {
    problems.add(
      field,
      volumes,
      'must be a map of volume name to Volume',
      'write e.g. { config: Volume.configMap("web-config") }',
    );
    return [];
  }
  const out: VolumeSpec[] = [];
  for (const [name, v] of Object.entries(volumes)) {
    const f = `${field}.${name}`;
    checkDnsLabel(problems, f, name);
    if (!(v instanceof Volume)) {
      problems.add(
        f,
        v,
        'must be a Volume',
        'use Volume.configMap(...), Volume.secret(...), Volume.emptyDir(...), Volume.claim(...), Volume.persistentVolumeClaim(...) or Volume.projected(...)',
      );
      continue;
    }
    const i = v.input;
    switch (i.kind) {
      case 'configMap':
      case 'secret':
        checkDnsSubdomain(problems, `${f}.${i.kind === 'secret' ? 'secretName' : 'name'}`, i.source);
        checkItems(problems, `${f}.items`, i.options.items);
        checkMode(problems, `${f}.defaultMode`, i.options.defaultMode);
        out.push({
          kind: i.kind,
          name,
          source: i.source,
          items: i.options.items,
          defaultMode: i.options.defaultMode,
          optional: i.options.optional,
        });
        break;
      case 'emptyDir':
        out.push(resolveEmptyDir(problems, f, name, i));
        break;
      case 'persistentVolumeClaim':
        checkDnsSubdomain(problems, `${f}.claimName`, i.claimName);
        out.push({
          kind: 'persistentVolumeClaim',
          name,
          claimName: i.claimName,
          readOnly: i.options.readOnly ?? false,
        });
        break;
      case 'claim':
        out.push(resolveClaim(problems, f, name, i.props, appName));
        break;
      case 'projected': {
        const projected = resolveProjected(problems, f, name, i);
        if (projected) out.push(projected);
        break;
      }
      case 'hostPath':
        problems.add(
          f,
          `hostPath ${i.path}`,
          'hostPath volumes are forbidden by the Pod Security Standards "baseline" and "restricted": the API server would reject the pod, and a host directory lets the pod read or change the node',
          'use a persistentVolumeClaim (data that must survive the pod), an emptyDir (scratch space) or a ConfigMap/Secret (configuration); a node agent that needs the host belongs in a namespace with the "privileged" level, outside this library',
        );
        break;
      default:
        problems.add(f, v, 'is not a known volume kind', 'use one of the Volume factories');
    }
  }
  return out;
}

/** A `Volume.claim`: the claim written beside the workload, checked as the API server would. */
function resolveClaim(
  problems: Problems,
  f: string,
  name: string,
  c: PersistentVolumeClaimProps,
  appName: string,
): VolumeSpec {
  if (typeof c !== 'object' || c === null) {
    problems.add(f, c, 'Volume.claim needs its options', "write e.g. Volume.claim({ storage: '10Gi' })");
    c = { storage: '1Gi' };
  }
  const claimName = c.claimName ?? `${appName}-${name}`;
  checkDnsSubdomain(problems, c.claimName === undefined ? `${f} (claim "${claimName}")` : `${f}.claimName`, claimName);
  checkQuantity(problems, `${f}.storage`, c.storage);
  if (c.storageClassName !== undefined) checkDnsSubdomain(problems, `${f}.storageClassName`, c.storageClassName);
  const accessModes = checkAccessModes(problems, `${f}.accessModes`, c.accessModes);
  if (c.volumeMode !== undefined && c.volumeMode !== 'Filesystem')
    problems.add(
      `${f}.volumeMode`,
      c.volumeMode,
      c.volumeMode === 'Block'
        ? 'a Block claim is a raw device (`volumeDevices`), which this library does not write: the containers mount directories'
        : 'must be "Filesystem"',
      "use 'Filesystem' (the default), or add the device with a JSON patch of the workload's `volumeDevices`",
    );
  return {
    kind: 'persistentVolumeClaim',
    name,
    claimName,
    readOnly: c.readOnly ?? false,
    claim: { storage: c.storage, storageClassName: c.storageClassName, accessModes },
  };
}

/** Where a container mounts a volume. */
export interface VolumeMountProps {
  /** The volume: a key of `volumes`, a `stateful.volumeClaimTemplates` key, or a `writablePaths` volume. */
  readonly volume: string;
  /** The absolute directory (or, with `subPath`, file) in the container. */
  readonly path: string;
  /**
   * Mount read-only.
   * @default false (true is recommended for ConfigMaps, Secrets and tokens; Kubernetes mounts those read-only anyway)
   */
  readonly readOnly?: boolean;
  /**
   * Mount one file or subdirectory of the volume instead of its root (such a mount is not updated when a ConfigMap changes).
   * @default the volume's root
   */
  readonly subPath?: string;
}

/** A resolved mount. */
export interface VolumeMountSpec {
  readonly volume: string;
  readonly path: string;
  readonly readOnly: boolean;
  readonly subPath?: string;
}

/** Resolves a container's mounts against the volume names the pod has. */
export function resolveVolumeMounts(
  problems: Problems,
  field: string,
  mounts: readonly VolumeMountProps[] | undefined,
  known: ReadonlySet<string>,
): VolumeMountSpec[] {
  if (mounts === undefined) return [];
  if (!Array.isArray(mounts)) {
    problems.add(
      field,
      mounts,
      'must be a list of mounts',
      'write e.g. [{ volume: "config", path: "/etc/app", readOnly: true }]',
    );
    return [];
  }
  const paths = new Map<string, number>();
  const out: VolumeMountSpec[] = [];
  mounts.forEach((m, i) => {
    const f = `${field}[${i}]`;
    if (typeof m !== 'object' || m === null) {
      problems.add(f, m, 'must be a mount { volume, path }', 'write e.g. { volume: "config", path: "/etc/app" }');
      return;
    }
    if (typeof m.volume !== 'string' || !known.has(m.volume)) {
      problems.add(
        `${f}.volume`,
        m.volume,
        `is not a volume of the pod (declared: ${[...known].join(', ') || 'none'})`,
        'declare it in `volumes` (or `stateful.volumeClaimTemplates`), or mount a declared one',
      );
    }
    if (typeof m.path !== 'string' || !m.path.startsWith('/') || m.path === '/') {
      problems.add(`${f}.path`, m.path, 'must be an absolute path other than "/"', 'use e.g. "/etc/app"');
    } else if (paths.has(m.path)) {
      problems.add(
        `${f}.path`,
        m.path,
        `is also mounted by mount [${paths.get(m.path)}] of this container`,
        'mount each path once',
      );
    } else paths.set(m.path, i);
    if (
      m.subPath !== undefined &&
      (typeof m.subPath !== 'string' ||
        m.subPath === '' ||
        m.subPath.startsWith('/') ||
        m.subPath.split('/').includes('..'))
    ) {
      problems.add(
        `${f}.subPath`,
        m.subPath,
        'must be a relative path inside the volume, without ".."',
        'use e.g. "app.yaml"',
      );
    }
    out.push({ volume: m.volume, path: m.path, readOnly: m.readOnly ?? false, subPath: m.subPath });
  });
  return out;
}

/** A projected volume: its sources (tokens, ConfigMaps, Secrets), none writing a file another one writes. */
function resolveProjected(
  problems: Problems,
  f: string,
  name: string,
  i: Extract<VolumeInput, { kind: 'projected' }>,
): VolumeSpec | undefined {
  if (!Array.isArray(i.sources) || i.sources.length === 0) {
    problems.add(
      `${f}.sources`,
      i.sources,
      'a projected volume needs at least one source',
      'pass e.g. [ProjectedSource.serviceAccountToken({ audience: "vault" })]',
    );
    return undefined;
  }
  checkMode(problems, `${f}.defaultMode`, i.defaultMode);
  const sources: ProjectedSourceSpec[] = [];
  const paths = new Set<string>();
  i.sources.forEach((s, j) => {
    const sf = `${f}.sources[${j}]`;
    if (!(s instanceof ProjectedSource)) {
      problems.add(
        sf,
        s,
        'must be a ProjectedSource',
        'use ProjectedSource.serviceAccountToken(...), .configMap(...) or .secret(...)',
      );
      return;
    }
    const src = s.source;
    if (src.kind === 'serviceAccountToken') {
      if (typeof src.audience !== 'string' || src.audience.trim() === '') {
        problems.add(
          `${sf}.audience`,
          src.audience,
          'a projected token needs an audience',
          'name the service that verifies the token, e.g. "vault" or "sts.amazonaws.com"',
        );
      }
      if (
        typeof src.path !== 'string' ||
        src.path === '' ||
        src.path.startsWith('/') ||
        src.path.split('/').includes('..')
      ) {
        problems.add(`${sf}.path`, src.path, 'must be a relative file name without ".."', 'use e.g. "token"');
      } else if (paths.has(src.path)) {
        problems.add(
          `${sf}.path`,
          src.path,
          'another source of this volume writes the same file',
          'give each token its own path',
        );
      }
      paths.add(src.path);
      const expirationSeconds = wholeSeconds(problems, `${sf}.expiration`, src.expiration, 3600, {
        min: 600,
        max: 2 ** 32,
        fix: 'use at least Duration.minutes(10) (the API server minimum)',
      });
      sources.push({ kind: 'serviceAccountToken', audience: src.audience, path: src.path, expirationSeconds });
    } else {
      checkDnsSubdomain(problems, `${sf}.name`, src.name);
      checkItems(problems, `${sf}.items`, src.items);
      claimPaths(problems, `${sf}.items`, src.items, paths);
      sources.push({ kind: src.kind, name: src.name, items: src.items, optional: src.optional });
    }
  });
  return { kind: 'projected', name, sources, defaultMode: i.defaultMode };
}

/** An emptyDir: the node's disk or memory, and its size limit. */
function resolveEmptyDir(
  problems: Problems,
  f: string,
  name: string,
  i: Extract<VolumeInput, { kind: 'emptyDir' }>,
): VolumeSpec {
  if (i.options.medium !== undefined && i.options.medium !== 'Memory') {
    problems.add(
      `${f}.medium`,
      i.options.medium,
      "must be 'Memory' or left out (the node's disk)",
      "set medium: 'Memory' for a tmpfs, or remove it",
    );
  }
  if (i.options.sizeLimit !== undefined) checkQuantity(problems, `${f}.sizeLimit`, i.options.sizeLimit);
  return { kind: 'emptyDir', name, medium: i.options.medium, sizeLimit: i.options.sizeLimit };
}

/**
 * A claim's access modes (default `['ReadWriteOnce']`): known modes, each once, `ReadWriteOncePod` alone.
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
 */
export function checkAccessModes(
  problems: Problems,
  field: string,
  given: readonly AccessMode[] | undefined,
): AccessMode[] {
  const modes = given ?? ['ReadWriteOnce'];
  if (!Array.isArray(modes) || modes.length === 0 || modes.some((m) => !MODES.includes(m))) {
    problems.add(
      field,
      given,
      `must list modes among ${MODES.join(', ')}`,
      "use ['ReadWriteOnce'] (one node mounts it) unless the storage supports more",
    );
    return ['ReadWriteOnce'];
  }
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) {
    problems.add(
      field,
      modes,
      'ReadWriteOncePod cannot be combined with other access modes (the API server refuses it)',
      "use ['ReadWriteOncePod'] alone, or leave it out",
    );
  } else if (new Set(modes).size !== modes.length) {
    problems.add(field, modes, 'lists a mode twice', 'list each mode once');
  }
  return [...modes];
}
