//! `--script FILE`: ordered rules that shape the answer to a request that passed every
//! check. The first rule whose matchers all hold (and whose `times` are not used up)
//! answers: a reply, a reply from a sequence, an error status, or a dropped connection,
//! after an optional delay. No rule: the echo. Loading and its errors are in `load`.

mod load;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use regex::Regex;
use sha2::{Digest, Sha256};

use super::error::SandboxError;
use super::template::Template;
use super::validate::ValidMessage;

pub use load::MAX_DELAY_MS;

/// Users a `sequence_by = "user"` rule tracks before it starts them all afresh.
const MAX_TRACKED_USERS: usize = 100_000;

/// What a rule requires of a request; all given ones must hold.
#[derive(Debug)]
struct Matchers {
    bot: Option<String>,
    user_id: Option<String>,
    contains: Option<String>,
    regex: Option<Regex>,
    has_file: Option<bool>,
}

#[derive(Debug)]
enum Action {
    Reply(Template),
    Replies {
        templates: Vec<Template>,
        per_user: bool,
    },
    Status {
        status: u16,
        title: Option<String>,
        detail: Option<String>,
        errors: BTreeMap<String, Vec<String>>,
    },
    Drop,
}

#[derive(Debug)]
struct Rule {
    name: String,
    matchers: Matchers,
    action: Action,
    times: Option<u64>,
    delay: Duration,
}

/// How a rule answers one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Reply(String),
    Problem {
        status: u16,
        title: Option<String>,
        detail: Option<String>,
        errors: BTreeMap<String, Vec<String>>,
    },
    Drop,
}

/// The rule that answers, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub rule: String,
    pub delay: Duration,
    pub outcome: Outcome,
}

/// A loaded script and its counters (`times`, sequence positions).
#[derive(Debug)]
pub struct Script {
    rules: Vec<Rule>,
    state: Mutex<Vec<RuleState>>,
}

#[derive(Debug, Default, Clone)]
struct RuleState {
    used: u64,
    position: usize,
    /// Per user (by SHA-256 of the id, so that long ids cost no more memory).
    positions: HashMap<[u8; 16], usize>,
}

impl Script {
    /// Reads and checks the script at `path`.
    pub fn load(path: &Path) -> Result<Script, SandboxError> {
        let rules = load::load(path)?;
        let state = Mutex::new(vec![RuleState::default(); rules.len()]);
        Ok(Script { rules, state })
    }

    /// The rules' names, in order.
    pub fn rule_names(&self) -> Vec<&str> {
        self.rules.iter().map(|r| r.name.as_str()).collect()
    }

    /// The chatbots rules name, to warn about ones that do not exist.
    pub fn bots(&self) -> Vec<&str> {
        self.rules
            .iter()
            .filter_map(|r| r.matchers.bot.as_deref())
            .collect()
    }

    /// The first rule that answers `message` to `bot`, counting its use.
    pub fn choose(&self, bot: &str, message: &ValidMessage) -> Option<Chosen> {
        let mut state = self.lock();
        let (index, rule) = self.rules.iter().enumerate().find(|(i, rule)| {
            let left = rule.times.is_none_or(|times| state[*i].used < times);
            left && rule.matchers.hold(bot, message)
        })?;
        let slot = &mut state[index];
        slot.used = slot.used.saturating_add(1);
        let outcome = match &rule.action {
            Action::Reply(template) => Outcome::Reply(template.render(bot, message)),
            Action::Replies {
                templates,
                per_user,
            } => {
                let position = if *per_user {
                    if slot.positions.len() >= MAX_TRACKED_USERS {
                        slot.positions.clear();
                    }
                    let digest = Sha256::digest(message.user_id.as_bytes());
                    let mut key = [0u8; 16];
                    key.copy_from_slice(&digest[..16]);
                    let position = slot.positions.entry(key).or_insert(0);
                    let current = *position;
                    *position = current.saturating_add(1);
                    current
                } else {
                    let current = slot.position;
                    slot.position = current.saturating_add(1);
                    current
                };
                // Past the last reply, the last one repeats. (`load` refuses an empty
                // `replies`, so there is a last one.)
                let last = templates.len().saturating_sub(1);
                let template = templates.get(position.min(last))?;
                Outcome::Reply(template.render(bot, message))
            }
            Action::Status {
                status,
                title,
                detail,
                errors,
            } => Outcome::Problem {
                status: *status,
                title: title.clone(),
                detail: detail.clone(),
                errors: errors.clone(),
            },
            Action::Drop => Outcome::Drop,
        };
        Some(Chosen {
            rule: rule.name.clone(),
            delay: rule.delay,
            outcome,
        })
    }

    /// Forgets every count and position (`POST /__peki/reset`).
    pub fn reset(&self) {
        for slot in self.lock().iter_mut() {
            *slot = RuleState::default();
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<RuleState>> {
        // Counters are plain numbers: whatever a panicking holder left is still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Matchers {
    fn hold(&self, bot: &str, message: &ValidMessage) -> bool {
        self.bot.as_deref().is_none_or(|b| b == bot)
            && self
                .user_id
                .as_deref()
                .is_none_or(|id| id == message.user_id)
            && self
                .contains
                .as_deref()
                .is_none_or(|text| message.content.contains(text))
            && self
                .regex
                .as_ref()
                .is_none_or(|re| re.is_match(&message.content))
            && self
                .has_file
                .is_none_or(|wanted| wanted == message.file.is_some())
    }
}
