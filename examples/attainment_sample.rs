//! The verdicts of a built-in catalogue on the built-in sample:
//! `cargo run --release --example attainment_sample -- thanh-hoa-106-2022 2025`.
use cashless::{attainment, sample, AttainmentOptions, Catalogue};

fn main() -> cashless::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let id = args.get(1).map_or("thanh-hoa-106-2022", String::as_str);
    let year = args.get(2).map_or(Ok(2025), |a| a.parse()).unwrap_or(2025);
    let catalogue = Catalogue::load(id)?;
    let options = AttainmentOptions {
        year,
        regions: Some(sample::sample_regions()),
        ..Default::default()
    };
    let tx = cashless::sample_data()?;
    let indicators = sample::sample_indicators()?;
    let verdicts = attainment(&tx, Some(&indicators), &catalogue, &options)?;
    let height = verdicts.height();
    let column = |name: &str| {
        verdicts
            .column(name)
            .map(|c| c.as_materialized_series().clone())
    };
    let (id, region, status, actual, note) = (
        column("target_id")?,
        column("region_code")?,
        column("status")?,
        column("actual")?,
        column("note")?,
    );
    for i in 0..height {
        println!(
            "{:<28} {:<7} {:<20} {:<10} {}",
            id.get(i)?.get_str().unwrap_or_default(),
            region.get(i)?.get_str().unwrap_or_default(),
            status.get(i)?.get_str().unwrap_or_default(),
            actual
                .f64()?
                .get(i)
                .map_or("-".into(), |a| format!("{:.4}", a)),
            note.get(i)?.get_str().unwrap_or_default(),
        );
    }
    Ok(())
}
