//! The application layer end to end: files in, vault, activities and charts out.

mod activity_load;
mod athletes;
mod corpus;
mod dashboard;
mod flows;
mod garmin;
mod jobs;
mod pipeline;
mod plans;
mod rpe_trimp;
mod secrets;
mod summary_files;
mod support;
mod training;
