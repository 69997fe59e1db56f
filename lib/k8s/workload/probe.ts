import type { IIoK8sApiCoreV1Probe } from 'kubernetes-models/v1/Probe';
import type { ProbeSpec } from '../../model/workload/probe';

/** The manifest form of a resolved probe. Every timing field is written, so health checks can be compared to it. */
export function renderProbe(p: ProbeSpec): IIoK8sApiCoreV1Probe {
  const a = p.action;
  // Keep the port as the user referred to it (name or number); a defaulted port is named when it has a name.
  const port = a.kind === 'exec' ? 0 : (a.port ?? p.portName ?? p.portNumber ?? 0);
  // Each probe one literal with every timing field: spreading the timing after the action kept it out of the object
  // (a property array more per probe, which cdk8s keeps with the props until synth).
  const { initialDelaySeconds, periodSeconds, timeoutSeconds, successThreshold, failureThreshold } = p;
  switch (a.kind) {
    case 'httpGet':
      return {
        httpGet: {
          path: a.path,
          port,
          scheme: a.scheme === 'HTTP' ? undefined : a.scheme,
          httpHeaders: Object.keys(a.headers).length
            ? Object.entries(a.headers).map(([name, value]) => ({ name, value }))
            : undefined,
        },
        initialDelaySeconds,
        periodSeconds,
        timeoutSeconds,
        successThreshold,
        failureThreshold,
      };
    case 'tcpSocket':
      return {
        tcpSocket: { port },
        initialDelaySeconds,
        periodSeconds,
        timeoutSeconds,
        successThreshold,
        failureThreshold,
      };
    case 'grpc':
      return {
        grpc: { port: p.portNumber ?? 0, service: a.service },
        initialDelaySeconds,
        periodSeconds,
        timeoutSeconds,
        successThreshold,
        failureThreshold,
      };
    case 'exec':
      return {
        exec: { command: [...a.command] },
        initialDelaySeconds,
        periodSeconds,
        timeoutSeconds,
        successThreshold,
        failureThreshold,
      };
  }
}
