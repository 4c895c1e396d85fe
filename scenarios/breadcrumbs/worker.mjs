// Module-level breadcrumbs, as an error tracker keeps them: every request appends to
// the same array, so a later request's report carries earlier requests' data.
const breadcrumbs = [];

export default {
  async fetch(request) {
    breadcrumbs.push(new URL(request.url).pathname);
    return new Response(JSON.stringify({ breadcrumbs }));
  },
};
