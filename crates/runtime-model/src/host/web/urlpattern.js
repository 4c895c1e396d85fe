// URLPattern (WHATWG URL Pattern standard), crosstalk's own code.
//
// Parsing a pattern and canonicalising a match input are the host's (the `urlpattern`
// crate, through host.urlPatternParse / host.urlPatternMatchInput); matching runs each
// component's regular expression here, with the engine's own RegExp, as the standard
// says ("u" flag, plus "i" for ignoreCase).
(function (host) {
  "use strict";

  const COMPONENTS = ["protocol", "username", "password", "hostname", "port", "pathname", "search", "hash"];
  const INIT_KEYS = [...COMPONENTS, "baseURL"];
  const patterns = new WeakMap();

  // A URLPatternInput as the host takes it: a string, or a plain object of strings.
  function toInput(input) {
    if (typeof input === "string") return input;
    if (input === undefined || input === null) return {};
    if (typeof input !== "object") return String(input);
    const init = {};
    for (const key of INIT_KEYS) {
      if (input[key] !== undefined) init[key] = String(input[key]);
    }
    return init;
  }

  function state(pattern) {
    const found = patterns.get(pattern);
    if (found === undefined) throw new TypeError("Illegal invocation");
    return found;
  }

  class URLPattern {
    constructor(input = {}, baseURL = undefined, options = undefined) {
      if (baseURL !== null && typeof baseURL === "object") {
        options = baseURL;
        baseURL = undefined;
      }
      const ignoreCase = Boolean(options && options.ignoreCase);
      const base = baseURL === undefined ? undefined : String(baseURL);
      const parsed = host.urlPatternParse(toInput(input), base, ignoreCase);
      const flags = ignoreCase ? "ui" : "u";
      const regexps = {};
      for (const component of COMPONENTS) {
        regexps[component] = new RegExp(parsed[component].regexpString, flags);
      }
      patterns.set(this, { parsed, regexps });
    }

    get protocol() { return state(this).parsed.protocol.patternString; }
    get username() { return state(this).parsed.username.patternString; }
    get password() { return state(this).parsed.password.patternString; }
    get hostname() { return state(this).parsed.hostname.patternString; }
    get port() { return state(this).parsed.port.patternString; }
    get pathname() { return state(this).parsed.pathname.patternString; }
    get search() { return state(this).parsed.search.patternString; }
    get hash() { return state(this).parsed.hash.patternString; }
    get hasRegExpGroups() { return state(this).parsed.hasRegexpGroups; }

    test(input = {}, baseURL = undefined) {
      return match(state(this), input, baseURL) !== null;
    }

    exec(input = {}, baseURL = undefined) {
      return match(state(this), input, baseURL);
    }

  }

  function match({ parsed, regexps }, input, baseURL) {
    const base = baseURL === undefined ? undefined : String(baseURL);
    const canonical = host.urlPatternMatchInput(toInput(input), base);
    if (canonical === null) return null;
    const result = { inputs: base === undefined ? [input] : [input, base] };
    for (const component of COMPONENTS) {
      const text = canonical[component];
      const found = regexps[component].exec(text);
      if (found === null) return null;
      const groups = {};
      parsed[component].groupNameList.forEach((name, i) => {
        groups[name] = found[i + 1];
      });
      result[component] = { input: text, groups };
    }
    return result;
  }

  host.webidlMembers(URLPattern);
  return { URLPattern };
})
