//! One module per notification. Text-sync notifications only put a message on the state
//! thread's queue, before any `.await`, so that the state sees them in arrival order.

pub mod did_change;
pub mod did_change_configuration;
pub mod did_change_watched_files;
pub mod did_change_workspace_folders;
pub mod did_close;
pub mod did_open;
pub mod initialized;
