//! The Door screen's side panel: today's counters and who is inside for everyone; the last
//! scans (with *Annul…*), lookup by name and override, the station's direction and zone, the
//! evacuation roll, settings and door mode at the desk. In door mode (the kiosk) only the
//! counters and the PIN show; the PIN opens the supervisor's tools or leaves door mode.

use egui::{RichText, Ui};

use super::{AnnulTarget, DoorPrefs, DoorView, OverrideTarget, candidate_ui, verdict_colours};
use crate::checkin::presence::zone_label;
use crate::checkin::{Direction, log};
use crate::gui::context::{Command, Cx};
use crate::registry::Status;

/// The side panel; returns the ids of its text fields (they may hold the keyboard).
pub fn side(view: &mut DoorView, prefs: &mut DoorPrefs, ui: &mut Ui, cx: &mut Cx<'_>) -> Vec<egui::Id> {
    let mut ids = Vec::new();
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        counters(view, ui);
        ui.separator();
        crate::gui::network::network_ui(ui, cx.network);
        ui.separator();
        if cx.locked && !view.supervisor {
            kiosk_pin(view, ui, cx, &mut ids);
            return;
        }
        if cx.locked {
            ui.horizontal(|ui| {
                ui.heading("Supervisor");
                if ui.button("Close supervisor tools").clicked() {
                    view.supervisor = false;
                    view.focus_scan = true;
                }
            });
        }
        station(view, prefs, ui, cx, &mut ids);
        ui.separator();
        recent(view, ui, cx);
        ui.separator();
        lookup(view, ui, cx, &mut ids);
        ui.separator();
        if cx.locked {
            kiosk_pin(view, ui, cx, &mut ids);
        } else {
            settings(prefs, ui, &mut ids);
            ui.separator();
            door_mode(view, ui, cx, &mut ids);
        }
    });
    ids
}

fn counters(view: &DoorView, ui: &mut Ui) {
    let day =
        crate::registry::event_edit::day_label(&view.today.day).unwrap_or_else(|_| view.today.day.clone());
    ui.heading(format!("Today, {day}"));
    egui::Grid::new("door_counts").num_columns(2).show(ui, |ui| {
        let inside = view.inside.as_ref().map_or(0, |p| p.total);
        for (label, n) in [
            ("Inside now", inside),
            ("People admitted", view.today.people_admitted),
            ("Admissions", view.today.admissions),
            ("Exits", view.today.exits),
            ("Refusals", view.today.refusals),
            ("Scans", view.today.scans),
        ] {
            ui.label(label);
            ui.label(RichText::new(n.to_string()).strong().size(18.0));
            ui.end_row();
        }
    });
    if let Some(p) = &view.inside {
        let per: Vec<String> = p
            .per_zone
            .iter()
            .map(|c| format!("{} {}", zone_label(&c.zone), c.inside))
            .collect();
        ui.label(format!("Inside per zone: {}", per.join(" · ")));
    }
}

fn kiosk_pin(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>, ids: &mut Vec<egui::Id>) {
    ui.heading("Door mode");
    ui.label("The supervisor's PIN opens lookup, override and annulment, or leaves door mode.");
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
        if !view.supervisor && (ui.button("Supervisor").clicked() || enter) {
            cx.send(Command::SupervisorPin(std::mem::take(&mut view.pin)));
        }
    });
    if ui.button("Leave door mode").clicked() {
        cx.send(Command::LeaveDoorMode(std::mem::take(&mut view.pin)));
    }
}

fn station(
    view: &mut DoorView,
    prefs: &mut DoorPrefs,
    ui: &mut Ui,
    cx: &mut Cx<'_>,
    ids: &mut Vec<egui::Id>,
) {
    ui.heading("This station");
    if !cx.locked {
        ui.horizontal(|ui| {
            let l = ui.label("Name");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut view.name_edit)
                        .hint_text("for example Door A")
                        .desired_width(140.0),
                )
                .labelled_by(l.id);
            ids.push(r.id);
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let current = view
                .station_names
                .get(&view.this_station)
                .map_or("", String::as_str);
            let changed = view.name_edit.trim() != current;
            if (ui.add_enabled(changed, egui::Button::new("Save name")).clicked() || (enter && changed))
                && !view.name_edit.trim().is_empty()
            {
                cx.send(Command::NameStation(view.name_edit.trim().to_string()));
            }
        });
    }
    ui.horizontal(|ui| {
        ui.label("Direction");
        let before = view.direction;
        ui.selectable_value(&mut view.direction, Direction::In, "Entry");
        ui.selectable_value(&mut view.direction, Direction::Out, "Exit");
        if view.direction != before {
            prefs.direction = view.direction;
        }
    });
    ui.horizontal(|ui| {
        let l = ui.label("Zone guarded");
        let text = view.zone.clone().unwrap_or_else(|| "entrance (no zone)".into());
        let before = view.zone.clone();
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
        if view.zone != before {
            prefs.zone = view.zone.clone();
        }
    });
    ui.horizontal(|ui| {
        if ui.button("Who is inside").clicked() {
            view.show_inside = !view.show_inside;
            cx.send(Command::RefreshDoor);
        }
        if ui.button("Evacuation roll (PDF)").clicked() {
            cx.send(Command::PresenceRoll);
        }
    });
}

fn recent(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.heading("Last scans");
    // Display only: the door does not open with a malformed offset (`Door::open` refuses it).
    let offset = cx.data.event.offset().unwrap_or(time::UtcOffset::UTC);
    egui::Grid::new("door_recent")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for e in view.recent.iter().take(10) {
                let local = log::local_minute(&e.at, offset);
                ui.label(local.get(11..).unwrap_or(&local).to_string());
                let (bg, fg) = verdict_colours(e.verdict);
                let annulled = view.annulled.contains(&e.uuid);
                let mut word = RichText::new(list_words(e.verdict))
                    .background_color(bg)
                    .color(fg);
                if annulled {
                    word = word.strikethrough();
                }
                ui.label(word);
                let who = e
                    .serial
                    .and_then(|s| cx.data.row(s))
                    .map(|r| r.name.clone())
                    .unwrap_or_default();
                ui.scope(|ui| {
                    ui.set_width(140.0);
                    ui.add(egui::Label::new(who.clone()).truncate());
                });
                if e.verdict.passes() && !annulled {
                    if ui.small_button("Annul…").clicked() {
                        view.annul_target = Some(AnnulTarget {
                            scan_id: e.uuid.clone(),
                            what: format!("{} {} {who}", e.verdict, local.get(11..).unwrap_or(&local)),
                        });
                        view.annul_reason.clear();
                    }
                } else if annulled {
                    ui.label(RichText::new("annulled").weak());
                } else {
                    ui.label("");
                }
                ui.end_row();
            }
        });
}

fn lookup(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>, ids: &mut Vec<egui::Id>) {
    ui.heading("Forgotten badge");
    ui.horizontal(|ui| {
        let l = ui.label("Find by name");
        let r = ui
            .add(egui::TextEdit::singleline(&mut view.lookup).desired_width(200.0))
            .labelled_by(l.id);
        ids.push(r.id);
    });
    // The core's person search over the cached registry, again when the
    // cache changes (the delegates finish loading, an admission); applied after this frame.
    let key = (view.lookup.clone(), cx.data.generation);
    if key != view.looked_up {
        view.looked_up = key;
        cx.send(Command::FindByName(view.lookup.clone()));
    }
    // Borrowed, not copied: the photos would be copied every frame.
    for m in &view.matches {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let photo = view.photos.get(&m.delegate_id).and_then(|p| p.as_deref());
            candidate_ui(ui, cx, m.delegate_id, photo, 64.0);
            // Said before "Admit…": this person's accreditation does not stand.
            if let Some(row) = cx.data.row(m.delegate_id)
                && matches!(
                    row.d.status,
                    Status::Withdrawn | Status::Rejected | Status::Pending
                )
            {
                let why = match row.d.status {
                    Status::Withdrawn => "Accreditation WITHDRAWN: the badge is refused at the door.",
                    Status::Rejected => "Accreditation REJECTED: no badge was to be issued.",
                    _ => "Not yet accredited (pending at the desk).",
                };
                ui.label(
                    RichText::new(format!("{why} Admit only on a supervisor's decision."))
                        .strong()
                        .color(crate::gui::widgets::error_colour(ui)),
                );
            }
            if ui.small_button("Admit…").clicked() {
                view.override_target = Some(OverrideTarget::Delegate {
                    id: m.delegate_id,
                    who: m.display_name.clone(),
                });
                view.reason.clear();
            }
        });
    }
}

fn settings(prefs: &mut DoorPrefs, ui: &mut Ui, ids: &mut Vec<egui::Id>) {
    ui.collapsing("Door settings", |ui| {
        ui.horizontal(|ui| {
            let l = ui.label("Verdict shown for (s)");
            ui.add(
                egui::DragValue::new(&mut prefs.reset_secs)
                    .range(1.0..=60.0)
                    .speed(0.5),
            )
            .labelled_by(l.id);
        });
        ui.horizontal(|ui| {
            let l = ui.label("Scanner: longest pause (ms)");
            ui.add(egui::DragValue::new(&mut prefs.burst_gap_ms).range(5..=500))
                .labelled_by(l.id);
        });
        ui.horizontal(|ui| {
            let l = ui.label("Scanner prefix");
            let r = ui
                .add(egui::TextEdit::singleline(&mut prefs.prefix).desired_width(80.0))
                .labelled_by(l.id);
            ids.push(r.id);
        });
        let player = crate::gui::sound::player();
        ui.add_enabled(
            player.is_some(),
            egui::Checkbox::new(&mut prefs.sound, "Sound per verdict"),
        );
        if player.is_none() {
            ui.label(RichText::new("No sound player (paplay, pw-play, aplay) found: silent.").weak());
        }
    });
}

fn door_mode(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>, ids: &mut Vec<egui::Id>) {
    ui.heading("Door mode");
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
    ui.label(
        RichText::new(
            "Door mode is a kiosk: full screen, only scans, verdicts and today's counters, \
             until the PIN is given; it comes back after a restart.",
        )
        .weak(),
    );
}

/// The "who is inside" list, by delegation with the time of entry.
pub fn inside_window(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>) {
    if !view.show_inside {
        return;
    }
    let mut open = true;
    egui::Window::new("Who is inside")
        .open(&mut open)
        .default_size([460.0, 400.0])
        .anchor(egui::Align2::LEFT_BOTTOM, [16.0, -16.0])
        .show(ui.ctx(), |ui| {
            let Some(p) = &view.inside else {
                ui.label("Reading the scan log…");
                return;
            };
            ui.label(format!(
                "{} inside at {}",
                crate::gui::widgets::count(p.total as usize, "person", "people"),
                crate::gui::widgets::dates_in_words(&p.at_local)
            ));
            if ui.button("Evacuation roll (PDF)").clicked() {
                cx.send(Command::PresenceRoll);
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                let mut last = None;
                for i in &p.people {
                    if last != Some(&i.delegation) {
                        ui.strong(if i.delegation.is_empty() {
                            "Not in this registry".to_string()
                        } else {
                            format!("{} {}", i.delegation, i.delegation_name)
                        });
                        last = Some(&i.delegation);
                    }
                    let zones: Vec<&str> = i.zones.iter().map(|z| zone_label(z)).collect();
                    ui.label(format!(
                        "  {}  {}  ({})  {}",
                        i.since_local,
                        crate::gui::fonts::shown(&i.name),
                        i.category,
                        zones.join(", ")
                    ));
                }
            });
        });
    if !open {
        view.show_inside = false;
    }
}

/// A verdict as the list of last scans says it, short: the code in words ("Already in",
/// "Re-entry"), not as logged (`ALREADY_IN`).
fn list_words(code: crate::checkin::VerdictCode) -> String {
    let w = match code {
        crate::checkin::VerdictCode::ReEntry => "re-entry".to_string(),
        other => other.as_str().replace('_', " ").to_lowercase(),
    };
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
