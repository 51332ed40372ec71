//! Untrusted log text: one case per class of terminal control sequence (OSC title, hyperlink,
//! clipboard and notifications; CSI movement, erase, modes and reports; DCS, APC, PM, SOS; C1 as
//! UTF-8 and as raw bytes; ESC singles; bare CR, BS, BEL and other C0). Each goes through the
//! buffer and the widget into a real crossterm backend, and the bytes written are parsed back: the
//! only sequences left are the ones ratatui writes itself (SGR and cursor positioning).

use gantry::logs::{Limits, LogBuffer, LogView};
use gantry::theme::Theme;
use gantry::ui::logview::render;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

const CORPUS: &[u8] = include_bytes!("fixtures/logs/injection.log");

/// What a terminal would be asked to do by the bytes written.
#[derive(Default, Debug)]
struct Seen {
    text: String,
    csi: Vec<(Vec<u8>, char)>,
    osc: usize,
    dcs: usize,
    esc: usize,
    controls: Vec<u8>,
}

impl vte::Perform for Seen {
    fn print(&mut self, c: char) {
        self.text.push(c);
    }
    fn execute(&mut self, byte: u8) {
        self.controls.push(byte);
    }
    fn hook(&mut self, _: &vte::Params, _: &[u8], _: bool, _: char) {
        self.dcs += 1;
    }
    fn osc_dispatch(&mut self, _: &[&[u8]], _: bool) {
        self.osc += 1;
    }
    fn csi_dispatch(&mut self, _: &vte::Params, inter: &[u8], _: bool, action: char) {
        self.csi.push((inter.to_vec(), action));
    }
    fn esc_dispatch(&mut self, _: &[u8], _: bool, _: u8) {
        self.esc += 1;
    }
}

/// Draws `lines` through a crossterm backend and parses what it wrote.
fn terminal_output(bytes: &[u8], width: u16) -> (Vec<u8>, Seen) {
    let mut buf = LogBuffer::new(Limits::default());
    buf.push_bytes(bytes);
    buf.finish();
    let height = buf.len() as u16 + 1;
    let mut view = LogView::new();
    view.set_viewport(&buf, width, height);
    view.sync(&buf);
    let mut out = Vec::new();
    {
        let backend = CrosstermBackend::new(&mut out);
        let mut term = Terminal::with_options(
            backend,
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, width, height)),
            },
        )
        .unwrap();
        term.draw(|f| render(f, f.area(), &buf, &view, &Theme::default()))
            .unwrap();
    }
    let mut seen = Seen::default();
    vte::Parser::new().advance(&mut seen, &out);
    (out, seen)
}

fn assert_only_ratatuis_own_sequences(out: &[u8], seen: &Seen) {
    assert_eq!(seen.osc, 0, "OSC written");
    assert_eq!(seen.dcs, 0, "DCS written");
    assert_eq!(seen.esc, 0, "ESC sequence written");
    assert!(
        seen.controls.is_empty(),
        "controls written: {:?}",
        seen.controls
    );
    for (inter, action) in &seen.csi {
        let ok = match action {
            'm' | 'H' => inter.is_empty(),
            // Cursor hide/show around the draw.
            'l' | 'h' => inter == b"?",
            _ => false,
        };
        assert!(ok, "CSI {inter:?} {action} written");
    }
    // Every ESC written starts one of those CSIs: nothing vte swallows silently (SOS, PM, APC).
    let escapes = out.iter().filter(|b| **b == 0x1b).count();
    assert_eq!(escapes, seen.csi.len());
    assert!(
        !seen.text.chars().any(|c| c.is_control()),
        "a control character was printed"
    );
}

#[test]
fn every_class_is_removed_and_the_text_around_it_kept() {
    for line in CORPUS.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        let name = String::from_utf8_lossy(&line[..line.iter().position(|b| *b == b':').unwrap()]);
        let (out, seen) = terminal_output(line, 200);
        assert_only_ratatuis_own_sequences(&out, &seen);
        let framed = line.windows(6).any(|w| w == b"before");
        if !framed {
            continue;
        }
        if name != "osc-unterminated" {
            assert!(seen.text.contains("before"), "{name}: {}", seen.text);
            assert!(seen.text.contains("after"), "{name}: {}", seen.text);
        }
        // Nothing of a sequence's payload shows as text. (A C1 introducer is dropped alone, as a
        // terminal that ignores C1 would: what followed it is then inert text.)
        if name.starts_with("c1-") {
            continue;
        }
        let shown = &seen.text[seen.text.find("before").unwrap()..];
        for payload in [
            "pwned", "evil", "ZXZp", "cGF5", "private", "start of", "title", "never",
        ] {
            assert!(!shown.contains(payload), "{name}: {payload} shown: {shown}");
        }
    }
}

#[test]
fn the_whole_corpus_at_once_and_the_line_after_an_unterminated_osc() {
    let (out, seen) = terminal_output(CORPUS, 120);
    assert_only_ratatuis_own_sequences(&out, &seen);
    assert!(seen.text.contains("next-line: intact"));
    assert!(seen.text.contains("osc-unterminated: before"));
}

#[test]
fn raw_c1_bytes_are_dropped_and_other_invalid_bytes_replaced() {
    // A lone 0x80-0x9F byte is a C1 control to an 8-bit terminal: vte drops it as one.
    let (_, seen) = terminal_output(b"x: before\x9b2Jafter caf\xe9 \xff\xfe\n", 80);
    assert!(
        seen.text
            .contains("before2Jafter caf\u{fffd} \u{fffd}\u{fffd}"),
        "{}",
        seen.text
    );
}

#[test]
fn colour_survives_as_style_only() {
    let (_, seen) = terminal_output(b"c: \x1b[31mred\x1b[0m \x1b]0;t\x07plain\n", 80);
    assert!(seen.text.contains("red plain"), "{}", seen.text);
    assert!(seen.csi.iter().any(|(_, a)| *a == 'm'));
}
