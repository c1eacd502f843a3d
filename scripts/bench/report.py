#!/usr/bin/env python3
"""Renders BENCHMARKS.md and the chart's data files from the figures scripts/bench.sh
left in RESULTS (standard library only).

    report.py RESULTS OUT.md CHART_PATH_IN_MD CHART_DATA_DIR

A target that is missed gets the paragraph of the same id from limits.md (beside this
file), which says what limits it: that text is kept by hand, the figures never are.
"""

import json
import os
import sys

from chart_data import write_chart_data
from targets import evaluate_targets

HERE = os.path.dirname(os.path.abspath(__file__))


def load_json(results, name):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def load_jsonl(results, name):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def load_lines(results, name):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def load_meta(results):
    meta = {}
    for line in load_lines(results, "meta.tsv"):
        key, _, value = line.partition("\t")
        meta[key] = value
    return meta


def load_limits():
    """limits.md's paragraphs, by the id in their `## id` heading."""
    limits, current = {}, None
    with open(os.path.join(HERE, "limits.md")) as f:
        for line in f:
            if line.startswith("## "):
                current = line[3:].strip()
                limits[current] = []
            elif current:
                limits[current].append(line.rstrip("\n"))
    return {k: "\n".join(v).strip() for k, v in limits.items()}


class Figures:
    """Every figure of the run, looked up by what the report needs."""

    def __init__(self, results):
        self.meta = load_meta(results)
        self.one = load_json(results, "one.json")
        self.payloads = load_json(results, "payloads.json")
        self.startup = load_json(results, "startup.json")
        self.startup_rss = load_json(results, "startup-rss.json")
        self.warm_send = load_json(results, "warm-send.json")
        self.variants = load_json(results, "variants.json")
        self.callgrind = {r["name"]: r["ir"] for r in load_jsonl(results, "callgrind.jsonl")}
        self.sizes = {r["name"]: r for r in load_jsonl(results, "sizes.jsonl")}
        self.wrk = load_jsonl(results, "wrk.jsonl")
        self.variant_builds = load_jsonl(results, "variant-builds.jsonl")
        self.variant_sizes = {r["name"]: r["bytes"] for r in load_jsonl(results, "variant-sizes.jsonl")}
        self.skipped = load_lines(results, "skipped.txt")
        self.failures = load_lines(results, "failures.txt")
        self.latency = int(self.meta.get("latency_ms", "0"))
        self.batch = {}  # latency -> {(n, parallel): time summary}
        self.batch_rss = {}  # (n, parallel) -> peak RSS summary, without added latency
        self.sends = {}  # latency -> time summary of one send
        for latency in sorted({0, self.latency}):
            runs = {}
            for part in ("small", "large"):
                data = load_json(results, f"batch-{latency}-{part}.json")
                for c in (data or {}).get("commands", []):
                    if c["time"]:
                        n, parallel = (int(x.split("=")[1]) for x in c["name"].split()[1:3])
                        runs[(n, parallel)] = c["time"]
                        if c.get("rss"):
                            self.batch_rss[(n, parallel)] = c["rss"]
            if runs:
                self.batch[latency] = runs
            sends = load_json(results, f"sends-{latency}.json")
            if sends and sends["commands"][0]["time"]:
                self.sends[latency] = sends["commands"][0]["time"]

    @staticmethod
    def command(run, name):
        for c in (run or {}).get("commands", []):
            if c["name"] == name:
                return c
        return None

    def median(self, run, name):
        c = self.command(run, name)
        return c["time"]["median"] if c and c["time"] else None

    def rss_kib(self, run, name):
        c = self.command(run, name)
        return c["rss"]["median"] if c and c["rss"] else None

    def wrk_median(self, server, connections):
        """The median run (by verified requests/s) of one server and connection count."""
        runs = sorted((r for r in self.wrk if r["server"] == server and r["connections"] == connections),
                      key=lambda r: r["verified_per_s"])
        return runs[len(runs) // 2] if runs else None


def ms(value):
    if value is None:
        return "–"
    return f"{value:,.1f}" if value >= 100 else f"{value:.2f}"


def ratio(value):
    if value is None:
        return "–"
    return f"×{value:,.1f}" if value >= 10 else f"×{value:.2f}"


def mb(nbytes):
    return "–" if nbytes is None else f"{nbytes / 1e6:.2f} MB"


def count(value):
    return "–" if value is None else f"{value:,.0f}"


def section_run(f):
    m = f.meta
    load = f"{m.get('load_start', '?')} at the start, {m.get('load_end', '?')} at the end"
    rows = [
        ("date", m.get("date")),
        ("machine", f"{m.get('cpu')}, {m.get('cores')} cores, {m.get('memory')}; {m.get('os')}, {m.get('kernel')}"),
        ("load average (1, 5, 15 min)", f"{load} (other work on the machine shares its cores)"),
        ("commit", f"`{m.get('commit')}` on `{m.get('branch')}`"),
        ("command", f"`{m.get('invocation')}`"),
        ("peki measured", f"`{m.get('peki_version')}`, {m.get('profile')} profile, `{m.get('peki_bin')}`"),
        ("peki batch measured", f"`{m.get('batch_version')}`, `{m.get('batch_bin')}`"),
        ("tools", ", ".join(m.get(k, "?") for k in ("rustc", "curl", "xh", "python", "node", "hyperfine", "wrk", "valgrind"))),
        ("duration", f"{int(m.get('total_seconds', 0)) // 60} min {int(m.get('total_seconds', 0)) % 60} s in all: "
                     f"{m.get('build_seconds')} s installing and building, {m.get('measure_seconds')} s measuring"),
    ]
    lines = ["## The run", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in rows]
    if f.skipped:
        lines += ["", "Left out of this run:", ""] + [f"- skipped: {s}" for s in f.skipped]
    if f.failures:
        lines += ["", "**Failed or answered wrong in this run** (the script exited 1):", ""]
        lines += [f"- {s}" for s in f.failures]
    return lines


def section_targets(f, targets, limits):
    lines = ["## Targets (issue 16)", "",
             "Ratios come from the one interleaved run of section 1, on the same sandbox. "
             "MB is 10^6 bytes.", "",
             "| target | measured | verdict |", "|---|---|---|"]
    smoke = f.meta.get("mode") == "smoke"
    if smoke:
        lines[2] += " A smoke run (debug builds, a few runs) judges none of them."
    for t in targets:
        verdict = {True: "met", False: "**missed**", None: "not measured"}[t["met"]]
        if smoke:
            verdict, t["met"] = "not judged (smoke run)", None
        lines.append(f"| {t['target']} | {t['measured']} | {verdict} |")
    missed = [t for t in targets if t["met"] is False]
    if missed:
        lines += ["", "### What limits the missed ones", ""]
        for t in missed:
            text = limits.get(t["id"], "TODO(lead): no explanation in scripts/bench/limits.md yet.")
            lines += [f"**{t['target']}** ({t['measured']}). {text}", ""]
    return lines


def section_one(f):
    run = f.one
    if not run:
        return ["## 1. One message", "", "Not measured in this run."]
    peki = f.median(run, "peki send")
    floor = f.median(run, "floor (examples/floor.rs)")
    lines = ["## 1. One message", "",
             f"Each command sends the vendor's example message to `peki serve` on loopback and is "
             f"checked for the echo. {run['rounds']} rounds after {run['warmup']} warm-up round(s); each "
             "round runs every command once, in an order rotated by one each round, so that noise "
             "falls on all alike. Times are wall clock from the driver's fork to the child's exit "
             "(the spawn row is that overhead alone); peak RSS is GNU time's `%M`, median of "
             f"{len(f.command(run, 'peki send')['rss_kib'])} runs. curl and xh get a signature made before the "
             "timed part (what `peki sign` prints); the vendor's scripts sign for themselves.", "",
             "| command | median ms | p10 | p90 | MAD | vs floor | vs peki send | peak RSS |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for c in run["commands"]:
        t = c["time"]
        if not t:
            lines.append(f"| {c['name']} | failed | | | | | | |")
            continue
        rss = f"{c['rss']['median'] / 1024:.1f} MiB" if c["rss"] else "–"
        lines.append(f"| {c['name']} | {ms(t['median'])} | {ms(t['p10'])} | {ms(t['p90'])} | {ms(t['mad'])} | "
                     f"{ratio(t['median'] / floor) if floor else '–'} | {ratio(t['median'] / peki) if peki else '–'} | {rss} |")
    cg = [(n, f.callgrind.get(n)) for n in ("peki send", "floor (examples/floor.rs)", "curl, precomputed signature")]
    lines += ["", "Instructions executed by one run (callgrind, all threads; the same on a busy machine):", "",
              "| command | instructions | vs floor |", "|---|---:|---:|"]
    floor_ir = f.callgrind.get("floor (examples/floor.rs)")
    for name, ir in cg:
        if ir:
            lines.append(f"| {name} | {count(ir)} | {ratio(ir / floor_ir) if floor_ir else '–'} |")
    return lines


def section_batch(f):
    lines = ["## 2. Many messages: `peki batch` vs one `peki send` each", ""]
    if not f.batch:
        return lines + ["Not measured in this run (see the skipped lines above)."]
    lines += ["Separate sends are timed on "
              f"{next(iter(f.sends.values()))['n'] if f.sends else '?'} runs of `peki send` against the same "
              "sandbox and **extrapolated** to N (N × the median send). Batch times are the median of "
              "the rounds (N = 10,000: one run each). Messages/s = N / time.", ""]
    for latency in sorted(f.batch):
        runs, send = f.batch[latency], f.sends.get(latency)
        ns = sorted({n for n, _ in runs})
        parallels = sorted({p for _, p in runs})
        title = "no added latency" if latency == 0 else f"the sandbox adds {latency} ms to every answer (`--latency {latency}`)"
        lines += [f"### {title}", "",
                  "| N | separate sends (extrapolated) | " + " | ".join(f"batch --parallel {p}" for p in parallels) + " | best batch vs sends |",
                  "|---:|---:|" + "---:|" * len(parallels) + "---:|"]
        for n in ns:
            cells = []
            best = None
            for p in parallels:
                t = runs.get((n, p))
                if t:
                    rate = n / (t["median"] / 1000)
                    best = max(best or 0, rate)
                    cells.append(f"{t['median'] / 1000:.2f} s, {rate:,.0f}/s")
                else:
                    cells.append("–")
            sends_cell, vs = "–", "–"
            if send:
                total = n * send["median"] / 1000
                sends_cell = f"{total:.2f} s, {n / total:,.0f}/s"
                if best:
                    vs = ratio(best / (n / total))
            lines.append(f"| {n:,} | {sends_cell} | " + " | ".join(cells) + f" | {vs} |")
        per_msg = []
        for p in parallels:
            costs = [f"{runs[(n, p)]['median'] * 1000 / n:,.0f}" for n in ns if (n, p) in runs]
            per_msg.append(f"--parallel {p}: " + " / ".join(costs))
        lines += ["", "Wall time per message in µs at N = " + " / ".join(f"{n:,}" for n in ns) +
                  " (flat = linear in N): " + "; ".join(per_msg) + ".", ""]
        if latency == 0 and f.batch_rss:
            by_p = []
            for p in parallels:
                peaks = [f"{f.batch_rss[(n, p)]['median'] / 1024:.1f}" for n in ns if (n, p) in f.batch_rss]
                by_p.append(f"--parallel {p}: " + " / ".join(peaks))
            lines += ["Peak RSS in MiB (GNU time) at N = " + " / ".join(f"{n:,}" for n in ns) +
                      " (flat = the lines stream, memory does not grow with N): " + "; ".join(by_p) + ".", ""]
    return lines


def section_payloads(f):
    run = f.payloads
    lines = ["## 3. Message and reply size", ""]
    if not run:
        return lines + ["Not measured in this run."]
    base = f.rss_kib(f.one, "peki send")
    lines += ["The message goes to `peki send` on stdin (1 MiB is past one argument's limit) and "
              "comes back as `Echo: <message>`; curl sends the same JSON body from a file with a "
              "precomputed signature. Wall time median and peak RSS (GNU time) median.", "",
              "| payload | peki send ms | peki peak RSS | over a plain send | curl ms | curl peak RSS |",
              "|---|---:|---:|---:|---:|---:|"]
    for label in ("1 KiB", "100 KiB", "1 MiB"):
        p_rss = f.rss_kib(run, f"peki send, {label}")
        c_rss = f.rss_kib(run, f"curl, {label}")
        over = f"{(p_rss - base) / 1024:+.2f} MiB" if p_rss and base else "–"
        lines.append(f"| {label} | {ms(f.median(run, f'peki send, {label}'))} | "
                     f"{p_rss / 1024 if p_rss else 0:.2f} MiB | {over} | {ms(f.median(run, f'curl, {label}'))} | "
                     f"{c_rss / 1024 if c_rss else 0:.2f} MiB |")
    return lines


def section_startup(f):
    lines = ["## 4. Start-up, memory, size, instructions", ""]
    startup = (f.startup or {}).get("results", [{}])[0]
    peki_size = f.sizes.get("peki", {})
    rows = []
    if startup:
        rows.append(("`peki --version` (hyperfine -N, "
                     f"{len(startup.get('times', []))} runs)",
                     f"median {startup['median'] * 1000:.2f} ms, mean {startup['mean'] * 1000:.2f} ± "
                     f"{startup['stddev'] * 1000:.2f} ms, min {startup['min'] * 1000:.2f} ms"))
    warm = (f.warm_send or {}).get("results", [])
    if len(warm) == 2:
        send, floor = warm
        rows.append(("`peki send hi` and the floor back to back, caches warm (hyperfine -N, "
                     f"{len(send.get('times', []))} runs each)",
                     f"median {send['median'] * 1000:.2f} ms against {floor['median'] * 1000:.2f} ms: "
                     f"{ratio(send['median'] / floor['median'])} (section 1, interleaved with node and "
                     "Python, leaves caches cold)"))
    rows.append(("instructions of `peki --version`", count(f.callgrind.get("peki --version"))))
    rows.append(("instructions of one `peki send`", count(f.callgrind.get("peki send"))))
    rss = f.rss_kib(f.one, "peki send")
    rows.append(("peak RSS of one `peki send`", f"{rss / 1024:.2f} MiB ({rss * 1024 / 1e6:.2f} MB)" if rss else "–"))
    floor_rss = f.rss_kib(f.one, "floor (examples/floor.rs)")
    rows.append(("peak RSS of the floor", f"{floor_rss / 1024:.2f} MiB" if floor_rss else "–"))
    for name, label in (("peki --version", "`peki --version`"), ("/bin/true", "`/bin/true` (a process with libc)")):
        value = f.rss_kib(f.startup_rss, name)
        rows.append((f"peak RSS of {label}", f"{value / 1024:.2f} MiB" if value else "–"))
    for name in ("peki", "floor", "hello_hyper"):
        s = f.sizes.get(name)
        if s:
            rows.append((f"stripped size of `{name}`", f"{s['bytes']:,} bytes ({mb(s['bytes'])}); as built {s['unstripped_bytes']:,}"))
    if peki_size:
        built = ("Cargo.toml's `[profile.release]` (section 6 compares others)"
                 if f.meta.get("profile") == "release" else "the dev profile (a smoke run)")
        rows.append(("profile it was built with", built))
    return lines + ["| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]


def section_serve(f):
    lines = ["## 5. `peki serve -q` under wrk", ""]
    if not f.wrk:
        return lines + ["Not measured in this run."]
    seconds = f.wrk[0]["duration_us"] / 1e6
    lines += [f"wrk 2 threads, {seconds:.0f} s a run, the median of the runs (interleaved: peki, hello, at "
              "16 and 128 connections, rotated each round). Every request carries a valid signature "
              "made by `peki sign` just before the run, so the sandbox verifies key, timestamp, HMAC, "
              "JSON and quota on each; wrk-signed.lua counts every answer that is not a 200, and any "
              "such answer or socket error fails the run. `hello_hyper` is the same stack "
              "(hyper 1, hyper-util, tokio current-thread) answering a fixed 200: the ceiling.", "",
              "| server | connections | verified requests/s | p50 | p99 | not 200 | vs ceiling |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for connections in (16, 128):
        hello = f.wrk_median("hello", connections)
        for server in ("peki", "hello"):
            r = f.wrk_median(server, connections)
            if not r:
                continue
            name = "`peki serve -q`" if server == "peki" else "`hello_hyper` (ceiling)"
            vs = ratio(r["verified_per_s"] / hello["verified_per_s"]) if hello else "–"
            lines.append(f"| {name} | {connections} | {r['verified_per_s']:,.0f} | {r['p50_us'] / 1000:.2f} ms | "
                         f"{r['p99_us'] / 1000:.2f} ms | {r['non200']} | {vs} |")
    return lines


def section_variants(f):
    lines = ["## 6. Release-profile variants", ""]
    run = f.variants
    if not run or not f.variant_builds:
        return lines + ["Not measured in this run (full run only)."]
    base = "baseline"
    base_size = f.variant_sizes.get(base)
    base_ir = f.callgrind.get(f"variant {base}")
    base_ms = f.median(run, f"variant {base}")
    lines += ["Each variant is a release build of `peki` in a target dir of its own, with every profile "
              "setting given through `CARGO_PROFILE_RELEASE_*` (strip on, no debug info), so the table "
              "does not depend on what Cargo.toml says today. One change at a time from the baseline, "
              "then the issue's proposal. Send times are one interleaved run of all variants "
              f"({run['rounds']} rounds) against one sandbox; instructions are callgrind's for one send.", "",
              "| variant | opt-level | lto | codegen-units | panic | stripped size | vs baseline | "
              "instructions / send | vs baseline | median send ms | vs baseline | peak RSS | build s |",
              "|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for b in f.variant_builds:
        name = b["name"]
        size = f.variant_sizes.get(name)
        ir = f.callgrind.get(f"variant {name}")
        median = f.median(run, f"variant {name}")
        rss = f.rss_kib(run, f"variant {name}")
        lines.append(
            f"| {name} | {b['opt_level']} | {b['lto']} | {b['codegen_units']} | {b['panic']} | {mb(size)} | "
            f"{ratio(size / base_size) if size and base_size else '–'} | {count(ir)} | "
            f"{ratio(ir / base_ir) if ir and base_ir else '–'} | {ms(median)} | "
            f"{ratio(median / base_ms) if median and base_ms else '–'} | "
            f"{rss / 1024:.2f} MiB | {b['build_seconds']} |" if rss else
            f"| {name} | {b['opt_level']} | {b['lto']} | {b['codegen_units']} | {b['panic']} | {mb(size)} | – | "
            f"{count(ir)} | – | {ms(median)} | – | – | {b['build_seconds']} |")
    floor = f.median(run, "floor (examples/floor.rs)")
    if floor:
        lines += ["", f"The floor's median in the same run: {ms(floor)} ms. Build seconds are this run's "
                  "(a few: the build was cached in target/bench-variants)."]
    sized = [(f.variant_sizes[b["name"]], b["name"]) for b in f.variant_builds if b["name"] in f.variant_sizes]
    if sized and base_size and base_ir and base_ms:
        size, name = min(sized)
        ir, median = f.callgrind.get(f"variant {name}"), f.median(run, f"variant {name}")
        if ir and median:
            lines += ["", f"Smallest: **{name}**, {mb(size)} ({(size - base_size) / 1e6:+.2f} MB against the "
                      f"baseline), at {ratio(ir / base_ir)} the instructions and {ratio(median / base_ms)} "
                      "the median send time."]
    lines += ["", "How to read it: a size saving counts when the instructions and the median send time stay "
              "within noise of the baseline (send time on this machine moves by a few per cent between "
              "rounds; instruction counts move by well under 1 %)."]
    return lines


def main():
    results, out_md, chart_path, datadir = sys.argv[1:5]
    f = Figures(results)
    targets = evaluate_targets(f)
    lines = ["# Benchmarks", "",
             "Written by `scripts/bench.sh` (issue 16); do not edit by hand: re-run it. The "
             "explanations of missed targets come from `scripts/bench/limits.md`.", ""]
    lines += section_run(f) + [""]
    lines += section_targets(f, targets, load_limits()) + [""]
    lines += [f"![The figures below as charts]({chart_path})", ""]
    for section in (section_one, section_batch, section_payloads, section_startup, section_serve,
                    section_variants):
        lines += section(f) + [""]
    with open(out_md, "w") as out:
        out.write("\n".join(lines).rstrip("\n") + "\n")
    write_chart_data(f, datadir)


if __name__ == "__main__":
    main()
