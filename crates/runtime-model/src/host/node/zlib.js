// node:zlib for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:zlib ${name} is not modelled by crosstalk`);
};

export const BROTLI_DECODE = 8;
export const BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES = -30;
export const BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP = -25;
export const BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES = -21;
export const BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1 = -26;
export const BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2 = -27;
export const BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS = -22;
export const BROTLI_DECODER_ERROR_DICTIONARY_NOT_SET = -19;
export const BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1 = -9;
export const BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2 = -10;
export const BROTLI_DECODER_ERROR_FORMAT_CL_SPACE = -6;
export const BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT = -8;
export const BROTLI_DECODER_ERROR_FORMAT_DICTIONARY = -12;
export const BROTLI_DECODER_ERROR_FORMAT_DISTANCE = -16;
export const BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE = -3;
export const BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE = -1;
export const BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE = -7;
export const BROTLI_DECODER_ERROR_FORMAT_PADDING_1 = -14;
export const BROTLI_DECODER_ERROR_FORMAT_PADDING_2 = -15;
export const BROTLI_DECODER_ERROR_FORMAT_RESERVED = -2;
export const BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET = -4;
export const BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME = -5;
export const BROTLI_DECODER_ERROR_FORMAT_TRANSFORM = -11;
export const BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS = -13;
export const BROTLI_DECODER_ERROR_INVALID_ARGUMENTS = -20;
export const BROTLI_DECODER_ERROR_UNREACHABLE = -31;
export const BROTLI_DECODER_NEEDS_MORE_INPUT = 2;
export const BROTLI_DECODER_NEEDS_MORE_OUTPUT = 3;
export const BROTLI_DECODER_NO_ERROR = 0;
export const BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION = 0;
export const BROTLI_DECODER_PARAM_LARGE_WINDOW = 1;
export const BROTLI_DECODER_RESULT_ERROR = 0;
export const BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT = 2;
export const BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT = 3;
export const BROTLI_DECODER_RESULT_SUCCESS = 1;
export const BROTLI_DECODER_SUCCESS = 1;
export const BROTLI_DEFAULT_MODE = 0;
export const BROTLI_DEFAULT_QUALITY = 11;
export const BROTLI_DEFAULT_WINDOW = 22;
export const BROTLI_ENCODE = 9;
export const BROTLI_LARGE_MAX_WINDOW_BITS = 30;
export const BROTLI_MAX_INPUT_BLOCK_BITS = 24;
export const BROTLI_MAX_QUALITY = 11;
export const BROTLI_MAX_WINDOW_BITS = 24;
export const BROTLI_MIN_INPUT_BLOCK_BITS = 16;
export const BROTLI_MIN_QUALITY = 0;
export const BROTLI_MIN_WINDOW_BITS = 10;
export const BROTLI_MODE_FONT = 2;
export const BROTLI_MODE_GENERIC = 0;
export const BROTLI_MODE_TEXT = 1;
export const BROTLI_OPERATION_EMIT_METADATA = 3;
export const BROTLI_OPERATION_FINISH = 2;
export const BROTLI_OPERATION_FLUSH = 1;
export const BROTLI_OPERATION_PROCESS = 0;
export const BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING = 4;
export const BROTLI_PARAM_LARGE_WINDOW = 6;
export const BROTLI_PARAM_LGBLOCK = 3;
export const BROTLI_PARAM_LGWIN = 2;
export const BROTLI_PARAM_MODE = 0;
export const BROTLI_PARAM_NDIRECT = 8;
export const BROTLI_PARAM_NPOSTFIX = 7;
export const BROTLI_PARAM_QUALITY = 1;
export class BrotliCompress {
  constructor() {
    throw notModelled("BrotliCompress");
  }
}
export class BrotliDecompress {
  constructor() {
    throw notModelled("BrotliDecompress");
  }
}
export const DEFLATE = 1;
export const DEFLATERAW = 5;
export class Deflate {
  constructor() {
    throw notModelled("Deflate");
  }
}
export class DeflateRaw {
  constructor() {
    throw notModelled("DeflateRaw");
  }
}
export const GUNZIP = 4;
export const GZIP = 3;
export class Gunzip {
  constructor() {
    throw notModelled("Gunzip");
  }
}
export class Gzip {
  constructor() {
    throw notModelled("Gzip");
  }
}
export const INFLATE = 2;
export const INFLATERAW = 6;
export class Inflate {
  constructor() {
    throw notModelled("Inflate");
  }
}
export class InflateRaw {
  constructor() {
    throw notModelled("InflateRaw");
  }
}
export const UNZIP = 7;
export class Unzip {
  constructor() {
    throw notModelled("Unzip");
  }
}
export const ZLIB_VERNUM = 5120;
export const ZSTD_COMPRESS = 10;
export const ZSTD_DECODE = 11;
export const ZSTD_DECOMPRESS = 11;
export const ZSTD_ENCODE = 10;
export const ZSTD_error_GENERIC = 1;
export const ZSTD_error_checksum_wrong = 22;
export const ZSTD_error_corruption_detected = 20;
export const ZSTD_error_dictionaryCreation_failed = 34;
export const ZSTD_error_dictionary_corrupted = 30;
export const ZSTD_error_dictionary_wrong = 32;
export const ZSTD_error_dstBuffer_null = 74;
export const ZSTD_error_dstSize_tooSmall = 70;
export const ZSTD_error_frameParameter_unsupported = 14;
export const ZSTD_error_frameParameter_windowTooLarge = 16;
export const ZSTD_error_init_missing = 62;
export const ZSTD_error_literals_headerWrong = 24;
export const ZSTD_error_maxSymbolValue_tooLarge = 46;
export const ZSTD_error_maxSymbolValue_tooSmall = 48;
export const ZSTD_error_memory_allocation = 64;
export const ZSTD_error_noForwardProgress_destFull = 80;
export const ZSTD_error_noForwardProgress_inputEmpty = 82;
export const ZSTD_error_no_error = 0;
export const ZSTD_error_parameter_combination_unsupported = 41;
export const ZSTD_error_parameter_outOfBound = 42;
export const ZSTD_error_parameter_unsupported = 40;
export const ZSTD_error_prefix_unknown = 10;
export const ZSTD_error_srcSize_wrong = 72;
export const ZSTD_error_stabilityCondition_notRespected = 50;
export const ZSTD_error_stage_wrong = 60;
export const ZSTD_error_tableLog_tooLarge = 44;
export const ZSTD_error_version_unsupported = 12;
export const ZSTD_error_workSpace_tooSmall = 66;
export const Z_BEST_COMPRESSION = 9;
export const Z_BEST_SPEED = 1;
export const Z_BLOCK = 5;
export const Z_BUF_ERROR = -5;
export const Z_DATA_ERROR = -3;
export const Z_DEFAULT_CHUNK = 16384;
export const Z_DEFAULT_COMPRESSION = -1;
export const Z_DEFAULT_LEVEL = -1;
export const Z_DEFAULT_MEMLEVEL = 8;
export const Z_DEFAULT_STRATEGY = 0;
export const Z_DEFAULT_WINDOWBITS = 15;
export const Z_ERRNO = -1;
export const Z_FILTERED = 1;
export const Z_FINISH = 4;
export const Z_FIXED = 4;
export const Z_FULL_FLUSH = 3;
export const Z_HUFFMAN_ONLY = 2;
export const Z_MAX_CHUNK = 134217728;
export const Z_MAX_LEVEL = 9;
export const Z_MAX_MEMLEVEL = 9;
export const Z_MAX_WINDOWBITS = 15;
export const Z_MEM_ERROR = -4;
export const Z_MIN_CHUNK = 64;
export const Z_MIN_LEVEL = -1;
export const Z_MIN_MEMLEVEL = 1;
export const Z_MIN_WINDOWBITS = 8;
export const Z_NEED_DICT = 2;
export const Z_NO_COMPRESSION = 0;
export const Z_NO_FLUSH = 0;
export const Z_OK = 0;
export const Z_PARTIAL_FLUSH = 1;
export const Z_RLE = 3;
export const Z_STREAM_END = 1;
export const Z_STREAM_ERROR = -2;
export const Z_SYNC_FLUSH = 2;
export const Z_VERSION_ERROR = -6;
export class ZstdCompress {
  constructor() {
    throw notModelled("ZstdCompress");
  }
}
export class ZstdDecompress {
  constructor() {
    throw notModelled("ZstdDecompress");
  }
}
export const brotliCompress = notModelled("brotliCompress");
export const brotliCompressSync = notModelled("brotliCompressSync");
export const brotliDecompress = notModelled("brotliDecompress");
export const brotliDecompressSync = notModelled("brotliDecompressSync");
export const codes = { "-1": notModelled("codes.-1"), "-2": notModelled("codes.-2"), "-3": notModelled("codes.-3"), "-4": notModelled("codes.-4"), "-5": notModelled("codes.-5"), "-6": notModelled("codes.-6"), "0": notModelled("codes.0"), "1": notModelled("codes.1"), "2": notModelled("codes.2"), Z_BUF_ERROR: notModelled("codes.Z_BUF_ERROR"), Z_DATA_ERROR: notModelled("codes.Z_DATA_ERROR"), Z_ERRNO: notModelled("codes.Z_ERRNO"), Z_MEM_ERROR: notModelled("codes.Z_MEM_ERROR"), Z_NEED_DICT: notModelled("codes.Z_NEED_DICT"), Z_OK: notModelled("codes.Z_OK"), Z_STREAM_END: notModelled("codes.Z_STREAM_END"), Z_STREAM_ERROR: notModelled("codes.Z_STREAM_ERROR"), Z_VERSION_ERROR: notModelled("codes.Z_VERSION_ERROR") };
export const constants = { BROTLI_DECODE: notModelled("constants.BROTLI_DECODE"), BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES: notModelled("constants.BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES"), BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP: notModelled("constants.BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP"), BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES: notModelled("constants.BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES"), BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1: notModelled("constants.BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1"), BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2: notModelled("constants.BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2"), BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS: notModelled("constants.BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS"), BROTLI_DECODER_ERROR_DICTIONARY_NOT_SET: notModelled("constants.BROTLI_DECODER_ERROR_DICTIONARY_NOT_SET"), BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1: notModelled("constants.BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1"), BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2: notModelled("constants.BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2"), BROTLI_DECODER_ERROR_FORMAT_CL_SPACE: notModelled("constants.BROTLI_DECODER_ERROR_FORMAT_CL_SPACE"), BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT: notModelled("constants.BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT"), BROTLI_DECODER_ERROR_FORMAT_DICTIONARY: notModelled("constants.BROTLI_DECODER_ERROR_FORMAT_DICTIONARY"), BROTLI_DECODER_ERROR_FORMAT_DISTANCE: notModelled("constants.BROTLI_DECODER_ERROR_FORMAT_DISTANCE"), BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE: notModelled("constants.BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE"), BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE: notModelled("constants.BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE"), BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE: notModelled("constants.BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE"), BROTLI_DECODER_ERROR_FORMAT_PADDING_1: notModelled("constants.BROTLI_DECODER_ERROR_FORMAT_PADDING_1"), BROTLI_DECODER_ERROR_FORMAT_PADDING_2: notModelled("constants.BROTLI_DECODER_ERROR_FORMAT_PADDING_2"), BROTLI_DECODER_ERROR_FORMAT_RESERVED: notModelled("constants.BROTLI_DECODER_ERROR_FORMAT_RESERVED"), BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET: notModelled("constants.BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET"), BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME: notModelled("constants.BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME"), BROTLI_DECODER_ERROR_FORMAT_TRANSFORM: notModelled("constants.BROTLI_DECODER_ERROR_FORMAT_TRANSFORM"), BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS: notModelled("constants.BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS"), BROTLI_DECODER_ERROR_INVALID_ARGUMENTS: notModelled("constants.BROTLI_DECODER_ERROR_INVALID_ARGUMENTS"), BROTLI_DECODER_ERROR_UNREACHABLE: notModelled("constants.BROTLI_DECODER_ERROR_UNREACHABLE"), BROTLI_DECODER_NEEDS_MORE_INPUT: notModelled("constants.BROTLI_DECODER_NEEDS_MORE_INPUT"), BROTLI_DECODER_NEEDS_MORE_OUTPUT: notModelled("constants.BROTLI_DECODER_NEEDS_MORE_OUTPUT"), BROTLI_DECODER_NO_ERROR: notModelled("constants.BROTLI_DECODER_NO_ERROR"), BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION: notModelled("constants.BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION"), BROTLI_DECODER_PARAM_LARGE_WINDOW: notModelled("constants.BROTLI_DECODER_PARAM_LARGE_WINDOW"), BROTLI_DECODER_RESULT_ERROR: notModelled("constants.BROTLI_DECODER_RESULT_ERROR"), BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT: notModelled("constants.BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT"), BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: notModelled("constants.BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT"), BROTLI_DECODER_RESULT_SUCCESS: notModelled("constants.BROTLI_DECODER_RESULT_SUCCESS"), BROTLI_DECODER_SUCCESS: notModelled("constants.BROTLI_DECODER_SUCCESS"), BROTLI_DEFAULT_MODE: notModelled("constants.BROTLI_DEFAULT_MODE"), BROTLI_DEFAULT_QUALITY: notModelled("constants.BROTLI_DEFAULT_QUALITY"), BROTLI_DEFAULT_WINDOW: notModelled("constants.BROTLI_DEFAULT_WINDOW"), BROTLI_ENCODE: notModelled("constants.BROTLI_ENCODE"), BROTLI_LARGE_MAX_WINDOW_BITS: notModelled("constants.BROTLI_LARGE_MAX_WINDOW_BITS"), BROTLI_MAX_INPUT_BLOCK_BITS: notModelled("constants.BROTLI_MAX_INPUT_BLOCK_BITS"), BROTLI_MAX_QUALITY: notModelled("constants.BROTLI_MAX_QUALITY"), BROTLI_MAX_WINDOW_BITS: notModelled("constants.BROTLI_MAX_WINDOW_BITS"), BROTLI_MIN_INPUT_BLOCK_BITS: notModelled("constants.BROTLI_MIN_INPUT_BLOCK_BITS"), BROTLI_MIN_QUALITY: notModelled("constants.BROTLI_MIN_QUALITY"), BROTLI_MIN_WINDOW_BITS: notModelled("constants.BROTLI_MIN_WINDOW_BITS"), BROTLI_MODE_FONT: notModelled("constants.BROTLI_MODE_FONT"), BROTLI_MODE_GENERIC: notModelled("constants.BROTLI_MODE_GENERIC"), BROTLI_MODE_TEXT: notModelled("constants.BROTLI_MODE_TEXT"), BROTLI_OPERATION_EMIT_METADATA: notModelled("constants.BROTLI_OPERATION_EMIT_METADATA"), BROTLI_OPERATION_FINISH: notModelled("constants.BROTLI_OPERATION_FINISH"), BROTLI_OPERATION_FLUSH: notModelled("constants.BROTLI_OPERATION_FLUSH"), BROTLI_OPERATION_PROCESS: notModelled("constants.BROTLI_OPERATION_PROCESS"), BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING: notModelled("constants.BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING"), BROTLI_PARAM_LARGE_WINDOW: notModelled("constants.BROTLI_PARAM_LARGE_WINDOW"), BROTLI_PARAM_LGBLOCK: notModelled("constants.BROTLI_PARAM_LGBLOCK"), BROTLI_PARAM_LGWIN: notModelled("constants.BROTLI_PARAM_LGWIN"), BROTLI_PARAM_MODE: notModelled("constants.BROTLI_PARAM_MODE"), BROTLI_PARAM_NDIRECT: notModelled("constants.BROTLI_PARAM_NDIRECT"), BROTLI_PARAM_NPOSTFIX: notModelled("constants.BROTLI_PARAM_NPOSTFIX"), BROTLI_PARAM_QUALITY: notModelled("constants.BROTLI_PARAM_QUALITY"), BROTLI_PARAM_SIZE_HINT: notModelled("constants.BROTLI_PARAM_SIZE_HINT"), DEFLATE: notModelled("constants.DEFLATE"), DEFLATERAW: notModelled("constants.DEFLATERAW"), GUNZIP: notModelled("constants.GUNZIP"), GZIP: notModelled("constants.GZIP"), INFLATE: notModelled("constants.INFLATE"), INFLATERAW: notModelled("constants.INFLATERAW"), UNZIP: notModelled("constants.UNZIP"), ZLIB_VERNUM: notModelled("constants.ZLIB_VERNUM"), ZSTD_CLEVEL_DEFAULT: notModelled("constants.ZSTD_CLEVEL_DEFAULT"), ZSTD_COMPRESS: notModelled("constants.ZSTD_COMPRESS"), ZSTD_DECODE: notModelled("constants.ZSTD_DECODE"), ZSTD_DECOMPRESS: notModelled("constants.ZSTD_DECOMPRESS"), ZSTD_ENCODE: notModelled("constants.ZSTD_ENCODE"), ZSTD_btlazy2: notModelled("constants.ZSTD_btlazy2"), ZSTD_btopt: notModelled("constants.ZSTD_btopt"), ZSTD_btultra: notModelled("constants.ZSTD_btultra"), ZSTD_btultra2: notModelled("constants.ZSTD_btultra2"), ZSTD_c_chainLog: notModelled("constants.ZSTD_c_chainLog"), ZSTD_c_checksumFlag: notModelled("constants.ZSTD_c_checksumFlag"), ZSTD_c_compressionLevel: notModelled("constants.ZSTD_c_compressionLevel"), ZSTD_c_contentSizeFlag: notModelled("constants.ZSTD_c_contentSizeFlag"), ZSTD_c_dictIDFlag: notModelled("constants.ZSTD_c_dictIDFlag"), ZSTD_c_enableLongDistanceMatching: notModelled("constants.ZSTD_c_enableLongDistanceMatching"), ZSTD_c_hashLog: notModelled("constants.ZSTD_c_hashLog"), ZSTD_c_jobSize: notModelled("constants.ZSTD_c_jobSize"), ZSTD_c_ldmBucketSizeLog: notModelled("constants.ZSTD_c_ldmBucketSizeLog"), ZSTD_c_ldmHashLog: notModelled("constants.ZSTD_c_ldmHashLog"), ZSTD_c_ldmHashRateLog: notModelled("constants.ZSTD_c_ldmHashRateLog"), ZSTD_c_ldmMinMatch: notModelled("constants.ZSTD_c_ldmMinMatch"), ZSTD_c_minMatch: notModelled("constants.ZSTD_c_minMatch"), ZSTD_c_nbWorkers: notModelled("constants.ZSTD_c_nbWorkers"), ZSTD_c_overlapLog: notModelled("constants.ZSTD_c_overlapLog"), ZSTD_c_searchLog: notModelled("constants.ZSTD_c_searchLog"), ZSTD_c_strategy: notModelled("constants.ZSTD_c_strategy"), ZSTD_c_targetLength: notModelled("constants.ZSTD_c_targetLength"), ZSTD_c_windowLog: notModelled("constants.ZSTD_c_windowLog"), ZSTD_d_windowLogMax: notModelled("constants.ZSTD_d_windowLogMax"), ZSTD_dfast: notModelled("constants.ZSTD_dfast"), ZSTD_e_continue: notModelled("constants.ZSTD_e_continue"), ZSTD_e_end: notModelled("constants.ZSTD_e_end"), ZSTD_e_flush: notModelled("constants.ZSTD_e_flush"), ZSTD_error_GENERIC: notModelled("constants.ZSTD_error_GENERIC"), ZSTD_error_checksum_wrong: notModelled("constants.ZSTD_error_checksum_wrong"), ZSTD_error_corruption_detected: notModelled("constants.ZSTD_error_corruption_detected"), ZSTD_error_dictionaryCreation_failed: notModelled("constants.ZSTD_error_dictionaryCreation_failed"), ZSTD_error_dictionary_corrupted: notModelled("constants.ZSTD_error_dictionary_corrupted"), ZSTD_error_dictionary_wrong: notModelled("constants.ZSTD_error_dictionary_wrong"), ZSTD_error_dstBuffer_null: notModelled("constants.ZSTD_error_dstBuffer_null"), ZSTD_error_dstSize_tooSmall: notModelled("constants.ZSTD_error_dstSize_tooSmall"), ZSTD_error_frameParameter_unsupported: notModelled("constants.ZSTD_error_frameParameter_unsupported"), ZSTD_error_frameParameter_windowTooLarge: notModelled("constants.ZSTD_error_frameParameter_windowTooLarge"), ZSTD_error_init_missing: notModelled("constants.ZSTD_error_init_missing"), ZSTD_error_literals_headerWrong: notModelled("constants.ZSTD_error_literals_headerWrong"), ZSTD_error_maxSymbolValue_tooLarge: notModelled("constants.ZSTD_error_maxSymbolValue_tooLarge"), ZSTD_error_maxSymbolValue_tooSmall: notModelled("constants.ZSTD_error_maxSymbolValue_tooSmall"), ZSTD_error_memory_allocation: notModelled("constants.ZSTD_error_memory_allocation"), ZSTD_error_noForwardProgress_destFull: notModelled("constants.ZSTD_error_noForwardProgress_destFull"), ZSTD_error_noForwardProgress_inputEmpty: notModelled("constants.ZSTD_error_noForwardProgress_inputEmpty"), ZSTD_error_no_error: notModelled("constants.ZSTD_error_no_error"), ZSTD_error_parameter_combination_unsupported: notModelled("constants.ZSTD_error_parameter_combination_unsupported"), ZSTD_error_parameter_outOfBound: notModelled("constants.ZSTD_error_parameter_outOfBound"), ZSTD_error_parameter_unsupported: notModelled("constants.ZSTD_error_parameter_unsupported"), ZSTD_error_prefix_unknown: notModelled("constants.ZSTD_error_prefix_unknown"), ZSTD_error_srcSize_wrong: notModelled("constants.ZSTD_error_srcSize_wrong"), ZSTD_error_stabilityCondition_notRespected: notModelled("constants.ZSTD_error_stabilityCondition_notRespected"), ZSTD_error_stage_wrong: notModelled("constants.ZSTD_error_stage_wrong"), ZSTD_error_tableLog_tooLarge: notModelled("constants.ZSTD_error_tableLog_tooLarge"), ZSTD_error_version_unsupported: notModelled("constants.ZSTD_error_version_unsupported"), ZSTD_error_workSpace_tooSmall: notModelled("constants.ZSTD_error_workSpace_tooSmall"), ZSTD_fast: notModelled("constants.ZSTD_fast"), ZSTD_greedy: notModelled("constants.ZSTD_greedy"), ZSTD_lazy: notModelled("constants.ZSTD_lazy"), ZSTD_lazy2: notModelled("constants.ZSTD_lazy2"), Z_BEST_COMPRESSION: notModelled("constants.Z_BEST_COMPRESSION"), Z_BEST_SPEED: notModelled("constants.Z_BEST_SPEED"), Z_BLOCK: notModelled("constants.Z_BLOCK"), Z_BUF_ERROR: notModelled("constants.Z_BUF_ERROR"), Z_DATA_ERROR: notModelled("constants.Z_DATA_ERROR"), Z_DEFAULT_CHUNK: notModelled("constants.Z_DEFAULT_CHUNK"), Z_DEFAULT_COMPRESSION: notModelled("constants.Z_DEFAULT_COMPRESSION"), Z_DEFAULT_LEVEL: notModelled("constants.Z_DEFAULT_LEVEL"), Z_DEFAULT_MEMLEVEL: notModelled("constants.Z_DEFAULT_MEMLEVEL"), Z_DEFAULT_STRATEGY: notModelled("constants.Z_DEFAULT_STRATEGY"), Z_DEFAULT_WINDOWBITS: notModelled("constants.Z_DEFAULT_WINDOWBITS"), Z_ERRNO: notModelled("constants.Z_ERRNO"), Z_FILTERED: notModelled("constants.Z_FILTERED"), Z_FINISH: notModelled("constants.Z_FINISH"), Z_FIXED: notModelled("constants.Z_FIXED"), Z_FULL_FLUSH: notModelled("constants.Z_FULL_FLUSH"), Z_HUFFMAN_ONLY: notModelled("constants.Z_HUFFMAN_ONLY"), Z_MAX_CHUNK: notModelled("constants.Z_MAX_CHUNK"), Z_MAX_LEVEL: notModelled("constants.Z_MAX_LEVEL"), Z_MAX_MEMLEVEL: notModelled("constants.Z_MAX_MEMLEVEL"), Z_MAX_WINDOWBITS: notModelled("constants.Z_MAX_WINDOWBITS"), Z_MEM_ERROR: notModelled("constants.Z_MEM_ERROR"), Z_MIN_CHUNK: notModelled("constants.Z_MIN_CHUNK"), Z_MIN_LEVEL: notModelled("constants.Z_MIN_LEVEL"), Z_MIN_MEMLEVEL: notModelled("constants.Z_MIN_MEMLEVEL"), Z_MIN_WINDOWBITS: notModelled("constants.Z_MIN_WINDOWBITS"), Z_NEED_DICT: notModelled("constants.Z_NEED_DICT"), Z_NO_COMPRESSION: notModelled("constants.Z_NO_COMPRESSION"), Z_NO_FLUSH: notModelled("constants.Z_NO_FLUSH"), Z_OK: notModelled("constants.Z_OK"), Z_PARTIAL_FLUSH: notModelled("constants.Z_PARTIAL_FLUSH"), Z_RLE: notModelled("constants.Z_RLE"), Z_STREAM_END: notModelled("constants.Z_STREAM_END"), Z_STREAM_ERROR: notModelled("constants.Z_STREAM_ERROR"), Z_SYNC_FLUSH: notModelled("constants.Z_SYNC_FLUSH"), Z_VERSION_ERROR: notModelled("constants.Z_VERSION_ERROR") };
export const crc32 = notModelled("crc32");
export const createBrotliCompress = notModelled("createBrotliCompress");
export const createBrotliDecompress = notModelled("createBrotliDecompress");
export const createDeflate = notModelled("createDeflate");
export const createDeflateRaw = notModelled("createDeflateRaw");
export const createGunzip = notModelled("createGunzip");
export const createGzip = notModelled("createGzip");
export const createInflate = notModelled("createInflate");
export const createInflateRaw = notModelled("createInflateRaw");
export const createUnzip = notModelled("createUnzip");
export const createZstdCompress = notModelled("createZstdCompress");
export const createZstdDecompress = notModelled("createZstdDecompress");
export const deflate = notModelled("deflate");
export const deflateRaw = notModelled("deflateRaw");
export const deflateRawSync = notModelled("deflateRawSync");
export const deflateSync = notModelled("deflateSync");
export const gunzip = notModelled("gunzip");
export const gunzipSync = notModelled("gunzipSync");
export const gzip = notModelled("gzip");
export const gzipSync = notModelled("gzipSync");
export const inflate = notModelled("inflate");
export const inflateRaw = notModelled("inflateRaw");
export const inflateRawSync = notModelled("inflateRawSync");
export const inflateSync = notModelled("inflateSync");
export const unzip = notModelled("unzip");
export const unzipSync = notModelled("unzipSync");
export const zstdCompress = notModelled("zstdCompress");
export const zstdCompressSync = notModelled("zstdCompressSync");
export const zstdDecompress = notModelled("zstdDecompress");
export const zstdDecompressSync = notModelled("zstdDecompressSync");
export default { BROTLI_DECODE: notModelled("default.BROTLI_DECODE"), BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES: notModelled("default.BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES"), BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP: notModelled("default.BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP"), BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES: notModelled("default.BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES"), BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1: notModelled("default.BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1"), BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2: notModelled("default.BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2"), BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS: notModelled("default.BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS"), BROTLI_DECODER_ERROR_DICTIONARY_NOT_SET: notModelled("default.BROTLI_DECODER_ERROR_DICTIONARY_NOT_SET"), BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1: notModelled("default.BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1"), BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2: notModelled("default.BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2"), BROTLI_DECODER_ERROR_FORMAT_CL_SPACE: notModelled("default.BROTLI_DECODER_ERROR_FORMAT_CL_SPACE"), BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT: notModelled("default.BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT"), BROTLI_DECODER_ERROR_FORMAT_DICTIONARY: notModelled("default.BROTLI_DECODER_ERROR_FORMAT_DICTIONARY"), BROTLI_DECODER_ERROR_FORMAT_DISTANCE: notModelled("default.BROTLI_DECODER_ERROR_FORMAT_DISTANCE"), BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE: notModelled("default.BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE"), BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE: notModelled("default.BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE"), BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE: notModelled("default.BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE"), BROTLI_DECODER_ERROR_FORMAT_PADDING_1: notModelled("default.BROTLI_DECODER_ERROR_FORMAT_PADDING_1"), BROTLI_DECODER_ERROR_FORMAT_PADDING_2: notModelled("default.BROTLI_DECODER_ERROR_FORMAT_PADDING_2"), BROTLI_DECODER_ERROR_FORMAT_RESERVED: notModelled("default.BROTLI_DECODER_ERROR_FORMAT_RESERVED"), BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET: notModelled("default.BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET"), BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME: notModelled("default.BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME"), BROTLI_DECODER_ERROR_FORMAT_TRANSFORM: notModelled("default.BROTLI_DECODER_ERROR_FORMAT_TRANSFORM"), BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS: notModelled("default.BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS"), BROTLI_DECODER_ERROR_INVALID_ARGUMENTS: notModelled("default.BROTLI_DECODER_ERROR_INVALID_ARGUMENTS"), BROTLI_DECODER_ERROR_UNREACHABLE: notModelled("default.BROTLI_DECODER_ERROR_UNREACHABLE"), BROTLI_DECODER_NEEDS_MORE_INPUT: notModelled("default.BROTLI_DECODER_NEEDS_MORE_INPUT"), BROTLI_DECODER_NEEDS_MORE_OUTPUT: notModelled("default.BROTLI_DECODER_NEEDS_MORE_OUTPUT"), BROTLI_DECODER_NO_ERROR: notModelled("default.BROTLI_DECODER_NO_ERROR"), BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION: notModelled("default.BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION"), BROTLI_DECODER_PARAM_LARGE_WINDOW: notModelled("default.BROTLI_DECODER_PARAM_LARGE_WINDOW"), BROTLI_DECODER_RESULT_ERROR: notModelled("default.BROTLI_DECODER_RESULT_ERROR"), BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT: notModelled("default.BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT"), BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: notModelled("default.BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT"), BROTLI_DECODER_RESULT_SUCCESS: notModelled("default.BROTLI_DECODER_RESULT_SUCCESS"), BROTLI_DECODER_SUCCESS: notModelled("default.BROTLI_DECODER_SUCCESS"), BROTLI_DEFAULT_MODE: notModelled("default.BROTLI_DEFAULT_MODE"), BROTLI_DEFAULT_QUALITY: notModelled("default.BROTLI_DEFAULT_QUALITY"), BROTLI_DEFAULT_WINDOW: notModelled("default.BROTLI_DEFAULT_WINDOW"), BROTLI_ENCODE: notModelled("default.BROTLI_ENCODE"), BROTLI_LARGE_MAX_WINDOW_BITS: notModelled("default.BROTLI_LARGE_MAX_WINDOW_BITS"), BROTLI_MAX_INPUT_BLOCK_BITS: notModelled("default.BROTLI_MAX_INPUT_BLOCK_BITS"), BROTLI_MAX_QUALITY: notModelled("default.BROTLI_MAX_QUALITY"), BROTLI_MAX_WINDOW_BITS: notModelled("default.BROTLI_MAX_WINDOW_BITS"), BROTLI_MIN_INPUT_BLOCK_BITS: notModelled("default.BROTLI_MIN_INPUT_BLOCK_BITS"), BROTLI_MIN_QUALITY: notModelled("default.BROTLI_MIN_QUALITY"), BROTLI_MIN_WINDOW_BITS: notModelled("default.BROTLI_MIN_WINDOW_BITS"), BROTLI_MODE_FONT: notModelled("default.BROTLI_MODE_FONT"), BROTLI_MODE_GENERIC: notModelled("default.BROTLI_MODE_GENERIC"), BROTLI_MODE_TEXT: notModelled("default.BROTLI_MODE_TEXT"), BROTLI_OPERATION_EMIT_METADATA: notModelled("default.BROTLI_OPERATION_EMIT_METADATA"), BROTLI_OPERATION_FINISH: notModelled("default.BROTLI_OPERATION_FINISH"), BROTLI_OPERATION_FLUSH: notModelled("default.BROTLI_OPERATION_FLUSH"), BROTLI_OPERATION_PROCESS: notModelled("default.BROTLI_OPERATION_PROCESS"), BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING: notModelled("default.BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING"), BROTLI_PARAM_LARGE_WINDOW: notModelled("default.BROTLI_PARAM_LARGE_WINDOW"), BROTLI_PARAM_LGBLOCK: notModelled("default.BROTLI_PARAM_LGBLOCK"), BROTLI_PARAM_LGWIN: notModelled("default.BROTLI_PARAM_LGWIN"), BROTLI_PARAM_MODE: notModelled("default.BROTLI_PARAM_MODE"), BROTLI_PARAM_NDIRECT: notModelled("default.BROTLI_PARAM_NDIRECT"), BROTLI_PARAM_NPOSTFIX: notModelled("default.BROTLI_PARAM_NPOSTFIX"), BROTLI_PARAM_QUALITY: notModelled("default.BROTLI_PARAM_QUALITY"), BROTLI_PARAM_SIZE_HINT: notModelled("default.BROTLI_PARAM_SIZE_HINT"), BrotliCompress: notModelled("default.BrotliCompress"), BrotliDecompress: notModelled("default.BrotliDecompress"), DEFLATE: notModelled("default.DEFLATE"), DEFLATERAW: notModelled("default.DEFLATERAW"), Deflate: notModelled("default.Deflate"), DeflateRaw: notModelled("default.DeflateRaw"), GUNZIP: notModelled("default.GUNZIP"), GZIP: notModelled("default.GZIP"), Gunzip: notModelled("default.Gunzip"), Gzip: notModelled("default.Gzip"), INFLATE: notModelled("default.INFLATE"), INFLATERAW: notModelled("default.INFLATERAW"), Inflate: notModelled("default.Inflate"), InflateRaw: notModelled("default.InflateRaw"), UNZIP: notModelled("default.UNZIP"), Unzip: notModelled("default.Unzip"), ZLIB_VERNUM: notModelled("default.ZLIB_VERNUM"), ZSTD_CLEVEL_DEFAULT: notModelled("default.ZSTD_CLEVEL_DEFAULT"), ZSTD_COMPRESS: notModelled("default.ZSTD_COMPRESS"), ZSTD_DECODE: notModelled("default.ZSTD_DECODE"), ZSTD_DECOMPRESS: notModelled("default.ZSTD_DECOMPRESS"), ZSTD_ENCODE: notModelled("default.ZSTD_ENCODE"), ZSTD_btlazy2: notModelled("default.ZSTD_btlazy2"), ZSTD_btopt: notModelled("default.ZSTD_btopt"), ZSTD_btultra: notModelled("default.ZSTD_btultra"), ZSTD_btultra2: notModelled("default.ZSTD_btultra2"), ZSTD_c_chainLog: notModelled("default.ZSTD_c_chainLog"), ZSTD_c_checksumFlag: notModelled("default.ZSTD_c_checksumFlag"), ZSTD_c_compressionLevel: notModelled("default.ZSTD_c_compressionLevel"), ZSTD_c_contentSizeFlag: notModelled("default.ZSTD_c_contentSizeFlag"), ZSTD_c_dictIDFlag: notModelled("default.ZSTD_c_dictIDFlag"), ZSTD_c_enableLongDistanceMatching: notModelled("default.ZSTD_c_enableLongDistanceMatching"), ZSTD_c_hashLog: notModelled("default.ZSTD_c_hashLog"), ZSTD_c_jobSize: notModelled("default.ZSTD_c_jobSize"), ZSTD_c_ldmBucketSizeLog: notModelled("default.ZSTD_c_ldmBucketSizeLog"), ZSTD_c_ldmHashLog: notModelled("default.ZSTD_c_ldmHashLog"), ZSTD_c_ldmHashRateLog: notModelled("default.ZSTD_c_ldmHashRateLog"), ZSTD_c_ldmMinMatch: notModelled("default.ZSTD_c_ldmMinMatch"), ZSTD_c_minMatch: notModelled("default.ZSTD_c_minMatch"), ZSTD_c_nbWorkers: notModelled("default.ZSTD_c_nbWorkers"), ZSTD_c_overlapLog: notModelled("default.ZSTD_c_overlapLog"), ZSTD_c_searchLog: notModelled("default.ZSTD_c_searchLog"), ZSTD_c_strategy: notModelled("default.ZSTD_c_strategy"), ZSTD_c_targetLength: notModelled("default.ZSTD_c_targetLength"), ZSTD_c_windowLog: notModelled("default.ZSTD_c_windowLog"), ZSTD_d_windowLogMax: notModelled("default.ZSTD_d_windowLogMax"), ZSTD_dfast: notModelled("default.ZSTD_dfast"), ZSTD_e_continue: notModelled("default.ZSTD_e_continue"), ZSTD_e_end: notModelled("default.ZSTD_e_end"), ZSTD_e_flush: notModelled("default.ZSTD_e_flush"), ZSTD_error_GENERIC: notModelled("default.ZSTD_error_GENERIC"), ZSTD_error_checksum_wrong: notModelled("default.ZSTD_error_checksum_wrong"), ZSTD_error_corruption_detected: notModelled("default.ZSTD_error_corruption_detected"), ZSTD_error_dictionaryCreation_failed: notModelled("default.ZSTD_error_dictionaryCreation_failed"), ZSTD_error_dictionary_corrupted: notModelled("default.ZSTD_error_dictionary_corrupted"), ZSTD_error_dictionary_wrong: notModelled("default.ZSTD_error_dictionary_wrong"), ZSTD_error_dstBuffer_null: notModelled("default.ZSTD_error_dstBuffer_null"), ZSTD_error_dstSize_tooSmall: notModelled("default.ZSTD_error_dstSize_tooSmall"), ZSTD_error_frameParameter_unsupported: notModelled("default.ZSTD_error_frameParameter_unsupported"), ZSTD_error_frameParameter_windowTooLarge: notModelled("default.ZSTD_error_frameParameter_windowTooLarge"), ZSTD_error_init_missing: notModelled("default.ZSTD_error_init_missing"), ZSTD_error_literals_headerWrong: notModelled("default.ZSTD_error_literals_headerWrong"), ZSTD_error_maxSymbolValue_tooLarge: notModelled("default.ZSTD_error_maxSymbolValue_tooLarge"), ZSTD_error_maxSymbolValue_tooSmall: notModelled("default.ZSTD_error_maxSymbolValue_tooSmall"), ZSTD_error_memory_allocation: notModelled("default.ZSTD_error_memory_allocation"), ZSTD_error_noForwardProgress_destFull: notModelled("default.ZSTD_error_noForwardProgress_destFull"), ZSTD_error_noForwardProgress_inputEmpty: notModelled("default.ZSTD_error_noForwardProgress_inputEmpty"), ZSTD_error_no_error: notModelled("default.ZSTD_error_no_error"), ZSTD_error_parameter_combination_unsupported: notModelled("default.ZSTD_error_parameter_combination_unsupported"), ZSTD_error_parameter_outOfBound: notModelled("default.ZSTD_error_parameter_outOfBound"), ZSTD_error_parameter_unsupported: notModelled("default.ZSTD_error_parameter_unsupported"), ZSTD_error_prefix_unknown: notModelled("default.ZSTD_error_prefix_unknown"), ZSTD_error_srcSize_wrong: notModelled("default.ZSTD_error_srcSize_wrong"), ZSTD_error_stabilityCondition_notRespected: notModelled("default.ZSTD_error_stabilityCondition_notRespected"), ZSTD_error_stage_wrong: notModelled("default.ZSTD_error_stage_wrong"), ZSTD_error_tableLog_tooLarge: notModelled("default.ZSTD_error_tableLog_tooLarge"), ZSTD_error_version_unsupported: notModelled("default.ZSTD_error_version_unsupported"), ZSTD_error_workSpace_tooSmall: notModelled("default.ZSTD_error_workSpace_tooSmall"), ZSTD_fast: notModelled("default.ZSTD_fast"), ZSTD_greedy: notModelled("default.ZSTD_greedy"), ZSTD_lazy: notModelled("default.ZSTD_lazy"), ZSTD_lazy2: notModelled("default.ZSTD_lazy2"), Z_BEST_COMPRESSION: notModelled("default.Z_BEST_COMPRESSION"), Z_BEST_SPEED: notModelled("default.Z_BEST_SPEED"), Z_BLOCK: notModelled("default.Z_BLOCK"), Z_BUF_ERROR: notModelled("default.Z_BUF_ERROR"), Z_DATA_ERROR: notModelled("default.Z_DATA_ERROR"), Z_DEFAULT_CHUNK: notModelled("default.Z_DEFAULT_CHUNK"), Z_DEFAULT_COMPRESSION: notModelled("default.Z_DEFAULT_COMPRESSION"), Z_DEFAULT_LEVEL: notModelled("default.Z_DEFAULT_LEVEL"), Z_DEFAULT_MEMLEVEL: notModelled("default.Z_DEFAULT_MEMLEVEL"), Z_DEFAULT_STRATEGY: notModelled("default.Z_DEFAULT_STRATEGY"), Z_DEFAULT_WINDOWBITS: notModelled("default.Z_DEFAULT_WINDOWBITS"), Z_ERRNO: notModelled("default.Z_ERRNO"), Z_FILTERED: notModelled("default.Z_FILTERED"), Z_FINISH: notModelled("default.Z_FINISH"), Z_FIXED: notModelled("default.Z_FIXED"), Z_FULL_FLUSH: notModelled("default.Z_FULL_FLUSH"), Z_HUFFMAN_ONLY: notModelled("default.Z_HUFFMAN_ONLY"), Z_MAX_CHUNK: notModelled("default.Z_MAX_CHUNK"), Z_MAX_LEVEL: notModelled("default.Z_MAX_LEVEL"), Z_MAX_MEMLEVEL: notModelled("default.Z_MAX_MEMLEVEL"), Z_MAX_WINDOWBITS: notModelled("default.Z_MAX_WINDOWBITS"), Z_MEM_ERROR: notModelled("default.Z_MEM_ERROR"), Z_MIN_CHUNK: notModelled("default.Z_MIN_CHUNK"), Z_MIN_LEVEL: notModelled("default.Z_MIN_LEVEL"), Z_MIN_MEMLEVEL: notModelled("default.Z_MIN_MEMLEVEL"), Z_MIN_WINDOWBITS: notModelled("default.Z_MIN_WINDOWBITS"), Z_NEED_DICT: notModelled("default.Z_NEED_DICT"), Z_NO_COMPRESSION: notModelled("default.Z_NO_COMPRESSION"), Z_NO_FLUSH: notModelled("default.Z_NO_FLUSH"), Z_OK: notModelled("default.Z_OK"), Z_PARTIAL_FLUSH: notModelled("default.Z_PARTIAL_FLUSH"), Z_RLE: notModelled("default.Z_RLE"), Z_STREAM_END: notModelled("default.Z_STREAM_END"), Z_STREAM_ERROR: notModelled("default.Z_STREAM_ERROR"), Z_SYNC_FLUSH: notModelled("default.Z_SYNC_FLUSH"), Z_VERSION_ERROR: notModelled("default.Z_VERSION_ERROR"), ZstdCompress: notModelled("default.ZstdCompress"), ZstdDecompress: notModelled("default.ZstdDecompress"), brotliCompress: notModelled("default.brotliCompress"), brotliCompressSync: notModelled("default.brotliCompressSync"), brotliDecompress: notModelled("default.brotliDecompress"), brotliDecompressSync: notModelled("default.brotliDecompressSync"), codes: notModelled("default.codes"), constants: notModelled("default.constants"), crc32: notModelled("default.crc32"), createBrotliCompress: notModelled("default.createBrotliCompress"), createBrotliDecompress: notModelled("default.createBrotliDecompress"), createDeflate: notModelled("default.createDeflate"), createDeflateRaw: notModelled("default.createDeflateRaw"), createGunzip: notModelled("default.createGunzip"), createGzip: notModelled("default.createGzip"), createInflate: notModelled("default.createInflate"), createInflateRaw: notModelled("default.createInflateRaw"), createUnzip: notModelled("default.createUnzip"), createZstdCompress: notModelled("default.createZstdCompress"), createZstdDecompress: notModelled("default.createZstdDecompress"), deflate: notModelled("default.deflate"), deflateRaw: notModelled("default.deflateRaw"), deflateRawSync: notModelled("default.deflateRawSync"), deflateSync: notModelled("default.deflateSync"), gunzip: notModelled("default.gunzip"), gunzipSync: notModelled("default.gunzipSync"), gzip: notModelled("default.gzip"), gzipSync: notModelled("default.gzipSync"), inflate: notModelled("default.inflate"), inflateRaw: notModelled("default.inflateRaw"), inflateRawSync: notModelled("default.inflateRawSync"), inflateSync: notModelled("default.inflateSync"), unzip: notModelled("default.unzip"), unzipSync: notModelled("default.unzipSync"), zstdCompress: notModelled("default.zstdCompress"), zstdCompressSync: notModelled("default.zstdCompressSync"), zstdDecompress: notModelled("default.zstdDecompress"), zstdDecompressSync: notModelled("default.zstdDecompressSync") };
