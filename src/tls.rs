//! TLS for every client gantry builds. One crypto provider, ring: reqwest is compiled without one
//! of its own (`rustls-no-provider`) and kube with its `ring` feature, so rustls has exactly one to
//! choose and none can panic looking for a default. Leaf module: depends on rustls only.

use std::sync::Once;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

/// Makes ring the process's rustls provider. Every client constructor calls it first; reqwest
/// without a provider feature asks for the process default and panics when there is none.
pub fn install_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Err only when a provider is already installed, which is as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// The certificates of a PEM bundle (a custom CA such as `[github] ca_file`), or why there are none.
pub fn certs_from_pem(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("not a PEM certificate bundle: {e}"))?;
    if certs.is_empty() {
        return Err("no PEM certificate (-----BEGIN CERTIFICATE-----) in it".into());
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_without_certificates_is_refused_with_a_reason() {
        assert!(
            certs_from_pem(b"")
                .unwrap_err()
                .contains("no PEM certificate")
        );
        assert!(
            certs_from_pem(b"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n")
                .is_err()
        );
    }

    #[test]
    fn installing_twice_is_harmless() {
        install_provider();
        install_provider();
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
    }
}
