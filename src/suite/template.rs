//! Text with `${name}` placeholders: suite variables, `--var` overrides, `${env.NAME}`
//! from the environment, and values captured from earlier replies. Pure.

use std::collections::BTreeMap;

/// The most text a template may become once its placeholders are filled in: a message
/// is at most 1 MiB (as `peki send` takes), and variables that repeat each other would
/// otherwise ask a suite of a few kilobytes for terabytes.
pub const MAX_RENDERED_BYTES: usize = 1024 * 1024;

/// A template that, filled in, comes to more than `MAX_RENDERED_BYTES`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("larger than 1 MiB once its ${{…}} are filled in")]
pub struct TooLarge;

/// A message that, filled in, is empty or only white space: the API would refuse it (400),
/// so it is never sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the message is empty once its ${{…}} are filled in")]
pub struct BlankMessage;

/// Text as written in a suite, with its placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template(String);

/// The values placeholders take.
#[derive(Debug, Clone, Default)]
pub struct Vars {
    values: BTreeMap<String, String>,
}

impl Vars {
    pub fn set(&mut self, name: &str, value: String) {
        self.values.insert(name.to_string(), value);
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }
}

impl Template {
    pub fn new(text: impl Into<String>) -> Template {
        Template(text.into())
    }

    pub fn as_written(&self) -> &str {
        &self.0
    }

    /// The names between `${` and `}`, in order; an unclosed `${` is an error.
    pub fn names(&self) -> Result<Vec<&str>, String> {
        let mut names = Vec::new();
        let mut rest = self.0.as_str();
        while let Some(start) = rest.find("${") {
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                return Err(format!(
                    "an unclosed ${{ in {:?} (write $${{ for a literal ${{)",
                    self.0
                ));
            };
            // `$${` is an escaped, literal `${`.
            if start > 0 && rest.as_bytes()[start - 1] == b'$' {
                rest = &after[end + 1..];
                continue;
            }
            names.push(after[..end].trim());
            rest = &after[end + 1..];
        }
        Ok(names)
    }

    /// The text with every placeholder replaced, each value passed through `escape` (regex
    /// fields escape captured text, so that it matches literally). Unknown names stay as
    /// written: the loader refuses them before anything runs.
    pub fn render_with(
        &self,
        vars: &Vars,
        escape: impl Fn(&str) -> String,
    ) -> Result<String, TooLarge> {
        let mut out = String::with_capacity(self.0.len().min(MAX_RENDERED_BYTES));
        let push = |out: &mut String, piece: &str| {
            if out.len() + piece.len() > MAX_RENDERED_BYTES {
                return Err(TooLarge);
            }
            out.push_str(piece);
            Ok(())
        };
        let mut rest = self.0.as_str();
        while let Some(start) = rest.find("${") {
            let (before, after) = (&rest[..start], &rest[start + 2..]);
            let Some(end) = after.find('}') else {
                break;
            };
            if let Some(literal) = before.strip_suffix('$') {
                push(&mut out, literal)?;
                push(&mut out, "${")?;
                push(&mut out, &after[..=end])?;
            } else {
                push(&mut out, before)?;
                let name = after[..end].trim();
                match vars.get(name) {
                    Some(value) => push(&mut out, &escape(value))?,
                    None => {
                        push(&mut out, "${")?;
                        push(&mut out, &after[..=end])?;
                    }
                }
            }
            rest = &after[end + 1..];
        }
        push(&mut out, rest)?;
        Ok(out)
    }

    pub fn render(&self, vars: &Vars) -> Result<String, TooLarge> {
        self.render_with(vars, str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> Vars {
        let mut vars = Vars::default();
        vars.set("order", "A-1001".into());
        vars.set("env.HOME", "/home/ci".into());
        vars
    }

    #[test]
    fn placeholders_are_replaced_and_listed() {
        let t = Template::new("Where is ${order}? (${ env.HOME })");
        assert_eq!(t.names().unwrap(), ["order", "env.HOME"]);
        assert_eq!(t.render(&vars()).unwrap(), "Where is A-1001? (/home/ci)");
        assert_eq!(
            Template::new("no placeholders").render(&vars()).unwrap(),
            "no placeholders"
        );
    }

    #[test]
    fn escaping_and_literals() {
        let t = Template::new("cost: $${order} is ${order}.");
        assert_eq!(t.names().unwrap(), ["order"]);
        assert_eq!(t.render(&vars()).unwrap(), "cost: ${order} is A-1001.");
        let regex = Template::new(r"^order ${order}\b");
        assert_eq!(
            regex.render_with(&vars(), regex::escape).unwrap(),
            r"^order A\-1001\b"
        );
        assert!(Template::new("oops ${order").names().is_err());
        assert_eq!(
            Template::new("${unknown} x").render(&vars()).unwrap(),
            "${unknown} x"
        );
    }

    #[test]
    fn a_template_never_becomes_larger_than_the_bound() {
        let mut vars = Vars::default();
        vars.set("kb", "x".repeat(1024));
        let thousand = Template::new("${kb}".repeat(1024));
        assert_eq!(thousand.render(&vars).unwrap().len(), MAX_RENDERED_BYTES);
        let more = Template::new("${kb}".repeat(1024) + "!");
        assert_eq!(more.render(&vars), Err(TooLarge));
        assert_eq!(more.render_with(&vars, |v| v.repeat(1000)), Err(TooLarge));
    }
}
