import { parse, serialize } from "cookie";
import ms from "ms";
import qs from "qs";
import { describe, region } from "./pricing.cjs";

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/session") {
      const cookies = parse(request.headers.get("cookie") ?? "");
      const body = JSON.stringify({ user: cookies.user ?? null, theme: cookies.theme ?? "light" });
      const setCookie = serialize("seen", "1", { maxAge: ms("1d") / 1000, httpOnly: true, path: "/" });
      return new Response(body, { headers: { "content-type": "application/json", "set-cookie": setCookie } });
    }
    if (url.pathname === "/search") {
      const query = qs.parse(url.search.slice(1));
      return Response.json({ query, again: qs.stringify(query, { encode: false }) });
    }
    if (url.pathname === "/plan") {
      return Response.json({ plan: describe(url.searchParams.get("name")), region });
    }
    return new Response("not found", { status: 404 });
  },
};
