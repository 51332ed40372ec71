//! Shared helpers for the simulator's GitHub tests: an in-process simulator (paused, seeded), an HTTP
//! client that does not follow redirects, and response validation against github-rest-subset.json.
#![allow(dead_code)]

use std::path::PathBuf;

use gantry_sim::{AdminClient, Scenario, SimArgs, SimHandle, start};
use serde_json::{Value, json};

/// A reproducible simulator (seed 1, paused at a fixed instant) and a GitHub client for it that
/// does not follow redirects; the clock, tokens, request log and faults go through `admin()`.
pub struct TestSim {
    pub h: SimHandle,
    pub c: reqwest::Client,
}

pub async fn sim(scenario: Scenario) -> TestSim {
    let h = start(&SimArgs::reproducible(scenario)).await.unwrap();
    let c = h
        .client_builder()
        .unwrap()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestSim { h, c }
}

impl TestSim {
    pub fn admin(&self) -> &AdminClient {
        self.h.admin()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.h.github_url)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.get_as(path, &self.h.token.clone()).await
    }

    pub async fn get_as(&self, path: &str, token: &str) -> reqwest::Response {
        self.c
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn json(&self, path: &str) -> Value {
        let r = self.get(path).await;
        assert_eq!(r.status(), 200, "GET {path}");
        r.json().await.unwrap()
    }

    pub async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.post_as(path, body, &self.h.token.clone()).await
    }

    pub async fn post_as(&self, path: &str, body: Value, token: &str) -> reqwest::Response {
        self.c
            .post(self.url(path))
            .header("authorization", format!("token {token}"))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Moves the simulated clock; returns once the world has caught up.
    pub async fn advance(&self, seconds: u64) {
        self.admin().advance(seconds as f64).await.unwrap();
    }

    /// The newest run of a workflow (by name).
    pub async fn latest_run(&self, name: &str) -> Value {
        let runs = self
            .json("/repos/acme/shop/actions/runs?per_page=100")
            .await;
        runs["workflow_runs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .cloned()
            .unwrap()
    }
}

pub fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("contracts/github-rest-subset.json")
}

pub fn spec() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(spec_path()).expect("sim/contracts/github-rest-subset.json"),
    )
    .unwrap()
}

/// OpenAPI 3.0 -> JSON Schema: `nullable: true` becomes `anyOf [schema, null]` (JSON Schema has no
/// `nullable`, so a validator would otherwise reject every null GitHub sends in a nullable field).
pub fn convert(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = serde_json::Map::new();
            let mut nullable = false;
            for (k, x) in m {
                match k.as_str() {
                    "nullable" if x.is_boolean() => nullable = x == &Value::Bool(true),
                    // Maps of names to schemas: every value is a schema, whatever its name.
                    "properties" | "schemas" | "responses" => {
                        let inner = x
                            .as_object()
                            .map(|o| o.iter().map(|(n, s)| (n.clone(), convert(s))).collect())
                            .unwrap_or_default();
                        out.insert(k.clone(), Value::Object(inner));
                    }
                    "example" | "examples" => {}
                    _ => {
                        out.insert(k.clone(), convert(x));
                    }
                }
            }
            let s = Value::Object(out);
            if nullable {
                json!({"anyOf": [s, {"type": "null"}]})
            } else {
                s
            }
        }
        Value::Array(a) => Value::Array(a.iter().map(convert).collect()),
        x => x.clone(),
    }
}

/// The JSON schema of an operation's response (method, path template, status), refs resolvable.
pub fn response_schema(spec: &Value, method: &str, template: &str, status: u16) -> Value {
    let op = &spec["paths"][template][method];
    assert!(
        op.is_object(),
        "no operation {method} {template} in the spec"
    );
    let mut resp = op["responses"][status.to_string()].clone();
    assert!(
        resp.is_object(),
        "{method} {template} has no {status} response in the spec"
    );
    if let Some(r) = resp.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        resp = spec["components"]["responses"][name].clone();
    }
    let schema = resp["content"]["application/json"]["schema"].clone();
    json!({"allOf": [convert(&schema)], "components": convert(&spec["components"])})
}

pub fn validate(
    spec: &Value,
    method: &str,
    template: &str,
    status: u16,
    body: &Value,
) -> Result<(), String> {
    let schema = response_schema(spec, method, template, status);
    let v = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .map_err(|e| e.to_string())?;
    let errs: Vec<String> = v
        .iter_errors(body)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("\n"))
    }
}
