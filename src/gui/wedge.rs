//! The keyboard-wedge scanner: a USB scanner types the badge's payload as key events, a few
//! milliseconds per character, then Enter. While the Door screen is shown, [`Wedge::filter`]
//! takes the frame's raw key and text events **before any widget sees them**.
//!
//! A scan is what the scanner sends: a burst (characters faster than a person types, ending
//! with Enter) **of the pass format** (`AC1:` and the pass's characters, [`is_pass`]), or any
//! burst starting with the configured prefix. It becomes a scan whatever field has the
//! keyboard and never lands in a field. Everything else is typing and goes on to the focused
//! field unchanged and in order: a character that cannot begin a pass (or the prefix) is
//! never held at all, whatever the timing, so a person's typing cannot become a scan at any
//! machine load (slow frames deliver a person's characters in lumps that look like a burst:
//! their content still is not a pass). Only a character that may begin a pass is held, and
//! handed on as soon as the held text can no longer be one, when the next character comes
//! slower than the gap (50 ms by default), or after half a second without one.

use egui::{Event, Key};

// The decision: held characters belong together when they arrive in the same frame, within
// the gap, or at a mean rate faster than the gap (slow frames deliver a scanner's characters
// in lumps, so the mean over the burst is what tells a scanner from a person).

/// Fewest characters a burst must have to be a scan (shorter bursts are typing).
pub const MIN_SCAN_CHARS: usize = 3;

/// The head every pass begins with (`AC1:`).
fn pass_head() -> String {
    format!("{}:", crate::pass::PREFIX)
}

/// A character a pass may contain (the QR alphanumeric set the pass is written in).
fn pass_char(c: char) -> bool {
    c.is_ascii_digit() || c.is_ascii_uppercase() || " $%*+-./:".contains(c)
}

/// Whether `s` can be the beginning of a pass: a beginning of `AC1:`, or `AC1:` followed by
/// the pass's characters.
pub fn may_begin_pass(s: &str) -> bool {
    let head = pass_head();
    if s.len() <= head.len() {
        return head.starts_with(s);
    }
    s.starts_with(&head) && s.chars().all(pass_char)
}

/// Whether `s` is shaped like a whole pass: `AC1:` and at least the seven fields after it,
/// in the pass's characters (whether it is valid is the door's verdict).
pub fn is_pass(s: &str) -> bool {
    may_begin_pass(s) && s.len() > pass_head().len() && s.matches(':').count() >= 7
}

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

    /// Whether the held characters began with the configured prefix.
    fn prefixed(&self, s: &WedgeSettings) -> bool {
        !s.prefix.is_empty() && self.pending.starts_with(&s.prefix)
    }

    /// Whether `text` may still become a scan: the beginning of the prefix, prefixed text, or
    /// the beginning of a pass. Anything else is a person's typing.
    fn may_be_scan(text: &str, s: &WedgeSettings) -> bool {
        (!s.prefix.is_empty() && (text.starts_with(&s.prefix) || s.prefix.starts_with(text)))
            || may_begin_pass(text)
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
        // the gap, if longer). A burst of the pass format waits for its Enter up to 10 s: a
        // machine under load (software rendering, two busy cores) may deliver a scanner's
        // stream with pauses of seconds, and no person types a pass that fast; it would
        // otherwise land, split, in the focused field.
        let limit = if self.is_burst(s) {
            s.gap.max(10.0)
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
                // A character that cannot begin a scan is typing: straight on, never held.
                Event::Text(t) if !self.holding() && !Self::may_be_scan(&t, s) => {
                    out.events.push(Event::Text(t))
                }
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
                    // Held text that can no longer be a scan is a person's: on to the field.
                    if !Self::may_be_scan(&self.pending, s) {
                        out.events.push(Event::Text(std::mem::take(&mut self.pending)));
                        self.burst = false;
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
                    let prefixed = self.prefixed(s);
                    self.burst = false;
                    let held = std::mem::take(&mut self.pending);
                    let payload = match held.strip_prefix(s.prefix.as_str()) {
                        Some(rest) if prefixed => rest.to_string(),
                        _ => held.clone(),
                    };
                    // A scan: a prefixed burst, or a burst of the pass format.
                    let scan =
                        burst && payload.chars().count() >= MIN_SCAN_CHARS && (prefixed || is_pass(&payload));
                    if scan {
                        out.scans.push(payload);
                        self.swallow_enter_release = true;
                    } else {
                        out.events.push(Event::Text(held));
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
                // Another key pressed while characters are held (Backspace, an arrow, Tab): a
                // scanner sends none, so the held characters were typed; they go first.
                Event::Key { pressed: true, .. } if self.holding() => {
                    out.events.push(Event::Text(std::mem::take(&mut self.pending)));
                    self.burst = false;
                    out.events.push(ev);
                }
                other => out.events.push(other),
            }
        }
        out.holding = self.holding();
        out
    }
}

/// Keys that type a character (their `Text` event carries it).
fn is_text_key(key: Key) -> bool {
    let arrow = matches!(
        key,
        Key::ArrowDown | Key::ArrowLeft | Key::ArrowRight | Key::ArrowUp
    );
    (key.symbol_or_name().chars().count() == 1 && !arrow) || matches!(key, Key::Space)
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

    fn typed(events: &[Event]) -> String {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect()
    }

    const PASS: &str = "AC1:AATIP15:1:1:DEL:*:*:SIG";

    #[test]
    fn the_pass_format() {
        assert!(may_begin_pass("A") && may_begin_pass("AC1") && may_begin_pass("AC1:AATIP15:"));
        assert!(!may_begin_pass("Ad") && !may_begin_pass("W") && !may_begin_pass("AC1:aa"));
        assert!(is_pass(PASS));
        assert!(!is_pass("AC1:X") && !is_pass("AC1:") && !is_pass("NOT-A-BADGE"));
    }

    #[test]
    fn a_burst_of_the_pass_format_is_a_scan_and_typing_goes_on_to_the_field() {
        let s = WedgeSettings::default();
        let mut w = Wedge::default();
        // Scanner: many characters in a frame, then the rest and Enter in the next.
        let f = w.filter(1.0, 10, vec![text("A"), text("C"), text("1")], &s);
        assert!(f.events.is_empty() && f.holding);
        let rest: Vec<Event> = PASS[3..]
            .chars()
            .map(|c| text(&c.to_string()))
            .chain([enter()])
            .collect();
        let f = w.filter(1.08, 11, rest, &s);
        assert_eq!(f.scans, [PASS]);
        assert!(f.events.is_empty());
        // A person: a character that cannot begin a pass goes on at once.
        let f = w.filter(2.0, 20, vec![text("d")], &s);
        assert!(matches!(&f.events[..], [Event::Text(t)] if t == "d"));
        // One that may ("A") is held, and handed on when the next shows it cannot.
        let f = w.filter(2.1, 21, vec![text("A")], &s);
        assert!(f.events.is_empty() && f.holding);
        let f = w.filter(2.11, 21, vec![text("d")], &s);
        assert_eq!(typed(&f.events), "Ad");
        // ... or half a second later.
        w.filter(2.2, 22, vec![text("A")], &s);
        assert!(w.filter(2.4, 23, vec![], &s).events.is_empty());
        assert_eq!(typed(&w.filter(2.8, 24, vec![], &s).events), "A");
        // A fast burst that is not a pass, with Enter, is typing too (text, then Enter).
        let f = w.filter(
            3.0,
            30,
            vec![text("A"), text("C"), text("1"), text(":"), text("X"), enter()],
            &s,
        );
        assert!(f.scans.is_empty());
        assert!(
            matches!(&f.events[..], [Event::Text(t), Event::Key { key: Key::Enter, .. }] if t == "AC1:X")
        );
        // A person typing while frames are slow: whole lumps of characters in one frame
        // (a 400 ms frame holds four keys at 100 ms): typing, in order, never held.
        let mut w = Wedge::default();
        let mut events = Vec::new();
        let reason = "Wrong badge, AC1 reader: Admitted by mistake";
        for (i, lump) in reason.chars().collect::<Vec<_>>().chunks(4).enumerate() {
            let evs = lump.iter().map(|c| text(&c.to_string())).collect();
            let f = w.filter(5.0 + 0.4 * i as f64, 100 + i as u64, evs, &s);
            assert!(f.scans.is_empty());
            events.extend(f.events);
        }
        let f = w.filter(9.9, 200, vec![enter()], &s);
        assert!(f.scans.is_empty());
        events.extend(f.events);
        assert_eq!(typed(&events), reason);
        assert!(matches!(events.last(), Some(Event::Key { key: Key::Enter, .. })));
        // Backspace after a held character: the character first, then the key.
        let f = w.filter(
            10.0,
            210,
            vec![
                text("A"),
                Event::Key {
                    key: Key::Backspace,
                    physical_key: None,
                    pressed: true,
                    repeat: false,
                    modifiers: egui::Modifiers::NONE,
                },
            ],
            &s,
        );
        assert!(
            matches!(&f.events[..], [Event::Text(t), Event::Key { key: Key::Backspace, .. }] if t == "A")
        );
        // A scanner while frames are slow: the first character alone at the end of a frame,
        // the rest 100 ms later in one lump, Enter in the frame after.
        let mut w = Wedge::default();
        assert!(w.filter(7.0, 200, vec![text("A")], &s).events.is_empty());
        let lump: Vec<Event> = PASS[1..].chars().map(|c| text(&c.to_string())).collect();
        assert!(w.filter(7.1, 201, lump, &s).events.is_empty());
        let f = w.filter(7.2, 202, vec![enter()], &s);
        assert_eq!(f.scans, [PASS]);
        // A scanner's stream paused by a busy machine: still one scan.
        let mut w = Wedge::default();
        for (i, c) in "AC1:AATIP15".chars().enumerate() {
            w.filter(8.0 + 0.002 * i as f64, 300, vec![text(&c.to_string())], &s);
        }
        assert!(
            w.filter(11.0, 301, vec![], &s).events.is_empty(),
            "held over a 3 s pause (a loaded machine)"
        );
        for (i, c) in ":1:1:DEL:*:*:SIG".chars().enumerate() {
            w.filter(11.02 + 0.002 * i as f64, 302, vec![text(&c.to_string())], &s);
        }
        assert_eq!(w.filter(11.1, 303, vec![enter()], &s).scans, [PASS]);
        // Text of an input method (several characters in one event) goes straight on.
        let f = w.filter(9.0, 310, vec![text("Đorđe")], &s);
        assert!(matches!(&f.events[..], [Event::Text(t)] if t == "Đorđe"));
        // With a prefix, the timing and the content do not matter; the prefix is removed.
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
