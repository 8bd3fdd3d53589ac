/**
 * The few Reflect metadata functions tsyringe (used inside @peculiar/x509) asks for at load time.
 * @peculiar/x509 declares `@abraham/reflection` for them, but the installed tree lacks it, and the
 * project adds no dependency without a reason in review: this is the subset tsyringe calls
 * (getMetadata, getOwnMetadata, defineMetadata), kept in a WeakMap per target and property. Imported
 * for its effect before @peculiar/x509, and a no-op where a full polyfill is already installed.
 */

type Key = string | symbol | undefined;
const store = new WeakMap<object, Map<Key, Map<unknown, unknown>>>();

function own(target: object, property: Key, create: boolean): Map<unknown, unknown> | undefined {
  let byProperty = store.get(target);
  if (byProperty === undefined) {
    if (!create) return undefined;
    byProperty = new Map();
    store.set(target, byProperty);
  }
  let entries = byProperty.get(property);
  if (entries === undefined && create) {
    entries = new Map();
    byProperty.set(property, entries);
  }
  return entries;
}

const reflect = Reflect as unknown as Record<string, unknown>;
if (typeof reflect.getMetadata !== 'function') {
  reflect.defineMetadata = (key: unknown, value: unknown, target: object, property?: Key) => {
    own(target, property, true)!.set(key, value);
  };
  reflect.getOwnMetadata = (key: unknown, target: object, property?: Key) =>
    own(target, property, false)?.get(key);
  reflect.getMetadata = (key: unknown, target: object, property?: Key) => {
    for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t)) {
      const entries = own(t, property, false);
      if (entries?.has(key)) return entries.get(key);
    }
    return undefined;
  };
}
