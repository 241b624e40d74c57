//! The chart of one growth target: yearly growth as bars (the report year, when not whole, as
//! an estimate or a same-period growth, drawn pale), the stage average as a line, the target's
//! band shaded.

use plotters::coord::ranged1d::SegmentValue;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::error::Result;

use super::super::text::Lang;
use super::{
    fail, font_ready, missing_mark, no_data, render, segments, year_labels, Drawn, Figure, Frame,
    Key, Pen, AVERAGE, BAND, FIGURE, LABEL, PALE, SMALL, TARGET,
};

/// One year's bar: its label, its figure (`None` where there is none) and whether the figure
/// is a whole year's.
#[derive(Debug, Clone)]
pub(in crate::report) struct YearBar {
    pub label: String,
    pub value: Option<f64>,
    pub whole: bool,
}

/// The chart of one growth target: yearly growth as bars, the stage average as a line, the
/// target's band shaded.
pub(in crate::report) struct Panel {
    pub title: String,
    pub years: Vec<YearBar>,
    /// The average's legend label ("Bình quân 2021–2025") and value.
    pub average: Option<(String, f64)>,
    pub lo: f64,
    pub hi: Option<f64>,
    /// The target as the plan writes it ("20–25 %/năm").
    pub target: String,
    /// What a bar that is not a whole year's figure is ("2025: ước tính cả năm …").
    pub partial: Option<String>,
}

impl Panel {
    fn frame(&self, l: Lang) -> Frame {
        let mut legend = vec![(
            Key::Fill(FIGURE, 1.0),
            l.pick("Tăng trưởng so với năm trước", "Growth on the year before")
                .to_string(),
        )];
        if let Some(p) = &self.partial {
            legend.push((Key::Fill(FIGURE, PALE), p.clone()));
        }
        if let Some((label, v)) = &self.average {
            legend.push((Key::Line(AVERAGE), format!("{label}: {}", l.percent(*v, 1))));
        }
        legend.push((
            Key::Fill(TARGET, BAND),
            format!("{}: {}", l.pick("Mục tiêu", "Target"), self.target),
        ));
        if self.years.iter().any(|y| y.value.is_none()) {
            legend.push((Key::Missing, no_data(l).to_string()));
        }
        Frame::new(&self.title, legend, &[])
    }
}

struct GrowthChart<'a> {
    panel: &'a Panel,
    frame: Frame,
    lang: Lang,
}

impl Figure for GrowthChart<'_> {
    fn height(&self) -> f64 {
        self.frame.head() + 230.0 + self.frame.foot()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, pen: &Pen) -> Result<()> {
        let (p, l) = (self.panel, self.lang);
        let area = self.frame.draw(root, pen, self.height())?;
        let values = p.years.iter().filter_map(|y| y.value);
        let values = values.chain(p.average.as_ref().map(|a| a.1));
        let (mut lo, mut hi) = (0.0f64, p.hi.unwrap_or(p.lo));
        for v in values {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        // Room above the bars for their labels, and below zero for a fall's.
        let pad = (hi - lo).max(0.1) * 0.14;
        let (y0, y1) = (lo - if lo < 0.0 { pad } else { 0.0 }, hi + pad);
        let n = p.years.len() as u32;
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(pen.px(24.0))
            .y_label_area_size(pen.px(48.0))
            .build_cartesian_2d(segments(n), y0..y1)
            .map_err(fail)?;
        let labels: Vec<String> = p.years.iter().map(|y| y.label.clone()).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .y_labels(6)
            .x_label_formatter(&|_| String::new())
            .y_label_formatter(&|v| l.percent(*v, 0))
            .label_style(pen.font(LABEL))
            .draw()
            .map_err(fail)?;
        year_labels(&mut chart, pen, &labels, y0)?;
        let band = [
            (SegmentValue::Exact(0), p.lo),
            (SegmentValue::Exact(n), p.hi.unwrap_or(y1).min(y1)),
        ];
        chart
            .draw_series([Rectangle::new(band, TARGET.mix(BAND).filled())])
            .map_err(fail)?;
        let bar_margin = pen.px(14.0) as u32;
        for (i, y) in p.years.iter().enumerate() {
            let i = i as u32;
            let Some(g) = y.value else {
                missing_mark(&mut chart, pen, i, (y0, y1), l)?;
                continue;
            };
            let alpha = if y.whole { 1.0 } else { PALE };
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(i), 0.0),
                    (SegmentValue::Exact(i + 1), g),
                ],
                FIGURE.mix(alpha).filled(),
            );
            bar.set_margin(0, 0, bar_margin, bar_margin);
            let (anchor, dy) = if g >= 0.0 {
                (VPos::Bottom, -2.0)
            } else {
                (VPos::Top, 2.0)
            };
            let label = label!(
                pen,
                l.percent(g, 1),
                (SegmentValue::CenterOf(i), g),
                (0.0, dy),
                (SMALL, BLACK),
                (HPos::Center, anchor),
            );
            chart.draw_series([bar]).map_err(fail)?;
            chart.draw_series([label]).map_err(fail)?;
        }
        if let Some((_, avg)) = p.average {
            chart
                .draw_series(LineSeries::new(
                    [(SegmentValue::Exact(0), avg), (SegmentValue::Exact(n), avg)],
                    AVERAGE.stroke_width(pen.px(2.0) as u32),
                ))
                .map_err(fail)?;
        }
        Ok(())
    }
}

/// One growth target's chart.
pub(in crate::report) fn growth_panel(panel: &Panel, l: Lang) -> Result<Drawn> {
    font_ready()?;
    render(&GrowthChart {
        frame: panel.frame(l),
        panel,
        lang: l,
    })
}
