# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_peki_global_optspecs
    string join \n config= p/profile= v/verbose q/quiet color= h/help V/version
end

function __fish_peki_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_peki_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_peki_using_subcommand
    set -l cmd (__fish_peki_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c peki -n "__fish_peki_needs_command" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_needs_command" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_needs_command" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_needs_command" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_needs_command" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_needs_command" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_needs_command" -f -a "send" -d 'Send a message to a chatbot and print its reply'
complete -c peki -n "__fish_peki_needs_command" -f -a "chat" -d 'Talk with a chatbot: a conversation on a terminal, one reply a line in a pipe'
complete -c peki -n "__fish_peki_needs_command" -f -a "sign" -d 'Sign a request by hand: the headers, the signed string, a curl command, or a check'
complete -c peki -n "__fish_peki_needs_command" -f -a "batch" -d 'Send many messages, one a line, and print one JSON result a line'
complete -c peki -n "__fish_peki_needs_command" -f -a "serve" -d 'Run a local Peki-compatible sandbox API'
complete -c peki -n "__fish_peki_needs_command" -f -a "test" -d 'Run conversation test suites against a chatbot (CI: JUnit, TAP, JSON, HTML reports)'
complete -c peki -n "__fish_peki_needs_command" -f -a "config" -d 'Read and write the config file (profiles, credentials, defaults)'
complete -c peki -n "__fish_peki_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c peki -n "__fish_peki_needs_command" -f -a "man" -d 'Print the manual page (roff), every command in one page'
complete -c peki -n "__fish_peki_needs_command" -f -a "limits" -d 'Show the last rate-limit reading of each chatbot (sends nothing)'
complete -c peki -n "__fish_peki_needs_command" -f -a "cache" -d 'Show where stored replies live, or remove them (see --cache)'
complete -c peki -n "__fish_peki_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c peki -n "__fish_peki_using_subcommand send" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand send" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand send" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand send" -l file -d 'URL of a file to attach (http or https)' -r -f
complete -c peki -n "__fish_peki_using_subcommand send" -l api-key -d 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]' -r -f
complete -c peki -n "__fish_peki_using_subcommand send" -s b -l bot -d 'Chatbot id [env: PEKI_BOT]' -r -f
complete -c peki -n "__fish_peki_using_subcommand send" -l base-url -d 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]' -r -f
complete -c peki -n "__fish_peki_using_subcommand send" -l user-id -d 'User id sent with the message [env: PEKI_USER_ID] [default: login name]' -r -f
complete -c peki -n "__fish_peki_using_subcommand send" -l user-name -d 'User display name [env: PEKI_USER_NAME] [default: login name]' -r -f
complete -c peki -n "__fish_peki_using_subcommand send" -l timeout -d 'Seconds the whole request may take, retries and waits included [default: 60]' -r -f
complete -c peki -n "__fish_peki_using_subcommand send" -l connect-timeout -d 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]' -r -f
complete -c peki -n "__fish_peki_using_subcommand send" -l retries -d 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]' -r -f
complete -c peki -n "__fish_peki_using_subcommand send" -l retry-delay -d 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]' -r -f
complete -c peki -n "__fish_peki_using_subcommand send" -l max-wait -d 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]' -r -f
complete -c peki -n "__fish_peki_using_subcommand send" -l ca-cert -d 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]' -r -F
complete -c peki -n "__fish_peki_using_subcommand send" -l proxy -d 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply' -r -f
complete -c peki -n "__fish_peki_using_subcommand send" -l cache -d 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]' -r -f
complete -c peki -n "__fish_peki_using_subcommand send" -s o -l output -d 'Output format' -r -f -a "plain\t'The reply text alone'
json\t'One JSON object, on success and on failure'"
complete -c peki -n "__fish_peki_using_subcommand send" -l expect-contains -d 'The reply must contain TEXT (repeatable: all must appear)' -r
complete -c peki -n "__fish_peki_using_subcommand send" -l expect-not-contains -d 'The reply must not contain TEXT (repeatable)' -r
complete -c peki -n "__fish_peki_using_subcommand send" -l expect-regex -d 'The reply must match the regular expression RE (repeatable; Rust regex syntax)' -r
complete -c peki -n "__fish_peki_using_subcommand send" -l expect-equals -d 'The reply must be exactly TEXT' -r
complete -c peki -n "__fish_peki_using_subcommand send" -l expect-max-ms -d 'The whole exchange, retries included, must take at most MS milliseconds' -r
complete -c peki -n "__fish_peki_using_subcommand send" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand send" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand send" -l native-roots -d 'Trust the operating system\'s certificate store instead of the built-in roots [default: false]'
complete -c peki -n "__fish_peki_using_subcommand send" -l rate-limit -d 'Print the rate-limit state (limit, remaining, reset) on stderr'
complete -c peki -n "__fish_peki_using_subcommand send" -l sandbox -d 'Start a sandbox in-process on a free loopback port and send to it (demo credentials)'
complete -c peki -n "__fish_peki_using_subcommand send" -l dry-run -d 'Print the signed request (method, URL, headers, body, the signed string) and a curl command that sends it, on stdout; send nothing'
complete -c peki -n "__fish_peki_using_subcommand send" -l json -d 'Same as --output json'
complete -c peki -n "__fish_peki_using_subcommand send" -l expect-json -d 'The reply must parse as JSON'
complete -c peki -n "__fish_peki_using_subcommand send" -l ignore-case -d 'Compare text and regexes without regard to case'
complete -c peki -n "__fish_peki_using_subcommand send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand send" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand chat" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand chat" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand chat" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand chat" -l api-key -d 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]' -r -f
complete -c peki -n "__fish_peki_using_subcommand chat" -s b -l bot -d 'Chatbot id [env: PEKI_BOT]' -r -f
complete -c peki -n "__fish_peki_using_subcommand chat" -l base-url -d 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]' -r -f
complete -c peki -n "__fish_peki_using_subcommand chat" -l user-id -d 'User id sent with the message [env: PEKI_USER_ID] [default: login name]' -r -f
complete -c peki -n "__fish_peki_using_subcommand chat" -l user-name -d 'User display name [env: PEKI_USER_NAME] [default: login name]' -r -f
complete -c peki -n "__fish_peki_using_subcommand chat" -l timeout -d 'Seconds the whole request may take, retries and waits included [default: 60]' -r -f
complete -c peki -n "__fish_peki_using_subcommand chat" -l connect-timeout -d 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]' -r -f
complete -c peki -n "__fish_peki_using_subcommand chat" -l retries -d 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]' -r -f
complete -c peki -n "__fish_peki_using_subcommand chat" -l retry-delay -d 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]' -r -f
complete -c peki -n "__fish_peki_using_subcommand chat" -l max-wait -d 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]' -r -f
complete -c peki -n "__fish_peki_using_subcommand chat" -l ca-cert -d 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]' -r -F
complete -c peki -n "__fish_peki_using_subcommand chat" -l proxy -d 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply' -r -f
complete -c peki -n "__fish_peki_using_subcommand chat" -l cache -d 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]' -r -f
complete -c peki -n "__fish_peki_using_subcommand chat" -s o -l output -d 'Output format' -r -f -a "plain\t'The reply text alone'
json\t'One JSON object, on success and on failure'"
complete -c peki -n "__fish_peki_using_subcommand chat" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand chat" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand chat" -l native-roots -d 'Trust the operating system\'s certificate store instead of the built-in roots [default: false]'
complete -c peki -n "__fish_peki_using_subcommand chat" -l sandbox -d 'Start a sandbox in-process on a free loopback port and talk to it (demo credentials)'
complete -c peki -n "__fish_peki_using_subcommand chat" -l no-history -d 'Keep no history file (on a terminal)'
complete -c peki -n "__fish_peki_using_subcommand chat" -l json -d 'Same as --output json'
complete -c peki -n "__fish_peki_using_subcommand chat" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand chat" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand sign" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand sign" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand sign" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand sign" -l path -d 'The request path to sign (e.g. /api/Dev/support/message) instead of --bot\'s' -r
complete -c peki -n "__fish_peki_using_subcommand sign" -l body -d 'The body to sign [default: stdin, byte for byte]' -r
complete -c peki -n "__fish_peki_using_subcommand sign" -l timestamp -d 'The timestamp, in Unix seconds [default: now]' -r
complete -c peki -n "__fish_peki_using_subcommand sign" -l verify -d 'Check SIGNATURE (base64) against these parts, with the sandbox\'s diagnosis' -r
complete -c peki -n "__fish_peki_using_subcommand sign" -l api-key -d 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]' -r -f
complete -c peki -n "__fish_peki_using_subcommand sign" -s b -l bot -d 'Chatbot id [env: PEKI_BOT]' -r -f
complete -c peki -n "__fish_peki_using_subcommand sign" -l base-url -d 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]' -r -f
complete -c peki -n "__fish_peki_using_subcommand sign" -l user-id -d 'User id sent with the message [env: PEKI_USER_ID] [default: login name]' -r -f
complete -c peki -n "__fish_peki_using_subcommand sign" -l user-name -d 'User display name [env: PEKI_USER_NAME] [default: login name]' -r -f
complete -c peki -n "__fish_peki_using_subcommand sign" -l timeout -d 'Seconds the whole request may take, retries and waits included [default: 60]' -r -f
complete -c peki -n "__fish_peki_using_subcommand sign" -l connect-timeout -d 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]' -r -f
complete -c peki -n "__fish_peki_using_subcommand sign" -l retries -d 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]' -r -f
complete -c peki -n "__fish_peki_using_subcommand sign" -l retry-delay -d 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]' -r -f
complete -c peki -n "__fish_peki_using_subcommand sign" -l max-wait -d 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]' -r -f
complete -c peki -n "__fish_peki_using_subcommand sign" -l ca-cert -d 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]' -r -F
complete -c peki -n "__fish_peki_using_subcommand sign" -l proxy -d 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply' -r -f
complete -c peki -n "__fish_peki_using_subcommand sign" -l cache -d 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]' -r -f
complete -c peki -n "__fish_peki_using_subcommand sign" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand sign" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand sign" -l curl -d 'Print a curl command that sends the signed request instead'
complete -c peki -n "__fish_peki_using_subcommand sign" -l native-roots -d 'Trust the operating system\'s certificate store instead of the built-in roots [default: false]'
complete -c peki -n "__fish_peki_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand sign" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand batch" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand batch" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand batch" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand batch" -l format -d 'How lines are read' -r -f -a "auto\t'A line that starts with `{` is a JSON object, any other is text'
text\t'Every line is the message text'
jsonl\t'Every line is a JSON object'"
complete -c peki -n "__fish_peki_using_subcommand batch" -s P -l parallel -d 'Requests in flight at once (results stay in input order)' -r
complete -c peki -n "__fish_peki_using_subcommand batch" -l resume -d 'An earlier output of peki batch: the lines it says succeeded are not sent again' -r -F
complete -c peki -n "__fish_peki_using_subcommand batch" -l api-key -d 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]' -r -f
complete -c peki -n "__fish_peki_using_subcommand batch" -s b -l bot -d 'Chatbot id [env: PEKI_BOT]' -r -f
complete -c peki -n "__fish_peki_using_subcommand batch" -l base-url -d 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]' -r -f
complete -c peki -n "__fish_peki_using_subcommand batch" -l user-id -d 'User id sent with the message [env: PEKI_USER_ID] [default: login name]' -r -f
complete -c peki -n "__fish_peki_using_subcommand batch" -l user-name -d 'User display name [env: PEKI_USER_NAME] [default: login name]' -r -f
complete -c peki -n "__fish_peki_using_subcommand batch" -l timeout -d 'Seconds the whole request may take, retries and waits included [default: 60]' -r -f
complete -c peki -n "__fish_peki_using_subcommand batch" -l connect-timeout -d 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]' -r -f
complete -c peki -n "__fish_peki_using_subcommand batch" -l retries -d 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]' -r -f
complete -c peki -n "__fish_peki_using_subcommand batch" -l retry-delay -d 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]' -r -f
complete -c peki -n "__fish_peki_using_subcommand batch" -l max-wait -d 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]' -r -f
complete -c peki -n "__fish_peki_using_subcommand batch" -l ca-cert -d 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]' -r -F
complete -c peki -n "__fish_peki_using_subcommand batch" -l proxy -d 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply' -r -f
complete -c peki -n "__fish_peki_using_subcommand batch" -l cache -d 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]' -r -f
complete -c peki -n "__fish_peki_using_subcommand batch" -l expect-contains -d 'The reply must contain TEXT (repeatable: all must appear)' -r
complete -c peki -n "__fish_peki_using_subcommand batch" -l expect-not-contains -d 'The reply must not contain TEXT (repeatable)' -r
complete -c peki -n "__fish_peki_using_subcommand batch" -l expect-regex -d 'The reply must match the regular expression RE (repeatable; Rust regex syntax)' -r
complete -c peki -n "__fish_peki_using_subcommand batch" -l expect-equals -d 'The reply must be exactly TEXT' -r
complete -c peki -n "__fish_peki_using_subcommand batch" -l expect-max-ms -d 'The whole exchange, retries included, must take at most MS milliseconds' -r
complete -c peki -n "__fish_peki_using_subcommand batch" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand batch" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand batch" -l wait -d 'When the rate limit is used up, sleep until it resets (within --max-wait) instead of stopping'
complete -c peki -n "__fish_peki_using_subcommand batch" -l native-roots -d 'Trust the operating system\'s certificate store instead of the built-in roots [default: false]'
complete -c peki -n "__fish_peki_using_subcommand batch" -l dry-run -d 'Print each line\'s request, signed, as a curl command; send nothing'
complete -c peki -n "__fish_peki_using_subcommand batch" -l sandbox -d 'Start a sandbox in-process on a free loopback port and send to it (demo credentials)'
complete -c peki -n "__fish_peki_using_subcommand batch" -l expect-json -d 'The reply must parse as JSON'
complete -c peki -n "__fish_peki_using_subcommand batch" -l ignore-case -d 'Compare text and regexes without regard to case'
complete -c peki -n "__fish_peki_using_subcommand batch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand batch" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand serve" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand serve" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand serve" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand serve" -l addr -d 'Address to listen on (port 0: any free port)' -r
complete -c peki -n "__fish_peki_using_subcommand serve" -l api-key -d 'The API key the sandbox accepts [default: pk_sandbox]' -r
complete -c peki -n "__fish_peki_using_subcommand serve" -l api-secret -d 'The API secret the sandbox verifies signatures with [default: sk_sandbox]' -r
complete -c peki -n "__fish_peki_using_subcommand serve" -s b -l bot -d 'A chatbot that exists (repeatable) [default: sandbox]' -r
complete -c peki -n "__fish_peki_using_subcommand serve" -l daily-limit -d 'Messages per chatbot per UTC day before 429 [default: 100]' -r
complete -c peki -n "__fish_peki_using_subcommand serve" -l bots -d 'TOML file of API keys, their secrets and their chatbots (see the README)' -r -F
complete -c peki -n "__fish_peki_using_subcommand serve" -l max-connections -d 'Open connections at most; at the cap the oldest idle one is closed for a new one [default: under the descriptor limit, ulimit -n]' -r
complete -c peki -n "__fish_peki_using_subcommand serve" -l tls-cert -d 'Serve HTTPS with this PEM certificate (chain)' -r -F
complete -c peki -n "__fish_peki_using_subcommand serve" -l tls-key -d 'The PEM private key of --tls-cert' -r -F
complete -c peki -n "__fish_peki_using_subcommand serve" -l latency -d 'Fault: milliseconds added before every answer' -r
complete -c peki -n "__fish_peki_using_subcommand serve" -l fail-rate -d 'Fault: probability (0 to 1) of answering 503 instead' -r
complete -c peki -n "__fish_peki_using_subcommand serve" -l drop-rate -d 'Fault: probability (0 to 1) of closing the connection without an answer' -r
complete -c peki -n "__fish_peki_using_subcommand serve" -l seed -d 'Seed for the fault draws: the same seed replays the same faults' -r
complete -c peki -n "__fish_peki_using_subcommand serve" -l clock-skew -d 'Fault: shift the sandbox\'s clock by SECS (negative: behind), to rehearse clock skew' -r
complete -c peki -n "__fish_peki_using_subcommand serve" -l script -d 'Scripted replies: a TOML file of rules, first match wins (see examples/sandbox-script.toml)' -r -F
complete -c peki -n "__fish_peki_using_subcommand serve" -l check-script -d 'Check a script file and exit: 0 if valid, 2 with the file, line and column of a problem' -r -F
complete -c peki -n "__fish_peki_using_subcommand serve" -l journal -d 'Write one JSON line per request to FILE (created afresh), each before its answer' -r -F
complete -c peki -n "__fish_peki_using_subcommand serve" -l journal-max -d 'Requests kept in memory for GET /__peki/requests' -r
complete -c peki -n "__fish_peki_using_subcommand serve" -l admin-token -d 'Require \'Authorization: Bearer TOKEN\' on the admin endpoints (needed beyond loopback)' -r
complete -c peki -n "__fish_peki_using_subcommand serve" -l ready-file -d 'Write the base URL to PATH, atomically, once listening' -r -F
complete -c peki -n "__fish_peki_using_subcommand serve" -l window -d 'Count the daily limit over windows of SECS (from the Unix epoch) instead of the UTC day' -r
complete -c peki -n "__fish_peki_using_subcommand serve" -l retry-after -d 'Send Retry-After: SECS with every 429 instead of the seconds to the reset' -r
complete -c peki -n "__fish_peki_using_subcommand serve" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand serve" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand serve" -l admin -d 'Open the admin endpoints: GET and DELETE /__peki/requests, POST /__peki/reset'
complete -c peki -n "__fish_peki_using_subcommand serve" -l print-addr -d 'Print the base URL as the first line on stdout once listening (with --addr HOST:0)'
complete -c peki -n "__fish_peki_using_subcommand serve" -l reject-replays -d 'Refuse (401) a signature already accepted within its 5-minute window'
complete -c peki -n "__fish_peki_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand serve" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand test" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand test" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand test" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand test" -l api-key -d 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]' -r -f
complete -c peki -n "__fish_peki_using_subcommand test" -s b -l bot -d 'Chatbot id [env: PEKI_BOT]' -r -f
complete -c peki -n "__fish_peki_using_subcommand test" -l base-url -d 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]' -r -f
complete -c peki -n "__fish_peki_using_subcommand test" -l user-id -d 'User id sent with the message [env: PEKI_USER_ID] [default: login name]' -r -f
complete -c peki -n "__fish_peki_using_subcommand test" -l user-name -d 'User display name [env: PEKI_USER_NAME] [default: login name]' -r -f
complete -c peki -n "__fish_peki_using_subcommand test" -l timeout -d 'Seconds the whole request may take, retries and waits included [default: 60]' -r -f
complete -c peki -n "__fish_peki_using_subcommand test" -l connect-timeout -d 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]' -r -f
complete -c peki -n "__fish_peki_using_subcommand test" -l retries -d 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]' -r -f
complete -c peki -n "__fish_peki_using_subcommand test" -l retry-delay -d 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]' -r -f
complete -c peki -n "__fish_peki_using_subcommand test" -l max-wait -d 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]' -r -f
complete -c peki -n "__fish_peki_using_subcommand test" -l ca-cert -d 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]' -r -F
complete -c peki -n "__fish_peki_using_subcommand test" -l proxy -d 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply' -r -f
complete -c peki -n "__fish_peki_using_subcommand test" -l cache -d 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]' -r -f
complete -c peki -n "__fish_peki_using_subcommand test" -l var -d 'Set a suite variable, overriding [vars] (repeatable)' -r
complete -c peki -n "__fish_peki_using_subcommand test" -l filter -d 'Run only the cases whose name matches this regex' -r
complete -c peki -n "__fish_peki_using_subcommand test" -l parallel -d 'Cases run at once; the turns of a case stay in order' -r
complete -c peki -n "__fish_peki_using_subcommand test" -l budget -d 'The most messages this run may send' -r
complete -c peki -n "__fish_peki_using_subcommand test" -l run-id -d 'Prefix of the user ids (<run-id>-<case>-<sample>) [default: random; with --cache: peki-test]' -r
complete -c peki -n "__fish_peki_using_subcommand test" -l junit -d 'Write a JUnit XML report (GitLab, GitHub, Jenkins)' -r -F
complete -c peki -n "__fish_peki_using_subcommand test" -l report-json -d 'Write one JSON object per case (JSON Lines) with every turn and verdict' -r -F
complete -c peki -n "__fish_peki_using_subcommand test" -l html -d 'Write a self-contained HTML report' -r -F
complete -c peki -n "__fish_peki_using_subcommand test" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand test" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand test" -l native-roots -d 'Trust the operating system\'s certificate store instead of the built-in roots [default: false]'
complete -c peki -n "__fish_peki_using_subcommand test" -l fail-fast -d 'Stop at the first case that fails or errors (the rest are skipped)'
complete -c peki -n "__fish_peki_using_subcommand test" -l list -d 'Print the cases and the messages they need; send nothing'
complete -c peki -n "__fish_peki_using_subcommand test" -l dry-run -d 'Print each case\'s requests, signed, as curl commands; send nothing'
complete -c peki -n "__fish_peki_using_subcommand test" -l force -d 'Run even when the budget or the last rate-limit reading says it cannot fit'
complete -c peki -n "__fish_peki_using_subcommand test" -l tap -d 'Print TAP version 14 on stdout'
complete -c peki -n "__fish_peki_using_subcommand test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand test" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -f -a "init" -d 'Ask for credentials and defaults and write a profile (needs a terminal)'
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -f -a "set" -d 'Set KEY to VALUE in the profile (\'-\' reads the value from stdin)'
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -f -a "get" -d 'Print the value of KEY in the profile (secrets masked)'
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -f -a "unset" -d 'Remove KEY from the profile'
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -f -a "list" -d 'Print every key set in the profile (secrets masked)'
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -f -a "path" -d 'Print the path of the config file'
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -f -a "profiles" -d 'Print the names of the profiles in the config file'
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -f -a "use" -d 'Make PROFILE the default (sets default_profile)'
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -f -a "check" -d 'Resolve the active settings, show where each comes from, and list problems'
complete -c peki -n "__fish_peki_using_subcommand config; and not __fish_seen_subcommand_from init set get unset list path profiles use check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from init" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from init" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from init" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from init" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from set" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from set" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from set" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from get" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from get" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from get" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from get" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from get" -l reveal -d 'Print a secret in full'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from unset" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from unset" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from unset" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from unset" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from unset" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from unset" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from list" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from list" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from path" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from path" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from path" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from path" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from profiles" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from profiles" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from profiles" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from profiles" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from profiles" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from profiles" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from profiles" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from use" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from use" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from use" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from use" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from use" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from use" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from use" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -l api-key -d 'API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]' -r -f
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -s b -l bot -d 'Chatbot id [env: PEKI_BOT]' -r -f
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -l base-url -d 'API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]' -r -f
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -l user-id -d 'User id sent with the message [env: PEKI_USER_ID] [default: login name]' -r -f
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -l user-name -d 'User display name [env: PEKI_USER_NAME] [default: login name]' -r -f
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -l timeout -d 'Seconds the whole request may take, retries and waits included [default: 60]' -r -f
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -l connect-timeout -d 'Seconds a connection (TCP, proxy, TLS) may take, within --timeout [default: 10]' -r -f
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -l retries -d 'Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]' -r -f
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -l retry-delay -d 'Seconds of the first backoff step; doubled each retry up to 30, with full jitter [default: 0.5]' -r -f
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -l max-wait -d 'Longest wait in seconds for a rate-limit window before giving up with exit 6 [default: 60]' -r -f
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -l ca-cert -d 'PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]' -r -F
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -l proxy -d 'Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply' -r -f
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -l cache -d 'Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones [env: PEKI_CACHE]' -r -f
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -l native-roots -d 'Trust the operating system\'s certificate store instead of the built-in roots [default: false]'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "init" -d 'Ask for credentials and defaults and write a profile (needs a terminal)'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set KEY to VALUE in the profile (\'-\' reads the value from stdin)'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print the value of KEY in the profile (secrets masked)'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "unset" -d 'Remove KEY from the profile'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "list" -d 'Print every key set in the profile (secrets masked)'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the path of the config file'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "profiles" -d 'Print the names of the profiles in the config file'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "use" -d 'Make PROFILE the default (sets default_profile)'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "check" -d 'Resolve the active settings, show where each comes from, and list problems'
complete -c peki -n "__fish_peki_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c peki -n "__fish_peki_using_subcommand completions" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand completions" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand completions" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand completions" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand completions" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand completions" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand man" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand man" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand man" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand man" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand man" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand man" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand limits" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand limits" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand limits" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand limits" -s b -l bot -d 'Only the readings of this chatbot' -r
complete -c peki -n "__fish_peki_using_subcommand limits" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand limits" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand limits" -l json -d 'One JSON object a line instead of a table'
complete -c peki -n "__fish_peki_using_subcommand limits" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand limits" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand cache; and not __fish_seen_subcommand_from clear path help" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand cache; and not __fish_seen_subcommand_from clear path help" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand cache; and not __fish_seen_subcommand_from clear path help" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand cache; and not __fish_seen_subcommand_from clear path help" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand cache; and not __fish_seen_subcommand_from clear path help" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand cache; and not __fish_seen_subcommand_from clear path help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand cache; and not __fish_seen_subcommand_from clear path help" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand cache; and not __fish_seen_subcommand_from clear path help" -f -a "clear" -d 'Remove every stored reply'
complete -c peki -n "__fish_peki_using_subcommand cache; and not __fish_seen_subcommand_from clear path help" -f -a "path" -d 'Print the directory that holds the stored replies'
complete -c peki -n "__fish_peki_using_subcommand cache; and not __fish_seen_subcommand_from clear path help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from clear" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from clear" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from clear" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from clear" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from clear" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from clear" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from clear" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from path" -l config -d 'Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform\'s]' -r -F
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from path" -s p -l profile -d 'Profile in the config file to use [env: PEKI_PROFILE]' -r
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from path" -l color -d 'Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it), always or never. The reply is never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from path" -s v -l verbose -d 'More on stderr: -v request line, status, attempts, time, rate limit; -vv also headers and bodies (the key masked; never the secret or the signature)'
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Nothing on stderr but errors: no warnings, notes or progress'
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "clear" -d 'Remove every stored reply'
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the directory that holds the stored replies'
complete -c peki -n "__fish_peki_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c peki -n "__fish_peki_using_subcommand help; and not __fish_seen_subcommand_from send chat sign batch serve test config completions man limits cache help" -f -a "send" -d 'Send a message to a chatbot and print its reply'
complete -c peki -n "__fish_peki_using_subcommand help; and not __fish_seen_subcommand_from send chat sign batch serve test config completions man limits cache help" -f -a "chat" -d 'Talk with a chatbot: a conversation on a terminal, one reply a line in a pipe'
complete -c peki -n "__fish_peki_using_subcommand help; and not __fish_seen_subcommand_from send chat sign batch serve test config completions man limits cache help" -f -a "sign" -d 'Sign a request by hand: the headers, the signed string, a curl command, or a check'
complete -c peki -n "__fish_peki_using_subcommand help; and not __fish_seen_subcommand_from send chat sign batch serve test config completions man limits cache help" -f -a "batch" -d 'Send many messages, one a line, and print one JSON result a line'
complete -c peki -n "__fish_peki_using_subcommand help; and not __fish_seen_subcommand_from send chat sign batch serve test config completions man limits cache help" -f -a "serve" -d 'Run a local Peki-compatible sandbox API'
complete -c peki -n "__fish_peki_using_subcommand help; and not __fish_seen_subcommand_from send chat sign batch serve test config completions man limits cache help" -f -a "test" -d 'Run conversation test suites against a chatbot (CI: JUnit, TAP, JSON, HTML reports)'
complete -c peki -n "__fish_peki_using_subcommand help; and not __fish_seen_subcommand_from send chat sign batch serve test config completions man limits cache help" -f -a "config" -d 'Read and write the config file (profiles, credentials, defaults)'
complete -c peki -n "__fish_peki_using_subcommand help; and not __fish_seen_subcommand_from send chat sign batch serve test config completions man limits cache help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c peki -n "__fish_peki_using_subcommand help; and not __fish_seen_subcommand_from send chat sign batch serve test config completions man limits cache help" -f -a "man" -d 'Print the manual page (roff), every command in one page'
complete -c peki -n "__fish_peki_using_subcommand help; and not __fish_seen_subcommand_from send chat sign batch serve test config completions man limits cache help" -f -a "limits" -d 'Show the last rate-limit reading of each chatbot (sends nothing)'
complete -c peki -n "__fish_peki_using_subcommand help; and not __fish_seen_subcommand_from send chat sign batch serve test config completions man limits cache help" -f -a "cache" -d 'Show where stored replies live, or remove them (see --cache)'
complete -c peki -n "__fish_peki_using_subcommand help; and not __fish_seen_subcommand_from send chat sign batch serve test config completions man limits cache help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c peki -n "__fish_peki_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "init" -d 'Ask for credentials and defaults and write a profile (needs a terminal)'
complete -c peki -n "__fish_peki_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Set KEY to VALUE in the profile (\'-\' reads the value from stdin)'
complete -c peki -n "__fish_peki_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "get" -d 'Print the value of KEY in the profile (secrets masked)'
complete -c peki -n "__fish_peki_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "unset" -d 'Remove KEY from the profile'
complete -c peki -n "__fish_peki_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "list" -d 'Print every key set in the profile (secrets masked)'
complete -c peki -n "__fish_peki_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Print the path of the config file'
complete -c peki -n "__fish_peki_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "profiles" -d 'Print the names of the profiles in the config file'
complete -c peki -n "__fish_peki_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "use" -d 'Make PROFILE the default (sets default_profile)'
complete -c peki -n "__fish_peki_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "check" -d 'Resolve the active settings, show where each comes from, and list problems'
complete -c peki -n "__fish_peki_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "clear" -d 'Remove every stored reply'
complete -c peki -n "__fish_peki_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "path" -d 'Print the directory that holds the stored replies'
