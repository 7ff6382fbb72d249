#!/usr/bin/env python3
"""Decode throughput of python fitdecode, for `cargo xtask bench import`.

    fitdecode_bench.py [--passes N] DIR_OR_FILE...

Reads every .fit file (case-insensitive) into memory, then decodes all of them fully
(every message, every field, CRCs computed) N times (default 3) on one thread. Files it
cannot read to the end still count with all their bytes, as in the Rust bench. Prints
per-pass CPU times, then one line the bench parses:

    RESULT decoder=fitdecode mb_s=… best_cpu_s=… passes=… files=… bytes=… failed=… messages=…

MB/s is over the best pass (process CPU time, so other jobs on a shared machine do
not count against it).
"""

import io
import os
import sys
import time
import warnings

import fitdecode


def fit_files(args):
    out = []
    for a in args:
        if os.path.isdir(a):
            out += [os.path.join(a, n) for n in sorted(os.listdir(a)) if n.lower().endswith(".fit")]
        else:
            out.append(a)
    return out


def decode(data):
    """All frames of one file; returns (messages, failed)."""
    n = 0
    try:
        with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.WARN) as r:
            for frame in r:
                if isinstance(frame, fitdecode.FitDataMessage):
                    n += 1
    except Exception:
        return n, True
    return n, False


def main(argv):
    passes = 3
    if len(argv) >= 2 and argv[0] == "--passes":
        passes, argv = int(argv[1]), argv[2:]
    files = [open(p, "rb").read() for p in fit_files(argv)]
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    total = sum(len(f) for f in files)
    warnings.simplefilter("ignore")
    best, messages, failed = None, 0, 0
    for i in range(passes):
        t = time.process_time()
        messages = failed = 0
        for data in files:
            n, bad = decode(data)
            messages += n
            failed += bad
        dt = time.process_time() - t
        print(f"fitdecode pass {i + 1}/{passes}: {dt:.2f} s CPU", file=sys.stderr, flush=True)
        best = dt if best is None else min(best, dt)
    print(
        f"RESULT decoder=fitdecode mb_s={total / 1e6 / best:.3f} best_cpu_s={best:.3f} "
        f"passes={passes} files={len(files)} bytes={total} failed={failed} messages={messages}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
