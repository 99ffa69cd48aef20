//! `accredit registry list`: the delegations as CSV.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use accredit::registry::NameOrder;

/// Arguments of `accredit registry`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Every delegation as CSV (`code,kind,group,name_en,name_fr`) in protocol order.
    List {
        /// Protocol order by the name in en, fr, de, ru, es or it (the columns stay en and fr).
        #[arg(long, value_enum, default_value = "en")]
        order: super::OrderArg,
    },
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let reg = super::open(db)?;
    match args.command {
        Sub::List { order } => {
            let order = NameOrder::from(order);
            let stdout = std::io::stdout().lock();
            let mut w = csv::Writer::from_writer(stdout);
            w.write_record(["code", "kind", "group", "name_en", "name_fr"])?;
            for d in reg.delegations(order)? {
                w.write_record([&d.code, d.kind.as_str(), &d.group, &d.name_en, &d.name_fr])?;
            }
            w.flush()?;
            std::io::stdout().flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
