//! The frame around the screens: the menu bar and the tabs on top (none in door mode), the
//! status bar below (progress of the running work, the message, the database).

use egui::{RichText, Ui};

use super::app::AccreditApp;
use super::context::{ACTIONS, Command, Menu, Screen};
use super::records;

impl AccreditApp {
    pub(super) fn top_bar(&mut self, ui: &mut Ui) {
        // The kiosk: no menus, no tabs, no settings.
        if self.locked {
            return;
        }
        egui::Panel::top("top_bar").show(ui, |ui| {
            if !self.locked {
                egui::MenuBar::new().ui(ui, |ui| {
                    for menu in Menu::ALL {
                        ui.menu_button(menu.title(), |ui| {
                            if menu == Menu::View {
                                // View > Language: the six, each in its own words; at once.
                                ui.menu_button(crate::tr!("menu-language"), |ui| {
                                    let current = self.desk_lang();
                                    for lang in crate::i18n::Lang::ALL {
                                        if ui.radio(current == lang, lang.native_name()).clicked() {
                                            self.pending.push(Command::SetLanguage(lang));
                                            ui.close();
                                        }
                                    }
                                });
                            }
                            for action in ACTIONS.iter().filter(|a| a.menu() == menu) {
                                let mut b = egui::Button::new(action.label());
                                if let Some(sc) = action.shortcut() {
                                    b = b.shortcut_text(ui.ctx().format_shortcut(&sc));
                                }
                                if ui.add(b).clicked() {
                                    self.pending.push(action.command());
                                    ui.close();
                                }
                            }
                        });
                    }
                    ui.menu_button(crate::tr!("menu-help"), |ui| {
                        if ui.button(crate::tr!("menu-getting-started")).clicked() {
                            self.help_open = true;
                            ui.close();
                        }
                    });
                });
            }
            // Eleven tabs wrap rather than run under the event's name on a narrow window.
            ui.horizontal_wrapped(|ui| {
                for s in Screen::ALL {
                    let enabled = !self.locked || s == Screen::Door;
                    let r = ui.add_enabled(
                        enabled,
                        egui::Button::selectable(self.prefs.screen == s, RichText::new(s.title()).size(16.0)),
                    );
                    if r.clicked() {
                        self.pending.push(Command::Show(s));
                    }
                }
            });
            ui.horizontal(|ui| {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if self.locked {
                        ui.label(RichText::new(crate::tr!("app-door-mode-locked")).strong());
                    } else {
                        ui.label(RichText::new(&self.data.event.title).weak());
                        // The one place the zone is named: every time shown is in it.
                        ui.label(RichText::new(super::clock::zone_label(&self.data.event)).weak())
                            .on_hover_text(crate::tr!("app-local-time-hint"));
                    }
                });
            });
            if !self.locked
                && self.prefs.screen != Screen::Records
                && let Some(r) = &self.records.reminder
            {
                records::reminder_ui(ui, r);
            }
        });
    }

    pub(super) fn status_bar(&mut self, ui: &mut Ui) {
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            if let Some(job) = &self.job {
                if super::widgets::progress_ui(ui, job.label(), job.progress()) {
                    self.pending.push(Command::CancelJob);
                }
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(50));
            }
            ui.horizontal(|ui| {
                match &self.message {
                    // Every message in people's words, whoever wrote it.
                    Some(m) if m.error => {
                        ui.label(
                            RichText::new(super::causes::words(&m.text))
                                .color(super::widgets::error_colour(ui)),
                        );
                    }
                    Some(m) => {
                        ui.label(super::causes::words(&m.text));
                    }
                    None if self.loading.is_some() => {
                        ui.spinner();
                        ui.label(crate::tr!("app-loading-delegates"));
                    }
                    None => {
                        ui.label(RichText::new(crate::tr!("app-ready")).weak());
                    }
                }
                if self.locked {
                    return;
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let db = self
                        .reg
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| crate::tr!("app-in-memory"));
                    ui.label(
                        RichText::new(crate::tr!(
                            "app-delegates-count",
                            count = self.data.rows.len(),
                            db = db
                        ))
                        .weak(),
                    );
                });
            });
        });
    }
}
