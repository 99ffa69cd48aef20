//! A person typing on the Door screen never makes a scan, at any machine load: every text
//! field of the screen (the name lookup, the override and annulment reasons, the new PIN, the
//! scanner prefix, the kiosk's PIN) typed one key at a time (key down, text, key up) at 60 to
//! 150 ms per character, while frames come slowly and irregularly (16 to 600 ms: a loaded
//! machine with software rendering delivers several keys in one frame). The text lands in the
//! field exactly as typed, and no scan is logged. Scanner bursts on the same screen still
//! give their verdicts.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod gui_support;

use accredit::checkin::VerdictCode;
use accredit::gui::{AccreditApp, Screen};
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use gui_support::Fixture;
use time::macros::datetime;

type H = Harness<'static, AccreditApp>;

fn key(k: Key, pressed: bool) -> Event {
    Event::Key {
        key: k,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers: Modifiers::NONE,
    }
}

/// The events of one key: key down, the character, key up.
fn char_events(c: char) -> Vec<Event> {
    let k = Key::from_name(&c.to_ascii_uppercase().to_string());
    let mut v = Vec::new();
    if let Some(k) = k {
        v.push(key(k, true));
    }
    v.push(Event::Text(c.to_string()));
    if let Some(k) = k {
        v.push(key(k, false));
    }
    v
}

/// A loaded machine: events queue up in real time and are delivered when a frame runs;
/// frames last 16 to 600 ms, irregularly.
struct Machine {
    t: f64,
    next_frame: f64,
    queue: Vec<Event>,
    frames: usize,
}

/// Frame lengths of a machine whose two cores are busy (software rendering).
const FRAMES: [f64; 8] = [0.016, 0.25, 0.4, 0.12, 0.6, 0.016, 0.33, 0.2];
/// A person's pace, seconds per character.
const PACE: [f64; 6] = [0.06, 0.11, 0.15, 0.09, 0.12, 0.14];

impl Machine {
    fn new(h: &H) -> Self {
        let t = h.ctx.input(|i| i.time) + 1.0;
        Self {
            t,
            next_frame: t + FRAMES[0],
            queue: Vec::new(),
            frames: 0,
        }
    }
    fn frames_until(&mut self, h: &mut H, until: f64) {
        while self.next_frame <= until {
            h.input_mut().time = Some(self.next_frame);
            h.input_mut().events.extend(std::mem::take(&mut self.queue));
            h.step();
            self.frames += 1;
            self.next_frame += FRAMES[self.frames % FRAMES.len()];
        }
    }
    /// Types `text` at a person's pace.
    fn type_text(&mut self, h: &mut H, text: &str) {
        for (i, c) in text.chars().enumerate() {
            self.frames_until(h, self.t);
            self.queue.extend(char_events(c));
            self.t += PACE[i % PACE.len()];
        }
        self.frames_until(h, self.t);
    }
    /// Presses a key at a person's pace.
    fn press(&mut self, h: &mut H, k: Key) {
        self.frames_until(h, self.t);
        self.queue.push(key(k, true));
        self.queue.push(key(k, false));
        self.t += 0.12;
        self.frames_until(h, self.t);
    }
    /// A scanner: 2 ms per character, then Enter.
    fn burst(&mut self, h: &mut H, payload: &str) {
        for c in payload.chars() {
            self.frames_until(h, self.t);
            self.queue.extend(char_events(c));
            self.t += 0.002;
        }
        self.frames_until(h, self.t);
        self.queue.push(key(Key::Enter, true));
        self.queue.push(key(Key::Enter, false));
        self.t += 0.002;
    }
    fn finish(&mut self, h: &mut H) {
        self.t += 1.5;
        self.frames_until(h, self.t + 0.7);
        h.input_mut().time = None;
        h.run_ok();
    }
}

fn log(fx: &Fixture) -> Vec<accredit::checkin::LogEntry> {
    accredit::checkin::log::all(fx.reg().conn()).unwrap()
}

fn pass(fx: &Fixture, id: i64) -> String {
    let reg = fx.reg();
    accredit::pass::issue(&reg, &reg.delegate(id).unwrap()).unwrap()
}

fn door(fx: &Fixture) -> H {
    let mut h = fx.harness(Screen::Door);
    h.state_mut()
        .door
        .set_rehearsal_clock(datetime!(2015-07-06 09:00 +02:00));
    h.run_ok();
    h
}

/// Reasons with everything that might look like the start of a pass.
const REASON: &str = "Wrong badge: AC1 reader, Admitted by mistake (AC1:AATIP15) - Anna";

#[test]
fn typing_at_a_persons_pace_under_slow_frames_is_never_a_scan() {
    let fx = Fixture::new();
    let a = fx.add("AT", "Maria", "Huber", "DEL");
    fx.add("AT", "Abdul", "Ahmadi", "DEL");
    let pa = pass(&fx, a);
    let mut h = door(&fx);

    // The name lookup.
    h.get_by_label("Find by name").click();
    h.run_ok();
    let mut m = Machine::new(&h);
    m.type_text(&mut h, "Abdul AC1 Ahmadi");
    m.press(&mut h, Key::Enter);
    m.finish(&mut h);
    assert_eq!(
        h.state().door.lookup,
        "Abdul AC1 Ahmadi",
        "kept in the field as typed"
    );
    assert!(log(&fx).is_empty(), "no scan: {:?}", log(&fx));
    // Backspace at a person's pace edits the field in order.
    h.get_by_label("Find by name").click();
    h.run_ok();
    let mut m = Machine::new(&h);
    // (The click put the cursor where it landed.)
    m.press(&mut h, Key::End);
    for _ in 0.."Abdul AC1 Ahmadi".len() {
        m.press(&mut h, Key::Backspace);
    }
    m.type_text(&mut h, "Ahmadi");
    m.finish(&mut h);
    assert_eq!(h.state().door.lookup, "Ahmadi");
    assert!(log(&fx).is_empty());

    // The override reason (Admit… from the lookup), Enter submits it.
    h.get_by_label("Admit…").click();
    h.run_ok();
    assert!(h.get_by_label("Reason").is_focused());
    let mut m = Machine::new(&h);
    m.type_text(&mut h, REASON);
    m.finish(&mut h);
    assert_eq!(h.state().door.reason, REASON, "the whole reason, in order");
    assert!(log(&fx).is_empty(), "no scan while typing the reason");
    let mut m = Machine::new(&h);
    m.press(&mut h, Key::Enter);
    m.finish(&mut h);
    let l = log(&fx);
    assert_eq!(l.len(), 1);
    assert_eq!(l[0].verdict, VerdictCode::Override);
    assert_eq!(l[0].override_reason, REASON);

    // A scanner burst is still a scan, then the annulment reason typed by a person.
    let mut m = Machine::new(&h);
    m.burst(&mut h, &pa);
    m.finish(&mut h);
    let l = log(&fx);
    assert_eq!(l.len(), 2, "the burst is a scan even on a loaded machine");
    assert_eq!(l[1].verdict, VerdictCode::Admitted);
    h.query_all_by_label("Annul…").next().unwrap().scroll_to_me();
    h.run_ok();
    h.query_all_by_label("Annul…").next().unwrap().click();
    h.run_ok();
    assert!(h.get_by_label("Reason for the annulment").is_focused());
    let mut m = Machine::new(&h);
    m.type_text(&mut h, REASON);
    m.finish(&mut h);
    assert_eq!(h.state().door.annul_reason, REASON);
    assert_eq!(log(&fx).len(), 2, "nothing logged while typing");
    let mut m = Machine::new(&h);
    m.press(&mut h, Key::Enter);
    m.finish(&mut h);
    let l = log(&fx);
    assert_eq!(l.len(), 3);
    assert_eq!(l[2].verdict, VerdictCode::Annulled);
    assert_eq!(l[2].override_reason, REASON);
    assert!(
        !l.iter().any(|e| e.verdict == VerdictCode::Invalid),
        "no INVALID scan from typing"
    );

    // The scanner prefix and the new PIN.
    h.get_by_label("Door settings").scroll_to_me();
    h.run_ok();
    h.get_by_label("Door settings").click();
    h.run_ok();
    h.get_by_label("Scanner prefix").scroll_to_me();
    h.run_ok();
    h.get_by_label("Scanner prefix").click();
    h.run_ok();
    let mut m = Machine::new(&h);
    m.type_text(&mut h, "A#");
    m.finish(&mut h);
    assert_eq!(h.state().prefs.door.prefix, "A#");
    h.state_mut().prefs.door.prefix.clear();
    h.get_by_label("New PIN").scroll_to_me();
    h.run_ok();
    h.get_by_label("New PIN").click();
    h.run_ok();
    let mut m = Machine::new(&h);
    m.type_text(&mut h, "4711");
    m.finish(&mut h);
    assert_eq!(h.state().door.new_pin, "4711");
    h.get_by_label("Set PIN").click();
    h.run_ok();
    h.get_by_label("Enter door mode").click();
    h.run_ok();
    assert!(h.state().locked);

    // The kiosk's PIN field: typed by a person, Enter opens the supervisor's tools.
    h.get_by_label("PIN").click();
    h.run_ok();
    let mut m = Machine::new(&h);
    m.type_text(&mut h, "4711");
    m.press(&mut h, Key::Enter);
    m.finish(&mut h);
    assert!(h.state().door.supervisor, "{:?}", h.state().message);
    assert_eq!(log(&fx).len(), 3, "no scan from the PIN");

    // And the scanner, with the keyboard in the lookup field, at 2 ms per character.
    h.get_by_label("Find by name").click();
    h.run_ok();
    let mut m = Machine::new(&h);
    m.burst(&mut h, &pa);
    m.finish(&mut h);
    let l = log(&fx);
    assert_eq!(l.len(), 4);
    assert_eq!(
        l[3].verdict,
        VerdictCode::Admitted,
        "admitted again after the annulment"
    );
}
