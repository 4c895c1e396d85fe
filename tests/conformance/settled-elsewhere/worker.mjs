// r1 awaits a promise of its own whose resolve it parked in module state; r2 calls it.
// workerd, flag off: r1's continuation runs in r2's context, so r1's response is never
// delivered and r1 fails ("Promise will never complete.") when its own timer fires.
// Flag on: the settlement is deferred into r1, which answers.
let parked;
export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/r1") {
      setTimeout(() => console.log("r1 timer fired"), 1000);
      const value = await new Promise((resolve) => { parked = resolve; });
      return new Response("r1 got " + value);
    }
    await new Promise((r) => setTimeout(r, 100));
    parked("from r2");
    return new Response("r2 resolved it");
  },
};
