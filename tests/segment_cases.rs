//! Sentence splitting: every place that must not split, and the ones that must.

use crosscheck::segment::{segment, sentences, SegmentRules};

fn split(text: &str) -> Vec<&str> {
    sentences(text, &SegmentRules::builtin())
}

fn one(text: &str) {
    assert_eq!(split(text), [text], "should be one sentence");
}

#[test]
fn splits_on_terminal_punctuation_before_capital_digit_or_quote() {
    assert_eq!(
        split("It fell. Then it rose."),
        ["It fell.", "Then it rose."]
    );
    assert_eq!(
        split("Who knew? Nobody! 86 died."),
        ["Who knew?", "Nobody!", "86 died."]
    );
    assert_eq!(
        split("It ended. “Never again,” he said."),
        ["It ended.", "“Never again,” he said."]
    );
    assert_eq!(
        split("It ended. \"Never again,\" he said."),
        ["It ended.", "\"Never again,\" he said."]
    );
    assert_eq!(split("Wait… What?"), ["Wait…", "What?"]);
    assert_eq!(split("Really?! Yes."), ["Really?!", "Yes."]);
}

#[test]
fn does_not_split_before_lowercase() {
    one("The figure was 86. according to the ministry.");
    one("Was it 86? asked the reporter.");
}

#[test]
fn acronyms_do_not_split() {
    one("The U.S. military and U.N. agencies sent aid.");
    one("U.S. President Joe Biden spoke.");
    one("Officials in Washington, D.C. said so.");
    assert_eq!(
        split("Aid came from the U.S. The rest came later."),
        ["Aid came from the U.S.", "The rest came later."]
    );
}

#[test]
fn months_and_numbers_do_not_split() {
    one("The attack on Oct. 7 killed 1,200 people.");
    one("By Jan. 15 the count was done.");
    one("He lives at No. 10 Downing Street.");
    one("See p. 4 and Fig. 2 for details.");
}

#[test]
fn titles_do_not_split() {
    one("Dr. Ayse Kaya said Mr. Demir and Mrs. Demir were safe.");
    one("Gen. Ali, Sen. Reed and Rep. Cole visited St. Louis.");
    one("Prof. Ng met Gov. Hochul.");
}

#[test]
fn company_suffixes_do_not_split_before_names() {
    one("Acme Inc. Chief Executive Jane Roe resigned.");
    one("BP Ltd. Chairman Bob and Foo Corp. President Ann agreed.");
    one("Shares of Apple Inc. fell 3%.");
    assert_eq!(
        split("He sued Acme Corp. The case is pending."),
        ["He sued Acme Corp.", "The case is pending."]
    );
}

#[test]
fn latin_and_vs_do_not_split() {
    one("It was Spain vs. France in the final.");
    one("Some goods, e.g. Rice, cost more, i.e. Prices rose.");
    one("Many cities, e.g. Ankara and Izmir, felt it.");
}

#[test]
fn times_of_day_do_not_split_before_lowercase() {
    one("It struck at 4 a.m. local time and again at 1 p.m. on Monday.");
    assert_eq!(
        split("It struck at 4 a.m. The shaking lasted a minute."),
        ["It struck at 4 a.m.", "The shaking lasted a minute."]
    );
}

#[test]
fn decimals_do_not_split() {
    one("The quake measured 7.8 and the aftershock 6.7 on the scale.");
    one("Prices rose 1.5 percent, or $3.25 per item.");
}

#[test]
fn initials_do_not_split() {
    one("J. K. Rowling and George R. R. Martin donated.");
    one("The report by A. Smith was cited.");
}

#[test]
fn quotations_do_not_split_inside() {
    assert_eq!(
        split("He said: \"Stop. Now.\" Then he left."),
        ["He said: \"Stop. Now.\"", "Then he left."]
    );
    assert_eq!(
        split("“We will rebuild. We need help,” the mayor said. She left."),
        [
            "“We will rebuild. We need help,” the mayor said.",
            "She left."
        ]
    );
    assert_eq!(
        split("“Is it over?” she asked. No."),
        ["“Is it over?” she asked.", "No."]
    );
    assert_eq!(
        split("“It is over.” The crowd cheered."),
        ["“It is over.”", "The crowd cheered."]
    );
    one("“Stop. Now,” he said, “or else.”");
    one("The sign read \"Closed. Go home.\" and nobody argued.");
}

#[test]
fn unbalanced_quote_does_not_swallow_the_paragraph() {
    // News style: a quote running into the next paragraph has no closing mark.
    assert_eq!(
        split("“We dug all night. We found nobody.\n\n“Then the rain came. It was over.”"),
        [
            "“We dug all night.",
            "We found nobody.",
            "“Then the rain came. It was over.”"
        ]
    );
}

#[test]
fn paragraph_breaks_and_headings_always_split() {
    assert_eq!(
        split("No period here\n\nNext paragraph"),
        ["No period here", "Next paragraph"]
    );
    assert_eq!(
        split("Ends with Dr.\n\nSmith arrived."),
        ["Ends with Dr.", "Smith arrived."]
    );
    assert_eq!(
        split("Text.\n## Aftermath\nMore text."),
        ["Text.", "## Aftermath", "More text."]
    );
    assert_eq!(
        split("Intro.\nDeath toll\nThe toll rose to 86."),
        ["Intro.", "Death toll", "The toll rose to 86."]
    );
    assert_eq!(
        split("A \"quote.\n\nStill open\" here."),
        ["A \"quote.", "Still open\" here."]
    );
}

#[test]
fn wrapped_lines_are_joined() {
    assert_eq!(
        split("The earthquake struck southern Turkey early on Monday,\nkilling at least 86 people. Rescuers dug."),
        ["The earthquake struck southern Turkey early on Monday,\nkilling at least 86 people.", "Rescuers dug."]
    );
}

#[test]
fn spans_index_the_original_text() {
    let text = "Title here\n\n  Ünïcödé — fine. “Quoted.” Done…\n";
    let spans = segment(text, &SegmentRules::builtin());
    let got: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
    assert_eq!(got, ["Title here", "Ünïcödé — fine.", "“Quoted.”", "Done…"]);
    assert_eq!(spans[1].start, 14);
}
