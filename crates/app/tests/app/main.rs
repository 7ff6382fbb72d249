//! The application layer end to end: files in, vault, activities and charts out.

mod activity_load;
mod athletes;
mod backup;
mod coach;
mod coach_flows;
mod coach_jobs;
mod corpus;
mod dashboard;
mod export;
mod flows;
mod garmin;
mod jobs;
mod logbook;
mod people;
mod pipeline;
mod plans;
mod routes;
mod rpe_trimp;
mod secrets;
mod summary_files;
mod support;
mod training;
