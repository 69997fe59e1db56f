import { Duration } from 'cdk8s';
import { LoadBalancerServiceExposure, Probe, TrafficApp } from 'cdk-traffic';

/**
 * A gRPC service behind an internal NLB (Service type LoadBalancer, `loadBalancerClass:
 * service.k8s.aws/nlb`, pod IP targets). The NLB terminates TLS with the TLS 1.3 policy and negotiates
 * HTTP/2 (ALPN); its TCP health check is the readiness probe's port. The app's own ClusterIP Service stays
 * for in-cluster clients.
 */
export const grpcOrders = TrafficApp.define({
  name: 'orders',
  namespace: 'backend',
  image: 'ghcr.io/acme/orders:1.9.0',
  replicas: 3,
  ports: [{ name: 'grpc', port: 9090, appProtocol: 'grpc' }],
  readiness: Probe.grpc({ port: 'grpc', period: Duration.seconds(10) }),
  service: { ports: [{ name: 'grpc', port: 443, targetPort: 'grpc' }] },
  expose: [
    LoadBalancerServiceExposure.nlb({
      scheme: 'internal',
      tls: {
        certificateArns: ['arn:aws:acm:eu-west-1:123456789012:certificate/1a2b3c4d-5e6f-4a0b-9c8d-7e6f5a4b3c2d'],
        alpnPolicy: 'HTTP2Only', // gRPC needs HTTP/2: never negotiate HTTP/1.1
      },
      sourceRanges: ['10.0.0.0/8'],
      preserveClientIp: true,
    }),
  ],
});
