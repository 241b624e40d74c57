//! Links libpython into this crate's own test binaries, and only when the test script asks.
//!
//! The extension module must not link libpython (the interpreter provides its symbols), so
//! maturin builds with `PYO3_BUILD_EXTENSION_MODULE=1`. Rust tests of the `python` feature are
//! executables and need those symbols. Switching pyo3's mode would rebuild pyo3 and, through
//! pyo3-polars, all of polars; adding libpython here touches nothing but this crate.
//! `CASHLESS_LINK_PYTHON=<libdir>:<name>` (for example `/usr/lib:python3.11`) is set by
//! `scripts/test.sh` for `cargo test` only.

fn main() {
    println!("cargo:rerun-if-env-changed=CASHLESS_LINK_PYTHON");
    if std::env::var_os("CARGO_FEATURE_PYTHON").is_none() {
        return;
    }
    if let Ok(spec) = std::env::var("CASHLESS_LINK_PYTHON")
        && let Some((dir, name)) = spec.rsplit_once(':')
    {
        println!("cargo:rustc-link-search=native={dir}");
        println!("cargo:rustc-link-lib=dylib={name}");
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
    }
}
