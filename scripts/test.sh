#!/usr/bin/env bash
# Installs what the tests need and runs every test: the README's second command and CI's.
#
# One release build serves the Python module, the Rust tests and clippy's metadata: cargo is
# run with the environment maturin used, so polars (most of a cold build) compiles once.
# The build of the README's first command (`pip install .`, in ./target) is reused when it is
# there; otherwise a cargo target directory outside the clone, which CI keeps between runs.
#
# Every test runs every time: Rust unit, integration and doc tests, the stub check, pytest.
# The gates that are not tests (clippy, the docs' build, the build without the `python`
# feature, pytest again with the newest polars) run when CI is set (.ci/run sets it), or with
# `CI=true bash scripts/test.sh`: they take about three and a half minutes that a newcomer's
# first run does not need.
set -euo pipefail
cd "$(dirname "$0")/.."
gates="${CI:-}"

if [ -z "${CARGO_TARGET_DIR:-}" ]; then
  if [ -d target/release ]; then
    CARGO_TARGET_DIR="$PWD/target"
  else
    CARGO_TARGET_DIR="$HOME/.cache/cashless/target"
  fi
fi
export CARGO_TARGET_DIR
echo "cargo target directory: $CARGO_TARGET_DIR"
mkdir -p "$CARGO_TARGET_DIR"
# Oldest Python polars we support; the newest is whatever PyPI serves today.
POLARS_OLDEST="1.28.1"

step() { printf '\n=== %s\n' "$*"; }

step "python environment (.venv)"
python3 -m venv .venv
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q "maturin>=1.9,<2"

step "build the extension (release, stripped)"
rm -rf dist
maturin build --release --out dist
wheel=$(ls dist/cashless-*.whl)
python -m pip install -q "${wheel}[test,spark]" "polars==${POLARS_OLDEST}"
# Same version number as any earlier build: force the fresh wheel in.
python -m pip install -q --force-reinstall --no-deps "$wheel"
ls -l "$wheel"

step "format and lint"
cargo fmt --check
ruff check python tests benchmarks
ruff format --check python tests benchmarks

# The environment maturin gave cargo (see `maturin build --verbose`): with the same one,
# cargo reuses maturin's compiled dependencies instead of building polars a second time.
export PYO3_BUILD_EXTENSION_MODULE=1
export PYO3_PYTHON="$VIRTUAL_ENV/bin/python" PYTHON_SYS_EXECUTABLE="$VIRTUAL_ENV/bin/python"
export PYO3_ENVIRONMENT_SIGNATURE
PYO3_ENVIRONMENT_SIGNATURE=$(python -c "import platform, struct, sys; print('%s-%d.%d-%dbit' % (platform.python_implementation().lower(), *sys.version_info[:2], struct.calcsize('P') * 8))")
config=$(ls "$CARGO_TARGET_DIR"/maturin/pyo3-config-*-abi3.txt 2>/dev/null | head -n1 || true)
if [ -n "$config" ]; then export PYO3_CONFIG_FILE="$config"; fi

if [ -n "$gates" ]; then
  step "clippy"
  cargo clippy --release --features python --all-targets -- -D warnings
fi

step "rust tests (unit, integration, doc)"
# Test binaries of the `python` feature need libpython at link time (see build.rs).
libpython=$(python -c "import sysconfig as s; lib = s.get_config_var('LDLIBRARY') or ''; print(s.get_config_var('LIBDIR') + ':' + lib[3:].split('.so')[0] if s.get_config_var('Py_ENABLE_SHARED') else '')")
if [ -n "$libpython" ]; then
  CASHLESS_LINK_PYTHON="$libpython" cargo test --release --features python
else
  echo "static Python: testing without the python feature (builds polars a second time)"
  cargo test --release
fi

if [ -n "$gates" ]; then
  # A gate, not a test (the doc tests ran above): broken links and bare URLs in the docs.
  # About a minute that a newcomer's first run does not need.
  step "rust docs"
  RUSTDOCFLAGS="-D warnings" cargo doc --release --features python --no-deps
fi

step "the crate without python: no pyo3 in its tree"
if cargo tree -e normal --prefix none | grep -qE '^pyo3'; then
  echo "pyo3 is in the default dependency tree" >&2
  exit 1
fi
if [ -n "$gates" ]; then
  step "the crate without python compiles"
  # A metadata-only build: about 40 s cold, because polars is checked, not compiled.
  cargo check --release --all-targets
fi

step "stub matches the module"
python -m mypy.stubtest cashless._cashless

step "pytest with polars ${POLARS_OLDEST}"
python -m pytest -q tests/python --pyargs cashless

if [ -n "$gates" ]; then
  step "pytest with the newest polars"
  python -m pip install -q --upgrade polars
  python -c "import polars; print('polars', polars.__version__)"
  python -m pytest -q tests/python --pyargs cashless
else
  printf '\nAll tests passed. CI also runs clippy, the docs build, the build without the python feature and pytest\nwith the newest polars: CI=true bash scripts/test.sh\n'
fi
