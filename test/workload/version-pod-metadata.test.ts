import { Probe, TrafficApp, TrafficAppProps } from '../../lib';
import { appObject, appObjects, definitionProblems, synthApps, validateObjects } from '../../lib/testing';
import type { KubeObject } from '../../lib/testing';

// Issue 27 item 2 (leftover): a version's own pod labels and annotations, checked like the app's.
type Spec = Record<string, any>;
const spec = (o: KubeObject): Spec => (o as Spec).spec;
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

const reviews = (over: Partial<TrafficAppProps> = {}): TrafficAppProps => ({
  name: 'reviews',
  namespace: 'bookinfo',
  image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3',
  ports: [{ name: 'http', port: 9080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
  podLabels: { team: 'books' },
  podAnnotations: { 'acme.io/owner': 'books' },
  ...over,
});
const fieldsOf = (props: TrafficAppProps) =>
  definitionProblems(() => synthApps([TrafficApp.define(props)])).map((p) => [p.field, p.message, p.value]);

describe("a version's pod labels and annotations", () => {
  test("reach that version's pods only, over the app's, and every selector still selects them", () => {
    const app = TrafficApp.define(
      reviews({
        versions: {
          v2: {
            image: 'docker.io/istio/examples-bookinfo-reviews-v2:1.20.3',
            weight: 10,
            podLabels: { team: 'stars', 'acme.io/experiment': 'black-stars' },
            podAnnotations: { 'acme.io/owner': 'stars', 'acme.io/ticket': 'BOOK-7' },
          },
        },
      }),
    );
    const { chart, objects } = synthApps([app]);
    const v1 = appObject(chart, 'reviews', { kind: 'Deployment', name: 'reviews-v1' });
    const v2 = appObject(chart, 'reviews', { kind: 'Deployment', name: 'reviews-v2' });
    const t1 = spec(v1).template.metadata;
    const t2 = spec(v2).template.metadata;
    expect(t2.labels).toEqual({
      'app.kubernetes.io/managed-by': 'cdk-traffic',
      'app.kubernetes.io/name': 'reviews',
      team: 'stars',
      'acme.io/experiment': 'black-stars',
      version: 'v2',
    });
    expect(t2.annotations).toEqual({ 'acme.io/owner': 'stars', 'acme.io/ticket': 'BOOK-7' });
    // The stable version keeps the app's.
    expect(t1.labels.team).toBe('books');
    expect(t1.labels['acme.io/experiment']).toBeUndefined();
    expect(t1.annotations).toEqual({ 'acme.io/owner': 'books' });
    // The Deployment, the app Service and the version's Service still select the version's pods.
    expect(selects(spec(v2).selector.matchLabels, t2.labels)).toBe(true);
    const services = appObjects(chart, 'reviews', { kind: 'Service' });
    const all = services.find((s) => s.metadata.name === 'reviews')!;
    const own = services.find((s) => s.metadata.name === 'reviews-v2')!;
    expect(selects(spec(all).selector, t2.labels)).toBe(true);
    expect(selects(spec(own).selector, t2.labels)).toBe(true);
    expect(selects(spec(own).selector, t1.labels)).toBe(false);
    expect(validateObjects(objects).errors).toEqual([]);
  });

  test('bad input: a label that changes the selector or the version label, a malformed key, on an external version', () => {
    expect(
      fieldsOf(
        reviews({
          versions: {
            v2: {
              image: 'x/reviews:2',
              podLabels: { version: 'v3', 'app.kubernetes.io/name': 'ratings', 'bad key!': 'a' },
              podAnnotations: { 'no spaces allowed/x y': 'a' },
            },
          },
        }),
      ),
    ).toEqual(
      expect.arrayContaining([
        ['versions.v2.podLabels.version', expect.stringContaining('changes the selector label version=v2'), 'v3'],
        [
          'versions.v2.podLabels.app.kubernetes.io/name',
          expect.stringContaining('changes the selector label app.kubernetes.io/name=reviews'),
          'ratings',
        ],
        ['versions.v2.podLabels.bad key!', expect.stringContaining('is not a valid label key'), 'bad key!'],
        [expect.stringMatching(/^versions\.v2\.podAnnotations/), expect.any(String), expect.anything()],
      ]),
    );
    const external = { labels: { 'app.kubernetes.io/name': 'reviews', version: 'v3' } };
    expect(fieldsOf(reviews({ versions: { v3: { external, podLabels: { team: 'x' } } } }))).toEqual([
      ['versions.v3.podLabels', expect.stringContaining('deployed elsewhere'), { team: 'x' }],
    ]);
    // The same label value as the selector's is no change.
    const same = synthApps([
      TrafficApp.define(reviews({ versions: { v2: { image: 'x/r:2', podLabels: { version: 'v2' } } } })),
    ]);
    expect(same.objects.length).toBeGreaterThan(0);
  });

  test('a JavaScript caller passing a list gets a problem, never a TypeError', () => {
    const found = fieldsOf(reviews({ versions: { v2: { image: 'x/reviews:2', podLabels: ['team=x'] as never } } }));
    expect(found.map((f) => f[0])).toContain('versions.v2.podLabels');
  });
});
