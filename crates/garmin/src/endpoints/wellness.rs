use jiff::civil::Date;
use jiff::ToSpan;
use serde_json::Value;

use crate::client::{ApiCall, GarminClient};
use crate::config::fill;
use crate::error::{GarminError, Result};
use crate::mappers::{self as m, *};

use super::json_body;

/// `[start, end]` cut into inclusive chunks of at most `max_days` days, in order.
/// Empty when `end < start`.
pub fn date_chunks(start: Date, end: Date, max_days: u32) -> Vec<(Date, Date)> {
    let mut out = Vec::new();
    let step = i64::from(max_days.max(1)) - 1;
    let mut s = start;
    while s <= end {
        let e = s.checked_add(step.days()).unwrap_or(end).min(end);
        out.push((s, e));
        match e.tomorrow() {
            Ok(n) => s = n,
            Err(_) => break,
        }
    }
    out
}

impl GarminClient {
    async fn get_json(&self, call: ApiCall) -> Result<Value> {
        let what = call.what.clone();
        match self.execute(call).await {
            Ok(r) => json_body(&r, &what),
            // a day Garmin has nothing for
            Err(GarminError::NotFound { .. }) => Ok(Value::Null),
            Err(e) => Err(e),
        }
    }

    async fn day(&self, template: &str, date: Date, what: &str) -> Result<Value> {
        let d = date.to_string();
        let path = fill(template, &[("date", &d)]);
        self.get_json(ApiCall::get(path, format!("{what} of {d}")))
            .await
    }

    /// Calls a `{start}/{end}` range endpoint in chunks of `api.max_range_days`, mapping
    /// each answer.
    async fn ranged<T>(
        &self,
        template: &str,
        start: Date,
        end: Date,
        what: &str,
        map: fn(&Value) -> Vec<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        for (s, e) in date_chunks(start, end, self.config().api.max_range_days) {
            let (s, e) = (s.to_string(), e.to_string());
            let path = fill(template, &[("start", &s), ("end", &e)]);
            let v = self
                .get_json(ApiCall::get(path, format!("{what} {s}…{e}")))
                .await?;
            out.extend(map(&v));
        }
        Ok(out)
    }

    /// The night ending on `date` (`None`: no sleep recorded).
    pub async fn sleep_day(&self, date: Date) -> Result<Option<SleepDay>> {
        let d = date.to_string();
        let dn = self.display_name().await?;
        let path = fill(&self.config().api.daily_sleep, &[("display_name", &dn)]);
        let call = ApiCall::get(path, format!("the sleep of {d}"))
            .query("date", &d)
            .query("nonSleepBufferMinutes", 60);
        Ok(m::map_sleep_day(&self.get_json(call).await?))
    }

    /// Sleep scores over a range (`wellness-service/stats/daily/sleep/score`).
    pub async fn sleep_scores(&self, start: Date, end: Date) -> Result<Vec<(Date, u32)>> {
        let t = "/wellness-service/stats/daily/sleep/score/{start}/{end}".to_string();
        self.ranged(&t, start, end, "the sleep scores", m::map_sleep_scores)
            .await
    }

    /// One night's HRV (`None` on a day without a reading: Garmin answers 204).
    pub async fn hrv_day(&self, date: Date) -> Result<Option<HrvDay>> {
        let t = self.config().api.hrv_day.clone();
        Ok(m::map_hrv_day(&self.day(&t, date, "the HRV").await?))
    }

    /// HRV summaries over a range.
    pub async fn hrv_range(&self, start: Date, end: Date) -> Result<Vec<HrvDay>> {
        let t = self.config().api.hrv_range.clone();
        self.ranged(&t, start, end, "the HRV", m::map_hrv_range)
            .await
    }

    /// Resting heart rate over a range (one call covers about a year; chunked anyway).
    pub async fn resting_hr_range(&self, start: Date, end: Date) -> Result<Vec<DayValue>> {
        let dn = self.display_name().await?;
        let t = fill(&self.config().api.resting_hr, &[("display_name", &dn)]);
        let mut out = Vec::new();
        for (s, e) in date_chunks(start, end, 365) {
            let call = ApiCall::get(t.clone(), format!("the resting HR {s}…{e}"))
                .query("fromDate", s)
                .query("untilDate", e)
                .query("metricId", 60);
            out.extend(m::map_resting_hr(&self.get_json(call).await?));
        }
        Ok(out)
    }

    /// The daily summary (steps, resting HR, stress, calories, body battery).
    pub async fn daily_summary(&self, date: Date) -> Result<Option<DailySummary>> {
        let d = date.to_string();
        let dn = self.display_name().await?;
        let path = fill(&self.config().api.user_summary, &[("display_name", &dn)]);
        let call =
            ApiCall::get(path, format!("the daily summary of {d}")).query("calendarDate", &d);
        Ok(m::map_daily_summary(&self.get_json(call).await?))
    }

    /// Steps per day over a range.
    pub async fn steps_range(&self, start: Date, end: Date) -> Result<Vec<StepsDay>> {
        let t = self.config().api.steps_range.clone();
        self.ranged(&t, start, end, "the steps", m::map_steps_range)
            .await
    }

    /// Stress per day over a range.
    pub async fn stress_range(&self, start: Date, end: Date) -> Result<Vec<StressDay>> {
        let t = self.config().api.stress_range.clone();
        self.ranged(&t, start, end, "the stress", m::map_stress_range)
            .await
    }

    /// One day's stress (with the time series in `raw`).
    pub async fn stress_day(&self, date: Date) -> Result<Option<StressDay>> {
        let t = self.config().api.stress_day.clone();
        Ok(m::map_stress_day(&self.day(&t, date, "the stress").await?))
    }

    /// Body battery per day over a range.
    pub async fn body_battery_range(&self, start: Date, end: Date) -> Result<Vec<BodyBatteryDay>> {
        let path = self.config().api.body_battery.clone();
        let mut out = Vec::new();
        for (s, e) in date_chunks(start, end, self.config().api.max_range_days) {
            let call = ApiCall::get(path.clone(), format!("the body battery {s}…{e}"))
                .query("startDate", s)
                .query("endDate", e);
            out.extend(m::map_body_battery(&self.get_json(call).await?));
        }
        Ok(out)
    }

    /// One day's respiration.
    pub async fn respiration_day(&self, date: Date) -> Result<Option<RespirationDay>> {
        let t = self.config().api.respiration.clone();
        Ok(m::map_respiration(
            &self.day(&t, date, "the respiration").await?,
        ))
    }

    /// One day's SpO2.
    pub async fn spo2_day(&self, date: Date) -> Result<Option<Spo2Day>> {
        let t = self.config().api.spo2.clone();
        Ok(m::map_spo2(&self.day(&t, date, "the SpO2").await?))
    }

    /// Weigh-ins and body composition over a range.
    pub async fn weight_range(&self, start: Date, end: Date) -> Result<Vec<WeightEntry>> {
        let t = format!("{}?includeAll=true", self.config().api.weight_range);
        self.ranged(&t, start, end, "the weight", m::map_weight_range)
            .await
    }

    /// The day's training-readiness snapshots (see [`m::morning_readiness`]).
    pub async fn training_readiness(&self, date: Date) -> Result<Vec<ReadinessSnapshot>> {
        let t = self.config().api.training_readiness.clone();
        Ok(m::map_training_readiness(
            &self.day(&t, date, "the training readiness").await?,
        ))
    }
}
