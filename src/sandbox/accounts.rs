//! Who may use the sandbox: API keys, their secrets and the chatbots each key may reach,
//! from flags or from a `--bots FILE` TOML. Reads the file; never prints.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use super::error::SandboxError;
use crate::values::{BotId, Secret};

pub const DEMO_API_KEY: &str = "pk_sandbox";
pub const DEMO_API_SECRET: &str = "sk_sandbox";
pub const DEMO_BOT: &str = "sandbox";
pub const DEFAULT_DAILY_LIMIT: u64 = 100;

/// One API key and what it may do.
#[derive(Debug, Clone)]
pub struct Account {
    pub api_key: String,
    pub api_secret: Secret,
    pub bots: BTreeSet<String>,
}

/// Every key the sandbox knows, and every chatbot that exists.
#[derive(Debug, Clone)]
pub struct Accounts {
    keys: BTreeMap<String, Account>,
    bots: BTreeSet<String>,
    pub daily_limit: u64,
}

impl Accounts {
    pub fn new(accounts: Vec<Account>, daily_limit: u64) -> Result<Self, String> {
        let mut keys = BTreeMap::new();
        let mut bots = BTreeSet::new();
        for account in accounts {
            if account.api_key.is_empty() || account.api_secret.expose().is_empty() {
                return Err("every key needs a non-empty api_key and api_secret".into());
            }
            bots.extend(account.bots.iter().cloned());
            let key = account.api_key.clone();
            if keys.insert(key.clone(), account).is_some() {
                return Err(format!("API key '{key}' is listed twice"));
            }
        }
        if keys.is_empty() {
            return Err("no API keys are defined".into());
        }
        Ok(Accounts {
            keys,
            bots,
            daily_limit,
        })
    }

    /// The demo set-up: one key with access to `bots`.
    pub fn single(
        api_key: &str,
        api_secret: Secret,
        bots: &[BotId],
        daily_limit: u64,
    ) -> Result<Self, String> {
        let account = Account {
            api_key: api_key.to_string(),
            api_secret,
            bots: bots.iter().map(|b| b.as_str().to_string()).collect(),
        };
        Accounts::new(vec![account], daily_limit)
    }

    pub fn key(&self, api_key: &str) -> Option<&Account> {
        self.keys.get(api_key)
    }

    pub fn bot_exists(&self, bot: &str) -> bool {
        self.bots.contains(bot)
    }

    pub fn keys(&self) -> impl Iterator<Item = &Account> {
        self.keys.values()
    }

    /// Reads a `--bots FILE`:
    ///
    /// ```toml
    /// daily_limit = 100            # optional
    /// [[keys]]
    /// api_key = "pk_support"
    /// api_secret = "sk_support"
    /// bots = ["support", "billing"]
    /// ```
    pub fn from_file(path: &Path, daily_limit: Option<u64>) -> Result<Self, SandboxError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| SandboxError::BotsFileUnreadable {
                path: path.to_path_buf(),
                source,
            })?;
        let bad = |message: String| SandboxError::BotsFile {
            path: path.to_path_buf(),
            message,
        };
        let file: BotsFile =
            toml::from_str(&text).map_err(|e| bad(crate::toml_error::describe(&text, &e)))?;
        let mut accounts = Vec::new();
        for key in file.keys {
            for bot in &key.bots {
                bot.parse::<BotId>().map_err(|e| bad(format!(" {e}")))?;
            }
            accounts.push(Account {
                api_key: key.api_key,
                api_secret: Secret::new(key.api_secret),
                bots: key.bots.into_iter().collect(),
            });
        }
        let limit = daily_limit
            .or(file.daily_limit)
            .unwrap_or(DEFAULT_DAILY_LIMIT);
        Accounts::new(accounts, limit).map_err(|e| bad(format!(" {e}")))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BotsFile {
    daily_limit: Option<u64>,
    #[serde(default)]
    keys: Vec<KeyEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyEntry {
    api_key: String,
    api_secret: String,
    #[serde(default)]
    bots: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    }

    #[test]
    fn bots_file_defines_keys_and_their_bots() {
        let file = write(
            "daily_limit = 7\n[[keys]]\napi_key = \"pk_a\"\napi_secret = \"sk_a\"\nbots = [\"one\", \"two\"]\n\
             [[keys]]\napi_key = \"pk_b\"\napi_secret = \"sk_b\"\nbots = [\"three\"]\n",
        );
        let accounts = Accounts::from_file(file.path(), None).unwrap();
        assert_eq!(accounts.daily_limit, 7);
        for bot in ["one", "two", "three"] {
            assert!(accounts.bot_exists(bot), "{bot}");
        }
        assert!(!accounts.bot_exists("four"));
        assert!(accounts.key("pk_b").unwrap().bots.contains("three"));
        assert_eq!(
            Accounts::from_file(file.path(), Some(3))
                .unwrap()
                .daily_limit,
            3
        );
    }

    #[test]
    fn bad_bots_files_are_config_errors_with_a_position() {
        let typo = write("[[keys]]\napi_kye = \"pk_a\"\n");
        let err = Accounts::from_file(typo.path(), None).unwrap_err();
        assert_eq!(err.blame(), crate::sandbox::Blame::Config);
        assert!(
            err.to_string().contains(":2:1: unknown field `api_kye`"),
            "{err}"
        );
        let twice = write(
            "[[keys]]\napi_key=\"pk\"\napi_secret=\"s\"\n[[keys]]\napi_key=\"pk\"\napi_secret=\"t\"\n",
        );
        let err = Accounts::from_file(twice.path(), None).unwrap_err();
        assert!(err.to_string().contains("listed twice"), "{err}");
        let bad_bot = write("[[keys]]\napi_key=\"pk\"\napi_secret=\"s\"\nbots=[\"a b\"]\n");
        assert!(Accounts::from_file(bad_bot.path(), None).is_err());
    }
}
