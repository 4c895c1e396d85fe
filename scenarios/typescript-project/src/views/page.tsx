import type { FC } from "hono/jsx";
import type { Item } from "@/lib/inventory";

const Row: FC<{ item: Item }> = ({ item }) => (
  <li class={item.stock === 0 ? "sold-out" : "available"}>
    {item.name} <small>({item.stock} left)</small>
  </li>
);

export const Page: FC<{ greeting: string; items: readonly Item[] }> = ({ greeting, items }) => (
  <html>
    <body>
      <h1>{greeting}</h1>
      <ul>
        {items.map((item) => (
          <Row item={item} />
        ))}
      </ul>
    </body>
  </html>
);
