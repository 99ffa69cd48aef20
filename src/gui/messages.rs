//! Messages belong to the screen that made them: a status-bar message is shown on the
//! screen that was current when it appeared, and dropped when the user moves to another
//! screen (an import error does not follow the user to the Delegates screen).

use super::context::{Message, Screen};

/// Which message the status bar shows, and for which screen.
#[derive(Debug, Default)]
pub struct MessageScope {
    /// The message as last seen (to notice a new one).
    seen: Option<Message>,
    /// The screen it belongs to.
    screen: Option<Screen>,
}

impl MessageScope {
    /// Called once per frame before the status bar is drawn: a new message belongs to the
    /// screen shown; an old one is dropped once another screen shows.
    pub fn scope(&mut self, message: &mut Option<Message>, shown: Screen) {
        if *message != self.seen {
            self.seen = message.clone();
            self.screen = Some(shown);
        } else if message.is_some() && self.screen != Some(shown) {
            *message = None;
            self.seen = None;
        }
    }
}
