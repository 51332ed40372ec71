//! Tokens never reach the file, wherever the caller put them.

use super::*;

const TOKEN: &str = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
const PAT: &str = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCD";
const HOOK: &str = "https://hooks.slack.example/services/T000/B000/abcdefghijkl";

#[test]
fn tokens_and_marked_secrets_never_reach_the_file() {
    let (_dir, mut trail, _) = trail_with(0);
    trail.mark_secret(HOOK);
    let mut intent = approve(1).param("inputs", serde_json::json!({"token": PAT, "x": TOKEN}));
    intent.comment = Some(format!("LGTM, my token is {TOKEN}; posting to {HOOK}"));
    intent.evidence.push(Evidence {
        gate: "Security".into(),
        verdict: "pass".into(),
        summary: "scanned with Authorization: Bearer abcdefgh12345678".into(),
        url: Some(format!(
            "https://x-access-token:{TOKEN}@github.com/acme/shop"
        )),
    });
    let r = trail.intent(&intent).unwrap();
    assert_eq!(r.redacted, 6);
    let failed = ActionResult::failed(
        true,
        Some(502),
        format!("502 from proxy echoing token {PAT}"),
    );
    let o = trail.outcome(&intent.outcome(&r, failed)).unwrap();
    assert_eq!(o.redacted, 1);

    let text = std::fs::read_to_string(trail.path()).unwrap();
    for secret in [TOKEN, PAT, HOOK, "abcdefgh12345678"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    assert!(
        text.contains("LGTM, my token is [REDACTED]; posting to [REDACTED]"),
        "{text}"
    );
    assert!(text.contains("Authorization: Bearer [REDACTED]"));
    assert_eq!(report(trail.path()).verdict(), Verdict::Intact);
}

#[test]
fn a_short_marked_secret_refuses_the_write() {
    let (_dir, mut trail, _) = trail_with(1);
    trail.mark_secret("hunter2");
    let mut intent = approve(2);
    intent.comment = Some("password hunter2".into());
    assert!(matches!(
        trail.intent(&intent),
        Err(AuditError::ShortSecret)
    ));
    assert_eq!(lines(trail.path()).len(), 2, "nothing written");
    intent.comment = Some("no secret".into());
    assert_eq!(trail.intent(&intent).unwrap().seq, 3);
}

#[test]
fn the_actor_is_redacted_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut odd = actor();
    odd.host = format!("host-{TOKEN}");
    let trail = Trail::open(dir.path().join("a.jsonl"), odd).unwrap();
    trail.intent(&approve(1)).unwrap();
    assert!(
        !std::fs::read_to_string(trail.path())
            .unwrap()
            .contains(TOKEN)
    );
}
