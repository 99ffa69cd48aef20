//! The station's network state, shown on the Door screen and the Dashboard: the hub (never
//! its password), connected or offline since when, items waiting, last sync, and the
//! stations the hub heard from. The sync worker runs on its own thread
//! ([`crate::hub::WorkerHandle`]); the app copies its status once per frame.

use egui::{RichText, Ui};

use crate::hub::HubStatus;

/// One line for the state: "Hub connected", "Hub offline since …" or "Single station".
pub fn headline(status: Option<&HubStatus>) -> String {
    match status {
        None => crate::tr!("net-single-station"),
        Some(s) if s.connected => crate::tr!("net-hub-connected"),
        Some(s) => match &s.offline_since {
            Some(t) => crate::tr!("net-hub-offline", since = short_time(t)),
            None => crate::tr!("net-hub-connecting"),
        },
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
                    ui.label(crate::tr!("net-last-heard", at = short_time(&st.last_heard)));
                    ui.end_row();
                }
            });
    }
}
