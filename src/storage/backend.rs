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
    2 * (key.encode_utf16().count() + value.encode_utf16().count())
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
