//! `sort` and `toSorted` with a comparison function, on arrays and typed arrays, sorted by
//! crosstalk rather than by boa.
//!
//! boa 0.22 sorts with Rust's `slice::sort_by`, which panics ("user-provided comparison
//! function does not correctly implement a total order") when a comparator is not
//! consistent: `arr.sort(() => Math.random() - 0.5)`, a shuffle idiom real libraries use,
//! aborted the whole tool. The standard allows any order for such a comparator, so these
//! wrappers run the spec's steps (SortIndexedProperties, SortCompare,
//! CompareArrayElements/CompareTypedArrayElements) over a stable merge sort that never
//! checks consistency. Without a comparator the builtin's own sort runs: its orders are
//! total. Each comparison is charged one unit of CPU work (`host::charge`), and the walk
//! over the indices its length, so a native comparator on a huge array meets the CPU
//! limit too.

use std::cmp::Ordering;

use boa_engine::object::builtins::{JsArray, JsArrayBuffer, JsFunction, JsTypedArray};
use boa_engine::{Context, JsNativeError, JsObject, JsResult, JsValue};

/// V8's text for a comparator that is neither a function nor `undefined`.
const BAD_COMPARATOR: &str = "The comparison function must be either a function or undefined";

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let array = context.intrinsics().constructors().array().prototype();
    super::wrap_builtin(&array, "sort", 1, context, |this, args, original, context| {
        match comparator(args, context)? {
            Some(compare) => array_sort(this, &compare, context),
            None => original.call(this, args, context),
        }
    })?;
    super::wrap_builtin(&array, "toSorted", 1, context, |this, args, original, context| {
        match comparator(args, context)? {
            Some(compare) => array_to_sorted(this, &compare, context),
            None => original.call(this, args, context),
        }
    })?;
    let typed = context.intrinsics().constructors().typed_array().prototype();
    super::wrap_builtin(&typed, "sort", 1, context, |this, args, original, context| {
        match comparator(args, context)? {
            Some(compare) => typed_sort(this, &compare, None, context),
            None => original.call(this, args, context),
        }
    })?;
    super::wrap_builtin(&typed, "toSorted", 1, context, |this, args, original, context| {
        match comparator(args, context)? {
            Some(compare) => typed_sort(this, &compare, Some(original), context),
            None => original.call(this, args, context),
        }
    })?;
    Ok(())
}

/// The comparator argument: `None` for `undefined` (the builtin's default order), a
/// TypeError for anything else that is not callable.
fn comparator(args: &[JsValue], context: &mut Context) -> JsResult<Option<JsFunction>> {
    match args.first() {
        None => Ok(None),
        Some(value) if value.is_undefined() => Ok(None),
        Some(value) => match value.as_object().and_then(|o| JsFunction::from_object(o.clone())) {
            Some(function) => Ok(Some(function)),
            None => {
                let shown = shown(value, context)?;
                Err(JsNativeError::typ().with_message(format!("{BAD_COMPARATOR}: {shown}")).into())
            }
        },
    }
}

/// A value as V8 shows it in a message: an object as `#<Constructor>`, anything else as
/// its string.
fn shown(value: &JsValue, context: &mut Context) -> JsResult<String> {
    if let Some(object) = value.as_object() {
        let constructor = object.get(boa_engine::js_string!("constructor"), context)?;
        let name = match constructor.as_object() {
            Some(c) => c.get(boa_engine::js_string!("name"), context)?.as_string().map(|s| s.to_std_string_escaped()),
            None => None,
        };
        return Ok(format!("#<{}>", name.filter(|n| !n.is_empty()).unwrap_or_else(|| "Object".to_string())));
    }
    match value.as_symbol() {
        Some(symbol) => Ok(symbol.descriptive_string().to_std_string_escaped()),
        None => Ok(value.to_string(context)?.to_std_string_escaped()),
    }
}

/// Array.prototype.sort with `compare`: the present elements sorted (undefined last) to
/// the front, the holes after them deleted; returns the object.
fn array_sort(this: &JsValue, compare: &JsFunction, context: &mut Context) -> JsResult<JsValue> {
    let object = this.to_object(context)?;
    let length = length_of(&object, context)?;
    let items = indexed_items(&object, length, true, context)?;
    let sorted = sort_array_items(items, compare, context)?;
    let count = sorted.len() as u64;
    for (index, item) in sorted.into_iter().enumerate() {
        object.set(index as u64, item, true, context)?;
    }
    for index in count..length {
        object.delete_property_or_throw(index, context)?;
    }
    Ok(object.into())
}

/// Array.prototype.toSorted with `compare`: a new array of every index (holes read as
/// undefined), sorted.
fn array_to_sorted(this: &JsValue, compare: &JsFunction, context: &mut Context) -> JsResult<JsValue> {
    let object = this.to_object(context)?;
    let length = length_of(&object, context)?;
    if length > u64::from(u32::MAX) {
        return Err(JsNativeError::range().with_message("Invalid array length").into());
    }
    let items = indexed_items(&object, length, false, context)?;
    let sorted = sort_array_items(items, compare, context)?;
    Ok(JsArray::from_iter(sorted, context).into())
}

/// %TypedArray%.prototype.sort (`to_sorted` None) or toSorted (the original builtin, which
/// makes the copy of the same kind and length) with `compare`.
fn typed_sort(
    this: &JsValue,
    compare: &JsFunction,
    to_sorted: Option<&JsFunction>,
    context: &mut Context,
) -> JsResult<JsValue> {
    let typed = this.as_object().and_then(|o| JsTypedArray::from_object(o.clone()).ok());
    let Some(typed) = typed else {
        return Err(JsNativeError::typ().with_message("this is not a typed array.").into());
    };
    let buffer = typed.buffer(context)?;
    let detached =
        buffer.as_object().and_then(|b| JsArrayBuffer::from_object(b.clone()).ok()).is_some_and(|b| b.data().is_none());
    if detached {
        let method = if to_sorted.is_some() { "toSorted" } else { "sort" };
        return Err(JsNativeError::typ()
            .with_message(format!("Cannot perform %TypedArray%.prototype.{method} on a detached ArrayBuffer"))
            .into());
    }
    let length = typed.length(context)? as u64;
    let source: JsObject = typed.into();
    let items = indexed_items(&source, length, false, context)?;
    let sorted = typed_merge_sort(items, compare, context)?;
    let target = match to_sorted {
        // The builtin without a comparator gives a copy of the right kind and length;
        // every element is then written over.
        Some(original) => original
            .call(this, &[], context)?
            .as_object()
            .ok_or_else(|| JsNativeError::typ().with_message("toSorted did not return a typed array"))?,
        None => source,
    };
    for (index, item) in sorted.into_iter().enumerate() {
        target.set(index as u64, item, true, context)?;
    }
    Ok(target.into())
}

fn length_of(object: &JsObject, context: &mut Context) -> JsResult<u64> {
    let length = object.get(boa_engine::js_string!("length"), context)?.to_length(context)?;
    super::charge(length, context)?;
    Ok(length)
}

/// SortIndexedProperties' walk: the value at each index below `length`, leaving out the
/// indices the object does not have when `skip_holes`.
fn indexed_items(object: &JsObject, length: u64, skip_holes: bool, context: &mut Context) -> JsResult<Vec<JsValue>> {
    let mut items = Vec::new();
    for index in 0..length {
        if !skip_holes || object.has_property(index, context)? {
            items.push(object.get(index, context)?);
        }
    }
    Ok(items)
}

/// CompareArrayElements: `undefined` goes after every other value without asking the
/// comparator, as V8 does by setting the undefineds aside before it sorts.
fn sort_array_items(items: Vec<JsValue>, compare: &JsFunction, context: &mut Context) -> JsResult<Vec<JsValue>> {
    let (defined, undefined): (Vec<JsValue>, Vec<JsValue>) = items.into_iter().partition(|v| !v.is_undefined());
    let mut sorted = sort_values(defined, compare, context)?;
    sorted.extend(undefined);
    Ok(sorted)
}

/// The values ordered by the comparator's numbers (NaN as +0), as CompareTypedArrayElements
/// and CompareArrayElements (past `undefined`) ask it.
fn sort_values(items: Vec<JsValue>, compare: &JsFunction, context: &mut Context) -> JsResult<Vec<JsValue>> {
    let mut compare = |x: &JsValue, y: &JsValue, context: &mut Context| call_comparator(x, y, compare, context);
    if items.len() < MIN_MERGE {
        short_sort(items, &mut compare, context)
    } else {
        merge_sort(items, &mut compare, context)
    }
}

/// One comparison: one unit of CPU work, then the comparator's number as an order (NaN as
/// +0).
fn call_comparator(x: &JsValue, y: &JsValue, compare: &JsFunction, context: &mut Context) -> JsResult<Ordering> {
    super::charge(1, context)?;
    let value = compare.call(&JsValue::undefined(), &[x.clone(), y.clone()], context)?.to_number(context)?;
    Ok(if value < 0.0 {
        Ordering::Less
    } else if value > 0.0 {
        Ordering::Greater
    } else {
        Ordering::Equal
    })
}

/// A typed array's elements ordered by the comparator as V8 orders them: a top-down
/// merge sort that halves each range (the left half the shorter) and takes the left
/// element while the comparator's number is not above 0 (NaN as +0), so a comparator that
/// is not consistent (`(a, b) => a - b` over NaN) gives V8's order.
fn typed_merge_sort(items: Vec<JsValue>, compare: &JsFunction, context: &mut Context) -> JsResult<Vec<JsValue>> {
    let mut compare = |x: &JsValue, y: &JsValue, context: &mut Context| call_comparator(x, y, compare, context);
    let mut target = items.clone();
    let mut source = items;
    let length = source.len();
    if length > 1 {
        merge_range(&mut source, &mut target, 0, length, &mut compare, context)?;
    }
    Ok(target)
}

/// Sorts `target[from..to]`, using `source[from..to]` (which holds the same elements) as
/// the other buffer; both are scratch for the range.
fn merge_range<F>(
    source: &mut [JsValue],
    target: &mut [JsValue],
    from: usize,
    to: usize,
    compare: &mut F,
    context: &mut Context,
) -> JsResult<()>
where
    F: FnMut(&JsValue, &JsValue, &mut Context) -> JsResult<Ordering>,
{
    let middle = from + (to - from) / 2;
    if middle - from > 1 {
        merge_range(target, source, from, middle, compare, context)?;
    }
    if to - middle > 1 {
        merge_range(target, source, middle, to, compare, context)?;
    }
    let (mut left, mut right) = (from, middle);
    for slot in target.iter_mut().take(to).skip(from) {
        let take_left =
            left < middle && (right >= to || compare(&source[left], &source[right], context)? != Ordering::Greater);
        if take_left {
            *slot = source[left].clone();
            left += 1;
        } else {
            *slot = source[right].clone();
            right += 1;
        }
    }
    Ok(())
}

/// Below this many elements TimSort (V8's sort) is one run: the ordered run at the
/// start, then a binary insertion of each element after it.
const MIN_MERGE: usize = 64;

/// The order TimSort gives fewer than [`MIN_MERGE`] elements, with the same comparisons:
/// the longest run at the start, ascending (each element not below the one before) or
/// strictly descending (then reversed), then each later element inserted after the last
/// element it does not compare below, found by binary search. The same order as V8 even
/// for a comparator that is not consistent, such as `() => 1`.
fn short_sort<F>(mut items: Vec<JsValue>, compare: &mut F, context: &mut Context) -> JsResult<Vec<JsValue>>
where
    F: FnMut(&JsValue, &JsValue, &mut Context) -> JsResult<Ordering>,
{
    let length = items.len();
    if length < 2 {
        return Ok(items);
    }
    let descending = compare(&items[1], &items[0], context)? == Ordering::Less;
    let mut run = 2;
    while run < length {
        let order = compare(&items[run], &items[run - 1], context)?;
        let continues = if descending { order == Ordering::Less } else { order != Ordering::Less };
        if !continues {
            break;
        }
        run += 1;
    }
    if descending {
        items[..run].reverse();
    }
    for start in run..length {
        let pivot = items[start].clone();
        let (mut left, mut right) = (0, start);
        while left < right {
            let middle = left + (right - left) / 2;
            if compare(&pivot, &items[middle], context)? == Ordering::Less {
                right = middle;
            } else {
                left = middle + 1;
            }
        }
        items[left..=start].rotate_right(1);
        debug_assert!(items[left] == pivot, "the pivot lands where the search stopped");
    }
    Ok(items)
}

/// A stable bottom-up merge sort that asks `compare` once per merge step and never checks
/// that its answers are consistent; the first error stops it.
fn merge_sort<F>(mut items: Vec<JsValue>, compare: &mut F, context: &mut Context) -> JsResult<Vec<JsValue>>
where
    F: FnMut(&JsValue, &JsValue, &mut Context) -> JsResult<Ordering>,
{
    let length = items.len();
    let mut buffer: Vec<JsValue> = Vec::with_capacity(length);
    let mut width = 1;
    while width < length {
        buffer.clear();
        let mut start = 0;
        while start < length {
            let middle = (start + width).min(length);
            let end = (start + 2 * width).min(length);
            let (mut left, mut right) = (start, middle);
            while left < middle && right < end {
                // Equal elements keep their order: the left run's goes first.
                if compare(&items[left], &items[right], context)? == Ordering::Greater {
                    buffer.push(items[right].clone());
                    right += 1;
                } else {
                    buffer.push(items[left].clone());
                    left += 1;
                }
            }
            buffer.extend_from_slice(&items[left..middle]);
            buffer.extend_from_slice(&items[right..end]);
            start = end;
        }
        debug_assert_eq!(buffer.len(), length, "a merge pass keeps every element");
        std::mem::swap(&mut items, &mut buffer);
        width *= 2;
    }
    Ok(items)
}
