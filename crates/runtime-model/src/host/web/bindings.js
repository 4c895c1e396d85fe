// The small bindings, crosstalk's own code: rate limiters (`ratelimits`), Analytics Engine
// datasets (`analytics_engine_datasets`), email senders (`send_email`) and Hyperdrive
// configurations (`hyperdrive`). What reaches another service goes through
// host.smallBinding (host/small_bindings.rs), which makes each call I/O of the calling
// request; Analytics Engine writes are fire-and-forget, as workerd's are.
(function (host) {
  "use strict";

  const encoder = new TextEncoder();
  const bindings = new WeakMap();
  const byteLength = (value) =>
    value instanceof ArrayBuffer
      ? value.byteLength
      : ArrayBuffer.isView(value)
        ? value.byteLength
        : encoder.encode(String(value)).length;

  // The rate limiting binding: `limit({ key })` resolves to `{ success }`; its options are
  // checked as the local emulation of the binding checks them, and a bad one rejects.
  const OPTION_KEYS = ["key", "limit", "period"];
  class RateLimit {
    limit(options) {
      const config = bindings.get(this);
      try {
        if (typeof options !== "object" || options === null) throw new Error("invalid rate limit options");
        const bad = Object.keys(options).filter((key) => !OPTION_KEYS.includes(key));
        if (bad.length > 0) throw new Error(`bad rate limit options: [${bad.join(",")}]`);
        const { key = "", limit = config.limit, period = config.period } = options;
        if (typeof key !== "string") throw new Error(`invalid key: ${key}`);
        if (typeof limit !== "number") throw new Error(`limit must be a number: ${limit}`);
        if (typeof period !== "number") throw new Error(`period must be a number: ${period}`);
        if (period !== 10 && period !== 60) throw new Error(`unsupported period: ${period}`);
        return host.smallBinding("ratelimit", config.binding, [key, limit, period, config.namespace]);
      } catch (error) {
        return Promise.reject(error);
      }
    }
  }

  // Analytics Engine: `writeDataPoint(event)` checks the event as workerd does (at most one
  // index of 96 bytes, 20 blobs of 5,120 bytes in all, 20 doubles) and returns at once.
  const MAX_MEMBERS = 20;
  const MAX_BLOB_BYTES = 256 * MAX_MEMBERS;
  const MAX_INDEX_BYTES = 96;
  class AnalyticsEngineDataset {
    writeDataPoint(event) {
      const binding = bindings.get(this).binding;
      const prefix = "writeDataPoint(): ";
      const list = (value) => (value === undefined ? undefined : Array.from(value));
      const indexes = list(event?.indexes);
      const blobs = list(event?.blobs);
      const doubles = list(event?.doubles)?.map(Number);
      if (indexes !== undefined) {
        if (indexes.length > 1) throw new TypeError(`${prefix}Maximum of 1 indexes supported.`);
        if (indexes.length === 1 && indexes[0] !== null && byteLength(indexes[0]) > MAX_INDEX_BYTES) {
          throw new TypeError(`${prefix}Size of indexes[0] exceeds ${MAX_INDEX_BYTES} bytes).`);
        }
      }
      if (blobs !== undefined) {
        if (blobs.length > MAX_MEMBERS) throw new TypeError(`${prefix}Maximum of ${MAX_MEMBERS} blobs supported.`);
        let sum = 0;
        for (const blob of blobs) {
          if (blob === null || blob === undefined) continue;
          sum += byteLength(blob);
          if (sum > MAX_BLOB_BYTES) {
            throw new TypeError(`${prefix}Cumulative size of blobs exceeds ${MAX_BLOB_BYTES} bytes).`);
          }
        }
      }
      if (doubles !== undefined && doubles.length > MAX_MEMBERS) {
        throw new TypeError(`${prefix}Maximum of ${MAX_MEMBERS} doubles supported.`);
      }
      host.smallBinding("analytics", binding, [blobs?.length ?? 0, doubles?.length ?? 0, indexes?.length ?? 0]);
    }
  }

  // `send_email`: `send(message)` of an EmailMessage (cloudflare:email) or a message
  // object (`{ from, to, subject, text | html }`); recipients and senders are checked
  // against the binding's lists; resolves to `{ messageId }`.
  const RAW = Symbol.for("crosstalk.email.raw");
  const address = (value) => {
    if (typeof value !== "string") return String(value?.email ?? "");
    const bracketed = /<([^>]+)>$/.exec(value);
    return bracketed ? bracketed[1].trim() : value.trim();
  };
  // The header lines of a raw message, names lowercase, folded lines joined.
  function headersOf(raw) {
    const head = raw.split(/\r?\n\r?\n/, 1)[0];
    const headers = new Map();
    let last;
    for (const line of head.split(/\r?\n/)) {
      if (/^[ \t]/.test(line) && last !== undefined) {
        headers.set(last, headers.get(last) + " " + line.trim());
        continue;
      }
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      last = line.slice(0, colon).trim().toLowerCase();
      if (!headers.has(last)) headers.set(last, line.slice(colon + 1).trim());
    }
    return headers;
  }
  class SendEmail {
    send(message) {
      const config = bindings.get(this);
      const check = (from, recipients) => {
        if (config.senders !== undefined && !config.senders.includes(from)) {
          throw new Error(`email from ${from} not allowed`);
        }
        for (const to of recipients) {
          if (
            (config.destination !== undefined && to !== config.destination) ||
            (config.allowed !== undefined && !config.allowed.includes(to))
          ) {
            throw new Error(`email to ${to} not allowed`);
          }
        }
      };
      const raw = message?.constructor?.[RAW];
      if (typeof raw === "function") {
        const from = message.from;
        const to = message.to;
        try {
          check(from, [to]);
        } catch (error) {
          return Promise.reject(error);
        }
        return Promise.resolve(raw(message))
          .then((body) => (typeof body === "string" ? body : new Response(body).text()))
          .then((text) => {
            const headers = headersOf(text);
            const messageId = headers.get("message-id");
            if (messageId === undefined) throw new Error("invalid message-id");
            if (address(headers.get("from") ?? "") !== from) throw new Error("From: header does not match mail from");
            if (headers.has("received")) throw new Error("invalid headers set");
            return host.smallBinding("email", config.binding, [from, to, messageId]);
          });
      }
      try {
        const from = address(message?.from);
        const recipients = (Array.isArray(message?.to) ? message.to : [message?.to]).map(address);
        check(from, recipients);
        const given = Object.entries(message?.headers ?? {}).find(([name]) => name.toLowerCase() === "message-id");
        const messageId = given ? String(given[1]) : `<${host.smallBinding("messageId", config.binding, [])}@${from.split("@")[1] ?? "localhost"}>`;
        return host.smallBinding("email", config.binding, [from, recipients.join(", "), messageId]);
      } catch (error) {
        return Promise.reject(error);
      }
    }
  }

  // Hyperdrive: the connection details of `localConnectionString` (a database crosstalk
  // does not run: `connect()` throws an error saying so).
  class Hyperdrive {
    connect() {
      throw new Error(
        `crosstalk does not model Hyperdrive's database connections (env.${bindings.get(this).binding}.connect()); ` +
          "keep the database client out of the request path you simulate, or pass a stub in its place",
      );
    }
  }

  // Workflows: `env.WF.create({ id, params })`, `get(id)`, `createBatch(list)`, and the
  // instance's `status()` and `terminate()` go through host.workflow (host/workflows.rs);
  // an instance runs as a request of its own (`runWorkflow`), its steps here.
  const clone = () => host.load("clone");
  const encode = (value) => clone().serialize({ value });
  const decode = (text) => clone().deserialize(text).value;
  const notModelled = (what) =>
    Promise.reject(new Error(`crosstalk does not model ${what} of a Workflow instance yet`));

  class WorkflowInstance {
    #binding;
    #id;
    constructor(binding, id) {
      this.#binding = binding;
      this.#id = id;
    }
    get id() {
      return this.#id;
    }
    status() {
      return host.workflow("status", this.#binding, [this.#id]);
    }
    terminate() {
      return host.workflow("terminate", this.#binding, [this.#id]);
    }
    pause() {
      return notModelled("pause()");
    }
    resume() {
      return notModelled("resume()");
    }
    restart() {
      return notModelled("restart()");
    }
    sendEvent() {
      return notModelled("sendEvent()");
    }
  }

  class Workflow {
    #binding;
    #className;
    constructor(binding, className) {
      this.#binding = binding;
      this.#className = className;
    }
    create(options = undefined) {
      try {
        const id = options?.id === undefined ? crypto.randomUUID() : String(options.id);
        const payload = encode(options?.params);
        return host.workflow("create", this.#binding, [id, payload, this.#className]).then(
          () => new WorkflowInstance(this.#binding, id),
        );
      } catch (error) {
        return Promise.reject(error);
      }
    }
    createBatch(batch) {
      try {
        return Promise.all(Array.from(batch, (options) => this.create(options)));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    get(id) {
      return host.workflow("get", this.#binding, [String(id)]).then(() => new WorkflowInstance(this.#binding, String(id)));
    }
  }

  // "10 seconds", "1 minute", "2 hours", or a number of milliseconds.
  const UNITS = { millisecond: 1, second: 1000, minute: 60000, hour: 3600000, day: 86400000, week: 604800000 };
  function duration(value) {
    if (typeof value === "number") return value;
    const match = /^\s*(\d+(?:\.\d+)?)\s*(millisecond|second|minute|hour|day|week)s?\s*$/.exec(String(value));
    if (!match) throw new TypeError(`invalid duration: ${value}`);
    return Number(match[1]) * UNITS[match[2]];
  }

  const TERMINATED = Symbol("terminated");
  const NON_RETRYABLE = Symbol.for("crosstalk.workflows.nonRetryable");
  const DEFAULT_RETRIES = { limit: 5, delay: 10000, backoff: "exponential" };
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // A step's results are stored by `name#occurrence` (the engine's cache key): a replay of
  // `run()` after a hibernation reads them instead of running the step again.
  class WorkflowStep {
    #binding;
    #id;
    #seen = new Map();
    constructor(binding, id) {
      this.#binding = binding;
      this.#id = id;
    }
    #check() {
      if (host.workflow("state", this.#binding, [this.#id]) === "terminated") throw TERMINATED;
    }
    #key(name) {
      const n = (this.#seen.get(name) ?? 0) + 1;
      this.#seen.set(name, n);
      return `${name}#${n}`;
    }
    #event(key, what) {
      host.workflow("step", this.#binding, [this.#id, key, what]);
    }
    async do(name, configOrCallback, maybeCallback) {
      const callback = typeof configOrCallback === "function" ? configOrCallback : maybeCallback;
      if (typeof callback !== "function") throw new TypeError(`step.do("${name}") needs a callback`);
      const config = typeof configOrCallback === "function" ? {} : (configOrCallback ?? {});
      const retries = { ...DEFAULT_RETRIES, ...(config.retries ?? {}) };
      const delay = duration(retries.delay);
      const key = this.#key(String(name));
      this.#check();
      const stored = host.workflow("cached", this.#binding, [this.#id, key]);
      if (stored !== undefined) {
        this.#event(key, "cached");
        return decode(stored);
      }
      // The attempts made so far are stored too: a replay that hibernated during a retry's
      // wait goes on with the next attempt, not the first.
      const made = Number(host.workflow("cached", this.#binding, [this.#id, `${key}@attempts`]) ?? 0);
      for (let attempt = made + 1; ; attempt++) {
        this.#check();
        host.workflow("store", this.#binding, [this.#id, `${key}@attempts`, String(attempt)]);
        this.#event(key, attempt === 1 ? "start" : `retry ${attempt - 1}`);
        try {
          const result = await callback();
          // A step's result is stored: it must be serialisable.
          const text = encode(result);
          host.workflow("store", this.#binding, [this.#id, key, text]);
          this.#event(key, "ran");
          return result;
        } catch (error) {
          if (error === TERMINATED || error?.[NON_RETRYABLE] === true || attempt > retries.limit) {
            this.#event(key, "failed");
            throw error;
          }
          const backoff =
            retries.backoff === "constant" ? delay : retries.backoff === "linear" ? delay * attempt : delay * 2 ** (attempt - 1);
          await wait(backoff);
        }
      }
    }
    async #sleepTo(name, until) {
      const key = this.#key(String(name));
      this.#check();
      const stored = host.workflow("cached", this.#binding, [this.#id, key]);
      const end = stored !== undefined ? Number(stored) : until();
      if (stored === undefined) host.workflow("store", this.#binding, [this.#id, key, String(end)]);
      this.#event(key, "sleep");
      // A replay whose sleep has already ended goes on at once, with no timer.
      if (end > Date.now()) await wait(end - Date.now());
      this.#check();
      this.#event(key, "slept");
    }
    sleep(name, value) {
      return this.#sleepTo(name, () => Date.now() + duration(value));
    }
    sleepUntil(name, when) {
      return this.#sleepTo(name, () => (when instanceof Date ? when.getTime() : Number(when)));
    }
    waitForEvent() {
      return Promise.reject(new Error("crosstalk does not model step.waitForEvent() yet"));
    }
  }

  // Runs an instance: `run(event, step)` of a new instance of its class; the promise
  // settles once the instance's status is recorded (complete, errored or terminated).
  function runWorkflow(handler, env, ctx, binding, id, payload) {
    host.workflow("running", binding, [id]);
    return Promise.resolve()
      .then(() => {
        const instance = typeof handler === "function" ? new handler(ctx, env) : handler;
        const event = { payload: decode(payload), timestamp: new Date(), instanceId: id };
        return instance.run(event, new WorkflowStep(binding, id));
      })
      .then(
        (output) => void host.workflow("finish", binding, [id, "complete", encode(output ?? null)]),
        (error) => {
          if (error === TERMINATED) return;
          host.workflow("finish", binding, [id, "errored", String(error?.name ?? "Error"), String(error?.message ?? error)]);
        },
      );
  }

  return {
    workflow(binding, className) {
      return new Workflow(binding, className);
    },
    runWorkflow,
    decode,
    rateLimit(binding, limit, period, namespace) {
      const object = new RateLimit();
      bindings.set(object, { binding, limit, period, namespace });
      return object;
    },
    versionMetadata(id, epochMs) {
      return { id, tag: "", timestamp: new Date(epochMs).toISOString() };
    },
    analytics(binding) {
      const object = new AnalyticsEngineDataset();
      bindings.set(object, { binding });
      return object;
    },
    email(binding, destination, allowed, senders) {
      const object = new SendEmail();
      bindings.set(object, { binding, destination, allowed, senders });
      return object;
    },
    hyperdrive(binding, connectionString) {
      const object = new Hyperdrive();
      bindings.set(object, { binding });
      const url = new URL(connectionString);
      const port = url.port === "" ? (url.protocol === "mysql:" ? 3306 : 5432) : Number(url.port);
      const fields = {
        connectionString,
        host: url.hostname,
        port,
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        database: decodeURIComponent(url.pathname.replace(/^\//, "")),
      };
      for (const [name, value] of Object.entries(fields)) {
        Object.defineProperty(object, name, { value, enumerable: true });
      }
      return object;
    },
  };
});
