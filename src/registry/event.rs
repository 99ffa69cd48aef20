//! The event: title, days, zones, categories and its Ed25519 key pair. All of it is data.

use ed25519_dalek::{SigningKey, VerifyingKey};
use rusqlite::{Connection, params};

use super::model::{Category, Event, EventDay, Zone, is_code, parse_clock, parse_colour, split_list};
use super::{RegistryError, Result, audit};

/// Loads the event.
pub fn load(conn: &Connection) -> Result<Event> {
    let ev = conn.query_row(
        "SELECT code, title, subtitle, venue, city, utc_offset, reentry, badge_template, checkout FROM event WHERE id = 1",
        [],
        |r| {
            let template: String = r.get(7)?;
            Ok((Event {
                code: r.get(0)?,
                title: r.get(1)?,
                subtitle: r.get(2)?,
                venue: r.get(3)?,
                city: r.get(4)?,
                utc_offset: r.get(5)?,
                reentry: r.get(6)?,
                checkout: r.get(8)?,
                days: Vec::new(),
                zones: Vec::new(),
                categories: Vec::new(),
                badge: Default::default(),
            }, template))
        },
    )?;
    let (mut ev, template) = ev;
    if !template.is_empty() {
        ev.badge = serde_json::from_str(&template).map_err(|e| RegistryError::Invalid {
            field: "badge".into(),
            message: format!("the stored badge template cannot be read ({e}); set it again with `accredit event set --badge-template`"),
        })?;
    }
    let mut stmt = conn.prepare_cached("SELECT date, label FROM event_day ORDER BY date")?;
    ev.days = stmt
        .query_map([], |r| {
            Ok(EventDay {
                date: r.get(0)?,
                label: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached("SELECT code, name FROM zone ORDER BY sort, code")?;
    ev.zones = stmt
        .query_map([], |r| {
            Ok(Zone {
                code: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt =
        conn.prepare_cached("SELECT code, label, colour, zones FROM category ORDER BY sort, code")?;
    ev.categories = stmt
        .query_map([], |r| {
            Ok(Category {
                code: r.get(0)?,
                label: r.get(1)?,
                colour: r.get(2)?,
                zones: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ev)
}

/// Checks an event definition as data (code, title, offset, days, zones, categories); the
/// error names the field and what to do. Whether its badge template prints (fonts, text
/// fitting, QR size) is the badge engine's to say: [`crate::badge::event_save::validate`]
/// runs both, and every user action saves through it.
pub fn validate(ev: &Event) -> Result<()> {
    let invalid = |field: &str, message: String| {
        Err(RegistryError::Invalid {
            field: field.into(),
            message,
        })
    };
    if !is_code(&ev.code) {
        return invalid(
            "code",
            format!("{:?} must be 1 to 16 upper-case letters or digits", ev.code),
        );
    }
    if ev.title.trim().is_empty() {
        return invalid("title", "is required".into());
    }
    // The texts printed on every badge: one line each, nothing invisible (issue 23).
    let texts = [
        ("title", &ev.title),
        ("subtitle", &ev.subtitle),
        ("venue", &ev.venue),
        ("city", &ev.city),
    ]
    .into_iter()
    .map(|(f, v)| (f, v.as_str()))
    .chain(ev.days.iter().map(|d| ("days", d.label.as_str())))
    .chain(ev.zones.iter().map(|z| ("zones", z.name.as_str())))
    .chain(ev.categories.iter().map(|c| ("categories", c.label.as_str())));
    for (field, value) in texts {
        if let Err(message) = super::limits::check_label(field, value, super::limits::MAX_OTHER_CHARS) {
            return invalid(field, message);
        }
    }
    ev.offset()?;
    if parse_clock(&ev.checkout).is_none() {
        return invalid(
            "checkout",
            format!("{:?} must be a local time like 23:59", ev.checkout),
        );
    }
    if ev.days.is_empty() {
        return invalid("days", "the event needs at least one day".into());
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    for d in &ev.days {
        if time::Date::parse(&d.date, &fmt).is_err() {
            return invalid("days", format!("{:?} is not a date like 2015-07-06", d.date));
        }
    }
    for z in &ev.zones {
        if !is_code(&z.code) {
            return invalid(
                "zones",
                format!("{:?} must be 1 to 16 upper-case letters or digits", z.code),
            );
        }
    }
    for c in &ev.categories {
        if !is_code(&c.code) {
            return invalid(
                "categories",
                format!("{:?} must be 1 to 16 upper-case letters or digits", c.code),
            );
        }
        if parse_colour(&c.colour).is_none() {
            return invalid(
                "categories",
                format!("colour {:?} of {} must look like #1F4E9C", c.colour, c.code),
            );
        }
        if let Some(z) = split_list(&c.zones)
            .iter()
            .find(|z| !ev.zones.iter().any(|x| &x.code == *z))
        {
            return invalid(
                "categories",
                format!("zone {z:?} of category {} is not an event zone", c.code),
            );
        }
    }
    Ok(())
}

/// Replaces the event's description, days, zones and categories (not its key); audited.
/// Runs [`validate`], not the template's printability check: user actions save through
/// [`crate::badge::event_save::save`] (or `Registry::save_event`), which adds it.
///
/// Removing a category still used by a delegate fails with a foreign-key error.
pub fn save(conn: &Connection, operator: &str, ev: &Event) -> Result<()> {
    validate(ev)?;
    let before = load(conn)?;
    refuse_removing_used(conn, &before, ev)?;
    conn.execute(
        "UPDATE event SET code = ?1, title = ?2, subtitle = ?3, venue = ?4, city = ?5, utc_offset = ?6, reentry = ?7, checkout = ?8 WHERE id = 1",
        params![ev.code, ev.title, ev.subtitle, ev.venue, ev.city, ev.utc_offset, ev.reentry, ev.checkout.trim()],
    )?;
    // The default template is stored as "" (so a later default is picked up).
    let template = if ev.badge == super::template::BadgeTemplate::default() {
        String::new()
    } else {
        serde_json::to_string(&ev.badge).unwrap_or_default()
    };
    conn.execute("UPDATE event SET badge_template = ?1 WHERE id = 1", [template])?;
    conn.execute("DELETE FROM event_day", [])?;
    for d in &ev.days {
        conn.execute(
            "INSERT INTO event_day(date, label) VALUES (?1, ?2)",
            params![d.date, d.label],
        )?;
    }
    conn.execute("DELETE FROM zone", [])?;
    for (i, z) in ev.zones.iter().enumerate() {
        conn.execute(
            "INSERT INTO zone(code, name, sort) VALUES (?1, ?2, ?3)",
            params![z.code, z.name, i as i64],
        )?;
    }
    for (i, c) in ev.categories.iter().enumerate() {
        conn.execute(
            "INSERT INTO category(code, label, colour, zones, sort) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(code) DO UPDATE SET label = excluded.label, colour = excluded.colour,
             zones = excluded.zones, sort = excluded.sort",
            params![c.code, c.label, c.colour, c.zones, i as i64],
        )?;
    }
    for old in before
        .categories
        .iter()
        .filter(|o| ev.category(&o.code).is_none())
    {
        conn.execute("DELETE FROM category WHERE code = ?1", [&old.code])
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
                {
                    RegistryError::Invalid {
                        field: "categories".into(),
                        message: format!(
                            "category {} is still used by delegates or delegations; change them first",
                            old.code
                        ),
                    }
                }
                e => e.into(),
            })?;
    }
    let json = |e: &Event| serde_json::to_string(e).unwrap_or_default();
    audit::record(
        conn,
        operator,
        "event",
        "1",
        "update",
        Some(&json(&before)),
        Some(&json(ev)),
    )?;
    Ok(())
}

/// The stored emblem file, if any (not decoded).
pub fn emblem_bytes(conn: &Connection) -> Result<Option<Vec<u8>>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT bytes FROM event_image WHERE name = 'emblem'", [], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Sets (after checking it completely, [`super::emblem::Emblem::decode`]) or removes the
/// emblem; audited with the sizes and SHA-256 of the files before and after.
pub fn set_emblem(conn: &Connection, operator: &str, bytes: Option<&[u8]>) -> Result<()> {
    if let Some(b) = bytes {
        super::emblem::Emblem::decode(b).map_err(|e| RegistryError::Invalid {
            field: "emblem".into(),
            message: e.to_string(),
        })?;
    }
    let before = emblem_bytes(conn)?;
    let describe = |b: Option<&[u8]>| {
        b.map(|b| {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(b);
            format!(
                "{{\"bytes\":{},\"sha256\":\"{}\"}}",
                b.len(),
                data_encoding::HEXLOWER.encode(&digest)
            )
        })
    };
    match bytes {
        Some(b) => conn.execute(
            "INSERT INTO event_image(name, bytes) VALUES ('emblem', ?1)
             ON CONFLICT(name) DO UPDATE SET bytes = excluded.bytes",
            [b],
        )?,
        None => conn.execute("DELETE FROM event_image WHERE name = 'emblem'", [])?,
    };
    audit::record(
        conn,
        operator,
        "event",
        "1",
        "emblem",
        describe(before.as_deref()).as_deref(),
        describe(bytes).as_deref(),
    )?;
    Ok(())
}

/// Creates the event row with a new key pair (first start).
pub fn create(conn: &Connection, ev: &Event) -> Result<()> {
    validate(ev)?;
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| RegistryError::Invalid {
        field: "key".into(),
        message: e.to_string(),
    })?;
    let key = SigningKey::from_bytes(&secret);
    conn.execute(
        "INSERT INTO event (id, code, title, subtitle, venue, city, utc_offset, reentry, public_key, secret_key)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            ev.code,
            ev.title,
            ev.subtitle,
            ev.venue,
            ev.city,
            ev.utc_offset,
            ev.reentry,
            key.verifying_key().to_bytes().to_vec(),
            secret.to_vec()
        ],
    )?;
    save(conn, "seed", ev)
}

/// The event's signing key; fails on a door copy.
pub fn signing_key(conn: &Connection) -> Result<SigningKey> {
    let secret: Option<Vec<u8>> =
        conn.query_row("SELECT secret_key FROM event WHERE id = 1", [], |r| r.get(0))?;
    let bytes: [u8; 32] = secret
        .and_then(|s| s.try_into().ok())
        .ok_or(RegistryError::NoSigningKey)?;
    Ok(SigningKey::from_bytes(&bytes))
}

/// The event's public key.
pub fn verifying_key(conn: &Connection) -> Result<VerifyingKey> {
    let public: Vec<u8> = conn.query_row("SELECT public_key FROM event WHERE id = 1", [], |r| r.get(0))?;
    let bytes: [u8; 32] = public.try_into().map_err(|_| RegistryError::Invalid {
        field: "public_key".into(),
        message: "the stored key is not 32 bytes".into(),
    })?;
    VerifyingKey::from_bytes(&bytes).map_err(|e| RegistryError::Invalid {
        field: "public_key".into(),
        message: e.to_string(),
    })
}

/// Refuses to drop a day or a zone that a delegate still lists (their badges would name
/// something the event no longer has).
fn refuse_removing_used(conn: &Connection, before: &Event, ev: &Event) -> Result<()> {
    let gone_days: Vec<&str> = before
        .days
        .iter()
        .filter(|d| !ev.has_day(&d.date))
        .map(|d| d.date.as_str())
        .collect();
    let gone_zones: Vec<&str> = before
        .zones
        .iter()
        .filter(|z| !ev.has_zone(&z.code))
        .map(|z| z.code.as_str())
        .collect();
    if gone_days.is_empty() && gone_zones.is_empty() {
        return Ok(());
    }
    let mut stmt = conn.prepare("SELECT id, days, zones FROM delegate WHERE days <> '' OR zones <> ''")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let days = split_list(&r.get::<_, String>(1)?);
        let zones = split_list(&r.get::<_, String>(2)?);
        if let Some(day) = days.iter().find(|d| gone_days.contains(&d.as_str())) {
            return Err(RegistryError::Invalid {
                field: "days".into(),
                message: format!(
                    "day {day} is still listed by delegate {id} (and maybe others); change them first"
                ),
            });
        }
        if let Some(zone) = zones.iter().find(|z| gone_zones.contains(&z.as_str())) {
            return Err(RegistryError::Invalid {
                field: "zones".into(),
                message: format!(
                    "zone {zone} is still listed by delegate {id} (and maybe others); change them first"
                ),
            });
        }
    }
    Ok(())
}
