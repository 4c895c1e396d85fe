// What I/O, timers and randomness do at the top level (R2): the timers and the random
// values throw workerd's global-scope error; fetch() returns a promise rejected with it.
const out = [];
for (const [name, f] of [
  ["setTimeout", () => setTimeout(() => {}, 1)],
  ["getRandomValues", () => crypto.getRandomValues(new Uint8Array(1))],
  ["randomUUID", () => crypto.randomUUID()],
]) {
  try {
    f();
    out.push(name + ": ok");
  } catch (e) {
    out.push(name + ": " + e.name + ": " + e.message);
  }
}
let pending;
try {
  pending = fetch("https://origin.example/");
  out.push("fetch: returned a " + (pending instanceof Promise ? "promise" : typeof pending));
} catch (e) {
  out.push("fetch: threw " + e.message);
}
const settled = pending ? pending.then(() => "fulfilled", (e) => "rejected: " + e.name + ": " + e.message) : null;

export default {
  async fetch() {
    if (settled) out.push("fetch: " + (await settled));
    return new Response(out.join("\n"));
  },
};
