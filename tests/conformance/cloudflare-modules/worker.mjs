import { waitUntil, withEnv, env, RpcStub, RpcPromise, RpcProperty, ServiceStub } from "cloudflare:workers";
import { NonRetryableError } from "cloudflare:workflows";
let top;
try { waitUntil(Promise.resolve()); top = "ok"; } catch (e) { top = e.name + ": " + e.message; }
export default { async fetch(req) {
  const out = { top, wu: [typeof waitUntil, waitUntil.length, waitUntil.name], withEnv: [typeof withEnv, withEnv.length], rpc: [typeof RpcStub, typeof RpcPromise, typeof RpcProperty, typeof ServiceStub] };
  let r; try { r = waitUntil(new Promise(res => setTimeout(() => { console.log("late"); res(); }, 10))); out.wuRet = String(r); } catch (e) { out.wuErr = e.message; }
  try { waitUntil(5); out.wu5 = "ok"; } catch (e) { out.wu5 = e.name + ": " + e.message; }
  const e1 = new NonRetryableError("boom"); out.nre = [e1.name, e1.message, String(e1), NonRetryableError.length, NonRetryableError.name, e1 instanceof Error];
  const e2 = new NonRetryableError("m", "N"); out.nre2 = [e2.name, String(e2)];
  out.withEnvRes = [withEnv({ A: 1 }, () => env.A), env.A];
  return Response.json(out);
} };
