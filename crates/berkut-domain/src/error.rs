//! Validation errors that name the field a user got wrong.

use std::fmt;

/// A value supplied by a user or a file failed validation.
///
/// `field` is the name of the input field (as the CLI, API and import formats
/// spell it), so an error can point at exactly what to correct.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    /// The input field, e.g. `ground`, `birth_dates[1]`, `reason`.
    pub field: String,
    /// What is wrong, in one sentence an officer can act on.
    pub message: String,
}

impl ValidationError {
    /// A new error for `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error reported under another field name (for nested values:
    /// `date` becomes `birth_dates[2]`).
    #[must_use]
    pub fn in_field(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// A command that is well-formed but not allowed in the current state
/// (lifting a ban that is already lifted, referring to an unknown person).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// Input validation failed.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The command names something that does not exist.
    #[error("{field}: {what} not found: {id}")]
    NotFound {
        /// The input field that named it (`person_id`, `ban_id`).
        field: &'static str,
        /// Kind of thing (`person`, `ban`).
        what: &'static str,
        /// The id that was given.
        id: String,
    },
    /// The thing exists already (e.g. a person id that is taken).
    #[error("{what} already exists: {id}")]
    AlreadyExists {
        /// Kind of thing.
        what: &'static str,
        /// The id that was given.
        id: String,
    },
    /// The status machine does not allow this transition.
    #[error("{0}")]
    Transition(String),
}
