use jiff::civil::Date;
use serde_json::{json, Value};

use crate::client::{ApiCall, GarminClient};
use crate::config::fill;
use crate::error::{GarminError, Result};
use crate::http::Method;
use crate::mappers::{date_at, i64_at, list, str_at};
use crate::workout::Workout;

use super::json_body;

/// A workout Garmin created.
#[derive(Debug, Clone, PartialEq)]
pub struct CreatedWorkout {
    pub workout_id: i64,
    pub raw: Value,
}

/// A workout scheduled on a day of the Garmin calendar (it reaches the watch on sync).
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduledWorkout {
    pub schedule_id: Option<i64>,
    pub date: Option<Date>,
    pub raw: Value,
}

/// What Garmin did with an uploaded activity file.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadOutcome {
    /// Accepted for processing (HTTP 200/201/202).
    Accepted { upload_id: Option<i64>, raw: Value },
    /// Garmin already holds this activity (HTTP 409).
    Duplicate {
        /// The activity Garmin already has, when it says.
        existing_activity_id: Option<i64>,
        raw: Value,
    },
}

impl GarminClient {
    /// `POST /workout-service/workout`.
    pub async fn create_workout(&self, w: &Workout) -> Result<CreatedWorkout> {
        let body = serde_json::to_vec(&w.to_garmin_json()?).expect("JSON values serialise");
        let mut call = ApiCall::get(self.config().api.workout_create.clone(), "the new workout");
        call.method = Method::Post;
        call.body = Some(("application/json".into(), body));
        let r = self.execute(call).await?;
        let v = json_body(&r, "the new workout")?;
        let workout_id = i64_at(&v, "workoutId").ok_or_else(|| GarminError::Unexpected {
            what: "the new workout".into(),
            reason: "no workoutId".into(),
        })?;
        Ok(CreatedWorkout { workout_id, raw: v })
    }

    /// `POST /workout-service/schedule/{workoutId}` with `{"date": "YYYY-MM-DD"}`.
    pub async fn schedule_workout(&self, workout_id: i64, date: Date) -> Result<ScheduledWorkout> {
        let path = fill(
            &self.config().api.workout_schedule,
            &[("id", &workout_id.to_string())],
        );
        let mut call = ApiCall::get(path, format!("the schedule of workout {workout_id}"));
        call.method = Method::Post;
        let body = json!({"date": date.to_string()});
        call.body = Some(("application/json".into(), body.to_string().into_bytes()));
        let r = self.execute(call).await?;
        let v = json_body(&r, "the workout schedule")?;
        Ok(ScheduledWorkout {
            schedule_id: i64_at(&v, "workoutScheduleId"),
            date: date_at(&v, "calendarDate"),
            raw: v,
        })
    }

    /// Creates the workout and schedules it on `date`.
    pub async fn push_workout(
        &self,
        w: &Workout,
        date: Date,
    ) -> Result<(CreatedWorkout, ScheduledWorkout)> {
        let c = self.create_workout(w).await?;
        let s = self.schedule_workout(c.workout_id, date).await?;
        Ok((c, s))
    }

    /// Uploads an activity file (`.fit`, `.gpx`, `.tcx`) as multipart field `file`.
    /// A 409 is [`UploadOutcome::Duplicate`], not an error.
    pub async fn upload_activity(&self, file_name: &str, bytes: &[u8]) -> Result<UploadOutcome> {
        let name: String = file_name
            .chars()
            .filter(|c| !matches!(c, '"' | '\r' | '\n' | '\\' | '/'))
            .collect();
        let boundary = format!("paceline-{:016x}", fastrand::u64(..));
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let mut call = ApiCall::get(self.config().api.upload.clone(), "the upload");
        call.method = Method::Post;
        call.body = Some((format!("multipart/form-data; boundary={boundary}"), body));
        call.pass = &[409];
        let r = self.execute(call).await?;
        // a 409 body may be empty or not JSON: the status alone says "duplicate"
        let v = json_body(&r, "the upload").unwrap_or(Value::Null);
        let failure = list(&v, Some("detailedImportResult/failures")).first();
        if r.status == 409 {
            return Ok(UploadOutcome::Duplicate {
                existing_activity_id: failure.and_then(|f| i64_at(f, "internalId")),
                raw: v,
            });
        }
        if let Some(f) = failure {
            return Err(GarminError::Unexpected {
                what: "the upload".into(),
                reason: str_at(f, "messages/0/content")
                    .unwrap_or_else(|| "Garmin refused the file".into()),
            });
        }
        Ok(UploadOutcome::Accepted {
            upload_id: i64_at(&v, "detailedImportResult/uploadId"),
            raw: v,
        })
    }
}
