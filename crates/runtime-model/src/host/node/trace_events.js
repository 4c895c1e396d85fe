// node:trace_events for crosstalk, as workerd has it: createTracing validates the categories
// and returns a Tracing whose enable/disable only flip `enabled`; no categories are enabled.
import { format } from "node:util";

const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;

class Tracing {
  #categories;
  #enabled = false;

  constructor(categories) {
    this.#categories = categories;
  }

  enable() {
    this.#enabled = true;
  }

  disable() {
    this.#enabled = false;
  }

  get enabled() {
    return this.#enabled;
  }

  get categories() {
    return this.#categories.join(",");
  }

  [Symbol.for("nodejs.util.inspect.custom")](depth) {
    if (typeof depth === "number" && depth < 0) return this;
    return `Tracing ${format({ enabled: this.enabled, categories: this.categories })}`;
  }
}

export function createTracing(options) {
  E.validateObject(options, "options");
  E.validateStringArray(options.categories, "options.categories");
  if (options.categories.length <= 0) {
    throw E.nodeError("ERR_TRACE_EVENTS_CATEGORY_REQUIRED", "At least one category is required", "TypeError");
  }
  return new Tracing(options.categories);
}

export function getEnabledCategories() {
  return undefined;
}

export default { createTracing, getEnabledCategories };
