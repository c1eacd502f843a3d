
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'peki' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'peki'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'peki' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a message to a chatbot and print its reply')
            [CompletionResult]::new('chat', 'chat', [CompletionResultType]::ParameterValue, 'Talk with a chatbot: a conversation on a terminal, one reply a line in a pipe')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a request by hand: the headers, the signed string, a curl command, or a check')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Send many messages, one a line, and print one JSON result a line')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local Peki-compatible sandbox API')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run conversation test suites against a chatbot (CI: JUnit, TAP, JSON, HTML reports)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Read and write the config file (profiles, credentials, defaults)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), every command in one page')
            [CompletionResult]::new('limits', 'limits', [CompletionResultType]::ParameterValue, 'Show the last rate-limit reading of each chatbot (sends nothing)')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Show where stored replies live, or remove them (see --cache)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'peki;send' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'URL of a file to attach (http or https)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Chatbot id [env: PEKI_BOT]')
            [CompletionResult]::new('--bot', '--bot', [CompletionResultType]::ParameterName, 'Chatbot id [env: PEKI_BOT]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]')
            [CompletionResult]::new('--user-id', '--user-id', [CompletionResultType]::ParameterName, 'User id sent with the message [env: PEKI_USER_ID] [default: login name]')
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'User display name [env: PEKI_USER_NAME] [default: login name]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds the whole request may take, retries and waits included [default: 60]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]')
            [CompletionResult]::new('--retry-delay', '--retry-delay', [CompletionResultType]::ParameterName, 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--expect-contains', '--expect-contains', [CompletionResultType]::ParameterName, 'The reply must contain TEXT (repeatable: all must appear)')
            [CompletionResult]::new('--expect-not-contains', '--expect-not-contains', [CompletionResultType]::ParameterName, 'The reply must not contain TEXT (repeatable)')
            [CompletionResult]::new('--expect-regex', '--expect-regex', [CompletionResultType]::ParameterName, 'The reply must match the regular expression RE (repeatable; Rust regex syntax)')
            [CompletionResult]::new('--expect-equals', '--expect-equals', [CompletionResultType]::ParameterName, 'The reply must be exactly TEXT')
            [CompletionResult]::new('--expect-max-ms', '--expect-max-ms', [CompletionResultType]::ParameterName, 'The whole exchange, retries included, must take at most MS milliseconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--native-roots', '--native-roots', [CompletionResultType]::ParameterName, 'Trust the operating system''s certificate store instead of the built-in roots [default: false]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Print the rate-limit state (limit, remaining, reset) on stderr')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Start a sandbox in-process on a free loopback port and send to it (demo credentials)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the signed request (method, URL, headers, body, the signed string) and a curl command that sends it, on stdout; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--expect-json', '--expect-json', [CompletionResultType]::ParameterName, 'The reply must parse as JSON')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'Compare text and regexes without regard to case')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;chat' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Chatbot id [env: PEKI_BOT]')
            [CompletionResult]::new('--bot', '--bot', [CompletionResultType]::ParameterName, 'Chatbot id [env: PEKI_BOT]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]')
            [CompletionResult]::new('--user-id', '--user-id', [CompletionResultType]::ParameterName, 'User id sent with the message [env: PEKI_USER_ID] [default: login name]')
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'User display name [env: PEKI_USER_NAME] [default: login name]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds the whole request may take, retries and waits included [default: 60]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]')
            [CompletionResult]::new('--retry-delay', '--retry-delay', [CompletionResultType]::ParameterName, 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--native-roots', '--native-roots', [CompletionResultType]::ParameterName, 'Trust the operating system''s certificate store instead of the built-in roots [default: false]')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Start a sandbox in-process on a free loopback port and talk to it (demo credentials)')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Keep no history file (on a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;sign' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'The request path to sign (e.g. /api/Dev/support/message) instead of --bot''s')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'The body to sign [default: stdin, byte for byte]')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'The timestamp, in Unix seconds [default: now]')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Check SIGNATURE (base64) against these parts, with the sandbox''s diagnosis')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Chatbot id [env: PEKI_BOT]')
            [CompletionResult]::new('--bot', '--bot', [CompletionResultType]::ParameterName, 'Chatbot id [env: PEKI_BOT]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]')
            [CompletionResult]::new('--user-id', '--user-id', [CompletionResultType]::ParameterName, 'User id sent with the message [env: PEKI_USER_ID] [default: login name]')
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'User display name [env: PEKI_USER_NAME] [default: login name]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds the whole request may take, retries and waits included [default: 60]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]')
            [CompletionResult]::new('--retry-delay', '--retry-delay', [CompletionResultType]::ParameterName, 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--curl', '--curl', [CompletionResultType]::ParameterName, 'Print a curl command that sends the signed request instead')
            [CompletionResult]::new('--native-roots', '--native-roots', [CompletionResultType]::ParameterName, 'Trust the operating system''s certificate store instead of the built-in roots [default: false]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;batch' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How lines are read')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Requests in flight at once (results stay in input order)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Requests in flight at once (results stay in input order)')
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'An earlier output of peki batch: the lines it says succeeded are not sent again')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Chatbot id [env: PEKI_BOT]')
            [CompletionResult]::new('--bot', '--bot', [CompletionResultType]::ParameterName, 'Chatbot id [env: PEKI_BOT]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]')
            [CompletionResult]::new('--user-id', '--user-id', [CompletionResultType]::ParameterName, 'User id sent with the message [env: PEKI_USER_ID] [default: login name]')
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'User display name [env: PEKI_USER_NAME] [default: login name]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds the whole request may take, retries and waits included [default: 60]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]')
            [CompletionResult]::new('--retry-delay', '--retry-delay', [CompletionResultType]::ParameterName, 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]')
            [CompletionResult]::new('--expect-contains', '--expect-contains', [CompletionResultType]::ParameterName, 'The reply must contain TEXT (repeatable: all must appear)')
            [CompletionResult]::new('--expect-not-contains', '--expect-not-contains', [CompletionResultType]::ParameterName, 'The reply must not contain TEXT (repeatable)')
            [CompletionResult]::new('--expect-regex', '--expect-regex', [CompletionResultType]::ParameterName, 'The reply must match the regular expression RE (repeatable; Rust regex syntax)')
            [CompletionResult]::new('--expect-equals', '--expect-equals', [CompletionResultType]::ParameterName, 'The reply must be exactly TEXT')
            [CompletionResult]::new('--expect-max-ms', '--expect-max-ms', [CompletionResultType]::ParameterName, 'The whole exchange, retries included, must take at most MS milliseconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When the rate limit is used up, sleep until it resets (within --max-wait) instead of stopping')
            [CompletionResult]::new('--native-roots', '--native-roots', [CompletionResultType]::ParameterName, 'Trust the operating system''s certificate store instead of the built-in roots [default: false]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print each line''s request, signed, as a curl command; send nothing')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Start a sandbox in-process on a free loopback port and send to it (demo credentials)')
            [CompletionResult]::new('--expect-json', '--expect-json', [CompletionResultType]::ParameterName, 'The reply must parse as JSON')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'Compare text and regexes without regard to case')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;serve' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Address to listen on (port 0: any free port)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The API key the sandbox accepts [default: pk_sandbox]')
            [CompletionResult]::new('--api-secret', '--api-secret', [CompletionResultType]::ParameterName, 'The API secret the sandbox verifies signatures with [default: sk_sandbox]')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'A chatbot that exists (repeatable) [default: sandbox]')
            [CompletionResult]::new('--bot', '--bot', [CompletionResultType]::ParameterName, 'A chatbot that exists (repeatable) [default: sandbox]')
            [CompletionResult]::new('--daily-limit', '--daily-limit', [CompletionResultType]::ParameterName, 'Messages per chatbot per UTC day before 429 [default: 100]')
            [CompletionResult]::new('--bots', '--bots', [CompletionResultType]::ParameterName, 'TOML file of API keys, their secrets and their chatbots (see the README)')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'Open connections at most; at the cap the oldest idle one is closed for a new one [default: under the descriptor limit, ulimit -n]')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve HTTPS with this PEM certificate (chain)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'The PEM private key of --tls-cert')
            [CompletionResult]::new('--latency', '--latency', [CompletionResultType]::ParameterName, 'Fault: milliseconds added before every answer')
            [CompletionResult]::new('--fail-rate', '--fail-rate', [CompletionResultType]::ParameterName, 'Fault: probability (0 to 1) of answering 503 instead')
            [CompletionResult]::new('--drop-rate', '--drop-rate', [CompletionResultType]::ParameterName, 'Fault: probability (0 to 1) of closing the connection without an answer')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed for the fault draws: the same seed replays the same faults')
            [CompletionResult]::new('--clock-skew', '--clock-skew', [CompletionResultType]::ParameterName, 'Fault: shift the sandbox''s clock by SECS (negative: behind), to rehearse clock skew')
            [CompletionResult]::new('--script', '--script', [CompletionResultType]::ParameterName, 'Scripted replies: a TOML file of rules, first match wins (see examples/sandbox-script.toml)')
            [CompletionResult]::new('--check-script', '--check-script', [CompletionResultType]::ParameterName, 'Check a script file and exit: 0 if valid, 2 with the file, line and column of a problem')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'Write one JSON line per request to FILE (created afresh), each before its answer')
            [CompletionResult]::new('--journal-max', '--journal-max', [CompletionResultType]::ParameterName, 'Requests kept in memory for GET /__peki/requests')
            [CompletionResult]::new('--admin-token', '--admin-token', [CompletionResultType]::ParameterName, 'Require ''Authorization: Bearer TOKEN'' on the admin endpoints (needed beyond loopback)')
            [CompletionResult]::new('--ready-file', '--ready-file', [CompletionResultType]::ParameterName, 'Write the base URL to PATH, atomically, once listening')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'Count the daily limit over windows of SECS (from the Unix epoch) instead of the UTC day')
            [CompletionResult]::new('--retry-after', '--retry-after', [CompletionResultType]::ParameterName, 'Send Retry-After: SECS with every 429 instead of the seconds to the reset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'Open the admin endpoints: GET and DELETE /__peki/requests, POST /__peki/reset')
            [CompletionResult]::new('--print-addr', '--print-addr', [CompletionResultType]::ParameterName, 'Print the base URL as the first line on stdout once listening (with --addr HOST:0)')
            [CompletionResult]::new('--reject-replays', '--reject-replays', [CompletionResultType]::ParameterName, 'Refuse (401) a signature already accepted within its 5-minute window')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;test' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Chatbot id [env: PEKI_BOT]')
            [CompletionResult]::new('--bot', '--bot', [CompletionResultType]::ParameterName, 'Chatbot id [env: PEKI_BOT]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]')
            [CompletionResult]::new('--user-id', '--user-id', [CompletionResultType]::ParameterName, 'User id sent with the message [env: PEKI_USER_ID] [default: login name]')
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'User display name [env: PEKI_USER_NAME] [default: login name]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds the whole request may take, retries and waits included [default: 60]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]')
            [CompletionResult]::new('--retry-delay', '--retry-delay', [CompletionResultType]::ParameterName, 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]')
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'Set a suite variable, overriding [vars] (repeatable)')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Run only the cases whose name matches this regex')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Cases run at once; the turns of a case stay in order')
            [CompletionResult]::new('--budget', '--budget', [CompletionResultType]::ParameterName, 'The most messages this run may send')
            [CompletionResult]::new('--run-id', '--run-id', [CompletionResultType]::ParameterName, 'Prefix of the user ids (<run-id>-<case>-<sample>) [default: random; with --cache: peki-test]')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Write a JUnit XML report (GitLab, GitHub, Jenkins)')
            [CompletionResult]::new('--report-json', '--report-json', [CompletionResultType]::ParameterName, 'Write one JSON object per case (JSON Lines) with every turn and verdict')
            [CompletionResult]::new('--html', '--html', [CompletionResultType]::ParameterName, 'Write a self-contained HTML report')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--native-roots', '--native-roots', [CompletionResultType]::ParameterName, 'Trust the operating system''s certificate store instead of the built-in roots [default: false]')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Stop at the first case that fails or errors (the rest are skipped)')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'Print the cases and the messages they need; send nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print each case''s requests, signed, as curl commands; send nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Run even when the budget or the last rate-limit reading says it cannot fit')
            [CompletionResult]::new('--tap', '--tap', [CompletionResultType]::ParameterName, 'Print TAP version 14 on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;config' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Ask for credentials and defaults and write a profile (needs a terminal)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set KEY to VALUE in the profile (''-'' reads the value from stdin)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the value of KEY in the profile (secrets masked)')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove KEY from the profile')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Print every key set in the profile (secrets masked)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the path of the config file')
            [CompletionResult]::new('profiles', 'profiles', [CompletionResultType]::ParameterValue, 'Print the names of the profiles in the config file')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make PROFILE the default (sets default_profile)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Resolve the active settings, show where each comes from, and list problems')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'peki;config;init' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;config;set' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;config;get' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print a secret in full')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;config;unset' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;config;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;config;path' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;config;profiles' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;config;use' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;config;check' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Chatbot id [env: PEKI_BOT]')
            [CompletionResult]::new('--bot', '--bot', [CompletionResultType]::ParameterName, 'Chatbot id [env: PEKI_BOT]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]')
            [CompletionResult]::new('--user-id', '--user-id', [CompletionResultType]::ParameterName, 'User id sent with the message [env: PEKI_USER_ID] [default: login name]')
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'User display name [env: PEKI_USER_NAME] [default: login name]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds the whole request may take, retries and waits included [default: 60]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]')
            [CompletionResult]::new('--retry-delay', '--retry-delay', [CompletionResultType]::ParameterName, 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--native-roots', '--native-roots', [CompletionResultType]::ParameterName, 'Trust the operating system''s certificate store instead of the built-in roots [default: false]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;config;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Ask for credentials and defaults and write a profile (needs a terminal)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set KEY to VALUE in the profile (''-'' reads the value from stdin)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the value of KEY in the profile (secrets masked)')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove KEY from the profile')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Print every key set in the profile (secrets masked)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the path of the config file')
            [CompletionResult]::new('profiles', 'profiles', [CompletionResultType]::ParameterValue, 'Print the names of the profiles in the config file')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make PROFILE the default (sets default_profile)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Resolve the active settings, show where each comes from, and list problems')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'peki;config;help;init' {
            break
        }
        'peki;config;help;set' {
            break
        }
        'peki;config;help;get' {
            break
        }
        'peki;config;help;unset' {
            break
        }
        'peki;config;help;list' {
            break
        }
        'peki;config;help;path' {
            break
        }
        'peki;config;help;profiles' {
            break
        }
        'peki;config;help;use' {
            break
        }
        'peki;config;help;check' {
            break
        }
        'peki;config;help;help' {
            break
        }
        'peki;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;man' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;limits' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Only the readings of this chatbot')
            [CompletionResult]::new('--bot', '--bot', [CompletionResultType]::ParameterName, 'Only the readings of this chatbot')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object a line instead of a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;cache' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove every stored reply')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the directory that holds the stored replies')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'peki;cache;clear' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;cache;path' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform''s]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile in the config file to use [env: PEKI_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors: no warnings, notes or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'peki;cache;help' {
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove every stored reply')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the directory that holds the stored replies')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'peki;cache;help;clear' {
            break
        }
        'peki;cache;help;path' {
            break
        }
        'peki;cache;help;help' {
            break
        }
        'peki;help' {
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a message to a chatbot and print its reply')
            [CompletionResult]::new('chat', 'chat', [CompletionResultType]::ParameterValue, 'Talk with a chatbot: a conversation on a terminal, one reply a line in a pipe')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a request by hand: the headers, the signed string, a curl command, or a check')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Send many messages, one a line, and print one JSON result a line')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local Peki-compatible sandbox API')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run conversation test suites against a chatbot (CI: JUnit, TAP, JSON, HTML reports)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Read and write the config file (profiles, credentials, defaults)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), every command in one page')
            [CompletionResult]::new('limits', 'limits', [CompletionResultType]::ParameterValue, 'Show the last rate-limit reading of each chatbot (sends nothing)')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Show where stored replies live, or remove them (see --cache)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'peki;help;send' {
            break
        }
        'peki;help;chat' {
            break
        }
        'peki;help;sign' {
            break
        }
        'peki;help;batch' {
            break
        }
        'peki;help;serve' {
            break
        }
        'peki;help;test' {
            break
        }
        'peki;help;config' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Ask for credentials and defaults and write a profile (needs a terminal)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set KEY to VALUE in the profile (''-'' reads the value from stdin)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the value of KEY in the profile (secrets masked)')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove KEY from the profile')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Print every key set in the profile (secrets masked)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the path of the config file')
            [CompletionResult]::new('profiles', 'profiles', [CompletionResultType]::ParameterValue, 'Print the names of the profiles in the config file')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make PROFILE the default (sets default_profile)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Resolve the active settings, show where each comes from, and list problems')
            break
        }
        'peki;help;config;init' {
            break
        }
        'peki;help;config;set' {
            break
        }
        'peki;help;config;get' {
            break
        }
        'peki;help;config;unset' {
            break
        }
        'peki;help;config;list' {
            break
        }
        'peki;help;config;path' {
            break
        }
        'peki;help;config;profiles' {
            break
        }
        'peki;help;config;use' {
            break
        }
        'peki;help;config;check' {
            break
        }
        'peki;help;completions' {
            break
        }
        'peki;help;man' {
            break
        }
        'peki;help;limits' {
            break
        }
        'peki;help;cache' {
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove every stored reply')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the directory that holds the stored replies')
            break
        }
        'peki;help;cache;clear' {
            break
        }
        'peki;help;cache;path' {
            break
        }
        'peki;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
