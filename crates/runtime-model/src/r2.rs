//! R2 buckets: the storage side, plain Rust with no JS. One bucket per binding and
//! schedule, shared by every isolate; `host/r2.rs` and `host/web/r2.js` are the JS side.
//!
//! An operation arrives as JSON (`Request`) with the bytes of a `put` or part beside it,
//! and answers as JSON (`Answer`) with the bytes of a `get` beside it. Objects are
//! immutable once written: a `get` shares the stored bytes. ETags are the MD5 of the
//! content (for a multipart object, the MD5 of its parts' MD5s and `-N`), versions and
//! upload ids count up, so every replay hands out the same ones.

use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::model::MsRange;

/// An R2 bucket binding (`[[r2]]`, or wrangler's `r2_buckets`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct R2Spec {
    /// The name the worker reads it by (`env.BUCKET`).
    pub binding: String,
    /// Latency of every operation, drawn by the schedule.
    pub latency: MsRange,
    /// Initial objects: key → text content.
    pub data: BTreeMap<String, String>,
}

/// R2's smallest part of a multipart upload, but for the last one.
const MIN_PART_BYTES: usize = 5 * 1024 * 1024;
/// R2's longest key, in bytes.
const MAX_KEY_BYTES: usize = 1024;

#[derive(Clone, Debug)]
struct Stored {
    bytes: Rc<Vec<u8>>,
    etag: String,
    version: String,
    uploaded_ms: i64,
    http: BTreeMap<String, serde_json::Value>,
    custom: BTreeMap<String, String>,
    storage_class: String,
    md5: Option<String>,
}

#[derive(Debug)]
struct Upload {
    key: String,
    http: BTreeMap<String, serde_json::Value>,
    custom: BTreeMap<String, String>,
    storage_class: String,
    // invariant: part numbers are 1..=10,000.
    parts: BTreeMap<u32, (String, Rc<Vec<u8>>)>,
}

/// One operation, as `web/r2.js` sends it.
#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub(crate) enum Request {
    Head {
        key: String,
    },
    #[serde(rename_all = "camelCase")]
    Get {
        key: String,
        range: Option<Range>,
        only_if: Option<Conditions>,
    },
    #[serde(rename_all = "camelCase")]
    Put {
        key: String,
        #[serde(default)]
        http_metadata: BTreeMap<String, serde_json::Value>,
        #[serde(default)]
        custom_metadata: BTreeMap<String, String>,
        only_if: Option<Conditions>,
        md5: Option<String>,
        storage_class: Option<String>,
    },
    Delete {
        keys: Vec<String>,
    },
    #[serde(rename_all = "camelCase")]
    List {
        prefix: Option<String>,
        cursor: Option<String>,
        delimiter: Option<String>,
        start_after: Option<String>,
        limit: Option<f64>,
        #[serde(default)]
        include: Vec<String>,
    },
    #[serde(rename_all = "camelCase")]
    CreateMultipartUpload {
        key: String,
        #[serde(default)]
        http_metadata: BTreeMap<String, serde_json::Value>,
        #[serde(default)]
        custom_metadata: BTreeMap<String, String>,
        storage_class: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    UploadPart {
        key: String,
        upload_id: String,
        part_number: f64,
    },
    #[serde(rename_all = "camelCase")]
    AbortMultipartUpload {
        key: String,
        upload_id: String,
    },
    #[serde(rename_all = "camelCase")]
    CompleteMultipartUpload {
        key: String,
        upload_id: String,
        parts: Vec<Part>,
    },
}

/// A byte range of a `get`.
#[derive(Debug, Deserialize)]
pub(crate) struct Range {
    offset: Option<f64>,
    length: Option<f64>,
    suffix: Option<f64>,
}

/// `onlyIf`: ETags as written (`*` matches any), times in Unix ms.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Conditions {
    #[serde(default)]
    etag_matches: Vec<String>,
    #[serde(default)]
    etag_does_not_match: Vec<String>,
    uploaded_before: Option<f64>,
    uploaded_after: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Part {
    part_number: f64,
    etag: String,
}

/// An object's metadata, as `web/r2.js` builds its `R2Object` from it.
#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ObjectInfo {
    key: String,
    version: String,
    size: usize,
    etag: String,
    uploaded: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    http_metadata: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_metadata: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<RangeInfo>,
    storage_class: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    md5: Option<String>,
}

#[derive(Debug, Serialize, PartialEq)]
pub(crate) struct RangeInfo {
    offset: usize,
    length: usize,
}

/// What an operation answers.
#[derive(Debug, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Answer {
    /// The object (`head`, `get`, `put`, `completeMultipartUpload`), or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<ObjectInfo>,
    /// Whether the bytes beside this answer are the object's body (a `get` whose
    /// conditions held).
    pub body: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objects: Option<Vec<ObjectInfo>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimited_prefixes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upload_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// R2's error, as the binding throws it: `get: … (10039)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

fn failed(op: &str, message: &str, code: u32) -> (Answer, Option<Rc<Vec<u8>>>) {
    (Answer { error: Some(format!("{op}: {message} ({code})")), ..Answer::default() }, None)
}

fn md5_hex(bytes: &[u8]) -> String {
    hex(&Md5::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The R2 buckets of one schedule.
#[derive(Default)]
pub(crate) struct Buckets {
    // invariant: one spec per binding name.
    specs: Vec<R2Spec>,
    // invariant: keys are bindings of `specs`; every stored key is a valid object name.
    objects: RefCell<BTreeMap<String, BTreeMap<String, Stored>>>,
    uploads: RefCell<BTreeMap<String, Upload>>,
    // invariant: counts the versions and upload ids handed out, so each is new.
    issued: Cell<u64>,
}

impl Buckets {
    pub(crate) fn new(specs: Vec<R2Spec>, epoch_ms: i64) -> Buckets {
        let buckets = Buckets { specs, ..Buckets::default() };
        for spec in &buckets.specs {
            let mut objects = BTreeMap::new();
            for (key, text) in &spec.data {
                let bytes = Rc::new(text.clone().into_bytes());
                let stored = buckets.stored(bytes, BTreeMap::new(), BTreeMap::new(), None, epoch_ms, None);
                objects.insert(key.clone(), stored);
            }
            buckets.objects.borrow_mut().insert(spec.binding.clone(), objects);
        }
        buckets
    }

    pub(crate) fn spec(&self, binding: &str) -> Option<&R2Spec> {
        self.specs.iter().find(|s| s.binding == binding)
    }

    fn next_id(&self) -> String {
        let n = self.issued.get() + 1;
        self.issued.set(n);
        format!("{n:032x}")
    }

    fn stored(
        &self,
        bytes: Rc<Vec<u8>>,
        http: BTreeMap<String, serde_json::Value>,
        custom: BTreeMap<String, String>,
        storage_class: Option<String>,
        now_ms: i64,
        etag: Option<String>,
    ) -> Stored {
        let md5 = md5_hex(&bytes);
        let (etag, md5) = match etag {
            Some(multipart) => (multipart, None),
            None => (md5.clone(), Some(md5)),
        };
        Stored {
            bytes,
            etag,
            version: self.next_id(),
            uploaded_ms: now_ms,
            http,
            custom,
            storage_class: storage_class.unwrap_or_else(|| "Standard".to_string()),
            md5,
        }
    }

    /// Runs `request` on `binding`'s bucket at Unix time `now_ms`.
    pub(crate) fn run(
        &self,
        binding: &str,
        request: Request,
        bytes: Option<Vec<u8>>,
        now_ms: i64,
    ) -> (Answer, Option<Rc<Vec<u8>>>) {
        let mut all = self.objects.borrow_mut();
        let bucket = all.entry(binding.to_string()).or_default();
        match request {
            Request::Head { key } => {
                let object = bucket.get(&key).map(|s| info(&key, s, true, None));
                (Answer { object, ..Answer::default() }, None)
            }
            Request::Get { key, range, only_if } => {
                let Some(stored) = bucket.get(&key) else { return (Answer::default(), None) };
                if !holds(only_if.as_ref(), Some(stored)) {
                    return (Answer { object: Some(info(&key, stored, true, None)), ..Answer::default() }, None);
                }
                let size = stored.bytes.len();
                let (offset, length) = match range {
                    None => (0, size),
                    Some(Range { suffix: Some(suffix), .. }) => {
                        let n = (suffix.max(0.0) as usize).min(size);
                        (size - n, n)
                    }
                    Some(Range { offset, length, .. }) => {
                        let offset = offset.unwrap_or(0.0).max(0.0) as usize;
                        if offset > size || (offset == size && size > 0) {
                            return failed("get", "The requested range is not satisfiable", 10039);
                        }
                        let length = length.map_or(size - offset, |l| (l.max(0.0) as usize).min(size - offset));
                        (offset, length)
                    }
                };
                let body = if (offset, length) == (0, size) {
                    stored.bytes.clone()
                } else {
                    Rc::new(stored.bytes[offset..offset + length].to_vec())
                };
                let shown = RangeInfo { offset, length };
                let object = info(&key, stored, true, Some(shown));
                (Answer { object: Some(object), body: true, ..Answer::default() }, Some(body))
            }
            Request::Put { key, http_metadata, custom_metadata, only_if, md5, storage_class } => {
                if let Some(error) = bad_key("put", &key) {
                    return error;
                }
                if !holds(only_if.as_ref(), bucket.get(&key)) {
                    return (Answer::default(), None);
                }
                let bytes = Rc::new(bytes.unwrap_or_default());
                if let Some(expected) = md5
                    && expected.to_ascii_lowercase() != md5_hex(&bytes)
                {
                    return failed("put", "The Content-MD5 you specified did not match what we received.", 10037);
                }
                let stored = self.stored(bytes, http_metadata, custom_metadata, storage_class, now_ms, None);
                let object = info(&key, &stored, true, None);
                bucket.insert(key, stored);
                (Answer { object: Some(object), ..Answer::default() }, None)
            }
            Request::Delete { keys } => {
                for key in keys {
                    bucket.remove(&key);
                }
                (Answer::default(), None)
            }
            Request::List { prefix, cursor, delimiter, start_after, limit, include } => {
                let limit = limit.map_or(1000, |l| (l.max(1.0) as usize).min(1000));
                let prefix = prefix.unwrap_or_default();
                let after = [cursor.and_then(|c| unhex(&c)), start_after].into_iter().flatten().max();
                let with_http = include.iter().any(|i| i == "httpMetadata");
                let with_custom = include.iter().any(|i| i == "customMetadata");
                let mut objects = Vec::new();
                let mut prefixes: Vec<String> = Vec::new();
                let mut last = None;
                let mut truncated = false;
                for (key, stored) in bucket.range(prefix.clone()..) {
                    if !key.starts_with(&prefix) {
                        break;
                    }
                    if after.as_ref().is_some_and(|a| key <= a) {
                        continue;
                    }
                    let grouped = delimiter.as_deref().filter(|d| !d.is_empty()).and_then(|d| {
                        key[prefix.len()..].find(d).map(|i| key[..prefix.len() + i + d.len()].to_string())
                    });
                    if let Some(group) = &grouped
                        && prefixes.last() == Some(group)
                    {
                        last = Some(key.clone());
                        continue;
                    }
                    if objects.len() + prefixes.len() == limit {
                        truncated = true;
                        break;
                    }
                    match grouped {
                        Some(group) => prefixes.push(group),
                        None => {
                            let mut object = info(key, stored, false, None);
                            if with_http {
                                object.http_metadata = Some(stored.http.clone());
                            }
                            if with_custom {
                                object.custom_metadata = Some(stored.custom.clone());
                            }
                            objects.push(object);
                        }
                    }
                    last = Some(key.clone());
                }
                let answer = Answer {
                    objects: Some(objects),
                    truncated: Some(truncated),
                    cursor: if truncated { last.map(|k| hex(k.as_bytes())) } else { None },
                    delimited_prefixes: Some(prefixes),
                    ..Answer::default()
                };
                (answer, None)
            }
            Request::CreateMultipartUpload { key, http_metadata, custom_metadata, storage_class } => {
                if let Some(error) = bad_key("createMultipartUpload", &key) {
                    return error;
                }
                let upload_id = self.next_id();
                let upload = Upload {
                    key,
                    http: http_metadata,
                    custom: custom_metadata,
                    storage_class: storage_class.unwrap_or_else(|| "Standard".to_string()),
                    parts: BTreeMap::new(),
                };
                self.uploads.borrow_mut().insert(upload_id.clone(), upload);
                (Answer { upload_id: Some(upload_id), ..Answer::default() }, None)
            }
            Request::UploadPart { key, upload_id, part_number } => {
                let mut uploads = self.uploads.borrow_mut();
                let Some(upload) = uploads.get_mut(&upload_id).filter(|u| u.key == key) else {
                    return failed("uploadPart", "The specified multipart upload does not exist.", 10024);
                };
                if !(1.0..=10_000.0).contains(&part_number) || part_number.fract() != 0.0 {
                    return failed("uploadPart", "Part number must be between 1 and 10000 (inclusive).", 10039);
                }
                let bytes = Rc::new(bytes.unwrap_or_default());
                let etag = md5_hex(&bytes);
                upload.parts.insert(part_number as u32, (etag.clone(), bytes));
                (Answer { etag: Some(etag), ..Answer::default() }, None)
            }
            Request::AbortMultipartUpload { key, upload_id } => {
                let mut uploads = self.uploads.borrow_mut();
                if uploads.get(&upload_id).is_none_or(|u| u.key != key) {
                    return failed("abortMultipartUpload", "The specified multipart upload does not exist.", 10024);
                }
                uploads.remove(&upload_id);
                (Answer::default(), None)
            }
            Request::CompleteMultipartUpload { key, upload_id, parts } => {
                let mut uploads = self.uploads.borrow_mut();
                let op = "completeMultipartUpload";
                let Some(upload) = uploads.get(&upload_id).filter(|u| u.key == key) else {
                    return failed(op, "The specified multipart upload does not exist.", 10024);
                };
                let mut chosen = Vec::with_capacity(parts.len());
                for part in &parts {
                    let found = upload.parts.get(&(part.part_number as u32)).filter(|(etag, _)| *etag == part.etag);
                    let Some(found) = found else {
                        return failed(op, "One or more of the specified parts could not be found.", 10025);
                    };
                    chosen.push(found);
                }
                if chosen.iter().rev().skip(1).any(|(_, bytes)| bytes.len() < MIN_PART_BYTES) {
                    return failed(op, "Your proposed upload is smaller than the minimum allowed object size.", 10011);
                }
                let mut digests = Vec::with_capacity(16 * chosen.len());
                let mut bytes = Vec::new();
                for (_, part) in &chosen {
                    digests.extend_from_slice(&Md5::digest(part.as_slice()));
                    bytes.extend_from_slice(part);
                }
                let etag = format!("{}-{}", md5_hex(&digests), chosen.len());
                let upload = uploads.remove(&upload_id).expect("found above");
                let stored = self.stored(
                    Rc::new(bytes),
                    upload.http,
                    upload.custom,
                    Some(upload.storage_class),
                    now_ms,
                    Some(etag),
                );
                let object = info(&key, &stored, true, None);
                bucket.insert(key, stored);
                (Answer { object: Some(object), ..Answer::default() }, None)
            }
        }
    }
}

fn bad_key(op: &str, key: &str) -> Option<(Answer, Option<Rc<Vec<u8>>>)> {
    (key.is_empty() || key.len() > MAX_KEY_BYTES).then(|| failed(op, "The specified object name is not valid.", 10020))
}

fn unhex(text: &str) -> Option<String> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> =
        (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect();
    String::from_utf8(bytes?).ok()
}

fn info(key: &str, stored: &Stored, metadata: bool, range: Option<RangeInfo>) -> ObjectInfo {
    ObjectInfo {
        key: key.to_string(),
        version: stored.version.clone(),
        size: stored.bytes.len(),
        etag: stored.etag.clone(),
        uploaded: stored.uploaded_ms,
        http_metadata: metadata.then(|| stored.http.clone()),
        custom_metadata: metadata.then(|| stored.custom.clone()),
        range,
        storage_class: stored.storage_class.clone(),
        md5: stored.md5.clone(),
    }
}

/// Whether `conditions` hold for `object` (absent: no object under the key).
fn holds(conditions: Option<&Conditions>, object: Option<&Stored>) -> bool {
    let Some(c) = conditions else { return true };
    let matches = |etags: &[String], object: &Stored| etags.iter().any(|e| e == "*" || *e == object.etag);
    let Some(object) = object else { return c.etag_matches.is_empty() };
    if !c.etag_matches.is_empty() && !matches(&c.etag_matches, object) {
        return false;
    }
    if !c.etag_does_not_match.is_empty() && matches(&c.etag_does_not_match, object) {
        return false;
    }
    if c.uploaded_before.is_some_and(|t| object.uploaded_ms as f64 >= t) {
        return false;
    }
    if c.uploaded_after.is_some_and(|t| object.uploaded_ms as f64 <= t) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket() -> Buckets {
        let spec = R2Spec {
            binding: "B".into(),
            latency: MsRange::fixed(0),
            data: [("a/1".to_string(), "one".to_string())].into(),
        };
        Buckets::new(vec![spec], 1_000)
    }

    fn run(b: &Buckets, json: &str, bytes: Option<&[u8]>) -> (Answer, Option<Rc<Vec<u8>>>) {
        b.run("B", serde_json::from_str(json).unwrap(), bytes.map(<[u8]>::to_vec), 2_000)
    }

    #[test]
    fn etags_are_the_md5_of_the_content() {
        let b = bucket();
        let (a, _) = run(&b, r#"{"op":"put","key":"k","customMetadata":{"x":"1"}}"#, Some(b"hello"));
        let object = a.object.unwrap();
        // MD5("hello"), RFC 1321.
        assert_eq!(object.etag, "5d41402abc4b2a76b9719d911017c592");
        assert_eq!((object.size, object.uploaded), (5, 2_000));
        let (a, body) = run(&b, r#"{"op":"get","key":"k","range":{"offset":1,"length":3}}"#, None);
        assert_eq!(body.as_deref().map(Vec::as_slice), Some(&b"ell"[..]));
        assert_eq!(a.object.unwrap().range, Some(RangeInfo { offset: 1, length: 3 }));
        let (_, body) = run(&b, r#"{"op":"get","key":"k","range":{"suffix":2}}"#, None);
        assert_eq!(body.as_deref().map(Vec::as_slice), Some(&b"lo"[..]));
        let (a, _) = run(&b, r#"{"op":"get","key":"k","range":{"offset":9}}"#, None);
        assert_eq!(a.error.as_deref(), Some("get: The requested range is not satisfiable (10039)"));
    }

    #[test]
    fn conditions_decide_between_body_metadata_and_nothing() {
        let b = bucket();
        let etag = md5_hex(b"one");
        let (a, body) =
            run(&b, &format!(r#"{{"op":"get","key":"a/1","onlyIf":{{"etagDoesNotMatch":["{etag}"]}}}}"#), None);
        assert!(!a.body && body.is_none() && a.object.is_some(), "a failed condition answers the metadata only");
        let (a, _) = run(&b, r#"{"op":"put","key":"a/1","onlyIf":{"etagMatches":["nope"]}}"#, Some(b"x"));
        assert!(a.object.is_none(), "a put whose condition fails writes nothing");
        let (a, _) = run(&b, r#"{"op":"put","key":"new","onlyIf":{"etagDoesNotMatch":["*"]}}"#, Some(b"x"));
        assert!(a.object.is_some(), "if-none-match * creates a missing object");
    }

    #[test]
    fn list_pages_and_groups_by_delimiter() {
        let b = bucket();
        for key in ["a/2", "a/sub/3", "a/sub/4", "b"] {
            run(&b, &format!(r#"{{"op":"put","key":"{key}"}}"#), Some(b"x"));
        }
        let (a, _) = run(&b, r#"{"op":"list","prefix":"a/","delimiter":"/"}"#, None);
        let keys: Vec<&str> = a.objects.as_ref().unwrap().iter().map(|o| o.key.as_str()).collect();
        assert_eq!((keys, a.delimited_prefixes.clone().unwrap()), (vec!["a/1", "a/2"], vec!["a/sub/".to_string()]));
        let (a, _) = run(&b, r#"{"op":"list","limit":2}"#, None);
        assert_eq!(a.truncated, Some(true));
        let cursor = a.cursor.unwrap();
        let (a, _) = run(&b, &format!(r#"{{"op":"list","cursor":"{cursor}"}}"#), None);
        let keys: Vec<&str> = a.objects.as_ref().unwrap().iter().map(|o| o.key.as_str()).collect();
        assert_eq!((keys, a.truncated), (vec!["a/sub/3", "a/sub/4", "b"], Some(false)));
    }

    #[test]
    fn a_multipart_upload_joins_its_parts() {
        let b = bucket();
        let (a, _) = run(&b, r#"{"op":"createMultipartUpload","key":"big"}"#, None);
        let id = a.upload_id.unwrap();
        let first = vec![7u8; MIN_PART_BYTES];
        let (p1, _) =
            run(&b, &format!(r#"{{"op":"uploadPart","key":"big","uploadId":"{id}","partNumber":1}}"#), Some(&first));
        let (p2, _) =
            run(&b, &format!(r#"{{"op":"uploadPart","key":"big","uploadId":"{id}","partNumber":2}}"#), Some(b"end"));
        let parts = format!(
            r#"[{{"partNumber":1,"etag":"{}"}},{{"partNumber":2,"etag":"{}"}}]"#,
            p1.etag.unwrap(),
            p2.etag.unwrap()
        );
        let (a, _) = run(
            &b,
            &format!(r#"{{"op":"completeMultipartUpload","key":"big","uploadId":"{id}","parts":{parts}}}"#),
            None,
        );
        let object = a.object.unwrap();
        assert_eq!(object.size, MIN_PART_BYTES + 3);
        assert!(object.etag.ends_with("-2"), "{}", object.etag);
        let (a, _) = run(&b, &format!(r#"{{"op":"abortMultipartUpload","key":"big","uploadId":"{id}"}}"#), None);
        assert_eq!(
            a.error.as_deref(),
            Some("abortMultipartUpload: The specified multipart upload does not exist. (10024)")
        );
    }
}
