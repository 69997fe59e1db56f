import { checkInt } from '../integers';
import { checkDnsLabel, checkDnsSubdomain } from '../kubernetes-syntax';
import { Problems } from '../problems';
import { type AccessMode, checkAccessModes, checkQuantity } from './volumes';

/** One PersistentVolumeClaim per pod, kept across restarts and rescheduling. */
export interface VolumeClaimTemplateProps {
  /** The requested size, e.g. `'10Gi'`. */
  readonly storage: string;
  /**
   * The StorageClass.
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Access modes.
   * @default ['ReadWriteOnce']
   */
  readonly accessModes?: readonly AccessMode[];
}

/** Makes the app a StatefulSet: stable pod names and DNS, one volume per pod, ordered updates. */
export interface StatefulOptions {
  /**
   * Claims created per pod, keyed by volume name (mount them with `volumeMounts`).
   * @default none
   */
  readonly volumeClaimTemplates?: Readonly<Record<string, VolumeClaimTemplateProps>>;
  /**
   * 'OrderedReady' starts pods one by one (0, 1, ...); 'Parallel' starts them all at once.
   * @default 'OrderedReady'
   */
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
  /**
   * 'RollingUpdate' replaces pods from the highest ordinal down, one at a time (never two of one ordinal:
   * no surge); `partition` keeps pods below it on the old revision. 'OnDelete' replaces a pod only when deleted.
   * @default { type: 'RollingUpdate' }
   */
  readonly updateStrategy?:
    { readonly type: 'RollingUpdate'; readonly partition?: number } | { readonly type: 'OnDelete' };
  /**
   * The governing headless Service, which gives each pod its DNS name `<pod>.<service>.<namespace>.svc`.
   * @default the app's Service when it is headless, else `<name>-headless`
   */
  readonly serviceName?: string;
  /**
   * What happens to the claims when the StatefulSet is deleted or scaled down.
   * @default Kubernetes' default (Retain both)
   */
  readonly claimRetention?: { readonly whenDeleted?: 'Retain' | 'Delete'; readonly whenScaled?: 'Retain' | 'Delete' };
  /**
   * The first pod's ordinal (`ordinals.start`, Kubernetes 1.31+): pods are `<name>-<start>`, `<name>-<start+1>`, ...
   * (e.g. to continue the numbering of members migrated from another cluster).
   * Range: 0-2147483647.
   * @default 0
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#start-ordinal
   */
  readonly ordinalsStart?: number;
}

/** The resolved StatefulSet options. */
export interface StatefulSpec {
  readonly volumeClaimTemplates: readonly {
    readonly name: string;
    readonly storage: string;
    readonly storageClassName?: string;
    readonly accessModes: readonly AccessMode[];
  }[];
  readonly podManagementPolicy: 'OrderedReady' | 'Parallel';
  readonly updateStrategy:
    { readonly type: 'RollingUpdate'; readonly partition?: number } | { readonly type: 'OnDelete' };
  /** The governing headless Service's name. */
  readonly serviceName: string;
  /** True when the library writes the governing Service (false when the app's own Service is headless and governs). */
  readonly writesGoverningService: boolean;
  readonly claimRetention?: { readonly whenDeleted?: 'Retain' | 'Delete'; readonly whenScaled?: 'Retain' | 'Delete' };
  /** The first pod's ordinal (0: the default, not written). */
  readonly ordinalsStart: number;
  /** Per-pod DNS names, `<name>-<ordinal>.<service>.<namespace>.svc.cluster.local`, for the declared replicas. */
  readonly podDnsNames: readonly string[];
}

/** A volume access mode. */
export type { AccessMode } from './volumes';

/** The longest StatefulSet name: its pods' `controller-revision-hash` label is `<name>-<10-character hash>` (63 at most). */
export const MAX_STATEFUL_NAME = 52;

/** What `resolveStateful` needs of the app. */
export interface StatefulApp {
  readonly name: string;
  readonly namespace: string;
  readonly workloadName: string;
  readonly replicas: number;
  /** The app's Service, when it is headless (it then governs the pods). */
  readonly headlessService?: string;
  /** The app's Service, headless or not. */
  readonly serviceName?: string;
}

/** Resolves `stateful` for an app whose workload object is named `workloadName`. */
export function resolveStateful(problems: Problems, s: StatefulOptions, app: StatefulApp): StatefulSpec {
  if (typeof s !== 'object' || s === null) {
    problems.add(
      'stateful',
      s,
      'must be an object',
      'write e.g. { volumeClaimTemplates: { data: { storage: "10Gi" } } }',
    );
    s = {};
  }
  const pmp = s.podManagementPolicy ?? 'OrderedReady';
  if (pmp !== 'OrderedReady' && pmp !== 'Parallel')
    problems.add(
      'stateful.podManagementPolicy',
      s.podManagementPolicy,
      "must be 'OrderedReady' or 'Parallel'",
      "use 'OrderedReady' for members that join one by one (the default)",
    );
  for (const k of ['whenDeleted', 'whenScaled'] as const) {
    const v = s.claimRetention?.[k];
    if (v !== undefined && v !== 'Retain' && v !== 'Delete')
      problems.add(`stateful.claimRetention.${k}`, v, "must be 'Retain' or 'Delete'", "use 'Retain' to keep the data");
  }
  const nameFits = app.workloadName.length <= MAX_STATEFUL_NAME;
  if (!nameFits)
    problems.add(
      app.workloadName === app.name ? 'name' : 'names.deployment',
      app.workloadName,
      `a StatefulSet name longer than ${MAX_STATEFUL_NAME} characters gives its pods a controller-revision-hash label over 63 characters, which the API server refuses`,
      `shorten it to ${MAX_STATEFUL_NAME} characters or fewer (e.g. "${app.workloadName.slice(0, MAX_STATEFUL_NAME).replace(/-+$/, '')}"), or set \`names.deployment\` to such a name`,
    );
  const serviceName = governingService(problems, s, app, nameFits);
  const ordinalsStart = checkInt(
    problems,
    'stateful.ordinalsStart',
    s.ordinalsStart,
    0,
    0,
    2147483647,
    'give the first ordinal as a whole number, e.g. 0 (the default) or 3',
  );
  const podDnsNames = Array.from(
    { length: Math.min(app.replicas, 100) },
    (_, i) => `${app.workloadName}-${ordinalsStart + i}.${serviceName}.${app.namespace}.svc.cluster.local`,
  );
  return {
    volumeClaimTemplates: resolveClaims(problems, s),
    podManagementPolicy: pmp,
    updateStrategy: resolveUpdateStrategy(problems, s, app.replicas),
    serviceName,
    writesGoverningService: serviceName !== app.headlessService,
    claimRetention: s.claimRetention,
    ordinalsStart,
    podDnsNames,
  };
}

/** The governing headless Service's name: never the app's own Service unless that one is headless. */
function governingService(problems: Problems, s: StatefulOptions, app: StatefulApp, nameFits: boolean): string {
  const fallback = `${app.workloadName}-headless`;
  if (s.serviceName === undefined) {
    const name = app.headlessService ?? fallback;
    // A name too long for the StatefulSet is reported once, on the name (the derived one follows from it).
    if (nameFits && name === fallback && name.length > 63) checkDnsLabel(problems, 'names.deployment', name);
    return name;
  }
  if (!checkDnsLabel(problems, 'stateful.serviceName', s.serviceName)) return fallback;
  if (s.serviceName === app.serviceName && s.serviceName !== app.headlessService) {
    problems.add(
      'stateful.serviceName',
      s.serviceName,
      "is the name of the app's own Service, which is not headless: two Services of one name would be written",
      `leave \`stateful.serviceName\` out (the governing Service is then "${fallback}"), or make the app's Service headless with \`service: { headless: true, ... }\``,
    );
    return fallback;
  }
  return s.serviceName;
}

/** The claim templates: names, sizes, storage classes and access modes. */
function resolveClaims(problems: Problems, s: StatefulOptions): StatefulSpec['volumeClaimTemplates'] {
  return Object.entries(s.volumeClaimTemplates ?? {}).map(([name, c]) => {
    const f = `stateful.volumeClaimTemplates.${name}`;
    checkDnsLabel(problems, f, name);
    checkQuantity(problems, `${f}.storage`, c?.storage);
    if (c?.storageClassName !== undefined) checkDnsSubdomain(problems, `${f}.storageClassName`, c.storageClassName);
    return {
      name,
      storage: c?.storage,
      storageClassName: c?.storageClassName,
      accessModes: checkAccessModes(problems, `${f}.accessModes`, c?.accessModes),
    };
  });
}

/** The update strategy and its partition. */
function resolveUpdateStrategy(
  problems: Problems,
  s: StatefulOptions,
  replicas: number,
): StatefulSpec['updateStrategy'] {
  const us = s.updateStrategy ?? { type: 'RollingUpdate' as const };
  if (us.type !== 'RollingUpdate' && us.type !== 'OnDelete') {
    problems.add(
      'stateful.updateStrategy.type',
      (us as { type: unknown }).type,
      "must be 'RollingUpdate' or 'OnDelete'",
      "use 'RollingUpdate' (highest ordinal first) unless an operator replaces pods",
    );
  }
  if (
    us.type === 'RollingUpdate' &&
    us.partition !== undefined &&
    (!Number.isInteger(us.partition) || us.partition < 0)
  ) {
    problems.add(
      'stateful.updateStrategy.partition',
      us.partition,
      'must be a whole number of at least 0',
      `use e.g. ${Math.max(replicas - 1, 0)} to update only the highest ordinal first`,
    );
  }
  return us;
}
