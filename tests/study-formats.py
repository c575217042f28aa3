#!/usr/bin/env python3
"""study-formats.py - the k-means study and the MLP study in every precision, as Markdown.

Runs `fpdrift run` on each study's data (k-means: blobs_1000x2.csv, k = 4; MLP: x -> x + 0.1
on 0.0 .. 0.9, 100 epochs) in float, double and every emulated format, at 1 and 4 threads,
plus bf16 and fp16 accumulated in float (--accum float), and prints per precision: the
largest ulps against the exact reference rounded once to that format, the label flips
(k-means) and iterations, and the final loss (MLP) with its relative error.

    python3 tests/study-formats.py ./src/fpdrift
"""
import json
import subprocess
import sys

PRECISIONS = "float,double,fp16,bf16,tf32,fp8e4m3,fp8e4m3-sat,fp8e5m2,fp8e5m2-sat"


def run(fpdrift, args):
    out = subprocess.run([fpdrift, "run", "--format", "json", *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def pairs(doc):
    """Each (precision, accum) of a report, in report order, with its 1- and 4-thread runs."""
    table = {(r["precision"], r["accum"], r["threads"]): r for r in doc["runs"]}
    seen = []
    for (p, a, _) in table:
        if (p, a) not in seen:
            seen.append((p, a))
    for p, a in seen:
        yield p, a, table[(p, a, 1)], table[(p, a, 4)]


def finite(summary):
    return "%g" % summary["max_ulps"] if not summary["nonfinite"] else "NaN/inf"


def main():
    fpdrift = sys.argv[1] if len(sys.argv) > 1 else "fpdrift"
    km = run(fpdrift, ["--workload", "kmeans", "--precision", PRECISIONS, "--threads", "1,4"])
    km_acc = run(fpdrift, ["--workload", "kmeans", "--precision", "fp16,bf16", "--accum", "float",
                           "--threads", "1,4"])
    mlp = run(fpdrift, ["--workload", "mlp", "--precision", PRECISIONS, "--threads", "1,4"])
    mlp_acc = run(fpdrift, ["--workload", "mlp", "--precision", "fp16,bf16", "--accum", "float",
                            "--threads", "1,4"])
    print("k-means study (blobs_1000x2.csv, k = 4; reference iterations %d)\n"
          % km["reference"]["iterations"] if "reference" in km and "iterations" in km["reference"]
          else "k-means study (blobs_1000x2.csv, k = 4)\n")
    print("| precision | accum | max ulps, 1 thread | max ulps, 4 threads | label flips (1 / 4) "
          "| iterations (1 / 4) |")
    print("|---|---|---:|---:|---:|---:|")
    for doc in (km, km_acc):
        for p, a, one, four in pairs(doc):
            s1, s4 = one["summary"], four["summary"]
            print("| %s | %s | %s | %s | %d / %d | %d / %d |" % (
                p, a, finite(s1), finite(s4), s1["flips"], s4["flips"], one["iterations"],
                four["iterations"]))
    print("\nMLP study (x -> x + 0.1 on 0.0 .. 0.9, 100 epochs, Adam)\n")
    print("| precision | accum | max ulps (losses), 1 thread | 4 threads | final loss, 1 thread "
          "| relative error |")
    print("|---|---|---:|---:|---:|---:|")
    for doc in (mlp, mlp_acc):
        for p, a, one, four in pairs(doc):
            final = [o for o in one["outputs"] if o["name"] == "final_loss"][0]
            rel = final["rel_err"]
            print("| %s | %s | %s | %s | %s | %s |" % (
                p, a, finite(one["summary"]), finite(four["summary"]), final["value"],
                "%.2g" % rel if rel is not None else "-"))


if __name__ == "__main__":
    main()
