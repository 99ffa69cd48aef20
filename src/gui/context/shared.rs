//! The small types commands carry, shared by the screen that sends them and the code that
//! applies them: whom an override admits, the answer to "unsaved changes", and the requests
//! of the Badge design and Records screens.

use std::path::PathBuf;

use crate::badge::template::BadgeTemplate;

/// Whom an override would admit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverrideTarget {
    /// The last scanned payload (correctly signed).
    Payload {
        /// The payload.
        payload: String,
        /// Who, for people.
        who: String,
    },
    /// A delegate found by name.
    Delegate {
        /// The delegate's id.
        id: i64,
        /// Who, for people.
        who: String,
    },
}

/// The answer to "unsaved changes".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Save the form, then go on.
    Save,
    /// Throw the edits away, then go on.
    Discard,
    /// Stay in the form; the command is dropped.
    Stay,
}

/// What the designer asks of the app (applied by `gui::design::apply`).
#[derive(Debug, Clone, PartialEq)]
pub enum DesignCommand {
    /// Load the emblem and the selected delegate (with photo) for the preview.
    Load,
    /// Save the template into the event (checked as a whole, audited).
    Save(Box<BadgeTemplate>),
}

/// What the Records screen asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordsCommand {
    /// Read the settings, the head and the reminder again.
    Refresh,
    /// Save the backup settings typed.
    SaveSettings,
    /// Make a backup now into the folder.
    BackupNow,
    /// Verify the audit chain (on the worker).
    Verify,
    /// Show the purge confirmation.
    PlanPurge,
    /// Purge, with the event code the operator typed.
    Purge(String),
    /// Check a backup file and show the restore confirmation.
    PlanRestore(PathBuf),
    /// Restore the checked file.
    Restore(PathBuf),
    /// Close a confirmation.
    Cancel,
}
