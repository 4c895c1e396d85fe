//! The native half of `HTMLRewriter` (`host/web/html_rewriter.js`): lol_html, the library
//! workerd itself rewrites with, run over a whole body with the worker's handlers.
//!
//! JavaScript never holds a lol_html token. For each token a handler wants, the host
//! builds a plain snapshot (an element's tag name and attributes, a text chunk's text…),
//! calls the JS dispatcher, which runs the worker's handler on a wrapper over the
//! snapshot and returns the mutations the handler asked for as a list of operations;
//! the host then makes them on the token. So nothing outlives the callback that lol_html
//! lends a token for, and no `unsafe` is needed.

use std::borrow::Cow;
use std::cell::RefCell;

use boa_engine::object::builtins::{JsArray, JsUint8Array};
use boa_engine::{Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, js_error, js_string};
use lol_html::html_content::{Comment, ContentType, Doctype, DocumentEnd, Element, TextChunk};
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
/// `dispatch(kind, index, snapshot)` runs it and returns its operations.
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

    let parsed: Vec<Selector> = selectors.iter().map(|s| parse_selector(s)).collect::<JsResult<_>>()?;
    let call = Dispatcher { context: RefCell::new(context), dispatch, thrown: RefCell::new(None) };
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

/// One operation a handler asked for: its name and arguments.
struct Op {
    name: String,
    args: Vec<JsValue>,
}

impl Op {
    fn text(&self, i: usize, context: &mut Context) -> JsResult<String> {
        Ok(self.args.get(i).cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped())
    }

    /// `(content, { html })`'s content and type.
    fn content(&self, context: &mut Context) -> JsResult<(String, ContentType)> {
        let html = self.args.get(1).is_some_and(JsValue::to_boolean);
        Ok((self.text(0, context)?, if html { ContentType::Html } else { ContentType::Text }))
    }
}

impl Dispatcher<'_> {
    /// Runs `dispatch(kind, index, snapshot)` and hands its operations to `apply`.
    fn run(
        &self,
        kind: &str,
        index: usize,
        snapshot: impl FnOnce(&mut Context) -> JsResult<JsObject>,
        apply: impl FnOnce(Vec<Op>, &mut Context) -> JsResult<()>,
    ) -> HandlerResult {
        let mut context = self.context.borrow_mut();
        let context: &mut Context = &mut context;
        let result = (|| {
            let snapshot = snapshot(context)?;
            let args = [JsString::from(kind).into(), JsValue::from(index as u32), snapshot.into()];
            let ops = self.dispatch.call(&JsValue::undefined(), &args, context)?;
            apply(ops_of(&ops, context)?, context)
        })();
        result.map_err(|error| {
            self.thrown.borrow_mut().get_or_insert(error);
            Box::new(HandlerThrew) as Box<dyn std::error::Error + Send + Sync>
        })
    }

    fn element(&self, index: usize, el: &mut Element) -> HandlerResult {
        let tag = el.tag_name();
        let attributes: Vec<(String, String)> = el.attributes().iter().map(|a| (a.name(), a.value())).collect();
        let namespace = el.namespace_uri();
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
                Ok(object)
            },
            |ops, context| {
                for op in ops {
                    match op.name.as_str() {
                        "tagName" => {
                            let name = op.text(0, context)?;
                            el.set_tag_name(&name).map_err(|e| js_error!(TypeError: "{}", e))?;
                        }
                        "setAttribute" => {
                            let (name, value) = (op.text(0, context)?, op.text(1, context)?);
                            el.set_attribute(&name, &value).map_err(|e| js_error!(TypeError: "{}", e))?;
                        }
                        "removeAttribute" => el.remove_attribute(&op.text(0, context)?),
                        "before" | "after" | "prepend" | "append" | "replace" | "setInnerContent" => {
                            let (content, kind) = op.content(context)?;
                            match op.name.as_str() {
                                "before" => el.before(&content, kind),
                                "after" => el.after(&content, kind),
                                "prepend" => el.prepend(&content, kind),
                                "append" => el.append(&content, kind),
                                "replace" => el.replace(&content, kind),
                                _ => el.set_inner_content(&content, kind),
                            }
                        }
                        "remove" => el.remove(),
                        "removeAndKeepContent" => el.remove_and_keep_content(),
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
            |ops, context| {
                for op in ops {
                    match op.name.as_str() {
                        "text" => {
                            let text = op.text(0, context)?;
                            comment.set_text(&text).map_err(|e| js_error!(TypeError: "{}", e))?;
                        }
                        "before" | "after" | "replace" => {
                            let (content, kind) = op.content(context)?;
                            match op.name.as_str() {
                                "before" => comment.before(&content, kind),
                                "after" => comment.after(&content, kind),
                                _ => comment.replace(&content, kind),
                            }
                        }
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
            |ops, context| {
                for op in ops {
                    match op.name.as_str() {
                        "before" | "after" | "replace" => {
                            let (content, kind) = op.content(context)?;
                            match op.name.as_str() {
                                "before" => chunk.before(&content, kind),
                                "after" => chunk.after(&content, kind),
                                _ => chunk.replace(&content, kind),
                            }
                        }
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
            |ops, _| {
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
            |ops, context| {
                for op in ops {
                    match op.name.as_str() {
                        "append" => {
                            let (content, kind) = op.content(context)?;
                            end.append(&content, kind);
                        }
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
        let args = (1..count).map(|k| entry.get(k, context)).collect::<JsResult<Vec<_>>>()?;
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
