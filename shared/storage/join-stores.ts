/**
 * One object with the public methods of several stores, each bound to its store: the wide index is
 * the stores of every aggregate side by side. Two stores with a method of the same name are a wiring
 * bug, refused here rather than one silently hiding the other.
 */
export function joinStores<T>(...stores: object[]): T {
  const joined: Record<string, unknown> = {};
  for (const store of stores) {
    for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(store))) {
      const method = (store as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof method !== 'function') continue;
      if (name in joined) throw new Error(`two stores define ${name}`);
      joined[name] = method.bind(store);
    }
  }
  return joined as T;
}
