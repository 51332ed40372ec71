//! The fixed commit history of `acme/shop` shared by the simulated GitHub and cluster: earlier
//! releases (deployed, so there is something to compare and roll back to) and the release candidate.

/// One commit on `main`. SHAs are fixed so tests can name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Commit {
    pub sha: &'static str,
    pub version: &'static str,
    pub message: &'static str,
    pub author: &'static str,
}

impl Commit {
    pub fn short(&self) -> &'static str {
        &self.sha[..7]
    }

    /// The container image built from this commit.
    pub fn image(&self) -> String {
        format!("ghcr.io/acme/shop:{}", self.short())
    }
}

/// Earlier releases, oldest first. Staging runs the last one; production runs the one before it.
pub const HISTORY: &[Commit] = &[
    Commit {
        sha: "5735334030e43d1855198ad72697ec2610542817",
        version: "v1.4.0",
        message: "Add order export endpoint",
        author: "carol",
    },
    Commit {
        sha: "66536f8d790460a8a4ebacb0502ac727d8d656d8",
        version: "v1.4.1",
        message: "Fix currency rounding in invoices",
        author: "dave",
    },
    Commit {
        sha: "ae2d1ed9a6de617a3c265779ee2dbe2f6fd330b1",
        version: "v1.5.0",
        message: "Introduce saved carts",
        author: "alice",
    },
    Commit {
        sha: "445afe5bfe15228c43aafefb6dc30a2ac1641c7f",
        version: "v1.5.1",
        message: "Tune connection pool for checkout",
        author: "bob",
    },
];

/// The release candidate the scenarios push to `main`.
pub const CANDIDATE: Commit = Commit {
    sha: "088844b21ac6431752b9f642c7723f35a6a5ca50",
    version: "v1.6.0",
    message: "Fix checkout rounding and add loyalty points",
    author: "alice",
};

/// The commit production runs when the simulator starts.
pub fn production_stable() -> Commit {
    HISTORY[HISTORY.len() - 2]
}

/// The commit staging runs when the simulator starts.
pub fn staging_current() -> Commit {
    HISTORY[HISTORY.len() - 1]
}
