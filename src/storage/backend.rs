//! Where stored values live: a small key-value trait, with the browser's localStorage behind
//! it in the app (`web.rs`) and an in-memory backend that can inject faults for tests.

use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// The storage budget is used up (QuotaExceededError and its other names and codes).
    Quota,
    /// Storage cannot be used at all (disabled, blocked, private mode).
    Unavailable(String),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::Quota => f.write_str("browser storage is full"),
            StorageError::Unavailable(why) => write!(f, "browser storage is unavailable ({why})"),
        }
    }
}

pub trait Backend {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError>;
    fn remove(&mut self, key: &str) -> Result<(), StorageError>;
    fn keys(&self) -> Result<Vec<String>, StorageError>;
}

/// Size of a key and value as browsers count it against the quota (UTF-16, 2 bytes a unit).
pub fn stored_bytes(key: &str, value: &str) -> usize {
    2 * (utf16_len(key) + utf16_len(value))
}

/// `s.encode_utf16().count()`, from the UTF-8 bytes alone: every byte but a continuation byte
/// starts a character, which is one UTF-16 unit, or two when its leading byte is 0xF0 or above
/// (four bytes, beyond U+FFFF). Eight bytes at a time while they are ASCII: a save at 1 MB
/// counts 700 K characters, and decoding them one by one took 2.6 ms in the browser.
pub fn utf16_len(s: &str) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = s.as_bytes();
    let mut n = 0;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let w = u64::from_le_bytes([
            word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7],
        ]);
        if w & HIGH == 0 {
            n += 8;
        } else {
            n += word.iter().map(|&b| unit_count(b)).sum::<usize>();
        }
    }
    n + words
        .remainder()
        .iter()
        .map(|&b| unit_count(b))
        .sum::<usize>()
}

/// UTF-16 units a UTF-8 byte accounts for (see [`utf16_len`]).
fn unit_count(b: u8) -> usize {
    usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0)
}

/// An in-memory backend for tests: a quota in bytes, a write that fails after `n` writes,
/// or no storage at all.
#[derive(Clone, Debug, Default)]
pub struct MemoryBackend {
    pub map: BTreeMap<String, String>,
    pub quota: Option<usize>,
    pub fail_after_writes: Option<usize>,
    pub unavailable: bool,
    pub writes: usize,
}

impl MemoryBackend {
    fn check(&self) -> Result<(), StorageError> {
        if self.unavailable {
            Err(StorageError::Unavailable("SecurityError".into()))
        } else {
            Ok(())
        }
    }

    pub fn used(&self) -> usize {
        self.map.iter().map(|(k, v)| stored_bytes(k, v)).sum()
    }
}

impl Backend for MemoryBackend {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.check()?;
        Ok(self.map.get(key).cloned())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        self.check()?;
        if self.fail_after_writes.is_some_and(|n| self.writes >= n) {
            return Err(StorageError::Quota);
        }
        if let Some(quota) = self.quota {
            let old = self.map.get(key).map_or(0, |v| stored_bytes(key, v));
            if self.used() - old + stored_bytes(key, value) > quota {
                return Err(StorageError::Quota);
            }
        }
        self.writes += 1;
        self.map.insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        self.check()?;
        self.map.remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StorageError> {
        self.check()?;
        Ok(self.map.keys().cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn utf16_length_of_every_width_of_character() {
        for s in [
            "",
            "a",
            "plain ASCII, longer than eight bytes",
            "é",
            "“quotes” — dash",
            "日本語のテキスト",
            "🇺🇦 flag, 😀 emoji, 𝄞 clef",
            "e\u{301} combining, then more than eight ASCII bytes after it",
            "1234567🇺🇦",
        ] {
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s}");
        }
        assert_eq!(stored_bytes("k", "😀"), 2 * (1 + 2));
    }

    proptest! {
        #[test]
        fn utf16_length_matches_the_standard_library(s in any::<String>()) {
            prop_assert_eq!(utf16_len(&s), s.encode_utf16().count());
        }

        /// Runs of ASCII (the eight-byte path) between other characters.
        #[test]
        fn utf16_length_of_ascii_runs_between_other_characters(
            s in "([a-z .,]{1,20}|\\PC){0,12}",
        ) {
            prop_assert_eq!(utf16_len(&s), s.encode_utf16().count());
        }
    }
}
