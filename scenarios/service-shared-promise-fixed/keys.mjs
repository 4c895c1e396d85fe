// The key service, a second worker: it reads the current signing key from a KMS.
export default {
  async fetch(request) {
    const response = await fetch("https://kms.example/keys/current");
    return new Response(await response.text(), { headers: { "content-type": "application/json" } });
  }
};
