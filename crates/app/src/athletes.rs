//! Managing the athletes of a vault: add, rename, archive, delete completely, and
//! which one the CLI and the window open on (the last one used).

use paceline_types::{AthleteId, AthleteInfo};

use crate::{now_utc, App, AppError, Result};

/// The setting that remembers the athlete used last (CLI and window alike).
const LAST_ATHLETE_KEY: &str = "last_athlete";
const MAX_NAME_CHARS: usize = 100;

fn info(a: paceline_store::AthleteRow) -> AthleteInfo {
    AthleteInfo {
        id: a.id,
        name: a.name,
        sex: a.sex,
        archived: a.archived_utc.is_some(),
        activity_count: a.activity_count,
        tz: a.tz,
    }
}

/// A name a person typed: trimmed, not empty, not absurdly long.
fn clean_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::InvalidInput(
            "the athlete's name cannot be empty".into(),
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::InvalidInput(format!(
            "the athlete's name is longer than {MAX_NAME_CHARS} characters"
        )));
    }
    Ok(name)
}

impl App {
    /// Every athlete, archived ones included (they are marked), oldest first.
    pub fn athletes(&self) -> Result<Vec<AthleteInfo>> {
        Ok(self.store.athletes()?.into_iter().map(info).collect())
    }

    pub fn athlete_info(&self, id: AthleteId) -> Result<AthleteInfo> {
        Ok(info(self.store.athlete(id)?))
    }

    /// Adds an athlete. Names are unique (ignoring case) so `--athlete NAME` is never
    /// ambiguous.
    pub fn add_athlete(&self, name: &str) -> Result<AthleteInfo> {
        let name = clean_name(name)?;
        self.unique_name(name, None)?;
        let id = self.store.add_athlete(name, now_utc())?;
        tracing::info!(athlete = id, "athlete added");
        self.athlete_info(id)
    }

    pub fn rename_athlete(&self, id: AthleteId, name: &str) -> Result<()> {
        let name = clean_name(name)?;
        self.unique_name(name, Some(id))?;
        Ok(self.store.rename_athlete(id, name)?)
    }

    fn unique_name(&self, name: &str, except: Option<AthleteId>) -> Result<()> {
        let taken = self
            .store
            .athletes()?
            .iter()
            .any(|a| Some(a.id) != except && a.name.eq_ignore_ascii_case(name));
        if taken {
            return Err(AppError::InvalidInput(format!(
                "there is already an athlete called “{name}”"
            )));
        }
        Ok(())
    }

    /// Archives an athlete (hidden from the switcher, data kept) or restores one.
    /// The last active athlete cannot be archived: the app always opens on someone.
    pub fn archive_athlete(&self, id: AthleteId, archived: bool) -> Result<()> {
        let all = self.store.athletes()?;
        let Some(a) = all.iter().find(|a| a.id == id) else {
            return Err(paceline_store::Error::AthleteNotFound(id).into());
        };
        if archived && a.archived_utc.is_none() {
            if !all.iter().any(|x| x.id != id && x.archived_utc.is_none()) {
                return Err(AppError::InvalidInput(format!(
                    "{} is the only active athlete; add another before archiving them",
                    a.name
                )));
            }
            self.store.set_athlete_archived(id, Some(now_utc()))?;
        } else if !archived && a.archived_utc.is_some() {
            self.store.set_athlete_archived(id, None)?;
        }
        Ok(())
    }

    /// Deletes an athlete and everything of theirs (activities, original files,
    /// thresholds, wellness, watched folders, secrets), then compacts the vault so the bytes
    /// are gone from the file. Refused while one of their jobs runs, and for the only
    /// athlete. Returns how many activities were deleted.
    pub fn delete_athlete(&self, id: AthleteId) -> Result<u32> {
        let all = self.store.athletes()?;
        let Some(a) = all.iter().find(|a| a.id == id) else {
            return Err(paceline_store::Error::AthleteNotFound(id).into());
        };
        if all.len() == 1 {
            return Err(AppError::InvalidInput(format!(
                "{} is the only athlete in this vault; add another before deleting them",
                a.name
            )));
        }
        if let Some(job) = self.jobs.running_for(id) {
            return Err(AppError::InvalidInput(format!(
                "a {} job is running for {}; cancel it or wait for it to finish",
                job.kind, a.name
            )));
        }
        let n = self.store.delete_athlete(id)?;
        tracing::info!(athlete = id, activities = n, "athlete deleted");
        Ok(n)
    }

    /// An athlete from what a person typed: an id, or a name (ignoring case).
    pub fn resolve_athlete(&self, what: &str) -> Result<AthleteId> {
        let all = self.store.athletes()?;
        let what = what.trim();
        if let Ok(id) = what.parse::<AthleteId>() {
            if all.iter().any(|a| a.id == id) {
                return Ok(id);
            }
        }
        all.iter()
            .find(|a| a.name.eq_ignore_ascii_case(what))
            .map(|a| a.id)
            .ok_or_else(|| {
                let names: Vec<String> = all
                    .iter()
                    .map(|a| format!("{} ({})", a.name, a.id))
                    .collect();
                AppError::NotFound(format!(
                    "no athlete “{what}”; the athletes are: {}",
                    names.join(", ")
                ))
            })
    }

    /// The athlete to open on: the last one used while they exist and are active,
    /// else the first active one, else the first.
    pub fn current_athlete(&self) -> Result<AthleteId> {
        let all = self.store.athletes()?;
        let last: Option<AthleteId> = self
            .store
            .setting(LAST_ATHLETE_KEY)?
            .and_then(|v| v.parse().ok());
        let active = |id: AthleteId| all.iter().any(|a| a.id == id && a.archived_utc.is_none());
        if let Some(id) = last.filter(|&id| active(id)) {
            return Ok(id);
        }
        all.iter()
            .find(|a| a.archived_utc.is_none())
            .or(all.first())
            .map(|a| a.id)
            .ok_or_else(|| AppError::Internal("the vault has no athlete".into()))
    }

    /// The scope of [`App::current_athlete`].
    pub fn current(&self) -> Result<crate::AthleteScope<'_>> {
        self.athlete(self.current_athlete()?)
    }

    /// Remembers `id` as the athlete used last.
    pub fn set_current_athlete(&self, id: AthleteId) -> Result<()> {
        self.store.athlete(id)?;
        Ok(self.store.set_setting(LAST_ATHLETE_KEY, &id.to_string())?)
    }
}
