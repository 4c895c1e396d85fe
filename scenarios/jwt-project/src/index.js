// Verifies bearer JWTs against a remote key set with jose, as an API gateway would.
import { createRemoteJWKSet, jwtVerify } from "jose";

const keySet = createRemoteJWKSet(new URL("https://auth.example/.well-known/jwks.json"));

export default {
  async fetch(request) {
    const token = (request.headers.get("authorization") ?? "").replace(/^Bearer /, "");
    try {
      const { payload, protectedHeader } = await jwtVerify(token, keySet, {
        issuer: "https://auth.example/",
        audience: "crosstalk-example",
      });
      return Response.json({ sub: payload.sub, alg: protectedHeader.alg });
    } catch (err) {
      return Response.json({ error: err.code ?? err.name }, { status: 401 });
    }
  },
};
