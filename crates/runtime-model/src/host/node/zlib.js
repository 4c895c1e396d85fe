// node:zlib for crosstalk: workerd's node:zlib over host/web/node_zlib.js (the module) and
// host/node_zlib.rs (deflate, inflate and Brotli, byte for byte as workerd's).
import { Transform, finished } from "node:stream";

const m = globalThis[Symbol.for("crosstalk.node")]("node-zlib").build({ Transform, finished });

export const {
  BrotliCompress,
  BrotliDecompress,
  Deflate,
  DeflateRaw,
  Gunzip,
  Gzip,
  Inflate,
  InflateRaw,
  Unzip,
  ZstdCompress,
  ZstdDecompress,
  brotliCompress,
  brotliCompressSync,
  brotliDecompress,
  brotliDecompressSync,
  codes,
  constants,
  crc32,
  createBrotliCompress,
  createBrotliDecompress,
  createDeflate,
  createDeflateRaw,
  createGunzip,
  createGzip,
  createInflate,
  createInflateRaw,
  createUnzip,
  createZstdCompress,
  createZstdDecompress,
  deflate,
  deflateRaw,
  deflateRawSync,
  deflateSync,
  gunzip,
  gunzipSync,
  gzip,
  gzipSync,
  inflate,
  inflateRaw,
  inflateRawSync,
  inflateSync,
  unzip,
  unzipSync,
  zstdCompress,
  zstdCompressSync,
  zstdDecompress,
  zstdDecompressSync,
} = m;
const { constants: c } = m;
export const BROTLI_DECODE = c.BROTLI_DECODE;
export const BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES = c.BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES;
export const BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP = c.BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP;
export const BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES = c.BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES;
export const BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1 = c.BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1;
export const BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2 = c.BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2;
export const BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS = c.BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS;
export const BROTLI_DECODER_ERROR_DICTIONARY_NOT_SET = c.BROTLI_DECODER_ERROR_DICTIONARY_NOT_SET;
export const BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1 = c.BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1;
export const BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2 = c.BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2;
export const BROTLI_DECODER_ERROR_FORMAT_CL_SPACE = c.BROTLI_DECODER_ERROR_FORMAT_CL_SPACE;
export const BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT = c.BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT;
export const BROTLI_DECODER_ERROR_FORMAT_DICTIONARY = c.BROTLI_DECODER_ERROR_FORMAT_DICTIONARY;
export const BROTLI_DECODER_ERROR_FORMAT_DISTANCE = c.BROTLI_DECODER_ERROR_FORMAT_DISTANCE;
export const BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE = c.BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE;
export const BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE = c.BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE;
export const BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE = c.BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE;
export const BROTLI_DECODER_ERROR_FORMAT_PADDING_1 = c.BROTLI_DECODER_ERROR_FORMAT_PADDING_1;
export const BROTLI_DECODER_ERROR_FORMAT_PADDING_2 = c.BROTLI_DECODER_ERROR_FORMAT_PADDING_2;
export const BROTLI_DECODER_ERROR_FORMAT_RESERVED = c.BROTLI_DECODER_ERROR_FORMAT_RESERVED;
export const BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET = c.BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET;
export const BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME = c.BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME;
export const BROTLI_DECODER_ERROR_FORMAT_TRANSFORM = c.BROTLI_DECODER_ERROR_FORMAT_TRANSFORM;
export const BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS = c.BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS;
export const BROTLI_DECODER_ERROR_INVALID_ARGUMENTS = c.BROTLI_DECODER_ERROR_INVALID_ARGUMENTS;
export const BROTLI_DECODER_ERROR_UNREACHABLE = c.BROTLI_DECODER_ERROR_UNREACHABLE;
export const BROTLI_DECODER_NEEDS_MORE_INPUT = c.BROTLI_DECODER_NEEDS_MORE_INPUT;
export const BROTLI_DECODER_NEEDS_MORE_OUTPUT = c.BROTLI_DECODER_NEEDS_MORE_OUTPUT;
export const BROTLI_DECODER_NO_ERROR = c.BROTLI_DECODER_NO_ERROR;
export const BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION = c.BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION;
export const BROTLI_DECODER_PARAM_LARGE_WINDOW = c.BROTLI_DECODER_PARAM_LARGE_WINDOW;
export const BROTLI_DECODER_RESULT_ERROR = c.BROTLI_DECODER_RESULT_ERROR;
export const BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT = c.BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT;
export const BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT = c.BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
export const BROTLI_DECODER_RESULT_SUCCESS = c.BROTLI_DECODER_RESULT_SUCCESS;
export const BROTLI_DECODER_SUCCESS = c.BROTLI_DECODER_SUCCESS;
export const BROTLI_DEFAULT_MODE = c.BROTLI_DEFAULT_MODE;
export const BROTLI_DEFAULT_QUALITY = c.BROTLI_DEFAULT_QUALITY;
export const BROTLI_DEFAULT_WINDOW = c.BROTLI_DEFAULT_WINDOW;
export const BROTLI_ENCODE = c.BROTLI_ENCODE;
export const BROTLI_LARGE_MAX_WINDOW_BITS = c.BROTLI_LARGE_MAX_WINDOW_BITS;
export const BROTLI_MAX_INPUT_BLOCK_BITS = c.BROTLI_MAX_INPUT_BLOCK_BITS;
export const BROTLI_MAX_QUALITY = c.BROTLI_MAX_QUALITY;
export const BROTLI_MAX_WINDOW_BITS = c.BROTLI_MAX_WINDOW_BITS;
export const BROTLI_MIN_INPUT_BLOCK_BITS = c.BROTLI_MIN_INPUT_BLOCK_BITS;
export const BROTLI_MIN_QUALITY = c.BROTLI_MIN_QUALITY;
export const BROTLI_MIN_WINDOW_BITS = c.BROTLI_MIN_WINDOW_BITS;
export const BROTLI_MODE_FONT = c.BROTLI_MODE_FONT;
export const BROTLI_MODE_GENERIC = c.BROTLI_MODE_GENERIC;
export const BROTLI_MODE_TEXT = c.BROTLI_MODE_TEXT;
export const BROTLI_OPERATION_EMIT_METADATA = c.BROTLI_OPERATION_EMIT_METADATA;
export const BROTLI_OPERATION_FINISH = c.BROTLI_OPERATION_FINISH;
export const BROTLI_OPERATION_FLUSH = c.BROTLI_OPERATION_FLUSH;
export const BROTLI_OPERATION_PROCESS = c.BROTLI_OPERATION_PROCESS;
export const BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING = c.BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING;
export const BROTLI_PARAM_LARGE_WINDOW = c.BROTLI_PARAM_LARGE_WINDOW;
export const BROTLI_PARAM_LGBLOCK = c.BROTLI_PARAM_LGBLOCK;
export const BROTLI_PARAM_LGWIN = c.BROTLI_PARAM_LGWIN;
export const BROTLI_PARAM_MODE = c.BROTLI_PARAM_MODE;
export const BROTLI_PARAM_NDIRECT = c.BROTLI_PARAM_NDIRECT;
export const BROTLI_PARAM_NPOSTFIX = c.BROTLI_PARAM_NPOSTFIX;
export const BROTLI_PARAM_QUALITY = c.BROTLI_PARAM_QUALITY;
export const DEFLATE = c.DEFLATE;
export const DEFLATERAW = c.DEFLATERAW;
export const GUNZIP = c.GUNZIP;
export const GZIP = c.GZIP;
export const INFLATE = c.INFLATE;
export const INFLATERAW = c.INFLATERAW;
export const UNZIP = c.UNZIP;
export const ZLIB_VERNUM = c.ZLIB_VERNUM;
export const ZSTD_COMPRESS = c.ZSTD_COMPRESS;
export const ZSTD_DECODE = c.ZSTD_DECODE;
export const ZSTD_DECOMPRESS = c.ZSTD_DECOMPRESS;
export const ZSTD_ENCODE = c.ZSTD_ENCODE;
export const ZSTD_error_GENERIC = c.ZSTD_error_GENERIC;
export const ZSTD_error_checksum_wrong = c.ZSTD_error_checksum_wrong;
export const ZSTD_error_corruption_detected = c.ZSTD_error_corruption_detected;
export const ZSTD_error_dictionaryCreation_failed = c.ZSTD_error_dictionaryCreation_failed;
export const ZSTD_error_dictionary_corrupted = c.ZSTD_error_dictionary_corrupted;
export const ZSTD_error_dictionary_wrong = c.ZSTD_error_dictionary_wrong;
export const ZSTD_error_dstBuffer_null = c.ZSTD_error_dstBuffer_null;
export const ZSTD_error_dstSize_tooSmall = c.ZSTD_error_dstSize_tooSmall;
export const ZSTD_error_frameParameter_unsupported = c.ZSTD_error_frameParameter_unsupported;
export const ZSTD_error_frameParameter_windowTooLarge = c.ZSTD_error_frameParameter_windowTooLarge;
export const ZSTD_error_init_missing = c.ZSTD_error_init_missing;
export const ZSTD_error_literals_headerWrong = c.ZSTD_error_literals_headerWrong;
export const ZSTD_error_maxSymbolValue_tooLarge = c.ZSTD_error_maxSymbolValue_tooLarge;
export const ZSTD_error_maxSymbolValue_tooSmall = c.ZSTD_error_maxSymbolValue_tooSmall;
export const ZSTD_error_memory_allocation = c.ZSTD_error_memory_allocation;
export const ZSTD_error_noForwardProgress_destFull = c.ZSTD_error_noForwardProgress_destFull;
export const ZSTD_error_noForwardProgress_inputEmpty = c.ZSTD_error_noForwardProgress_inputEmpty;
export const ZSTD_error_no_error = c.ZSTD_error_no_error;
export const ZSTD_error_parameter_combination_unsupported = c.ZSTD_error_parameter_combination_unsupported;
export const ZSTD_error_parameter_outOfBound = c.ZSTD_error_parameter_outOfBound;
export const ZSTD_error_parameter_unsupported = c.ZSTD_error_parameter_unsupported;
export const ZSTD_error_prefix_unknown = c.ZSTD_error_prefix_unknown;
export const ZSTD_error_srcSize_wrong = c.ZSTD_error_srcSize_wrong;
export const ZSTD_error_stabilityCondition_notRespected = c.ZSTD_error_stabilityCondition_notRespected;
export const ZSTD_error_stage_wrong = c.ZSTD_error_stage_wrong;
export const ZSTD_error_tableLog_tooLarge = c.ZSTD_error_tableLog_tooLarge;
export const ZSTD_error_version_unsupported = c.ZSTD_error_version_unsupported;
export const ZSTD_error_workSpace_tooSmall = c.ZSTD_error_workSpace_tooSmall;
export const Z_BEST_COMPRESSION = c.Z_BEST_COMPRESSION;
export const Z_BEST_SPEED = c.Z_BEST_SPEED;
export const Z_BLOCK = c.Z_BLOCK;
export const Z_BUF_ERROR = c.Z_BUF_ERROR;
export const Z_DATA_ERROR = c.Z_DATA_ERROR;
export const Z_DEFAULT_CHUNK = c.Z_DEFAULT_CHUNK;
export const Z_DEFAULT_COMPRESSION = c.Z_DEFAULT_COMPRESSION;
export const Z_DEFAULT_LEVEL = c.Z_DEFAULT_LEVEL;
export const Z_DEFAULT_MEMLEVEL = c.Z_DEFAULT_MEMLEVEL;
export const Z_DEFAULT_STRATEGY = c.Z_DEFAULT_STRATEGY;
export const Z_DEFAULT_WINDOWBITS = c.Z_DEFAULT_WINDOWBITS;
export const Z_ERRNO = c.Z_ERRNO;
export const Z_FILTERED = c.Z_FILTERED;
export const Z_FINISH = c.Z_FINISH;
export const Z_FIXED = c.Z_FIXED;
export const Z_FULL_FLUSH = c.Z_FULL_FLUSH;
export const Z_HUFFMAN_ONLY = c.Z_HUFFMAN_ONLY;
export const Z_MAX_CHUNK = c.Z_MAX_CHUNK;
export const Z_MAX_LEVEL = c.Z_MAX_LEVEL;
export const Z_MAX_MEMLEVEL = c.Z_MAX_MEMLEVEL;
export const Z_MAX_WINDOWBITS = c.Z_MAX_WINDOWBITS;
export const Z_MEM_ERROR = c.Z_MEM_ERROR;
export const Z_MIN_CHUNK = c.Z_MIN_CHUNK;
export const Z_MIN_LEVEL = c.Z_MIN_LEVEL;
export const Z_MIN_MEMLEVEL = c.Z_MIN_MEMLEVEL;
export const Z_MIN_WINDOWBITS = c.Z_MIN_WINDOWBITS;
export const Z_NEED_DICT = c.Z_NEED_DICT;
export const Z_NO_COMPRESSION = c.Z_NO_COMPRESSION;
export const Z_NO_FLUSH = c.Z_NO_FLUSH;
export const Z_OK = c.Z_OK;
export const Z_PARTIAL_FLUSH = c.Z_PARTIAL_FLUSH;
export const Z_RLE = c.Z_RLE;
export const Z_STREAM_END = c.Z_STREAM_END;
export const Z_STREAM_ERROR = c.Z_STREAM_ERROR;
export const Z_SYNC_FLUSH = c.Z_SYNC_FLUSH;
export const Z_VERSION_ERROR = c.Z_VERSION_ERROR;
export default m.default;
