import type { OutputIndex } from './output-index';
import type { TfResource } from './read-output';
import { at, stableJson, text } from './values';

/** The Terraform addresses a resource refers to (`${aws_lb.lb_shop.arn}` refers to `aws_lb.lb_shop`). */
export function referencesOf(r: TfResource): string[] {
  const found = stableJson(r.body).matchAll(/\b(aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)\./g);
  return [...new Set([...found].map((m) => m[1]))].sort();
}

/**
 * Which app each Terraform resource belongs to: a target group is its TargetGroupBinding's app (when the Kubernetes
 * output is there); a resource that names target groups (a listener rule, an alarm) the one app of those; everything
 * else the app of its load balancer (found through the references, either way: a record names the load balancer, the
 * load balancer names its security group). A load balancer that serves one app is that app's; one shared by several apps, or whose apps
 * the output does not say, is reported as `load balancer <name>`.
 */
export class TerraformOwners {
  private readonly byAddress = new Map<string, TfResource>();
  private readonly neighbours = new Map<string, Set<string>>();

  constructor(
    resources: readonly TfResource[],
    private readonly index: OutputIndex,
  ) {
    for (const r of resources) this.byAddress.set(r.address, r);
    for (const r of resources) {
      for (const ref of referencesOf(r)) {
        if (!this.byAddress.has(ref)) continue;
        this.link(r.address, ref);
        this.link(ref, r.address);
      }
    }
  }

  resource(address: string): TfResource | undefined {
    return this.byAddress.get(address);
  }

  /** The name of a resource's `name` attribute, or its address. */
  nameOf(address: string): string {
    const r = this.byAddress.get(address);
    return text(r && at(r.body, 'name')) || address;
  }

  appOf(r: TfResource): string {
    if (r.type === 'aws_lb_target_group') {
      const owner = this.index.targetGroupOwner(this.nameOf(r.address));
      if (owner) return owner.app;
    }
    // A listener rule, an alarm: the one app of the target groups it names.
    const direct = this.targetGroupApps(referencesOf(r));
    if (direct.length === 1) return direct[0];
    const lb = this.loadBalancerOf(r.address);
    if (!lb) return `Terraform ${r.address}`;
    const apps = this.targetGroupApps(this.reachable(lb, 3).filter((a) => a.startsWith('aws_lb_target_group.')));
    return apps.length === 1 ? apps[0] : `load balancer ${this.nameOf(lb)}`;
  }

  /** The nearest `aws_lb` to a resource through the references (breadth first, stable order). */
  loadBalancerOf(address: string): string | undefined {
    if (address.startsWith('aws_lb.')) return address;
    const seen = new Set([address]);
    let frontier = [address];
    for (let depth = 0; depth < 4 && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const a of frontier) {
        for (const n of [...(this.neighbours.get(a) ?? [])].sort()) {
          if (n.startsWith('aws_lb.')) return n;
          if (seen.has(n) || n.startsWith('aws_lb_target_group.')) continue;
          seen.add(n);
          next.push(n);
        }
      }
      frontier = next;
    }
    return undefined;
  }

  private targetGroupApps(addresses: readonly string[]): string[] {
    const apps = addresses
      .filter((a) => a.startsWith('aws_lb_target_group.'))
      .map((a) => this.index.targetGroupOwner(this.nameOf(a))?.app);
    return apps.every((a) => a !== undefined) ? [...new Set(apps as string[])].sort() : [];
  }

  /** Addresses within `depth` hops of one (through listeners and rules, for a load balancer's target groups). */
  private reachable(from: string, depth: number): string[] {
    const seen = new Set([from]);
    let frontier = [from];
    for (let d = 0; d < depth; d++) {
      frontier = frontier.flatMap((a) => [...(this.neighbours.get(a) ?? [])].filter((n) => !seen.has(n)));
      frontier.forEach((n) => seen.add(n));
    }
    return [...seen];
  }

  private link(a: string, b: string): void {
    const set = this.neighbours.get(a) ?? new Set<string>();
    set.add(b);
    this.neighbours.set(a, set);
  }
}
