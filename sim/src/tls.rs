//! `--tls`: a CA made at start-up and a server certificate it signs for the listening address,
//! 127.0.0.1 and localhost, so clients verify the simulator the way they verify a real cluster or a
//! GitHub Enterprise Server with its own CA. ring is the one crypto provider, passed explicitly, so
//! nothing here depends on a process-wide default.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

use anyhow::Context;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// What `--tls` serves with: the CA's PEM (written to the state dir) and the servers' config.
#[derive(Clone)]
pub(crate) struct Tls {
    pub(crate) ca_pem: String,
    pub(crate) server: Arc<rustls::ServerConfig>,
}

pub(crate) fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

impl Tls {
    /// A fresh CA and a certificate for `ip` (plus the loopback names) signed by it.
    pub(crate) fn generate(ip: IpAddr) -> anyhow::Result<Tls> {
        let mut ca = CertificateParams::new(Vec::<String>::new())?;
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(DnType::CommonName, "gantry-sim CA");
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_key = KeyPair::generate()?;
        let ca_cert = ca.self_signed(&ca_key)?;
        let issuer = Issuer::new(ca, ca_key);

        let mut leaf = CertificateParams::new(vec!["localhost".to_string()])?;
        leaf.distinguished_name
            .push(DnType::CommonName, "gantry-sim");
        let mut ips: Vec<IpAddr> = vec![Ipv4Addr::LOCALHOST.into(), Ipv6Addr::LOCALHOST.into()];
        if !ip.is_unspecified() && !ips.contains(&ip) {
            ips.push(ip);
        }
        leaf.subject_alt_names
            .extend(ips.into_iter().map(SanType::IpAddress));
        leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        leaf.use_authority_key_identifier_extension = true;
        let leaf_key = KeyPair::generate()?;
        let leaf_cert = leaf.signed_by(&leaf_key, &issuer)?;

        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
        let mut server = rustls::ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(vec![leaf_cert.der().clone()], key)
            .context("the simulator's server certificate")?;
        // HTTP/1.1 only, as over plain http: watches and log follows are chunked responses.
        server.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Tls {
            ca_pem: ca_cert.pem(),
            server: Arc::new(server),
        })
    }
}

/// A client config that trusts exactly the CA in `ca_pem` (nothing at all when `None`, for a
/// simulator on plain http), with ring chosen explicitly.
pub(crate) fn client_config(ca_pem: Option<&str>) -> anyhow::Result<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    if let Some(pem) = ca_pem {
        for cert in CertificateDer::pem_slice_iter(pem.as_bytes()) {
            roots.add(cert.context("the simulator's CA PEM")?)?;
        }
        anyhow::ensure!(!roots.is_empty(), "no certificate in the CA PEM");
    }
    Ok(rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth())
}
