// The messages of errors a worker commonly catches and answers with, case by case:
// each line is a case's result or its error's name and message.
const cases = {
  destructureCall: () => { const g = () => ({}); const [a, b] = g(); },
  spreadUndef: () => [...undefined],
  arrLen: () => new Array(-1),
  arrLen2: () => { const a = []; a.length = -1; },
  setNull: () => { null.x = 1; },
  setUndefIdx: () => { let u; u[0] = 1; },
  notDefined: () => undefinedVar,
  toFixed: () => (1).toFixed(200),
  toPrecision: () => (1).toPrecision(0),
  toStringRadix: () => (1).toString(1),
  repeatNeg: () => 'abc'.repeat(-1),
  repeatInf: () => 'abc'.repeat(Infinity),
  defineOnPrim: () => Object.defineProperty(1, 'x', {}),
  classNoNew: () => { class A {}; A(); },
  bigintFrac: () => BigInt(1.5),
  bigintStr: () => BigInt('1.5'),
  proxyNull: () => new Proxy({}, null),
  reduceEmpty: () => [].reduce((a, b) => a),
  invalidDate: () => new Date('x').toISOString(),
  uriMalformed: () => decodeURIComponent('%'),
  weakKey: () => new WeakMap().set(1, 1),
  weakSet: () => new WeakSet().add(1),
  codePoint: () => String.fromCodePoint(-1),
  callUndefMethod: () => { const o = {}; o.m(); },
  symbolNew: () => new Symbol(),
  assignNull: () => Object.assign(null, {}),
  keysNull: () => Object.keys(null),
  entriesUndef: () => Object.entries(undefined),
  jsonCircularDeep: () => structuredClone(() => 1),
  cloneSymbol: () => structuredClone(Symbol('x')),
  dateInvalidToJSON: () => JSON.stringify(new Date(NaN)),
  localeBad: () => new Intl.NumberFormat('xx-invalid-'),
  normalizeBad: () => 'a'.normalize('X'),
  generatorRunning: () => { function* g() { it.next(); } const it = g(); it.next(); },
  destructureUndef: () => { const { a } = undefined; },
  maxCall: () => { function f() { f(); } f(); },
  stringRaw: () => String.raw(),
  atNeg: () => [].at(),
  padBad: () => 'a'.padStart(Infinity),
  numberFormatBad: () => (1).toLocaleString('en', { style: 'currency' }),
  abortReason: () => { const c = new AbortController(); c.abort(); c.signal.throwIfAborted(); },
  textDecoderBad: () => new TextDecoder('nope'),
  urlBad: () => new URL('not a url'),
  headersBad: () => new Headers({ 'bad header': 'x' }),
  responseStatus: () => new Response(null, { status: 700 }),
};

export default {
  async fetch() {
    const out = [];
    for (const [name, run] of Object.entries(cases)) {
      try {
        let result = run();
        if (result && typeof result.then === 'function') result = await result;
        out.push(name + ' => ' + String(result));
      } catch (e) {
        out.push(name + ' !! ' + (e && e.name) + ': ' + (e && e.message));
      }
    }
    return new Response(out.join('\n'));
  },
};
