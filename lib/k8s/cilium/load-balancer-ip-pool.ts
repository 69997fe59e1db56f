import { Construct } from 'constructs';
import { LoadBalancerIpPoolSpec } from '../../model/cilium/lb-ipam';
import {
  CiliumLoadBalancerIpPool,
  CiliumLoadBalancerIpPoolSpecAllowFirstLastIPs,
  CiliumLoadBalancerIpPoolSpecServiceSelectorMatchExpressionsOperator,
} from '../imports/cilium';
import { toTypedSelector } from './selector';

/** Props of `LoadBalancerIpPool`. */
export interface LoadBalancerIpPoolRendererProps {
  /** The validated pool (from `resolveIpPool` / `resolveCiliumCluster`). */
  readonly pool: LoadBalancerIpPoolSpec;
}

/** Renders a `CiliumLoadBalancerIPPool` (`cilium.io/v2`). */
export class LoadBalancerIpPool extends Construct {
  /** The API object. */
  readonly apiObject: CiliumLoadBalancerIpPool;

  constructor(scope: Construct, id: string, props: LoadBalancerIpPoolRendererProps) {
    super(scope, id);
    const { pool } = props;
    this.apiObject = new CiliumLoadBalancerIpPool(this, 'Resource', {
      metadata: { name: pool.name },
      spec: {
        blocks: pool.blocks.map((b) => ('cidr' in b ? { cidr: b.cidr } : { start: b.start, stop: b.stop })),
        // Always explicit: the CRD reads an unset field as Yes.
        ...(pool.allowFirstLastIps !== undefined
          ? {
              allowFirstLastIPs: pool.allowFirstLastIps
                ? CiliumLoadBalancerIpPoolSpecAllowFirstLastIPs.YES
                : CiliumLoadBalancerIpPoolSpecAllowFirstLastIPs.NO,
            }
          : {}),
        ...(pool.disabled ? { disabled: true } : {}),
        ...(pool.serviceSelector
          ? {
              serviceSelector: toTypedSelector(
                pool.serviceSelector,
                CiliumLoadBalancerIpPoolSpecServiceSelectorMatchExpressionsOperator,
              ),
            }
          : {}),
      },
    });
  }
}
