// Intl (not in crosstalk yet), crosstalk's instrumentation hooks, and the classes crosstalk
// does not have yet (Body, EventSource) are left out of the names.
const LEFT_OUT = ["Intl", "Body", "EventSource"];

export default { async fetch() {
  const out = [];
  const t = (f) => { try { return String(f()); } catch (e) { return e.constructor.name + ": " + e.message; } };
  out.push(Object.getOwnPropertyNames(globalThis).filter(n => !LEFT_OUT.includes(n) && !n.startsWith("__ct$")).sort().join(" "));
  const chain = [];
  for (let o = Object.getPrototypeOf(globalThis); o; o = Object.getPrototypeOf(o)) {
    chain.push(o.constructor.name + " " + Object.prototype.toString.call(o) + ": " + (o === Object.prototype ? "" : Object.getOwnPropertyNames(o).filter(n => !LEFT_OUT.includes(n)).sort().join(",")));
  }
  out.push(...chain);
  out.push([String(globalThis), globalThis instanceof EventTarget, globalThis.hasOwnProperty("fetch"), "addEventListener" in globalThis, Object.getOwnPropertySymbols(globalThis).length].join(" "));
  out.push(t(() => new ServiceWorkerGlobalScope()), t(() => typeof ExecutionContext + " " + typeof KvNamespace));
  out.push([Object.prototype.toString.call(navigator), navigator instanceof Navigator, Object.getOwnPropertyNames(navigator).join(","), JSON.stringify(navigator.languages)].join(" "));
  out.push(JSON.stringify(Cloudflare.compatibilityFlags));
  return new Response(out.join("\n"));
} };
