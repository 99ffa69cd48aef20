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
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let reg = super::open(db)?;
    let s = stats(&reg)?;
    let mut out = std::io::stdout().lock();
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
    writeln!(out, "\nNominations by delegation (quota: category counted/quota)")?;
    let lines: Vec<[String; 5]> = s
        .nominations
        .iter()
        .map(|n| {
            [
                n.code.clone(),
                n.name.clone(),
                n.nominated.to_string(),
                n.accredited.to_string(),
                n.quota_text(),
            ]
        })
        .collect();
    let widths = (0..5).map(|i| {
        lines
            .iter()
            .map(|l| l[i].chars().count())
            .chain([["code", "name", "nominated", "accredited", "quota"][i].len()])
            .max()
            .unwrap_or(0)
    });
    let widths: Vec<usize> = widths.collect();
    for l in
        std::iter::once(["code", "name", "nominated", "accredited", "quota"].map(String::from)).chain(lines)
    {
        let cells: Vec<String> = l.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    writeln!(
        out,
        "\nNot answered (no nominee): {}",
        if s.not_answered.is_empty() {
            "none".to_string()
        } else {
            s.not_answered.join(", ")
        }
    )?;
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
