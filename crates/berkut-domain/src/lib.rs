//! Berkut domain model.
