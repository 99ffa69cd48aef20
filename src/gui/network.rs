//! The station's network state, shown on the Door screen, the Stations screen and the
//! Dashboard: the hub (never its password), connected, offline since when and why, a
//! refused login or event and what to do, items waiting, last sync, refusals by reason, and
//! the stations the hub heard from. The sync worker runs on its own thread
//! ([`crate::hub::WorkerHandle`]) and records the same state in the station's database
//! (what `accredit station status` prints); the app copies its status once per frame.

use egui::{RichText, Ui};

use crate::hub::HubStatus;
use crate::hub::worker::NetState;

/// One line for the state: "Hub connected", "Hub offline since …", "Hub refused this
/// station's login since …", or "Single station".
pub fn headline(status: Option<&HubStatus>) -> String {
    match status {
        None => crate::tr!("net-single-station"),
        Some(s) => {
            let since = s.offline_since.as_deref().map(short_time).unwrap_or_default();
            match s.state {
                NetState::Connected => crate::tr!("net-hub-connected"),
                NetState::Connecting => crate::tr!("net-hub-connecting"),
                NetState::Offline => crate::tr!("net-hub-offline", since = since),
                NetState::AuthRefused => crate::tr!("net-hub-auth-refused", since = since),
                NetState::EventRefused => crate::tr!("net-hub-event-refused", since = since),
            }
        }
    }
}

fn short_time(rfc3339: &str) -> String {
    // 2015-07-06T09:00:00Z -> 2015-07-06 09:00:00 UTC
    match rfc3339.split_once('T') {
        Some((d, t)) => format!("{d} {} UTC", t.trim_end_matches('Z')),
        None => rfc3339.to_string(),
    }
}

/// Draws the network section.
pub fn network_ui(ui: &mut Ui, status: Option<&HubStatus>) {
    ui.heading(crate::tr!("net-network"));
    let line = headline(status);
    let Some(s) = status else {
        ui.label(line);
        return;
    };
    let colour = if s.connected {
        egui::Color32::from_rgb(40, 150, 70)
    } else {
        super::widgets::error_colour(ui)
    };
    ui.label(RichText::new(line).strong().color(colour));
    egui::Grid::new("network_state").num_columns(2).show(ui, |ui| {
        ui.label(crate::tr!("net-hub"));
        ui.label(&s.url);
        ui.end_row();
        ui.label(crate::tr!("net-waiting"));
        ui.label(s.waiting.to_string());
        ui.end_row();
        ui.label(crate::tr!("net-last-sync"));
        ui.label(
            s.last_sync
                .as_deref()
                .map(short_time)
                .unwrap_or_else(|| crate::tr!("net-never")),
        );
        ui.end_row();
        let refused: u64 = s.refused.iter().map(|(_, n)| n).sum();
        if refused > 0 {
            ui.label(crate::tr!("net-refused"));
            let why: Vec<String> = s.refused.iter().map(|(r, n)| format!("{n} {r}")).collect();
            ui.label(why.join(", "));
            ui.end_row();
        }
    });
    if let (false, Some(e)) = (s.connected, &s.last_error) {
        ui.label(RichText::new(e).weak());
    }
    if !s.advice.is_empty() {
        ui.label(RichText::new(crate::tr!("net-advice", advice = s.advice.clone())).strong());
    }
    if s.oversize > 0 {
        ui.label(crate::tr!("net-oversize", count = s.oversize));
    }
    if !s.stations.is_empty() {
        ui.label(crate::tr!("net-stations-known", count = s.stations.len()));
        egui::Grid::new("network_stations")
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                for st in &s.stations {
                    let name = if st.name.is_empty() { &st.id } else { &st.name };
                    ui.label(name.as_str());
                    ui.label(st.role.as_str());
                    let mut heard = crate::tr!("net-last-heard", at = short_time(&st.last_heard));
                    if !st.refused.is_empty() {
                        heard.push_str(&crate::tr!("net-station-refused", why = st.refused.clone()));
                    } else if !st.certified {
                        heard.push_str(&crate::tr!("net-station-uncertified"));
                    }
                    ui.label(heard);
                    ui.end_row();
                }
            });
    }
}

/// The question asked when the desk app is closed while door stations depend on it.
#[derive(Debug, Default)]
pub struct CloseGuard {
    asking: bool,
    confirmed: bool,
}

/// Whether doors depend on this station: a desk on a hub that has heard from a door.
fn doors_depend(status: Option<&HubStatus>, door_copy: bool) -> bool {
    !door_copy && status.is_some_and(|s| s.stations.iter().any(|st| st.role == "door"))
}

/// The window's close button (or Quit) at a desk that door stations depend on: the close is
/// held and the desk told that reissues and withdrawals (revocations) stop reaching the
/// doors until it runs again; closing anyway is one click.
pub fn guard_close(guard: &mut CloseGuard, status: Option<&HubStatus>, door_copy: bool, ctx: &egui::Context) {
    if guard.confirmed || !doors_depend(status, door_copy) {
        return;
    }
    if ctx.input(|i| i.viewport().close_requested()) {
        ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        guard.asking = true;
    }
}

/// Draws the question while it is asked.
pub fn close_dialog(guard: &mut CloseGuard, ctx: &egui::Context) {
    if !guard.asking {
        return;
    }
    egui::Window::new(crate::tr!("net-close-title"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(crate::tr!("net-close-warning"));
            ui.horizontal(|ui| {
                if ui.button(crate::tr!("net-close-keep")).clicked() {
                    guard.asking = false;
                }
                if ui.button(crate::tr!("net-close-anyway")).clicked() {
                    guard.asking = false;
                    guard.confirmed = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
        });
}
