import * as fs from 'fs';
import { synthAll, writeCiliumValues, writeKubeProxyConfigs } from 'cdk-traffic';
import { buildK8s, buildKubeProxyClusters } from './main-k8s';
import { buildAws } from './main-aws';

/** `npm run synth`: both outputs, from a clean slate so no stale file survives. */
const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
const tfOutdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
for (const dir of [outdir, tfOutdir]) fs.rmSync(dir, { recursive: true, force: true });
// Every App first, then one synth: a mistake in any chart, stack or cluster construct is reported with all others.
const k8s = buildK8s(outdir);
const clusters = buildKubeProxyClusters(outdir);
const aws = buildAws(tfOutdir);
synthAll([
  {
    root: k8s,
    synth: () => {
      k8s.synth();
      writeCiliumValues(k8s);
    },
  },
  ...clusters.map((cluster) => ({
    root: cluster,
    synth: () => {
      cluster.synth();
      writeKubeProxyConfigs(cluster);
    },
  })),
  aws,
]);
