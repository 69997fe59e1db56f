import type { ProxyRule } from './rule';
import { CT_PROXY_010 } from './kube-proxy/ct-proxy-010';
import { CT_PROXY_011 } from './kube-proxy/ct-proxy-011';
import { CT_PROXY_020 } from './kube-proxy/ct-proxy-020';
import { CT_PROXY_021 } from './kube-proxy/ct-proxy-021';
import { CT_PROXY_022 } from './kube-proxy/ct-proxy-022';
import { CT_PROXY_023 } from './kube-proxy/ct-proxy-023';
import { CT_PROXY_024 } from './kube-proxy/ct-proxy-024';

export type { ProxyRule } from './rule';
export { longestSilenceSeconds } from './helpers';

/** The kube-proxy checks (ids `CT-PROXY-0xx`), one per file in `kube-proxy/`. */
export const PROXY_RULES: readonly ProxyRule[] = [
  CT_PROXY_010,
  CT_PROXY_011,
  CT_PROXY_020,
  CT_PROXY_021,
  CT_PROXY_022,
  CT_PROXY_023,
  CT_PROXY_024,
];

/** The ids of the kube-proxy checks (acknowledgeable per app in `traffic.acknowledge`, or on the cluster). */
export const PROXY_RULE_IDS: readonly string[] = PROXY_RULES.map((r) => r.id);
