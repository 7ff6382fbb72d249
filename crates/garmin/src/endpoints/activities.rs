use std::collections::HashSet;
use std::io::Read;

use crate::client::{ApiCall, GarminClient};
use crate::config::fill;
use crate::error::{GarminError, Result};
use crate::mappers::{self, ActivitySummary, Profile, UserSettings};

use super::json_body;

/// The original activity file, taken out of Garmin's download ZIP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginalFile {
    /// The name inside the ZIP (`{id}_ACTIVITY.fit`).
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Largest file accepted out of a download ZIP (a ZIP-bomb guard).
const MAX_UNZIPPED: u64 = 512 * 1024 * 1024;

impl GarminClient {
    /// `socialProfile`; also remembers the display name the wellness paths need.
    /// Doubles as the token check after a sign-in.
    pub async fn profile(&self) -> Result<Profile> {
        let path = self.config().api.social_profile.clone();
        let r = self.execute(ApiCall::get(path, "the profile")).await?;
        let p = mappers::map_profile(&json_body(&r, "the profile")?);
        if let Some(d) = &p.display_name {
            self.set_display_name(d);
        }
        Ok(p)
    }

    /// `user-settings` (units, weight, height, birth date, VO2max).
    pub async fn user_settings(&self) -> Result<UserSettings> {
        let path = self.config().api.user_settings.clone();
        let r = self
            .execute(ApiCall::get(path, "the user settings"))
            .await?;
        Ok(mappers::map_user_settings(&json_body(
            &r,
            "the user settings",
        )?))
    }

    /// The display name: remembered, or fetched with one profile call.
    pub async fn display_name(&self) -> Result<String> {
        if let Some(d) = self.cached_display_name() {
            return Ok(d);
        }
        self.profile()
            .await?
            .display_name
            .ok_or_else(|| GarminError::Unexpected {
                what: "the profile".into(),
                reason: "no displayName".into(),
            })
    }

    /// One page of the activity list, newest first (`start` 0 = newest).
    pub async fn activities(&self, start: u32, limit: u32) -> Result<Vec<ActivitySummary>> {
        let path = self.config().api.activity_list.clone();
        let call = ApiCall::get(path, "the activity list")
            .query("start", start)
            .query("limit", limit.max(1));
        let r = self.execute(call).await?;
        Ok(mappers::map_activity_list(&json_body(
            &r,
            "the activity list",
        )?))
    }

    /// Activities newer than `last_id`, newest first, without duplicates: pages the list
    /// until the page holding `last_id` (or the end). `None` pages the whole history.
    /// A reordered page is handled by start time (see [`new_since`]); a `last_id`
    /// Garmin no longer lists (deleted) means paging to the end: the importer still
    /// recognises what it already holds.
    pub async fn list_activities_since(
        &self,
        last_id: Option<i64>,
        page_size: u32,
    ) -> Result<Vec<ActivitySummary>> {
        let page_size = page_size.clamp(1, 1000);
        let mut out: Vec<ActivitySummary> = Vec::new();
        let mut start = 0u32;
        loop {
            let page = self.activities(start, page_size).await?;
            let full = page.len() as u32 >= page_size;
            let (new, found) = new_since(&page, last_id);
            out.extend(new);
            if found || !full {
                break;
            }
            start += page_size;
        }
        let mut seen = HashSet::new();
        out.retain(|a| seen.insert(a.id));
        out.sort_by(|a, b| b.start_gmt.cmp(&a.start_gmt).then(b.id.cmp(&a.id)));
        Ok(out)
    }

    /// `activity-service/activity/{id}`.
    pub async fn activity(&self, id: i64) -> Result<ActivitySummary> {
        let what = format!("activity {id}");
        let path = fill(&self.config().api.activity, &[("id", &id.to_string())]);
        let r = self.execute(ApiCall::get(path, what.clone())).await?;
        mappers::map_activity_detail(&json_body(&r, &what)?).ok_or(GarminError::Unexpected {
            what,
            reason: "no activityId".into(),
        })
    }

    /// The original file (FIT) of an activity: the download ZIP, unpacked. A truncated
    /// or corrupt ZIP is [`GarminError::BadZip`].
    pub async fn download_original(&self, id: i64) -> Result<OriginalFile> {
        let what = format!("the file of activity {id}");
        let path = fill(
            &self.config().api.download_original,
            &[("id", &id.to_string())],
        );
        let mut call = ApiCall::get(path, what);
        call.accept = "*/*";
        let r = self.execute(call).await?;
        unzip_original(&r.body)
    }
}

/// The items of `page` newer than `last_id`, and whether `last_id` was on it. Garmin
/// lists newest first, but a page can come reordered: on the page holding `last_id`,
/// items that started after it (or, without times, have a larger id) are new too.
pub fn new_since(page: &[ActivitySummary], last_id: Option<i64>) -> (Vec<ActivitySummary>, bool) {
    let Some(last) = last_id else {
        return (page.to_vec(), false);
    };
    let Some(marker) = page.iter().find(|a| a.id == last) else {
        return (page.to_vec(), false);
    };
    let newer = |a: &ActivitySummary| match (a.start_gmt, marker.start_gmt) {
        (Some(x), Some(m)) if x != m => x > m,
        _ => a.id > marker.id,
    };
    let new = page
        .iter()
        .filter(|a| a.id != last && newer(a))
        .cloned()
        .collect();
    (new, true)
}

/// The first FIT file (else the first file) of a download ZIP.
pub(crate) fn unzip_original(bytes: &[u8]) -> Result<OriginalFile> {
    let bad = |e: zip::result::ZipError| GarminError::BadZip(e.to_string());
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(bad)?;
    let names: Vec<String> = z.file_names().map(String::from).collect();
    let pick = names
        .iter()
        .find(|n| n.to_ascii_lowercase().ends_with(".fit"))
        .or_else(|| names.iter().find(|n| !n.ends_with('/')))
        .ok_or(GarminError::EmptyZip)?
        .clone();
    let f = z.by_name(&pick).map_err(bad)?;
    let mut out = Vec::new();
    f.take(MAX_UNZIPPED + 1)
        .read_to_end(&mut out)
        .map_err(|e| GarminError::BadZip(e.to_string()))?;
    if out.len() as u64 > MAX_UNZIPPED {
        return Err(GarminError::BadZip("the file inside is too large".into()));
    }
    let file_name = pick.rsplit('/').next().unwrap_or(&pick).to_string();
    Ok(OriginalFile {
        file_name,
        bytes: out,
    })
}
