import type { AppSpec } from '../../model/app-spec';
import type { DataplaneSpec } from '../../model/dataplane/dataplane-spec';
import type { CiliumServiceSpec } from '../../model/dataplane/cilium-service';
import type { ExposureSpec } from '../../model/exposure/exposure';
import type { Problems } from '../../model/problems';

/** Annotation keys Cilium reads on Services, by the option of `Dataplane.cilium({ service })` that sets them. */
export const CILIUM_SERVICE_ANNOTATIONS = {
  ips: 'lbipam.cilium.io/ips',
  sharingKey: 'lbipam.cilium.io/sharing-key',
  lbAlgorithm: 'service.cilium.io/lb-algorithm',
  forwardingMode: 'service.cilium.io/forwarding-mode',
  global: 'service.cilium.io/global',
  shared: 'service.cilium.io/shared',
  affinity: 'service.cilium.io/affinity',
} as const;

/** The prefixes of Cilium's Service annotations: typed options of the dataplane, not an escape hatch. */
const CILIUM_PREFIXES = ['lbipam.cilium.io/', 'service.cilium.io/'];

/** Cilium's annotations for a resolved Cilium Service spec, keys in a fixed order (that of `CILIUM_SERVICE_ANNOTATIONS`). */
export function writeCiliumServiceAnnotations(s: CiliumServiceSpec): Record<string, string> {
  const a: Record<string, string> = {};
  if (s.ips.length > 0) a[CILIUM_SERVICE_ANNOTATIONS.ips] = s.ips.join(',');
  if (s.sharingKey !== undefined) a[CILIUM_SERVICE_ANNOTATIONS.sharingKey] = s.sharingKey;
  if (s.lbAlgorithm !== undefined) a[CILIUM_SERVICE_ANNOTATIONS.lbAlgorithm] = s.lbAlgorithm;
  if (s.forwardingMode !== undefined) a[CILIUM_SERVICE_ANNOTATIONS.forwardingMode] = s.forwardingMode;
  if (s.global !== undefined) a[CILIUM_SERVICE_ANNOTATIONS.global] = String(s.global);
  if (s.shared !== undefined) a[CILIUM_SERVICE_ANNOTATIONS.shared] = String(s.shared);
  if (s.affinity !== undefined) a[CILIUM_SERVICE_ANNOTATIONS.affinity] = s.affinity;
  return a;
}

/**
 * The annotations Cilium reads, for the LoadBalancer Service renderers to merge into each of the app's
 * LoadBalancer Services (empty when the app has no Cilium Service options).
 */
export function ciliumServiceAnnotations(spec: { readonly dataplane?: DataplaneSpec }): Record<string, string> {
  return spec.dataplane ? writeCiliumServiceAnnotations(spec.dataplane.service) : {};
}

/**
 * The renderer check of a LoadBalancer Service's escape hatch: Cilium's own annotations are typed options of
 * the dataplane (`Dataplane.cilium({ service })`), which the renderer writes. Problems go under
 * `<field>.annotations.<key>`.
 */
export function checkCiliumAnnotationKeys(
  problems: Problems,
  field: string,
  _app: AppSpec,
  spec: ExposureSpec & { readonly annotations: Readonly<Record<string, string>> },
): void {
  for (const [k, v] of Object.entries(spec.annotations)) {
    if (CILIUM_PREFIXES.some((p) => k.startsWith(p))) {
      problems.add(
        `${field}.annotations.${k}`,
        v,
        'Cilium annotations are typed options of the dataplane',
        'use Dataplane.cilium({ service: { ... } })',
      );
    }
  }
}
