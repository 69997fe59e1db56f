// The README's Quick start as a user writes it: the app in its own module (tests import it), main.ts synthesizes.
import { IngressExposure, Probe, TrafficApp } from 'cdk-traffic';

export const shop = TrafficApp.define({
  name: 'shop',
  namespace: 'shop',
  image: 'ghcr.io/acme/shop:1.4.2',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http' }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  expose: [IngressExposure.alb({ hosts: ['shop.example.com'] })],
});
