// Decode throughput of Garmin's JavaScript FIT SDK, for `cargo xtask bench import`.
//
//   node --single-threaded fitsdk_bench.mjs SDK_DIR [--passes N] DIR_OR_FILE...
//
// SDK_DIR is the installed package (`…/node_modules/@garmin/fitsdk`). Reads every .fit
// file (case-insensitive) into memory, decodes all of them fully (every message, the
// SDK's default options: scale/offset, components, subfields, CRC) N times (default 5),
// the first pass as warm-up for the JIT. Files it cannot read to the end still count with
// all their bytes, as in the Rust bench. Prints per-pass CPU times, then one line the
// bench parses:
//
//   RESULT decoder=fitsdk mb_s=… best_cpu_s=… passes=… files=… bytes=… failed=… messages=…

import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [sdkDir, ...rest] = process.argv.slice(2);
let passes = 5;
if (rest[0] === "--passes") {
  passes = Number(rest[1]);
  rest.splice(0, 2);
}
if (!sdkDir || rest.length === 0) {
  console.error("usage: fitsdk_bench.mjs SDK_DIR [--passes N] DIR_OR_FILE...");
  process.exit(2);
}
const { Decoder, Stream } = await import(pathToFileURL(join(sdkDir, "src/index.js")).href);

const paths = rest.flatMap((p) =>
  statSync(p).isDirectory()
    ? readdirSync(p)
        .filter((n) => n.toLowerCase().endsWith(".fit"))
        .sort()
        .map((n) => join(p, n))
    : [p],
);
const files = paths.map((p) => readFileSync(p));
const total = files.reduce((s, f) => s + f.length, 0);

function decodeAll() {
  let messages = 0;
  let failed = 0;
  for (const data of files) {
    try {
      const decoder = new Decoder(Stream.fromBuffer(data));
      const { messages: m, errors } = decoder.read();
      for (const list of Object.values(m)) messages += list.length;
      if (errors.length > 0) failed += 1;
    } catch {
      failed += 1;
    }
  }
  return { messages, failed };
}

// CPU seconds of this process: other jobs on a shared machine do not count against it.
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

let best = Infinity;
let last = { messages: 0, failed: 0 };
for (let i = 0; i < passes; i++) {
  const t = cpu();
  last = decodeAll();
  const dt = cpu() - t;
  console.error(`fitsdk pass ${i + 1}/${passes}: ${dt.toFixed(2)} s CPU${i === 0 ? " (warm-up)" : ""}`);
  if (i > 0 || passes === 1) best = Math.min(best, dt);
}
console.log(
  `RESULT decoder=fitsdk mb_s=${(total / 1e6 / best).toFixed(3)} best_cpu_s=${best.toFixed(3)} ` +
    `passes=${passes} files=${files.length} bytes=${total} failed=${last.failed} messages=${last.messages}`,
);
