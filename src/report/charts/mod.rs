//! The report's charts, each drawn once by plotters onto two backends: static SVG for the page
//! (no script, no web font, so it prints and opens without a network) and PNG at print
//! resolution for Word and for the Office versions that cannot place SVG.
//!
//! Every chart carries its title, its legend and its unit inside the file, so a chart copied
//! alone into another document still says what it shows. Text is measured and drawn with one
//! embedded font (DejaVu Sans cut down to Latin and Vietnamese, `fonts/`), so the PNG is the
//! same on every machine. Colours keep one meaning across all charts (see [`FIGURE`] and
//! [`channel_colour`]).

use std::sync::OnceLock;

use plotters::coord::ranged1d::SegmentValue;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontDesc, FontStyle};

/// A text at a point of a chart, moved by a pixel offset, drawn outside the plot too (for the
/// axes' labels): `label!(pen, text, at, (dx, dy), (size, colour), (h, v))`.
macro_rules! label {
    ($pen:expr, $text:expr, $at:expr, $offset:expr, $look:expr, $anchor:expr $(,)?) => {{
        let (offset, style) = $pen.label_style($offset, $look, $anchor);
        EmptyElement::at($at) + Text::new($text, offset, style)
    }};
}

use crate::channels::Channel;
use crate::error::{invalid_argument, Result};
use crate::lang::say;

use super::text::Lang;

mod growth;
mod mix;
mod ranking;

pub(super) use growth::{growth_panel, Panel, YearBar};
pub(super) use mix::{channel_mix, Mix};
pub(super) use ranking::{ranking, Ranking};

/// A growth figure of a whole year.
const FIGURE: RGBColor = RGBColor(0, 114, 178);
/// A figure below its target.
const BELOW: RGBColor = RGBColor(213, 94, 0);
/// A target's band, drawn pale.
const TARGET: RGBColor = RGBColor(0, 158, 115);
/// The stage average.
const AVERAGE: RGBColor = RGBColor(0, 0, 0);
/// Where a figure is missing.
const MISSING: RGBColor = RGBColor(110, 110, 110);
/// The notes under a chart.
const NOTE: RGBColor = RGBColor(51, 51, 51);
/// How strongly a figure that is not a whole year's (an estimate, a same-period growth) and the
/// target band are drawn.
const PALE: f64 = 0.4;
const BAND: f64 = 0.2;

/// A channel's colour in the channel mix, apart from the colours above (Okabe–Ito's remaining
/// colours and Paul Tol's muted ones: distinct in print and for common colour blindness).
pub(super) fn channel_colour(c: Channel) -> RGBColor {
    match c {
        Channel::Internet => RGBColor(86, 180, 233),
        Channel::Mobile => RGBColor(230, 159, 0),
        Channel::Pos => RGBColor(204, 121, 167),
        Channel::MobileMoney => RGBColor(240, 228, 66),
        Channel::Other => RGBColor(153, 153, 51),
        Channel::Qr => RGBColor(51, 34, 136),
        Channel::Atm => RGBColor(136, 34, 85),
        Channel::Ewallet => RGBColor(68, 170, 153),
        Channel::Card => RGBColor(102, 51, 0),
        Channel::All => RGBColor(221, 204, 119),
    }
}

/// Width of every chart in CSS pixels: a phone (about 360 px of text width) shows the 12 px
/// labels at 9 px; printed 12 cm wide (two side by side in the Word annex) they are 11 px.
const WIDTH: u32 = 480;
/// PNG pixels per CSS pixel: 288 dpi where the chart is printed at its own size.
const PNG_SCALE: f64 = 3.0;
const FONT: &str = "sans-serif";
/// plotters' font size is a line height: 1.24 times the em that SVG's `font-size` is.
const EM: f64 = 1.24;
/// Text sizes, in CSS pixels (none below 12, so at least 11 at print size).
const TITLE: f64 = 15.0;
const LABEL: f64 = 12.0;
const SMALL: f64 = 12.0;
const MARGIN: f64 = 12.0;

/// A chart as the report keeps it: the SVG for the page, the PNG for documents.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Drawn {
    pub svg: String,
    pub png: Vec<u8>,
}

impl Drawn {
    /// The report's chart `name` captioned `title`.
    pub(super) fn chart(self, name: &str, title: String) -> super::model::Chart {
        super::model::Chart {
            name: name.to_string(),
            title,
            svg: self.svg,
            png: self.png,
        }
    }
}

fn fail(e: impl std::fmt::Display) -> crate::error::Error {
    invalid_argument(say!(
        format!("không vẽ được biểu đồ: {e}"),
        format!("drawing a chart: {e}"),
    ))
}

/// The embedded font, registered once for plotters' text measuring and drawing.
fn font_ready() -> Result<()> {
    static READY: OnceLock<bool> = OnceLock::new();
    let ok = *READY.get_or_init(|| {
        let bytes = include_bytes!("fonts/DejaVuSans-subset.ttf");
        register_font(FONT, FontStyle::Normal, bytes).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(fail("font"))
    }
}

/// Sizes in CSS pixels turned into the backend's pixels.
struct Pen {
    scale: f64,
    raster: bool,
}

impl Pen {
    fn px(&self, v: f64) -> i32 {
        (v * self.scale).round() as i32
    }

    /// How far down text must be moved on the bitmap to sit where the SVG puts it: plotters'
    /// glyph drawing puts the baseline half an em below the anchor where SVG puts it 0.76 em
    /// (top), 0.5 ex (centre) or -0.5 ex (bottom) from it.
    fn lift(&self, size: f64, v: VPos) -> i32 {
        if !self.raster {
            return 0;
        }
        let em = match v {
            VPos::Top => 0.26,
            VPos::Center => 0.17,
            VPos::Bottom => 0.03,
        };
        self.px(size * em)
    }

    /// The style and pixel offset of a label at `size` in `colour`, anchored at `h`/`v` and
    /// moved `(dx, dy)` CSS pixels (see [`label!`]).
    fn label_style(
        &self,
        (dx, dy): (f64, f64),
        (size, colour): (f64, RGBColor),
        (h, v): (HPos, VPos),
    ) -> ((i32, i32), TextStyle<'static>) {
        let style = self.font(size).color(&colour).pos(Pos::new(h, v));
        ((self.px(dx), self.px(dy) + self.lift(size, v)), style)
    }

    /// The font at `size` CSS pixels to the em (plotters' sizes are line heights, 1.24 em).
    fn font(&self, size: f64) -> FontDesc<'static> {
        (FONT, size * EM * self.scale).into_font()
    }
}

/// The width of `text` in CSS pixels at `size`.
fn text_width(text: &str, size: f64) -> f64 {
    (FONT, size * EM)
        .into_font()
        .box_size(text)
        .map_or(text.chars().count() as f64 * size * 0.6, |b| f64::from(b.0))
}

/// `text` broken into lines no wider than `width` CSS pixels, at word boundaries.
fn wrap(text: &str, size: f64, width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, size) > width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// What a legend entry looks like.
#[derive(Debug, Clone, Copy)]
enum Key {
    Fill(RGBColor, f64),
    Line(RGBColor),
    Missing,
}

/// A chart's frame: title and legend above the plot, notes below it.
struct Frame {
    title: Vec<String>,
    legend: Vec<Vec<(Key, String)>>,
    notes: Vec<String>,
}

/// A legend key's size, and the line heights of the title, the legend and the notes.
const KEY: f64 = 14.0;
const TITLE_LINE: f64 = 21.0;
const LINE: f64 = 19.0;
const NOTE_LINE: f64 = 17.0;

/// The width a legend entry takes: its key, its label and the space after it.
fn entry_width(label: &str) -> f64 {
    KEY + 6.0 + text_width(label, LABEL) + 16.0
}

impl Frame {
    fn new(title: &str, legend: Vec<(Key, String)>, notes: &[String]) -> Frame {
        let room = f64::from(WIDTH) - 2.0 * MARGIN;
        // The legend's entries in rows no wider than the chart.
        let (mut rows, mut row) = (Vec::new(), Vec::new());
        let mut x = 0.0;
        for (key, label) in legend {
            let w = entry_width(&label);
            if !row.is_empty() && x + w > room {
                rows.push(std::mem::take(&mut row));
                x = 0.0;
            }
            x += w;
            row.push((key, label));
        }
        if !row.is_empty() {
            rows.push(row);
        }
        Frame {
            title: wrap(title, TITLE, room),
            legend: rows,
            notes: notes.iter().flat_map(|n| wrap(n, SMALL, room)).collect(),
        }
    }

    fn head(&self) -> f64 {
        MARGIN + self.title.len() as f64 * TITLE_LINE + 4.0 + self.legend.len() as f64 * LINE + 4.0
    }

    fn foot(&self) -> f64 {
        self.notes.len() as f64 * NOTE_LINE + MARGIN
    }

    /// Draws the frame and returns the area left for the plot.
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        pen: &Pen,
        height: f64,
    ) -> Result<DrawingArea<DB, Shift>> {
        let left = pen.px(MARGIN);
        let top = VPos::Top;
        let mut y = MARGIN;
        for line in &self.title {
            let style = pen.font(TITLE).color(&BLACK).pos(Pos::new(HPos::Left, top));
            root.draw_text(line, &style, (left, pen.px(y) + pen.lift(TITLE, top)))
                .map_err(fail)?;
            y += TITLE_LINE;
        }
        y += 4.0;
        for row in &self.legend {
            let mut x = MARGIN;
            for (key, label) in row {
                let (x0, y0, x1, y1) =
                    (pen.px(x), pen.px(y + 1.0), pen.px(x + KEY), pen.px(y + KEY));
                match *key {
                    Key::Fill(c, alpha) => {
                        root.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.mix(alpha).filled()))
                    }
                    Key::Line(c) => {
                        let mid = pen.px(y + KEY / 2.0);
                        root.draw(&PathElement::new(
                            vec![(x0, mid), (x1, mid)],
                            c.stroke_width(pen.px(2.0) as u32),
                        ))
                    }
                    Key::Missing => root.draw(&Rectangle::new(
                        [(x0, y0), (x1, y1)],
                        MISSING.stroke_width(pen.px(1.0) as u32),
                    )),
                }
                .map_err(fail)?;
                let style = pen.font(LABEL).color(&BLACK).pos(Pos::new(HPos::Left, top));
                let at = (pen.px(x + KEY + 6.0), pen.px(y) + pen.lift(LABEL, top));
                root.draw_text(label, &style, at).map_err(fail)?;
                x += entry_width(label);
            }
            y += LINE;
        }
        let mut y = height - self.foot() + 4.0;
        for line in &self.notes {
            let style = pen.font(SMALL).color(&NOTE).pos(Pos::new(HPos::Left, top));
            root.draw_text(line, &style, (left, pen.px(y) + pen.lift(SMALL, top)))
                .map_err(fail)?;
            y += NOTE_LINE;
        }
        let plot = root.margin(
            pen.px(self.head()),
            pen.px(self.foot()),
            pen.px(MARGIN / 2.0),
            pen.px(MARGIN),
        );
        Ok(plot)
    }
}

/// A chart that can be drawn at any scale.
trait Figure {
    /// Height in CSS pixels.
    fn height(&self) -> f64;
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, pen: &Pen) -> Result<()>;
}

/// `figure` as SVG and as PNG.
fn render(figure: &impl Figure) -> Result<Drawn> {
    font_ready()?;
    let h = figure.height().ceil() as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, h)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        figure.draw(
            &root,
            &Pen {
                scale: 1.0,
                raster: false,
            },
        )?;
        root.present().map_err(fail)?;
    }
    let (w, h) = (
        (f64::from(WIDTH) * PNG_SCALE) as u32,
        (f64::from(h) * PNG_SCALE) as u32,
    );
    let mut rgb = vec![0u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        figure.draw(
            &root,
            &Pen {
                scale: PNG_SCALE,
                raster: true,
            },
        )?;
        root.present().map_err(fail)?;
    }
    Ok(Drawn {
        svg: xml_safe(svg),
        png: encode_png(&rgb, w, h)?,
    })
}

/// An RGB buffer as PNG, with its resolution (so that a reader places it at its CSS size).
fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::High);
    let per_metre = (96.0 * PNG_SCALE / 0.0254).round() as u32;
    enc.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = enc.write_header().map_err(fail)?;
    writer.write_image_data(rgb).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(out)
}

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

fn no_data(l: Lang) -> &'static str {
    l.pick("Không có số liệu", "No data")
}

/// A grey outline and "no data" where a year's figure is missing, so that it cannot be read
/// as a growth of 0 %.
fn missing_mark<DB: DrawingBackend>(
    chart: &mut ChartContext<DB, Cartesian2d<SegCoord, plotters::coord::types::RangedCoordf64>>,
    pen: &Pen,
    i: u32,
    (y0, y1): (f64, f64),
    l: Lang,
) -> Result<()> {
    let base = y0.max(0.0);
    let top = (base + y1) / 2.0;
    let mut frame = Rectangle::new(
        [
            (SegmentValue::Exact(i), base),
            (SegmentValue::Exact(i + 1), top),
        ],
        MISSING.stroke_width(pen.px(1.0) as u32),
    );
    let m = pen.px(14.0) as u32;
    frame.set_margin(0, 0, m, m);
    chart.draw_series([frame]).map_err(fail)?;
    let at = (SegmentValue::CenterOf(i), (base + top) / 2.0);
    for (text, v) in [
        (l.pick("không có", "no"), VPos::Bottom),
        (l.pick("số liệu", "data"), VPos::Top),
    ] {
        let label = label!(
            pen,
            text.to_string(),
            at.clone(),
            (0.0, 0.0),
            (SMALL, MISSING),
            (HPos::Center, v)
        );
        chart.draw_series([label]).map_err(fail)?;
    }
    Ok(())
}

type SegCoord = plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordu32>;

/// `n` equal segments. (plotters' integer ranges include their end, so `0..n` would be n + 1.)
fn segments(n: u32) -> SegCoord {
    (0..n.saturating_sub(1)).into_segmented()
}

/// The years under their bars (drawn here rather than by the mesh so that the bitmap places
/// them where the SVG does; see [`Pen::lift`]).
fn year_labels<DB: DrawingBackend>(
    chart: &mut ChartContext<DB, Cartesian2d<SegCoord, plotters::coord::types::RangedCoordf64>>,
    pen: &Pen,
    labels: &[String],
    y0: f64,
) -> Result<()> {
    for (i, text) in labels.iter().enumerate() {
        let at = (SegmentValue::CenterOf(i as u32), y0);
        let label = label!(
            pen,
            text.clone(),
            at,
            (0.0, 7.0),
            (LABEL, BLACK),
            (HPos::Center, VPos::Top)
        );
        chart.draw_series([label]).map_err(fail)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_ranking() -> Ranking {
        Ranking {
            title: "Tăng trưởng bình quân giá trị TTKDTM theo huyện".into(),
            bars: vec![
                ("Sầm Sơn".into(), Some(0.3)),
                ("Thọ\u{1}Xuân".into(), Some(0.2)),
                ("Như Xuân".into(), Some(0.1)),
                ("Mường Lát".into(), None),
            ],
            band: Some((0.2, None)),
            target: Some("≥ 20 %/năm".into()),
        }
    }

    #[test]
    fn a_control_character_in_a_name_leaves_the_svg_valid_xml() {
        // U+0001 from a bank's cell: XML 1.0 has no way to write it, escaped or not.
        let svg = ranking(&sample_ranking(), Lang::Vi).unwrap().svg;
        assert!(!svg.contains('\u{1}'));
        assert!(svg.contains("ThọXuân"), "{svg}");
    }

    #[test]
    fn the_chart_says_what_it_shows_and_marks_what_is_missing() {
        let svg = ranking(&sample_ranking(), Lang::Vi).unwrap().svg;
        for text in [
            "Tăng trưởng bình quân giá trị TTKDTM theo huyện",
            "Dưới mục tiêu",
            "Mục tiêu: ≥ 20 %/năm",
            "Không có số liệu",
            "30,0 %",
        ] {
            assert!(svg.contains(text), "{text} missing");
        }
    }

    #[test]
    fn no_text_is_smaller_than_twelve_pixels() {
        let svg = ranking(&sample_ranking(), Lang::En).unwrap().svg;
        let sizes: Vec<f64> = svg
            .split("font-size=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().parse().unwrap())
            .collect();
        assert!(sizes.len() > 10);
        assert!(sizes.iter().all(|&s| s >= 12.0), "{sizes:?}");
    }

    #[test]
    fn a_missing_year_is_marked_not_drawn_as_zero() {
        let bar = |label: &str, value, whole| YearBar {
            label: label.into(),
            value,
            whole,
        };
        let panel = Panel {
            title: "Tăng trưởng giá trị – Tổng TTKDTM".into(),
            years: vec![
                bar("2021", Some(0.25), true),
                bar("2022", None, true),
                bar("2023 (10 th)", Some(0.1), false),
            ],
            average: Some(("Bình quân 2021–2023".into(), 0.2)),
            lo: 0.2,
            hi: Some(0.25),
            target: "20–25 %/năm".into(),
            partial: Some("2023: 10 tháng so với cùng kỳ".into()),
        };
        let svg = growth_panel(&panel, Lang::Vi).unwrap().svg;
        for text in [
            ">\nkhông có\n<",
            ">\nsố liệu\n<",
            ">\nKhông có số liệu\n<",
            ">\n25,0 %\n<",
            ">\n10,0 %\n<",
            ">\nBình quân 2021–2023: 20,0 %\n<",
            ">\nMục tiêu: 20–25 %/năm\n<",
            ">\n2023: 10 tháng so với cùng kỳ\n<",
        ] {
            assert!(svg.contains(text), "{text}");
        }
        // Two bars and the missing year's outline: no bar of height 0 stands for 2022.
        let bars = svg.matches(r##"fill="#0072B2" stroke="none""##).count();
        assert_eq!(bars, 2 + 2); // the two bars and the two legend keys
    }

    #[test]
    fn every_colour_has_one_meaning() {
        let mut colours = vec![FIGURE, BELOW, TARGET, AVERAGE, MISSING, NOTE];
        colours.extend(
            crate::channels::ALL_CHANNELS
                .iter()
                .map(|&c| channel_colour(c)),
        );
        let mut seen = colours.clone();
        seen.sort_by_key(|c| (c.0, c.1, c.2));
        seen.dedup();
        assert_eq!(seen.len(), colours.len());
    }

    #[test]
    fn the_png_is_the_chart_at_print_resolution() {
        let drawn = ranking(&sample_ranking(), Lang::Vi).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&drawn.png));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!(info.width, 3 * WIDTH);
        let dims = info.pixel_dims.unwrap();
        // 288 dots an inch = 11,339 a metre.
        assert_eq!(dims.xppu, 11_339);
        assert_eq!(drawn, ranking(&sample_ranking(), Lang::Vi).unwrap());
    }
}
