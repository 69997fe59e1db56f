import { TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Problems } from '../model/problems';

/**
 * Where the load balancers go. Every value left out becomes a Terraform variable of the stack
 * (`vpc_id`, `public_subnet_ids`, `private_subnet_ids`, `pod_security_group_id`, `hosted_zone_id`), so
 * nothing account-specific is written into the program. Each value may also be a reference to a resource
 * of the user's cdktf code, in this stack or another stack of the same cdktf App (cdktf then writes the
 * cross-stack output and remote state): `{ vpcId: vpc.vpcIdOutput, privateSubnetIds: [a.id, b.id] }`.
 */
export interface AwsNetworkProps {
  /**
   * The VPC of the cluster.
   * @default the Terraform variable `vpc_id`
   */
  readonly vpcId?: string;
  /**
   * Subnets of internet-facing load balancers (at least two zones for an ALB).
   * @default the Terraform variable `public_subnet_ids`
   */
  readonly publicSubnetIds?: readonly string[];
  /**
   * Subnets of internal load balancers (at least two zones for an ALB).
   * @default the Terraform variable `private_subnet_ids`
   */
  readonly privateSubnetIds?: readonly string[];
  /**
   * The security group of the pods (on EKS with the VPC CNI, usually the cluster security group): the
   * stack lets the load balancer reach it on the target ports only.
   * @default the Terraform variable `pod_security_group_id`
   */
  readonly podSecurityGroupId?: string;
  /**
   * The Route 53 hosted zone of the hosts (alias records and certificate validation).
   * @default the Terraform variable `hosted_zone_id` (created only when a record needs it)
   */
  readonly hostedZoneId?: string;
}

/** The network inputs as Terraform values (literals or variable references). */
export interface NetworkInputs {
  readonly vpcId: string;
  subnets(internal: boolean): string[];
  readonly podSecurityGroupId: string;
  hostedZoneId(): string;
}

const SUBNET = /^subnet-[0-9a-f]{8,17}$/;
const VPC = /^vpc-[0-9a-f]{8,17}$/;
const SG = /^sg-[0-9a-f]{8,17}$/;
const ZONE = /^Z[A-Z0-9]{1,31}$/;

/** Whether a value is a cdktf reference (a token: `vpc.id`, `Fn.element(...)`, a variable), checked only by Terraform. */
const ref = (v: unknown): boolean => Token.isUnresolved(v);

/**
 * Checks the network values; `needs` tells which subnet lists must hold at least two subnets. Formats are
 * checked on literal strings only: a cdktf reference (`vpc.id`, a list from another stack) passes through.
 */
export function checkNetwork(
  problems: Problems,
  n: AwsNetworkProps,
  needs: {
    readonly publicAlb: boolean;
    readonly privateAlb: boolean;
    readonly publicLb: boolean;
    readonly privateLb: boolean;
  },
): void {
  if (n === null || typeof n !== 'object') {
    problems.add(
      'network',
      n,
      'is not an object',
      'give `{ vpcId, publicSubnetIds, privateSubnetIds, podSecurityGroupId, hostedZoneId }`, or leave it out for Terraform variables',
    );
    return;
  }
  const id = (key: 'vpcId' | 'podSecurityGroupId' | 'hostedZoneId', re: RegExp, what: string, example: string) => {
    const v = n[key];
    if (v === undefined || ref(v)) return;
    if (typeof v !== 'string' || !re.test(v))
      problems.add(
        `network.${key}`,
        v,
        `is not ${what}`,
        `use an id such as "${example}" or a reference to one (e.g. \`vpc.id\` of your cdktf VPC), or leave it out for the \`${snake(key)}\` variable`,
      );
  };
  id('vpcId', VPC, 'a VPC id', 'vpc-0123456789abcdef0');
  id('podSecurityGroupId', SG, 'a security group id', 'sg-0123456789abcdef0');
  id('hostedZoneId', ZONE, 'a Route 53 hosted zone id', 'Z0123456789ABCDEFGHIJ');
  for (const [key, list, alb, used] of [
    ['publicSubnetIds', n.publicSubnetIds, needs.publicAlb, needs.publicLb],
    ['privateSubnetIds', n.privateSubnetIds, needs.privateAlb, needs.privateLb],
  ] as const) {
    if (list === undefined || !used || ref(list)) continue; // a list reference: its length is known at plan time only
    if (!Array.isArray(list)) {
      problems.add(
        `network.${key}`,
        list,
        'is not a list of subnet ids',
        'give e.g. `["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]`, or a list reference',
      );
      continue;
    }
    list.forEach((s, i) => {
      if (!ref(s) && (typeof s !== 'string' || !SUBNET.test(s)))
        problems.add(
          `network.${key}[${i}]`,
          s,
          'is not a subnet id',
          'use an id such as "subnet-0123456789abcdef0" or a reference to one (`subnet.id`)',
        );
    });
    const min = alb ? 2 : 1;
    if (new Set(list).size < min) {
      problems.add(
        `network.${key}`,
        list,
        alb
          ? 'an application load balancer needs subnets in at least two availability zones'
          : 'a load balancer needs at least one subnet',
        alb
          ? 'list at least two subnets, each in a different availability zone'
          : 'list a subnet of each zone the pods run in',
      );
    }
  }
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The Terraform variables `networkInputs` declares for the props left out, with their types. */
function neededVariables(
  n: AwsNetworkProps,
  needs: { readonly publicLb: boolean; readonly privateLb: boolean },
): [string, string, keyof AwsNetworkProps][] {
  const all: [string, string, keyof AwsNetworkProps, boolean][] = [
    ['vpc_id', 'string', 'vpcId', true],
    ['pod_security_group_id', 'string', 'podSecurityGroupId', true],
    ['public_subnet_ids', 'list(string)', 'publicSubnetIds', needs.publicLb],
    ['private_subnet_ids', 'list(string)', 'privateSubnetIds', needs.privateLb],
  ];
  return all.filter(([, , key, used]) => used && n[key] === undefined).map(([name, type, key]) => [name, type, key]);
}

/**
 * A construct of the user's already named like a variable the load balancers declare (`vpc_id`, ...) in the same
 * stack: another kind of construct cannot be shared (cdktf refuses the second child), and a variable of another
 * type would be reused with the wrong type. Each is a problem naming the prop that avoids the variable.
 */
export function checkNetworkVariables(
  problems: Problems,
  scope: Construct,
  n: AwsNetworkProps,
  needs: { readonly publicLb: boolean; readonly privateLb: boolean },
): void {
  const stack = TerraformStack.of(scope);
  for (const [name, type, key] of neededVariables(n, needs)) {
    const existing = stack.node.tryFindChild(name);
    if (existing === undefined) continue;
    const variable = existing instanceof TerraformVariable;
    if (variable && (existing.type === undefined || existing.type === type)) continue;
    problems.add(
      `network.${key}`,
      variable ? `variable ${name} of type ${existing.type}` : existing.node.path,
      variable
        ? `is left out, so the load balancers read the Terraform variable ${name} of type ${type}, but the stack's variable ${name} has type ${existing.type}`
        : `is left out, so the load balancers declare the Terraform variable ${name}, but the stack already has a construct of that name (${existing.node.path})`,
      `pass \`network: { ${key}: ... }\` (a literal id or a reference to your resource), or rename your construct`,
    );
  }
}

/**
 * Turns the network props into Terraform values, declaring a variable for each one left out (on first use),
 * on the stack of `scope` and once per stack (two sets of load balancers in one stack share `vpc_id`).
 */
export function networkInputs(
  scope: Construct,
  n: AwsNetworkProps,
  needs: { readonly publicAlb: boolean; readonly privateAlb: boolean },
): NetworkInputs {
  const stack = TerraformStack.of(scope);
  const variable = (
    name: string,
    type: string,
    description: string,
    validation?: { condition: string; errorMessage: string },
  ) => {
    const existing = stack.node.tryFindChild(name);
    if (existing instanceof TerraformVariable) return existing;
    return new TerraformVariable(stack, name, {
      type,
      description,
      nullable: false,
      validation: validation ? [validation] : undefined,
    });
  };
  const subnetVar = (name: string, alb: boolean) =>
    variable(
      name,
      'list(string)',
      `Subnets of the ${name.startsWith('public') ? 'internet-facing' : 'internal'} load balancers`,
      {
        condition: `\${length(var.${name}) >= ${alb ? 2 : 1}}`,
        errorMessage: alb
          ? 'An application load balancer needs subnets in at least two availability zones.'
          : 'A load balancer needs at least one subnet.',
      },
    );
  return {
    vpcId: n.vpcId ?? variable('vpc_id', 'string', 'The VPC of the cluster').stringValue,
    podSecurityGroupId:
      n.podSecurityGroupId ??
      variable(
        'pod_security_group_id',
        'string',
        'The security group of the pods (e.g. the EKS cluster security group)',
      ).stringValue,
    subnets: (internal) => {
      const list = internal ? n.privateSubnetIds : n.publicSubnetIds;
      if (list) return [...list];
      return subnetVar(
        internal ? 'private_subnet_ids' : 'public_subnet_ids',
        internal ? needs.privateAlb : needs.publicAlb,
      ).listValue;
    },
    hostedZoneId: () =>
      n.hostedZoneId ?? variable('hosted_zone_id', 'string', 'The Route 53 hosted zone of the hosts').stringValue,
  };
}
