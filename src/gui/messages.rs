//! Messages belong to the screen that made them: a status-bar message is shown on the
//! screen that was current when it appeared, and dropped when the user moves to another
//! screen (an import error does not follow the user to the Delegates screen).

use super::app::{AccreditApp, Message, Screen};

/// Which message the status bar shows, and for which screen.
#[derive(Debug, Default)]
pub struct MessageScope {
    /// The message as last seen (to notice a new one).
    seen: Option<Message>,
    /// The screen it belongs to.
    screen: Option<Screen>,
}

impl AccreditApp {
    /// Called once per frame before the status bar is drawn.
    pub(super) fn scope_message(&mut self) {
        let scope = &mut self.message_scope;
        if self.message != scope.seen {
            scope.seen = self.message.clone();
            scope.screen = Some(self.prefs.screen);
        } else if self.message.is_some() && scope.screen != Some(self.prefs.screen) {
            self.message = None;
            scope.seen = None;
        }
    }
}
