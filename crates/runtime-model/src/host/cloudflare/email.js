// cloudflare:email for crosstalk: the message a Worker builds to send through a
// `send_email` binding (the Agents SDK imports it at its top level). Production's
// EmailMessage is native and is not part of open-source workerd (a local workerd has no
// cloudflare:email at all); this one follows its published type: `new EmailMessage(from,
// to, raw)` with `raw` a string or a ReadableStream, `from` and `to` read-only strings
// (accessors on the prototype, as a native class has them). The raw message is read by
// crosstalk's `send_email` binding only.
export class EmailMessage {
  #from;
  #to;
  #raw;

  constructor(from, to, raw) {
    this.#from = String(from);
    this.#to = String(to);
    this.#raw = raw;
  }

  get from() {
    return this.#from;
  }

  get to() {
    return this.#to;
  }

  // The raw message, for crosstalk's `send_email` binding (web/bindings.js).
  static [Symbol.for("crosstalk.email.raw")](message) {
    return message.#raw;
  }
}
