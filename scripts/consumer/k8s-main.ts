// A Kubernetes-only program, as a new user writes it in a project made by `cdk8s init typescript-app`.
import { App, Duration } from 'cdk8s';
import { IngressExposure, Probe, TrafficApp, TrafficChart, TrafficProfile } from 'cdk-traffic';
import type { Warning } from 'cdk-traffic';

const shop = TrafficApp.define({
  name: 'shop',
  namespace: 'shop',
  image: 'ghcr.io/acme/shop:1.4.2',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http' }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  traffic: { profile: TrafficProfile.STANDARD, requestTimeout: Duration.seconds(30) },
  expose: [IngressExposure.alb({ hosts: ['shop.example.com'] })],
});

const app = new App();
const chart = new TrafficChart(app, 'shop', { apps: [shop] });
const warnings: readonly Warning[] = chart.warnings;
if (warnings.length > 0) console.error(`${warnings.length} warning(s)`);
app.synth();
