// A file store on R2, run unchanged from its wrangler.toml: uploads stream the request
// body into the bucket, downloads stream the object back with its HTTP metadata and
// ETag (and answer 304 to a matching If-None-Match), and /files lists the bucket.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const key = decodeURIComponent(url.pathname.slice("/files/".length));
    if (url.pathname === "/files") {
      const listing = await env.FILES.list({ include: ["httpMetadata"] });
      return Response.json(listing.objects.map((o) => ({ key: o.key, size: o.size, type: o.httpMetadata.contentType })));
    }
    if (request.method === "PUT") {
      const object = await env.FILES.put(key, request.body, { httpMetadata: request.headers });
      return new Response(null, { status: 201, headers: { etag: object.httpEtag } });
    }
    if (request.method === "GET") {
      const object = await env.FILES.get(key, { onlyIf: request.headers });
      if (object === null) return new Response("not found", { status: 404 });
      const headers = new Headers();
      object.writeHttpMetadata(headers);
      headers.set("etag", object.httpEtag);
      if (!("body" in object)) return new Response(null, { status: 304, headers });
      return new Response(object.body, { headers });
    }
    return new Response("method not allowed", { status: 405 });
  },
};
