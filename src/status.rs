//! What a verdict says, in the vocabulary layer: the status of a target and the ratio that
//! judges a stage under way. The thresholds are Eurostat's and Open SDG's (see
//! [module `attainment`](mod@crate::attainment)); nothing here computes a verdict.

use crate::error::{invalid_argument, Error, Result};
use crate::lang::Lang;

/// How a target stands. See the module documentation for the thresholds.
///
/// ```
/// assert_eq!(cashless::attainment::Status::AccelerationNeeded.name(), "acceleration_needed");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Finished stage, above the upper bound of a range: not a failure.
    Exceeded,
    /// Reached (finished stage, or a level already reached during the stage).
    Met,
    /// Finished stage, not reached.
    Below,
    /// Under way, actual / required growth ≥ 0.95.
    OnTrack,
    /// Under way, 0.60 ≤ actual / required < 0.95.
    AccelerationNeeded,
    /// Under way, 0 ≤ actual / required < 0.60.
    LimitedProgress,
    /// Under way, moving away from the target.
    Deterioration,
    /// The data needed is missing; the note names it.
    NotEvaluable,
}

impl Status {
    /// The status as written in results.
    ///
    /// ```
    /// assert_eq!(cashless::Status::NotEvaluable.name(), "not_evaluable");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Status::Exceeded => "exceeded",
            Status::Met => "met",
            Status::Below => "below",
            Status::OnTrack => "on_track",
            Status::AccelerationNeeded => "acceleration_needed",
            Status::LimitedProgress => "limited_progress",
            Status::Deterioration => "deterioration",
            Status::NotEvaluable => "not_evaluable",
        }
    }

    /// The status as a report names it, in `lang`: `Vượt`, `Đạt`, `Không đạt`, `Đúng tiến độ`…
    ///
    /// ```
    /// use cashless::{lang::Lang, Status};
    /// assert_eq!(Status::Below.word(Lang::Vi), "Không đạt");
    /// assert_eq!(Status::OnTrack.word(Lang::En), "On track");
    /// ```
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Status::Exceeded => lang.pick("Vượt", "Exceeded"),
            Status::Met => lang.pick("Đạt", "Met"),
            Status::Below => lang.pick("Không đạt", "Below"),
            Status::OnTrack => lang.pick("Đúng tiến độ", "On track"),
            Status::AccelerationNeeded => lang.pick("Cần tăng tốc", "Acceleration needed"),
            Status::LimitedProgress => lang.pick("Tiến triển hạn chế", "Limited progress"),
            Status::Deterioration => lang.pick("Giảm sút", "Deterioration"),
            Status::NotEvaluable => lang.pick("Không đánh giá được", "Not evaluable"),
        }
    }

    /// How many of each status, in words, in the order of [`Status::ALL`] and leaving out
    /// the statuses none has: `3 vượt, 1 cần tăng tốc` (`3 exceeded, 1 acceleration needed`).
    ///
    /// ```
    /// use cashless::{lang::Lang, Status};
    /// let s = [Status::Met, Status::Exceeded, Status::Met];
    /// assert_eq!(Status::tally(s, Lang::Vi), "1 vượt, 2 đạt");
    /// ```
    pub fn tally(statuses: impl IntoIterator<Item = Status>, lang: Lang) -> String {
        let mut counts = [0usize; Status::ALL.len()];
        for s in statuses {
            if let Some(i) = Status::ALL.iter().position(|x| *x == s) {
                counts[i] += 1;
            }
        }
        Status::ALL
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{n} {}", s.word(lang).to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The status named `name` ([`Status::name`]), as results write it.
    ///
    /// ```
    /// use cashless::Status;
    /// assert_eq!(Status::from_name("on_track"), Some(Status::OnTrack));
    /// assert_eq!(Status::from_name("On track"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Every status, in the order reports list them.
    pub const ALL: [Status; 8] = [
        Status::Exceeded,
        Status::Met,
        Status::Below,
        Status::OnTrack,
        Status::AccelerationNeeded,
        Status::LimitedProgress,
        Status::Deterioration,
        Status::NotEvaluable,
    ];

    /// The status of a stage under way from the ratio of actual to required growth.
    ///
    /// ```
    /// use cashless::attainment::Status;
    /// assert_eq!(Status::from_progress(0.95), Status::OnTrack);
    /// assert_eq!(Status::from_progress(0.60), Status::AccelerationNeeded);
    /// assert_eq!(Status::from_progress(0.0), Status::LimitedProgress);
    /// assert_eq!(Status::from_progress(-0.1), Status::Deterioration);
    /// ```
    pub fn from_progress(ratio: f64) -> Status {
        if ratio >= 0.95 {
            Status::OnTrack
        } else if ratio >= 0.60 {
            Status::AccelerationNeeded
        } else if ratio >= 0.0 {
            Status::LimitedProgress
        } else {
            Status::Deterioration
        }
    }
}

/// The ratio that judges a stage under way.
///
/// ```
/// use cashless::attainment::Progress;
/// assert_eq!("open_sdg".parse::<Progress>().unwrap(), Progress::OpenSdg);
/// assert_eq!(Progress::Remaining.name(), "remaining");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Progress {
    /// Eurostat / Open SDG: growth achieved since the base year over the constant growth from
    /// the base year that reaches the target in the end year.
    #[default]
    OpenSdg,
    /// Growth achieved over the growth still required in each remaining year.
    Remaining,
}

impl Progress {
    /// `open_sdg` or `remaining`.
    pub fn name(self) -> &'static str {
        match self {
            Progress::OpenSdg => "open_sdg",
            Progress::Remaining => "remaining",
        }
    }
}

impl std::str::FromStr for Progress {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "open_sdg" | "open-sdg" | "eurostat" => Ok(Progress::OpenSdg),
            "remaining" => Ok(Progress::Remaining),
            other => Err(invalid_argument(crate::say!(
                format!(
                    "cách đánh giá tiến độ {other:?} không có: \"open_sdg\" hoặc \"remaining\""
                ),
                format!("progress method {other:?} is not known: \"open_sdg\" or \"remaining\""),
            ))),
        }
    }
}
