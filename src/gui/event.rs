//! The Event screen: everything `accredit event set` can change (title, code, venue, city,
//! local time offset, re-entry, days and their labels, zones, categories with their colours
//! and default zones), edited on a copy and saved in one audited transaction. The checks
//! are the core's ([`crate::registry::event::validate`] through `Registry::save_event`), and
//! new days get their labels from the same core code as the CLI
//! ([`crate::registry::event_edit`]).

use egui::{RichText, Ui};

use crate::gui::context::{Command, Cx, Shell, chain};
use crate::gui::widgets::{error_colour, field_ui};
use crate::registry::event_edit::day_label;
use crate::registry::{Category, Event, EventDay, Zone};

/// State of the Event screen.
#[derive(Debug, Default)]
pub struct EventView {
    /// The event as being edited (a copy of the stored one until saved).
    pub draft: Option<Event>,
    /// A day to add, as typed.
    pub new_day: String,
    /// A zone to add: code and name.
    pub new_zone: (String, String),
    /// A category to add: code, label, colour.
    pub new_category: (String, String, String),
    /// Why the last save (or addition) was refused.
    pub error: Option<String>,
}

/// Draws the screen.
pub fn ui(view: &mut EventView, ui: &mut Ui, cx: &mut Cx<'_>) {
    let stored = &cx.data.event;
    let draft = view.draft.get_or_insert_with(|| stored.clone());
    let changed = draft != stored;
    ui.horizontal(|ui| {
        ui.heading(crate::tr!("screen-event"));
        ui.label(RichText::new(crate::tr!("ev-explained")).weak());
    });
    ui.horizontal(|ui| {
        let save = ui
            .add_enabled(
                changed && !cx.locked,
                egui::Button::new(RichText::new(crate::tr!("ev-save")).strong()),
            )
            .on_disabled_hover_text(crate::tr!("form-nothing-changed"));
        if save.clicked() {
            view.error = None;
            cx.send(Command::SaveEvent(Box::new(draft.clone())));
        }
        if ui
            .add_enabled(changed, egui::Button::new(crate::tr!("form-undo")))
            .clicked()
        {
            *draft = stored.clone();
            view.error = None;
        }
    });
    if let Some(e) = &view.error {
        ui.label(RichText::new(e).color(error_colour(ui)).strong());
    }
    if draft.code != stored.code {
        ui.label(
            RichText::new(crate::tr!(
                "ev-code-change",
                from = &stored.code,
                to = &draft.code
            ))
            .color(error_colour(ui)),
        );
    }
    ui.separator();
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        general(draft, ui);
        ui.separator();
        days(draft, &mut view.new_day, &mut view.error, ui);
        ui.separator();
        zones(draft, &mut view.new_zone, ui);
        ui.separator();
        categories(draft, &mut view.new_category, ui);
    });
}

fn general(ev: &mut Event, ui: &mut Ui) {
    egui::Grid::new("event_general")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            wide_field(
                ui,
                &crate::tr!("ev-title"),
                &mut ev.title,
                &crate::tr!("ev-title-hint"),
            );
            ui.end_row();
            wide_field(
                ui,
                &crate::tr!("ev-subtitle"),
                &mut ev.subtitle,
                &crate::tr!("ev-subtitle-hint"),
            );
            ui.end_row();
            field_ui(
                ui,
                &crate::tr!("reg-code"),
                &mut ev.code,
                &crate::tr!("ev-code-hint"),
            );
            ui.end_row();
            field_ui(ui, &crate::tr!("ev-venue"), &mut ev.venue, "");
            ui.end_row();
            field_ui(ui, &crate::tr!("ev-city"), &mut ev.city, "");
            ui.end_row();
            field_ui(ui, &crate::tr!("ev-utc-offset"), &mut ev.utc_offset, "+02:00");
            ui.end_row();
            ui.label(crate::tr!("ev-reentry"));
            ui.checkbox(&mut ev.reentry, crate::tr!("ev-reentry-text"));
            ui.end_row();
            // The language the badges print their own words in (validity, days, delegation).
            let l = ui.label(crate::tr!("ev-badge-language"));
            egui::ComboBox::from_id_salt("event_badge_language")
                .selected_text(ev.badge.language.native_name())
                .show_ui(ui, |ui| {
                    for lang in crate::i18n::Lang::ALL {
                        ui.selectable_value(&mut ev.badge.language, lang, lang.native_name());
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
        });
}

/// A labelled text field wide enough for a conference title.
fn wide_field(ui: &mut Ui, label: &str, value: &mut String, hint: &str) {
    let l = ui.label(label);
    ui.add_sized([560.0, 20.0], egui::TextEdit::singleline(value).hint_text(hint))
        .labelled_by(l.id);
}

fn days(ev: &mut Event, new_day: &mut String, error: &mut Option<String>, ui: &mut Ui) {
    ui.label(RichText::new(crate::tr!("form-days")).strong());
    let mut remove = None;
    egui::Grid::new("event_days").num_columns(3).show(ui, |ui| {
        for (i, d) in ev.days.iter_mut().enumerate() {
            let l = ui.label(RichText::new(&d.date).monospace());
            ui.add_sized([240.0, 20.0], egui::TextEdit::singleline(&mut d.label))
                .labelled_by(l.id)
                .on_hover_text(crate::tr!("ev-day-label-hint"));
            if ui.button(crate::tr!("ev-remove-day", day = &d.date)).clicked() {
                remove = Some(i);
            }
            ui.end_row();
        }
    });
    if let Some(i) = remove {
        ev.days.remove(i);
    }
    ui.horizontal(|ui| {
        let l = ui.label(crate::tr!("ev-new-day"));
        let r = ui
            .add(
                egui::TextEdit::singleline(new_day)
                    .hint_text("2015-07-08")
                    .desired_width(110.0),
            )
            .labelled_by(l.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button(crate::tr!("ev-add-day")).clicked() || enter) && !new_day.trim().is_empty() {
            let date = new_day.trim().to_string();
            match day_label(&date) {
                Ok(label) if !ev.has_day(&date) => {
                    ev.days.push(EventDay { date, label });
                    ev.days.sort_by(|a, b| a.date.cmp(&b.date));
                    new_day.clear();
                    *error = None;
                }
                Ok(_) => *error = Some(crate::tr!("ev-day-exists", day = &date)),
                Err(e) => *error = Some(chain(&e)),
            }
        }
    });
}

fn zones(ev: &mut Event, new: &mut (String, String), ui: &mut Ui) {
    ui.label(RichText::new(crate::tr!("form-zones")).strong());
    let mut remove = None;
    egui::Grid::new("event_zones").num_columns(3).show(ui, |ui| {
        for (i, z) in ev.zones.iter_mut().enumerate() {
            let l = ui.label(RichText::new(&z.code).monospace());
            ui.add_sized([240.0, 20.0], egui::TextEdit::singleline(&mut z.name))
                .labelled_by(l.id);
            if ui.button(crate::tr!("ev-remove-zone", zone = &z.code)).clicked() {
                remove = Some(i);
            }
            ui.end_row();
        }
    });
    if let Some(i) = remove {
        ev.zones.remove(i);
    }
    ui.horizontal(|ui| {
        let l = ui.label(crate::tr!("ev-new-zone-code"));
        ui.add(
            egui::TextEdit::singleline(&mut new.0)
                .hint_text("VIP")
                .desired_width(80.0),
        )
        .labelled_by(l.id);
        let l = ui.label(crate::tr!("ev-name"));
        ui.add(
            egui::TextEdit::singleline(&mut new.1)
                .hint_text(crate::tr!("ev-vip-lounge"))
                .desired_width(180.0),
        )
        .labelled_by(l.id);
        if ui.button(crate::tr!("ev-add-zone")).clicked() && !new.0.trim().is_empty() {
            let code = new.0.trim().to_ascii_uppercase();
            if !ev.has_zone(&code) {
                ev.zones.push(Zone {
                    code,
                    name: new.1.trim().to_string(),
                });
            }
            *new = Default::default();
        }
    });
}

fn categories(ev: &mut Event, new: &mut (String, String, String), ui: &mut Ui) {
    ui.label(RichText::new(crate::tr!("ev-categories")).strong());
    let mut remove = None;
    egui::Grid::new("event_categories").num_columns(5).show(ui, |ui| {
        ui.label(crate::tr!("reg-code"));
        ui.label(crate::tr!("ev-label"));
        let colour_head = ui.label(crate::tr!("ev-colour"));
        let zones_head = ui.label(crate::tr!("ev-default-zones"));
        ui.end_row();
        for (i, c) in ev.categories.iter_mut().enumerate() {
            let l = ui.label(RichText::new(&c.code).monospace());
            ui.add_sized([150.0, 20.0], egui::TextEdit::singleline(&mut c.label))
                .labelled_by(l.id);
            ui.horizontal(|ui| {
                if let Some([r, g, b]) = crate::registry::parse_colour(&c.colour) {
                    let mut rgb = [r, g, b];
                    if ui.color_edit_button_srgb(&mut rgb).changed() {
                        c.colour = format!("#{:02X}{:02X}{:02X}", rgb[0], rgb[1], rgb[2]);
                    }
                }
                ui.add_sized([80.0, 20.0], egui::TextEdit::singleline(&mut c.colour))
                    .labelled_by(colour_head.id);
            });
            ui.add_sized(
                [180.0, 20.0],
                egui::TextEdit::singleline(&mut c.zones).hint_text(crate::tr!("ev-all-zones")),
            )
            .labelled_by(zones_head.id);
            if ui
                .button(crate::tr!("ev-remove-category", category = &c.code))
                .clicked()
            {
                remove = Some(i);
            }
            ui.end_row();
        }
    });
    if let Some(i) = remove {
        ev.categories.remove(i);
    }
    ui.horizontal(|ui| {
        let l = ui.label(crate::tr!("ev-new-category-code"));
        ui.add(
            egui::TextEdit::singleline(&mut new.0)
                .hint_text("VIP")
                .desired_width(70.0),
        )
        .labelled_by(l.id);
        let l = ui.label(crate::tr!("ev-label-lower"));
        ui.add(
            egui::TextEdit::singleline(&mut new.1)
                .hint_text("VIP GUEST")
                .desired_width(120.0),
        )
        .labelled_by(l.id);
        let l = ui.label(crate::tr!("ev-colour-lower"));
        ui.add(
            egui::TextEdit::singleline(&mut new.2)
                .hint_text("#7B1FA2")
                .desired_width(80.0),
        )
        .labelled_by(l.id);
        if ui.button(crate::tr!("ev-add-category")).clicked() && !new.0.trim().is_empty() {
            let code = new.0.trim().to_ascii_uppercase();
            if ev.category(&code).is_none() {
                ev.categories.push(Category {
                    code,
                    label: new.1.trim().to_string(),
                    colour: new.2.trim().to_ascii_uppercase(),
                    zones: String::new(),
                });
            }
            *new = Default::default();
        }
    });
}

/// Saves the event (checked by the core, audited); a refusal shows on the screen.
pub fn save(view: &mut EventView, sh: &mut Shell<'_>, ev: &Event) {
    match sh.reg.save_event(ev) {
        Ok(()) => {
            sh.reload();
            view.draft = None;
            view.error = None;
            sh.info(crate::tr!("ev-saved", code = &ev.code));
        }
        Err(e) => view.error = Some(crate::tr!("del-msg-not-saved", error = chain(&e))),
    }
}
