//! The observable outcome of one request, as the two oracles compare it
//! (INTERFACES.md `global-state-race`): status, headers, body, error, console output,
//! and effects (subrequests other than GET/HEAD/OPTIONS).
//!
//! Also owns the nondeterminism masks: the parts of an outcome that differ between two
//! reference runs of the same requests that differ only in random seed, clock epoch and
//! latencies come from `Math.random()`, `Date.now()`, `crypto` or timing, not from
//! shared state, and are not compared. Masks work on tokens (runs of letters, digits,
//! `.` and `_`), so `"hello 0.123"` keeps `hello` compared and masks `0.123`.

use std::collections::BTreeMap;

use crosstalk_runtime::{EventKind, Owner, Run};

/// Field name → value, e.g. `body` → `ok`, `header:content-type` → `text/plain`.
pub(crate) type Observation = BTreeMap<String, String>;

/// The observable outcome of every request of a run, by model position: one pass over
/// its requests and one over its trace, however many requests the caller looks at (a
/// look-up per request, each scanning the trace, made a run of n requests cost n² —
/// 10,000 requests at once took minutes in the checks alone).
pub(crate) struct Observed<'r> {
    run: &'r Run,
    /// Model position → where in `run.requests` the first incoming request at it is.
    requests: BTreeMap<usize, usize>,
    /// Request → its console lines and its effects, in trace order.
    seen: BTreeMap<Owner, (Vec<&'r str>, Vec<String>)>,
}

impl<'r> Observed<'r> {
    pub(crate) fn new(run: &'r Run) -> Self {
        let mut requests = BTreeMap::new();
        // `Run::incoming`: the requests no binding made.
        for (k, request) in run.requests.iter().enumerate().filter(|(_, r)| r.called_by.is_none()) {
            requests.entry(request.index).or_insert(k);
        }
        let mut seen: BTreeMap<Owner, (Vec<&str>, Vec<String>)> = BTreeMap::new();
        for event in &run.trace {
            match &event.kind {
                EventKind::Console { text, .. } => seen.entry(event.owner).or_default().0.push(text.as_str()),
                EventKind::Fetch { method, url, .. }
                    if !matches!(method.to_ascii_uppercase().as_str(), "GET" | "HEAD" | "OPTIONS") =>
                {
                    seen.entry(event.owner).or_default().1.push(format!("{} {url}", method.to_ascii_uppercase()));
                }
                _ => {}
            }
        }
        Self { run, requests, seen }
    }

    /// The observable outcome of the request at model position `index`.
    pub(crate) fn get(&self, index: usize) -> Option<Observation> {
        let request = &self.run.requests[*self.requests.get(&index)?];
        debug_assert!(request.index == index && request.called_by.is_none());
        let mut fields = Observation::new();
        let outcome = serde_json::to_value(request.outcome).ok().and_then(|v| v.as_str().map(str::to_string));
        fields.insert("outcome".into(), outcome.unwrap_or_default());
        if let Some(status) = request.status {
            fields.insert("status".into(), status.to_string());
        }
        if let Some(error) = &request.error {
            fields.insert("error".into(), error.clone());
        }
        if let Some(body) = &request.body {
            fields.insert("body".into(), body.clone());
        }
        for (name, value) in &request.headers {
            let key = format!("header:{}", name.to_ascii_lowercase());
            fields.entry(key).and_modify(|v| *v = format!("{v}, {value}")).or_insert_with(|| value.clone());
        }
        if let Some((console, effects)) = self.seen.get(&request.id) {
            if !console.is_empty() {
                fields.insert("console".into(), console.join("\n"));
            }
            if !effects.is_empty() {
                fields.insert("effects".into(), effects.join("\n"));
            }
        }
        Some(fields)
    }
}

/// The owner id of the request at model position `index` in `run`.
pub(crate) fn owner_of(run: &Run, index: usize) -> Option<Owner> {
    run.incoming().find(|r| r.index == index).map(|r| r.id)
}

/// Which parts of one field are compared.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum FieldMask {
    /// Tokens marked `true` are not compared.
    Tokens(Vec<bool>),
    /// The whole field is not compared.
    Any,
}

/// Field name → what is not compared; fields absent are compared exactly.
pub(crate) type Mask = BTreeMap<String, FieldMask>;

/// Splits text into alternating separators and tokens; `true` marks a token.
fn segments(text: &str) -> Vec<(bool, &str)> {
    let mut out: Vec<(bool, &str)> = Vec::new();
    let mut start = 0;
    let mut current: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let is_token = c.is_alphanumeric() || c == '.' || c == '_';
        if current.is_some_and(|t| t != is_token) {
            out.push((current.unwrap_or(false), &text[start..i]));
            start = i;
        }
        current = Some(is_token);
    }
    if let Some(t) = current {
        out.push((t, &text[start..]));
    }
    out
}

/// Same separators in the same places (so tokens line up).
fn same_shape(a: &[(bool, &str)], b: &[(bool, &str)]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.0 == y.0 && (x.0 || x.1 == y.1))
}

/// The mask of two samples of the same request that should be equal but for
/// nondeterminism.
pub(crate) fn derive_mask(a: &Observation, b: &Observation) -> Mask {
    let mut mask = Mask::new();
    for key in a.keys().chain(b.keys()) {
        match (a.get(key), b.get(key)) {
            (Some(x), Some(y)) if x == y => {}
            (Some(x), Some(y)) => {
                let (sx, sy) = (segments(x), segments(y));
                let field = if same_shape(&sx, &sy) {
                    FieldMask::Tokens(sx.iter().zip(&sy).filter(|(s, _)| s.0).map(|(s, t)| s.1 != t.1).collect())
                } else {
                    FieldMask::Any
                };
                mask.insert(key.clone(), field);
            }
            _ => {
                mask.insert(key.clone(), FieldMask::Any);
            }
        }
    }
    mask
}

/// A field whose values differ.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Difference {
    pub field: String,
    pub here: Option<String>,
    pub reference: Option<String>,
}

impl Difference {
    /// `body '1, 4' (alone: '0, 1')`.
    pub(crate) fn describe(&self, reference_name: &str) -> String {
        let show = |v: &Option<String>| match v {
            Some(v) => format!("'{}'", clip(v)),
            None => "nothing".to_string(),
        };
        format!("{} was {} here but {} {reference_name}", self.field, show(&self.here), show(&self.reference))
    }
}

fn clip(text: &str) -> String {
    let one_line = text.trim_end().replace('\n', "\\n");
    if one_line.chars().count() > 80 {
        format!("{}…", one_line.chars().take(80).collect::<String>())
    } else {
        one_line
    }
}

/// The first field (in name order) where `here` and `reference` differ outside `mask`
/// and outside the fields `skip` accepts.
pub(crate) fn compare(
    here: &Observation,
    reference: &Observation,
    mask: Option<&Mask>,
    skip: &dyn Fn(&str) -> bool,
) -> Option<Difference> {
    let mut keys: Vec<&String> = here.keys().chain(reference.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        if skip(key) {
            continue;
        }
        let (x, y) = (here.get(key), reference.get(key));
        if x == y {
            continue;
        }
        let equal = match (mask.and_then(|m| m.get(key)), x, y) {
            (Some(FieldMask::Any), _, _) => true,
            (Some(FieldMask::Tokens(wild)), Some(x), Some(y)) => {
                let (sx, sy) = (segments(x), segments(y));
                same_shape(&sx, &sy)
                    && sx
                        .iter()
                        .zip(&sy)
                        .filter(|(s, _)| s.0)
                        .zip(wild.iter().chain(std::iter::repeat(&false)))
                        .all(|((s, t), wild)| *wild || s.1 == t.1)
            }
            _ => false,
        };
        if !equal {
            return Some(Difference { field: key.clone(), here: x.cloned(), reference: y.cloned() });
        }
    }
    None
}

/// Fields (and tokens) a mask excludes, for the report's notes.
pub(crate) fn describe_mask(mask: &Mask) -> Vec<String> {
    mask.iter()
        .map(|(field, m)| match m {
            FieldMask::Any => field.clone(),
            FieldMask::Tokens(wild) => {
                let n = wild.iter().filter(|w| **w).count();
                format!("{n} token{} of {field}", if n == 1 { "" } else { "s" })
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(pairs: &[(&str, &str)]) -> Observation {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn random_tokens_are_masked_and_the_rest_still_compared() {
        let a = obs(&[("body", "hello 0.25 n=3")]);
        let b = obs(&[("body", "hello 0.75 n=3")]);
        let mask = derive_mask(&a, &b);
        let no_skip = |_: &str| false;
        assert_eq!(compare(&obs(&[("body", "hello 0.5 n=3")]), &a, Some(&mask), &no_skip), None);
        let diff = compare(&obs(&[("body", "hello 0.5 n=4")]), &a, Some(&mask), &no_skip);
        assert_eq!(diff.map(|d| d.field), Some("body".to_string()));
        assert_eq!(describe_mask(&mask), vec!["1 token of body"]);
    }

    /// Each request's observation holds its own console lines and effects (subrequests
    /// other than GET/HEAD/OPTIONS), whatever else the trace interleaves with them.
    #[test]
    fn each_request_is_observed_with_its_own_console_and_effects() {
        use crosstalk_runtime::{FirstScheduler, Model, MsRange, OriginSpec, simulate};
        let script = "export default { async fetch(request) {\n\
              const path = new URL(request.url).pathname;\n\
              console.log('start ' + path);\n\
              await fetch('https://api.example/' + path.slice(1), { method: 'POST' });\n\
              await fetch('https://api.example/read');\n\
              console.log('end ' + path);\n\
              return new Response(path, { headers: { 'x-path': path } });\n\
            } };";
        let mut model = Model::module("worker.mjs", script)
            .with_requests("https://worker.example/a", MsRange::fixed(0), 1)
            .with_requests("https://worker.example/b", MsRange::fixed(0), 1);
        model.origins.push(OriginSpec {
            url: "https://api.example/*".into(),
            latency: MsRange::fixed(5),
            status: 200,
            headers: vec![],
            body: "data".into(),
            body_chunks: 1,
            chunk_interval: MsRange::fixed(0),
        });
        let run = simulate(&model, &mut FirstScheduler).expect("runs");
        let observed = Observed::new(&run);
        for (index, path) in [(0, "/a"), (1, "/b")] {
            let expected = obs(&[
                ("outcome", "response"),
                ("status", "200"),
                ("body", path),
                ("header:x-path", path),
                ("header:content-type", "text/plain;charset=UTF-8"),
                ("console", &format!("start {path}\nend {path}")),
                ("effects", &format!("POST https://api.example/{}", &path[1..])),
            ]);
            assert_eq!(observed.get(index), Some(expected), "request {index}");
        }
        assert_eq!(observed.get(2), None, "no request at position 2");
    }

    #[test]
    fn without_a_mask_every_field_is_exact() {
        let no_skip = |_: &str| false;
        let diff = compare(&obs(&[("body", "1")]), &obs(&[("body", "0")]), None, &no_skip);
        assert_eq!(diff.map(|d| d.describe("alone")), Some("body was '1' here but '0' alone".to_string()));
        let skip_body = |f: &str| f == "body";
        assert_eq!(compare(&obs(&[("body", "1")]), &obs(&[("body", "0")]), None, &skip_body), None);
    }
}
