//! The native half of `node:zlib` (`host/web/node_zlib.js`), reached through one door,
//! `host.zlib(op, args)`.
//!
//! The codecs are flate2 on its zlib-rs backend, a Rust implementation of zlib's stream
//! interface: it stops, asks for more input and fails where zlib does, with zlib's messages
//! ("incorrect header check", "invalid distance too far back", ...). Around it,
//! [`ZlibContext`] does what workerd's `ZlibContext` does (gzip/zlib detection for unzip,
//! gzip members, dictionaries, the error it reports for each zlib result). Brotli is the
//! `brotli` crate, a port of Google's encoder and decoder.
//!
//! Not modelled: `memLevel` and `strategy` are validated as workerd validates them but do
//! not reach the codec (flate2 always uses zlib's defaults), and `Z_BLOCK`/`Z_TREES` flush
//! as `Z_SYNC_FLUSH`. Compressed bytes can therefore differ from workerd's (Chromium's zlib)
//! while decompressing to the same data; what a worker decompresses is the same.

use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::{JsArray, JsArrayBuffer, JsDataView, JsTypedArray, JsUint8Array};
use boa_engine::property::Attribute;
use boa_engine::{
    Context, Finalize, JsNativeError, JsResult, JsString, JsValue, NativeFunction, Trace, js_error, js_string,
};
use std::cell::RefCell;
use std::rc::Rc;

// ---------------------------------------------------------------------------------------
// zlib's return codes and flush values
// ---------------------------------------------------------------------------------------

const Z_OK: i32 = 0;
const Z_STREAM_END: i32 = 1;
const Z_NEED_DICT: i32 = 2;
const Z_STREAM_ERROR: i32 = -2;
const Z_DATA_ERROR: i32 = -3;
const Z_BUF_ERROR: i32 = -5;

const Z_NO_FLUSH: i32 = 0;
const Z_PARTIAL_FLUSH: i32 = 1;
const Z_FULL_FLUSH: i32 = 3;
const Z_FINISH: i32 = 4;
/// The last strategy zlib knows (`Z_FIXED`); 0..=4 are valid.
const Z_FIXED: i32 = 4;

/// The name Node gives a zlib return code (`code` of its errors).
fn code_name(code: i32) -> &'static str {
    match code {
        Z_OK => "Z_OK",
        Z_STREAM_END => "Z_STREAM_END",
        Z_NEED_DICT => "Z_NEED_DICT",
        -1 => "Z_ERRNO",
        Z_STREAM_ERROR => "Z_STREAM_ERROR",
        Z_DATA_ERROR => "Z_DATA_ERROR",
        -4 => "Z_MEM_ERROR",
        Z_BUF_ERROR => "Z_BUF_ERROR",
        -6 => "Z_VERSION_ERROR",
        _ => "Z_UNKNOWN_ERROR",
    }
}

/// The input and output of one call, as zlib's `z_stream` has them: the unread part of
/// `input` starts at `next_in`, the free part of `output` at `next_out`.
struct Io<'a> {
    input: &'a [u8],
    next_in: usize,
    output: &'a mut [u8],
    next_out: usize,
}

impl Io<'_> {
    fn avail_in(&self) -> usize {
        self.input.len() - self.next_in
    }
    fn avail_out(&self) -> usize {
        self.output.len() - self.next_out
    }
}

// ---------------------------------------------------------------------------------------
// The codecs: flate2 on its zlib-rs backend (a Rust implementation of zlib: the same
// deflate choices, so the same compressed bytes for a level and window, and zlib's
// messages), driven through zlib's stream interface as workerd's ZlibContext drives zlib.
// ---------------------------------------------------------------------------------------

/// zlib's messages are a fixed set: each as a `'static` text (any other: "unknown error").
fn zlib_message(text: &str) -> &'static str {
    const MESSAGES: [&str; 24] = [
        "incorrect header check",
        "unknown compression method",
        "invalid window size",
        "unknown header flags set",
        "header crc mismatch",
        "invalid block type",
        "invalid stored block lengths",
        "too many length or distance symbols",
        "invalid code lengths set",
        "invalid bit length repeat",
        "invalid code -- missing end-of-block",
        "invalid literal/lengths set",
        "invalid distances set",
        "invalid literal/length code",
        "invalid distance code",
        "invalid distance too far back",
        "incorrect data check",
        "incorrect length check",
        "need dictionary",
        "stream error",
        "data error",
        "insufficient memory",
        "buffer error",
        "incompatible version",
    ];
    MESSAGES.into_iter().find(|m| *m == text).unwrap_or("unknown error")
}

/// A zlib `windowBits` as the codecs take it: the header kind and the window size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wrapper {
    /// The zlib header and Adler-32 trailer (`windowBits` 8..15).
    Zlib(u8),
    /// No header (`-15..-8`).
    Raw(u8),
    /// The gzip header and CRC-32 trailer (`16 + 8..15`).
    Gzip(u8),
    /// Inflate only: zlib or gzip, whichever the header is (`32 + 0..15`).
    Auto,
}

impl Wrapper {
    fn of(window_bits: i32) -> Option<Wrapper> {
        // zlib itself turns a window of 8 into 9 for deflate; flate2 takes 9..15.
        let bits = |w: i32| (w.clamp(9, 15)) as u8;
        match window_bits {
            0 => Some(Wrapper::Zlib(15)),
            8..=15 => Some(Wrapper::Zlib(bits(window_bits))),
            -15..=-8 => Some(Wrapper::Raw(bits(-window_bits))),
            24..=31 => Some(Wrapper::Gzip(bits(window_bits - 16))),
            32..=47 => Some(Wrapper::Auto),
            _ => None,
        }
    }
}

/// CRC-32 (the gzip polynomial) of `bytes`, continuing from `crc` (0 to start).
fn crc32(crc: u32, bytes: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new_with_initial(crc);
    hasher.update(bytes);
    hasher.finalize()
}

fn compress_flush(flush: i32) -> flate2::FlushCompress {
    match flush {
        Z_NO_FLUSH => flate2::FlushCompress::None,
        Z_PARTIAL_FLUSH => flate2::FlushCompress::Partial,
        Z_FULL_FLUSH => flate2::FlushCompress::Full,
        Z_FINISH => flate2::FlushCompress::Finish,
        // Z_SYNC_FLUSH, and Z_BLOCK / Z_TREES (block boundaries), which flate2 does not
        // offer: a sync flush also ends at a block boundary.
        _ => flate2::FlushCompress::Sync,
    }
}

fn decompress_flush(flush: i32) -> flate2::FlushDecompress {
    match flush {
        Z_FINISH => flate2::FlushDecompress::Finish,
        Z_NO_FLUSH => flate2::FlushDecompress::None,
        _ => flate2::FlushDecompress::Sync,
    }
}

fn status_code(status: flate2::Status) -> i32 {
    match status {
        flate2::Status::Ok => Z_OK,
        flate2::Status::BufError => Z_BUF_ERROR,
        flate2::Status::StreamEnd => Z_STREAM_END,
    }
}

/// Deflate (zlib, raw or gzip). `memLevel` and `strategy` are checked by the caller but
/// not passed on: flate2 does not take them (the defaults, 8 and `Z_DEFAULT_STRATEGY`).
struct Deflater {
    inner: flate2::Compress,
    msg: Option<&'static str>,
}

impl Deflater {
    fn new(level: i32, window_bits: i32, _mem_level: i32, _strategy: i32) -> Result<Deflater, i32> {
        let level = flate2::Compression::new(if level < 0 { 6 } else { level as u32 });
        // zlib's deflate takes a window of 8 only with the zlib header (and makes it 9).
        if window_bits == -8 || window_bits == 24 {
            return Err(Z_STREAM_ERROR);
        }
        let inner = match Wrapper::of(window_bits) {
            Some(Wrapper::Zlib(bits)) => flate2::Compress::new_with_window_bits(level, true, bits),
            Some(Wrapper::Raw(bits)) => flate2::Compress::new_with_window_bits(level, false, bits),
            Some(Wrapper::Gzip(bits)) => flate2::Compress::new_gzip(level, bits),
            Some(Wrapper::Auto) | None => return Err(Z_STREAM_ERROR),
        };
        Ok(Deflater { inner, msg: None })
    }

    fn reset(&mut self) {
        self.inner.reset();
        self.msg = None;
    }

    fn deflate(&mut self, io: &mut Io, flush: i32) -> i32 {
        let (before_in, before_out) = (self.inner.total_in(), self.inner.total_out());
        let result = self.inner.compress(&io.input[io.next_in..], &mut io.output[io.next_out..], compress_flush(flush));
        io.next_in += (self.inner.total_in() - before_in) as usize;
        io.next_out += (self.inner.total_out() - before_out) as usize;
        match result {
            Ok(status) => status_code(status),
            Err(error) => {
                self.msg = Some(zlib_message(error.message().unwrap_or("stream error")));
                Z_STREAM_ERROR
            }
        }
    }

    fn params(&mut self, level: i32, _strategy: i32) -> i32 {
        let level = flate2::Compression::new(if level < 0 { 6 } else { level as u32 });
        match self.inner.set_level(level) {
            Ok(()) => Z_OK,
            Err(_) => Z_BUF_ERROR,
        }
    }

    fn set_dictionary(&mut self, dictionary: &[u8]) -> i32 {
        match self.inner.set_dictionary(dictionary) {
            Ok(_) => Z_OK,
            Err(_) => Z_STREAM_ERROR,
        }
    }
}

/// Inflate (zlib, raw, gzip, or either of the first and third by their header).
struct Inflater {
    /// `None` until the header of an `Auto` stream has been seen.
    inner: Option<flate2::Decompress>,
    wrapper: Wrapper,
    /// A dictionary given before an `Auto` stream's codec exists.
    dictionary: Option<Vec<u8>>,
    /// The first bytes of an `Auto` stream, held until they say gzip (`1f 8b`) or not.
    magic: Vec<u8>,
    msg: Option<&'static str>,
}

impl Inflater {
    fn new(window_bits: i32) -> Result<Inflater, i32> {
        let wrapper = Wrapper::of(window_bits).ok_or(Z_STREAM_ERROR)?;
        let mut inflater = Inflater { inner: None, wrapper, dictionary: None, magic: Vec::new(), msg: None };
        inflater.reset();
        Ok(inflater)
    }

    fn codec(wrapper: Wrapper) -> Option<flate2::Decompress> {
        match wrapper {
            Wrapper::Zlib(bits) => Some(flate2::Decompress::new_with_window_bits(true, bits)),
            Wrapper::Raw(bits) => Some(flate2::Decompress::new_with_window_bits(false, bits)),
            Wrapper::Gzip(bits) => Some(flate2::Decompress::new_gzip(bits)),
            Wrapper::Auto => None,
        }
    }

    fn reset(&mut self) {
        self.inner = Inflater::codec(self.wrapper);
        self.dictionary = None;
        self.magic.clear();
        self.msg = None;
    }

    fn set_dictionary(&mut self, dictionary: &[u8]) -> i32 {
        match &mut self.inner {
            Some(inner) => match inner.set_dictionary(dictionary) {
                Ok(_) => Z_OK,
                Err(_) => Z_DATA_ERROR,
            },
            None => {
                self.dictionary = Some(dictionary.to_vec());
                Z_OK
            }
        }
    }

    fn inflate(&mut self, io: &mut Io, flush: i32) -> i32 {
        if self.inner.is_none() {
            // An `Auto` stream: the gzip magic, or else zlib (which then checks its header).
            // The bytes are taken one at a time, as zlib does, so a stream fed a byte per
            // write is recognised too.
            let start = io.next_in;
            while self.magic.len() < 2 && io.avail_in() > 0 && !(self.magic.len() == 1 && self.magic[0] != 0x1f) {
                self.magic.push(io.input[io.next_in]);
                io.next_in += 1;
            }
            let decided = self.magic.len() == 2 || self.magic.first().is_some_and(|b| *b != 0x1f);
            if !decided {
                // zlib's answer for a call that made progress, or made none.
                return if io.next_in > start { Z_OK } else { Z_BUF_ERROR };
            }
            let gzip = self.magic == [0x1f, 0x8b];
            let mut codec = if gzip {
                flate2::Decompress::new_gzip(15)
            } else {
                flate2::Decompress::new_with_window_bits(true, 15)
            };
            if let Some(dictionary) = self.dictionary.take() {
                let _ = codec.set_dictionary(&dictionary);
            }
            // The held bytes go first; they are header bytes, so they produce no output.
            let magic = std::mem::take(&mut self.magic);
            match codec.decompress(&magic, &mut [], decompress_flush(Z_NO_FLUSH)) {
                Ok(_) => {}
                Err(error) => {
                    self.msg = Some(zlib_message(error.message().unwrap_or("data error")));
                    return Z_DATA_ERROR;
                }
            }
            debug_assert_eq!(codec.total_in(), magic.len() as u64, "the held header bytes are all consumed");
            self.inner = Some(codec);
        }
        let Some(inner) = self.inner.as_mut() else { return Z_STREAM_ERROR };
        let (before_in, before_out) = (inner.total_in(), inner.total_out());
        let result = inner.decompress(&io.input[io.next_in..], &mut io.output[io.next_out..], decompress_flush(flush));
        io.next_in += (inner.total_in() - before_in) as usize;
        io.next_out += (inner.total_out() - before_out) as usize;
        match result {
            Ok(status) => status_code(status),
            Err(error) if error.needs_dictionary().is_some() => Z_NEED_DICT,
            Err(error) => {
                self.msg = Some(zlib_message(error.message().unwrap_or("data error")));
                Z_DATA_ERROR
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The zlib context: what workerd's `ZlibContext` does around zlib
// ---------------------------------------------------------------------------------------

const MODE_NONE: i32 = 0;
const MODE_DEFLATE: i32 = 1;
const MODE_INFLATE: i32 = 2;
const MODE_GZIP: i32 = 3;
const MODE_GUNZIP: i32 = 4;
const MODE_DEFLATERAW: i32 = 5;
const MODE_INFLATERAW: i32 = 6;
const MODE_UNZIP: i32 = 7;
const MODE_BROTLI_DECODE: i32 = 8;
const MODE_BROTLI_ENCODE: i32 = 9;

const Z_MAX_CHUNK: usize = 134_217_728;
const PERFORMANT_CHUNK: usize = 40 * 1024;

/// An error as workerd reports it: a message, a code and an errno.
#[derive(Debug, Clone)]
struct Failure {
    message: String,
    code: String,
    errno: i32,
}

impl Failure {
    fn new(message: &str, code: &str, errno: i32) -> Failure {
        Failure { message: message.to_string(), code: code.to_string(), errno }
    }
}

enum Engine {
    Deflate(Box<Deflater>),
    Inflate(Box<Inflater>),
}

struct ZlibContext {
    mode: i32,
    initialized: bool,
    level: i32,
    window_bits: i32,
    mem_level: i32,
    strategy: i32,
    dictionary: Vec<u8>,
    err: i32,
    flush: i32,
    gzip_id_bytes_read: u32,
    engine: Option<Engine>,
    /// `avail_in` and `avail_out` after the last call.
    avail_in: usize,
    avail_out: usize,
}

impl ZlibContext {
    fn new(mode: i32) -> ZlibContext {
        ZlibContext {
            mode,
            initialized: false,
            level: 0,
            window_bits: 0,
            mem_level: 0,
            strategy: 0,
            dictionary: Vec::new(),
            err: Z_OK,
            flush: Z_NO_FLUSH,
            gzip_id_bytes_read: 0,
            engine: None,
            avail_in: 0,
            avail_out: 0,
        }
    }

    /// Records the parameters (zlib starts at the first write), with workerd's checks.
    fn initialize(
        &mut self,
        level: i32,
        window_bits: i32,
        mem_level: i32,
        strategy: i32,
        dictionary: Option<Vec<u8>>,
    ) -> Result<(), (bool, String)> {
        let inflating = matches!(self.mode, MODE_INFLATE | MODE_GUNZIP | MODE_UNZIP);
        if !((8..=15).contains(&window_bits) || (window_bits == 0 && inflating)) {
            return Err((
                true,
                format!(
                    "The value of \"options.windowBits\" is out of range. It must be >= 8 and <= 15. Received {window_bits}"
                ),
            ));
        }
        if !(-1..=9).contains(&level) {
            return Err((
                true,
                format!("The value of \"options.level\" is out of range. It must be >= -1 and <= 9. Received {level}"),
            ));
        }
        if !(1..=9).contains(&mem_level) {
            return Err((
                true,
                format!(
                    "The value of \"options.memLevel\" is out of range. It must be >= 1 and <= 9. Received {mem_level}"
                ),
            ));
        }
        if !(0..=Z_FIXED).contains(&strategy) {
            return Err((false, "invalid strategy".to_string()));
        }
        self.level = level;
        self.mem_level = mem_level;
        self.strategy = strategy;
        self.flush = Z_NO_FLUSH;
        self.err = Z_OK;
        self.window_bits = match self.mode {
            MODE_GZIP | MODE_GUNZIP => window_bits + 16,
            MODE_UNZIP => window_bits + 32,
            MODE_DEFLATERAW | MODE_INFLATERAW => -window_bits,
            _ => window_bits,
        };
        if let Some(dictionary) = dictionary {
            self.dictionary = dictionary;
        }
        Ok(())
    }

    fn message(&self) -> Option<&'static str> {
        match &self.engine {
            Some(Engine::Deflate(d)) => d.msg,
            Some(Engine::Inflate(i)) => i.msg,
            None => None,
        }
    }

    fn failure(&self, message: &str) -> Failure {
        let message = self.message().unwrap_or(message);
        Failure::new(message, code_name(self.err), self.err)
    }

    /// workerd's `getError`: what the last call's result means.
    fn error(&self) -> Option<Failure> {
        match self.err {
            Z_OK | Z_BUF_ERROR => {
                (self.avail_out != 0 && self.flush == Z_FINISH).then(|| self.failure("unexpected end of file"))
            }
            Z_STREAM_END => None,
            Z_NEED_DICT => {
                Some(self.failure(if self.dictionary.is_empty() { "Missing dictionary" } else { "Bad dictionary" }))
            }
            _ => Some(self.failure("Zlib error")),
        }
    }

    fn set_dictionary(&mut self) -> Option<Failure> {
        if self.dictionary.is_empty() {
            return None;
        }
        self.err = Z_OK;
        match (self.mode, &mut self.engine) {
            (MODE_DEFLATE | MODE_DEFLATERAW, Some(Engine::Deflate(d))) => self.err = d.set_dictionary(&self.dictionary),
            (MODE_INFLATERAW, Some(Engine::Inflate(i))) => self.err = i.set_dictionary(&self.dictionary),
            _ => {}
        }
        (self.err != Z_OK).then(|| self.failure("Failed to set dictionary"))
    }

    /// Starts zlib on first use: true when it was started now.
    fn initialize_zlib(&mut self) -> bool {
        if self.initialized {
            return false;
        }
        let engine = match self.mode {
            MODE_DEFLATE | MODE_GZIP | MODE_DEFLATERAW => {
                Deflater::new(self.level, self.window_bits, self.mem_level, self.strategy)
                    .map(|d| Engine::Deflate(Box::new(d)))
            }
            _ => Inflater::new(self.window_bits).map(|i| Engine::Inflate(Box::new(i))),
        };
        match engine {
            Ok(engine) => {
                self.engine = Some(engine);
                self.err = Z_OK;
                drop(self.set_dictionary());
                self.initialized = true;
            }
            Err(code) => {
                self.err = code;
                self.dictionary.clear();
                self.mode = MODE_NONE;
            }
        }
        true
    }

    fn reset(&mut self) -> Option<Failure> {
        if self.initialize_zlib() && self.err != Z_OK {
            return Some(self.failure("Failed to init stream before reset"));
        }
        self.err = Z_OK;
        match (self.mode, &mut self.engine) {
            (MODE_DEFLATE | MODE_DEFLATERAW | MODE_GZIP, Some(Engine::Deflate(d))) => d.reset(),
            (MODE_INFLATE | MODE_INFLATERAW | MODE_GUNZIP, Some(Engine::Inflate(i))) => i.reset(),
            _ => {}
        }
        self.set_dictionary()
    }

    fn params(&mut self, level: i32, strategy: i32) -> Option<Failure> {
        if self.initialize_zlib() && self.err != Z_OK {
            return Some(self.failure("Failed to init stream before set parameters"));
        }
        self.err = Z_OK;
        if let (MODE_DEFLATE | MODE_DEFLATERAW, Some(Engine::Deflate(d))) = (self.mode, &mut self.engine) {
            self.err = d.params(level, strategy);
        }
        // As workerd: the result is what `error()` then says of it, with no output at hand.
        self.avail_out = 0;
        self.avail_in = 0;
        None
    }

    fn inflate(&mut self, io: &mut Io) -> i32 {
        let flush = self.flush;
        match &mut self.engine {
            Some(Engine::Inflate(i)) => i.inflate(io, flush),
            _ => Z_STREAM_ERROR,
        }
    }

    /// One call of zlib on `input` into `output`, as workerd's `work()`: returns the bytes
    /// read and written.
    fn work(&mut self, input: &[u8], output: &mut [u8]) -> (usize, usize) {
        let mut io = Io { input, next_in: 0, output, next_out: 0 };
        if self.initialize_zlib() && self.err != Z_OK {
            self.avail_in = io.avail_in();
            self.avail_out = io.avail_out();
            return (0, 0);
        }
        match self.mode {
            MODE_DEFLATE | MODE_GZIP | MODE_DEFLATERAW => {
                let flush = self.flush;
                if let Some(Engine::Deflate(d)) = &mut self.engine {
                    self.err = d.deflate(&mut io, flush);
                }
            }
            MODE_UNZIP | MODE_INFLATE | MODE_GUNZIP | MODE_INFLATERAW => {
                if self.mode == MODE_UNZIP && io.avail_in() > 0 {
                    let mut at = 0;
                    if self.gzip_id_bytes_read == 0 {
                        if input[0] == 0x1f {
                            self.gzip_id_bytes_read = 1;
                            at = 1;
                        } else {
                            self.mode = MODE_INFLATE;
                        }
                    }
                    if self.mode == MODE_UNZIP && self.gzip_id_bytes_read == 1 && at < input.len() {
                        if input[at] == 0x8b {
                            self.gzip_id_bytes_read = 2;
                            self.mode = MODE_GUNZIP;
                        } else {
                            self.mode = MODE_INFLATE;
                        }
                    }
                }
                self.err = self.inflate(&mut io);
                if self.mode != MODE_INFLATERAW && self.err == Z_NEED_DICT && !self.dictionary.is_empty() {
                    let dictionary = self.dictionary.clone();
                    if let Some(Engine::Inflate(i)) = &mut self.engine {
                        self.err = i.set_dictionary(&dictionary);
                    }
                    if self.err == Z_OK {
                        self.err = self.inflate(&mut io);
                    } else if self.err == Z_DATA_ERROR {
                        self.err = Z_NEED_DICT;
                    }
                }
                while io.avail_in() > 0
                    && self.mode == MODE_GUNZIP
                    && self.err == Z_STREAM_END
                    && io.input[io.next_in] != 0
                {
                    drop(self.reset());
                    self.err = self.inflate(&mut io);
                }
            }
            _ => {}
        }
        self.avail_in = io.avail_in();
        self.avail_out = io.avail_out();
        (io.next_in, io.next_out)
    }

    fn is_stream_end(&self) -> bool {
        self.err == Z_STREAM_END
    }
}

// ---------------------------------------------------------------------------------------
// Brotli (the brotli crate: a Rust port of Google's encoder and decoder)
// ---------------------------------------------------------------------------------------

type BrotliEncoderState = brotli::enc::encode::BrotliEncoderStateStruct<brotli::enc::StandardAlloc>;
type BrotliDecoderState =
    brotli::BrotliState<brotli::enc::StandardAlloc, brotli::enc::StandardAlloc, brotli::enc::StandardAlloc>;

/// The name `BrotliDecoderErrorString` gives an error code, as in Google's decoder.
fn brotli_error_name(code: i32) -> &'static str {
    match code {
        0 => "_NO_ERROR",
        1 => "_SUCCESS",
        2 => "_NEEDS_MORE_INPUT",
        3 => "_NEEDS_MORE_OUTPUT",
        -1 => "_ERROR_FORMAT_EXUBERANT_NIBBLE",
        -2 => "_ERROR_FORMAT_RESERVED",
        -3 => "_ERROR_FORMAT_EXUBERANT_META_NIBBLE",
        -4 => "_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET",
        -5 => "_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME",
        -6 => "_ERROR_FORMAT_CL_SPACE",
        -7 => "_ERROR_FORMAT_HUFFMAN_SPACE",
        -8 => "_ERROR_FORMAT_CONTEXT_MAP_REPEAT",
        -9 => "_ERROR_FORMAT_BLOCK_LENGTH_1",
        -10 => "_ERROR_FORMAT_BLOCK_LENGTH_2",
        -11 => "_ERROR_FORMAT_TRANSFORM",
        -12 => "_ERROR_FORMAT_DICTIONARY",
        -13 => "_ERROR_FORMAT_WINDOW_BITS",
        -14 => "_ERROR_FORMAT_PADDING_1",
        -15 => "_ERROR_FORMAT_PADDING_2",
        -16 => "_ERROR_FORMAT_DISTANCE",
        -18 => "_ERROR_COMPOUND_DICTIONARY",
        -19 => "_ERROR_DICTIONARY_NOT_SET",
        -20 => "_ERROR_INVALID_ARGUMENTS",
        -21 => "_ERROR_ALLOC_CONTEXT_MODES",
        -22 => "_ERROR_ALLOC_TREE_GROUPS",
        -25 => "_ERROR_ALLOC_CONTEXT_MAP",
        -26 => "_ERROR_ALLOC_RING_BUFFER_1",
        -27 => "_ERROR_ALLOC_RING_BUFFER_2",
        -30 => "_ERROR_ALLOC_BLOCK_TYPE_TREES",
        -31 => "_ERROR_UNREACHABLE",
        _ => "INVALID",
    }
}

enum BrotliEngine {
    Encode { state: Box<BrotliEncoderState>, ok: bool, finished: bool },
    Decode { state: Box<BrotliDecoderState>, result: i32, error: i32 },
}

/// workerd's `BrotliEncoderContext` and `BrotliDecoderContext`.
struct BrotliContext {
    engine: BrotliEngine,
    flush: i32,
    avail_in: usize,
    avail_out: usize,
}

const BROTLI_RESULT_ERROR: i32 = 0;
const BROTLI_RESULT_SUCCESS: i32 = 1;
const BROTLI_RESULT_NEEDS_MORE_INPUT: i32 = 2;

impl BrotliContext {
    fn new(encode: bool) -> BrotliContext {
        let engine = if encode {
            BrotliEngine::Encode {
                state: Box::new(BrotliEncoderState::new(brotli::enc::StandardAlloc::default())),
                ok: true,
                finished: false,
            }
        } else {
            let alloc = brotli::enc::StandardAlloc::default;
            BrotliEngine::Decode {
                state: Box::new(BrotliDecoderState::new(alloc(), alloc(), alloc())),
                result: BROTLI_RESULT_NEEDS_MORE_INPUT,
                error: 0,
            }
        };
        BrotliContext { engine, flush: 0, avail_in: 0, avail_out: 0 }
    }

    fn reset(&mut self) {
        let encode = matches!(self.engine, BrotliEngine::Encode { .. });
        self.engine = BrotliContext::new(encode).engine;
    }

    /// `BrotliEncoderSetParameter` / `BrotliDecoderSetParameter`.
    fn set_param(&mut self, key: u32, value: u32) -> Option<Failure> {
        use brotli::enc::encode::BrotliEncoderParameter as P;
        let ok = match &mut self.engine {
            BrotliEngine::Encode { state, .. } => {
                let param = match key {
                    0 => Some(P::BROTLI_PARAM_MODE),
                    1 => Some(P::BROTLI_PARAM_QUALITY),
                    2 => Some(P::BROTLI_PARAM_LGWIN),
                    3 => Some(P::BROTLI_PARAM_LGBLOCK),
                    4 => Some(P::BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING),
                    5 => Some(P::BROTLI_PARAM_SIZE_HINT),
                    6 => Some(P::BROTLI_PARAM_LARGE_WINDOW),
                    _ => None,
                };
                match (param, key) {
                    (Some(param), _) => state.set_parameter(param, value),
                    // NPOSTFIX and NDIRECT, which the port's `set_parameter` does not name:
                    // set where Google's encoder keeps them.
                    (None, 7) => {
                        state.params.dist.distance_postfix_bits = value;
                        true
                    }
                    (None, 8) => {
                        state.params.dist.num_direct_distance_codes = value;
                        true
                    }
                    _ => false,
                }
            }
            BrotliEngine::Decode { state, .. } => match key {
                0 => true,
                1 => {
                    state.large_window = value != 0;
                    true
                }
                _ => false,
            },
        };
        (!ok).then(|| Failure::new("Setting parameter failed", "ERR_BROTLI_PARAM_SET_FAILED", -1))
    }

    fn work(&mut self, input: &[u8], output: &mut [u8]) -> (usize, usize) {
        let (mut avail_in, mut in_off) = (input.len(), 0usize);
        let (mut avail_out, mut out_off) = (output.len(), 0usize);
        match &mut self.engine {
            BrotliEngine::Encode { state, ok, finished } => {
                use brotli::enc::encode::BrotliEncoderOperation as Op;
                let op = match self.flush {
                    1 => Op::BROTLI_OPERATION_FLUSH,
                    2 => Op::BROTLI_OPERATION_FINISH,
                    3 => Op::BROTLI_OPERATION_EMIT_METADATA,
                    _ => Op::BROTLI_OPERATION_PROCESS,
                };
                let mut total = None;
                *ok = state.compress_stream(
                    op,
                    &mut avail_in,
                    input,
                    &mut in_off,
                    &mut avail_out,
                    output,
                    &mut out_off,
                    &mut total,
                    &mut |_, _, _, _| (),
                );
                *finished = *ok && state.is_finished();
            }
            BrotliEngine::Decode { state, result, error } => {
                let mut total = 0usize;
                let r = brotli::BrotliDecompressStream(
                    &mut avail_in,
                    &mut in_off,
                    input,
                    &mut avail_out,
                    &mut out_off,
                    output,
                    &mut total,
                    state,
                );
                *result = match r {
                    brotli::BrotliResult::ResultFailure => BROTLI_RESULT_ERROR,
                    brotli::BrotliResult::ResultSuccess => BROTLI_RESULT_SUCCESS,
                    brotli::BrotliResult::NeedsMoreInput => BROTLI_RESULT_NEEDS_MORE_INPUT,
                    brotli::BrotliResult::NeedsMoreOutput => 3,
                };
                if *result == BROTLI_RESULT_ERROR {
                    *error = state.error_code as i32;
                    // The port reports a metablock header's non-zero padding with the code
                    // Google's decoder gives the stream's final padding (PADDING_2).
                    if *error == -15 && format!("{:?}", state.state) == "BROTLI_STATE_METABLOCK_HEADER" {
                        *error = -14;
                    }
                }
            }
        }
        self.avail_in = avail_in;
        self.avail_out = avail_out;
        (in_off, out_off)
    }

    fn error(&self) -> Option<Failure> {
        match &self.engine {
            BrotliEngine::Encode { ok, .. } => {
                (!ok).then(|| Failure::new("Compression failed", "ERR_BROTLI_COMPRESSION_FAILED", -1))
            }
            BrotliEngine::Decode { result, error, .. } => {
                if *error != 0 {
                    let code = format!("ERR_{}", brotli_error_name(*error));
                    return Some(Failure { message: "Compression failed".to_string(), code, errno: -1 });
                }
                (self.flush == 2 && *result == BROTLI_RESULT_NEEDS_MORE_INPUT)
                    .then(|| Failure::new("Unexpected end of file", "Z_BUF_ERROR", Z_BUF_ERROR))
            }
        }
    }

    fn is_stream_end(&self) -> bool {
        match &self.engine {
            BrotliEngine::Encode { finished, .. } => *finished,
            BrotliEngine::Decode { result, .. } => *result == BROTLI_RESULT_SUCCESS,
        }
    }
}

/// Either kind of context, for the code they share.
enum Context2 {
    Zlib(ZlibContext),
    Brotli(BrotliContext),
}

impl Context2 {
    fn set_flush(&mut self, flush: i32) {
        match self {
            Context2::Zlib(z) => z.flush = flush,
            Context2::Brotli(b) => b.flush = flush,
        }
    }
    fn work(&mut self, input: &[u8], output: &mut [u8]) -> (usize, usize) {
        match self {
            Context2::Zlib(z) => z.work(input, output),
            Context2::Brotli(b) => b.work(input, output),
        }
    }
    fn error(&self) -> Option<Failure> {
        match self {
            Context2::Zlib(z) => z.error(),
            Context2::Brotli(b) => b.error(),
        }
    }
    fn avail(&self) -> (usize, usize) {
        match self {
            Context2::Zlib(z) => (z.avail_in, z.avail_out),
            Context2::Brotli(b) => (b.avail_in, b.avail_out),
        }
    }
    fn is_stream_end(&self) -> bool {
        match self {
            Context2::Zlib(z) => z.is_stream_end(),
            Context2::Brotli(b) => b.is_stream_end(),
        }
    }
}

/// Why a one-shot call failed: a RangeError (limits) or an Error (the data).
#[derive(Debug)]
enum SyncError {
    Range(String),
    Plain(String),
}

/// workerd's `syncProcessBuffer`: runs `ctx` over all of `input` into a buffer that grows
/// a chunk at a time up to `max_output`.
fn process_sync(ctx: &mut Context2, input: &[u8], max_output: usize) -> Result<Vec<u8>, SyncError> {
    let chunk = PERFORMANT_CHUNK.min(max_output);
    let mut out: Vec<u8> = Vec::new();
    let mut capacity = chunk;
    let mut consumed = 0;
    loop {
        let need = out.len() + chunk;
        if need > capacity {
            if need > max_output {
                return Err(SyncError::Range("Memory limit exceeded".to_string()));
            }
            capacity = max_output.min(need.max(capacity * 2));
        }
        let size = out.len();
        out.resize(capacity, 0);
        let (read, written) = ctx.work(&input[consumed..], &mut out[size..]);
        consumed += read;
        if let Some(failure) = ctx.error() {
            return Err(SyncError::Plain(failure.message));
        }
        out.truncate(size + written);
        let (_, avail_out) = ctx.avail();
        if avail_out == 0 && out.len() >= max_output {
            if !ctx.is_stream_end() {
                return Err(SyncError::Range("Memory limit exceeded".to_string()));
            }
            break;
        }
        if avail_out != 0 {
            break;
        }
    }
    Ok(out)
}
// ---------------------------------------------------------------------------------------
// The door from JavaScript: `host.zlib(op, args)`
// ---------------------------------------------------------------------------------------

/// The bytes of a string (UTF-8), an `ArrayBuffer` or a view; `None` for anything else.
fn bytes_of(value: &JsValue, context: &mut Context) -> JsResult<Option<Vec<u8>>> {
    if let Some(text) = value.as_string() {
        return Ok(Some(wtf8(&text.to_vec())));
    }
    let Some(object) = value.as_object() else { return Ok(None) };
    if let Ok(buffer) = JsArrayBuffer::from_object(object.clone()) {
        return Ok(Some(buffer.data().map(|d| d.to_vec()).unwrap_or_default()));
    }
    let (buffer, offset, length) = if let Ok(view) = JsTypedArray::from_object(object.clone()) {
        (view.buffer(context)?, view.byte_offset(context)?, view.byte_length(context)?)
    } else if let Ok(view) = JsDataView::from_object(object.clone()) {
        (view.buffer(context)?, view.byte_offset(context)? as usize, view.byte_length(context)? as usize)
    } else {
        return Ok(None);
    };
    let buffer = buffer.as_object().and_then(|b| JsArrayBuffer::from_object(b.clone()).ok());
    Ok(Some(
        buffer
            .and_then(|b| b.data().and_then(|d| d.get(offset..offset + length).map(<[u8]>::to_vec)))
            .unwrap_or_default(),
    ))
}

/// A string's bytes as workerd takes them: UTF-8, with a lone surrogate written as the
/// three bytes of its code unit (WTF-8), not replaced.
fn wtf8(units: &[u16]) -> Vec<u8> {
    let mut out = Vec::with_capacity(units.len());
    for unit in char::decode_utf16(units.iter().copied()) {
        match unit {
            Ok(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            Err(lone) => {
                let u = lone.unpaired_surrogate();
                out.extend_from_slice(&[
                    0xe0 | (u >> 12) as u8,
                    0x80 | ((u >> 6) & 0x3f) as u8,
                    0x80 | (u & 0x3f) as u8,
                ]);
            }
        }
    }
    out
}

fn arg(args: &[JsValue], n: usize) -> JsValue {
    args.get(n).cloned().unwrap_or_default()
}

fn int_arg(args: &[JsValue], n: usize, context: &mut Context) -> JsResult<i32> {
    arg(args, n).to_i32(context)
}

fn input_arg(args: &[JsValue], n: usize, method: &str, context: &mut Context) -> JsResult<Vec<u8>> {
    let Some(bytes) = bytes_of(&arg(args, n), context)? else {
        return Err(js_error!(
            TypeError: "Failed to execute '{}' on 'ZlibUtil': parameter {} is not of type 'string or ArrayBuffer or ArrayBufferView'.",
            method,
            n + 1
        ));
    };
    if bytes.len() >= Z_MAX_CHUNK {
        return Err(js_error!(RangeError: "Memory limit exceeded"));
    }
    Ok(bytes)
}

fn array_buffer(bytes: Vec<u8>, context: &mut Context) -> JsResult<JsValue> {
    JsUint8Array::from_iter(bytes, context)?.buffer(context)
}

fn sync_result(result: Result<Vec<u8>, SyncError>, context: &mut Context) -> JsResult<JsValue> {
    match result {
        Ok(bytes) => array_buffer(bytes, context),
        Err(SyncError::Range(message)) => Err(JsNativeError::range().with_message(message).into()),
        Err(SyncError::Plain(message)) => Err(JsNativeError::error().with_message(message).into()),
    }
}

fn failure_value(failure: &Failure, context: &mut Context) -> JsValue {
    JsArray::from_iter(
        [
            JsValue::from(failure.errno),
            JsString::from(failure.code.as_str()).into(),
            JsString::from(failure.message.as_str()).into(),
        ],
        context,
    )
    .into()
}

/// `[key, value]` pairs of Brotli parameters.
fn brotli_params(value: &JsValue, context: &mut Context) -> JsResult<Vec<(u32, u32)>> {
    let Some(object) = value.as_object() else { return Ok(Vec::new()) };
    let length = object.get(js_string!("length"), context)?.to_length(context)?;
    let mut params = Vec::new();
    for i in 0..length {
        let pair = object.get(i, context)?;
        let Some(pair) = pair.as_object() else { continue };
        let key = pair.get(0, context)?.to_u32(context)?;
        let value = pair.get(1, context)?.to_u32(context)?;
        params.push((key, value));
    }
    Ok(params)
}

/// Calls `check`, the caller's checks that workerd makes after the parameters' own.
fn run_check(check: &JsValue, context: &mut Context) -> JsResult<()> {
    if let Some(check) = check.as_callable() {
        check.call(&JsValue::undefined(), &[], context)?;
    }
    Ok(())
}

/// `zlibSync(data, mode, level, windowBits, memLevel, strategy, dictionary, finishFlush,
/// maxOutputLength, check)`: a one-shot zlib operation (workerd's `ZlibUtil::zlibSync`).
fn zlib_sync(args: &[JsValue], method: &str, context: &mut Context) -> JsResult<JsValue> {
    let input = input_arg(args, 0, method, context)?;
    let mode = int_arg(args, 1, context)?;
    let (level, window_bits) = (int_arg(args, 2, context)?, int_arg(args, 3, context)?);
    let (mem_level, strategy) = (int_arg(args, 4, context)?, int_arg(args, 5, context)?);
    let dictionary = bytes_of(&arg(args, 6), context)?;
    let finish_flush = int_arg(args, 7, context)?;
    let max_output = arg(args, 8).to_number(context)? as usize;
    let mut ctx = ZlibContext::new(mode);
    if let Err((range, message)) = ctx.initialize(level, window_bits, mem_level, strategy, dictionary) {
        let error = if range { JsNativeError::range() } else { JsNativeError::error() };
        return Err(error.with_message(message).into());
    }
    run_check(&arg(args, 9), context)?;
    ctx.flush = finish_flush;
    let mut ctx = Context2::Zlib(ctx);
    sync_result(process_sync(&mut ctx, &input, max_output), context)
}

/// `brotliSync(data, encode, params, finishFlush, maxOutputLength, check)`.
fn brotli_sync(args: &[JsValue], method: &str, context: &mut Context) -> JsResult<JsValue> {
    let input = input_arg(args, 0, method, context)?;
    let encode = arg(args, 1).to_boolean();
    let params = brotli_params(&arg(args, 2), context)?;
    let finish_flush = int_arg(args, 3, context)?;
    let max_output = arg(args, 4).to_number(context)? as usize;
    let mut ctx = BrotliContext::new(encode);
    for (key, value) in params {
        if let Some(failure) = ctx.set_param(key, value) {
            return Err(JsNativeError::error().with_message(failure.message).into());
        }
    }
    run_check(&arg(args, 5), context)?;
    ctx.flush = finish_flush;
    let mut ctx = Context2::Brotli(ctx);
    sync_result(process_sync(&mut ctx, &input, max_output), context)
}

/// A stream's context, shared by the functions of its handle.
#[derive(Clone, Trace, Finalize)]
struct Shared(#[unsafe_ignore_trace] Rc<RefCell<Handle>>);

struct Handle {
    ctx: Context2,
    closed: bool,
}

type Method = fn(&Shared, &[JsValue], &mut Context) -> JsResult<JsValue>;

/// `write(flush, input, outLength)`: one call on the stream, as workerd's `write`: `[availOut,
/// availIn, output]`, or `[errno, code, message]` in an object `{ error }` on failure.
fn handle_write(shared: &Shared, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let flush = int_arg(args, 0, context)?;
    if !(0..=5).contains(&flush) {
        return Err(js_error!("Invalid flush value"));
    }
    let input = bytes_of(&arg(args, 1), context)?.unwrap_or_default();
    let out_len = arg(args, 2).to_number(context)? as usize;
    let mut handle = shared.0.borrow_mut();
    if handle.closed {
        return Err(js_error!("Already finalized"));
    }
    let mut output = vec![0u8; out_len];
    handle.ctx.set_flush(flush);
    let (_, written) = handle.ctx.work(&input, &mut output);
    let failure = handle.ctx.error();
    let (avail_in, avail_out) = handle.ctx.avail();
    drop(handle);
    if let Some(failure) = failure {
        let error = failure_value(&failure, context);
        let result = ObjectInitializer::new(context).property(js_string!("error"), error, Attribute::all()).build();
        return Ok(result.into());
    }
    output.truncate(written);
    let output = array_buffer(output, context)?;
    Ok(JsArray::from_iter([JsValue::from(avail_out as u32), JsValue::from(avail_in as u32), output], context).into())
}

/// `init(...)`: for zlib `(windowBits, level, memLevel, strategy, dictionary)`, which throws
/// workerd's errors; for Brotli `(params)`, false when a parameter is refused.
fn handle_init(shared: &Shared, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let mut handle = shared.0.borrow_mut();
    match &mut handle.ctx {
        Context2::Zlib(ctx) => {
            let (window_bits, level) = (int_arg(args, 0, context)?, int_arg(args, 1, context)?);
            let (mem_level, strategy) = (int_arg(args, 2, context)?, int_arg(args, 3, context)?);
            let dictionary = bytes_of(&arg(args, 4), context)?;
            if let Err((range, message)) = ctx.initialize(level, window_bits, mem_level, strategy, dictionary) {
                let error = if range { JsNativeError::range() } else { JsNativeError::error() };
                return Err(error.with_message(message).into());
            }
            Ok(JsValue::undefined())
        }
        Context2::Brotli(ctx) => {
            for (key, value) in brotli_params(&arg(args, 0), context)? {
                if ctx.set_param(key, value).is_some() {
                    return Ok(false.into());
                }
            }
            Ok(true.into())
        }
    }
}

fn handle_reset(shared: &Shared, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let failure = match &mut shared.0.borrow_mut().ctx {
        Context2::Zlib(ctx) => ctx.reset(),
        Context2::Brotli(ctx) => {
            ctx.reset();
            None
        }
    };
    Ok(failure.map(|f| failure_value(&f, context)).unwrap_or_default())
}

/// `params(level, strategy)`: the failure the change leaves, if any.
fn handle_params(shared: &Shared, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let (level, strategy) = (int_arg(args, 0, context)?, int_arg(args, 1, context)?);
    let failure = match &mut shared.0.borrow_mut().ctx {
        Context2::Zlib(ctx) => {
            drop(ctx.params(level, strategy));
            ctx.error()
        }
        Context2::Brotli(_) => None,
    };
    Ok(failure.map(|f| failure_value(&f, context)).unwrap_or_default())
}

fn handle_close(shared: &Shared, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    shared.0.borrow_mut().closed = true;
    Ok(JsValue::undefined())
}

/// `stream(mode)`: a handle `{ init, write, reset, params, close }` on a new context.
fn new_stream(args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let mode = int_arg(args, 0, context)?;
    let ctx = match mode {
        MODE_DEFLATE..=MODE_UNZIP => Context2::Zlib(ZlibContext::new(mode)),
        MODE_BROTLI_DECODE => Context2::Brotli(BrotliContext::new(false)),
        MODE_BROTLI_ENCODE => Context2::Brotli(BrotliContext::new(true)),
        _ => return Err(js_error!(TypeError: "Invalid zlib mode")),
    };
    let shared = Shared(Rc::new(RefCell::new(Handle { ctx, closed: false })));
    let methods: [(&str, Method); 5] = [
        ("init", handle_init),
        ("write", handle_write),
        ("reset", handle_reset),
        ("params", handle_params),
        ("close", handle_close),
    ];
    let mut object = ObjectInitializer::new(context);
    for (name, method) in methods {
        let function = NativeFunction::from_copy_closure_with_captures(
            move |_, args, shared: &Shared, context| method(shared, args, context),
            shared.clone(),
        );
        object.function(function, JsString::from(name), 0);
    }
    Ok(object.build().into())
}

/// `host.zlib(op, args)`: runs zlib operation `op` (a string) with the arguments in the
/// array `args`.
pub(crate) fn host_zlib(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let op = arg(args, 0).to_string(context)?.to_std_string_escaped();
    let list = arg(args, 1);
    let mut rest = Vec::new();
    if let Some(object) = list.as_object() {
        let length = object.get(js_string!("length"), context)?.to_length(context)?;
        for i in 0..length {
            rest.push(object.get(i, context)?);
        }
    }
    let method = arg(args, 2).to_string(context)?.to_std_string_escaped();
    match op.as_str() {
        "crc32" => {
            let input = input_arg(&rest, 0, "crc32", context)?;
            let value = arg(&rest, 1).to_u32(context)?;
            Ok(JsValue::from(crc32(value, &input)))
        }
        "zlibSync" => zlib_sync(&rest, &method, context),
        "brotliSync" => brotli_sync(&rest, &method, context),
        "stream" => new_stream(&rest, context),
        "isInput" => Ok(bytes_of(&arg(&rest, 0), context)?.is_some().into()),
        _ => Err(js_error!(TypeError: "host.zlib: unknown operation {}", op)),
    }
}
