//! R2 bucket bindings: the binding's API with R2's objects, metadata and errors,
//! operations applied when they complete (R2) and dropped at the true ResponseTime
//! unless waitUntil holds them (R6).
//!
//! Expected values come from R2's documentation (the `R2Bucket`, `R2Object` and
//! conditional-operation references), workerd's R2 binding source for its argument
//! errors, and RFC 1321 for the MD5 ETags.

mod common;

use common::*;
use crosstalk_runtime::{Model, MsRange, R2Spec, RequestSpec};

fn model(script: &str, latency: MsRange) -> Model {
    let mut model = Model::module("worker.mjs", script);
    model.r2.push(R2Spec {
        binding: "B".into(),
        latency,
        data: [("seeded".to_string(), "from the scenario".to_string())].into(),
    });
    model
}

fn probe(body: &str) -> String {
    let script = format!(
        r#"export default {{ async fetch(request, env) {{
          const out = {{}};
          const t = async (name, f) => {{
            try {{ out[name] = await f(); }} catch (e) {{ out[name] = 'THROW ' + e.name + ': ' + e.message; }}
          }};
          {body}
          return new Response(JSON.stringify(out));
        }} }};"#
    );
    let model = model(&script, MsRange::fixed(5)).with_requests("https://w.example/", MsRange::fixed(0), 1);
    run_first(&model).request(1).unwrap().body.clone().expect("the probe answers")
}

#[test]
fn objects_carry_r2s_metadata_and_bodies() {
    let out = probe(
        r#"await t('put', async () => {
             const o = await env.B.put('docs/a.txt', 'hello', { httpMetadata: { contentType: 'text/plain' }, customMetadata: { owner: 'alice' } });
             return [o.key, o.size, o.etag, o.httpEtag, o.uploaded.getTime() - Date.UTC(2024, 0, 1), o.httpMetadata, o.customMetadata, JSON.stringify(o.checksums)];
           });
           await t('get', async () => { const o = await env.B.get('docs/a.txt'); return [await o.text(), o.bodyUsed]; });
           await t('range', async () => { const o = await env.B.get('docs/a.txt', { range: { offset: 1, length: 3 } }); return [await o.text(), o.range]; });
           await t('suffix', async () => (await env.B.get('docs/a.txt', { range: { suffix: 2 } })).text());
           await t('headerRange', async () => (await env.B.get('docs/a.txt', { range: new Headers({ range: 'bytes=0-1' }) })).text());
           await t('missing', () => env.B.get('nope'));
           await t('head', async () => { const o = await env.B.head('docs/a.txt'); return [o.size, 'body' in o]; });
           await t('writeHttpMetadata', async () => { const h = new Headers(); (await env.B.head('docs/a.txt')).writeHttpMetadata(h); return [...h]; });
           await t('seeded', async () => (await env.B.get('seeded')).text());
           await t('bytes', async () => { await env.B.put('bin', new Uint8Array([1, 2, 255])); return Array.from(new Uint8Array(await (await env.B.get('bin')).arrayBuffer())); });"#,
    );
    let expected = concat!(
        r#"{"put":["docs/a.txt",5,"5d41402abc4b2a76b9719d911017c592","\"5d41402abc4b2a76b9719d911017c592\"",5,"#,
        r#"{"contentType":"text/plain"},{"owner":"alice"},"{\"md5\":\"5d41402abc4b2a76b9719d911017c592\"}"],"#,
        r#""get":["hello",true],"range":["ell",{"offset":1,"length":3}],"suffix":"lo","headerRange":"he","#,
        r#""missing":null,"head":[5,false],"writeHttpMetadata":[["content-type","text/plain"]],"#,
        r#""seeded":"from the scenario","bytes":[1,2,255]}"#,
    );
    assert_eq!(out, expected);
}

#[test]
fn conditions_lists_deletes_and_errors() {
    let out = probe(
        r#"await env.B.put('docs/a.txt', 'hello');
           await t('notModified', async () => { const o = await env.B.get('docs/a.txt', { onlyIf: { etagDoesNotMatch: '5d41402abc4b2a76b9719d911017c592' } }); return [o.size, 'body' in o]; });
           await t('putIfAbsent', () => env.B.put('docs/a.txt', 'again', { onlyIf: new Headers({ 'if-none-match': '*' }) }));
           await t('quoted', () => env.B.get('docs/a.txt', { onlyIf: { etagMatches: '"x"' } }));
           await t('badRange', () => env.B.get('docs/a.txt', { range: { offset: -1 } }));
           await t('suffixAndOffset', () => env.B.get('docs/a.txt', { range: { offset: 1, suffix: 1 } }));
           await t('unsatisfiable', () => env.B.get('docs/a.txt', { range: { offset: 9 } }));
           await t('include', () => env.B.list({ include: ['nope'] }));
           await t('list', async () => {
             await env.B.put('docs/b.txt', 'b'); await env.B.put('img/c.png', new Blob(['xyz']));
             const l = await env.B.list({ delimiter: '/' });
             return [l.objects.map(o => o.key), l.delimitedPrefixes, l.truncated, l.objects[0].httpMetadata];
           });
           await t('pages', async () => {
             const first = await env.B.list({ prefix: 'docs/', limit: 1 });
             const rest = await env.B.list({ prefix: 'docs/', cursor: first.cursor });
             return [first.objects.map(o => o.key), first.truncated, rest.objects.map(o => o.key), rest.truncated];
           });
           await t('delete', async () => { await env.B.delete(['docs/b.txt', 'img/c.png']); await env.B.delete('gone'); return (await env.B.list()).objects.map(o => o.key); });
           await t('emptyKey', () => env.B.put('', 'x'));"#,
    );
    let expected = [
        r#""notModified":[5,false]"#,
        r#""putIfAbsent":null"#,
        r#""quoted":"THROW TypeError: Conditional ETag should not be wrapped in quotes (\"x\").""#,
        r#""badRange":"THROW RangeError: Invalid range. Starting offset (-1) must be >= 0.""#,
        r#""suffixAndOffset":"THROW TypeError: Suffix is incompatible with offset.""#,
        r#""unsatisfiable":"THROW Error: get: The requested range is not satisfiable (10039)""#,
        r#""include":"THROW RangeError: Unsupported include value nope""#,
        r#""list":[["seeded"],["docs/","img/"],false,null]"#,
        r#""pages":[["docs/a.txt"],true,["docs/b.txt"],false]"#,
        r#""delete":["docs/a.txt","seeded"]"#,
        r#""emptyKey":"THROW Error: put: The specified object name is not valid. (10020)""#,
    ];
    assert_eq!(out, format!("{{{}}}", expected.join(",")));
}

#[test]
fn a_multipart_upload_completes_into_one_object() {
    let out = probe(
        r#"await t('multipart', async () => {
             const upload = await env.B.createMultipartUpload('big', { httpMetadata: { contentType: 'application/octet-stream' } });
             const resumed = env.B.resumeMultipartUpload('big', upload.uploadId);
             const one = await upload.uploadPart(1, new Uint8Array(5 * 1024 * 1024));
             const two = await resumed.uploadPart(2, 'tail');
             const object = await upload.complete([one, two]);
             const got = await env.B.get('big', { range: { suffix: 4 } });
             return [object.size, /^[0-9a-f]{32}-2$/.test(object.etag), object.httpMetadata.contentType, await got.text()];
           });
           await t('tooSmall', async () => {
             const upload = await env.B.createMultipartUpload('small');
             const parts = [await upload.uploadPart(1, 'a'), await upload.uploadPart(2, 'b')];
             return upload.complete(parts);
           });
           await t('aborted', async () => { const u = await env.B.createMultipartUpload('x'); await u.abort(); return u.uploadPart(1, 'a'); });"#,
    );
    let expected = concat!(
        r#"{"multipart":[5242884,true,"application/octet-stream","tail"],"#,
        r#""tooSmall":"THROW Error: completeMultipartUpload: Your proposed upload is smaller than the minimum allowed object size. (10011)","#,
        r#""aborted":"THROW Error: uploadPart: The specified multipart upload does not exist. (10024)"}"#,
    );
    assert_eq!(out, expected);
}

#[test]
fn r2_and_r6_writes_land_when_they_complete_and_are_dropped_at_the_response() {
    let script = r#"export default { async fetch(request, env, ctx) {
        const path = new URL(request.url).pathname;
        if (path === '/read') return new Response(String(await (await env.B.get('log'))?.text()));
        const write = env.B.put('log', path);
        if (path === '/kept') ctx.waitUntil(write);
        return new Response('ok');
    } };"#;
    let mut model = model(script, MsRange::fixed(10));
    model.requests = vec![
        RequestSpec::get("https://w.example/forgot", 0),
        RequestSpec::get("https://w.example/read", 5),
        RequestSpec::get("https://w.example/read", 50),
    ];
    let run = run_first(&model);
    let cancelled = cancelled_at_response(&run);
    assert_eq!(cancelled, vec![(0, "r2://B/log (put)".to_string())]);
    assert_eq!(run.request(3).unwrap().body.as_deref(), Some("undefined"), "the put never ran");
    model.requests[0] = RequestSpec::get("https://w.example/kept", 0);
    let run = run_first(&model);
    assert_eq!(
        run.request(2).unwrap().body.as_deref(),
        Some("/kept"),
        "the get made at 5 ms completes at 15 ms, after the put landed at 10 ms"
    );
    assert_eq!(run.request(3).unwrap().body.as_deref(), Some("/kept"));
}

#[test]
fn a_bad_argument_rejects_the_promise_as_workerds_methods_do() {
    let out = probe(
        r#"const p = env.B.get('k', { range: { offset: -1 } });
           await t('isPromise', () => p instanceof Promise);
           await t('rejects', () => p);
           await t('putType', () => env.B.put('k', 42));"#,
    );
    assert_eq!(
        out,
        concat!(
            r#"{"isPromise":true,"rejects":"THROW RangeError: Invalid range. Starting offset (-1) must be >= 0.","#,
            r#""putType":"THROW TypeError: Failed to execute 'put' on 'R2Bucket': parameter 2 is not of type 'ReadableStream or ArrayBuffer or ArrayBufferView or string or Blob'."}"#
        )
    );
}
