import { Duration } from 'cdk8s';
import { DefinitionError, Probe, TrafficApp, TrafficAppProps } from '../../lib';
import { lookupAwsAnnotation, annotationValueError } from '../../lib/model/aws/lb-controller-annotations';
import { errorOf, K8sObject, synthApps } from '../support/k8s';

/** A web app: container port http 8080, Service port 80 -> http, readiness GET /ready on 8080 every 5 s. */
export const web: TrafficAppProps = {
  name: 'web',
  namespace: 'shop',
  image: 'ghcr.io/acme/web:1.0.0',
  ports: [
    { name: 'http', port: 8080 },
    { name: 'metrics', port: 9100 },
  ],
  readiness: Probe.httpGet('/ready', {
    port: 'http',
    period: Duration.seconds(5),
    timeout: Duration.seconds(2),
    failureThreshold: 4,
  }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
};

export const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

/** Synthesizes apps in a chart called "test". */
export const synth = (...apps: TrafficAppProps[]): K8sObject[] => synthApps(apps.map((a) => TrafficApp.define(a)));

/** The DefinitionError's lines (without the header line). */
export function problemsOf(...apps: TrafficAppProps[]): string[] {
  const e = errorOf(() => synth(...apps));
  expect(e).toBeInstanceOf(DefinitionError);
  return e.message
    .split('\n')
    .slice(1)
    .map((l) => l.trim());
}

/** The one problem line about `field` that mentions `message`; checks the received value and a fix. */
export function lineFor(lines: string[], field: string, received: string, message: string | RegExp): string {
  const found = lines.filter(
    (l) => l.includes(` ${field}: `) && (typeof message === 'string' ? l.includes(message) : message.test(l)),
  );
  if (found.length !== 1) throw new Error(`expected one line for ${field} (${message}), got:\n${lines.join('\n')}`);
  expect(found[0]).toContain(`(received ${received})`);
  expect(found[0]).toMatch(/Fix: \S+/);
  return found[0];
}

/** Every AWS controller annotation of an object: documented, not deprecated, with a valid value. */
export function expectDocumentedAnnotations(o: K8sObject): number {
  let n = 0;
  for (const [k, v] of Object.entries(o.metadata.annotations ?? {})) {
    if (!k.startsWith('alb.ingress.kubernetes.io/') && !k.startsWith('service.beta.kubernetes.io/')) continue;
    const doc = lookupAwsAnnotation(k);
    expect({ key: k, documented: doc !== undefined }).toEqual({ key: k, documented: true });
    expect({ key: k, deprecated: doc?.deprecatedInFavorOf ?? doc?.deprecatedValues?.[v] }).toEqual({
      key: k,
      deprecated: undefined,
    });
    expect({ key: k, value: v, error: annotationValueError(doc!, v) }).toEqual({ key: k, value: v, error: undefined });
    n++;
  }
  return n;
}

/** The readiness probe's path and container port number, read from the synthesized Deployment. */
export function readinessOf(objects: readonly K8sObject[], deployment: string): { path?: string; port: number } {
  const d = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === deployment)!;
  const c = d.spec.template.spec.containers[0];
  const p = c.readinessProbe;
  const ref = (p.httpGet ?? p.tcpSocket ?? p.grpc).port;
  const port = typeof ref === 'number' ? ref : c.ports.find((x: { name: string }) => x.name === ref).containerPort;
  return { path: p.httpGet?.path, port };
}
