//! The Door screen as a USB keyboard-wedge scanner and a guard use it: synthetic per-character
//! key events in bursts (2 ms per character, frames of 16 ms, slow frames, 50 ms between
//! scans), with the keyboard in every field; verdicts in plain words that reset; exits and who
//! is inside; annulment from the last scans; the kiosk.

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

/// The key events a scanner sends for one character (key down, text, key up).
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

/// A simulated clock feeding timed key events into frames, as a window system delivers them.
struct Feeder {
    /// Seconds.
    t: f64,
    /// Time of the next frame.
    next_frame: f64,
    /// Events waiting for the next frame.
    queue: Vec<Event>,
    frames: u64,
}

impl Feeder {
    fn new(h: &H) -> Self {
        let t = h.ctx.input(|i| i.time) + 1.0;
        Self {
            t,
            next_frame: t + 0.016,
            queue: Vec::new(),
            frames: 0,
        }
    }
    /// Runs the frames due before `until`; every 7th frame is slow (80 ms).
    fn frames_until(&mut self, h: &mut H, until: f64) {
        while self.next_frame <= until {
            let events = std::mem::take(&mut self.queue);
            h.input_mut().time = Some(self.next_frame);
            h.input_mut().events.extend(events);
            h.step();
            self.frames += 1;
            self.next_frame += if self.frames.is_multiple_of(7) {
                0.080
            } else {
                0.016
            };
        }
    }
    fn wait(&mut self, h: &mut H, secs: f64) {
        self.t += secs;
        self.frames_until(h, self.t);
    }
    /// Types `payload` then Enter at 2 ms per character.
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
    /// Lets the last frames run and hands the clock back to the harness.
    fn finish(&mut self, h: &mut H) {
        self.wait(h, 0.2);
        h.input_mut().time = None;
        h.run_ok();
    }
}

/// A person typing: one character, then nothing for two frames (kittest steps 0.25 s).
fn type_by_hand(h: &mut H, text: &str) {
    for c in text.chars() {
        h.input_mut().events.push(Event::Text(c.to_string()));
        h.step();
        h.step();
        h.step();
    }
    h.run_ok();
}

fn verdicts(fx: &Fixture) -> Vec<VerdictCode> {
    accredit::checkin::log::all(fx.reg().conn())
        .unwrap()
        .into_iter()
        .map(|e| e.verdict)
        .collect()
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

/// The commands the last frame sent to the window (fullscreen on and off).
fn viewport_commands(h: &H) -> Vec<egui::ViewportCommand> {
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map(|v| v.commands.clone())
        .unwrap_or_default()
}

fn code(h: &H) -> Option<VerdictCode> {
    h.state().door.verdict.as_ref().map(|v| v.code)
}

#[test]
fn two_hundred_scans_at_scanner_speed_give_two_hundred_verdicts_in_order() {
    let fx = Fixture::new();
    let ids: Vec<i64> = (0..40)
        .map(|i| fx.add("AT", &format!("Given{i}"), &format!("Family{i}"), "DEL"))
        .collect();
    let passes: Vec<String> = ids.iter().map(|&id| pass(&fx, id)).collect();
    let mut h = door(&fx);
    // The keyboard is in the lookup field the whole time.
    h.get_by_label("Find by name").click();
    h.run_ok();
    let mut f = Feeder::new(&h);
    let mut expected = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut sent = Vec::new();
    for i in 0..200usize {
        let payload = if i % 10 == 9 {
            // A forged badge: the pass format, a signature that does not match.
            format!("AC1:AATIP15:{}:1:DEL:*:*:FORGED{i}", 9000 + i)
        } else {
            passes[(i * 7) % passes.len()].clone()
        };
        expected.push(if payload.contains("FORGED") {
            VerdictCode::Invalid
        } else if seen.insert(payload.clone()) {
            VerdictCode::Admitted
        } else {
            VerdictCode::AlreadyIn
        });
        sent.push(payload.clone());
        f.burst(&mut h, &payload);
        f.wait(&mut h, 0.050);
    }
    f.finish(&mut h);
    assert_eq!(verdicts(&fx), expected, "200 verdicts, in order, each correct");
    let log = accredit::checkin::log::all(fx.reg().conn()).unwrap();
    for (e, p) in log.iter().zip(&sent) {
        if !p.contains("FORGED") {
            let i = passes.iter().position(|x| x == p).unwrap();
            assert_eq!(e.serial, Some(ids[i]), "the right badge");
        }
    }
    assert_eq!(h.state().door.lookup, "", "nothing landed in the lookup field");
    assert_eq!(h.state().door.seq, 200);
}

#[test]
fn a_burst_is_a_scan_whatever_field_has_the_keyboard() {
    let fx = Fixture::new();
    let a = fx.add("AT", "Maria", "Huber", "DEL");
    let b = fx.add("RS", "Dušan", "Đorđević", "HOD");
    let (pa, pb) = (pass(&fx, a), pass(&fx, b));
    let mut h = door(&fx);
    let mut n = 0;
    let mut check = |h: &mut H, payload: &str, field: &str| {
        let mut f = Feeder::new(h);
        f.burst(h, payload);
        f.finish(h);
        n += 1;
        assert_eq!(
            verdicts(&fx).len(),
            n,
            "a verdict for the burst typed into {field}"
        );
    };
    for field in ["Find by name", "New PIN", "Scan badge"] {
        h.get_by_label(field).click();
        h.run_ok();
        check(&mut h, &pa, field);
        assert_eq!(h.state().door.lookup, "");
        assert_eq!(h.state().door.new_pin, "");
    }
    assert_eq!(h.state().door.scan, "");
    // The override dialog's reason: the burst is a scan and closes the dialog (it was about
    // the previous badge).
    h.get_by_label("Find by name").click();
    h.run_ok();
    type_by_hand(&mut h, "huber");
    assert_eq!(
        h.state().door.lookup,
        "huber",
        "typing by hand still reaches the field"
    );
    h.get_by_label("Admit…").click();
    h.run_ok();
    assert!(h.get_by_label("Reason").is_focused());
    check(&mut h, &pb, "the override reason");
    assert_eq!(code(&h), Some(VerdictCode::Admitted));
    assert!(h.state().door.override_target.is_none());
    assert_eq!(h.state().door.reason, "");
    // The annulment reason.
    h.query_all_by_label("Annul…").next().unwrap().click();
    h.run_ok();
    assert!(h.get_by_label("Reason for the annulment").is_focused());
    check(
        &mut h,
        "AC1:AATIP15:9999:1:DEL:*:*:FORGED",
        "the annulment reason",
    );
    assert_eq!(code(&h), Some(VerdictCode::Invalid));
    assert_eq!(h.state().door.annul_reason, "");
    h.key_press(Key::Escape);
    h.run_ok();
    // The kiosk's PIN field.
    h.get_by_label("New PIN").scroll_to_me();
    h.run_ok();
    h.get_by_label("New PIN").click();
    h.run_ok();
    type_by_hand(&mut h, "4711");
    h.get_by_label("Set PIN").click();
    h.run_ok();
    h.get_by_label("Enter door mode").click();
    h.run_ok();
    assert!(h.state().locked, "{:?}", h.state().message);
    h.get_by_label("PIN").click();
    h.run_ok();
    check(&mut h, &pb, "the PIN field");
    assert_eq!(code(&h), Some(VerdictCode::AlreadyIn));
    assert_eq!(h.state().door.pin, "");
}

#[test]
fn verdicts_in_plain_words_with_time_number_and_station_then_ready_again() {
    let fx = Fixture::new();
    let a = fx.add("AT", "Maria", "Huber", "DEL");
    let pa = pass(&fx, a);
    let reg = fx.reg();
    accredit::checkin::set_station_name(&reg, &reg.station_id().unwrap(), "Door A").unwrap();
    drop(reg);
    let mut h = door(&fx);
    assert!(h.query_by_label("Ready: scan a badge").is_some());
    let mut f = Feeder::new(&h);
    f.burst(&mut h, &pa);
    f.finish(&mut h);
    assert!(h.query_by_label("WELCOME").is_some());
    assert!(h.query_by_label_contains("No. 1 · 09:00:").is_some());
    assert!(h.query_by_label_contains("· Door A").is_some());
    assert!(h.query_by_label("Ready: scan a badge").is_none());

    let mut f = Feeder::new(&h);
    f.burst(&mut h, &pa);
    f.finish(&mut h);
    assert!(h.query_by_label("ALREADY ENTERED 09:00 AT DOOR A").is_some());
    assert!(h.query_by_label_contains("No. 2 · ").is_some());
    let first_shown = h.state().door.shown_at;

    // 4 s later the same scan again: the same verdict, restarted (No. 3, new start).
    let mut f = Feeder::new(&h);
    f.wait(&mut h, 4.0);
    f.burst(&mut h, &pa);
    f.finish(&mut h);
    assert!(h.query_by_label_contains("No. 3 · ").is_some());
    assert!(h.state().door.shown_at > first_shown + 3.9);
    // 4 s after that it is still shown (the restart counted), 5 s after: Ready.
    let mut f = Feeder::new(&h);
    f.wait(&mut h, 3.5);
    assert!(h.query_by_label("ALREADY ENTERED 09:00 AT DOOR A").is_some());
    f.wait(&mut h, 1.5);
    f.finish(&mut h);
    assert!(h.query_by_label("Ready: scan a badge").is_some());
    assert!(h.query_by_label("ALREADY ENTERED 09:00 AT DOOR A").is_none());

    // Other words.
    let mut f = Feeder::new(&h);
    f.burst(&mut h, "NOT-A-BADGE");
    f.finish(&mut h);
    assert!(h.query_by_label("NOT A VALID BADGE").is_some());
    fx.reg().reissue(a).unwrap();
    h.state_mut().send(accredit::gui::Command::Reload);
    h.run_ok();
    let mut f = Feeder::new(&h);
    f.burst(&mut h, &pa);
    f.finish(&mut h);
    assert!(h.query_by_label("BADGE REPLACED").is_some());
}

#[test]
fn exits_and_who_is_inside() {
    let fx = Fixture::new();
    let a = fx.add("AT", "Maria", "Huber", "DEL");
    let b = fx.add("RS", "Dušan", "Đorđević", "HOD");
    let (pa, pb) = (pass(&fx, a), pass(&fx, b));
    let mut h = door(&fx);
    let mut f = Feeder::new(&h);
    f.burst(&mut h, &pa);
    f.wait(&mut h, 0.05);
    f.burst(&mut h, &pb);
    f.finish(&mut h);
    assert_eq!(h.state().door.inside.as_ref().map(|p| p.total), Some(2));
    assert!(
        h.query_by_label("Inside per zone: Entrance 2 · PLENARY 0 · PRESS 0 · BILATERAL 0")
            .is_some()
    );

    h.get_by_label("Exit").click();
    h.run_ok();
    assert!(h.query_by_label("EXIT · entrance").is_some());
    let mut f = Feeder::new(&h);
    f.burst(&mut h, &pa);
    f.finish(&mut h);
    assert_eq!(code(&h), Some(VerdictCode::Exit));
    assert!(h.query_by_label("GOODBYE").is_some());
    assert_eq!(h.state().door.inside.as_ref().map(|p| p.total), Some(1));
    assert_eq!(h.state().door.today.exits, 1);

    // The list on demand, by delegation with the time of entry.
    h.get_by_label("Who is inside").click();
    h.run_ok();
    assert!(h.query_by_label("1 person inside at 6 July 2015 09:00").is_some());
    assert!(h.query_by_label("RS Serbia").is_some());
    assert!(h.query_by_label_contains("H.E.").is_none());
    assert!(
        h.query_by_label_contains("09:00  Dušan ĐORĐEVIĆ  (HOD)  Entrance")
            .is_some()
    );

    // Entry again: after the exit she is admitted again.
    h.get_by_label("Entry").click();
    h.run_ok();
    let mut f = Feeder::new(&h);
    f.burst(&mut h, &pa);
    f.finish(&mut h);
    assert_eq!(code(&h), Some(VerdictCode::ReEntry));
    assert!(h.query_by_label("WELCOME BACK").is_some());
    assert_eq!(h.state().door.inside.as_ref().map(|p| p.total), Some(2));

    // The dashboard counts who is inside too.
    h.state_mut()
        .send(accredit::gui::Command::Show(Screen::Dashboard));
    h.run_ok();
    assert!(
        h.query_by_label_contains("Inside now (6 July 2015 09:0")
            .is_some(),
        "{:?}",
        h.state().dashboard.inside.as_ref().map(|p| p.total)
    );
    assert!(h.query_by_label("Inside Entrance").is_some());
}

#[test]
fn annul_a_mistaken_admission_from_the_last_scans() {
    let fx = Fixture::new();
    let a = fx.add("AT", "Maria", "Huber", "DEL");
    let pa = pass(&fx, a);
    let mut h = door(&fx);
    let mut f = Feeder::new(&h);
    f.burst(&mut h, &pa);
    f.finish(&mut h);
    assert_eq!(code(&h), Some(VerdictCode::Admitted));
    h.query_all_by_label("Annul…").next().unwrap().click();
    h.run_ok();
    type_by_hand(&mut h, "wrong badge");
    h.key_press(Key::Enter);
    h.run_ok();
    assert_eq!(code(&h), Some(VerdictCode::Annulled));
    assert!(h.query_by_label("SCAN ANNULLED").is_some());
    assert!(
        h.query_by_label("annulled").is_some(),
        "the list marks the annulled scan"
    );
    let log = accredit::checkin::log::all(fx.reg().conn()).unwrap();
    assert_eq!(log[1].annuls, log[0].uuid);
    assert_eq!(log[1].override_reason, "wrong badge");
    // Judged as if that admission had not happened.
    let mut f = Feeder::new(&h);
    f.burst(&mut h, &pa);
    f.finish(&mut h);
    assert_eq!(code(&h), Some(VerdictCode::Admitted));
}

#[test]
fn lookup_and_override_show_photo_delegation_category_and_enter_submits() {
    let fx = Fixture::new();
    let png = fx.dir.path().join("p.png");
    gui_support::write_png(&png, 60, 80);
    let jpeg = accredit::registry::photo::load(&png).unwrap();
    let mut reg = fx.reg();
    let mut d = reg.delegate(fx.add("UZ", "Dilnoza", "Yusupova", "DEL")).unwrap();
    d.photo = Some(jpeg);
    reg.update_delegate(&d).unwrap();
    fx.add("UZ", "Dilnoza", "Yusupova", "HOD");
    drop(reg);
    let mut h = door(&fx);
    h.get_by_label("Find by name").click();
    h.run_ok();
    type_by_hand(&mut h, "yusupova");
    assert_eq!(h.state().door.matches.len(), 2);
    h.run_ok();
    assert_eq!(h.query_all_by_label("Photo of the delegate").count(), 1);
    assert_eq!(
        h.query_all_by_label("no photo").count(),
        0,
        "painted, not a label"
    );
    assert_eq!(h.query_all_by_label("UZ Uzbekistan").count(), 2);
    assert!(h.query_by_label("HEAD OF DELEGATION").is_some());
    h.query_all_by_label("Admit…").next().unwrap().click();
    h.run_ok();
    assert!(
        h.query_all_by_label("Photo of the delegate").count() >= 2,
        "in the dialog too"
    );
    type_by_hand(&mut h, "passport checked");
    h.key_press(Key::Enter);
    h.run_ok();
    assert_eq!(code(&h), Some(VerdictCode::Override));
    assert!(h.state().door.override_target.is_none());
    assert!(h.query_by_label("ADMITTED BY SUPERVISOR").is_some());
}

#[test]
fn the_kiosk_shows_only_scan_verdict_and_counters_until_the_pin() {
    use egui::ViewportCommand;
    let fx = Fixture::new();
    let a = fx.add("AT", "Maria", "Huber", "DEL");
    let pa = pass(&fx, a);
    let mut h = door(&fx);
    h.get_by_label("New PIN").click();
    h.run_ok();
    type_by_hand(&mut h, "4711");
    h.get_by_label("Set PIN").click();
    h.run_ok();
    h.get_by_label("Enter door mode").click();
    h.step();
    let sent = viewport_commands(&h);
    assert!(sent.contains(&ViewportCommand::Fullscreen(true)), "{sent:?}");
    h.run_ok();
    assert!(h.state().locked);
    for gone in [
        "File",
        "View",
        "Go",
        "Registry",
        "Delegates",
        "Badges",
        "Dashboard",
        "Find by name",
        "Last scans",
        "Door settings",
        "New PIN",
        "Direction",
        "Who is inside",
    ] {
        assert!(h.query_by_label(gone).is_none(), "{gone} is hidden in the kiosk");
    }
    assert!(h.query_by_label("Scan badge").is_some());
    assert!(h.query_by_label("Inside now").is_some());
    assert!(h.query_by_label("People admitted").is_some());
    // Scans work in the kiosk.
    let mut f = Feeder::new(&h);
    f.burst(&mut h, &pa);
    f.finish(&mut h);
    assert!(h.query_by_label("WELCOME").is_some());
    // The kiosk comes back after a restart, full screen.
    drop(h);
    let mut h = door(&fx);
    assert!(h.state().locked);
    assert!(h.query_by_label("Delegates").is_none());
    // A wrong PIN keeps the tools closed; the right one opens them.
    h.get_by_label("PIN").click();
    h.run_ok();
    type_by_hand(&mut h, "1111");
    h.get_by_label("Supervisor").click();
    h.run_ok();
    assert!(h.query_by_label("Find by name").is_none());
    assert!(h.query_by_label("Wrong PIN.").is_some());
    h.get_by_label("PIN").click();
    h.run_ok();
    type_by_hand(&mut h, "4711");
    h.key_press(Key::Enter);
    h.run_ok();
    assert!(h.state().door.supervisor);
    assert!(h.query_by_label("Find by name").is_some());
    assert!(h.query_by_label("Last scans").is_some());
    assert!(h.query_by_label("Annul…").is_some());
    assert!(
        h.query_by_label("Door settings").is_none(),
        "no settings in the kiosk"
    );
    h.get_by_label("Close supervisor tools").click();
    h.run_ok();
    assert!(h.query_by_label("Find by name").is_none());
    // The PIN leaves door mode.
    h.get_by_label("PIN").click();
    h.run_ok();
    type_by_hand(&mut h, "4711");
    h.get_by_label("Leave door mode").click();
    h.step();
    let sent = viewport_commands(&h);
    assert!(sent.contains(&ViewportCommand::Fullscreen(false)), "{sent:?}");
    h.run_ok();
    assert!(!h.state().locked);
    assert!(h.query_by_label("Delegates").is_some());
}
