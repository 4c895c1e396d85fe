// A Request's URL: before fetch_standard_url (2024-06-03) workerd keeps the text as
// given, unparsed, and only a fetch of it fails; from then on it is parsed as a URL.
const inputs = ['x', '/a', 'foo:bar', '', 'https://EXAMPLE.com/a b?c d#e', 'https://example.com'];

export default {
  async fetch() {
    const out = [];
    for (const input of inputs) {
      try {
        const request = new Request(input);
        out.push(`${input} -> ${request.url} ${new Request(request).url} ${request.clone().url}`);
        if (!input.startsWith('https')) {
          try {
            const response = await fetch(request);
            out.push(`  fetched ${response.status}`);
          } catch (e) {
            out.push(`  fetch !! ${e.name}: ${e.message}`);
          }
        }
      } catch (e) {
        out.push(`${input} !! ${e.name}: ${e.message}`);
      }
    }
    return new Response(out.join('\n'));
  },
};
