// A key-set cache in the style of jose's remote JWKS before its fix: the pending fetch
// is kept in module state and awaited by every request that arrives while it runs.
class RemoteKeySet {
  constructor(url) {
    this.url = url;
    this.keys = undefined;
    this.pendingFetch = undefined;
  }

  async reload() {
    if (!this.pendingFetch) {
      this.pendingFetch = fetch(this.url)
        .then((response) => response.json())
        .then((json) => {
          this.keys = json.keys;
          this.pendingFetch = undefined;
        })
        .catch((err) => {
          this.pendingFetch = undefined;
          throw err;
        });
    }
    await this.pendingFetch;
  }

  async getKey(kid) {
    if (!this.keys) await this.reload();
    return this.keys.find((k) => k.kid === kid);
  }
}

const keySet = new RemoteKeySet("https://auth.example/.well-known/jwks.json");

export default {
  async fetch(request) {
    const key = await keySet.getKey("k1");
    return new Response(key ? `key ${key.kid}` : "no key");
  },
};
