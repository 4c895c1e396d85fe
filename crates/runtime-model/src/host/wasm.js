// The `WebAssembly` namespace as workerd 1.20261117 has it (host/wasm.rs runs the code).
//
// Workers allow no code generation at run time: `new WebAssembly.Module(bytes)`,
// `WebAssembly.compile` and `WebAssembly.instantiate(bytes)` throw or reject with
// `CompileError: … Wasm code generation disallowed by embedder`. Modules come from the
// worker's imported `.wasm` files (wrangler's CompiledWasm rule), which the loader hands
// to `wrapModule`. This file is the JS face (argument checks, messages, object identity);
// `native` is host/wasm.rs (compilation, instantiation, calls, memories, tables,
// globals), which knows objects only by handle numbers.
(function (native) {
  'use strict';
  const { defineProperty, freeze, create, getOwnPropertyNames } = Object;
  const PAGES_MAX = 65536;
  const TABLE_MAX = 10000000;

  const modules = new WeakMap();
  const instances = new WeakMap();
  const memories = new WeakMap();
  const tables = new WeakMap();
  const globals = new WeakMap();
  // handle → wrapper: the same Wasm object is always the same JS object.
  const memoryObjects = [];
  const tableObjects = [];
  const globalObjects = [];

  function hidden(object, name, value) {
    defineProperty(object, name, { value, writable: true, enumerable: false, configurable: true });
  }
  function operations(object, methods) {
    for (const name of getOwnPropertyNames(methods)) {
      const descriptor = Object.getOwnPropertyDescriptor(methods, name);
      descriptor.enumerable = true;
      defineProperty(object, name, descriptor);
    }
  }
  function tag(prototype, name) {
    defineProperty(prototype, Symbol.toStringTag, { value: name, writable: false, enumerable: false, configurable: true });
  }
  function constructor(fn, prototype) {
    defineProperty(fn, 'prototype', { value: prototype, writable: false, enumerable: false, configurable: false });
    hidden(prototype, 'constructor', fn);
  }
  function requireNew(target, name) {
    if (target === undefined) {
      throw new TypeError(`WebAssembly.${name}(): WebAssembly.${name} must be invoked with 'new'`);
    }
  }
  function isObject(value) {
    return (typeof value === 'object' && value !== null) || typeof value === 'function';
  }
  // What `map` holds for `receiver`, an instance of WebAssembly.`kind`; V8's TypeError for
  // any other receiver of `operation`.
  function receiverState(map, receiver, kind, operation) {
    const state = isObject(receiver) ? map.get(receiver) : undefined;
    if (state === undefined) {
      throw new TypeError(`WebAssembly.${kind}.${operation}: Receiver is not a WebAssembly.${kind}`);
    }
    return state;
  }
  function isBufferSource(value) {
    return value instanceof ArrayBuffer || ArrayBuffer.isView(value)
      || (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer);
  }
  function bytesOf(value) {
    if (ArrayBuffer.isView(value)) {
      return new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
    }
    return new Uint8Array(value).slice();
  }

  // CompileError, LinkError, RuntimeError (and SuspendError): callable with or without
  // `new`, as the NativeError constructors are.
  function errorClass(name) {
    const made = {
      [name]: function (message) {
        return Reflect.construct(Error, arguments, new.target === undefined ? made : new.target);
      },
    }[name];
    const prototype = create(Error.prototype);
    constructor(made, prototype);
    hidden(prototype, 'name', name);
    hidden(prototype, 'message', '');
    Object.setPrototypeOf(made, Error);
    return made;
  }
  const CompileError = errorClass('CompileError');
  const LinkError = errorClass('LinkError');
  const RuntimeError = errorClass('RuntimeError');
  const SuspendError = errorClass('SuspendError');
  native.init(CompileError, LinkError, RuntimeError);

  function disallowed(operation) {
    return new CompileError(`${operation}: Wasm code generation disallowed by embedder`);
  }

  function moduleHandle(value, prefix) {
    const handle = isObject(value) ? modules.get(value) : undefined;
    if (handle === undefined) throw new TypeError(`${prefix}: Argument 0 must be a WebAssembly.Module`);
    return handle;
  }

  // Module
  const Module = function Module(bytes) {
    requireNew(new.target, 'Module');
    throw disallowed('WebAssembly.Module()');
  };
  const ModulePrototype = {};
  constructor(Module, ModulePrototype);
  tag(ModulePrototype, 'WebAssembly.Module');
  operations(Module, {
    imports(moduleObject) {
      return native.moduleImports(moduleHandle(moduleObject, 'WebAssembly.Module.imports()'));
    },
    exports(moduleObject) {
      return native.moduleExports(moduleHandle(moduleObject, 'WebAssembly.Module.exports()'));
    },
    customSections(moduleObject, sectionName) {
      const handle = moduleHandle(moduleObject, 'WebAssembly.Module.customSections()');
      if (sectionName === undefined) {
        throw new TypeError('WebAssembly.Module.customSections(): Argument 1 is required');
      }
      return native.customSections(handle, String(sectionName));
    },
  });
  function wrapModule(handle) {
    const made = create(ModulePrototype);
    modules.set(made, handle);
    return made;
  }

  // Wrappers of the handles host/wasm.rs gives out.
  function memoryOf(handle) {
    let made = memoryObjects[handle];
    if (made === undefined) {
      made = create(MemoryPrototype);
      memories.set(made, { handle, shared: false });
      memoryObjects[handle] = made;
    }
    return made;
  }
  function tableOf(handle) {
    let made = tableObjects[handle];
    if (made === undefined) {
      made = create(TablePrototype);
      tables.set(made, handle);
      tableObjects[handle] = made;
    }
    return made;
  }
  function globalOf(handle) {
    let made = globalObjects[handle];
    if (made === undefined) {
      made = create(GlobalPrototype);
      globals.set(made, handle);
      globalObjects[handle] = made;
    }
    return made;
  }

  // Reads the import object for module `handle`: what each import names, as
  // host/wasm.rs links it (a function, or a handle for a memory, table or global, or a
  // plain value for a global).
  function readImports(handle, importObject, prefix) {
    const wanted = native.moduleImports(handle);
    if (wanted.length > 0 && !isObject(importObject)) {
      throw new TypeError(`${prefix}: Imports argument must be present and must be an object`);
    }
    if (importObject !== undefined && !isObject(importObject)) {
      throw new TypeError(`${prefix}: Argument 1 must be an object`);
    }
    const values = [];
    for (let i = 0; i < wanted.length; i++) {
      const { module, name, kind } = wanted[i];
      const namespace = importObject[module];
      if (!isObject(namespace)) {
        throw new TypeError(`${prefix}: Import #${i} "${module}": module is not an object or function`);
      }
      const value = namespace[name];
      const where = `${prefix}: Import #${i} "${module}" "${name}"`;
      if (kind === 'function') {
        if (typeof value !== 'function') throw new LinkError(`${where}: function import requires a callable`);
        values.push(value);
      } else if (kind === 'memory') {
        const memory = isObject(value) ? memories.get(value) : undefined;
        if (memory === undefined || memory.shared) {
          throw new LinkError(`${where}: memory import must be a WebAssembly.Memory object`);
        }
        values.push(memory.handle);
      } else if (kind === 'table') {
        const table = isObject(value) ? tables.get(value) : undefined;
        if (table === undefined) throw new LinkError(`${where}: table import requires a WebAssembly.Table`);
        values.push(table);
      } else if (kind === 'global') {
        const global = isObject(value) ? globals.get(value) : undefined;
        values.push(global === undefined ? { value } : global);
      } else {
        throw new LinkError(`${where}: ${kind} imports are not supported`);
      }
    }
    return values;
  }

  function instantiate(handle, importObject, prefix) {
    const values = readImports(handle, importObject, prefix);
    const exported = native.instantiate(handle, values, prefix);
    const exports = create(null);
    for (const [name, kind, value] of exported) {
      let item = value;
      if (kind === 'memory') item = memoryOf(value);
      else if (kind === 'table') item = tableOf(value);
      else if (kind === 'global') item = globalOf(value);
      defineProperty(exports, name, { value: item, writable: false, enumerable: true, configurable: false });
    }
    const made = create(InstancePrototype);
    instances.set(made, freeze(exports));
    return made;
  }

  // Instance
  const Instance = function Instance(module, importObject = undefined) {
    requireNew(new.target, 'Instance');
    const handle = moduleHandle(module, 'WebAssembly.Instance()');
    const made = instantiate(handle, importObject, 'WebAssembly.Instance()');
    if (new.target !== Instance) Object.setPrototypeOf(made, new.target.prototype);
    return made;
  };
  const InstancePrototype = {};
  constructor(Instance, InstancePrototype);
  tag(InstancePrototype, 'WebAssembly.Instance');
  operations(InstancePrototype, {
    get exports() {
      return receiverState(instances, this, 'Instance', 'exports');
    },
  });

  // Descriptor properties: ToNumber, then V8's range checks.
  function limit(descriptor, property, prefix, lower, upper, required) {
    const raw = descriptor[property];
    if (raw === undefined) {
      if (required) throw new TypeError(`${prefix}: Property '${property}' is required`);
      return undefined;
    }
    const number = Number(raw);
    if (Number.isNaN(number) || number === Infinity || number === -Infinity) {
      throw new TypeError(`${prefix}: Property '${property}' must be convertible to a valid number`);
    }
    if (number < 0) throw new TypeError(`${prefix}: Property '${property}' must be non-negative`);
    const value = Math.trunc(number);
    if (value > 0xffffffff) {
      throw new TypeError(`${prefix}: Property '${property}' must be in the unsigned long range`);
    }
    if (value < lower) {
      throw new RangeError(`${prefix}: Property '${property}': value ${value} is below the lower bound ${lower}`);
    }
    if (value > upper) {
      throw new RangeError(`${prefix}: Property '${property}': value ${value} is above the upper bound ${upper}`);
    }
    return value;
  }

  // Memory. A shared memory is JS-only (a SharedArrayBuffer; wasmi runs no threads).
  const Memory = function Memory(descriptor) {
    requireNew(new.target, 'Memory');
    const prefix = 'WebAssembly.Memory()';
    if (!isObject(descriptor)) throw new TypeError(`${prefix}: Argument 0 must be a memory descriptor`);
    const initial = limit(descriptor, 'initial', prefix, 0, PAGES_MAX, true);
    const maximum = limit(descriptor, 'maximum', prefix, initial, PAGES_MAX, false);
    const shared = Boolean(descriptor.shared);
    let made;
    if (shared) {
      if (maximum === undefined) {
        throw new TypeError(`${prefix}: If shared is true, maximum property should be defined.`);
      }
      made = create(MemoryPrototype);
      const buffer = native.sharedBuffer(initial * 65536);
      memories.set(made, { shared: true, pages: initial, maximum, buffer });
    } else {
      const handle = native.memoryNew(initial, maximum === undefined ? -1 : maximum);
      if (handle < 0) throw new RangeError(`${prefix}: could not allocate memory`);
      made = memoryOf(handle);
    }
    if (new.target !== Memory) Object.setPrototypeOf(made, new.target.prototype);
    return made;
  };
  const MemoryPrototype = {};
  constructor(Memory, MemoryPrototype);
  tag(MemoryPrototype, 'WebAssembly.Memory');
  function memoryState(receiver, operation) {
    return receiverState(memories, receiver, 'Memory', operation);
  }
  operations(MemoryPrototype, {
    grow(delta) {
      const prefix = 'WebAssembly.Memory.grow()';
      const state = memoryState(this, 'grow()');
      const number = Number(delta);
      if (Number.isNaN(number) || number === Infinity || number === -Infinity) {
        throw new TypeError(`${prefix}: Argument 0 must be convertible to a valid number`);
      }
      if (number < 0) throw new TypeError(`${prefix}: Argument 0 must be non-negative`);
      const pages = Math.trunc(number);
      if (pages > 0xffffffff) throw new TypeError(`${prefix}: Argument 0 must be in the unsigned long range`);
      if (state.shared) {
        const old = state.pages;
        if (old + pages > state.maximum) throw new RangeError(`${prefix}: Maximum memory size exceeded`);
        const next = native.sharedBuffer((old + pages) * 65536);
        new Uint8Array(next).set(new Uint8Array(state.buffer));
        state.buffer = next;
        state.pages = old + pages;
        return old;
      }
      const old = native.memoryGrow(state.handle, pages);
      if (old === -1) throw new RangeError(`${prefix}: Maximum memory size exceeded`);
      if (old === -2) throw new RangeError(`${prefix}: Unable to grow instance memory`);
      return old;
    },
    get buffer() {
      const state = memoryState(this, 'buffer');
      return state.shared ? state.buffer : native.memoryBuffer(state.handle);
    },
    toFixedLengthBuffer() {
      const state = memoryState(this, 'toFixedLengthBuffer()');
      return state.shared ? state.buffer : native.memoryBuffer(state.handle);
    },
    toResizableBuffer() {
      memoryState(this, 'toResizableBuffer()');
      throw new TypeError('WebAssembly.Memory.toResizableBuffer(): crosstalk does not model resizable Wasm memory buffers');
    },
  });

  // Table
  function referenceType(element) {
    const name = String(element);
    if (name === 'anyfunc' || name === 'funcref') return 'funcref';
    if (name === 'externref') return 'externref';
    return undefined;
  }
  const Table = function Table(descriptor, value = undefined) {
    requireNew(new.target, 'Table');
    const prefix = 'WebAssembly.Table()';
    if (!isObject(descriptor)) throw new TypeError(`${prefix}: Argument 0 must be a table descriptor`);
    const element = referenceType(descriptor.element);
    if (element === undefined) {
      throw new TypeError(`${prefix}: Descriptor property 'element' must be a WebAssembly reference type`);
    }
    const initial = limit(descriptor, 'initial', prefix, 0, TABLE_MAX, true);
    const maximum = limit(descriptor, 'maximum', prefix, initial, 0xffffffff, false);
    const init = arguments.length < 2 && element === 'funcref' ? null : value;
    const handle = native.tableNew(element, initial, maximum === undefined ? -1 : maximum, init);
    if (handle === -1) {
      throw new TypeError(`${prefix}: Argument 2 is invalid for table: function-typed object must be null (if nullable) or a Wasm function object`);
    }
    if (handle < 0) throw new RangeError(`${prefix}: could not allocate table`);
    const made = tableOf(handle);
    if (new.target !== Table) Object.setPrototypeOf(made, new.target.prototype);
    return made;
  };
  const TablePrototype = {};
  constructor(Table, TablePrototype);
  tag(TablePrototype, 'WebAssembly.Table');
  function tableHandle(receiver, operation) {
    return receiverState(tables, receiver, 'Table', operation);
  }
  function tableIndex(value, prefix, argument) {
    const number = Number(value);
    if (Number.isNaN(number) || number === Infinity || number === -Infinity) {
      throw new TypeError(`${prefix}: Argument ${argument} must be convertible to a valid number`);
    }
    if (number < 0) throw new TypeError(`${prefix}: Argument ${argument} must be non-negative`);
    const index = Math.trunc(number);
    if (index > 0xffffffff) throw new TypeError(`${prefix}: Argument ${argument} must be in the unsigned long range`);
    return index;
  }
  function tableBounds(handle, index, prefix) {
    const size = native.tableLength(handle);
    if (index >= size) {
      throw new RangeError(`${prefix}: invalid address ${index} in ${native.tableElement(handle)} table of size ${size}`);
    }
  }
  function invalidTableValue(prefix, argument) {
    return new TypeError(`${prefix}: Argument ${argument} is invalid for table: function-typed object must be null (if nullable) or a Wasm function object`);
  }
  operations(TablePrototype, {
    get length() {
      return native.tableLength(tableHandle(this, 'length'));
    },
    grow(delta, value) {
      const prefix = 'WebAssembly.Table.grow()';
      const handle = tableHandle(this, 'grow()');
      const count = tableIndex(delta, prefix, 0);
      const funcref = native.tableElement(handle) === 'funcref';
      const init = arguments.length < 2 && funcref ? null : value;
      const old = native.tableGrow(handle, count, init);
      if (old === -1) throw invalidTableValue(prefix, 1);
      if (old < 0) throw new RangeError(`${prefix}: failed to grow table by ${count}`);
      return old;
    },
    set(index, value) {
      const prefix = 'WebAssembly.Table.set()';
      const handle = tableHandle(this, 'set()');
      const at = tableIndex(index, prefix, 0);
      tableBounds(handle, at, prefix);
      const funcref = native.tableElement(handle) === 'funcref';
      if (!native.tableSet(handle, at, arguments.length < 2 && funcref ? null : value)) {
        throw invalidTableValue(prefix, 1);
      }
    },
    get(index) {
      const prefix = 'WebAssembly.Table.get()';
      const handle = tableHandle(this, 'get()');
      const at = tableIndex(index, prefix, 0);
      tableBounds(handle, at, prefix);
      return native.tableGet(handle, at);
    },
  });

  // Global
  const VALUE_TYPES = ['i32', 'i64', 'f32', 'f64', 'externref', 'anyfunc', 'funcref'];
  const Global = function Global(descriptor, value = undefined) {
    requireNew(new.target, 'Global');
    const prefix = 'WebAssembly.Global()';
    if (!isObject(descriptor)) throw new TypeError(`${prefix}: Argument 0 must be a global descriptor`);
    const mutable = Boolean(descriptor.mutable);
    let type = String(descriptor.value);
    if (!VALUE_TYPES.includes(type)) {
      throw new TypeError(`${prefix}: Descriptor property 'value' must be a WebAssembly type`);
    }
    if (type === 'anyfunc') type = 'funcref';
    const handle = native.globalNew(type, mutable, value, arguments.length >= 2 && value !== undefined);
    if (handle === -1) {
      throw new TypeError(`${prefix}: The value of funcref globals must be null or an exported function`);
    }
    const made = globalOf(handle);
    if (new.target !== Global) Object.setPrototypeOf(made, new.target.prototype);
    return made;
  };
  const GlobalPrototype = {};
  constructor(Global, GlobalPrototype);
  tag(GlobalPrototype, 'WebAssembly.Global');
  function globalHandle(receiver, operation) {
    return receiverState(globals, receiver, 'Global', operation);
  }
  operations(GlobalPrototype, {
    valueOf() {
      return native.globalGet(globalHandle(this, 'valueOf()'));
    },
    get value() {
      return native.globalGet(globalHandle(this, 'value'));
    },
    set value(value) {
      const handle = globalHandle(this, 'value');
      if (!native.globalMutable(handle)) {
        throw new TypeError("set WebAssembly.Global.value): Can't set the value of an immutable global.");
      }
      if (!native.globalSet(handle, value)) {
        throw new TypeError('set WebAssembly.Global.value): value must be null (if nullable) or a Wasm function object');
      }
    },
  });

  // Exception handling and JS promise integration: the classes exist (as in workerd);
  // crosstalk's engine runs neither proposal, so no module can use them.
  const Tag = function Tag(type) {
    requireNew(new.target, 'Tag');
    if (!isObject(type)) throw new TypeError('WebAssembly.Tag(): Argument 0 must be a tag type');
    if (!isObject(type.parameters)) {
      throw new TypeError("WebAssembly.Tag(): Argument 0 must be a tag type with 'parameters'");
    }
  };
  const TagPrototype = {};
  constructor(Tag, TagPrototype);
  tag(TagPrototype, 'WebAssembly.Tag');
  const JSTag = create(TagPrototype);
  const Exception = function Exception(exceptionTag, payload) {
    requireNew(new.target, 'Exception');
    if (!isObject(exceptionTag) || Object.getPrototypeOf(exceptionTag) !== TagPrototype) {
      throw new TypeError('WebAssembly.Exception(): Argument 0 must be a WebAssembly tag');
    }
    throw new TypeError('WebAssembly.Exception(): crosstalk does not model Wasm exception handling');
  };
  defineProperty(Exception, 'length', { value: 2, configurable: true });
  const ExceptionPrototype = {};
  constructor(Exception, ExceptionPrototype);
  tag(ExceptionPrototype, 'WebAssembly.Exception');
  operations(ExceptionPrototype, {
    getArg(exceptionTag, index) {
      throw new TypeError('WebAssembly.Exception.getArg(): Receiver is not a WebAssembly.Exception');
    },
    is(exceptionTag) {
      throw new TypeError('WebAssembly.Exception.is(): Receiver is not a WebAssembly.Exception');
    },
    get stack() {
      throw new TypeError('WebAssembly.Exception.stack: Receiver is not a WebAssembly.Exception');
    },
  });
  const Suspending = function Suspending(target) {
    requireNew(new.target, 'Suspending');
    if (typeof target !== 'function') throw new TypeError('WebAssembly.Suspending(): Argument 0 must be a function');
  };
  const SuspendingPrototype = {};
  constructor(Suspending, SuspendingPrototype);
  tag(SuspendingPrototype, 'WebAssembly.Suspending');

  const namespace = {};
  operations(namespace, {
    compile(bytes) {
      return Promise.reject(disallowed('WebAssembly.compile()'));
    },
    validate(bytes) {
      if (!isBufferSource(bytes)) throw new TypeError('WebAssembly.validate(): Argument 0 must be a buffer source');
      return native.validate(bytesOf(bytes));
    },
    instantiate(source, importObject = undefined) {
      const handle = isObject(source) ? modules.get(source) : undefined;
      if (handle === undefined) {
        if (!isBufferSource(source)) {
          return Promise.reject(new TypeError(
            'WebAssembly.instantiate(): Argument 0 must be a buffer source or a WebAssembly.Module object'));
        }
        return Promise.reject(disallowed('WebAssembly.instantiate()'));
      }
      return new Promise((resolve, reject) => {
        try {
          resolve(instantiate(handle, importObject, 'WebAssembly.instantiate()'));
        } catch (error) {
          reject(error);
        }
      });
    },
  });
  for (const [name, value] of [['Module', Module], ['Instance', Instance], ['Table', Table], ['Memory', Memory],
    ['Global', Global], ['Tag', Tag]]) {
    hidden(namespace, name, value);
  }
  defineProperty(namespace, 'JSTag', { value: JSTag, writable: false, enumerable: false, configurable: true });
  for (const [name, value] of [['Exception', Exception], ['CompileError', CompileError], ['LinkError', LinkError],
    ['RuntimeError', RuntimeError], ['Suspending', Suspending]]) {
    hidden(namespace, name, value);
  }
  operations(namespace, {
    promising(wasmFunction) {
      throw new TypeError('WebAssembly.promising(): Argument 0 must be a function');
    },
  });
  hidden(namespace, 'SuspendError', SuspendError);
  tag(namespace, 'WebAssembly');

  return { namespace, wrapModule };
})
