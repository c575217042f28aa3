#!/usr/bin/python3
"""crosscheck-numpy.py - fpdrift's --order numpy against numpy.sum itself, bit for bit.

For arrays of many lengths (around the 8-term, 128-term and 8192-term boundaries of NumPy's
summation and far past them) and of several kinds (normal, wide exponents, cancelling, signed
zeros), it writes the array as CSV (shortest round-trip decimal, so it reads back exactly), runs
`fpdrift run --workload sum --order numpy,pairwise --precision float,double --format json`, and
compares each run's sum with numpy.sum of the float64 array and of the array cast to float32.
It prints every comparison and exits 1 if any --order numpy sum differs from NumPy's in any
bit. The pairwise column shows why the numpy order exists: plain pairwise summation differs
from numpy.sum past 8192 elements.

Usage: tests/crosscheck-numpy.py [FPDRIFT]   (CI runs it after installing python3-numpy)
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np

FPDRIFT = sys.argv[1] if len(sys.argv) > 1 else "./src/fpdrift"
SIZES = [1, 2, 7, 8, 9, 127, 128, 129, 1000, 8191, 8192, 8193, 16384, 16385, 20000, 65537,
         100000, 1000003]


def kinds(n, rng):
    """The arrays of length n to check, by name."""
    yield "normal", rng.standard_normal(n)
    wide = rng.standard_normal(n) * np.exp2(rng.integers(-60, 60, n).astype(np.float64))
    yield "wide", wide
    half = rng.standard_normal(n // 2 + 1) * 1e8
    yield "cancel", np.concatenate([half, -half[: n - len(half)] + rng.standard_normal(
        n - len(half))])[:n]
    yield "zeros", np.where(rng.random(n) < 0.5, -0.0, 0.0) + (
        rng.standard_normal(n) if n > 100 else 0.0)


def bits(x, dtype):
    return struct.pack("<d", float(x)) if dtype == np.float64 else struct.pack(
        "<f", np.float32(x))


def fpdrift_sums(a, workdir):
    path = os.path.join(workdir, "x.csv")
    with open(path, "w") as f:
        f.write("x\n")
        f.write("\n".join(repr(float(v)) for v in a))
        f.write("\n")
    out = subprocess.run([FPDRIFT, "run", "--workload", "sum", "--data", path, "--order",
                          "numpy,pairwise", "--precision", "float,double", "--format", "json",
                          "--force"], check=True, capture_output=True, text=True).stdout
    sums = {}
    for run in json.loads(out)["runs"]:
        sums[(run["order"], run["precision"])] = float.fromhex(run["outputs"][0]["hex"])
    return sums


def main():
    rng = np.random.default_rng(20261123)
    checked = failed = pairwise_differs = 0
    print(f"numpy {np.__version__}; fpdrift: {FPDRIFT}")
    print(f"{'n':>8} {'kind':8} {'dtype':8} {'numpy.sum':>26} {'order=numpy':>12} "
          f"{'order=pairwise':>15}")
    with tempfile.TemporaryDirectory() as workdir:
        for n in SIZES:
            for kind, a in kinds(n, rng):
                a = np.ascontiguousarray(a, dtype=np.float64)
                sums = fpdrift_sums(a, workdir)
                for dtype, prec in ((np.float64, "double"), (np.float32, "float")):
                    want = np.sum(a.astype(dtype))
                    got = sums[("numpy", prec)]
                    same = bits(got, dtype) == bits(want, dtype)
                    pw_same = bits(sums[("pairwise", prec)], dtype) == bits(want, dtype)
                    checked += 1
                    failed += not same
                    pairwise_differs += not pw_same
                    print(f"{n:>8} {kind:8} {prec:8} {float(want).hex():>26} "
                          f"{'same' if same else 'DIFFERS':>12} "
                          f"{'same' if pw_same else 'differs':>15}")
    print(f"{checked} sums: {checked - failed} bit-identical to numpy.sum with --order numpy, "
          f"{failed} differ; --order pairwise differs in {pairwise_differs}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
