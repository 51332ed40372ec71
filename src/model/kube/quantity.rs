//! Kubernetes resource quantities as `metrics.k8s.io` and pod specs write them (`250m`, `0.5`,
//! `123456n`, `128Mi`, `1G`, `1e3`): CPU in millicores, memory in bytes. Small enough to keep here
//! rather than pull a crate in for it.

/// A quantity's value in base units (cores, bytes), or `None` when it is not one.
pub fn parse(q: &str) -> Option<f64> {
    let q = q.trim();
    let split = q
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(q.len());
    let (num, suffix) = q.split_at(split);
    let n: f64 = num.parse().ok()?;
    let scale = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        s if s.starts_with(['e', 'E']) => 10f64.powi(s[1..].parse().ok()?),
        _ => return None,
    };
    Some(n * scale)
}

/// CPU in millicores.
pub fn millicores(q: &str) -> Option<f64> {
    parse(q).map(|cores| cores * 1000.0)
}

/// Memory in bytes.
pub fn bytes(q: &str) -> Option<u64> {
    parse(q).filter(|b| *b >= 0.0).map(|b| b.round() as u64)
}

/// `123Mi`, as `kubectl top` prints memory.
pub fn mebibytes(bytes: u64) -> String {
    format!("{}Mi", bytes / (1024 * 1024))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_as_the_metrics_api_writes_them() {
        assert_eq!(millicores("250m"), Some(250.0));
        assert_eq!(millicores("1"), Some(1000.0));
        assert_eq!(millicores("0.5"), Some(500.0));
        assert_eq!(millicores("123456789n").map(|m| m.round()), Some(123.0));
        assert_eq!(bytes("128Mi"), Some(134_217_728));
        assert_eq!(bytes("1G"), Some(1_000_000_000));
        assert_eq!(bytes("2048Ki"), Some(2_097_152));
        assert_eq!(bytes("1e3"), Some(1000));
        assert_eq!(bytes("12Q"), None);
        assert_eq!(mebibytes(134_217_728), "128Mi");
    }
}
