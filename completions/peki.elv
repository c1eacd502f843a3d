
use builtin;
use str;

set edit:completion:arg-completer[peki] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'peki'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'peki'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand send 'Send a message to a chatbot and print its reply'
            cand chat 'Talk with a chatbot: a conversation on a terminal, one reply a line in a pipe'
            cand sign 'Sign a request by hand: the headers, the signed string, a curl command, or a check'
            cand batch 'Send many messages, one a line, and print one JSON result a line'
            cand serve 'Run a local Peki-compatible sandbox API'
            cand test 'Run conversation test suites against a chatbot (CI: JUnit, TAP, JSON, HTML reports)'
            cand config 'Read and write the config file (profiles, credentials, defaults)'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the manual page (roff), every command in one page'
            cand limits 'Show the last rate-limit reading of each chatbot (sends nothing)'
            cand cache 'Show where stored replies live, or remove them (see --cache)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'peki;send'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand --file 'URL of a file to attach (http or https)'
            cand --api-key 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]'
            cand -b 'Chatbot id [env: PEKI_BOT]'
            cand --bot 'Chatbot id [env: PEKI_BOT]'
            cand --base-url 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]'
            cand --user-id 'User id sent with the message [env: PEKI_USER_ID] [default: login name]'
            cand --user-name 'User display name [env: PEKI_USER_NAME] [default: login name]'
            cand --timeout 'Seconds the whole request may take, retries and waits included [default: 60]'
            cand --connect-timeout 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]'
            cand --retries 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]'
            cand --retry-delay 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]'
            cand --max-wait 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]'
            cand --ca-cert 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]'
            cand --proxy 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply'
            cand --cache 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --expect-contains 'The reply must contain TEXT (repeatable: all must appear)'
            cand --expect-not-contains 'The reply must not contain TEXT (repeatable)'
            cand --expect-regex 'The reply must match the regular expression RE (repeatable; Rust regex syntax)'
            cand --expect-equals 'The reply must be exactly TEXT'
            cand --expect-max-ms 'The whole exchange, retries included, must take at most MS milliseconds'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --native-roots 'Trust the operating system''s certificate store instead of the built-in roots [default: false]'
            cand --rate-limit 'Print the rate-limit state (limit, remaining, reset) on stderr'
            cand --sandbox 'Start a sandbox in-process on a free loopback port and send to it (demo credentials)'
            cand --dry-run 'Print the signed request (method, URL, headers, body, the signed string) and a curl command that sends it, on stdout; send nothing'
            cand --json 'Same as --output json'
            cand --expect-json 'The reply must parse as JSON'
            cand --ignore-case 'Compare text and regexes without regard to case'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;chat'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand --api-key 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]'
            cand -b 'Chatbot id [env: PEKI_BOT]'
            cand --bot 'Chatbot id [env: PEKI_BOT]'
            cand --base-url 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]'
            cand --user-id 'User id sent with the message [env: PEKI_USER_ID] [default: login name]'
            cand --user-name 'User display name [env: PEKI_USER_NAME] [default: login name]'
            cand --timeout 'Seconds the whole request may take, retries and waits included [default: 60]'
            cand --connect-timeout 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]'
            cand --retries 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]'
            cand --retry-delay 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]'
            cand --max-wait 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]'
            cand --ca-cert 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]'
            cand --proxy 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply'
            cand --cache 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --native-roots 'Trust the operating system''s certificate store instead of the built-in roots [default: false]'
            cand --sandbox 'Start a sandbox in-process on a free loopback port and talk to it (demo credentials)'
            cand --no-history 'Keep no history file (on a terminal)'
            cand --json 'Same as --output json'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;sign'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand --path 'The request path to sign (e.g. /api/Dev/support/message) instead of --bot''s'
            cand --body 'The body to sign [default: stdin, byte for byte]'
            cand --timestamp 'The timestamp, in Unix seconds [default: now]'
            cand --verify 'Check SIGNATURE (base64) against these parts, with the sandbox''s diagnosis'
            cand --api-key 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]'
            cand -b 'Chatbot id [env: PEKI_BOT]'
            cand --bot 'Chatbot id [env: PEKI_BOT]'
            cand --base-url 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]'
            cand --user-id 'User id sent with the message [env: PEKI_USER_ID] [default: login name]'
            cand --user-name 'User display name [env: PEKI_USER_NAME] [default: login name]'
            cand --timeout 'Seconds the whole request may take, retries and waits included [default: 60]'
            cand --connect-timeout 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]'
            cand --retries 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]'
            cand --retry-delay 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]'
            cand --max-wait 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]'
            cand --ca-cert 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]'
            cand --proxy 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply'
            cand --cache 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --curl 'Print a curl command that sends the signed request instead'
            cand --native-roots 'Trust the operating system''s certificate store instead of the built-in roots [default: false]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;batch'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand --format 'How lines are read'
            cand -P 'Requests in flight at once (results stay in input order)'
            cand --parallel 'Requests in flight at once (results stay in input order)'
            cand --resume 'An earlier output of peki batch: the lines it says succeeded are not sent again'
            cand --api-key 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]'
            cand -b 'Chatbot id [env: PEKI_BOT]'
            cand --bot 'Chatbot id [env: PEKI_BOT]'
            cand --base-url 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]'
            cand --user-id 'User id sent with the message [env: PEKI_USER_ID] [default: login name]'
            cand --user-name 'User display name [env: PEKI_USER_NAME] [default: login name]'
            cand --timeout 'Seconds the whole request may take, retries and waits included [default: 60]'
            cand --connect-timeout 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]'
            cand --retries 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]'
            cand --retry-delay 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]'
            cand --max-wait 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]'
            cand --ca-cert 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]'
            cand --proxy 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply'
            cand --cache 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]'
            cand --expect-contains 'The reply must contain TEXT (repeatable: all must appear)'
            cand --expect-not-contains 'The reply must not contain TEXT (repeatable)'
            cand --expect-regex 'The reply must match the regular expression RE (repeatable; Rust regex syntax)'
            cand --expect-equals 'The reply must be exactly TEXT'
            cand --expect-max-ms 'The whole exchange, retries included, must take at most MS milliseconds'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --wait 'When the rate limit is used up, sleep until it resets (within --max-wait) instead of stopping'
            cand --native-roots 'Trust the operating system''s certificate store instead of the built-in roots [default: false]'
            cand --dry-run 'Print each line''s request, signed, as a curl command; send nothing'
            cand --sandbox 'Start a sandbox in-process on a free loopback port and send to it (demo credentials)'
            cand --expect-json 'The reply must parse as JSON'
            cand --ignore-case 'Compare text and regexes without regard to case'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;serve'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand --addr 'Address to listen on (port 0: any free port)'
            cand --api-key 'The API key the sandbox accepts [default: pk_sandbox]'
            cand --api-secret 'The API secret the sandbox verifies signatures with [default: sk_sandbox]'
            cand -b 'A chatbot that exists (repeatable) [default: sandbox]'
            cand --bot 'A chatbot that exists (repeatable) [default: sandbox]'
            cand --daily-limit 'Messages per chatbot per UTC day before 429 [default: 100]'
            cand --bots 'TOML file of API keys, their secrets and their chatbots (see the README)'
            cand --max-connections 'Open connections at most; at the cap the oldest idle one is closed for a new one [default: under the descriptor limit, ulimit -n]'
            cand --tls-cert 'Serve HTTPS with this PEM certificate (chain)'
            cand --tls-key 'The PEM private key of --tls-cert'
            cand --latency 'Fault: milliseconds added before every answer'
            cand --fail-rate 'Fault: probability (0 to 1) of answering 503 instead'
            cand --drop-rate 'Fault: probability (0 to 1) of closing the connection without an answer'
            cand --seed 'Seed for the fault draws: the same seed replays the same faults'
            cand --clock-skew 'Fault: shift the sandbox''s clock by SECS (negative: behind), to rehearse clock skew'
            cand --script 'Scripted replies: a TOML file of rules, first match wins (see examples/sandbox-script.toml)'
            cand --check-script 'Check a script file and exit: 0 if valid, 2 with the file, line and column of a problem'
            cand --journal 'Write one JSON line per request to FILE (created afresh), each before its answer'
            cand --journal-max 'Requests kept in memory for GET /__peki/requests'
            cand --admin-token 'Require ''Authorization: Bearer TOKEN'' on the admin endpoints (needed beyond loopback)'
            cand --ready-file 'Write the base URL to PATH, atomically, once listening'
            cand --window 'Count the daily limit over windows of SECS (from the Unix epoch) instead of the UTC day'
            cand --retry-after 'Send Retry-After: SECS with every 429 instead of the seconds to the reset'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --admin 'Open the admin endpoints: GET and DELETE /__peki/requests, POST /__peki/reset'
            cand --print-addr 'Print the base URL as the first line on stdout once listening (with --addr HOST:0)'
            cand --reject-replays 'Refuse (401) a signature already accepted within its 5-minute window'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;test'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand --api-key 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]'
            cand -b 'Chatbot id [env: PEKI_BOT]'
            cand --bot 'Chatbot id [env: PEKI_BOT]'
            cand --base-url 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]'
            cand --user-id 'User id sent with the message [env: PEKI_USER_ID] [default: login name]'
            cand --user-name 'User display name [env: PEKI_USER_NAME] [default: login name]'
            cand --timeout 'Seconds the whole request may take, retries and waits included [default: 60]'
            cand --connect-timeout 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]'
            cand --retries 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]'
            cand --retry-delay 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]'
            cand --max-wait 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]'
            cand --ca-cert 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]'
            cand --proxy 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply'
            cand --cache 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]'
            cand --var 'Set a suite variable, overriding [vars] (repeatable)'
            cand --filter 'Run only the cases whose name matches this regex'
            cand --parallel 'Cases run at once; the turns of a case stay in order'
            cand --budget 'The most messages this run may send'
            cand --run-id 'Prefix of the user ids (<run-id>-<case>-<sample>) [default: random; with --cache: peki-test]'
            cand --junit 'Write a JUnit XML report (GitLab, GitHub, Jenkins)'
            cand --report-json 'Write one JSON object per case (JSON Lines) with every turn and verdict'
            cand --html 'Write a self-contained HTML report'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --native-roots 'Trust the operating system''s certificate store instead of the built-in roots [default: false]'
            cand --fail-fast 'Stop at the first case that fails or errors (the rest are skipped)'
            cand --list 'Print the cases and the messages they need; send nothing'
            cand --dry-run 'Print each case''s requests, signed, as curl commands; send nothing'
            cand --force 'Run even when the budget or the last rate-limit reading says it cannot fit'
            cand --tap 'Print TAP version 14 on stdout'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;config'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Ask for credentials and defaults and write a profile (needs a terminal)'
            cand set 'Set KEY to VALUE in the profile (''-'' reads the value from stdin)'
            cand get 'Print the value of KEY in the profile (secrets masked)'
            cand unset 'Remove KEY from the profile'
            cand list 'Print every key set in the profile (secrets masked)'
            cand path 'Print the path of the config file'
            cand profiles 'Print the names of the profiles in the config file'
            cand use 'Make PROFILE the default (sets default_profile)'
            cand check 'Resolve the active settings, show where each comes from, and list problems'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'peki;config;init'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;config;set'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;config;get'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --reveal 'Print a secret in full'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;config;unset'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;config;list'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;config;path'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;config;profiles'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;config;use'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;config;check'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand --api-key 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]'
            cand -b 'Chatbot id [env: PEKI_BOT]'
            cand --bot 'Chatbot id [env: PEKI_BOT]'
            cand --base-url 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]'
            cand --user-id 'User id sent with the message [env: PEKI_USER_ID] [default: login name]'
            cand --user-name 'User display name [env: PEKI_USER_NAME] [default: login name]'
            cand --timeout 'Seconds the whole request may take, retries and waits included [default: 60]'
            cand --connect-timeout 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]'
            cand --retries 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]'
            cand --retry-delay 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]'
            cand --max-wait 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]'
            cand --ca-cert 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]'
            cand --proxy 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply'
            cand --cache 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --native-roots 'Trust the operating system''s certificate store instead of the built-in roots [default: false]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;config;help'= {
            cand init 'Ask for credentials and defaults and write a profile (needs a terminal)'
            cand set 'Set KEY to VALUE in the profile (''-'' reads the value from stdin)'
            cand get 'Print the value of KEY in the profile (secrets masked)'
            cand unset 'Remove KEY from the profile'
            cand list 'Print every key set in the profile (secrets masked)'
            cand path 'Print the path of the config file'
            cand profiles 'Print the names of the profiles in the config file'
            cand use 'Make PROFILE the default (sets default_profile)'
            cand check 'Resolve the active settings, show where each comes from, and list problems'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'peki;config;help;init'= {
        }
        &'peki;config;help;set'= {
        }
        &'peki;config;help;get'= {
        }
        &'peki;config;help;unset'= {
        }
        &'peki;config;help;list'= {
        }
        &'peki;config;help;path'= {
        }
        &'peki;config;help;profiles'= {
        }
        &'peki;config;help;use'= {
        }
        &'peki;config;help;check'= {
        }
        &'peki;config;help;help'= {
        }
        &'peki;completions'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;man'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;limits'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand -b 'Only the readings of this chatbot'
            cand --bot 'Only the readings of this chatbot'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --json 'One JSON object a line instead of a table'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;cache'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand clear 'Remove every stored reply'
            cand path 'Print the directory that holds the stored replies'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'peki;cache;clear'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;cache;path'= {
            cand --config 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]'
            cand -p 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --profile 'Profile in the config file to use [env: PEKI_PROFILE]'
            cand --color 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured'
            cand -v 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand --verbose 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
            cand -q 'Nothing on stderr but errors: no warnings, notes or progress'
            cand --quiet 'Nothing on stderr but errors: no warnings, notes or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'peki;cache;help'= {
            cand clear 'Remove every stored reply'
            cand path 'Print the directory that holds the stored replies'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'peki;cache;help;clear'= {
        }
        &'peki;cache;help;path'= {
        }
        &'peki;cache;help;help'= {
        }
        &'peki;help'= {
            cand send 'Send a message to a chatbot and print its reply'
            cand chat 'Talk with a chatbot: a conversation on a terminal, one reply a line in a pipe'
            cand sign 'Sign a request by hand: the headers, the signed string, a curl command, or a check'
            cand batch 'Send many messages, one a line, and print one JSON result a line'
            cand serve 'Run a local Peki-compatible sandbox API'
            cand test 'Run conversation test suites against a chatbot (CI: JUnit, TAP, JSON, HTML reports)'
            cand config 'Read and write the config file (profiles, credentials, defaults)'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the manual page (roff), every command in one page'
            cand limits 'Show the last rate-limit reading of each chatbot (sends nothing)'
            cand cache 'Show where stored replies live, or remove them (see --cache)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'peki;help;send'= {
        }
        &'peki;help;chat'= {
        }
        &'peki;help;sign'= {
        }
        &'peki;help;batch'= {
        }
        &'peki;help;serve'= {
        }
        &'peki;help;test'= {
        }
        &'peki;help;config'= {
            cand init 'Ask for credentials and defaults and write a profile (needs a terminal)'
            cand set 'Set KEY to VALUE in the profile (''-'' reads the value from stdin)'
            cand get 'Print the value of KEY in the profile (secrets masked)'
            cand unset 'Remove KEY from the profile'
            cand list 'Print every key set in the profile (secrets masked)'
            cand path 'Print the path of the config file'
            cand profiles 'Print the names of the profiles in the config file'
            cand use 'Make PROFILE the default (sets default_profile)'
            cand check 'Resolve the active settings, show where each comes from, and list problems'
        }
        &'peki;help;config;init'= {
        }
        &'peki;help;config;set'= {
        }
        &'peki;help;config;get'= {
        }
        &'peki;help;config;unset'= {
        }
        &'peki;help;config;list'= {
        }
        &'peki;help;config;path'= {
        }
        &'peki;help;config;profiles'= {
        }
        &'peki;help;config;use'= {
        }
        &'peki;help;config;check'= {
        }
        &'peki;help;completions'= {
        }
        &'peki;help;man'= {
        }
        &'peki;help;limits'= {
        }
        &'peki;help;cache'= {
            cand clear 'Remove every stored reply'
            cand path 'Print the directory that holds the stored replies'
        }
        &'peki;help;cache;clear'= {
        }
        &'peki;help;cache;path'= {
        }
        &'peki;help;help'= {
        }
    ]
    $completions[$command]
}
