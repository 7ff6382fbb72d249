//! Injuries, rules and exports in the wire's terms (the Coach › Goals page and the
//! Calendar's export buttons), and the one rule parser the CLI and the window share.

use std::path::PathBuf;

use paceline_plan::brief::{Injury, Rule};
use paceline_plan::{Date, Intensity, Sport};
use paceline_types::{InjuryEntry, PlanExported, RuleEntry};

use super::invalid;
use super::wire::from_key;
use crate::{AthleteScope, Result};

/// Where exports go: `PACELINE_EXPORT_DIR`, else the user's Downloads folder, else
/// `exports/` in the data folder.
pub const EXPORT_DIR_ENV: &str = "PACELINE_EXPORT_DIR";

const RULE_TYPES: &str = "no_sport_on_day, rest_day, long_session_day, max_hard_days_per_week, \
     no_back_to_back_hard_days, max_session_minutes, min_sessions_per_week, \
     max_sessions_per_day, sport_only_on_days, min_rest_days_per_week, max_consecutive_days";

/// A rule from its JSON form (`{"type":"rest_day","day":"mon"}`), or from its type
/// and `KEY=VALUE` fields (`rest_day day=mon`; `days=mon,wed`).
pub fn parse_rule(rule: &str, fields: &[String]) -> Result<Rule> {
    let value = if rule.trim_start().starts_with('{') {
        serde_json::from_str(rule).map_err(|e| invalid(format!("rule JSON: {e}")))?
    } else {
        let mut m = serde_json::Map::new();
        m.insert("type".into(), rule.trim().into());
        for f in fields {
            let (k, v) = f
                .split_once('=')
                .ok_or_else(|| invalid(format!("give rule fields as KEY=VALUE, not {f:?}")))?;
            let v = if k == "days" {
                serde_json::Value::Array(v.split(',').map(|d| d.trim().into()).collect())
            } else if let Ok(n) = v.parse::<f64>() {
                serde_json::json!(n)
            } else {
                v.trim().into()
            };
            m.insert(k.trim().into(), v);
        }
        serde_json::Value::Object(m)
    };
    // Whole numbers where the rule wants a count.
    let value = match value {
        serde_json::Value::Object(mut m) => {
            if let Some(n) = m.get("n").and_then(|n| n.as_f64()) {
                if n >= 0.0 && n.fract() == 0.0 {
                    m.insert("n".into(), serde_json::json!(n as u64));
                }
            }
            serde_json::Value::Object(m)
        }
        v => v,
    };
    serde_json::from_value(value).map_err(|e| invalid(format!("rule: {e} (types: {RULE_TYPES})")))
}

fn export_root(data_dir: &std::path::Path) -> PathBuf {
    std::env::var_os(EXPORT_DIR_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| directories::UserDirs::new().and_then(|u| u.download_dir().map(PathBuf::from)))
        .unwrap_or_else(|| data_dir.join("exports"))
}

impl AthleteScope<'_> {
    pub fn injury_entries(&self) -> Result<Vec<InjuryEntry>> {
        Ok(self
            .injuries()?
            .into_iter()
            .map(|r| InjuryEntry {
                id: Some(r.id),
                description: r.injury.description,
                sport: r.injury.sport.map(|s| s.name().to_string()),
                from: r.injury.from.0,
                until: r.injury.until.map(|d| d.0),
                forbidden_intensities: r
                    .injury
                    .forbidden_intensities
                    .iter()
                    .map(|i| i.name().to_string())
                    .collect(),
                max_session_minutes: r.injury.max_session_minutes.map(f64::from),
                forbid_sport: r.injury.forbid_sport.unwrap_or(false),
            })
            .collect())
    }

    pub fn add_injury_entry(&self, e: &InjuryEntry) -> Result<i64> {
        let sport = match e.sport.as_deref().map(str::trim) {
            None | Some("") | Some("all") => None,
            Some(s) => Some(from_key::<Sport>(s, "injury sport")?),
        };
        if e.forbid_sport && sport.is_none() {
            return Err(invalid("choose the sport the injury forbids"));
        }
        let forbidden_intensities = e
            .forbidden_intensities
            .iter()
            .map(|i| from_key::<Intensity>(i, "forbidden intensity"))
            .collect::<Result<Vec<_>>>()?;
        self.add_injury(&Injury {
            description: e.description.trim().to_string(),
            sport,
            from: Date(e.from),
            until: e.until.map(Date),
            forbidden_intensities,
            max_session_minutes: e.max_session_minutes.map(|m| m as f32),
            forbid_sport: e.forbid_sport.then_some(true),
        })
    }

    /// The current rules, each in words and as its JSON.
    pub fn rule_entries(&self) -> Result<Vec<RuleEntry>> {
        Ok(self
            .plan_rules()?
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| RuleEntry {
                index: i as u32,
                words: r.words(),
                json: serde_json::to_string(r).unwrap_or_default(),
            })
            .collect())
    }

    /// Writes the plan (current version) as FIT workouts, an iCalendar file or JSON
    /// into a new folder under the export root; answers what was written.
    pub fn export_plan_files(&self, format: &str) -> Result<PlanExported> {
        let versions = self.plan_versions()?;
        let Some(v) = versions.iter().map(|v| v.version).max() else {
            return Err(invalid(
                "there is no plan to export yet: generate one first",
            ));
        };
        let name = self.profile()?.name;
        let safe: String = name
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        let dir = export_root(self.app.data_dir()).join(format!("Paceline plan {safe} v{v}"));
        let io = |p: &std::path::Path, e: std::io::Error| {
            invalid(format!("cannot write {}: {e}", p.display()))
        };
        let files = match format {
            "fit" => self.export_plan_fit(&dir, Some(v))?,
            "ics" | "json" => {
                std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
                let (body, ext) = if format == "ics" {
                    (self.export_plan_ics(Some(v))?, "ics")
                } else {
                    (self.export_plan_json(Some(v))?, "json")
                };
                let path = dir.join(format!("plan-v{v}.{ext}"));
                std::fs::write(&path, body).map_err(|e| io(&path, e))?;
                vec![path]
            }
            other => {
                return Err(invalid(format!(
                    "export format {other:?}: choose fit, ics or json"
                )))
            }
        };
        Ok(PlanExported {
            version: v,
            dir: dir.display().to_string(),
            files: files
                .iter()
                .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_from_json_or_fields_and_bad_ones_name_the_types() {
        assert_eq!(
            parse_rule("rest_day", &["day=mon".into()]).unwrap(),
            Rule::RestDay {
                day: paceline_plan::Weekday::Mon
            }
        );
        assert_eq!(
            parse_rule(r#"{"type":"max_hard_days_per_week","n":2}"#, &[]).unwrap(),
            Rule::MaxHardDaysPerWeek { n: 2 }
        );
        let e = parse_rule("nap_day", &[]).unwrap_err().to_string();
        assert!(e.contains("rest_day"), "{e}");
        assert!(parse_rule("rest_day", &["mon".into()]).is_err());
    }

    #[test]
    fn words_read_as_a_sentence() {
        let r = parse_rule(
            "sport_only_on_days",
            &["sport=swim".into(), "days=tue,thu".into()],
        )
        .unwrap();
        assert_eq!(r.words(), "swim only on Tuesday, Thursday");
    }
}
