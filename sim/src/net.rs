//! Serving one of the simulator's routers on its listener, over plain http or TLS, with every
//! response's `Date` header taken from the simulated clock (a client that measures the server's
//! clock from `Date`, as gantry does, then agrees with the times in the bodies).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use tokio::net::TcpListener;

use crate::clock::Clock;
use crate::tls::Tls;

/// An HTTP `Date` (IMF-fixdate) for a simulated instant.
pub(crate) fn http_date(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

async fn stamp_date(State(clock): State<Arc<Clock>>, mut resp: Response) -> Response {
    if let Ok(v) = HeaderValue::from_str(&http_date(clock.now())) {
        resp.headers_mut().insert(header::DATE, v);
    }
    resp
}

/// Serves `app` until the task is aborted.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    clock: Arc<Clock>,
    tls: Option<Tls>,
) -> std::io::Result<()> {
    let app = app.layer(axum::middleware::map_response_with_state(clock, stamp_date));
    match tls {
        None => axum::serve(listener, app).await,
        Some(tls) => {
            let config = axum_server::tls_rustls::RustlsConfig::from_config(tls.server);
            axum_server::from_tcp_rustls(listener.into_std()?, config)?
                .serve(app.into_make_service())
                .await
        }
    }
}
