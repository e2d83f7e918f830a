"""Writes the .npz fixtures of tests/LitDsl.Runtime.Tests/Fixtures/npz: what numpy's own writers make, for NpzFile to read.

  savez.npz             np.savez(path, out0=a, out1=b): stored entries out0.npy, out1.npy, in that order
  savez_compressed.npz  np.savez_compressed with the same arrays: deflated entries
  expected.json         the arrays' names, shapes and values, in order

Run: /usr/bin/python3 tools/reference/make_npz_fixtures.py   (numpy only; the files are small and committed)
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "LitDsl.Runtime.Tests", "Fixtures", "npz")


def main():
    os.makedirs(OUT, exist_ok=True)
    a = (np.arange(2 * 3 * 4, dtype=np.float32) * 0.5 - 3).reshape(2, 3, 4)
    b = np.array([[1.5, -2.25], [1e-3, 7.0]], dtype=np.float32)
    np.savez(os.path.join(OUT, "savez.npz"), out0=a, out1=b)
    np.savez_compressed(os.path.join(OUT, "savez_compressed.npz"), out0=a, out1=b)
    expected = [{"name": n, "shape": list(x.shape), "values": [float(v) for v in x.ravel()]} for n, x in (("out0", a), ("out1", b))]
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"numpy": np.__version__, "arrays": expected}, f, indent=1)


if __name__ == "__main__":
    main()
