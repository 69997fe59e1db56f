import type { IIoK8sApiCoreV1Probe } from 'kubernetes-models/v1/Probe';
import type { ProbeSpec } from '../../model/workload/probe';

/** The manifest form of a resolved probe. Every timing field is written, so health checks can be compared to it. */
export function renderProbe(p: ProbeSpec): IIoK8sApiCoreV1Probe {
  const timing = {
    initialDelaySeconds: p.initialDelaySeconds,
    periodSeconds: p.periodSeconds,
    timeoutSeconds: p.timeoutSeconds,
    successThreshold: p.successThreshold,
    failureThreshold: p.failureThreshold,
  };
  const a = p.action;
  // Keep the port as the user referred to it (name or number); a defaulted port is named when it has a name.
  const port = a.kind === 'exec' ? 0 : (a.port ?? p.portName ?? p.portNumber ?? 0);
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
        ...timing,
      };
    case 'tcpSocket':
      return { tcpSocket: { port }, ...timing };
    case 'grpc':
      return { grpc: { port: p.portNumber ?? 0, service: a.service }, ...timing };
    case 'exec':
      return { exec: { command: [...a.command] }, ...timing };
  }
}
