// node:timers' Timeout objects, and the global timers: numbers before
// enable_nodejs_global_timers (implied by nodejs_compat from 2026-02-10), Timeout objects
// after, in both cases cleared by clearTimeout.
import { setTimeout as nodeSetTimeout, Timeout } from "node:timers";

export default {
  async fetch() {
    const out = [];
    const t = setTimeout(() => out.push("never"), 10);
    out.push(typeof t, t instanceof Timeout);
    if (t instanceof Timeout) out.push(typeof +t, t.hasRef(), t.unref().hasRef(), t.ref() === t);
    clearTimeout(t);
    const n = nodeSetTimeout(() => out.push("never either"), 5);
    out.push(typeof n, n instanceof Timeout, Number(n) > 0, n.hasRef());
    clearTimeout(n);
    let fired = 0;
    const i = setInterval(() => {
      fired++;
      if (fired === 2) clearInterval(i);
    }, 10);
    await new Promise((r) => setTimeout(r, 50));
    out.push(fired);
    const r = nodeSetTimeout(() => out.push("refreshed fired"), 20);
    await new Promise((res) => setTimeout(res, 10));
    r.refresh();
    await new Promise((res) => setTimeout(res, 15));
    out.push("before");
    await new Promise((res) => setTimeout(res, 10));
    try {
      nodeSetTimeout("code", 1);
    } catch (e) {
      out.push(e.name + ": " + e.message + " " + e.code);
    }
    return new Response(out.join(" | "));
  },
};
