//! The native half of `node:zlib` (`host/web/node_zlib.js`): compression and checksums
//! over flate2, reached through one door, `host.zlib(op, args)`.

use boa_engine::{Context, JsResult, JsValue, js_error};

/// `host.zlib(op, args)`: runs zlib operation `op` (a string) with the arguments in the
/// array `args`.
pub(crate) fn host_zlib(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let op = args.first().cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped();
    Err(js_error!(TypeError: "host.zlib: unknown operation {}", op))
}
