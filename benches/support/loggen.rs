//! A generator of realistic GitHub Actions job logs for the benchmarks: the runner's timestamp on
//! every line, `##[group]` steps, script lines echoed in cyan, and the tools' own output (pip,
//! pytest with colour, docker build, npm, rollout waits), with the odd warning, error and
//! connection failure. Deterministic: the same size always gives the same file.

use std::io::{self, Write};

/// A small xorshift: enough variety for a log, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const MODULES: &[&str] = &[
    "api",
    "checkout",
    "cart",
    "payments",
    "inventory",
    "search",
    "auth",
    "orders",
    "shipping",
];
const PACKAGES: &[&str] = &[
    "requests-2.32.3",
    "urllib3-2.2.3",
    "pydantic-2.9.2",
    "fastapi-0.115.4",
    "sqlalchemy-2.0.36",
    "pytest-8.3.3",
    "coverage-7.6.4",
    "ruff-0.7.2",
    "mypy-1.13.0",
    "uvicorn-0.32.0",
];

/// Writes `lines` lines of job log to `out`. About 100 bytes a line.
pub fn write_log(out: &mut impl Write, lines: usize) -> io::Result<()> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // 2026-11-27T03:04:05.1234567Z, advanced a little each line.
    let mut micros: u64 = (3 * 3600 + 4 * 60 + 5) * 1_000_000;
    let mut written = 0;
    let mut step = 0;
    while written < lines {
        step += 1;
        let module = rng.pick(MODULES);
        let kind = rng.below(5);
        let mut block: Vec<String> = Vec::new();
        let title = match kind {
            0 => format!("Run pip install -r requirements-{module}.txt"),
            1 => format!("Run pytest tests/test_{module}.py -q --cov={module}"),
            2 => format!("Run docker build -t ghcr.io/acme/{module}:{step} ."),
            3 => format!("Run npm ci --prefix web/{module}"),
            _ => format!("Run kubectl rollout status deploy/{module} -n staging"),
        };
        block.push(format!("##[group]{title}"));
        block.push(format!("\x1b[36;1m{}\x1b[0m", &title[4..]));
        block.push("shell: /usr/bin/bash -e {0}".into());
        block.push("env:".into());
        block.push("  REGISTRY: ghcr.io".into());
        block.push("##[endgroup]".into());
        let body = 20 + rng.below(400) as usize;
        for i in 0..body {
            let line = match kind {
                0 => {
                    let p = rng.pick(PACKAGES);
                    match rng.below(3) {
                        0 => format!("Collecting {} (from -r requirements-{module}.txt (line {}))", p.split('-').next().unwrap_or(p), i + 1),
                        1 => format!("  Downloading {p}-py3-none-any.whl.metadata ({}.{} kB)", rng.below(90) + 1, rng.below(10)),
                        _ => format!("  Using cached {p}-py3-none-any.whl ({}.{} MB)", rng.below(9) + 1, rng.below(10)),
                    }
                }
                1 => {
                    let test = format!("tests/test_{module}.py::test_case_{:04}", rng.below(10_000));
                    match rng.below(40) {
                        0 => format!("\x1b[31mFAILED\x1b[0m {test} - AssertionError: expected 200, got 503"),
                        1 => format!("{test} \x1b[33mSKIPPED\x1b[0m (requires postgres)"),
                        2 => format!("E   requests.exceptions.ConnectionError: HTTPConnectionPool(host='{module}', port=8080): Max retries exceeded (Connection refused)"),
                        _ => format!("{test} \x1b[32mPASSED\x1b[0m                                         [{:>3}%]", (i * 100) / body),
                    }
                }
                2 => match rng.below(4) {
                    0 => format!("#{} [build {}/9] RUN pip install --no-cache-dir -r requirements.txt", i + 5, rng.below(9) + 1),
                    1 => format!("#{} sha256:{:016x}{:016x} {}.{}MB / {}.{}MB {}.{}s", i + 5, rng.next(), rng.next(), rng.below(50), rng.below(10), rng.below(50) + 50, rng.below(10), rng.below(30), rng.below(10)),
                    2 => format!("#{} DONE {}.{}s", i + 5, rng.below(20), rng.below(10)),
                    _ => format!("#{} [internal] load metadata for docker.io/library/python:3.12-slim", i + 5),
                },
                3 => match rng.below(30) {
                    0 => "npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory.".into(),
                    1 => format!("npm error network request to https://registry.npmjs.org/{module} failed, reason: connect ETIMEDOUT (timed out)"),
                    _ => format!("added {} packages, and audited {} packages in {}s", rng.below(900) + 100, rng.below(2000) + 1000, rng.below(60) + 1),
                },
                _ => match rng.below(6) {
                    0 => format!("Waiting for deployment \"{module}\" rollout to finish: {} of 3 updated replicas are available...", rng.below(3)),
                    1 => format!("deployment \"{module}\" successfully rolled out"),
                    _ => format!("{{\"level\":\"info\",\"ts\":\"2026-11-27T03:04:05Z\",\"msg\":\"readiness probe ok\",\"pod\":\"{module}-7d9f{:x}\",\"latency_ms\":{}}}", rng.below(0xfffff), rng.below(400)),
                },
            };
            block.push(line);
        }
        match rng.below(12) {
            0 => block.push("##[error]Process completed with exit code 1.".into()),
            1 => block.push(format!(
                "##[warning]The `set-output` command is deprecated ({module})"
            )),
            _ => {}
        }
        for line in block {
            if written == lines {
                break;
            }
            micros += rng.below(20_000);
            let (s, us) = (micros / 1_000_000, micros % 1_000_000);
            writeln!(
                out,
                "2026-11-27T{:02}:{:02}:{:02}.{:06}{}Z {line}",
                s / 3600 % 24,
                s / 60 % 60,
                s % 60,
                us,
                rng.below(10)
            )?;
            written += 1;
        }
    }
    Ok(())
}
