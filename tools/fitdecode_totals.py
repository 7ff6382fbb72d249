#!/usr/bin/env python3
"""Activity totals of FIT files per fitdecode, the import oracle's independent decoder.

    fitdecode_totals.py FILE...   (.fit, also .fit.gz and a .zip holding one .fit)

Prints one line per file, tab-separated: the path, then `key=value` pairs (absent values
are left out), so the Rust side needs no JSON parser:

- `error=…`: why fitdecode stopped early (what it read before is still reported);
- `sessions=N`: session messages found (chained FIT files give those of every part),
  and `session.I.*`: the totals of session I as fitdecode reads them;
- `combined.*`: the sessions combined the way paceline-import does (crates/import/src/fit.rs,
  apply_sessions): sessions with neither elapsed nor timer time are placeholders and left
  out; times, distance, ascent, descent and calories are summed; maxima are the maximum;
  average heart rate and power are weighted by each session's timer time (elapsed time
  where there is no timer time); zeros mean "no sensor" and are left out;
- `records.*`: figures from the record messages, for files without a usable session.

fitdecode reads leniently (no CRC check, odd field sizes tolerated) because several real
files have quirks that strict mode refuses; decoding errors end the file but keep what
was read before them, and are reported in "error".
"""

import gzip
import io
import sys
import warnings
import zipfile

import fitdecode

# (our name, fitdecode session field)
SESSION_FIELDS = [
    ("elapsed_s", "total_elapsed_time"),
    ("timer_s", "total_timer_time"),
    ("distance_m", "total_distance"),
    ("ascent_m", "total_ascent"),
    ("descent_m", "total_descent"),
    ("calories", "total_calories"),
    ("avg_hr", "avg_heart_rate"),
    ("max_hr", "max_heart_rate"),
    ("avg_power", "avg_power"),
    ("max_power", "max_power"),
]
SUMMED = ["elapsed_s", "timer_s", "distance_m", "ascent_m", "descent_m", "calories"]
MAXED = ["max_hr", "max_power"]
WEIGHTED = ["avg_hr", "avg_power"]


def number(msg, name):
    """A field's value as a float, None when absent, invalid or not a number."""
    try:
        v = msg.get_value(name, fallback=None)
    except Exception:  # fitdecode raises on some malformed fields
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return float(v)


def read_bytes(path):
    with open(path, "rb") as f:
        data = f.read()
    low = path.lower()
    if low.endswith(".gz"):
        return gzip.decompress(data)
    if low.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            fits = [n for n in z.namelist() if n.lower().endswith(".fit")]
            if len(fits) != 1:
                raise ValueError(f"the zip holds {len(fits)} FIT files, expected 1")
            return z.read(fits[0])
    return data


def combine(sessions):
    used = [s for s in sessions if (s["elapsed_s"] or 0) > 0 or (s["timer_s"] or 0) > 0]
    out = {"usable_sessions": len(used)}
    if not used:
        return out
    for k in SUMMED:
        vals = [s[k] for s in used if s[k] is not None]
        out[k] = sum(vals) if vals else None
    for k in MAXED:
        vals = [s[k] for s in used if s[k] is not None and s[k] > 0]
        out[k] = max(vals) if vals else None
    for k in WEIGHTED:
        num = den = 0.0
        for s in used:
            t = s["timer_s"] if s["timer_s"] is not None else s["elapsed_s"]
            if s[k] is not None and s[k] > 0 and t is not None:
                num += s[k] * t
                den += t
        out[k] = num / den if den > 0 else None
    return out


def totals(path):
    out = {"file": path, "sessions": [], "combined": {}, "records": {}}
    stamps, records, last_dist = [], 0, None
    hr, power = [], []
    try:
        data = read_bytes(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = fitdecode.FitReader(
                io.BytesIO(data),
                check_crc=fitdecode.CrcCheck.DISABLED,
                error_handling=fitdecode.ErrorHandling.IGNORE,
            )
            with reader:
                for frame in reader:
                    if not isinstance(frame, fitdecode.FitDataMessage):
                        continue
                    if frame.name == "session":
                        s = {k: number(frame, f) for k, f in SESSION_FIELDS}
                        out["sessions"].append(s)
                    elif frame.name == "record":
                        records += 1
                        ts = frame.get_value("timestamp", fallback=None)
                        if ts is not None and hasattr(ts, "timestamp"):
                            stamps.append(ts.timestamp())
                        d = number(frame, "distance")
                        if d is not None:
                            last_dist = d
                        h = number(frame, "heart_rate")
                        if h is not None and h > 0:
                            hr.append(h)
                        p = number(frame, "power")
                        if p is not None:
                            power.append(p)
    except Exception as e:  # report, keep what was read before the damage
        out["error"] = f"{type(e).__name__}: {e}"
    out["combined"] = combine(out["sessions"])
    out["records"] = {
        "count": records,
        "elapsed_s": (max(stamps) - stamps[0]) if stamps else None,
        "distance_m": last_dist,
        "avg_hr": sum(hr) / len(hr) if hr else None,
        "max_hr": max(hr) if hr else None,
        "avg_power": sum(power) / len(power) if power else None,
        "max_power": max(power) if power else None,
    }
    return out


def line(t):
    parts = [t["file"]]
    if "error" in t:
        parts.append("error=" + " ".join(t["error"].split()))
    parts.append(f"sessions={len(t['sessions'])}")
    for i, s in enumerate(t["sessions"]):
        for k, v in s.items():
            if v is not None:
                parts.append(f"session.{i}.{k}={v!r}")
    for section in ("combined", "records"):
        for k, v in t[section].items():
            if v is not None:
                parts.append(f"{section}.{k}={v!r}")
    return "\t".join(parts)


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    for p in paths:
        print(line(totals(p)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
