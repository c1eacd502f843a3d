//! `peki serve`: run the sandbox in the foreground, logging one line per request on stderr,
//! until SIGINT/SIGTERM; or `--check-script` a script file and exit.

use std::sync::Arc;

use crate::cli::ServeArgs;
use crate::error::Error;
use crate::output;
use crate::style::{self, Level};
use std::path::Path;
use std::time::Duration;

use crate::sandbox::{
    self, Accounts, Faults, LogSink, Sandbox, SandboxError, SandboxOptions, TlsFiles,
};
use crate::values::{BotId, Secret, show_api_key};

pub fn run(args: &ServeArgs) -> Result<(), Error> {
    if let Some(path) = &args.check_script {
        let script = sandbox::Script::load(path)?;
        let names = script.rule_names();
        output::print_lines(&[format!(
            "{}: {} rule(s), valid{}",
            path.display(),
            names.len(),
            if names.is_empty() {
                String::new()
            } else {
                format!(
                    ": {}",
                    names
                        .iter()
                        .map(|n| format!("'{n}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        )])?;
        return Ok(());
    }
    let accounts = match &args.bots {
        Some(path) => Accounts::from_file(path, args.daily_limit)?,
        None => {
            let api_key = args.api_key.as_deref().unwrap_or(sandbox::DEMO_API_KEY);
            let api_secret = args
                .api_secret
                .as_deref()
                .unwrap_or(sandbox::DEMO_API_SECRET);
            if api_key.is_empty() || api_secret.is_empty() {
                return Err(usage("--api-key and --api-secret must not be empty"));
            }
            let bots = if args.bot.is_empty() {
                vec![sandbox::DEMO_BOT.parse::<BotId>().map_err(usage)?]
            } else {
                args.bot.clone()
            };
            Accounts::single(
                api_key,
                Secret::new(api_secret),
                &bots,
                args.daily_limit.unwrap_or(sandbox::DEFAULT_DAILY_LIMIT),
            )
            .map_err(usage)?
        }
    };
    let log: Option<LogSink> = style::shows(Level::Normal)
        .then(|| Arc::new(|line: &str| output::diagnostic(line)) as LogSink);
    let summary = describe(&accounts);
    let demo_bot = demo_bot(&accounts, &args.bot);
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(TlsFiles {
            certificate: read_pem(cert)?,
            private_key: read_pem(key)?,
        }),
        _ => None,
    };
    let options = SandboxOptions {
        log,
        tls,
        faults: Faults {
            latency: Duration::from_millis(args.latency),
            fail_rate: args.fail_rate.value(),
            drop_rate: args.drop_rate.value(),
            seed: args.seed,
        },
        clock_offset: args.clock_skew,
        idle_timeout: None,
        max_connections: args.max_connections,
        stop_on_signals: true,
        script: args.script.clone(),
        journal: args.journal.clone(),
        journal_max: Some(args.journal_max),
        admin: args.admin,
        admin_token: args.admin_token.clone().map(Secret::new),
        reject_replays: args.reject_replays,
        limit_window: args.window,
        retry_after: args.retry_after,
    };
    let mut extras = describe_faults(&options);
    extras.extend(describe_extras(args));
    let sandbox = Sandbox::start(args.addr, accounts, options)?;
    // One write for the whole banner: whoever waits for the first line gets the rest too.
    let mut banner = vec![format!("peki sandbox listening on {}", sandbox.base_url())];
    banner.extend(
        summary
            .into_iter()
            .chain(extras)
            .map(|line| format!("  {line}")),
    );
    if !sandbox.addr().ip().is_loopback() {
        banner.push(
            "  warning: listening beyond loopback; anyone who can reach this address can use these keys"
                .into(),
        );
    }
    if let Some(bot) = demo_bot {
        banner.push(format!(
            "  try: export PEKI_BASE_URL={} PEKI_API_KEY={} PEKI_API_SECRET={} PEKI_BOT={bot}",
            sandbox.base_url(),
            sandbox::DEMO_API_KEY,
            sandbox::DEMO_API_SECRET,
        ));
    }
    // The ready file, then stdout, then the banner: whoever has seen one can count on
    // those before it.
    if let Some(path) = &args.ready_file {
        write_ready_file(path, &sandbox.base_url())?;
    }
    if args.print_addr {
        output::print_lines(&[sandbox.base_url()])?;
    }
    output::diagnostic(&banner.join("\n"));
    sandbox.wait()?;
    output::note("peki sandbox stopped");
    Ok(())
}

/// Writes `url` to `path` through a temp file in the same directory and a rename, so that
/// whoever polls for the file never reads half of it.
fn write_ready_file(path: &Path, url: &str) -> Result<(), Error> {
    let cannot = |e: &dyn std::fmt::Display| {
        usage(format!(
            "cannot write the ready file {}: {e}",
            path.display()
        ))
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|e| cannot(&e))?;
    std::io::Write::write_all(&mut file, format!("{url}\n").as_bytes()).map_err(|e| cannot(&e))?;
    file.persist(path).map_err(|e| cannot(&e.error))?;
    Ok(())
}

/// The banner lines for the script, journal, admin endpoints and test knobs in force.
fn describe_extras(args: &ServeArgs) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(script) = &args.script {
        lines.push(format!("script: {}", script.display()));
    }
    if let Some(journal) = &args.journal {
        lines.push(format!("journal: {}", journal.display()));
    }
    if args.admin {
        let token = if args.admin_token.is_some() {
            " (Bearer token required)"
        } else {
            ""
        };
        lines.push(format!(
            "admin: GET/DELETE /__peki/requests, POST /__peki/reset{token}"
        ));
    }
    if args.reject_replays {
        lines.push("replayed signatures are refused (401)".into());
    }
    if let Some(window) = args.window {
        lines.push(format!("daily limits reset every {window} s"));
    }
    if let Some(seconds) = args.retry_after {
        lines.push(format!("429s carry Retry-After: {seconds}"));
    }
    lines
}

fn read_pem(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| usage(format!("cannot read {}: {e}", path.display())))
}

/// The banner lines for the faults in force, if any.
fn describe_faults(options: &SandboxOptions) -> Vec<String> {
    let f = &options.faults;
    let mut lines = Vec::new();
    if !f.latency.is_zero() {
        lines.push(format!("fault: {} ms latency", f.latency.as_millis()));
    }
    if f.fail_rate > 0.0 {
        lines.push(format!(
            "fault: 503 for {}% of requests (seed {})",
            f.fail_rate * 100.0,
            f.seed
        ));
    }
    if f.drop_rate > 0.0 {
        lines.push(format!(
            "fault: {}% of connections dropped (seed {})",
            f.drop_rate * 100.0,
            f.seed
        ));
    }
    if options.clock_offset != 0 {
        lines.push(format!(
            "fault: clock shifted by {:+} s",
            options.clock_offset
        ));
    }
    lines
}

/// One line per key: the key (masked unless it looks like a key: a swapped key and secret
/// must not print the secret), its masked secret, its chatbots; then the daily limit.
fn describe(accounts: &Accounts) -> Vec<String> {
    let mut lines: Vec<String> = accounts
        .keys()
        .map(|account| {
            format!(
                "key {} (secret {}) -> chatbots: {}",
                show_api_key(&account.api_key),
                account.api_secret.masked(),
                account.bots.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    lines.push(format!(
        "daily limit: {} messages per chatbot",
        accounts.daily_limit
    ));
    lines
}

/// A chatbot of the demo key, when the sandbox runs with the public demo credentials: only
/// then may the secret be printed, for a copy-and-paste `export` line. The first `--bot`
/// given, else the first in order.
fn demo_bot(accounts: &Accounts, given: &[BotId]) -> Option<String> {
    let account = accounts.key(sandbox::DEMO_API_KEY)?;
    if account.api_secret.expose() != sandbox::DEMO_API_SECRET {
        return None;
    }
    given
        .first()
        .map(ToString::to_string)
        .filter(|bot| account.bots.contains(bot))
        .or_else(|| account.bots.iter().next().cloned())
}

/// A problem with the flags or files given to `peki serve` (exit 2).
fn usage(message: impl Into<String>) -> Error {
    Error::from(SandboxError::Options(message.into()))
}
