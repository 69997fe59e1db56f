import { Problems } from '../problems';

/** Options of the restricted (default) pod security level. */
export interface RestrictedOptions {
  /**
   * Numeric user id the container runs as. Needed when the image's USER is a name rather than a number,
   * since Kubernetes can only verify `runAsNonRoot` on a numeric user.
   * @default the image's user (must not be root)
   */
  readonly runAsUser?: number;
  /**
   * Numeric group id of the process and of the writable volumes (`fsGroup`).
   * @default the image's group
   */
  readonly runAsGroup?: number;
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
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
}

/**
 * The pod's security level, after the Kubernetes Pod Security Standards.
 *
 * The default is `PodSecurity.restricted()`: non-root, no privilege escalation, all capabilities dropped,
 * seccomp RuntimeDefault, read-only root filesystem. `PodSecurity.baseline({ reason })` is the explicit,
 * documented opt-out for images that must run as root.
 */
export class PodSecurity {
  /** Pod Security Standards "restricted" (the default). */
  static restricted(options: RestrictedOptions = {}): PodSecurity {
    return new PodSecurity({ level: 'restricted', runAsUser: options?.runAsUser, runAsGroup: options?.runAsGroup });
  }

  /**
   * Pod Security Standards "baseline": the container may run as root with the runtime's default
   * capabilities and a writable root filesystem. Privilege escalation stays off and seccomp stays on.
   */
  static baseline(options: BaselineOptions): PodSecurity {
    return new PodSecurity({ level: 'baseline', reason: options?.reason });
  }

  private constructor(private readonly spec: SecuritySpec) {}

  /** Resolves and checks the level. */
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
    for (const k of ['runAsUser', 'runAsGroup'] as const) {
      const v = s[k];
      if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > 2147483647)) {
        problems.add(
          `${field}.${k}`,
          v,
          'must be a whole number from 1 to 2147483647 (0 is root, which "restricted" forbids)',
          `set ${k} to a non-root id such as 10001, or leave it out`,
        );
      }
    }
    return s;
  }
}
