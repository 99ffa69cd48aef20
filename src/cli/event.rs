//! `accredit event show` and `accredit event set`: the event is data.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accredit::registry::Event;
use accredit::registry::event_edit::{CategorySpec, EventEdit, key_value};
use anyhow::{Context, bail};

/// Arguments of `accredit event`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Show the event: title, venue, days, zones, categories.
    Show {
        /// As JSON (the format `event set --from-json` reads).
        #[arg(long)]
        json: bool,
    },
    /// Change the event. `--from-json` replaces the whole definition; the other options then
    /// change single parts. Everything is checked, then saved in one audited transaction.
    ///
    /// Example: accredit event set --title "16th Alliance Conference" --days 2016-04-11,2016-04-12
    /// --zone PRESS="Press area" --category MEDIA="PRESS:#E65100:PLENARY;PRESS"
    Set(Box<SetArgs>),
}

/// Options of `accredit event set`.
#[derive(Debug, clap::Args)]
struct SetArgs {
    /// A whole event definition as JSON (as printed by `event show --json`).
    #[arg(long, value_name = "FILE")]
    from_json: Option<PathBuf>,
    /// Short code carried in every pass (A-Z, 0-9; changing it invalidates printed badges).
    #[arg(long)]
    code: Option<String>,
    /// Title printed on badges.
    #[arg(long)]
    title: Option<String>,
    /// Theme of the conference.
    #[arg(long)]
    subtitle: Option<String>,
    /// Venue.
    #[arg(long)]
    venue: Option<String>,
    /// City.
    #[arg(long)]
    city: Option<String>,
    /// The days, as ISO dates separated by commas (replaces the list; labels of kept days stay).
    #[arg(long, value_delimiter = ',', value_name = "DATE,...")]
    days: Option<Vec<String>>,
    /// Label of one day, like 2015-07-06="Monday 6 July 2015".
    #[arg(long, value_name = "DATE=LABEL")]
    day_label: Vec<String>,
    /// Local time offset deciding "today" at the door, like +02:00.
    #[arg(long, value_name = "+HH:MM", allow_hyphen_values = true)]
    utc_offset: Option<String>,
    /// A second entry on the same day: allow (RE_ENTRY) or refuse.
    #[arg(long, value_enum)]
    reentry: Option<Reentry>,
    /// Local time of the automatic check-out (HH:MM, default 23:59): who entered and did not
    /// leave through an exit counts as inside until then.
    #[arg(long, value_name = "HH:MM")]
    checkout: Option<String>,
    /// Add or rename a zone: CODE="Name".
    #[arg(long, value_name = "CODE=NAME")]
    zone: Vec<String>,
    /// Remove a zone (refused while a delegate or category uses it).
    #[arg(long, value_name = "CODE")]
    remove_zone: Vec<String>,
    /// Add or change a category: CODE="LABEL:#RRGGBB" or CODE="LABEL:#RRGGBB:ZONE;ZONE"
    /// (default zones of the category; without them a new category may enter every zone and
    /// an existing one keeps its zones).
    #[arg(long, value_name = "CODE=LABEL:#RRGGBB[:ZONES]")]
    category: Vec<String>,
    /// Remove a category (refused while a delegate or delegation uses it).
    #[arg(long, value_name = "CODE")]
    remove_category: Vec<String>,
    /// The badge design of every layout as JSON: the `badge` part of `event show --json`
    /// (`{"cr80": {...}, "a6": {...}, "a4x4": {...}}`; a layout left out keeps the default).
    #[arg(long, value_name = "FILE.json")]
    badge_template: Option<PathBuf>,
    /// The emblem or logo printed where the badge template shows it: PNG or JPEG, at most
    /// 2 MB and 4000 pixels a side, checked by decoding it completely.
    #[arg(long, value_name = "FILE.png")]
    logo: Option<PathBuf>,
    /// Days after the last day that personal data is kept (default 90); after them the app
    /// reminds the desk to run `accredit purge --personal-data`.
    #[arg(long, value_name = "DAYS")]
    retention_days: Option<u32>,
    /// Days after the last day that the desk's class (e-mail, function, nationality,
    /// vehicle, ...) is kept (default 90).
    #[arg(long, value_name = "DAYS")]
    retention_desk_days: Option<u32>,
    /// Days after the last day that the sensitive class (date of birth, identity document)
    /// is kept (default 1); then `accredit purge --sensitive` is due.
    #[arg(long, value_name = "DAYS")]
    retention_sensitive_days: Option<u32>,
    /// Security vetting: `required` (a badge prints only when cleared) or `off` (default).
    #[arg(long, value_enum)]
    vetting: Option<Vetting>,
    /// Whether the purge keeps gender for the statistics (`on`, the default) or clears it.
    #[arg(long, value_enum)]
    keep_gender: Option<OnOff>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Vetting {
    Required,
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OnOff {
    On,
    Off,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Reentry {
    Allow,
    Refuse,
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let mut reg = super::open(db)?;
    match args.command {
        Sub::Show { json } => {
            let ev = reg.event()?;
            let mut out = std::io::stdout().lock();
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&ev)?)?;
            } else {
                write!(out, "{}", human(&ev))?;
                use accredit::registry::fields::Class;
                for class in [Class::Desk, Class::Sensitive] {
                    if let Some(r) = accredit::records::retention::retention_of(reg.conn(), class)? {
                        writeln!(
                            out,
                            "Retention:  the {} class kept {} days after the last day (purge from {})",
                            class.as_str(),
                            r.days,
                            r.due
                        )?;
                    }
                }
                writeln!(
                    out,
                    "Vetting:    {}",
                    if accredit::registry::vetting::required(reg.conn())? {
                        "required (a badge prints only when cleared)"
                    } else {
                        "off"
                    }
                )?;
                if let Some(r) = accredit::records::retention::retention(reg.conn())? {
                    writeln!(
                        out,
                        "Retention:  personal data kept {} days after the last day (purge from {})",
                        r.days, r.due
                    )?;
                }
            }
        }
        Sub::Set(set) => {
            let logo = match &set.logo {
                Some(path) => Some(read_logo(path)?),
                None => None,
            };
            let retention = set.retention_days;
            let privacy = (
                set.retention_desk_days,
                set.retention_sensitive_days,
                set.vetting,
                set.keep_gender,
            );
            if privacy != (None, None, None, None) {
                let operator = reg.operator().to_string();
                let tx = reg.conn_mut().transaction()?;
                use accredit::registry::fields::Class;
                if let Some(d) = privacy.0 {
                    accredit::records::retention::set_class_days(&tx, &operator, Class::Desk, d)?;
                }
                if let Some(d) = privacy.1 {
                    accredit::records::retention::set_class_days(&tx, &operator, Class::Sensitive, d)?;
                }
                if let Some(v) = privacy.2 {
                    accredit::registry::vetting::set_required(&tx, &operator, v == Vetting::Required)?;
                }
                if let Some(k) = privacy.3 {
                    accredit::records::retention::set_keep_gender(&tx, &operator, k == OnOff::On)?;
                }
                tx.commit()?;
            }
            let ev = apply(reg.event()?, *set)?;
            accredit::badge::event_save::save_change(&mut reg, &ev, logo.as_deref(), retention)
                .context("the event was not changed")?;
            let mut err = std::io::stderr();
            match &logo {
                Some(bytes) => {
                    writeln!(
                        err,
                        "event {} saved with its emblem ({} bytes)",
                        ev.code,
                        bytes.len()
                    )?;
                    if !ev.badge.shows_emblem() {
                        writeln!(
                            err,
                            "note: no layout of the badge template shows the emblem yet: make its emblem element visible (Badge design screen, or --badge-template)"
                        )?;
                    }
                }
                None => writeln!(err, "event {} saved", ev.code)?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads an emblem file, refusing a large one before reading it.
fn read_logo(path: &Path) -> anyhow::Result<Vec<u8>> {
    let max = accredit::badge::emblem::MAX_EMBLEM_BYTES as u64;
    let meta = std::fs::metadata(path).with_context(|| format!("--logo: cannot read {}", path.display()))?;
    if meta.len() > max {
        bail!(
            "--logo {}: the file is {} bytes; an emblem may be at most 2 MB (save it smaller)",
            path.display(),
            meta.len()
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("--logo: cannot read {}", path.display()))?;
    accredit::badge::Emblem::decode(&bytes).with_context(|| format!("--logo {}", path.display()))?;
    Ok(bytes)
}

fn human(ev: &Event) -> String {
    let mut s = format!("{} ({})\n", ev.title, ev.code);
    if !ev.subtitle.is_empty() {
        s += &format!("  {}\n", ev.subtitle);
    }
    let place: Vec<&str> = [ev.venue.as_str(), ev.city.as_str()]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect();
    s += &format!("Venue:      {}\n", place.join(", "));
    s += &format!("UTC offset: {}\n", ev.utc_offset);
    let reentry = if ev.reentry {
        "allowed (a second scan the same day admits)"
    } else {
        "refused (a second scan the same day is refused)"
    };
    s += &format!("Re-entry:   {reentry}\n");
    s += &format!("Check-out:  {} (automatic, local time)\n", ev.checkout);
    s += "Days:\n";
    for d in &ev.days {
        s += &format!("  {}  {}\n", d.date, d.label);
    }
    s += "Zones:\n";
    for z in &ev.zones {
        s += &format!("  {:<10} {}\n", z.code, z.name);
    }
    s += "Categories (code, colour, label, default zones):\n";
    for c in &ev.categories {
        let zones = if c.zones.is_empty() { "all zones" } else { &c.zones };
        s += &format!("  {:<10} {}  {:<28} {}\n", c.code, c.colour, c.label, zones);
    }
    s += "Badge template (event show --json for all of it):\n";
    for kind in accredit::badge::Layout::ALL {
        let t = ev.badge.get(kind);
        let shown: Vec<&str> = t
            .front
            .iter()
            .filter(|e| e.visible)
            .map(|e| e.kind.label())
            .collect();
        let back = if t.has_back() {
            format!("{} elements", t.back.iter().filter(|e| e.visible).count())
        } else {
            "none".into()
        };
        s += &format!(
            "  {kind:<5} margin {} mm; front: {}; back: {back}\n",
            t.margin_mm,
            shown.join(", ")
        );
    }
    s
}

/// The options as core changes: the parsing and the editing are the core's
/// ([`accredit::registry::event_edit`]), shared with the Event screen.
fn apply(mut ev: Event, set: SetArgs) -> anyhow::Result<Event> {
    if let Some(path) = &set.from_json {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        ev = serde_json::from_str(&text)
            .with_context(|| format!("{} is not an event definition", path.display()))?;
    }
    if let Some(path) = &set.badge_template {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        ev.badge = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a badge template", path.display()))?;
    }
    if let Some(checkout) = &set.checkout {
        ev.checkout = checkout.trim().to_string();
    }
    let mut day_labels = Vec::new();
    for dl in &set.day_label {
        let Some((date, label)) = dl.split_once('=') else {
            bail!("--day-label {dl:?}: expected DATE=LABEL");
        };
        day_labels.push((date.trim().to_string(), label.trim().to_string()));
    }
    let zones = set
        .zone
        .iter()
        .map(|z| key_value(z, "--zone"))
        .collect::<Result<Vec<_>, _>>()?;
    let mut categories = Vec::new();
    for c in &set.category {
        let (code, spec) = key_value(c, "--category")?;
        categories.push((code, CategorySpec::parse(&spec)?));
    }
    let edit = EventEdit {
        code: set.code,
        title: set.title,
        subtitle: set.subtitle,
        venue: set.venue,
        city: set.city,
        days: set.days,
        day_labels,
        utc_offset: set.utc_offset,
        reentry: set.reentry.map(|r| matches!(r, Reentry::Allow)),
        zones,
        remove_zones: set.remove_zone,
        categories,
        remove_categories: set.remove_category,
    };
    Ok(edit.apply(ev)?)
}
