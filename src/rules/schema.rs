//! The typed shape of rule files. Every struct denies unknown keys so a
//! misspelled key is an error naming the file and line, never silently ignored.

use serde::Deserialize;

/// What a figure counts: "killed", "injured", "homes destroyed", "turnout".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricDef {
    pub id: String,
    pub description: String,
    /// A running total that only grows (a death toll): a later, higher figure is an update.
    #[serde(default)]
    pub cumulative: bool,
    /// Reported as a plan by nature (job cuts, savings, aid pledged): its
    /// projections ("plans to cut 4,000") meet its other figures. Any other
    /// metric's projections ("damage could reach $12 billion") meet only
    /// projections, since a forecast and a tally can both be true.
    #[serde(default)]
    pub planned: bool,
    /// Dimensions of quantity this metric accepts: count, percent, money, length, area, ...
    pub dimensions: Vec<String>,
    /// Words that name the metric in a sentence, matched as whole words, case-insensitively.
    pub terms: Vec<String>,
    /// Subject assumed when the sentence names none (a bare "86 killed" counts people).
    #[serde(default)]
    pub default_subject: Option<String>,
    /// How the counted subject is found: a counted noun, or the nearest name before the figure.
    #[serde(default)]
    pub subject_from: SubjectFrom,
    /// Plausible values; a figure outside is not this metric ("magnitude 2,000" is something else).
    #[serde(default)]
    pub range: Option<[Option<f64>; 2]>,
    /// Whether the metric's terms may be found anywhere in the sentence, not only next to the figure.
    #[serde(default)]
    pub sentence_wide: bool,
    /// Subject classes that mean the same thing for this metric ("people" and
    /// "protesters" in a crowd count); they are all read as `default_subject`.
    #[serde(default)]
    pub merge_subjects: Vec<String>,
    /// Another metric whose topic this one's figures join: a second set of terms
    /// with its own conditions for the same quantity.
    #[serde(default)]
    pub counts_as: Option<String>,
    /// When set, the metric applies only to figures whose counted noun is one of
    /// these subjects, so a generic term ("remain") can stand for "hostages still held".
    #[serde(default)]
    pub required_subjects: Vec<String>,
    /// A rate of change by nature (inflation, growth): "consumer prices rose
    /// 7.8%" gives its level, as "inflation reached 7.8%" does. Only a change
    /// in points ("rose 0.3 percentage points") is a change of it.
    #[serde(default)]
    pub changes_are_levels: bool,
    /// How far apart two figures must be to matter; relative by default.
    #[serde(default)]
    pub severity: Option<SeverityScale>,
}

/// Gap thresholds for medium and high severity.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityScale {
    /// `relative` compares the gap with the larger value; `absolute` uses the gap itself
    /// (percentage points, magnitude steps).
    pub measure: GapMeasure,
    pub medium: f64,
    pub high: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapMeasure {
    Relative,
    Absolute,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectFrom {
    /// The counted noun after the figure ("86 people"), or near the metric term.
    #[default]
    Noun,
    /// The nearest proper name before the figure ("Paul Greer, who took 41.8%").
    NameBefore,
    /// The proper name after the metric term ("40 km north of Velm").
    NameAfter,
}

/// A class of counted things whose names are interchangeable ("homes", "houses").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectClass {
    pub id: String,
    pub terms: Vec<String>,
}

/// Words that introduce or follow a source ("according to X", "X said").
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionDef {
    /// Phrases followed by the source: "according to", "citing".
    #[serde(default)]
    pub before_source: Vec<String>,
    /// Verbs that follow the source ("X said") or precede it after a comma (", said X").
    #[serde(default)]
    pub verbs: Vec<String>,
}

/// Words that place a figure in a frame other than "now, here": a baseline
/// ("down from 55 percent"), a projection ("could lose"), a place ("in Gaza").
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextDef {
    /// Phrases right before a figure that make it an earlier value: "down from", "compared with".
    #[serde(default)]
    pub baseline_before: Vec<String>,
    /// Phrases shortly after a figure that make it an earlier value: "a year earlier", "ago".
    #[serde(default)]
    pub baseline_after: Vec<String>,
    /// Words anywhere earlier in the figure's clause that make it a superseded
    /// value ("Initial reports put the toll at 60").
    #[serde(default)]
    pub baseline_clause: Vec<String>,
    /// Modal words that make a figure a projection rather than a count.
    #[serde(default)]
    pub projection: Vec<String>,
    /// Prepositions that introduce a place: "in", "across".
    #[serde(default)]
    pub place_prepositions: Vec<String>,
    /// Capitalized words that are never places (weekdays, months, titles).
    #[serde(default)]
    pub not_places: Vec<String>,
    /// Last words that many names share ("Party" in "Labour Party" and
    /// "Unity Party"): a name ending in one is told apart by the words
    /// before it, where a person is told apart by the last ("Greer").
    #[serde(default)]
    pub name_heads: Vec<String>,
    /// Words that close a clause, so a metric term on the other side belongs to another figure.
    #[serde(default)]
    pub clause_breaks: Vec<String>,
    /// Function words that barely separate a figure from its metric ("has risen to").
    #[serde(default)]
    pub light_words: Vec<String>,
    /// Words right before a figure that make it a part of a larger one ("including 12").
    #[serde(default)]
    pub part_before: Vec<String>,
    /// Words right after a figure that make it a part of the one before it
    /// ("70 were hurt, 21 of them critically").
    #[serde(default)]
    pub part_after: Vec<String>,
    /// Words right after a figure that make it a threshold ("the 270 needed to win").
    #[serde(default)]
    pub thresholds_after: Vec<String>,
    /// Phrases that limit a figure to part of the period ("in the past 24 hours", "alone").
    #[serde(default)]
    pub partial_periods: Vec<String>,
    /// Words right after a figure that make it an increment, not a total ("five more bodies").
    #[serde(default)]
    pub increments: Vec<String>,
    /// Phrases after a money figure that make it a rate ("a day", "a year", "annually").
    #[serde(default)]
    pub rates: Vec<RateDef>,
}

/// A rate phrase and the period it names, so "€40 million a day" is never
/// compared with a total.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateDef {
    pub period: String,
    pub terms: Vec<String>,
}

/// One example written inside a rule file, run by `crosscheck rules test`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleExample {
    pub text: String,
    /// Claims that must be found, each by the figure's words and what it must be read as.
    #[serde(default)]
    pub expect: Vec<ExpectedClaim>,
    /// Claims that must not be found (a year, a date, a figure given to the wrong metric).
    #[serde(default)]
    pub forbid: Vec<ExpectedClaim>,
    /// The publication date the example's dates resolve against (`kind: dates` files only).
    #[serde(default)]
    pub published: Option<String>,
    /// Set by the loader for examples of `kind: dates` files, which expect date claims.
    #[serde(skip)]
    pub dates: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedClaim {
    /// Words inside the claim's own text, e.g. "86".
    pub quote: String,
    #[serde(default)]
    pub metric: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub attribution: Option<String>,
    #[serde(default)]
    pub low: Option<f64>,
    #[serde(default)]
    pub high: Option<f64>,
    #[serde(default)]
    pub role: Option<String>,
    /// The alignment key the claim must get, e.g. `killed/people/in-1998`.
    #[serde(default)]
    pub topic: Option<String>,
    /// For framing files: the concept the words in `quote` must be found as
    /// (then `quote` is the term as written, not a figure).
    #[serde(default)]
    pub concept: Option<String>,
    /// For framing files: the label the term must carry.
    #[serde(default)]
    pub label: Option<Label>,
    /// Date examples: the key the date claim must get, e.g. `when/quake`.
    #[serde(default)]
    pub key: Option<String>,
    /// Date examples: the resolved interval's start, ISO (`2025-09-14` or `2025-09-14T04:12`).
    #[serde(default)]
    pub start: Option<String>,
    /// Date examples: the resolved interval's end (exclusive), ISO.
    #[serde(default)]
    pub end: Option<String>,
}

/// How a framing concept is used when two articles are compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConceptRole {
    /// Words for an actor or an act: differing labels make a `framing_difference`.
    #[default]
    Framing,
    /// Names for the same source ("the Hamas-run health ministry"): differing
    /// labels make a `framing_difference` whose topic starts with `source/`.
    Source,
    /// Words that lower the certainty of a statement ("reportedly", "claimed"):
    /// used for `hedging_difference` between figures two outlets share.
    Hedge,
    /// Whether a casualty sentence names who or what caused the casualties:
    /// terms labelled `agentless` or `agent_named`.
    Agency,
}

/// The loading of a term. Framing findings come from two articles using
/// terms of one concept with different labels.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    Neutral,
    Loaded,
    Euphemism,
    Sympathetic,
    Pejorative,
    /// A source named only vaguely ("local authorities").
    Vague,
    /// Lowers certainty ("reportedly", "claimed").
    Hedged,
    /// A casualty phrase with no one doing the harm ("were killed").
    Agentless,
    /// A casualty phrase that names the cause ("strikes killed", "killed by police").
    AgentNamed,
}

impl Label {
    pub fn as_str(&self) -> &'static str {
        match self {
            Label::Neutral => "neutral",
            Label::Loaded => "loaded",
            Label::Euphemism => "euphemism",
            Label::Sympathetic => "sympathetic",
            Label::Pejorative => "pejorative",
            Label::Vague => "vague",
            Label::Hedged => "hedged",
            Label::Agentless => "agentless",
            Label::AgentNamed => "agent_named",
        }
    }
}

/// One surface form or several that share a label.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum SurfaceForms {
    One(String),
    Many(Vec<String>),
}

impl SurfaceForms {
    pub fn forms(&self) -> Vec<String> {
        match self {
            SurfaceForms::One(term) => vec![term.clone()],
            SurfaceForms::Many(terms) => terms.clone(),
        }
    }
}

/// A term outlets use for a concept, with its loading.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FramingTerm {
    /// The words as written, matched as whole words, case-insensitively; one or a list.
    pub term: SurfaceForms,
    pub label: Label,
    #[serde(default)]
    pub notes: Option<String>,
}

/// A thing outlets name in different words: an act, an actor, a source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FramingConcept {
    pub id: String,
    /// What the terms refer to.
    pub description: String,
    #[serde(default)]
    pub role: ConceptRole,
    pub terms: Vec<FramingTerm>,
    /// Longer phrases in which a term means something else ("election campaign",
    /// "surgical operation"); a term inside one of them is not counted.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Pairs of labels that make a finding even though the scale would not
    /// (e.g. `[neutral, neutral]` when the concept's neutral synonyms differ in tone).
    #[serde(default)]
    pub contrasts: Vec<[Label; 2]>,
    /// For `role: agency`: the metrics whose sentences are examined (default killed, injured).
    #[serde(default)]
    pub metrics: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Words that put the following characterization in someone else's mouth:
/// "the minister called it reckless", "branded the strike illegal".
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeechDef {
    /// Verbs after which a term, within a few words, is the speaker's, not the outlet's.
    #[serde(default)]
    pub characterizing_verbs: Vec<String>,
    /// How many words after such a verb the speaker's characterization may reach.
    #[serde(default)]
    pub reach: Option<usize>,
}

/// A rule file. `kind` picks which sections it may carry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub kind: RuleKind,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub metrics: Vec<MetricDef>,
    #[serde(default)]
    pub subjects: Vec<SubjectClass>,
    #[serde(default)]
    pub attribution: Option<AttributionDef>,
    #[serde(default)]
    pub context: Option<ContextDef>,
    #[serde(default)]
    pub concepts: Vec<FramingConcept>,
    #[serde(default)]
    pub speech: Option<SpeechDef>,
    #[serde(default)]
    pub dates: Option<DatesDef>,
    #[serde(default)]
    pub examples: Vec<RuleExample>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    Metrics,
    Subjects,
    Attribution,
    Context,
    Framing,
    Dates,
}

/// The vocabulary of dates and times (`kind: dates`): names of months and
/// weekdays, relative expressions, parts of the day, and the event terms a
/// date can be about. Several files extend one another.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatesDef {
    /// `{number: 1, names: [January, Jan]}`; a name may be followed by a full stop in text.
    #[serde(default)]
    pub months: Vec<NamedNumber>,
    /// `{number: 1, names: [Monday, Mon]}`, Monday = 1 … Sunday = 7.
    #[serde(default)]
    pub weekdays: Vec<NamedNumber>,
    /// Spelled-out counts for "two weeks ago", "within ten days": `{number: 2, names: [two]}`.
    #[serde(default)]
    pub numbers: Vec<NamedNumber>,
    /// Calendar units: `{unit: week, names: [week, weeks]}`; units are hour, day, week, month, year.
    #[serde(default)]
    pub units: Vec<UnitNames>,
    /// Fixed relative expressions: "yesterday", "last week", "earlier this month".
    #[serde(default)]
    pub relative: Vec<RelativeDef>,
    /// Parts of a day in hours from its midnight ("night" runs 18 to 30, into the next morning).
    #[serde(default)]
    pub day_parts: Vec<DayPartDef>,
    /// Words before a clock time that widen it: "shortly after", "around".
    #[serde(default)]
    pub approximations: Vec<ApproximationDef>,
    /// Named clock times: noon, midnight.
    #[serde(default)]
    pub clock_names: Vec<ClockNameDef>,
    /// Zone labels after a clock time; times in different zones are never compared.
    #[serde(default)]
    pub zones: Vec<String>,
    /// Zone labels that mean the place's own time ("local time").
    #[serde(default)]
    pub local_zones: Vec<String>,
    /// Words that make a sentence look ahead, so "on Friday" is the coming Friday.
    #[serde(default)]
    pub future_markers: Vec<String>,
    /// What a date can be about; the nearest term names the event.
    #[serde(default)]
    pub events: Vec<EventDef>,
    /// Gap thresholds: hours when both sides give a time of day, days otherwise.
    #[serde(default)]
    pub severity: Option<DateSeverity>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedNumber {
    pub number: i64,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarUnit {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitNames {
    pub unit: CalendarUnit,
    pub names: Vec<String>,
}

/// A relative expression: the `unit` containing the publication date, moved
/// by `offset` units; `part` narrows a day; `until_published` ends the
/// interval at the publication day ("earlier this month").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelativeDef {
    pub terms: Vec<String>,
    pub unit: CalendarUnit,
    #[serde(default)]
    pub offset: i64,
    #[serde(default)]
    pub part: Option<String>,
    #[serde(default)]
    pub until_published: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayPartDef {
    pub id: String,
    pub names: Vec<String>,
    /// Hours from the day's midnight, `[from, to)`; `to` may pass 24.
    pub hours: [f64; 2],
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApproximationDef {
    pub terms: Vec<String>,
    /// Minutes before and after the stated time that the phrase allows.
    pub minutes: [i64; 2],
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockNameDef {
    pub names: Vec<String>,
    /// Minutes after midnight.
    pub minute: i64,
}

/// An event a date can be about: `when/<id>` is the key dates meet under.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventDef {
    pub id: String,
    pub terms: Vec<String>,
    /// A deadline looks ahead: its weekdays and month names resolve forward.
    #[serde(default)]
    pub deadline: bool,
    /// Verbs that say something happened but not what ("struck", "hit",
    /// "launched"): a date near one takes the event a term of another entry
    /// names in the same clause ("the quake hit at 4 am"), and no key when
    /// none does ("shares hit a record on Monday"), since a bucket of
    /// unnamed events would set unrelated dates against each other.
    #[serde(default)]
    pub generic: bool,
    /// Phrases that hold one of the terms in another sense ("fire crews",
    /// "under fire"): where one is found, the term inside it names no event.
    #[serde(default)]
    pub other_senses: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateSeverity {
    /// Gap in hours between two times of day for medium and high.
    pub hours: [f64; 2],
    /// Gap in days between two dates for medium and high.
    pub days: [f64; 2],
}
