//! A suite file's shape, as the TOML reader takes it: unknown keys and wrong types are its
//! errors, with their place; what the values mean is `parse`'s.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub(super) suite: Option<RawHeader>,
    #[serde(default)]
    pub(super) vars: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default, rename = "case")]
    pub(super) cases: Vec<Spanned<RawCase>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHeader {
    pub(super) name: Option<Spanned<String>>,
    pub(super) bot: Option<Spanned<String>>,
    pub(super) user_id: Option<Spanned<String>>,
    pub(super) user_name: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCase {
    pub(super) name: Spanned<String>,
    pub(super) bot: Option<Spanned<String>>,
    pub(super) user_id: Option<Spanned<String>>,
    pub(super) user_name: Option<Spanned<String>>,
    pub(super) samples: Option<Spanned<i64>>,
    pub(super) min_pass: Option<Spanned<i64>>,
    pub(super) message: Option<Spanned<String>>,
    pub(super) file: Option<Spanned<String>>,
    pub(super) expect: Option<RawExpect>,
    pub(super) capture: Option<BTreeMap<String, Spanned<String>>>,
    #[serde(default, rename = "turn")]
    pub(super) turns: Vec<Spanned<RawTurn>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTurn {
    pub(super) say: Spanned<String>,
    pub(super) file: Option<Spanned<String>>,
    pub(super) expect: Option<RawExpect>,
    pub(super) capture: Option<BTreeMap<String, Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExpect {
    pub(super) contains: Option<Spanned<toml::Value>>,
    pub(super) contains_any: Option<Spanned<toml::Value>>,
    pub(super) not_contains: Option<Spanned<toml::Value>>,
    pub(super) equals: Option<Spanned<toml::Value>>,
    pub(super) starts_with: Option<Spanned<toml::Value>>,
    pub(super) regex: Option<Spanned<toml::Value>>,
    pub(super) not_regex: Option<Spanned<toml::Value>>,
    pub(super) ignore_case: Option<bool>,
    pub(super) min_chars: Option<Spanned<i64>>,
    pub(super) max_chars: Option<Spanned<i64>>,
    pub(super) max_ms: Option<Spanned<i64>>,
    pub(super) json: Option<bool>,
    pub(super) json_path: Option<BTreeMap<Spanned<String>, toml::Value>>,
    pub(super) similar: Option<Spanned<RawSimilar>>,
    pub(super) error: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSimilar {
    pub(super) to: String,
    pub(super) min: f64,
}
