"""Issue 16's targets, each judged on one run's figures: met (True), missed (False) or not
measured (None). Used by report.py; the ids name the paragraphs of limits.md."""

MB = 1e6
FLOOR = "floor (examples/floor.rs)"


def target(id_, text, measured, met):
    return {"id": id_, "target": text, "measured": measured, "met": met}


def send_ratios(f):
    """peki send's median against the other clients' in the one interleaved run."""
    peki = f.median(f.one, "peki send")
    rows = [
        ("send-vs-floor", "`peki send` ≤ 1.1× the floor", FLOOR, lambda r: r <= 1.1, False),
        ("send-vs-curl", "`peki send` ≤ 0.35× bare curl", "curl, precomputed signature", lambda r: r <= 0.35, False),
        ("send-vs-vendor-curl", "`peki send` ≤ 0.15× the vendor's cURL recipe", "vendor cURL recipe, fixed",
         lambda r: r <= 0.15, False),
        ("send-vs-python", "`peki send` ≥ 50× faster than the vendor's Python", "vendor Python (requests)",
         lambda r: r >= 50, True),
        ("send-vs-javascript", "`peki send` ≥ 25× faster than the vendor's JavaScript", "vendor JavaScript (node)",
         lambda r: r >= 25, True),
    ]
    floor = f.median(f.one, FLOOR)
    out = []
    for id_, text, other, ok, faster in rows:
        theirs = f.median(f.one, other)
        if not peki or not theirs:
            out.append(target(id_, text, "–", None))
            continue
        value = theirs / peki if faster else peki / theirs
        label = (f"{value:.1f}× faster ({theirs:.2f} vs {peki:.2f} ms)" if faster
                 else f"×{value:.2f} ({peki:.2f} vs {theirs:.2f} ms)")
        # What the floor (one signed POST, nothing else) gets against the same client: a
        # target the floor itself misses is out of reach of any change to peki alone.
        if floor and other != FLOOR:
            floor_value = theirs / floor if faster else floor / theirs
            label += f"; the floor: {floor_value:.1f}× faster" if faster else f"; the floor: ×{floor_value:.2f}"
        out.append(target(id_, text, label, ok(value)))
    return out


def memory_and_size(f):
    out = []
    rss = f.rss_kib(f.one, "peki send")
    out.append(target("rss-send", "peak RSS of `send` ≤ 5 MB",
                      f"{rss * 1024 / MB:.2f} MB" if rss else "–",
                      rss * 1024 <= 5 * MB if rss else None))
    big = f.rss_kib(f.payloads, "peki send, 1 MiB")
    reply = len("Echo: ") + 1048576
    limit = 5 * MB + 3 * reply
    out.append(target("rss-1mib", "peak RSS with a 1 MiB reply ≤ 5 MB + 3× the reply",
                      f"{big * 1024 / MB:.2f} MB (limit {limit / MB:.2f} MB)" if big else "–",
                      big * 1024 <= limit if big else None))
    size = f.sizes.get("peki", {}).get("bytes")
    out.append(target("binary-size", "stripped release binary ≤ 3.5 MB, sandbox included",
                      f"{size / MB:.2f} MB" if size else "–",
                      (size <= 3.5 * MB if f.meta.get("profile") == "release" else None) if size else None))
    return out


def batch(f):
    """Issue 14's targets, against a local sandbox: a batch of 1,000 against as many separate
    sends (no added latency; the figure with latency beside it), the time per message from
    1,000 to 10,000 lines, peak RSS flat in N, and --parallel 4 against 1 with latency."""
    out = []

    def versus_sends(latency):
        runs, send = f.batch.get(latency), f.sends.get(latency)
        if not (runs and send):
            return None
        candidates = [(1000 / (t["median"] / 1000), p) for (n, p), t in runs.items() if n == 1000]
        if not candidates:
            return None
        rate, parallel = max(candidates)
        return rate / (1000 / send["median"]), parallel

    best = versus_sends(0)
    slow = versus_sends(f.latency) if f.latency else None
    extra = f"; with {f.latency} ms added latency ×{slow[0]:.1f} at --parallel {slow[1]}" if slow else ""
    out.append(target("batch-vs-sends", "batch of 1,000 ≥ 20× separate sends (local sandbox)",
                      f"×{best[0]:.1f} at --parallel {best[1]}{extra}" if best else "–",
                      best[0] >= 20 if best else None))
    worst = None
    for lat_runs in f.batch.values():
        for (n, p), t in lat_runs.items():
            if n == 10000 and (1000, p) in lat_runs:
                growth = (t["median"] / 10000) / (lat_runs[(1000, p)]["median"] / 1000)
                worst = max(worst or 0, growth)
    out.append(target("batch-linear", "batch linear in N (time per message at 10,000 ≤ 1.2× that at 1,000)",
                      f"worst ×{worst:.2f} over every --parallel and latency" if worst else "–",
                      worst <= 1.2 if worst else None))
    peaks = {}
    for (n, p), rss in f.batch_rss.items():
        peaks.setdefault(p, {})[n] = rss["median"]
    spread = None
    for by_n in peaks.values():
        if len(by_n) > 1:
            growth = max(by_n.values()) / min(by_n.values())
            spread = max(spread or 0, growth)
    out.append(target("batch-rss", "batch peak RSS independent of N (largest ≤ 1.2× smallest)",
                      f"worst ×{spread:.2f} from N = {min(min(b) for b in peaks.values()):,} to "
                      f"{max(max(b) for b in peaks.values()):,}" if spread else "–",
                      spread <= 1.2 if spread else None))
    runs = f.batch.get(f.latency) if f.latency else None
    gain = None
    if runs and (1000, 1) in runs and (1000, 4) in runs:
        gain = runs[(1000, 1)]["median"] / runs[(1000, 4)]["median"]
    out.append(target("batch-parallel", f"--parallel 4 faster than --parallel 1 ({f.latency} ms added latency)",
                      f"×{gain:.1f} faster at N = 1,000" if gain else "–",
                      gain > 1 if gain else None))
    return out


def serve(f):
    figures = []
    for connections in (16, 128):
        r = f.wrk_median("peki", connections)
        if r:
            figures.append((connections, r["verified_per_s"]))
    measured = ", ".join(f"{rate:,.0f}/s at {c} connections" for c, rate in figures) or "–"
    met = all(rate >= 40000 for _, rate in figures) if len(figures) == 2 else None
    return [target("serve-throughput", "`peki serve -q` ≥ 40,000 verified requests/s", measured, met)]


def evaluate_targets(f):
    return send_ratios(f) + memory_and_size(f) + batch(f) + serve(f)
