//! The Web platform real workers use (issue #14): Headers, bodies, streams, Blob and
//! FormData, events and AbortSignal, URL, encodings. Each expected value is what the
//! standard (Fetch, Streams, File API, DOM, URL, Encoding) gives, which workerd follows.

mod common;

use common::*;
use crosstalk_runtime::{Model, MsRange, RequestSpec};

const URL: &str = "https://worker.example/path?a=1&b=two";

/// The body the worker answers one GET with.
fn answer(script: &str) -> String {
    let mut model = Model::module("worker.mjs", script).with_requests(URL, MsRange::fixed(0), 1);
    model.origins.push(origin("https://origin.example/", MsRange::fixed(5), "from the origin"));
    let run = run_seed(&model, 1);
    let request = &run.requests[0];
    request.body.clone().unwrap_or_else(|| format!("no body: {request:?}"))
}

/// The body the worker answers a POST of `body` (with `content_type`) with.
fn answer_post(script: &str, body: &str, content_type: &str) -> String {
    let mut model = Model::module("worker.mjs", script);
    model.requests.push(RequestSpec {
        method: "POST".to_string(),
        headers: vec![("content-type".to_string(), content_type.to_string())],
        body: Some(body.to_string()),
        ..RequestSpec::get(URL, 0)
    });
    let run = run_seed(&model, 1);
    let request = &run.requests[0];
    request.body.clone().unwrap_or_else(|| format!("no body: {request:?}"))
}

#[test]
fn headers_iterate_sorted_by_lowercase_name_with_values_combined() {
    let body = answer(
        r#"export default { async fetch() {
            const h = new Headers([['b', '1'], ['A', '2'], ['B', '3'], ['Set-Cookie', 'x=1'], ['set-cookie', 'y=2']]);
            const seen = [];
            h.forEach((value, name) => seen.push(name + '=' + value));
            return new Response(JSON.stringify([[...h], [...h.keys()], [...h.values()], seen, h.getSetCookie(),
              Object.fromEntries(new Headers({ z: '1', y: '2' }))]));
        } };"#,
    );
    assert_eq!(
        body,
        r#"[[["a","2"],["b","1, 3"],["set-cookie","x=1"],["set-cookie","y=2"]],["a","b","set-cookie","set-cookie"],["2","1, 3","x=1","y=2"],["a=2","b=1, 3","set-cookie=x=1","set-cookie=y=2"],["x=1","y=2"],{"y":"2","z":"1"}]"#
    );
}

#[test]
fn incoming_request_headers_iterate_and_carry_host() {
    let body = answer(
        r#"export default { async fetch(request) {
            return new Response(JSON.stringify(Object.fromEntries(request.headers)));
        } };"#,
    );
    assert_eq!(body, r#"{"host":"worker.example"}"#);
}

#[test]
fn a_post_body_is_a_readable_stream_of_its_bytes() {
    let body = answer_post(
        r#"export default { async fetch(request) {
            const before = request.bodyUsed;
            const reader = request.body.getReader();
            let text = '';
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              text += new TextDecoder().decode(value);
            }
            return new Response([before, request.bodyUsed, text].join('|'));
        } };"#,
        "hello body",
        "text/plain",
    );
    assert_eq!(body, "false|true|hello body");
}

#[test]
fn a_worker_made_readable_stream_is_a_response_body() {
    let body = answer(
        r#"export default { async fetch() {
            const encoder = new TextEncoder();
            let n = 0;
            const stream = new ReadableStream({
              start(controller) { controller.enqueue(encoder.encode('start,')); },
              pull(controller) {
                n += 1;
                if (n > 3) { controller.close(); return; }
                return new Promise((resolve) => setTimeout(() => { controller.enqueue(encoder.encode('chunk' + n + ',')); resolve(); }, 10));
              },
            });
            return new Response(stream, { headers: { 'content-type': 'text/plain' } });
        } };"#,
    );
    assert_eq!(body, "start,chunk1,chunk2,chunk3,");
}

#[test]
fn a_response_streams_through_a_transform_stream() {
    let body = answer(
        r#"export default { async fetch() {
            const upper = new TransformStream({
              transform(chunk, controller) { controller.enqueue(chunk.toUpperCase()); },
              flush(controller) { controller.enqueue('!'); },
            });
            const source = new ReadableStream({ start(c) { c.enqueue('hello '); c.enqueue('world'); c.close(); } });
            const body = source.pipeThrough(upper).pipeThrough(new TextEncoderStream());
            return new Response(body);
        } };"#,
    );
    assert_eq!(body, "HELLO WORLD!");
}

#[test]
fn a_subrequest_body_passes_through_a_new_response() {
    let body = answer(
        r#"export default { async fetch() {
            const res = await fetch('https://origin.example/');
            const copy = new Response(res.body, res);
            return new Response([copy.status, res.bodyUsed || res.body.locked, await copy.text()].join('|'));
        } };"#,
    );
    assert_eq!(body, "200|true|from the origin");
}

#[test]
fn reading_a_worker_stream_as_text_json_and_bytes() {
    let body = answer(
        r#"export default { async fetch() {
            const make = (s) => new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(s)); c.close(); } }));
            const a = make('{"k":[1,2]}');
            const json = await a.json();
            const used = a.bodyUsed;
            let again;
            try { await a.text(); } catch (e) { again = e.constructor.name; }
            const bytes = await make('xyz').bytes();
            const [one, two] = [make('tee'), null];
            const clone = one.clone();
            return new Response([JSON.stringify(json), used, again, bytes.length, await one.text(), await clone.text()].join('|'));
        } };"#,
    );
    assert_eq!(body, r#"{"k":[1,2]}|true|TypeError|3|tee|tee"#);
}

#[test]
fn a_stream_chunk_that_is_not_bytes_fails_the_body_read() {
    let body = answer(
        r#"export default { async fetch() {
            const r = new Response(new ReadableStream({ start(c) { c.enqueue('text, not bytes'); c.close(); } }));
            try { await r.text(); return new Response('read'); } catch (e) { return new Response(e.name); }
        } };"#,
    );
    assert_eq!(body, "TypeError");
}

#[test]
fn streams_tee_async_iteration_and_queuing_strategies() {
    let body = answer(
        r#"export default { async fetch() {
            const source = ReadableStream.from(['a', 'b', 'c']);
            const [left, right] = source.tee();
            const seen = [];
            for await (const chunk of left) seen.push(chunk);
            const reader = right.getReader();
            const first = await reader.read();
            const count = new CountQueuingStrategy({ highWaterMark: 3 });
            const bytes = new ByteLengthQueuingStrategy({ highWaterMark: 16 });
            return new Response([seen.join(''), first.value, first.done, count.highWaterMark, count.size('anything'),
              bytes.size(new Uint8Array(5))].join('|'));
        } };"#,
    );
    assert_eq!(body, "abc|a|false|3|1|5");
}

#[test]
fn a_writable_stream_receives_writes_in_order_and_closes() {
    let body = answer(
        r#"export default { async fetch() {
            const log = [];
            const ws = new WritableStream({
              write(chunk) { log.push('write ' + chunk); },
              close() { log.push('close'); },
            });
            const writer = ws.getWriter();
            await writer.write('a');
            await writer.write('b');
            await writer.close();
            const locked = ws.locked;
            await ReadableStream.from(['x', 'y']).pipeTo(new WritableStream({ write(c) { log.push('piped ' + c); } }));
            return new Response([log.join(','), locked].join('|'));
        } };"#,
    );
    assert_eq!(body, "write a,write b,close,piped x,piped y|true");
}

#[test]
fn compression_streams_round_trip_gzip_deflate_and_deflate_raw() {
    let body = answer(
        r#"export default { async fetch() {
            const text = 'crosstalk '.repeat(50);
            const out = [];
            for (const format of ['gzip', 'deflate', 'deflate-raw']) {
              const compressed = await new Response(new Response(text).body.pipeThrough(new CompressionStream(format))).arrayBuffer();
              const back = await new Response(new Response(compressed).body.pipeThrough(new DecompressionStream(format))).text();
              out.push(format + ':' + (compressed.byteLength < text.length) + ':' + (back === text));
            }
            let bad;
            try { new CompressionStream('brotli'); } catch (e) { bad = e.name; }
            return new Response(out.join(',') + '|' + bad);
        } };"#,
    );
    assert_eq!(body, "gzip:true:true,deflate:true:true,deflate-raw:true:true|TypeError");
}

#[test]
fn gzip_output_starts_with_the_gzip_magic_bytes() {
    let body = answer(
        r#"export default { async fetch() {
            const bytes = new Uint8Array(await new Response(new Response('x').body.pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
            return new Response([bytes[0], bytes[1], bytes[2]].join(','));
        } };"#,
    );
    // RFC 1952: ID1 = 31, ID2 = 139, CM = 8 (deflate).
    assert_eq!(body, "31,139,8");
}

#[test]
fn text_decoder_is_fatal_streaming_and_knows_every_encoding() {
    let body = answer(
        r#"export default { async fetch() {
            let fatal;
            try { new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff])); } catch (e) { fatal = e.name; }
            const lossy = new TextDecoder().decode(new Uint8Array([0x61, 0xff, 0x62]));
            const euro = new TextEncoder().encode('€');
            const d = new TextDecoder();
            const split = d.decode(euro.subarray(0, 1), { stream: true }) + d.decode(euro.subarray(1), { stream: true }) + d.decode();
            const latin = new TextDecoder('latin1');
            const bom = new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69]));
            let label;
            try { new TextDecoder('no-such-encoding'); } catch (e) { label = e.name; }
            return new Response(JSON.stringify([fatal, lossy, split, latin.encoding, latin.decode(new Uint8Array([0xe9])),
              new TextDecoder('utf-16le').decode(new Uint8Array([0x68, 0, 0x69, 0])), bom, label]));
        } };"#,
    );
    assert_eq!(body, r#"["TypeError","a�b","€","windows-1252","é","hi","hi","RangeError"]"#);
}

#[test]
fn text_encoder_encode_into_reports_units_read_and_bytes_written() {
    let body = answer(
        r#"export default { async fetch() {
            const target = new Uint8Array(5);
            const result = new TextEncoder().encodeInto('a€b', target);
            const small = new TextEncoder().encodeInto('€', new Uint8Array(2));
            return new Response(JSON.stringify([result, Array.from(target), small]));
        } };"#,
    );
    assert_eq!(body, r#"[{"read":3,"written":5},[97,226,130,172,98],{"read":0,"written":0}]"#);
}

#[test]
fn blob_and_file_hold_bytes_type_and_slices() {
    let body = answer(
        r#"export default { async fetch() {
            const blob = new Blob(['héllo', new Uint8Array([33])], { type: 'Text/Plain' });
            const file = new File(['abc'], 'a.txt', { type: 'text/plain' });
            const slice = blob.slice(-3, -1);
            return new Response(JSON.stringify([blob.size, blob.type, await blob.text(), await slice.text(), file.name,
              file.size, file.lastModified === Date.now(), file instanceof Blob, Object.prototype.toString.call(file)]));
        } };"#,
    );
    assert_eq!(body, r#"[7,"text/plain","héllo!","lo","a.txt",3,true,true,"[object File]"]"#);
}

#[test]
fn form_data_round_trips_through_a_multipart_body() {
    let body = answer(
        r#"export default { async fetch() {
            const form = new FormData();
            form.append('name', 'crosstalk');
            form.append('upload', new Blob(['file body'], { type: 'text/plain' }), 'notes.txt');
            form.append('name', 'second');
            const request = new Request('https://worker.example/upload', { method: 'POST', body: form });
            const type = request.headers.get('content-type');
            const parsed = await request.formData();
            const file = parsed.get('upload');
            return new Response(JSON.stringify([type.startsWith('multipart/form-data; boundary='), parsed.getAll('name'),
              file.name, file.type, await file.text(), [...parsed.keys()]]));
        } };"#,
    );
    assert_eq!(body, r#"[true,["crosstalk","second"],"notes.txt","text/plain","file body",["name","upload","name"]]"#);
}

#[test]
fn a_url_encoded_post_parses_as_form_data() {
    let body = answer_post(
        r#"export default { async fetch(request) {
            const form = await request.formData();
            return new Response(JSON.stringify([form.get('q'), form.getAll('tag'), form.has('missing')]));
        } };"#,
        "q=a+b&tag=x&tag=y%21",
        "application/x-www-form-urlencoded",
    );
    assert_eq!(body, r#"["a b",["x","y!"],false]"#);
}

#[test]
fn response_blob_has_the_content_type() {
    let body = answer(
        r#"export default { async fetch() {
            const blob = await new Response('{"a":1}', { headers: { 'content-type': 'application/json' } }).blob();
            return new Response([blob.type, blob.size, await blob.text()].join('|'));
        } };"#,
    );
    assert_eq!(body, r#"application/json|7|{"a":1}"#);
}

#[test]
fn event_target_dispatches_to_listeners_in_order_with_once_and_removal() {
    let body = answer(
        r#"export default { async fetch() {
            const target = new EventTarget();
            const log = [];
            const second = () => log.push('second');
            target.addEventListener('ping', (e) => log.push('first:' + e.type + ':' + (e.target === target)));
            target.addEventListener('ping', second);
            target.addEventListener('ping', () => log.push('once'), { once: true });
            target.dispatchEvent(new Event('ping'));
            target.removeEventListener('ping', second);
            const notCancelled = target.dispatchEvent(new Event('ping', { cancelable: true }));
            target.addEventListener('stop', (e) => e.preventDefault());
            const cancelled = target.dispatchEvent(new Event('stop', { cancelable: true }));
            const custom = new CustomEvent('c', { detail: { n: 1 } });
            return new Response([log.join(','), notCancelled, cancelled, custom.detail.n].join('|'));
        } };"#,
    );
    assert_eq!(body, "first:ping:true,second,once,first:ping:true|true|false|1");
}

#[test]
fn abort_signal_is_an_event_target_and_onabort_fires() {
    let body = answer(
        r#"export default { async fetch() {
            const controller = new AbortController();
            const log = [];
            controller.signal.onabort = (e) => log.push('onabort:' + e.type);
            controller.signal.addEventListener('abort', () => log.push('listener'));
            controller.abort();
            controller.abort();
            const already = AbortSignal.abort('why');
            const any = AbortSignal.any([new AbortController().signal, already]);
            let thrown;
            try { already.throwIfAborted(); } catch (e) { thrown = e; }
            return new Response([log.join(','), controller.signal instanceof EventTarget, already.reason, any.aborted,
              any.reason, thrown].join('|'));
        } };"#,
    );
    assert_eq!(body, "onabort:abort,listener|true|why|true|why|why");
}

#[test]
fn abort_signal_any_follows_the_first_source_to_abort() {
    let body = answer(
        r#"export default { async fetch() {
            const a = new AbortController();
            const b = new AbortController();
            const any = AbortSignal.any([a.signal, b.signal]);
            let fired = 0;
            any.addEventListener('abort', () => { fired += 1; });
            b.abort('b first');
            a.abort('a later');
            return new Response([any.aborted, any.reason, fired].join('|'));
        } };"#,
    );
    assert_eq!(body, "true|b first|1");
}

#[test]
fn dom_exception_has_names_codes_and_is_an_error() {
    let body = answer(
        r#"export default { async fetch() {
            const e = new DOMException('stopped', 'AbortError');
            const plain = new DOMException();
            return new Response(JSON.stringify([e.name, e.message, e.code, e instanceof Error, DOMException.ABORT_ERR,
              plain.name, plain.message, plain.code, new DOMException('t', 'TimeoutError').code,
              Object.prototype.toString.call(e)]));
        } };"#,
    );
    assert_eq!(body, r#"["AbortError","stopped",20,true,20,"Error","",0,23,"[object DOMException]"]"#);
}

#[test]
fn message_channel_delivers_a_copy_as_a_later_task() {
    let body = answer(
        r#"export default { async fetch() {
            const { port1, port2 } = new MessageChannel();
            const log = [];
            const got = new Promise((resolve) => { port2.onmessage = (e) => { log.push('got ' + e.data.n); resolve(e.data); }; });
            const sent = { n: 1 };
            port1.postMessage(sent);
            log.push('posted');
            const data = await got;
            return new Response([log.join(','), data === sent].join('|'));
        } };"#,
    );
    assert_eq!(body, "posted,got 1|false");
}

#[test]
fn url_search_params_are_live_and_take_a_value_in_has_and_delete() {
    let body = answer(
        r#"export default { async fetch(request) {
            const url = new URL(request.url);
            url.searchParams.append('c', '3');
            url.searchParams.set('a', 'x y');
            const same = url.searchParams === url.searchParams;
            const params = new URLSearchParams('k=1&k=2&j=1');
            const has = [params.has('k', '2'), params.has('k', '3')];
            params.delete('k', '1');
            const fromMap = new URLSearchParams(new Map([['m', '1']])).toString();
            const emptied = new URL('https://h.example/?q=1');
            emptied.searchParams.delete('q');
            return new Response([url.href, same, has.join(','), params.toString(), fromMap, emptied.href].join('|'));
        } };"#,
    );
    assert_eq!(body, "https://worker.example/path?a=x+y&b=two&c=3|true|true,false|k=2&j=1|m=1|https://h.example/");
}

#[test]
fn error_capture_stack_trace_gives_the_target_a_stack() {
    let body = answer(
        r#"export default { async fetch() {
            class AppError extends Error {
              constructor(message) { super(message); this.name = 'AppError'; Error.captureStackTrace(this, AppError); }
            }
            const e = new AppError('broken');
            const plain = {};
            Error.captureStackTrace(plain);
            return new Response([typeof Error.captureStackTrace, e.stack.split('\n')[0], plain.stack.split('\n')[0],
              Object.keys(plain).length].join('|'));
        } };"#,
    );
    assert_eq!(body, "function|AppError: broken|Error|0");
}

/// R8 holds for streams: another request's body stream is that request's I/O.
#[test]
fn r8_reading_another_requests_body_stream_is_foreign_io() {
    let script = r#"
        let parked;
        export default { async fetch(request) {
            if (!parked) {
              parked = request.body;
              await new Promise((resolve) => setTimeout(resolve, 100));
              return new Response('first');
            }
            try { await parked.getReader().read(); return new Response('read it'); }
            catch (e) { return new Response(e.message.includes('Cannot perform I/O on behalf of a different request') ? 'foreign' : e.message); }
        } };"#;
    let mut model = Model::module("worker.mjs", script);
    for at in [0, 10] {
        model.requests.push(RequestSpec {
            method: "POST".to_string(),
            body: Some("payload".to_string()),
            ..RequestSpec::get(URL, at)
        });
    }
    let run = run_seed(&model, 1);
    assert_eq!(run.requests[1].body.as_deref(), Some("foreign"), "{:?}", run.requests[1]);
}

/// The Web globals are ordinary: read again and again from one site (before and after
/// their module loads) they are the same classes, and a global the worker assigns keeps
/// the worker's value.
#[test]
fn web_globals_can_be_read_and_replaced() {
    let body = answer(
        r#"export default { async fetch() {
            const seen = [];
            for (let i = 0; i < 3; i++) seen.push(FormData.name, Blob.name, typeof ReadableStream, EventTarget.name);
            const same = Blob === globalThis.Blob && new Blob(['x']) instanceof Blob;
            globalThis.Blob = 'mine';
            for (let i = 0; i < 2; i++) seen.push(Blob);
            return new Response([seen.join(','), same, typeof FormData].join('|'));
        } };"#,
    );
    assert_eq!(
        body,
        "FormData,Blob,function,EventTarget,FormData,Blob,function,EventTarget,FormData,Blob,function,EventTarget,mine,mine|true|function"
    );
}

#[test]
fn url_pattern_matches_and_extracts_groups() {
    let body = answer(
        r#"export default { async fetch(request) {
            const pattern = new URLPattern({ pathname: '/users/:id/posts/:post?' });
            const hit = pattern.exec('https://worker.example/users/42/posts');
            const full = new URLPattern('https://*.example/:path*');
            const base = new URLPattern('/books/:isbn', 'https://shop.example');
            const caseless = new URLPattern({ pathname: '/API/*' }, { ignoreCase: true });
            let bad;
            try { new URLPattern('/no-base'); } catch (e) { bad = e.name; }
            return new Response(JSON.stringify([pattern.pathname, pattern.test(request.url), hit.pathname.groups,
              hit.pathname.input, full.test('https://a.example/x/y'), full.exec('https://a.example/x/y').hostname.groups,
              base.test('https://shop.example/books/978'), base.hostname, caseless.test('https://h.example/api/v1'),
              pattern.hasRegExpGroups, new URLPattern({ pathname: '/(\\d+)' }).hasRegExpGroups, bad]));
        } };"#,
    );
    assert_eq!(
        body,
        r#"["/users/:id/posts/:post?",false,{"id":"42"},"/users/42/posts",true,{"0":"a"},true,"shop.example",true,false,true,"TypeError"]"#
    );
}

/// The errors `Request`, `Response` and `Headers` throw for bad input, with workerd's
/// messages (taken from a run of workerd 2026-11-17).
#[test]
fn request_response_and_headers_reject_bad_input_with_workerds_messages() {
    let body = answer(
        r#"export default { async fetch() {
            const out = [];
            const tries = [
              () => new Headers({ 'a b': 'x' }),
              () => new Headers().append('x', 'a\nb'),
              () => new Response('x', { status: 204 }),
              () => new Response(null, { statusText: 'bad\n' }),
              () => Response.redirect('https://a.example', 200),
              () => new Request('https://a.example', { method: 'GET', body: 'x' }),
              () => new Request('https://a.example', { method: 'patch' }).method,
              () => String(new Headers()),
            ];
            for (const t of tries) { try { out.push('ok ' + t()); } catch (e) { out.push(e.name + ': ' + e.message); } }
            return new Response(out.join('\n'));
        } };"#,
    );
    assert_eq!(
        body,
        "TypeError: Invalid header name.\n\
         TypeError: Invalid header value.\n\
         TypeError: Response with null body status (101, 204, 205, or 304) cannot have a body.\n\
         TypeError: Invalid statusText\n\
         RangeError: 200 is not a redirect status code. It must be one of: 301, 302, 303, 307, or 308.\n\
         TypeError: Request with a GET or HEAD method cannot have a body.\n\
         ok PATCH\n\
         ok [object Headers]"
    );
}

/// workerd guards the headers of incoming requests, fetched responses and redirects:
/// changing them throws (values from a run of workerd 2026-11-17); copies are free.
#[test]
fn incoming_and_fetched_headers_are_immutable_and_copies_are_not() {
    let body = answer(
        r#"export default { async fetch(request) {
            const fetched = await fetch('https://origin.example/');
            await fetched.text();
            const out = [];
            const tries = [
              () => request.headers.set('x', '1'),
              () => request.headers.delete('host'),
              () => new Request(request).headers.set('x', '1'),
              () => request.clone().headers.set('x', '1'),
              () => Response.redirect('https://a.example/', 302).headers.set('x', '1'),
              () => new Response('x', { headers: request.headers }).headers.set('x', '1'),
              () => fetched.headers.set('x', '1'),
              () => new Response(null, fetched).headers.set('x', '1'),
              // The body was read above: its stream is disturbed (workerd 1.20261117).
              () => new Response(fetched.body, fetched).headers.set('x', '1'),
            ];
            for (const t of tries) { try { t(); out.push('ok'); } catch (e) { out.push(e.name + ': ' + e.message); } }
            return new Response(out.join('\n'));
        } };"#,
    );
    let immutable = "TypeError: Can't modify immutable headers.";
    let disturbed =
        "TypeError: This ReadableStream is disturbed (has already been read from), and cannot be used as a body.";
    assert_eq!(body, [immutable, immutable, "ok", immutable, immutable, "ok", immutable, "ok", disturbed].join("\n"));
}

/// `structuredClone` copies every type workerd's serializer clones and refuses the rest
/// with a DataCloneError carrying V8's message (expected: a run of workerd 2026-11-17).
#[test]
fn structured_clone_copies_what_workerd_clones_and_refuses_the_rest() {
    let body = answer(
        r#"export default { async fetch(request) {
  const out = [];
  const cases = {
    date: new Date(5), regexp: /a+/gi, map: new Map([[1, { a: 2 }]]), set: new Set([1, 'x']),
    u8: new Uint8Array([1, 2]), ab: new Uint8Array([3]).buffer, err: new TypeError('boom'), rangeErr: new RangeError('r'),
    bigint: 10n, boxed: Object(5), str: new String('s'), nested: { a: [1, { b: null, c: undefined }] }, neg0: -0, nan: NaN,
    dv: new DataView(new ArrayBuffer(4)), f64: new Float64Array([1.5]),
  };
  for (const [k, v] of Object.entries(cases)) {
    try {
      const c = structuredClone(v);
      let d;
      if (c instanceof Date) d = 'Date ' + c.getTime();
      else if (c instanceof RegExp) d = 'RegExp ' + c.source + ' ' + c.flags;
      else if (c instanceof Map) d = 'Map ' + JSON.stringify([...c]);
      else if (c instanceof Set) d = 'Set ' + JSON.stringify([...c]);
      else if (c instanceof Error) d = c.constructor.name + ' ' + c.name + ' ' + c.message + ' ' + (typeof c.stack);
      else if (ArrayBuffer.isView(c)) d = c.constructor.name + ' ' + c.byteLength;
      else if (c instanceof ArrayBuffer) d = 'ArrayBuffer ' + c.byteLength;
      else if (typeof c === 'object' && c !== null) d = Object.prototype.toString.call(c) + ' ' + JSON.stringify(c) + ' ' + ('c' in (c.a?.[1] ?? {}));
      else d = typeof c + ' ' + String(c) + ' ' + Object.is(c, -0);
      out.push(k + ': ' + d + ' same=' + (c === v));
    } catch (e) { out.push(k + ': ' + e.name + ': ' + e.message); }
  }
  for (const bad of [() => 1, Symbol('s'), new WeakMap(), { f() {} }]) {
    try { structuredClone(bad); out.push('cloned'); } catch (e) { out.push(e.name + ': ' + e.message + ' ' + (e instanceof DOMException)); }
  }
  const cyc = { }; cyc.self = cyc; const cc = structuredClone(cyc); out.push('cycle ' + (cc.self === cc));
  return new Response(out.join('\n'));
} };"#,
    );
    let expected = [
        r#"date: Date 5 same=false"#,
        r#"regexp: RegExp a+ gi same=false"#,
        r#"map: Map [[1,{"a":2}]] same=false"#,
        r#"set: Set [1,"x"] same=false"#,
        r#"u8: Uint8Array 2 same=false"#,
        r#"ab: ArrayBuffer 1 same=false"#,
        r#"err: TypeError TypeError boom string same=false"#,
        r#"rangeErr: RangeError RangeError r string same=false"#,
        r#"bigint: bigint 10 false same=true"#,
        r#"boxed: [object Number] 5 false same=false"#,
        r#"str: [object String] "s" false same=false"#,
        r#"nested: [object Object] {"a":[1,{"b":null}]} true same=false"#,
        r#"neg0: number 0 true same=true"#,
        r#"nan: number NaN false same=false"#,
        r#"dv: DataView 4 same=false"#,
        r#"f64: Float64Array 8 same=false"#,
        r#"DataCloneError: () => 1 could not be cloned. true"#,
        r#"DataCloneError: Symbol(s) could not be cloned. true"#,
        r#"DataCloneError: #<WeakMap> could not be cloned. true"#,
        r#"DataCloneError: f() {} could not be cloned. true"#,
        r#"cycle true"#,
    ];
    assert_eq!(body, expected.join("\n"));
}

/// Encoding, "get an encoding": a label is stripped of leading and trailing ASCII
/// whitespace (tab, LF, FF, CR, space) and nothing else, so other whitespace makes it
/// invalid (a RangeError), as WPT's encoding/api-invalid-label checks and workerd does.
#[test]
fn text_decoder_labels_are_stripped_of_ascii_whitespace_only() {
    let script = r#"export default { fetch() {
        const accepts = (label) => { try { return new TextDecoder(label).encoding; } catch (e) { return e.name; } };
        return new Response(['\t utf-8 \n', '\f\rlatin1 ', '\u000butf-8', 'utf-8\u00a0', '\u2028utf-8', 'utf-8\u0000']
          .map(accepts).join(','));
    } };"#;
    let model = Model::module("worker.mjs", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_eq!(
        run_first(&model).requests[0].body.as_deref(),
        Some("utf-8,windows-1252,RangeError,RangeError,RangeError,RangeError")
    );
}

/// The URL standard's API URL parser: a base with an opaque path (`about:blank`,
/// `mailto:`, `data:`) still serves an absolute input or a fragment; only what cannot be
/// resolved against it fails. Values as the standard (and V8's workerd) give them.
#[test]
fn url_resolves_against_bases_with_opaque_paths_as_the_standard_says() {
    let script = r#"export default { fetch() {
        const attempt = (f) => { try { return String(f()); } catch (e) { return e.name; } };
        class U extends URL {}
        return new Response([
          new URL('#x', 'mailto:x@x.com').href,
          new URL('http://example.org/?a=b', 'about:blank').href,
          attempt(() => new URL('x', 'about:blank')),
          URL.canParse('#x', 'data:,'), URL.canParse('y', 'mailto:a@b'),
          String(URL.parse('y', 'mailto:a@b')), URL.parse('/p', 'https://h.example/q').href,
          new URL('http://a/') instanceof URL, new URL('http://a/').constructor === URL, URL.name, URL.length,
          new U('http://a/') instanceof U, attempt(() => URL('http://a/')),
        ].join('|'));
    } };"#;
    let model = Model::module("worker.mjs", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_eq!(
        run_first(&model).requests[0].body.as_deref(),
        Some(
            "mailto:x@x.com#x|http://example.org/?a=b|TypeError|true|false|null|https://h.example/p|\
             true|true|URL|1|true|TypeError"
        )
    );
}

/// Reading a whole body whose stream is locked to a reader rejects with workerd's
/// TypeError and leaves the body unused (workerd 1.20261117, for a string body and for
/// the worker's own stream).
#[test]
fn reading_a_body_whose_stream_is_locked_rejects() {
    let script = r#"export default { async fetch() {
        const out = [];
        const sources = [() => new Response('x'),
          () => new Response(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([65])); c.close(); } }))];
        for (const make of sources) {
          const r = make(); r.body.getReader();
          try { await r.text(); out.push('ok'); } catch (e) { out.push(e.name + ': ' + e.message + ' used=' + r.bodyUsed); }
        }
        return new Response(out.join('\n'));
    } };"#;
    let model = Model::module("worker.mjs", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    let expected = "TypeError: This ReadableStream is currently locked to a reader. used=false";
    assert_eq!(run_first(&model).requests[0].body.as_deref(), Some(format!("{expected}\n{expected}").as_str()));
}

/// Streams' `pipeTo`/`pipeThrough` convert their arguments as WebIDL says: the pair's
/// `readable` is checked before `writable` is read, the options are read once each in
/// alphabetical order, and a throwing getter rejects `pipeTo`'s promise (throws from
/// `pipeThrough`) before any lock is taken (the Streams standard; WPT
/// streams/piping/throwing-options and pipe-through).
#[test]
fn pipe_arguments_are_converted_in_webidl_order() {
    let script = r#"export default { async fetch() {
        const touched = [];
        const options = (fail) => ({
          get preventAbort() { touched.push('preventAbort'); return false; },
          get preventCancel() { touched.push('preventCancel'); if (fail) throw new Error('boom'); return false; },
          get preventClose() { touched.push('preventClose'); return false; },
          get signal() { touched.push('signal'); return undefined; },
        });
        const rs = new ReadableStream(), ws = new WritableStream();
        const promise = rs.pipeTo(ws, options(true));
        const rejected = await promise.then(() => 'resolved', (e) => e.message);
        const order = touched.splice(0).join(',');
        const locked = rs.locked;
        let writableRead = false;
        const pair = { readable: null, get writable() { writableRead = true; return new WritableStream(); } };
        let thrown;
        try { rs.pipeThrough(pair); } catch (e) { thrown = e.name; }
        const ts = new TransformStream();
        rs.pipeThrough(ts, options(false));
        return new Response([rejected, order, locked, thrown, writableRead, touched.join(',')].join('|'));
    } };"#;
    let model = Model::module("worker.mjs", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_eq!(
        run_first(&model).requests[0].body.as_deref(),
        Some("boom|preventAbort,preventCancel|false|TypeError|false|preventAbort,preventCancel,preventClose,signal")
    );
}

/// After a body is read as a whole, its stream is locked (the reader that read it keeps
/// it), whether JS touched `body` before or after; and a `blob:` URL's origin is that of
/// the URL in its path only when it is http or https, else "null". Answers of workerd
/// 1.20261117.
#[test]
fn a_read_body_leaves_its_stream_locked_and_blob_origins_follow_the_standard() {
    let script = r#"export default { async fetch() {
        const out = [];
        for (const early of [false, true]) {
          const r = new Response('x');
          if (early) r.body;
          await r.text();
          try { out.push('locked=' + r.body.locked); r.body.getReader(); out.push('ok'); } catch (e) { out.push(e.name + ': ' + e.message); }
        }
        for (const u of ['blob:https://example.org/x', 'blob:ftp://host/path', 'blob:blob:https://example.org/',
                         'blob:ws://example.org/', 'blob:nope', 'https://a.example:8080/p']) out.push(u + ' ' + new URL(u).origin);
        return new Response(out.join('\n'));
    } };"#;
    let model = Model::module("worker.mjs", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    let expected = "locked=true\nTypeError: This ReadableStream is currently locked to a reader.\n\
        locked=true\nTypeError: This ReadableStream is currently locked to a reader.\n\
        blob:https://example.org/x https://example.org\nblob:ftp://host/path null\n\
        blob:blob:https://example.org/ null\nblob:ws://example.org/ null\nblob:nope null\n\
        https://a.example:8080/p https://a.example:8080";
    assert_eq!(run_first(&model).requests[0].body.as_deref(), Some(expected));
}

/// URLSearchParams iterators and `forEach` are live (WebIDL's pair iterators read the
/// list at their index on each step), so an entry deleted or added during the loop is
/// skipped or seen as the URL standard says (WPT url/urlsearchparams-foreach).
#[test]
fn url_search_params_iteration_is_live() {
    let script = r#"export default { fetch() {
        const sp = new URLSearchParams('param0=0&param1=1&param2=2');
        const seen = [];
        for (const [k] of sp) { seen.push(k); if (k === 'param0') sp.delete('param1'); }
        const each = [];
        const sp2 = new URLSearchParams('a=1&b=2');
        sp2.forEach((v, k) => { each.push(k); if (k === 'a') sp2.append('c', '3'); });
        const it = sp.keys();
        return new Response([seen.join(','), each.join(','), Object.prototype.toString.call(it),
          it[Symbol.iterator]() === it, JSON.stringify([...new URLSearchParams('x=1').entries()])].join('|'));
    } };"#;
    let model = Model::module("worker.mjs", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_eq!(
        run_first(&model).requests[0].body.as_deref(),
        Some(r#"param0,param2|a,b,c|[object URLSearchParams Iterator]|true|[["x","1"]]"#)
    );
}

/// A URL's `searchParams` follows `url.search = …` and `url.href = …` at once, and its
/// own changes still reach the URL (the URL standard's update steps both ways).
#[test]
fn search_params_follow_the_urls_search_and_href_setters() {
    let script = r#"export default { fetch() {
        const url = new URL('https://h.example/p?a=1');
        const params = url.searchParams;
        url.search = '?b=2';
        const afterSearch = params.toString();
        url.href = 'https://h.example/q?c=3&d=4';
        const afterHref = [...params.keys()].join(',');
        params.append('e', '5');
        const seen = [];
        for (const [k] of new URL('http://a.b/c?a=1&b=2&c=3&d=4').searchParams) seen.push(k);
        const live = new URL('http://a.b/c?a=1&b=2&c=3&d=4');
        const got = [];
        for (const i of live.searchParams) { live.search = 'x=1&y=2&z=3'; got.push(i.join('=')); }
        return new Response([afterSearch, afterHref, url.href, seen.join(','), got.join(',')].join('|'));
    } };"#;
    let model = Model::module("worker.mjs", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_eq!(
        run_first(&model).requests[0].body.as_deref(),
        Some("b=2|c,d|https://h.example/q?c=3&d=4&e=5|a,b,c,d|a=1,y=2,z=3")
    );
}

/// A worker answering, one line per `[input, base]` of `cases` (a JS array literal), the
/// `href` of `new URL(input, base)` or the name of what it threw.
fn url_hrefs(cases: &str) -> Model {
    let script = format!(
        r#"export default {{ fetch() {{
        return new Response({cases}.map(([input, base]) => {{
          try {{ return (base === undefined ? new URL(input) : new URL(input, base)).href; }}
          catch (e) {{ return e.name; }}
        }}).join('\n'));
    }} }};"#
    );
    Model::module("worker.mjs", &script).with_requests("https://w.example/", MsRange::fixed(0), 1)
}

/// A `file:` URL keeps its host before a Windows drive letter, and a relative input takes
/// the base's host with it (WPT url/resources/urltestdata.json; the `url` crate gives
/// `file:///C:/` for each).
#[test]
fn file_urls_keep_their_host_before_a_windows_drive_letter() {
    let model = url_hrefs(
        r#"[['file://example.net/C:/'], ['file://1.2.3.4/C:/'], ['file://[1::8]/C:/'],
            ['C|', 'file://host/dir/file'], ['/c:/foo/bar', 'file://host/path'],
            ['/', 'file://h/C:/a/b'], ['file:/C:/', 'file://host/']]"#,
    );
    assert_answers_line_by_line(
        &model,
        "file://example.net/C:/\nfile://1.2.3.4/C:/\nfile://[1::8]/C:/\nfile://host/C:\n\
         file://host/c:/foo/bar\nfile://h/C:/\nfile://host/C:/",
    );
}

/// Empty path segments of a `file:` URL are kept, also right after its empty host
/// (urltestdata.json: `file:////foo` is `file:////foo`, `file:.//p` is `file:////p`).
#[test]
fn file_url_paths_keep_runs_of_empty_segments() {
    let model = url_hrefs(
        r#"[['file:////foo'], ['file://localhost////foo'], ['file://spider///'], ['file:\\\\//'],
            ['file:.//p'], ['////one/two', 'file:///'], ['file://localhost//a//../..//foo'],
            ['//localhost//pig', 'file://lion/'], ['/..//localhost//pig', 'file://lion/']]"#,
    );
    assert_answers_line_by_line(
        &model,
        "file:////foo\nfile://////foo\nfile://spider///\nfile:////\nfile:////p\nfile:////one/two\n\
         file://///foo\nfile:////pig\nfile://lion//localhost//pig",
    );
}

/// A Windows drive letter written with `|` is normalized to `:` when it starts a `file:`
/// path (urltestdata.json: `file:///w|/m` is `file:///w:/m`), and only there.
#[test]
fn a_windows_drive_letter_with_a_bar_becomes_a_colon() {
    let model = url_hrefs(r#"[['file:///w|/m'], ['C|/', 'file://host/'], ['file:///x/w|/m'], ['sc:///w|/m']]"#);
    assert_answers_line_by_line(&model, "file:///w:/m\nfile://host/C:/\nfile:///x/w|/m\nsc:///w|/m");
}

/// Any run of slashes and backslashes after a special scheme's base leads to the host
/// (urltestdata.json: `///test` against `http://example.org/` is `http://test/`).
#[test]
fn extra_slashes_against_a_special_base_lead_to_the_host() {
    let model = url_hrefs(
        r#"[['///test', 'http://example.org/'], ['///\\//\\//test', 'http://example.org/'],
            ['///example.org/../path', 'http://example.org/'], ['///', 'http://example.org/']]"#,
    );
    assert_answers_line_by_line(&model, "http://test/\nhttp://test/\nhttp://example.org/path\nTypeError");
}

/// The setters run the standard's parser from their own state (WPT
/// url/resources/setters_tests.json): `file:` paths keep empty segments, a non-special
/// URL without a host serializes a path starting with an empty segment after `/.`.
#[test]
fn url_setters_follow_the_standard_for_file_and_non_special_urls() {
    let script = r#"export default { fetch() {
        const set = (href, name, value) => { const u = new URL(href); u[name] = value; return u.href; };
        return new Response([
          set('file://monkey/', 'pathname', '\\\\'), set('file:///unicorn', 'pathname', '//monkey/..//'),
          set('non-spec:/.//p', 'hostname', 'h'), set('non-spec:/.//p', 'hostname', ''),
          set('non-spec:/', 'pathname', '//p'), set('non-spec:/.//', 'pathname', 'p'),
          set('foo:///some/path', 'pathname', ''), set('file:///var/log/system.log', 'href', 'http://0300.168.0xF0'),
          set('http://example.net:8080/path', 'host', 'example.com:65536'), set('http://example.net/', 'port', '8080stuff'),
          set('https://example.net:1234', 'protocol', 'file'), set('mailto:me@example.net', 'protocol', 'http'),
        ].join('\n'));
    } };"#;
    let model = Model::module("worker.mjs", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        "file://monkey//\nfile://///\nnon-spec://h//p\nnon-spec:////p\nnon-spec:/.//p\nnon-spec:/p\nfoo://\n\
         http://192.168.0.240/\nhttp://example.com:8080/path\nhttp://example.net:8080/\nhttps://example.net:1234/\n\
         mailto:me@example.net",
    );
}

/// An opaque path's space right before its query or fragment is percent-encoded, so no
/// URL serializes with a path ending in a space, even after its query or fragment is
/// removed (the URL standard since 2025, which workerd 1.20261117 follows:
/// `non-special:opaque  ?hi` is `non-special:opaque %20?hi`).
#[test]
fn an_opaque_paths_space_before_the_query_or_fragment_is_encoded() {
    let script = r#"export default { fetch() {
        const url = new URL('data:space    ?test');
        url.searchParams.delete('test');
        const hashless = new URL('sc:space    #fragment');
        hashless.hash = '';
        return new Response([new URL('non-special:opaque  ?hi').href, new URL('sc:a b#c').href,
          url.pathname, url.href, hashless.href].join('\n'));
    } };"#;
    let model = Model::module("worker.mjs", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        "non-special:opaque %20?hi\nsc:a b#c\nspace   %20\ndata:space   %20\nsc:space   %20",
    );
}

/// `URL` and `URLSearchParams` take USVStrings: a lone surrogate becomes U+FFFD before
/// parsing (WPT url/resources/urltestdata-javascript-only.json, and "Construct with 2
/// unpaired surrogates" of url/urlsearchparams-constructor), and keys that become the same
/// key in a record keep the first place and the last value.
#[test]
fn url_and_url_search_params_take_usv_strings() {
    let script = r#"export default { fetch() {
        const url = new URL('http://example.com/\uD800\uD801\uDFFE\uDFFF\uFDD0\uFDCF\uFDEF\uFDF0\uFFFE\uFFFF?\uD800\uD801\uDFFE\uDFFF\uFDD0\uFDCF\uFDEF\uFDF0\uFFFE\uFFFF');
        const params = new URLSearchParams({ '\uD835x': '1', 'xx': '2', '\uD83Dx': '3' });
        return new Response([url.href, JSON.stringify([...params])].join('\n'));
    } };"#;
    let model = Model::module("worker.mjs", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        "http://example.com/%EF%BF%BD%F0%90%9F%BE%EF%BF%BD%EF%B7%90%EF%B7%8F%EF%B7%AF%EF%B7%B0%EF%BF%BE%EF%BF%BF\
         ?%EF%BF%BD%F0%90%9F%BE%EF%BF%BD%EF%B7%90%EF%B7%8F%EF%B7%AF%EF%B7%B0%EF%BF%BE%EF%BF%BF\n\
         [[\"\u{FFFD}x\",\"3\"],[\"xx\",\"2\"]]",
    );
}

/// `new URLSearchParams(init)` converts `init` as WebIDL's union says: any object with a
/// `[Symbol.iterator]` is a sequence of pairs, even a `URLSearchParams` whose iterator JS
/// replaced (WPT url/urlsearchparams-constructor, "Custom [Symbol.iterator]"), each pair
/// itself an iterable of two; a string drops one leading `?`. A URL's own query is read
/// as it is: `??a=b&c=d` against `http://example.org/foo/bar` has the searchParams
/// `%3Fa=b&c=d` (urltestdata.json).
#[test]
fn url_search_params_convert_their_init_as_webidl_says() {
    let script = r#"export default { fetch() {
        const attempt = (f) => { try { return String(f()); } catch (e) { return e.name; } };
        const custom = new URLSearchParams();
        custom[Symbol.iterator] = function* () { yield ['a', 'b']; };
        return new Response([
          new URLSearchParams(custom).get('a'),
          new URLSearchParams([new Set(['k', 'v'])]).toString(),
          new URLSearchParams(new Map([['m', '1']])).toString(),
          attempt(() => new URLSearchParams([['a']])), attempt(() => new URLSearchParams(['ab'])),
          new URLSearchParams('??x=1').toString(),
          new URL('??a=b&c=d', 'http://example.org/foo/bar').searchParams.toString(),
        ].join('\n'));
    } };"#;
    let model = Model::module("worker.mjs", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(&model, "b\nk=v\nm=1\nTypeError\nTypeError\n%3Fx=1\n%3Fa=b&c=d");
}

/// structuredClone makes a RegExp from the original's source and flags (HTML's
/// StructuredDeserialize): `new RegExp('/')` keeps its source `\/` through a clone, as V8
/// gives it (WPT html/webappapis/structured-clone, "RegExp slash").
#[test]
fn structured_clone_keeps_a_regexps_source() {
    let script = r#"export default { fetch() {
        const re = new RegExp('/', 'gi');
        re.lastIndex = 3;
        const copy = structuredClone(re);
        return new Response([copy.source, copy.flags, copy.lastIndex, copy !== re, copy.test('x/')].join(' '));
    } };"#;
    let model = Model::module("worker.mjs", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_eq!(run_first(&model).requests[0].body.as_deref(), Some(r"\/ gi 0 true true"));
}

/// structuredClone's `transfer` moves an ArrayBuffer: the original is detached (length 0,
/// and so are its views), the copy holds the bytes, and views in the value are rebuilt
/// over the copy (HTML StructuredSerializeWithTransfer; V8 gives the same).
#[test]
fn structured_clone_transfers_array_buffers() {
    let script = r#"export default { fetch() {
        const u = new Uint8Array([1, 2, 3]);
        const buf = u.buffer;
        const copy = structuredClone({ buf, view: u }, { transfer: [buf] });
        return new Response([buf.byteLength, copy.buf.byteLength, Array.from(copy.view).join(','),
          copy.view.buffer === copy.buf, u.length].join(' '));
    } };"#;
    let model = Model::module("worker.mjs", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_eq!(run_first(&model).requests[0].body.as_deref(), Some("0 3 1,2,3 true 0"));
}

/// `request.signal` and a KV put of the worker's own stream, as workerd 1.20261117
/// answered the same worker: the signal given to `new Request` is kept as it is (shared
/// by `new Request(request)` and `clone()`), `signal: null` gives a fresh one, an incoming
/// request's signal is never aborted, and `KV.put` reads a `ReadableStream` to its end.
#[test]
fn request_signal_and_kv_put_of_a_stream_answer_as_workerd() {
    let script = r#"export default { async fetch(request, env) {
        const c = new AbortController();
        const r = new Request('https://x.example/', { signal: c.signal });
        const r2 = new Request(r);
        const r3 = r.clone();
        const r4 = new Request(r, { signal: null });
        const out = [typeof request.signal, request.signal.aborted, request.signal === request.signal,
          r.signal === c.signal, r2.signal === r.signal, r3.signal === r.signal, r4.signal === r.signal, typeof r4.signal];
        c.abort();
        out.push(r2.signal.aborted, r3.signal.aborted, r4.signal.aborted);
        const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('stream')); c.enqueue(new TextEncoder().encode('ed')); c.close(); } });
        await env.KV.put('s', stream);
        out.push(await env.KV.get('s'));
        return new Response(out.join(' '));
    } };"#;
    let mut model = Model::module("worker.mjs", script).with_requests(URL, MsRange::fixed(0), 1);
    model.kv.push(crosstalk_runtime::KvSpec {
        binding: "KV".into(),
        latency: MsRange::fixed(1),
        data: Default::default(),
    });
    let run = run_seed(&model, 1);
    assert_eq!(
        run.requests[0].body.as_deref(),
        Some("object false true true true true false object true true false streamed")
    );
}

/// An incoming request carries `request.cf` (production always gives one): the defaults,
/// with the scenario's fields over them; reading it is recorded as a read of the run's
/// input. A request the worker builds has the `cf` of its init or input, else none.
#[test]
fn an_incoming_request_has_the_edges_cf_with_the_scenarios_fields_over_the_defaults() {
    let script = r#"export default { async fetch(request) {
        const built = new Request("https://a.example/", { cf: { cacheTtl: 5 } });
        const copy = new Request(request);
        return new Response([request.cf.country, request.cf.colo, typeof request.cf.asn, request.cf.httpProtocol,
          built.cf.cacheTtl, new Request("https://a.example/").cf, copy.cf.country, request.clone().cf.colo].join("|"));
    } };"#;
    let mut model = Model::module("worker.mjs", script);
    let mut request = RequestSpec::get(URL, 0);
    request.cf.insert("country".into(), serde_json::json!("DE"));
    model.requests.push(request);
    let run = run_seed(&model, 1);
    assert_eq!(run.requests[0].body.as_deref(), Some("DE|SFO|number|HTTP/1.1|5||DE|SFO"));
    assert!(
        run.inputs.iter().any(|r| r.source == crosstalk_runtime::InputSource::Cf && r.api == "request.cf"),
        "{:?}",
        run.inputs
    );
}

/// Expected values are workerd 1.20261117's (`tests/conformance/platform-details`).
#[test]
fn string_tags_base64_navigator_and_json_messages_are_workerds() {
    let script = r#"export default { async fetch(request, env, ctx) {
        const tag = (v) => Object.prototype.toString.call(v);
        const error = (f) => { try { f(); return "no error"; } catch (e) { return e.name + ": " + e.message; } };
        const o = { a: { b: [1] } }; o.a.b.push(o);
        return new Response([
          [new Response(""), new Request("https://a/"), crypto, crypto.subtle, new URL("https://a/"),
           new URLSearchParams(), new TextEncoder(), new TextDecoder(), caches, caches.default, request, ctx,
           navigator, performance, scheduler].map(tag).join(),
          error(() => atob("***")), atob(" aGVs bG8"), error(() => btoa("\u20ac")), btoa("\u00ff"),
          JSON.stringify([navigator.language, navigator.languages, navigator.hardwareConcurrency]),
          error(() => JSON.stringify({ a: [2n] })), error(() => JSON.stringify(o)),
          String(performance.now() === Date.now()) + " " + performance.timeOrigin,
        ].join("\n"));
    } };"#;
    let mut model = Model::module("worker.mjs", script);
    model.requests.push(RequestSpec::get(URL, 0));
    let run = run_seed(&model, 1);
    let body = run.requests[0].body.clone().unwrap_or_default();
    let lines: Vec<&str> = body.split('\n').collect();
    assert_eq!(
        lines[0],
        "[object Response],[object Request],[object Crypto],[object SubtleCrypto],[object URL],\
         [object URLSearchParams],[object TextEncoder],[object TextDecoder],[object CacheStorage],[object Cache],\
         [object Request],[object ExecutionContext],[object Navigator],[object Performance],[object Scheduler]"
    );
    assert_eq!(
        lines[1],
        "InvalidCharacterError: atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', \
         alphanumeric ASCII, and up to two terminal '=' signs when the input data length is divisible by 4 are \
         allowed.)"
    );
    assert_eq!(lines[2], "hello");
    assert_eq!(
        lines[3],
        "InvalidCharacterError: btoa() can only operate on characters in the Latin1 (ISO/IEC 8859-1) range."
    );
    assert_eq!(lines[4], "/w==");
    assert_eq!(lines[5], r#"["en",["en"],1]"#);
    assert_eq!(lines[6], "TypeError: Do not know how to serialize a BigInt");
    assert_eq!(
        lines[7..12].join("\n"),
        "TypeError: Converting circular structure to JSON\n    --> starting at object with constructor 'Object'\n    \
         |     property 'a' -> object with constructor 'Object'\n    |     property 'b' -> object with constructor \
         'Array'\n    --- index 1 closes the circle"
    );
    assert_eq!(lines[12], "true 0");
}

/// The worker of `tests/conformance/date-strings`; the expected lines are workerd
/// 1.20261117's.
#[test]
fn date_strings_in_the_utc_zone_are_v8s() {
    let script = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/conformance/date-strings/worker.mjs"
    ))
    .expect("the suite's worker");
    let mut model = Model::module("worker.mjs", &script);
    model.requests.push(RequestSpec::get(URL, 0));
    let run = run_seed(&model, 1);
    let expected = [
        "Fri Dec 04 2026 15:30:05 GMT+0000 (Coordinated Universal Time)",
        "15:30:05 GMT+0000 (Coordinated Universal Time)",
        "Fri Dec 04 2026",
        "Fri Dec 04 2026 15:30:05 GMT+0000 (Coordinated Universal Time)",
        "12/4/2026, 3:30:05 PM",
        "12/4/2026",
        "3:30:05 PM",
        "12/4/2026, 3:30:05 PM",
        "1/9/2026, 12:05:00 AM",
        "Invalid Date",
        "Invalid Date",
        "Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)",
    ];
    assert_eq!(run.requests[0].body.as_deref(), Some(expected.join("\n").as_str()));
}

/// The global console is shaped as workerd's: V8's methods as enumerable own properties in
/// V8's order, workerd's five logging functions anonymous, a prototype of its own, the tag
/// "console"; only log/info/debug/warn/error reach the logs (V8's count, time, table,
/// trace, dir, assert and group report to the inspector only, as does every method of a
/// `console.context()` console).
/// Expected: workerd 1.20261117 on the same worker (its tail worker's console lines).
#[test]
fn the_console_has_workerds_shape_and_only_its_logging_methods_log() {
    let script = r#"export default { async fetch() {
  const out = [];
  out.push(Object.keys(console).join());
  out.push(Object.prototype.toString.call(console));
  const d = Object.getOwnPropertyDescriptor(console, "log");
  out.push([d.writable, d.enumerable, d.configurable, console.log.name, console.log.length, "prototype" in console.log].join());
  out.push([console.count.name, console.count.length, "prototype" in console.count, console.context.length].join());
  const p = Object.getPrototypeOf(console);
  out.push([p === Object.prototype, Object.getPrototypeOf(p) === Object.prototype, Object.getOwnPropertyNames(p).length].join());
  console.count(); console.count("x"); console.countReset();
  console.time("t"); console.timeLog("t", 1); console.timeEnd("t");
  console.dirxml({ a: 1 }); console.assert(false, "bad %s", "thing"); console.assert(false);
  console.group("g1"); console.log("inner"); console.groupCollapsed(); console.info("in2"); console.groupEnd(); console.groupEnd();
  console.table([{ a: 1 }]); console.trace("tr"); console.dir({ a: 1 });
  console.log("outer");
  const labelled = console.context("n");
  out.push(Object.keys(labelled).join());
  labelled.log("from a context console");
  return new Response(out.join("\n"));
} };"#;
    let model = Model::module("worker.mjs", script).with_requests(URL, MsRange::fixed(0), 1);
    let run = run_seed(&model, 1);
    let body = run.requests[0].body.clone().unwrap_or_else(|| panic!("{:?}", run.requests[0].error));
    assert_eq!(
        body,
        "debug,error,info,log,warn,dir,dirxml,table,trace,group,groupCollapsed,groupEnd,clear,count,countReset,\
         assert,profile,profileEnd,time,timeLog,timeEnd,timeStamp,context\n\
         [object console]\n\
         true,true,true,,0,true\n\
         count,0,false,1\n\
         false,true,0\n\
         dir,dirxml,table,groupEnd,clear,count,countReset,profile,profileEnd,debug,error,info,log,warn,trace,\
         group,groupCollapsed,time,timeLog,timeEnd,timeStamp,assert"
    );
    assert_eq!(console(&run), ["inner", "in2", "outer"]);
}

/// `performance` as workerd has it: without the performance classes a prototype with only
/// `constructor`, `now` and `timeOrigin`; with them (enable_global_performance_classes,
/// nodejs_compat from 2026-03-17) an EventTarget `Performance` with the User Timing API,
/// the classes as globals, and node:perf_hooks' members.
/// Expected: workerd 1.20261117 at compatibility dates 2024-01-01 and 2026-11-17.
#[test]
fn performance_has_the_user_timing_api_only_with_the_performance_classes() {
    let script = r#"export default { async fetch() {
  const out = [];
  const P = Object.getPrototypeOf(performance);
  out.push(Object.getOwnPropertyNames(P).sort().join());
  out.push(P.constructor.name + " " + Object.prototype.toString.call(performance) + " " + (Object.getPrototypeOf(P) === EventTarget.prototype));
  out.push(["Performance", "PerformanceEntry", "PerformanceMark", "PerformanceMeasure", "PerformanceObserver", "PerformanceObserverEntryList", "PerformanceResourceTiming"].map((n) => typeof globalThis[n]).join());
  if (typeof performance.mark === "function") {
    const m = performance.mark("a", { detail: { x: 1 } });
    out.push([m.constructor.name, m.name, m.entryType, m.startTime === Date.now(), m.duration, JSON.stringify(m.detail)].join("|"));
    const s = performance.measure("m", "a");
    out.push([s.constructor.name, s.name, s.entryType, s.duration].join("|"));
    out.push(performance.getEntries().map((e) => e.name + ":" + e.entryType).join() + " " + performance.getEntriesByType("mark").length + " " + performance.getEntriesByName("m").length);
    performance.clearMarks();
    out.push(performance.getEntries().length + " " + JSON.stringify(performance.toJSON()) + " " + typeof performance.eventCounts);
  }
  return new Response(out.join("\n"));
} };"#;
    let answer = |classes: bool| {
        let mut model = Model::module("worker.mjs", script).with_requests(URL, MsRange::fixed(0), 1);
        model.performance_classes = classes;
        model.node_perf_hooks = classes;
        let run = run_seed(&model, 1);
        run.requests[0].body.clone().unwrap_or_else(|| panic!("{:?}", run.requests[0].error))
    };
    assert_eq!(
        answer(false),
        "constructor,now,timeOrigin\n\
         Performance [object Object] false\n\
         undefined,undefined,undefined,undefined,undefined,undefined,undefined"
    );
    assert_eq!(
        answer(true),
        "clearMarks,clearMeasures,clearResourceTimings,constructor,eventCounts,eventLoopUtilization,getEntries,\
         getEntriesByName,getEntriesByType,mark,markResourceTiming,measure,nodeTiming,now,\
         setResourceTimingBufferSize,timeOrigin,timerify,toJSON\n\
         Performance [object Performance] true\n\
         function,function,function,function,function,function,function\n\
         PerformanceMark|a|mark|true|0|{\"x\":1}\n\
         PerformanceMeasure|m|measure|0\n\
         a:mark,m:measure 1 1\n\
         1 {\"timeOrigin\":0} object"
    );
}

/// Expected lines: workerd 1.20261117 (and WPT's fetch/api/basic/text-utf8,
/// response-static-json and response-static-redirect, which workerd passes).
#[test]
fn text_drops_a_byte_order_mark_json_keeps_a_given_type_redirect_parses_its_url() {
    let body = answer(
        "export default { async fetch() {
            const out = [];
            const t = (f) => { try { out.push(JSON.stringify(f())); } catch (e) { out.push('throws ' + e.name + ': ' + e.message); } };
            t(() => Response.redirect('http://:This is not an url'));
            t(() => Response.redirect('/relative').headers.get('location'));
            t(() => Response.redirect('https://EXAMPLE.com/a b').headers.get('location'));
            t(() => Response.json({a:1}, {headers:{'content-type':'foo/bar'}}).headers.get('content-type'));
            t(() => Response.json({a:1}, {headers:{'x-a':'1'}}).headers.get('content-type'));
            out.push(JSON.stringify(await new Response(new Uint8Array([0xEF,0xBB,0xBF,0x61])).text()));
            out.push(JSON.stringify(await new Response(new Uint8Array([0xEF,0xBB,0xBF,0x7B,0x7D])).json()));
            return new Response(out.join('\\n'));
        } };",
    );
    assert_eq!(
        body.lines().collect::<Vec<_>>(),
        [
            "throws TypeError: Unable to parse URL: http://:This is not an url",
            "throws TypeError: Unable to parse URL: /relative",
            r#""https://example.com/a%20b""#,
            r#""foo/bar""#,
            r#""application/json""#,
            r#""a""#,
            "{}",
        ]
    );
}
