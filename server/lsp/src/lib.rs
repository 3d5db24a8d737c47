//! The language server: protocol layer only; analysis lives in `altinn-analysis`.
//! Also home of the file-system side both front ends share: finding and loading apps.

pub mod workspace;
