import type { Rule } from './rule';
import { CT_TRAFFIC_060 } from './pods/ct-traffic-060';
import { CT_TRAFFIC_049 } from './pods/ct-traffic-049';
import { CT_TRAFFIC_010 } from './versions/ct-traffic-010';
import { CT_TRAFFIC_011 } from './versions/ct-traffic-011';
import { CT_TRAFFIC_012 } from './versions/ct-traffic-012';
import { CT_TRAFFIC_013 } from './versions/ct-traffic-013';
import { CT_TRAFFIC_014 } from './versions/ct-traffic-014';
import { CT_TRAFFIC_015 } from './versions/ct-traffic-015';
import { CT_TRAFFIC_016 } from './versions/ct-traffic-016';
import { CT_TRAFFIC_017 } from './versions/ct-traffic-017';
import { CT_TRAFFIC_020 } from './retries/ct-traffic-020';
import { CT_TRAFFIC_021 } from './retries/ct-traffic-021';
import { CT_TRAFFIC_030 } from './routes/ct-traffic-030';
import { CT_TRAFFIC_031 } from './routes/ct-traffic-031';
import { CT_TRAFFIC_032 } from './routes/ct-traffic-032';
import { CT_TRAFFIC_040 } from './load-balancers/ct-traffic-040';
import { CT_TRAFFIC_041 } from './load-balancers/ct-traffic-041';
import { CT_TRAFFIC_042 } from './pods/ct-traffic-042';
import { CT_TRAFFIC_043 } from './load-balancers/ct-traffic-043';
import { CT_TRAFFIC_044 } from './load-balancers/ct-traffic-044';
import { CT_TRAFFIC_045 } from './load-balancers/ct-traffic-045';
import { CT_TRAFFIC_046 } from './load-balancers/ct-traffic-046';
import { CT_TRAFFIC_047 } from './pods/ct-traffic-047';
import { CT_TRAFFIC_050 } from './mesh/ct-traffic-050';
import { CT_TRAFFIC_051 } from './mesh/ct-traffic-051';
import { CT_TARGET_001 } from './targets/ct-target-001';
import { CT_TARGET_002 } from './targets/ct-target-002';
import { CT_TARGET_003 } from './targets/ct-target-003';
import { CT_TRAFFIC_070 } from './load-balancers/ct-traffic-070';
import { CT_TRAFFIC_071 } from './load-balancers/ct-traffic-071';
import { CT_TRAFFIC_072 } from './pods/ct-traffic-072';
import { CT_TRAFFIC_073 } from './pods/ct-traffic-073';
import { CT_TRAFFIC_074 } from './pods/ct-traffic-074';
import { CT_DELIVERY_010 } from './delivery/ct-delivery-010';
import { CT_DELIVERY_013 } from './delivery/ct-delivery-013';

// One rule per file, named by its id and grouped by the layer it checks (as cdk-nag does); a test holds every
// file, this list and lib/rules/README.md to each other.

/**
 * The traffic rules (ids `CT-TRAFFIC-0xx`). Checks that resolution already makes are not repeated:
 * weights out of 0-100 or adding up to more than 100, retries with attempts outside 1-10, a per-try
 * timeout longer than the request timeout, and in the streaming profile an idle timeout
 * (CT-TRAFFIC-001), a request timeout (CT-TRAFFIC-002) or a shutdown (CT-TRAFFIC-003) shorter than
 * the longest stream, and a grace period shorter than the deregistration delay (CT-K8S-003).
 */
export const TRAFFIC_RULES: readonly Rule[] = [
  CT_TRAFFIC_010,
  CT_TRAFFIC_011,
  CT_TRAFFIC_012,
  CT_TRAFFIC_013,
  CT_TRAFFIC_014,
  CT_TRAFFIC_015,
  CT_TRAFFIC_016,
  CT_TRAFFIC_017,
  CT_TRAFFIC_020,
  CT_TRAFFIC_021,
  CT_TRAFFIC_030,
  CT_TRAFFIC_031,
  CT_TRAFFIC_032,
  CT_TRAFFIC_040,
  CT_TRAFFIC_041,
  CT_TRAFFIC_042,
  CT_TRAFFIC_043,
  CT_TRAFFIC_044,
  CT_TRAFFIC_045,
  CT_TRAFFIC_046,
  CT_TRAFFIC_047,
  CT_TRAFFIC_050,
  CT_TRAFFIC_051,
  CT_TRAFFIC_060,
  CT_TARGET_001,
  CT_TARGET_002,
  CT_TARGET_003,
  CT_TRAFFIC_070,
  CT_TRAFFIC_071,
  CT_TRAFFIC_072,
  CT_TRAFFIC_073,
  CT_TRAFFIC_074,
  CT_DELIVERY_010,
  CT_DELIVERY_013,
  CT_TRAFFIC_049,
];
