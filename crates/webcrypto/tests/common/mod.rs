//! Test harness: a plain boa `Context` with `crypto.subtle` installed, and `run`, which
//! evaluates an async function body, runs the job queue, and reads the settled promise.

pub(crate) mod wycheproof;

use boa_engine::builtins::promise::PromiseState;
use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::JsPromise;
use boa_engine::property::Attribute;
use boa_engine::{Context, Source, js_string};
use std::cell::Cell;

thread_local! {
    /// The stand-in stream's position; each test thread starts its own stream at 0.
    static STREAM_POSITION: Cell<u64> = const { Cell::new(0) };
}

/// A stand-in for the schedule's seeded stream: a xorshift sequence, repeatable per thread.
fn stream_random(_: &mut Context, bytes: &mut [u8]) {
    for byte in bytes.iter_mut() {
        let position = STREAM_POSITION.get().wrapping_add(1);
        STREAM_POSITION.set(position);
        let mut x = position.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        x ^= x >> 29;
        *byte = (x.wrapping_mul(0xbf58_476d_1ce4_e5b9) >> 56) as u8;
    }
}

const PRELUDE: &str = r#"
function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}
function unhex(text) {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(2 * i, 2), 16);
  return out;
}
function ascii(text) {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
function b64u(h) {
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const bytes = unhex(h);
  let bits = 0, value = 0, out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte; bits += 8;
    while (bits >= 6) { out += abc[(value >> (bits - 6)) & 63]; bits -= 6; }
  }
  if (bits > 0) out += abc[(value << (6 - bits)) & 63];
  return out;
}
const subtle = crypto.subtle;
"#;

/// A fresh context with `crypto.subtle`, `CryptoKey` and the helpers `hex`, `unhex`, `ascii`, `b64u`.
pub(crate) fn context() -> Context {
    STREAM_POSITION.set(0);
    let mut context = Context::default();
    let crypto = ObjectInitializer::new(&mut context).build();
    context.register_global_property(js_string!("crypto"), crypto.clone(), Attribute::all()).expect("crypto global");
    crosstalk_webcrypto::register(&mut context, &crypto, stream_random).expect("register");
    let crypto_key = crosstalk_webcrypto::crypto_key_class(&mut context).expect("CryptoKey class");
    context.register_global_property(js_string!("CryptoKey"), crypto_key, Attribute::all()).expect("CryptoKey global");
    context.eval(Source::from_bytes(PRELUDE)).expect("prelude");
    context
}

/// Runs `body` as an async function body. `Ok(String(result))`, or `Err("Name: message")`
/// when it throws or awaits a rejected promise.
pub(crate) fn run(body: &str) -> Result<String, String> {
    let mut context = context();
    let script = format!(
        "(async () => {{ {body} \n}})().then((v) => 'ok:' + String(v), (e) => 'err:' + e.name + ': ' + e.message)"
    );
    let value = context.eval(Source::from_bytes(&script)).map_err(|e| format!("eval: {e}"))?;
    context.run_jobs().map_err(|e| format!("jobs: {e}"))?;
    let promise = value.as_object().and_then(|o| JsPromise::from_object(o.clone()).ok()).ok_or("not a promise")?;
    let PromiseState::Fulfilled(result) = promise.state() else { return Err("promise not settled".into()) };
    let text = result.as_string().ok_or("not a string")?.to_std_string_escaped();
    match text.strip_prefix("ok:") {
        Some(ok) => Ok(ok.to_owned()),
        None => Err(text.strip_prefix("err:").unwrap_or(&text).to_owned()),
    }
}

/// `run`, expecting success.
pub(crate) fn ok(body: &str) -> String {
    run(body).unwrap_or_else(|e| panic!("script failed: {e}\n{body}"))
}

/// `run`, expecting a rejection; returns the error name.
pub(crate) fn error_name(body: &str) -> String {
    let error = run(body).err().unwrap_or_else(|| panic!("script succeeded but should fail:\n{body}"));
    error.split(':').next().unwrap_or_default().to_owned()
}
