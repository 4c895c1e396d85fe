// R13: a promise whose creating request ended without settling it.
let pending;

export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/create") {
      console.log("creating the promise");
      pending = new Promise((resolve) => setTimeout(() => resolve("settled"), 500));
      return new Response("created");
    }
    console.log("awaiting the promise of an ended request");
    try {
      const value = await pending;
      console.log("got " + value);
      return new Response("got " + value);
    } catch (error) {
      console.log("caught");
      return new Response("caught: " + error.message);
    }
  },
};
