//! What a failure from the cluster means for the link: RBAC said no, the server cannot be reached,
//! something named in the config does not exist, or a watch must simply be re-established.

use kube::runtime::watcher;

use crate::model::kube::Link;

/// A failure, classified, in words for the pane and the banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trouble {
    pub link: Link,
    pub message: String,
}

/// `None` for what the watcher recovers from by itself without losing anything: an expired
/// resourceVersion (410) makes it list again.
pub fn watch_error(e: &watcher::Error) -> Option<Trouble> {
    match e {
        watcher::Error::WatchError(status) if status.code == 410 => None,
        watcher::Error::WatchError(status) => Some(status_trouble(status.code, &status.message)),
        watcher::Error::InitialListFailed(e)
        | watcher::Error::WatchStartFailed(e)
        | watcher::Error::WatchFailed(e) => Some(client_error(e)),
        watcher::Error::NoResourceVersion => Some(Trouble {
            link: Link::Reconnecting,
            message: "the server sent no resourceVersion; listing again".into(),
        }),
    }
}

pub fn client_error(e: &kube::Error) -> Trouble {
    match e {
        kube::Error::Api(status) => status_trouble(status.code, &status.message),
        kube::Error::HyperError(_) | kube::Error::Service(_) => Trouble {
            link: Link::Unreachable,
            message: format!(
                "API server unreachable: {}",
                crate::sanitize::clean(&e.to_string())
            ),
        },
        other => Trouble {
            link: Link::Reconnecting,
            message: crate::sanitize::clean(&other.to_string()),
        },
    }
}

fn status_trouble(code: u16, message: &str) -> Trouble {
    let message = crate::sanitize::clean(message);
    let link = match code {
        401 | 403 => Link::Forbidden,
        404 => Link::Misconfigured,
        500..=599 | 0 => Link::Unreachable,
        _ => Link::Reconnecting,
    };
    let message = match code {
        401 => format!("unauthorized (401): {message}"),
        403 => format!("forbidden by RBAC (403): {message}"),
        503 => format!("API server unavailable (503): {message}"),
        _ => format!("HTTP {code}: {message}"),
    };
    Trouble { link, message }
}
