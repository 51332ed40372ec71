//! Prometheus instant queries (`GET /api/v1/query`): the answer of each gate rule's query, as
//! samples. A server that cannot be reached, or an answer of an unexpected shape, makes the piece
//! unreadable with the reason, so the rule is `unknown`, never a pass.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::gates::{Piece, PromResult, PromSample};
use crate::sanitize::clean;

#[derive(Debug, Deserialize)]
struct Answer {
    status: String,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    data: Option<Data>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "resultType", content = "result", rename_all = "lowercase")]
enum Data {
    Vector(Vec<Series>),
    Scalar((f64, String)),
    Matrix(serde::de::IgnoredAny),
    String(serde::de::IgnoredAny),
}

#[derive(Debug, Deserialize)]
struct Series {
    #[serde(default)]
    metric: BTreeMap<String, String>,
    value: (f64, String),
}

/// Runs `query` on the server at `base` (its root, e.g. `http://127.0.0.1:9090`).
pub async fn query(http: &reqwest::Client, base: &str, query: &str) -> Piece<PromResult> {
    let base = base.trim_end_matches('/');
    let link = reqwest::Url::parse_with_params(&format!("{base}/graph"), [("g0.expr", query)])
        .ok()
        .map(String::from);
    let url = match reqwest::Url::parse_with_params(
        &format!("{base}/api/v1/query"),
        [("query", query)],
    ) {
        Ok(u) => u,
        Err(e) => return Piece::Unreadable(format!("bad Prometheus URL {base:?}: {e}")),
    };
    let sent = http.get(url).send().await;
    let body = match sent {
        Ok(resp) => match resp.bytes().await {
            Ok(b) => b,
            Err(e) => return Piece::Unreadable(clean(&e.without_url().to_string())),
        },
        Err(e) => return Piece::Unreadable(words(e)),
    };
    match parse(&body) {
        Ok(samples) => Piece::Present(PromResult { samples, link }),
        Err(why) => Piece::Unreadable(clean(&why)),
    }
}

fn words(e: reqwest::Error) -> String {
    if e.is_connect() {
        "cannot connect to the Prometheus server".into()
    } else if e.is_timeout() {
        "the Prometheus query timed out".into()
    } else {
        clean(&e.without_url().to_string())
    }
}

/// The samples of an instant query's answer; a scalar is one unlabelled sample.
fn parse(body: &[u8]) -> Result<Vec<PromSample>, String> {
    let a: Answer = serde_json::from_slice(body)
        .map_err(|e| format!("unexpected answer from Prometheus: {e}"))?;
    if a.status != "success" {
        return Err(format!(
            "Prometheus answered {}: {}",
            a.status,
            a.error.unwrap_or_default()
        ));
    }
    let number = |s: &str| {
        s.parse::<f64>()
            .map_err(|_| format!("Prometheus sent {s:?}, which is not a number"))
    };
    match a.data {
        Some(Data::Vector(series)) => series
            .into_iter()
            .map(|s| {
                Ok(PromSample {
                    labels: s.metric.iter().map(|(k, v)| (clean(k), clean(v))).collect(),
                    value: number(&s.value.1)?,
                })
            })
            .collect(),
        Some(Data::Scalar((_, v))) => Ok(vec![PromSample {
            labels: BTreeMap::new(),
            value: number(&v)?,
        }]),
        Some(Data::Matrix(_) | Data::String(_)) => {
            Err("the query is not an instant vector or a scalar".into())
        }
        None => Err("Prometheus sent no data".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_scalars_and_errors() {
        let v = br#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"a"},"value":[1.5,"0.287"]}]}}"#;
        let got = parse(v).unwrap();
        assert_eq!(got[0].value, 0.287);
        assert_eq!(got[0].labels["pod"], "a");
        let s = br#"{"status":"success","data":{"resultType":"scalar","result":[1.5,"NaN"]}}"#;
        assert!(parse(s).unwrap()[0].value.is_nan());
        let e = br#"{"status":"error","errorType":"bad_data","error":"parse error"}"#;
        assert_eq!(
            parse(e).unwrap_err(),
            "Prometheus answered error: parse error"
        );
        let m = br#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#;
        assert!(parse(m).is_err());
        assert!(
            parse(b"<html>")
                .unwrap_err()
                .starts_with("unexpected answer")
        );
    }
}
