#!/usr/bin/env node
// Writes the CRD schemas the tests validate against (test/fixtures/crd-schemas/) from the upstream CRD files
// vendored in ../shared/schemas (development only: the tests read the fixtures and never need ../shared).
//
//   node scripts/extract-crd-schemas.mjs [--schemas DIR] [--out DIR]
//
// For every group/version/kind in KINDS below it takes that version of the CRD (which must be served) and
// writes its `openAPIV3Schema`, with the `description` texts removed (documentation only, three quarters of
// the size), as one compact JSON file named `<group>_<version>_<Kind>[.<channel>].json`. Nothing else is
// changed: CEL rules, defaults and the x-kubernetes-* markers are kept. Files of kinds no longer listed are
// deleted. When `dist/` holds synthesized manifests (`npm run synth`), every object there of a CRD group is
// checked to be in KINDS, so a kind the library starts writing cannot go unchecked.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import jsYaml from 'js-yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : dflt;
};
const schemasDir = opt('--schemas', path.resolve(root, '../shared/schemas'));
const outDir = opt('--out', path.join(root, 'test/fixtures/crd-schemas'));

/** Upstream of each vendored folder (from ../shared/schemas/SOURCES.md). */
const UPSTREAM = {
  'gateway-api': 'kubernetes-sigs/gateway-api v1.6.1 (8bb74df00e56ec8f944d48c25e6c1c9c2f6848e3)',
  cilium: 'cilium/cilium v1.18.3 (c16016890116f9fc6bf8d90e3ffe0f4e91ae8097)',
  'aws-load-balancer-controller':
    'kubernetes-sigs/aws-load-balancer-controller v3.5.0 (11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4)',
  istio: 'istio/istio 1.30.3 (56df41f63e513f834c9a3af33d8aed82d1d961f2)',
  gke: 'see ../shared/schemas/SOURCES.md: gke-gateway-api main fc40d606a5332f11a8883f85caff66b63c4e88ef; BackendConfig/FrontendConfig JSON Schema: datreeio/CRDs-catalog 7b1e26ef9deea49293714d204c1a2270aab1178f',
  azure:
    'datreeio/CRDs-catalog pull request #952 (ad15793707230b65da30689d9fd855b5ef4e75c4), JSON Schema extracted from AKS clusters: unofficial',
  linkerd: 'linkerd/linkerd2 version-2.20 (eadc1acf79ad2e766afbdceadb77f1594296fd77)',
  'prometheus-operator': 'prometheus-operator/prometheus-operator v0.93.0 (f8fafd475f3d132e239432ae6172de60a6cb6516)',
  'gateway-api-inference-extension':
    'kubernetes-sigs/gateway-api-inference-extension v1.6.0 (992e5c292afb248801ce8d9234eb5b9d28eea231)',
  'envoy-gateway': 'envoyproxy/gateway v1.9.0 (39763b1c07ec30a5526fe70434a2cfe4181de642)',
  'argo-rollouts': 'argoproj/argo-rollouts v1.9.1 (b6bd3bcf8f60d717a98763d26acc983db7f97cb0)',
  flagger: 'fluxcd/flagger v1.44.0 (15bd6ad555e6c935da55f0ab95977be74c149bd6)',
};

/** The CRD kinds the library writes (lib/k8s/imports classes in use), with the vendored file of each. */
const gw = (kind, file) =>
  ['standard', 'experimental'].map((channel) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    channel,
    file: `gateway-api/${channel}/gateway.networking.k8s.io_${file}.yaml`,
  }));
const KINDS = [
  ...gw('GatewayClass', 'gatewayclasses'),
  ...gw('Gateway', 'gateways'),
  ...gw('HTTPRoute', 'httproutes'),
  ...gw('GRPCRoute', 'grpcroutes'),
  { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', file: 'cilium/v1.18.3/crds/ciliumnetworkpolicies.yaml' },
  {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumLoadBalancerIPPool',
    file: 'cilium/v1.18.3/crds/ciliumloadbalancerippools.yaml',
  },
  {
    apiVersion: 'cilium.io/v2alpha1',
    kind: 'CiliumL2AnnouncementPolicy',
    file: 'cilium/v1.18.3/crds/ciliuml2announcementpolicies.yaml',
  },
  {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumBGPClusterConfig',
    file: 'cilium/v1.18.3/crds/ciliumbgpclusterconfigs.yaml',
  },
  { apiVersion: 'cilium.io/v2', kind: 'CiliumBGPPeerConfig', file: 'cilium/v1.18.3/crds/ciliumbgppeerconfigs.yaml' },
  {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumBGPAdvertisement',
    file: 'cilium/v1.18.3/crds/ciliumbgpadvertisements.yaml',
  },
  {
    apiVersion: 'elbv2.k8s.aws/v1beta1',
    kind: 'TargetGroupBinding',
    file: 'aws-load-balancer-controller/elbv2.k8s.aws_targetgroupbindings.yaml',
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    file: 'istio/virtualservices.networking.istio.io.yaml',
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    file: 'istio/destinationrules.networking.istio.io.yaml',
  },
  {
    apiVersion: 'networking.gke.io/v1',
    kind: 'HealthCheckPolicy',
    file: 'gke/gateway-policies/networking.gke.io_healthcheckpolicies.yaml',
  },
  {
    apiVersion: 'networking.gke.io/v1',
    kind: 'GCPBackendPolicy',
    file: 'gke/gateway-policies/networking.gke.io_gcpbackendpolicies.yaml',
  },
  {
    apiVersion: 'networking.gke.io/v1',
    kind: 'GCPGatewayPolicy',
    file: 'gke/gateway-policies/networking.gke.io_gcpgatewaypolicies.yaml',
  },
  ...gw('TCPRoute', 'tcproutes'),
  ...gw('UDPRoute', 'udproutes'),
  {
    apiVersion: 'gateway.k8s.aws/v1',
    kind: 'LoadBalancerConfiguration',
    file: 'aws-load-balancer-controller/gateway/gateway.k8s.aws_loadbalancerconfigurations.yaml',
  },
  {
    apiVersion: 'gateway.k8s.aws/v1',
    kind: 'TargetGroupConfiguration',
    file: 'aws-load-balancer-controller/gateway/gateway.k8s.aws_targetgroupconfigurations.yaml',
  },
  {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind: 'BackendTrafficPolicy',
    file: 'envoy-gateway/gateway.envoyproxy.io_backendtrafficpolicies.yaml',
  },
  {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind: 'ClientTrafficPolicy',
    file: 'envoy-gateway/gateway.envoyproxy.io_clienttrafficpolicies.yaml',
  },
  // Kinds published as JSON Schema only (no CRD file upstream): the schema is taken as the openAPIV3Schema.
  {
    apiVersion: 'cloud.google.com/v1',
    kind: 'BackendConfig',
    file: 'gke/ingress/cloud.google.com/backendconfig_v1.json',
    jsonSchema: true,
  },
  {
    apiVersion: 'networking.gke.io/v1beta1',
    kind: 'FrontendConfig',
    file: 'gke/ingress/networking.gke.io/frontendconfig_v1beta1.json',
    jsonSchema: true,
  },
  {
    apiVersion: 'alb.networking.azure.io/v1',
    kind: 'HealthCheckPolicy',
    file: 'azure/alb-controller/alb.networking.azure.io/healthcheckpolicy_v1.json',
    jsonSchema: true,
  },
  {
    apiVersion: 'alb.networking.azure.io/v1',
    kind: 'RoutePolicy',
    file: 'azure/alb-controller/alb.networking.azure.io/routepolicy_v1.json',
    jsonSchema: true,
  },
  { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', file: 'linkerd/version-2.20/crds/server.yaml' },
  {
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'AuthorizationPolicy',
    file: 'linkerd/version-2.20/crds/authorization-policy.yaml',
  },
  {
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'MeshTLSAuthentication',
    file: 'linkerd/version-2.20/crds/meshtls-authentication.yaml',
  },
  {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    file: 'prometheus-operator/monitoring.coreos.com_podmonitors.yaml',
  },
  {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    file: 'prometheus-operator/monitoring.coreos.com_prometheusrules.yaml',
  },
  { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', file: 'istio/telemetries.telemetry.istio.io.yaml' },
  {
    apiVersion: 'inference.networking.k8s.io/v1',
    kind: 'InferencePool',
    file: 'gateway-api-inference-extension/inference.networking.k8s.io_inferencepools.yaml',
  },
  { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', file: 'istio/gateways.networking.istio.io.yaml' },
  {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    file: 'istio/authorizationpolicies.security.istio.io.yaml',
  },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', file: 'argo-rollouts/rollout-crd.yaml' },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisTemplate', file: 'argo-rollouts/analysis-template-crd.yaml' },
  // Flagger's file continues quoted strings on lines indented no deeper than their key: read as the API server does.
  { apiVersion: 'flagger.app/v1beta1', kind: 'Canary', file: 'flagger/crd.yaml', goYaml: true },
  { apiVersion: 'flagger.app/v1beta1', kind: 'MetricTemplate', file: 'flagger/crd.yaml', goYaml: true },
];

const fail = (msg) => {
  console.error(`extract-crd-schemas: ${msg}`);
  process.exit(1);
};

/** Every CRD document of a YAML file. */
function crdsOf(file, goYaml = false) {
  const text = fs.readFileSync(file, 'utf8');
  const docs = goYaml ? jsYaml.loadAll(text) : parseAllDocuments(text).map((d) => d.toJS());
  return docs.filter((o) => o?.kind === 'CustomResourceDefinition');
}

/**
 * The schema without its `description` texts. Walks the schema structure only, so a field that is itself
 * called "description" (a key of `properties`) is kept.
 */
function stripDescriptions(s) {
  if (Array.isArray(s)) return s.map(stripDescriptions);
  if (!s || typeof s !== 'object') return s;
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'description') continue;
    if (k === 'properties')
      out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, stripDescriptions(sub)]));
    else if (['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf'].includes(k))
      out[k] = stripDescriptions(v);
    else out[k] = v; // enum, default, required, x-kubernetes-validations, ...: data, kept as is
  }
  return out;
}

const fixtureName = (apiVersion, kind, channel) =>
  `${apiVersion.replace('/', '_')}_${kind}${channel ? `.${channel}` : ''}.json`;

if (!fs.existsSync(schemasDir)) fail(`${schemasDir} not found (pass --schemas DIR)`);
fs.mkdirSync(outDir, { recursive: true });
const written = new Set();
let total = 0;
for (const k of KINDS) {
  const [group, version] = k.apiVersion.split('/');
  if (k.jsonSchema) {
    const schema = JSON.parse(fs.readFileSync(path.join(schemasDir, k.file), 'utf8'));
    const fixture = {
      apiVersion: k.apiVersion,
      kind: k.kind,
      scope: 'Namespaced',
      source: `${k.file} (${UPSTREAM[k.file.split('/')[0]]})`,
      openAPIV3Schema: stripDescriptions(schema),
    };
    const name = fixtureName(k.apiVersion, k.kind);
    const text = `${JSON.stringify(fixture)}\n`;
    fs.writeFileSync(path.join(outDir, name), text);
    written.add(name);
    total += text.length;
    console.log(`${name} ${(text.length / 1024).toFixed(1)} KiB (JSON Schema)`);
    continue;
  }
  const crd = crdsOf(path.join(schemasDir, k.file), k.goYaml).find(
    (c) => c.spec.group === group && c.spec.names.kind === k.kind,
  );
  if (!crd) fail(`${k.file}: no CRD for ${group} ${k.kind}`);
  const v = crd.spec.versions.find((x) => x.name === version);
  if (!v)
    fail(`${k.file}: ${k.kind} has no version ${version} (has ${crd.spec.versions.map((x) => x.name).join(', ')})`);
  if (!v.served) fail(`${k.file}: ${k.kind} ${version} is not served`);
  if (!v.schema?.openAPIV3Schema) fail(`${k.file}: ${k.kind} ${version} has no openAPIV3Schema`);
  const fixture = {
    apiVersion: k.apiVersion,
    kind: k.kind,
    ...(k.channel ? { channel: k.channel } : {}),
    scope: crd.spec.scope,
    source: `${k.file} (${UPSTREAM[k.file.split('/')[0]]})`,
    openAPIV3Schema: stripDescriptions(v.schema.openAPIV3Schema),
  };
  const name = fixtureName(k.apiVersion, k.kind, k.channel);
  const text = `${JSON.stringify(fixture)}\n`;
  fs.writeFileSync(path.join(outDir, name), text);
  written.add(name);
  total += text.length;
  console.log(`${name} ${(text.length / 1024).toFixed(1)} KiB`);
}
for (const f of fs.readdirSync(outDir)) {
  if (f.endsWith('.json') && !written.has(f)) {
    fs.rmSync(path.join(outDir, f));
    console.log(`removed ${f} (kind no longer listed)`);
  }
}
console.log(
  `${written.size} schema(s), ${(total / 1024).toFixed(1)} KiB in ${path.relative(process.cwd(), outDir) || '.'}`,
);

// Every object of a CRD group in dist/ must have a schema here.
const crdGroups = new Set(KINDS.map((k) => k.apiVersion.split('/')[0]));
for (const dir of [
  'gateway-api/standard',
  'gateway-api/experimental',
  'cilium/v1.18.3/crds',
  'aws-load-balancer-controller',
  'istio',
  'gke/gateway-policies',
]) {
  for (const f of fs.readdirSync(path.join(schemasDir, dir)).filter((x) => x.endsWith('.yaml'))) {
    for (const c of crdsOf(path.join(schemasDir, dir, f))) crdGroups.add(c.spec.group);
  }
}
const distDir = path.join(root, 'dist');
const manifests = fs.existsSync(distDir) ? fs.readdirSync(distDir).filter((f) => f.endsWith('.k8s.yaml')) : [];
if (manifests.length === 0) {
  console.log('dist/ has no manifests: run `npm run synth` first to check that every CRD kind written is listed');
} else {
  const listed = new Set(KINDS.map((k) => `${k.apiVersion} ${k.kind}`));
  const missing = new Set();
  for (const f of manifests) {
    for (const d of parseAllDocuments(fs.readFileSync(path.join(distDir, f), 'utf8'))) {
      const o = d.toJS();
      if (!o?.apiVersion || !o.kind) continue;
      const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
      if (
        (crdGroups.has(group) || (group.includes('.') && !group.endsWith('.k8s.io'))) &&
        !listed.has(`${o.apiVersion} ${o.kind}`)
      )
        missing.add(`${o.apiVersion} ${o.kind} (dist/${f})`);
    }
  }
  if (missing.size > 0)
    fail(`CRD kinds in dist/ without a schema here (add them to KINDS):\n  ${[...missing].join('\n  ')}`);
  console.log(`every CRD object in dist/*.k8s.yaml (${manifests.length} file(s)) has a schema`);
}
