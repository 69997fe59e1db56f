import { planFolders } from '../../lib/plan/plan';
import { folderWith, removeTemporaryFolders } from './support';

afterAll(removeTemporaryFolders);

/** An app's HPA and Service as a cdk8s output file, with the settings a test varies. */
function output(o: { min: number; max: number; affinity?: string; grace?: number }): string {
  const yaml = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  labels: { app.kubernetes.io/name: api }
  name: api
  namespace: shop
spec:
  minReplicas: ${o.min}
  maxReplicas: ${o.max}
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }
---
apiVersion: v1
kind: Service
metadata:
  labels: { app.kubernetes.io/name: api }
  name: api
  namespace: shop
spec:
  selector: { app.kubernetes.io/name: api }
  ports: [{ name: http, port: 80, targetPort: http }]
${o.affinity ? `  sessionAffinity: ${o.affinity}\n` : ''}---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels: { app.kubernetes.io/name: api }
  name: api
  namespace: shop
spec:
  selector: { matchLabels: { app.kubernetes.io/name: api } }
  template:
    metadata: { labels: { app.kubernetes.io/name: api } }
    spec:
      terminationGracePeriodSeconds: ${o.grace ?? 30}
      containers: [{ name: api, image: api:1 }]
`;
  return folderWith({ 'dist/shop.k8s.yaml': yaml });
}

test('HPA bounds: a lower minimum is caution, a higher maximum info; stickiness and a shorter grace period', () => {
  const changes = planFolders(
    output({ min: 3, max: 10, grace: 60 }),
    output({ min: 2, max: 20, affinity: 'ClientIP', grace: 30 }),
  ).changes;
  expect(changes.map((c) => [c.subject, c.setting, c.before, c.after, c.severity])).toEqual([
    ['Deployment shop/api', 'terminationGracePeriodSeconds', '60s', '30s', 'caution'],
    ['HorizontalPodAutoscaler shop/api', 'maxReplicas', '10', '20', 'info'],
    ['HorizontalPodAutoscaler shop/api', 'minReplicas', '3', '2', 'caution'],
    ['Service shop/api', 'sessionAffinity (stickiness)', undefined, 'ClientIP', 'info'],
  ]);
});

test('the canary header of an ALB Ingress (conditions.<action>) changed is caution, as on the other layers', () => {
  const ingress = (header: string): string =>
    folderWith({
      'dist/web.k8s.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  labels: { app.kubernetes.io/name: web }
  name: web
  namespace: web
  annotations:
    alb.ingress.kubernetes.io/conditions.web-canary: '[{"field":"http-header","httpHeaderConfig":{"httpHeaderName":"${header}","values":["true"]}}]'
spec:
  ingressClassName: alb
  rules: [{ host: web.example.com, http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web-canary, port: { name: use-annotation } } } }] } }]
`,
    });
  expect(planFolders(ingress('x-canary'), ingress('x-beta')).changes).toEqual([
    expect.objectContaining({
      subject: 'Ingress web/web',
      setting: 'alb.ingress.kubernetes.io/conditions.web-canary',
      severity: 'caution',
      reason: 'the rule takes other requests: a request that matched before goes to another rule',
    }),
  ]);
});
