import * as fs from 'fs';
import * as path from 'path';
import { planFolders } from '../../lib/plan/plan';
import { copyOfBase, edit, removeTemporaryFolders } from './support';

afterAll(removeTemporaryFolders);

const FILE = 'k8s/inference.k8s.yaml';
const POOL = `---
apiVersion: inference.networking.k8s.io/v1
kind: InferencePool
metadata:
  labels:
    app.kubernetes.io/managed-by: cdk-traffic
    app.kubernetes.io/name: inference
  name: inference-models-v1
  namespace: ai
spec:
  appProtocol: http
  endpointPickerRef:
    failureMode: FailClose
    kind: Service
    name: inference-v1-epp
    port:
      number: 9002
  selector:
    matchLabels:
      app.kubernetes.io/name: inference
      version: v1
  targetPorts:
    - number: 8080
    - number: 8081
`;

/** An output folder with the pool appended to the inference chart. */
function withPool(): string {
  const dir = copyOfBase();
  fs.appendFileSync(path.join(dir, FILE), POOL);
  return dir;
}

test('an InferencePool: a target port removed is a caution, the failure mode and picker are listed', () => {
  const base = withPool();
  const head = withPool();
  edit(head, FILE, '    - number: 8081\n', '');
  edit(head, FILE, 'failureMode: FailClose', 'failureMode: FailOpen');
  const changes = planFolders(base, head).changes.map((c) => [c.layer, c.setting, c.before, c.after, c.severity]);
  expect(changes).toEqual(
    expect.arrayContaining([
      ['Gateway API Inference Extension', 'target ports', '8080, 8081', '8080', 'caution'],
      ['Gateway API Inference Extension', 'endpoint picker failureMode', 'FailClose', 'FailOpen', 'info'],
    ]),
  );
  expect(changes).toHaveLength(2);
});
