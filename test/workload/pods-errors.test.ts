import { Duration } from 'cdk8s';
import {
  DefinitionError,
  Probe,
  ProjectedSource,
  ServiceAccount,
  TrafficApp,
  TrafficAppProps,
  Volume,
  WorkloadIdentity,
} from '../../lib';
import { errorOf, synthApps } from '../support/k8s';

const base: TrafficAppProps = {
  name: 'web',
  image: 'ghcr.io/acme/web:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
};

function problemsOf(props: TrafficAppProps): string[] {
  const e = errorOf(() => synthApps([TrafficApp.define(props)]));
  expect(e).toBeInstanceOf(DefinitionError);
  return e.message
    .split('\n')
    .slice(1)
    .map((l) => l.trim());
}

/** The one line about `field`, checked to carry the construct path, the received value and a fix. */
function lineFor(lines: string[], field: string, received: string): string {
  const found = lines.filter((l) => l.startsWith('[test/web]') && l.includes(` ${field}: `));
  if (found.length !== 1) throw new Error(`expected one line for ${field}, got ${found.length}:\n${lines.join('\n')}`);
  expect(found[0]).toContain(`(received ${received})`);
  expect(found[0]).toMatch(/Fix: \S+/);
  return found[0];
}

// A JavaScript caller passing the wrong shapes gets problems, never a TypeError.
const js = <T>(v: unknown) => v as T;

describe('bad containers, volumes and mounts are all reported at once', () => {
  const lines = problemsOf({
    ...base,
    volumes: {
      config: Volume.configMap('Web Config', { items: { 'a.yaml': '/etc/a.yaml' }, defaultMode: 0o1777 }),
      host: Volume.hostPath('/var/run/docker.sock'),
      scratch: Volume.emptyDir({ medium: js('Disk'), sizeLimit: 'lots' }),
      token: Volume.projected([ProjectedSource.serviceAccountToken({ audience: '', expiration: Duration.minutes(5) })]),
      empty: Volume.projected([]),
      odd: js({ configMap: 'x' }),
    },
    volumeMounts: [
      { volume: 'nope', path: 'etc' },
      { volume: 'config', path: '/etc/a', subPath: '../b' },
    ],
    initContainers: [
      { name: 'migrate', image: 'ghcr.io/acme/migrate', ...js<object>({ readiness: Probe.tcpSocket() }) },
      { name: 'web', image: 'ghcr.io/acme/x:1.0.0', resources: { memoryRequest: '1Gi', memoryLimit: '512Mi' } },
    ],
    sidecars: [
      {
        name: 'proxy',
        image: 'envoyproxy/envoy:v1.31.2',
        ports: [{ name: 'http', port: 8080 }],
        readiness: Probe.httpGet('/ready', { port: 'admin' }),
        shutdown: Duration.hours(2),
      },
      { name: 'logs', image: 'fluent/fluent-bit:3.1.9', exposed: true },
    ],
  });

  test('each with path, field, value received and fix', () => {
    expect(lineFor(lines, 'volumes.config.name', '"Web Config"')).toContain('DNS-1123 subdomain');
    lineFor(lines, 'volumes.config.items.a.yaml', '"/etc/a.yaml"');
    lineFor(lines, 'volumes.config.defaultMode', '1023');
    expect(lineFor(lines, 'volumes.host', '"hostPath /var/run/docker.sock"')).toMatch(
      /forbidden by the Pod Security Standards .*Fix: use a persistentVolumeClaim/,
    );
    lineFor(lines, 'volumes.scratch.medium', '"Disk"');
    lineFor(lines, 'volumes.scratch.sizeLimit', '"lots"');
    lineFor(lines, 'volumes.token.sources[0].audience', '""');
    expect(lineFor(lines, 'volumes.token.sources[0].expiration', 'Duration(300s)')).toContain('Duration.minutes(10)');
    lineFor(lines, 'volumes.empty.sources', '[]');
    lineFor(lines, 'volumes.odd', '{"configMap":"x"}');
    expect(lineFor(lines, 'volumeMounts[0].volume', '"nope"')).toContain('declared: config, scratch, token, tmp');
    lineFor(lines, 'volumeMounts[0].path', '"etc"');
    lineFor(lines, 'volumeMounts[1].subPath', '"../b"');
    lineFor(lines, 'initContainers[0].image', '"ghcr.io/acme/migrate"');
    expect(lineFor(lines, 'initContainers[0].readiness', '{"action":{"kind":"tcpSocket"},"timing":{}}')).toContain(
      'is not a known field here',
    );
    expect(lineFor(lines, 'initContainers[1].name', '"web"')).toContain('is also the name of the app container');
    lineFor(lines, 'initContainers[1].resources.memoryRequest', '"1Gi"');
    expect(lineFor(lines, 'sidecars[0].ports[0].port', '8080')).toContain('share its network');
    lineFor(lines, 'sidecars[0].ports[0].name', '"http"');
    lineFor(lines, 'sidecars[0].readiness.port', '"admin"');
    lineFor(lines, 'sidecars[0].shutdown', 'Duration(7200s)');
    lineFor(lines, 'sidecars[1].exposed', 'true');
    expect(lines).toHaveLength(22);
  });
});

describe('bad ServiceAccount choices', () => {
  test("writing an account named 'default' is refused, with the existing-account fix", () => {
    const line = lineFor(
      problemsOf({ ...base, serviceAccount: ServiceAccount.create({ name: 'default' }) }),
      'serviceAccount.name',
      '"default"',
    );
    expect(line).toContain('ServiceAccount.existing("default")');
    lineFor(problemsOf({ ...base, names: { serviceAccount: 'default' } }), 'names.serviceAccount', '"default"');
  });

  test('bad identities, labels and a names.serviceAccount beside an existing account, all at once', () => {
    const lines = problemsOf({
      ...base,
      serviceAccount: ServiceAccount.create({
        identity: WorkloadIdentity.awsIrsa('arn:aws:iam::12:user/x'),
        labels: { 'bad key!': 'x' },
      }),
    });
    lineFor(lines, 'serviceAccount.identity.roleArn', '"arn:aws:iam::12:user/x"');
    lineFor(lines, 'serviceAccount.labels.bad key!', '"bad key!"');
    expect(lines).toHaveLength(2);
    lineFor(
      problemsOf({ ...base, serviceAccount: ServiceAccount.create({ identity: WorkloadIdentity.gcp('web') }) }),
      'serviceAccount.identity.serviceAccount',
      '"web"',
    );
    const az = problemsOf({
      ...base,
      serviceAccount: ServiceAccount.create({ identity: WorkloadIdentity.azure('nope', { tenantId: 'x' }) }),
    });
    lineFor(az, 'serviceAccount.identity.clientId', '"nope"');
    lineFor(az, 'serviceAccount.identity.tenantId', '"x"');
    lineFor(
      problemsOf({ ...base, names: { serviceAccount: 'web-sa' }, serviceAccount: ServiceAccount.existing('platform') }),
      'names.serviceAccount',
      '"web-sa"',
    );
    lineFor(problemsOf({ ...base, serviceAccount: js('default') }), 'serviceAccount', '"default"');
  });
});

describe('bad scheduling options are all reported at once', () => {
  test('each with path, field, value received and fix', () => {
    const lines = problemsOf({
      ...base,
      scheduling: {
        nodeSelector: { 'kubernetes.io/arch': 'arm 64' },
        tolerations: [
          { operator: 'Equal', value: 'x' },
          { key: 'k', operator: 'Exists', value: 'v', effect: js('Never'), tolerationSeconds: Duration.seconds(5) },
        ],
        nodeAffinity: {
          required: [
            { key: 'zone', operator: 'In' },
            { key: 'cpu', operator: 'Gt', values: ['many'] },
          ],
          preferred: [{ weight: 0, match: [{ key: 'a', operator: 'Exists', values: ['x'] }] }],
        },
        podAffinity: [{ labels: {}, topologyKey: '' }],
        podAntiAffinity: [{ labels: { app: 'x' }, topologyKey: 'kubernetes.io/hostname', weight: 101 }],
        spreadAcrossNodes: js('always'),
        topologySpread: [{ topologyKey: 'kubernetes.io/hostname', maxSkew: 0, whenUnsatisfiable: js('Never') }],
        priorityClassName: 'High_Priority',
        imagePullSecrets: ['Registry Creds'],
      },
    });
    lineFor(lines, 'scheduling.nodeSelector.kubernetes.io/arch', '"arm 64"');
    lineFor(lines, 'scheduling.tolerations[0].key', 'undefined');
    lineFor(lines, 'scheduling.tolerations[1].value', '"v"');
    lineFor(lines, 'scheduling.tolerations[1].effect', '"Never"');
    lineFor(lines, 'scheduling.tolerations[1].tolerationSeconds', 'Duration(5s)');
    lineFor(lines, 'scheduling.nodeAffinity.required[0].values', 'undefined');
    lineFor(lines, 'scheduling.nodeAffinity.required[1].values', '["many"]');
    lineFor(lines, 'scheduling.nodeAffinity.preferred[0].weight', '0');
    lineFor(lines, 'scheduling.nodeAffinity.preferred[0].match[0].values', '["x"]');
    lineFor(lines, 'scheduling.podAffinity[0].labels', '{}');
    lineFor(lines, 'scheduling.podAffinity[0].topologyKey', '""');
    lineFor(lines, 'scheduling.podAntiAffinity[0].weight', '101');
    lineFor(lines, 'scheduling.spreadAcrossNodes', '"always"');
    lineFor(lines, 'scheduling.topologySpread[0].maxSkew', '0');
    lineFor(lines, 'scheduling.topologySpread[0].whenUnsatisfiable', '"Never"');
    lineFor(lines, 'scheduling.priorityClassName', '"High_Priority"');
    lineFor(lines, 'scheduling.imagePullSecrets[0]', '"Registry Creds"');
    expect(lines).toHaveLength(17);
  });

  test('a JavaScript caller passing lists as strings gets problems, not a TypeError', () => {
    const lines = problemsOf({
      ...base,
      initContainers: js('migrate'),
      sidecars: js({}),
      volumes: js([]),
      scheduling: { tolerations: js('all') },
    });
    lineFor(lines, 'initContainers', '"migrate"');
    lineFor(lines, 'sidecars', '{}');
    lineFor(lines, 'volumes', '[]');
    lineFor(lines, 'scheduling.tolerations', '"all"');
  });
});

describe('bad StatefulSet options are all reported at once', () => {
  const stateful: TrafficAppProps = {
    ...base,
    replicas: 1,
    stateful: { volumeClaimTemplates: { data: { storage: '5Gi' } } },
    volumeMounts: [{ volume: 'data', path: '/data' }],
  };

  test('canary versions on a stateful app are an error with the partition fix; surge and bad options too', () => {
    const lines = problemsOf({
      ...stateful,
      versions: { v2: { image: 'ghcr.io/acme/web:1.1.0', weight: 10 } },
      rollout: { maxSurge: 1 },
      stateful: {
        volumeClaimTemplates: { data: { storage: 'big', accessModes: js(['ReadWriteSometimes']) } },
        podManagementPolicy: js('Random'),
        updateStrategy: { type: 'RollingUpdate', partition: -1 },
        claimRetention: { whenDeleted: js('Keep') },
      },
    });
    expect(lineFor(lines, 'versions', '["v2"]')).toMatch(/cannot run canary versions.*partition/);
    expect(lineFor(lines, 'rollout.maxSurge', '1')).toContain('no surge');
    lineFor(lines, 'stateful.volumeClaimTemplates.data.storage', '"big"');
    lineFor(lines, 'stateful.volumeClaimTemplates.data.accessModes[0]', '"ReadWriteSometimes"');
    lineFor(lines, 'stateful.podManagementPolicy', '"Random"');
    lineFor(lines, 'stateful.updateStrategy.partition', '-1');
    lineFor(lines, 'stateful.claimRetention.whenDeleted', '"Keep"');
    // The canary-related rules also speak (two StatefulSets); the stateful problems above are all there.
    expect(lines.length).toBeGreaterThanOrEqual(7);
  });

  test('a claim template and a volume of the same name', () => {
    lineFor(
      problemsOf({ ...stateful, volumes: { data: Volume.emptyDir() } }),
      'stateful.volumeClaimTemplates.data',
      '"data"',
    );
  });
});
