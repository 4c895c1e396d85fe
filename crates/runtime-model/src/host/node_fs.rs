//! The native half of `node:fs` (`host/web/node_fs.js`): the virtual file system workerd
//! gives a worker, reached through one door, `host.fs(op, args)`.

use boa_engine::{Context, JsResult, JsValue, js_error};

/// `host.fs(op, args)`: runs file-system operation `op` (a string) with the arguments in
/// the array `args`.
pub(crate) fn host_fs(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let op = args.first().cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped();
    Err(js_error!(TypeError: "host.fs: unknown operation {}", op))
}
