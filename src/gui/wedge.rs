//! The keyboard-wedge scanner: a USB scanner types the badge's payload as key events, a few
//! milliseconds per character, then Enter. While the Door screen is shown, [`Wedge::filter`]
//! takes the frame's raw key and text events **before any widget sees them**: a burst
//! (characters faster than a person types, or starting with the configured prefix, ending
//! with Enter) becomes a scan, whatever field has the keyboard, and never lands in a field.
//! Characters typed by a person are handed on to the focused field unchanged, in order,
//! once it is clear they are not a burst: when the next character comes slower than the gap
//! (50 ms by default), or after half a second without one.

use egui::{Event, Key};

// The decision: held characters belong together when they arrive in the same frame, within
// the gap, or at a mean rate faster than the gap (slow frames deliver a scanner's characters
// in lumps, so the mean over the burst is what tells a scanner from a person).

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
    /// The held characters came at a scanner's rate (latched: a pause later does not undo it).
    burst: bool,
    first_at: f64,
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

    /// The mean time between the held characters if `extra` more arrive at `now`: a scanner
    /// stays far below the gap even when slow frames deliver its characters in lumps.
    fn mean_interval(&self, now: f64, extra: usize) -> f64 {
        let n = self.pending.chars().count() + extra;
        (now - self.first_at) / n.saturating_sub(1).max(1) as f64
    }

    /// Whether the held characters are a burst: they came with the prefix, or faster than
    /// the gap on average.
    fn is_burst(&self, s: &WedgeSettings) -> bool {
        self.burst
            || (!s.prefix.is_empty() && self.pending.starts_with(&s.prefix))
            || (self.pending.chars().count() >= MIN_SCAN_CHARS
                && self.mean_interval(self.last_at, 0) <= s.gap)
    }

    fn start(&mut self, t: String, now: f64, frame: u64) {
        self.burst = false;
        self.pending = t;
        self.first_at = now;
        self.last_at = now;
        self.last_frame = frame;
    }

    /// Splits the frame's `events` into what the widgets see and the payloads scanned.
    /// `now` is the frame time in seconds, `frame` the frame number.
    pub fn filter(&mut self, now: f64, frame: u64, events: Vec<Event>, s: &WedgeSettings) -> Filtered {
        let mut out = Filtered::default();
        let frame_chars: usize = events
            .iter()
            .map(|e| match e {
                Event::Text(t) => t.chars().count(),
                _ => 0,
            })
            .sum();
        // Held characters with nothing following for a while are typing: after 0.5 s (or
        // the gap, if longer; a busy machine may pause a scanner's stream that long). A burst
        // waits for its Enter up to a second (no person types that fast), then goes on too.
        let limit = if self.is_burst(s) {
            s.gap.max(1.0)
        } else {
            s.gap.max(0.5)
        };
        if self.holding() && frame_chars == 0 && now - self.last_at > limit {
            out.events.push(Event::Text(std::mem::take(&mut self.pending)));
            self.burst = false;
        }
        let mut first_in_frame = true;
        for ev in events {
            match ev {
                // Several characters in one event come from an input method or a paste, not
                // from a keyboard wedge (one event per key): they go on to the field.
                Event::Text(t) if !self.holding() && t.chars().count() > 1 => out.events.push(Event::Text(t)),
                Event::Text(t) if !t.is_empty() => {
                    let together = self.holding()
                        && (self.last_frame == frame
                            || now - self.last_at <= s.gap
                            || (first_in_frame && self.mean_interval(now, frame_chars) <= s.gap)
                            || self.is_burst(s));
                    if together {
                        self.pending.push_str(&t);
                        self.last_at = now;
                        self.last_frame = frame;
                        self.burst = self.is_burst(s);
                    } else {
                        if self.holding() {
                            out.events.push(Event::Text(std::mem::take(&mut self.pending)));
                        }
                        self.start(t, now, frame);
                    }
                    first_in_frame = false;
                }
                Event::Key {
                    key: Key::Enter,
                    pressed: true,
                    modifiers,
                    ..
                } if self.holding() && !modifiers.command && !modifiers.alt => {
                    let burst = self.is_burst(s);
                    self.burst = false;
                    let payload = std::mem::take(&mut self.pending);
                    let payload = match payload.strip_prefix(s.prefix.as_str()) {
                        Some(rest) if !s.prefix.is_empty() => rest.to_string(),
                        _ => payload,
                    };
                    if burst && payload.chars().count() >= MIN_SCAN_CHARS {
                        out.scans.push(payload);
                        self.swallow_enter_release = true;
                    } else {
                        out.events.push(Event::Text(payload));
                        out.events.push(ev);
                    }
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
        let f = w.filter(2.4, 21, vec![], &s);
        assert!(
            f.events.is_empty(),
            "still held: it may be a scan's first character"
        );
        let f = w.filter(2.6, 22, vec![], &s);
        assert!(matches!(&f.events[..], [Event::Text(t)] if t == "d"));
        // A person typing a short word and Enter slowly: the Enter reaches the field too.
        w.filter(3.0, 30, vec![text("4")], &s);
        let f = w.filter(3.6, 40, vec![enter()], &s);
        assert!(f.scans.is_empty());
        assert!(matches!(&f.events[..], [Event::Text(t), Event::Key { key: Key::Enter, .. }] if t == "4"));
        // A person typing while frames are slow (one character per 100 ms frame): typing.
        let mut w = Wedge::default();
        let mut events = Vec::new();
        for (i, c) in "wrong badge".chars().enumerate() {
            let f = w.filter(
                5.0 + 0.12 * i as f64,
                100 + i as u64,
                vec![text(&c.to_string())],
                &s,
            );
            events.extend(f.events);
        }
        let f = w.filter(6.5, 120, vec![enter()], &s);
        assert!(f.scans.is_empty());
        events.extend(f.events);
        let typed: String = events
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(typed, "wrong badge");
        // A scanner while frames are slow: the first character alone at the end of a frame,
        // the rest 100 ms later in one lump, Enter in the frame after.
        let mut w = Wedge::default();
        assert!(w.filter(7.0, 200, vec![text("A")], &s).events.is_empty());
        let lump: Vec<Event> = "C1:AATIP15:1:1:DEL"
            .chars()
            .map(|c| text(&c.to_string()))
            .collect();
        assert!(w.filter(7.1, 201, lump, &s).events.is_empty());
        let f = w.filter(7.2, 202, vec![enter()], &s);
        assert_eq!(f.scans, ["AC1:AATIP15:1:1:DEL"]);
        // A scanner's stream paused by a busy machine: still one scan.
        let mut w = Wedge::default();
        for (i, c) in "AC1:AATIP15".chars().enumerate() {
            w.filter(8.0 + 0.002 * i as f64, 300, vec![text(&c.to_string())], &s);
        }
        assert!(
            w.filter(8.6, 301, vec![], &s).events.is_empty(),
            "held over a 0.6 s pause"
        );
        w.filter(8.62, 302, vec![text("X")], &s);
        assert_eq!(w.filter(8.63, 303, vec![enter()], &s).scans, ["AC1:AATIP15X"]);
        // Text of an input method (several characters in one event) goes straight on.
        let f = w.filter(9.0, 310, vec![text("Đorđe")], &s);
        assert!(matches!(&f.events[..], [Event::Text(t)] if t == "Đorđe"));
        // With a prefix, the timing does not matter and the prefix is removed.
        let s = WedgeSettings {
            prefix: "~".into(),
            ..WedgeSettings::default()
        };
        w.filter(4.0, 50, vec![text("~")], &s);
        w.filter(4.1, 55, vec![], &s);
        w.filter(4.2, 60, vec![text("P"), text("A"), text("Y")], &s);
        let f = w.filter(4.25, 62, vec![enter()], &s);
        assert_eq!(f.scans, ["PAY"]);
    }
}
