// node:zlib for crosstalk (see host/node_zlib.rs for the native half): the one-shot
// functions, their callback forms, the stream classes and the constants, shaped as
// workerd's node:zlib. The native half compresses and decompresses with zlib's own
// choices (Chromium's zlib, as workerd runs it), so bytes and error messages agree.
// Zstandard is not modelled: its functions throw an error that says so.
(function (host) {
  "use strict";

  const { Buffer } = host.load("node-buffer");
  const native = (op, args, method) => host.zlib(op, args, method);

  // --- constants ---------------------------------------------------------------------

  const CONSTANT_LIST = [
    ["Z_NO_FLUSH", 0], ["Z_PARTIAL_FLUSH", 1], ["Z_SYNC_FLUSH", 2], ["Z_FULL_FLUSH", 3], ["Z_FINISH", 4],
    ["Z_BLOCK", 5], ["Z_OK", 0], ["Z_STREAM_END", 1], ["Z_NEED_DICT", 2], ["Z_ERRNO", -1],
    ["Z_STREAM_ERROR", -2], ["Z_DATA_ERROR", -3], ["Z_MEM_ERROR", -4], ["Z_BUF_ERROR", -5],
    ["Z_VERSION_ERROR", -6], ["Z_NO_COMPRESSION", 0], ["Z_BEST_SPEED", 1], ["Z_BEST_COMPRESSION", 9],
    ["Z_DEFAULT_COMPRESSION", -1], ["Z_FILTERED", 1], ["Z_HUFFMAN_ONLY", 2], ["Z_RLE", 3], ["Z_FIXED", 4],
    ["Z_DEFAULT_STRATEGY", 0], ["ZLIB_VERNUM", 5120], ["DEFLATE", 1], ["INFLATE", 2], ["GZIP", 3],
    ["GUNZIP", 4], ["DEFLATERAW", 5], ["INFLATERAW", 6], ["UNZIP", 7], ["BROTLI_DECODE", 8],
    ["BROTLI_ENCODE", 9], ["Z_MIN_WINDOWBITS", 8], ["Z_MAX_WINDOWBITS", 15], ["Z_DEFAULT_WINDOWBITS", 15],
    ["Z_MIN_CHUNK", 64], ["Z_MAX_CHUNK", 134217728], ["Z_DEFAULT_CHUNK", 16384], ["Z_MIN_MEMLEVEL", 1],
    ["Z_MAX_MEMLEVEL", 9], ["Z_DEFAULT_MEMLEVEL", 8], ["Z_MIN_LEVEL", -1], ["Z_MAX_LEVEL", 9],
    ["Z_DEFAULT_LEVEL", -1], ["BROTLI_OPERATION_PROCESS", 0], ["BROTLI_OPERATION_FLUSH", 1],
    ["BROTLI_OPERATION_FINISH", 2], ["BROTLI_OPERATION_EMIT_METADATA", 3], ["BROTLI_PARAM_MODE", 0],
    ["BROTLI_MODE_GENERIC", 0], ["BROTLI_MODE_TEXT", 1], ["BROTLI_MODE_FONT", 2], ["BROTLI_DEFAULT_MODE", 0],
    ["BROTLI_PARAM_QUALITY", 1], ["BROTLI_MIN_QUALITY", 0], ["BROTLI_MAX_QUALITY", 11],
    ["BROTLI_DEFAULT_QUALITY", 11], ["BROTLI_PARAM_LGWIN", 2], ["BROTLI_MIN_WINDOW_BITS", 10],
    ["BROTLI_MAX_WINDOW_BITS", 24], ["BROTLI_LARGE_MAX_WINDOW_BITS", 30], ["BROTLI_DEFAULT_WINDOW", 22],
    ["BROTLI_PARAM_LGBLOCK", 3], ["BROTLI_MIN_INPUT_BLOCK_BITS", 16], ["BROTLI_MAX_INPUT_BLOCK_BITS", 24],
    ["BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING", 4], ["BROTLI_PARAM_SIZE_HINT", 5],
    ["BROTLI_PARAM_LARGE_WINDOW", 6], ["BROTLI_PARAM_NPOSTFIX", 7], ["BROTLI_PARAM_NDIRECT", 8],
    ["BROTLI_DECODER_RESULT_ERROR", 0], ["BROTLI_DECODER_RESULT_SUCCESS", 1],
    ["BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT", 2], ["BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT", 3],
    ["BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION", 0], ["BROTLI_DECODER_PARAM_LARGE_WINDOW", 1],
    ["BROTLI_DECODER_NO_ERROR", 0], ["BROTLI_DECODER_SUCCESS", 1], ["BROTLI_DECODER_NEEDS_MORE_INPUT", 2],
    ["BROTLI_DECODER_NEEDS_MORE_OUTPUT", 3], ["BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE", -1],
    ["BROTLI_DECODER_ERROR_FORMAT_RESERVED", -2], ["BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE", -3],
    ["BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET", -4],
    ["BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME", -5], ["BROTLI_DECODER_ERROR_FORMAT_CL_SPACE", -6],
    ["BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE", -7], ["BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT", -8],
    ["BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1", -9], ["BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2", -10],
    ["BROTLI_DECODER_ERROR_FORMAT_TRANSFORM", -11], ["BROTLI_DECODER_ERROR_FORMAT_DICTIONARY", -12],
    ["BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS", -13], ["BROTLI_DECODER_ERROR_FORMAT_PADDING_1", -14],
    ["BROTLI_DECODER_ERROR_FORMAT_PADDING_2", -15], ["BROTLI_DECODER_ERROR_FORMAT_DISTANCE", -16],
    ["BROTLI_DECODER_ERROR_DICTIONARY_NOT_SET", -19], ["BROTLI_DECODER_ERROR_INVALID_ARGUMENTS", -20],
    ["BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES", -21], ["BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS", -22],
    ["BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP", -25], ["BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1", -26],
    ["BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2", -27], ["BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES", -30],
    ["BROTLI_DECODER_ERROR_UNREACHABLE", -31], ["ZSTD_ENCODE", 10], ["ZSTD_DECODE", 11],
    ["ZSTD_COMPRESS", 10], ["ZSTD_DECOMPRESS", 11], ["ZSTD_e_continue", 0], ["ZSTD_e_flush", 1],
    ["ZSTD_e_end", 2], ["ZSTD_c_compressionLevel", 100], ["ZSTD_c_windowLog", 101], ["ZSTD_c_hashLog", 102],
    ["ZSTD_c_chainLog", 103], ["ZSTD_c_searchLog", 104], ["ZSTD_c_minMatch", 105],
    ["ZSTD_c_targetLength", 106], ["ZSTD_c_strategy", 107], ["ZSTD_c_enableLongDistanceMatching", 160],
    ["ZSTD_c_ldmHashLog", 161], ["ZSTD_c_ldmMinMatch", 162], ["ZSTD_c_ldmBucketSizeLog", 163],
    ["ZSTD_c_ldmHashRateLog", 164], ["ZSTD_c_contentSizeFlag", 200], ["ZSTD_c_checksumFlag", 201],
    ["ZSTD_c_dictIDFlag", 202], ["ZSTD_c_nbWorkers", 400], ["ZSTD_c_jobSize", 401], ["ZSTD_c_overlapLog", 402],
    ["ZSTD_d_windowLogMax", 100], ["ZSTD_fast", 1], ["ZSTD_dfast", 2], ["ZSTD_greedy", 3], ["ZSTD_lazy", 4],
    ["ZSTD_lazy2", 5], ["ZSTD_btlazy2", 6], ["ZSTD_btopt", 7], ["ZSTD_btultra", 8], ["ZSTD_btultra2", 9],
    ["ZSTD_CLEVEL_DEFAULT", 3], ["ZSTD_error_no_error", 0], ["ZSTD_error_GENERIC", 1],
    ["ZSTD_error_prefix_unknown", 10], ["ZSTD_error_version_unsupported", 12],
    ["ZSTD_error_frameParameter_unsupported", 14], ["ZSTD_error_frameParameter_windowTooLarge", 16],
    ["ZSTD_error_corruption_detected", 20], ["ZSTD_error_checksum_wrong", 22],
    ["ZSTD_error_literals_headerWrong", 24], ["ZSTD_error_dictionary_corrupted", 30],
    ["ZSTD_error_dictionary_wrong", 32], ["ZSTD_error_dictionaryCreation_failed", 34],
    ["ZSTD_error_parameter_unsupported", 40], ["ZSTD_error_parameter_combination_unsupported", 41],
    ["ZSTD_error_parameter_outOfBound", 42], ["ZSTD_error_tableLog_tooLarge", 44],
    ["ZSTD_error_maxSymbolValue_tooLarge", 46], ["ZSTD_error_maxSymbolValue_tooSmall", 48],
    ["ZSTD_error_stabilityCondition_notRespected", 50], ["ZSTD_error_stage_wrong", 60],
    ["ZSTD_error_init_missing", 62], ["ZSTD_error_memory_allocation", 64], ["ZSTD_error_workSpace_tooSmall", 66],
    ["ZSTD_error_dstSize_tooSmall", 70], ["ZSTD_error_srcSize_wrong", 72], ["ZSTD_error_dstBuffer_null", 74],
    ["ZSTD_error_noForwardProgress_destFull", 80], ["ZSTD_error_noForwardProgress_inputEmpty", 82],
  ];

  // Read-only, enumerable and not configurable, on an object that stays extensible.
  const constants = {};
  for (const [name, value] of CONSTANT_LIST) {
    Object.defineProperty(constants, name, { value, writable: false, enumerable: true, configurable: false });
  }
  const C = constants;

  const codeTable = {
    Z_OK: C.Z_OK,
    Z_STREAM_END: C.Z_STREAM_END,
    Z_NEED_DICT: C.Z_NEED_DICT,
    Z_ERRNO: C.Z_ERRNO,
    Z_STREAM_ERROR: C.Z_STREAM_ERROR,
    Z_DATA_ERROR: C.Z_DATA_ERROR,
    Z_MEM_ERROR: C.Z_MEM_ERROR,
    Z_BUF_ERROR: C.Z_BUF_ERROR,
    Z_VERSION_ERROR: C.Z_VERSION_ERROR,
  };
  for (const key of Object.keys(codeTable)) codeTable[codeTable[key]] = key;
  const codes = Object.freeze(codeTable);

  const kMaxLength = 2147483647;
  const kMaxBrotliParam = 8;

  // --- errors, as Node (and so workerd) words them ------------------------------------

  function describeReceived(value) {
    if (value === null) return "Received null";
    if (value === undefined) return "Received undefined";
    switch (typeof value) {
      case "bigint":
        return `Received type bigint (${value}n)`;
      case "number":
        if (value === 0) return `Received type number (${1 / value === -Infinity ? "-0" : "0"})`;
        return `Received type number (${value})`;
      case "boolean":
        return `Received type boolean (${value})`;
      case "symbol":
        return `Received type symbol (${String(value)})`;
      case "function":
        return `Received function ${value.name}`;
      case "object":
        if (value.constructor && "name" in value.constructor) return `Received an instance of ${value.constructor.name}`;
        return `Received ${host.inspect(value)}`;
      default: {
        let text = String(value);
        if (text.length > 28) text = `${text.slice(0, 25)}...`;
        return text.includes("'") ? `Received type string (${JSON.stringify(text)})` : `Received type string ('${text}')`;
      }
    }
  }

  function withCode(error, code, name) {
    error.code = code;
    error.name = name;
    error.toString = function () {
      return `${this.name} [${code}]: ${this.message}`;
    };
    return error;
  }

  function invalidArgType(name, expected, actual) {
    const kind = name.includes(".") ? "property" : "argument";
    return withCode(
      new TypeError(`The "${name}" ${kind} must be ${expected}. ${describeReceived(actual)}`),
      "ERR_INVALID_ARG_TYPE",
      "TypeError",
    );
  }

  function withSeparators(digits) {
    let sign = "";
    if (digits.startsWith("-")) {
      sign = "-";
      digits = digits.slice(1);
    }
    let out = "";
    while (digits.length > 3) {
      out = `_${digits.slice(-3)}${out}`;
      digits = digits.slice(0, -3);
    }
    return sign + digits + out;
  }

  class ERR_OUT_OF_RANGE extends RangeError {
    constructor(name, range, input) {
      let received;
      if (Number.isInteger(input) && Math.abs(input) > 2 ** 32) received = withSeparators(String(input));
      else if (typeof input === "bigint") received = `${String(input)}n`;
      else if (typeof input === "string") received = `'${input}'`;
      else if (Object.is(input, -0)) received = "-0";
      else received = String(input);
      super(`The value of "${name}" is out of range. It must be ${range}. Received ${received}`);
      this.code = "ERR_OUT_OF_RANGE";
      this.name = "RangeError";
    }
  }

  // The error a stream's handle reports (code and errno from zlib or Brotli).
  class NodeError extends Error {
    constructor(code, message) {
      super(message);
      this.code = code;
      this.name = "Error";
    }
  }

  function brotliInvalidParam(key) {
    return withCode(new RangeError(`${key} is not a valid Brotli parameter`), "ERR_BROTLI_INVALID_PARAM", "RangeError");
  }

  function bufferTooLarge(max) {
    return withCode(
      new RangeError(`Cannot create a Buffer larger than ${max} bytes`),
      "ERR_BUFFER_TOO_LARGE",
      "RangeError",
    );
  }

  function initializationFailed() {
    return withCode(new Error("Initialization failed"), "ERR_ZLIB_INITIALIZATION_FAILED", "Error");
  }

  function assertion(message) {
    const error = new Error(message);
    error.code = "ERR_ASSERTION";
    error.name = "AssertionError";
    return error;
  }

  function notModelled(name) {
    return new Error(`node:zlib ${name} is not modelled by crosstalk`);
  }

  // --- validation ----------------------------------------------------------------------

  function validateUint32(value, name) {
    if (typeof value !== "number") throw invalidArgType(name, "of type number", value);
    if (!Number.isInteger(value)) throw new ERR_OUT_OF_RANGE(name, "an integer", value);
    if (value < 0 || value > 4294967295) throw new ERR_OUT_OF_RANGE(name, ">= 0 && < 4294967296", value);
  }

  function checkFiniteNumber(number, name) {
    if (number === undefined) return false;
    if (Number.isFinite(number)) return true;
    if (Number.isNaN(number)) return false;
    if (typeof number !== "number") throw invalidArgType(name, "of type number", number);
    throw new ERR_OUT_OF_RANGE(name, "a finite number", number);
  }

  function checkRangesOrGetDefault(number, name, lower, upper, def) {
    if (!checkFiniteNumber(number, name)) return def;
    if (number < lower || number > upper) throw new ERR_OUT_OF_RANGE(name, `>= ${lower} and <= ${upper}`, number);
    return number;
  }

  const isBufferSource = (value) => value instanceof ArrayBuffer || ArrayBuffer.isView(value);
  const isInput = (value) => typeof value === "string" || isBufferSource(value);

  function inputTypeError(method) {
    return new TypeError(
      `Failed to execute '${method}' on 'ZlibUtil': parameter 1 is not of type 'string or ArrayBuffer or ArrayBufferView'.`,
    );
  }

  // workerd's conversion of an options field to a C++ int: NaN and infinities become 0,
  // values beyond 32 bits are refused.
  function toInt(value) {
    const n = Number(value);
    if (!Number.isFinite(n)) return 0;
    const t = Math.trunc(n);
    if (t < -2147483648 || t > 2147483647) {
      throw new TypeError("Value out of range. Must be between -2147483648 and 2147483647 (inclusive).");
    }
    return t;
  }

  // ... and to an unsigned one: NaN, infinities and negative values are refused.
  function toUint(value) {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new TypeError("The value cannot be converted because it is not an integer.");
    if (n < 0) {
      throw new TypeError("The value cannot be converted because it is negative and this API expects a positive number.");
    }
    const t = Math.trunc(n);
    if (t > 4294967295) throw new TypeError("Value out of range. Must be less than or equal to 4294967295.");
    return t;
  }

  const field = (options, name, convert, def) => (options[name] === undefined ? def : convert(options[name]));

  function rangeText(name, lower, upper, value) {
    return new RangeError(`The value of "options.${name}" is out of range. It must be >= ${lower} and <= ${upper}. Received ${value}`);
  }

  // The conversions workerd makes of a one-shot call's arguments (thrown at once, even
  // by the callback forms), then the checks it makes when it runs (reported to the
  // callback there). `run()` does the work.
  function prepareZlib(data, options, mode, method) {
    if (!isInput(data)) throw inputTypeError(method);
    if (options !== undefined && options !== null && typeof options !== "object" && typeof options !== "function") {
      throw new TypeError(`Failed to execute '${method}' on 'ZlibUtil': parameter 2 is not of type 'Options'.`);
    }
    const o = options ?? {};
    const flush = field(o, "flush", toInt, C.Z_NO_FLUSH);
    const finishFlush = field(o, "finishFlush", toInt, C.Z_FINISH);
    const chunkSize = field(o, "chunkSize", toUint, 40 * 1024);
    const windowBits = field(o, "windowBits", toUint, C.Z_DEFAULT_WINDOWBITS);
    const level = field(o, "level", toInt, C.Z_DEFAULT_LEVEL);
    const memLevel = field(o, "memLevel", toUint, C.Z_DEFAULT_MEMLEVEL);
    const strategy = field(o, "strategy", toUint, C.Z_DEFAULT_STRATEGY);
    let dictionary = o.dictionary;
    if (dictionary !== undefined && !isBufferSource(dictionary)) {
      throw new TypeError(
        "Incorrect type for the 'dictionary' field on 'Options': the provided value is not of type 'ArrayBuffer or ArrayBufferView'.",
      );
    }
    const maxOutputLength = field(o, "maxOutputLength", toUint, C.Z_MAX_CHUNK);
    return () => {
      if (chunkSize < C.Z_MIN_CHUNK || chunkSize > C.Z_MAX_CHUNK) throw rangeText("chunkSize", C.Z_MIN_CHUNK, C.Z_MAX_CHUNK, chunkSize);
      if (maxOutputLength < 1 || maxOutputLength > C.Z_MAX_CHUNK) {
        throw rangeText("maxOutputLength", 1, C.Z_MAX_CHUNK, maxOutputLength);
      }
      // The parameter checks (windowBits, level, memLevel, strategy) are the native half's.
      const check = () => {
        if (flush < 0 || flush > 6) throw rangeText("flush", 0, 6, flush);
        // workerd names the finishFlush option but shows the flush value.
        if (finishFlush < 0 || finishFlush > 6) throw rangeText("finishFlush", 0, 6, flush);
      };
      const args = [data, mode, level, windowBits, memLevel, strategy, dictionary, finishFlush, maxOutputLength, check];
      return native("zlibSync", args, method);
    };
  }

  function prepareBrotli(data, options, encode, method) {
    if (!isInput(data)) throw inputTypeError(method);
    if (options !== undefined && options !== null && typeof options !== "object" && typeof options !== "function") {
      throw new TypeError(`Failed to execute '${method}' on 'ZlibUtil': parameter 2 is not of type 'Options'.`);
    }
    const o = options ?? {};
    const flush = field(o, "flush", toInt, C.BROTLI_OPERATION_PROCESS);
    const finishFlush = field(o, "finishFlush", toInt, C.BROTLI_OPERATION_FINISH);
    const chunkSize = field(o, "chunkSize", toUint, 40 * 1024);
    let params = [];
    if (o.params !== undefined) {
      if (o.params === null || (typeof o.params !== "object" && typeof o.params !== "function")) {
        throw new TypeError("Incorrect type for the 'params' field on 'Options': the provided value is not of type 'object'.");
      }
      params = Object.keys(o.params).map((key) => [key, toInt(o.params[key])]);
    }
    const maxOutputLength = field(o, "maxOutputLength", toUint, C.Z_MAX_CHUNK);
    return () => {
      if (chunkSize < C.Z_MIN_CHUNK || chunkSize > C.Z_MAX_CHUNK) throw rangeText("chunkSize", C.Z_MIN_CHUNK, C.Z_MAX_CHUNK, chunkSize);
      if (maxOutputLength < 1 || maxOutputLength > C.Z_MAX_CHUNK) {
        throw rangeText("maxOutputLength", 1, C.Z_MAX_CHUNK, maxOutputLength);
      }
      const pairs = [];
      for (const [key, value] of params) {
        const n = Number(key);
        if (!Number.isInteger(n)) throw new Error("internal error");
        pairs.push([n >>> 0, value >>> 0]);
      }
      const check = () => {
        if (flush < 0 || flush > 3) throw rangeText("flush", 0, 3, flush);
        if (finishFlush < 0 || finishFlush > 3) throw rangeText("finishFlush", 0, 3, finishFlush);
      };
      return native("brotliSync", [data, encode, pairs, finishFlush, maxOutputLength, check], method);
    };
  }

  // --- the module, built over node:stream's Transform -----------------------------------

  let built = null;

  function build({ Transform, finished }) {
    if (built) return built;

    const kFlushFlag = Symbol("kFlushFlag");
    const kError = Symbol("kError");
    const ownerSymbol = Symbol("owner");
    const kBrotli = Symbol("kBrotli");

    // Which flush is "stronger", for the last chunk's flag.
    const flushOrder = [C.Z_NO_FLUSH, C.Z_BLOCK, C.Z_PARTIAL_FLUSH, C.Z_SYNC_FLUSH, C.Z_FULL_FLUSH, C.Z_FINISH];
    const flushiness = [];
    flushOrder.forEach((flag, i) => {
      flushiness[flag] = i;
    });
    const maxFlush = (a, b) => (flushiness[a] > flushiness[b] ? a : b);

    // Empty buffers that carry a flush through write(), from flush().
    const kFlushBuffers = [];
    for (const flag of flushOrder) {
      const buffer = Buffer.from(new ArrayBuffer(0));
      buffer[kFlushFlag] = flag;
      kFlushBuffers[flag] = buffer;
    }

    const zlibDefaults = { flush: C.Z_NO_FLUSH, finishFlush: C.Z_FINISH, fullFlush: C.Z_FULL_FLUSH };
    const brotliDefaults = {
      flush: C.BROTLI_OPERATION_PROCESS,
      finishFlush: C.BROTLI_OPERATION_FINISH,
      fullFlush: C.BROTLI_OPERATION_FLUSH,
    };

    // One call on the native handle: fills `_writeState` and the output buffer; false
    // when the handle reported an error (then the stream is destroyed with it).
    function callHandle(self, handle, flushFlag, input, inOff, inLen, target, outOff, outLen) {
      const result = handle.write(flushFlag, input.subarray(inOff, inOff + inLen), outLen);
      if (result.error) {
        const [errno, code, message] = result.error;
        const error = new NodeError(code, message);
        error.errno = errno;
        self.destroy(error);
        self[kError] = error;
        return false;
      }
      const [availOut, availIn, output] = result;
      self._writeState[0] = availOut;
      self._writeState[1] = availIn;
      if (output.byteLength > 0) target.set(new Uint8Array(output), outOff);
      return true;
    }

    // What happens after each asynchronous handle write: push the output, write again
    // while the output buffer filled up, then finish the chunk.
    function processCallback(handle) {
      const self = handle[ownerSymbol];
      if (self.destroyed) {
        handle.buffer = null;
        handle.cb();
        return;
      }
      const availOutAfter = self._writeState[0];
      const availInAfter = self._writeState[1];
      const inDelta = handle.availInBefore - availInAfter;
      self.bytesWritten += inDelta;
      const have = handle.availOutBefore - availOutAfter;
      let full = false;
      if (have > 0) {
        const out = self._outBuffer.slice(self._outOffset, self._outOffset + have);
        self._outOffset += have;
        full = !self.push(out);
      }
      if (self.destroyed) {
        handle.cb();
        return;
      }
      if (availOutAfter === 0 || self._outOffset >= self._chunkSize) {
        handle.availOutBefore = self._chunkSize;
        self._outOffset = 0;
        self._outBuffer = Buffer.allocUnsafe(self._chunkSize);
      }
      if (availOutAfter === 0) {
        handle.inOff += inDelta;
        handle.availInBefore = availInAfter;
        const again = () => writeAsync(self, handle);
        if (!full) {
          again();
        } else {
          const oldRead = self._read;
          self._read = (n) => {
            self._read = oldRead;
            again();
            self._read(n);
          };
        }
        return;
      }
      if (availInAfter > 0) {
        // The data ended before the input did (all but gunzip/unzip stop there).
        self.push(null);
      }
      handle.buffer = null;
      handle.cb();
    }

    function writeAsync(self, handle) {
      const ok = callHandle(
        self,
        handle,
        handle.flushFlag,
        handle.buffer,
        handle.inOff,
        handle.availInBefore,
        self._outBuffer,
        self._outOffset,
        handle.availOutBefore,
      );
      if (!ok) return;
      // zlib streams finish in a microtask; Brotli's call back at once, as in workerd.
      if (handle[kBrotli]) processCallback(handle);
      else queueMicrotask(() => processCallback(handle));
    }

    function processChunkSync(self, chunk, flushFlag) {
      let availInBefore = chunk.byteLength;
      let availOutBefore = self._chunkSize - self._outOffset;
      let inOff = 0;
      const buffers = [];
      let nread = 0;
      let inputRead = 0;
      const state = self._writeState;
      const handle = self._handle;
      let buffer = self._outBuffer;
      let offset = self._outOffset;
      const chunkSize = self._chunkSize;
      let error;
      self.on("error", (er) => {
        error = er;
      });
      for (;;) {
        callHandle(self, handle, flushFlag, chunk, inOff, availInBefore, buffer, offset, availOutBefore);
        if (error) throw error;
        else if (self[kError]) throw self[kError];
        const availOutAfter = state[0];
        const availInAfter = state[1];
        const inDelta = availInBefore - availInAfter;
        inputRead += inDelta;
        const have = availOutBefore - availOutAfter;
        if (have > 0) {
          const out = buffer.slice(offset, offset + have);
          offset += have;
          buffers.push(out);
          nread += out.byteLength;
          if (nread > self._maxOutputLength) {
            closeHandle(self);
            throw bufferTooLarge(self._maxOutputLength);
          }
        }
        if (availOutAfter === 0 || offset >= chunkSize) {
          availOutBefore = chunkSize;
          offset = 0;
          buffer = Buffer.allocUnsafe(chunkSize);
        }
        if (availOutAfter === 0) {
          inOff += inDelta;
          availInBefore = availInAfter;
        } else {
          break;
        }
      }
      self.bytesWritten = inputRead;
      closeHandle(self);
      if (nread === 0) return Buffer.alloc(0);
      return buffers.length === 1 ? buffers[0] : Buffer.concat(buffers, nread);
    }

    function closeHandle(engine) {
      engine._handle?.close();
      engine._handle = null;
    }

    class ZlibBase extends Transform {
      constructor(opts, mode, handle, { flush, finishFlush, fullFlush } = zlibDefaults) {
        let chunkSize = C.Z_DEFAULT_CHUNK;
        let maxOutputLength = kMaxLength;
        const brotli = mode === C.BROTLI_ENCODE || mode === C.BROTLI_DECODE;
        const [lower, upper] = brotli ? [C.BROTLI_OPERATION_PROCESS, C.BROTLI_OPERATION_EMIT_METADATA] : [C.Z_NO_FLUSH, C.Z_BLOCK];
        if (opts) {
          if (opts.chunkSize != null) chunkSize = opts.chunkSize;
          if (!checkFiniteNumber(chunkSize, "options.chunkSize")) {
            chunkSize = C.Z_DEFAULT_CHUNK;
          } else if (chunkSize < C.Z_MIN_CHUNK) {
            throw new ERR_OUT_OF_RANGE("options.chunkSize", `>= ${C.Z_MIN_CHUNK}`, chunkSize);
          }
          flush = checkRangesOrGetDefault(opts.flush, "options.flush", lower, upper, flush);
          finishFlush = checkRangesOrGetDefault(opts.finishFlush, "options.finishFlush", lower, upper, finishFlush);
          maxOutputLength = checkRangesOrGetDefault(opts.maxOutputLength, "options.maxOutputLength", 1, kMaxLength, kMaxLength);
          if (opts.encoding || opts.objectMode || opts.writableObjectMode) {
            opts = { ...opts, encoding: undefined, objectMode: false, writableObjectMode: false };
          }
        }
        super({ autoDestroy: true, ...opts });
        this.bytesWritten = 0;
        this._maxOutputLength = maxOutputLength;
        this._outBuffer = Buffer.allocUnsafe(chunkSize);
        this._outOffset = 0;
        this._chunkSize = chunkSize;
        this._defaultFlushFlag = flush;
        this._finishFlushFlag = finishFlush;
        this._defaultFullFlushFlag = fullFlush;
        this._info = Boolean(opts?.info);
        this._handle = handle;
        this._writeState = new Uint32Array(2);
        this._writesInProgress = 0;
        this._hadWrites = false;
        handle[ownerSymbol] = this;
        handle[kBrotli] = brotli;
      }

      get _closed() {
        return this._handle == null;
      }

      get bytesRead() {
        return this.bytesWritten;
      }

      set bytesRead(value) {
        this.bytesWritten = value;
      }

      reset() {
        if (!this._handle) throw assertion("zlib binding closed");
        const failure = this._handle.reset();
        if (failure) reportFailure(this, failure);
      }

      _flush(callback) {
        if (this._writesInProgress > 0) {
          queueMicrotask(() => this._flush(callback));
          return;
        }
        const finish = () => {
          const chunk = Buffer.alloc(0);
          chunk[kFlushFlag] = this._finishFlushFlag;
          this._transform(chunk, "utf8", callback);
        };
        if (this._hadWrites) queueMicrotask(finish);
        else finish();
      }

      // As workerd: the last flush comes from _flush, as a Transform's prefinish runs it.
      _final(callback) {
        callback();
      }

      flush(kind, callback) {
        if (typeof kind === "function" || (kind === undefined && !callback)) {
          callback = kind;
          kind = this._defaultFullFlushFlag;
        }
        if (this.writableFinished) {
          if (callback) queueMicrotask(callback);
        } else if (this.writableEnded) {
          if (callback) this.once("end", callback);
        } else {
          this.write(kFlushBuffers[kind], "utf8", callback);
        }
      }

      close(callback) {
        if (callback) finished(this, callback);
        this.destroy();
      }

      _destroy(error, callback) {
        closeHandle(this);
        callback(error);
      }

      _transform(chunk, _encoding, cb) {
        let flushFlag = this._defaultFlushFlag;
        if (typeof chunk[kFlushFlag] === "number") flushFlag = chunk[kFlushFlag];
        if (this.writableEnded && this.writableLength === chunk.byteLength) {
          flushFlag = maxFlush(flushFlag, this._finishFlushFlag);
        }
        processChunkAsync(this, chunk, flushFlag, cb);
      }

      _processChunk(chunk, flushFlag, cb) {
        if (cb != null && typeof cb === "function") {
          processChunkAsync(this, chunk, flushFlag, cb);
          return undefined;
        }
        return processChunkSync(this, chunk, flushFlag);
      }
    }

    function reportFailure(self, [errno, code, message]) {
      const error = new NodeError(code, message);
      error.errno = errno;
      self.destroy(error);
      self[kError] = error;
    }

    function processChunkAsync(self, chunk, flushFlag, cb) {
      const handle = self._handle;
      if (!handle) {
        queueMicrotask(cb);
        return;
      }
      if (chunk.byteLength > 0) self._hadWrites = true;
      self._writesInProgress++;
      handle.buffer = chunk;
      handle.cb = () => {
        self._writesInProgress--;
        cb();
      };
      handle.availOutBefore = self._chunkSize - self._outOffset;
      handle.availInBefore = chunk.byteLength;
      handle.inOff = 0;
      handle.flushFlag = flushFlag;
      writeAsync(self, handle);
    }

    class Zlib extends ZlibBase {
      constructor(options, mode) {
        let windowBits = C.Z_DEFAULT_WINDOWBITS;
        let level = C.Z_DEFAULT_COMPRESSION;
        let memLevel = C.Z_DEFAULT_MEMLEVEL;
        let strategy = C.Z_DEFAULT_STRATEGY;
        let dictionary;
        if (options != null) {
          if (
            (options.windowBits == null || options.windowBits === 0) &&
            (mode === C.INFLATE || mode === C.GUNZIP || mode === C.UNZIP)
          ) {
            windowBits = 0;
          } else {
            const min = C.Z_MIN_WINDOWBITS + (mode === C.GZIP ? 1 : 0);
            windowBits = checkRangesOrGetDefault(options.windowBits, "options.windowBits", min, C.Z_MAX_WINDOWBITS, C.Z_DEFAULT_WINDOWBITS);
          }
          level = checkRangesOrGetDefault(options.level, "options.level", C.Z_MIN_LEVEL, C.Z_MAX_LEVEL, C.Z_DEFAULT_COMPRESSION);
          memLevel = checkRangesOrGetDefault(options.memLevel, "options.memLevel", C.Z_MIN_MEMLEVEL, C.Z_MAX_MEMLEVEL, C.Z_DEFAULT_MEMLEVEL);
          strategy = checkRangesOrGetDefault(options.strategy, "options.strategy", C.Z_DEFAULT_STRATEGY, C.Z_FIXED, C.Z_DEFAULT_STRATEGY);
          dictionary = options.dictionary;
          if (dictionary !== undefined && !ArrayBuffer.isView(dictionary)) {
            if (dictionary instanceof ArrayBuffer) dictionary = Buffer.from(dictionary);
            else throw invalidArgType("options.dictionary", "an instance of Buffer, TypedArray, DataView, or ArrayBuffer", dictionary);
          }
        }
        const handle = native("stream", [mode]);
        handle.init(windowBits, level, memLevel, strategy, dictionary);
        super(options ?? {}, mode, handle);
        this._level = level;
        this._strategy = strategy;
      }

      params(level, strategy, callback) {
        checkRangesOrGetDefault(level, "level", C.Z_MIN_LEVEL, C.Z_MAX_LEVEL);
        checkRangesOrGetDefault(strategy, "strategy", C.Z_DEFAULT_STRATEGY, C.Z_FIXED);
        if (this._level !== level || this._strategy !== strategy) {
          this.flush(C.Z_SYNC_FLUSH, () => {
            if (!this._handle) throw assertion("zlib binding closed");
            const failure = this._handle.params(level, strategy);
            if (failure) reportFailure(this, failure);
            if (!this.destroyed) {
              this._level = level;
              this._strategy = strategy;
              callback?.();
            }
          });
        } else {
          queueMicrotask(callback);
        }
      }
    }

    class Brotli extends ZlibBase {
      constructor(options, mode) {
        const init = new Uint32Array(kMaxBrotliParam + 1).fill(-1);
        if (options?.params) {
          for (const [origKey, value] of Object.entries(options.params)) {
            const key = +origKey;
            if (Number.isNaN(key) || key < 0 || key > kMaxBrotliParam || (init[key] | 0) !== -1) {
              throw brotliInvalidParam(origKey);
            }
            if (typeof value !== "number" && typeof value !== "boolean") {
              throw invalidArgType("options.params[key]", "of type number", value);
            }
            init[key] = value;
          }
        }
        const handle = native("stream", [mode]);
        const pairs = [];
        init.forEach((value, key) => {
          if (value !== 0xffffffff) pairs.push([key, value]);
        });
        if (!handle.init(pairs)) throw initializationFailed();
        super(options ?? {}, mode, handle, brotliDefaults);
      }
    }

    class Gzip extends Zlib {
      constructor(options) {
        super(options, C.GZIP);
      }
    }
    class Gunzip extends Zlib {
      constructor(options) {
        super(options, C.GUNZIP);
      }
    }
    class Deflate extends Zlib {
      constructor(options) {
        super(options, C.DEFLATE);
      }
    }
    class DeflateRaw extends Zlib {
      constructor(options) {
        if (options?.windowBits === 8) options.windowBits = 9;
        super(options, C.DEFLATERAW);
      }
    }
    class Inflate extends Zlib {
      constructor(options) {
        super(options, C.INFLATE);
      }
    }
    class InflateRaw extends Zlib {
      constructor(options) {
        super(options, C.INFLATERAW);
      }
    }
    class Unzip extends Zlib {
      constructor(options) {
        super(options, C.UNZIP);
      }
    }
    class BrotliCompress extends Brotli {
      constructor(options) {
        super(options, C.BROTLI_ENCODE);
      }
    }
    class BrotliDecompress extends Brotli {
      constructor(options) {
        super(options, C.BROTLI_DECODE);
      }
    }
    class ZstdCompress extends ZlibBase {
      constructor(options) {
        throw notModelled("ZstdCompress");
      }
    }
    class ZstdDecompress extends ZlibBase {
      constructor(options) {
        throw notModelled("ZstdDecompress");
      }
    }

    const classByMode = {
      [C.DEFLATE]: Deflate,
      [C.INFLATE]: Inflate,
      [C.DEFLATERAW]: DeflateRaw,
      [C.INFLATERAW]: InflateRaw,
      [C.GZIP]: Gzip,
      [C.GUNZIP]: Gunzip,
      [C.UNZIP]: Unzip,
    };

    function processChunk(engine, data) {
      return {
        engine,
        buffer: engine._processChunk(typeof data === "string" ? Buffer.from(data) : data, engine._finishFlushFlag),
      };
    }

    function zlibSyncImpl(data, options, mode, method) {
      if (options === null) throw new TypeError("Cannot read properties of null (reading 'info')");
      if (!options.info) return Buffer.from(prepareZlib(data, options, mode, method)());
      return processChunk(new classByMode[mode](options), data);
    }

    function normalizeArgs(options, callback) {
      if (typeof options === "function") return [{}, options];
      if (typeof callback === "function") return [options, callback];
      throw invalidArgType("callback", "of type function", callback);
    }

    function processChunkCaptureError(engine, data, cb) {
      try {
        const res = processChunk(engine, data);
        queueMicrotask(() => cb(null, res));
      } catch (error) {
        queueMicrotask(() => cb(error));
      }
    }

    // The callback forms: arguments are checked at once, the work is done at once and
    // the callback runs in a microtask, as workerd does it.
    function callbackImpl(prepare, makeEngine, data, optionsOrCallback, callbackOrUndefined) {
      const [options, callback] = normalizeArgs(optionsOrCallback, callbackOrUndefined);
      if (options === null) throw new TypeError("Cannot read properties of null (reading 'info')");
      if (!options.info) {
        const run = prepare(options);
        let result;
        try {
          result = Buffer.from(run());
        } catch (error) {
          queueMicrotask(() => callback(error));
          return;
        }
        queueMicrotask(() => callback(null, result));
        return;
      }
      processChunkCaptureError(makeEngine(options), data, callback);
    }

    const zlibCallback = (mode) =>
      function (data, options, callback) {
        callbackImpl((o) => prepareZlib(data, o, mode, "zlib"), (o) => new classByMode[mode](o), data, options, callback);
      };

    function crc32(data, value = 0) {
      validateUint32(value, "value");
      return native("crc32", [data, value], "crc32");
    }

    function inflateSync(data, options = {}) {
      return zlibSyncImpl(data, options, C.INFLATE, "zlibSync");
    }
    function deflateSync(data, options = {}) {
      return zlibSyncImpl(data, options, C.DEFLATE, "zlibSync");
    }
    function gunzipSync(data, options = {}) {
      return zlibSyncImpl(data, options, C.GUNZIP, "zlibSync");
    }
    function gzipSync(data, options = {}) {
      return zlibSyncImpl(data, options, C.GZIP, "zlibSync");
    }
    function inflateRawSync(data, options = {}) {
      return zlibSyncImpl(data, options, C.INFLATERAW, "zlibSync");
    }
    function deflateRawSync(data, options = {}) {
      return zlibSyncImpl(data, options, C.DEFLATERAW, "zlibSync");
    }
    function unzipSync(data, options = {}) {
      return zlibSyncImpl(data, options, C.UNZIP, "zlibSync");
    }
    function brotliDecompressSync(data, options = {}) {
      if (options === null) throw new TypeError("Cannot read properties of null (reading 'info')");
      if (!options.info) return Buffer.from(prepareBrotli(data, options, false, "brotliDecompressSync")());
      return processChunk(new BrotliDecompress(options), data);
    }
    function brotliCompressSync(data, options = {}) {
      if (options === null) throw new TypeError("Cannot read properties of null (reading 'info')");
      if (!options.info) return Buffer.from(prepareBrotli(data, options, true, "brotliCompressSync")());
      return processChunk(new BrotliCompress(options), data);
    }

    const inflateCb = zlibCallback(C.INFLATE);
    const unzipCb = zlibCallback(C.UNZIP);
    const inflateRawCb = zlibCallback(C.INFLATERAW);
    const gunzipCb = zlibCallback(C.GUNZIP);
    const deflateCb = zlibCallback(C.DEFLATE);
    const deflateRawCb = zlibCallback(C.DEFLATERAW);
    const gzipCb = zlibCallback(C.GZIP);
    function inflate(data, options, callback) {
      inflateCb(data, options, callback);
    }
    function unzip(data, options, callback) {
      unzipCb(data, options, callback);
    }
    function inflateRaw(data, options, callback) {
      inflateRawCb(data, options, callback);
    }
    function gunzip(data, options, callback) {
      gunzipCb(data, options, callback);
    }
    function deflate(data, options, callback) {
      deflateCb(data, options, callback);
    }
    function deflateRaw(data, options, callback) {
      deflateRawCb(data, options, callback);
    }
    function gzip(data, options, callback) {
      gzipCb(data, options, callback);
    }
    function brotliDecompress(data, options, callback) {
      callbackImpl(
        (o) => prepareBrotli(data, o, false, "brotliDecompress"),
        (o) => new BrotliDecompress(o),
        data,
        options,
        callback,
      );
    }
    function brotliCompress(data, options, callback) {
      callbackImpl(
        (o) => prepareBrotli(data, o, true, "brotliCompress"),
        (o) => new BrotliCompress(o),
        data,
        options,
        callback,
      );
    }
    function zstdCompress(data, options, callback) {
      throw notModelled("zstdCompress");
    }
    function zstdCompressSync(data, options = {}) {
      throw notModelled("zstdCompressSync");
    }
    function zstdDecompress(data, options, callback) {
      throw notModelled("zstdDecompress");
    }
    function zstdDecompressSync(data, options = {}) {
      throw notModelled("zstdDecompressSync");
    }

    function createGzip(options) {
      return new Gzip(options);
    }
    function createGunzip(options) {
      return new Gunzip(options);
    }
    function createDeflate(options) {
      return new Deflate(options);
    }
    function createDeflateRaw(options) {
      return new DeflateRaw(options);
    }
    function createInflate(options) {
      return new Inflate(options);
    }
    function createInflateRaw(options) {
      return new InflateRaw(options);
    }
    function createUnzip(options) {
      return new Unzip(options);
    }
    function createBrotliCompress(options) {
      return new BrotliCompress(options);
    }
    function createBrotliDecompress(options) {
      return new BrotliDecompress(options);
    }
    function createZstdCompress(options) {
      return new ZstdCompress(options);
    }
    function createZstdDecompress(options) {
      return new ZstdDecompress(options);
    }

    const members = {
      Gzip, Gunzip, Deflate, DeflateRaw, Inflate, InflateRaw, Unzip, BrotliCompress, BrotliDecompress,
      ZstdCompress, ZstdDecompress,
      createGzip, createGunzip, createDeflate, createDeflateRaw, createInflate, createInflateRaw, createUnzip,
      createBrotliCompress, createBrotliDecompress, createZstdCompress, createZstdDecompress,
      inflate, inflateSync, deflate, deflateSync, inflateRaw, inflateRawSync, deflateRaw, deflateRawSync, gzip,
      gzipSync, gunzip, gunzipSync, unzip, unzipSync, brotliDecompress, brotliDecompressSync, brotliCompress,
      brotliCompressSync, zstdCompress, zstdCompressSync, zstdDecompress, zstdDecompressSync,
    };
    const defaultExport = { crc32, codes, constants, ...constants, ...members };
    built = { ...members, crc32, codes, constants, default: defaultExport };
    return built;
  }

  return { build, constants };
})
