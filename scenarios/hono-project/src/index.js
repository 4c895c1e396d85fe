// A small API as `npm create hono` lays it out: routing with parameters, CORS on the
// API, ETags on static content, a streamed response and a multipart upload.
import { Hono } from "hono";
import { cors } from "hono/cors";
import { etag } from "hono/etag";
import { logger } from "hono/logger";
import { stream } from "hono/streaming";

const app = new Hono();

app.use("*", logger());
app.use("/api/*", cors({ origin: "https://app.example", allowMethods: ["GET", "POST"] }));
app.use("/static/*", etag());

app.get("/api/users/:id", (c) => c.json({ id: c.req.param("id"), agent: c.req.header("user-agent") ?? null }));

app.get("/static/about", (c) => c.text("About crosstalk: deterministic simulation for Workers."));

app.get("/stream", (c) =>
  stream(c, async (out) => {
    for (const word of ["one", "two", "three"]) {
      await out.write(word + "\n");
      await out.sleep(5);
    }
  }),
);

app.post("/api/upload", async (c) => {
  const form = await c.req.parseBody();
  const file = form["file"];
  return c.json({ title: form["title"], file: file.name, type: file.type, size: file.size, text: await file.text() });
});

app.notFound((c) => c.json({ error: "not found", path: c.req.path }, 404));

export default app;
