//! Hedges and bounds written around a number ("more than", "up to", "or so")
//! and change verbs ("fell 11%"). Phrases are matched as whole tokens,
//! ending right before the number (prefixes) or starting right after it.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::scan::{Tok, TokKind};
use super::words::WordKey;
use super::Qualifier;

/// A prefix phrase: words (or single symbols) and what they mean.
struct Phrase(&'static [&'static str], Qualifier);

use Qualifier::*;

/// Prefix qualifiers. "between" and "from" are range openers, handled by the
/// range logic; they are listed so the caller can see them.
const PREFIXES: &[Phrase] = &[
    Phrase(&["about"], About),
    Phrase(&["around"], About),
    Phrase(&["roughly"], About),
    Phrase(&["some"], About),
    Phrase(&["approximately"], About),
    Phrase(&["approx"], About),
    Phrase(&["approx", "."], About),
    Phrase(&["an", "estimated"], About),
    Phrase(&["estimated"], About),
    Phrase(&["nearly", "about"], About),
    Phrase(&["circa"], About),
    Phrase(&["ca", "."], About),
    Phrase(&["~"], About),
    Phrase(&["≈"], About),
    Phrase(&["an", "approximate"], About),
    Phrase(&["nearly"], Nearly),
    Phrase(&["almost"], Nearly),
    Phrase(&["close", "to"], Nearly),
    Phrase(&["just", "under"], Nearly),
    Phrase(&["just", "below"], Nearly),
    Phrase(&["just", "shy", "of"], Nearly),
    Phrase(&["just", "short", "of"], Nearly),
    Phrase(&["nearing"], Nearly),
    Phrase(&["just", "over"], JustOver),
    Phrase(&["just", "above"], JustOver),
    Phrase(&["just", "more", "than"], JustOver),
    Phrase(&["slightly", "more", "than"], JustOver),
    Phrase(&["slightly", "over"], JustOver),
    Phrase(&["slightly", "above"], JustOver),
    Phrase(&["a", "little", "over"], JustOver),
    Phrase(&["a", "little", "more", "than"], JustOver),
    Phrase(&["more", "than"], MoreThan),
    Phrase(&["over"], MoreThan),
    Phrase(&["above"], MoreThan),
    Phrase(&["well", "over"], MoreThan),
    Phrase(&["well", "above"], MoreThan),
    Phrase(&["upwards", "of"], MoreThan),
    Phrase(&["upward", "of"], MoreThan),
    Phrase(&["in", "excess", "of"], MoreThan),
    Phrase(&["exceeding"], MoreThan),
    Phrase(&["exceeded"], MoreThan),
    Phrase(&["exceeds"], MoreThan),
    Phrase(&["exceed"], MoreThan),
    Phrase(&["topping"], MoreThan),
    Phrase(&["topped"], MoreThan),
    Phrase(&["tops"], MoreThan),
    Phrase(&["passes"], MoreThan),
    Phrase(&["passed"], MoreThan),
    Phrase(&["surpassed"], MoreThan),
    Phrase(&["surpass"], MoreThan),
    Phrase(&["surpasses"], MoreThan),
    Phrase(&["surpassing"], MoreThan),
    Phrase(&["greater", "than"], MoreThan),
    Phrase(&["larger", "than"], MoreThan),
    Phrase(&["higher", "than"], MoreThan),
    Phrase(&[">"], MoreThan),
    Phrase(&["at", "least"], AtLeast),
    Phrase(&["no", "fewer", "than"], AtLeast),
    Phrase(&["no", "less", "than"], AtLeast),
    Phrase(&["not", "fewer", "than"], AtLeast),
    Phrase(&["not", "less", "than"], AtLeast),
    Phrase(&["a", "minimum", "of"], AtLeast),
    Phrase(&["greater", "than", "or", "equal", "to"], AtLeast),
    Phrase(&["more", "than", "or", "equal", "to"], AtLeast),
    Phrase(&[">", "="], AtLeast),
    Phrase(&["≥"], AtLeast),
    Phrase(&["greater", "or", "equal", "than"], AtLeast),
    Phrase(&["bigger", "or", "equal", "than"], AtLeast),
    Phrase(&["bigger", "than", "or", "equal", "to"], AtLeast),
    Phrase(&["larger", "or", "equal", "than"], AtLeast),
    Phrase(&["larger", "than", "or", "equal", "to"], AtLeast),
    Phrase(&["higher", "or", "equal", "than"], AtLeast),
    Phrase(&["higher", "than", "or", "equal", "to"], AtLeast),
    Phrase(&["more", "or", "equal", "than"], AtLeast),
    Phrase(&["less", "or", "equal", "than"], AtMost),
    Phrase(&["less", "than", "or", "equal", "to"], AtMost),
    Phrase(&["smaller", "or", "equal", "than"], AtMost),
    Phrase(&["smaller", "than", "or", "equal", "to"], AtMost),
    Phrase(&["lower", "or", "equal", "than"], AtMost),
    Phrase(&["lower", "than", "or", "equal", "to"], AtMost),
    Phrase(&["fewer", "or", "equal", "than"], AtMost),
    Phrase(&["fewer", "than", "or", "equal", "to"], AtMost),
    Phrase(&["equal", "to", "or", "more", "than"], AtLeast),
    Phrase(&["equal", "to", "or", "greater", "than"], AtLeast),
    Phrase(&["equal", "to", "or", "less", "than"], AtMost),
    Phrase(&["equal", "to", "or", "fewer", "than"], AtMost),
    Phrase(&["at", "least", "or", "equal", "to"], AtLeast),
    Phrase(&["up", "to"], AtMost),
    Phrase(&["as", "many", "as"], AtMost),
    Phrase(&["as", "much", "as"], AtMost),
    Phrase(&["as", "high", "as"], AtMost),
    Phrase(&["at", "most"], AtMost),
    Phrase(&["no", "more", "than"], AtMost),
    Phrase(&["not", "more", "than"], AtMost),
    Phrase(&["a", "maximum", "of"], AtMost),
    Phrase(&["<", "="], AtMost),
    Phrase(&["≤"], AtMost),
    Phrase(&["fewer", "than"], LessThan),
    Phrase(&["less", "than"], LessThan),
    Phrase(&["lower", "than"], LessThan),
    Phrase(&["smaller", "than"], LessThan),
    Phrase(&["under"], LessThan),
    Phrase(&["below"], LessThan),
    Phrase(&["<"], LessThan),
    // "equal to 5000 or less": a point whose bound is written after it.
    Phrase(&["equal", "to"], Exact),
    Phrase(&["between"], Range),
    Phrase(&["from"], Range),
];

/// Suffix qualifiers ("1,500 or more", "30 or so").
const SUFFIXES: &[Phrase] = &[
    Phrase(&["or", "more"], AtLeast),
    Phrase(&["or", "greater"], AtLeast),
    Phrase(&["or", "above"], AtLeast),
    Phrase(&["or", "higher"], AtLeast),
    Phrase(&["or", "over"], AtLeast),
    Phrase(&["or", "fewer"], AtMost),
    Phrase(&["or", "less"], AtMost),
    Phrase(&["or", "below"], AtMost),
    Phrase(&["or", "under"], AtMost),
    Phrase(&["or", "so"], About),
    Phrase(&["and", "more"], AtLeast),
    Phrase(&["and", "above"], AtLeast),
    Phrase(&["and", "over"], AtLeast),
    Phrase(&["and", "higher"], AtLeast),
    Phrase(&["and", "less"], AtMost),
    Phrase(&["and", "fewer"], AtMost),
    Phrase(&["and", "below"], AtMost),
    Phrase(&["and", "under"], AtMost),
    Phrase(&["-", "plus"], MoreThan),
    Phrase(&["plus"], MoreThan),
    Phrase(&["+"], MoreThan),
];

fn tok_is(src: &str, t: &Tok, w: &str) -> bool {
    match t.kind {
        TokKind::Num => false,
        _ => t.text(src).eq_ignore_ascii_case(w),
    }
}

/// Indices into `phrases` grouped by the lowercased word at `pick` (first or
/// last), each group in table order so that ties resolve as in the table.
fn index_by(
    phrases: &'static [Phrase],
    pick: fn(&'static [&'static str]) -> &'static str,
) -> FxHashMap<WordKey, Vec<usize>> {
    let mut index: FxHashMap<WordKey, Vec<usize>> = FxHashMap::default();
    for (i, p) in phrases.iter().enumerate() {
        index
            .entry(WordKey::of_table(pick(p.0)))
            .or_default()
            .push(i);
    }
    index
}

/// Prefix phrases by their last word: only the token before the number
/// decides which phrases can match, and most tokens end none.
static PREFIX_BY_LAST: LazyLock<FxHashMap<WordKey, Vec<usize>>> =
    LazyLock::new(|| index_by(PREFIXES, |w| w[w.len() - 1]));

/// Suffix phrases by their first word, for the same reason.
static SUFFIX_BY_FIRST: LazyLock<FxHashMap<WordKey, Vec<usize>>> =
    LazyLock::new(|| index_by(SUFFIXES, |w| w[0]));

/// The phrases of `index` whose indexed word is token `t`.
fn candidates(
    index: &'static FxHashMap<WordKey, Vec<usize>>,
    src: &str,
    t: &Tok,
) -> &'static [usize] {
    if t.kind == TokKind::Num {
        return &[];
    }
    WordKey::folded(t.text(src))
        .and_then(|k| index.get(&k))
        .map_or(&[], Vec::as_slice)
}

/// The longest prefix phrase ending right before token `at`, not reaching
/// back before token `floor`. Returns (qualifier, first token of the phrase).
pub fn prefix(src: &str, toks: &[Tok], at: usize, floor: usize) -> Option<(Qualifier, usize)> {
    if at <= floor {
        return None;
    }
    let mut best: Option<(Qualifier, usize)> = None;
    for &i in candidates(&PREFIX_BY_LAST, src, &toks[at - 1]) {
        let p = &PREFIXES[i];
        let n = p.0.len();
        if at < floor + n {
            continue;
        }
        let start = at - n;
        if p.0
            .iter()
            .zip(&toks[start..at])
            .all(|(w, t)| tok_is(src, t, w))
            && best.is_none_or(|(_, s)| start < s)
        {
            best = Some((p.1, start));
        }
    }
    // "up 4 percent" is a change, but "up to 4" is a bound: the phrase table
    // already prefers the longer match. A comparison sign glued to another
    // one ("<>30", "=>30", "=<30") is no bound we can read.
    if let Some((_, st)) = best {
        let sym = |t: &Tok| matches!(t.text(src), "<" | ">" | "=");
        if st > 0 && sym(&toks[st]) && sym(&toks[st - 1]) && toks[st - 1].end == toks[st].start {
            return None;
        }
    }
    best
}

/// A suffix phrase starting at token `at`: (qualifier, token after it).
pub fn suffix(src: &str, toks: &[Tok], at: usize) -> Option<(Qualifier, usize)> {
    for &i in candidates(&SUFFIX_BY_FIRST, src, toks.get(at)?) {
        let p = &SUFFIXES[i];
        let n = p.0.len();
        if at + n > toks.len() {
            continue;
        }
        if p.0
            .iter()
            .zip(&toks[at..at + n])
            .all(|(w, t)| tok_is(src, t, w))
        {
            // "1,500+" must be glued; "plus" must not start a new number phrase.
            // "200 or greater than 190": the bound belongs to the next number;
            // a dangling "than" ("200 or greater than.") ends the bound.
            let mut end = at + n;
            if toks.get(end).is_some_and(|t| tok_is(src, t, "than")) {
                let closes = toks.get(end + 1).is_none_or(|t| {
                    t.kind == TokKind::Sym
                        && matches!(t.text(src), "." | "," | ";" | ":" | "!" | "?" | ")")
                });
                if !closes || p.0[0] != "or" {
                    continue;
                }
                end += 1;
            }
            // "500 and more in stock" is a bound; "$5 million and more
            // importantly" is not: only punctuation, the end or a
            // preposition may follow an "and" bound.
            if p.0[0] == "and"
                && toks.get(end).is_some_and(|t| {
                    t.kind == TokKind::Word
                        && !["in", "of", "on", "at", "for", "per", "from", "among"]
                            .iter()
                            .any(|w| tok_is(src, t, w))
                })
            {
                continue;
            }
            if p.0 == ["+"] && at > 0 && toks[at - 1].end != toks[at].start {
                continue;
            }
            if p.0 == ["+"] && toks.get(at + 1).is_some_and(|t| t.kind == TokKind::Num) {
                continue;
            }
            if p.0.last() == Some(&"plus")
                && toks.get(at + n).is_some_and(|t| t.kind == TokKind::Num)
            {
                continue;
            }
            return Some((p.1, end));
        }
    }
    None
}

/// "more than 5000 or equal (to)": a strict bound widened to include the
/// figure. Returns the inclusive bound and the token after the phrase.
pub fn or_equal(src: &str, toks: &[Tok], at: usize, q: Qualifier) -> Option<(Qualifier, usize)> {
    let wide = match q {
        MoreThan => AtLeast,
        LessThan => AtMost,
        _ => return None,
    };
    let is = |k: usize, w: &str| toks.get(k).is_some_and(|t| tok_is(src, t, w));
    if !(is(at, "or") && is(at + 1, "equal")) {
        return None;
    }
    let mut next = at + 2;
    // "or equal to 6000" would name another figure; leave it alone.
    if is(next, "to") {
        let figure = toks.get(next + 1).is_some_and(|t| {
            t.kind == TokKind::Num || t.kind == TokKind::Sym && t.text(src) == "$"
        });
        if figure {
            return None;
        }
        next += 1;
    }
    Some((wide, next))
}

/// Words that mark the figure as a change rather than a level.
const FALL: &[&str] = &[
    "down",
    "fell",
    "fall",
    "falls",
    "fallen",
    "falling",
    "dropped",
    "drop",
    "drops",
    "dropping",
    "declined",
    "decline",
    "declines",
    "declining",
    "decreased",
    "decrease",
    "decreases",
    "decreasing",
    "lost",
    "lose",
    "loses",
    "shed",
    "sheds",
    "slipped",
    "slips",
    "slid",
    "slides",
    "plunged",
    "plunges",
    "plummeted",
    "tumbled",
    "sank",
    "sinks",
    "shrank",
    "shrinks",
    "contracted",
    "cut",
    "cuts",
    "reduced",
    "reduction",
    "eased",
    "slumped",
    "slumps",
    "slump",
    "dipped",
    "dip",
    "dips",
    "plunge",
    "plummets",
    "tumbles",
    "tumble",
    "dived",
    "dives",
    "slide",
    "sink",
    "shrink",
    "contract",
    "contracts",
    "lowered",
    "eases",
    "ease",
    "retreated",
    "lower",
];
const RISE: &[&str] = &[
    "up",
    "rose",
    "rise",
    "rises",
    "risen",
    "rising",
    "increased",
    "increase",
    "increases",
    "increasing",
    "grew",
    "grow",
    "grows",
    "growing",
    "growth",
    "gained",
    "gain",
    "gains",
    "climbed",
    "climbs",
    "jumped",
    "jumps",
    "jump",
    "surged",
    "surge",
    "surges",
    "soared",
    "soars",
    "rallied",
    "added",
    "adds",
    "expanded",
    "higher",
    "boosted",
    "spiked",
    "climb",
    "soar",
    "surging",
    "rally",
    "rallies",
    "accelerated",
    "accelerates",
    "rebounded",
    "rebounds",
    "hiked",
];

/// Sign of a change verb ending right before token `at` (optionally followed
/// by "by"/"of"), e.g. "fell by", "increase of", "down".
pub fn change_before(src: &str, toks: &[Tok], at: usize, floor: usize) -> Option<f64> {
    let mut k = at;
    if k > floor && (tok_is(src, &toks[k - 1], "by") || tok_is(src, &toks[k - 1], "of")) {
        k -= 1;
    }
    if k <= floor {
        return None;
    }
    let t = &toks[k - 1];
    if t.kind != TokKind::Word {
        return None;
    }
    CHANGE_SIGN.get(&WordKey::new(t.text(src))?).copied()
}

/// Nouns and comparatives that make the share right before them a change:
/// "a 9% pay rise", "a 10% budget cut", "40% higher".
const RISE_AFTER: &[&str] = &[
    "rise",
    "rises",
    "increase",
    "increases",
    "hike",
    "hikes",
    "raise",
    "gain",
    "gains",
    "jump",
    "surge",
    "higher",
];
const FALL_AFTER: &[&str] = &[
    "cut",
    "cuts",
    "drop",
    "drops",
    "fall",
    "falls",
    "decline",
    "decrease",
    "reduction",
    "slump",
    "lower",
];

/// Sign of a change noun right after a share, or after one word more ("a 9%
/// pay rise"); `at` is the first token after the figure.
pub fn change_after(src: &str, toks: &[Tok], at: usize) -> Option<f64> {
    let word_at = |k: usize| toks.get(k).filter(|t| t.kind == TokKind::Word);
    let sign_of = |k: usize| {
        CHANGE_AFTER_SIGN
            .get(&WordKey::new(word_at(k)?.text(src))?)
            .copied()
    };
    sign_of(at).or_else(|| word_at(at).and_then(|_| sign_of(at + 1)))
}

static CHANGE_AFTER_SIGN: LazyLock<FxHashMap<WordKey, f64>> =
    LazyLock::new(|| signs([(FALL_AFTER, -1.0), (RISE_AFTER, 1.0)]));

/// Word lists as one map to their signs; a word in two lists keeps the first's.
fn signs(lists: [(&[&str], f64); 2]) -> FxHashMap<WordKey, f64> {
    let mut signs = FxHashMap::default();
    for (words, sign) in lists {
        for w in words {
            signs.entry(WordKey::of_table(w)).or_insert(sign);
        }
    }
    signs
}

/// FALL and RISE as one map to the sign; a word in both would count as a fall.
static CHANGE_SIGN: LazyLock<FxHashMap<WordKey, f64>> =
    LazyLock::new(|| signs([(FALL, -1.0), (RISE, 1.0)]));
