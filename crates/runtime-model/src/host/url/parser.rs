//! The URL Standard's URL records, basic URL parser and URL serializer
//! (url.spec.whatwg.org, "URL parsing" and "URL serializing"), written for crosstalk from
//! the standard's state machine. The `url` crate serves the rest of the host, but it keeps
//! an older reading of the standard's `file:` states: it drops the host of a `file:` URL
//! whose path starts with a drive letter (`file://host/C:/` → `file:///C:/`), collapses
//! runs of empty path segments after an empty host (`file:////foo` → `file:///foo`), keeps
//! `file:///w|/m`'s `|`, and refuses `///x` against an http base. A `url::Url` cannot even
//! hold some of the standard's results, so `URL` keeps its own record, parsed here.
//!
//! Host parsing (domains through IDNA, IPv4 and IPv6 addresses) is the standard's host
//! parser as the `url` crate implements it (`url::Host::parse`), which conforms; the
//! opaque hosts of non-special URLs are parsed here.

/// A URL record: its serialized host stands for the host (`None` is the null host,
/// `Some("")` the empty host), as nothing after parsing needs more than its serialization.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct UrlRecord {
    /// The scheme, lowercase, without the `:`.
    pub(crate) scheme: String,
    /// The username, percent-encoded.
    pub(crate) username: String,
    /// The password, percent-encoded.
    pub(crate) password: String,
    /// The serialized host, or `None` for none.
    pub(crate) host: Option<String>,
    /// The port, `None` when absent or the scheme's default.
    pub(crate) port: Option<u16>,
    /// The path.
    pub(crate) path: UrlPath,
    /// The query, without the `?`.
    pub(crate) query: Option<String>,
    /// The fragment, without the `#`.
    pub(crate) fragment: Option<String>,
}

/// A URL's path: an opaque string (`mailto:x`, `data:,`) or a list of segments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum UrlPath {
    /// An opaque path, of a non-special URL with no `/` after its scheme.
    Opaque(String),
    /// A list of path segments, each percent-encoded.
    Segments(Vec<String>),
}

impl Default for UrlPath {
    fn default() -> Self {
        UrlPath::Segments(Vec::new())
    }
}

/// The states of the basic URL parser; a setter starts it in one of them ("state override").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum State {
    /// scheme start state
    SchemeStart,
    /// scheme state
    Scheme,
    /// no scheme state
    NoScheme,
    /// special relative or authority state
    SpecialRelativeOrAuthority,
    /// path or authority state
    PathOrAuthority,
    /// relative state
    Relative,
    /// relative slash state
    RelativeSlash,
    /// special authority slashes state
    SpecialAuthoritySlashes,
    /// special authority ignore slashes state
    SpecialAuthorityIgnoreSlashes,
    /// authority state
    Authority,
    /// host state
    Host,
    /// hostname state
    Hostname,
    /// port state
    Port,
    /// file state
    File,
    /// file slash state
    FileSlash,
    /// file host state
    FileHost,
    /// path start state
    PathStart,
    /// path state
    Path,
    /// opaque path state
    OpaquePath,
    /// query state
    Query,
    /// fragment state
    Fragment,
}

/// The special schemes and their default ports (`file` has none).
pub(crate) fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "ftp" => Some(21),
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        _ => None,
    }
}

/// Whether `scheme` is one of the standard's special schemes.
pub(crate) fn is_special(scheme: &str) -> bool {
    matches!(scheme, "ftp" | "file" | "http" | "https" | "ws" | "wss")
}

/// The standard's percent-encode sets, each a superset of the one before it in the
/// standard's list (C0 control < fragment; C0 control < query < special-query;
/// query < path < userinfo).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EncodeSet {
    /// The C0 control percent-encode set: C0 controls and everything above `~`.
    C0Control,
    /// The fragment percent-encode set.
    Fragment,
    /// The query percent-encode set.
    Query,
    /// The special-query percent-encode set (adds `'`).
    SpecialQuery,
    /// The path percent-encode set (with `^`, as the standard has had it since 2025 and
    /// workerd 1.20261117 encodes it).
    Path,
    /// The userinfo percent-encode set.
    Userinfo,
}

impl EncodeSet {
    /// Whether the byte `b` is in the set (every non-ASCII byte is).
    fn contains(self, b: u8) -> bool {
        if !(0x20..0x7f).contains(&b) {
            return true;
        }
        match self {
            EncodeSet::C0Control => false,
            EncodeSet::Fragment => matches!(b, b' ' | b'"' | b'<' | b'>' | b'`'),
            EncodeSet::Query => matches!(b, b' ' | b'"' | b'#' | b'<' | b'>'),
            EncodeSet::SpecialQuery => EncodeSet::Query.contains(b) || b == b'\'',
            EncodeSet::Path => EncodeSet::Query.contains(b) || matches!(b, b'?' | b'^' | b'`' | b'{' | b'}'),
            EncodeSet::Userinfo => {
                EncodeSet::Path.contains(b) || matches!(b, b'/' | b':' | b';' | b'=' | b'@' | b'['..=b'^' | b'|')
            }
        }
    }
}

/// UTF-8 percent-encodes `c` with `set`, onto `out`.
fn encode_char(out: &mut String, c: char, set: EncodeSet) {
    let mut bytes = [0; 4];
    for &b in c.encode_utf8(&mut bytes).as_bytes() {
        if set.contains(b) {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        } else {
            out.push(b as char);
        }
    }
}

/// UTF-8 percent-encodes all of `text` with `set`.
pub(crate) fn encode(text: &str, set: EncodeSet) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        encode_char(&mut out, c, set);
    }
    out
}

/// A Windows drive letter: an ASCII letter and `:` or `|`.
fn is_windows_drive_letter(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 2 && b[0].is_ascii_alphabetic() && matches!(b[1], b':' | b'|')
}

/// A normalized Windows drive letter: an ASCII letter and `:`.
fn is_normalized_windows_drive_letter(s: &str) -> bool {
    is_windows_drive_letter(s) && s.as_bytes()[1] == b':'
}

/// Whether `rest` starts with a Windows drive letter: one, then the end or one of `/\?#`.
fn starts_with_windows_drive_letter(rest: &[char]) -> bool {
    rest.len() >= 2
        && rest[0].is_ascii_alphabetic()
        && matches!(rest[1], ':' | '|')
        && (rest.len() == 2 || matches!(rest[2], '/' | '\\' | '?' | '#'))
}

/// `.` or `%2e`, ASCII case-insensitively.
fn is_single_dot(s: &str) -> bool {
    s == "." || s.eq_ignore_ascii_case("%2e")
}

/// `..`, `.%2e`, `%2e.` or `%2e%2e`, ASCII case-insensitively.
fn is_double_dot(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), ".." | ".%2e" | "%2e." | "%2e%2e")
}

/// The forbidden host code points, refused in opaque hosts.
fn is_forbidden_host_code_point(c: char) -> bool {
    matches!(
        c,
        '\0' | '\t' | '\n' | '\r' | ' ' | '#' | '/' | ':' | '<' | '>' | '?' | '@' | '[' | '\\' | ']' | '^' | '|'
    )
}

/// The host parser: `None` for failure, else the serialized host.
pub(crate) fn parse_host(input: &str, is_opaque: bool) -> Option<String> {
    if input.starts_with('[') || !is_opaque {
        // IPv6 addresses, and domains (percent-decoded, IDNA, then maybe IPv4).
        return url::Host::parse(input).ok().map(|host| host.to_string());
    }
    // The opaque-host parser.
    if input.chars().any(is_forbidden_host_code_point) {
        return None;
    }
    Some(encode(input, EncodeSet::C0Control))
}

impl UrlRecord {
    /// Whether the scheme is special.
    pub(crate) fn is_special(&self) -> bool {
        is_special(&self.scheme)
    }

    /// Whether the URL has a username or a password.
    pub(crate) fn includes_credentials(&self) -> bool {
        !self.username.is_empty() || !self.password.is_empty()
    }

    /// No username, password or port can be set: no host, an empty host, or `file:`.
    pub(crate) fn cannot_have_username_password_or_port(&self) -> bool {
        matches!(self.host.as_deref(), None | Some("")) || self.scheme == "file"
    }

    /// Whether the path is opaque.
    pub(crate) fn has_opaque_path(&self) -> bool {
        matches!(self.path, UrlPath::Opaque(_))
    }

    /// The path segments, made a list first if the path was opaque.
    fn segments(&mut self) -> &mut Vec<String> {
        if let UrlPath::Opaque(_) = self.path {
            self.path = UrlPath::Segments(Vec::new());
        }
        match &mut self.path {
            UrlPath::Segments(segments) => segments,
            UrlPath::Opaque(_) => unreachable!("made a list above"),
        }
    }

    /// Shortens the path: drops its last segment, except the lone drive letter of a
    /// `file:` URL.
    fn shorten_path(&mut self) {
        let is_file = self.scheme == "file";
        let segments = self.segments();
        if is_file && segments.len() == 1 && is_normalized_windows_drive_letter(&segments[0]) {
            return;
        }
        segments.pop();
    }

    /// The URL path serializer.
    pub(crate) fn path_string(&self) -> String {
        match &self.path {
            UrlPath::Opaque(path) => path.clone(),
            UrlPath::Segments(segments) => {
                let mut out = String::new();
                for segment in segments {
                    out.push('/');
                    out.push_str(segment);
                }
                out
            }
        }
    }

    /// The URL serializer (with the fragment).
    pub(crate) fn href(&self) -> String {
        let mut out = format!("{}:", self.scheme);
        if let Some(host) = &self.host {
            out.push_str("//");
            if self.includes_credentials() {
                out.push_str(&self.username);
                if !self.password.is_empty() {
                    out.push(':');
                    out.push_str(&self.password);
                }
                out.push('@');
            }
            out.push_str(host);
            if let Some(port) = self.port {
                out.push_str(&format!(":{port}"));
            }
        }
        // `/.` keeps a path that starts with an empty segment from reading as a host.
        if self.host.is_none()
            && let UrlPath::Segments(segments) = &self.path
            && segments.len() > 1
            && segments[0].is_empty()
        {
            out.push_str("/.");
        }
        out.push_str(&self.path_string());
        if let Some(query) = &self.query {
            out.push('?');
            out.push_str(query);
        }
        if let Some(fragment) = &self.fragment {
            out.push('#');
            out.push_str(fragment);
        }
        out
    }

    /// The serialization of the URL's origin: a tuple origin for the special schemes but
    /// `file:`, the origin of the URL in the path of a `blob:` URL when that is http(s),
    /// else an opaque origin, `null`.
    pub(crate) fn origin(&self) -> String {
        match self.scheme.as_str() {
            "blob" => match parse(&self.path_string(), None) {
                Some(inner) if matches!(inner.scheme.as_str(), "http" | "https") => inner.origin(),
                _ => "null".to_string(),
            },
            "ftp" | "http" | "https" | "ws" | "wss" => {
                let mut out = format!("{}://{}", self.scheme, self.host.as_deref().unwrap_or(""));
                if let Some(port) = self.port {
                    out.push_str(&format!(":{port}"));
                }
                out
            }
            _ => "null".to_string(),
        }
    }
}

/// The basic URL parser without a URL: `input` parsed against `base`, or `None`.
pub(crate) fn parse(input: &str, base: Option<&UrlRecord>) -> Option<UrlRecord> {
    let trimmed = input.trim_matches(|c: char| c <= ' ');
    let mut url = UrlRecord::default();
    Parser::new(trimmed, base, None).run(&mut url).ok()?;
    Some(url)
}

/// The basic URL parser with a URL and a state override, as the `URL` setters run it:
/// `url` is changed in place, as far as the parser got (failures are not reported, as
/// no setter reports them).
pub(crate) fn parse_into(input: &str, url: &mut UrlRecord, state: State) {
    let _ = Parser::new(input, None, Some(state)).run(url);
}

/// One run of the basic URL parser.
struct Parser<'a> {
    /// The input's code points, without ASCII tabs and newlines.
    input: Vec<char>,
    /// The standard's pointer; -1 right after "start over".
    pointer: isize,
    base: Option<&'a UrlRecord>,
    state: State,
    state_override: Option<State>,
    buffer: String,
    at_sign_seen: bool,
    inside_brackets: bool,
    password_token_seen: bool,
}

/// The parser's "failure".
struct Failure;

impl<'a> Parser<'a> {
    fn new(input: &str, base: Option<&'a UrlRecord>, state_override: Option<State>) -> Self {
        Parser {
            input: input.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect(),
            pointer: 0,
            base,
            state: state_override.unwrap_or(State::SchemeStart),
            state_override,
            buffer: String::new(),
            at_sign_seen: false,
            inside_brackets: false,
            password_token_seen: false,
        }
    }

    /// The code points after the pointer.
    fn remaining(&self) -> &[char] {
        let next = usize::try_from(self.pointer + 1).unwrap_or(0);
        self.input.get(next..).unwrap_or(&[])
    }

    /// The code points from the pointer on.
    fn at_pointer(&self) -> &[char] {
        let at = usize::try_from(self.pointer).unwrap_or(0);
        self.input.get(at..).unwrap_or(&[])
    }

    /// Runs the state machine to the end of the input: `Ok` when it ran out or returned,
    /// `Err` for failure.
    /// The standard's branch shared by the relative, file, path-start, path and
    /// opaque-path states: a `?` starts an empty query and a `#` an empty fragment, each
    /// in its own state. Returns whether `c` was one of the two.
    fn start_query_or_fragment(&mut self, c: Option<char>, url: &mut UrlRecord) -> bool {
        match c {
            Some('?') => {
                url.query = Some(String::new());
                self.state = State::Query;
            }
            Some('#') => {
                url.fragment = Some(String::new());
                self.state = State::Fragment;
            }
            _ => return false,
        }
        true
    }

    fn run(&mut self, url: &mut UrlRecord) -> Result<(), Failure> {
        loop {
            let c = usize::try_from(self.pointer).ok().and_then(|i| self.input.get(i)).copied();
            if self.step(c, url)? == Flow::Return {
                return Ok(());
            }
            if self.pointer >= self.input.len() as isize {
                return Ok(());
            }
            self.pointer += 1;
        }
    }

    /// One step of the state machine on the code point `c` (`None` is EOF).
    fn step(&mut self, c: Option<char>, url: &mut UrlRecord) -> Result<Flow, Failure> {
        let special = url.is_special();
        // `/`, and `\` in a special URL: both end a path segment or an authority.
        let slash = c == Some('/') || (special && c == Some('\\'));
        match self.state {
            State::SchemeStart => match c {
                Some(c) if c.is_ascii_alphabetic() => {
                    self.buffer.push(c.to_ascii_lowercase());
                    self.state = State::Scheme;
                }
                _ if self.state_override.is_none() => {
                    self.state = State::NoScheme;
                    self.pointer -= 1;
                }
                _ => return Err(Failure),
            },
            State::Scheme => match c {
                Some(c) if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {
                    self.buffer.push(c.to_ascii_lowercase());
                }
                Some(':') => {
                    if self.state_override.is_some() {
                        let buffer_special = is_special(&self.buffer);
                        if special != buffer_special
                            || ((url.includes_credentials() || url.port.is_some()) && self.buffer == "file")
                            || (url.scheme == "file" && url.host.as_deref() == Some(""))
                        {
                            return Ok(Flow::Return);
                        }
                    }
                    url.scheme = std::mem::take(&mut self.buffer);
                    if self.state_override.is_some() {
                        if url.port.is_some() && url.port == default_port(&url.scheme) {
                            url.port = None;
                        }
                        return Ok(Flow::Return);
                    }
                    if url.scheme == "file" {
                        self.state = State::File;
                    } else if url.is_special() && self.base.is_some_and(|base| base.scheme == url.scheme) {
                        self.state = State::SpecialRelativeOrAuthority;
                    } else if url.is_special() {
                        self.state = State::SpecialAuthoritySlashes;
                    } else if self.remaining().first() == Some(&'/') {
                        self.state = State::PathOrAuthority;
                        self.pointer += 1;
                    } else {
                        url.path = UrlPath::Opaque(String::new());
                        self.state = State::OpaquePath;
                    }
                }
                _ if self.state_override.is_none() => {
                    // Start over, as a URL without a scheme.
                    self.buffer.clear();
                    self.state = State::NoScheme;
                    self.pointer = -1;
                }
                _ => return Err(Failure),
            },
            State::NoScheme => {
                let Some(base) = self.base else { return Err(Failure) };
                if base.has_opaque_path() {
                    if c != Some('#') {
                        return Err(Failure);
                    }
                    url.scheme = base.scheme.clone();
                    url.path = base.path.clone();
                    url.query = base.query.clone();
                    url.fragment = Some(String::new());
                    self.state = State::Fragment;
                } else {
                    self.state = if base.scheme == "file" { State::File } else { State::Relative };
                    self.pointer -= 1;
                }
            }
            State::SpecialRelativeOrAuthority => {
                if c == Some('/') && self.remaining().first() == Some(&'/') {
                    self.state = State::SpecialAuthorityIgnoreSlashes;
                    self.pointer += 1;
                } else {
                    self.state = State::Relative;
                    self.pointer -= 1;
                }
            }
            State::PathOrAuthority => {
                if c == Some('/') {
                    self.state = State::Authority;
                } else {
                    self.state = State::Path;
                    self.pointer -= 1;
                }
            }
            State::Relative => {
                let Some(base) = self.base else { return Err(Failure) };
                url.scheme = base.scheme.clone();
                let special = url.is_special();
                if c == Some('/') || (special && c == Some('\\')) {
                    self.state = State::RelativeSlash;
                } else {
                    url.username = base.username.clone();
                    url.password = base.password.clone();
                    url.host = base.host.clone();
                    url.port = base.port;
                    url.path = base.path.clone();
                    url.query = base.query.clone();
                    if c.is_some() && !self.start_query_or_fragment(c, url) {
                        url.query = None;
                        url.shorten_path();
                        self.state = State::Path;
                        self.pointer -= 1;
                    }
                }
            }
            State::RelativeSlash => {
                if special && matches!(c, Some('/' | '\\')) {
                    self.state = State::SpecialAuthorityIgnoreSlashes;
                } else if c == Some('/') {
                    self.state = State::Authority;
                } else {
                    if let Some(base) = self.base {
                        url.username = base.username.clone();
                        url.password = base.password.clone();
                        url.host = base.host.clone();
                        url.port = base.port;
                    }
                    self.state = State::Path;
                    self.pointer -= 1;
                }
            }
            State::SpecialAuthoritySlashes => {
                self.state = State::SpecialAuthorityIgnoreSlashes;
                if c == Some('/') && self.remaining().first() == Some(&'/') {
                    self.pointer += 1;
                } else {
                    self.pointer -= 1;
                }
            }
            State::SpecialAuthorityIgnoreSlashes => {
                if !matches!(c, Some('/' | '\\')) {
                    self.state = State::Authority;
                    self.pointer -= 1;
                }
            }
            State::Authority => {
                if c == Some('@') {
                    if self.at_sign_seen {
                        self.buffer.insert_str(0, "%40");
                    }
                    self.at_sign_seen = true;
                    for code_point in std::mem::take(&mut self.buffer).chars() {
                        if code_point == ':' && !self.password_token_seen {
                            self.password_token_seen = true;
                            continue;
                        }
                        let target = if self.password_token_seen { &mut url.password } else { &mut url.username };
                        encode_char(target, code_point, EncodeSet::Userinfo);
                    }
                } else if c.is_none() || slash || matches!(c, Some('?' | '#')) {
                    if self.at_sign_seen && self.buffer.is_empty() {
                        return Err(Failure);
                    }
                    self.pointer -= self.buffer.chars().count() as isize + 1;
                    self.buffer.clear();
                    self.state = State::Host;
                } else if let Some(c) = c {
                    self.buffer.push(c);
                }
            }
            State::Host | State::Hostname => {
                if self.state_override.is_some() && url.scheme == "file" {
                    self.pointer -= 1;
                    self.state = State::FileHost;
                } else if c == Some(':') && !self.inside_brackets {
                    if self.buffer.is_empty() || self.state_override == Some(State::Hostname) {
                        return Err(Failure);
                    }
                    url.host = Some(parse_host(&self.buffer, !special).ok_or(Failure)?);
                    self.buffer.clear();
                    self.state = State::Port;
                } else if c.is_none() || slash || matches!(c, Some('?' | '#')) {
                    self.pointer -= 1;
                    if special && self.buffer.is_empty() {
                        return Err(Failure);
                    }
                    if self.state_override.is_some()
                        && self.buffer.is_empty()
                        && (url.includes_credentials() || url.port.is_some())
                    {
                        return Ok(Flow::Return);
                    }
                    url.host = Some(parse_host(&self.buffer, !special).ok_or(Failure)?);
                    self.buffer.clear();
                    self.state = State::PathStart;
                    if self.state_override.is_some() {
                        return Ok(Flow::Return);
                    }
                } else if let Some(c) = c {
                    match c {
                        '[' => self.inside_brackets = true,
                        ']' => self.inside_brackets = false,
                        _ => {}
                    }
                    self.buffer.push(c);
                }
            }
            State::Port => {
                if let Some(digit) = c.filter(char::is_ascii_digit) {
                    self.buffer.push(digit);
                } else if c.is_none() || slash || matches!(c, Some('?' | '#')) || self.state_override.is_some() {
                    if !self.buffer.is_empty() {
                        let port = self
                            .buffer
                            .bytes()
                            .try_fold(0u32, |n, d| n.checked_mul(10)?.checked_add(u32::from(d - b'0')))
                            .and_then(|n| u16::try_from(n).ok())
                            .ok_or(Failure)?;
                        url.port = if default_port(&url.scheme) == Some(port) { None } else { Some(port) };
                        self.buffer.clear();
                        if self.state_override.is_some() {
                            return Ok(Flow::Return);
                        }
                    }
                    if self.state_override.is_some() {
                        return Err(Failure);
                    }
                    self.state = State::PathStart;
                    self.pointer -= 1;
                } else {
                    return Err(Failure);
                }
            }
            State::File => {
                url.scheme = "file".to_string();
                url.host = Some(String::new());
                if matches!(c, Some('/' | '\\')) {
                    self.state = State::FileSlash;
                } else if let Some(base) = self.base.filter(|base| base.scheme == "file") {
                    url.host = base.host.clone();
                    url.path = base.path.clone();
                    url.query = base.query.clone();
                    if c.is_some() && !self.start_query_or_fragment(c, url) {
                        url.query = None;
                        if starts_with_windows_drive_letter(self.at_pointer()) {
                            url.path = UrlPath::Segments(Vec::new());
                        } else {
                            url.shorten_path();
                        }
                        self.state = State::Path;
                        self.pointer -= 1;
                    }
                } else {
                    self.state = State::Path;
                    self.pointer -= 1;
                }
            }
            State::FileSlash => {
                if matches!(c, Some('/' | '\\')) {
                    self.state = State::FileHost;
                } else {
                    if let Some(base) = self.base.filter(|base| base.scheme == "file") {
                        url.host = base.host.clone();
                        if !starts_with_windows_drive_letter(self.at_pointer())
                            && let UrlPath::Segments(segments) = &base.path
                            && let Some(first) = segments.first().filter(|s| is_normalized_windows_drive_letter(s))
                        {
                            url.segments().push(first.clone());
                        }
                    }
                    self.state = State::Path;
                    self.pointer -= 1;
                }
            }
            State::FileHost => {
                if matches!(c, None | Some('/' | '\\' | '?' | '#')) {
                    self.pointer -= 1;
                    if self.state_override.is_none() && is_windows_drive_letter(&self.buffer) {
                        // The drive letter quirk: the buffer goes on into the path.
                        self.state = State::Path;
                    } else if self.buffer.is_empty() {
                        url.host = Some(String::new());
                        if self.state_override.is_some() {
                            return Ok(Flow::Return);
                        }
                        self.state = State::PathStart;
                    } else {
                        let mut host = parse_host(&self.buffer, !special).ok_or(Failure)?;
                        if host == "localhost" {
                            host.clear();
                        }
                        url.host = Some(host);
                        if self.state_override.is_some() {
                            return Ok(Flow::Return);
                        }
                        self.buffer.clear();
                        self.state = State::PathStart;
                    }
                } else if let Some(c) = c {
                    self.buffer.push(c);
                }
            }
            State::PathStart => {
                if special {
                    self.state = State::Path;
                    if !matches!(c, Some('/' | '\\')) {
                        self.pointer -= 1;
                    }
                } else if self.state_override.is_none() && matches!(c, Some('?' | '#')) {
                    self.start_query_or_fragment(c, url);
                } else if c.is_some() {
                    self.state = State::Path;
                    if c != Some('/') {
                        self.pointer -= 1;
                    }
                } else if self.state_override.is_some() && url.host.is_none() {
                    url.segments().push(String::new());
                }
            }
            State::Path => {
                if c.is_none() || slash || (self.state_override.is_none() && matches!(c, Some('?' | '#'))) {
                    let buffer = std::mem::take(&mut self.buffer);
                    if is_double_dot(&buffer) {
                        url.shorten_path();
                        if !slash {
                            url.segments().push(String::new());
                        }
                    } else if is_single_dot(&buffer) {
                        if !slash {
                            url.segments().push(String::new());
                        }
                    } else {
                        let mut buffer = buffer;
                        if url.scheme == "file" && url.segments().is_empty() && is_windows_drive_letter(&buffer) {
                            buffer.replace_range(1..2, ":");
                        }
                        url.segments().push(buffer);
                    }
                    self.start_query_or_fragment(c, url);
                } else if let Some(c) = c {
                    encode_char(&mut self.buffer, c, EncodeSet::Path);
                }
            }
            State::OpaquePath => {
                if self.start_query_or_fragment(c, url) {
                    return Ok(Flow::Continue);
                }
                let UrlPath::Opaque(path) = &mut url.path else { return Err(Failure) };
                match c {
                    // A space right before the query or fragment is encoded, so that no
                    // serialization ends the path in a space.
                    Some(' ') if matches!(self.remaining().first(), Some('?' | '#')) => path.push_str("%20"),
                    Some(c) => encode_char(path, c, EncodeSet::C0Control),
                    None => {}
                }
            }
            State::Query => {
                if c.is_none() || (self.state_override.is_none() && c == Some('#')) {
                    let set = if special { EncodeSet::SpecialQuery } else { EncodeSet::Query };
                    let encoded = encode(&std::mem::take(&mut self.buffer), set);
                    url.query.get_or_insert_with(String::new).push_str(&encoded);
                    if c == Some('#') {
                        url.fragment = Some(String::new());
                        self.state = State::Fragment;
                    }
                } else if let Some(c) = c {
                    self.buffer.push(c);
                }
            }
            State::Fragment => {
                if let Some(c) = c {
                    encode_char(url.fragment.get_or_insert_with(String::new), c, EncodeSet::Fragment);
                }
            }
        }
        Ok(Flow::Continue)
    }
}

/// What a step of the parser says next.
#[derive(PartialEq, Eq)]
enum Flow {
    /// On to the next code point.
    Continue,
    /// The standard's "return" (a setter is done).
    Return,
}
