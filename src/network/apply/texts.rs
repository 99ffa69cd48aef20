//! The text fields of a received signed scan, held to the same rules as those typed here:
//! a station, operator or reason with a control character (ESC), an invisible or
//! bidirectional character (RLO) or longer than its limit is malformed, whoever signed it.

use crate::registry::limits::{MAX_OPERATOR_CHARS, MAX_REASON_CHARS, MAX_STATION_CHARS, check_label};
use crate::registry::scan_log::LogEntry;

/// Whether the scan's texts keep the limits and character rules.
pub(super) fn scan_texts_ok(e: &LogEntry) -> bool {
    check_label("station", &e.station, MAX_STATION_CHARS).is_ok()
        && check_label("operator", &e.operator, MAX_OPERATOR_CHARS).is_ok()
        && check_label("reason", &e.override_reason, MAX_REASON_CHARS).is_ok()
        && check_label("zone", &e.zone, MAX_STATION_CHARS).is_ok()
}
