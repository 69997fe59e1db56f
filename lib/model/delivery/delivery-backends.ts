/**
 * The backends of a route a delivery controller drives (Argo Rollouts' Gateway API plugin): the stable Service with
 * the whole share and the canary Service with none, the starting weights the controller then moves step by step.
 * @see https://rollouts-plugin-trafficrouter-gatewayapi.readthedocs.io/en/latest/
 */
export function deliveryBackends(
  services: { readonly stable: string; readonly canary: string },
  port: number,
): { serviceName: string; port: number; share: number }[] {
  return [
    { serviceName: services.stable, port, share: 100 },
    { serviceName: services.canary, port, share: 0 },
  ];
}
