//! The channel mix: each channel's share of the value, year by year.

use plotters::coord::ranged1d::SegmentValue;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::Result;

use super::super::text::Lang;
use crate::channels::Channel;

use super::{
    channel_colour, fail, font_ready, missing_mark, render, segments, year_labels, Drawn, Figure,
    Frame, Key, Pen, LABEL,
};

/// The channel mix: per year, a stacked bar of the channels that add up to the total, and
/// beside it a thin bar for each channel that overlaps them (QR, ATM, e-wallet, cards), each as
/// a share of the same total. Shares are `None` where the year has no total.
pub(in crate::report) struct Mix {
    pub title: String,
    pub years: Vec<String>,
    pub stacked: Vec<(Channel, String, Vec<Option<f64>>)>,
    pub beside: Vec<(Channel, String, Vec<Option<f64>>)>,
}

struct MixChart<'a> {
    mix: &'a Mix,
    frame: Frame,
    lang: Lang,
}

impl Figure for MixChart<'_> {
    fn height(&self) -> f64 {
        self.frame.head() + 250.0 + self.frame.foot()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, pen: &Pen) -> Result<()> {
        let (m, l) = (self.mix, self.lang);
        let area = self.frame.draw(root, pen, self.height())?;
        let n = m.years.len() as u32;
        let top = m
            .beside
            .iter()
            .flat_map(|s| s.2.iter().flatten())
            .fold(1.0f64, |a, &b| a.max(b));
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(pen.px(24.0))
            .y_label_area_size(pen.px(48.0))
            .build_cartesian_2d(segments(n), 0.0..top * 1.02)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .x_label_formatter(&|_| String::new())
            .y_label_formatter(&|v| l.percent(*v, 0))
            .label_style(pen.font(LABEL))
            .draw()
            .map_err(fail)?;
        year_labels(&mut chart, pen, &m.years, 0.0)?;
        let seg = chart.plotting_area().dim_in_pixel().0 / n.max(1);
        let gap = pen.px(6.0) as u32;
        // The stacked bar takes the left half of a year; the overlapping channels share the rest.
        let half = seg / 2;
        let thin = (seg - half - gap) / (m.beside.len() as u32).max(1);
        for year in 0..m.years.len() {
            let i = year as u32;
            if m.stacked.iter().all(|s| s.2[year].is_none()) {
                missing_mark(&mut chart, pen, i, (0.0, top), l)?;
                continue;
            }
            let mut bottom = 0.0;
            for (c, _, shares) in &m.stacked {
                let top = bottom + shares[year].unwrap_or(0.0);
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), bottom),
                        (SegmentValue::Exact(i + 1), top),
                    ],
                    channel_colour(*c).filled(),
                );
                bar.set_margin(0, 0, gap, seg - half);
                chart.draw_series([bar]).map_err(fail)?;
                bottom = top;
            }
            for (k, (c, _, shares)) in m.beside.iter().enumerate() {
                let left = half + k as u32 * thin;
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0.0),
                        (SegmentValue::Exact(i + 1), shares[year].unwrap_or(0.0)),
                    ],
                    channel_colour(*c).filled(),
                );
                bar.set_margin(0, 0, left + 1, seg.saturating_sub(left + thin) + 1);
                chart.draw_series([bar]).map_err(fail)?;
            }
        }
        Ok(())
    }
}

/// The channel mix's chart.
pub(in crate::report) fn channel_mix(mix: &Mix, l: Lang) -> Result<Drawn> {
    font_ready()?;
    let mut legend: Vec<(Key, String)> = mix
        .stacked
        .iter()
        .map(|(c, name, _)| (Key::Fill(channel_colour(*c), 1.0), name.clone()))
        .collect();
    legend.extend(
        mix.beside
            .iter()
            .map(|(c, name, _)| (Key::Fill(channel_colour(*c), 1.0), format!("{name} *"))),
    );
    let mut notes = vec![l
        .pick(
            "Cột chồng: tỷ trọng giá trị của các kênh cộng thành tổng (100 %).",
            "Stacked bar: the value's share of the channels that add up to the total (100 %).",
        )
        .to_string()];
    if !mix.beside.is_empty() {
        notes.push(
            l.pick(
                "* Cột mảnh bên phải: kênh trùng với các kênh trên (đã tính trong cột chồng), tỷ trọng so với cùng tổng.",
                "* Thin bars on the right: channels that overlap those above (already in the stacked bar), as a share of the same total.",
            )
            .to_string(),
        );
    }
    render(&MixChart {
        frame: Frame::new(&mix.title, legend, &notes),
        mix,
        lang: l,
    })
}
