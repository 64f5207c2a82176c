//! The JSON reader: text to a [`Value`], as `serde_json::from_str::<serde_json::Value>` reads it
//! (the same values, numbers included, and for invalid JSON the same error and its line and
//! column), in a fraction of its code: no serde, no table of powers of ten
//! (docs/bundle-size.md). Nesting deeper than serde_json's limit (127 arrays or objects) is an
//! error, so deep input cannot overflow the stack.

use super::json_value::{Map, Number, Value};
use std::fmt;

/// Why a text is not JSON, and where: shown as serde_json shows its errors,
/// "expected value at line 1 column 1".
#[derive(Clone, PartialEq)]
pub struct Error {
    what: &'static str,
    line: usize,
    column: usize,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.what, self.line, self.column
        )
    }
}

const EOF_LIST: &str = "EOF while parsing a list";
const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_STRING: &str = "EOF while parsing a string";
const EOF_VALUE: &str = "EOF while parsing a value";
const EXPECTED_COLON: &str = "expected `:`";
const EXPECTED_LIST_COMMA: &str = "expected `,` or `]`";
const EXPECTED_OBJECT_COMMA: &str = "expected `,` or `}`";
const EXPECTED_IDENT: &str = "expected ident";
const EXPECTED_VALUE: &str = "expected value";
const INVALID_ESCAPE: &str = "invalid escape";
const INVALID_NUMBER: &str = "invalid number";
const OUT_OF_RANGE: &str = "number out of range";
const CONTROL: &str = "control character (\\u0000-\\u001F) found while parsing a string";
const KEY_NOT_STRING: &str = "key must be a string";
const LONE_SURROGATE: &str = "lone leading surrogate in hex escape";
const TRAILING_COMMA: &str = "trailing comma";
const TRAILING: &str = "trailing characters";
const HEX_END: &str = "unexpected end of hex escape";
const TOO_DEEP: &str = "recursion limit exceeded";

/// `text` as one JSON value, with nothing but white space around it.
pub fn from_str(text: &str) -> Result<Value, Error> {
    let mut r = Reader {
        text,
        s: text.as_bytes(),
        i: 0,
        depth: 128,
    };
    let value = r.value()?;
    match r.space() {
        Some(_) => Err(r.peek_error(TRAILING)),
        None => Ok(value),
    }
}

struct Reader<'a> {
    text: &'a str,
    s: &'a [u8],
    /// The next byte.
    i: usize,
    /// How many more arrays or objects may open (serde_json's `remaining_depth`).
    depth: u8,
}

type Res<T> = Result<T, Error>;

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn peek0(&self) -> u8 {
        self.peek().unwrap_or(0)
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        self.i += c.is_some() as usize;
        c
    }

    /// An error at byte `i`: its line, and its column counted in bytes from the line's start.
    fn at(&self, i: usize, what: &'static str) -> Error {
        let start = self.s[..i]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        Error {
            what,
            line: 1 + self.s[..start].iter().filter(|&&b| b == b'\n').count(),
            column: i - start,
        }
    }

    /// An error in the byte last read.
    fn error(&self, what: &'static str) -> Error {
        self.at(self.i, what)
    }

    /// An error in the next byte (not yet read).
    fn peek_error(&self, what: &'static str) -> Error {
        self.at(self.s.len().min(self.i + 1), what)
    }

    /// Skips white space; the next byte after it.
    fn space(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.i += 1;
        }
        self.peek()
    }

    fn value(&mut self) -> Res<Value> {
        let Some(c) = self.space() else {
            return Err(self.peek_error(EOF_VALUE));
        };
        Ok(match c {
            b'n' => self.word(b"null", Value::Null)?,
            b't' => self.word(b"true", Value::Bool(true))?,
            b'f' => self.word(b"false", Value::Bool(false))?,
            b'-' => {
                self.i += 1;
                Value::Number(self.integer(false)?)
            }
            b'0'..=b'9' => Value::Number(self.integer(true)?),
            b'"' => {
                self.i += 1;
                Value::String(self.string()?)
            }
            b'[' | b'{' => {
                self.depth -= 1;
                if self.depth == 0 {
                    return Err(self.peek_error(TOO_DEEP));
                }
                self.i += 1;
                let value = if c == b'[' {
                    self.array()?
                } else {
                    self.object()?
                };
                self.depth += 1;
                // The closing bracket, which `array` and `object` stopped at.
                self.i += 1;
                value
            }
            _ => return Err(self.peek_error(EXPECTED_VALUE)),
        })
    }

    /// `null`, `true` or `false`: `value` when the text holds `word`.
    fn word(&mut self, word: &[u8], value: Value) -> Res<Value> {
        self.i += 1;
        for &expected in &word[1..] {
            match self.next() {
                None => return Err(self.error(EOF_VALUE)),
                Some(c) if c != expected => return Err(self.error(EXPECTED_IDENT)),
                Some(_) => {}
            }
        }
        Ok(value)
    }

    /// After an item: `Ok(true)` at the closing bracket `end`, `Ok(false)` after a comma (the
    /// next byte not a closing bracket, and for an object a quote).
    fn after_item(&mut self, end: u8, eof: &'static str, comma: &'static str) -> Res<bool> {
        match self.space() {
            None => Err(self.peek_error(eof)),
            Some(c) if c == end => Ok(true),
            Some(b',') => {
                self.i += 1;
                match self.space() {
                    None => Err(self.peek_error(EOF_VALUE)),
                    Some(c) if c == end => Err(self.peek_error(TRAILING_COMMA)),
                    Some(c) if end == b'}' && c != b'"' => Err(self.peek_error(KEY_NOT_STRING)),
                    Some(_) => Ok(false),
                }
            }
            Some(_) => Err(self.peek_error(comma)),
        }
    }

    fn array(&mut self) -> Res<Value> {
        let mut items = Vec::new();
        match self.space() {
            None => return Err(self.peek_error(EOF_LIST)),
            Some(b']') => return Ok(Value::Array(items)),
            Some(_) => {}
        }
        loop {
            items.push(self.value()?);
            if self.after_item(b']', EOF_LIST, EXPECTED_LIST_COMMA)? {
                return Ok(Value::Array(items));
            }
        }
    }

    fn object(&mut self) -> Res<Value> {
        let mut map = Map::new();
        match self.space() {
            None => return Err(self.peek_error(EOF_OBJECT)),
            Some(b'}') => return Ok(Value::Object(map)),
            Some(b'"') => {}
            Some(_) => return Err(self.peek_error(KEY_NOT_STRING)),
        }
        loop {
            self.i += 1;
            let key = self.string()?;
            match self.space() {
                Some(b':') => self.i += 1,
                Some(_) => return Err(self.peek_error(EXPECTED_COLON)),
                None => return Err(self.peek_error(EOF_OBJECT)),
            }
            // A key given twice keeps its last value.
            map.insert(key, self.value()?);
            if self.after_item(b'}', EOF_OBJECT, EXPECTED_OBJECT_COMMA)? {
                return Ok(Value::Object(map));
            }
        }
    }

    /// A string's content, after its opening quote.
    fn string(&mut self) -> Res<String> {
        let mut out = String::new();
        let mut start = self.i;
        loop {
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            let Some(c) = self.peek() else {
                return Err(self.error(EOF_STRING));
            };
            // `start` and `i` are at ASCII bytes, so on the text's character boundaries.
            out.push_str(&self.text[start..self.i]);
            self.i += 1;
            match c {
                b'"' => return Ok(out),
                b'\\' => self.escape(&mut out)?,
                _ => return Err(self.error(CONTROL)),
            }
            start = self.i;
        }
    }

    /// An escape, after its backslash.
    fn escape(&mut self, out: &mut String) -> Res<()> {
        let Some(c) = self.next() else {
            return Err(self.error(EOF_STRING));
        };
        out.push(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\x08',
            b'f' => '\x0c',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => self.unicode()?,
            _ => return Err(self.error(INVALID_ESCAPE)),
        });
        Ok(())
    }

    /// A `\u` escape, after the `u`: a surrogate pair's first half must be followed by its
    /// second.
    fn unicode(&mut self) -> Res<char> {
        let n = self.hex()?;
        let code = match n {
            0xDC00..=0xDFFF => return Err(self.error(LONE_SURROGATE)),
            0xD800..=0xDBFF => {
                for expected in [b'\\', b'u'] {
                    match self.next() {
                        None => return Err(self.error(EOF_STRING)),
                        Some(c) if c != expected => return Err(self.error(HEX_END)),
                        Some(_) => {}
                    }
                }
                let low = self.hex()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.error(LONE_SURROGATE));
                }
                ((n - 0xD800) << 10 | (low - 0xDC00)) + 0x1_0000
            }
            _ => n,
        };
        Ok(char::from_u32(code).unwrap_or_default())
    }

    /// Four hexadecimal digits.
    fn hex(&mut self) -> Res<u32> {
        let Some(digits) = self.s.get(self.i..self.i + 4) else {
            self.i = self.s.len();
            return Err(self.error(EOF_STRING));
        };
        self.i += 4;
        let mut n = 0;
        for &d in digits {
            let Some(v) = (d as char).to_digit(16) else {
                return Err(self.error(INVALID_ESCAPE));
            };
            n = n * 16 + v;
        }
        Ok(n)
    }

    /// A number, after its minus sign if any.
    fn integer(&mut self, positive: bool) -> Res<Number> {
        let Some(c) = self.next() else {
            return Err(self.error(EOF_VALUE));
        };
        let mut significand = match c {
            b'0' if self.peek0().is_ascii_digit() => return Err(self.peek_error(INVALID_NUMBER)),
            b'0'..=b'9' => u64::from(c - b'0'),
            _ => return Err(self.error(INVALID_NUMBER)),
        };
        // Digits beyond u64's range (none after a leading 0) only shift the exponent.
        let mut exponent = 0;
        let mut whole = true;
        while let c @ b'0'..=b'9' = self.peek0() {
            self.i += 1;
            match times_ten_plus(significand, c) {
                Some(s) if whole => significand = s,
                _ => {
                    whole = false;
                    exponent += 1;
                }
            }
        }
        let f = match self.peek0() {
            b'.' => self.fraction(positive, significand, exponent)?,
            b'e' | b'E' => self.exponent(positive, significand, exponent)?,
            _ if whole => return Ok(Number::from_parts(significand, !positive)),
            _ => self.float(positive, significand, exponent)?,
        };
        Ok(Number::float(f))
    }

    /// The fraction of a number, at its point.
    fn fraction(&mut self, positive: bool, mut significand: u64, mut exponent: i32) -> Res<f64> {
        self.i += 1;
        let mut any = false;
        let mut full = false;
        while let c @ b'0'..=b'9' = self.peek0() {
            self.i += 1;
            any = true;
            // Digits beyond u64's range are left out.
            match times_ten_plus(significand, c) {
                Some(s) if !full => {
                    significand = s;
                    exponent -= 1;
                }
                _ => full = true,
            }
        }
        if !any {
            let what = if self.peek().is_some() {
                INVALID_NUMBER
            } else {
                EOF_VALUE
            };
            return Err(self.peek_error(what));
        }
        match self.peek0() {
            b'e' | b'E' => self.exponent(positive, significand, exponent),
            _ => self.float(positive, significand, exponent),
        }
    }

    /// The exponent of a number, at its `e`.
    fn exponent(&mut self, positive: bool, significand: u64, start: i32) -> Res<f64> {
        self.i += 1;
        let positive_exp = match self.peek0() {
            b'+' => {
                self.i += 1;
                true
            }
            b'-' => {
                self.i += 1;
                false
            }
            _ => true,
        };
        let mut exp = match self.next() {
            None => return Err(self.error(EOF_VALUE)),
            Some(c @ b'0'..=b'9') => i32::from(c - b'0'),
            Some(_) => return Err(self.error(INVALID_NUMBER)),
        };
        while let c @ b'0'..=b'9' = self.peek0() {
            self.i += 1;
            match exp
                .checked_mul(10)
                .and_then(|e| e.checked_add(i32::from(c - b'0')))
            {
                Some(e) => exp = e,
                None => {
                    // Out of i32's range: infinity is an error, zero is zero.
                    if significand != 0 && positive_exp {
                        return Err(self.error(OUT_OF_RANGE));
                    }
                    while self.peek0().is_ascii_digit() {
                        self.i += 1;
                    }
                    return Ok(if positive { 0.0 } else { -0.0 });
                }
            }
        }
        let exponent = if positive_exp {
            start.saturating_add(exp)
        } else {
            start.saturating_sub(exp)
        };
        self.float(positive, significand, exponent)
    }

    /// `significand` × 10^`exponent`, computed as serde_json computes it (without its
    /// `float_roundtrip` feature): one multiplication or division by a power of ten.
    fn float(&self, positive: bool, significand: u64, mut exponent: i32) -> Res<f64> {
        let mut f = significand as f64;
        loop {
            let e = exponent.unsigned_abs();
            if e <= 308 {
                if exponent >= 0 {
                    f *= pow10(e);
                    if f.is_infinite() {
                        return Err(self.error(OUT_OF_RANGE));
                    }
                } else {
                    f /= pow10(e);
                }
                break;
            }
            if f == 0.0 {
                break;
            }
            if exponent >= 0 {
                return Err(self.error(OUT_OF_RANGE));
            }
            f /= 1e308;
            exponent += 308;
        }
        Ok(if positive { f } else { -f })
    }
}

/// `n` × 10 + the digit `c`, unless that is beyond u64's range.
fn times_ten_plus(n: u64, c: u8) -> Option<u64> {
    n.checked_mul(10)?.checked_add(u64::from(c - b'0'))
}

/// 10^`e` (`e` ≤ 308), correctly rounded as the literal `1e…` is: exact up to 10^22, above
/// that read from its text (by the browser in the browser build).
fn pow10(e: u32) -> f64 {
    if e <= 22 {
        let mut p = 1.0;
        for _ in 0..e {
            p *= 10.0;
        }
        return p;
    }
    let text = format!("1e{e}");
    #[cfg(target_arch = "wasm32")]
    return js_sys::parse_float(&text);
    #[cfg(not(target_arch = "wasm32"))]
    return text.parse().unwrap_or_default();
}

#[cfg(test)]
mod tests;
