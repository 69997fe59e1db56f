/**
 * `list.map(f)`, built by pushing onto an array literal. A list a spec keeps, made by `Array.prototype.map`, has
 * one hidden class when V8's built-in `map` made it (the first apps) and another once the caller is optimized and
 * the `map` inlined (the later apps): every optimized reader of the spec (the renderers, the checks) then stops on
 * the first list of the other kind and is compiled again. Lists built here have one hidden class throughout
 * (docs/development.md, Benchmark).
 */
export function mapList<T, U>(list: readonly T[], f: (item: T, index: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < list.length; i++) out.push(f(list[i], i));
  return exactList(out);
}

/**
 * A list built by pushing, with room for its items only. The first push gives a list room for 17 items (136 bytes
 * more than one item needs), and a list the spec or a written object keeps (cdk8s keeps the props it is given until
 * synth) keeps that room: about 2 MiB over 2000 apps. The copy has the same hidden class (the same kind of elements).
 */
export function exactList<T>(out: T[]): T[] {
  return out.length === 0 ? out : out.slice();
}
