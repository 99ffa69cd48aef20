//! Messages belong to the screen that made them: a status-bar message is shown on the
//! screen that was current when it appeared, and dropped when the user moves to another
//! screen (an import error does not follow the user to the Delegates screen). Old messages
//! expire: a confirmation after 10 seconds, an error after 30.

use super::context::{Message, Screen};

/// Which message the status bar shows, and for which screen.
#[derive(Debug, Default)]
pub struct MessageScope {
    /// The message as last seen (to notice a new one).
    seen: Option<Message>,
    /// The screen it belongs to.
    screen: Option<Screen>,
    /// When it appeared (frame time, seconds).
    since: f64,
}

/// Seconds a confirmation stays in the status bar.
pub const INFO_SECS: f64 = 10.0;
/// Seconds an error stays in the status bar.
pub const ERROR_SECS: f64 = 30.0;

impl MessageScope {
    /// Called once per frame before the status bar is drawn: a new message belongs to the
    /// screen shown; an old one is dropped once another screen shows.
    /// `now` is the frame time; the returned time is when the message expires (to repaint
    /// then).
    pub fn scope(&mut self, message: &mut Option<Message>, shown: Screen, now: f64) -> Option<f64> {
        if *message != self.seen {
            self.seen = message.clone();
            self.screen = Some(shown);
            self.since = now;
        } else if message.is_some() && self.screen != Some(shown) {
            *message = None;
            self.seen = None;
        }
        let m = message.as_ref()?;
        let until = self.since + if m.error { ERROR_SECS } else { INFO_SECS };
        if now >= until {
            *message = None;
            self.seen = None;
            return None;
        }
        Some(until - now)
    }
}
