//! The log back as plain text (for `s` save and for scripts): sanitised lines, each with its
//! timestamp in RFC 3339 UTC and its runner marker, so a saved file reads back the same.

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat};

use super::LogBuffer;
use super::parse::Marker;

fn marker_text(marker: Marker) -> &'static str {
    match marker {
        Marker::Plain => "",
        Marker::Group => "##[group]",
        Marker::EndGroup => "##[endgroup]",
        Marker::Error => "##[error]",
        Marker::Warning => "##[warning]",
        Marker::Notice => "##[notice]",
        Marker::Command => "##[command]",
        Marker::Debug => "##[debug]",
        Marker::Section => "##[section]",
    }
}

/// Writes every line held. `timestamps` false leaves them out.
pub fn write_plain(buf: &LogBuffer, out: &mut impl Write, timestamps: bool) -> io::Result<()> {
    write_plain_from(buf, buf.first(), out, timestamps)
}

/// Writes the lines held from `from` on (a stream printed as it arrives), each prefixed with its
/// source's name in brackets (after the time) when it has one (a pod, in a merged log).
pub fn write_plain_from(
    buf: &LogBuffer,
    from: super::LineId,
    out: &mut impl Write,
    timestamps: bool,
) -> io::Result<()> {
    for id in from.max(buf.first())..buf.end() {
        let Some(line) = buf.line(id) else { continue };
        if let Some(nanos) = line.timestamp.filter(|_| timestamps) {
            let time = DateTime::from_timestamp_nanos(nanos);
            write!(
                out,
                "{} ",
                time.to_rfc3339_opts(SecondsFormat::AutoSi, true)
            )?;
        }
        if let Some(name) = line.tag.and_then(|t| buf.tag_name(t)) {
            write!(out, "[{}] ", crate::sanitize::clean(name))?;
        }
        out.write_all(marker_text(line.marker).as_bytes())?;
        out.write_all(line.bytes)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
