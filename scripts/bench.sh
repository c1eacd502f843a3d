#!/usr/bin/env bash
# The benchmark of issue 16, in one command: installs what it needs, builds peki, the floor
# (examples/floor.rs) and a hello-world server (examples/hello_hyper.rs), measures them side
# by side against local servers on 127.0.0.1, and writes BENCHMARKS.md and
# doc/benchmarks.svg.
#
#   scripts/bench.sh            # the full run (Debian 12, root: it may apt-get install)
#   scripts/bench.sh --smoke    # CI: tiny N, debug builds, report in a temp dir, no timing
#                               # assertions; exits non-zero if any command fails or answers wrong
#   scripts/bench.sh --no-variants   # the full run without section 6's release-profile builds
#   scripts/bench.sh --report-only   # render BENCHMARKS.md again from the last full run's
#                                    # figures (target/bench-results), e.g. after editing
#                                    # scripts/bench/limits.md
#
# Environment (all optional):
#   PEKI_BIN          the peki measured (default: the one this script builds)
#   PEKI_BATCH_BIN    the peki whose `batch` section 2 measures (default: PEKI_BIN)
#   BENCH_LATENCY_MS  the latency the sandbox adds in section 2 (default 5)
#
# Everything measured runs with a temporary HOME and XDG dirs, no PEKI_* or proxy variables
# from the caller, and the sandbox's demo credentials (pk_sandbox / sk_sandbox). Servers
# listen on 127.0.0.1 on ports the OS picks, and are stopped on exit, Ctrl-C included.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE=$ROOT/scripts/bench
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
TOOLS=$TARGET/bench-tools
MODE=full
VARIANTS=yes
INVOCATION="scripts/bench.sh${*:+ $*}"
# The variables that change what is measured, as they were given (before go_hermetic).
INVOCATION_ENV=""
for name in PEKI_BIN PEKI_BATCH_BIN BENCH_LATENCY_MS; do
  if [ -n "${!name:-}" ]; then INVOCATION_ENV+="$name=${!name} "; fi
done
# The message of section 1: the vendor's own example message, so that every client sends
# the same request (their scripts have it built in).
MESSAGE="What are the latest crypto trends?"
ECHO="Echo: $MESSAGE"

# report.py imports its helpers: no __pycache__ in the source tree.
export PYTHONDONTWRITEBYTECODE=1

SERVER_PIDS=()
SERVER_FDS=()
RUN=""

# shellcheck source=scripts/bench/lib.sh
. "$HERE/lib.sh"
# shellcheck source=scripts/bench/sections.sh
. "$HERE/sections.sh"

main() {
  parse_args "$@"
  RUN=$(mktemp -d "${TMPDIR:-/tmp}/peki-bench.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  if [ "$MODE" = report ]; then
    RESULTS=$TARGET/bench-results
    [ -f "$RESULTS/meta.tsv" ] || die "no figures in $RESULTS: run scripts/bench.sh first"
    MODE=full
    render_report
    return
  fi
  RESULTS=$RUN/results
  mkdir -p "$RESULTS"
  STARTED=$(date +%s)
  # The machine's load before this script adds its own: a busy machine explains noisy figures.
  meta load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
  set_sizes
  install_tools
  build_binaries
  if [ "$MODE" = full ] && [ "$VARIANTS" = yes ]; then build_variants; fi
  meta build_seconds "$(($(date +%s) - STARTED))"
  go_hermetic
  record_machine
  MEASURED=$(date +%s)
  run_section 1 section_one_message
  run_section 2 section_batch
  run_section 3 section_payloads
  run_section 4 section_startup
  run_section 5 section_serve
  if [ "$MODE" = full ] && [ "$VARIANTS" = yes ]; then
    run_section 6 section_variants
  else
    skipped "section 6, release-profile variants: full run only (each is a release build of minutes)"
  fi
  meta load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
  meta measure_seconds "$(($(date +%s) - MEASURED))"
  meta total_seconds "$(($(date +%s) - STARTED))"
  render_report
  if [ -s "$RESULTS/failures.txt" ]; then
    echo "FAILED: $(wc -l <"$RESULTS/failures.txt") measurement(s) failed or answered wrong:" >&2
    cat "$RESULTS/failures.txt" >&2
    exit 1
  fi
}

parse_args() {
  while [ $# -gt 0 ]; do
    case $1 in
      --smoke) MODE=smoke ;;
      --no-variants) VARIANTS=no ;;
      --report-only) MODE=report ;;
      -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
      *) die "unknown argument: $1 (see --help)" ;;
    esac
    shift
  done
}

# How much each section does: a full run gives stable medians in about 10 minutes of
# measuring; a smoke run only proves that every command runs and answers right.
set_sizes() {
  if [ "$MODE" = full ]; then
    ROUNDS=60 WARMUP=3 RSS_RUNS=5
    BATCH_NS=(100 1000 10000) BATCH_ROUNDS=3 SEND_RUNS=100
    PAYLOAD_ROUNDS=15 STARTUP_RUNS=300 WRK_SECONDS=5 WRK_ROUNDS=3 VARIANT_ROUNDS=40
  else
    ROUNDS=3 WARMUP=1 RSS_RUNS=1
    BATCH_NS=(10) BATCH_ROUNDS=1 SEND_RUNS=3
    PAYLOAD_ROUNDS=2 STARTUP_RUNS=5 WRK_SECONDS=1 WRK_ROUNDS=1 VARIANT_ROUNDS=0
  fi
  PARALLELS=(1 2 4 8)
  LATENCY_MS=${BENCH_LATENCY_MS:-5}
  meta mode "$MODE"
  meta latency_ms "$LATENCY_MS"
  meta rounds "$ROUNDS"
}

main "$@"
