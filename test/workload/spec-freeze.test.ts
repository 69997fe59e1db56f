import { deepFreeze, EMPTY_LIST, EMPTY_MAP } from '../../lib/model/freeze';
import { webApp } from '../aws/support';

describe('deepFreeze', () => {
  test('freezes everything it holds, nested lists and maps included', () => {
    const o = deepFreeze({ a: { b: [{ c: 1 }] }, d: ['x'] });
    expect(Object.isFrozen(o)).toBe(true);
    expect(Object.isFrozen(o.a)).toBe(true);
    expect(Object.isFrozen(o.a.b)).toBe(true);
    expect(Object.isFrozen(o.a.b[0])).toBe(true);
    expect(Object.isFrozen(o.d)).toBe(true);
  });

  test('an empty plain list or map becomes the shared empty one, in maps and in lists', () => {
    const o = deepFreeze({ list: [] as string[], map: {}, inList: [[], {}], kept: [1], keyed: { k: undefined } });
    expect(o.list).toBe(EMPTY_LIST);
    expect(o.map).toBe(EMPTY_MAP);
    expect(o.inList[0]).toBe(EMPTY_LIST);
    expect(o.inList[1]).toBe(EMPTY_MAP);
    expect(o.kept).toEqual([1]);
    // A key holding undefined is a key: kept, so `'k' in o.keyed` reads as before.
    expect(o.keyed).not.toBe(EMPTY_MAP);
    expect('k' in o.keyed).toBe(true);
  });

  test('class instances, objects without a prototype and lists with extra keys are kept as they are', () => {
    class Empty {}
    const instance = new Empty();
    const bare = Object.create(null) as object;
    const tagged = Object.assign([], { tag: 1 });
    const symbolKeyed = { [Symbol('s')]: 1 };
    const o = deepFreeze({ instance, bare, tagged, symbolKeyed });
    expect(o.instance).toBe(instance);
    expect(o.bare).toBe(bare);
    expect(o.tagged).toBe(tagged);
    expect(o.symbolKeyed).toBe(symbolKeyed);
  });

  test('an empty map behind a getter or on a prototype is left where it is, without a TypeError', () => {
    const behindGetter = {};
    const o = Object.defineProperty({}, 'lazy', { get: () => behindGetter, enumerable: true });
    expect(() => deepFreeze(o)).not.toThrow();
    expect((o as { lazy: object }).lazy).toBe(behindGetter);
    const inherited = Object.create({ fromProto: {} }) as { fromProto: object; own: object };
    inherited.own = {};
    expect(() => deepFreeze(inherited)).not.toThrow();
    expect(inherited.own).toBe(EMPTY_MAP);
    expect(Object.prototype.hasOwnProperty.call(inherited, 'fromProto')).toBe(false);
  });

  test('a structure that holds itself is frozen and the walk ends', () => {
    const o: { self?: unknown; list: unknown[] } = { list: [] };
    o.self = o;
    o.list.push(o);
    expect(deepFreeze(o)).toBe(o);
    expect(Object.isFrozen(o)).toBe(true);
    expect(Object.isFrozen(o.list)).toBe(true);
  });

  test('resolved specs share the empties, and no plain list or map of a spec is left unfrozen', () => {
    const [a, b] = [webApp({ name: 'a' }), webApp({ name: 'b' })].map((app) => app.resolve());
    expect(a.problems).toBe(EMPTY_LIST);
    expect(a.spec.annotations).toBe(EMPTY_MAP);
    expect(b.spec.annotations).toBe(EMPTY_MAP);
    expect(a.spec.initContainers).toBe(EMPTY_LIST);
    const unfrozen: string[] = [];
    const walk = (v: unknown, at: string) => {
      if (typeof v !== 'object' || v === null) return;
      // The targets' versions are class instances (of the shared, frozen targets), not the spec's own objects.
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== Array.prototype) return;
      if (!Object.isFrozen(v)) unfrozen.push(at);
      for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
    };
    walk(a.spec, 'spec');
    expect(unfrozen).toEqual([]);
  });
});
