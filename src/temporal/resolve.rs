//! Resolves a date expression against the publication day: a group of pieces
//! in, a half-open interval of civil date-times out (or, for a time of day with
//! no day, a clock interval that the article's other dates may anchor later).

use jiff::civil::{Date, DateTime};
use jiff::ToSpan;

use super::lexicon::DateRules;
use super::parse::{Group, Modifier, Piece};
use super::Precision;
use crate::rules::schema::CalendarUnit;

/// `[start, end)` in civil date-times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Interval {
    pub start: DateTime,
    pub end: DateTime,
}

impl Interval {
    pub fn days(start: Date, end: Date) -> Self {
        Interval {
            start: start.at(0, 0, 0, 0),
            end: end.at(0, 0, 0, 0),
        }
    }

    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The single calendar day the interval starts on, when it lies within that day's 24 hours.
    pub fn single_day(&self) -> Option<Date> {
        let day = self.start.date();
        (self.end <= day.tomorrow().ok()?.at(0, 0, 0, 0)).then_some(day)
    }
}

/// A time of day with no day yet: minutes from midnight, `[from, to)`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Clock {
    pub from: i64,
    pub to: i64,
    pub zone: Option<String>,
    pub exact_minute: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub interval: Option<Interval>,
    /// The group's time of day, kept so it can be anchored when no day is given.
    pub clock: Option<Clock>,
    pub zone: Option<String>,
    pub precision: Precision,
    pub deadline: bool,
}

pub fn add_days(date: Date, days: i64) -> Date {
    date.saturating_add(days.days())
}

pub fn at_minute(day: Date, minutes: i64) -> DateTime {
    day.at(0, 0, 0, 0).saturating_add(minutes.minutes())
}

fn monday_of(date: Date) -> Date {
    add_days(
        date,
        -(i64::from(date.weekday().to_monday_one_offset()) - 1),
    )
}

fn month_range(date: Date, offset: i64) -> (Date, Date) {
    let first = date.first_of_month().saturating_add(offset.months());
    (first, first.saturating_add(1.month()))
}

fn year_range(year: i16) -> Option<(Date, Date)> {
    Some((Date::new(year, 1, 1).ok()?, Date::new(year + 1, 1, 1).ok()?))
}

/// The day range a piece names, when it names one.
fn day_range(
    piece: &Piece,
    published: Option<Date>,
    forward: bool,
    rules: &DateRules,
) -> Option<(Date, Date, Precision)> {
    match piece {
        Piece::Date { year, month, day } => {
            let year = match year {
                Some(y) => *y,
                None => {
                    let published = published?;
                    let this_year = published.year();
                    let candidate = Date::new(this_year, *month, day.unwrap_or(1)).ok()?;
                    if !forward && candidate > add_days(published, 7) {
                        this_year - 1
                    } else if forward && candidate < add_days(published, -7) {
                        this_year + 1
                    } else {
                        this_year
                    }
                }
            };
            match day {
                Some(d) => {
                    let date = Date::new(year, *month, *d).ok()?;
                    Some((date, add_days(date, 1), Precision::Day))
                }
                None => {
                    let first = Date::new(year, *month, 1).ok()?;
                    Some((first, first.saturating_add(1.month()), Precision::Month))
                }
            }
        }
        Piece::Weekday { day, modifier } => {
            let published = published?;
            let today = i64::from(published.weekday().to_monday_one_offset());
            let wanted = i64::from(*day);
            let ahead = match modifier {
                Some(Modifier::Next) => true,
                Some(Modifier::Last) => false,
                _ => forward,
            };
            let date = if ahead {
                let mut delta = (wanted - today).rem_euclid(7);
                if delta == 0 && *modifier == Some(Modifier::Next) {
                    delta = 7;
                }
                add_days(published, delta)
            } else {
                let mut delta = (today - wanted).rem_euclid(7);
                if delta == 0 && *modifier == Some(Modifier::Last) {
                    delta = 7;
                }
                add_days(published, -delta)
            };
            Some((date, add_days(date, 1), Precision::Day))
        }
        Piece::Relative(index) => {
            let published = published?;
            let relative = &rules.relative[*index];
            let (start, end, precision) = match relative.unit {
                CalendarUnit::Hour | CalendarUnit::Day => {
                    let day = add_days(published, relative.offset);
                    (day, add_days(day, 1), Precision::Day)
                }
                CalendarUnit::Week => {
                    let monday = add_days(monday_of(published), 7 * relative.offset);
                    (monday, add_days(monday, 7), Precision::Week)
                }
                CalendarUnit::Month => {
                    let (start, end) = month_range(published, relative.offset);
                    (start, end, Precision::Month)
                }
                CalendarUnit::Year => {
                    let (start, end) = year_range(published.year() + relative.offset as i16)?;
                    (start, end, Precision::Year)
                }
            };
            let end = if relative.until_published {
                add_days(published, 1).min(end)
            } else {
                end
            };
            Some((start, end, precision))
        }
        Piece::Ago { count, unit } => {
            let published = published?;
            match unit {
                CalendarUnit::Hour => Some((
                    add_days(published, -1),
                    add_days(published, 1),
                    Precision::Day,
                )),
                CalendarUnit::Day => {
                    let day = add_days(published, -count);
                    Some((day, add_days(day, 1), Precision::Day))
                }
                CalendarUnit::Week => {
                    let middle = add_days(published, -7 * count);
                    Some((add_days(middle, -3), add_days(middle, 4), Precision::Week))
                }
                CalendarUnit::Month => {
                    let (start, end) = month_range(published, -count);
                    Some((start, end, Precision::Month))
                }
                CalendarUnit::Year => {
                    let (start, end) = year_range(published.year() - *count as i16)?;
                    Some((start, end, Precision::Year))
                }
            }
        }
        Piece::Within { count, unit } => {
            let published = published?;
            let target = match unit {
                CalendarUnit::Hour => add_days(published, (count + 23) / 24),
                CalendarUnit::Day => add_days(published, *count),
                CalendarUnit::Week => add_days(published, 7 * count),
                CalendarUnit::Month => published.saturating_add(count.months()),
                CalendarUnit::Year => published.saturating_add(count.years()),
            };
            // The clock starts when the deadline was set, which may be a day or two before publication.
            Some((add_days(target, -2), add_days(target, 1), Precision::Day))
        }
        Piece::EndOf(unit) => {
            let published = published?;
            let end = match unit {
                CalendarUnit::Week => add_days(monday_of(published), 7),
                CalendarUnit::Month => month_range(published, 0).1,
                _ => year_range(published.year())?.1,
            };
            Some((add_days(end, -3), end, Precision::Day))
        }
        Piece::Clock { .. } | Piece::Part { .. } => None,
    }
}

/// Resolves one expression; `None` when it names no day and no time, or needs
/// a publication date the article does not have.
pub fn resolve(
    group: &Group,
    published: Option<Date>,
    forward: bool,
    rules: &DateRules,
) -> Option<Resolved> {
    let forward = forward
        || group
            .pieces
            .iter()
            .any(|p| matches!(p, Piece::Within { .. }));
    // An absolute date outranks a weekday in "Sunday 7 October".
    let day_pieces: Vec<&Piece> = group
        .pieces
        .iter()
        .filter(|p| !matches!(p, Piece::Clock { .. } | Piece::Part { .. }))
        .collect();
    let chosen = day_pieces
        .iter()
        .find(|p| matches!(p, Piece::Date { .. }))
        .or(day_pieces.first());
    let range = match chosen {
        Some(piece) => Some(day_range(piece, published, forward, rules)?),
        None => None,
    };
    let relative_part = group.pieces.iter().find_map(|p| match p {
        Piece::Relative(i) => rules.relative[*i].part,
        _ => None,
    });
    let part = group
        .pieces
        .iter()
        .find_map(|p| match p {
            Piece::Part { from, to } => Some((*from, *to)),
            _ => None,
        })
        .or(relative_part);
    let clock = group.pieces.iter().find_map(|p| match p {
        Piece::Clock {
            from,
            to,
            zone,
            exact_minute,
        } => Some(Clock {
            from: *from,
            to: *to,
            zone: zone.clone(),
            exact_minute: *exact_minute,
        }),
        _ => None,
    });
    let deadline = group
        .pieces
        .iter()
        .any(|p| matches!(p, Piece::Within { .. }))
        || (group.by && forward);
    let zone = clock.as_ref().and_then(|c| c.zone.clone());
    let Some((start, end, precision)) = range else {
        return clock.map(|clock| Resolved {
            interval: None,
            precision: if clock.exact_minute {
                Precision::Minute
            } else {
                Precision::Hour
            },
            clock: Some(clock),
            zone,
            deadline,
        });
    };
    let single_day = end == add_days(start, 1);
    let (interval, precision) = match (&clock, part) {
        (Some(clock), _) if single_day => (
            Interval {
                start: at_minute(start, clock.from),
                end: at_minute(start, clock.to),
            },
            if clock.exact_minute {
                Precision::Minute
            } else {
                Precision::Hour
            },
        ),
        (_, Some((from, to))) if single_day => (
            Interval {
                start: at_minute(start, from),
                end: at_minute(start, to),
            },
            Precision::Hour,
        ),
        _ => (Interval::days(start, end), precision),
    };
    // At the edge of the calendar arithmetic saturates; an empty interval says nothing.
    if interval.start >= interval.end {
        return None;
    }
    Some(Resolved {
        interval: Some(interval),
        clock: None,
        zone,
        precision,
        deadline,
    })
}

/// Places a time of day on a day.
pub fn anchor(clock: &Clock, day: Date) -> Interval {
    Interval {
        start: at_minute(day, clock.from),
        end: at_minute(day, clock.to),
    }
}
