import { Construct } from 'constructs';
import { L2AnnouncementPolicySpec } from '../../model/cilium/l2-announcement';
import {
  CiliumL2AnnouncementPolicy,
  CiliumL2AnnouncementPolicySpecNodeSelectorMatchExpressionsOperator,
  CiliumL2AnnouncementPolicySpecServiceSelectorMatchExpressionsOperator,
} from '../imports/cilium';
import { toTypedSelector } from './selector';

/** Props of `L2AnnouncementPolicy`. */
export interface L2AnnouncementPolicyRendererProps {
  /** The validated policy. */
  readonly policy: L2AnnouncementPolicySpec;
}

/** Renders a `CiliumL2AnnouncementPolicy` (`cilium.io/v2alpha1`, the only served version). */
export class L2AnnouncementPolicy extends Construct {
  /** The API object. */
  readonly apiObject: CiliumL2AnnouncementPolicy;

  constructor(scope: Construct, id: string, props: L2AnnouncementPolicyRendererProps) {
    super(scope, id);
    const { policy } = props;
    this.apiObject = new CiliumL2AnnouncementPolicy(this, 'Resource', {
      metadata: { name: policy.name },
      spec: {
        loadBalancerIPs: policy.loadBalancerIps,
        externalIPs: policy.externalIps,
        ...(policy.interfaces ? { interfaces: [...policy.interfaces] } : {}),
        ...(policy.nodeSelector
          ? {
              nodeSelector: toTypedSelector(
                policy.nodeSelector,
                CiliumL2AnnouncementPolicySpecNodeSelectorMatchExpressionsOperator,
              ),
            }
          : {}),
        ...(policy.serviceSelector
          ? {
              serviceSelector: toTypedSelector(
                policy.serviceSelector,
                CiliumL2AnnouncementPolicySpecServiceSelectorMatchExpressionsOperator,
              ),
            }
          : {}),
      },
    });
  }
}
