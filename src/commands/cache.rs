//! `peki cache path` and `peki cache clear`: the reply cache's directory, and emptying it.

use crate::cache;
use crate::cli::CacheCommand;
use crate::error::Error;
use crate::output;

pub fn run(command: CacheCommand) -> Result<(), Error> {
    let dir = cache::default_dir().ok_or_else(|| {
        Error::Unexpected("no cache directory: set HOME (or XDG_CACHE_HOME)".into())
    })?;
    match command {
        CacheCommand::Path => output::print_lines(&[dir.display().to_string()]),
        CacheCommand::Clear => {
            let removed = cache::clear(&dir).map_err(|e| {
                Error::Unexpected(format!(
                    "cannot clear the reply cache {}: {e}",
                    dir.display()
                ))
            })?;
            let plural = if removed == 1 { "reply" } else { "replies" };
            output::diagnostic(&format!(
                "peki: removed {removed} stored {plural} from {}",
                dir.display()
            ));
            Ok(())
        }
    }
}
