import { Construct } from 'constructs';
import { BgpAdvertisementItem, CiliumBgpSpec } from '../../model/cilium/bgp';
import {
  CiliumBgpAdvertisement,
  CiliumBgpAdvertisementSpecAdvertisements,
  CiliumBgpAdvertisementSpecAdvertisementsAdvertisementType,
  CiliumBgpAdvertisementSpecAdvertisementsSelectorMatchExpressionsOperator,
  CiliumBgpAdvertisementSpecAdvertisementsServiceAddresses,
  CiliumBgpClusterConfig,
  CiliumBgpClusterConfigSpec,
  CiliumBgpClusterConfigSpecNodeSelectorMatchExpressionsOperator,
  CiliumBgpPeerConfig,
  CiliumBgpPeerConfigSpec,
  CiliumBgpPeerConfigSpecFamiliesAfi,
  CiliumBgpPeerConfigSpecFamiliesSafi,
} from '../imports/cilium';
import { toTypedSelector } from './selector';

/** Props of `CiliumBgp`. */
export interface CiliumBgpRendererProps {
  /** The validated BGP setup (from `resolveBgp` / `resolveCiliumCluster`). */
  readonly bgp: CiliumBgpSpec;
}

type ServiceAddress = CiliumBgpAdvertisementSpecAdvertisementsServiceAddresses;
const SERVICE_ADDRESSES: Readonly<Record<'LoadBalancerIP' | 'ClusterIP' | 'ExternalIP', ServiceAddress>> = {
  LoadBalancerIP: CiliumBgpAdvertisementSpecAdvertisementsServiceAddresses.LOAD_BALANCER_IP,
  ClusterIP: CiliumBgpAdvertisementSpecAdvertisementsServiceAddresses.CLUSTER_IP,
  ExternalIP: CiliumBgpAdvertisementSpecAdvertisementsServiceAddresses.EXTERNAL_IP,
};

/** Renders the BGP control plane objects (`cilium.io/v2`): one cluster config, its peer configs and advertisements. */
export class CiliumBgp extends Construct {
  /** The `CiliumBGPClusterConfig`. */
  readonly clusterConfig: CiliumBgpClusterConfig;
  /** The `CiliumBGPPeerConfig`s, in declaration order. */
  readonly peerConfigs: CiliumBgpPeerConfig[];
  /** The `CiliumBGPAdvertisement`s, in declaration order. */
  readonly advertisements: CiliumBgpAdvertisement[];

  constructor(scope: Construct, id: string, props: CiliumBgpRendererProps) {
    super(scope, id);
    const { bgp } = props;
    this.clusterConfig = new CiliumBgpClusterConfig(this, 'ClusterConfig', {
      metadata: { name: bgp.name },
      spec: clusterConfigSpec(bgp),
    });
    this.peerConfigs = bgp.peerConfigs.map(
      (c) =>
        new CiliumBgpPeerConfig(this, `PeerConfig-${c.name}`, { metadata: { name: c.name }, spec: peerConfigSpec(c) }),
    );
    this.advertisements = bgp.advertisements.map(
      (a) =>
        new CiliumBgpAdvertisement(this, `Advertisement-${a.name}`, {
          metadata: { name: a.name, labels: { ...a.labels } },
          spec: { advertisements: a.advertisements.map(advertisementOf) },
        }),
    );
  }
}

/** The `CiliumBGPClusterConfig` spec: node selector and the instances with their peers. */
function clusterConfigSpec(bgp: CiliumBgpSpec): CiliumBgpClusterConfigSpec {
  return {
    ...(bgp.nodeSelector
      ? {
          nodeSelector: toTypedSelector(
            bgp.nodeSelector,
            CiliumBgpClusterConfigSpecNodeSelectorMatchExpressionsOperator,
          ),
        }
      : {}),
    bgpInstances: bgp.instances.map((inst) => ({
      name: inst.name,
      localAsn: inst.localAsn,
      ...(inst.localPort !== undefined ? { localPort: inst.localPort } : {}),
      peers: inst.peers.map((p) => ({
        name: p.name,
        peerAsn: p.peerAsn,
        peerAddress: p.peerAddress,
        ...(p.peerConfig !== undefined ? { peerConfigRef: { name: p.peerConfig } } : {}),
      })),
    })),
  };
}

/** A `CiliumBGPPeerConfig` spec: families with the advertisement labels, timers and session settings. */
function peerConfigSpec(c: CiliumBgpSpec['peerConfigs'][number]): CiliumBgpPeerConfigSpec {
  return {
    families: c.families.map((afi) => ({
      afi: afi === 'ipv4' ? CiliumBgpPeerConfigSpecFamiliesAfi.IPV4 : CiliumBgpPeerConfigSpecFamiliesAfi.IPV6,
      safi: CiliumBgpPeerConfigSpecFamiliesSafi.UNICAST,
      advertisements: { matchLabels: { ...c.advertisementLabels } },
    })),
    ...(c.timers ? { timers: { ...c.timers } } : {}),
    ...(c.gracefulRestartSeconds !== undefined
      ? { gracefulRestart: { enabled: true, restartTimeSeconds: c.gracefulRestartSeconds } }
      : {}),
    ...(c.ebgpMultihop !== undefined ? { ebgpMultihop: c.ebgpMultihop } : {}),
    ...(c.peerPort !== undefined ? { transport: { peerPort: c.peerPort } } : {}),
    ...(c.authSecretRef !== undefined ? { authSecretRef: c.authSecretRef } : {}),
  };
}

/** One entry of a `CiliumBGPAdvertisement`'s `advertisements`. */
function advertisementOf(item: BgpAdvertisementItem): CiliumBgpAdvertisementSpecAdvertisements {
  return {
    advertisementType:
      item.type === 'Service'
        ? CiliumBgpAdvertisementSpecAdvertisementsAdvertisementType.SERVICE
        : CiliumBgpAdvertisementSpecAdvertisementsAdvertisementType.POD_CIDR,
    ...(item.type === 'Service'
      ? { service: { addresses: (item.serviceAddresses ?? ['LoadBalancerIP']).map((x) => SERVICE_ADDRESSES[x]) } }
      : {}),
    ...(item.selector
      ? {
          selector: toTypedSelector(
            item.selector,
            CiliumBgpAdvertisementSpecAdvertisementsSelectorMatchExpressionsOperator,
          ),
        }
      : {}),
    ...(item.communities || item.localPreference !== undefined
      ? {
          attributes: {
            ...(item.communities ? { communities: { standard: [...item.communities] } } : {}),
            ...(item.localPreference !== undefined ? { localPreference: item.localPreference } : {}),
          },
        }
      : {}),
  };
}
