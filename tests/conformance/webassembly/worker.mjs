// A worker importing a .wasm module (wrangler's CompiledWasm rule): instantiated at the top
// level with a JS import, its memory read and written from both sides.
import textModule from "./text.wasm";

const notes = [];
const decoder = new TextDecoder();
const { exports } = new WebAssembly.Instance(textModule, {
  env: { note: (ptr, len) => notes.push(decoder.decode(new Uint8Array(exports.memory.buffer, ptr, len))) },
});

function upper(text) {
  const bytes = new TextEncoder().encode(text);
  new Uint8Array(exports.memory.buffer).set(bytes, 0);
  exports.upper(0, bytes.length);
  return decoder.decode(new Uint8Array(exports.memory.buffer, 0, bytes.length));
}

export default {
  async fetch(request) {
    const out = [];
    const line = (label, f) => {
      try {
        out.push(`${label}: ${f()}`);
      } catch (error) {
        out.push(`${label} threw ${error.constructor.name}: ${error.message}`);
      }
    };
    line("module", () => Object.prototype.toString.call(textModule));
    line("exports", () => WebAssembly.Module.exports(textModule).map((e) => `${e.kind} ${e.name}`).join(", "));
    line("data segment", () => decoder.decode(new Uint8Array(exports.memory.buffer, 1024, 15)));
    line("upper", () => upper("Hello, Workers!"));
    line("notes", () => notes.join(" | "));
    line("calls", () => exports.calls.value);
    line("fib", () => `${exports.fib(10n)} ${exports.fib(90n)}`);
    line("trap", () => exports.fail());
    line("grow", () => {
      const before = exports.memory.buffer;
      return `${exports.memory.grow(1)} ${before.byteLength} ${exports.memory.buffer.byteLength}`;
    });
    line("after grow", () => upper("still here"));
    line("compile", () => new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])));
    out.push(`instantiate: ${await WebAssembly.instantiate(textModule, { env: { note() {} } }).then((i) => Object.keys(i.exports).join())}`);
    const sab = new WebAssembly.Memory({ shared: true, initial: 0, maximum: 0 }).buffer.constructor;
    line("shared", () => `${sab.name} ${sab === SharedArrayBuffer}`);
    return new Response(out.join("\n"));
  },
};
