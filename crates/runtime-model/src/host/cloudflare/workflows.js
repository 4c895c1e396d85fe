// cloudflare:workflows for crosstalk: the error a Workflow step throws to stop retrying
// (workerd 1.20261117: `name` defaults to "NonRetryableError", a second argument sets it).
export class NonRetryableError extends Error {
  constructor(message, name = "NonRetryableError") {
    super(message);
    this.name = name;
  }
}

// What crosstalk's Workflow steps recognise as "do not retry", whatever the name.
Object.defineProperty(NonRetryableError.prototype, Symbol.for("crosstalk.workflows.nonRetryable"), { value: true });
