// Small things of the platform a worker can see: the toStringTag of every class and
// object the runtime makes, atob/btoa and their DOMExceptions, navigator, JSON.stringify's
// messages for a BigInt and for cycles (with the path), performance against Date.
const tag = (v) => Object.prototype.toString.call(v);
export default {
  async fetch(request, env, ctx) {
    const out = [];
    const add = (k, f) => { try { out.push(k + " = " + JSON.stringify(f())); } catch (e) { out.push(k + " ! " + e.name + ": " + JSON.stringify(e.message)); } };
    add("tags", () => [new Response(""), new Request("https://a/"), crypto, crypto.subtle, new URL("https://a/"), new URLSearchParams(), new Headers(), new FormData(), new Blob([]), new AbortController(), new AbortController().signal, new TextEncoder(), new TextDecoder(), new ReadableStream(), new Event("x"), new EventTarget(), caches, caches.default, request, ctx, navigator, performance, scheduler].map(tag));
    add("atobBad", () => atob("***"));
    add("atobErr", () => { try { atob("***"); } catch (e) { return [e instanceof DOMException, e.name, e.code]; } });
    add("atobOk", () => [atob("aGVsbG8="), atob(" aGVs bG8"), atob("YQ")]);
    add("btoaBad", () => btoa("€"));
    add("btoaOk", () => [btoa("hello"), btoa("\u00ff\u00fe"), btoa("")]);
    add("navigator", () => [navigator.language, navigator.languages, navigator.hardwareConcurrency]);
    add("jsonBig", () => JSON.stringify({ a: [2n] }));
    add("cycle1", () => { const o = {}; o.self = o; return JSON.stringify(o); });
    add("cycle2", () => { const o = { a: { b: [1] } }; o.a.b.push(o); return JSON.stringify(o); });
    add("cycle3", () => { class K { constructor() { this.me = this; } } return JSON.stringify([new K()]); });
    add("cycle4", () => { const o = Object.create(null); o.x = o; return JSON.stringify(o); });
    add("cycle5", () => { const a = []; a.push(a); return JSON.stringify(a); });
    add("stringifyOk", () => JSON.stringify({ a: [1, { b: 2 }] }, null, 2));
    add("perf", () => [performance.now() === Date.now(), performance.timeOrigin]);
    return new Response(out.join("\n"));
  },
};
