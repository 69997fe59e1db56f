import type { AppSpec } from '../../model/app-spec';
import type { CloudLoadBalancerServiceSpec } from '../../model/exposure/cloud-load-balancer-service';
import type { Problems } from '../../model/problems';
import { AZURE_OWNED_PREFIXES } from '../azure/service-annotations';
import { GKE_OWNED_PREFIXES } from '../gcp/service-annotations';

const OWNED = { gke: GKE_OWNED_PREFIXES, aks: AZURE_OWNED_PREFIXES } as const;

/**
 * The renderer's check of a cloud LoadBalancer Service: an escape-hatch annotation must not set what the
 * typed `cloud` part writes, and AWS load balancer annotations belong to the NLB Service exposure.
 */
export function checkCloudServiceAnnotations(
  problems: Problems,
  field: string,
  _app: AppSpec,
  spec: CloudLoadBalancerServiceSpec,
): void {
  const cloud = spec.cloud;
  for (const [k, v] of Object.entries(spec.annotations)) {
    if (cloud && OWNED[cloud.cloud].some((p) => k.startsWith(p))) {
      problems.add(
        `${field}.annotations.${k}`,
        v,
        `is written from the typed \`cloud\` part (${cloud.label})`,
        'set it through Cloud.gke({...}) / Cloud.aks({...}) instead',
      );
    } else if (k.startsWith('service.beta.kubernetes.io/aws-')) {
      problems.add(
        `${field}.annotations.${k}`,
        v,
        'is an AWS load balancer annotation on a cloud-neutral Service',
        'use LoadBalancerServiceExposure.nlb({...}) for an AWS NLB',
      );
    }
  }
}
