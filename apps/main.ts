import * as fs from 'fs';
import { buildK8s, synthK8s } from './main-k8s';
import { buildAws } from './main-aws';

/** `npm run synth`: both outputs, from a clean slate so no stale file survives. */
const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
const tfOutdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
for (const dir of [outdir, tfOutdir]) fs.rmSync(dir, { recursive: true, force: true });
synthK8s(buildK8s(outdir));
buildAws(tfOutdir).synth();
