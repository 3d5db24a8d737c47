//! `altinn/setCredentials {url, user, token}`: kept in memory for the sync commands.

use crate::commands::Credentials;
use crate::session::Session;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{self, Error};

pub async fn handle(s: &Session, params: Value) -> jsonrpc::Result<Value> {
    let creds: Credentials = serde_json::from_value(params).map_err(|_| {
        // Never echo the params: they hold the token.
        Error::invalid_params("altinn/setCredentials expects {url, user, token} strings")
    })?;
    if let Ok(mut g) = s.credentials.lock() {
        *g = Some(creds);
    }
    Ok(Value::Null)
}
