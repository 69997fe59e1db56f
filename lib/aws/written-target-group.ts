import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';

/**
 * The `aws_lb_target_group` of a `ManagedLoadBalancer`: an `LbTargetGroup` that tells whether its written form can
 * differ from its inputs (the written target group check, CT-AWS-020, then serializes it; otherwise it reads the
 * inputs, and the resource is serialized once, by the synth).
 */
export class WrittenTargetGroup extends LbTargetGroup {
  /**
   * True when the written form may not be the inputs: an `addOverride` on the resource, or a move (`moveTo`,
   * `moveToId`, `moveFromId`).
   */
  get overriddenOrMoved(): boolean {
    return Object.keys(this.rawOverrides ?? {}).length > 0 || Boolean(this.hasResourceMove());
  }
}
