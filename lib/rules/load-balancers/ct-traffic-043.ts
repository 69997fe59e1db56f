import { layerSettings } from '../exposure-layers';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../rule';
import { streamOf } from '../helpers';
import type { AppSpec } from '../../model/app-spec';

/**
 * CT-TRAFFIC-043: In the streaming profile, no exposure has a request timeout shorter than the longest stream: neither
 * one it writes nor its implementation's default where it writes none (`traits.implementationDefaults`, e.g. Envoy
 * Gateway's 15 s route timeout behind a GRPCRoute).
 */
export const CT_TRAFFIC_043: Rule = {
  id: 'CT-TRAFFIC-043',
  severity: 'error',
  description: 'In the streaming profile, no exposure has a request timeout shorter than the longest stream.',
  check(app) {
    const max = streamOf(app);
    const found = layerSettings(app).filter((s) => s.name === 'requestTimeoutSeconds');
    const defaults = implementationDefaultFindings(app, max);
    if (max === undefined || (found.length === 0 && defaults === undefined)) return NOT_APPLICABLE;
    return outcome([
      ...found
        .filter((s) => typeof s.value === 'number' && s.value > 0 && s.value < max)
        .map((s) => ({
          field: s.field,
          value: s.value,
          message: `the request timeout of ${s.layer} (${s.value}s) is shorter than the longest stream (${max}s): streams would be cut`,
          fix: `leave the timeout to the traffic policy (none in the streaming profile) or set it to at least ${max}s`,
        })),
      ...(defaults ?? []),
    ]);
  },
};

/** The layers whose implementation's default request timeout applies and cuts the longest stream. */
function implementationDefaultFindings(app: AppSpec, max: number | undefined): RuleFinding[] | undefined {
  if (max === undefined) return undefined;
  const layers = app.exposures
    .map((e, i) => ({ t: e.traits, i }))
    .filter(({ t }) => t.implementationDefaults?.requestTimeoutSeconds !== undefined);
  if (layers.length === 0) return undefined;
  return layers
    .filter(({ t }) => t.implementationDefaults!.requestTimeoutSeconds! < max)
    .map(({ t, i }) => {
      const d = t.implementationDefaults!;
      return {
        field: `expose[${i}]`,
        value: t.label,
        message: `${t.label} writes no request timeout, so ${d.source}'s default of ${d.requestTimeoutSeconds}s applies (${d.see}): streams longer than that (the longest: ${max}s) would be cut`,
        fix: `set the timeout where ${d.source} reads it: declare \`traffic.requestTimeout\` of at least ${max}s where the layer writes it (Envoy Gateway: its BackendTrafficPolicy), or use a route that writes its timeout (an HTTPRoute writes \`timeouts.request\`)`,
      };
    });
}
