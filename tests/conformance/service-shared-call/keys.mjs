// The key service: answers after 40 ms.
export default {
  async fetch(request) {
    await new Promise((resolve) => setTimeout(resolve, 40));
    return Response.json({ kid: "k1" });
  }
};
