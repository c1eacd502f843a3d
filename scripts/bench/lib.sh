# shellcheck shell=bash
# scripts/bench.sh's plumbing: tools, builds, the hermetic environment, servers, and the
# records the report is rendered from. Sourced by scripts/bench.sh; runs nothing by itself.

# Debian's interpreter when there is one: a pyenv shim is a shell script that would add
# its own start-up to every Python measurement.
if [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3; else PY=python3; fi

die() {
  echo "bench: $*" >&2
  exit 1
}

say() {
  echo "bench: $*" >&2
}

# A part of the benchmark that this run leaves out, said plainly and kept for the report.
skipped() {
  echo "skipped: $*" >&2
  echo "$*" >>"$RESULTS/skipped.txt"
}

# A measurement that failed or answered wrong: the run goes on, the report lists it, and
# the script exits 1 at the end.
failed() {
  echo "FAILED: $*" >&2
  echo "$*" >>"$RESULTS/failures.txt"
}

# One line of facts about the run (machine, durations, versions) for the report.
meta() {
  printf '%s\t%s\n' "$1" "$2" >>"$RESULTS/meta.tsv"
}

driver() {
  "$PY" "$HERE/driver.py" "$@"
}

cleanup() {
  local status=$?
  local pid
  for pid in "${SERVER_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${SERVER_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$RUN" ]; then rm -rf "$RUN"; fi
  exit "$status"
}

# start_server VAR LOG ARGV...: start a server that prints its base URL as the first line
# on stdout (peki serve --print-addr, hello_hyper), and set VAR to that URL. Reading that
# line blocks until the server listens: no sleeping, no polling.
start_server() {
  local var=$1 log=$2
  shift 2
  # Names of its own: the caller's VAR may be called anything, `url` included.
  local _fifo _fd _url
  _fifo=$(mktemp -u "$RUN/fifo.XXXXXX")
  mkfifo "$_fifo"
  "$@" >"$_fifo" 2>"$log" &
  SERVER_PIDS+=("$!")
  LAST_SERVER_PID=$!
  exec {_fd}<"$_fifo"
  rm -f "$_fifo"
  # The descriptor stays open until the script ends, so the server never writes to a
  # closed pipe.
  SERVER_FDS+=("$_fd")
  if ! read -r -t 60 -u "$_fd" _url || [ -z "$_url" ]; then
    die "server did not start: $* ($(tail -n 3 "$log" | tr '\n' ' '))"
  fi
  printf -v "$var" '%s' "$_url"
}

stop_server() {
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

run_section() {
  local number=$1 function=$2 start
  start=$(date +%s)
  say "section $number"
  "$function"
  meta "section${number}_seconds" "$(($(date +%s) - start))"
}

install_tools() {
  local need=()
  command -v hyperfine >/dev/null || need+=(hyperfine)
  command -v gnuplot >/dev/null || need+=(gnuplot-nox)
  [ -x /usr/bin/time ] || need+=(time)
  command -v valgrind >/dev/null || need+=(valgrind)
  command -v wrk >/dev/null || need+=(wrk)
  command -v curl >/dev/null || need+=(curl)
  command -v openssl >/dev/null || need+=(openssl)
  command -v node >/dev/null || need+=(nodejs)
  command -v strip >/dev/null || need+=(binutils)
  "$PY" -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
      die "missing: ${need[*]} (install them, or run as root on Debian)"
    fi
    say "installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  install_requests
  install_xh
}

# The vendor's Python example needs requests: a venv of its own under target/, made once.
install_requests() {
  VENV=$TOOLS/venv
  if ! "$VENV/bin/python" -c 'import requests' 2>/dev/null; then
    say "installing requests into $VENV"
    rm -rf "$VENV"
    "$PY" -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check requests
  fi
}

# xh from crates.io, built once into target/bench-tools (its own build dir, so that a
# re-run finds it). A smoke run uses it when it is there and never builds it.
install_xh() {
  XH=$TOOLS/bin/xh
  if [ -x "$XH" ]; then return; fi
  if [ "$MODE" = smoke ]; then
    XH=""
    skipped "xh: cargo install --locked xh takes minutes; the full run builds it into $TOOLS"
    return
  fi
  say "building xh into $TOOLS (once)"
  CARGO_TARGET_DIR=$TOOLS/build cargo install --locked --quiet --root "$TOOLS" xh
}

build_binaries() {
  local dir=debug
  if [ "$MODE" = full ]; then dir=release; fi
  say "building peki, the floor and hello_hyper (${dir})"
  if [ "$MODE" = full ]; then
    # peki as users build it; the examples build with the dev-dependencies' features
    # unified in, which makes them a build of their own.
    (cd "$ROOT" && cargo build --locked --quiet --release --bin peki)
    (cd "$ROOT" && cargo build --locked --quiet --release --example floor --example hello_hyper)
  else
    # One build with the features `cargo test` used, so that after it nothing recompiles.
    (cd "$ROOT" && cargo build --locked --quiet --bin peki --example floor --example hello_hyper)
  fi
  PEKI=${PEKI_BIN:-$TARGET/$dir/peki}
  BATCH_PEKI=${PEKI_BATCH_BIN:-$PEKI}
  FLOOR=$TARGET/$dir/examples/floor
  HELLO=$TARGET/$dir/examples/hello_hyper
  [ -x "$PEKI" ] || die "no peki at $PEKI"
  meta profile "$dir"
  meta rustc "$(rustc --version 2>/dev/null || echo unknown)"
  meta peki_bin "${PEKI#"$ROOT"/}"
  meta batch_bin "${BATCH_PEKI#"$ROOT"/}"
}

# Section 6's builds: one release profile each, fully given through CARGO_PROFILE_RELEASE_*
# (so that they stay the same whatever Cargo.toml's profile says, and a re-run reuses them),
# each in its own target dir. A baseline, then one change at a time, then the issue's
# proposal (opt-level "s" with panic "abort").
VARIANT_LIST=(
  "baseline 3 fat 1 unwind"
  "opt-level-s s fat 1 unwind"
  "opt-level-z z fat 1 unwind"
  "lto-thin 3 thin 1 unwind"
  "lto-off 3 off 1 unwind"
  "codegen-units-16 3 fat 16 unwind"
  "panic-abort 3 fat 1 abort"
  "s+abort s fat 1 abort"
)

build_variants() {
  local line name opt lto units panic start
  for line in "${VARIANT_LIST[@]}"; do
    read -r name opt lto units panic <<<"$line"
    start=$(date +%s)
    say "building variant $name (opt-level $opt, lto $lto, codegen-units $units, panic $panic)"
    (cd "$ROOT" && CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt CARGO_PROFILE_RELEASE_LTO=$lto \
      CARGO_PROFILE_RELEASE_CODEGEN_UNITS=$units CARGO_PROFILE_RELEASE_PANIC=$panic \
      CARGO_PROFILE_RELEASE_STRIP=true CARGO_PROFILE_RELEASE_DEBUG=false \
      CARGO_PROFILE_RELEASE_INCREMENTAL=false \
      cargo build --locked --quiet --release --bin peki --target-dir "$TARGET/bench-variants/$name")
    printf '{"name":"%s","opt_level":"%s","lto":"%s","codegen_units":%s,"panic":"%s","build_seconds":%s}\n' \
      "$name" "$opt" "$lto" "$units" "$panic" "$(($(date +%s) - start))" >>"$RESULTS/variant-builds.jsonl"
  done
}

# From here on, nothing of the caller's setup reaches what is measured.
go_hermetic() {
  local name
  for name in $(compgen -e); do
    case $name in
      PEKI_* | http_proxy | https_proxy | HTTP_PROXY | HTTPS_PROXY | ALL_PROXY | all_proxy | NO_PROXY | no_proxy)
        unset "$name" ;;
    esac
  done
  export HOME=$RUN/home
  export XDG_CONFIG_HOME=$HOME/.config XDG_CACHE_HOME=$HOME/.cache XDG_DATA_HOME=$HOME/.local/share
  export XDG_STATE_HOME=$HOME/.local/state
  mkdir -p "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME"
  export USER=bench LOGNAME=bench TZ=UTC NO_COLOR=1 LC_ALL=C.UTF-8
  # The sandbox's demo credentials; the user is the vendor examples' user, so that every
  # client sends the same body.
  export PEKI_API_KEY=pk_sandbox PEKI_API_SECRET=sk_sandbox PEKI_BOT=sandbox
  export PEKI_USER_ID=user_123 PEKI_USER_NAME="John Doe"
}

record_machine() {
  meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
  meta cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  meta cores "$(nproc)"
  meta kernel "$(uname -sr)"
  meta os "$(. /etc/os-release && echo "$PRETTY_NAME")"
  meta memory "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  meta commit "$(git -C "$ROOT" rev-parse --short=12 HEAD)$(git -C "$ROOT" diff --quiet HEAD -- . ':!BENCHMARKS.md' ':!doc/benchmarks.svg' || echo ' (with uncommitted changes)')"
  meta branch "$(git -C "$ROOT" rev-parse --abbrev-ref HEAD)"
  meta invocation "$INVOCATION_ENV$INVOCATION"
  meta peki_version "$("$PEKI" --version)"
  meta batch_version "$("$BATCH_PEKI" --version)"
  meta curl "$(curl --version | head -n 1 | cut -d' ' -f1-2)"
  meta xh "$(if [ -n "$XH" ]; then "$XH" --version | head -n 1; else echo 'not built (smoke run)'; fi)"
  meta python "$("$VENV/bin/python" -c 'import sys, requests; print(f"Python {sys.version.split()[0]}, requests {requests.__version__}")')"
  meta node "node $(node --version)"
  meta hyperfine "$(hyperfine --version)"
  meta wrk "$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
  meta valgrind "$(valgrind --version)"
}

# callgrind NAME EXPECT ARGV...: the instructions one run executes (all threads), which a
# noisy machine does not change the way it changes wall time.
callgrind() {
  local name=$1 expect=$2
  shift 2
  local log=$RUN/callgrind.log out=$RUN/callgrind.out
  if ! valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >"$out" 2>"$log" </dev/null; then
    failed "callgrind of $name: exit non-zero ($(tail -n 2 "$log" | tr '\n' ' '))"
    return
  fi
  if [ -n "$expect" ] && ! grep -qF -- "$expect" "$out"; then
    failed "callgrind of $name: the answer lacks '$expect'"
    return
  fi
  driver callgrind "$RESULTS/callgrind.jsonl" "$name" "$log" || failed "callgrind of $name: no count"
}

# The size of a binary once stripped (a copy; the build stays as it is).
stripped_size() {
  local copy=$RUN/stripped
  strip -o "$copy" "$1"
  stat -c %s "$copy"
}

render_report() {
  local out_md=$ROOT/BENCHMARKS.md chart_rel=doc/benchmarks.svg out_dir=$ROOT
  if [ "$MODE" = smoke ]; then
    out_dir=$(mktemp -d "${TMPDIR:-/tmp}/peki-bench-smoke.XXXXXX")
    out_md=$out_dir/BENCHMARKS.md
  fi
  mkdir -p "$out_dir/doc"
  "$PY" "$HERE/report.py" "$RESULTS" "$out_md" "$chart_rel" "$RESULTS/chart"
  gnuplot -e "datadir='$RESULTS/chart'; outfile='$out_dir/$chart_rel'" "$HERE/chart.gp" \
    || failed "gnuplot could not draw the chart"
  # The raw figures, for a look behind the tables: beside a smoke report, and in target/
  # (not committed) after a full run. report.py renders again from them alone.
  local keep=$out_dir/results
  if [ "$MODE" = full ]; then keep=$TARGET/bench-results; fi
  if [ "$keep" != "$RESULTS" ]; then
    rm -rf "$keep"
    cp -r "$RESULTS" "$keep"
  fi
  say "report: $out_md, chart: $out_dir/$chart_rel"
}
