import type { TrafficApp } from '../app';
import type { AppSpec } from '../app-spec';
import type { EgressRuleSpec, HttpRuleSpec, PolicyPortSpec } from '../dataplane/dataplane-spec';
import { Problems } from '../problems';
import type { MeshConnectionTrait } from '../exposure/traits';
import { connectionRule, meshHop } from '../dataplane/mesh-traffic';
import { findPort } from './port-resolution';
import { LabelIn, policyPods } from '../delivery/primary-pods';

/**
 * A call this app makes to another app, by reference: the other app's Service (optionally one port of it).
 * Both network policies, the Linkerd authorization and the traffic map follow from it.
 */
export interface CallProps {
  /** The app called (its `TrafficApp`, from any chart of the program). */
  readonly app: TrafficApp;
  /**
   * The called app's Service port, by name.
   * @default every port of its Service
   */
  readonly port?: string;
}

/**
 * A resolved call: where it goes (the callee's Service and the pods' ports behind it) and what the callee side
 * needs written so it is admitted (its network policy's kind and name, its mesh's authorization target).
 */
export interface CallSpec {
  /** The definition field, e.g. `calls[0]`. */
  readonly field: string;
  readonly app: string;
  readonly namespace: string;
  /**
   * The callee's pod selector (every version). With Flagger delivering the callee, without the label it renames on
   * the primary pods, which `selectorExpressions` requires instead.
   */
  readonly selector: Readonly<Record<string, string>>;
  /** Flagger delivers the callee: its renamed label `In [<value>, <value>-primary]` (the primary pods are called too). */
  readonly selectorExpressions?: readonly LabelIn[];
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceName: string;
  /** The Service ports called. */
  readonly servicePorts: readonly { readonly name?: string; readonly port: number }[];
  /** The pods' ports behind them (network policies see these: the Service has translated the address). */
  readonly podPorts: readonly PolicyPortSpec[];
  /** The callee's network policy, when it has one: the caller writes an allowance beside it (same kind). */
  readonly calleePolicy?: { readonly kind: 'cilium' | 'kubernetes'; readonly name: string };
  /** The callee's HTTP allow-list on the called ports (Cilium), copied into the allowance so it still applies. */
  readonly http: Readonly<Record<number, readonly HttpRuleSpec[]>>;
  /** The callee mesh's authorization target, when the callee's mesh admits listed clients only. */
  readonly meshGrant?: {
    readonly group: string;
    readonly kind: string;
    readonly name: string;
    readonly mesh: string;
    /** How the caller is granted (`MeshTrait.authorization.grantBy`). */
    readonly grantBy: 'reference' | 'principal';
    /** `principal`: the callee pods the grant selects; undefined: bound to the target by reference. */
    readonly selector?: Readonly<Record<string, string>>;
    /** `principal`: the ports granted (the pods' with `selector`, else the Service's, which the waypoint sees). */
    readonly ports: readonly number[];
  };
  /** Where the caller's pods connect instead of the callee's pods (its mesh's waypoint), when they do. */
  readonly hop?: MeshConnectionTrait;
}

/** The app's declared calls, resolved against each callee; the caller's restricted egress admits them. */
export function resolveCalls(
  problems: Problems,
  calls: readonly (TrafficApp | CallProps)[] | undefined,
  caller: AppSpec,
): AppSpec {
  if (calls === undefined || calls.length === 0) return caller;
  const out: CallSpec[] = [];
  calls.forEach((c, i) => {
    const field = `calls[${i}]`;
    const call = isCallProps(c) ? c : { app: c };
    // A wrong `app` was reported by the input check (its placeholder is no app).
    if (typeof call.app?.resolveAsCallee !== 'function') return;
    const spec = resolveCall(problems, field, call, caller);
    if (spec) out.push(spec);
  });
  const policy = caller.dataplane?.policy;
  const dataplane =
    caller.dataplane && policy?.egress
      ? {
          ...caller.dataplane,
          policy: {
            ...policy,
            egress: [
              ...policy.egress,
              ...out.map((c) => ({
                why: `${c.field}: calls app "${c.app}"`,
                to: {
                  kind: 'pods' as const,
                  namespace: c.namespace,
                  labels: { ...c.selector },
                  ...(c.selectorExpressions ? { expressions: c.selectorExpressions } : {}),
                },
                ports: c.podPorts,
                dnsVisibility: false,
                call: c.app,
              })),
              ...hopRules(out),
            ],
          },
        }
      : caller.dataplane;
  return { ...caller, calls: out, ...(dataplane ? { dataplane } : {}) };
}

/** One egress rule per mesh proxy the calls go through (a waypoint several callees share is one rule). */
function hopRules(calls: readonly CallSpec[]): EgressRuleSpec[] {
  const byHop = new Map<string, { hop: MeshConnectionTrait; calls: CallSpec[] }>();
  for (const c of calls) {
    if (!c.hop) continue;
    const key = JSON.stringify([c.hop.to, c.hop.ports]);
    const entry = byHop.get(key) ?? { hop: c.hop, calls: [] };
    entry.calls.push(c);
    byHop.set(key, entry);
  }
  return [...byHop.values()].map(({ hop, calls: through }) =>
    connectionRule(
      {
        ...hop,
        why: `${through.map((c) => c.field).join(', ')}: calls ${through.map((c) => `app "${c.app}"`).join(', ')} through ${hop.why}`,
      },
      through[0].app,
    ),
  );
}

function isCallProps(c: TrafficApp | CallProps): c is CallProps {
  return typeof c === 'object' && c !== null && Object.getPrototypeOf(c) === Object.prototype;
}

/** One call: the callee's Service and port, its policy and its mesh's authorization. */
function resolveCall(problems: Problems, field: string, call: CallProps, caller: AppSpec): CallSpec | undefined {
  const callee = call.app.resolveAsCallee(caller.targets).spec;
  if (callee.name === caller.name && callee.namespace === caller.namespace) {
    problems.add(`${field}.app`, callee.name, 'is this app itself', 'remove the call: an app reaches its own pods');
    return undefined;
  }
  if (!callee.service) {
    problems.add(
      `${field}.app`,
      callee.name,
      `app "${callee.name}" has no Service (\`service: false\`): a call goes to the called app's Service`,
      `give "${callee.name}" a Service, or remove the call`,
    );
    return undefined;
  }
  const named = call.port === undefined ? undefined : findPort(callee.service.ports, call.port);
  const ports = call.port === undefined ? callee.service.ports : named ? [named] : [];
  if (ports.length === 0) {
    const names = callee.service.ports.map((p) => p.name).filter((n) => n !== undefined);
    problems.add(
      `${field}.port`,
      call.port,
      `is not a port of the Service of app "${callee.name}" (its ports: ${names.join(', ') || 'none named'})`,
      names.length > 0
        ? `use one of ${names.map((n) => `'${n}'`).join(', ')}, or leave \`port\` out for every port`
        : 'leave `port` out',
    );
    return undefined;
  }
  const podPorts = ports.map((p) => ({ port: p.target.port, protocol: p.target.protocol }));
  const policy = callee.dataplane?.policy;
  const http: Record<number, HttpRuleSpec[]> = {};
  for (const r of policy?.ingress ?? [])
    for (const [port, rules] of Object.entries(r.http))
      if (findPort(podPorts, Number(port)))
        for (const rule of rules) {
          const list = (http[Number(port)] ??= []);
          if (!list.some((x) => x.method === rule.method && x.path === rule.path)) list.push({ ...rule });
        }
  const pods = policyPods(callee);
  return {
    field,
    app: callee.name,
    namespace: callee.namespace,
    selector: pods.labels,
    ...(pods.expressions ? { selectorExpressions: pods.expressions } : {}),
    labels: callee.labels,
    serviceName: callee.service.name,
    servicePorts: ports.map((p) => ({ ...(p.name !== undefined ? { name: p.name } : {}), port: p.port })),
    podPorts,
    ...(policy && callee.dataplane ? { calleePolicy: { kind: callee.dataplane.kind, name: policy.name } } : {}),
    http,
    ...meshGrant(problems, field, callee, caller, podPorts, ports),
    ...withHop(meshHop(caller, callee)),
  };
}

/**
 * The callee's mesh authorization: a caller outside that mesh is denied by it (a problem); a meshed caller gets a
 * grant of its ServiceAccount when the mesh admits listed clients only.
 */
function meshGrant(
  problems: Problems,
  field: string,
  callee: AppSpec,
  caller: AppSpec,
  podPorts: readonly PolicyPortSpec[],
  servicePorts: readonly { readonly port: number }[],
): Pick<CallSpec, 'meshGrant'> {
  const mesh = callee.exposures.map((e) => e.traits.mesh).find((m) => m?.authorization);
  const auth = mesh?.authorization;
  if (!mesh || !auth) return {};
  if (auth.podPort !== undefined && !findPort(podPorts, auth.podPort)) return {};
  const mine = caller.exposures.some((e) => e.traits.mesh?.mesh === mesh.mesh);
  if (!mine) {
    const where = auth.podPort !== undefined ? `on port ${auth.podPort}` : 'on every port';
    problems.add(
      `${field}.app`,
      callee.name,
      `app "${callee.name}" admits only ${auth.admits === 'any-meshed' ? 'meshed clients' : 'the meshed clients it lists'} ${where} (its ${mesh.mesh} authorization of ${auth.targetKind} "${auth.targetName}"), and this app is not in the ${mesh.mesh} mesh: the call would be denied`,
      `put this app in the ${mesh.mesh} mesh too (e.g. \`expose: [Mesh.${mesh.mesh}({ ... })]\`)${auth.podPort !== undefined ? ', or call another port' : ''}`,
    );
    return {};
  }
  if (auth.admits === 'any-meshed') return {};
  const grantBy = auth.grantBy ?? 'reference';
  return {
    meshGrant: {
      group: auth.targetGroup,
      kind: auth.targetKind,
      name: auth.targetName,
      mesh: mesh.mesh,
      grantBy,
      ...(auth.selector ? { selector: { ...auth.selector } } : {}),
      ports: [...new Set((auth.selector ? podPorts : servicePorts).map((p) => p.port))],
    },
  };
}

function withHop(hop: MeshConnectionTrait | undefined): Pick<CallSpec, 'hop'> {
  return hop ? { hop } : {};
}
