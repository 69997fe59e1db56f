import { EnvFrom, ProjectedSource, ServiceAccount, Volume, WorkloadIdentity } from '../../lib';
import { one, synthApp } from '../support/k8s';
import { base, lineFor, problemsOf } from './support';

describe('StatefulSets', () => {
  const stateful = { ...base, stateful: { volumeClaimTemplates: { data: { storage: '1Gi' } } } };

  test("serviceName equal to the app's own (not headless) Service is refused", () => {
    const lines = problemsOf([
      {
        ...stateful,
        service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
        stateful: { serviceName: 'web' },
      },
    ]);
    expect(lineFor(lines, 'web', 'stateful.serviceName', '"web"')).toContain('headless');
  });

  test('a name of 53 characters or more is refused on `name`, once, with a name that fits', () => {
    const name = 'a'.repeat(60);
    const lines = problemsOf([{ ...stateful, name }]);
    const l = lineFor(lines, name, 'name');
    expect(l).toContain('controller-revision-hash');
    expect(l).toContain(`"${'a'.repeat(52)}"`);
    expect(lines.filter((x) => x.includes(' names.deployment: '))).toEqual([]);
    expect(() => synthApp({ ...stateful, name: 'a'.repeat(52) })).not.toThrow();
  });

  test('ReadWriteOncePod with other access modes is refused', () => {
    const lines = problemsOf([
      {
        ...base,
        stateful: {
          volumeClaimTemplates: { data: { storage: '1Gi', accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] } },
        },
      },
    ]);
    expect(lineFor(lines, 'web', 'stateful.volumeClaimTemplates.data.accessModes')).toContain("['ReadWriteOncePod']");
  });
});

describe('volumes and env sources', () => {
  test('configMap items keys that are not keys', () => {
    const lines = problemsOf([
      { ...base, volumes: { config: Volume.configMap('web', { items: { 'app yaml': 'app.yaml' } }) } },
    ]);
    lineFor(lines, 'web', 'volumes.config.items.app yaml', '"app yaml"');
  });

  test('projected sources writing the same path', () => {
    const lines = problemsOf([
      {
        ...base,
        volumes: {
          certs: Volume.projected([
            ProjectedSource.configMap('ca', { items: { 'ca.crt': 'ca.crt' } }),
            ProjectedSource.secret('tls', { items: { 'tls.crt': 'ca.crt' } }),
          ]),
        },
      },
    ]);
    expect(lineFor(lines, 'web', 'volumes.certs.sources[1].items.tls.crt', '"ca.crt"')).toContain('same file');
  });

  test("EnvFrom.secret('Bad Name', '') is refused on the name and the key", () => {
    const lines = problemsOf([{ ...base, env: { DB: EnvFrom.secret('Bad Name', '') } }]);
    lineFor(lines, 'web', 'env.DB.name', '"Bad Name"');
    expect(lineFor(lines, 'web', 'env.DB.key', '""')).toContain("EnvFrom.secret('db-credentials', 'password')");
  });

  test('good sources are written', () => {
    const objects = synthApp({ ...base, env: { DB: EnvFrom.configMap('db.config', 'url_1') } });
    const env = one(objects, 'Deployment').spec.template.spec.containers[0].env;
    expect(env).toEqual([{ name: 'DB', valueFrom: { configMapKeyRef: { name: 'db.config', key: 'url_1' } } }]);
  });
});

describe('labels and annotations of the app on the governing headless Service', () => {
  test("GIVEN app annotations and Service labels THEN the governing Service carries both (not the Service's annotations)", () => {
    const objects = synthApp({
      ...base,
      annotations: { 'example.com/team': 'web' },
      service: {
        ports: [{ name: 'http', port: 80, targetPort: 'http' }],
        labels: { tier: 'frontend' },
        annotations: { 'example.com/lb': 'x' },
      },
      stateful: { volumeClaimTemplates: { data: { storage: '1Gi' } } },
    });
    const governing = one(objects, 'Service', 'web-headless');
    expect(governing.metadata.labels).toMatchObject({ tier: 'frontend', 'app.kubernetes.io/name': 'web' });
    expect(governing.metadata.annotations).toEqual({ 'example.com/team': 'web' });
  });
});

describe('annotations and labels the workload identity would replace without a word', () => {
  test('an IRSA key in serviceAccount.annotations beside an IRSA identity', () => {
    const lines = problemsOf([
      {
        ...base,
        serviceAccount: ServiceAccount.create({
          annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/other' },
          identity: WorkloadIdentity.awsIrsa('arn:aws:iam::123456789012:role/web'),
        }),
      },
    ]);
    expect(lineFor(lines, 'web', 'serviceAccount.annotations.eks.amazonaws.com/role-arn')).toContain(
      'WorkloadIdentity',
    );
  });

  test('an Azure pod label other than "true" beside an Azure identity', () => {
    const lines = problemsOf([
      {
        ...base,
        podLabels: { 'azure.workload.identity/use': 'false' },
        serviceAccount: ServiceAccount.create({
          identity: WorkloadIdentity.azure('00000000-0000-0000-0000-000000000000'),
        }),
      },
    ]);
    lineFor(lines, 'web', 'podLabels.azure.workload.identity/use', '"false"');
  });
});
