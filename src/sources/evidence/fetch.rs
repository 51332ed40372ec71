//! Gathering the evidence of one commit from GitHub (and Prometheus) and evaluating the gates of every
//! environment on it. Every GitHub request is conditional; what a commit's finished runs left
//! (check runs, statuses, jobs, alerts, reviews) is kept per SHA and never asked for again.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::trail::{self, Reviewed};
use super::wire::{
    CheckRunList, Combined, JobList, RunList, WireAlert, WireApproval, WirePending, workflow_run,
};
use crate::config::Repo;
use crate::gates::{
    self, CheckRun, CodeScanning, CommitStatus, Evidence, Gate, Job, Piece, Review, Source,
};
use crate::model::gates::{GateBoard, Verdicts};
use crate::model::github::{Kind, Run};
use crate::sources::github::{Client, Etags, FetchError, get};

/// What the evidence source looks at: one repository, its environments and gates.
#[derive(Debug, Clone)]
pub struct Target {
    pub repo: Repo,
    /// Code-scanning alerts are read on this branch's ref (the run's own branch comes first).
    pub branch: Option<String>,
    /// The configured environments, in order.
    pub environments: Vec<String>,
    pub gates: Vec<Gate>,
    /// gantry's audit trail; `None` when it is off.
    pub audit: Option<PathBuf>,
    /// The Prometheus server for `prometheus` rules (its root URL).
    pub prometheus: Option<String>,
}

/// SHAs whose evidence is kept once their runs have finished; older ones are forgotten.
const KEEP: usize = 8;

/// What the source keeps between fetches: ETags and bodies, and the settled evidence per SHA.
#[derive(Default)]
pub struct Memory {
    etags: Etags,
    settled: Vec<(String, Gathered)>,
    http: Option<reqwest::Client>,
}

/// What a commit's runs left on GitHub, for every environment alike.
#[derive(Debug, Clone, Default)]
struct Gathered {
    runs_finished: bool,
    check_runs: BTreeMap<String, Piece<CheckRun>>,
    statuses: BTreeMap<String, Piece<CommitStatus>>,
    code_scanning: Piece<CodeScanning>,
    jobs: BTreeMap<String, Piece<Job>>,
    /// The CD run's reviews, each with the environments it decided; absent before a CD run.
    reviews: Piece<Vec<(Vec<String>, gates::Decision)>>,
    cd: Option<(u64, String)>,
    waiting: Vec<String>,
}

/// Finds the candidate (the head of the newest CI run, unless `sha` names one), gathers its
/// evidence and evaluates every environment's gates at `now`.
pub async fn gather(
    client: &Client,
    target: &Target,
    sha: Option<&str>,
    memory: &mut Memory,
    now: DateTime<Utc>,
) -> Result<GateBoard, FetchError> {
    let Target { repo, .. } = target;
    let runs_url = client.url(&format!("repos/{repo}/actions/runs"));
    let recent: RunList = get(
        client,
        &format!("{runs_url}?per_page=50"),
        &mut memory.etags,
    )
    .await?;
    let recent = recent.runs();
    let candidate = match sha {
        Some(s) => Some(s.to_string()),
        None => newest(&recent, |r| r.kind() == Some(Kind::Ci)).map(|r| r.head_sha.clone()),
    };
    let Some(sha) = candidate else {
        return Ok(GateBoard::default());
    };
    let compliance = newest(&recent, |r| {
        r.name.to_ascii_lowercase().contains("compliance")
    })
    .map(workflow_run);
    let gathered = match memory.settled.iter().find(|(s, _)| *s == sha) {
        Some((_, g)) => g.clone(),
        None => {
            let g = from_github(client, target, &sha, &mut memory.etags).await?;
            if g.runs_finished {
                memory.settled.push((sha.clone(), g.clone()));
                if memory.settled.len() > KEEP {
                    memory.settled.remove(0);
                }
            }
            g
        }
    };
    let prometheus = prometheus(target, memory).await;
    let decisions: Vec<Reviewed> = match (&gathered.reviews, &gathered.cd) {
        (Piece::Present(list), Some((run, _))) => list
            .iter()
            .flat_map(|(envs, d)| {
                envs.iter().map(move |e| Reviewed {
                    run: *run,
                    environment: e.clone(),
                    user: d.user.clone(),
                    approved: d.approved,
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    let audit = trail::check(target.audit.as_deref(), &decisions);
    let verdicts = target
        .environments
        .iter()
        .map(|env| {
            let evidence = Evidence {
                sha: sha.clone(),
                environment: env.clone(),
                runs_finished: gathered.runs_finished,
                check_runs: gathered.check_runs.clone(),
                statuses: gathered.statuses.clone(),
                code_scanning: gathered.code_scanning.clone(),
                jobs: gathered.jobs.clone(),
                prometheus: prometheus.clone(),
                // metrics.k8s.io comes with the cluster source: absent (pending) until then.
                pod_metrics: Piece::Absent,
                review: review_of(&gathered, env),
                compliance_run: compliance.clone().map_or(Piece::Absent, Piece::Present),
                audit_trail: audit.clone(),
                // Deployment statuses come with the environments source: absent until then.
                soak: Piece::Absent,
            };
            Verdicts::evaluate(&target.gates, evidence, now)
        })
        .collect();
    Ok(GateBoard {
        sha: Some(sha),
        verdicts,
        waiting: gathered.waiting,
    })
}

fn newest(runs: &[Run], pick: impl Fn(&Run) -> bool) -> Option<&Run> {
    runs.iter()
        .filter(|r| pick(r))
        .max_by_key(|r| (r.created_at, r.id))
}

fn review_of(g: &Gathered, env: &str) -> Piece<Review> {
    let Some((_, url)) = &g.cd else {
        return Piece::Absent;
    };
    match &g.reviews {
        Piece::Present(list) => Piece::Present(Review {
            decisions: list
                .iter()
                .filter(|(envs, _)| envs.iter().any(|e| e == env))
                .map(|(_, d)| d.clone())
                .collect(),
            html_url: Some(url.clone()),
        }),
        Piece::Absent => Piece::Absent,
        Piece::Unreadable(why) => Piece::Unreadable(why.clone()),
    }
}

/// Evidence that cannot be had (no code scanning on the repository, an endpoint missing) makes its
/// piece unreadable; trouble with the server itself (network, rate limit, 5xx) fails the fetch, so
/// the last verdicts stay on screen, marked stale, while the source retries.
fn piece_error<T>(e: FetchError) -> Result<Piece<T>, FetchError> {
    let limited = e.retry_after.is_some() || e.message.contains("rate limit");
    match e.status {
        Some(403) if !limited => Ok(Piece::Unreadable(e.message)),
        Some(404 | 410 | 422) => Ok(Piece::Unreadable(e.message)),
        _ => Err(e),
    }
}

async fn from_github(
    client: &Client,
    target: &Target,
    sha: &str,
    etags: &mut Etags,
) -> Result<Gathered, FetchError> {
    let repo = &target.repo;
    let url = |path: String| client.url(&format!("repos/{repo}/{path}"));
    let list: RunList = get(
        client,
        &url(format!("actions/runs?head_sha={sha}&per_page=100")),
        etags,
    )
    .await?;
    let runs = list.runs();
    let mut g = Gathered {
        runs_finished: !runs.is_empty()
            && runs.iter().all(|r| r.status.api_status() == "completed"),
        ..Gathered::default()
    };
    let checks: CheckRunList = get(
        client,
        &url(format!(
            "commits/{sha}/check-runs?filter=latest&per_page=100"
        )),
        etags,
    )
    .await?;
    for c in checks.check_runs {
        let c = CheckRun::from(c);
        g.check_runs.insert(c.name.clone(), Piece::Present(c));
    }
    let combined: Combined = get(client, &url(format!("commits/{sha}/status")), etags).await?;
    for s in combined.statuses {
        let s = CommitStatus::from(s);
        // The combined status lists the latest per context first.
        g.statuses
            .entry(s.context.clone())
            .or_insert(Piece::Present(s));
    }
    let branch = runs
        .iter()
        .find_map(|r| r.head_branch.clone())
        .or_else(|| target.branch.clone());
    let reference = branch
        .map(|b| format!("&ref=refs/heads/{b}"))
        .unwrap_or_default();
    let alerts = get::<Vec<WireAlert>>(
        client,
        &url(format!(
            "code-scanning/alerts?state=open&per_page=100{reference}"
        )),
        etags,
    )
    .await;
    g.code_scanning = match alerts {
        Ok(list) => Piece::Present(CodeScanning {
            alerts: list.into_iter().map(Into::into).collect(),
            html_url: None,
        }),
        Err(e) => piece_error(e)?,
    };
    for run in &runs {
        let jobs: JobList = get(
            client,
            &url(format!("actions/runs/{}/jobs?per_page=100", run.id)),
            etags,
        )
        .await?;
        for j in jobs.jobs {
            let j = Job::from(j);
            g.jobs.insert(j.name.clone(), Piece::Present(j));
        }
    }
    if let Some(cd) = newest(&runs, |r| r.kind() == Some(Kind::Cd)) {
        g.cd = Some((cd.id, cd.html_url.clone()));
        let approvals = get::<Vec<WireApproval>>(
            client,
            &url(format!("actions/runs/{}/approvals", cd.id)),
            etags,
        )
        .await;
        g.reviews = match approvals {
            Ok(list) => Piece::Present(
                list.iter()
                    .map(|a| (a.environments(), a.to_decision()))
                    .collect(),
            ),
            Err(e) => piece_error(e)?,
        };
        if cd.status.api_status() == "waiting" {
            let pending: Vec<WirePending> = get(
                client,
                &url(format!("actions/runs/{}/pending_deployments", cd.id)),
                etags,
            )
            .await?;
            g.waiting = pending
                .into_iter()
                .map(|p| crate::sanitize::clean(&p.environment.name))
                .collect();
        }
    }
    Ok(g)
}

/// Answers every `prometheus` rule's query; without a server they are unreadable, saying why.
async fn prometheus(
    target: &Target,
    memory: &mut Memory,
) -> BTreeMap<String, Piece<gates::PromResult>> {
    let queries: Vec<&String> = target
        .gates
        .iter()
        .flat_map(|g| &g.rules)
        .filter_map(|r| match &r.source {
            Source::Prometheus { query } => Some(query),
            _ => None,
        })
        .collect();
    let mut out = BTreeMap::new();
    for q in queries {
        let piece = match &target.prometheus {
            None => Piece::Unreadable("no Prometheus server configured ([prometheus] url)".into()),
            Some(base) => {
                let http = memory.http.get_or_insert_with(|| {
                    crate::tls::install_provider();
                    reqwest::Client::builder()
                        .timeout(std::time::Duration::from_secs(10))
                        .build()
                        .unwrap_or_default()
                });
                super::prom::query(http, base, q).await
            }
        };
        out.insert(q.clone(), piece);
    }
    out
}
