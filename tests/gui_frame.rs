//! The frame a user meets: the window fits a 1280x800 screen (at first start and after door
//! mode), the status bar stays on it; the edit form opens at its top for each delegate and
//! follows the keyboard; no screen is stale after an action (the form after printing, the
//! Badges preview after a design is saved, the retention reminder after an import); the
//! door's station is named in the app.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod gui_support;

use accredit::gui::{AccreditApp, Command, Prefs, Screen};
use egui::{Key, Rect, ViewportCommand, ViewportId, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use gui_support::{Fixture, wait_until};

type H = Harness<'static, AccreditApp>;

/// The app in a 1280x800 window.
fn harness_1280(fx: &Fixture, screen: Screen) -> H {
    let prefs = Prefs {
        screen,
        ..Prefs::default()
    };
    let app = AccreditApp::new(fx.reg(), prefs).unwrap();
    let mut h = Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut AccreditApp| app.show(ui), app);
    h.run_ok();
    h
}

/// Tells the app what the window manager reports: the monitor, the window's frame.
fn window(h: &mut H, monitor: egui::Vec2, outer: Rect, fullscreen: bool) {
    let v = h.input_mut().viewports.entry(ViewportId::ROOT).or_default();
    v.monitor_size = Some(monitor);
    v.outer_rect = Some(outer);
    v.inner_rect = Some(Rect::from_min_size(
        outer.min + vec2(1.0, 28.0),
        vec2(1280.0, 800.0),
    ));
    v.fullscreen = Some(fullscreen);
    v.maximized = Some(false);
}

/// Steps until the app sends `cmd` to the window (within a few frames).
fn sends(h: &mut H, cmd: &ViewportCommand) -> bool {
    for _ in 0..8 {
        h.step();
        let sent = h
            .output()
            .viewport_output
            .get(&ViewportId::ROOT)
            .is_some_and(|v| v.commands.contains(cmd));
        if sent {
            return true;
        }
    }
    false
}

#[test]
fn the_window_fits_a_1280x800_screen_at_start_and_after_door_mode() {
    let fx = Fixture::new();
    fx.add("AT", "Maria", "Huber", "DEL");
    let mut h = harness_1280(&fx, Screen::Delegates);
    // 1280x800 inside a window manager's frame (title bar 28 px): taller than the screen.
    let monitor = vec2(1280.0, 800.0);
    let too_big = Rect::from_min_size(pos2(0.0, 0.0), vec2(1282.0, 829.0));
    window(&mut h, monitor, too_big, false);
    assert!(
        sends(&mut h, &ViewportCommand::Maximized(true)),
        "a window larger than its screen is maximised"
    );
    // The status bar is on the screen, below everything.
    h.state_mut().message = Some(accredit::gui::context::Message::info("Saved."));
    h.run_ok();
    let status = h.get_by_label("Saved.").rect();
    assert!(status.bottom() <= 800.0 && status.top() > 700.0, "{status:?}");

    // A window that fits is left alone.
    let mut h = harness_1280(&fx, Screen::Delegates);
    window(&mut h, vec2(1920.0, 1080.0), too_big, false);
    assert!(!sends(&mut h, &ViewportCommand::Maximized(true)));

    // Door mode: full screen; leaving it, the window comes back too large: maximised again.
    let mut h = harness_1280(&fx, Screen::Door);
    h.state_mut().send(Command::SetPin("4711".into()));
    h.run_ok();
    h.state_mut().send(Command::EnterDoorMode);
    h.run_ok();
    assert!(h.state().locked);
    window(
        &mut h,
        monitor,
        Rect::from_min_size(pos2(0.0, 0.0), monitor),
        true,
    );
    for _ in 0..40 {
        h.step();
    }
    h.state_mut().send(Command::LeaveDoorMode("4711".into()));
    h.run_ok();
    assert!(!h.state().locked);
    window(&mut h, monitor, too_big, false);
    assert!(
        sends(&mut h, &ViewportCommand::Maximized(true)),
        "after door mode, the window fits again"
    );
    assert!(h.query_by_label("Ready").is_some() || h.query_by_label("Door mode off.").is_some());
}

#[test]
fn the_form_opens_at_its_top_and_follows_the_keyboard() {
    let fx = Fixture::new();
    let a = fx.add("AT", "Maria", "Huber", "DEL");
    let b = fx.add("RS", "Dušan", "Đorđević", "HOD");
    // A long history: the form is taller than the window.
    let mut reg = fx.reg();
    for i in 0..30 {
        let mut d = reg.delegate(a).unwrap();
        d.function = format!("Adviser {i}");
        reg.update_delegate(&d).unwrap();
    }
    drop(reg);
    let mut h = harness_1280(&fx, Screen::Delegates);
    h.state_mut().send(Command::OpenDelegate(a));
    h.run_ok();
    let title_top = h.get_by_label("Title").rect().top();
    // Scrolled down to the history's end.
    h.get_by_label_contains("Function: Adviser 28").scroll_to_me();
    h.run_ok();
    assert!(
        h.get_by_label("Title").rect().top() < title_top - 100.0,
        "scrolled down"
    );
    // Another delegate: the form is at its top again.
    h.state_mut().send(Command::OpenDelegate(b));
    h.run_ok();
    assert!(h.query_by_label("Delegate 2").is_some());
    let t = h.get_by_label("Title").rect();
    assert!((t.top() - title_top).abs() < 1.0, "{t:?} vs {title_top}");
    // The keyboard moving down the form: the focused field is scrolled into view.
    h.get_by_label("Title").click();
    h.run_ok();
    let mut reached = false;
    for _ in 0..40 {
        h.key_press(Key::Tab);
        h.run_ok();
        if h.get_by_label("Attention note").is_focused() {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab reaches the attention note");
    let r = h.get_by_label("Attention note").rect();
    assert!(
        r.top() >= 0.0 && r.bottom() <= 800.0,
        "the focused field is on screen: {r:?}"
    );
}

#[test]
fn no_screen_is_stale_after_printing_saving_a_design_or_importing() {
    let fx = Fixture::new();
    let a = fx.add("AT", "Maria", "Huber", "DEL");
    let mut h = harness_1280(&fx, Screen::Delegates);
    h.state_mut().send(Command::OpenDelegate(a));
    h.run_ok();
    assert!(h.query_by_label_contains("printed never").is_some());
    // Printed from the Badges screen while the form stays open.
    h.state_mut().send(Command::Print(Some(vec![a])));
    h.run_ok();
    wait_until(&mut h, "printing", |app| app.job.is_none());
    h.state_mut().send(Command::Show(Screen::Delegates));
    h.run_ok();
    assert!(
        h.query_by_label_contains("printed version 1").is_some(),
        "the open form shows the print"
    );
    assert!(
        h.query_by_label_contains("Badge printed").is_some(),
        "and its history"
    );

    // A saved design reaches the Badges preview without F5.
    h.state_mut().send(Command::Show(Screen::Badges));
    h.run_ok();
    h.state_mut().badges.focus = Some(a);
    h.run_ok();
    let before = h.state().badges.preview.as_ref().map(|p| p.generation);
    assert!(before.is_some());
    let mut template = fx.reg().event().unwrap().badge;
    for e in &mut template.cr80.front {
        if e.kind == accredit::registry::template::Kind::EventSubtitle {
            e.visible = false;
        }
    }
    h.state_mut()
        .send(Command::Design(accredit::gui::design::DesignCommand::Save(
            Box::new(template),
        )));
    h.run_ok();
    let after = h.state().badges.preview.as_ref().map(|p| p.generation);
    assert!(
        after > before,
        "the preview is made again with the saved design: {:?}",
        h.state().message
    );

    // The retention reminder after an import (the 2015 event is long past: it is due, and
    // counts the people whose data is still kept).
    let people = |h: &H| h.state().records.reminder.as_ref().map(|r| r.people);
    assert_eq!(people(&h), Some(1));
    let csv = fx.dir.path().join("more.csv");
    std::fs::write(
        &csv,
        "external_id,delegation,given_name,family_name,category\nX-1,AT,Eva,Gruber,DEL\nX-2,AT,Jan,Berg,DEL\n",
    )
    .unwrap();
    h.state_mut().send(Command::PlanImport(csv));
    h.run_ok();
    wait_until(&mut h, "the check", |app| app.job.is_none());
    h.state_mut().send(Command::ApplyImport);
    h.run_ok();
    wait_until(&mut h, "the import", |app| app.job.is_none());
    assert_eq!(h.state().data.rows.len(), 3);
    assert_eq!(people(&h), Some(3), "the reminder counts the imported people");
    assert!(
        h.query_by_label_contains("of 3 people").is_some(),
        "and says so above the screen"
    );
}

#[test]
fn the_door_station_is_named_in_the_app() {
    let fx = Fixture::new();
    let a = fx.add("AT", "Maria", "Huber", "DEL");
    let reg = fx.reg();
    let pa = accredit::pass::issue(&reg, &reg.delegate(a).unwrap()).unwrap();
    drop(reg);
    let mut h = harness_1280(&fx, Screen::Door);
    h.state_mut()
        .door
        .set_rehearsal_clock(time::macros::datetime!(2015-07-06 09:00 +02:00));
    h.get_by_label("Name").click();
    h.run_ok();
    h.get_by_label("Name").type_text("Door A");
    h.get_by_label("Save name").click();
    h.run_ok();
    assert!(
        h.query_by_label("This station is now called Door A.").is_some(),
        "{:?} {:?}",
        h.state().message,
        h.state().door.name_edit
    );
    for _ in 0..2 {
        h.get_by_label("Scan badge").type_text(&pa);
        h.key_press(Key::Enter);
        h.run_ok();
    }
    assert_eq!(
        h.state().door.verdict.as_ref().map(|v| v.code),
        Some(accredit::checkin::VerdictCode::AlreadyIn)
    );
    assert!(
        h.query_by_label_contains("AT DOOR A").is_some(),
        "the verdict says the station's name"
    );
}

#[test]
fn adding_and_editing_one_delegate_moves_one_row_to_its_sorted_place() {
    use accredit::gui::delegates::{DelegatesView, SortKey};
    let fx = Fixture::new();
    for (g, f) in [
        ("Anna", "Zeller"),
        ("Bert", "Meier"),
        ("Cora", "Huber"),
        ("Dan", "Berg"),
    ] {
        fx.add("AT", g, f, "DEL");
    }
    for (sort, descending) in [
        (SortKey::Name, false),
        (SortKey::Name, true),
        (SortKey::Delegation, false),
    ] {
        let mut h = harness_1280(&fx, Screen::Delegates);
        h.state_mut().delegates.sort = sort;
        h.state_mut().delegates.descending = descending;
        h.run_ok();
        for (i, family) in ["Keller", "Aaron", "Zz"].into_iter().enumerate() {
            let d = accredit::registry::Delegate {
                delegation: if i == 1 { "RS".into() } else { "AT".into() },
                given_name: "New".into(),
                family_name: family.into(),
                category: "DEL".into(),
                status: accredit::registry::Status::Accredited,
                ..Default::default()
            };
            h.state_mut().send(Command::SaveDelegate(Box::new(d)));
            h.run_ok();
            // The same order as sorting everything afresh.
            let mut fresh = DelegatesView::default();
            fresh.sort = sort;
            fresh.descending = descending;
            fresh.refresh(&h.state().data);
            assert_eq!(
                h.state().delegates.visible(),
                fresh.visible(),
                "{sort:?} {descending}"
            );
        }
        // An edit that changes the sort key.
        let id = h.state().data.rows[0].d.id;
        let mut d = fx.reg().delegate(id).unwrap();
        d.family_name = "Mmm".into();
        h.state_mut().send(Command::SaveDelegate(Box::new(d)));
        h.run_ok();
        let mut fresh = DelegatesView::default();
        fresh.sort = sort;
        fresh.descending = descending;
        fresh.refresh(&h.state().data);
        assert_eq!(h.state().delegates.visible(), fresh.visible());
    }
}

#[test]
fn reason_dialogs_keep_the_keyboard_and_say_why_and_alt_keys_open_them() {
    let fx = Fixture::new();
    let a = fx.add("AT", "Maria", "Huber", "DEL");
    let mut h = harness_1280(&fx, Screen::Delegates);
    h.state_mut().send(Command::OpenDelegate(a));
    h.run_ok();
    // Alt+W: Withdraw…, without tabbing through the form.
    h.key_press_modifiers(egui::Modifiers::ALT, Key::W);
    h.run_ok();
    assert!(h.query_by_label("Withdraw the accreditation").is_some());
    assert!(h.get_by_label("Reason (required)").is_focused());
    // Enter on an empty reason: the field keeps the keyboard and says why.
    h.key_press(Key::Enter);
    h.run_ok();
    assert!(h.get_by_label("Reason (required)").is_focused());
    assert!(
        h.query_by_label("Type a reason first: it is logged with your name.")
            .is_some()
    );
    assert!(
        h.query_by_label("Withdraw the accreditation").is_some(),
        "still open"
    );
    h.get_by_label("Reason (required)")
        .type_text("Replaced by the deputy");
    h.key_press(Key::Enter);
    h.run_ok();
    assert_eq!(
        fx.reg().delegate(a).unwrap().status,
        accredit::registry::Status::Withdrawn
    );
    // Alt+A approves again (no reason needed).
    h.key_press_modifiers(egui::Modifiers::ALT, Key::A);
    h.run_ok();
    assert_eq!(
        fx.reg().delegate(a).unwrap().status,
        accredit::registry::Status::Accredited
    );
}
