//! Comparing the two sides of one request, field by field: outcome kind, status, response
//! headers (as `name: value` lines), body, error text, exceptions and console lines (in
//! order). Never
//! timestamps: real and virtual time are not comparable, only what they lead to.

use serde::Serialize;
use serde_json::Value;

use crate::observe::Observed;

/// One field on which the two runtimes differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// `outcome`, `status`, `headers`, `body`, `error`, `exceptions` or `console`.
    pub field: String,
    /// crosstalk's value of the field (`null` when it has none).
    pub crosstalk: Value,
    /// workerd's value of the field (`null` when it has none).
    pub workerd: Value,
}

/// Every field on which `crosstalk` and `workerd` differ. Console lines workerd could not
/// observe (`None`) are not compared.
pub fn compare(crosstalk: &Observed, workerd: &Observed) -> Vec<Difference> {
    let mut differences = Vec::new();
    let mut field = |name: &str, a: Value, b: Value| {
        if a != b {
            differences.push(Difference { field: name.to_string(), crosstalk: a, workerd: b });
        }
    };
    field("outcome", Value::from(crosstalk.outcome.as_str()), Value::from(workerd.outcome.as_str()));
    field("status", Value::from(crosstalk.status), Value::from(workerd.status));
    let headers = |h: &Option<Vec<(String, String)>>| {
        h.as_ref().map_or(Value::Null, |h| Value::from(h.iter().map(|(n, v)| format!("{n}: {v}")).collect::<Vec<_>>()))
    };
    field("headers", headers(&crosstalk.headers), headers(&workerd.headers));
    field("body", Value::from(crosstalk.body.clone()), Value::from(workerd.body.clone()));
    field("error", Value::from(crosstalk.error.clone()), Value::from(workerd.error.clone()));
    if let (Some(a), Some(b)) = (&crosstalk.exceptions, &workerd.exceptions) {
        field("exceptions", Value::from(a.clone()), Value::from(b.clone()));
    }
    if let (Some(a), Some(b)) = (&crosstalk.console, &workerd.console) {
        field("console", Value::from(a.clone()), Value::from(b.clone()));
    }
    let socket = |w: &Option<Vec<String>>| w.as_ref().map_or(Value::Null, |w| Value::from(w.clone()));
    field("websocket", socket(&crosstalk.websocket), socket(&workerd.websocket));
    differences
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observed(outcome: &str, status: Option<u16>, body: Option<&str>, console: Option<&[&str]>) -> Observed {
        Observed {
            outcome: outcome.into(),
            status,
            headers: None,
            body: body.map(str::to_string),
            error: None,
            exceptions: None,
            console: console.map(|c| c.iter().map(|s| s.to_string()).collect()),
            websocket: None,
        }
    }

    #[test]
    fn equal_sides_agree() {
        let a = observed("response", Some(200), Some("ok"), Some(&["x", "y"]));
        assert!(compare(&a, &a.clone()).is_empty());
    }

    #[test]
    fn each_differing_field_is_reported_once_with_both_values() {
        let a = observed("error", Some(500), None, Some(&["before"]));
        let mut b = observed("response", Some(200), Some("ok"), Some(&["before", "after"]));
        b.error = None;
        let differences = compare(&a, &b);
        let fields: Vec<&str> = differences.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(fields, ["outcome", "status", "body", "console"]);
        assert_eq!(differences[1].crosstalk, Value::from(500));
        assert_eq!(differences[1].workerd, Value::from(200));
        assert_eq!(differences[3].workerd, serde_json::json!(["before", "after"]));
    }

    #[test]
    fn console_lines_compare_in_order() {
        let a = observed("response", Some(200), Some("ok"), Some(&["a", "b"]));
        let b = observed("response", Some(200), Some("ok"), Some(&["b", "a"]));
        assert_eq!(compare(&a, &b).len(), 1);
    }

    #[test]
    fn headers_and_exceptions_are_compared_when_both_sides_have_them() {
        let mut a = observed("response", Some(200), Some("ok"), Some(&[]));
        let mut b = a.clone();
        a.headers = Some(vec![("content-type".into(), "text/plain;charset=UTF-8".into())]);
        b.headers = Some(vec![("content-type".into(), "application/json".into())]);
        a.exceptions = Some(vec!["Error: late".into()]);
        b.exceptions = Some(vec![]);
        let differences = compare(&a, &b);
        let fields: Vec<&str> = differences.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(fields, ["headers", "exceptions"]);
        assert_eq!(differences[0].crosstalk, serde_json::json!(["content-type: text/plain;charset=UTF-8"]));
        b.exceptions = None;
        assert_eq!(compare(&a, &b).len(), 1, "workerd's exceptions unobserved: only the headers differ");
    }

    #[test]
    fn unobserved_console_lines_are_not_a_difference() {
        let a = observed("no-response", None, None, Some(&["waiting"]));
        let b = observed("no-response", None, None, None);
        assert!(compare(&a, &b).is_empty());
    }
}
