//! Comparing the two sides of one request, field by field: outcome kind, status, body,
//! error text and console lines (in order). Never timestamps: real and virtual time are
//! not comparable, only what they lead to.

use serde::Serialize;
use serde_json::Value;

use crate::observe::Observed;

/// One field on which the two runtimes differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// `outcome`, `status`, `body`, `error` or `console`.
    pub field: String,
    pub crosstalk: Value,
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
    field("body", Value::from(crosstalk.body.clone()), Value::from(workerd.body.clone()));
    field("error", Value::from(crosstalk.error.clone()), Value::from(workerd.error.clone()));
    if let (Some(a), Some(b)) = (&crosstalk.console, &workerd.console) {
        field("console", Value::from(a.clone()), Value::from(b.clone()));
    }
    differences
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observed(outcome: &str, status: Option<u16>, body: Option<&str>, console: Option<&[&str]>) -> Observed {
        Observed {
            outcome: outcome.into(),
            status,
            body: body.map(str::to_string),
            error: None,
            console: console.map(|c| c.iter().map(|s| s.to_string()).collect()),
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
    fn unobserved_console_lines_are_not_a_difference() {
        let a = observed("no-response", None, None, Some(&["waiting"]));
        let b = observed("no-response", None, None, None);
        assert!(compare(&a, &b).is_empty());
    }
}
