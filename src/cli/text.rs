//! Plain-text tables for the terminal, and cells made safe for a terminal and a spreadsheet:
//! fixed formats, so the output is identical run to run.

/// Columns padded to their widest cell (in characters, so Vietnamese letters count once); the
/// columns in `right` right-aligned. Cells are shown [`inert`].
///
/// ```
/// use cashless::cli::text::table;
/// let t = table(&["a", "bb"], &[vec!["x".into(), "1".into()], vec!["yyy".into(), "22".into()]], &[1]);
/// assert_eq!(t, "a    bb\n---  --\nx     1\nyyy  22");
/// ```
pub fn table(header: &[&str], rows: &[Vec<String>], right: &[usize]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| inert(c)).collect())
        .collect();
    let width = |s: &str| s.chars().count();
    let widths: Vec<usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| width(c))
                .fold(width(h), usize::max)
        })
        .collect();
    let line = |cells: &[String]| {
        let mut out = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            let pad = " ".repeat(w - width(c));
            if right.contains(&i) {
                out.push_str(&pad);
                out.push_str(c);
            } else {
                out.push_str(c);
                out.push_str(&pad);
            }
        }
        out.trim_end().to_string()
    };
    let head: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    let mut lines = vec![line(&head), line(&rule)];
    lines.extend(rows.iter().map(|r| line(r)));
    lines.join("\n")
}

/// Text safe to print on a terminal: control characters (escape sequences among them) are
/// shown as `\xNN` / `\uNNNN` instead of being sent to it.
///
/// ```
/// assert_eq!(cashless::cli::text::inert("Thọ Xuân\u{1b}[2J"), "Thọ Xuân\\x1b[2J");
/// ```
pub fn inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        let code = ch as u32;
        if code < 0x20 || (0x7F..0xA0).contains(&code) || code == 0x2028 || code == 0x2029 {
            if code < 0x100 {
                out.push_str(&format!("\\x{code:02x}"));
            } else {
                out.push_str(&format!("\\u{code:04x}"));
            }
        } else {
            out.push(ch);
        }
    }
    out
}

/// A cell that a spreadsheet opens as text or a number, never as a formula: a leading `=`,
/// `+`, `-`, `@`, tab or carriage return gets a `'` before it (OWASP's advice on CSV
/// injection), unless the cell is a plain number (`-5`, `+1.234,5`), which runs nothing.
///
/// ```
/// use cashless::cli::text::spreadsheet_safe;
/// assert_eq!(spreadsheet_safe("=HYPERLINK(1)"), "'=HYPERLINK(1)");
/// assert_eq!(spreadsheet_safe("-5"), "-5");
/// assert_eq!(spreadsheet_safe("-2+3+cmd|'/C calc'!A0"), "'-2+3+cmd|'/C calc'!A0");
/// assert_eq!(spreadsheet_safe("Thọ Xuân"), "Thọ Xuân");
/// ```
pub fn spreadsheet_safe(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !plain_number(text) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// `[+-]?[0-9][0-9.,\s]*%?`
fn plain_number(text: &str) -> bool {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let body = body.strip_suffix('%').unwrap_or(body);
    body.starts_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c.is_whitespace())
}
