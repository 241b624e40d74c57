//! Units ranked by their stage average growth, those below the target marked.

use plotters::coord::ranged1d::SegmentValue;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::error::Result;

use super::super::text::Lang;
use super::{
    fail, font_ready, no_data, render, segments, text_width, Drawn, Figure, Frame, Key, Pen, BAND,
    BELOW, FIGURE, LABEL, MISSING, SMALL, TARGET, WIDTH,
};

/// Units ranked by a growth figure (fastest first), those below the band marked.
pub(in crate::report) struct Ranking {
    pub title: String,
    /// Unit name and growth (`None` where it cannot be computed).
    pub bars: Vec<(String, Option<f64>)>,
    pub band: Option<(f64, Option<f64>)>,
    /// The band as the plan writes it.
    pub target: Option<String>,
}

struct RankingChart<'a> {
    ranking: &'a Ranking,
    frame: Frame,
    lang: Lang,
    names: f64,
}

impl Figure for RankingChart<'_> {
    fn height(&self) -> f64 {
        self.frame.head() + 36.0 + 17.0 * self.ranking.bars.len() as f64 + self.frame.foot()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, pen: &Pen) -> Result<()> {
        let (r, l) = (self.ranking, self.lang);
        let area = self.frame.draw(root, pen, self.height())?;
        let n = r.bars.len() as u32;
        let mut hi = r.band.map_or(0.0, |b| b.1.unwrap_or(b.0));
        let mut lo = 0.0f64;
        for g in r.bars.iter().filter_map(|b| b.1) {
            hi = hi.max(g);
            lo = lo.min(g);
        }
        // Room at the end of the longest bar for its label.
        let x1 = hi + (hi - lo).max(0.1) * 0.22;
        let x0 = lo
            - if lo < 0.0 {
                (hi - lo).max(0.1) * 0.22
            } else {
                0.0
            };
        let names: Vec<String> = r.bars.iter().rev().map(|b| b.0.clone()).collect();
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(pen.px(24.0))
            .y_label_area_size(pen.px(self.names))
            .build_cartesian_2d(x0..x1, segments(n))
            .map_err(fail)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .y_labels(n as usize)
            .x_labels(6)
            .y_label_formatter(&|_| String::new())
            .x_label_formatter(&|v| l.percent(*v, 0))
            .label_style(pen.font(LABEL))
            .draw()
            .map_err(fail)?;
        for (i, name) in names.iter().enumerate() {
            let at = (x0, SegmentValue::CenterOf(i as u32));
            let label = label!(
                pen,
                name.clone(),
                at,
                (-8.0, 0.0),
                (LABEL, BLACK),
                (HPos::Right, VPos::Center)
            );
            chart.draw_series([label]).map_err(fail)?;
        }
        if let Some((b_lo, b_hi)) = r.band {
            let band = [
                (b_lo, SegmentValue::Exact(0)),
                (b_hi.unwrap_or(x1).min(x1), SegmentValue::Exact(n)),
            ];
            chart
                .draw_series([Rectangle::new(band, TARGET.mix(BAND).filled())])
                .map_err(fail)?;
        }
        // Drawn bottom-up so that the fastest unit is at the top.
        for (i, (_, g)) in r.bars.iter().rev().enumerate() {
            let i = i as u32;
            let at = SegmentValue::CenterOf(i);
            let Some(g) = *g else {
                let text = no_data(l).to_string();
                let label = label!(
                    pen,
                    text,
                    (0.0, at),
                    (4.0, 0.0),
                    (SMALL, MISSING),
                    (HPos::Left, VPos::Center)
                );
                chart.draw_series([label]).map_err(fail)?;
                continue;
            };
            let below = r.band.is_some_and(|b| g < b.0);
            let colour = if below { BELOW } else { FIGURE };
            let mut bar = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(i)),
                    (g, SegmentValue::Exact(i + 1)),
                ],
                colour.filled(),
            );
            let m = pen.px(3.0) as u32;
            bar.set_margin(m, m, 0, 0);
            let (h, dx) = if g >= 0.0 {
                (HPos::Left, 4.0)
            } else {
                (HPos::Right, -4.0)
            };
            let label = label!(
                pen,
                l.percent(g, 1),
                (g, at),
                (dx, 0.0),
                (SMALL, BLACK),
                (h, VPos::Center)
            );
            chart.draw_series([bar]).map_err(fail)?;
            chart.draw_series([label]).map_err(fail)?;
        }
        Ok(())
    }
}

/// The ranking's chart.
pub(in crate::report) fn ranking(r: &Ranking, l: Lang) -> Result<Drawn> {
    font_ready()?;
    let mut legend = vec![(
        Key::Fill(FIGURE, 1.0),
        l.pick("Tăng trưởng bình quân", "Average growth")
            .to_string(),
    )];
    if let Some(target) = &r.target {
        legend.push((
            Key::Fill(BELOW, 1.0),
            l.pick("Dưới mục tiêu", "Below the target").to_string(),
        ));
        legend.push((
            Key::Fill(TARGET, BAND),
            format!("{}: {target}", l.pick("Mục tiêu", "Target")),
        ));
    }
    // Names keep their room up to a third of the width; a longer one is cut by the frame.
    let names = r
        .bars
        .iter()
        .map(|b| text_width(&b.0, LABEL))
        .fold(40.0f64, f64::max)
        .min(f64::from(WIDTH) / 3.0)
        + 10.0;
    render(&RankingChart {
        frame: Frame::new(&r.title, legend, &[]),
        ranking: r,
        lang: l,
        names,
    })
}
