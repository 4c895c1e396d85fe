//! Static assets (wrangler's `[assets]`): the files of a project's assets folder, served
//! as Cloudflare serves them — by the router in front of the worker, and by the
//! `env.ASSETS` binding. Pure: a request's method, path, query and headers in, a response
//! out; the host makes the JS objects and the I/O.
//!
//! The behaviour follows Cloudflare's documentation of Workers static assets and its
//! asset and router workers (workers-sdk, `packages/workers-shared`), restated in our
//! own code:
//! - the path is percent-decoded segment by segment and runs of `/` collapse; a file
//!   found at a path whose canonical encoding (`encodeURIComponent` per segment) differs
//!   from the request's gets a 307 to the canonical path;
//! - `html_handling` (`auto-trailing-slash`, `force-trailing-slash`, `drop-trailing-slash`,
//!   `none`) maps `/about`, `/about.html`, `/about/` and `/about/index.html` onto files,
//!   redirecting (307) only where the other path serves the same content;
//! - `not_found_handling` (`none`, `404-page`: the nearest `404.html` up the folders with
//!   status 404, `single-page-application`: `/index.html` with 200);
//! - only GET and HEAD are served (405 otherwise, for a path that matched); a strong
//!   `ETag`, `If-None-Match` → 304, `Cache-Control: public, max-age=0, must-revalidate`
//!   unless the request has `Authorization` or `Range`;
//! - the router sends a request to the worker when `run_worker_first` says so (true, or
//!   a rule of its list; `!` rules send to assets), else when no asset matches it (with
//!   not-found handling off, unless the request is a navigation and the compatibility
//!   date is 2025-04-01 or later, or `run_worker_first` is a list).

use sha2::Digest;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::MsRange;

/// How paths map onto `.html` files (wrangler `assets.html_handling`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HtmlHandling {
    /// The default: `/about` serves `about.html`, a folder's index is at `/folder/`.
    AutoTrailingSlash,
    /// Every HTML page at a path with a trailing slash.
    ForceTrailingSlash,
    /// Every HTML page at a path without a trailing slash.
    DropTrailingSlash,
    /// Exact file paths only.
    None,
}

impl HtmlHandling {
    /// The mode a wrangler value names.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "auto-trailing-slash" => Self::AutoTrailingSlash,
            "force-trailing-slash" => Self::ForceTrailingSlash,
            "drop-trailing-slash" => Self::DropTrailingSlash,
            "none" => Self::None,
            _ => return None,
        })
    }
}

/// What a path no file matches gets (wrangler `assets.not_found_handling`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotFoundHandling {
    /// A 404 with no body (the default).
    None,
    /// `404-page`: the nearest `404.html` up the path's folders, with status 404.
    NotFoundPage,
    /// `single-page-application`: `/index.html`, with status 200.
    SinglePageApplication,
}

impl NotFoundHandling {
    /// The mode a wrangler value names.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "none" => Self::None,
            "404-page" => Self::NotFoundPage,
            "single-page-application" => Self::SinglePageApplication,
            _ => return None,
        })
    }
}

/// wrangler `assets.run_worker_first`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunWorkerFirst {
    /// `false` (the default) or `true`.
    All(bool),
    /// A list of path patterns (`*` matches any run of characters, `/` included); the
    /// `!` ones (kept here without the `!`) send a request to the assets, and win.
    Rules {
        /// The rules that send a request to the worker.
        worker: Vec<String>,
        /// The `!` rules, which send it to the assets and win.
        assets: Vec<String>,
    },
}

/// One file of the assets folder.
#[derive(Clone, PartialEq, Eq)]
pub struct AssetFile {
    /// Its content.
    pub bytes: Arc<[u8]>,
    /// The strong entity tag's value, without quotes: 32 hex digits of a hash of the
    /// content and extension.
    pub etag: String,
    /// From the file name's extension; `None` for an unknown one (no header at all).
    pub content_type: Option<&'static str>,
}

impl AssetFile {
    /// The file at `path` (its name decides the content type) holding `bytes`.
    pub fn new(path: &str, bytes: Vec<u8>) -> Self {
        let extension = extension(path);
        // Cloudflare hashes the base64 of the content followed by the extension (with
        // BLAKE3 in production); crosstalk uses SHA-256 the same way, so the tags are
        // stable, differ exactly when the content or the extension does, and have the
        // production form (32 hex digits) but not its digits.
        let mut hasher = sha2::Sha256::new();
        hasher.update(crate::host::base64::encode(&bytes).as_bytes());
        hasher.update(extension.as_bytes());
        let digest = hasher.finalize();
        let etag: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        AssetFile { bytes: bytes.into(), etag, content_type: content_type(&extension) }
    }
}

impl std::fmt::Debug for AssetFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AssetFile({} bytes, {})", self.bytes.len(), self.etag)
    }
}

/// A project's static assets and how they are served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetsSpec {
    /// `assets.binding`: the name of `env`'s Fetcher, if any.
    pub binding: Option<String>,
    /// The files, by their path from the folder with a leading `/` (`/index.html`).
    pub files: BTreeMap<String, AssetFile>,
    /// `assets.html_handling`.
    pub html_handling: HtmlHandling,
    /// `assets.not_found_handling`.
    pub not_found_handling: NotFoundHandling,
    /// `assets.run_worker_first`.
    pub run_worker_first: RunWorkerFirst,
    /// `assets_navigation_prefers_asset_serving` (compatibility date 2025-04-01 or
    /// later, unless `assets_navigation_has_no_effect`).
    pub navigation_prefers_assets: bool,
    /// How long an `env.ASSETS.fetch()` takes.
    pub latency: MsRange,
    /// The root `_redirects` file's rules, in file order.
    pub redirects: Vec<RedirectRule>,
    /// The root `_headers` file's rules, in file order.
    pub headers: Vec<HeaderRule>,
}

/// A piece of a `_redirects` or `_headers` path pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// `*`: any run of characters, `/` included (captured as `splat`).
    Splat,
    /// `:name`: one or more characters other than `/`.
    Named(String),
}

/// A rule of `_redirects`: `from to [status]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedirectRule {
    pieces: Vec<Piece>,
    /// Whether `from` has no `*` nor `:name` and no dynamic rule came before it: such a
    /// rule is looked up exactly, before every dynamic one.
    exact: bool,
    to: String,
    status: u16,
}

/// A rule of `_headers`: a path pattern and the headers it sets and removes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderRule {
    pieces: Vec<Piece>,
    /// The pattern names a host (`https://example.com/*`): it is matched against
    /// `https://` + the request's hostname + its pathname.
    absolute: bool,
    set: Vec<(String, String)>,
    unset: Vec<String>,
}

/// The longest line either file may have; longer ones are skipped.
const RULE_LINE_MAX: usize = 2000;

/// Splits a pattern into its pieces (`:name` starts with a letter, then word characters).
fn compile(pattern: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '*' {
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(Piece::Splat);
            i += 1;
        } else if c == ':' && chars.get(i + 1).is_some_and(char::is_ascii_alphabetic) {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && (chars[end].is_ascii_alphanumeric() || chars[end] == '_') {
                end += 1;
            }
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(Piece::Named(chars[start..end].iter().collect()));
            i = end;
        } else {
            text.push(c);
            i += 1;
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    pieces
}

/// The captures of `pieces` matching the whole of `text` (greedy, backtracking), or
/// `None`. A pattern that names a capture twice matches nothing, as a regular
/// expression with a duplicate group fails to compile.
fn captures(pieces: &[Piece], text: &str) -> Option<Vec<(String, String)>> {
    let mut names: Vec<&str> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Splat => Some("splat"),
            Piece::Named(n) => Some(n.as_str()),
            Piece::Text(_) => None,
        })
        .collect();
    let count = names.len();
    names.sort_unstable();
    names.dedup();
    if names.len() != count {
        return None;
    }
    let mut found = Vec::new();
    match_from(pieces, text, &mut found).then_some(found)
}

fn match_from(pieces: &[Piece], text: &str, found: &mut Vec<(String, String)>) -> bool {
    let Some((first, rest)) = pieces.split_first() else { return text.is_empty() };
    match first {
        Piece::Text(literal) => text.strip_prefix(literal.as_str()).is_some_and(|tail| match_from(rest, tail, found)),
        Piece::Splat | Piece::Named(_) => {
            let (name, stop_at_slash, least) = match first {
                Piece::Named(n) => (n.as_str(), true, 1),
                _ => ("splat", false, 0),
            };
            let limit = if stop_at_slash { text.find('/').unwrap_or(text.len()) } else { text.len() };
            // Greedy: the longest capture first.
            let ends: Vec<usize> =
                text.char_indices().map(|(i, _)| i).chain([text.len()]).filter(|&i| i <= limit).collect();
            for &end in ends.iter().rev() {
                if end < least {
                    continue;
                }
                found.push((name.to_string(), text[..end].to_string()));
                if match_from(rest, &text[end..], found) {
                    return true;
                }
                found.pop();
            }
            false
        }
    }
}

/// `template` with each `:name` of `captured` replaced by its value.
fn substitute(template: &str, captured: &[(String, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let chars: Vec<char> = template.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ':' && chars.get(i + 1).is_some_and(char::is_ascii_alphabetic) {
            let mut end = i + 1;
            while end < chars.len() && (chars[end].is_ascii_alphanumeric() || chars[end] == '_') {
                end += 1;
            }
            let name: String = chars[i + 1..end].iter().collect();
            if let Some((_, value)) = captured.iter().find(|(n, _)| *n == name) {
                out.push_str(value);
                i = end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The path of a rule's `from` or `_headers` path: relative, with a leading `/`, its
/// query and fragment dropped; `None` for an absolute URL.
fn rule_path(text: &str) -> Option<String> {
    if text.contains("://") {
        return None;
    }
    let path = text.split(['?', '#']).next().unwrap_or("");
    Some(if path.starts_with('/') { path.to_string() } else { format!("/{path}") })
}

/// Parses a `_redirects` file as Cloudflare does; a line it would refuse is skipped.
pub fn parse_redirects(text: &str, html_handling: HtmlHandling) -> Vec<RedirectRule> {
    let mut rules: Vec<RedirectRule> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let (mut exact_count, mut dynamic_count) = (0, 0);
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.len() > RULE_LINE_MAX {
            continue;
        }
        // An inline comment: a token starting with `#` and what follows.
        let tokens: Vec<&str> = line.split_whitespace().take_while(|t| !t.starts_with('#')).collect();
        if !(2..=3).contains(&tokens.len()) {
            continue;
        }
        let status = match tokens.get(2) {
            None => 302,
            Some(code) => match code.parse::<u16>() {
                Ok(code @ (200 | 301 | 302 | 303 | 307 | 308)) => code,
                _ => continue,
            },
        };
        let Some(from) = rule_path(tokens[0]) else { continue };
        let to = tokens[1];
        let relative = to.starts_with('/');
        // A target is a path or an https URL; a rewrite's is a path.
        let allowed = if status == 200 { relative } else { relative || to.starts_with("https://") };
        if !allowed {
            continue;
        }
        if relative {
            let target = to.split(['?', '#']).next().unwrap_or("");
            let to_index = target.ends_with("/index") || target.ends_with("/index.html");
            if to_index && (from.ends_with("/*") || (from.ends_with('/') && html_handling != HtmlHandling::None)) {
                continue;
            }
        }
        if !seen.insert(from.clone()) {
            continue;
        }
        let pieces = compile(&from);
        let exact = pieces.iter().all(|p| matches!(p, Piece::Text(_))) && dynamic_count == 0;
        if exact {
            if exact_count == 2000 {
                continue;
            }
            exact_count += 1;
        } else {
            if dynamic_count == 100 {
                break;
            }
            dynamic_count += 1;
        }
        rules.push(RedirectRule { pieces, exact, to: to.to_string(), status });
    }
    rules
}

/// Parses a `_headers` file as Cloudflare does; a rule it would refuse is skipped.
pub fn parse_headers(text: &str) -> Vec<HeaderRule> {
    let mut rules: Vec<HeaderRule> = Vec::new();
    // The rule being read; `None` after a bad path line, until the next path line.
    let mut current: Option<HeaderRule> = None;
    let mut skipping = false;
    let finish = |rule: Option<HeaderRule>, rules: &mut Vec<HeaderRule>| {
        if let Some(rule) = rule
            && (!rule.set.is_empty() || !rule.unset.is_empty())
            && rules.len() < 100
        {
            rules.push(rule);
        }
    };
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.len() > RULE_LINE_MAX {
            continue;
        }
        if line.starts_with('/') || line.contains("://") {
            finish(current.take(), &mut rules);
            let (pattern, absolute) = match line.strip_prefix("https://") {
                Some(rest) => {
                    let (host, path) =
                        rest.split_once('/').map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
                    if host.contains(':') {
                        skipping = true;
                        continue;
                    }
                    let path = path.split(['?', '#']).next().unwrap_or("").to_string();
                    (format!("https://{host}{path}"), true)
                }
                None if line.starts_with('/') => (rule_path(line).unwrap_or_default(), false),
                None => {
                    skipping = true;
                    continue;
                }
            };
            let pieces = compile(&pattern);
            let splats = pieces.iter().filter(|p| matches!(p, Piece::Splat)).count();
            let named_splat = pieces.iter().any(|p| matches!(p, Piece::Named(n) if n == "splat"));
            if splats > 1 || (splats == 1 && named_splat) {
                skipping = true;
                continue;
            }
            skipping = false;
            current = Some(HeaderRule { pieces, absolute, set: Vec::new(), unset: Vec::new() });
            continue;
        }
        if skipping {
            continue;
        }
        let Some(rule) = current.as_mut() else { continue };
        if let Some((name, value)) = line.split_once(':') {
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
            if name.is_empty() || name.contains(' ') || value.is_empty() {
                continue;
            }
            match rule.set.iter_mut().find(|(n, _)| *n == name) {
                Some((_, existing)) => {
                    existing.push_str(", ");
                    existing.push_str(value);
                }
                None => rule.set.push((name, value.to_string())),
            }
        } else if let Some(name) = line.strip_prefix("! ") {
            rule.unset.push(name.trim().to_ascii_lowercase());
        }
    }
    finish(current, &mut rules);
    rules
}

/// The latency of an `env.ASSETS.fetch()`: the asset worker is a service call away.
pub const ASSETS_LATENCY: MsRange = MsRange::new_range(1, 5);

/// A request as the asset worker sees it.
pub struct AssetRequest<'a> {
    /// Its HTTP method.
    pub method: &'a str,
    /// The URL's pathname as received (still percent-encoded).
    pub pathname: &'a str,
    /// The URL's search, with its `?` (empty when none).
    pub search: &'a str,
    /// The request's headers, names lowercase.
    pub headers: &'a [(String, String)],
    /// The URL's hostname (for `_headers` rules that name a host, and for redirects to
    /// the same origin).
    pub host: &'a str,
}

impl AssetRequest<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// What the asset worker answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetResponse {
    /// Its HTTP status.
    pub status: u16,
    /// Its status text.
    pub status_text: &'static str,
    /// Its headers, names lowercase.
    pub headers: Vec<(String, String)>,
    /// `None` for a null body (redirects, 304, 404 without a page, 405, HEAD).
    pub body: Option<Arc<[u8]>>,
    /// The file answered with (its path in the assets folder), if any.
    pub file: Option<String>,
}

/// Where a path leads.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Intent {
    /// The file at this key, with this status (200, or 404 for a 404 page).
    Serve { key: String, status: u16 },
    /// A 307 to this path.
    Redirect(String),
}

impl AssetsSpec {
    fn has(&self, key: &str) -> bool {
        self.files.contains_key(key)
    }

    /// Whether the router gives this request to the worker rather than to the assets.
    pub fn routes_to_worker(&self, request: &AssetRequest<'_>) -> bool {
        match &self.run_worker_first {
            RunWorkerFirst::All(true) => return true,
            RunWorkerFirst::All(false) => {}
            RunWorkerFirst::Rules { worker, assets } => {
                if assets.iter().any(|rule| glob_matches(rule, request.pathname)) {
                    return false;
                }
                if worker.iter().any(|rule| glob_matches(rule, request.pathname)) {
                    return true;
                }
            }
        }
        // The router's probe: would the assets answer with anything but "nothing here"?
        let keep_not_found = matches!(self.run_worker_first, RunWorkerFirst::Rules { .. })
            || (self.navigation_prefers_assets && request.header("sec-fetch-mode") == Some("navigate"));
        self.answer(request, keep_not_found).is_none()
    }

    /// What `env.ASSETS.fetch()` (and the router, for a request it gives the assets)
    /// answers, with the `_headers` rules applied.
    pub fn serve(&self, request: &AssetRequest<'_>) -> AssetResponse {
        let mut response = self.answer(request, true).unwrap_or_else(|| bare(404, "Not Found"));
        self.apply_headers(request, &mut response);
        response
    }

    /// The assets' answer before `_headers`; `None` when nothing matched at all (the
    /// router then asks the worker). `not_found`: whether not-found handling applies.
    fn answer(&self, request: &AssetRequest<'_>, not_found: bool) -> Option<AssetResponse> {
        // `_redirects` first, whatever the method and whether or not a file exists.
        let mut pathname = request.pathname.to_string();
        let mut proxied = false;
        if let Some((rule, captured)) = self.redirect_rule(request.pathname) {
            let target = substitute(&rule.to, &captured);
            if rule.status != 200 {
                return Some(redirect_rule_response(rule.status, target.trim(), request));
            }
            // A rewrite: the target's path is served, and `_redirects` is not read again.
            pathname = collapse_slashes(target.trim().split(['?', '#']).next().unwrap_or(""));
            proxied = true;
        }
        let path = decode_path(&pathname);
        let intent = if not_found { self.intent(&path, true) } else { self.html(&path, true) };
        let Some(intent) = intent else {
            return proxied.then(|| bare(404, "Not Found"));
        };
        let method = request.method.to_ascii_uppercase();
        if method != "GET" && method != "HEAD" {
            return Some(bare(405, "Method Not Allowed"));
        }
        let (key, status) = match intent {
            Intent::Redirect(to) => return Some(redirect(&to, request.search)),
            Intent::Serve { key, status } => (key, status),
        };
        if encode_path(&path) != pathname {
            return Some(redirect(&path, request.search));
        }
        Some(self.file_response(request, key, status, &method))
    }

    /// The first `_redirects` rule for `pathname`: the exact ones first, then the others
    /// in file order; with its captures.
    fn redirect_rule(&self, pathname: &str) -> Option<(&RedirectRule, Vec<(String, String)>)> {
        let exact = self.redirects.iter().filter(|r| r.exact).find(|r| captures(&r.pieces, pathname).is_some());
        if let Some(rule) = exact {
            return Some((rule, Vec::new()));
        }
        self.redirects.iter().filter(|r| !r.exact).find_map(|r| captures(&r.pieces, pathname).map(|c| (r, c)))
    }

    /// `_headers`: every rule whose pattern matches, in file order, removes its `!`
    /// headers, then sets its own; the first rule to set a header replaces the response's,
    /// later ones append to it.
    fn apply_headers(&self, request: &AssetRequest<'_>, response: &mut AssetResponse) {
        let mut set_here: Vec<String> = Vec::new();
        for rule in &self.headers {
            let absolute;
            let subject = if rule.absolute {
                absolute = format!("https://{}{}", request.host, request.pathname);
                absolute.as_str()
            } else {
                request.pathname
            };
            let Some(captured) = captures(&rule.pieces, subject) else { continue };
            for name in &rule.unset {
                response.headers.retain(|(n, _)| n != name);
            }
            for (name, value) in &rule.set {
                let value = substitute(value, &captured);
                if set_here.contains(name) {
                    if let Some((_, existing)) = response.headers.iter_mut().find(|(n, _)| n == name) {
                        existing.push_str(", ");
                        existing.push_str(&value);
                    }
                } else {
                    response.headers.retain(|(n, _)| n != name);
                    response.headers.push((name.clone(), value));
                    set_here.push(name.clone());
                }
            }
        }
    }

    /// The file at `key`, answered with `status` (or 304 for a matching entity tag).
    fn file_response(&self, request: &AssetRequest<'_>, key: String, status: u16, method: &str) -> AssetResponse {
        let file = &self.files[&key];
        let etag = format!("\"{}\"", file.etag);
        let mut headers = Vec::new();
        if let Some(content_type) = file.content_type {
            headers.push(("content-type".to_string(), content_type.to_string()));
        }
        headers.push(("etag".to_string(), etag.clone()));
        if request.header("authorization").is_none() && request.header("range").is_none() {
            headers.push(("cache-control".to_string(), "public, max-age=0, must-revalidate".to_string()));
        }
        let weak = format!("W/{etag}");
        if request.header("if-none-match").is_some_and(|tag| tag == etag || tag == weak) {
            return AssetResponse { status: 304, status_text: "Not Modified", headers, body: None, file: Some(key) };
        }
        let status_text = if status == 404 { "Not Found" } else { "OK" };
        let body = (method == "GET").then(|| file.bytes.clone());
        AssetResponse { status, status_text, headers, body, file: Some(key) }
    }

    fn intent(&self, path: &str, redirects: bool) -> Option<Intent> {
        self.html(path, redirects).or_else(|| self.not_found(path))
    }

    /// `not_found_handling`'s answer for a path no file matched.
    fn not_found(&self, path: &str) -> Option<Intent> {
        match self.not_found_handling {
            NotFoundHandling::None => None,
            NotFoundHandling::SinglePageApplication => {
                self.has("/index.html").then(|| Intent::Serve { key: "/index.html".into(), status: 200 })
            }
            NotFoundHandling::NotFoundPage => {
                let mut prefix = path;
                loop {
                    let cut = prefix.rfind('/')?;
                    prefix = &prefix[..cut];
                    let page = format!("{prefix}/404.html");
                    if self.has(&page) {
                        return Some(Intent::Serve { key: page, status: 404 });
                    }
                    if prefix.is_empty() {
                        return None;
                    }
                }
            }
        }
    }

    /// `html_handling`'s answer for `path`: its suffix's steps, then the mode's general
    /// ones, the first that succeeds.
    fn html(&self, path: &str, redirects: bool) -> Option<Intent> {
        let serve = |key: String| self.has(&key).then_some(Intent::Serve { key, status: 200 });
        // A redirect from `from` to `to`, made only when `to` is no file of its own and
        // serves the same content as `from` (so the redirect loses nothing).
        let moved = |from: String, to: String| -> Option<Intent> {
            if !redirects || !self.has(&from) || self.has(&to) {
                return None;
            }
            match self.intent(&to, false) {
                Some(Intent::Serve { key, .. }) if self.files[&key].etag == self.files[&from].etag => {
                    Some(Intent::Redirect(to))
                }
                _ => None,
            }
        };
        let p = path.to_string();
        match self.html_handling {
            HtmlHandling::None => serve(p),
            HtmlHandling::AutoTrailingSlash => {
                let branch = if let Some(base) = path.strip_suffix("/index") {
                    serve(p.clone())
                        .or_else(|| moved(format!("{p}.html"), format!("{base}/")))
                        .or_else(|| moved(format!("{base}.html"), base.to_string()))
                } else if let Some(base) = path.strip_suffix("/index.html") {
                    moved(p.clone(), format!("{base}/")).or_else(|| moved(format!("{base}.html"), base.to_string()))
                } else if let Some(base) = path.strip_suffix('/') {
                    serve(format!("{p}index.html")).or_else(|| moved(format!("{base}.html"), base.to_string()))
                } else if let Some(base) = path.strip_suffix(".html") {
                    moved(p.clone(), base.to_string())
                        .or_else(|| moved(format!("{base}/index.html"), format!("{base}/")))
                } else {
                    None
                };
                branch
                    .or_else(|| serve(p.clone()))
                    .or_else(|| serve(format!("{p}.html")))
                    .or_else(|| moved(format!("{p}/index.html"), format!("{p}/")))
            }
            HtmlHandling::ForceTrailingSlash => {
                let branch = if let Some(base) = path.strip_suffix("/index") {
                    serve(p.clone())
                        .or_else(|| moved(format!("{p}.html"), format!("{base}/")))
                        .or_else(|| moved(format!("{base}.html"), format!("{base}/")))
                } else if let Some(base) = path.strip_suffix("/index.html") {
                    moved(p.clone(), format!("{base}/")).or_else(|| moved(format!("{base}.html"), format!("{base}/")))
                } else if let Some(base) = path.strip_suffix('/') {
                    serve(format!("{p}index.html")).or_else(|| serve(format!("{base}.html")))
                } else if let Some(base) = path.strip_suffix(".html") {
                    moved(p.clone(), format!("{base}/"))
                        .or_else(|| serve(p.clone()))
                        .or_else(|| moved(format!("{base}/index.html"), format!("{base}/")))
                } else {
                    None
                };
                branch
                    .or_else(|| serve(p.clone()))
                    .or_else(|| moved(format!("{p}.html"), format!("{p}/")))
                    .or_else(|| moved(format!("{p}/index.html"), format!("{p}/")))
            }
            HtmlHandling::DropTrailingSlash => {
                let branch = if let Some(base) = path.strip_suffix("/index") {
                    serve(p.clone()).or_else(|| {
                        if path == "/index" {
                            moved("/index.html".into(), "/".into())
                        } else {
                            moved(format!("{base}.html"), base.to_string())
                                .or_else(|| moved(format!("{p}.html"), base.to_string()))
                        }
                    })
                } else if let Some(base) = path.strip_suffix("/index.html") {
                    if path == "/index.html" {
                        moved(p.clone(), "/".into())
                    } else {
                        moved(p.clone(), base.to_string())
                            .or_else(|| serve(p.clone()))
                            .or_else(|| moved(format!("{base}.html"), base.to_string()))
                    }
                } else if let Some(base) = path.strip_suffix('/') {
                    if path == "/" {
                        serve("/index.html".into())
                    } else {
                        moved(format!("{base}.html"), base.to_string())
                            .or_else(|| moved(format!("{base}/index.html"), base.to_string()))
                    }
                } else if let Some(base) = path.strip_suffix(".html") {
                    moved(p.clone(), base.to_string()).or_else(|| moved(format!("{base}/index.html"), base.to_string()))
                } else {
                    None
                };
                branch
                    .or_else(|| serve(p.clone()))
                    .or_else(|| serve(format!("{p}.html")))
                    .or_else(|| serve(format!("{p}/index.html")))
            }
        }
    }
}

/// A response with a null body and no headers.
fn bare(status: u16, status_text: &'static str) -> AssetResponse {
    AssetResponse { status, status_text, headers: Vec::new(), body: None, file: None }
}

/// A 307 to `path` (decoded; encoded here), keeping the request's query.
fn redirect(path: &str, search: &str) -> AssetResponse {
    let search = if search == "?" { "" } else { search };
    let location = format!("{}{search}", encode_path(path));
    AssetResponse {
        status: 307,
        status_text: "Temporary Redirect",
        headers: vec![("location".to_string(), location)],
        body: None,
        file: None,
    }
}

/// Runs of `/` made one.
fn collapse_slashes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

/// A `_redirects` redirect to `target` (placeholders substituted): `Location` is
/// relative for the request's own origin, absolute for another; the target's query, or
/// else the request's, then the target's fragment.
fn redirect_rule_response(status: u16, target: &str, request: &AssetRequest<'_>) -> AssetResponse {
    let status_text = match status {
        301 => "Moved Permanently",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        _ => "Found",
    };
    let status = if matches!(status, 301 | 302 | 303 | 307 | 308) { status } else { 302 };
    let (origin, rest) = match target.strip_prefix("https://") {
        Some(rest) => {
            let cut = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            (Some(&rest[..cut]), rest[cut..].to_string())
        }
        None => (None, collapse_slashes(target)),
    };
    let (before_fragment, fragment) = rest.split_once('#').map_or((rest.as_str(), ""), |(a, f)| (a, f));
    let (path, query) = before_fragment.split_once('?').map_or((before_fragment, ""), |(p, q)| (p, q));
    let path = if path.is_empty() { "/" } else { path };
    let query = if query.is_empty() {
        if request.search == "?" { String::new() } else { request.search.to_string() }
    } else {
        format!("?{query}")
    };
    let fragment = if fragment.is_empty() { String::new() } else { format!("#{fragment}") };
    let same_origin = origin.is_none_or(|host| host.eq_ignore_ascii_case(request.host));
    let location = if same_origin {
        format!("{path}{query}{fragment}")
    } else {
        format!("https://{}{path}{query}{fragment}", origin.unwrap_or_default())
    };
    AssetResponse { status, status_text, headers: vec![("location".to_string(), location)], body: None, file: None }
}

/// `*` matches any run of characters (`/` included); every other character is itself;
/// the whole pathname must match.
fn glob_matches(pattern: &str, path: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = path.strip_prefix(first) else { return false };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else { return rest.is_empty() };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// The lookup path of a request's pathname: each segment percent-decoded (a segment
/// whose escapes do not decode to UTF-8 is kept as it is), runs of `/` collapsed.
pub fn decode_path(pathname: &str) -> String {
    let joined: Vec<String> =
        pathname.split('/').map(|segment| decode_segment(segment).unwrap_or_else(|| segment.into())).collect();
    collapse_slashes(&joined.join("/"))
}

fn decode_segment(segment: &str) -> Option<String> {
    if !segment.contains('%') {
        return Some(segment.to_string());
    }
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = segment.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `encodeURIComponent` of each segment, joined with `/`.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        for byte in segment.bytes() {
            if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
                out.push(byte as char);
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

/// The extension of a path's file name, lowercase, without its dot (empty when none).
fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rfind('.') {
        Some(dot) if dot > 0 || name.len() > 1 => name[dot + 1..].to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// The Content-Type wrangler gives a file of this extension (the `mime` package's
/// types, `; charset=utf-8` added to `text/` ones); `None` for an extension it does not
/// know, which Cloudflare serves with no Content-Type.
fn content_type(extension: &str) -> Option<&'static str> {
    Some(match extension {
        "html" | "htm" | "shtml" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "txt" | "text" | "conf" | "def" | "list" | "log" | "in" | "ini" => "text/plain; charset=utf-8",
        "md" | "markdown" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "yaml" | "yml" => "text/yaml; charset=utf-8",
        "xml" => "application/xml",
        "json" | "map" => "application/json",
        "jsonld" => "application/ld+json",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "bin" | "exe" | "dll" | "so" | "dmg" | "iso" | "img" => "application/octet-stream",
        "cjs" => "application/node",
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        "svg" | "svgz" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" | "jpe" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/vnd.microsoft.icon",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "apng" => "image/apng",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" | "mp4v" | "mpg4" => "video/mp4",
        "webm" => "video/webm",
        "ogv" => "video/ogg",
        "mov" | "qt" => "video/quicktime",
        "ts" | "m2t" | "m2ts" | "mts" => "video/mp2t",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "ogg" | "oga" => "audio/ogg",
        "m4a" => "audio/mp4",
        "flac" => "audio/x-flac",
        "ics" => "text/calendar; charset=utf-8",
        "vtt" => "text/vtt; charset=utf-8",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(files: &[&str], html: HtmlHandling, not_found: NotFoundHandling) -> AssetsSpec {
        AssetsSpec {
            binding: Some("ASSETS".into()),
            files: files.iter().map(|f| (f.to_string(), AssetFile::new(f, f.as_bytes().to_vec()))).collect(),
            html_handling: html,
            not_found_handling: not_found,
            run_worker_first: RunWorkerFirst::All(false),
            navigation_prefers_assets: true,
            latency: ASSETS_LATENCY,
            redirects: Vec::new(),
            headers: Vec::new(),
        }
    }

    fn get(spec: &AssetsSpec, path: &str) -> String {
        let request = AssetRequest { method: "GET", pathname: path, search: "", headers: &[], host: "x" };
        let response = spec.serve(&request);
        match response.status {
            307 => format!("307 {}", response.headers[0].1),
            status => match &response.body {
                Some(body) => format!("{status} {}", String::from_utf8_lossy(body)),
                None => format!("{status}"),
            },
        }
    }

    /// The html_handling table of Cloudflare's asset worker (its html-handling test
    /// cases): files `/index.html`, `/file.html`, `/folder/index.html`, `/both.html`,
    /// `/both/index.html`; each file's content is its own path.
    #[test]
    fn html_handling_maps_paths_as_cloudflare_does_in_every_mode() {
        let files = ["/index.html", "/file.html", "/folder/index.html", "/both.html", "/both/index.html"];
        use HtmlHandling::*;
        let rows: &[(&str, [&str; 4])] = &[
            ("/", ["200 /index.html", "200 /index.html", "200 /index.html", "404"]),
            ("/index", ["307 /", "307 /", "307 /", "404"]),
            ("/index.html", ["307 /", "307 /", "307 /", "200 /index.html"]),
            ("/file", ["200 /file.html", "307 /file/", "200 /file.html", "404"]),
            ("/file.html", ["307 /file", "307 /file/", "307 /file", "200 /file.html"]),
            ("/file/", ["307 /file", "200 /file.html", "307 /file", "404"]),
            ("/file/index", ["307 /file", "307 /file/", "307 /file", "404"]),
            ("/file/index.html", ["307 /file", "307 /file/", "307 /file", "404"]),
            ("/folder", ["307 /folder/", "307 /folder/", "200 /folder/index.html", "404"]),
            ("/folder.html", ["307 /folder/", "307 /folder/", "307 /folder", "404"]),
            ("/folder/", ["200 /folder/index.html", "200 /folder/index.html", "307 /folder", "404"]),
            ("/folder/index", ["307 /folder/", "307 /folder/", "307 /folder", "404"]),
            ("/folder/index.html", ["307 /folder/", "307 /folder/", "307 /folder", "200 /folder/index.html"]),
            ("/both", ["200 /both.html", "307 /both/", "200 /both.html", "404"]),
            ("/both.html", ["307 /both", "200 /both.html", "307 /both", "200 /both.html"]),
            ("/both/", ["200 /both/index.html", "200 /both/index.html", "307 /both", "404"]),
            ("/both/index.html", ["307 /both/", "307 /both/", "200 /both/index.html", "200 /both/index.html"]),
        ];
        for (i, mode) in [AutoTrailingSlash, ForceTrailingSlash, DropTrailingSlash, None].into_iter().enumerate() {
            let spec = spec(&files, mode, NotFoundHandling::None);
            for (path, expected) in rows {
                assert_eq!(get(&spec, path), expected[i], "{path} under {mode:?}");
            }
        }
    }

    #[test]
    fn paths_are_decoded_and_redirected_to_their_canonical_encoding() {
        let spec = spec(&["/[boop]", "/a b", "/café", "/a@b", "/x/y"], HtmlHandling::None, NotFoundHandling::None);
        assert_eq!(get(&spec, "/[boop]"), "307 /%5Bboop%5D");
        assert_eq!(get(&spec, "/%5Bboop%5D"), "200 /[boop]");
        assert_eq!(get(&spec, "/a%20b"), "200 /a b");
        assert_eq!(get(&spec, "/caf%C3%A9"), "200 /café");
        assert_eq!(get(&spec, "/caf%c3%a9"), "307 /caf%C3%A9");
        assert_eq!(get(&spec, "/a@b"), "307 /a%40b");
        assert_eq!(get(&spec, "/x%2Fy"), "307 /x/y");
        assert_eq!(get(&spec, "//x///y"), "307 /x/y");
        // A malformed escape is kept as written, and matches nothing here.
        assert_eq!(get(&spec, "/%zz"), "404");
    }

    #[test]
    fn not_found_handling_serves_the_nearest_404_page_or_the_single_page_index() {
        let pages = spec(
            &["/index.html", "/404.html", "/a/404.html"],
            HtmlHandling::AutoTrailingSlash,
            NotFoundHandling::NotFoundPage,
        );
        assert_eq!(get(&pages, "/a/b/c"), "404 /a/404.html");
        assert_eq!(get(&pages, "/b/c"), "404 /404.html");
        let spa = spec(&["/index.html"], HtmlHandling::AutoTrailingSlash, NotFoundHandling::SinglePageApplication);
        assert_eq!(get(&spa, "/settings/profile"), "200 /index.html");
        let request = AssetRequest { method: "POST", pathname: "/anything", search: "", headers: &[], host: "x" };
        assert_eq!(spa.serve(&request).status, 405);
        let none = spec(&["/index.html"], HtmlHandling::AutoTrailingSlash, NotFoundHandling::None);
        let request = AssetRequest { method: "POST", pathname: "/nothing", search: "", headers: &[], host: "x" };
        assert_eq!(none.serve(&request).status, 404);
    }

    #[test]
    fn a_matching_entity_tag_is_a_304_and_cache_control_needs_no_authorization() {
        let spec = spec(&["/app.js"], HtmlHandling::AutoTrailingSlash, NotFoundHandling::None);
        let plain =
            spec.serve(&AssetRequest { method: "GET", pathname: "/app.js", search: "", headers: &[], host: "x" });
        let header = |r: &AssetResponse, n: &str| r.headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        assert_eq!(header(&plain, "content-type").as_deref(), Some("text/javascript; charset=utf-8"));
        assert_eq!(header(&plain, "cache-control").as_deref(), Some("public, max-age=0, must-revalidate"));
        let etag = header(&plain, "etag").unwrap();
        assert!(etag.len() == 34 && etag.starts_with('"') && etag.ends_with('"'), "{etag}");
        let weak = [("if-none-match".to_string(), format!("W/{etag}")), ("authorization".into(), "x".into())];
        let again =
            spec.serve(&AssetRequest { method: "GET", pathname: "/app.js", search: "", headers: &weak, host: "x" });
        assert_eq!((again.status, again.body.is_none()), (304, true));
        assert_eq!(header(&again, "cache-control"), None);
        let head =
            spec.serve(&AssetRequest { method: "HEAD", pathname: "/app.js", search: "", headers: &[], host: "x" });
        assert_eq!((head.status, head.body.is_none()), (200, true));
    }

    #[test]
    fn the_router_gives_the_worker_what_no_asset_matches_and_what_its_rules_claim() {
        let mut spec = spec(
            &["/index.html", "/logo.png"],
            HtmlHandling::AutoTrailingSlash,
            NotFoundHandling::SinglePageApplication,
        );
        let routes = |spec: &AssetsSpec, path: &str, navigate: bool| {
            let headers = if navigate { vec![("sec-fetch-mode".to_string(), "navigate".to_string())] } else { vec![] };
            spec.routes_to_worker(&AssetRequest {
                method: "GET",
                pathname: path,
                search: "",
                headers: &headers,
                host: "x",
            })
        };
        assert!(!routes(&spec, "/logo.png", false));
        assert!(routes(&spec, "/api/users", false));
        // A navigation prefers the single-page index (compatibility date 2025-04-01 on).
        assert!(!routes(&spec, "/settings", true));
        spec.navigation_prefers_assets = false;
        assert!(routes(&spec, "/settings", true));
        spec.run_worker_first =
            RunWorkerFirst::Rules { worker: vec!["/api/*".into()], assets: vec!["/api/docs/*".into()] };
        assert!(routes(&spec, "/api/users", false));
        assert!(!routes(&spec, "/api/docs/x", false));
        // `/api/*` does not match `/api`; with a rule list, not-found handling stays on.
        assert!(!routes(&spec, "/api", false));
        spec.run_worker_first = RunWorkerFirst::All(true);
        assert!(routes(&spec, "/logo.png", false));
    }

    fn request<'a>(method: &'a str, pathname: &'a str, search: &'a str) -> AssetRequest<'a> {
        AssetRequest { method, pathname, search, headers: &[], host: "site.example" }
    }

    fn header(response: &AssetResponse, name: &str) -> Option<String> {
        response.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
    }

    /// Cloudflare's `_redirects`: `from to [status]`, 302 by default, splats and
    /// placeholders, the request's query kept when the target has none, a 200 rewrites
    /// to the target's path without a redirect, the first of two rules for one path wins,
    /// and redirects apply to every method whether or not a file exists.
    #[test]
    fn redirects_rules_redirect_and_rewrite_as_cloudflare_documents() {
        let mut spec =
            spec(&["/index.html", "/about.html", "/old"], HtmlHandling::AutoTrailingSlash, NotFoundHandling::None);
        spec.redirects = parse_redirects(
            "# comment\n/old /new 301\n/old /ignored 302\n/blog/* /posts/:splat\n/users/:id/profile /u/:id?tab=1 307\n\
             /shop https://store.example/cart 308\n/home https://site.example/ 301\n/team /about 200\n\
             /page /about.html 200\n/gone /nowhere 200\n/bad /x 418\n/loop/* /index 200\n",
            HtmlHandling::AutoTrailingSlash,
        );
        let answer = |method: &str, path: &str, search: &str| {
            let response = spec.serve(&request(method, path, search));
            let body = response.body.as_ref().map(|b| String::from_utf8_lossy(b).into_owned());
            (response.status, header(&response, "location"), body)
        };
        assert_eq!(answer("GET", "/old", "?a=1"), (301, Some("/new?a=1".into()), None));
        assert_eq!(answer("POST", "/old", ""), (301, Some("/new".into()), None));
        assert_eq!(answer("GET", "/blog/2024/post", ""), (302, Some("/posts/2024/post".into()), None));
        assert_eq!(answer("GET", "/users/42/profile", "?x=2"), (307, Some("/u/42?tab=1".into()), None));
        assert_eq!(answer("GET", "/shop", ""), (308, Some("https://store.example/cart".into()), None));
        assert_eq!(answer("GET", "/home", "?q"), (301, Some("/?q".into()), None));
        assert_eq!(answer("GET", "/team", ""), (200, None, Some("/about.html".into())));
        // A rewrite to a path html_handling redirects shows that redirect.
        assert_eq!(answer("GET", "/page", ""), (307, Some("/about".into()), None));
        assert_eq!(answer("GET", "/gone", ""), (404, None, None));
        assert_eq!(answer("GET", "/bad", ""), (404, None, None));
        assert_eq!(answer("GET", "/loop/x", ""), (404, None, None));
        // The router: a redirect or a rewrite is the assets' answer, never the worker's.
        assert!(!spec.routes_to_worker(&request("GET", "/gone", "")));
        assert!(spec.routes_to_worker(&request("GET", "/api", "")));
    }

    /// Cloudflare's `_headers`: every matching rule applies in file order to every answer
    /// of the assets (404s and redirects too); `! Name` removes a header; the first rule
    /// to set a header replaces it, later ones append (`X-Robots-Tag: nosnippet, noindex`
    /// in Cloudflare's example); placeholders fill values.
    #[test]
    fn headers_rules_set_append_and_remove_headers_on_every_answer() {
        let mut spec =
            spec(&["/index.html", "/secure/data.json"], HtmlHandling::AutoTrailingSlash, NotFoundHandling::None);
        spec.headers = parse_headers(
            "/*\n  X-Frame-Options: DENY\n  X-Robots-Tag: nosnippet\n/secure/*\n  ! Cache-Control\n  X-Robots-Tag: noindex\n\
             /:section/data.json\n  X-Section: :section\n  Content-Type: application/vnd.api+json\nnot-a-path\n  X-No: 1\n",
        );
        let home = spec.serve(&request("GET", "/", ""));
        assert_eq!(header(&home, "x-frame-options").as_deref(), Some("DENY"));
        assert_eq!(header(&home, "x-robots-tag").as_deref(), Some("nosnippet"));
        assert_eq!(header(&home, "cache-control").as_deref(), Some("public, max-age=0, must-revalidate"));
        let data = spec.serve(&request("GET", "/secure/data.json", ""));
        assert_eq!(header(&data, "x-robots-tag").as_deref(), Some("nosnippet, noindex"));
        assert_eq!(header(&data, "cache-control"), None);
        assert_eq!(header(&data, "x-section").as_deref(), Some("secure"));
        assert_eq!(header(&data, "content-type").as_deref(), Some("application/vnd.api+json"));
        let missing = spec.serve(&request("GET", "/nothing", ""));
        assert_eq!((missing.status, header(&missing, "x-frame-options").as_deref()), (404, Some("DENY")));
        let moved = spec.serve(&request("GET", "/index.html", ""));
        assert_eq!((moved.status, header(&moved, "x-frame-options").as_deref()), (307, Some("DENY")));
        assert_eq!(header(&home, "x-no"), None);
    }
}
