//! Bytes of a loaded file → text. UTF-8 (with or without BOM), UTF-16 with a BOM, and
//! Windows-1252 as the fallback for older files; binary files are refused.

/// Windows-1252 characters for bytes 0x80–0x9F (the rest of the range is Latin-1).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Decoded text and, when it was not UTF-8, the encoding that was assumed.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub assumed: Option<&'static str>,
}

/// Decode a file's bytes. `Err` (a message for the user) for binary data.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest);
    }
    for (bom, little) in [([0xFF, 0xFE], true), ([0xFE, 0xFF], false)] {
        if let Some(rest) = bytes.strip_prefix(&bom) {
            let units = rest.chunks_exact(2).map(|c| {
                if little {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            });
            let text: String = char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect();
            return check_text(text, Some(if little { "UTF-16LE" } else { "UTF-16BE" }));
        }
    }
    match utf8(bytes) {
        Ok(decoded) => Ok(decoded),
        // NUL bytes and not UTF-8: an image, an archive, a program (not Windows-1252 text).
        Err(_) if bytes.contains(&0) => Err(BINARY.to_owned()),
        Err(_) => {
            let text = bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
                    _ => char::from(b),
                })
                .collect();
            check_text(text, Some("Windows-1252"))
        }
    }
}

fn utf8(bytes: &[u8]) -> Result<Decoded, String> {
    match std::str::from_utf8(bytes) {
        Ok(text) => check_text(text.to_owned(), None),
        Err(_) => Err("This file is not valid UTF-8 text.".to_owned()),
    }
}

const BINARY: &str = "This looks like a binary file, not text.";

/// Refuse text with NUL or many other control characters: it is binary data.
fn check_text(text: String, assumed: Option<&'static str>) -> Result<Decoded, String> {
    let sample: Vec<char> = text.chars().take(8192).collect();
    let controls = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if sample.contains(&'\0') || controls * 20 > sample.len().max(1) {
        return Err(BINARY.to_owned());
    }
    Ok(Decoded { text, assumed })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode_text("Zoë 🇺🇦".as_bytes()).unwrap();
        assert_eq!(
            d,
            Decoded {
                text: "Zoë 🇺🇦".into(),
                assumed: None
            }
        );
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("Hi".as_bytes());
        assert_eq!(decode_text(&bom).unwrap().text, "Hi");
    }

    #[test]
    fn windows_1252_fallback_says_so() {
        // “Café” — in Windows-1252.
        let d = decode_text(&[0x93, b'C', b'a', b'f', 0xE9, 0x94, b' ', 0x97]).unwrap();
        assert_eq!(d.text, "“Café” —");
        assert_eq!(d.assumed, Some("Windows-1252"));
    }

    #[test]
    fn utf16_by_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "a🇺".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode_text(&le).unwrap();
        assert_eq!(d.text, "a🇺");
        assert_eq!(d.assumed, Some("UTF-16LE"));
    }

    #[test]
    fn binary_is_refused() {
        let png = [
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
        ];
        let binary = Err(BINARY.to_owned());
        assert_eq!(decode_text(&png), binary);
        // A zip's local file header: not UTF-8, with NUL bytes.
        assert_eq!(
            decode_text(b"PK\x03\x04\x14\x00\x00\x00\x08\x00\xa1\x9c"),
            binary
        );
        assert!(decode_text(&[1, 2, 3, 4, 5, 6, 7, 8]).is_err());
        assert!(decode_text(b"plain\ttext\r\nok").is_ok());
        assert!(decode_text(b"").is_ok());
    }
}
