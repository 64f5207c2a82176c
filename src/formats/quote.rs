//! Text quoted for a message, shared by the importers and the exports' error.

/// `s` in double quotes for a message, with quotes, backslashes, control and bidi control
/// characters escaped (`\n`, `\u{7}`, `\u{202e}`), and shortened to 60 characters. (Not `{:?}`, whose Unicode
/// tables cost the download several kilobytes.)
pub(crate) fn quote(s: &str) -> String {
    const MAX: usize = 60;
    let mut out = String::with_capacity(s.len().min(4 * MAX) + 2);
    out.push('"');
    for (i, c) in s.chars().enumerate() {
        if i == MAX {
            out.push_str("\"…");
            return out;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Controls, and the bidi controls that would reorder the message around them.
            c if c.is_control()
                || matches!(c, '\u{61C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') =>
            {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_escape_what_would_hide_or_reorder_text() {
        assert_eq!(quote("a \"b\"\\"), "\"a \\\"b\\\"\\\\\"");
        assert_eq!(quote("x\ny\t\u{7}"), "\"x\\ny\\t\\u{7}\"");
        assert_eq!(quote("evil\u{202E}txt"), "\"evil\\u{202e}txt\"");
        assert_eq!(quote("Zoe\u{308} 🇺🇦"), "\"Zoe\u{308} 🇺🇦\"");
        let long = "é".repeat(70);
        assert_eq!(quote(&long), format!("\"{}\"…", "é".repeat(60)));
    }
}
