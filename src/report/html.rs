//! HTML and Markdown, rendered with minijinja from the report model.
//!
//! HTML templates autoescape every value; the only values marked safe are the CSS (ours) and
//! the SVG charts (plotters escapes their text). Markdown has no escaping of its own, so a
//! filter escapes what Markdown or embedded HTML would interpret.

use minijinja::{context, Environment};
use serde::Serialize;

use crate::error::{invalid_argument, Result};

use super::model::{Cell, Section};
use super::{chart_file, Report};

const PAGE: &str = include_str!("templates/report.html");
const BODY: &str = include_str!("templates/body.html");
const MARKDOWN: &str = include_str!("templates/report.md");
const CSS: &str = include_str!("templates/report.css");
const TABLE: &str = include_str!("templates/table.html");

#[derive(Serialize)]
struct CellView {
    text: String,
    class: &'static str,
}

#[derive(Serialize)]
struct TableView {
    title: String,
    columns: Vec<String>,
    /// Right-align the column in Markdown: every non-empty cell is a figure.
    numeric: Vec<bool>,
    rows: Vec<Vec<CellView>>,
}

#[derive(Serialize)]
struct ChartView {
    title: String,
    svg: String,
    file: String,
}

#[derive(Serialize)]
struct SectionView {
    id: &'static str,
    title: String,
    paragraphs: Vec<String>,
    tables: Vec<TableView>,
    charts: Vec<ChartView>,
}

fn view(report: &Report, s: &Section) -> SectionView {
    let stem = report.file_stem();
    SectionView {
        id: s.id,
        title: s.title.clone(),
        paragraphs: s.paragraphs.clone(),
        tables: s
            .tables
            .iter()
            .map(|t| TableView {
                title: t.title.clone(),
                columns: t.columns.clone(),
                numeric: (0..t.columns.len())
                    .map(|i| {
                        t.rows
                            .iter()
                            .all(|r| matches!(r[i], Cell::Empty) || r[i].class() == "num")
                            && t.rows.iter().any(|r| r[i].class() == "num")
                    })
                    .collect(),
                rows: t
                    .rows
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|c| CellView {
                                text: c.display(report.lang),
                                class: c.class(),
                            })
                            .collect()
                    })
                    .collect(),
            })
            .collect(),
        charts: s
            .charts
            .iter()
            .map(|c| ChartView {
                title: c.title.clone(),
                svg: c.svg.clone(),
                file: chart_file(&stem, c, "png"),
            })
            .collect(),
    }
}

fn render(name: &str, source: &str, report: &Report, extra: minijinja::Value) -> Result<String> {
    let mut env = Environment::new();
    env.add_filter("md", markdown_escape);
    // The templates are the library's own: one that does not load is a bug, not the input's.
    let broken = |name: &str, e: minijinja::Error| {
        crate::error::Error::Internal(
            crate::say!(
                format!("mẫu báo cáo {name} lỗi: {e}"),
                format!("report template {name}: {e}"),
            )
            .to_string(),
        )
    };
    env.add_template("table.html", TABLE)
        .map_err(|e| broken("table.html", e))?;
    env.add_template(name, source)
        .map_err(|e| broken(name, e))?;
    let sections: Vec<SectionView> = report.sections.iter().map(|s| view(report, s)).collect();
    let ctx = context! {
        lang => report.lang.code(),
        title => &report.title,
        subtitle => &report.subtitle,
        banner => &report.banner,
        sections => minijinja::Value::from(minijinja::value::Serde(&sections)),
        ..extra
    };
    env.get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(|e| broken(name, e))
}

/// The report's body with its style: what Jupyter shows, and the inside of the page.
pub(super) fn fragment(report: &Report) -> Result<String> {
    let body = render("body.html", BODY, report, context! {})?;
    Ok(format!("<style>\n{CSS}</style>\n{body}"))
}

/// One table of the report with its style, formatted as the report prints it (counts with
/// separators, growth as percentages, in the report's language): what a notebook shows.
pub(super) fn table_fragment(report: &Report, section: &str, index: usize) -> Result<String> {
    let s = report
        .sections
        .iter()
        .find(|s| s.id == section)
        .ok_or_else(|| no_table(section, index))?;
    let t = view(report, s)
        .tables
        .into_iter()
        .nth(index)
        .ok_or_else(|| no_table(section, index))?;
    let body = render(
        "one-table.html",
        "<div class=\"cashless-report\">{% include \"table.html\" %}</div>",
        report,
        context! { t => minijinja::Value::from(minijinja::value::Serde(&t)) },
    )?;
    Ok(format!("<style>\n{CSS}</style>\n{body}"))
}

fn no_table(section: &str, index: usize) -> crate::Error {
    invalid_argument(crate::say!(
        format!("mục {section:?} không có bảng số {index}"),
        format!("no table {index} in section {section:?}"),
    ))
}

pub(super) fn page(report: &Report) -> Result<String> {
    let body = render("body.html", BODY, report, context! {})?;
    render(
        "report.html",
        PAGE,
        report,
        context! { css => CSS, body => body },
    )
}

pub(super) fn markdown(report: &Report) -> Result<String> {
    let text = render("report.md", MARKDOWN, report, context! {})?;
    // Template control lines leave runs of blank lines; one is enough in Markdown.
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        blank = if line.trim().is_empty() { blank + 1 } else { 0 };
        if blank <= 1 {
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    Ok(out)
}

/// Escapes what Markdown (or HTML inside it) would read as markup, and keeps a cell on one line.
///
/// `<script>` becomes `&lt;script&gt;`, `a|b` becomes `a\|b`, `*x*` stays literal.
fn markdown_escape(text: String) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::markdown_escape;

    #[test]
    fn markdown_is_inert() {
        assert_eq!(
            markdown_escape("<script>alert(1)</script>".into()),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            markdown_escape("a|b *c* [d](e)".into()),
            "a\\|b \\*c\\* \\[d\\](e)"
        );
    }
}
