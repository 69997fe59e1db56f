// The README's quick start, testing example and escape hatches, as written there.
import * as fs from 'fs';
import * as path from 'path';
import { App, JsonPatch, Testing } from 'cdk8s';
import { IngressExposure, Probe, TrafficApp, TrafficChart } from 'cdk-traffic';
import { appObject, definitionProblems, synthApps, synthChart, validateObjects } from 'cdk-traffic/testing';

const shop = TrafficApp.define({
  name: 'shop',
  namespace: 'shop',
  image: 'ghcr.io/acme/shop:1.4.2',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http' }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  expose: [IngressExposure.alb({ hosts: ['shop.example.com'] })],
});

test('quick start: the objects the README lists', () => {
  const chart = new TrafficChart(new App({ outdir: fs.mkdtempSync('/tmp/readme-') }), 'shop', { apps: [shop] });
  expect(synthChart(chart).map((o) => o.kind)).toEqual([
    'Namespace',
    'ServiceAccount',
    'Deployment',
    'Service',
    'PodDisruptionBudget',
    'Ingress',
  ]);
});

test('testing example', () => {
  const { chart, objects } = synthApps([shop]);
  expect(appObject(chart, 'shop', { kind: 'Deployment' }).spec.replicas).toBe(2);
  expect(validateObjects(objects)).toEqual({ errors: [], unchecked: [] });
  expect(chart.warnings).toEqual([]);
  const problems = definitionProblems(() => synthApps([TrafficApp.define({ ...shop.props, replicas: -1 })]));
  expect(problems.map((p) => `${p.path} ${p.field}`)).toEqual(['test/shop replicas']);
});

test('escape hatch: a JSON patch on the Deployment', () => {
  const chart = new TrafficChart(Testing.app(), 'shop', { apps: [shop] });
  chart.objectsOf(shop).workload().addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'critical'));
  expect(appObject(chart, 'shop', { kind: 'Deployment' }).spec).toMatchObject({
    template: { spec: { priorityClassName: 'critical' } },
  });
});

test('the README links only to pages that exist; every CT-AWS warning id is listed in docs/aws.md', () => {
  const root = path.join(__dirname, '../..');
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  expect(readme.split('\n').slice(3, 7).join('\n')).toBe(
    [
      'npm ci && npm run synth     # install, then write the example apps: dist/*.k8s.yaml and cdktf.out/stacks/*/cdk.tf.json',
      'npm test                    # type-check (tsc --noEmit) and run the tests (jest)',
      '```',
      '',
    ].join('\n'),
  );
  // Absolute links (the README is also the registry's page, where relative links break), to files that exist.
  expect([...readme.matchAll(/\]\((?!https:\/\/|#)([^)]+)\)/g)].map((m) => m[1])).toEqual([]);
  const repo =
    /\]\(https:\/\/(?:github\.com\/cdk-traffic\/cdk-traffic\/blob|raw\.githubusercontent\.com\/cdk-traffic\/cdk-traffic)\/main\/([^)#]+)/g;
  const links = [...readme.matchAll(repo)].map((m) => m[1]);
  expect(links.length).toBeGreaterThan(10);
  for (const link of links)
    expect({ link, exists: fs.existsSync(path.join(root, link)) }).toEqual({ link, exists: true });
  const aws = fs.readFileSync(path.join(root, 'docs/aws.md'), 'utf8');
  const ids = new Set<string>();
  for (const dir of ['lib/model/aws', 'lib/model/exposure']) {
    for (const f of fs.readdirSync(path.join(root, dir))) {
      for (const [, id] of fs.readFileSync(path.join(root, dir, f), 'utf8').matchAll(/'(CT-AWS-\d+)'/g)) ids.add(id);
    }
  }
  expect(ids.size).toBe(12);
  for (const id of ids) expect(aws).toContain(`| ${id} |`);
});
