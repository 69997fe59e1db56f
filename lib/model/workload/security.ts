import { Problems } from '../problems';

/**
 * The numeric user and group the pods run as by default (the "nonroot" user of distroless images). A numeric
 * user lets the kubelet verify `runAsNonRoot` whatever the image's `USER` says: an image whose `USER` is a name
 * ("image has non-numeric user") or root would otherwise not start under the restricted level.
 */
export const DEFAULT_RUN_AS_ID = 65532;

/** Options of the restricted (default) pod security level. */
export interface RestrictedOptions {
  /**
   * Numeric user id the containers run as (`runAsUser`). `'image'` keeps the image's own `USER`, which must then
   * be numeric and not root, or the kubelet refuses to start the container.
   * Range: 1-2147483647 (0 is root), or `'image'`.
   * @default 65532
   * @example PodSecurity.restricted({ runAsUser: 10001, runAsGroup: 10001 })
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
   */
  readonly runAsUser?: number | 'image';
  /**
   * Numeric group id of the processes and of the writable volumes (`runAsGroup` and `fsGroup`). `'image'` keeps the
   * image's group and writes no `fsGroup`.
   * Range: 1-2147483647, or `'image'`.
   * @default 65532
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context (`runAsGroup`, `fsGroup`)
   */
  readonly runAsGroup?: number | 'image';
}

/** Options of an explicit opt-out from the restricted level. */
export interface BaselineOptions {
  /** Why the workload cannot meet "restricted" (shown in the manifest as an annotation). Required. */
  readonly reason: string;
}

/** The resolved security level. */
export interface SecuritySpec {
  readonly level: 'restricted' | 'baseline';
  readonly reason?: string;
  /** The user id written; undefined: the image's. */
  readonly runAsUser?: number;
  /** The group id written (and `fsGroup`); undefined: the image's. */
  readonly runAsGroup?: number;
}

/** What `PodSecurity` holds before resolution (checked against its shape when a JavaScript caller builds one). */
export interface SecurityInput {
  readonly level: 'restricted' | 'baseline';
  readonly reason?: string;
  /**
   * As `RestrictedOptions.runAsUser`: 1-2147483647, or `'image'`.
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context (`runAsUser`)
   */
  readonly runAsUser?: number | 'image';
  /**
   * As `RestrictedOptions.runAsGroup`: 1-2147483647, or `'image'`.
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context (`runAsGroup`)
   */
  readonly runAsGroup?: number | 'image';
}

/**
 * The pod security of `security` (undefined: `PodSecurity.restricted()`, resolved without building it: most apps
 * leave it out).
 */
export function resolveSecurity(problems: Problems, field: string, security: PodSecurity | undefined): SecuritySpec {
  if (security === undefined)
    return { level: 'restricted', runAsUser: DEFAULT_RUN_AS_ID, runAsGroup: DEFAULT_RUN_AS_ID };
  return security.resolve(problems, field);
}

/**
 * The pod's security level, after the Kubernetes Pod Security Standards.
 *
 * The default is `PodSecurity.restricted()`: non-root as user and group 65532, no privilege escalation, all
 * capabilities dropped, seccomp RuntimeDefault, read-only root filesystem. `PodSecurity.baseline({ reason })` is the explicit,
 * documented opt-out for images that must run as root.
 */
export class PodSecurity {
  /**
   * Pod Security Standards "restricted" (the default).
   * @example
   * TrafficApp.define({ ...props, security: PodSecurity.restricted() });
   */
  static restricted(options: RestrictedOptions = {}): PodSecurity {
    return new PodSecurity({ level: 'restricted', runAsUser: options?.runAsUser, runAsGroup: options?.runAsGroup });
  }

  /**
   * Pod Security Standards "baseline": the container may run as root with the runtime's default
   * capabilities and a writable root filesystem. Privilege escalation stays off and seccomp stays on.
   * @example
   * TrafficApp.define({ ...props, security: PodSecurity.baseline({ reason: 'the image runs as root' }) });
   */
  static baseline(options: BaselineOptions): PodSecurity {
    return new PodSecurity({ level: 'baseline', reason: options?.reason });
  }

  private constructor(private readonly spec: SecurityInput) {}

  /** Resolves and checks the level: the restricted level's user and group default to 65532. */
  resolve(problems: Problems, field: string): SecuritySpec {
    const s = this.spec;
    if (s.level === 'baseline' && (typeof s.reason !== 'string' || s.reason.trim().length < 10)) {
      problems.add(
        `${field}.reason`,
        s.reason,
        'opting out of the restricted pod security level needs a reason of a few words',
        'say why, e.g. PodSecurity.baseline({ reason: "the upstream image runs as root" })',
      );
    }
    if (s.level === 'baseline') return { level: 'baseline', reason: s.reason };
    const id = (k: 'runAsUser' | 'runAsGroup'): number | undefined => {
      const v = s[k];
      if (v === 'image') return undefined;
      if (v === undefined) return DEFAULT_RUN_AS_ID;
      if (!Number.isInteger(v) || v < 1 || v > 2147483647) {
        problems.add(
          `${field}.${k}`,
          v,
          'must be a whole number from 1 to 2147483647 (0 is root, which "restricted" forbids), or \'image\'',
          `set ${k} to a non-root id such as 10001, or leave it out for ${DEFAULT_RUN_AS_ID}`,
        );
        return DEFAULT_RUN_AS_ID;
      }
      return v;
    };
    return { level: 'restricted', runAsUser: id('runAsUser'), runAsGroup: id('runAsGroup') };
  }
}
