//! The `URLSearchParams` class (application/x-www-form-urlencoded lists).

use boa_engine::class::Class;
use boa_engine::object::builtins::JsArray;
use boa_engine::{
    Context, Finalize, JsData, JsObject, JsResult, JsString, JsValue, Trace, boa_class, js_error, js_string,
};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

#[derive(Trace, Finalize, JsData, Default)]
pub(crate) struct UrlSearchParams {
    /// Shared with the live iterators this object hands out.
    #[unsafe_ignore_trace]
    list: Rc<RefCell<Vec<(String, String)>>>,
    /// The `URL` whose `searchParams` this is: every change is written back to its query.
    url: Option<JsObject>,
}

/// The application/x-www-form-urlencoded parser (a URL's query is parsed as it is; the
/// constructor drops a string's leading `?` itself).
fn parse(text: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(text.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// The items of the iterable `value` (WebIDL's sequence conversion), by `Array.from`.
fn sequence(value: &JsValue, context: &mut Context) -> JsResult<Vec<JsValue>> {
    let array_class = context.intrinsics().constructors().array().constructor();
    let from = array_class.get(js_string!("from"), context)?;
    let from = from.as_callable().ok_or_else(|| js_error!(TypeError: "Array.from missing"))?;
    let array = from.call(&array_class.clone().into(), std::slice::from_ref(value), context)?;
    let array = JsArray::from_object(array.as_object().expect("Array.from returns an array").clone())?;
    (0..array.length(context)?).map(|i| array.get(i, context)).collect()
}

/// WebIDL's USVString conversion: ToString, lone surrogates replaced by U+FFFD.
fn string(value: &JsValue, context: &mut Context) -> JsResult<String> {
    Ok(value.to_string(context)?.to_std_string_lossy())
}

/// The `searchParams` of `url`, holding its parsed `query`: a live view whose changes
/// are written back to the URL (the standard's "update steps").
pub(crate) fn create_for_url(query: &str, url: JsObject, context: &mut Context) -> JsResult<JsObject> {
    let params = UrlSearchParams { list: Rc::new(RefCell::new(parse(query))), url: Some(url) };
    class(context)?;
    UrlSearchParams::from_data(params, context)
}

/// Replaces the list with the parsed `query` (the URL's query was set).
pub(crate) fn reset(object: &JsObject, query: &str) {
    if let Some(params) = object.downcast_ref::<UrlSearchParams>() {
        *params.list.borrow_mut() = parse(query);
    }
}

/// The serialization of a `URLSearchParams` object, or `None` for other objects.
pub(crate) fn serialize(object: &JsObject) -> Option<String> {
    object.downcast_ref::<UrlSearchParams>().map(|p| p.serialize())
}

impl UrlSearchParams {
    fn with_list(list: Vec<(String, String)>) -> Self {
        Self { list: Rc::new(RefCell::new(list)), url: None }
    }

    /// The update steps: the associated URL's query becomes the serialization (none when
    /// the list is empty).
    fn update(&self, _: &mut Context) -> JsResult<()> {
        if let Some(url) = &self.url {
            crate::host::url::set_query(url, &self.serialize());
        }
        Ok(())
    }

    fn serialize(&self) -> String {
        form_urlencoded::Serializer::new(String::new()).extend_pairs(self.list.borrow().iter()).finish()
    }

    /// A live iterator (WebIDL's pair iterator): each `next()` reads the list as it is
    /// then, at the iterator's index, so entries added or deleted during a `for…of`
    /// are seen as the standard says.
    fn pairs_array(
        &self,
        pick: fn(&(String, String), &mut Context) -> JsValue,
        context: &mut Context,
    ) -> JsResult<JsValue> {
        #[derive(Trace, Finalize)]
        struct Cursor {
            #[unsafe_ignore_trace]
            list: Rc<RefCell<Vec<(String, String)>>>,
            #[unsafe_ignore_trace]
            index: Cell<usize>,
            #[unsafe_ignore_trace]
            pick: fn(&(String, String), &mut Context) -> JsValue,
        }
        let cursor = Cursor { list: self.list.clone(), index: Cell::new(0), pick };
        let next = boa_engine::NativeFunction::from_copy_closure_with_captures(
            |_, _, cursor: &Cursor, context| {
                let item = cursor.list.borrow().get(cursor.index.get()).cloned();
                let (value, done) = match item {
                    Some(item) => {
                        cursor.index.set(cursor.index.get() + 1);
                        ((cursor.pick)(&item, context), false)
                    }
                    None => (JsValue::undefined(), true),
                };
                let result = boa_engine::object::ObjectInitializer::new(context)
                    .property(js_string!("value"), value, boa_engine::property::Attribute::all())
                    .property(js_string!("done"), done, boa_engine::property::Attribute::all())
                    .build();
                Ok(result.into())
            },
            cursor,
        );
        // %IteratorPrototype% (the array iterator prototype's prototype): iterators are iterable.
        let iterator_prototype = context.intrinsics().objects().iterator_prototypes().array().prototype();
        let iterator = boa_engine::object::ObjectInitializer::new(context)
            .function(next, js_string!("next"), 0)
            .property(
                boa_engine::JsSymbol::to_string_tag(),
                js_string!("URLSearchParams Iterator"),
                boa_engine::property::Attribute::CONFIGURABLE,
            )
            .build();
        iterator.set_prototype(iterator_prototype);
        Ok(iterator.into())
    }
}

fn pair(p: &(String, String), context: &mut Context) -> JsValue {
    JsArray::from_iter([JsString::from(p.0.as_str()).into(), JsString::from(p.1.as_str()).into()], context).into()
}
fn key(p: &(String, String), _: &mut Context) -> JsValue {
    JsString::from(p.0.as_str()).into()
}
fn value(p: &(String, String), _: &mut Context) -> JsValue {
    JsString::from(p.1.as_str()).into()
}

#[boa_class(rename = "URLSearchParams")]
#[boa(rename_all = "camelCase")]
impl UrlSearchParams {
    /// `new URLSearchParams(init)`, with WebIDL's conversion of the union
    /// `sequence<sequence<USVString>> or record<USVString, USVString> or USVString`: an
    /// object with `[Symbol.iterator]` is a sequence of pairs (whatever made it, so even
    /// a `URLSearchParams` whose iterator JS replaced), another object a record of its
    /// own enumerable properties, anything else a query string.
    #[boa(constructor)]
    fn constructor(init: Option<JsValue>, context: &mut Context) -> JsResult<Self> {
        let Some(init) = init.filter(|v| !v.is_undefined()) else { return Ok(Self::default()) };
        let Some(object) = init.as_object() else {
            let text = string(&init, context)?;
            return Ok(Self::with_list(parse(text.strip_prefix('?').unwrap_or(&text))));
        };
        let mut list = Vec::new();
        if object.get(boa_engine::JsSymbol::iterator(), context)?.is_null_or_undefined() {
            // record<USVString, USVString>: a key that converts to one already seen (lone
            // surrogates become U+FFFD) keeps its first place and takes the later value.
            for key in object.own_property_keys(context)? {
                let key_value = JsValue::from(key.clone());
                let enumerable = boa_engine::builtins::object::OrdinaryObject::property_is_enumerable(
                    &object.clone().into(),
                    std::slice::from_ref(&key_value),
                    context,
                )?;
                if !enumerable.to_boolean() {
                    continue;
                }
                let name = string(&key_value, context)?;
                let value = object.get(key, context)?;
                let value = string(&value, context)?;
                match list.iter_mut().find(|(k, _): &&mut (String, String)| *k == name) {
                    Some(pair) => pair.1 = value,
                    None => list.push((name, value)),
                }
            }
            return Ok(Self::with_list(list));
        }
        for entry in sequence(&init, context)? {
            if !entry.is_object()
                || entry
                    .as_object()
                    .expect("an object")
                    .get(boa_engine::JsSymbol::iterator(), context)?
                    .is_null_or_undefined()
            {
                return Err(js_error!(TypeError: "Each pair must be an iterable [name, value] tuple"));
            }
            let pair = sequence(&entry, context)?;
            let [name, value] = pair.as_slice() else {
                return Err(js_error!(TypeError: "Each pair must be an iterable [name, value] tuple"));
            };
            list.push((string(name, context)?, string(value, context)?));
        }
        Ok(Self::with_list(list))
    }

    fn append(&self, name: JsValue, value: JsValue, context: &mut Context) -> JsResult<()> {
        let pair = (string(&name, context)?, string(&value, context)?);
        self.list.borrow_mut().push(pair);
        self.update(context)
    }

    /// `delete(name, value)`: every pair named `name` (and holding `value`, if given).
    fn delete(&self, name: JsValue, value: Option<JsValue>, context: &mut Context) -> JsResult<()> {
        let name = string(&name, context)?;
        let value = match value.filter(|v| !v.is_undefined()) {
            Some(v) => Some(string(&v, context)?),
            None => None,
        };
        self.list.borrow_mut().retain(|(k, v)| *k != name || value.as_ref().is_some_and(|value| v != value));
        self.update(context)
    }

    fn get(&self, name: JsValue, context: &mut Context) -> JsResult<JsValue> {
        let name = string(&name, context)?;
        Ok(self
            .list
            .borrow()
            .iter()
            .find(|(k, _)| *k == name)
            .map_or(JsValue::null(), |(_, v)| JsString::from(v.as_str()).into()))
    }

    fn get_all(&self, name: JsValue, context: &mut Context) -> JsResult<JsValue> {
        let name = string(&name, context)?;
        let values: Vec<JsValue> = self
            .list
            .borrow()
            .iter()
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| JsString::from(v.as_str()).into())
            .collect();
        Ok(JsArray::from_iter(values, context).into())
    }

    /// `has(name, value)`: a pair named `name` (and holding `value`, if given) exists.
    fn has(&self, name: JsValue, value: Option<JsValue>, context: &mut Context) -> JsResult<bool> {
        let name = string(&name, context)?;
        let value = match value.filter(|v| !v.is_undefined()) {
            Some(v) => Some(string(&v, context)?),
            None => None,
        };
        Ok(self.list.borrow().iter().any(|(k, v)| *k == name && value.as_ref().is_none_or(|value| v == value)))
    }

    fn set(&self, name: JsValue, value: JsValue, context: &mut Context) -> JsResult<()> {
        let (name, value) = (string(&name, context)?, string(&value, context)?);
        let mut list = self.list.borrow_mut();
        match list.iter().position(|(k, _)| *k == name) {
            Some(first) => {
                list[first].1 = value;
                let mut i = 0;
                list.retain(|(k, _)| {
                    i += 1;
                    i - 1 == first || *k != name
                });
            }
            None => list.push((name, value)),
        }
        drop(list);
        self.update(context)
    }

    fn sort(&self, context: &mut Context) -> JsResult<()> {
        self.list.borrow_mut().sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
        self.update(context)
    }

    #[boa(getter)]
    fn size(&self) -> u32 {
        self.list.borrow().len() as u32
    }

    #[boa(rename = "toString")]
    fn to_js_string(&self) -> JsValue {
        JsString::from(self.serialize().as_str()).into()
    }

    fn entries(&self, context: &mut Context) -> JsResult<JsValue> {
        self.pairs_array(pair, context)
    }

    fn keys(&self, context: &mut Context) -> JsResult<JsValue> {
        self.pairs_array(key, context)
    }

    fn values(&self, context: &mut Context) -> JsResult<JsValue> {
        self.pairs_array(value, context)
    }
}

/// The `URLSearchParams` constructor of this realm, built on first use (a lazy global,
/// `host::lazy`): the class, then what its generated prototype lacks — `@@iterator` as
/// `entries` itself, as Web IDL's pair iterators have it, and the two-argument `forEach`.
pub(crate) fn class(context: &mut Context) -> JsResult<JsObject> {
    if let Some(registered) = context.get_global_class::<UrlSearchParams>() {
        return Ok(registered.constructor());
    }
    let class = crate::host::lazy::class::<UrlSearchParams>(context)?;
    let prototype = class.get(js_string!("prototype"), context)?;
    let prototype = prototype.as_object().expect("class prototype");
    let entries = prototype.get(js_string!("entries"), context)?;
    prototype.set(boa_engine::JsSymbol::iterator(), entries, false, context)?;
    let for_each = boa_engine::object::FunctionObjectBuilder::new(
        context.realm(),
        boa_engine::NativeFunction::from_fn_ptr(for_each),
    )
    .name(js_string!("forEach"))
    .length(1)
    .build();
    prototype.define_property_or_throw(
        js_string!("forEach"),
        boa_engine::property::PropertyDescriptor::builder()
            .value(for_each)
            .writable(true)
            .enumerable(true)
            .configurable(true),
        context,
    )?;
    Ok(class)
}

/// `forEach`, live as WebIDL's: the list is read at each index as it is then. A plain
/// function rather than a class method, so that no borrow of the object is held while
/// the callback runs (it may change the very list it walks).
fn for_each(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let list = this
        .as_object()
        .and_then(|o| o.downcast_ref::<UrlSearchParams>().map(|p| p.list.clone()))
        .ok_or_else(|| js_error!(TypeError: "Illegal invocation"))?;
    let callback = args
        .first()
        .and_then(JsValue::as_callable)
        .ok_or_else(|| js_error!(TypeError: "URLSearchParams.forEach needs a function"))?;
    let this_arg = args.get(1).cloned().unwrap_or_default();
    let mut index = 0;
    loop {
        let Some((k, v)) = list.borrow().get(index).cloned() else { break };
        index += 1;
        callback.call(
            &this_arg,
            &[JsString::from(v.as_str()).into(), JsString::from(k.as_str()).into(), this.clone()],
            context,
        )?;
    }
    Ok(JsValue::undefined())
}
