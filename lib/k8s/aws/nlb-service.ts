import { Construct } from 'constructs';
import type { IService } from 'kubernetes-models/v1/Service';
import type { AppSpec } from '../../model/app-spec';
import { NlbServiceSpec, NLB_LOAD_BALANCER_CLASS } from '../../model/aws/nlb-service';
import { addObject } from '../api-object';
import { exposureMetadata, loadBalancerServiceSpec } from '../expose/exposure-object';
import { ciliumServiceAnnotations } from '../dataplane/cilium-service-annotations';
import { nlbServiceAnnotations } from './nlb-service-annotations';

/** Props of `AppNlbService`. */
export interface AppNlbServiceProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved NLB exposure. */
  readonly spec: NlbServiceSpec;
}

/**
 * A Service of type LoadBalancer, separate from the app's ClusterIP Service, that the AWS Load Balancer
 * Controller turns into an NLB (`loadBalancerClass: service.k8s.aws/nlb`).
 */
export class AppNlbService extends Construct {
  constructor(scope: Construct, id: string, props: AppNlbServiceProps) {
    super(scope, id);
    const { app, spec } = props;
    addObject<IService>(this, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      // The controller's annotations from the typed values, then the escape hatch (checked against them).
      metadata: exposureMetadata(
        app,
        { ...spec, annotations: { ...nlbServiceAnnotations(spec), ...spec.annotations } },
        ciliumServiceAnnotations(app),
      ),
      spec: loadBalancerServiceSpec(app, spec, {
        loadBalancerClass: NLB_LOAD_BALANCER_CLASS,
        // ip targets are the pods themselves: no node port is needed.
        allocateLoadBalancerNodePorts: spec.targetType === 'ip' ? false : undefined,
      }),
    });
  }
}

/** @deprecated Renamed `AppNlbServiceProps`. */
export type AppLoadBalancerServiceProps = AppNlbServiceProps;
/** @deprecated Renamed `AppNlbService` (the AWS NLB Service; `AppCloudLoadBalancerService` is the cloud-neutral one). */
export const AppLoadBalancerService = AppNlbService;
