import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/**
 * CT-TARGET-003: an app asking for the Gateway API experimental channel is not written for clusters with the
 * standard-channel CRDs (they reject experimental fields by strict decoding; the v1.6 CRDs' admission policy blocks
 * installing experimental CRDs over standard ones).
 */
export const CT_TARGET_003: Rule = {
  id: 'CT-TARGET-003',
  severity: 'error',
  description:
    'An app asking for the Gateway API experimental channel is not written for a standard-channel target (the API server rejects experimental fields).',
  check(app) {
    if (app.traffic.gatewayApiChannel !== 'experimental') return NOT_APPLICABLE;
    if (app.targets.gatewayApiChannel !== 'standard') return outcome([]);
    return outcome([
      {
        field: 'traffic.gatewayApiChannel',
        value: 'experimental',
        message:
          'asks for experimental Gateway API fields (HTTPRoute retry), but the targets declare the standard-channel CRDs, whose API server rejects them (strict decoding: unknown field)',
        fix: "remove `traffic.gatewayApiChannel` (the routes are written without experimental fields; CT-TRAFFIC-030 says what is left out), declare gatewayApiChannel: 'experimental' if the clusters run those CRDs, or Gateway API 1.7 where retry is standard",
      },
    ]);
  },
};
