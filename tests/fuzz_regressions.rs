//! Replays what the fuzzers found (`scripts/fuzz.sh` keeps each finding, once fixed, as a file
//! under `tests/fuzz_regressions/<target>/`), through the same harness the fuzz targets run.

#[path = "../fuzz/harness.rs"]
mod harness;

#[test]
fn every_kept_finding_passes_its_target() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut replayed = 0;
    for (name, target) in harness::TARGETS {
        let Ok(files) = std::fs::read_dir(root.join(name)) else {
            continue;
        };
        let mut files: Vec<_> = files.map(|f| f.unwrap().path()).collect();
        files.sort();
        for f in files {
            let data = std::fs::read(&f).unwrap();
            let outcome = std::panic::catch_unwind(|| target(&data));
            assert!(outcome.is_ok(), "{name}: {} fails again", f.display());
            replayed += 1;
        }
    }
    eprintln!("{replayed} fuzz findings replayed");
}

/// The harness itself on inputs written by hand, so that it cannot pass by doing nothing.
#[test]
fn the_harness_checks_what_it_claims() {
    harness::numbers(b"1.234,5");
    harness::csv(
        "Mã đơn vị,Kỳ,Kênh,Số lượng (món),Giá trị (đồng)\n380,T5/2023,QR,1,1000\n".as_bytes(),
    );
    harness::transactions(b"timestamp,channel,amount,region_code\n2024-01-15,pos,1000,38\n");
    harness::catalogue(b"id = 1");
    harness::xlsx(b"PK\x03\x04 not a zip");
}
