//! Notifications: the webhook against a local receiver (a Slack-shaped body), the command with the
//! message as an argument (never parsed by the shell), and the effects `update` asks for when a
//! review starts waiting (none for what already waited when gantry started).

mod support;

use gantry::app::effect::Terminal;
use gantry::app::{Effect, update};
use gantry::notify::send::{Note, post_webhook, run_command};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A one-shot HTTP receiver on loopback: returns its URL and the request it got.
async fn receiver() -> (String, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = sock.read(&mut chunk).await.unwrap();
            buf.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&buf).to_string();
            if let Some(head_end) = text.find("\r\n\r\n") {
                let len = text[..head_end]
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                if buf.len() >= head_end + 4 + len {
                    sock.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
                        .await
                        .unwrap();
                    return text;
                }
            }
            if n == 0 {
                return text;
            }
        }
    });
    (url, handle)
}

fn note() -> Note {
    Note {
        title: "gantry: waiting for review".into(),
        body: "acme/shop Enterprise CD Pipeline #198 a1b2c3d -> production".into(),
    }
}

#[tokio::test]
async fn the_webhook_gets_a_slack_compatible_body() {
    let (url, got) = receiver().await;
    post_webhook(&gantry::notify::send::http_client(), &url, &note())
        .await
        .unwrap();
    let req = got.await.unwrap();
    assert!(req.starts_with("POST /hook HTTP/1.1"), "{req}");
    let body = &req[req.find("\r\n\r\n").unwrap() + 4..];
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"text": "gantry: waiting for review: acme/shop Enterprise CD Pipeline #198 a1b2c3d -> production"})
    );
}

#[tokio::test]
async fn the_command_gets_the_message_as_one_argument() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("got");
    let cmd = format!("printf '%s' >{}", out.display());
    let mut n = note();
    // Shell syntax in the message stays text.
    n.body = "$(touch pwned); `id` 'x'".into();
    run_command(&cmd, &n).await.unwrap();
    let got = std::fs::read_to_string(&out).unwrap();
    assert_eq!(got, "gantry: waiting for review: $(touch pwned); `id` 'x'");
    assert!(!std::path::Path::new("pwned").exists());
    assert!(run_command("exit 3", &n).await.is_err());
}

#[test]
fn a_review_that_starts_waiting_notifies_once() {
    let mut s = StateBuilder::new()
        .board(gantry::model::approval::Board::default())
        .build();
    s.settings.notify = gantry::app::notice::Prefs {
        bell: true,
        desktop: true,
        external: true,
    };
    let waits = board_with(vec![pending_env(303, "production", None)]);
    let effects = update(&mut s, review_loaded(waits.clone()));
    assert_eq!(effects.len(), 3, "{effects:?}");
    assert_eq!(effects[0], Effect::BELL);
    match &effects[1] {
        Effect::Terminal(Terminal::Notify { title, body }) => {
            assert_eq!(title, "gantry: waiting for review");
            assert!(body.contains("production"), "{body}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&effects[2], Effect::Notify(n) if n.body.contains("#198")));
    // The same again: nothing new, no notification.
    assert!(update(&mut s, review_loaded(waits)).is_empty());
}

#[test]
fn what_already_waited_at_start_does_not_ring() {
    let mut s = StateBuilder::new().build();
    s.settings.notify = gantry::app::notice::Prefs {
        bell: true,
        desktop: true,
        external: false,
    };
    let effects = update(
        &mut s,
        review_loaded(board_with(vec![pending_env(303, "production", None)])),
    );
    assert!(effects.is_empty(), "{effects:?}");
}
