//! Who is acting, as the operating system knows it.

use super::record::Actor;

impl Actor {
    /// The OS user (looked up from the uid on unix, so `$USER` cannot name someone else) and the
    /// host, with the GitHub login when the caller knows it. Unknown parts read "unknown".
    pub fn local(login: Option<String>) -> Actor {
        let (user, uid) = os_user();
        Actor {
            login,
            user,
            uid,
            host: host(),
        }
    }
}

#[cfg(unix)]
fn os_user() -> (String, Option<u32>) {
    let uid = nix::unistd::getuid();
    let name = nix::unistd::User::from_uid(uid)
        .ok()
        .flatten()
        .map(|u| u.name)
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".into());
    (name, Some(uid.as_raw()))
}

#[cfg(not(unix))]
fn os_user() -> (String, Option<u32>) {
    let name = std::env::var("USERNAME").unwrap_or_else(|_| "unknown".into());
    (name, None)
}

#[cfg(unix)]
fn host() -> String {
    nix::unistd::gethostname()
        .ok()
        .and_then(|h| h.into_string().ok())
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(not(unix))]
fn host() -> String {
    std::env::var("COMPUTERNAME").unwrap_or_else(|_| "unknown".into())
}
