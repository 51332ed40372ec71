//! Just enough of the protobuf wire format to read what kubectl sends as protobuf: its typed
//! clients post `SelfSubjectAccessReview` (`kubectl auth can-i`) as
//! `application/vnd.kubernetes.protobuf`, the `k8s\0` envelope around a `runtime.Unknown` whose
//! `raw` is the review. Only length-delimited and varint fields are met on that path; the answer
//! goes back as JSON, which kubectl accepts. (A protobuf crate would also need the generated
//! Kubernetes types; for seven string fields of one message this reader is smaller.)

/// The fields of one message: (field number, bytes) for length-delimited ones; others skipped.
fn fields(mut b: &[u8]) -> Option<Vec<(u64, &[u8])>> {
    let mut out = Vec::new();
    while !b.is_empty() {
        let key = varint(&mut b)?;
        match key & 7 {
            0 => {
                varint(&mut b)?;
            }
            1 => b = b.get(8..)?,
            2 => {
                let len = usize::try_from(varint(&mut b)?).ok()?;
                out.push((key >> 3, b.get(..len)?));
                b = &b[len..];
            }
            5 => b = b.get(4..)?,
            _ => return None,
        }
    }
    Some(out)
}

fn varint(b: &mut &[u8]) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = b.split_first()?;
        *b = rest;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

fn field(msg: &[u8], n: u64) -> Option<&[u8]> {
    fields(msg)?
        .into_iter()
        .find(|(k, _)| *k == n)
        .map(|(_, v)| v)
}

fn text(msg: &[u8], n: u64) -> String {
    field(msg, n)
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .unwrap_or_default()
}

/// A `SelfSubjectAccessReview` in protobuf, as the JSON its `spec` would be.
pub(crate) fn access_review(body: &[u8]) -> Option<serde_json::Value> {
    let unknown = body.strip_prefix(b"k8s\0")?;
    let review = field(unknown, 2)?;
    let spec = field(review, 2).unwrap_or_default();
    let mut out = serde_json::json!({"spec": {}});
    if let Some(ra) = field(spec, 1) {
        let keys = [
            "namespace",
            "verb",
            "group",
            "version",
            "resource",
            "subresource",
            "name",
        ];
        let attrs: serde_json::Map<String, serde_json::Value> = keys
            .iter()
            .zip(1..)
            .map(|(k, n)| (k.to_string(), text(ra, n).into()))
            .collect();
        out["spec"]["resourceAttributes"] = attrs.into();
    } else if let Some(nra) = field(spec, 2) {
        out["spec"]["nonResourceAttributes"] =
            serde_json::json!({"path": text(nra, 1), "verb": text(nra, 2)});
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ld(n: u64, v: &[u8]) -> Vec<u8> {
        let mut out = vec![(n << 3 | 2) as u8, v.len() as u8];
        out.extend_from_slice(v);
        out
    }

    #[test]
    fn reads_a_review_in_its_envelope() {
        let ra = [
            ld(1, b"production"),
            ld(2, b"patch"),
            ld(3, b"apps"),
            ld(5, b"deployments"),
        ]
        .concat();
        let review = [ld(1, b""), ld(2, &ld(1, &ra))].concat();
        let type_meta = [
            ld(1, b"authorization.k8s.io/v1"),
            ld(2, b"SelfSubjectAccessReview"),
        ]
        .concat();
        let unknown = [
            ld(1, &type_meta),
            ld(2, &review),
            ld(4, b"application/vnd.kubernetes.protobuf"),
        ]
        .concat();
        let body = [b"k8s\0".as_slice(), &unknown].concat();
        let v = access_review(&body).expect("decoded");
        let a = &v["spec"]["resourceAttributes"];
        assert_eq!(a["namespace"], "production");
        assert_eq!(a["verb"], "patch");
        assert_eq!(a["group"], "apps");
        assert_eq!(a["resource"], "deployments");
        assert_eq!(a["subresource"], "");
        assert!(access_review(b"{}").is_none());
    }
}
