import { App } from 'cdktf';
import { LoadBalancerStack } from 'cdk-traffic/aws';
import { publicWebApps } from './public-web';
import { inference } from './inference';
import { observedApps } from './observed';

/**
 * The Terraform side of the example apps: one stack per example in `cdktf.out/stacks/<stack>/cdk.tf.json`
 * (`cdktf synth` runs this through cdktf.json; `npm run synth` calls `buildAws`). Returns the app so
 * `apps/main.ts` and tests can synthesize it.
 */
export function buildAws(outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out'): App {
  const app = new App({ outdir, skipValidation: false });
  new LoadBalancerStack(app, 'public-web', { apps: publicWebApps, tags: { example: 'public-web' } });
  new LoadBalancerStack(app, 'inference', { apps: [inference], tags: { example: 'inference' } });
  new LoadBalancerStack(app, 'observed', { apps: observedApps, tags: { example: 'observed' } });
  return app;
}

if (require.main === module) buildAws().synth();
