//! Plain typed data shared by the sources, the app and the panes, and the questions every pane asks of
//! it ("what waits for a human", "what failed"), answered once here. It imports none of them.

pub mod approval;
pub mod gates;
pub mod github;
pub mod kube;
pub mod logs;
pub mod pipeline;
pub mod request;
pub mod runs_tree;
pub mod trail;
