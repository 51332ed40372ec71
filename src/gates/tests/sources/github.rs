//! Check runs and commit statuses: numbers read by patterns, conclusions and states.

use super::*;

#[test]
fn check_runs() {
    let p95 = p95_rule();
    let conclusion = rule(
        &[
            ("source", "check_run"),
            ("check", "Performance Testing"),
            ("op", "=="),
        ],
        text("success"),
    );
    let anywhere = rule(
        &[
            ("source", "check_run"),
            ("check", "Performance Testing"),
            ("pattern", r"p95 (?P<value>[0-9]+) ms"),
            ("op", "<="),
        ],
        num(200.0),
    );
    let words = rule(
        &[
            ("source", "check_run"),
            ("check", "Performance Testing"),
            ("field", "summary"),
            ("pattern", r"Audit trail: (?P<value>\w+)"),
            ("op", "=="),
        ],
        text("complete"),
    );
    let events = rule(
        &[
            ("source", "check_run"),
            ("check", "Performance Testing"),
            ("field", "summary"),
            ("pattern", r"\((?P<value>[0-9,]+) events"),
            ("op", ">="),
        ],
        num(1000.0),
    );
    let ok = || {
        check(
            "Performance Testing",
            "success",
            "p95 143 ms, memory 380 MB",
            &perf_summary("143"),
        )
    };
    let running = Piece::Present(CheckRun {
        name: "Performance Testing".into(),
        status: "in_progress".into(),
        ..CheckRun::default()
    });
    let no_conclusion = Piece::Present(CheckRun {
        name: "Performance Testing".into(),
        status: "completed".into(),
        ..CheckRun::default()
    });
    let finished = Evidence {
        runs_finished: true,
        ..ev()
    };
    run_table(vec![
        row("p95 under budget", &p95, with_check(ok()), Verdict::Pass).observed("143 ms"),
        row(
            "p95 over budget",
            &p95,
            with_check(check(
                "Performance Testing",
                "success",
                "",
                &perf_summary("287"),
            )),
            Verdict::Fail,
        )
        .observed("287 ms")
        .detail("287 ms > 200 ms"),
        row("no check run yet", &p95, ev(), Verdict::Pending)
            .detail("waiting for check run \"Performance Testing\""),
        row("never came", &p95, finished, Verdict::Unknown)
            .observed("")
            .detail("runs have finished"),
        row("still running", &p95, with_check(running), Verdict::Pending)
            .observed("")
            .detail("is in progress"),
        row(
            "unreadable",
            &p95,
            with_check(Piece::Unreadable("HTTP 502 after 3 attempts".into())),
            Verdict::Unknown,
        )
        .detail("could not be read: HTTP 502"),
        row(
            "pattern finds nothing",
            &p95,
            with_check(check("Performance Testing", "success", "", "latency fine")),
            Verdict::Unknown,
        )
        .detail("found nothing in the check run \"Performance Testing\"'s summary"),
        row(
            "failed before writing numbers",
            &p95,
            with_check(check("Performance Testing", "failure", "", "")),
            Verdict::Unknown,
        )
        .detail("(the check run concluded failure)"),
        row(
            "not a number",
            &p95,
            with_check(check(
                "Performance Testing",
                "success",
                "",
                &perf_summary("n/a"),
            )),
            Verdict::Unknown,
        )
        .detail("read \"n/a\", which is not a number"),
        row(
            "completed without conclusion",
            &conclusion,
            with_check(no_conclusion),
            Verdict::Unknown,
        )
        .detail("without a conclusion"),
        row(
            "conclusion success",
            &conclusion,
            with_check(ok()),
            Verdict::Pass,
        )
        .observed("success"),
        row(
            "conclusion failure",
            &conclusion,
            with_check(check("Performance Testing", "failure", "", "")),
            Verdict::Fail,
        )
        .observed("failure")
        .detail("failure, not success"),
        row(
            "output searches the title first",
            &anywhere,
            with_check(ok()),
            Verdict::Pass,
        )
        .observed("143"),
        row(
            "text compared as text",
            &words,
            with_check(check(
                "Performance Testing",
                "success",
                "",
                "Audit trail: complete (2,481 events, no gaps)",
            )),
            Verdict::Pass,
        )
        .observed("complete"),
        row(
            "digit-group commas",
            &events,
            with_check(check(
                "Performance Testing",
                "success",
                "",
                "Audit trail: complete (2,481 events, no gaps)",
            )),
            Verdict::Pass,
        )
        .observed("2481"),
    ]);
}

fn with_status(state: &str, description: Option<&str>) -> Evidence {
    let mut e = ev();
    e.statuses.insert(
        "codecov/project".into(),
        Piece::Present(CommitStatus {
            context: "codecov/project".into(),
            state: state.into(),
            description: description.map(str::to_string),
            target_url: Some("https://app.codecov.io/gh/acme/shop/commit/0888".into()),
        }),
    );
    e
}

#[test]
fn commit_statuses() {
    let coverage = rule(
        &[
            ("source", "status"),
            ("context", "codecov/project"),
            ("pattern", r"(?P<value>[0-9.]+)%"),
            ("op", ">"),
            ("unit", "%"),
        ],
        num(90.0),
    );
    let state = rule(
        &[
            ("source", "status"),
            ("context", "codecov/project"),
            ("op", "=="),
        ],
        text("success"),
    );
    run_table(vec![
        row(
            "coverage above",
            &coverage,
            with_status("success", Some("92.4% (+0.3%)")),
            Verdict::Pass,
        )
        .observed("92.4%"),
        row(
            "coverage below",
            &coverage,
            with_status("failure", Some("89.9% (-2.5%)")),
            Verdict::Fail,
        )
        .observed("89.9%")
        .detail("89.9% < 90%"),
        row(
            "coverage equal is not above",
            &coverage,
            with_status("success", Some("90% (+0.0%)")),
            Verdict::Fail,
        ),
        row(
            "status pending",
            &coverage,
            with_status("pending", Some("Waiting for CI")),
            Verdict::Pending,
        )
        .detail("is pending"),
        row(
            "no description",
            &coverage,
            with_status("success", None),
            Verdict::Unknown,
        )
        .detail("found nothing"),
        row("absent", &coverage, ev(), Verdict::Pending),
        row(
            "state success",
            &state,
            with_status("success", None),
            Verdict::Pass,
        )
        .observed("success"),
        row(
            "state pending waits",
            &state,
            with_status("pending", None),
            Verdict::Pending,
        ),
        row(
            "state error",
            &state,
            with_status("error", None),
            Verdict::Fail,
        )
        .observed("error"),
    ]);
}
