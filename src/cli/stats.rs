//! `accredit stats`: per delegation and category, accredited, printed, checked in, by day.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use accredit::checkin::{Counts, Line, stats};

/// Arguments of `accredit stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
    /// One breakdown only: by gender (with heads of delegation by gender), category or
    /// delegation.
    #[arg(long, value_enum)]
    pub by: Option<By>,
}

/// The breakdowns of `accredit stats --by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// Delegates and heads of delegation by gender, overall and per delegation.
    Gender,
    /// Per category.
    Category,
    /// Per delegation.
    Delegation,
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let reg = super::open(db)?;
    if args.by == Some(By::Gender) {
        return gender(&reg, args.json);
    }
    let s = stats(&reg)?;
    let mut out = std::io::stdout().lock();
    if let Some(by) = args.by {
        let lines = if by == By::Category {
            &s.by_category
        } else {
            &s.by_delegation
        };
        if args.json {
            serde_json::to_writer_pretty(&mut out, lines)?;
            writeln!(out)?;
            return Ok(ExitCode::SUCCESS);
        }
        let mut head = vec!["code", "name", "nominated", "accredited", "printed", "checked_in"];
        head.extend(s.days.iter().map(String::as_str));
        let total = Line {
            code: "TOTAL".into(),
            name: String::new(),
            counts: s.total.clone(),
        };
        table(&mut out, &head, lines.iter().chain([&total]))?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.json {
        serde_json::to_writer_pretty(&mut out, &s)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut head = vec!["code", "name", "nominated", "accredited", "printed", "checked_in"];
    head.extend(s.days.iter().map(String::as_str));
    let total = Line {
        code: "TOTAL".into(),
        name: String::new(),
        counts: s.total.clone(),
    };
    writeln!(out, "By delegation")?;
    table(&mut out, &head, s.by_delegation.iter().chain([&total]))?;
    writeln!(out, "\nBy category")?;
    table(&mut out, &head, s.by_category.iter().chain([&total]))?;
    writeln!(out, "\nArrivals per hour (event time)")?;
    for h in &s.arrivals_per_hour {
        writeln!(out, "{} {:02}:00  {}", h.day, h.hour, h.arrivals)?;
    }
    if s.arrivals_per_hour.is_empty() {
        writeln!(out, "(none yet)")?;
    }
    writeln!(out, "\nScans by verdict")?;
    for (v, n) in &s.scans_by_verdict {
        writeln!(out, "{:<15}{n}", v.as_str())?;
    }
    writeln!(
        out,
        "\nDouble entries (admitted at two stations that could not see each other): {}",
        s.double_entries
    )?;
    if s.unattributed_admissions > 0 {
        writeln!(
            out,
            "\n{} admissions of badges unknown to this registry copy",
            s.unattributed_admissions
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn cells(l: &Line) -> Vec<String> {
    let Counts {
        nominated,
        accredited,
        printed,
        checked_in,
        by_day,
    } = &l.counts;
    let mut c = vec![
        l.code.clone(),
        l.name.clone(),
        nominated.to_string(),
        accredited.to_string(),
        printed.to_string(),
        checked_in.to_string(),
    ];
    c.extend(by_day.iter().map(u64::to_string));
    c
}

fn table<'a>(
    out: &mut impl Write,
    head: &[&str],
    lines: impl Iterator<Item = &'a Line>,
) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> = lines.map(cells).collect();
    let mut width: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let print = |out: &mut dyn Write, r: &[String]| -> std::io::Result<()> {
        let mut s = String::new();
        for (i, (c, w)) in r.iter().zip(&width).enumerate() {
            let pad = w.saturating_sub(c.chars().count());
            if i < 2 {
                s.push_str(c);
                s.push_str(&" ".repeat(pad));
            } else {
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            }
            s.push_str("  ");
        }
        writeln!(out, "{}", s.trim_end())
    };
    print(out, &head.iter().map(|h| h.to_string()).collect::<Vec<_>>())?;
    for r in &rows {
        print(out, r)?;
    }
    Ok(())
}

/// `accredit stats --by gender`: delegates and heads of delegation by gender.
fn gender(reg: &accredit::Registry, json: bool) -> anyhow::Result<ExitCode> {
    use accredit::checkin::gender::{ByGender, by_gender};
    let g = by_gender(reg)?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &g)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let row = |out: &mut dyn Write, code: &str, c: &ByGender| -> std::io::Result<()> {
        let cells = |a: &[u64; 4]| a.iter().map(|n| format!("{n:>5}")).collect::<Vec<_>>().join("");
        writeln!(
            out,
            "{code:<8}{}   {}   {}",
            cells(&c.nominated),
            cells(&c.accredited),
            cells(&c.heads)
        )
    };
    writeln!(out, "By gender (F, M, X, not recorded)")?;
    writeln!(
        out,
        "{:<8}{:<20}   {:<20}   {:<20}",
        "code", "nominated", "accredited", "heads of delegation"
    )?;
    let genders = "    F    M    X    -";
    writeln!(out, "{:<8}{genders}   {genders}   {genders}", "")?;
    for l in &g.by_delegation {
        row(&mut out, &l.code, &l.counts)?;
    }
    row(&mut out, "TOTAL", &g.total)?;
    let h = &g.total.heads;
    let recorded = h[0] + h[1] + h[2];
    if recorded > 0 {
        writeln!(
            out,
            "\nHeads of delegation: {} women, {} men, {} other ({:.0}% women of those recorded), {} not recorded",
            h[0],
            h[1],
            h[2],
            100.0 * h[0] as f64 / recorded as f64,
            h[3]
        )?;
    } else {
        writeln!(out, "\nHeads of delegation: {} (gender not recorded)", h[3])?;
    }
    Ok(ExitCode::SUCCESS)
}
