#!/usr/bin/env bash
# Builds the wasm32-unknown-unknown standard library once with Debian's rustc-web,
# for machines where rustup cannot download the target (offline Debian).
# Debian's rustc-web + rust-web-src are one source package, so the std source
# matches the compiler exactly; the build follows x.py's recipe for std.
# Idempotent: a stamp records the compiler the std was built with.
set -euo pipefail
DEB_TC=${DEB_TC:-/opt/rust-debian-web}
RUSTC=/usr/bin/rustc CARGO=/usr/bin/cargo
LLVM_MAJOR=$($RUSTC -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
command -v "/usr/lib/llvm-$LLVM_MAJOR/bin/lld" >/dev/null || { echo "lld-$LLVM_MAJOR is missing" >&2; exit 1; }
SYSROOT=$($RUSTC --print sysroot)
HOST=$($RUSTC -vV | sed -n 's/^host: //p')
TARGET=wasm32-unknown-unknown
LIBDIR=$SYSROOT/lib/rustlib/$TARGET/lib
STAMP=$SYSROOT/lib/rustlib/$TARGET/.std-built-by
SRC=/usr/lib/rustlib/src/rust/library
want="$($RUSTC -vV)"
# rustc links wasm with `rust-lld -flavor wasm`; Debian ships lld-N instead.
mkdir -p "$SYSROOT/lib/rustlib/$HOST/bin"
ln -sfn "/usr/lib/llvm-$LLVM_MAJOR/bin/lld" "$SYSROOT/lib/rustlib/$HOST/bin/rust-lld"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && ls "$LIBDIR"/libstd-*.rlib >/dev/null 2>&1; then
  echo "wasm32 std already built for $($RUSTC -V)"
else
  echo "building the wasm32 std with $($RUSTC -V) (once, a few minutes)"
  work=$(mktemp -d /tmp/paceline-wasm-std.XXXXXX); trap 'rm -rf "$work"' EXIT
  cp -a "$SRC" "$work/library"
  ver=$($RUSTC -vV | sed -n 's/^release: //p')
  env -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS -u CARGO_BUILD_RUSTFLAGS -u CARGO_TARGET_DIR -u RUSTUP_TOOLCHAIN \
    RUSTC_BOOTSTRAP=1 RUSTC="$RUSTC" __CARGO_DEFAULT_LIB_METADATA="wasm32std-$ver" \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zforce-unstable-if-unmarked -Cembed-bitcode=yes" \
    "$CARGO" build --locked --manifest-path "$work/library/sysroot/Cargo.toml" \
      --profile dist --target "$TARGET" --features "panic-unwind backtrace" --target-dir "$work/target" -q
  rm -rf "$LIBDIR"; mkdir -p "$LIBDIR"
  find "$work/target/$TARGET/dist/deps" -maxdepth 1 -name 'lib*.rlib' ! -name 'libsysroot-*' -exec cp {} "$LIBDIR/" \;
  printf '%s\n' "$want" > "$STAMP"
fi
# A rustup "path toolchain" so `RUSTUP_TOOLCHAIN=$DEB_TC cargo` picks Debian's compiler.
mkdir -p "$DEB_TC/bin"
for b in rustc cargo rustdoc; do ln -sfn "/usr/bin/$b" "$DEB_TC/bin/$b"; done
