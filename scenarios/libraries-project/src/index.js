// An itty-router API using the libraries Workers projects reach for: zod and valibot to
// validate, superjson to serialise, toucan-js to report to Sentry.
import { AutoRouter, cors, error } from "itty-router";
import { Toucan } from "toucan-js";
import { z } from "zod";
import * as v from "valibot";
import superjson from "superjson";

const { preflight, corsify } = cors();
const router = AutoRouter({ before: [preflight], finally: [corsify] });

const User = z.object({ name: z.string().min(2), age: z.number().int().positive() });
const Named = v.object({ name: v.pipe(v.string(), v.minLength(2)) });

router
  .get("/hello/:name", ({ name }) => ({ hello: name }))
  .post("/zod", async (request) => {
    const result = User.safeParse(await request.json());
    return result.success ? result.data : error(400, result.error.issues.map((i) => i.message).join("; "));
  })
  .get("/valibot", () => {
    const result = v.safeParse(Named, { name: "x" });
    return { ok: result.success, issue: result.issues?.[0]?.message };
  })
  .get("/superjson", () => superjson.stringify({ d: new Date(0), m: new Map([[1, 2]]) }))
  .get("/sentry", (request, env, ctx) => {
    const sentry = new Toucan({ dsn: "https://key@o1.ingest.sentry.io/1", context: ctx, request });
    sentry.setTag("route", "sentry");
    sentry.captureMessage("hello from crosstalk");
    return { sent: true };
  });

export default router;
