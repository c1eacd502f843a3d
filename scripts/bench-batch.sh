#!/usr/bin/env bash
# peki batch against a local `peki serve -q`: throughput of one batch vs separate sends,
# cost per message from 100 to 10,000, peak RSS by N, and --parallel 4 vs 1 when the
# server adds latency. Needs a release build (cargo build --release) and GNU time.
# The figures depend on the machine; on a shared one, run it twice and keep the quieter.
set -euo pipefail
cd "$(dirname "$0")/.."
PEKI=${PEKI:-target/release/peki}
work=$(mktemp -d)
SERVE_PID=
trap '[ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null; rm -rf "$work"' EXIT
export HOME=$work XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache XDG_STATE_HOME=$work/state
export PEKI_API_KEY=pk_sandbox PEKI_API_SECRET=sk_sandbox PEKI_BOT=sandbox

serve() { # serve ARGS…: start a sandbox, export PEKI_BASE_URL
  rm -f "$work/url"
  "$PEKI" serve --addr 127.0.0.1:0 -q --daily-limit 10000000 --ready-file "$work/url" "$@" 2>/dev/null &
  SERVE_PID=$!
  for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.05; done
  PEKI_BASE_URL=$(cat "$work/url"); export PEKI_BASE_URL
}
lines() { seq 1 "$1" | sed 's/^/question number /' > "$work/in-$1.txt"; }
now() { date +%s.%N; }
secs() { # secs CMD…: wall-clock seconds of CMD, stdout dropped
  local start; start=$(now); "$@" >/dev/null; printf '%.3f' "$(echo "$(now) - $start" | bc)"
}

serve
for n in 100 1000 10000; do lines "$n"; done

echo "== 1,000 messages: one batch vs 1,000 peki send"
batch=$(secs "$PEKI" batch "$work/in-1000.txt")
start=$(now)
while read -r line; do "$PEKI" send "$line" >/dev/null; done < "$work/in-1000.txt"
sends=$(echo "$(now) - $start" | bc)
printf 'batch %ss, sends %ss, ratio %.0fx\n' "$batch" "$sends" "$(echo "$sends / $batch" | bc -l)"

echo "== cost per message and peak RSS by N"
for n in 100 1000 10000 100000; do
  [ -f "$work/in-$n.txt" ] || lines "$n"
  s=$(secs "$PEKI" batch "$work/in-$n.txt")
  kb=$(/usr/bin/time -f %M "$PEKI" batch "$work/in-$n.txt" 2>&1 >/dev/null | tail -1)
  printf 'N=%-6s %7.3fs  %6.1f us/message  peak RSS %s KB\n' "$n" "$s" "$(echo "$s * 1000000 / $n" | bc -l)" "$kb"
done
kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true

echo "== --parallel with peki serve --latency 50 (200 messages)"
serve --latency 50
lines 200
for p in 1 4; do printf 'parallel %s: %ss\n' "$p" "$(secs "$PEKI" batch -P "$p" "$work/in-200.txt")"; done
