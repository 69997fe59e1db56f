import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import { checkPinnedIps } from '../../model/dataplane/cilium-service';
import { Problems } from '../../model/problems';
import { CiliumCluster } from '../cilium/cilium-cluster';
import { AppCiliumNetworkPolicy } from './cilium-network-policy';
import { AppKubernetesNetworkPolicy } from './kubernetes-network-policy';
import { CallAllowances } from './call-allowances';

/**
 * The app renderer of the dataplane: the app's CiliumNetworkPolicy or NetworkPolicy (`dataplane`). When the app pins
 * LB IPAM addresses, a validation (run by `app.synth()`) checks them against the pools of every
 * `CiliumCluster` in the same cdk8s App: each must lie in a usable pool.
 */
export function renderDataplane(scope: Construct, app: AppSpec): void {
  if ((app.calls ?? []).length > 0) new CallAllowances(scope, 'calls', { app });
  const dp = app.dataplane;
  if (!dp) return;
  if (dp.policy) {
    if (dp.kind === 'cilium')
      new AppCiliumNetworkPolicy(scope, 'cilium-network-policy', {
        policy: dp.policy,
        streamIdleSeconds: app.traffic.idleTimeoutSeconds,
        ...(dp.proxy?.streamIdleTimeoutSeconds !== undefined
          ? { declaredEnvoyStreamIdleSeconds: dp.proxy.streamIdleTimeoutSeconds }
          : {}),
        ...(dp.proxy?.retries !== undefined ? { declaredEnvoyRetries: dp.proxy.retries } : {}),
      });
    else new AppKubernetesNetworkPolicy(scope, 'network-policy', { policy: dp.policy });
  }
  if (dp.service.ips.length > 0) {
    scope.node.addValidation({
      validate: () => {
        const pools = scope.node.root.node
          .findAll()
          .filter((c): c is CiliumCluster => c instanceof CiliumCluster)
          .flatMap((c) => c.spec.pools);
        const problems = new Problems();
        for (const e of app.exposures) {
          const lb = e.traits.loadBalancerService;
          if (lb)
            checkPinnedIps(problems, 'dataplane.service.ips', dp.service.ips, pools, { ...app.labels, ...lb.labels });
        }
        return problems.lines();
      },
    });
  }
}
