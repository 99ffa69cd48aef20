//! The screens' names, in tab order.

use serde::{Deserialize, Serialize};

/// The screens, in the order of the tab bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Screen {
    /// Delegations by kind with their counts.
    #[default]
    Registry,
    /// The table of delegates and the edit form.
    Delegates,
    /// CSV import with preview.
    Import,
    /// Badge preview and printing.
    Badges,
    /// The door kiosk.
    Door,
    /// Counts and arrivals.
    Dashboard,
    /// Backups, restore, the audit chain, the purge of personal data.
    Records,
    /// The badge template, with live preview.
    Design,
    /// The event: title, days, zones, categories.
    Event,
    /// The list of participants (PDF or CSV).
    Participants,
    /// Door stations: door copies, scan exports and merges.
    Stations,
}

impl Screen {
    /// Every screen, in tab order: the order of their shortcuts (Ctrl+1 to Ctrl+9, Ctrl+0,
    /// then Ctrl+B), so the Go menu, the tabs and the keys agree.
    pub const ALL: [Screen; 11] = [
        Self::Registry,
        Self::Delegates,
        Self::Import,
        Self::Badges,
        Self::Door,
        Self::Dashboard,
        Self::Event,
        Self::Participants,
        Self::Stations,
        Self::Records,
        Self::Design,
    ];

    /// The tab's title.
    pub fn title(self) -> String {
        crate::i18n::tr(match self {
            Self::Registry => "screen-registry",
            Self::Delegates => "screen-delegates",
            Self::Import => "screen-import",
            Self::Badges => "screen-badges",
            Self::Door => "screen-door",
            Self::Dashboard => "screen-dashboard",
            Self::Records => "screen-records",
            Self::Design => "screen-design",
            Self::Event => "screen-event",
            Self::Participants => "screen-participants",
            Self::Stations => "screen-stations",
        })
    }
}
