//! Errors shown with their causes: a guard or a desk user sees why, not only what failed.

/// An error in words with every cause after it (`outer: inner: innermost`), so the desk
/// or the guard sees why, not only what failed.
pub fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        // Many core errors already name their cause (`{0}`, `{action}: {source}: {path}`):
        // a cause is added only when its words are not there yet.
        if !more.is_empty() && !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot open the database")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn chain_names_every_cause_once() {
        let e = Outer(std::io::Error::other("disk full"));
        assert_eq!(chain(&e), "cannot open the database: disk full");
        let io = std::io::Error::other("disk full");
        assert_eq!(chain(&io), "disk full");
        // The core's I/O errors put the path last and already say the cause.
        let named = crate::registry::RegistryError::from(crate::io_error::IoError::new(
            "cannot write",
            "/tmp/x.pdf",
            std::io::Error::other("disk full"),
        ));
        assert_eq!(chain(&named), "cannot write: disk full: /tmp/x.pdf");
    }
}
