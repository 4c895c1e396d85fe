// Builtins V8 ships that boa 0.22 lacked or had behind a feature: Uint8Array's base64
// and hex methods (every lastChunkHandling mode, V8's error texts, partial writes),
// Array.fromAsync, Error.isError, ArrayBuffer transfer, Atomics.pause,
// Iterator.prototype.includes.
const out = [];
const b64 = [['aGk='], ['='], ['a='], ['aG='], ['aG=', 'strict'], ['aG=x'], ['aGk=a'], ['aGk=='], ['aG==', 'strict'], ['aG==='], ['aGk', 'strict'], ['a', 'stop-before-partial'], ['aGk+', 'url'], ['_-8', 'url'], ['aGk*'], ['aGk\u00e9'], ['aGk', 'loose'], ['aGlk', 'strict'], ['aGl=', 'loose'], ['aGl=', 'strict'], ['aGk=\n', 'strict'], ['  '], ['aGk=aGk='], ['YQ', 'stop-before-partial'], ['YQ=', 'stop-before-partial'], ['YQ=='], ['Y Q = =']];
for (const [s, mode] of b64) {
  const opts = mode === 'url' ? { alphabet: 'base64url' } : mode ? { lastChunkHandling: mode } : undefined;
  try {
    out.push(JSON.stringify([s, mode]) + ' => ' + Uint8Array.fromBase64(s, opts).join());
  } catch (e) {
    out.push(JSON.stringify([s, mode]) + ' !! ' + e.name + ': ' + e.message);
  }
  try {
    const a = new Uint8Array(2);
    const r = a.setFromBase64(s, opts);
    out.push('  set ' + JSON.stringify(r) + ' ' + a.join());
  } catch (e) {
    out.push('  set !! ' + e.name + ': ' + e.message);
  }
}
for (const s of ['', 'a', 'ab', 'abc', 'zz', 'AbCd', '0g', ' 00', '00ff0A']) {
  try {
    out.push(JSON.stringify(s) + ' hex => ' + Uint8Array.fromHex(s).join());
  } catch (e) {
    out.push(JSON.stringify(s) + ' hex !! ' + e.name + ': ' + e.message);
  }
  try {
    const a = new Uint8Array(1);
    const r = a.setFromHex(s);
    out.push('  sethex ' + JSON.stringify(r) + ' ' + a.join());
  } catch (e) {
    out.push('  sethex !! ' + e.name + ': ' + e.message);
  }
}
const cases = {
  toBase64: () => [new Uint8Array([104, 105, 255, 254]).toBase64(), new Uint8Array([255, 254]).toBase64({ alphabet: 'base64url' }), new Uint8Array([1]).toBase64({ omitPadding: true }), new Uint8Array([]).toBase64(), new Uint8Array([0, 15, 255]).toHex()].join(' '),
  optionsNull: () => Uint8Array.fromBase64('aGk=', null),
  optionsNumber: () => new Uint8Array([1]).toBase64(5),
  alphabetNumber: () => Uint8Array.fromBase64('aGk=', { alphabet: 5 }),
  alphabetBad: () => new Uint8Array([1]).toBase64({ alphabet: 'nope' }),
  lastChunkBad: () => Uint8Array.fromBase64('aGk=', { lastChunkHandling: 'x' }),
  receiverArray: () => Uint8Array.prototype.toHex.call([1]),
  receiverUint16: () => Uint8Array.prototype.toBase64.call(new Uint16Array(1)),
  inputNumber: () => Uint8Array.fromHex(5),
  detached: () => { const b = new ArrayBuffer(2); const u = new Uint8Array(b); b.transfer(); return u.toBase64(); },
  subclass: () => class X extends Uint8Array {}.fromBase64('aGk=').constructor.name,
  descriptors: () => [Object.getOwnPropertyDescriptor(Uint8Array, 'fromBase64').enumerable, Uint8Array.fromBase64.length, Uint8Array.prototype.toBase64.length, Uint8Array.prototype.setFromBase64.length, Uint8Array.fromHex.length, typeof Uint16Array.fromBase64].join(),
  isError: () => [Error.isError(new Error()), Error.isError(new TypeError()), Error.isError({}), Error.isError(Object.create(Error.prototype)), Error.isError(new DOMException('x')), Error.isError(new (class E extends Error {})()), Error.isError.length, Error.isError.name].join(),
  fromAsync: async () => (await Array.fromAsync([1, Promise.resolve(2), 3])).join() + ' ' + (await Array.fromAsync({ length: 2, 0: 'a', 1: Promise.resolve('b') })).join() + ' ' + (await Array.fromAsync((async function* () { yield 1; yield 2; })(), (x) => x * 10)).join() + ' ' + Array.fromAsync.length,
  fromAsyncBad: async () => await Array.fromAsync(5),
  fromAsyncReject: async () => await Array.fromAsync([Promise.reject(new Error('boom'))]),
  arrayBufferTransfer: () => { const b = new ArrayBuffer(4); new Uint8Array(b)[0] = 7; const c = b.transfer(8); const d = c.transferToFixedLength(); return [b.detached, c.detached, b.byteLength, c.byteLength, new Uint8Array(d)[0], d.byteLength, d.resizable].join(); },
  transferResizable: () => { const b = new ArrayBuffer(2, { maxByteLength: 8 }); const c = b.transfer(); return [c.resizable, c.maxByteLength, c.byteLength].join(); },
  transferDetached: () => { const b = new ArrayBuffer(2); b.transfer(); return b.transfer(); },
  sliceDetached: () => { const b = new ArrayBuffer(2); b.transfer(); return b.slice(0); },
  atomicsPause: () => [Atomics.pause(), Atomics.pause(5)].join(),
  atomicsPauseBad: () => Atomics.pause(1.5),
  iterIncludes: () => [[1, 2, 3].values().includes(2), [1, NaN].values().includes(NaN), [1, 2, 3].values().includes(1, 1)].join(),
  promiseKeyed: () => [typeof Promise.allKeyed, typeof Promise.allSettledKeyed].join(),
};

export default {
  async fetch() {
    for (const [name, run] of Object.entries(cases)) {
      try {
        let result = run();
        if (result && typeof result.then === 'function') result = await result;
        out.push(name + ' => ' + String(result));
      } catch (e) {
        out.push(name + ' !! ' + e.name + ': ' + e.message);
      }
    }
    return new Response(out.join('\n'));
  },
};
