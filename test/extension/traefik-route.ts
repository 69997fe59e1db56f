// A Traefik IngressRoute with a weighted TraefikService, and a rule of one's own, written from outside the
// library with only its public API: the traits, the ExposureKit and the chart's `renderers` and `rules`.
// docs/exposures.md walks through this file; test/extension/traefik.test.ts runs it.
import { ApiObject } from 'cdk8s';
import {
  ExposureKit,
  ExposureRendererEntry,
  ExposureSpec,
  IExposure,
  InputShape,
  NOT_APPLICABLE,
  outcome,
  PortRef,
  Problems,
  Rule,
  traits,
  WeightedBackendSpec,
  WeightSplit,
  WorkloadSpec,
} from 'cdk-traffic';

/** What a user writes: `new TraefikRoute({ hosts: ['shop.example.com'] })`. */
export interface TraefikRouteProps {
  /** The host names routed to the app. */
  readonly hosts: readonly string[];
  /** The Service port (name or number). @default the Service's first port */
  readonly port?: PortRef;
  /** Traefik's entry points. @default ['websecure'] */
  readonly entryPoints?: readonly string[];
}

/** The props' shape, checked by the library's input checker (a JavaScript caller's `hosts: 'a'` is a problem). */
const TRAEFIK_ROUTE_PROPS = InputShape.object({
  hosts: InputShape.list(InputShape.string()),
  port: InputShape.optional(InputShape.anyOf(InputShape.string(), InputShape.number())),
  entryPoints: InputShape.optional(InputShape.list(InputShape.string())),
});

/** A TraefikService's weights are integers: with a total of 1000, steps of 0.1%. */
const TRAEFIK_SPLIT: WeightSplit = { by: 'weight', maxTotal: 1000, maxWeight: 1000, precision: 'steps of 0.1%' };

/** The resolved form the renderer reads. */
export interface TraefikRouteSpec extends ExposureSpec {
  readonly kind: 'traefik-ingress-route';
  readonly hosts: readonly string[];
  readonly entryPoints: readonly string[];
  /** One per version: its Service, the port, its declared share. */
  readonly backends: readonly WeightedBackendSpec[];
}

export class TraefikRoute implements IExposure {
  readonly kind = 'traefik-ingress-route';
  constructor(private readonly props: TraefikRouteProps) {}

  resolve(problems: Problems, field: string, w: WorkloadSpec): TraefikRouteSpec {
    const p = ExposureKit.checkProps<TraefikRouteProps>(problems, field, this.props, TRAEFIK_ROUTE_PROPS);
    const hosts = p?.hosts ?? [];
    const port = ExposureKit.servicePort(problems, `${field}.port`, w, p?.port);
    const name = `${w.name}-traefik`;
    return {
      kind: 'traefik-ingress-route',
      name,
      hosts,
      entryPoints: p?.entryPoints ?? ['websecure'],
      backends: port ? ExposureKit.versionBackends(w, port) : [],
      traits: traits({
        label: `Traefik IngressRoute "${name}"`,
        reach: 'internet',
        hosts: hosts.map((host) => ({ host, paths: [] })),
        split: TRAEFIK_SPLIT,
        // Traefik's pods connect to the app's pods: the default-deny policy admits them on the ports behind the Service port.
        fronts: [
          {
            why: `${field} Traefik IngressRoute "${name}"`,
            from: {
              kind: 'peer',
              peer: { kind: 'pods', namespace: 'traefik', labels: { 'app.kubernetes.io/name': 'traefik' } },
            },
            ports: ExposureKit.podPorts(w, port ? [port.port] : []),
            healthChecks: [],
          },
        ],
        objects: [
          { kind: 'IngressRoute', namespace: w.namespace, name, field, fix: 'one TraefikRoute per app' },
          { kind: 'TraefikService', namespace: w.namespace, name, field, fix: 'one TraefikRoute per app' },
        ],
        requires: [
          { name: 'Traefik', minVersion: '3.0', why: 'IngressRoute and TraefikService (traefik.io/v1alpha1)' },
        ],
      }),
    };
  }
}

/** Writes the weighted TraefikService and the IngressRoute that sends to it. */
export const traefikRenderer: ExposureRendererEntry<TraefikRouteSpec> = {
  render: (scope, id, app, spec) => {
    const weights = ExposureKit.writtenWeights(
      spec.backends.map((b) => b.share),
      TRAEFIK_SPLIT,
    );
    new ApiObject(scope, `${id}-service`, {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'TraefikService',
      metadata: { name: spec.name, namespace: app.namespace },
      spec: {
        weighted: {
          services: spec.backends.map((b, i) => ({ name: b.serviceName, port: b.port, weight: weights[i] })),
        },
      },
    });
    return new ApiObject(scope, id, {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'IngressRoute',
      metadata: { name: spec.name, namespace: app.namespace },
      spec: {
        entryPoints: [...spec.entryPoints],
        routes: [
          {
            kind: 'Rule',
            match: spec.hosts.map((h) => `Host(\`${h}\`)`).join(' || '),
            services: [{ name: spec.name, kind: 'TraefikService' }],
          },
        ],
      },
    });
  },
};

/** A rule of one's own: an app anyone on the internet can reach runs at least 2 replicas. */
export const internetReplicasRule: Rule = {
  id: 'ACME-REPLICAS',
  severity: 'warning',
  description: 'An app reachable from the internet has at least 2 replicas.',
  check: (app) => {
    const internet = app.exposures.filter((e) => e.traits.reach === 'internet');
    if (internet.length === 0) return NOT_APPLICABLE;
    const stable = app.versions.find((v) => v.stable) ?? app.versions[0];
    return outcome(
      stable.replicas < 2
        ? [
            {
              field: 'replicas',
              value: stable.replicas,
              message: `the app is reachable from the internet (${internet.map((e) => e.traits.label).join(', ')}) with fewer than 2 replicas`,
              fix: 'set `replicas: 2` or more',
            },
          ]
        : [],
    );
  },
};
