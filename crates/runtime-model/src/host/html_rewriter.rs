//! The native half of `HTMLRewriter` (`host/web/html_rewriter.js`): lol_html, the library
//! workerd itself rewrites with, run over a whole body with the worker's handlers.
//!
//! JavaScript never holds a lol_html token. For each token a handler wants, the host
//! builds a plain snapshot (an element's tag name and attributes, a text chunk's text…),
//! calls the JS dispatcher, which runs the worker's handler on a wrapper over the
//! snapshot and returns the mutations the handler asked for as a list of operations;
//! the host then makes them on the token. So nothing outlives the callback that lol_html
//! lends a token for, and no `unsafe` is needed.
//!
//! A handler that returns a promise, and an element's end-tag handler (which lol_html
//! wants `'static`, so it cannot reach the context), pause the rewriting: lol_html is
//! stopped, the JS side awaits the handler (or runs the end-tag handler), and the rewrite
//! starts again from the top with every handler call made so far *replayed* from its
//! recorded operations, in call order, without running JavaScript. Rewriting is a pure
//! function of the input and the operations, so the replayed run reaches the paused call
//! in the same state; each pause costs one more pass over the body.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use boa_engine::object::builtins::{JsArray, JsUint8Array};
use boa_engine::{Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, js_error, js_string};
use lol_html::html_content::{Comment, ContentType, Doctype, DocumentEnd, Element, EndTag, TextChunk};
use lol_html::{
    AsciiCompatibleEncoding, DocumentContentHandlers, ElementContentHandlers, HandlerResult, HtmlRewriter,
    MemorySettings, Selector, Settings,
};

/// workerd's limits for one rewriter: lol_html's buffer starts at 1 KiB and may grow to
/// 3 MiB (api/html-rewriter.c++).
const MEMORY: MemorySettings =
    MemorySettings { preallocated_parsing_buffer_size: 1024, max_allowed_memory_usage: 3 << 20 };

/// `host.htmlSelector(selector)`: throws workerd's `TypeError` when lol_html cannot
/// parse `selector` (`HTMLRewriter.on` checks it at once, as workerd does).
pub(crate) fn host_html_selector(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let selector = string_arg(args, 0, context)?;
    parse_selector(&selector)?;
    Ok(JsValue::undefined())
}

fn parse_selector(selector: &str) -> JsResult<Selector> {
    selector.parse::<Selector>().map_err(|error| js_error!(TypeError: "Parser error: {}", error))
}

/// `host.htmlRewrite(input, encoding, selectors, wants, dispatch)`: `input` (a
/// Uint8Array) rewritten with lol_html; returns the output as a Uint8Array.
/// `selectors[i]` is the selector of element handler set `i`; `wants` says which handlers
/// each set has: `wants.elements[i]` = `[element, comments, text]` and `wants.documents[j]`
/// = `[doctype, comments, text, end]` (booleans). For each token a handler wants,
/// `dispatch(kind, index, snapshot)` runs it and returns its operations, or `{ wait }` for
/// a handler that returned a promise. `recorded` lists the operations of every handler
/// call an earlier pass made, in call order: those calls are replayed.
///
/// Returns the output as a Uint8Array, or, when a call pauses the pass, what to do before
/// the next one: the `{ wait }` object, or `{ endTag, name }` for an end-tag handler to run.
pub(crate) fn host_html_rewrite(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let input = crate::host::body::uint8_bytes(&args.first().cloned().unwrap_or_default(), context)?;
    let label = string_arg(args, 1, context)?;
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes())
        .and_then(AsciiCompatibleEncoding::new)
        .ok_or_else(|| js_error!(TypeError: "Parser error: Unsupported encoding: {}", label))?;
    let selectors = strings_arg(args.get(2), context)?;
    let wants = args.get(3).and_then(JsValue::as_object).ok_or_else(|| js_error!(TypeError: "htmlRewrite: wants"))?;
    let element_wants = flags_arg(&wants.get(js_string!("elements"), context)?, context)?;
    let document_wants = flags_arg(&wants.get(js_string!("documents"), context)?, context)?;
    let dispatch = args
        .get(4)
        .and_then(JsValue::as_object)
        .filter(|f| f.is_callable())
        .ok_or_else(|| js_error!(TypeError: "htmlRewrite: dispatch"))?;
    assert_eq!(selectors.len(), element_wants.len(), "one set of wants per selector");
    let recorded = match args.get(5).and_then(JsValue::as_object) {
        Some(list) => {
            let length = list.get(js_string!("length"), context)?.to_length(context)?;
            (0..length).map(|i| ops_of(&list.get(i, context)?, context)).collect::<JsResult<Vec<_>>>()?
        }
        None => Vec::new(),
    };

    let parsed: Vec<Selector> = selectors.iter().map(|s| parse_selector(s)).collect::<JsResult<_>>()?;
    let replay = Rc::new(Replay { recorded, next: Cell::new(0), pause: RefCell::new(None) });
    let call =
        Dispatcher { context: RefCell::new(context), dispatch, thrown: RefCell::new(None), replay: replay.clone() };
    let output = RefCell::new(Vec::new());
    let result = {
        let call = &call;
        let mut element_content_handlers = Vec::new();
        for (index, (selector, wants)) in parsed.iter().zip(&element_wants).enumerate() {
            let mut handlers = ElementContentHandlers::default();
            if wants.first() == Some(&true) {
                handlers = handlers.element(move |el: &mut Element| call.element(index, el));
            }
            if wants.get(1) == Some(&true) {
                handlers = handlers.comments(move |c: &mut Comment| call.comment("comments", index, c));
            }
            if wants.get(2) == Some(&true) {
                handlers = handlers.text(move |t: &mut TextChunk| call.text("text", index, t));
            }
            element_content_handlers.push((Cow::Borrowed(selector), handlers));
        }
        let mut document_content_handlers = Vec::new();
        for (index, wants) in document_wants.iter().enumerate() {
            let mut handlers = DocumentContentHandlers::default();
            if wants.first() == Some(&true) {
                handlers = handlers.doctype(move |d: &mut Doctype| call.doctype(index, d));
            }
            if wants.get(1) == Some(&true) {
                handlers = handlers.comments(move |c: &mut Comment| call.comment("documentComments", index, c));
            }
            if wants.get(2) == Some(&true) {
                handlers = handlers.text(move |t: &mut TextChunk| call.text("documentText", index, t));
            }
            if wants.get(3) == Some(&true) {
                handlers = handlers.end(move |end: &mut DocumentEnd| call.end(index, end));
            }
            document_content_handlers.push(handlers);
        }
        let settings = Settings {
            element_content_handlers,
            document_content_handlers,
            encoding,
            memory_settings: MEMORY,
            // workerd's choice: give up rather than guess a parsing context.
            strict: true,
            ..Settings::new()
        };
        let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| output.borrow_mut().extend_from_slice(chunk));
        rewriter.write(&input).and_then(|()| rewriter.end())
    };
    if let Some(thrown) = call.thrown.borrow_mut().take() {
        return Err(thrown);
    }
    let context = call.context.into_inner();
    if let Some(pause) = replay.pause.borrow_mut().take() {
        return match pause {
            Pause::Wait(wait) => Ok(wait),
            Pause::EndTag { id, name } => {
                let object = JsObject::with_object_proto(context.intrinsics());
                object.set(js_string!("endTag"), id, false, context)?;
                object.set(js_string!("name"), JsString::from(name.as_str()), false, context)?;
                Ok(object.into())
            }
        };
    }
    if let Err(error) = result {
        return Err(js_error!(TypeError: "Parser error: {}", error));
    }
    let bytes = output.into_inner();
    Ok(JsUint8Array::from_iter(bytes, context)?.into())
}

/// Calls the JS dispatcher from lol_html's handlers (one at a time: lol_html calls them in
/// sequence from `write`/`end`, so the context is never borrowed twice).
struct Dispatcher<'c> {
    context: RefCell<&'c mut Context>,
    dispatch: JsObject,
    /// The first exception a handler threw; rewriting stops there.
    thrown: RefCell<Option<JsError>>,
    /// The calls earlier passes made, and why this pass stops.
    replay: Rc<Replay>,
}

/// The handler calls of one rewrite, across its passes.
struct Replay {
    /// The operations of each call earlier passes made, in call order.
    recorded: Vec<Vec<Op>>,
    /// The number of the next call in this pass.
    next: Cell<usize>,
    /// Why this pass stopped early, if it did.
    pause: RefCell<Option<Pause>>,
}

/// Why a pass stops before the end of the body.
enum Pause {
    /// A handler returned a promise: the dispatcher's `{ wait }` object.
    Wait(JsValue),
    /// End-tag handler `id` is due, for an end tag named `name`.
    EndTag { id: u32, name: String },
}

impl Replay {
    /// The number of this call, and its operations when an earlier pass made it.
    fn call(&self) -> (usize, Option<&[Op]>) {
        let number = self.next.get();
        self.next.set(number + 1);
        (number, self.recorded.get(number).map(Vec::as_slice))
    }

    /// Stops the pass for `pause`.
    fn stop(&self, pause: Pause) -> HandlerResult {
        let previous = self.pause.borrow_mut().replace(pause);
        debug_assert!(previous.is_none(), "a pass stops once");
        Err(Box::new(Paused))
    }

    /// End-tag handler `id`: replayed, or the pass stops for it.
    fn end_tag(&self, id: u32, end: &mut EndTag) -> HandlerResult {
        match self.call() {
            (_, Some(ops)) => apply_end_tag(ops, end).map_err(|message| {
                Box::new(std::io::Error::other(message)) as Box<dyn std::error::Error + Send + Sync>
            }),
            (number, None) => {
                debug_assert!(number >= self.recorded.len(), "a call not replayed comes after every recorded one");
                self.stop(Pause::EndTag { id, name: end.name() })
            }
        }
    }
}

/// The error lol_html gets back when a pass pauses.
#[derive(Debug)]
struct Paused;

impl std::fmt::Display for Paused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the rewrite paused")
    }
}

impl std::error::Error for Paused {}

/// Makes an end-tag handler's operations on `end`.
fn apply_end_tag(ops: &[Op], end: &mut EndTag) -> Result<(), String> {
    for op in ops {
        match op.name.as_str() {
            "name" => end.set_name_str(op.text(0).to_string()),
            "before" => end.before(op.text(0), op.content_type()),
            "after" => end.after(op.text(0), op.content_type()),
            "remove" => end.remove(),
            other => return Err(format!("HTMLRewriter: unknown operation {other}")),
        }
    }
    Ok(())
}

/// The error lol_html gets back when a handler threw (the exception itself is kept in
/// [`Dispatcher::thrown`], since JS values cannot cross threads).
#[derive(Debug)]
struct HandlerThrew;

impl std::fmt::Display for HandlerThrew {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a handler threw")
    }
}

impl std::error::Error for HandlerThrew {}

/// One operation a handler asked for: its name and arguments (texts, the `html` flag of
/// a content, an end-tag handler's number), copied out of JavaScript so that a later pass
/// can replay it.
struct Op {
    name: String,
    args: Vec<Arg>,
}

/// An operation's argument.
enum Arg {
    Text(String),
    Flag(bool),
    Number(f64),
}

impl Op {
    fn text(&self, i: usize) -> &str {
        match self.args.get(i) {
            Some(Arg::Text(text)) => text,
            _ => "",
        }
    }

    /// The type of content `(content, html)` carries.
    fn content_type(&self) -> ContentType {
        match self.args.get(1) {
            Some(Arg::Flag(true)) => ContentType::Html,
            _ => ContentType::Text,
        }
    }

    fn number(&self, i: usize) -> Option<u32> {
        match self.args.get(i) {
            Some(Arg::Number(n)) if n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX) => Some(*n as u32),
            _ => None,
        }
    }
}

impl Dispatcher<'_> {
    /// Runs `dispatch(kind, index, snapshot)` and hands its operations to `apply`, or
    /// replays the operations an earlier pass recorded for this call.
    fn run(
        &self,
        kind: &str,
        index: usize,
        snapshot: impl FnOnce(&mut Context) -> JsResult<JsObject>,
        apply: impl FnOnce(&[Op]) -> JsResult<()>,
    ) -> HandlerResult {
        let (number, recorded) = self.replay.call();
        let result = match recorded {
            Some(ops) => apply(ops),
            None => {
                debug_assert!(
                    number >= self.replay.recorded.len(),
                    "a call not replayed comes after every recorded one"
                );
                let mut context = self.context.borrow_mut();
                let context: &mut Context = &mut context;
                let answer = (|| {
                    let snapshot = snapshot(context)?;
                    let args = [JsString::from(kind).into(), JsValue::from(index as u32), snapshot.into()];
                    self.dispatch.call(&JsValue::undefined(), &args, context)
                })();
                match answer {
                    Ok(answer) if answer.as_object().is_some_and(|o| !o.is_array()) => {
                        return self.replay.stop(Pause::Wait(answer));
                    }
                    Ok(answer) => ops_of(&answer, context).and_then(|ops| apply(&ops)),
                    Err(error) => Err(error),
                }
            }
        };
        result.map_err(|error| {
            self.thrown.borrow_mut().get_or_insert(error);
            Box::new(HandlerThrew) as Box<dyn std::error::Error + Send + Sync>
        })
    }

    fn element(&self, index: usize, el: &mut Element) -> HandlerResult {
        let tag = el.tag_name();
        let attributes: Vec<(String, String)> = el.attributes().iter().map(|a| (a.name(), a.value())).collect();
        let namespace = el.namespace_uri();
        let can_have_content = el.can_have_content();
        self.run(
            "element",
            index,
            |context| {
                let pairs: Vec<JsValue> = attributes
                    .iter()
                    .map(|(n, v)| {
                        JsArray::from_iter(
                            [JsString::from(n.as_str()).into(), JsString::from(v.as_str()).into()],
                            context,
                        )
                        .into()
                    })
                    .collect();
                let object = JsObject::with_object_proto(context.intrinsics());
                object.set(js_string!("tagName"), JsString::from(tag.as_str()), false, context)?;
                object.set(js_string!("attributes"), JsArray::from_iter(pairs, context), false, context)?;
                object.set(js_string!("namespaceURI"), JsString::from(namespace), false, context)?;
                object.set(js_string!("canHaveContent"), can_have_content, false, context)?;
                Ok(object)
            },
            |ops| {
                for op in ops {
                    match op.name.as_str() {
                        "tagName" => el.set_tag_name(op.text(0)).map_err(|e| js_error!(TypeError: "{}", e))?,
                        "setAttribute" => {
                            el.set_attribute(op.text(0), op.text(1)).map_err(|e| js_error!(TypeError: "{}", e))?
                        }
                        "removeAttribute" => el.remove_attribute(op.text(0)),
                        "before" => el.before(op.text(0), op.content_type()),
                        "after" => el.after(op.text(0), op.content_type()),
                        "prepend" => el.prepend(op.text(0), op.content_type()),
                        "append" => el.append(op.text(0), op.content_type()),
                        "replace" => el.replace(op.text(0), op.content_type()),
                        "setInnerContent" => el.set_inner_content(op.text(0), op.content_type()),
                        "remove" => el.remove(),
                        "removeAndKeepContent" => el.remove_and_keep_content(),
                        "onEndTag" => {
                            let id = op.number(0).ok_or_else(|| unknown("onEndTag without a handler"))?;
                            let replay = self.replay.clone();
                            // As workerd: a new end-tag handler replaces the element's earlier one.
                            let handlers = el
                                .end_tag_handlers()
                                .ok_or_else(|| js_error!(TypeError: "Parser error: No end tag."))?;
                            handlers.clear();
                            handlers.push(Box::new(move |end: &mut EndTag| replay.end_tag(id, end)));
                        }
                        other => return Err(unknown(other)),
                    }
                }
                Ok(())
            },
        )
    }

    fn comment(&self, kind: &str, index: usize, comment: &mut Comment) -> HandlerResult {
        let (text, removed) = (comment.text(), comment.removed());
        self.run(
            kind,
            index,
            |context| {
                let object = JsObject::with_object_proto(context.intrinsics());
                object.set(js_string!("text"), JsString::from(text.as_str()), false, context)?;
                object.set(js_string!("removed"), removed, false, context)?;
                Ok(object)
            },
            |ops| {
                for op in ops {
                    match op.name.as_str() {
                        "text" => comment.set_text(op.text(0)).map_err(|e| js_error!(TypeError: "{}", e))?,
                        "before" => comment.before(op.text(0), op.content_type()),
                        "after" => comment.after(op.text(0), op.content_type()),
                        "replace" => comment.replace(op.text(0), op.content_type()),
                        "remove" => comment.remove(),
                        other => return Err(unknown(other)),
                    }
                }
                Ok(())
            },
        )
    }

    fn text(&self, kind: &str, index: usize, chunk: &mut TextChunk) -> HandlerResult {
        let (text, last, removed) = (chunk.as_str().to_string(), chunk.last_in_text_node(), chunk.removed());
        self.run(
            kind,
            index,
            |context| {
                let object = JsObject::with_object_proto(context.intrinsics());
                object.set(js_string!("text"), JsString::from(text.as_str()), false, context)?;
                object.set(js_string!("lastInTextNode"), last, false, context)?;
                object.set(js_string!("removed"), removed, false, context)?;
                Ok(object)
            },
            |ops| {
                for op in ops {
                    match op.name.as_str() {
                        "before" => chunk.before(op.text(0), op.content_type()),
                        "after" => chunk.after(op.text(0), op.content_type()),
                        "replace" => chunk.replace(op.text(0), op.content_type()),
                        "remove" => chunk.remove(),
                        other => return Err(unknown(other)),
                    }
                }
                Ok(())
            },
        )
    }

    fn doctype(&self, index: usize, doctype: &mut Doctype) -> HandlerResult {
        let (name, public, system) = (doctype.name(), doctype.public_id(), doctype.system_id());
        let text = |v: &Option<String>| v.as_deref().map_or(JsValue::null(), |s| JsString::from(s).into());
        self.run(
            "doctype",
            index,
            |context| {
                let object = JsObject::with_object_proto(context.intrinsics());
                object.set(js_string!("name"), text(&name), false, context)?;
                object.set(js_string!("publicId"), text(&public), false, context)?;
                object.set(js_string!("systemId"), text(&system), false, context)?;
                Ok(object)
            },
            |ops| {
                for op in ops {
                    match op.name.as_str() {
                        "remove" => doctype.remove(),
                        other => return Err(unknown(other)),
                    }
                }
                Ok(())
            },
        )
    }

    fn end(&self, index: usize, end: &mut DocumentEnd) -> HandlerResult {
        self.run(
            "end",
            index,
            |context| Ok(JsObject::with_object_proto(context.intrinsics())),
            |ops| {
                for op in ops {
                    match op.name.as_str() {
                        "append" => end.append(op.text(0), op.content_type()),
                        other => return Err(unknown(other)),
                    }
                }
                Ok(())
            },
        )
    }
}

fn unknown(op: &str) -> JsError {
    JsNativeError::typ().with_message(format!("HTMLRewriter: unknown operation {op}")).into()
}

/// The dispatcher's answer: an array of `[name, ...args]` arrays.
fn ops_of(value: &JsValue, context: &mut Context) -> JsResult<Vec<Op>> {
    let Some(list) = value.as_object() else { return Ok(Vec::new()) };
    let length = list.get(js_string!("length"), context)?.to_length(context)?;
    let mut ops = Vec::new();
    for i in 0..length {
        let entry = list.get(i, context)?;
        let entry = entry.as_object().ok_or_else(|| js_error!(TypeError: "HTMLRewriter: bad operation"))?;
        let count = entry.get(js_string!("length"), context)?.to_length(context)?;
        let name = entry.get(0, context)?.to_string(context)?.to_std_string_escaped();
        let args = (1..count)
            .map(|k| {
                let value = entry.get(k, context)?;
                Ok(if let Some(flag) = value.as_boolean() {
                    Arg::Flag(flag)
                } else if let Some(n) = value.as_number() {
                    Arg::Number(n)
                } else {
                    Arg::Text(value.to_string(context)?.to_std_string_escaped())
                })
            })
            .collect::<JsResult<Vec<_>>>()?;
        ops.push(Op { name, args });
    }
    Ok(ops)
}

fn string_arg(args: &[JsValue], i: usize, context: &mut Context) -> JsResult<String> {
    Ok(args.get(i).cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped())
}

fn strings_arg(value: Option<&JsValue>, context: &mut Context) -> JsResult<Vec<String>> {
    let list = value.and_then(JsValue::as_object).ok_or_else(|| js_error!(TypeError: "htmlRewrite: a list"))?;
    let length = list.get(js_string!("length"), context)?.to_length(context)?;
    (0..length).map(|i| Ok(list.get(i, context)?.to_string(context)?.to_std_string_escaped())).collect()
}

/// A list of lists of booleans.
fn flags_arg(value: &JsValue, context: &mut Context) -> JsResult<Vec<Vec<bool>>> {
    let list = value.as_object().ok_or_else(|| js_error!(TypeError: "htmlRewrite: a list of flags"))?;
    let length = list.get(js_string!("length"), context)?.to_length(context)?;
    let mut out = Vec::new();
    for i in 0..length {
        let inner = list.get(i, context)?;
        let inner = inner.as_object().ok_or_else(|| js_error!(TypeError: "htmlRewrite: flags"))?;
        let count = inner.get(js_string!("length"), context)?.to_length(context)?;
        out.push((0..count).map(|k| inner.get(k, context).map(|v| v.to_boolean())).collect::<JsResult<Vec<_>>>()?);
    }
    Ok(out)
}
