//! Provenance: the image and digest running in an environment, and whether they are what CI built
//! for that commit. The build job's output says what it pushed (`Image REPO:TAG ..., digest
//! sha256:HEX`); the pods' `imageID` says what runs (`REPO@sha256:HEX` or `REPO:TAG@sha256:HEX`).

use super::Pod;

/// What CI says it built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    pub image: String,
    pub digest: Option<String>,
}

/// How the running image compares with the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Same image and, when both are known, the same digest.
    Matches,
    /// The tag is CI's but the digest differs: something else was pushed under that tag.
    DigestDiffers { running: String, built: String },
    /// Another image runs.
    OtherImage { running: String, built: String },
    /// Nothing to compare with (no build output seen, or no pod running yet).
    Unknown,
}

/// Reads a build job's output for the image and digest it pushed.
pub fn parse_build_output(text: &str) -> Option<Built> {
    let image = text
        .split_whitespace()
        .skip_while(|w| *w != "Image" && *w != "Pushed")
        .nth(1)?
        .trim_end_matches([',', '.'])
        .to_string();
    let digest = text
        .split_whitespace()
        .find(|w| w.starts_with("sha256:"))
        .map(|d| d.trim_end_matches([',', '.']).to_string());
    Some(Built { image, digest })
}

/// The digest in an `imageID` (`...@sha256:HEX`).
pub fn digest_of(image_id: &str) -> Option<&str> {
    image_id.rsplit_once('@').map(|(_, d)| d)
}

/// The image and digest most pods of the newest revision run.
pub fn running(pods: &[Pod]) -> Option<(String, Option<String>)> {
    let newest = pods.iter().filter_map(|p| p.revision).max();
    let pod = pods
        .iter()
        .filter(|p| p.revision == newest)
        .find(|p| p.image.is_some())?;
    let digest = pod
        .image_id
        .as_deref()
        .and_then(digest_of)
        .map(str::to_string);
    Some((pod.image.clone()?, digest))
}

pub fn compare(running: Option<&(String, Option<String>)>, built: Option<&Built>) -> Verdict {
    let (Some((image, digest)), Some(b)) = (running, built) else {
        return Verdict::Unknown;
    };
    if *image != b.image {
        return Verdict::OtherImage {
            running: image.clone(),
            built: b.image.clone(),
        };
    }
    match (digest, &b.digest) {
        (Some(r), Some(d)) if r != d => Verdict::DigestDiffers {
            running: r.clone(),
            built: d.clone(),
        },
        _ => Verdict::Matches,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_output_and_pods_compare() {
        let b = parse_build_output(
            "Image ghcr.io/acme/shop:088844b (linux/amd64, linux/arm64), digest sha256:abc123",
        )
        .unwrap();
        assert_eq!(b.image, "ghcr.io/acme/shop:088844b");
        assert_eq!(b.digest.as_deref(), Some("sha256:abc123"));
        let pod = |rev, image: &str, id: &str| Pod {
            revision: Some(rev),
            image: Some(image.into()),
            image_id: Some(id.into()),
            ..Pod::default()
        };
        let pods = vec![
            pod(
                4,
                "ghcr.io/acme/shop:445afe5",
                "ghcr.io/acme/shop@sha256:old",
            ),
            pod(
                5,
                "ghcr.io/acme/shop:088844b",
                "ghcr.io/acme/shop@sha256:abc123",
            ),
        ];
        let r = running(&pods);
        assert_eq!(compare(r.as_ref(), Some(&b)), Verdict::Matches);
        let other = Built {
            digest: Some("sha256:fff".into()),
            ..b.clone()
        };
        assert!(matches!(
            compare(r.as_ref(), Some(&other)),
            Verdict::DigestDiffers { .. }
        ));
        assert_eq!(compare(r.as_ref(), None), Verdict::Unknown);
    }
}
