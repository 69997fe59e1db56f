import type { FactSink } from './fact-sink';
import type { Manifest } from './read-output';
import { at, labelText, list, text } from './values';

/**
 * Gateway API Inference Extension InferencePool: the pods it selects, the target ports (a port removed is a
 * reachability change), the protocol, and its endpoint picker with the failure mode.
 * @see https://gateway-api-inference-extension.sigs.k8s.io/api-types/inferencepool/
 */
export function inferencePoolFacts(m: Manifest, sink: FactSink): void {
  sink.add('selector', 'info', labelText(at(m.body, 'spec.selector.matchLabels')));
  sink.reach(
    'target ports',
    list(at(m.body, 'spec.targetPorts')).map((p) => text(at(p, 'number'))),
  );
  sink.add('appProtocol', 'info', at(m.body, 'spec.appProtocol'));
  const ref = at(m.body, 'spec.endpointPickerRef');
  sink.add(
    'endpoint picker',
    'info',
    ref === undefined
      ? undefined
      : `${text(at(ref, 'kind')) || 'Service'} ${text(at(ref, 'name'))}:${text(at(ref, 'port.number'))}`,
  );
  sink.add('endpoint picker failureMode', 'info', at(ref, 'failureMode'));
}
