//! The reader checked against `serde_json::from_str::<serde_json::Value>`: the same value for
//! valid JSON, the same error text (with line and column) for anything else.

use super::from_str;
use crate::codec::json_value::{Map, Number, Value};
use proptest::prelude::*;

/// serde_json's value as ours.
fn ours(v: serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => Value::Number(if let Some(u) = n.as_u64() {
            Number::from_parts(u, false)
        } else if let Some(i) = n.as_i64() {
            Number::from_parts(i.unsigned_abs(), true)
        } else {
            Number::float(n.as_f64().unwrap())
        }),
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(a) => Value::Array(a.into_iter().map(ours).collect()),
        serde_json::Value::Object(o) => {
            let mut map = Map::new();
            for (k, v) in o {
                map.insert(k, ours(v));
            }
            Value::Object(map)
        }
    }
}

/// Both readers' results for `text`, values as ours and errors as text.
fn both(text: &str) -> (Result<Value, String>, Result<Value, String>) {
    let theirs = serde_json::from_str::<serde_json::Value>(text)
        .map(ours)
        .map_err(|e| e.to_string());
    let mine = from_str(text).map_err(|e| e.to_string());
    (mine, theirs)
}

fn same(text: &str) {
    let (mine, theirs) = both(text);
    assert!(
        mine == theirs,
        "{text:?}: {:?} vs {:?}",
        mine.err(),
        theirs.err()
    );
    // Bit for bit, -0.0 included.
    if let (Ok(a), Ok(b)) = (&mine, &theirs) {
        assert_eq!(bits(a), bits(b), "{text:?}");
    }
}

fn bits(v: &Value) -> Vec<u64> {
    match v {
        Value::Number(n) => vec![n.as_f64().unwrap().to_bits()],
        Value::Array(a) => a.iter().flat_map(bits).collect(),
        Value::Object(o) => o.values().flat_map(bits).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn values_and_errors_as_serde_json() {
    for text in [
        "",
        " ",
        "null",
        "true",
        "false",
        "nul",
        "nulx",
        "tru",
        "f",
        "0",
        "-0",
        "-",
        "01",
        "-01",
        "1.",
        "1.e5",
        "1e",
        "1e+",
        "1e-x",
        "1.5",
        "-1.5e-7",
        "1E400",
        "1e-400",
        "-1e400",
        "0e999999999999",
        "1e99999999999",
        "-1e-99999999999",
        "0.0000001",
        "123456789012345678901234567890",
        "18446744073709551615",
        "18446744073709551616",
        "18446744073709551616.3",
        "-9223372036854775808",
        "-9223372036854775809",
        "12345678901234567890123.5e-3",
        "1.00000000000000000000000000001",
        "4.9406564584124654e-324",
        "1.7976931348623157e308",
        "1.7976931348623159e308",
        "2e308",
        "1e22",
        "1e23",
        "1e308",
        "1e-308",
        "1e-309",
        "0.1e309",
        "10e307",
        "1e-330",
        "123e-400",
        "1e-616",
        "1e-617",
        "9007199254740993",
        "0.1",
        "3.14159265358979323846",
        "\"\"",
        "\"a\\\"b\"",
        "\"\\u00e9\\ud83d\\ude00\"",
        "\"\\ud83d\"",
        "\"\\ud83dx\"",
        "\"\\ud83d\\x\"",
        "\"\\ude00\"",
        "\"\\ud83d\\u0041\"",
        "\"\\u12\"",
        "\"\\u12g4\"",
        "\"\\q\"",
        "\"\\",
        "\"abc",
        "\"a\tb\"",
        "\"é ✓ 😀\"",
        "[]",
        "[1,]",
        "[1 2]",
        "[",
        "[1",
        "[1,",
        "{}",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{\"a\":1 \"b\":2}",
        "{1:2}",
        "{\"a\":1,2:3}",
        "{",
        "{\"a\"",
        "{\"a\":",
        "{\"b\":1,\"a\":2,\"b\":3}",
        "[1] x",
        "[1]\n\n  x",
        "{\"a\":\n[1,\n2,\n]}",
        "\u{feff}[]",
        "[-]",
        "[+1]",
        "[.5]",
        "[1.5.5]",
        " \t\r\n[ \t\r\n1 \t\r\n] \t\r\n",
        "[true,false,null]",
        "[nan]",
        "[Infinity]",
    ] {
        same(text);
    }
}

#[test]
fn nesting_as_deep_as_serde_json_allows() {
    for depth in [126, 127, 128, 129, 1000] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            same(&format!("{}{}", open.repeat(depth), close.repeat(depth)));
            same(&format!("{}1{}", open.repeat(depth), close.repeat(depth)));
        }
    }
    // Deep, but never more than a few levels open at once.
    same(&"[[[1]],".repeat(5000).replace(",", ""));
}

/// Pieces of JSON text, right and wrong, put together at random.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just(",".to_owned()),
        Just(":".to_owned()),
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("\"k\"".to_owned()),
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("fals".to_owned()),
        Just("-".to_owned()),
        Just(".".to_owned()),
        Just("e".to_owned()),
        Just("E+".to_owned()),
        Just("u".to_owned()),
        Just("\\u".to_owned()),
        Just("\\ud800".to_owned()),
        Just("\\udc00".to_owned()),
        Just("é".to_owned()),
        Just("\t".to_owned()),
        Just("\u{1}".to_owned()),
        "[0-9]{1,25}",
        "[0-9a-fA-F]{1,4}",
        any::<f64>().prop_map(|f| f.to_string()),
        any::<i64>().prop_map(|i| i.to_string()),
        any::<u64>().prop_map(|u| u.to_string()),
        any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap()),
    ]
}

/// Valid JSON, nested.
fn valid() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<u64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        (any::<u32>(), -330i32..330).prop_map(|(m, e)| {
            serde_json::from_str(&format!("{m}e{e}")).unwrap_or(serde_json::Value::Null)
        }),
        any::<String>().prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec(("[a-c]{0,2}", inner), 0..6)
                .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn random_text_reads_as_serde_json_reads_it(pieces in prop::collection::vec(piece(), 0..12)) {
        same(&pieces.concat());
    }

    #[test]
    fn valid_json_reads_as_serde_json_reads_it(v in valid(), pretty in any::<bool>(), cut in any::<prop::sample::Index>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&v).unwrap()
        } else {
            serde_json::to_string(&v).unwrap()
        };
        same(&text);
        // And cut short anywhere.
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        same(&text[..at]);
    }

    #[test]
    fn numbers_read_as_serde_json_reads_them(
        int in "-?(0|[1-9][0-9]{0,24})",
        frac in "(\\.[0-9]{1,25})?",
        exp in "([eE][+-]?(30[0-9]|[0-9]{1,4}))?",
    ) {
        same(&format!("{int}{frac}{exp}"));
        same(&format!("[{int}{frac}{exp}]"));
    }
}
