// Overlapping requests share one module-level counter (R1); the sleeps come from the URL.
import { sleep } from "./sleep.mjs";

let counter = 0;

export default {
  async fetch(request) {
    const delay = Number(new URL(request.url).searchParams.get("sleep"));
    const first = counter++;
    console.log("first read", first);
    await sleep(delay);
    const second = counter++;
    console.log("second read", second);
    return new Response(`${first}, ${second}\n`);
  },
};
