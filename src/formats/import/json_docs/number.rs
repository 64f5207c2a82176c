//! A JSON number as the importer's messages show it: as serde_json displays it ("3", "-2",
//! "1.5", "12.0", "1e+21", "1.5e-7"), without serde_json's float printing in the browser build.
//! There the shortest digits of a fraction come from JavaScript's own `Number#toString` and are
//! laid out here as serde_json lays them out (1.2 KB gzip less download: docs/bundle-size.md).

use crate::codec::json_value::Number;

/// `number` as serde_json's `Display` writes it.
pub(super) fn number_text(number: &Number) -> String {
    if let Some(u) = number.as_u64() {
        return u.to_string();
    }
    if let Some(i) = number.as_i64() {
        return i.to_string();
    }
    float_text(number.as_f64().unwrap_or_default())
}

#[cfg(target_arch = "wasm32")]
fn float_text(f: f64) -> String {
    match js_sys::Number::from(f).to_string_with_radix(10) {
        Ok(js) => layout(&String::from(js), f.is_sign_negative()),
        Err(_) => String::new(),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn float_text(f: f64) -> String {
    serde_json::Number::from_f64(f).map_or_else(String::new, |n| n.to_string())
}

/// JavaScript's text of a finite number (`"1.5"`, `"0.000123"`, `"123456789012345670000"`,
/// `"1e+21"`, `"1.5e-7"`) laid out as serde_json writes a float: in positional notation with at
/// least one decimal when its decimal exponent is from −5 to 15, otherwise `d.ddde±x`.
/// `negative`: the sign (JavaScript writes −0 as "0").
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn layout(js: &str, negative: bool) -> String {
    let js = js.trim_start_matches('-');
    let (mantissa, exp) = js.split_once('e').unwrap_or((js, "0"));
    let exp: i32 = exp.trim_start_matches('+').parse().unwrap_or(0);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: Vec<u8> = int.bytes().chain(frac.bytes()).collect();
    let zeros = all.iter().take_while(|&&b| b == b'0').count();
    let mut digits = &all[zeros..];
    while let [rest @ .., b'0'] = digits {
        digits = rest;
    }
    let digits = std::str::from_utf8(digits).unwrap_or("");
    let mut out = String::from(if negative { "-" } else { "" });
    if digits.is_empty() {
        out.push_str("0.0");
        return out;
    }
    // The decimal exponent of the first digit.
    let e = int.len() as i32 - 1 - zeros as i32 + exp;
    let k = digits.len() as i32;
    if (-5..=15).contains(&e) {
        if k - 1 <= e {
            out.push_str(digits);
            out.extend(std::iter::repeat_n('0', (e - (k - 1)) as usize));
            out.push_str(".0");
        } else if e >= 0 {
            let (whole, part) = digits.split_at(e as usize + 1);
            out.push_str(whole);
            out.push('.');
            out.push_str(part);
        } else {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-e - 1) as usize));
            out.push_str(digits);
        }
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push_str(if e < 0 { "e-" } else { "e+" });
        out.push_str(&e.unsigned_abs().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (the number, JavaScript's `String(n)`, as node prints it): the layout gives serde_json's
    /// text of the same number.
    const CASES: &[(f64, &str)] = &[
        (1.5, "1.5"),
        (0.1, "0.1"),
        (0.3, "0.3"),
        (12.0, "12"),
        (100.25, "100.25"),
        (-0.5, "-0.5"),
        (0.0, "0"),
        (-0.0, "0"),
        (1e-5, "0.00001"),
        (1e-6, "0.000001"),
        (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"),
        (0.000123, "0.000123"),
        (1.23e-18, "1.23e-18"),
        (2.5e-300, "2.5e-300"),
        (5e-324, "5e-324"),
        (123456789012345.6, "123456789012345.6"),
        (1e15, "1000000000000000"),
        (9007199254740992.0, "9007199254740992"),
        (1e16, "10000000000000000"),
        (1.5e16, "15000000000000000"),
        (1e17, "100000000000000000"),
        (1.2345678901234567e20, "123456789012345670000"),
        (1e21, "1e+21"),
        (-1e22, "-1e+22"),
        (1e100, "1e+100"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
    ];

    #[test]
    fn javascript_text_laid_out_as_serde_json_writes_it() {
        for &(f, js) in CASES {
            let serde = serde_json::Number::from_f64(f).unwrap().to_string();
            assert_eq!(layout(js, f.is_sign_negative()), serde, "{f:e} ({js})");
        }
    }

    /// The same list as the browser's test (tests/browser/numbers.rs), natively.
    #[test]
    fn messages_name_fractional_offsets_as_serde_json_writes_them() {
        let spans: Vec<String> = ["1.5", "12.0", "-0.0", "1e16", "1.2345678901234567e20"]
            .iter()
            .map(|o| format!(r#"{{"start": {o}, "end": 3, "label": "quote"}}"#))
            .collect();
        let input = format!(
            r#"{{"text": "The cat sat on the mat.", "spans": [{}]}}"#,
            spans.join(",")
        );
        let mut ids = || crate::model::SpanId("s".to_owned());
        let schema = crate::model::LabelSchema::default();
        let report = super::super::parse_json_documents(&input, "x.jsonl", &schema, &mut ids);
        let problems = report.unwrap().problems;
        let shown: Vec<&str> = problems
            .iter()
            .filter_map(|p| p.split("start ").nth(1)?.split(' ').next())
            .collect();
        assert_eq!(
            shown,
            ["1.5", "12.0", "-0.0", "1e+16", "1.2345678901234568e+20"]
        );
    }

    #[test]
    fn whole_numbers_as_integers() {
        let number = |text| match crate::codec::json_in::from_str(text) {
            Ok(crate::codec::json_value::Value::Number(n)) => n,
            _ => unreachable!(),
        };
        assert_eq!(
            number_text(&number("18446744073709551615")),
            "18446744073709551615"
        );
        assert_eq!(number_text(&number("-3")), "-3");
        assert_eq!(number_text(&number("12.0")), "12.0");
    }
}
