//! The one I/O error of the core: what was being done, the operating system's reason, and the
//! file. Every module's error enum wraps it (`Io(IoError)`), so a failed read or write is
//! reported the same way everywhere: `cannot read the photo: No such file or directory (os
//! error 2): /photos/12.jpg`.

use std::path::Path;

/// A file could not be read or written.
///
/// The message holds the whole story (action, reason, path); the OS error is deliberately not
/// a `source()`, so that a printed chain (`{:#}`) does not repeat it.
#[derive(Debug, thiserror::Error)]
#[error("{action}: {error}: {path}")]
pub struct IoError {
    /// What was being done ("cannot read the import file").
    pub action: &'static str,
    /// The operating system's error.
    pub error: std::io::Error,
    /// The file or folder, as shown to the user.
    pub path: String,
}

impl IoError {
    /// An error doing `action` on `path`.
    pub fn new(action: &'static str, path: impl AsRef<Path>, error: std::io::Error) -> Self {
        Self {
            action,
            error,
            path: path.as_ref().display().to_string(),
        }
    }

    /// A mapper for `map_err`: `.map_err(IoError::at("cannot open", path))?`.
    pub fn at(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Self + use<> {
        let path = path.display().to_string();
        move |error| Self { action, error, path }
    }

    /// The kind of the operating system's error.
    pub fn kind(&self) -> std::io::ErrorKind {
        self.error.kind()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_action_reason_and_path_once() {
        let e =
            IoError::at("cannot read the photo", Path::new("/p/12.jpg"))(std::io::ErrorKind::NotFound.into());
        let shown = format!("{e}");
        assert!(shown.starts_with("cannot read the photo: "), "{shown}");
        assert!(shown.ends_with(": /p/12.jpg"), "{shown}");
        assert!(std::error::Error::source(&e).is_none());
        assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
    }
}
