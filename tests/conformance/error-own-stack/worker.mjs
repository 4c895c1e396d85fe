// Each line: a case and what it answers, as JSON.
function t(name, f) {
  try {
    return name + " " + JSON.stringify(f());
  } catch (e) {
    return name + " throws " + e;
  }
}

class MyErr extends Error {
  constructor(m) {
    super(m);
    this.name = "MyErr";
    this.code = 42;
  }
}

export default {
  async fetch() {
    // An error the engine makes and a promise reaction receives.
    const aggregate = await Promise.any([Promise.reject(1)]).catch((e) => Object.getOwnPropertyNames(e));
    const out = [
      "aggregate " + JSON.stringify(aggregate),
      t("new", () => Object.getOwnPropertyNames(new Error("x"))),
      t("cause", () => Object.getOwnPropertyNames(new Error("y", { cause: 1 }))),
      t("called", () => Object.getOwnPropertyNames(Error("r"))),
      t("type", () => {
        try {
          throw new TypeError("z");
        } catch (e) {
          return Object.getOwnPropertyNames(e);
        }
      }),
      t("subclass", () => Object.getOwnPropertyNames(new MyErr("m"))),
      t("shape", () => {
        const d = Object.getOwnPropertyDescriptor(new Error("q"), "stack");
        return [typeof d.get, typeof d.set, d.enumerable, d.configurable, "value" in d];
      }),
      t("keys", () => Object.keys(new MyErr("m"))),
      t("own", () => new Error("s").hasOwnProperty("stack")),
      t("serialised", () => {
        const e = new Error("s");
        const back = JSON.parse(JSON.stringify(e, Object.getOwnPropertyNames(e)));
        return [Object.keys(back), back.message, back.stack.split("\n")[0]];
      }),
      t("caught", () => {
        try {
          null.x;
        } catch (e) {
          return [Object.getOwnPropertyNames(e), e.stack.split("\n")[0]];
        }
      }),
      t("parse", () => {
        try {
          JSON.parse("{");
        } catch (e) {
          return Object.getOwnPropertyNames(e);
        }
      }),
      t("read", () => {
        const e = new Error("s");
        e.stack;
        return Object.getOwnPropertyNames(e);
      }),
      t("set", () => {
        const e = new Error("s");
        e.stack = "custom";
        return [e.stack, Object.getOwnPropertyNames(e), typeof Object.getOwnPropertyDescriptor(e, "stack").get];
      }),
      t("capture", () => {
        const o = {};
        Error.captureStackTrace(o);
        return Object.getOwnPropertyNames(o);
      }),
      t("constructor", () => [new Error("c").constructor === Error, new TypeError("c") instanceof Error, Error.prototype.constructor === Error, class extends Error {}.prototype instanceof Error]),
      t("names", () => [Error.name, Error.length, TypeError.name, AggregateError.length, typeof Error.captureStackTrace, Error.stackTraceLimit]),
      t("spread", () => Object.keys({ ...new MyErr("m") })),
      t("cloned", () =>
        [new Error("s"), new TypeError("t"), new RangeError("r", { cause: 5 })].map((e) => {
          const c = structuredClone(e);
          return [Object.getOwnPropertyNames(c), Error.isError(c), c.constructor.name, c.stack === e.stack, c.cause];
        }),
      ),
    ];
    return new Response(out.join("\n"));
  },
};
