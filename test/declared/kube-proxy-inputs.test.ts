import { Chart, Testing } from 'cdk8s';
import { TrafficApp } from '../../lib';
import { KubeProxyCluster, KubeProxyClusterConstructProps } from '../../lib/k8s/kube-proxy';
import { base } from './support';

/** The message of what building and synthesizing the App throws (construction or validation). */
function errorOf(props: KubeProxyClusterConstructProps): string {
  const spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    const app = Testing.app();
    new KubeProxyCluster(new Chart(app, 'cluster'), 'kube-proxy', props);
    app.synth();
  } catch (e) {
    return (e as Error).message;
  } finally {
    spy.mockRestore();
  }
  throw new Error('expected an error');
}

describe('KubeProxyCluster bad inputs', () => {
  test('apps that are not TrafficApps are problems, not TypeErrors', () => {
    const msg = errorOf({
      mode: 'nftables',
      apps: [{ name: 'x' } as unknown as TrafficApp, null as unknown as TrafficApp],
    });
    expect(msg).toContain('apps[0]: is not a TrafficApp');
    expect(msg).toContain('apps[1]: is not a TrafficApp');
    expect(msg).not.toContain('TypeError');
  });

  test('an app with problems of its own is reported, not dropped', () => {
    const msg = errorOf({ mode: 'nftables', apps: [TrafficApp.define({ ...base, replicas: -1 })] });
    expect(msg).toMatch(/apps\[0\]: has 1 problem\(s\) of its own \(first: replicas: /);
  });

  test('conntrack: [] is refused', () => {
    expect(errorOf({ mode: 'nftables', conntrack: [] as unknown as object })).toContain('conntrack: must be an object');
  });

  test('a clusterCidr of two IPv4 blocks is refused (kube-proxy takes an IPv4,IPv6 pair)', () => {
    expect(errorOf({ mode: 'nftables', clusterCidr: '10.244.0.0/16,10.245.0.0/16' })).toContain(
      'clusterCidr: must be a CIDR, or an IPv4,IPv6 pair',
    );
  });

  test('acknowledgements of unknown or unraised CT-PROXY ids are refused', () => {
    expect(errorOf({ mode: 'nftables', acknowledge: { 'CT-PROXY-999': 'a reason of some words' } })).toContain(
      'acknowledge.CT-PROXY-999: is not the id of a kube-proxy check',
    );
    expect(errorOf({ mode: 'nftables', acknowledge: { 'CT-PROXY-001': 'we plan to move in Q3' } })).toContain(
      'acknowledge.CT-PROXY-001: no check of this cluster raised it',
    );
  });
});
