//! The TOML reader's reasons in both languages: a catalogue, a mapping or a letterhead that
//! cannot be read says why in the analyst's language, not only in the reader's English.

use crate::lang::{say, Words};

/// The reason the TOML reader gives (serde's wording: `missing field`, `unknown field`,
/// `unknown variant`, `invalid type`, `invalid value`; the parser's own for a syntax error),
/// with its Vietnamese.
///
/// ```
/// use cashless::catalogue::toml_reason;
/// use cashless::lang::Lang;
/// let why = toml_reason("invalid type: integer `3`, expected a string");
/// assert_eq!(why.get(Lang::Vi), "sai kiểu: số nguyên `3`, cần một chuỗi");
/// assert_eq!(why.get(Lang::En), "invalid type: integer `3`, expected a string");
/// let why = toml_reason("missing field `rule`");
/// assert_eq!(why.get(Lang::Vi), "thiếu khóa `rule`");
/// ```
pub fn toml_reason(message: &str) -> Words {
    let message = message.trim();
    let vi = if let Some(rest) = message.strip_prefix("missing field ") {
        format!("thiếu khóa {rest}")
    } else if let Some(rest) = message.strip_prefix("unknown field ") {
        listed(rest, "không dùng khóa", "các khóa được dùng")
    } else if let Some(rest) = message.strip_prefix("unknown variant ") {
        listed(rest, "không dùng giá trị", "các giá trị được dùng")
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        expected(rest, "sai kiểu")
    } else if let Some(rest) = message.strip_prefix("invalid value: ") {
        expected(rest, "giá trị không hợp lệ")
    } else if message.starts_with("duplicate key") {
        format!("khóa ghi hai lần ({message})")
    } else {
        format!("không đúng cú pháp TOML ({message})")
    };
    say!(vi, message.to_string())
}

/// `` `x`, expected one of `a`, `b` `` as "{refused} `x`; {allowed}: `a`, `b`".
fn listed(rest: &str, refused: &str, allowed: &str) -> String {
    match rest.split_once(", expected ") {
        Some((what, choices)) => {
            let choices = choices.strip_prefix("one of ").unwrap_or(choices);
            format!("{refused} {what}; {allowed}: {}", kinds(choices))
        }
        None => format!("{refused} {rest}"),
    }
}

/// `` integer `3`, expected a string `` as "{head}: số nguyên `3`, cần một chuỗi".
fn expected(rest: &str, head: &str) -> String {
    match rest.split_once(", expected ") {
        Some((found, wanted)) => format!("{head}: {}, cần {}", kinds(found), kinds(wanted)),
        None => format!("{head}: {}", kinds(rest)),
    }
}

/// serde's names of TOML's kinds of value, in Vietnamese; anything else as it is.
fn kinds(text: &str) -> String {
    const WORDS: [(&str, &str); 12] = [
        ("a sequence", "một danh sách"),
        ("a string", "một chuỗi"),
        ("a boolean", "đúng hay sai (true/false)"),
        ("a map", "một bảng"),
        ("sequence", "danh sách"),
        ("string", "chuỗi"),
        ("integer", "số nguyên"),
        ("floating point", "số thực"),
        ("boolean", "đúng/sai"),
        ("map", "bảng"),
        ("f64", "số thực"),
        ("i32", "số nguyên"),
    ];
    // Names inside backquotes (the value given, the keys allowed) are kept as written.
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        let mut part = part.to_string();
        for (en, vi) in WORDS {
            if let Some(at) = find_word(&part, en) {
                part.replace_range(at..at + en.len(), vi);
            }
        }
        out.push_str(&part);
    }
    out
}

/// Where `word` stands alone in `text` (not inside another word).
fn find_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn the_readers_reasons_in_vietnamese() {
        let vi = |m: &str| toml_reason(m).get(Lang::Vi).to_string();
        assert_eq!(
            vi("unknown field `foo`, expected one of `id`, `extends`"),
            "không dùng khóa `foo`; các khóa được dùng: `id`, `extends`"
        );
        assert_eq!(
            vi("unknown variant `county`, expected one of `nation`, `province`"),
            "không dùng giá trị `county`; các giá trị được dùng: `nation`, `province`"
        );
        assert_eq!(
            vi("invalid type: string \"x\", expected f64"),
            "sai kiểu: chuỗi \"x\", cần số thực"
        );
        assert_eq!(
            vi("string values must be quoted, expected literal string"),
            "không đúng cú pháp TOML (string values must be quoted, expected literal string)"
        );
        // A key named like a kind is kept: it is inside backquotes.
        assert_eq!(vi("missing field `string`"), "thiếu khóa `string`");
    }
}
