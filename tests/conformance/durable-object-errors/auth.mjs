import { WorkerEntrypoint } from "cloudflare:workers";

export default class extends WorkerEntrypoint {
  async fetch() {
    throw new TypeError("bad in the service's fetch");
  }
  async boom() {
    throw new RangeError("bad in the service's rpc");
  }
}
