//! The browser's localStorage behind the [`Backend`] trait. Quota errors are recognised by
//! every name and code browsers use (QuotaExceededError, NS_ERROR_DOM_QUOTA_REACHED, 22, 1014).

use wasm_bindgen::{JsCast, JsValue};

use super::backend::{Backend, StorageError};
use super::schema::PREFIX;

pub struct LocalStorage {
    storage: web_sys::Storage,
}

fn classify(error: &JsValue) -> StorageError {
    if let Some(e) = error.dyn_ref::<web_sys::DomException>() {
        let name = e.name();
        if name == "QuotaExceededError"
            || name == "NS_ERROR_DOM_QUOTA_REACHED"
            || e.code() == 22
            || e.code() == 1014
        {
            return StorageError::Quota;
        }
        return StorageError::Unavailable(name);
    }
    StorageError::Unavailable("unknown error".into())
}

impl LocalStorage {
    /// The page's localStorage, or why it cannot be used (it may throw on access).
    pub fn open() -> Result<Self, StorageError> {
        let window = web_sys::window().ok_or(StorageError::Unavailable("no window".into()))?;
        match window.local_storage() {
            Ok(Some(storage)) => Ok(LocalStorage { storage }),
            Ok(None) => Err(StorageError::Unavailable("no localStorage".into())),
            Err(e) => Err(classify(&e)),
        }
    }
}

impl Backend for LocalStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.storage.get_item(key).map_err(|e| classify(&e))
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        self.storage.set_item(key, value).map_err(|e| classify(&e))
    }

    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        self.storage.remove_item(key).map_err(|e| classify(&e))
    }

    /// Only Marginalia's keys.
    fn keys(&self) -> Result<Vec<String>, StorageError> {
        let n = self.storage.length().map_err(|e| classify(&e))?;
        let mut keys = Vec::new();
        for i in 0..n {
            if let Some(key) = self.storage.key(i).map_err(|e| classify(&e))? {
                if key.starts_with(PREFIX) {
                    keys.push(key);
                }
            }
        }
        Ok(keys)
    }
}
