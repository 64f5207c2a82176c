//! A small JSON writer for exports and stored values.
//!
//! Exports and storage write JSON through this rather than serde's derived serializers: the
//! generated code for each type and format cost the browser download tens of kilobytes, and
//! this writer is a few hundred bytes. Output is RFC 8259 JSON (UTF-8, with `"`, `\` and
//! control characters escaped), compact or indented by two spaces like `serde_json`'s pretty
//! printer, so any JSON parser reads it back.

/// Writes one JSON value: objects and arrays are opened and closed explicitly, keys and
/// values are written in order. Misuse (a value where a key belongs) writes invalid JSON
/// rather than panicking; the exporters' tests parse everything they write.
#[derive(Debug, Default)]
pub struct JsonWriter {
    out: String,
    pretty: bool,
    /// One entry per open object or array: whether nothing was written in it yet.
    open: Vec<bool>,
    /// A key was just written, so the next value follows it directly.
    after_key: bool,
}

impl JsonWriter {
    /// A compact writer (no white space).
    pub fn compact() -> Self {
        JsonWriter::default()
    }

    /// A writer that puts each member on its own line, indented by two spaces per level.
    pub fn pretty() -> Self {
        JsonWriter {
            pretty: true,
            ..JsonWriter::default()
        }
    }

    /// The JSON written so far.
    pub fn finish(self) -> String {
        self.out
    }

    /// Separator and indentation before a value or a key.
    fn before_item(&mut self) {
        if self.after_key {
            self.after_key = false;
            return;
        }
        let depth = self.open.len();
        if let Some(first) = self.open.last_mut() {
            if !*first {
                self.out.push(',');
            }
            *first = false;
            if self.pretty {
                self.newline(depth);
            }
        }
    }

    fn newline(&mut self, depth: usize) {
        self.out.push('\n');
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }

    fn open(&mut self, bracket: char) -> &mut Self {
        self.before_item();
        self.out.push(bracket);
        self.open.push(true);
        self
    }

    fn close(&mut self, bracket: char) -> &mut Self {
        let empty = self.open.pop().unwrap_or(true);
        if self.pretty && !empty {
            self.newline(self.open.len());
        }
        self.out.push(bracket);
        self
    }

    pub fn begin_object(&mut self) -> &mut Self {
        self.open('{')
    }

    pub fn end_object(&mut self) -> &mut Self {
        self.close('}')
    }

    pub fn begin_array(&mut self) -> &mut Self {
        self.open('[')
    }

    pub fn end_array(&mut self) -> &mut Self {
        self.close(']')
    }

    /// An object member's key; its value comes next.
    pub fn key(&mut self, key: &str) -> &mut Self {
        self.before_item();
        write_string(&mut self.out, key);
        self.out.push(':');
        if self.pretty {
            self.out.push(' ');
        }
        self.after_key = true;
        self
    }

    pub fn string(&mut self, value: &str) -> &mut Self {
        self.before_item();
        write_string(&mut self.out, value);
        self
    }

    pub fn uint(&mut self, value: u64) -> &mut Self {
        self.before_item();
        push_digits(&mut self.out, value);
        self
    }

    pub fn int(&mut self, value: i64) -> &mut Self {
        self.before_item();
        if value < 0 {
            self.out.push('-');
        }
        push_digits(&mut self.out, value.unsigned_abs());
        self
    }

    /// A finite number in decimal, rounded to 15 decimals with trailing zeros dropped (`0.5`,
    /// `-0.142857142857143`, `1`), through integer arithmetic rather than float formatting;
    /// magnitudes must stay below 2⁶⁴. NaN and the infinities, which JSON lacks, are `null`.
    pub fn decimal(&mut self, value: f64) -> &mut Self {
        const SCALE: u64 = 1_000_000_000_000_000;
        if !value.is_finite() {
            return self.null();
        }
        self.before_item();
        let magnitude = value.abs();
        let mut whole = magnitude.trunc() as u64;
        let mut fraction = ((magnitude - magnitude.trunc()) * SCALE as f64).round() as u64;
        if fraction >= SCALE {
            whole += 1;
            fraction -= SCALE;
        }
        if value < 0.0 && (whole > 0 || fraction > 0) {
            self.out.push('-');
        }
        push_digits(&mut self.out, whole);
        if fraction > 0 {
            // Fifteen digits with their leading zeros, less the trailing ones.
            let mut digits = [b'0'; 15];
            for digit in digits.iter_mut().rev() {
                *digit = b'0' + (fraction % 10) as u8;
                fraction /= 10;
            }
            let used = digits.iter().rposition(|&d| d != b'0').map_or(0, |i| i + 1);
            self.out.push('.');
            self.out
                .push_str(std::str::from_utf8(&digits[..used]).unwrap_or("0"));
        }
        self
    }

    pub fn bool(&mut self, value: bool) -> &mut Self {
        self.before_item();
        self.out.push_str(if value { "true" } else { "false" });
        self
    }

    pub fn null(&mut self) -> &mut Self {
        self.before_item();
        self.out.push_str("null");
        self
    }

    /// A value already written as JSON (by this writer), copied in as it is.
    pub fn raw(&mut self, json: &str) -> &mut Self {
        self.before_item();
        self.out.push_str(json);
        self
    }

    /// `"key": "value"`.
    pub fn field(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key).string(value)
    }

    /// `"key": 12`.
    pub fn field_uint(&mut self, key: &str, value: usize) -> &mut Self {
        self.key(key).uint(value as u64)
    }

    /// `"key": "value"`, or `"key": null` for `None`.
    pub fn field_opt(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        self.key(key);
        match value {
            Some(v) => self.string(v),
            None => self.null(),
        }
    }
}

/// `value` in decimal, appended to `out` (no `to_string`: a save writes 40,000 numbers for
/// 10,000 spans, and each formatted through `core::fmt` into a new string of its own).
fn push_digits(out: &mut String, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or("0"));
}

/// `s` as a JSON string literal, appended to `out`.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    let mut plain = 0;
    // Byte by byte: every character that needs escaping is ASCII, and no byte of a longer
    // UTF-8 sequence is below 0x80, so each cut falls between characters (no decoding of the
    // text: a document's text is written on every save).
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            b if b < 0x20 => "",
            _ => continue,
        };
        out.push_str(s.get(plain..i).unwrap_or(""));
        if escaped.is_empty() {
            out.push_str("\\u00");
            for digit in [b >> 4, b & 0xf] {
                out.push(char::from_digit(u32::from(digit), 16).unwrap_or('0'));
            }
        } else {
            out.push_str(escaped);
        }
        plain = i + 1;
    }
    out.push_str(s.get(plain..).unwrap_or(""));
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn sample(w: &mut JsonWriter) {
        // Keys in sorted order, as serde_json's map writes them.
        w.begin_object()
            .key("empty")
            .begin_array()
            .end_array()
            .key("list")
            .begin_array()
            .uint(1)
            .int(-2)
            .string("two")
            .bool(true)
            .begin_object()
            .field("k", "v")
            .end_object()
            .end_array()
            .field_uint("n", 42)
            .field_opt("none", None)
            .key("obj")
            .begin_object()
            .end_object()
            .field("text", "a \"q\" \\ \n\t\r \u{1} \u{1f} é 🇺🇦 \u{2028}")
            .end_object();
    }

    fn expected() -> Value {
        json!({
            "text": "a \"q\" \\ \n\t\r \u{1} \u{1f} é 🇺🇦 \u{2028}",
            "n": 42,
            "none": null,
            "empty": [],
            "obj": {},
            "list": [1, -2, "two", true, {"k": "v"}],
        })
    }

    #[test]
    fn compact_output_parses_back_exactly() {
        let mut w = JsonWriter::compact();
        sample(&mut w);
        let out = w.finish();
        assert!(!out.contains(' ') || out.contains("\"a "), "{out}");
        assert!(
            out.ends_with("\"text\":\"a \\\"q\\\" \\\\ \\n\\t\\r \\u0001 \\u001f é 🇺🇦 \u{2028}\"}")
        );
        assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), expected());
    }

    #[test]
    fn pretty_output_matches_serde_json() {
        let mut w = JsonWriter::pretty();
        sample(&mut w);
        let out = w.finish();
        assert_eq!(out, serde_json::to_string_pretty(&expected()).unwrap());
    }

    #[test]
    fn every_string_round_trips() {
        let all: String = (0u32..0x800).filter_map(char::from_u32).collect();
        let mixed = "a\u{1F1FA}\u{1F1E6}\n\u{0}\u{1f}x\u{1D11E}“q”—e\u{301}\r\n\\\"end\u{7f}";
        for s in [all.as_str(), "", "\"", "\\\\", "\u{7f}\u{80}", mixed] {
            let mut out = String::new();
            write_string(&mut out, s);
            assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s);
        }
    }

    #[test]
    fn numbers_are_written_as_rust_formats_them() {
        let mut w = JsonWriter::compact();
        w.begin_array();
        let uints = [0, 7, 9, 10, 99, 100, 1_234_567_890, u64::MAX];
        let ints = [0, -1, 5, -10, i64::MAX, i64::MIN];
        for n in uints {
            w.uint(n);
        }
        for n in ints {
            w.int(n);
        }
        w.end_array();
        let expected: Vec<String> = uints
            .iter()
            .map(u64::to_string)
            .chain(ints.iter().map(i64::to_string))
            .collect();
        assert_eq!(w.finish(), format!("[{}]", expected.join(",")));
    }

    #[test]
    fn decimals_are_rounded_to_15_places_and_parse_back() {
        let cases = [
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-1.0, "-1"),
            (0.5, "0.5"),
            (-0.75, "-0.75"),
            (1.0 / 3.0, "0.333333333333333"),
            (2.0 / 3.0, "0.666666666666667"),
            (-1.0 / 7.0, "-0.142857142857143"),
            (1e-16, "0"),
            (-4e-16, "0"),
            (6e-16, "0.000000000000001"),
            (0.9999999999999999, "1"),
            (12.25, "12.25"),
            (f64::NAN, "null"),
            (f64::INFINITY, "null"),
            (f64::NEG_INFINITY, "null"),
        ];
        let mut w = JsonWriter::compact();
        w.begin_array();
        for (value, _) in cases {
            w.decimal(value);
        }
        w.end_array();
        let out = w.finish();
        let written: Vec<&str> = cases.iter().map(|(_, text)| *text).collect();
        assert_eq!(out, format!("[{}]", written.join(",")));
        // Every value in [-2, 2] comes back within 1e-15.
        let values: Vec<f64> = (0..4001)
            .map(|i| (i as f64 - 2000.0) / 1000.0 + 1e-7 / 3.0)
            .collect();
        let mut w = JsonWriter::compact();
        w.begin_array();
        for &v in &values {
            w.decimal(v);
        }
        w.end_array();
        let back: Vec<f64> = serde_json::from_str(&w.finish()).unwrap();
        for (v, b) in values.iter().zip(back) {
            assert!((v - b).abs() <= 1e-15, "{v} came back as {b}");
        }
    }
}
