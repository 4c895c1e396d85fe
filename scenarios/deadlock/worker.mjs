// Ten fetches started at once, all awaited before any body is read. Only six run at a
// time; the runtime cancels the four least-recently-used open responses so the queued
// ones can start, and reading those four bodies later throws (SEMANTICS R9).
export default {
  async fetch(request) {
    const urls = Array.from({ length: 10 }, (_, i) => `https://api.example/item/${i}`);
    const responses = await Promise.all(urls.map((url) => fetch(url)));
    const results = [];
    for (const [i, response] of responses.entries()) {
      try {
        results.push(`${i}: ${await response.text()}`);
      } catch (err) {
        results.push(`${i}: failed (${err.message.split(":")[0]})`);
      }
    }
    return new Response(results.join("\n"));
  },
};
