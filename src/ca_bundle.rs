//! A PEM bundle of CA certificates to trust on top of the built-in roots (`--ca-cert`,
//! `PEKI_CA_CERT`, `ca_cert`): read and checked once, then handed to the transport. A leaf:
//! it imports nothing of ours.

use std::path::{Path, PathBuf};

use ureq::tls::{Certificate, PemItem, parse_pem};

/// A CA bundle file larger than this is refused: real bundles are a few hundred KiB.
pub const MAX_BUNDLE_BYTES: u64 = 8 * 1024 * 1024;

/// Every certificate of a PEM file.
#[derive(Debug, Clone)]
pub struct CaBundle {
    pub path: PathBuf,
    pub certificates: Vec<Certificate<'static>>,
}

impl CaBundle {
    /// Reads `path`; a file that cannot be read, is not a regular file, is too large or
    /// holds no certificate is an error naming the file.
    pub fn load(path: &Path) -> Result<CaBundle, String> {
        let cannot = |why: String| format!("cannot use {} as a CA bundle: {why}", path.display());
        let metadata = std::fs::metadata(path).map_err(|e| cannot(e.to_string()))?;
        if !metadata.is_file() {
            return Err(cannot("it is not a regular file".into()));
        }
        if metadata.len() > MAX_BUNDLE_BYTES {
            return Err(cannot(format!(
                "it is larger than {} MiB",
                MAX_BUNDLE_BYTES / (1024 * 1024)
            )));
        }
        let pem = std::fs::read(path).map_err(|e| cannot(e.to_string()))?;
        let certificates: Vec<Certificate<'static>> = parse_pem(&pem)
            .filter_map(|item| match item {
                Ok(PemItem::Certificate(cert)) => Some(cert),
                _ => None,
            })
            .collect();
        if certificates.is_empty() {
            return Err(cannot("it holds no PEM certificate".into()));
        }
        Ok(CaBundle {
            path: path.to_path_buf(),
            certificates,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_without_certificates_are_refused_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "no pem here").unwrap();
        let err = CaBundle::load(&empty).unwrap_err();
        assert!(
            err.contains("empty.pem") && err.contains("no PEM certificate"),
            "{err}"
        );
        let err = CaBundle::load(dir.path()).unwrap_err();
        assert!(err.contains("not a regular file"), "{err}");
        assert!(CaBundle::load(&dir.path().join("missing.pem")).is_err());
    }
}
