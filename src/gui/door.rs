//! The Door screen: a kiosk for the entrance. The scan field keeps the keyboard (a USB
//! scanner types the badge's payload and Enter); the verdict fills the screen in its colour
//! and stays until the next scan. Beside it: today's counters, the last 10 scans, lookup by
//! name for a forgotten badge, admission by override (with a reason), and door mode.

use egui::{Color32, RichText, Ui};
use time::OffsetDateTime;

use super::app::{Command, Cx};
use super::widgets::{error_colour, photo_ui};
use crate::checkin::{LogEntry, Match, TodayCounts, Tone, Verdict, VerdictCode, log};

/// Whom an override would admit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverrideTarget {
    /// The last scanned payload (correctly signed).
    Payload {
        /// The payload.
        payload: String,
        /// Who, for people.
        who: String,
    },
    /// A delegate found by name.
    Delegate {
        /// The delegate's id.
        id: i64,
        /// Who, for people.
        who: String,
    },
}

/// At most this many delegates are listed by the name lookup.
const LOOKUP_LIMIT: usize = 12;

/// State of the Door screen.
#[derive(Debug, Default)]
pub struct DoorView {
    /// The scan field.
    pub scan: String,
    /// The payload of the last scan.
    pub last_payload: String,
    /// The last verdict; stays until the next scan.
    pub verdict: Option<Verdict>,
    /// The last scans, newest first.
    pub recent: Vec<LogEntry>,
    /// Today's counters.
    pub today: TodayCounts,
    /// The zone this station guards (`None`: the building entrance).
    pub zone: Option<String>,
    /// Name lookup text.
    pub lookup: String,
    /// Lookup results.
    pub matches: Vec<Match>,
    /// An override being asked for (the reason dialog is open).
    pub override_target: Option<OverrideTarget>,
    /// The override reason being typed.
    pub reason: String,
    /// PIN typed to leave door mode.
    pub pin: String,
    /// New PIN typed at the desk.
    pub new_pin: String,
    /// Give the keyboard back to the scan field on the next frame, even from another field
    /// (after an override, after Escape).
    pub focus_scan: bool,
    /// Rehearsal clock: added to the real time for every scan (set from `ACCREDIT_AT`).
    pub clock_shift: Option<time::Duration>,
    /// The lookup text and data generation the matches were computed for.
    looked_up: (String, u64),
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
}

/// The colours of a verdict: background and text.
pub fn tone_colours(tone: Tone) -> (Color32, Color32) {
    match tone {
        Tone::Go => (Color32::from_rgb(27, 127, 59), Color32::WHITE),
        Tone::Warn => (Color32::from_rgb(240, 176, 0), Color32::BLACK),
        Tone::Stop => (Color32::from_rgb(198, 40, 40), Color32::WHITE),
    }
}

/// Draws the screen.
pub fn ui(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>) {
    let side_ids = egui::Panel::right("door_side")
        .default_size(360.0)
        .min_size(300.0)
        .show(ui, |ui| side(view, ui, cx))
        .inner;
    scan_field(view, ui, cx, &side_ids);
    verdict_ui(view, ui, cx);
    override_dialog(view, ui, cx);
}

fn scan_field(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>, other_fields: &[egui::Id]) {
    ui.horizontal(|ui| {
        let l = ui.label(RichText::new("Scan badge").size(22.0).strong());
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut view.scan)
                    .font(egui::FontId::monospace(20.0))
                    .hint_text("scan a badge, or type its code and press Enter")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        let submitted = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if submitted {
            let payload = std::mem::take(&mut view.scan);
            if !payload.trim().is_empty() {
                cx.send(Command::Scan(payload.trim().to_string()));
            }
        }
        // The scan field keeps the keyboard unless the user is typing in another field here;
        // it takes it back after an override and on Escape, so the next badge scanned is
        // never typed into the lookup or PIN field. Only asked for while the window has the
        // keyboard: asking every frame of an unfocused window would reset the input method.
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) && view.override_target.is_none() {
            view.focus_scan = true;
        }
        let window_focused = ui.input(|i| i.focused);
        let focused = ui.memory(|m| m.focused());
        let elsewhere = focused.is_some_and(|f| f != r.id && other_fields.contains(&f));
        if window_focused && view.override_target.is_none() {
            if (view.focus_scan || !elsewhere) && !r.has_focus() {
                r.request_focus();
            }
            view.focus_scan = false;
        }
    });
    if view.clock_shift.is_some() {
        let t = view.now();
        ui.label(
            RichText::new(format!(
                "Rehearsal clock: scans are logged at {}",
                log::local_minute(&log::format_at(t), cx.data.event.offset())
            ))
            .color(error_colour(ui)),
        );
    }
}

fn verdict_ui(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>) {
    let rect = ui.available_rect_before_wrap();
    let Some(v) = &view.verdict else {
        ui.painter().rect_filled(rect, 8.0, ui.visuals().faint_bg_color);
        ui.painter().text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "Ready: scan a badge",
            egui::FontId::proportional(40.0),
            ui.visuals().weak_text_color(),
        );
        return;
    };
    let (bg, fg) = tone_colours(v.code.tone());
    ui.painter().rect_filled(rect, 8.0, bg);
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect.shrink(24.0)));
    let ui = &mut child;
    ui.label(
        RichText::new(v.code.as_str())
            .size(88.0)
            .color(fg)
            .font(super::fonts::bold(88.0)),
    );
    ui.label(RichText::new(&v.detail).size(22.0).color(fg));
    ui.add_space(12.0);
    let ctx = ui.ctx().clone();
    match &v.person {
        Some(p) => {
            ui.horizontal_top(|ui| {
                let tex = p
                    .photo
                    .as_ref()
                    .and_then(|ph| cx.photos.texture(&ctx, p.delegate_id, ph));
                photo_ui(ui, tex.as_ref(), 260.0);
                ui.add_space(16.0);
                ui.vertical(|ui| {
                    ui.label(
                        RichText::new(&p.display_name)
                            .font(super::fonts::bold(44.0))
                            .color(fg),
                    );
                    if !p.native_name.is_empty() {
                        ui.label(
                            RichText::new(super::fonts::shown(&p.native_name))
                                .size(34.0)
                                .color(fg),
                        );
                    }
                    ui.label(RichText::new(&p.delegation_name).size(30.0).color(fg));
                    let [r, g, b] = p.category_colour;
                    egui::Frame::new()
                        .fill(Color32::from_rgb(r, g, b))
                        .inner_margin(egui::Margin::symmetric(12, 4))
                        .corner_radius(4.0)
                        .stroke(egui::Stroke::new(2.0, fg))
                        .show(ui, |ui| {
                            ui.label(
                                RichText::new(&p.category_label)
                                    .font(super::fonts::bold(26.0))
                                    .color(contrast(r, g, b)),
                            );
                        });
                    if !p.attention.is_empty() {
                        ui.add_space(8.0);
                        egui::Frame::new()
                            .fill(Color32::from_rgb(255, 244, 200))
                            .inner_margin(egui::Margin::same(10))
                            .corner_radius(4.0)
                            .show(ui, |ui| {
                                ui.label(
                                    RichText::new(format!("ATTENTION: {}", p.attention))
                                        .size(26.0)
                                        .color(Color32::BLACK),
                                );
                            });
                    }
                });
            });
        }
        None if v.code != VerdictCode::Invalid => {
            ui.label(
                RichText::new("Person not in this station's registry")
                    .size(30.0)
                    .color(fg),
            );
        }
        None => {}
    }
    ui.add_space(12.0);
    let can_override = v.serial.is_some() && !v.admits();
    if can_override
        && ui
            .button(RichText::new("Admit by override…").size(20.0))
            .clicked()
    {
        let who = v
            .person
            .as_ref()
            .map(|p| p.display_name.clone())
            .unwrap_or_else(|| format!("badge {}", v.serial.unwrap_or_default()));
        view.override_target = Some(OverrideTarget::Payload {
            payload: view.last_payload.clone(),
            who,
        });
        view.reason.clear();
    }
}

fn contrast(r: u8, g: u8, b: u8) -> Color32 {
    let lum = 0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b);
    if lum > 150.0 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// The side panel; returns the ids of its text fields (they may hold the keyboard).
fn side(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>) -> Vec<egui::Id> {
    let mut ids = Vec::new();
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        ui.heading(format!("Today {}", view.today.day));
        egui::Grid::new("door_counts").num_columns(2).show(ui, |ui| {
            for (label, n) in [
                ("People admitted", view.today.people_admitted),
                ("Admissions", view.today.admissions),
                ("Refusals", view.today.refusals),
                ("Scans", view.today.scans),
            ] {
                ui.label(label);
                ui.label(RichText::new(n.to_string()).strong().size(18.0));
                ui.end_row();
            }
        });
        ui.separator();
        super::network::network_ui(ui, cx.network);
        ui.separator();
        ui.heading("Last scans");
        let offset = cx.data.event.offset();
        egui::Grid::new("door_recent")
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                for e in view.recent.iter().take(10) {
                    let local = log::local_minute(&e.at, offset);
                    ui.label(local.get(11..).unwrap_or(&local).to_string());
                    let (bg, fg) = tone_colours(e.verdict.tone());
                    ui.label(RichText::new(e.verdict.as_str()).background_color(bg).color(fg));
                    let who = e
                        .serial
                        .and_then(|s| cx.data.row(s))
                        .map(|r| r.name.clone())
                        .unwrap_or_default();
                    ui.label(who);
                    ui.end_row();
                }
            });
        ui.separator();
        ui.heading("Forgotten badge");
        ui.horizontal(|ui| {
            let l = ui.label("Find by name");
            let r = ui
                .add(egui::TextEdit::singleline(&mut view.lookup).desired_width(180.0))
                .labelled_by(l.id);
            ids.push(r.id);
        });
        // Filters the cached rows by their folded search text (no database query); again
        // when the cache changes (the delegates finish loading, an admission).
        let key = (view.lookup.clone(), cx.data.generation);
        if key != view.looked_up {
            view.matches = cx.data.lookup(&view.lookup, LOOKUP_LIMIT);
            view.looked_up = key;
        }
        for m in &view.matches {
            ui.horizontal(|ui| {
                ui.label(format!(
                    "{} ({}, {})",
                    super::fonts::shown(&m.display_name),
                    m.delegation_code,
                    m.status.as_str()
                ));
                if ui.small_button("Admit…").clicked() {
                    view.override_target = Some(OverrideTarget::Delegate {
                        id: m.delegate_id,
                        who: m.display_name.clone(),
                    });
                    view.reason.clear();
                }
            });
        }
        ui.separator();
        door_mode(view, ui, cx, &mut ids);
    });
    ids
}

fn door_mode(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>, ids: &mut Vec<egui::Id>) {
    ui.heading("Door mode");
    if cx.locked {
        ui.label("Editing is locked. The desk's PIN unlocks it.");
        ui.horizontal(|ui| {
            let l = ui.label("PIN");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut view.pin)
                        .password(true)
                        .desired_width(100.0),
                )
                .labelled_by(l.id);
            ids.push(r.id);
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("Leave door mode").clicked() || enter {
                cx.send(Command::LeaveDoorMode(std::mem::take(&mut view.pin)));
            }
        });
        ui.label(RichText::new("F11: full screen").weak());
        return;
    }
    ui.horizontal(|ui| {
        let l = ui.label("Zone guarded");
        let text = view.zone.clone().unwrap_or_else(|| "entrance (no zone)".into());
        egui::ComboBox::from_id_salt("door_zone")
            .selected_text(text)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.zone, None, "entrance (no zone)");
                for z in &cx.data.event.zones {
                    ui.selectable_value(
                        &mut view.zone,
                        Some(z.code.clone()),
                        format!("{} ({})", z.code, z.name),
                    );
                }
            })
            .response
            .labelled_by(l.id);
    });
    ui.horizontal(|ui| {
        let l = ui.label("New PIN");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut view.new_pin)
                    .password(true)
                    .desired_width(100.0),
            )
            .labelled_by(l.id);
        ids.push(r.id);
        if ui.button("Set PIN").clicked() {
            cx.send(Command::SetPin(std::mem::take(&mut view.new_pin)));
        }
    });
    if ui.button(RichText::new("Enter door mode").strong()).clicked() {
        cx.send(Command::EnterDoorMode);
    }
    ui.label(RichText::new("Door mode locks every editing screen until the PIN is given.").weak());
}

fn override_dialog(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>) {
    let Some(target) = view.override_target.clone() else {
        return;
    };
    let who = match &target {
        OverrideTarget::Payload { who, .. } | OverrideTarget::Delegate { who, .. } => who.clone(),
    };
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("override_dialog")).show(ui.ctx(), |ui| {
        ui.heading("Admit by override");
        ui.label(format!("Admit {who}? The reason and your name are logged."));
        let l = ui.label("Reason");
        let r = ui
            .add(egui::TextEdit::singleline(&mut view.reason).desired_width(320.0))
            .labelled_by(l.id);
        if !r.has_focus() && view.reason.is_empty() {
            r.request_focus();
        }
        ui.horizontal(|ui| {
            let ok = !view.reason.trim().is_empty();
            if ui.add_enabled(ok, egui::Button::new("Admit")).clicked() {
                cx.send(Command::Override {
                    target: target.clone(),
                    reason: view.reason.trim().to_string(),
                });
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
    });
    // Escape or a click outside cancels.
    if close || modal.should_close() {
        view.override_target = None;
        view.reason.clear();
        view.focus_scan = true;
    }
}
