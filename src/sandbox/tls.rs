//! `--tls-cert/--tls-key`: PEM files checked and turned into a rustls server config at
//! start-up, so that every problem (no certificate, junk, an encrypted or second key, a key
//! of another certificate) is a clear error before the first client, never a panic.

use std::sync::Arc;

use rustls::pki_types::pem::{PemObject, SectionKind};
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

use super::error::SandboxError;

/// PEM contents of a certificate chain and its private key.
#[derive(Clone)]
pub struct TlsFiles {
    pub certificate: Vec<u8>,
    pub private_key: Vec<u8>,
}

impl TlsFiles {
    /// An acceptor for these files, or what is wrong with them.
    pub fn acceptor(&self) -> Result<TlsAcceptor, SandboxError> {
        let certificates = certificates(&self.certificate)?;
        let key = private_key(&self.private_key)?;
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| tls("no TLS version is available", e))?
            .with_no_client_auth()
            // This also checks that the key belongs to the first certificate.
            .with_single_cert(certificates, key)
            .map_err(|e| match e {
                rustls::Error::InconsistentKeys(_) => {
                    tls("the private key does not match the certificate", e)
                }
                other => tls("the certificate or key cannot be used", other),
            })?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(TlsAcceptor::from(Arc::new(config)))
    }
}

fn invalid(problem: impl Into<String>) -> SandboxError {
    SandboxError::Tls {
        problem: problem.into(),
        source: None,
    }
}

fn tls(problem: &str, source: rustls::Error) -> SandboxError {
    SandboxError::Tls {
        problem: format!("{problem}: {source}"),
        source: Some(source),
    }
}

/// Every PEM section of `pem`; any malformed one is an error naming the file.
fn sections(pem: &[u8], file: &str) -> Result<Vec<(SectionKind, Vec<u8>)>, SandboxError> {
    <(SectionKind, Vec<u8>)>::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| invalid(format!("the {file} file is not valid PEM ({e})")))
}

fn certificates(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, SandboxError> {
    let certificates: Vec<CertificateDer<'static>> = sections(pem, "certificate")?
        .into_iter()
        .filter(|(kind, _)| *kind == SectionKind::Certificate)
        .map(|(_, der)| CertificateDer::from(der))
        .collect();
    if certificates.is_empty() {
        return Err(invalid("the certificate file holds no PEM certificate"));
    }
    Ok(certificates)
}

fn private_key(pem: &[u8]) -> Result<PrivateKeyDer<'static>, SandboxError> {
    // pki-types skips sections it does not know, encrypted keys among them: name them here.
    if contains(pem, b"ENCRYPTED PRIVATE KEY") || contains(pem, b"Proc-Type: 4,ENCRYPTED") {
        return Err(invalid(
            "the private key is encrypted; decrypt it first (`openssl pkey -in KEY -out PLAIN`)",
        ));
    }
    let mut keys = sections(pem, "key")?
        .into_iter()
        .filter_map(|(kind, der)| match kind {
            SectionKind::PrivateKey => Some(PrivateKeyDer::Pkcs8(der.into())),
            SectionKind::RsaPrivateKey => Some(PrivateKeyDer::Pkcs1(der.into())),
            SectionKind::EcPrivateKey => Some(PrivateKeyDer::Sec1(der.into())),
            _ => None,
        })
        .collect::<Vec<_>>();
    match keys.len() {
        0 => Err(invalid(
            "the key file holds no PEM private key (PKCS#8, RSA or EC)",
        )),
        1 => Ok(keys.remove(0)),
        n => Err(invalid(format!(
            "the key file holds {n} private keys; keep only the certificate's"
        ))),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
