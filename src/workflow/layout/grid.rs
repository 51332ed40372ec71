//! The picture as plain data: cells of a character and a semantic role. The TUI maps roles to
//! theme styles; `--format text` prints the characters.

use unicode_width::UnicodeWidthChar;

/// What a cell shows, not how: the pane maps each role to a theme style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Role {
    /// Nothing drawn.
    #[default]
    Blank,
    /// A node's label.
    Text,
    /// Counts, durations, the `?` of a job that may be skipped.
    Muted,
    /// Node boxes and brackets.
    Border,
    /// The lines between nodes.
    Edge,
    /// The selected node's border and label.
    Selected,
    Pass,
    Fail,
    Pending,
    Running,
    Queued,
    Skipped,
    Waiting,
    Cancelled,
    Neutral,
}

impl Role {
    /// The theme role of the same name (`edge` and `blank` have none: border and text serve).
    pub fn name(self) -> &'static str {
        match self {
            Role::Blank => "blank",
            Role::Text => "text",
            Role::Muted => "muted",
            Role::Border => "border",
            Role::Edge => "edge",
            Role::Selected => "selected",
            Role::Pass => "pass",
            Role::Fail => "fail",
            Role::Pending => "pending",
            Role::Running => "running",
            Role::Queued => "queued",
            Role::Skipped => "skipped",
            Role::Waiting => "waiting",
            Role::Cancelled => "cancelled",
            Role::Neutral => "neutral",
        }
    }
}

/// The right half of a double-width character: the cell to its left draws both.
pub const WIDE_TAIL: char = '\0';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub ch: char,
    pub role: Role,
}

impl Default for Cell {
    fn default() -> Self {
        Cell {
            ch: ' ',
            role: Role::Blank,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub width: usize,
    pub height: usize,
    cells: Vec<Cell>,
}

impl Grid {
    pub fn new(width: usize, height: usize) -> Grid {
        Grid {
            width,
            height,
            cells: vec![Cell::default(); width * height],
        }
    }

    pub fn get(&self, x: usize, y: usize) -> Option<Cell> {
        (x < self.width && y < self.height).then(|| self.cells[y * self.width + x])
    }

    /// Writes one character; controls are refused, so nothing from a workflow file can become
    /// a terminal sequence even if it slipped past sanitising.
    pub fn set(&mut self, x: usize, y: usize, ch: char, role: Role) {
        if x < self.width && y < self.height && !ch.is_control() {
            self.cells[y * self.width + x] = Cell { ch, role };
        }
    }

    /// Writes `text` from `x`, stopping before `x + max`; returns the columns used. A double-width
    /// character that would not fit whole is left out.
    pub fn put(&mut self, x: usize, y: usize, text: &str, role: Role, max: usize) -> usize {
        let mut used = 0;
        for ch in text.chars() {
            if ch.is_control() {
                continue;
            }
            let w = ch.width().unwrap_or(0);
            if w == 0 {
                continue;
            }
            if used + w > max {
                break;
            }
            self.set(x + used, y, ch, role);
            if w == 2 && x + used + 1 < self.width && y < self.height {
                self.cells[y * self.width + x + used + 1] = Cell {
                    ch: WIDE_TAIL,
                    role,
                };
            }
            used += w;
        }
        used
    }

    /// One row as text (wide characters once, trailing blanks trimmed).
    pub fn row_text(&self, y: usize) -> String {
        let mut s: String = (0..self.width)
            .filter_map(|x| self.get(x, y))
            .filter(|c| c.ch != WIDE_TAIL)
            .map(|c| c.ch)
            .collect();
        s.truncate(s.trim_end().len());
        s
    }

    /// The whole picture, one line per row.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for y in 0..self.height {
            out.push_str(&self.row_text(y));
            out.push('\n');
        }
        out
    }
}
