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
                ui.heading(crate::tr!("door-supervisor"));
                if ui.button(crate::tr!("door-close-supervisor")).clicked() {
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
    ui.heading(crate::tr!(
        "door-today",
        day = crate::i18n::dates::long_iso(crate::i18n::current(), &view.today.day)
    ));
    egui::Grid::new("door_counts").num_columns(2).show(ui, |ui| {
        let inside = view.inside.as_ref().map_or(0, |p| p.total);
        for (label, n) in [
            ("door-inside-now", inside),
            ("door-people-admitted", view.today.people_admitted),
            ("door-admissions", view.today.admissions),
            ("door-exits", view.today.exits),
            ("door-refusals", view.today.refusals),
            ("door-scans", view.today.scans),
        ] {
            ui.label(crate::tr!(label));
            ui.label(
                RichText::new(crate::i18n::number(crate::i18n::current(), n as i64))
                    .strong()
                    .size(18.0),
            );
            ui.end_row();
        }
    });
    if let Some(p) = &view.inside {
        let per: Vec<String> = p
            .per_zone
            .iter()
            .map(|c| format!("{} {}", shown_zone(&c.zone), c.inside))
            .collect();
        ui.label(crate::tr!("door-inside-per-zone", zones = per.join(" · ")));
    }
}

fn kiosk_pin(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>, ids: &mut Vec<egui::Id>) {
    ui.heading(crate::tr!("door-mode"));
    ui.label(crate::tr!("door-pin-explained"));
    ui.horizontal(|ui| {
        let l = ui.label(crate::tr!("door-pin"));
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut view.pin)
                    .password(true)
                    .desired_width(100.0),
            )
            .labelled_by(l.id);
        ids.push(r.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if !view.supervisor && (ui.button(crate::tr!("door-supervisor")).clicked() || enter) {
            cx.send(Command::SupervisorPin(std::mem::take(&mut view.pin)));
        }
    });
    if ui.button(crate::tr!("door-leave-mode")).clicked() {
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
    ui.heading(crate::tr!("door-this-station"));
    if !cx.locked {
        ui.horizontal(|ui| {
            let l = ui.label(crate::tr!("door-station-name"));
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut view.name_edit)
                        .hint_text(crate::tr!("door-station-name-hint"))
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
            if (ui
                .add_enabled(changed, egui::Button::new(crate::tr!("door-station-save-name")))
                .clicked()
                || (enter && changed))
                && !view.name_edit.trim().is_empty()
            {
                cx.send(Command::NameStation(view.name_edit.trim().to_string()));
            }
        });
    }
    ui.horizontal(|ui| {
        ui.label(crate::tr!("door-direction"));
        let before = view.direction;
        ui.selectable_value(
            &mut view.direction,
            Direction::In,
            crate::tr!("door-direction-entry"),
        );
        ui.selectable_value(
            &mut view.direction,
            Direction::Out,
            crate::tr!("door-direction-exit"),
        );
        if view.direction != before {
            prefs.direction = view.direction;
        }
    });
    ui.horizontal(|ui| {
        let l = ui.label(crate::tr!("door-zone-guarded"));
        let text = view.zone.clone().unwrap_or_else(|| crate::tr!("door-no-zone"));
        let before = view.zone.clone();
        egui::ComboBox::from_id_salt("door_zone")
            .selected_text(text)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.zone, None, crate::tr!("door-no-zone"));
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
        if ui.button(crate::tr!("door-who-is-inside")).clicked() {
            view.show_inside = !view.show_inside;
            cx.send(Command::RefreshDoor);
        }
        if ui.button(crate::tr!("door-evacuation-roll")).clicked() {
            cx.send(Command::PresenceRoll);
        }
    });
}

fn recent(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.heading(crate::tr!("door-last-scans"));
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
                    if ui.small_button(crate::tr!("door-annul")).clicked() {
                        view.annul_target = Some(AnnulTarget {
                            scan_id: e.uuid.clone(),
                            what: format!("{} {} {who}", e.verdict, local.get(11..).unwrap_or(&local)),
                        });
                        view.annul_reason.clear();
                    }
                } else if annulled {
                    ui.label(RichText::new(crate::tr!("door-annulled")).weak());
                } else {
                    ui.label("");
                }
                ui.end_row();
            }
        });
}

fn lookup(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>, ids: &mut Vec<egui::Id>) {
    ui.heading(crate::tr!("door-forgotten-badge"));
    ui.horizontal(|ui| {
        let l = ui.label(crate::tr!("door-find-by-name"));
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
                    Status::Withdrawn => crate::tr!("door-withdrawn-warning"),
                    Status::Rejected => crate::tr!("door-rejected-warning"),
                    _ => crate::tr!("door-pending-warning"),
                };
                ui.label(
                    RichText::new(why)
                        .strong()
                        .color(crate::gui::widgets::error_colour(ui)),
                );
            }
            if ui.small_button(crate::tr!("door-admit-candidate")).clicked() {
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
    ui.collapsing(crate::tr!("door-settings"), |ui| {
        ui.horizontal(|ui| {
            // The door station's own language: the desk may work in English while the door
            // speaks German.
            let l = ui.label(crate::tr!("door-language"));
            let shown = prefs.lang.map_or_else(
                || crate::tr!("door-language-desk"),
                |l| l.native_name().to_string(),
            );
            egui::ComboBox::from_id_salt("door_lang")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut prefs.lang, None, crate::tr!("door-language-desk"));
                    for lang in crate::i18n::Lang::ALL {
                        ui.selectable_value(&mut prefs.lang, Some(lang), lang.native_name());
                    }
                })
                .response
                .labelled_by(l.id);
        });
        ui.horizontal(|ui| {
            let l = ui.label(crate::tr!("door-verdict-seconds"));
            ui.add(
                egui::DragValue::new(&mut prefs.reset_secs)
                    .range(1.0..=60.0)
                    .speed(0.5),
            )
            .labelled_by(l.id);
        });
        ui.horizontal(|ui| {
            let l = ui.label(crate::tr!("door-scanner-pause"));
            ui.add(egui::DragValue::new(&mut prefs.burst_gap_ms).range(5..=500))
                .labelled_by(l.id);
        });
        ui.horizontal(|ui| {
            let l = ui.label(crate::tr!("door-scanner-prefix"));
            let r = ui
                .add(egui::TextEdit::singleline(&mut prefs.prefix).desired_width(80.0))
                .labelled_by(l.id);
            ids.push(r.id);
        });
        let player = crate::gui::sound::player();
        ui.add_enabled(
            player.is_some(),
            egui::Checkbox::new(&mut prefs.sound, crate::tr!("door-sound")),
        );
        if player.is_none() {
            ui.label(RichText::new(crate::tr!("door-no-sound")).weak());
        }
    });
}

fn door_mode(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>, ids: &mut Vec<egui::Id>) {
    ui.heading(crate::tr!("door-mode"));
    ui.horizontal(|ui| {
        let l = ui.label(crate::tr!("door-new-pin"));
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut view.new_pin)
                    .password(true)
                    .desired_width(100.0),
            )
            .labelled_by(l.id);
        ids.push(r.id);
        if ui.button(crate::tr!("door-set-pin")).clicked() {
            cx.send(Command::SetPin(std::mem::take(&mut view.new_pin)));
        }
    });
    if ui
        .button(RichText::new(crate::tr!("door-enter-mode")).strong())
        .clicked()
    {
        cx.send(Command::EnterDoorMode);
    }
    ui.label(RichText::new(crate::tr!("door-mode-explained")).weak());
}

/// A zone as the door names it: its code, or the entrance in the door's words.
fn shown_zone(zone: &str) -> String {
    if zone.is_empty() {
        crate::tr!("door-entrance")
    } else {
        zone_label(zone).to_string()
    }
}

/// The "who is inside" list, by delegation with the time of entry.
pub fn inside_window(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>) {
    if !view.show_inside {
        return;
    }
    let mut open = true;
    egui::Window::new(crate::tr!("door-who-is-inside"))
        .id(egui::Id::unique("door_who_is_inside"))
        .open(&mut open)
        .default_size([460.0, 400.0])
        .anchor(egui::Align2::LEFT_BOTTOM, [16.0, -16.0])
        .show(ui.ctx(), |ui| {
            let Some(p) = &view.inside else {
                ui.label(crate::tr!("door-reading-log"));
                return;
            };
            ui.label(crate::tr!(
                "door-people-inside",
                count = p.total,
                time = crate::gui::clock::local_words(&p.at_local)
            ));
            if ui.button(crate::tr!("door-evacuation-roll")).clicked() {
                cx.send(Command::PresenceRoll);
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                let mut last = None;
                for i in &p.people {
                    if last != Some(&i.delegation) {
                        ui.strong(if i.delegation.is_empty() {
                            crate::tr!("door-not-in-this-registry")
                        } else {
                            format!("{} {}", i.delegation, i.delegation_name)
                        });
                        last = Some(&i.delegation);
                    }
                    let zones: Vec<String> = i.zones.iter().map(|z| shown_zone(z)).collect();
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

/// A verdict as the list of last scans says it, short: the code in words of the door's
/// language ("Already in", "Re-entry"), not as logged (`ALREADY_IN`).
fn list_words(code: crate::checkin::VerdictCode) -> String {
    use crate::checkin::VerdictCode as V;
    crate::tr!(match code {
        V::Admitted => "scan-word-admitted",
        V::ReEntry => "scan-word-re-entry",
        V::AlreadyIn => "scan-word-already-in",
        V::Revoked => "scan-word-revoked",
        V::NotAccredited => "scan-word-not-accredited",
        V::NotToday => "scan-word-not-today",
        V::ZoneDenied => "scan-word-zone-denied",
        V::Unregistered => "scan-word-unregistered",
        V::Invalid => "scan-word-invalid",
        V::Override => "scan-word-override",
        V::Exit => "scan-word-exit",
        V::Annulled => "scan-word-annulled",
    })
}
