//! paceline-import against real files (the shared corpus, read in place) and archives
//! built in memory from files our own FIT writer makes.

mod archives;
mod broken;
mod corpus;
mod reference;
mod summary;
mod support;
