// HTMLRewriter for crosstalk. The parsing and rewriting are lol_html's (host.htmlRewrite,
// the library workerd rewrites with); here are the handlers' side: the classes a handler
// sees (Element, EndTag, Text, Comment, Doctype, DocumentEnd) as wrappers over a snapshot
// the host made of the token, each recording what the handler asked for as operations the
// host then makes on the token. A wrapper is valid only during its handler (until the
// promise an async handler returns settles), as in workerd. An async handler or an
// end-tag handler pauses the rewrite: the host returns what to wait for or run, and the
// next pass replays the calls recorded so far (host/html_rewriter.rs).
(function (host) {
  "use strict";

  const state = new WeakMap();

  function registered(rewriter) {
    const found = state.get(rewriter);
    if (!found) throw new TypeError("Illegal invocation");
    return found;
  }

  function stale() {
    return new TypeError(
      "This content token is no longer valid. Content tokens are only valid during the execution of the relevant content handler.",
    );
  }

  // The common part of every wrapper: validity and the operations it recorded.
  class Token {
    #ops;
    #valid = true;
    constructor(ops) {
      this.#ops = ops;
    }
    _op(...op) {
      if (!this.#valid) throw stale();
      this.#ops.push(op);
    }
    _check() {
      if (!this.#valid) throw stale();
    }
    _end() {
      this.#valid = false;
    }
  }

  function content(value) {
    return String(value);
  }

  function isHtml(options) {
    return options !== undefined && options !== null && Boolean(options.html);
  }

  // What every token with content around it has: content before and after it.
  class Content extends Token {
    before(value, options) {
      this._op("before", content(value), isHtml(options));
      return this;
    }
    after(value, options) {
      this._op("after", content(value), isHtml(options));
      return this;
    }
  }

  class Element extends Content {
    #snapshot;
    #attributes;
    #removed = false;
    #endTags;
    constructor(ops, snapshot, endTags) {
      super(ops);
      this.#snapshot = snapshot;
      this.#attributes = new Map(snapshot.attributes);
      this.#endTags = endTags;
    }
    get tagName() {
      this._check();
      return this.#snapshot.tagName;
    }
    set tagName(name) {
      this._op("tagName", String(name));
      this.#snapshot.tagName = String(name).toLowerCase();
    }
    get attributes() {
      this._check();
      return [...this.#attributes][Symbol.iterator]();
    }
    get namespaceURI() {
      this._check();
      return this.#snapshot.namespaceURI;
    }
    get removed() {
      this._check();
      return this.#removed;
    }
    getAttribute(name) {
      this._check();
      const value = this.#attributes.get(String(name).toLowerCase());
      return value === undefined ? null : value;
    }
    hasAttribute(name) {
      this._check();
      return this.#attributes.has(String(name).toLowerCase());
    }
    setAttribute(name, value) {
      this._op("setAttribute", String(name), String(value));
      this.#attributes.set(String(name).toLowerCase(), String(value));
      return this;
    }
    removeAttribute(name) {
      this._op("removeAttribute", String(name));
      this.#attributes.delete(String(name).toLowerCase());
      return this;
    }
    prepend(value, options) {
      this._op("prepend", content(value), isHtml(options));
      return this;
    }
    append(value, options) {
      this._op("append", content(value), isHtml(options));
      return this;
    }
    replace(value, options) {
      this._op("replace", content(value), isHtml(options));
      this.#removed = true;
      return this;
    }
    setInnerContent(value, options) {
      this._op("setInnerContent", content(value), isHtml(options));
      return this;
    }
    remove() {
      this._op("remove");
      this.#removed = true;
      return this;
    }
    removeAndKeepContent() {
      this._op("removeAndKeepContent");
      this.#removed = true;
      return this;
    }
    onEndTag(handler) {
      this._check();
      if (typeof handler !== "function") {
        throw new TypeError("Failed to execute 'onEndTag' on 'Element': parameter 1 is not of type 'function'.");
      }
      if (!this.#snapshot.canHaveContent) throw new TypeError("Parser error: No end tag.");
      this._op("onEndTag", this.#endTags.push(handler) - 1);
    }
  }

  class EndTag extends Content {
    #snapshot;
    constructor(ops, snapshot) {
      super(ops);
      this.#snapshot = snapshot;
    }
    get name() {
      this._check();
      return this.#snapshot.name;
    }
    set name(value) {
      this._op("name", String(value));
      this.#snapshot.name = String(value);
    }
    remove() {
      this._op("remove");
      return this;
    }
  }

  class Text extends Content {
    #snapshot;
    #removed;
    constructor(ops, snapshot) {
      super(ops);
      this.#snapshot = snapshot;
      this.#removed = snapshot.removed;
    }
    get text() {
      this._check();
      return this.#snapshot.text;
    }
    get lastInTextNode() {
      this._check();
      return this.#snapshot.lastInTextNode;
    }
    get removed() {
      this._check();
      return this.#removed;
    }
    replace(value, options) {
      this._op("replace", content(value), isHtml(options));
      this.#removed = true;
      return this;
    }
    remove() {
      this._op("remove");
      this.#removed = true;
      return this;
    }
  }

  class Comment extends Content {
    #snapshot;
    #removed;
    constructor(ops, snapshot) {
      super(ops);
      this.#snapshot = snapshot;
      this.#removed = snapshot.removed;
    }
    get text() {
      this._check();
      return this.#snapshot.text;
    }
    set text(value) {
      this._op("text", String(value));
      this.#snapshot.text = String(value);
    }
    get removed() {
      this._check();
      return this.#removed;
    }
    replace(value, options) {
      this._op("replace", content(value), isHtml(options));
      this.#removed = true;
      return this;
    }
    remove() {
      this._op("remove");
      this.#removed = true;
      return this;
    }
  }

  class Doctype extends Token {
    #snapshot;
    constructor(ops, snapshot) {
      super(ops);
      this.#snapshot = snapshot;
    }
    get name() {
      this._check();
      return this.#snapshot.name;
    }
    get publicId() {
      this._check();
      return this.#snapshot.publicId;
    }
    get systemId() {
      this._check();
      return this.#snapshot.systemId;
    }
    remove() {
      this._op("remove");
      return this;
    }
  }

  class DocumentEnd extends Token {
    append(value, options) {
      this._op("append", content(value), isHtml(options));
      return this;
    }
  }

  const WRAPPERS = {
    element: [Element, "element"],
    comments: [Comment, "comments"],
    text: [Text, "text"],
    doctype: [Doctype, "doctype"],
    documentComments: [Comment, "comments"],
    documentText: [Text, "text"],
    end: [DocumentEnd, "end"],
    endTag: [EndTag, null],
  };

  // What host.htmlRewrite calls for each token: runs the worker's handler on a wrapper,
  // records its operations in `recorded` and returns them, or, for a handler that
  // returned a promise, returns `{ wait }`: a promise that settles when it has, with the
  // operations recorded by then.
  function dispatcher(elements, documents, endTags, recorded) {
    return (kind, index, snapshot) => {
      const [Wrapper, method] = WRAPPERS[kind];
      const ops = [];
      const token = new Wrapper(ops, snapshot, endTags);
      let result;
      try {
        if (kind === "endTag") {
          result = endTags[index](token);
        } else {
          const handlers = kind === "element" || kind === "comments" || kind === "text" ? elements[index][1] : documents[index];
          result = handlers[method](token);
        }
      } catch (error) {
        token._end();
        throw error;
      }
      if (result !== null && (typeof result === "object" || typeof result === "function") && typeof result.then === "function") {
        const wait = Promise.resolve(result).then(
          () => {
            token._end();
            recorded.push(ops);
          },
          (error) => {
            token._end();
            throw error;
          },
        );
        return { wait };
      }
      token._end();
      recorded.push(ops);
      return ops;
    };
  }

  // Which of `names` the handler object has, checked as workerd checks them.
  function wants(handlers, names, type) {
    // workerd takes a missing handler object as one with no handlers.
    if (handlers === null || handlers === undefined) return names.map(() => false);
    if (typeof handlers !== "object" && typeof handlers !== "function") {
      throw new TypeError(`Incorrect type: the provided value is not of type '${type}'.`);
    }
    return names.map((name) => {
      const handler = handlers[name];
      if (handler === undefined) return false;
      if (typeof handler !== "function") {
        throw new TypeError(
          `Incorrect type for the '${name}' field on '${type}': the provided value is not of type 'function'.`,
        );
      }
      return true;
    });
  }

  class HTMLRewriter {
    constructor() {
      state.set(this, { elements: [], documents: [] });
    }

    on(selector, handlers) {
      const found = registered(this);
      const text = String(selector);
      host.htmlSelector(text);
      found.elements.push([text, handlers, wants(handlers, ["element", "comments", "text"], "ElementContentHandlers")]);
      return this;
    }

    onDocument(handlers) {
      const found = registered(this);
      found.documents.push([handlers, wants(handlers, ["doctype", "comments", "text", "end"], "DocumentContentHandlers")]);
      return this;
    }

    transform(response) {
      const found = registered(this);
      if (!(response instanceof Response)) {
        throw new TypeError("Failed to execute 'transform' on 'HTMLRewriter': parameter 1 is not of type 'Response'.");
      }
      if (response.type === "error") throw new TypeError("HTMLRewriter cannot transform an error response");
      if (response.body === null) return response;
      const elements = found.elements.slice();
      const documents = found.documents.map(([handlers]) => handlers);
      const flags = {
        elements: elements.map(([, , flags]) => flags),
        documents: found.documents.map(([, flags]) => flags),
      };
      const selectors = elements.map(([selector]) => selector);
      const type = response.headers.get("content-type");
      const charset = type && /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type);
      const encoding = charset ? charset[1] : "utf-8";
      const source = response;
      const body = new ReadableStream({
        async pull(controller) {
          const input = new Uint8Array(await source.arrayBuffer());
          const endTags = [];
          const recorded = [];
          const dispatch = dispatcher(elements, documents, endTags, recorded);
          for (;;) {
            const output = host.htmlRewrite(input, encoding, selectors, flags, dispatch, recorded);
            if (output instanceof Uint8Array) {
              if (output.byteLength > 0) controller.enqueue(output);
              controller.close();
              return;
            }
            const next = output.endTag === undefined ? output : dispatch("endTag", output.endTag, { name: output.name });
            if (!Array.isArray(next)) await next.wait;
          }
        },
      });
      return new Response(body, response);
    }
  }

  return { HTMLRewriter };
})
