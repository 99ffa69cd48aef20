//! The Door screen: a kiosk for the entrance. A USB scanner's bursts are scans whatever
//! field has the keyboard ([`super::wedge`]); the verdict fills the screen in its colour with
//! the guard's words (WELCOME, ALREADY ENTERED 09:12 AT DOOR A, ...), the code small beneath,
//! the scan time and a running number, and returns to "Ready: scan a badge" after a set
//! time. Beside it ([`side`]): today's counters, who is inside, the last scans
//! (annul), lookup by name for a forgotten badge, override, the station's direction and zone,
//! settings and door mode.
//!
//! Parts: this file (the screen's state and the scanner's interception), [`view`] (the
//! verdict, the scan field, the reason dialogs), [`side`] (the side panel), [`apply`] (what
//! its commands do: scans, overrides, annulments, the roll, door mode).

pub mod apply;
pub mod side;
pub mod view;

pub use crate::gui::context::OverrideTarget;
pub use view::{candidate_ui, category_chip, ui};

use std::collections::HashMap;

use egui::Color32;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::checkin::{Direction, Door, LogEntry, Match, Presence, TodayCounts, Tone, Verdict, log};
use crate::gui::context::Command;
use crate::gui::wedge::{Wedge, WedgeSettings};

/// The station's door settings, remembered between runs (no personal data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DoorPrefs {
    /// Seconds a verdict stays before "Ready: scan a badge" (default 5).
    pub reset_secs: f32,
    /// Longest pause between two characters of a scanner burst, ms (default 50).
    pub burst_gap_ms: u32,
    /// A prefix the scanner sends before each payload (optional).
    pub prefix: String,
    /// Play a sound per verdict tone (where a sound player and device exist).
    pub sound: bool,
    /// Entry or exit.
    pub direction: Direction,
    /// The zone guarded (`None`: the entrance).
    pub zone: Option<String>,
    /// The language the Door screen speaks (`None`: the desk's).
    pub lang: Option<crate::i18n::Lang>,
}

impl Default for DoorPrefs {
    fn default() -> Self {
        Self {
            reset_secs: 5.0,
            burst_gap_ms: 50,
            prefix: String::new(),
            sound: false,
            direction: Direction::In,
            zone: None,
            lang: None,
        }
    }
}

impl DoorPrefs {
    /// The burst detection settings.
    pub fn wedge(&self) -> WedgeSettings {
        WedgeSettings {
            gap: f64::from(self.burst_gap_ms.clamp(5, 500)) / 1000.0,
            prefix: self.prefix.clone(),
        }
    }
}

/// A scan to annul (the reason dialog is open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnulTarget {
    /// The scan's UUID.
    pub scan_id: String,
    /// What it was, for people ("ADMITTED 09:12 Anna GRUBER").
    pub what: String,
}

/// At most this many delegates are listed by the name lookup.
pub const LOOKUP_LIMIT: usize = 12;

/// State of the Door screen.
#[derive(Debug, Default)]
pub struct DoorView {
    /// The scan field.
    pub scan: String,
    /// The payload of the last scan.
    pub last_payload: String,
    /// The last verdict (shown until the reset time has passed).
    pub verdict: Option<Verdict>,
    /// Frame time (seconds) the last verdict was shown at.
    pub shown_at: f64,
    /// Running number of the verdicts shown since the app started.
    pub seq: u64,
    /// The last scans of today, newest first.
    pub recent: Vec<LogEntry>,
    /// UUIDs among `recent` that were annulled.
    pub annulled: std::collections::HashSet<String>,
    /// Today's counters.
    pub today: TodayCounts,
    /// Who is inside now.
    pub inside: Option<Presence>,
    /// The "who is inside" list is open.
    pub show_inside: bool,
    /// Station names by logged station.
    pub station_names: HashMap<String, String>,
    /// This station's id.
    pub this_station: String,
    /// This station's name as being typed.
    pub name_edit: String,
    /// The zone this station guards (`None`: the building entrance).
    pub zone: Option<String>,
    /// Entry or exit.
    pub direction: Direction,
    /// Name lookup text.
    pub lookup: String,
    /// Lookup results.
    pub matches: Vec<Match>,
    /// Photos of lookup results and override candidates (`None`: none on file).
    pub photos: HashMap<i64, Option<Vec<u8>>>,
    /// An override being asked for (the reason dialog is open).
    pub override_target: Option<OverrideTarget>,
    /// The override reason being typed.
    pub reason: String,
    /// An annulment being asked for (the reason dialog is open).
    pub annul_target: Option<AnnulTarget>,
    /// The annulment reason being typed.
    pub annul_reason: String,
    /// PIN typed to leave door mode or to open the supervisor's tools.
    pub pin: String,
    /// In door mode: the supervisor gave the PIN (lookup, override, annul are shown).
    pub supervisor: bool,
    /// New PIN typed at the desk.
    pub new_pin: String,
    /// Give the keyboard back to the scan field on the next frame, even from another field
    /// (after an override, after Escape).
    pub focus_scan: bool,
    /// Rehearsal clock: added to the real time for every scan (set from `ACCREDIT_AT`).
    pub clock_shift: Option<time::Duration>,
    /// The scanner's bursts being received.
    pub wedge: Wedge,
    /// The lookup text and data generation the matches were computed for.
    pub(crate) looked_up: (String, u64),
    /// The door engine, opened on first use; the one engine keeps its scan count between
    /// scans, so [`Door::housekeeping`] knows when a checkpoint is due.
    pub(crate) engine: Option<Door>,
    /// The frame number from which the door's housekeeping may run (after a verdict shows).
    pub(crate) housekeeping_after: Option<u64>,
}

impl DoorView {
    /// The time a scan happens now (real time, or the rehearsal clock).
    pub fn now(&self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc();
        match self.clock_shift {
            Some(d) => now + d,
            None => now,
        }
    }

    /// Runs the rehearsal clock from `at` (scans are logged as if it were `at` now).
    pub fn set_rehearsal_clock(&mut self, at: OffsetDateTime) {
        self.clock_shift = Some(at - OffsetDateTime::now_utc());
    }

    /// Shows a new verdict: restarts the reset time and counts it.
    pub fn show_verdict(&mut self, v: Verdict, now: f64) {
        self.verdict = Some(v);
        self.shown_at = now;
        self.seq += 1;
    }

    /// Whether the verdict is still shown at frame time `now` (else "Ready").
    pub fn showing(&self, now: f64, prefs: &DoorPrefs) -> bool {
        self.verdict.is_some() && (now - self.shown_at) < f64::from(prefs.reset_secs.max(0.5))
    }

    /// The station as people know it.
    pub fn station_name(&self, station: &str) -> String {
        crate::checkin::rules::station_name(&self.station_names, station)
    }
}

/// The colours of a verdict's panel: its tone's, except an exit (GOODBYE), which is blue so
/// it is never taken for a WELCOME.
pub fn verdict_colours(code: crate::checkin::VerdictCode) -> (Color32, Color32) {
    if code == crate::checkin::VerdictCode::Exit {
        (Color32::from_rgb(21, 87, 176), Color32::WHITE)
    } else {
        tone_colours(code.tone())
    }
}

/// The colours of a verdict: background and text.
pub fn tone_colours(tone: Tone) -> (Color32, Color32) {
    match tone {
        Tone::Go => (Color32::from_rgb(27, 127, 59), Color32::WHITE),
        Tone::Warn => (Color32::from_rgb(240, 176, 0), Color32::BLACK),
        Tone::Stop => (Color32::from_rgb(198, 40, 40), Color32::WHITE),
    }
}

/// Takes the frame's key and text events before any widget sees them: scanner bursts become
/// scans (sent as commands, in order), typing goes on to the focused field. Call before the
/// widgets are drawn, while the Door screen is shown.
pub fn intercept_scanner(
    view: &mut DoorView,
    prefs: &DoorPrefs,
    ctx: &egui::Context,
    cmds: &mut Vec<Command>,
) {
    let settings = prefs.wedge();
    let frame = ctx.cumulative_frame_nr();
    let filtered = ctx.input_mut(|i| {
        let events = std::mem::take(&mut i.events);
        let f = view.wedge.filter(i.time, frame, events, &settings);
        i.events = f.events;
        (f.scans, f.holding)
    });
    let (scans, holding) = filtered;
    if holding {
        ctx.request_repaint();
    }
    for payload in scans {
        let payload = payload.trim().to_string();
        if !payload.is_empty() {
            cmds.push(Command::Scan(payload));
        }
    }
}

/// The local time of a logged time, `09:12:03`.
pub fn local_clock(at: &str, offset: time::UtcOffset) -> String {
    match log::parse_at(at) {
        Some(t) => {
            let t = t.to_offset(offset);
            format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
        }
        None => at.to_string(),
    }
}

/// The `meta` key remembering that the station is in door mode (survives a restart).
pub const DOOR_MODE_KEY: &str = "gui.door_mode";
