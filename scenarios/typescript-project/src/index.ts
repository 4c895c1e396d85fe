import { Hono } from "hono";
import { Availability, Inventory } from "@/lib/inventory";
import { Page } from "./views/page.js";

type Bindings = { GREETING: string };

const inventory = new Inventory([
  { sku: "anvil", name: "Anvil", stock: 3, cents: 4999 },
  { sku: "rope", name: "Rope", stock: 12, cents: 1250 },
  { sku: "magnet", name: "Giant magnet", stock: 0, cents: 8800 },
]);

const app = new Hono<{ Bindings: Bindings }>();

app.get("/", (c) => c.html(Page({ greeting: c.env.GREETING, items: inventory.list() })));

app.get("/items/:sku", (c) => {
  const item = inventory.find(c.req.param("sku"));
  if (!item) return c.json({ error: "no such item" }, 404);
  return c.json({ ...item, availability: Availability[inventory.availability(item)] });
});

app.post("/items/:sku/quote", async (c) => {
  const item = inventory.find(c.req.param("sku"));
  const { count } = await c.req.json<{ count: number }>();
  if (!item) return c.json({ error: "no such item" }, 404);
  return c.json(inventory.quote(item, count));
});

export default app;
