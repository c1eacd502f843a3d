# shellcheck shell=bash
# scripts/bench.sh's measurements, one function a section of issue 16's "Deliver" list.
# Each leaves its figures in $RESULTS for report.py; a command that fails or answers wrong
# is recorded with `failed` and the run goes on. Sourced by scripts/bench.sh.

# The request every client of sections 1 and 5 sends: the vendor's example body, compact.
BODY='{"user":{"id":"user_123","name":"John Doe"},"message":{"content":"What are the latest crypto trends?"}}'

# A peki sandbox on a free loopback port with a quota no run reaches; extra flags follow.
start_sandbox() {
  local var=$1 log=$2
  shift 2
  start_server "$var" "$log" "$PEKI" serve --addr 127.0.0.1:0 --print-addr -q \
    --daily-limit 1000000000000 "$@"
}

# The path part of a base URL (http://127.0.0.1:PORT/api -> /api): it is signed.
url_path() {
  local rest=${1#*://}
  printf '/%s' "${rest#*/}"
}

# peki sign and the driver's stdlib HMAC must agree, or the curl, xh and wrk rows would
# measure refusals.
check_signatures() {
  local path=$1 body_file=$2 timestamp ours theirs
  timestamp=$(date +%s)
  ours=$(driver sign --secret "$PEKI_API_SECRET" --path "$path" --body-file "$body_file" --timestamp "$timestamp")
  theirs=$("$PEKI" sign --timestamp "$timestamp" --body "$(cat "$body_file")" | sed -n 's/^X-Signature: //p')
  if [ "$ours" != "$theirs" ]; then
    failed "peki sign gave '$theirs', the driver's HMAC '$ours', for the same request"
  fi
}

# curl as a script would use it, given a signature made beforehand ({ts} and {sig} are
# filled in by the driver before each run, outside the timed part).
curl_signed() {
  local endpoint=$1
  shift
  printf '%s\n' curl -sS -X POST "$endpoint" -H "Content-Type: application/json" \
    -H "X-API-Key: $PEKI_API_KEY" -H "X-Timestamp: {ts}" -H "X-Signature: {sig}" "$@"
}

section_one_message() {
  local url path endpoint spec=$RUN/one.spec.json curl_argv
  start_sandbox url "$RUN/serve-one.log"
  export PEKI_BASE_URL=$url
  path=$(url_path "$url")/Dev/sandbox/message
  endpoint=$url/Dev/sandbox/message
  printf '%s' "$BODY" >"$RUN/body.json"
  check_signatures "$path" "$RUN/body.json"
  mapfile -t curl_argv < <(curl_signed "$endpoint" --data-raw "$BODY")
  # What starting any process costs the driver: the part of every row that is not the client's.
  driver add "$spec" "process spawn only (/bin/true)" -- /bin/true
  driver add "$spec" "peki send" --expect "$ECHO" -- "$PEKI" send "$MESSAGE"
  driver add "$spec" "floor (examples/floor.rs)" --expect "$ECHO" -- "$FLOOR" "$MESSAGE"
  driver add "$spec" "curl, precomputed signature" --sign "$path" "$RUN/body.json" --expect "$ECHO" \
    -- "${curl_argv[@]}"
  if [ -n "$XH" ]; then
    driver add "$spec" "xh, precomputed signature" --sign "$path" "$RUN/body.json" --expect "$ECHO" \
      -- "$XH" --ignore-stdin POST "$endpoint" "Content-Type:application/json" \
      "X-API-Key:$PEKI_API_KEY" "X-Timestamp:{ts}" "X-Signature:{sig}" --raw "$BODY"
  fi
  driver add "$spec" "vendor cURL recipe, fixed" --expect "$ECHO" -- bash "$HERE/vendor-curl.sh"
  driver add "$spec" "vendor Python (requests)" --expect "$ECHO" -- "$VENV/bin/python" "$HERE/vendor.py"
  driver add "$spec" "vendor JavaScript (node)" --expect "$ECHO" -- node "$HERE/vendor.js"
  driver run "$spec" "$RESULTS/one.json" --rounds "$ROUNDS" --warmup "$WARMUP" --rss-runs "$RSS_RUNS" \
    || failed "section 1: some runs failed (FAILED lines above)"
  callgrind "peki send" "$ECHO" "$PEKI" send "$MESSAGE"
  callgrind "floor (examples/floor.rs)" "$ECHO" "$FLOOR" "$MESSAGE"
  local timestamp signature
  timestamp=$(date +%s)
  signature=$(driver sign --secret "$PEKI_API_SECRET" --path "$path" --body-file "$RUN/body.json" --timestamp "$timestamp")
  local filled=("${curl_argv[@]//\{ts\}/$timestamp}")
  filled=("${filled[@]//\{sig\}/$signature}")
  callgrind "curl, precomputed signature" "$ECHO" "${filled[@]}"
}

section_batch() {
  if ! "$BATCH_PEKI" batch --help >/dev/null 2>&1; then
    skipped "section 2, peki batch: $BATCH_PEKI has no batch command (PEKI_BATCH_BIN=PATH names one that has)"
    return
  fi
  local latency n
  for n in "${BATCH_NS[@]}"; do
    seq -f "batch message %.0f" "$n" >"$RUN/batch-$n.txt"
  done
  # Without added latency the batch's own cost per message shows; with it, what
  # parallelism buys against a server that takes its time.
  for latency in 0 "$LATENCY_MS"; do
    batch_at_latency "$latency"
  done
}

batch_at_latency() {
  local latency=$1 url pid n p small=$RUN/batch-$1-small.spec.json large=$RUN/batch-$1-large.spec.json
  local sends=$RUN/sends-$1.spec.json
  start_sandbox url "$RUN/serve-batch-$latency.log" --latency "$latency"
  pid=$LAST_SERVER_PID
  for n in "${BATCH_NS[@]}"; do
    for p in "${PARALLELS[@]}"; do
      # Up to 1,000 lines, interleaved over a few rounds; 10,000 lines once each (a minute
      # at --parallel 1 with latency).
      local spec=$small
      if [ "$n" -ge 10000 ]; then spec=$large; fi
      driver add "$spec" "batch n=$n parallel=$p" --env "PEKI_BASE_URL=$url" \
        --expect-count '"ok":true' "$n" -- "$BATCH_PEKI" batch --parallel "$p" "$RUN/batch-$n.txt"
    done
  done
  # Peak RSS once per N without added latency: it must not grow with N (lines stream).
  local rss=0
  if [ "$latency" = 0 ]; then rss=1; fi
  if [ -f "$small" ]; then
    driver run "$small" "$RESULTS/batch-$latency-small.json" --rounds "$BATCH_ROUNDS" --warmup 0 \
      --rss-runs "$rss" || failed "section 2 (latency $latency ms): some batch runs failed"
  fi
  if [ -f "$large" ]; then
    driver run "$large" "$RESULTS/batch-$latency-large.json" --rounds 1 --warmup 0 \
      --rss-runs "$rss" || failed "section 2 (latency $latency ms): some batch runs of 10,000 failed"
  fi
  # Separate sends, one process each, as a shell loop would do them: measured on
  # SEND_RUNS and extrapolated to N (report.py says so).
  driver add "$sends" "peki send" --env "PEKI_BASE_URL=$url" --expect "Echo: batch message" \
    -- "$BATCH_PEKI" send "batch message"
  driver run "$sends" "$RESULTS/sends-$latency.json" --rounds "$SEND_RUNS" --warmup 1 \
    || failed "section 2 (latency $latency ms): some sends failed"
  stop_server "$pid"
}

section_payloads() {
  local url path endpoint spec=$RUN/payloads.spec.json size label content curl_argv
  start_sandbox url "$RUN/serve-payloads.log"
  path=$(url_path "$url")/Dev/sandbox/message
  endpoint=$url/Dev/sandbox/message
  for size in 1024 102400 1048576; do
    case $size in 1024) label="1 KiB" ;; 102400) label="100 KiB" ;; *) label="1 MiB" ;; esac
    # Plain letters: nothing for JSON to escape, so the reply is "Echo: " and the same bytes.
    content=$(head -c "$size" /dev/zero | tr '\0' a)
    printf '%s' "$content" >"$RUN/content-$size.txt"
    printf 'Echo: %s' "$content" >"$RUN/expect-$size.txt"
    printf '{"user":{"id":"user_123","name":"John Doe"},"message":{"content":"%s"}}' "$content" \
      >"$RUN/body-$size.json"
    # The message comes on stdin: 1 MiB is past what one argument may hold (128 KiB).
    driver add "$spec" "peki send, $label" --env "PEKI_BASE_URL=$url" --stdin "$RUN/content-$size.txt" \
      --expect-file "$RUN/expect-$size.txt" -- "$PEKI" send
    mapfile -t curl_argv < <(curl_signed "$endpoint" --data-binary "@$RUN/body-$size.json")
    driver add "$spec" "curl, $label" --sign "$path" "$RUN/body-$size.json" \
      --expect-file "$RUN/expect-$size.txt" -- "${curl_argv[@]}"
  done
  driver run "$spec" "$RESULTS/payloads.json" --rounds "$PAYLOAD_ROUNDS" --warmup 1 --rss-runs "$RSS_RUNS" \
    || failed "section 3: some runs failed"
}

section_startup() {
  # -N: no shell in between, so the figure is peki's own start-up.
  if ! hyperfine -N --warmup 20 --runs "$STARTUP_RUNS" --export-json "$RESULTS/startup.json" \
    "$PEKI --version" >"$RUN/hyperfine.log" 2>&1; then
    failed "section 4: hyperfine '$PEKI --version' failed ($(tail -n 2 "$RUN/hyperfine.log" | tr '\n' ' '))"
  fi
  callgrind "peki --version" "peki" "$PEKI" --version
  # Back to back with nothing in between, caches warm (section 1 interleaves node and
  # Python, which leave them cold for the next command): peki send against the floor on
  # section 1's sandbox, as hyperfine sees them.
  if ! hyperfine -N --warmup 20 --runs "$STARTUP_RUNS" --export-json "$RESULTS/warm-send.json" \
    "$PEKI send hi" "$FLOOR hi" >"$RUN/hyperfine.log" 2>&1; then
    failed "section 4: hyperfine of peki send and the floor failed ($(tail -n 2 "$RUN/hyperfine.log" | tr '\n' ' '))"
  fi
  # Peak RSS of start-up alone: most of a send's peak is already there (the binary's code
  # pages and libc), which says where memory could be saved.
  local spec=$RUN/startup.spec.json
  driver add "$spec" "peki --version" --expect "peki" -- "$PEKI" --version
  driver add "$spec" "/bin/true" -- /bin/true
  driver run "$spec" "$RESULTS/startup-rss.json" --rounds 0 --warmup 0 --rss-runs "$RSS_RUNS" \
    || failed "section 4: peki --version failed under GNU time"
  local name bin
  for name in peki floor hello_hyper; do
    case $name in peki) bin=$PEKI ;; floor) bin=$FLOOR ;; *) bin=$HELLO ;; esac
    printf '{"name":"%s","bytes":%s,"unstripped_bytes":%s}\n' "$name" "$(stripped_size "$bin")" \
      "$(stat -c %s "$bin")" >>"$RESULTS/sizes.jsonl"
  done
}

section_serve() {
  local peki_url hello_url path round i server conns target configs
  start_sandbox peki_url "$RUN/serve-wrk.log"
  start_server hello_url "$RUN/hello.log" "$HELLO"
  path=$(url_path "$peki_url")/Dev/sandbox/message
  export BENCH_BODY=$BODY BENCH_API_KEY=$PEKI_API_KEY
  configs=("peki 16" "hello 16" "peki 128" "hello 128")
  for ((round = 0; round < WRK_ROUNDS; round++)); do
    for ((i = 0; i < ${#configs[@]}; i++)); do
      read -r server conns <<<"${configs[(round + i) % ${#configs[@]}]}"
      # The sandbox's base URL already ends in the API's path; hello_hyper's is bare.
      if [ "$server" = peki ]; then target=$peki_url/Dev/sandbox/message; else target=$hello_url$path; fi
      # A signature made now stays valid for the whole run (5 minutes; replays allowed).
      BENCH_TIMESTAMP=$(date +%s)
      BENCH_SIGNATURE=$(PEKI_BASE_URL=$peki_url "$PEKI" sign --timestamp "$BENCH_TIMESTAMP" --body "$BODY" \
        | sed -n 's/^X-Signature: //p')
      export BENCH_TIMESTAMP BENCH_SIGNATURE
      if ! wrk -t2 -c"$conns" -d"${WRK_SECONDS}s" -s "$HERE/wrk-signed.lua" "$target" >"$RUN/wrk.out" 2>&1; then
        failed "section 5: wrk against $server with $conns connections failed ($(tail -n 2 "$RUN/wrk.out" | tr '\n' ' '))"
        continue
      fi
      driver wrk "$RESULTS/wrk.jsonl" "$server" "$conns" "$RUN/wrk.out" \
        || failed "section 5: $server with $conns connections: not every answer was a 200"
    done
  done
}

section_variants() {
  local url spec=$RUN/variants.spec.json line name bin
  start_sandbox url "$RUN/serve-variants.log"
  export PEKI_BASE_URL=$url
  for line in "${VARIANT_LIST[@]}"; do
    read -r name _ <<<"$line"
    bin=$TARGET/bench-variants/$name/release/peki
    printf '{"name":"%s","bytes":%s}\n' "$name" "$(stripped_size "$bin")" >>"$RESULTS/variant-sizes.jsonl"
    callgrind "variant $name" "$ECHO" "$bin" send "$MESSAGE"
    driver add "$spec" "variant $name" --expect "$ECHO" -- "$bin" send "$MESSAGE"
  done
  driver add "$spec" "floor (examples/floor.rs)" --expect "$ECHO" -- "$FLOOR" "$MESSAGE"
  driver run "$spec" "$RESULTS/variants.json" --rounds "$VARIANT_ROUNDS" --warmup 2 --rss-runs 3 \
    || failed "section 6: some runs failed"
}
