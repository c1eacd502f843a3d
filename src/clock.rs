//! The wall clock, HTTP dates, and times rendered for people: a reset as local time with a
//! countdown, a coarse duration. A leaf: it imports nothing of ours.

/// Seconds since the Unix epoch; a clock before 1970 reads as 0 rather than failing.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Unix seconds as an HTTP date (RFC 9110 IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`).
/// Times outside years 1 to 9999 are clamped to them. Needs no time-zone database.
pub fn http_date(secs: i64) -> String {
    let clamped = secs.clamp(
        jiff::Timestamp::MIN.as_second(),
        jiff::Timestamp::MAX.as_second(),
    );
    jiff::Timestamp::from_second(clamped)
        .ok()
        .and_then(|ts| {
            jiff::fmt::rfc2822::DateTimePrinter::new()
                .timestamp_to_rfc9110_string(&ts)
                .ok()
        })
        .unwrap_or_else(|| "Thu, 01 Jan 1970 00:00:00 GMT".to_string())
}

/// An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`) as Unix seconds; `None` when it is not one.
pub fn parse_http_date(value: &str) -> Option<i64> {
    jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value.trim())
        .ok()
        .map(|ts| ts.as_second())
}

/// `at 2026-11-26 00:00 CET (in 3h 12m)`, in the local time zone.
pub fn describe_reset(reset: i64) -> String {
    describe_reset_at(reset, unix_now(), &local_zone())
}

/// The largest zone file read: real ones are a few KiB; `TZ=/dev/zero` must not hang.
const MAX_ZONE_FILE_BYTES: u64 = 256 * 1024;

/// The local time zone, found the way the C library finds it, in one file read: jiff's
/// own lookup indexes the whole zone database (dozens of directory reads) to name a zone
/// whose abbreviation is all that is shown. UTC when nothing can be read.
#[cfg(unix)]
pub fn local_zone() -> jiff::tz::TimeZone {
    let read = |path: &std::path::Path| {
        use std::io::Read as _;
        use std::os::unix::fs::OpenOptionsExt as _;
        // Opened without blocking and read only when a regular file: a FIFO (or a
        // terminal) would wait for a writer that never comes.
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)
            .ok()
            .filter(|f| f.metadata().is_ok_and(|m| m.is_file()))?;
        let mut data = Vec::new();
        file.take(MAX_ZONE_FILE_BYTES)
            .read_to_end(&mut data)
            .ok()
            .map(|_| data)
    };
    let var = |name: &str| std::env::var(name).ok();
    zone_from(var("TZ").as_deref(), var("TZDIR").as_deref(), read)
}

#[cfg(not(unix))]
pub fn local_zone() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::system()
}

/// The zone `TZ` names: empty is UTC; `:NAME` or `NAME` a file under `TZDIR` (else
/// /usr/share/zoneinfo); an absolute path that file; otherwise a POSIX rule
/// (`CET-1CEST,M3.5.0,M10.5.0/3`). Without `TZ`, /etc/localtime.
fn zone_from(
    tz: Option<&str>,
    tzdir: Option<&str>,
    read: impl Fn(&std::path::Path) -> Option<Vec<u8>>,
) -> jiff::tz::TimeZone {
    use jiff::tz::TimeZone;
    use std::path::Path;
    let tzif = |path: &Path| read(path).and_then(|data| TimeZone::tzif("local", &data).ok());
    let Some(tz) = tz else {
        return tzif(Path::new("/etc/localtime")).unwrap_or(TimeZone::UTC);
    };
    let name = tz.strip_prefix(':').unwrap_or(tz);
    if name.is_empty() {
        return TimeZone::UTC;
    }
    if name.starts_with('/') {
        return tzif(Path::new(name)).unwrap_or(TimeZone::UTC);
    }
    // A zone name stays inside the zone directory.
    let inside = !name.split('/').any(|part| part.is_empty() || part == "..");
    let dir = tzdir
        .filter(|d| !d.is_empty())
        .unwrap_or("/usr/share/zoneinfo");
    inside
        .then(|| tzif(&Path::new(dir).join(name)))
        .flatten()
        .or_else(|| TimeZone::posix(name).ok())
        .unwrap_or(TimeZone::UTC)
}

/// `describe_reset` with the clock and the zone passed in.
pub fn describe_reset_at(reset: i64, now: i64, tz: &jiff::tz::TimeZone) -> String {
    let when = match jiff::Timestamp::from_second(reset) {
        Ok(ts) => ts
            .to_zoned_datetime(tz.clone())
            .strftime("%Y-%m-%d %H:%M:%S %Z")
            .to_string(),
        Err(_) => format!("Unix time {reset}"),
    };
    // Header values are untrusted: no overflow on absurd ones.
    let left = reset.saturating_sub(now);
    if left <= 0 {
        format!("at {when} (now)")
    } else {
        format!("at {when} (in {})", human_duration(left))
    }
}

/// A coarse, friendly duration: `45s`, `12m 5s`, `3h 12m`, `2d 4h`.
pub fn human_duration(secs: i64) -> String {
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, _) => format!("{m}m {s}s"),
        (0, _, _) => format!("{h}h {m}m"),
        _ => format!("{d}d {h}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_is_shown_as_local_time_and_countdown() {
        let utc = jiff::tz::TimeZone::UTC;
        assert_eq!(
            describe_reset_at(1672617600, 1672617600 - (3 * 3600 + 12 * 60), &utc),
            "at 2023-01-02 00:00:00 UTC (in 3h 12m)"
        );
        assert_eq!(
            describe_reset_at(1672617600, 1672617601, &utc),
            "at 2023-01-02 00:00:00 UTC (now)"
        );
    }

    #[test]
    fn the_local_zone_is_read_from_one_file_or_a_posix_rule() {
        let winter = 1_700_000_000; // 2023-11-14 22:13:20 UTC
        let shown = |tz: Option<&str>, asked: &std::cell::RefCell<Vec<String>>| {
            let zone = zone_from(tz, Some("/zones"), |path| {
                asked.borrow_mut().push(path.display().to_string());
                None
            });
            describe_reset_at(winter, winter, &zone)
        };
        let asked = std::cell::RefCell::new(Vec::new());
        assert_eq!(
            shown(Some("CET-1CEST,M3.5.0,M10.5.0/3"), &asked),
            "at 2023-11-14 23:13:20 CET (now)"
        );
        assert_eq!(asked.take(), ["/zones/CET-1CEST,M3.5.0,M10.5.0/3"]);
        assert!(shown(Some(""), &asked).contains("22:13:20 UTC"));
        assert!(shown(Some(":Europe/Paris"), &asked).contains("UTC"));
        assert!(shown(Some("/etc/zone"), &asked).contains("UTC"));
        assert!(shown(Some("../../etc/passwd"), &asked).contains("UTC"));
        assert!(shown(None, &asked).contains("UTC"));
        // A name is looked up under TZDIR, a path as it is, nothing outside the zone dir.
        assert_eq!(
            asked.take(),
            ["/zones/Europe/Paris", "/etc/zone", "/etc/localtime"]
        );
    }

    #[test]
    fn http_dates_round_trip() {
        assert_eq!(http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784111777)
        );
        assert_eq!(parse_http_date(" Thu, 01 Jan 1970 00:00:00 GMT "), Some(0));
        assert_eq!(parse_http_date("garbage"), None);
        assert_eq!(parse_http_date(""), None);
        // Absurd clocks still give a date a client can parse.
        assert!(parse_http_date(&http_date(i64::MAX)).is_some());
        assert!(parse_http_date(&http_date(i64::MIN)).is_some());
    }

    #[test]
    fn durations_are_coarse() {
        assert_eq!(human_duration(45), "45s");
        assert_eq!(human_duration(12 * 60 + 5), "12m 5s");
        assert_eq!(human_duration(26 * 3600 + 60), "1d 2h");
    }

    #[test]
    fn absurd_resets_do_not_overflow() {
        let utc = jiff::tz::TimeZone::UTC;
        assert_eq!(
            describe_reset_at(i64::MIN, 1_700_000_000, &utc),
            "at Unix time -9223372036854775808 (now)"
        );
        assert!(
            describe_reset_at(i64::MAX, -5, &utc)
                .starts_with("at Unix time 9223372036854775807 (in ")
        );
    }
}
