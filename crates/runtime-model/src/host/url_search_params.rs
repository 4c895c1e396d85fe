//! The `URLSearchParams` class (application/x-www-form-urlencoded lists).

use boa_engine::class::Class;
use boa_engine::object::builtins::JsArray;
use boa_engine::object::builtins::JsFunction;
use boa_engine::{
    Context, Finalize, JsData, JsObject, JsResult, JsString, JsValue, Trace, boa_class, js_error, js_string,
};
use std::cell::RefCell;

#[derive(Trace, Finalize, JsData, Default)]
pub(crate) struct UrlSearchParams {
    #[unsafe_ignore_trace]
    list: RefCell<Vec<(String, String)>>,
}

fn parse(text: &str) -> Vec<(String, String)> {
    let text = text.strip_prefix('?').unwrap_or(text);
    form_urlencoded::parse(text.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn string(value: &JsValue, context: &mut Context) -> JsResult<String> {
    Ok(value.to_string(context)?.to_std_string_escaped())
}

/// A new `URLSearchParams` object holding the parsed `query`.
pub(crate) fn create(query: &str, context: &mut Context) -> JsResult<JsValue> {
    let params = UrlSearchParams { list: RefCell::new(parse(query)) };
    Ok(UrlSearchParams::from_data(params, context)?.into())
}

/// The serialization of a `URLSearchParams` object, or `None` for other objects.
pub(crate) fn serialize(object: &JsObject) -> Option<String> {
    object.downcast_ref::<UrlSearchParams>().map(|p| p.serialize())
}

impl UrlSearchParams {
    fn serialize(&self) -> String {
        form_urlencoded::Serializer::new(String::new()).extend_pairs(self.list.borrow().iter()).finish()
    }

    fn pairs_array(
        &self,
        pick: fn(&(String, String), &mut Context) -> JsValue,
        context: &mut Context,
    ) -> JsResult<JsValue> {
        let items: Vec<JsValue> = self.list.borrow().iter().map(|p| pick(p, context)).collect();
        let array = JsArray::from_iter(items, context);
        let values = array.get(js_string!("values"), context)?;
        values.as_callable().ok_or_else(|| js_error!(TypeError: "Array.prototype.values missing"))?.call(
            &array.into(),
            &[],
            context,
        )
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
    #[boa(constructor)]
    fn constructor(init: Option<JsValue>, context: &mut Context) -> JsResult<Self> {
        let Some(init) = init.filter(|v| !v.is_null_or_undefined()) else { return Ok(Self::default()) };
        if let Some(object) = init.as_object() {
            if let Some(other) = object.downcast_ref::<UrlSearchParams>() {
                return Ok(Self { list: RefCell::new(other.list.borrow().clone()) });
            }
            let mut list = Vec::new();
            if JsArray::from_object(object.clone()).is_ok() {
                let array = JsArray::from_object(object.clone())?;
                for i in 0..array.length(context)? {
                    let entry = array.get(i, context)?;
                    let entry = entry
                        .as_object()
                        .ok_or_else(|| js_error!(TypeError: "Each pair must be an array of two strings."))?;
                    let k = entry.get(0, context)?;
                    let v = entry.get(1, context)?;
                    list.push((string(&k, context)?, string(&v, context)?));
                }
            } else {
                let keys = boa_engine::builtins::object::OrdinaryObject::keys(
                    &JsValue::undefined(),
                    &[object.clone().into()],
                    context,
                )?;
                let keys = JsArray::from_object(keys.as_object().expect("Object.keys returns an array").clone())?;
                for i in 0..keys.length(context)? {
                    let k = keys.get(i, context)?;
                    let v = object.get(k.to_property_key(context)?, context)?;
                    list.push((string(&k, context)?, string(&v, context)?));
                }
            }
            return Ok(Self { list: RefCell::new(list) });
        }
        Ok(Self { list: RefCell::new(parse(&string(&init, context)?)) })
    }

    fn append(&self, name: JsValue, value: JsValue, context: &mut Context) -> JsResult<()> {
        let pair = (string(&name, context)?, string(&value, context)?);
        self.list.borrow_mut().push(pair);
        Ok(())
    }

    fn delete(&self, name: JsValue, context: &mut Context) -> JsResult<()> {
        let name = string(&name, context)?;
        self.list.borrow_mut().retain(|(k, _)| *k != name);
        Ok(())
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

    fn has(&self, name: JsValue, context: &mut Context) -> JsResult<bool> {
        let name = string(&name, context)?;
        Ok(self.list.borrow().iter().any(|(k, _)| *k == name))
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
        Ok(())
    }

    fn sort(&self) {
        self.list.borrow_mut().sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    }

    #[boa(getter)]
    fn size(&self) -> u32 {
        self.list.borrow().len() as u32
    }

    #[boa(rename = "toString")]
    fn to_js_string(&self) -> JsValue {
        JsString::from(self.serialize().as_str()).into()
    }

    fn for_each(&self, callback: JsFunction, this_arg: Option<JsValue>, context: &mut Context) -> JsResult<()> {
        let pairs = self.list.borrow().clone();
        let this_arg = this_arg.unwrap_or_default();
        for (k, v) in pairs {
            callback.call(
                &this_arg,
                &[JsString::from(v.as_str()).into(), JsString::from(k.as_str()).into()],
                context,
            )?;
        }
        Ok(())
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

/// Makes `URLSearchParams` iterable (`for (const [k, v] of params)`).
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    context.register_global_class::<UrlSearchParams>()?;
    let class = context.global_object().get(js_string!("URLSearchParams"), context)?;
    let prototype = class.as_object().expect("registered class").get(js_string!("prototype"), context)?;
    let prototype = prototype.as_object().expect("class prototype");
    let entries = prototype.get(js_string!("entries"), context)?;
    prototype.set(boa_engine::JsSymbol::iterator(), entries, false, context)?;
    Ok(())
}
