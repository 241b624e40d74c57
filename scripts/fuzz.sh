#!/usr/bin/env bash
# Runs each fuzz target for a set time and keeps what it finds.
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]     (default: 300 s, every target)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); the one stable toolchain serves, with
# RUSTC_BOOTSTRAP for the flags cargo-fuzz passes. No sanitizer (`-s none`): Rust is memory
# safe, and what is looked for is panics, lost rows and wrong figures, which the harness
# (`fuzz/harness.rs`) asserts. The first build instruments polars too: a cold build of its own,
# in fuzz/target.
#
# A crash is copied to tests/fuzz_regressions/<target>/; fix it, and `tests/fuzz_regressions.rs`
# replays it in every test run from then on. Corpora stay in fuzz/corpus (not committed).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-300}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(numbers periods units headers csv xlsx catalogue transactions)
fi
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O -s none
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  echo "=== $t: ${seconds} s"
  cargo fuzz run -O -s none "$t" "corpus/$t" -- -max_total_time="$seconds" -print_final_stats=1 \
    2>&1 | grep -E "^(#[0-9]+.*(DONE|pulse)|stat::|==|SUMMARY|thread)" | tail -8 || true
  for f in artifacts/"$t"/*; do
    [ -e "$f" ] || continue
    mkdir -p "../tests/fuzz_regressions/$t"
    cp "$f" "../tests/fuzz_regressions/$t/"
    echo "finding kept: tests/fuzz_regressions/$t/$(basename "$f")"
  done
done
