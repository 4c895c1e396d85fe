// Overlapping FetchEvents share one module-level counter: each request reads it, sleeps
// up to 2 s, and reads it again. Which pairs come out depends on the interleaving.
function requestIdParts(id) {
  return [id?.substr(0, 10), id?.substr(10, 8), id?.substr(18, 5), id?.substr(23)];
}

let counter = 0;

async function handleRequest(request) {
  const res = requestIdParts(request.headers.get("cf-request-id"));
  res.push(counter++); // first read
  await new Promise((r) => setTimeout(r, Math.random() * 2000)); // sleep up to 2 s
  res.push(counter++); // second read
  return new Response(res.join(", ") + "\n");
}

addEventListener("fetch", (e) => e.respondWith(handleRequest(e.request)));
