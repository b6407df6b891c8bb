//! Sentence segmentation with byte spans.
//!
//! Sentences end at `.`, `!`, `?` or `…` followed by whitespace and a capital,
//! digit or opening quote, except after abbreviations listed in
//! `rules/segment.yaml`, initials and acronyms, and never inside a quotation.
//! Paragraph breaks (a blank line), heading lines and list items always end a
//! sentence.

use rustc_hash::FxHashSet as HashSet;

use serde::Deserialize;

use crate::span::Span;

/// One worked example from the rules file: a text and the sentences it must give.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentExample {
    pub text: String,
    pub sentences: Vec<String>,
}

/// Abbreviations and sentence openers that steer segmentation (data, not code).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SegmentRules {
    /// Words (without their final period) after which a sentence never ends.
    pub never_end: HashSet<String>,
    /// Words after which a sentence does not end when a number follows.
    pub before_number: HashSet<String>,
    /// Words (and acronyms) after which a sentence ends only before a typical opener.
    pub ambiguous: HashSet<String>,
    /// Typical sentence openers ("The", "It", ...).
    pub sentence_starters: HashSet<String>,
    /// Worked examples, checked by the test suite.
    pub examples: Vec<SegmentExample>,
}

impl SegmentRules {
    /// The rules shipped in `rules/segment.yaml`.
    pub fn builtin() -> Self {
        Self::from_yaml(include_str!("../rules/segment.yaml"), "rules/segment.yaml")
            .expect("the built-in rules/segment.yaml parses")
    }

    /// Parses rules; the error names `origin` and says what is wrong.
    pub fn from_yaml(src: &str, origin: &str) -> Result<Self, String> {
        serde_yaml::from_str(src).map_err(|e| format!("{origin}: invalid segment rules: {e}"))
    }

    /// Adds another rule set's entries to this one.
    pub fn extend(&mut self, other: SegmentRules) {
        self.never_end.extend(other.never_end);
        self.before_number.extend(other.before_number);
        self.ambiguous.extend(other.ambiguous);
        self.sentence_starters.extend(other.sentence_starters);
        self.examples.extend(other.examples);
    }

    /// Whether `word`, or `lowered` (the same with its capital first letter
    /// lowercased), is in `set`: "Vs" matches a lowercase entry "vs".
    fn listed(set: &HashSet<String>, word: &str, lowered: Option<&str>) -> bool {
        set.contains(word) || lowered.is_some_and(|w| set.contains(w))
    }
}

/// `word` with its first letter lowercased, if that letter is uppercase.
/// Written into `buf` when it fits, as it does for nearly every word.
fn lower_first<'b>(word: &str, buf: &'b mut [u8; 32], spill: &'b mut String) -> Option<&'b str> {
    let mut chars = word.chars();
    let first = chars.next().filter(|c| c.is_uppercase())?;
    if first.is_ascii() {
        if let Some(lowered) = buf.get_mut(..word.len()) {
            lowered.copy_from_slice(word.as_bytes());
            lowered[0] = lowered[0].to_ascii_lowercase();
            return std::str::from_utf8(lowered).ok();
        }
    }
    spill.extend(first.to_lowercase().chain(chars));
    Some(spill)
}

/// Sentence spans of `text`, in order, trimmed, covering all non-whitespace text.
pub fn segment(text: &str, rules: &SegmentRules) -> Vec<Span> {
    // News sentences run well over 64 bytes: reserving that many spans
    // up front saves the reallocations that cost more than segmenting a
    // short article.
    let mut spans = Vec::with_capacity(text.len() / 64 + 1);
    let mut quotes = Quotes::default();
    for_each_block(text, |block| {
        split_block(text, block, rules, &mut quotes, &mut spans)
    });
    spans
}

/// The sentences of `text` as string slices (convenience for callers and tests).
pub fn sentences<'a>(text: &'a str, rules: &SegmentRules) -> Vec<&'a str> {
    segment(text, rules)
        .into_iter()
        .map(|s| s.slice(text))
        .collect()
}

const TERMINALS: [char; 4] = ['.', '!', '?', '…'];
/// Characters that may follow terminal punctuation and still belong to the sentence.
const CLOSERS: [char; 8] = ['"', '”', '’', '\'', ')', ']', '»', '›'];
const OPENERS: [char; 7] = ['"', '“', '‘', '\'', '(', '[', '«'];

const ELLIPSIS: &[u8] = "…".as_bytes();

/// A line of text: byte range without its newline.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

/// Calls `emit` with each block: paragraphs split further at heading lines
/// and list items, in order.
fn for_each_block(text: &str, mut emit: impl FnMut((usize, usize))) {
    let mut paragraph = Paragraph::default();
    for line in lines(text) {
        if text[line.start..line.end].trim().is_empty() {
            paragraph.finish(text, &mut emit);
        } else {
            paragraph.push(text, line, &mut emit);
        }
    }
    paragraph.finish(text, &mut emit);
}

/// The lines of `text`, each without its newline; a final newline starts no
/// line, as with `str::split_inclusive`.
fn lines(text: &str) -> impl Iterator<Item = Line> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        let line = Line { start, end };
        start = end + 1;
        Some(line)
    })
}

/// The paragraph being read. Whether a line is a heading depends on the line
/// after it, so each line is settled one line late; keeping only the last two
/// lines avoids collecting every paragraph.
#[derive(Default)]
struct Paragraph {
    /// Where the current block began.
    start: usize,
    prev: Option<Line>,
    current: Option<Line>,
}

impl Paragraph {
    fn push(&mut self, text: &str, line: Line, emit: &mut impl FnMut((usize, usize))) {
        match self.current {
            Some(current) => self.settle(text, current, Some(line), emit),
            None => self.start = line.start,
        }
        self.prev = self.current;
        self.current = Some(line);
    }

    fn finish(&mut self, text: &str, emit: &mut impl FnMut((usize, usize))) {
        if let Some(current) = self.current {
            self.settle(text, current, None, emit);
            emit((self.start, current.end));
        }
        *self = Paragraph::default();
    }

    /// Cuts before and after `line` (a heading or list item), now that the
    /// line after it, if any, is known.
    fn settle(
        &mut self,
        text: &str,
        line: Line,
        next: Option<Line>,
        emit: &mut impl FnMut((usize, usize)),
    ) {
        let content = |l: Line| &text[l.start..l.end];
        let heading = is_heading(self.prev.map(content), content(line), next.map(content));
        if let Some(prev) = self.prev {
            if (heading || is_list_item(content(line))) && self.start < line.start {
                emit((self.start, prev.end));
                self.start = line.start;
            }
        }
        if let (true, Some(next)) = (heading, next) {
            emit((self.start, line.end));
            self.start = next.start;
        }
    }
}

fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    ["- ", "* ", "• ", "– ", "+ "]
        .iter()
        .any(|m| t.starts_with(m))
}

/// A Markdown `#` heading, or a short line without final punctuation that
/// stands between finished sentences and a capitalized next line.
fn is_heading(prev: Option<&str>, line: &str, next: Option<&str>) -> bool {
    let line = line.trim();
    if line.starts_with('#') {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        return hashes <= 6 && line[hashes..].starts_with(' ');
    }
    let Some(next) = next else {
        return false;
    };
    if line.len() > 60 || line.split_whitespace().count() > 10 {
        return false;
    }
    let Some(last) = line.chars().last() else {
        return false;
    };
    if TERMINALS.contains(&last)
        || CLOSERS.contains(&last)
        || matches!(last, ',' | ';' | ':' | '-' | '–' | '—')
    {
        return false;
    }
    let starts_upper = |s: &str| {
        s.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    if !starts_upper(line) {
        return false;
    }
    let previous_done = prev.is_none_or(|prev| {
        let prev = prev.trim_end();
        prev.ends_with(TERMINALS) || prev.ends_with(CLOSERS) || prev.starts_with('#')
    });
    let next = next.trim_start();
    previous_done && (starts_upper(next) || next.starts_with(OPENERS))
}

/// The insides of matched quotation marks (straight, curly, guillemets), one
/// paragraph at a time so an unmatched mark cannot swallow the rest of the text.
pub fn quoted_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut quotes = Quotes::default();
    for line in lines(text) {
        quotes.find(text, (line.start, line.end));
        spans.extend(
            quotes
                .inside
                .iter()
                .map(|&(start, end)| Span::new(start, end)),
        );
    }
    spans
}

/// Matched quotations of one stretch of text, as byte offsets. The buffers
/// are kept between stretches so that finding quotes allocates only rarely.
#[derive(Default)]
struct Quotes {
    /// Offsets of the `…` in the stretch, ascending: the scan for quotes
    /// stops at their first byte anyway, which spares a search for them.
    ellipses: Vec<usize>,
    /// Byte ranges inside matched quotations: sorted, disjoint and not
    /// touching, so each is one maximal run of quoted chars.
    inside: Vec<(usize, usize)>,
    /// Offsets of the closing marks of matched quotations, ascending.
    closing: Vec<usize>,
    curly: Vec<usize>,
    guillemet: Vec<usize>,
}

impl Quotes {
    /// Matches the quotation marks of `text[start..end]`: curly quotes and
    /// guillemets nest, straight quotes pair off in turn.
    fn find(&mut self, text: &str, (start, end): (usize, usize)) {
        self.ellipses.clear();
        self.inside.clear();
        self.closing.clear();
        self.curly.clear();
        self.guillemet.clear();
        let bytes = &text.as_bytes()[..end];
        let mut straight: Option<usize> = None;
        let mut from = start;
        // Every quotation mark (and `…`) begins with one of these bytes.
        while let Some(skip) = memchr::memchr3(b'"', 0xE2, 0xC2, &bytes[from..]) {
            let at = from + skip;
            from = at + 1;
            let rest = &bytes[at..];
            if rest[0] == b'"' {
                match straight.take() {
                    Some(open) => self.pair(open, 1, at),
                    None => straight = Some(at),
                }
            } else if rest.starts_with(ELLIPSIS) {
                self.ellipses.push(at);
            } else if rest.starts_with("“".as_bytes()) {
                self.curly.push(at);
            } else if rest.starts_with("”".as_bytes()) {
                if let Some(open) = self.curly.pop() {
                    self.pair(open, 3, at);
                }
            } else if rest.starts_with("«".as_bytes()) {
                self.guillemet.push(at);
            } else if rest.starts_with("»".as_bytes()) {
                if let Some(open) = self.guillemet.pop() {
                    self.pair(open, 2, at);
                }
            }
        }
        // Pairs can nest or cross; merging their insides lets one binary
        // search answer whether a position is quoted.
        self.inside.sort_unstable();
        let mut kept = 0;
        for i in 0..self.inside.len() {
            let (s, e) = self.inside[i];
            if kept > 0 && s <= self.inside[kept - 1].1 {
                self.inside[kept - 1].1 = self.inside[kept - 1].1.max(e);
            } else {
                self.inside[kept] = (s, e);
                kept += 1;
            }
        }
        self.inside.truncate(kept);
    }

    fn pair(&mut self, open: usize, open_len: usize, close: usize) {
        self.closing.push(close);
        if open + open_len < close {
            self.inside.push((open + open_len, close));
        }
    }

    /// Whether the char at byte `at` lies inside a matched quotation.
    fn inside(&self, at: usize) -> bool {
        let i = self.inside.partition_point(|&(start, _)| start <= at);
        i > 0 && at < self.inside[i - 1].1
    }

    /// Whether the char at byte `at` closes a matched quotation.
    fn closes_at(&self, at: usize) -> bool {
        self.closing.binary_search(&at).is_ok()
    }
}

/// The char starting at byte `at`, if any; ASCII without decoding.
#[inline]
fn char_at(text: &str, at: usize) -> Option<char> {
    match text.as_bytes().get(at) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => text[at..].chars().next(),
        None => None,
    }
}

/// The first terminal (`.`, `!`, `?`, `…`) at or after byte `from`, given
/// the offsets of all `…`.
fn next_terminal(bytes: &[u8], from: usize, ellipses: &[usize]) -> Option<usize> {
    let ascii = memchr::memchr3(b'.', b'!', b'?', &bytes[from..]).map(|skip| from + skip);
    let ellipsis = ellipses.get(ellipses.partition_point(|&at| at < from));
    match (ascii, ellipsis) {
        (Some(a), Some(&e)) => Some(a.min(e)),
        (a, e) => a.or(e.copied()),
    }
}

/// Whether the char before byte `at` (and after `start`) is a terminal.
fn after_terminal(bytes: &[u8], start: usize, at: usize) -> bool {
    at > start
        && (matches!(bytes[at - 1], b'.' | b'!' | b'?') || bytes[start..at].ends_with(ELLIPSIS))
}

/// Splits one block into sentences. Only terminals and the char right after
/// one can end a sentence, so the scan jumps from terminal to terminal.
fn split_block(
    text: &str,
    (block_start, block_end): (usize, usize),
    rules: &SegmentRules,
    quotes: &mut Quotes,
    out: &mut Vec<Span>,
) {
    // Cut at the block end so that no look-ahead sees past it; offsets stay
    // those of the whole text.
    let text = &text[..block_end];
    let bytes = text.as_bytes();
    quotes.find(text, (block_start, block_end));
    let mut sentence_start = block_start;
    let mut k = block_start;
    while let Some(c) = char_at(text, k) {
        let terminal = TERMINALS.contains(&c);
        if !terminal && !after_terminal(bytes, block_start, k) {
            match next_terminal(bytes, k, &quotes.ellipses) {
                Some(at) => {
                    k = at;
                    continue;
                }
                None => break,
            }
        }
        // The byte after the last char of the sentence, if it ends here.
        let mut end_at = None;
        if terminal && !quotes.inside(k) {
            let mut j = k + c.len_utf8();
            while let Some(d) = char_at(text, j).filter(|d| TERMINALS.contains(d)) {
                j += d.len_utf8();
            }
            let single_period = c == '.' && j == k + 1;
            // A straight quote that opens a quotation belongs to what follows.
            while let Some(d) = char_at(text, j)
                .filter(|&d| CLOSERS.contains(&d) && (d != '"' || quotes.closes_at(j)))
            {
                j += d.len_utf8();
            }
            if let Some(next) = next_start(text, j) {
                let ok = char_at(text, next).is_some_and(starts_sentence)
                    && (!single_period || period_ends_sentence(text, block_start, k, next, rules));
                if ok {
                    end_at = Some(j);
                }
            }
            if end_at.is_none() {
                k = j;
                continue;
            }
        } else if !terminal
            && quotes.closes_at(k)
            && !quotes.inside(k)
            && after_terminal(bytes, block_start, k)
        {
            let mut j = k + c.len_utf8();
            while let Some(d) = char_at(text, j).filter(|d| matches!(d, ')' | ']' | '’')) {
                j += d.len_utf8();
            }
            if let Some(next) = next_start(text, j) {
                if char_at(text, next).is_some_and(starts_sentence) {
                    end_at = Some(j);
                }
            }
        }
        match end_at {
            Some(j) => {
                push_trimmed(text, sentence_start, j, out);
                sentence_start = j;
                k = j;
            }
            None => k += c.len_utf8(),
        }
    }
    push_trimmed(text, sentence_start, block_end, out);
}

/// The byte of the first non-space char from `at` on, if at least one space
/// is at `at`.
fn next_start(text: &str, at: usize) -> Option<usize> {
    if !char_at(text, at).is_some_and(char::is_whitespace) {
        return None;
    }
    let mut m = at;
    while let Some(c) = char_at(text, m).filter(|c| c.is_whitespace()) {
        m += c.len_utf8();
    }
    (m < text.len()).then_some(m)
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || OPENERS.contains(&c) || c == '“'
}

/// Whether the period at byte `k` ends a sentence, given the word before it
/// (back to `block_start` at most) and the text starting at byte `next`.
fn period_ends_sentence(
    text: &str,
    block_start: usize,
    k: usize,
    next: usize,
    rules: &SegmentRules,
) -> bool {
    let word = text[word_start(text, block_start, k)..k]
        .trim_start_matches(|c: char| OPENERS.contains(&c) || c == '“' || c == '—' || c == '–');
    if word.is_empty() {
        return true;
    }
    let (mut buf, mut spill) = ([0; 32], String::new());
    let lowered = lower_first(word, &mut buf, &mut spill);
    if SegmentRules::listed(&rules.never_end, word, lowered) {
        return false;
    }
    let mut letters = word.chars();
    if let (Some(only), None) = (letters.next(), letters.next()) {
        if only.is_uppercase() {
            // An initial: "J. K. Rowling".
            return false;
        }
    }
    let next_digit = text.as_bytes()[next].is_ascii_digit();
    if next_digit && SegmentRules::listed(&rules.before_number, word, lowered) {
        return false;
    }
    if SegmentRules::listed(&rules.ambiguous, word, lowered) || is_acronym(word) {
        let rest = &text[next..];
        let next_word = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .map_or(rest, |end| &rest[..end]);
        return rules.sentence_starters.contains(next_word);
    }
    true
}

/// Letters separated by periods: "U.S", "a.m", "D.C" (the final period is not in `word`).
fn is_acronym(word: &str) -> bool {
    let mut parts = 0;
    for part in word.split('.') {
        let mut chars = part.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_alphabetic() => parts += 1,
            _ => return false,
        }
    }
    parts >= 2
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let (mut start, mut end) = (start, end);
    // ASCII spaces go byte by byte; only a non-ASCII char at either end needs
    // `str::trim`, which knows the Unicode spaces too.
    while start < end && is_ascii_space(bytes[start]) {
        start += 1;
    }
    while end > start && is_ascii_space(bytes[end - 1]) {
        end -= 1;
    }
    if start < end && !(bytes[start].is_ascii() && bytes[end - 1].is_ascii()) {
        let piece = &text[start..end];
        (start, end) = (
            start + (piece.len() - piece.trim_start().len()),
            end - (piece.len() - piece.trim_end().len()),
        );
    }
    if start < end {
        out.push(Span::new(start, end));
    }
}

/// The ASCII chars that `char::is_whitespace` accepts (unlike
/// `u8::is_ascii_whitespace`, this includes the vertical tab).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// Where the word ending at byte `end` starts: after the last whitespace
/// char at or after `start`.
fn word_start(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = end;
    while at > start {
        let b = bytes[at - 1];
        if !b.is_ascii() {
            return text[start..at]
                .char_indices()
                .rev()
                .find(|&(_, c)| c.is_whitespace())
                .map_or(start, |(i, c)| start + i + c.len_utf8());
        }
        if is_ascii_space(b) {
            return at;
        }
        at -= 1;
    }
    start
}

/// The segmenter as first written, one char at a time: slow but plain, it
/// stays as the specification that `segment` and `quoted_spans` must match.
#[cfg(test)]
mod reference {
    use super::{HashSet, SegmentRules, Span, CLOSERS, OPENERS, TERMINALS};

    pub fn segment(text: &str, rules: &SegmentRules) -> Vec<Span> {
        let mut spans = Vec::new();
        for block in blocks(text) {
            split_block(text, block, rules, &mut spans);
        }
        spans
    }

    fn listed(set: &HashSet<String>, word: &str) -> bool {
        if set.contains(word) {
            return true;
        }
        // "Vs" matches a lowercase entry "vs".
        let mut chars = word.chars();
        match chars.next() {
            Some(first) if first.is_uppercase() => {
                let lowered: String = first.to_lowercase().chain(chars).collect();
                set.contains(&lowered)
            }
            _ => false,
        }
    }

    /// A line of text: byte range without its newline.
    #[derive(Clone, Copy)]
    struct Line {
        start: usize,
        end: usize,
    }

    /// Paragraphs split further at heading lines and list items.
    fn blocks(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut paragraph: Vec<Line> = Vec::new();
        let mut offset = 0;
        for raw in text.split_inclusive('\n') {
            let content = raw.strip_suffix('\n').unwrap_or(raw);
            let line = Line {
                start: offset,
                end: offset + content.len(),
            };
            offset += raw.len();
            if content.trim().is_empty() {
                split_paragraph(text, &paragraph, &mut out);
                paragraph.clear();
            } else {
                paragraph.push(line);
            }
        }
        split_paragraph(text, &paragraph, &mut out);
        out
    }

    fn split_paragraph(text: &str, lines: &[Line], out: &mut Vec<(usize, usize)>) {
        let Some(first) = lines.first() else {
            return;
        };
        let mut start = first.start;
        for i in 0..lines.len() {
            let line = lines[i];
            let cut_before = i > 0 && (is_list_item(text, line) || is_heading(text, lines, i));
            let cut_after = is_heading(text, lines, i);
            if cut_before && start < line.start {
                out.push((start, lines[i - 1].end));
                start = line.start;
            }
            if cut_after && i + 1 < lines.len() {
                out.push((start, line.end));
                start = lines[i + 1].start;
            }
        }
        out.push((start, lines[lines.len() - 1].end));
    }

    fn is_list_item(text: &str, line: Line) -> bool {
        let t = text[line.start..line.end].trim_start();
        ["- ", "* ", "• ", "– ", "+ "]
            .iter()
            .any(|m| t.starts_with(m))
    }

    /// A Markdown `#` heading, or a short line without final punctuation that
    /// stands between finished sentences and a capitalized next line.
    fn is_heading(text: &str, lines: &[Line], i: usize) -> bool {
        let line = text[lines[i].start..lines[i].end].trim();
        if line.starts_with('#') {
            let hashes = line.chars().take_while(|&c| c == '#').count();
            return hashes <= 6 && line[hashes..].starts_with(' ');
        }
        if i + 1 >= lines.len() || line.len() > 60 || line.split_whitespace().count() > 10 {
            return false;
        }
        let Some(last) = line.chars().last() else {
            return false;
        };
        if TERMINALS.contains(&last)
            || CLOSERS.contains(&last)
            || matches!(last, ',' | ';' | ':' | '-' | '–' | '—')
        {
            return false;
        }
        let starts_upper = |s: &str| {
            s.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        };
        if !starts_upper(line) {
            return false;
        }
        let previous_done = i == 0 || {
            let prev = text[lines[i - 1].start..lines[i - 1].end].trim_end();
            prev.ends_with(TERMINALS) || prev.ends_with(CLOSERS) || prev.starts_with('#')
        };
        let next = text[lines[i + 1].start..lines[i + 1].end].trim_start();
        previous_done && (starts_upper(next) || next.starts_with(OPENERS))
    }

    /// The insides of matched quotation marks (straight, curly, guillemets), one
    /// paragraph at a time so an unmatched mark cannot swallow the rest of the text.
    pub fn quoted_spans(text: &str) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let chars: Vec<(usize, char)> = line
                .char_indices()
                .map(|(i, c)| (line_start + i, c))
                .collect();
            let (inside, _) = quotations(&chars);
            let mut open: Option<usize> = None;
            for (k, &(byte, _)) in chars.iter().enumerate() {
                match (inside[k], open) {
                    (true, None) => open = Some(byte),
                    (false, Some(start)) => {
                        spans.push(Span::new(start, byte));
                        open = None;
                    }
                    _ => {}
                }
            }
            if let Some(start) = open {
                spans.push(Span::new(start, line_start + line.len()));
            }
            line_start += line.len();
        }
        spans
    }

    /// Which chars lie inside a matched quotation, and which are matched closing quotes.
    fn quotations(chars: &[(usize, char)]) -> (Vec<bool>, Vec<bool>) {
        let n = chars.len();
        let mut inside = vec![false; n];
        let mut closing = vec![false; n];
        let mut pairs = Vec::new();
        let mut curly: Vec<usize> = Vec::new();
        let mut guillemet: Vec<usize> = Vec::new();
        let mut straight: Option<usize> = None;
        for (k, &(_, c)) in chars.iter().enumerate() {
            match c {
                '“' => curly.push(k),
                '”' => {
                    if let Some(open) = curly.pop() {
                        pairs.push((open, k));
                    }
                }
                '«' => guillemet.push(k),
                '»' => {
                    if let Some(open) = guillemet.pop() {
                        pairs.push((open, k));
                    }
                }
                '"' => match straight.take() {
                    Some(open) => pairs.push((open, k)),
                    None => straight = Some(k),
                },
                _ => {}
            }
        }
        // Mark the insides with a running count, so nested pairs cost nothing extra.
        let mut delta = vec![0i32; n + 1];
        for (open, close) in pairs {
            closing[close] = true;
            delta[open + 1] += 1;
            delta[close] -= 1;
        }
        let mut depth = 0;
        for (k, flag) in inside.iter_mut().enumerate() {
            depth += delta[k];
            *flag = depth > 0;
        }
        (inside, closing)
    }

    fn split_block(
        text: &str,
        (block_start, block_end): (usize, usize),
        rules: &SegmentRules,
        out: &mut Vec<Span>,
    ) {
        let block = &text[block_start..block_end];
        let chars: Vec<(usize, char)> = block
            .char_indices()
            .map(|(i, c)| (block_start + i, c))
            .collect();
        let n = chars.len();
        let (inside, closing) = quotations(&chars);
        let byte_after = |k: usize| chars.get(k + 1).map_or(block_end, |&(b, _)| b);
        let mut sentence_start = block_start;
        let mut k = 0;
        while k < n {
            let c = chars[k].1;
            let mut end_at = None;
            if TERMINALS.contains(&c) && !inside[k] {
                let mut j = k;
                while j + 1 < n && TERMINALS.contains(&chars[j + 1].1) {
                    j += 1;
                }
                let single_period = j == k && c == '.';
                while j + 1 < n
                    && CLOSERS.contains(&chars[j + 1].1)
                    && !opens_quote(&chars, &closing, j + 1)
                {
                    j += 1;
                }
                if let Some(next) = next_start(&chars, j) {
                    let ok = starts_sentence(chars[next].1)
                        && (!single_period || period_ends_sentence(&chars, k, next, rules));
                    if ok {
                        end_at = Some(j);
                    }
                }
                if end_at.is_none() {
                    k = j + 1;
                    continue;
                }
            } else if closing[k] && !inside[k] && k > 0 && TERMINALS.contains(&chars[k - 1].1) {
                let mut j = k;
                while j + 1 < n && matches!(chars[j + 1].1, ')' | ']' | '’') {
                    j += 1;
                }
                if let Some(next) = next_start(&chars, j) {
                    if starts_sentence(chars[next].1) {
                        end_at = Some(j);
                    }
                }
            }
            if let Some(j) = end_at {
                push_trimmed(text, sentence_start, byte_after(j), out);
                sentence_start = byte_after(j);
                k = j + 1;
            } else {
                k += 1;
            }
        }
        push_trimmed(text, sentence_start, block_end, out);
    }

    /// A straight quote that opens (rather than closes) a matched quotation.
    fn opens_quote(chars: &[(usize, char)], closing: &[bool], k: usize) -> bool {
        chars[k].1 == '"' && !closing[k]
    }

    /// The index of the first non-space char after `j`, if at least one space follows `j`.
    fn next_start(chars: &[(usize, char)], j: usize) -> Option<usize> {
        let mut m = j + 1;
        if !chars.get(m).is_some_and(|&(_, c)| c.is_whitespace()) {
            return None;
        }
        while m < chars.len() && chars[m].1.is_whitespace() {
            m += 1;
        }
        (m < chars.len()).then_some(m)
    }

    fn starts_sentence(c: char) -> bool {
        c.is_uppercase() || c.is_ascii_digit() || OPENERS.contains(&c) || c == '“'
    }

    /// Whether the period at `k` ends a sentence, given the word before it and
    /// the text starting at `next`.
    fn period_ends_sentence(
        chars: &[(usize, char)],
        k: usize,
        next: usize,
        rules: &SegmentRules,
    ) -> bool {
        let mut w = k;
        while w > 0 && !chars[w - 1].1.is_whitespace() {
            w -= 1;
        }
        let word: String = chars[w..k].iter().map(|&(_, c)| c).collect();
        let word = word
            .trim_start_matches(|c: char| OPENERS.contains(&c) || c == '“' || c == '—' || c == '–');
        if word.is_empty() {
            return true;
        }
        if listed(&rules.never_end, word) {
            return false;
        }
        let mut letters = word.chars();
        if let (Some(only), None) = (letters.next(), letters.next()) {
            if only.is_uppercase() {
                // An initial: "J. K. Rowling".
                return false;
            }
        }
        let next_char = chars[next].1;
        if listed(&rules.before_number, word) && next_char.is_ascii_digit() {
            return false;
        }
        if listed(&rules.ambiguous, word) || is_acronym(word) {
            let next_word: String = chars[next..]
                .iter()
                .map(|&(_, c)| c)
                .take_while(|&c| c.is_alphanumeric() || c == '\'' || c == '’')
                .collect();
            return rules.sentence_starters.contains(&next_word);
        }
        true
    }

    /// Letters separated by periods: "U.S", "a.m", "D.C" (the final period is not in `word`).
    fn is_acronym(word: &str) -> bool {
        let parts: Vec<&str> = word.split('.').collect();
        parts.len() >= 2
            && parts
                .iter()
                .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
    }

    fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
        let piece = &text[start..end];
        let trimmed_start = start + (piece.len() - piece.trim_start().len());
        let trimmed_end = end - (piece.len() - piece.trim_end().len());
        if trimmed_start < trimmed_end {
            out.push(Span::new(trimmed_start, trimmed_end));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    #[test]
    fn builtin_examples_hold() {
        let rules = SegmentRules::builtin();
        assert!(rules.examples.len() >= 20);
        let mut failures = Vec::new();
        for example in &rules.examples {
            let got = sentences(&example.text, &rules);
            if got != example.sentences {
                failures.push(format!(
                    "{:?}\n  want {:?}\n  got  {:?}",
                    example.text, example.sentences, got
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn from_yaml_reports_origin_and_extend_adds() {
        let err = SegmentRules::from_yaml("never_end: [a\n", "mine.yaml").unwrap_err();
        assert!(err.starts_with("mine.yaml: invalid segment rules"), "{err}");
        let err = SegmentRules::from_yaml("nevr_end: [a]", "mine.yaml").unwrap_err();
        assert!(err.contains("unknown field"), "{err}");
        let mut rules = SegmentRules::builtin();
        let text = "Ask Cllr. Smith.";
        assert_eq!(sentences(text, &rules), ["Ask Cllr.", "Smith."]);
        rules.extend(SegmentRules::from_yaml("never_end: [Cllr]", "mine.yaml").unwrap());
        assert_eq!(sentences(text, &rules), ["Ask Cllr. Smith."]);
    }

    #[test]
    fn spans_are_byte_offsets_into_the_text() {
        let text = "  Zürich grew 2.5%. Café “closed.” Next…  ";
        let spans = segment(text, &SegmentRules::builtin());
        let got: Vec<&str> = spans.iter().map(|s| s.slice(text)).collect();
        assert_eq!(got, ["Zürich grew 2.5%.", "Café “closed.”", "Next…"]);
        assert_eq!(spans[0].start, 2);
    }

    /// The built-in rules plus entries that reach the rarer lookups: a
    /// lowercase entry with a non-ASCII first letter, one longer than the
    /// stack buffer, and one for "İst", whose lowercase first letter is two
    /// chars.
    fn rules_with_odd_entries() -> &'static SegmentRules {
        static RULES: OnceLock<SegmentRules> = OnceLock::new();
        RULES.get_or_init(|| {
            let mut rules = SegmentRules::builtin();
            let extra = "never_end: [émile, i\u{307}st, abbreviationlongerthanthirtytwobytes]\n\
                         ambiguous: [ünl]\n\
                         before_number: [øre]";
            rules.extend(SegmentRules::from_yaml(extra, "test").unwrap());
            rules
        })
    }

    /// Longer than the stack buffer that lowercases words for lookups.
    const LONG: &str = "Abbreviationlongerthanthirtytwobytes.";

    /// Pieces of text that every rule of the segmenter looks at.
    const PIECES: &[&str] = &[
        ".", "!", "?", "…", "...", "?!", " ", "  ", "\n", "\n\n", "\n \n", "\t", "\r\n", "\u{b}",
        "\u{a0}", "\u{2003}", "\"", "“", "”", "‘", "’", "'", "«", "»", "›", "(", ")", "[", "]",
        "—", "–", ",", ":", "U.S.", "U.S", "a.m.", "Ph.D.", "Dr.", "Vs.", "vs.", "No.", "Oct.",
        "Inc.", "Co.", "J.", "e.g.", "The", "It's", "It’s", "Police", "word", "Word", "x", "A",
        "86", "1.5", "é", "É", "Émile.", "İst.", "øre.", "Øre.", "ünl.", "Ünl.", LONG, "# ", "## ",
        "####### ", "- ", "* ", "• ", "– ", "+ ",
    ];

    fn tricky_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..60)
            .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn matches_the_reference_on_tricky_text(text in tricky_text()) {
            let rules = rules_with_odd_entries();
            prop_assert_eq!(segment(&text, rules), reference::segment(&text, rules));
            prop_assert_eq!(quoted_spans(&text), reference::quoted_spans(&text));
        }

        #[test]
        fn matches_the_reference_on_any_text(text in any::<String>()) {
            let rules = rules_with_odd_entries();
            prop_assert_eq!(segment(&text, rules), reference::segment(&text, rules));
            prop_assert_eq!(quoted_spans(&text), reference::quoted_spans(&text));
        }
    }

    #[test]
    fn capitalized_words_match_lowercase_entries_of_any_length() {
        let rules = rules_with_odd_entries();
        for word in ["Émile.", "İst.", LONG] {
            let text = format!("Ask {word} Smith came.");
            assert_eq!(sentences(&text, rules), [text.as_str()]);
        }
    }

    #[test]
    fn empty_and_blank_texts_have_no_sentences() {
        let rules = SegmentRules::builtin();
        assert!(segment("", &rules).is_empty());
        assert!(segment(" \n\n\t ", &rules).is_empty());
    }
}
