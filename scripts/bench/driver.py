#!/usr/bin/env python3
"""scripts/bench.sh's helper (standard library only): the command list, the round-robin
timing driver, request signing for the tools that cannot sign, and statistics.

    driver.py add SPEC NAME [--env K=V]... [--stdin FILE] [--expect TEXT]
                  [--expect-file FILE] [--expect-count TEXT N] [--sign PATH BODYFILE] -- ARGV...
    driver.py run SPEC OUT --rounds N [--warmup N] [--rss-runs N]
    driver.py sign --secret S --path P --body-file F --timestamp T
    driver.py callgrind OUT NAME LOG      (appends {"name", "ir"} read from valgrind's log)
    driver.py wrk OUT SERVER CONNECTIONS LOG   (appends one wrk run; exits 1 unless all were 200)

`run` times every command once per round, in an order rotated by one each round, so that a
burst of noise on this shared machine falls on all commands alike instead of on whichever
ran during it. It checks every run (exit 0 and the expected answer on stdout) and exits 1
when any run failed, after writing OUT.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"


def sign(secret: bytes, path: str, body: bytes, timestamp: str) -> str:
    """The API's signature: base64(HMAC-SHA256(secret, POST\\nPATH\\nBODY\\nTIMESTAMP))."""
    payload = b"\n".join([b"POST", path.encode(), body, timestamp.encode()])
    return base64.b64encode(hmac.new(secret, payload, hashlib.sha256).digest()).decode()


def percentile(sorted_values, fraction):
    """Linear interpolation between the closest ranks (numpy's default)."""
    if not sorted_values:
        return None
    position = (len(sorted_values) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def summarize(values):
    """Median, p10, p90 and the median absolute deviation of a sample."""
    if not values:
        return None
    ordered = sorted(values)
    median = statistics.median(ordered)
    return {
        "n": len(ordered),
        "median": median,
        "p10": percentile(ordered, 0.10),
        "p90": percentile(ordered, 0.90),
        "mad": statistics.median(abs(v - median) for v in ordered),
        "min": ordered[0],
        "max": ordered[-1],
        "mean": statistics.fmean(ordered),
    }


def parse_add(args):
    """`add`'s flags, up to the `--` that starts the command line."""
    spec_path, name, rest = args[0], args[1], args[2:]
    command = {"name": name, "env": {}, "stdin": None, "expect": None,
               "expect_file": None, "expect_count": None, "sign": None}
    while rest and rest[0] != "--":
        flag = rest.pop(0)
        if flag == "--env":
            key, _, value = rest.pop(0).partition("=")
            command["env"][key] = value
        elif flag == "--stdin":
            command["stdin"] = rest.pop(0)
        elif flag == "--expect":
            command["expect"] = rest.pop(0)
        elif flag == "--expect-file":
            command["expect_file"] = rest.pop(0)
        elif flag == "--expect-count":
            command["expect_count"] = [rest.pop(0), int(rest.pop(0))]
        elif flag == "--sign":
            command["sign"] = {"path": rest.pop(0), "body_file": rest.pop(0)}
        else:
            sys.exit(f"driver.py add: unknown flag {flag}")
    if not rest:
        sys.exit("driver.py add: the command line follows --")
    command["argv"] = rest[1:]
    spec = []
    if os.path.exists(spec_path):
        with open(spec_path) as f:
            spec = json.load(f)
    spec.append(command)
    with open(spec_path, "w") as f:
        json.dump(spec, f, indent=1)


class Runner:
    """Runs one command of the spec, checked, and returns its wall time in milliseconds."""

    def __init__(self, command, secret):
        self.command = command
        self.secret = secret
        self.env = dict(os.environ, **command["env"])
        self.body = None
        if command["sign"]:
            with open(command["sign"]["body_file"], "rb") as f:
                self.body = f.read()
        self.expected = None
        if command["expect"] is not None:
            self.expected = command["expect"].encode()
        elif command["expect_file"]:
            with open(command["expect_file"], "rb") as f:
                self.expected = f.read()

    def argv(self):
        """The command line, with a signature made now (outside the timed part) if it needs one."""
        argv = list(self.command["argv"])
        if self.body is not None:
            timestamp = str(int(time.time()))
            signature = sign(self.secret, self.command["sign"]["path"], self.body, timestamp)
            argv = [a.replace("{ts}", timestamp).replace("{sig}", signature) for a in argv]
        return argv

    def check(self, completed):
        """None when the run answered right, else why not."""
        if completed.returncode != 0:
            err = completed.stderr.decode(errors="replace").strip().splitlines()[-3:]
            return f"exit {completed.returncode}: {' | '.join(err)}"
        out = completed.stdout
        if self.expected is not None and self.expected not in out:
            return f"the answer lacks the expected text; stdout began {out[:120]!r}"
        if self.command["expect_count"]:
            text, count = self.command["expect_count"]
            found = out.count(text.encode())
            if found != count:
                return f"{found} times {text!r} on stdout, expected {count}"
        return None

    def run(self, prefix=()):
        argv = list(prefix) + self.argv()
        stdin = open(self.command["stdin"], "rb") if self.command["stdin"] else subprocess.DEVNULL
        try:
            start = time.perf_counter_ns()
            completed = subprocess.run(argv, stdin=stdin, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, env=self.env, check=False)
            elapsed_ms = (time.perf_counter_ns() - start) / 1e6
        finally:
            if stdin is not subprocess.DEVNULL:
                stdin.close()
        return elapsed_ms, self.check(completed)


def run_rounds(args):
    spec_path, out_path = args[0], args[1]
    options = {"--rounds": 10, "--warmup": 1, "--rss-runs": 0}
    rest = args[2:]
    while rest:
        flag = rest.pop(0)
        options[flag] = int(rest.pop(0))
    with open(spec_path) as f:
        spec = json.load(f)
    secret = os.environ.get("PEKI_API_SECRET", "").encode()
    runners = [Runner(c, secret) for c in spec]
    times = {c["name"]: [] for c in spec}
    rss = {c["name"]: [] for c in spec}
    failures = []

    def record_failure(name, why):
        if len(failures) < 20:
            print(f"FAILED {name}: {why}", file=sys.stderr)
        failures.append({"name": name, "why": why})

    for _ in range(options["--warmup"]):
        for runner in runners:
            _, why = runner.run()
            if why:
                record_failure(runner.command["name"], "warm-up: " + why)
    count = len(runners)
    for round_index in range(options["--rounds"]):
        # Rotate the order by one each round: every command runs early, late and after each
        # of the others equally often.
        for i in range(count):
            runner = runners[(round_index + i) % count]
            elapsed, why = runner.run()
            if why:
                record_failure(runner.command["name"], why)
            else:
                times[runner.command["name"]].append(elapsed)
    # Peak RSS from GNU time, which reads the child's own rusage: Python's ru_maxrss of a
    # child it forked would count the pages the child inherited from Python.
    with tempfile.NamedTemporaryFile(prefix="bench-rss-") as rss_file:
        for _ in range(options["--rss-runs"]):
            for runner in runners:
                _, why = runner.run(prefix=(GNU_TIME, "-f", "%M", "-o", rss_file.name))
                if why:
                    record_failure(runner.command["name"], "under GNU time: " + why)
                    continue
                with open(rss_file.name) as f:
                    lines = [line for line in f.read().split() if line.isdigit()]
                rss[runner.command["name"]].append(int(lines[-1]))
    result = {
        "rounds": options["--rounds"],
        "warmup": options["--warmup"],
        "commands": [
            {
                "name": c["name"],
                "argv": c["argv"],
                "times_ms": times[c["name"]],
                "time": summarize(times[c["name"]]),
                "rss_kib": rss[c["name"]],
                "rss": summarize(rss[c["name"]]),
            }
            for c in spec
        ],
        "failures": failures,
    }
    with open(out_path, "w") as f:
        json.dump(result, f, indent=1)
    for c in result["commands"]:
        t = c["time"]
        if t:
            extra = f", rss {c['rss']['median']:.0f} KiB" if c["rss"] else ""
            print(f"  {c['name']:<34} median {t['median']:9.2f} ms  "
                  f"p10 {t['p10']:9.2f}  p90 {t['p90']:9.2f}  (n={t['n']}{extra})", file=sys.stderr)
    if failures:
        print(f"{len(failures)} run(s) failed", file=sys.stderr)
        sys.exit(1)


def sign_command(args):
    options = dict(zip(args[0::2], args[1::2]))
    with open(options["--body-file"], "rb") as f:
        body = f.read()
    print(sign(options["--secret"].encode(), options["--path"], body, options["--timestamp"]))


def callgrind_record(args):
    """Append one instruction count, read from valgrind's "Collected : N" line."""
    out_path, name, log_path = args
    with open(log_path, errors="replace") as f:
        match = re.search(r"Collected\s*:\s*(\d+)", f.read())
    if not match:
        sys.exit(f"no instruction count in {log_path}")
    with open(out_path, "a") as f:
        f.write(json.dumps({"name": name, "ir": int(match.group(1))}) + "\n")
    print(f"  {name:<34} {int(match.group(1)):>14,} instructions", file=sys.stderr)


def wrk_record(args):
    """Append one wrk run, from the line wrk-signed.lua's done() printed, and fail unless
    every answer was a 200 and no socket failed."""
    out_path, server, connections, log_path = args
    with open(log_path, errors="replace") as f:
        text = f.read()
    match = re.search(r"^BENCH-JSON (\{.*\})$", text, re.MULTILINE)
    if not match:
        sys.exit(f"wrk printed no BENCH-JSON line:\n{text[-500:]}")
    run = json.loads(match.group(1))
    seconds = run["duration_us"] / 1e6
    run.update(server=server, connections=int(connections),
               verified_per_s=(run["requests"] - run["non200"]) / seconds)
    with open(out_path, "a") as f:
        f.write(json.dumps(run) + "\n")
    print(f"  wrk {server:<6} -c{connections:<4} {run['verified_per_s']:>10,.0f} req/s with 200, "
          f"p50 {run['p50_us'] / 1000:.2f} ms, p99 {run['p99_us'] / 1000:.2f} ms, "
          f"{run['non200']} not 200, {run['errors']} socket errors", file=sys.stderr)
    if run["requests"] == 0 or run["non200"] or run["errors"]:
        sys.exit(1)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    command, args = sys.argv[1], sys.argv[2:]
    handlers = {"add": parse_add, "run": run_rounds, "sign": sign_command,
                "callgrind": callgrind_record, "wrk": wrk_record}
    if command not in handlers:
        sys.exit(__doc__)
    handlers[command](args)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        # Ctrl-C: bench.sh's trap stops the servers; a traceback would only hide its message.
        sys.exit(130)
