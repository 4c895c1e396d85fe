// WeakRef and FinalizationRegistry as a deterministic runtime may have them (issue #14,
// R12): a WeakRef holds its target for as long as it lives, so `deref()` always answers
// the target, and a FinalizationRegistry's callback never runs. ECMA-262 allows both (an
// implementation may keep any object alive); garbage collection stays unobservable.
// One class per evaluation: `which` is "WeakRef" or "FinalizationRegistry".
(function (which) {
  "use strict";

  // V8's way to show a receiver in "incompatible receiver" messages.
  const show = (value) => {
    if ((typeof value === "object" && value !== null) || typeof value === "function") {
      const constructor = value.constructor;
      return `#<${typeof constructor === "function" && constructor.name ? constructor.name : "Object"}>`;
    }
    return typeof value === "symbol" ? value.toString() : String(value);
  };

  // ECMA-262 CanBeHeldWeakly: an object, or a symbol not in the global registry.
  const canBeHeldWeakly = (value) =>
    (typeof value === "object" && value !== null) || typeof value === "function" ||
    (typeof value === "symbol" && Symbol.keyFor(value) === undefined);

  // Constructors written as functions (a class refuses a call without `new` with boa's
  // own message); methods as a literal's, which are not constructors, not enumerable.
  const define = (constructor, name, methods) => {
    for (const key of Object.keys(methods)) {
      Object.defineProperty(constructor.prototype, key, { value: methods[key], writable: true, enumerable: false, configurable: true });
    }
    Object.defineProperty(constructor.prototype, Symbol.toStringTag, { value: name, writable: false, enumerable: false, configurable: true });
    return constructor;
  };

  if (which === "WeakRef") {
    const targets = new WeakMap();
    function WeakRef(target) {
      if (new.target === undefined) throw new TypeError("Constructor WeakRef requires 'new'");
      if (!canBeHeldWeakly(target)) throw new TypeError("WeakRef: invalid target");
      targets.set(this, target);
    }
    return define(WeakRef, "WeakRef", {
      deref() {
        if (!targets.has(this)) {
          throw new TypeError(`Method WeakRef.prototype.deref called on incompatible receiver ${show(this)}`);
        }
        return targets.get(this);
      },
    });
  }

  // The cells are kept (ECMA-262's [[Cells]]) only so that `unregister` answers as it
  // must; no cleanup job is ever queued.
  const cells = new WeakMap();
  const cellsOf = (registry, method) => {
    const list = cells.get(registry);
    if (list === undefined) {
      throw new TypeError(`Method FinalizationRegistry.prototype.${method} called on incompatible receiver ${show(registry)}`);
    }
    return list;
  };
  function FinalizationRegistry(cleanup) {
    if (new.target === undefined) throw new TypeError("Constructor FinalizationRegistry requires 'new'");
    if (typeof cleanup !== "function") throw new TypeError("FinalizationRegistry: cleanup must be callable");
    cells.set(this, []);
  }
  return define(FinalizationRegistry, "FinalizationRegistry", {
    register(target, heldValue, unregisterToken = undefined) {
      const list = cellsOf(this, "register");
      if (!canBeHeldWeakly(target)) throw new TypeError("FinalizationRegistry.prototype.register: invalid target");
      if (Object.is(target, heldValue)) {
        throw new TypeError("FinalizationRegistry.prototype.register: target and holdings must not be same");
      }
      if (unregisterToken !== undefined && !canBeHeldWeakly(unregisterToken)) {
        throw new TypeError(`Invalid unregisterToken ('${show(unregisterToken)}')`);
      }
      list.push(unregisterToken);
    },
    unregister(unregisterToken) {
      const list = cellsOf(this, "unregister");
      if (!canBeHeldWeakly(unregisterToken)) throw new TypeError(`Invalid unregisterToken ('${show(unregisterToken)}')`);
      const kept = list.filter((token) => token !== unregisterToken);
      const removed = kept.length !== list.length;
      list.splice(0, list.length, ...kept);
      return removed;
    },
  });
})
