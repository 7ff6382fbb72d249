//! The application layer end to end: files in, vault, activities and charts out.

mod activity_load;
mod corpus;
mod dashboard;
mod flows;
mod pipeline;
mod plans;
mod rpe_trimp;
mod summary_files;
mod support;
mod training;
