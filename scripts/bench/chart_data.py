"""The data files chart.gp draws, written from report.py's figures (standard library
only): one file a panel, absent when the run did not measure that section."""

import json
import os


def write_chart_data(f, datadir):
    os.makedirs(datadir, exist_ok=True)

    def write(name, rows):
        with open(os.path.join(datadir, name), "w") as out:
            for row in rows:
                out.write(" ".join(str(x) for x in row) + "\n")

    if f.one:
        short = {"process spawn only (/bin/true)": "spawn", "floor (examples/floor.rs)": "floor",
                 "curl, precomputed signature": "curl", "xh, precomputed signature": "xh",
                 "vendor cURL recipe, fixed": "vendor curl", "vendor Python (requests)": "vendor Py",
                 "vendor JavaScript (node)": "vendor JS"}
        write("one.dat", [(i, json.dumps(short.get(c["name"], c["name"])),
                           c["time"]["median"], c["time"]["p10"], c["time"]["p90"])
                          for i, c in enumerate(f.one["commands"]) if c["time"]])
    if f.latency in f.batch:
        runs = f.batch[f.latency]
        rows = []
        for p in sorted({p for _, p in runs}):
            rows += [(n, n / (runs[(n, p)]["median"] / 1000)) for n in sorted({n for n, q in runs if q == p})]
            rows.append(("",))
            rows.append(("",))
        send = f.sends.get(f.latency)
        if send:
            rows += [(n, 1000 / send["median"]) for n in sorted({n for n, _ in runs})]
        write("batch.dat", rows)
    if f.payloads:
        rows = []
        for kib, label in ((1, "1 KiB"), (100, "100 KiB"), (1024, "1 MiB")):
            p, c = f.rss_kib(f.payloads, f"peki send, {label}"), f.rss_kib(f.payloads, f"curl, {label}")
            if p and c:
                rows.append((kib, p / 1024, c / 1024))
        write("payload.dat", rows)
    if f.wrk:
        rows = []
        for connections in (16, 128):
            p, h = f.wrk_median("peki", connections), f.wrk_median("hello", connections)
            if p and h:
                rows.append((connections, p["verified_per_s"] / 1000, h["verified_per_s"] / 1000))
        write("wrk.dat", rows)
    if f.variants and f.variant_builds:
        rows = []
        for i, b in enumerate(f.variant_builds):
            size = f.variant_sizes.get(b["name"])
            ir = f.callgrind.get(f"variant {b['name']}")
            if size and ir:
                label = {"baseline": "base", "opt-level-s": "opt s", "opt-level-z": "opt z",
                         "lto-thin": "lto thin", "lto-off": "lto off", "codegen-units-16": "cgu 16",
                         "panic-abort": "abort"}.get(b["name"], b["name"])
                rows.append((i, json.dumps(label), size / 1e6, ir / 1e6))
        write("variants.dat", rows)
