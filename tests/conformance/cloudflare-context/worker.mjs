import { tracing, withExports, withEnvAndExports, withEnv, exports, env, cache, restore } from "cloudflare:workers";

export default {
  async fetch(request, handlerEnv) {
    const out = {};
    out.enter = tracing.enterSpan("s", (span, a, b) => {
      out.spanProto = Object.getOwnPropertyNames(Object.getPrototypeOf(span));
      return a + b;
    }, 1, 2);
    out.active = String(tracing.getActiveSpan());
    out.start = typeof tracing.startSpan("t");
    out.startActive = tracing.startActiveSpan("u", () => 7);
    try {
      out.withActive = tracing.withActiveSpan(undefined, () => 8);
    } catch (error) {
      out.withActive = `${error.name}: ${error.message}`;
    }
    out.tracingProto = Object.getOwnPropertyNames(Object.getPrototypeOf(tracing));
    out.withExports = withExports({ a: 1 }, () => exports.a);
    out.both = withEnvAndExports({ X: 2 }, { b: 3 }, () => [env.X, exports.b]);
    // The replacements hold across the callback's awaits and timers.
    out.acrossAwait = await withExports({ c: 4 }, async () => {
      await null;
      return exports.c;
    });
    out.acrossTimer = await withEnv({ Y: 5 }, () => new Promise((resolve) => setTimeout(() => resolve(env.Y), 1)));
    out.after = [env.Y, exports.c, env.GREETING === handlerEnv.GREETING];
    out.cacheKeys = Object.keys(cache);
    out.restore = typeof restore;
    return Response.json(out);
  },
};
