import { NOT_CARRIED_OUT, SETTING_FIELDS, settingFindings } from '../../model/traffic/layer-support';
import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/**
 * CT-TRAFFIC-032: Every declared traffic setting is carried out by every layer the app is exposed through (and the
 * dataplane's proxy, when its L7 rules put one in the path).
 * A setting the definition declares (retries, request and idle timeouts, the deregistration delay, connection
 * limits) that a layer does not carry out, from the table of every setting on every layer (`settingRow`,
 * docs/traffic-settings.md). The other warned cells have rules of their own (CT-TRAFFIC-015, -016, -030, -031);
 * refused cells are errors at resolution (CT-TRAFFIC-033).
 */
export const CT_TRAFFIC_032: Rule = {
  id: 'CT-TRAFFIC-032',
  severity: 'warning',
  description: 'Every declared traffic setting is carried out by every layer the app is exposed through.',
  check(app) {
    const found = settingFindings(app).filter((f) => f.cell.state === 'warned' && f.cell.id === NOT_CARRIED_OUT);
    if (found.length === 0 && app.exposures.length === 0) return NOT_APPLICABLE;
    return outcome(
      found.map((f) => ({
        field: f.field,
        value: f.layer,
        message: `${SETTING_FIELDS[f.setting]} is declared, but ${f.cell.why}`,
        fix: `carry it out where this layer is served (its controller's own policy, or a mesh in front of the pods), or acknowledge ${NOT_CARRIED_OUT} saying where it is done`,
      })),
    );
  },
};
