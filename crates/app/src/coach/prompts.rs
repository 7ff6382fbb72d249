//! Prompts: the user's latest saved version of an action's template, else the
//! built-in one; saving and rolling back make new versions (the ledger records which
//! version produced what).

use paceline_coach::prompts::{self, builtin, user_version, Prompt};
use paceline_store::PromptVersionRow;

use crate::{App, AppError, Result};

fn coach(e: paceline_coach::CoachError) -> AppError {
    AppError::InvalidInput(e.to_string())
}

impl App {
    /// The prompt an action uses now.
    pub fn coach_prompt(&self, name: &str) -> Result<Prompt> {
        let base = builtin(name).map_err(coach)?;
        match self.store.prompt_versions(name)?.pop() {
            Some(v) => user_version(name, v.version, &v.body).map_err(coach),
            None => Ok(base),
        }
    }

    /// The user's saved versions of a prompt, oldest first (the built-in one is
    /// version `builtin(name).version` and is not listed).
    pub fn coach_prompt_versions(&self, name: &str) -> Result<Vec<PromptVersionRow>> {
        builtin(name).map_err(coach)?;
        Ok(self.store.prompt_versions(name)?)
    }

    /// Saves an edited template as the prompt's next version (it must compile and
    /// keep the answer's schema).
    pub fn coach_save_prompt(&self, name: &str, body: &str) -> Result<u32> {
        let base = builtin(name).map_err(coach)?;
        user_version(name, 0, body).map_err(coach)?;
        Ok(self
            .store
            .add_prompt_version(name, body, base.version, self.now())?)
    }

    /// Makes `version` (a saved one, or the built-in one's number) current again, as a
    /// new version.
    pub fn coach_rollback_prompt(&self, name: &str, version: u32) -> Result<u32> {
        let base = builtin(name).map_err(coach)?;
        let body = if version == base.version {
            base.body
        } else {
            self.store
                .prompt_versions(name)?
                .into_iter()
                .find(|v| v.version == version)
                .map(|v| v.body)
                .ok_or_else(|| {
                    AppError::NotFound(format!("prompt {name} has no version {version}"))
                })?
        };
        self.coach_save_prompt(name, &body)
    }

    /// Every action's prompt name.
    pub fn coach_prompt_names(&self) -> &'static [&'static str] {
        prompts::NAMES
    }
}
