import type { AppSpec } from '../model/app-spec';
import { backendProtocolOf } from '../model/traffic/backend-protocol';
import { integerWeights } from '../model/traffic/weights';
import { layerSettings } from './exposure-layers';
import { LITERAL_IP_RULE } from './literal-ip-rule';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from './rule';

const versionField = (app: AppSpec, i: number) => (i === 0 ? 'version' : `versions.${app.versions[i].version}`);
const streamOf = (app: AppSpec) => app.traffic.maxStreamSeconds;

/**
 * The traffic rules (ids `CT-TRAFFIC-0xx`). Checks that resolution already makes are not repeated:
 * weights out of 0-100 or adding up to more than 100, retries with attempts outside 1-10, a per-try
 * timeout longer than the request timeout, and in the streaming profile an idle timeout
 * (CT-TRAFFIC-001), a request timeout (CT-TRAFFIC-002) or a shutdown (CT-TRAFFIC-003) shorter than
 * the longest stream, and a grace period shorter than the deregistration delay (CT-K8S-003).
 */
export const TRAFFIC_RULES: readonly Rule[] = [
  {
    id: 'CT-TRAFFIC-010',
    severity: 'error',
    description: 'A canary header routes to a canary version, so the app needs one.',
    check(app) {
      const h = app.traffic.canaryHeader;
      if (!h) return NOT_APPLICABLE;
      return outcome(
        app.versions.length > 1
          ? []
          : [
              {
                field: 'traffic.canaryHeader',
                value: h,
                message: 'routes testers to a canary, but the app has no second version',
                fix: 'add the canary under `versions`, e.g. `versions: { v2: { image: "...:2.0.0", weight: 1 } }`, or remove `canaryHeader`',
              },
            ],
      );
    },
  },
  {
    id: 'CT-TRAFFIC-011',
    severity: 'error',
    description: 'A canary runs a different image than the stable version (otherwise it is no second version).',
    check(app) {
      if (app.versions.length < 2) return NOT_APPLICABLE;
      const stable = app.versions[0];
      return outcome(
        app.versions
          .slice(1)
          .filter((v) => v.image === stable.image)
          .map((v) => ({
            field: `versions.${v.version}.image`,
            value: v.image,
            message: `is the stable version's image: the canary "${v.version}" would run the same build, so the split tests nothing`,
            fix: `set \`versions.${v.version}.image\` to the new build`,
          })),
      );
    },
  },
  {
    id: 'CT-TRAFFIC-012',
    severity: 'error',
    description: 'A version that receives traffic has pods.',
    check(app) {
      if (app.versions.length < 2) return NOT_APPLICABLE;
      const headerTarget = app.traffic.canaryHeader ? app.versions[1] : undefined;
      return outcome(
        app.versions
          .filter((v) => v.replicas === 0 && (v.weight > 0 || v === headerTarget))
          .map((v) => ({
            field: v.stable ? 'replicas' : `versions.${v.version}.replicas`,
            value: v.replicas,
            message: `version "${v.version}" receives ${v.weight}% of the traffic${v === headerTarget ? ' and the canary header' : ''} but has no pods: its requests would fail with 503`,
            fix: v.stable
              ? 'set `replicas` to at least 1'
              : `set \`versions.${v.version}.replicas\` to at least 1, or its weight to 0`,
          })),
      );
    },
  },
  {
    id: 'CT-TRAFFIC-013',
    severity: 'error',
    description: 'Canary weights convert exactly into the integer weights of routes and load balancers.',
    check(app) {
      if (app.versions.length < 2) return NOT_APPLICABLE;
      const findings: RuleFinding[] = [];
      if (!integerWeights(app.versions)) {
        app.versions.forEach((v, i) => {
          if (i > 0 && Math.abs(v.weight * 1e4 - Math.round(v.weight * 1e4)) >= 1e-6) {
            findings.push({
              field: `${versionField(app, i)}.weight`,
              value: v.weight,
              message:
                'has more than 4 decimals: Gateway API and Istio weights are integers (at most 1,000,000 in total), so the split could not be rendered exactly',
              fix: 'round the weight to at most 4 decimals, e.g. 0.0001',
            });
          }
        });
      } else {
        // Each layer that splits by weight, within its own limits (one finding per limit, not per layer).
        const seen = new Set<string>();
        app.exposures.forEach((e, x) => {
          const split = e.traits.split;
          if (split.by !== 'weight') return;
          if (
            split.maxBackends !== undefined &&
            app.versions.length > split.maxBackends &&
            !seen.has(`backends-${split.maxBackends}`)
          ) {
            seen.add(`backends-${split.maxBackends}`);
            findings.push({
              field: 'versions',
              value: app.versions.length,
              message: `${e.traits.label} (expose[${x}]) splits traffic between at most ${split.maxBackends} versions, and the app has ${app.versions.length}`,
              fix: `keep at most ${split.maxBackends - 1} canaries`,
            });
          }
          if (!integerWeights(app.versions, split.maxTotal, split.maxWeight) && !seen.has(split.precision)) {
            seen.add(split.precision);
            const i = app.versions.findIndex(
              (v, j) => j > 0 && !integerWeights([app.versions[0], v], split.maxTotal, split.maxWeight),
            );
            findings.push({
              field: `${versionField(app, Math.max(i, 1))}.weight`,
              value: app.versions[Math.max(i, 1)].weight,
              message: `needs a finer split than ${e.traits.label} (expose[${x}]) allows (${split.precision})`,
              fix: 'use a weight with fewer decimals, e.g. 0.5',
            });
          }
        });
      }
      return outcome(findings);
    },
  },
  {
    id: 'CT-TRAFFIC-014',
    severity: 'warning',
    description: 'A canary receives traffic (a weight above 0 or the canary header).',
    check(app) {
      if (app.versions.length < 2) return NOT_APPLICABLE;
      if (app.traffic.canaryHeader) return outcome([]);
      return outcome(
        app.versions
          .slice(1)
          .filter((v) => v.weight === 0)
          .map((v) => ({
            field: `versions.${v.version}.weight`,
            value: v.weight,
            message: `the canary "${v.version}" gets no traffic: weight 0 and no canary header`,
            fix: `give it a weight (e.g. 1 for 1%) or set \`traffic.canaryHeader\`; acknowledge CT-TRAFFIC-014 for a dark launch`,
          })),
      );
    },
  },
  {
    id: 'CT-TRAFFIC-015',
    severity: 'warning',
    description: 'Every exposure of an app with a weighted canary splits traffic by the declared weights.',
    check(app) {
      const canaries = app.versions.slice(1).filter((v) => v.weight > 0);
      if (canaries.length === 0 || app.exposures.length === 0) return NOT_APPLICABLE;
      const pods = app.versions.reduce((n, v) => n + v.replicas, 0);
      const share = (v: (typeof canaries)[number]) =>
        pods > 0 ? `${Math.round((v.replicas / pods) * 1000) / 10}%` : 'none';
      return outcome(
        app.exposures
          .map((e, i) => [e, i] as const)
          .filter(([e]) => e.traits.split.by !== 'weight')
          .map(([e, i]) => ({
            field: `expose[${i}]`,
            value: e.traits.label,
            message: `sends to the app's Service, which selects the pods of every version: the canary gets its share of the pods (${canaries.map((v) => `${v.version}: ${share(v)}`).join(', ')}), not its weight (${canaries.map((v) => `${v.weight}%`).join(', ')})`,
            fix: 'expose the app through a Gateway API route, an ALB (IngressExposure.alb or TerraformLoadBalancer.alb) or the mesh for a weighted split; acknowledge CT-TRAFFIC-015 if a split by pod count is intended',
          })),
      );
    },
  },
  {
    id: 'CT-TRAFFIC-016',
    severity: 'warning',
    description: 'The canary header reaches the canary through every exposure.',
    check(app) {
      if (!app.traffic.canaryHeader || app.versions.length < 2) return NOT_APPLICABLE;
      const h = app.traffic.canaryHeader;
      return outcome(
        app.exposures
          .map((e, i) => [e, i] as const)
          .filter(([e]) => !e.traits.routesCanaryHeader)
          .map(([e, i]) => ({
            field: `expose[${i}]`,
            value: e.traits.label,
            message: `does not route on the canary header (${h.name}: ${h.value}): testers coming this way get the weighted split`,
            fix: 'send testers through a Gateway API route, an ALB or the mesh, which route on the header; acknowledge CT-TRAFFIC-016 saying which way testers come in',
          })),
      );
    },
  },
  {
    id: 'CT-TRAFFIC-020',
    severity: 'warning',
    description: 'Every declared retry fits in the request timeout.',
    check(app) {
      const { retry, requestTimeoutSeconds } = app.traffic;
      if (!retry || retry.perTryTimeoutSeconds === undefined || requestTimeoutSeconds === undefined)
        return NOT_APPLICABLE;
      const fit = Math.floor(requestTimeoutSeconds / retry.perTryTimeoutSeconds) - 1;
      return outcome(
        fit >= retry.attempts
          ? []
          : [
              {
                field: 'traffic.retry.attempts',
                value: retry.attempts,
                message: `${retry.attempts + 1} tries of ${retry.perTryTimeoutSeconds}s do not fit in the request timeout (${requestTimeoutSeconds}s): at most ${Math.max(fit, 0)} retries can happen`,
                fix: `lower attempts to ${Math.max(fit, 1)}, shorten perTryTimeout, or lengthen requestTimeout to ${(retry.attempts + 1) * retry.perTryTimeoutSeconds}s`,
              },
            ],
      );
    },
  },
  {
    id: 'CT-TRAFFIC-021',
    severity: 'error',
    description: 'In the streaming profile, a per-try timeout does not cut streams.',
    check(app) {
      const { retry } = app.traffic;
      const max = streamOf(app);
      if (max === undefined || retry?.perTryTimeoutSeconds === undefined) return NOT_APPLICABLE;
      return outcome(
        retry.perTryTimeoutSeconds >= max
          ? []
          : [
              {
                field: 'traffic.retry.perTryTimeout',
                value: retry.perTryTimeoutSeconds,
                message: `is shorter than the longest stream (${max}s): every stream longer than ${retry.perTryTimeoutSeconds}s would be cut and retried from the start`,
                fix: `remove perTryTimeout (the streaming profile has no request timeout) or set it to at least Duration.seconds(${max})`,
              },
            ],
      );
    },
  },
  {
    id: 'CT-TRAFFIC-030',
    severity: 'warning',
    description: 'Declared retries are written on every Gateway API route.',
    check(app) {
      const missing = app.exposures.map((e, i) => [e, i] as const).filter(([e]) => e.traits.retries !== undefined);
      if (!app.traffic.retry || missing.length === 0) return NOT_APPLICABLE;
      return outcome(
        missing
          .filter(([e]) => !e.traits.retries!.written)
          .map(([e, i]) => ({
            field: `expose[${i}]`,
            value: e.traits.label,
            message: e.traits.retries!.message ?? `retries are declared, but ${e.traits.label} does not write them`,
            fix:
              e.traits.retries!.fix ??
              'configure retries where this layer is served, and acknowledge CT-TRAFFIC-030 saying where',
          })),
      );
    },
  },
  {
    id: 'CT-TRAFFIC-031',
    severity: 'warning',
    description: 'A declared request timeout is written on every Gateway API route.',
    check(app) {
      const layers = app.exposures
        .map((e, i) => [e, i] as const)
        .filter(([e]) => e.traits.requestTimeout !== undefined && !e.traits.requestTimeout.written);
      if (app.traffic.requestTimeoutSeconds === undefined || layers.length === 0) return NOT_APPLICABLE;
      return outcome(
        layers.map(([e, i]) => ({
          field: `expose[${i}]`,
          value: e.traits.label,
          message: `the request timeout (${app.traffic.requestTimeoutSeconds}s) ${e.traits.requestTimeout!.message ?? `is not written by ${e.traits.label}`}`,
          fix:
            e.traits.requestTimeout!.fix ??
            'set the timeout where this layer is served; acknowledge CT-TRAFFIC-031 saying where',
        })),
      );
    },
  },
  {
    id: 'CT-TRAFFIC-040',
    severity: 'error',
    description: 'In the streaming profile, no load balancer or route idle timeout is shorter than the longest stream.',
    check(app) {
      const max = streamOf(app);
      const found = layerSettings(app).filter((s) => s.name === 'idleTimeoutSeconds');
      if (max === undefined || found.length === 0) return NOT_APPLICABLE;
      return outcome(
        found
          .filter((s) => typeof s.value === 'number' && s.value < max)
          .map((s) => ({
            field: s.field,
            value: s.value,
            message: `the idle timeout of ${s.layer} (${s.value}s) is shorter than the longest stream (${max}s): a stream that pauses (e.g. a model thinking) would be cut`,
            fix: `leave the exposure's idle timeout to the traffic policy, or set it to at least ${max}s`,
          })),
      );
    },
  },
  {
    id: 'CT-TRAFFIC-041',
    severity: 'error',
    description: "No target group's deregistration delay outlasts the pods' termination grace period.",
    check(app) {
      const found = layerSettings(app).filter((s) => s.name === 'deregistrationDelaySeconds');
      if (found.length === 0) return NOT_APPLICABLE;
      const grace = app.availability.gracePeriodSeconds;
      // Delays up to the traffic policy's are already reported by resolution (CT-K8S-003), so only a
      // layer's own longer delay is reported here.
      const covered = Math.max(grace, app.traffic.deregistrationDelaySeconds ?? 0);
      return outcome(
        found
          .filter((s) => typeof s.value === 'number' && s.value > covered)
          .map((s) => ({
            field: s.field,
            value: s.value,
            message: `the deregistration delay of ${s.layer} (${s.value}s) is longer than the pods' termination grace period (${grace}s): the load balancer would keep sending in-flight requests to killed pods`,
            fix: `set \`availability.terminationGracePeriod\` to at least Duration.seconds(${s.value}) (or leave it out), or shorten the deregistration delay`,
          })),
      );
    },
  },
  {
    id: 'CT-TRAFFIC-042',
    severity: 'error',
    description: 'Pods behind load balancers, and streaming pods, drain (preStop) before they stop.',
    check(app) {
      const behindLb = app.exposures.some((e) => e.traits.needsDrain);
      if (!behindLb && app.traffic.profile !== 'streaming') return NOT_APPLICABLE;
      return outcome(
        app.availability.drainSeconds > 0
          ? []
          : [
              {
                field: 'availability.drain',
                value: app.availability.drainSeconds,
                message:
                  'is zero: the pod gets SIGTERM while load balancers and proxies still send it new requests (deregistration takes seconds)',
                fix: 'leave `availability.drain` out (10 s preStop sleep) or set it to at least Duration.seconds(5)',
              },
            ],
      );
    },
  },
  {
    id: 'CT-TRAFFIC-043',
    severity: 'error',
    description: 'In the streaming profile, no exposure has a request timeout shorter than the longest stream.',
    check(app) {
      const max = streamOf(app);
      const found = layerSettings(app).filter((s) => s.name === 'requestTimeoutSeconds');
      if (max === undefined || found.length === 0) return NOT_APPLICABLE;
      return outcome(
        found
          .filter((s) => typeof s.value === 'number' && s.value > 0 && s.value < max)
          .map((s) => ({
            field: s.field,
            value: s.value,
            message: `the request timeout of ${s.layer} (${s.value}s) is shorter than the longest stream (${max}s): streams would be cut`,
            fix: `leave the timeout to the traffic policy (none in the streaming profile) or set it to at least ${max}s`,
          })),
      );
    },
  },
  {
    id: 'CT-TRAFFIC-044',
    severity: 'error',
    description: 'gRPC backends are reached over HTTP/2 on every layer.',
    check(app) {
      const grpc = backendProtocolOf(app) === 'grpc' || app.exposures.some((e) => e.traits.grpc);
      const versions = layerSettings(app).filter((s) => s.name === 'protocolVersion');
      // TLS listeners that terminate the client's TLS (a Terraform NLB, an NLB Service): HTTP/2 is chosen there by ALPN.
      const alpn = layerSettings(app).filter((s) => s.name === 'alpnPolicy');
      if (!grpc || versions.length + alpn.length === 0) return NOT_APPLICABLE;
      return outcome([
        ...versions
          .filter((s) => String(s.value).toUpperCase() === 'HTTP1')
          .map((s) => ({
            field: s.field,
            value: s.value,
            message: `${s.layer} talks HTTP/1.1 to a gRPC backend: gRPC (and its streams) needs HTTP/2 end to end`,
            fix: "use protocol version GRPC (or HTTP2) on this layer, or set `traffic.backendProtocol: 'grpc'` and leave the exposure's protocol to it",
          })),
        ...alpn
          .filter((s) => !['HTTP2Only', 'HTTP2Optional', 'HTTP2Preferred'].includes(String(s.value)))
          .map((s) => ({
            field: s.field,
            value: s.value,
            message: `the TLS listener of ${s.layer} in front of a gRPC backend does not offer HTTP/2 by ALPN: gRPC clients, which require h2, fail the handshake`,
            fix: "use `alpnPolicy: 'HTTP2Only'` (the default for gRPC backends), or 'HTTP2Optional' if HTTP/1.1 clients share the listener",
          })),
      ]);
    },
  },
  {
    id: 'CT-TRAFFIC-045',
    severity: 'warning',
    description: 'The idle timeout is not shorter than the request timeout.',
    check(app) {
      const { requestTimeoutSeconds: req, idleTimeoutSeconds: idle } = app.traffic;
      if (req === undefined || app.traffic.profile === 'streaming') return NOT_APPLICABLE;
      return outcome(
        idle >= req
          ? []
          : [
              {
                field: 'traffic.idleTimeout',
                value: idle,
                message: `(${idle}s) is shorter than the request timeout (${req}s): a response that sends nothing for ${idle}s is cut before its timeout`,
                fix: `set idleTimeout to at least Duration.seconds(${req}), or shorten requestTimeout`,
              },
            ],
      );
    },
  },
  {
    id: 'CT-TRAFFIC-046',
    severity: 'error',
    description: 'In the streaming profile, the deregistration delay covers the longest stream.',
    check(app) {
      const max = streamOf(app);
      if (max === undefined) return NOT_APPLICABLE;
      const d = app.traffic.deregistrationDelaySeconds;
      return outcome(
        d >= max
          ? []
          : [
              {
                field: 'traffic.deregistrationDelay',
                value: d,
                message: `(${d}s) is shorter than the longest stream (${max}s): streams on a pod being replaced would be cut when the load balancer deregisters it`,
                fix: `leave deregistrationDelay out (it follows maxStreamDuration) or set it to at least Duration.seconds(${max})`,
              },
            ],
      );
    },
  },
  {
    id: 'CT-TRAFFIC-047',
    severity: 'warning',
    description: 'Streaming pods have a disruption budget, so node drains do not cut many streams at once.',
    check(app) {
      if (app.traffic.profile !== 'streaming') return NOT_APPLICABLE;
      return outcome(
        app.availability.disruptionBudget
          ? []
          : [
              {
                field: 'availability.disruptionBudget',
                value: app.availability.disruptionBudget ?? false,
                message:
                  'streaming pods without a PodDisruptionBudget: a node drain may evict every replica at once and cut all streams',
                fix: 'run at least 2 replicas (the budget is then added) or set `availability.disruptionBudget: { maxUnavailable: 1 }`',
              },
            ],
      );
    },
  },
  {
    id: 'CT-TRAFFIC-050',
    severity: 'warning',
    description:
      'Istio sidecars in a namespace that enforces Pod Security "restricted" come with the Istio CNI plugin.',
    check(app) {
      const sidecars = app.exposures
        .map((e) => e.traits.mesh)
        .filter((m): m is NonNullable<typeof m> => m?.mesh === 'istio' && m.sidecar);
      if (sidecars.length === 0) return NOT_APPLICABLE;
      if (app.security.level !== 'restricted') return outcome([]);
      return outcome(
        sidecars.map((m) => ({
          field: m.field,
          value: m.namespaceLabel ? `${m.namespaceLabel.key}=${m.namespaceLabel.value}` : 'sidecar',
          message: `injects Istio sidecars into namespace ${app.namespace}, which enforces Pod Security "restricted": without the Istio CNI plugin the istio-init container needs NET_ADMIN and NET_RAW, and the API server rejects the pods`,
          fix: "install Istio with the CNI plugin and acknowledge CT-TRAFFIC-050 saying so, or use `injection: 'ambient'` (no sidecar)",
        })),
      );
    },
  },
  {
    id: 'CT-TRAFFIC-051',
    severity: 'warning',
    description:
      'Linkerd proxies in a namespace that enforces Pod Security "restricted" come with the Linkerd CNI plugin.',
    check(app) {
      const proxies = app.exposures
        .map((e) => e.traits.mesh)
        .filter((m): m is NonNullable<typeof m> => m?.mesh === 'linkerd' && m.sidecar);
      if (proxies.length === 0) return NOT_APPLICABLE;
      if (app.security.level !== 'restricted') return outcome([]);
      return outcome(
        proxies.map((m) => ({
          field: m.field,
          value: 'linkerd.io/inject=enabled',
          message: `injects the Linkerd proxy into pods of namespace ${app.namespace}, which enforces Pod Security "restricted": without the Linkerd CNI plugin the linkerd-init container needs NET_ADMIN and NET_RAW, and the API server rejects the pods`,
          fix: 'install Linkerd with the CNI plugin (linkerd-cni) and acknowledge CT-TRAFFIC-051 saying so',
        })),
      );
    },
  },
  LITERAL_IP_RULE,
];
