// Sixty sequential fetches: the 51st rejects with "Too many subrequests." (SEMANTICS R9).
export default {
  async fetch(request) {
    let done = 0;
    try {
      for (let i = 0; i < 60; i++) {
        const response = await fetch(`https://api.example/page/${i}`);
        await response.text();
        done++;
      }
    } catch (err) {
      return new Response(`stopped after ${done}: ${err.message}`, { status: 500 });
    }
    return new Response(`fetched ${done}`);
  },
};
