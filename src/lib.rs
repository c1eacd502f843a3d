//! `peki`: a client for the Peki chatbot Messages API, and a Peki-compatible sandbox.
//!
//! The library signs and sends requests (`sign`, `api`, `client`), resolves settings
//! (`config`), and serves the sandbox (`sandbox`). The `peki` binary is a thin shell over
//! `commands`.
//!
//! ```
//! use peki::sign::{sign, SignedParts};
//! let body = br#"{"user":{"id":"user_123","name":"John Doe"},"message":{"content":"Hello"}}"#;
//! let signature = sign("sk_your_api_secret", &SignedParts {
//!     method: "POST",
//!     path: "/api/Dev/chatbot_123/message",
//!     body,
//!     timestamp: "1672531200",
//! });
//! assert_eq!(signature, "DuUINLt0/k8xQKDexbQdBHN0w5R+G6w980uiS5pbw28=");
//! ```

pub mod api;
pub mod batch;
pub mod ca_bundle;
pub mod cache;
pub mod cli;
pub mod client;
pub mod clock;
pub mod commands;
pub mod config;
pub mod digest;
pub mod error;
pub mod expect;
pub mod input;
pub mod interrupt;
pub mod output;
pub mod preview;
pub mod progress;
pub mod quota;
pub mod report;
pub mod sandbox;
pub mod sign;
pub mod signals;
pub mod store;
pub mod style;
pub mod suite;
pub mod text;
pub mod toml_error;
pub mod values;

pub use error::Error;
