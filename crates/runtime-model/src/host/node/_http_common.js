// node:_http_common for crosstalk: the HTTP token and header-character checks, the method
// list and the parser stubs workerd's node:http shares between its modules.
const token = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
const badHeaderChar = /[^\t\x20-\x7e\x80-\xff]/;

// Whether `val` is an HTTP token (RFC 7230 section 3.2.6).
export function _checkIsHttpToken(val) {
  return token.test(val);
}

// Whether `val` (or one of an array's values) holds a character no header value may.
export function _checkInvalidHeaderChar(val) {
  if (Array.isArray(val)) return val.some((v) => badHeaderChar.test(v));
  return badHeaderChar.test(`${val}`);
}

export const CRLF = "\r\n";
export const chunkExpression = /(?:^|\W)chunked(?:$|\W)/i;
export const continueExpression = /(?:^|\W)100-continue(?:$|\W)/i;
export const kIncomingMessage = Symbol("IncomingMessage");
// Node's pool of HTTP parsers: no parser exists here, only its face.
export const parsers = { name: "parsers", max: 1000 };
export const methods = [
  "ACL",
  "BIND",
  "CHECKOUT",
  "CONNECT",
  "COPY",
  "DELETE",
  "GET",
  "HEAD",
  "LINK",
  "LOCK",
  "M-SEARCH",
  "MERGE",
  "MKACTIVITY",
  "MKCALENDAR",
  "MKCOL",
  "MOVE",
  "NOTIFY",
  "OPTIONS",
  "PATCH",
  "POST",
  "PROPFIND",
  "PROPPATCH",
  "PURGE",
  "PUT",
  "QUERY",
  "REBIND",
  "REPORT",
  "SEARCH",
  "SOURCE",
  "SUBSCRIBE",
  "TRACE",
  "UNBIND",
  "UNLINK",
  "UNLOCK",
  "UNSUBSCRIBE",
];

export default {
  _checkIsHttpToken,
  _checkInvalidHeaderChar,
  chunkExpression,
  CRLF,
  continueExpression,
  methods,
  parsers,
  kIncomingMessage,
};
