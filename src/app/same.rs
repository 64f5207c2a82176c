//! `Same(rc)`: an `Rc` compared by address, for hook dependencies and props that must notice a
//! new value without comparing its contents (10,000 spans) on every render. Holding the `Rc`
//! keeps it alive, so a new value can never reuse the address of the one compared against.

use std::rc::Rc;

#[derive(Debug)]
pub struct Same<T>(pub Rc<T>);

impl<T> Clone for Same<T> {
    fn clone(&self) -> Self {
        Same(self.0.clone())
    }
}

impl<T> std::ops::Deref for Same<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_by_address_not_contents() {
        let a = Rc::new(vec![1, 2, 3]);
        let b = Rc::new(vec![1, 2, 3]);
        assert!(Same(a.clone()) == Same(a.clone()));
        assert!(Same(a) != Same(b));
    }
}
