export function visitKey(url) {
  return `visits:${url.pathname}`;
}
