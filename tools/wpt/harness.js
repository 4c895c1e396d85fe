// crosstalk's own small stand-in for web-platform-tests' testharness.js, for measuring
// Workers runtimes on WPT's `.any.js` files (tools/wpt/run.mjs). Written for this
// project; it implements the part of the testharness API those files use.
//
// Tests are collected while the script is evaluated and run one after another inside the
// fetch handler (Workers forbid timers and I/O at the top level), each with a timeout.
// The handler answers with JSON: [{ name, status, message }].
// (Strict inside only: the test files are sloppy scripts, and some assign globals.)
(function (global) {
  "use strict";
  const tests = [];
  const TIMEOUT_MS = 2000;

  class AssertionError extends Error {
    constructor(message) {
      super(message);
      this.name = "AssertionError";
    }
  }

  function format_value(v) {
    try {
      if (typeof v === "string") return JSON.stringify(v);
      if (typeof v === "number" && Object.is(v, -0)) return "-0";
      if (typeof v === "bigint") return v + "n";
      if (typeof v === "symbol") return v.toString();
      if (v === null) return "null";
      if (typeof v === "object" || typeof v === "function") {
        if (v instanceof Error) return v.name + ": " + v.message;
        return Object.prototype.toString.call(v);
      }
      return String(v);
    } catch (e) {
      return "<unprintable>";
    }
  }

  function fail(description, message) {
    throw new AssertionError((description ? description + ": " : "") + message);
  }
  const same_value = (a, b) => Object.is(a, b);

  const asserts = {
    assert_true(v, d) { if (v !== true) fail(d, "expected true got " + format_value(v)); },
    assert_false(v, d) { if (v !== false) fail(d, "expected false got " + format_value(v)); },
    assert_equals(a, e, d) {
      if (!same_value(a, e)) fail(d, "expected " + format_value(e) + " but got " + format_value(a));
    },
    assert_not_equals(a, e, d) { if (same_value(a, e)) fail(d, "got disallowed value " + format_value(a)); },
    assert_in_array(a, list, d) { if (!list.some((x) => same_value(x, a))) fail(d, format_value(a) + " not in array"); },
    assert_array_equals(a, e, d) {
      if (typeof a !== "object" || a === null || !("length" in a)) fail(d, "value is not array-like: " + format_value(a));
      if (a.length !== e.length) fail(d, "lengths differ, expected " + e.length + " got " + a.length);
      for (let i = 0; i < e.length; i++) {
        if (!same_value(a[i], e[i])) fail(d, "index " + i + ": expected " + format_value(e[i]) + " got " + format_value(a[i]));
      }
    },
    assert_array_approx_equals(a, e, eps, d) {
      if (a.length !== e.length) fail(d, "lengths differ");
      for (let i = 0; i < e.length; i++) if (Math.abs(a[i] - e[i]) > eps) fail(d, "index " + i + " differs");
    },
    assert_approx_equals(a, e, eps, d) {
      if (typeof a !== "number" || Math.abs(a - e) > eps) fail(d, "expected " + e + " +/- " + eps + " got " + format_value(a));
    },
    assert_less_than(a, e, d) { if (!(a < e)) fail(d, "expected a number less than " + e + " got " + format_value(a)); },
    assert_greater_than(a, e, d) { if (!(a > e)) fail(d, "expected a number greater than " + e + " got " + format_value(a)); },
    assert_less_than_equal(a, e, d) { if (!(a <= e)) fail(d, "expected <= " + e + " got " + format_value(a)); },
    assert_greater_than_equal(a, e, d) { if (!(a >= e)) fail(d, "expected >= " + e + " got " + format_value(a)); },
    assert_between_exclusive(a, lo, hi, d) { if (!(a > lo && a < hi)) fail(d, format_value(a) + " not in (" + lo + ", " + hi + ")"); },
    assert_between_inclusive(a, lo, hi, d) { if (!(a >= lo && a <= hi)) fail(d, format_value(a) + " not in [" + lo + ", " + hi + "]"); },
    assert_regexp_match(a, re, d) { if (!re.test(a)) fail(d, format_value(a) + " does not match " + re); },
    assert_class_string(o, c, d) {
      const s = Object.prototype.toString.call(o);
      if (s !== "[object " + c + "]") fail(d, "class string " + s + " is not [object " + c + "]");
    },
    assert_own_property(o, p, d) { if (!Object.prototype.hasOwnProperty.call(o, p)) fail(d, "no own property " + String(p)); },
    assert_not_own_property(o, p, d) { if (Object.prototype.hasOwnProperty.call(o, p)) fail(d, "unexpected own property " + String(p)); },
    assert_inherits(o, p, d) {
      if (Object.prototype.hasOwnProperty.call(o, p) || !(p in o)) fail(d, "property " + String(p) + " is not inherited");
    },
    assert_idl_attribute(o, p, d) { asserts.assert_inherits(o, p, d); },
    assert_readonly(o, p, d) {
      const before = o[p];
      try { o[p] = "changed"; } catch (e) { /* strict mode throws; fine */ }
      if (!same_value(o[p], before)) fail(d, "property " + String(p) + " is writable");
    },
    assert_unreached(d) { fail(d, "reached unreachable code"); },
    assert_implements(c, d) { if (!c) fail(d, "not implemented"); },
    assert_implements_optional(c, d) { if (!c) throw new OptionalFeatureUnsupported(d); },
    assert_object_equals(a, e, d) {
      const eq = (x, y, seen) => {
        if (typeof x !== "object" || x === null) return same_value(x, y);
        if (typeof y !== "object" || y === null) return false;
        if (seen.has(x)) return true;
        seen.add(x);
        const kx = Object.keys(x), ky = Object.keys(y);
        if (kx.length !== ky.length) return false;
        return kx.every((k) => Object.prototype.hasOwnProperty.call(y, k) && eq(x[k], y[k], seen));
      };
      if (!eq(a, e, new Set())) fail(d, "objects differ");
    },
    assert_throws_js(ctor, fn, d) {
      try { fn(); } catch (e) {
        if (typeof e !== "object" || e === null) fail(d, "threw a non-object " + format_value(e));
        if (!(e instanceof ctor) && e.name !== ctor.name) fail(d, "threw " + format_value(e) + ", expected " + ctor.name);
        if (e.constructor !== ctor) fail(d, "threw " + format_value(e) + " whose constructor is not " + ctor.name);
        return;
      }
      fail(d, "did not throw, expected " + ctor.name);
    },
    assert_throws_dom(type, ctorOrFn, fnOrDesc, maybeDesc) {
      const fn = typeof fnOrDesc === "function" ? fnOrDesc : ctorOrFn;
      const d = typeof fnOrDesc === "function" ? maybeDesc : fnOrDesc;
      try { fn(); } catch (e) {
        return check_dom(type, e, d);
      }
      fail(d, "did not throw, expected DOMException " + type);
    },
    assert_throws_exactly(value, fn, d) {
      try { fn(); } catch (e) {
        if (!same_value(e, value)) fail(d, "threw " + format_value(e) + ", expected " + format_value(value));
        return;
      }
      fail(d, "did not throw");
    },
  };

  const LEGACY_CODES = {
    INDEX_SIZE_ERR: "IndexSizeError", HIERARCHY_REQUEST_ERR: "HierarchyRequestError",
    INVALID_CHARACTER_ERR: "InvalidCharacterError", NOT_FOUND_ERR: "NotFoundError",
    NOT_SUPPORTED_ERR: "NotSupportedError", INVALID_STATE_ERR: "InvalidStateError", SYNTAX_ERR: "SyntaxError",
    INVALID_MODIFICATION_ERR: "InvalidModificationError", NAMESPACE_ERR: "NamespaceError",
    INVALID_ACCESS_ERR: "InvalidAccessError", TYPE_MISMATCH_ERR: "TypeMismatchError", SECURITY_ERR: "SecurityError",
    NETWORK_ERR: "NetworkError", ABORT_ERR: "AbortError", URL_MISMATCH_ERR: "URLMismatchError",
    QUOTA_EXCEEDED_ERR: "QuotaExceededError", TIMEOUT_ERR: "TimeoutError", DATA_CLONE_ERR: "DataCloneError",
  };
  const CODE_NUMBERS = { 1: "IndexSizeError", 3: "HierarchyRequestError", 5: "InvalidCharacterError", 8: "NotFoundError",
    9: "NotSupportedError", 11: "InvalidStateError", 12: "SyntaxError", 13: "InvalidModificationError",
    14: "NamespaceError", 15: "InvalidAccessError", 17: "TypeMismatchError", 18: "SecurityError", 19: "NetworkError",
    20: "AbortError", 21: "URLMismatchError", 22: "QuotaExceededError", 23: "TimeoutError", 25: "DataCloneError" };

  function check_dom(type, e, d) {
    const name = typeof type === "number" ? CODE_NUMBERS[type] : LEGACY_CODES[type] || type;
    if (typeof e !== "object" || e === null) fail(d, "threw a non-object " + format_value(e));
    if (typeof DOMException === "function" && !(e instanceof DOMException)) fail(d, "threw " + format_value(e) + ", not a DOMException");
    if (e.name !== name) fail(d, "threw " + format_value(e) + ", expected " + name);
  }

  class OptionalFeatureUnsupported extends Error {}

  class Test {
    constructor(name, kind) {
      this.name = name;
      this.kind = kind;
      this.status = null;
      this.message = null;
      this.cleanups = [];
      this._resolve = null;
      this.finished = new Promise((r) => (this._resolve = r));
    }
    _finish(status, message) {
      if (this.status !== null) return;
      this.status = status;
      this.message = message;
      this._resolve();
    }
    _error(e) {
      if (e instanceof OptionalFeatureUnsupported) this._finish("PRECONDITION_FAILED", String(e.message));
      else this._finish("FAIL", e && e.message !== undefined ? String(e.name) + ": " + String(e.message) : format_value(e));
    }
    step(fn, self, ...args) {
      if (this.status !== null) return undefined;
      try {
        return fn.apply(self === undefined ? this : self, args);
      } catch (e) {
        this._error(e);
        return undefined;
      }
    }
    step_func(fn, self) {
      const t = this;
      return function (...args) { return t.step(fn, self === undefined ? this : self, ...args); };
    }
    step_func_done(fn, self) {
      const t = this;
      return function (...args) {
        const r = fn ? t.step(fn, self === undefined ? this : self, ...args) : undefined;
        t.done();
        return r;
      };
    }
    unreached_func(d) {
      return this.step_func(() => asserts.assert_unreached(d));
    }
    step_timeout(fn, ms, ...args) {
      return setTimeout(this.step_func(() => fn(...args)), ms);
    }
    step_wait(cond, d, timeout = 1000, interval = 50) {
      const started = Date.now();
      return new Promise((resolve, reject) => {
        const poll = () => {
          if (cond()) return resolve();
          if (Date.now() - started > timeout) return reject(new AssertionError(d || "step_wait timed out"));
          setTimeout(poll, interval);
        };
        poll();
      });
    }
    step_wait_func(cond, fn, d, timeout, interval) {
      return this.step_wait(cond, d, timeout, interval).then(this.step_func(fn), (e) => this._error(e));
    }
    step_wait_func_done(cond, fn, d, timeout, interval) {
      return this.step_wait_func(cond, fn, d, timeout, interval).then(() => this.done());
    }
    add_cleanup(fn) { this.cleanups.push(fn); }
    done() { this._finish("PASS", null); }
    force_timeout() { this._finish("TIMEOUT", "forced"); }
  }

  function name_of(fn, name) {
    if (typeof name === "string") return name;
    if (typeof fn === "string") return fn;
    return (fn && fn.name) || "(unnamed test)";
  }

  function test(fn, name) { tests.push({ t: new Test(name_of(fn, name), "sync"), fn }); }
  function async_test(fn, name) {
    if (typeof fn !== "function") return add_async(new Test(name_of(fn, name), "async"), null);
    return add_async(new Test(name_of(fn, name), "async"), fn);
  }
  function add_async(t, fn) { tests.push({ t, fn }); return t; }
  function promise_test(fn, name) { tests.push({ t: new Test(name_of(fn, name), "promise"), fn }); }

  function rejects(t, check, promise, d) {
    return promise.then(
      t.step_func(() => asserts.assert_unreached("should have rejected: " + (d || ""))),
      t.step_func((e) => check(e)),
    );
  }
  function promise_rejects_js(t, ctor, promise, d) {
    return rejects(t, (e) => asserts.assert_throws_js(ctor, () => { throw e; }, d), promise, d);
  }
  function promise_rejects_dom(t, type, ctorOrPromise, promiseOrDesc, maybeDesc) {
    const promise = typeof ctorOrPromise === "function" ? promiseOrDesc : ctorOrPromise;
    const d = typeof ctorOrPromise === "function" ? maybeDesc : promiseOrDesc;
    return rejects(t, (e) => check_dom(type, e, d), promise, d);
  }
  function promise_rejects_exactly(t, value, promise, d) {
    return rejects(t, (e) => asserts.assert_equals(e, value, d), promise, d);
  }

  class EventWatcher {
    constructor(t, target, types) {
      this.queue = [];
      this.waiting = null;
      for (const type of [].concat(types)) {
        target.addEventListener(type, t.step_func((event) => {
          if (this.waiting && this.waiting.types[0] === event.type) {
            this.waiting.types.shift();
            this.waiting.seen.push(event);
            if (this.waiting.types.length === 0) {
              const w = this.waiting;
              this.waiting = null;
              w.resolve(w.single ? w.seen[0] : w.seen);
            }
          } else if (this.waiting) {
            asserts.assert_unreached("unexpected event " + event.type);
          }
        }));
      }
    }
    wait_for(types) {
      const list = [].concat(types);
      return new Promise((resolve) => (this.waiting = { types: list, seen: [], resolve, single: !Array.isArray(types) }));
    }
  }

  async function run_one({ t, fn }) {
    let timer;
    const timeout = new Promise((r) => (timer = setTimeout(r, TIMEOUT_MS)));
    try {
      if (t.kind === "sync") {
        t.step(fn, t, t);
        t.done();
      } else if (t.kind === "async") {
        if (fn) t.step(fn, t, t);
        await Promise.race([t.finished, timeout]);
      } else {
        let p;
        try {
          p = fn(t);
        } catch (e) {
          t._error(e);
        }
        if (t.status === null) {
          if (!p || typeof p.then !== "function") {
            t._finish("FAIL", "promise_test did not return a promise");
          } else {
            await Promise.race([
              Promise.resolve(p).then(() => t.done(), (e) => t._error(e)),
              t.finished,
              timeout,
            ]);
          }
        }
      }
    } catch (e) {
      t._error(e);
    }
    clearTimeout(timer);
    if (t.status === null) t._finish("TIMEOUT", "no result within " + TIMEOUT_MS + " ms");
    for (const cleanup of t.cleanups.splice(0)) {
      try {
        await cleanup();
      } catch (e) {
        /* a failing cleanup does not change the result */
      }
    }
  }

  async function run_all() {
    const results = [];
    for (const entry of tests) {
      await run_one(entry);
      results.push({ name: entry.t.name, status: entry.t.status, message: entry.t.message });
    }
    return results;
  }

  const api = Object.assign({}, asserts, {
    test, async_test, promise_test, promise_rejects_js, promise_rejects_dom, promise_rejects_exactly,
    format_value, EventWatcher, AssertionError,
    setup(x) { if (typeof x === "function") x(); },
    done() {},
    add_completion_callback() {},
    add_result_callback() {},
    step_timeout(fn, ms, ...args) { return setTimeout(() => fn(...args), ms); },
    GLOBAL: { isWindow: () => false, isWorker: () => true, isShadowRealm: () => false },
    __wpt_run_all: run_all,
  });
  for (const [k, v] of Object.entries(api)) {
    Object.defineProperty(global, k, { value: v, writable: true, configurable: true, enumerable: false });
  }
})(globalThis);
