import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { buildKubeProxyClusters } from '../../apps/main-k8s';
import { writeKubeProxyConfigs } from '../../lib/k8s/kube-proxy';
import type { K8sObject } from '../support/k8s';
import { validateCore } from '../support/validate-k8s';

/** Synthesizes the two kube-proxy example clusters; returns the files and the warnings printed. */
function synth(): { files: Record<string, string>; warnings: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-proxy-examples-'));
  const warnings: string[] = [];
  process.env.CDK_TRAFFIC_QUIET = '0'; // KubeProxyCluster's warnings are printed (quiet by default under jest)
  const summary = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const spy = jest.spyOn(console, 'warn').mockImplementation((line: string) => {
    warnings.push(line);
  });
  try {
    for (const app of buildKubeProxyClusters(dir)) {
      app.synth();
      writeKubeProxyConfigs(app);
    }
    const files: Record<string, string> = {};
    const all = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
    for (const f of all.filter((f) => fs.statSync(path.join(dir, f)).isFile()))
      files[f] = fs.readFileSync(path.join(dir, f), 'utf8');
    return { files, warnings };
  } finally {
    spy.mockRestore();
    summary.mockRestore();
    delete process.env.CDK_TRAFFIC_QUIET;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const { files, warnings } = synth();

test('each cluster writes its KubeProxyConfiguration with an explicit mode, and its apps', () => {
  expect(Object.keys(files)).toEqual([
    'SUMMARY.md',
    'kubeadm-ipvs.k8s.yaml',
    'kubeadm-ipvs.traffic.md',
    'kubeadm-ipvs.traffic.svg',
    'kubeadm-nftables.k8s.yaml',
    'kubeadm-nftables.traffic.md',
    'kubeadm-nftables.traffic.svg',
    'kubeadm/kube-proxy-ipvs.yaml',
    'kubeadm/kube-proxy-nftables.yaml',
  ]);
  const nft = parse(files['kubeadm/kube-proxy-nftables.yaml']);
  expect(nft).toMatchObject({
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    mode: 'nftables',
    nodePortAddresses: ['192.168.20.0/24'],
  });
  // The conntrack timeout outlasts the feed API's 40-minute streams.
  expect(nft.conntrack.tcpEstablishedTimeout).toBe('2h0m0s');
  const ipvs = parse(files['kubeadm/kube-proxy-ipvs.yaml']);
  expect(ipvs).toMatchObject({ mode: 'ipvs', ipvs: { scheduler: 'lc', strictARP: true, tcpTimeout: '30m0s' } });
});

test('the IPVS cluster warns that IPVS is deprecated since 1.35; nothing else warns', () => {
  expect(warnings).toEqual([
    expect.stringMatching(
      /^\[kube-proxy\] \[CT-PROXY-001\] warning: mode: IPVS mode is deprecated since Kubernetes 1\.35/,
    ),
  ]);
});

test("the apps' objects pass the Kubernetes schemas", () => {
  const objects = ['kubeadm-ipvs.k8s.yaml', 'kubeadm-nftables.k8s.yaml'].flatMap((f) =>
    parseAllDocuments(files[f]).map((d) => d.toJS() as K8sObject),
  );
  expect(objects.filter((o) => o.kind === 'Deployment')).toHaveLength(2);
  expect(validateCore(objects).errors).toEqual([]);
});

test('two synths give identical files', () => {
  expect(synth().files).toEqual(files);
});
