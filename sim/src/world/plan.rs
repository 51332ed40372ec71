//! What each job does: its steps with realistic durations, and the results it leaves behind (check-run
//! output, annotations, coverage status, code-scanning alerts, artifacts). Numbers depend on the commit
//! and the scenario so releases can be compared and `bad-release` fails its gates.

use super::model::*;
use super::workflows::JobInstance;
use super::{Scenario, World};
use crate::commits;

/// Typical duration of a step, in seconds (jittered ±25% per run).
fn base_secs(name: &str, uses: Option<&str>) -> f64 {
    let n = name.to_lowercase();
    let table: &[(&str, f64)] = &[
        ("set up job", 2.0),
        ("initialize containers", 19.0),
        ("stop containers", 2.5),
        ("complete job", 0.6),
        ("post run", 0.8),
        ("trivy vulnerability", 41.0),
        ("upload trivy", 4.0),
        ("install dependencies", 48.0),
        ("linting", 21.0),
        ("run security scan", 14.0),
        ("run tests", 104.0),
        ("coverage reports", 5.0),
        ("buildx", 7.0),
        ("log in", 1.5),
        ("metadata", 1.2),
        ("build and push", 161.0),
        ("compliance scan", 26.0),
        ("compliance report", 8.0),
        ("performance tests", 118.0),
        ("readiness", 1.0),
        ("deploy to staging", 12.0),
        ("smoke tests", 31.0),
        ("notify", 2.0),
        ("create deployment", 2.5),
        ("deploy to production", 20.0),
        ("update deployment status", 1.8),
        ("post-deployment validation", 24.0),
        ("soc 2", 43.0),
        ("gdpr", 29.0),
        ("compliance issue", 3.0),
        ("upload", 3.5),
    ];
    if let Some((_, s)) = table.iter().find(|(k, _)| n.contains(k)) {
        return *s;
    }
    match uses {
        Some(u) if u.starts_with("actions/checkout") => 2.2,
        Some(u) if u.starts_with("actions/setup-python") => 6.5,
        _ => 4.0,
    }
}

/// Steps that run even after an earlier step failed.
pub(crate) fn runs_after_failure(name: &str) -> bool {
    name.starts_with("Post ")
        || name == "Complete job"
        || name == "Stop containers"
        || name == "Create Compliance Issue"
}

fn step(
    w: &World,
    run: &Run,
    job: &str,
    n: u32,
    name: String,
    uses: Option<String>,
    script: Option<String>,
) -> Step {
    let base = base_secs(&name, uses.as_deref());
    let j = w.jitter(
        &format!("{job}/{name}"),
        run.run_number * 10 + u64::from(run.run_attempt),
    );
    let gate = match name.as_str() {
        "Deploy to staging" => Gate::StagingRollout,
        "Deploy to production" => Gate::ProductionCanary,
        _ => Gate::None,
    };
    Step {
        name,
        number: n,
        script,
        uses,
        status: Status::Queued,
        conclusion: None,
        started_at: None,
        completed_at: None,
        duration_ms: (base * (0.75 + 0.5 * j) * 1000.0) as i64,
        gate,
        fails: false,
    }
}

/// The steps of a job as the runner reports them.
pub(crate) fn steps(w: &World, run: &Run, inst: &JobInstance) -> Vec<Step> {
    let mut v = Vec::new();
    let mut push = |name: String, uses: Option<String>, script: Option<String>| {
        let n = v.len() as u32 + 1;
        v.push(step(w, run, &inst.name, n, name, uses, script));
    };
    push("Set up job".into(), None, None);
    if inst.services {
        push("Initialize containers".into(), None, None);
    }
    for s in &inst.steps {
        push(s.display(), s.uses.clone(), s.run.clone());
    }
    for s in inst.steps.iter().rev() {
        if let Some(u) = s
            .uses
            .as_deref()
            .filter(|u| u.starts_with("actions/checkout"))
        {
            push(format!("Post Run {u}"), None, None);
        }
    }
    if inst.services {
        push("Stop containers".into(), None, None);
    }
    push("Complete job".into(), None, None);
    v
}

/// Per-commit metrics: (coverage %, p95 ms, memory MB). The candidate's depend on the scenario.
pub(crate) fn metrics(w: &World, sha: &str) -> (f64, u32, u32) {
    let hist = [
        (91.6, 151, 372),
        (91.9, 148, 375),
        (92.3, 139, 377),
        (92.1, 141, 378),
    ];
    if let Some(i) = commits::HISTORY.iter().position(|c| c.sha == sha) {
        return hist[i];
    }
    match w.scenario {
        Scenario::Release | Scenario::Regions => (92.4, 143, 380),
        Scenario::BadRelease => (92.4, 287, 402),
    }
}

/// (rule id, description, security severity, path, line)
type Vuln = (&'static str, &'static str, &'static str, &'static str, u32);
const A: Vuln = (
    "CVE-2024-56201",
    "jinja2: sandbox breakout through malicious filenames",
    "medium",
    "requirements.txt",
    14,
);
const B: Vuln = (
    "CVE-2024-6923",
    "cpython: email header injection due to unquoted newlines",
    "low",
    "Dockerfile",
    1,
);
const C: Vuln = (
    "CVE-2024-47874",
    "starlette: denial of service via multipart/form-data",
    "medium",
    "requirements.txt",
    9,
);
const D: Vuln = (
    "CVE-2024-53981",
    "python-multipart: DoS via deformed multipart/form-data boundary",
    "high",
    "requirements.txt",
    11,
);
const E: Vuln = (
    "CVE-2025-27516",
    "jinja2: sandbox breakout through attr filter selecting format method",
    "medium",
    "requirements.txt",
    14,
);

/// Vulnerabilities Trivy finds at a commit.
pub(crate) fn vulns(w: &World, sha: &str) -> Vec<Vuln> {
    match commits::HISTORY.iter().position(|c| c.sha == sha) {
        Some(0) | Some(1) => vec![A, C],
        Some(_) => vec![A, B],
        None if w.scenario == Scenario::BadRelease => vec![B, E, D],
        None => vec![B, E],
    }
}

/// Results a successful job leaves behind.
pub(crate) fn job_results(w: &mut World, i: usize, at: Time) {
    let job = w.jobs[i].clone();
    let Some(run) = w.run(job.run_id).cloned() else {
        return;
    };
    let sha = run.head_sha.clone();
    let (cov, p95, mem) = metrics(w, &sha);
    let mut artifact = None;
    match job.key.as_str() {
        "security-analysis" => {
            let found = vulns(w, &sha);
            for a in w.alerts.iter_mut().filter(|a| a.state == "open") {
                if !found.iter().any(|f| f.0 == a.rule_id) {
                    a.state = "fixed";
                    a.fixed_at = Some(at);
                }
            }
            let (mut high, mut medium, mut low) = (0, 0, 0);
            for f in &found {
                match f.2 {
                    "high" | "critical" => high += 1,
                    "medium" => medium += 1,
                    _ => low += 1,
                }
                if let Some(a) = w
                    .alerts
                    .iter_mut()
                    .find(|a| a.rule_id == f.0 && a.state == "open")
                {
                    a.sha = sha.clone();
                    continue;
                }
                let number = w.alerts.len() as u64 + 1;
                w.alerts.push(Alert {
                    number,
                    sha: sha.clone(),
                    rule_id: f.0.into(),
                    rule_name: f.0.into(),
                    description: f.1.into(),
                    severity: match f.2 {
                        "high" | "critical" => "error",
                        "medium" => "warning",
                        _ => "note",
                    },
                    security_severity: f.2,
                    path: f.3.into(),
                    line: f.4,
                    state: "open",
                    created_at: at,
                    fixed_at: None,
                });
            }
            w.jobs[i].output = Some((
                format!("Trivy: {high} high, {medium} medium, {low} low"),
                format!(
                    "Trivy 0.57.1 scanned the repository filesystem: {} vulnerabilities ({high} high, {medium} medium, {low} low); results uploaded to code scanning.",
                    found.len()
                ),
                found
                    .iter()
                    .map(|f| format!("- {} ({}) {}", f.0, f.2, f.1))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ));
        }
        "code-quality" => {
            artifact = Some(("security-reports", 18_433));
            w.jobs[i].annotations = vec![
                Annotation {
                    path: "core/pricing.py".into(),
                    line: 88,
                    level: "warning",
                    title: "Ruff (PLR0913)".into(),
                    message: "Too many arguments in function definition (7 > 5)".into(),
                },
                Annotation {
                    path: "pipeline/loyalty.py".into(),
                    line: 41,
                    level: "warning",
                    title: "Ruff (C901)".into(),
                    message: "`accrue_points` is too complex (12 > 10)".into(),
                },
            ];
            w.jobs[i].output = Some(("ruff, mypy, bandit: 0 errors, 2 warnings".into(), "ruff: 2 warnings. mypy: Success: no issues found in 142 source files. bandit: No issues identified (0 high, 0 medium).".into(), String::new()));
        }
        "test-suite" => {
            w.jobs[i].output = Some((
                format!("412 passed, 3 skipped; coverage {cov:.1}%"),
                format!("pytest: 412 passed, 3 skipped. Total coverage {cov:.1}% (required 90%)."),
                String::new(),
            ));
            if job.matrix.as_deref() == Some("3.11") {
                let prev = commits::HISTORY
                    .iter()
                    .position(|c| c.sha == sha)
                    .map(|p| p.checked_sub(1))
                    .unwrap_or(Some(commits::HISTORY.len() - 1));
                let delta = prev
                    .map(|p| cov - metrics(w, commits::HISTORY[p].sha).0)
                    .unwrap_or(0.0);
                let id = w.id(31_000_000_000);
                w.commit_statuses.push(CommitStatus {
                    id,
                    sha: sha.clone(),
                    state: "success".into(),
                    context: "codecov/project".into(),
                    description: format!("{cov:.1}% ({delta:+.1}%)"),
                    target_url: format!("https://app.codecov.io/gh/acme/shop/commit/{sha}"),
                    created_at: at,
                });
            }
        }
        "build" => {
            let short = &sha[..7];
            w.jobs[i].output = Some((
                format!("Pushed ghcr.io/acme/shop:{short}"),
                format!(
                    "Image ghcr.io/acme/shop:{short} (linux/amd64, linux/arm64), digest sha256:{}",
                    super::hex40(&sha)
                ),
                String::new(),
            ));
        }
        "compliance-check" => {
            artifact = Some(("compliance-report", 9_214));
            w.jobs[i].output = Some(("Compliance: all required controls pass".into(), "SOC 2 Type II: 64/64 controls pass. GDPR: 31/31 controls pass. Audit trail: complete.".into(), "| Standard | Passed | Failed |\n|---|---|---|\n| SOC 2 Type II | 64 | 0 |\n| GDPR | 31 | 0 |".into()));
        }
        "performance-test" => {
            artifact = Some(("performance-results", 4_096));
            let p50 = p95 * 45 / 100;
            w.jobs[i].output = Some((
                format!("p95 {p95} ms, memory {mem} MB"),
                format!(
                    "p95 latency: {p95} ms (threshold 200 ms)\nPeak memory: {mem} MB (threshold 512 MB)"
                ),
                format!(
                    "| Endpoint | p50 | p95 | p99 |\n|---|---|---|---|\n| GET /api/products | {p50} ms | {p95} ms | {} ms |\n| POST /api/checkout | {} ms | {} ms | {} ms |\n\nPeak RSS: {mem} MB",
                    p95 * 3 / 2,
                    p50 + 12,
                    p95 - 4,
                    p95 * 8 / 5
                ),
            ));
            if p95 > 200 {
                w.jobs[i].annotations.push(Annotation {
                    path: "scripts/performance_benchmark.py".into(),
                    line: 1,
                    level: "warning",
                    title: "Latency budget exceeded".into(),
                    message: format!("p95 latency {p95} ms exceeds the 200 ms budget"),
                });
            }
        }
        "compliance-assessment" => artifact = Some(("compliance-reports", 52_118)),
        _ => {}
    }
    if let Some((name, size)) = artifact {
        let id = w.id(2_400_000_000);
        w.artifacts.push(Artifact {
            id,
            run_id: run.id,
            name: name.into(),
            size,
            created_at: at,
        });
    }
}
