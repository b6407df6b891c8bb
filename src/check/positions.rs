//! Line and column of byte offsets in an article, for reports that point a
//! reader at the place in the file.

/// `(offset, line, column)` for each offset, both 1-based, the column in
/// characters. `offsets` are sorted span starts, so on character boundaries;
/// one past the end counts as the end.
///
/// One pass over the text however many offsets there are: a long article
/// holds hundreds of claims, and counting from the start for each of them
/// grew with the square of its length.
pub fn line_columns(text: &str, offsets: &[usize]) -> Vec<(usize, usize, usize)> {
    debug_assert!(offsets.is_sorted(), "offsets come sorted");
    let mut positions = Vec::with_capacity(offsets.len());
    let (mut line, mut column, mut walked) = (1, 1, 0);
    for &offset in offsets {
        let target = offset.min(text.len());
        for c in text[walked..target].chars() {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        walked = target;
        positions.push((offset, line, column));
    }
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counting from the start for each offset, as the reports always did.
    fn counted_from_start(text: &str, offset: usize) -> (usize, usize, usize) {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (offset, line, before[line_start..].chars().count() + 1)
    }

    #[test]
    fn positions_match_counting_from_the_start() {
        let text = "Título: Zürich\n\nThe quake — 6.1 — killed 12.\nIt\u{2019}s over.\n";
        let offsets: Vec<usize> = (0..=text.len() + 3)
            .filter(|&i| i > text.len() || text.is_char_boundary(i))
            .collect();
        let expected: Vec<_> = offsets
            .iter()
            .map(|&o| counted_from_start(text, o))
            .collect();
        assert_eq!(line_columns(text, &offsets), expected);
    }

    #[test]
    fn a_figure_on_the_third_line_is_placed_there() {
        let text = "Headline\n\nOfficials said 40 people died.";
        let at = text.find("40").unwrap();
        assert_eq!(line_columns(text, &[0, at]), vec![(0, 1, 1), (at, 3, 16)]);
    }

    #[test]
    fn an_offset_met_twice_keeps_its_place() {
        let text = "a\nb c";
        assert_eq!(line_columns(text, &[4, 4]), vec![(4, 2, 3), (4, 2, 3)]);
    }
}
