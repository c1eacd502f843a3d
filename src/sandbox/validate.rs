//! The body check of the sandbox: `user.id`, `user.name` and `message.content` present and
//! not blank, `message.file` an http(s) URL, with ASP.NET-style field errors. Pure.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::values::FileUrl;

pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// A body that passed validation: what scripts match on and answers quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMessage {
    pub user_id: String,
    pub user_name: String,
    pub content: String,
    pub file: Option<String>,
}

/// The body's fields once `user.id`, `user.name` and `message.content` are present (and
/// `message.file`, if any, is an http(s) URL), or ASP.NET-style field errors.
pub fn validate(body: &[u8]) -> Result<ValidMessage, FieldErrors> {
    let mut errors = FieldErrors::new();
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => {
            add_error(
                &mut errors,
                "$",
                format!("The JSON value is malformed: {e}."),
            );
            return Err(errors);
        }
    };
    if !value.is_object() {
        add_error(&mut errors, "$", "The JSON value must be an object.".into());
        return Err(errors);
    }
    let user = object_field(&value, "user", &mut errors);
    let message = object_field(&value, "message", &mut errors);
    let user_id = string_field(user, "user", "id", &mut errors);
    let user_name = string_field(user, "user", "name", &mut errors);
    let content = string_field(message, "message", "content", &mut errors);
    let file = match message.and_then(|m| m.get("file")) {
        None | Some(Value::Null) => None,
        Some(Value::String(url)) if url.parse::<FileUrl>().is_ok() => Some(url.clone()),
        Some(_) => {
            add_error(
                &mut errors,
                "message.file",
                "The message.file field is not a valid fully-qualified http or https URL.".into(),
            );
            None
        }
    };
    match (user_id, user_name, content) {
        (Some(user_id), Some(user_name), Some(content)) if errors.is_empty() => Ok(ValidMessage {
            user_id,
            user_name,
            content,
            file,
        }),
        _ => Err(errors),
    }
}

fn add_error(errors: &mut FieldErrors, field: &str, message: String) {
    errors.entry(field.to_string()).or_default().push(message);
}

/// A required object member such as `user`; its absence is reported once, here.
fn object_field<'v>(
    value: &'v Value,
    name: &str,
    errors: &mut FieldErrors,
) -> Option<&'v serde_json::Map<String, Value>> {
    match value.get(name) {
        Some(Value::Object(object)) => Some(object),
        None | Some(Value::Null) => {
            add_error(errors, name, format!("The {name} field is required."));
            None
        }
        Some(_) => {
            let message =
                format!("The JSON value could not be converted to an object. Path: $.{name}.");
            add_error(errors, name, message);
            None
        }
    }
}

/// A required, non-blank string member such as `user.name` (ASP.NET's `[Required]`).
fn string_field(
    parent: Option<&serde_json::Map<String, Value>>,
    parent_name: &str,
    field: &str,
    errors: &mut FieldErrors,
) -> Option<String> {
    let name = format!("{parent_name}.{field}");
    match parent?.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        None | Some(Value::Null) | Some(Value::String(_)) => {
            add_error(errors, &name, format!("The {name} field is required."));
            None
        }
        Some(_) => {
            let message =
                format!("The JSON value could not be converted to a string. Path: $.{name}.");
            add_error(errors, &name, message);
            None
        }
    }
}
