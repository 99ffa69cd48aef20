//! Changing the event piece by piece: what `accredit event set` and the Event screen both
//! use. An [`EventEdit`] lists the changes; [`EventEdit::apply`] makes them on a copy of the
//! event, and [`super::Registry::save_event`] checks the result ([`super::event::validate`]:
//! codes, dates, offset, colours, days/zones/categories still in use) and saves it in one
//! audited transaction.

use super::{Category, Event, EventDay, RegistryError, Result, Zone};

/// Changes to the event; `None` / empty leaves a part as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventEdit {
    /// Short code carried in every pass (upper-cased).
    pub code: Option<String>,
    /// Title printed on badges.
    pub title: Option<String>,
    /// Theme of the conference.
    pub subtitle: Option<String>,
    /// Venue.
    pub venue: Option<String>,
    /// City.
    pub city: Option<String>,
    /// The days as ISO dates (replaces the list; labels of kept days stay, new days get
    /// "Monday 6 July 2015").
    pub days: Option<Vec<String>>,
    /// Labels of single days: (date, label).
    pub day_labels: Vec<(String, String)>,
    /// Local time offset, like `+02:00`.
    pub utc_offset: Option<String>,
    /// Whether a second entry on the same day is admitted.
    pub reentry: Option<bool>,
    /// Zones to add or rename: (code, name).
    pub zones: Vec<(String, String)>,
    /// Zones to remove.
    pub remove_zones: Vec<String>,
    /// Categories to add or change: code and [`CategorySpec`].
    pub categories: Vec<(String, CategorySpec)>,
    /// Categories to remove.
    pub remove_categories: Vec<String>,
}

/// A category's label, colour and (optionally) default zones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategorySpec {
    /// Label printed on the badge band.
    pub label: String,
    /// `#RRGGBB`.
    pub colour: String,
    /// Default zones; `None` keeps an existing category's zones (a new one: every zone).
    pub zones: Option<Vec<String>>,
}

fn invalid(field: &str, message: impl Into<String>) -> RegistryError {
    RegistryError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

impl CategorySpec {
    /// Reads `LABEL:#RRGGBB` or `LABEL:#RRGGBB:ZONE;ZONE`.
    pub fn parse(spec: &str) -> Result<Self> {
        let Some((label, rest)) = spec.rsplit_once(":#") else {
            return Err(invalid(
                "category",
                format!("{spec:?}: expected LABEL:#RRGGBB or LABEL:#RRGGBB:ZONE;ZONE"),
            ));
        };
        let (colour, zones) = match rest.split_once(':') {
            Some((colour, zones)) => (colour, Some(split_codes(zones))),
            None => (rest, None),
        };
        Ok(Self {
            label: label.trim().to_string(),
            colour: format!("#{}", colour.trim().to_ascii_uppercase()),
            zones,
        })
    }
}

/// Codes separated by `;`, `,` or `+`, upper-cased, blanks dropped.
pub fn split_codes(s: &str) -> Vec<String> {
    s.split([';', ',', '+'])
        .map(|z| z.trim().to_ascii_uppercase())
        .filter(|z| !z.is_empty())
        .collect()
}

/// Splits `KEY=VALUE` (the key trimmed and upper-cased, the value trimmed).
pub fn key_value(s: &str, field: &str) -> Result<(String, String)> {
    match s.split_once('=') {
        Some((k, v)) => Ok((k.trim().to_ascii_uppercase(), v.trim().to_string())),
        None => Err(invalid(field, format!("{s:?}: expected KEY=VALUE"))),
    }
}

/// "Monday 6 July 2015" for 2015-07-06.
pub fn day_label(date: &str) -> Result<String> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let d = time::Date::parse(date, &fmt)
        .map_err(|_| invalid("days", format!("{date:?} is not a date like 2015-07-06")))?;
    Ok(format!("{} {} {} {}", d.weekday(), d.day(), d.month(), d.year()))
}

impl EventEdit {
    /// Makes the changes on `ev` (not yet checked as a whole: saving does that).
    pub fn apply(self, mut ev: Event) -> Result<Event> {
        let text = |field: &mut String, v: Option<String>| {
            if let Some(v) = v {
                *field = v.trim().to_string();
            }
        };
        text(&mut ev.code, self.code.map(|c| c.to_ascii_uppercase()));
        text(&mut ev.title, self.title);
        text(&mut ev.subtitle, self.subtitle);
        text(&mut ev.venue, self.venue);
        text(&mut ev.city, self.city);
        text(&mut ev.utc_offset, self.utc_offset);
        if let Some(r) = self.reentry {
            ev.reentry = r;
        }
        if let Some(days) = self.days {
            let mut new: Vec<EventDay> = Vec::new();
            for date in days.iter().map(|d| d.trim()).filter(|d| !d.is_empty()) {
                if new.iter().any(|d| d.date == date) {
                    continue;
                }
                let label = match ev.days.iter().find(|d| d.date == date) {
                    Some(old) => old.label.clone(),
                    None => day_label(date)?,
                };
                new.push(EventDay {
                    date: date.to_string(),
                    label,
                });
            }
            new.sort_by(|a, b| a.date.cmp(&b.date));
            ev.days = new;
        }
        for (date, label) in self.day_labels {
            let Some(day) = ev.days.iter_mut().find(|d| d.date == date.trim()) else {
                return Err(invalid(
                    "day_label",
                    format!("{} is not a day of the event", date.trim()),
                ));
            };
            day.label = label.trim().to_string();
        }
        for (code, name) in self.zones {
            let code = code.trim().to_ascii_uppercase();
            match ev.zones.iter_mut().find(|x| x.code == code) {
                Some(x) => x.name = name.trim().to_string(),
                None => ev.zones.push(Zone {
                    code,
                    name: name.trim().to_string(),
                }),
            }
        }
        for code in self.remove_zones {
            let code = code.trim().to_ascii_uppercase();
            if !ev.has_zone(&code) {
                return Err(invalid("remove_zone", format!("{code}: no such zone")));
            }
            ev.zones.retain(|z| z.code != code);
        }
        for (code, spec) in self.categories {
            let code = code.trim().to_ascii_uppercase();
            let zones = spec.zones.map(|z| z.join(";"));
            match ev.categories.iter_mut().find(|x| x.code == code) {
                Some(x) => {
                    x.label = spec.label;
                    x.colour = spec.colour;
                    if let Some(z) = zones {
                        x.zones = z;
                    }
                }
                None => ev.categories.push(Category {
                    code,
                    label: spec.label,
                    colour: spec.colour,
                    zones: zones.unwrap_or_default(),
                }),
            }
        }
        for code in self.remove_categories {
            let code = code.trim().to_ascii_uppercase();
            if ev.category(&code).is_none() {
                return Err(invalid("remove_category", format!("{code}: no such category")));
            }
            ev.categories.retain(|c| c.code != code);
        }
        Ok(ev)
    }
}
