import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { buildK8s, synthK8s } from '../../apps/main-k8s';
import type { K8sObject } from '../support/k8s';
import { one } from '../support/k8s';
import { validateCore } from '../support/validate-k8s';

/** Synthesizes the example apps into a fresh folder and returns { path inside it -> content }. */
function synthExamples(): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-traffic-'));
  try {
    synthK8s(buildK8s(dir));
    const out: Record<string, string> = {};
    for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
      if (fs.statSync(path.join(dir, f)).isFile()) out[f] = fs.readFileSync(path.join(dir, f), 'utf8');
    }
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const files = synthExamples();
const objectsOf = (file: string): K8sObject[] =>
  parseAllDocuments(files[file])
    .map((d) => d.toJS() as K8sObject)
    .filter((o) => o && o.kind);
const allObjects = Object.keys(files)
  .filter((f) => f.endsWith('.k8s.yaml'))
  .flatMap(objectsOf);

test('two synths give byte-identical files', () => {
  expect(synthExamples()).toEqual(files);
});

test('`kubectl apply -f dist/` reads only Kubernetes objects: every top-level YAML or JSON file holds objects only', () => {
  // kubectl apply -f <dir> reads the folder's .yaml, .yml and .json files, not its subfolders.
  const topLevel = Object.keys(files).filter((f) => !f.includes('/') && /\.(ya?ml|json)$/.test(f));
  expect(topLevel.length).toBeGreaterThan(10);
  for (const f of topLevel) {
    const docs = parseAllDocuments(files[f]).map((d) => d.toJS() as Partial<K8sObject> | null);
    const notObjects = docs.filter((o) => o !== null && !(o.apiVersion && o.kind && o.metadata?.name));
    expect({ file: f, notObjects }).toEqual({ file: f, notObjects: [] });
  }
  // The rest goes to documented subfolders: Helm values (helm/), kubeadm configurations (kubeadm/).
  expect(Object.keys(files).filter((f) => f.includes('/'))).toEqual([
    'helm/cilium-values.yaml',
    'kubeadm/kube-proxy-ipvs.yaml',
    'kubeadm/kube-proxy-nftables.yaml',
  ]);
  expect(parseAllDocuments(files['helm/cilium-values.yaml'])[0].toJS()).not.toHaveProperty('kind');
});

test('no generated name carries a hash', () => {
  for (const o of allObjects) expect(o.metadata.name).not.toMatch(/-[0-9a-f]{8,}$|c8[0-9a-f]{6}/);
});

test("the article's nginx example is reproduced exactly", () => {
  const objects = objectsOf('nginx.k8s.yaml');
  const d = one(objects, 'Deployment', 'nginx-deployment');
  expect(d.metadata.labels?.app).toBe('nginx');
  expect(d.spec.replicas).toBe(3);
  expect(d.spec.selector).toEqual({ matchLabels: { app: 'nginx' } });
  expect(d.spec.template.metadata.labels.app).toBe('nginx');
  const containers = d.spec.template.spec.containers;
  expect(containers).toHaveLength(1);
  expect(containers[0]).toMatchObject({ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] });
  const s = one(objects, 'Service', 'nginx-service');
  expect(s.spec).toEqual({
    type: 'ClusterIP',
    selector: { app: 'nginx' },
    ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }],
  });
  // The documented opt-out: the image runs as root, so the pod is "baseline", with the reason on record.
  expect(d.spec.template.metadata.annotations['cdk-traffic.io/pod-security-opt-out']).toMatch(
    /^baseline: .*runs as root/,
  );
  expect(containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false });
});

test("the article's readiness probe: GET /health on 8080, initialDelaySeconds 30, periodSeconds 5", () => {
  const d = one(objectsOf('readiness-probe.k8s.yaml'), 'Deployment');
  expect(d.spec.template.spec.containers[0].readinessProbe).toMatchObject({
    httpGet: { path: '/health', port: 8080 },
    initialDelaySeconds: 30,
    periodSeconds: 5,
  });
});

test('every example object passes the Kubernetes schemas', () => {
  expect(validateCore(allObjects).errors).toEqual([]);
});

test('the schema check fails on an invalid object (so the test above can fail)', () => {
  const d = structuredClone(one(objectsOf('nginx.k8s.yaml'), 'Deployment'));
  d.spec.replicas = 'three';
  expect(validateCore([d]).errors).toHaveLength(1);
});

test('every workload but the documented nginx opt-out is restricted, with requests, limits and a readiness probe', () => {
  const deployments = allObjects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
  expect(deployments.length).toBeGreaterThanOrEqual(2);
  for (const d of deployments) {
    const pod = d.spec.template.spec;
    const optOut = d.spec.template.metadata.annotations?.['cdk-traffic.io/pod-security-opt-out'];
    if (optOut) {
      expect(d.metadata.name).toBe('nginx-deployment');
    } else {
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    }
    for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
      if (!optOut)
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
        });
      expect(c.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(c.resources.limits.memory).toEqual(expect.any(String));
      if (pod.containers.includes(c)) expect(c.readinessProbe).toBeDefined();
    }
  }
});

test('every Service selects the pods of a Deployment or StatefulSet in its namespace', () => {
  const deployments = allObjects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
  for (const s of allObjects.filter((o) => o.kind === 'Service')) {
    const selected = deployments.filter(
      (d) =>
        (d.metadata.namespace ?? 'default') === (s.metadata.namespace ?? 'default') &&
        Object.entries(s.spec.selector as Record<string, string>).every(
          ([k, v]) => d.spec.template.metadata.labels[k] === v,
        ),
    );
    expect(selected.length).toBeGreaterThan(0);
  }
});

test('snapshot of the Kubernetes output of the nginx and readiness examples', () => {
  expect(files['nginx.k8s.yaml']).toMatchSnapshot();
  expect(files['readiness-probe.k8s.yaml']).toMatchSnapshot();
});
