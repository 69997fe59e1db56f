import type { WorkloadSpec } from '../app-spec';
import type { Problems } from '../problems';

/**
 * The traffic policy's canary header as an ALB rule condition (Ingress `conditions.<action>` annotation or a
 * Terraform listener rule): ALBs match `values` with wildcards, so a `*` or `?` would match more than itself.
 * Returns the header when the app has a canary to route it to.
 */
export function albCanaryHeader(problems: Problems, w: WorkloadSpec): WorkloadSpec['traffic']['canaryHeader'] {
  const header = w.traffic.canaryHeader;
  if (!header || w.versions.length < 2) return undefined;
  if (/[*?]/.test(header.value)) {
    problems.add(
      'traffic.canaryHeader.value',
      header.value,
      'an ALB matches header values with wildcards (`*`, `?`), so this value would match more than itself',
      'use a value without `*` and `?`',
    );
  }
  return header;
}
