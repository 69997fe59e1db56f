import { Chart } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * The shared objects a chart has written so far (a waypoint of a namespace, an Istio Gateway several apps declare),
 * by key, held by a construct of the chart (it writes no object), so the record lives and ends with its chart. The
 * chart's checks (`checkExposureConflicts`) report declarers that disagree before anything is written.
 */
class WrittenShared extends Construct {
  static of(chart: Chart): Set<string> {
    const found = chart.node.tryFindChild(WRITTEN_SHARED_ID);
    return (found instanceof WrittenShared ? found : new WrittenShared(chart, WRITTEN_SHARED_ID)).keys;
  }

  readonly keys = new Set<string>();
}

const WRITTEN_SHARED_ID = 'cdk-traffic-shared-objects';

/** True for the first exposure of a chart that writes the shared object `key` (e.g. `Gateway/shop/waypoint`). */
export function firstInChart(scope: Construct, key: string): boolean {
  const keys = WrittenShared.of(Chart.of(scope));
  if (keys.has(key)) return false;
  keys.add(key);
  return true;
}
