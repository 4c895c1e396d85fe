import { connect } from "cloudflare:sockets";
export default { async fetch(req) {
  const out = {};
  const s = connect({ hostname: "127.0.0.1", port: 1 });
  out.type = [typeof s.upgraded, typeof s.secureTransport, s.secureTransport, Object.getOwnPropertyNames(Object.getPrototypeOf(s)).sort()];
  out.rs = Object.prototype.toString.call(s.readable) + " " + Object.prototype.toString.call(s.writable);
  try { await s.opened; } catch (e) { out.open = e.name + ": " + e.message; }
  try { const r = await s.readable.getReader().read(); out.read = JSON.stringify(r); } catch (e) { out.read = e.name + ": " + e.message; }
  try { await s.writable.getWriter().write(new Uint8Array([1])); out.write = "ok"; } catch (e) { out.write = e.name + ": " + e.message; }
  try { out.closeRet = typeof (await s.close()); } catch (e) { out.closeRet = e.name + ": " + e.message; }
  try { connect("a.example:80", { secureTransport: "bogus" }); out.bogus = "ok"; } catch (e) { out.bogus = e.name + ": " + e.message; }
  try { connect(5); out.num = "ok"; } catch (e) { out.num = e.name + ": " + e.message; }
  try { connect("a.example:99999"); out.bigport = "ok"; } catch (e) { out.bigport = e.name + ": " + e.message; }
  return Response.json(out);
} };
