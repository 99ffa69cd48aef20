//! One PostgreSQL connection where every call has a deadline.
//!
//! A hub host that accepts TCP and then answers nothing (a frozen machine, a half-open link)
//! gives no error and no FIN; on a LAN the kernel may even acknowledge everything, so TCP
//! keepalive and user timeouts never fire. Only the client's own clock notices it. So every
//! call here (connecting and logging in, every statement, every commit, the heartbeat on the
//! `LISTEN` connection) runs under a deadline on a one-thread runtime of its own; a call that
//! misses it fails with [`HubError::Stalled`] and the connection is given up (its task ends
//! with the runtime when it is dropped). The server gets deadlines too ([`SERVER_SETTINGS`]:
//! `statement_timeout`, `lock_timeout`, `idle_in_transaction_session_timeout`), so a query
//! kept waiting on a lock is cancelled by the server first and said so.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use tokio_postgres::tls::MakeTlsConnect;
use tokio_postgres::types::ToSql;
use tokio_postgres::{AsyncMessage, Row, Socket};

use super::config::{HubLogin, Tls};
use super::{HubError, Result};

/// How long connecting and logging in may take.
pub const CONNECT_DEADLINE: Duration = Duration::from_secs(4);
/// How long one statement (or commit) may take, answer included.
pub const CALL_DEADLINE: Duration = Duration::from_secs(5);
/// On a quiet `LISTEN` connection, a `SELECT 1` after this long without an answer from the
/// hub: a silent hub is noticed within this plus [`CALL_DEADLINE`].
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(3);

/// The server-side deadlines every hub session runs with (sent at login): the server
/// cancels a statement before the client's deadline, and a lock held by someone else (the
/// hub's item turn) is reported as such instead of waited for.
pub const SERVER_SETTINGS: &str =
    "-c statement_timeout=4000 -c lock_timeout=3000 -c idle_in_transaction_session_timeout=10000";

/// A connection to a PostgreSQL server whose every call has a deadline.
pub struct Pg {
    rt: tokio::runtime::Runtime,
    client: tokio_postgres::Client,
    notified: futures_channel::mpsc::UnboundedReceiver<()>,
    closed: Arc<AtomicBool>,
    url: String,
    deadline: Duration,
    broken: bool,
    last_answer: Instant,
}

impl std::fmt::Debug for Pg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pg")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// Whether a server error says the login itself was refused (wrong password, no such role,
/// no `pg_hba.conf` line for this address).
fn is_auth(e: &tokio_postgres::Error) -> bool {
    use tokio_postgres::error::SqlState;
    e.code().is_some_and(|c| {
        *c == SqlState::INVALID_PASSWORD || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
    })
}

/// Runs `fut` on `rt` for at most `d` (the timer is made inside the runtime).
fn within<F: std::future::Future>(
    rt: &tokio::runtime::Runtime,
    d: Duration,
    fut: F,
) -> std::result::Result<F::Output, tokio::time::error::Elapsed> {
    rt.block_on(async move { tokio::time::timeout(d, fut).await })
}

async fn start<T>(
    config: tokio_postgres::Config,
    tls: T,
    tx: futures_channel::mpsc::UnboundedSender<()>,
    closed: Arc<AtomicBool>,
) -> std::result::Result<tokio_postgres::Client, tokio_postgres::Error>
where
    T: MakeTlsConnect<Socket>,
    T::Stream: Send + 'static,
{
    let (client, mut conn) = config.connect(tls).await?;
    tokio::spawn(async move {
        loop {
            match std::future::poll_fn(|cx| conn.poll_message(cx)).await {
                Some(Ok(AsyncMessage::Notification(_))) => {
                    let _ = tx.unbounded_send(());
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => break,
            }
        }
        closed.store(true, Ordering::Relaxed);
        // Wake a waiter: the connection is gone.
        let _ = tx.unbounded_send(());
    });
    Ok(client)
}

impl Pg {
    /// Connects and logs in within [`CONNECT_DEADLINE`].
    pub fn connect(login: &HubLogin) -> Result<Self> {
        let (config, tls) = login.client_config()?;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| HubError::Local(format!("cannot start the hub client: {e}")))?;
        let (tx, notified) = futures_channel::mpsc::unbounded();
        let closed = Arc::new(AtomicBool::new(false));
        let c = Arc::clone(&closed);
        let fut = async move {
            match tls {
                Tls::Plain => start(config, tokio_postgres::NoTls, tx, c).await,
                Tls::Rustls(make) => start(config, make, tx, c).await,
            }
        };
        let client = match within(&rt, CONNECT_DEADLINE, fut) {
            Ok(Ok(client)) => client,
            Ok(Err(e)) if is_auth(&e) => {
                return Err(HubError::AuthRefused {
                    url: login.url.clone(),
                    user: login.user(),
                    detail: super::schema::describe(&e),
                });
            }
            Ok(Err(e)) => {
                return Err(HubError::Unreachable {
                    url: login.url.clone(),
                    detail: super::schema::describe(&e),
                });
            }
            Err(_) => {
                return Err(HubError::Stalled {
                    url: login.url.clone(),
                    what: "logging in".into(),
                    secs: CONNECT_DEADLINE.as_secs(),
                });
            }
        };
        Ok(Self {
            rt,
            client,
            notified,
            closed,
            url: login.url.clone(),
            deadline: CALL_DEADLINE,
            broken: false,
            last_answer: Instant::now(),
        })
    }

    /// The same connection with another deadline per call (an administrator's long task,
    /// such as `VACUUM FULL` after a purge).
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Rows of a query.
    pub fn query(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        self.check_usable()?;
        let fut = self.client.query(sql, params);
        let out = within(&self.rt, self.deadline, fut);
        self.settle("a query", out)
    }

    /// Exactly one row.
    pub fn query_one(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row> {
        self.check_usable()?;
        let fut = self.client.query_one(sql, params);
        let out = within(&self.rt, self.deadline, fut);
        self.settle("a query", out)
    }

    /// At most one row.
    pub fn query_opt(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>> {
        self.check_usable()?;
        let fut = self.client.query_opt(sql, params);
        let out = within(&self.rt, self.deadline, fut);
        self.settle("a query", out)
    }

    /// A statement; the rows it changed.
    pub fn execute(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        self.check_usable()?;
        let fut = self.client.execute(sql, params);
        let out = within(&self.rt, self.deadline, fut);
        self.settle("a statement", out)
    }

    /// Statements without parameters (`BEGIN`, `COMMIT`, DDL).
    pub fn batch(&mut self, sql: &str) -> Result<()> {
        self.check_usable()?;
        let fut = self.client.batch_execute(sql);
        let out = within(&self.rt, self.deadline, fut);
        self.settle("a statement", out)
    }

    /// Runs `f` inside `BEGIN` … `COMMIT`; on any error the transaction is rolled back (or
    /// the connection, given up, takes it with it).
    pub fn transaction<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.batch("BEGIN")?;
        match f(self) {
            Ok(v) => {
                self.batch("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                if !self.broken {
                    let _ = self.batch("ROLLBACK");
                }
                Err(e)
            }
        }
    }

    fn settle<T>(
        &mut self,
        what: &str,
        out: std::result::Result<std::result::Result<T, tokio_postgres::Error>, tokio::time::error::Elapsed>,
    ) -> Result<T> {
        match out {
            Ok(Ok(v)) => {
                self.last_answer = Instant::now();
                Ok(v)
            }
            Ok(Err(e)) => {
                if e.as_db_error().is_some() {
                    self.last_answer = Instant::now();
                } else {
                    self.broken = true;
                }
                Err(HubError::Postgres(e))
            }
            Err(_) => {
                self.broken = true;
                Err(HubError::Stalled {
                    url: self.url.clone(),
                    what: what.to_string(),
                    secs: self.deadline.as_secs(),
                })
            }
        }
    }

    fn check_usable(&self) -> Result<()> {
        if self.broken {
            return Err(HubError::Unreachable {
                url: self.url.clone(),
                detail: "the connection was given up after a missed deadline".into(),
            });
        }
        Ok(())
    }

    /// Waits up to `timeout` for a notification (after `LISTEN`); returns whether one came
    /// (pending ones are all consumed). When the hub has said nothing for
    /// [`HEARTBEAT_EVERY`], asks it `SELECT 1` under the deadline first: a silent hub is an
    /// error here, not an endless wait.
    pub fn wait(&mut self, timeout: Duration) -> Result<bool> {
        if self.last_answer.elapsed() >= HEARTBEAT_EVERY {
            self.batch("SELECT 1")?;
        }
        let notified = &mut self.notified;
        let got = self
            .rt
            .block_on(async move { tokio::time::timeout(timeout, notified.next()).await });
        let mut any = matches!(got, Ok(Some(())));
        while let Ok(()) = self.notified.try_recv() {
            any = true;
        }
        if self.closed.load(Ordering::Relaxed) {
            self.broken = true;
            return Err(HubError::Unreachable {
                url: self.url.clone(),
                detail: "the connection closed".into(),
            });
        }
        if any {
            self.last_answer = Instant::now();
        }
        Ok(any)
    }

    /// Whether the connection was lost or given up.
    pub fn is_broken(&self) -> bool {
        self.broken || self.closed.load(Ordering::Relaxed)
    }
}
