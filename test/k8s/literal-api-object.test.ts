import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, IResolver, JsonPatch, Lazy, ResolutionContext } from 'cdk8s';
import { buildK8s } from '../../apps/main-k8s';
import { LiteralApiObject } from '../../lib/k8s/literal-api-object';

/** What cdk8s itself writes for the object: `ApiObject.toJson()`, the method `LiteralApiObject` overrides. */
const cdk8sJson = (o: ApiObject): unknown => ApiObject.prototype.toJson.call(o);

/** The JSON text, so key order counts too (the YAML is written in that order). */
const text = (v: unknown): string => JSON.stringify(v);

function literal(props: Record<string, unknown>, app = new App()): LiteralApiObject {
  const chart = new Chart(app, 'c');
  return new LiteralApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', ...props });
}

describe('GIVEN the objects a renderer writes as literals (LiteralApiObject)', () => {
  test('THEN every object of the example apps serializes exactly as ApiObject.toJson() does, key order included', () => {
    const app = buildK8s(path.join(os.tmpdir(), 'cdk-traffic-literal'));
    // By prototype: cdk8s's `ApiObject[Symbol.hasInstance]` makes `instanceof LiteralApiObject` true of any ApiObject.
    const objects = app.node
      .findAll()
      .filter((c): c is LiteralApiObject => Object.getPrototypeOf(c) === LiteralApiObject.prototype);
    expect(objects.length).toBeGreaterThan(200);
    const differing = objects.filter((o) => text(o.toJson()) !== text(cdk8sJson(o))).map((o) => o.node.path);
    expect(differing).toEqual([]);
  });

  test("THEN a literal is written without cdk8s's per-value resolution, and anything else with it", () => {
    const spy = jest.spyOn(ApiObject.prototype, 'toJson');
    try {
      literal({ data: { a: '1' } }).toJson();
      expect(spy).not.toHaveBeenCalled();
      literal({ data: { a: Lazy.any({ produce: () => '1' }) } }).toJson();
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  test('THEN nulls and undefined are dropped, keys sorted, apiVersion, kind and metadata first', () => {
    const o = literal({
      metadata: { name: 'x', labels: { b: '2', a: '1' }, annotations: {} },
      zeta: { b: 1, a: [3, null, { d: undefined, c: 'x' }] },
      data: { gone: null, kept: false, zero: 0, empty: '' },
    });
    expect(text(o.toJson())).toBe(text(cdk8sJson(o)));
    expect(Object.keys(o.toJson())).toEqual(['apiVersion', 'kind', 'metadata', 'data', 'zeta']);
    expect(o.toJson().zeta).toEqual({ a: [3, undefined, { c: 'x' }], b: 1 });
  });

  test('THEN a Lazy, an object with resolve() and a number-or-string class are resolved as cdk8s resolves them', () => {
    /** The shape of the imports' IntOrString: a class instance with a number or string `value`. */
    class IntOrString {
      constructor(readonly value: number | string) {}
    }
    const o = literal({
      spec: {
        lazy: Lazy.any({ produce: () => ({ y: 2, x: 1 }) }),
        token: { resolve: () => 'resolved' },
        port: new IntOrString(8080),
        list: [Lazy.any({ produce: () => 'in a list' })],
      },
    });
    expect(text(o.toJson())).toBe(text(cdk8sJson(o)));
    expect(o.toJson().spec).toEqual({
      lazy: { x: 1, y: 2 },
      list: ['in a list'],
      port: { value: 8080 },
      token: 'resolved',
    });
  });

  test("THEN an App's own resolvers still see every value", () => {
    const upper: IResolver = {
      resolve: (c: ResolutionContext) => {
        if (typeof c.value === 'string' && c.value.startsWith('up:')) c.replaceValue(c.value.slice(3).toUpperCase());
      },
    };
    const o = literal({ data: { a: 'up:loud', b: 'quiet' } }, new App({ resolvers: [upper] }));
    expect(o.toJson().data).toEqual({ a: 'LOUD', b: 'quiet' });
    expect(text(o.toJson())).toBe(text(cdk8sJson(o)));
  });

  test('THEN JSON patches are applied, and metadata added after construction is written', () => {
    const o = literal({ metadata: { name: 'x' }, data: { a: '1' } });
    o.addJsonPatch(JsonPatch.add('/data/b', '2'));
    o.metadata.addLabel('team', 'shop');
    o.metadata.addAnnotation('note', 'kept');
    expect(o.toJson().data).toEqual({ a: '1', b: '2' });
    expect(o.toJson().metadata).toEqual({ annotations: { note: 'kept' }, labels: { team: 'shop' }, name: 'x' });
    expect(text(o.toJson())).toBe(text(cdk8sJson(o)));
  });

  test('THEN metadata is written as cdk8s writes it: extra attributes, finalizers, owner references, empty maps dropped', () => {
    const o = literal({
      metadata: {
        name: 'x',
        generateName: 'x-',
        annotations: {},
        labels: { a: '' },
        finalizers: [],
        extra: { nested: {}, list: [] },
      },
    });
    o.metadata.addFinalizers('example.com/keep');
    o.metadata.addOwnerReference({ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u-1' });
    const spy = jest.spyOn(o.metadata, 'toJson');
    expect(text(o.toJson())).toBe(text(cdk8sJson(o)));
    expect(o.toJson().metadata).toEqual({
      finalizers: ['example.com/keep'],
      generateName: 'x-',
      labels: { a: '' },
      name: 'x',
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u-1' }],
    });
    // Read from the definition's fields, not through its own toJson().
    expect(spy).toHaveBeenCalledTimes(1); // by cdk8sJson above only
    spy.mockRestore();
  });

  test('THEN a Lazy in the metadata is resolved as cdk8s resolves it', () => {
    const o = literal({
      metadata: { name: 'x', labels: { v: Lazy.any({ produce: () => 'late' }) as unknown as string } },
    });
    expect(o.toJson().metadata.labels).toEqual({ v: 'late' });
    expect(text(o.toJson())).toBe(text(cdk8sJson(o)));
  });

  test('THEN CDK8S_DISABLE_SORT keeps the declared key order, as cdk8s does', () => {
    const o = literal({ data: { b: '2', a: '1' } });
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect(Object.keys(o.toJson().data)).toEqual(['b', 'a']);
      expect(text(o.toJson())).toBe(text(cdk8sJson(o)));
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('THEN a class instance cdk8s cannot write fails with its message and the construct path', () => {
    class Custom {
      readonly x = 1;
    }
    const o = literal({ data: { custom: new Custom() } });
    expect(() => o.toJson()).toThrow(/Failed serializing construct at path 'c\/o'.*non-simple object of type 'Custom'/);
  });

  test('THEN a getter that throws fails with the construct path, as cdk8s reports it', () => {
    const data = {
      get broken(): string {
        throw new Error('no value');
      },
    };
    const o = literal({ data });
    expect(() => o.toJson()).toThrow(/Failed serializing construct at path 'c\/o'.*no value/);
  });
});
