//! Notices: what the app tells the user, as a status message or an alert.

/// How a notice is shown: `Info` as a status message, `Error` as an alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub id: u32,
    pub kind: NoticeKind,
    pub text: String,
}

/// At most this many notices are kept (the oldest go first).
pub const MAX_NOTICES: usize = 4;
