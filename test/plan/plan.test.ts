import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { planFolders } from '../../lib/plan/plan';
import { BASE, cli, copyOfBase, edit, editStack, removeTemporaryFolders } from './support';

afterAll(removeTemporaryFolders);

const INFERENCE_K8S = 'k8s/inference.k8s.yaml';
const INFERENCE_TF = 'terraform/stacks/inference/cdk.tf.json';

/** The inference canary from 1% to 10% on every layer that writes it: HTTPRoute and VirtualService, the listener rule. */
function moveCanaryTo10(head: string): void {
  edit(head, INFERENCE_K8S, /weight: 99\n/, 'weight: 90\n', 2);
  edit(head, INFERENCE_K8S, /weight: 1\n/, 'weight: 10\n', 2);
  edit(head, INFERENCE_TF, '"weight": 99', '"weight": 90');
  edit(head, INFERENCE_TF, '"weight": 1\n', '"weight": 10\n');
}

describe('cdk-traffic plan: pairs of outputs', () => {
  test('the same output twice: no traffic changes, exit 0', () => {
    expect(cli('plan', BASE, BASE)).toEqual({ code: 0, out: 'no traffic changes\n', err: '' });
  });

  test('a canary 1 -> 10 and an ALB idle timeout 60 -> 600 s are exactly two changes', () => {
    const head = copyOfBase();
    moveCanaryTo10(head);
    editStack(head, 'public-web', (s) => (s.resource.aws_lb.lb_public_web.idle_timeout = 600));

    const plan = planFolders(BASE, head);
    expect(plan.changes.map((c) => [c.app, c.setting, c.before, c.after, c.severity])).toEqual([
      ['ai/inference', 'canary split', 'v1 99%, v2 1%', 'v1 90%, v2 10%', 'info'],
      ['load balancer public-web', 'idle timeout', '60s', '600s', 'info'],
    ]);
    // The split as written on each of the three layers.
    expect(plan.changes[0].details).toEqual([
      'AWS (Terraform): aws_lb_listener_rule ai-inference:443 when host_header ["llm-api.example.com"] forward: ai-inference-80-v1 99, ai-inference-80-v2 1 -> ai-inference-80-v1 90, ai-inference-80-v2 10',
      'Gateway API: HTTPRoute ai/inference rule "default" backends: inference-v1:80 99, inference-v2:80 1 -> inference-v1:80 90, inference-v2:80 10',
      'Istio: VirtualService ai/inference http route "default" destinations: inference.ai.svc.cluster.local subset v1 99, inference.ai.svc.cluster.local subset v2 1 -> inference.ai.svc.cluster.local subset v1 90, inference.ai.svc.cluster.local subset v2 10',
    ]);
    const run = cli('plan', BASE, head);
    expect(run.code).toBe(2);
    expect(run.out.split('\n').filter((l) => l.startsWith('  ['))).toEqual([
      '  [info] all layers: canary: canary split: v1 99%, v2 1% -> v1 90%, v2 10%',
      '  [info] AWS (Terraform): aws_lb public-web: idle timeout: 60s -> 600s',
    ]);
  });

  test('an idle timeout made shorter is caution', () => {
    const head = copyOfBase();
    editStack(head, 'inference', (s) => (s.resource.aws_lb.lb_ai_inference.idle_timeout = 60));
    const [change] = planFolders(BASE, head).changes;
    expect(change).toMatchObject({
      app: 'ai/inference',
      subject: 'aws_lb ai-inference',
      before: '600s',
      after: '60s',
      severity: 'caution',
    });
    expect(change.reason).toMatch(/shorter \(600s -> 60s\)/);
  });

  test('a target group port change is disruptive', () => {
    const head = copyOfBase();
    editStack(head, 'public-web', (s) => (s.resource.aws_lb_target_group.tg_public_web_api_80.port = 9090));
    expect(planFolders(BASE, head).changes).toEqual([
      expect.objectContaining({
        app: 'public-web/api',
        subject: 'aws_lb_target_group public-web-api-80',
        setting: 'port',
        before: '8080',
        after: '9090',
        severity: 'disruptive',
      }),
    ]);
    expect(cli('plan', BASE, head, '--fail-on', 'disruptive').code).toBe(2);
  });

  test('a target group of a new name (a new resource) is one disruptive replacement', () => {
    const head = copyOfBase();
    edit(head, INFERENCE_TF, /ai-inference-80-v2/, 'ai-inference-8080-v2', 5);
    edit(head, INFERENCE_K8S, /ai-inference-80-v2/, 'ai-inference-8080-v2', 2);
    const changes = planFolders(BASE, head).changes;
    expect(changes.map((c) => [c.subject, c.setting, c.before, c.after, c.severity])).toEqual([
      [
        'aws_lb_target_group ai-inference-8080-v2',
        'replaced',
        'aws_lb_target_group ai-inference-80-v2',
        'aws_lb_target_group ai-inference-8080-v2',
        'disruptive',
      ],
      ['TargetGroupBinding ai/ai-inference-80-v2', 'removed', undefined, undefined, 'caution'],
      ['TargetGroupBinding ai/ai-inference-8080-v2', 'added', undefined, undefined, 'info'],
    ]);
    expect(changes[0].details).toContain('name: ai-inference-80-v2 -> ai-inference-8080-v2');
  });

  test('a Deployment selector and a Service type change are disruptive; fewer replicas, a looser PDB are caution', () => {
    const head = copyOfBase();
    edit(
      head,
      'k8s/nginx.k8s.yaml',
      'replicas: 3\n  selector:\n    matchLabels:\n      app: nginx\n',
      'replicas: 3\n  selector:\n    matchLabels:\n      app: nginx\n      tier: web\n',
    );
    edit(head, 'k8s/nginx.k8s.yaml', 'replicas: 3', 'replicas: 2');
    edit(head, 'k8s/nginx.k8s.yaml', 'type: ClusterIP', 'type: LoadBalancer');
    edit(head, 'k8s/nginx.k8s.yaml', 'maxUnavailable: 1', 'maxUnavailable: 2');
    const changes = planFolders(BASE, head).changes;
    expect(changes.map((c) => [c.subject, c.setting, c.before, c.after, c.severity])).toEqual([
      ['Deployment default/nginx-deployment', 'replicas', '3', '2', 'caution'],
      ['Deployment default/nginx-deployment', 'selector', 'app=nginx', 'app=nginx,tier=web', 'disruptive'],
      ['PodDisruptionBudget default/nginx', 'maxUnavailable', '1', '2', 'caution'],
      ['Service default/nginx-service', 'type', 'ClusterIP', 'LoadBalancer', 'disruptive'],
    ]);
  });

  test('a load balancer scheme change and a Gateway of another class are disruptive', () => {
    const head = copyOfBase();
    editStack(head, 'inference', (s) => (s.resource.aws_lb.lb_ai_inference.internal = true));
    edit(head, INFERENCE_K8S, 'gatewayClassName: cilium', 'gatewayClassName: istio');
    expect(planFolders(BASE, head).changes).toEqual([
      expect.objectContaining({
        setting: 'scheme',
        before: 'internet-facing',
        after: 'internal',
        severity: 'disruptive',
      }),
      expect.objectContaining({
        subject: 'Gateway ai/llm',
        setting: 'gatewayClassName',
        before: 'cilium',
        after: 'istio',
        severity: 'disruptive',
        reason: 'another controller serves it: a new load balancer or data path',
      }),
    ]);
  });

  test('another canary header: one change per layer, caution (a request that sent the old header goes elsewhere)', () => {
    const head = copyOfBase();
    edit(head, INFERENCE_K8S, /x-canary/, 'x-beta', 2);
    edit(head, INFERENCE_TF, '"http_header_name": "x-canary"', '"http_header_name": "x-beta"');
    expect(planFolders(BASE, head).changes.map((c) => [c.layer, c.setting, c.before, c.after, c.severity])).toEqual([
      [
        'AWS (Terraform)',
        'conditions',
        'when host_header ["llm-api.example.com"] and http_header x-canary=["true"]',
        'when host_header ["llm-api.example.com"] and http_header x-beta=["true"]',
        'caution',
      ],
      ['Gateway API', 'rule "header rule 1" match', 'header x-canary=true', 'header x-beta=true', 'caution'],
      [
        'Istio',
        'http route "canary-header" match',
        '[{"headers":{"x-canary":{"exact":"true"}}}]',
        '[{"headers":{"x-beta":{"exact":"true"}}}]',
        'caution',
      ],
    ]);
  });

  test('a network policy that drops a declared caller is caution', () => {
    const head = copyOfBase();
    edit(
      head,
      INFERENCE_K8S,
      '    - fromEndpoints:\n        - matchLabels:\n            k8s:app.kubernetes.io/name: chat-frontend\n            k8s:io.kubernetes.pod.namespace: chat\n      toPorts:\n        - ports:\n            - port: "8080"\n              protocol: TCP\n',
      '',
    );
    expect(planFolders(BASE, head).changes).toEqual([
      {
        app: 'ai/inference',
        layer: 'Cilium',
        subject: 'CiliumNetworkPolicy ai/inference',
        setting:
          'ingress from endpoints {k8s:app.kubernetes.io/name=chat-frontend,k8s:io.kubernetes.pod.namespace=chat}',
        severity: 'caution',
        reason: 'a source no longer admitted (it reached 8080/TCP)',
        before: '8080/TCP',
        after: undefined,
      },
    ]);
  });

  test('health check, deregistration delay and retries: values before and after, shorter drain is caution', () => {
    const head = copyOfBase();
    editStack(head, 'inference', (s) => {
      const tg = s.resource.aws_lb_target_group.tg_ai_inference_80_v1 as {
        health_check: { path: string };
        deregistration_delay: string;
      };
      tg.health_check.path = '/ready';
      tg.deregistration_delay = '30';
    });
    edit(head, INFERENCE_K8S, /attempts: 2\n/, 'attempts: 3\n', 4);
    const changes = planFolders(BASE, head).changes;
    expect(changes.map((c) => [c.layer, c.subject, c.setting, c.before, c.after, c.severity])).toEqual([
      ['AWS (Terraform)', 'aws_lb_target_group ai-inference-80-v1', 'deregistration delay', '600s', '30s', 'caution'],
      ['AWS (Terraform)', 'aws_lb_target_group ai-inference-80-v1', 'health check path', '/health', '/ready', 'info'],
      [
        'Gateway API',
        'HTTPRoute ai/inference',
        'rule "default" retry',
        '{"attempts":2,"codes":[502]}',
        '{"attempts":3,"codes":[502]}',
        'info',
      ],
      [
        'Gateway API',
        'HTTPRoute ai/inference',
        'rule "header rule 1" retry',
        '{"attempts":2,"codes":[502]}',
        '{"attempts":3,"codes":[502]}',
        'info',
      ],
      [
        'Istio',
        'VirtualService ai/inference',
        'http route "canary-header" retries',
        '{"attempts":2,"retryOn":"502"}',
        '{"attempts":3,"retryOn":"502"}',
        'info',
      ],
      [
        'Istio',
        'VirtualService ai/inference',
        'http route "default" retries',
        '{"attempts":2,"retryOn":"502"}',
        '{"attempts":3,"retryOn":"502"}',
        'info',
      ],
    ]);
  });

  test('a reformat and reorder (other YAML style, objects and keys in another order, compact JSON) is no traffic change', () => {
    const head = copyOfBase();
    for (const file of fs.readdirSync(path.join(head, 'k8s'))) {
      const p = path.join(head, 'k8s', file);
      const docs = parseAllDocuments(fs.readFileSync(p, 'utf8')).map((d) => d.toJS() as unknown);
      const reversed = docs
        .reverse()
        .map((d) => stringify(reverseKeys(d), { collectionStyle: 'flow', defaultStringType: 'QUOTE_DOUBLE' }));
      fs.writeFileSync(p, reversed.join('---\n'));
    }
    for (const stack of ['inference', 'public-web']) {
      const p = path.join(head, 'terraform', 'stacks', stack, 'cdk.tf.json');
      fs.writeFileSync(p, JSON.stringify(reverseKeys(JSON.parse(fs.readFileSync(p, 'utf8')))));
    }
    expect(fs.readFileSync(path.join(head, INFERENCE_K8S), 'utf8')).not.toEqual(
      fs.readFileSync(path.join(BASE, INFERENCE_K8S), 'utf8'),
    );
    expect(cli('plan', BASE, head)).toEqual({ code: 0, out: 'no traffic changes\n', err: '' });
  });

  test('two different sets of apps: per app, added and removed apps included', () => {
    const head = copyOfBase();
    fs.rmSync(path.join(head, 'k8s', 'nginx.k8s.yaml'));
    fs.rmSync(path.join(head, 'terraform', 'stacks', 'public-web'), { recursive: true });
    fs.copyFileSync(path.join(BASE, 'k8s', 'nginx.k8s.yaml'), path.join(head, 'k8s', 'web.k8s.yaml'));
    edit(head, 'k8s/web.k8s.yaml', /app: nginx/, 'app: web', 8);
    const plan = planFolders(BASE, head);
    expect(plan.appsAdded).toEqual(['default/web']);
    expect(plan.appsRemoved).toEqual(['default/nginx', 'load balancer public-web']);
    const bySeverity = (app: string): string[] =>
      plan.changes.filter((c) => c.app === app).map((c) => `${c.subject} ${c.setting} ${c.severity}`);
    expect(bySeverity('default/nginx')).toEqual([
      'Deployment default/nginx-deployment removed caution',
      'PodDisruptionBudget default/nginx removed caution',
      'Service default/nginx-service removed caution',
    ]);
    expect(bySeverity('default/web')).toEqual([
      'Deployment default/nginx-deployment added info',
      'PodDisruptionBudget default/nginx added info',
      'Service default/nginx-service added info',
    ]);
    // The public-web target groups were the apps' of the Kubernetes output; without their stack they are removed.
    expect(bySeverity('public-web/frontend')).toContain(
      'aws_lb_target_group public-web-frontend-80-v1 removed caution',
    );
    expect(cli('plan', BASE, head, '--format', 'markdown').out).toContain('#### default/web (added)');
  });
});

function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reverseKeys(x)]),
    );
  }
  return v;
}

describe('cdk-traffic plan: the README example', () => {
  test('the lines the README shows are the plan of a canary 1 -> 10 and a target group port change', () => {
    const head = copyOfBase();
    moveCanaryTo10(head);
    editStack(head, 'inference', (s) => (s.resource.aws_lb_target_group.tg_ai_inference_80_v1.port = 9090));
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const shown = /## Traffic plan[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const lines = cli('plan', BASE, head)
      .out.split('\n')
      .filter((l) => l.startsWith('app ') || l.startsWith('  ['));
    expect(shown.trim().split('\n')).toEqual(lines);
  });
});
