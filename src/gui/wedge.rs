//! The keyboard-wedge scanner: a USB scanner types the badge's payload as key events, a few
//! milliseconds per character, then Enter. While the Door screen is shown, [`Wedge::filter`]
//! takes the frame's raw key and text events **before any widget sees them**: a burst
//! (characters faster than a person types, or starting with the configured prefix, ending
//! with Enter) becomes a scan, whatever field has the keyboard, and never lands in a field.
//! Characters typed by a person are handed on to the focused field unchanged, in order,
//! once it is clear they are not a burst (one gap later, 50 ms by default).
//!
//! The decision uses the frame time of the characters' arrival and the frame numbers: a
//! character that arrives in the same frame as the previous one, or in the next frame, or
//! within the gap, belongs to the same burst (a slow frame delays characters but does not
//! split a burst).

use egui::{Event, Key};

/// Fewest characters a burst must have to be a scan (shorter bursts are typing).
pub const MIN_SCAN_CHARS: usize = 3;

/// The settings of burst detection.
#[derive(Debug, Clone, PartialEq)]
pub struct WedgeSettings {
    /// Longest pause between two characters of a scan, in seconds (default 0.05).
    pub gap: f64,
    /// A prefix the scanner sends before each payload (optional, removed from the payload):
    /// with it, a scan is recognised whatever the timing.
    pub prefix: String,
}

impl Default for WedgeSettings {
    fn default() -> Self {
        Self {
            gap: 0.05,
            prefix: String::new(),
        }
    }
}

/// The burst being received.
#[derive(Debug, Default, Clone)]
pub struct Wedge {
    pending: String,
    burst: bool,
    last_at: f64,
    last_frame: u64,
    swallow_enter_release: bool,
}

/// What a frame's events become.
#[derive(Debug, Default)]
pub struct Filtered {
    /// The events widgets may see, in order.
    pub events: Vec<Event>,
    /// Payloads scanned in this frame, in order.
    pub scans: Vec<String>,
    /// Characters are being held (repaint soon to hand them on or finish the scan).
    pub holding: bool,
}

impl Wedge {
    /// Whether characters are being held back.
    pub fn holding(&self) -> bool {
        !self.pending.is_empty()
    }

    fn close_to_last(&self, now: f64, frame: u64, gap: f64) -> bool {
        frame <= self.last_frame + 1 || now - self.last_at <= gap
    }

    /// The longest pause that keeps the held characters together: the gap, or 0.3 s once
    /// they are known to be a burst.
    fn limit(&self, s: &WedgeSettings) -> f64 {
        if self.burst { s.gap.max(0.3) } else { s.gap }
    }

    fn starts_burst(&self, s: &WedgeSettings) -> bool {
        !s.prefix.is_empty() && self.pending.starts_with(&s.prefix)
    }

    /// Splits the frame's `events` into what the widgets see and the payloads scanned.
    /// `now` is the frame time in seconds, `frame` the frame number.
    pub fn filter(&mut self, now: f64, frame: u64, events: Vec<Event>, s: &WedgeSettings) -> Filtered {
        let mut out = Filtered::default();
        let brings_text = events
            .iter()
            .any(|e| matches!(e, Event::Text(t) if !t.is_empty()));
        // Held characters with nothing following for a full frame and the gap: typing (a
        // burst that never ends with Enter is handed on after 0.3 s).
        if self.holding() && !brings_text && !self.close_to_last(now, frame, self.limit(s)) {
            out.events.push(Event::Text(std::mem::take(&mut self.pending)));
            self.burst = false;
        }
        for ev in events {
            match ev {
                Event::Text(t) if !t.is_empty() => {
                    if self.pending.is_empty() {
                        self.burst = t.chars().count() > 1;
                        self.pending = t;
                    } else if self.close_to_last(now, frame, self.limit(s)) {
                        self.pending.push_str(&t);
                        self.burst = true;
                    } else {
                        out.events.push(Event::Text(std::mem::take(&mut self.pending)));
                        self.burst = t.chars().count() > 1;
                        self.pending = t;
                    }
                    self.burst |= self.starts_burst(s);
                    self.last_at = now;
                    self.last_frame = frame;
                }
                Event::Key {
                    key: Key::Enter,
                    pressed: true,
                    modifiers,
                    ..
                } if self.holding() && !modifiers.command && !modifiers.alt => {
                    let payload = std::mem::take(&mut self.pending);
                    let payload = match payload.strip_prefix(s.prefix.as_str()) {
                        Some(rest) if !s.prefix.is_empty() => rest.to_string(),
                        _ => payload,
                    };
                    if self.burst
                        && self.close_to_last(now, frame, self.limit(s))
                        && payload.chars().count() >= MIN_SCAN_CHARS
                    {
                        out.scans.push(payload);
                        self.swallow_enter_release = true;
                    } else {
                        out.events.push(Event::Text(payload));
                        out.events.push(ev);
                    }
                    self.burst = false;
                }
                Event::Key {
                    key: Key::Enter,
                    pressed: false,
                    ..
                } if self.swallow_enter_release => self.swallow_enter_release = false,
                // The key events of held characters (a focused button must not react to them).
                Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } if self.holding() && !modifiers.command && !modifiers.alt && is_text_key(key) => {}
                other => out.events.push(other),
            }
        }
        out.holding = self.holding();
        out
    }
}

/// Keys that type a character (their `Text` event carries it).
fn is_text_key(key: Key) -> bool {
    let name = key.name();
    name.chars().count() == 1 || matches!(key, Key::Space)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Event {
        Event::Text(s.into())
    }
    fn enter() -> Event {
        Event::Key {
            key: Key::Enter,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        }
    }

    #[test]
    fn a_burst_is_a_scan_and_typing_goes_on_to_the_field() {
        let s = WedgeSettings::default();
        let mut w = Wedge::default();
        // Scanner: many characters in a frame, then the rest and Enter in the next.
        let f = w.filter(1.0, 10, vec![text("A"), text("C"), text("1")], &s);
        assert!(f.events.is_empty() && f.holding);
        let f = w.filter(1.08, 11, vec![text(":"), text("X"), enter()], &s);
        assert_eq!(f.scans, ["AC1:X"]);
        assert!(f.events.is_empty());
        // A person: one character, then nothing for a while: handed on.
        let f = w.filter(2.0, 20, vec![text("d")], &s);
        assert!(f.events.is_empty());
        let f = w.filter(2.02, 21, vec![], &s);
        assert!(f.events.is_empty(), "still within the gap");
        let f = w.filter(2.1, 22, vec![], &s);
        assert!(matches!(&f.events[..], [Event::Text(t)] if t == "d"));
        // A person typing a short word and Enter slowly: the Enter reaches the field too.
        w.filter(3.0, 30, vec![text("4")], &s);
        let f = w.filter(3.3, 40, vec![enter()], &s);
        assert!(f.scans.is_empty());
        assert!(matches!(&f.events[..], [Event::Text(t), Event::Key { key: Key::Enter, .. }] if t == "4"));
        // With a prefix, the timing does not matter and the prefix is removed.
        let s = WedgeSettings {
            prefix: "~".into(),
            ..WedgeSettings::default()
        };
        w.filter(4.0, 50, vec![text("~")], &s);
        w.filter(4.1, 55, vec![], &s);
        w.filter(4.2, 60, vec![text("PAY")], &s);
        let f = w.filter(4.25, 62, vec![enter()], &s);
        assert_eq!(f.scans, ["PAY"]);
    }
}
