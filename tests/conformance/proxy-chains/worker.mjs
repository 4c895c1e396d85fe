// Each line: a case and what it answers (or the error it throws).
function t(name, f) {
  try {
    return name + " " + String(f());
  } catch (e) {
    return name + " throws " + e.constructor.name + ": " + e.message;
  }
}

// A proxy over a proxy over … `n` links over `{ x: 1 }`, each with the handler `handler()` makes.
function chain(n, handler) {
  let p = { x: 1 };
  for (let i = 0; i < n; i++) p = new Proxy(p, handler());
  return p;
}

const deep = (op) => () => {
  const p = chain(100000, () => ({}));
  if (op === "get") return p.x;
  if (op === "has") return "x" in p;
  if (op === "set") return (p.z = 1);
  if (op === "keys") return Object.keys(p);
  return Object.getPrototypeOf(p);
};

export default {
  fetch() {
    const out = [
      t("prototype chain", () => {
        let o = { y: true };
        for (let i = 0; i < 150000; i++) o = Object.create(o);
        return o.x + " " + o.y;
      }),
      t("1000 links", () => {
        const p = chain(1000, () => ({}));
        return [p.x, "x" in p, ((p.y = 2), p.y), Object.keys(p).join(), Object.getPrototypeOf(p) === Object.prototype, delete p.y, Object.isExtensible(p)].join();
      }),
      t("deep get", deep("get")),
      t("deep has", deep("has")),
      t("deep set", deep("set")),
      t("deep keys", deep("keys")),
      t("deep getPrototypeOf", deep("proto")),
      t("handler chain", () => {
        let h = {};
        for (let i = 0; i < 100000; i++) h = new Proxy({}, h);
        return new Proxy({}, h).x;
      }),
      t("a handler's trap returns a string", () => {
        let h = { get() { return "trap"; } };
        for (let i = 0; i < 100; i++) h = new Proxy({}, h);
        return new Proxy({}, h).x;
      }),
      t("revocable", () => {
        const handler = { get(target, key, receiver) { return key === "x" ? Reflect.get(target, key, receiver) * 2 : undefined; } };
        const { proxy, revoke } = Proxy.revocable(chain(100, () => ({})), handler);
        const before = proxy.x;
        revoke();
        let after;
        try { after = proxy.x; } catch (e) { after = e.constructor.name; }
        return before + " " + after;
      }),
      t("this in a trap", () => {
        class H { get() { return this === h ? "the handler given" : "another object"; } }
        const h = new H();
        return new Proxy(chain(10, () => ({})), h).x;
      }),
      t("apply and construct", () => {
        const inner = new Proxy(function f(a, b) { return [this, a, b].join(); }, {});
        const p = new Proxy(inner, { apply(target, self, args) { return "apply " + Reflect.apply(target, self, args); } });
        return [p.call(7, 1, 2), typeof p, new p(1) instanceof Object].join(" ");
      }),
      t("a trap that is not a function", () => new Proxy(chain(2, () => ({})), { get: 1 }).x),
      t("an object as the trap", () => new Proxy(chain(2, () => ({})), { get: {} }).x),
      t("called without new", () => Proxy({}, {})),
      t("own properties", () => JSON.stringify([Proxy.name, Proxy.length, "prototype" in Proxy, Object.getOwnPropertyNames(Proxy), Proxy.revocable.name, Proxy.revocable.length])),
      t("results checked against a proxy", () => {
        const log = [];
        const p = new Proxy(chain(3, () => ({})), {
          defineProperty(target, key, desc) { log.push("define " + String(key) + " " + desc.value); return Reflect.defineProperty(target, key, desc); },
          ownKeys(target) { log.push("keys"); return Reflect.ownKeys(target); },
          getOwnPropertyDescriptor(target, key) { log.push("desc " + String(key)); return Reflect.getOwnPropertyDescriptor(target, key); },
        });
        p.w = 5;
        Object.keys(p);
        return log.join(",");
      }),
    ];
    return new Response(out.join("\n"));
  },
};
