//! The report's charts, drawn with plotters into static SVG: no script, no web font, so they
//! print and open without a network. plotters escapes every text it writes.
//!
//! Without a font backend plotters estimates text widths; labels are kept short for that.

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

use crate::error::{invalid_argument, Result};

use super::text::Lang;

/// Colour per series, chosen to stay apart in print and for common colour blindness (Okabe–Ito).
const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(120, 120, 120),
];
const BAND: RGBColor = RGBColor(0, 158, 115);
const AVERAGE: RGBColor = RGBColor(213, 94, 0);
const FONT: &str = "sans-serif";

/// The SVG without the characters XML 1.0 forbids (control characters a region name may
/// carry from a bank's file): one of them makes the whole file unreadable.
fn xml_safe(svg: String) -> String {
    if svg.chars().all(allowed_in_xml) {
        return svg;
    }
    svg.chars().filter(|&c| allowed_in_xml(c)).collect()
}

fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

fn fail(e: impl std::fmt::Display) -> crate::error::Error {
    invalid_argument(format!("drawing a chart: {e}"))
}

/// One small chart of the growth figure: yearly growth, the stage average and the target band.
pub(super) struct Panel {
    pub title: String,
    /// Year label and year-on-year growth (a fraction), `None` where it cannot be computed.
    pub years: Vec<(String, Option<f64>)>,
    pub average: Option<f64>,
    pub lo: f64,
    pub hi: Option<f64>,
}

/// Small multiples, two a row: bars of yearly growth, the stage average as a line, the target's
/// lo–hi band shaded (up to the top of the axis when it has no upper bound).
pub(super) fn growth_bands(panels: &[Panel], l: Lang) -> Result<String> {
    let rows = panels.len().div_ceil(2);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, 240 * rows as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        for (area, p) in root.split_evenly((rows, 2)).iter().zip(panels) {
            let values = p.years.iter().filter_map(|y| y.1).chain(p.average);
            let (mut lo, mut hi) = (0.0f64, p.hi.unwrap_or(p.lo));
            for v in values {
                lo = lo.min(v);
                hi = hi.max(v);
            }
            let pad = (hi - lo).max(0.1) * 0.1;
            let (y0, y1) = (lo - if lo < 0.0 { pad } else { 0.0 }, hi + pad);
            let n = p.years.len() as u32;
            let mut chart = ChartBuilder::on(area)
                .caption(&p.title, (FONT, 15))
                .margin(8)
                .x_label_area_size(22)
                .y_label_area_size(52)
                .build_cartesian_2d(segments(n), y0..y1)
                .map_err(fail)?;
            let labels: Vec<String> = p.years.iter().map(|y| y.0.clone()).collect();
            chart
                .configure_mesh()
                .disable_x_mesh()
                .light_line_style(WHITE)
                .y_labels(6)
                .x_label_formatter(&|v| segment_label(v, &labels))
                .y_label_formatter(&|v| l.percent(*v, 0))
                .label_style((FONT, 11))
                .draw()
                .map_err(fail)?;
            let band_top = p.hi.unwrap_or(y1);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [
                        (SegmentValue::Exact(0), p.lo),
                        (SegmentValue::Exact(n), band_top),
                    ],
                    BAND.mix(0.18).filled(),
                )))
                .map_err(fail)?;
            chart
                .draw_series(p.years.iter().enumerate().filter_map(|(i, (_, g))| {
                    let i = i as u32;
                    g.map(|g| {
                        let mut bar = Rectangle::new(
                            [
                                (SegmentValue::Exact(i), 0.0),
                                (SegmentValue::Exact(i + 1), g),
                            ],
                            PALETTE[0].filled(),
                        );
                        bar.set_margin(0, 0, 8, 8);
                        bar
                    })
                }))
                .map_err(fail)?;
            if let Some(avg) = p.average {
                chart
                    .draw_series(LineSeries::new(
                        [(SegmentValue::Exact(0), avg), (SegmentValue::Exact(n), avg)],
                        AVERAGE.stroke_width(2),
                    ))
                    .map_err(fail)?;
            }
        }
        root.present().map_err(fail)?;
    }
    Ok(xml_safe(svg))
}

/// Stacked bars of each channel's share of the value, one bar a year, with a legend row.
pub(super) fn channel_mix(
    years: &[String],
    shares: &[(String, Vec<f64>)],
    l: Lang,
) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, 340)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let (legend, body) = root.split_vertically(34);
        legend_row(&legend, shares.iter().map(|s| s.0.as_str()))?;
        let n = years.len() as u32;
        let mut chart = ChartBuilder::on(&body)
            .margin(8)
            .x_label_area_size(24)
            .y_label_area_size(52)
            .build_cartesian_2d(segments(n), 0.0..1.0)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .x_label_formatter(&|v| segment_label(v, years))
            .y_label_formatter(&|v| l.percent(*v, 0))
            .label_style((FONT, 11))
            .draw()
            .map_err(fail)?;
        for year in 0..years.len() {
            let mut bottom = 0.0;
            for (k, (_, values)) in shares.iter().enumerate() {
                let top = bottom + values[year];
                let i = year as u32;
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), bottom),
                        (SegmentValue::Exact(i + 1), top),
                    ],
                    PALETTE[k % PALETTE.len()].filled(),
                );
                bar.set_margin(0, 0, 10, 10);
                chart.draw_series(std::iter::once(bar)).map_err(fail)?;
                bottom = top;
            }
        }
        root.present().map_err(fail)?;
    }
    Ok(xml_safe(svg))
}

/// Horizontal bars, fastest first, with the target band shaded.
pub(super) fn ranking(
    bars: &[(String, f64)],
    band: Option<(f64, Option<f64>)>,
    l: Lang,
) -> Result<String> {
    let n = bars.len() as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, 60 + 22 * n)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let mut hi = band.map_or(0.0, |b| b.1.unwrap_or(b.0));
        let mut lo = 0.0f64;
        for (_, g) in bars {
            hi = hi.max(*g);
            lo = lo.min(*g);
        }
        let x1 = hi + (hi - lo).max(0.1) * 0.08;
        let names: Vec<String> = bars.iter().rev().map(|b| b.0.clone()).collect();
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(24)
            .y_label_area_size(190)
            .build_cartesian_2d(lo..x1, segments(n))
            .map_err(fail)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .y_labels(n as usize)
            .y_label_formatter(&|v| segment_label(v, &names))
            .x_label_formatter(&|v| l.percent(*v, 0))
            .label_style((FONT, 11))
            .draw()
            .map_err(fail)?;
        if let Some((b_lo, b_hi)) = band {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [
                        (b_lo, SegmentValue::Exact(0)),
                        (b_hi.unwrap_or(x1).min(x1), SegmentValue::Exact(n)),
                    ],
                    BAND.mix(0.18).filled(),
                )))
                .map_err(fail)?;
        }
        // Drawn bottom-up so that the fastest unit is at the top.
        chart
            .draw_series(bars.iter().rev().enumerate().map(|(i, (_, g))| {
                let i = i as u32;
                let below = band.is_some_and(|b| *g < b.0);
                let colour = if below { PALETTE[5] } else { PALETTE[0] };
                let mut bar = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(i)),
                        (*g, SegmentValue::Exact(i + 1)),
                    ],
                    colour.filled(),
                );
                bar.set_margin(3, 3, 0, 0);
                bar
            }))
            .map_err(fail)?;
        root.present().map_err(fail)?;
    }
    Ok(xml_safe(svg))
}

/// `n` equal segments. (plotters' integer ranges include their end, so `0..n` would be n + 1.)
fn segments(
    n: u32,
) -> plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordu32> {
    (0..n.saturating_sub(1)).into_segmented()
}

fn segment_label(v: &SegmentValue<u32>, labels: &[String]) -> String {
    match v {
        SegmentValue::CenterOf(i) => labels.get(*i as usize).cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

fn legend_row<'a>(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    names: impl Iterator<Item = &'a str>,
) -> Result<()> {
    let mut x = 60;
    for (k, name) in names.enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        area.draw(&Rectangle::new([(x, 12), (x + 12, 24)], colour.filled()))
            .map_err(fail)?;
        area.draw(&Text::new(name.to_string(), (x + 16, 12), (FONT, 13)))
            .map_err(fail)?;
        x += 28 + 8 * name.chars().count() as i32;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{ranking, Lang};

    #[test]
    fn a_control_character_in_a_name_leaves_the_svg_valid_xml() {
        // U+0001 from a bank's cell: XML 1.0 has no way to write it, escaped or not.
        let bars = [
            ("Thọ\u{1}Xuân".to_string(), 0.2),
            ("Như Xuân".into(), 0.1),
            ("Sầm Sơn".into(), 0.3),
        ];
        let svg = ranking(&bars, Some((0.2, None)), Lang::Vi).unwrap();
        assert!(!svg.contains('\u{1}'));
        assert!(svg.contains("ThọXuân"), "{svg}");
    }
}
