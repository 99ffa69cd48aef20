//! The fields of a badge's text lines, named by the template's elements and found by tests
//! and the preview in a laid-out badge.

/// What a text line shows (lets tests and the preview find a line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The event's title.
    EventTitle,
    /// "Title Given FAMILY".
    Name,
    /// The name in the person's own script.
    NativeName,
    /// The delegation's English name.
    Delegation,
    /// The function.
    Function,
    /// The category label in the band.
    Category,
    /// Valid days, when not every day.
    Days,
    /// Zones, when not every zone.
    Zones,
    /// The event's subtitle.
    EventSubtitle,
    /// "Valid 6-7 July 2015" (the badge's own days).
    Validity,
    /// Fixed text of the template.
    Text,
}

impl Field {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::EventTitle => "event title",
            Self::Name => "name",
            Self::NativeName => "native-script name",
            Self::Delegation => "delegation",
            Self::Function => "function",
            Self::Category => "category label",
            Self::Days => "days",
            Self::Zones => "zones",
            Self::EventSubtitle => "event subtitle",
            Self::Validity => "validity",
            Self::Text => "text",
        }
    }
}
