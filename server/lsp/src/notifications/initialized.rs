//! `initialized`: start watching files, scan the workspace, pull the settings.

use crate::main_loop::Msg;
use crate::session::Session;
use std::sync::Arc;

pub fn handle(s: &Arc<Session>) {
    let info = s.client_info();
    let (await_settings, dynamic) = (info.configuration, info.dynamic_watch);
    if !dynamic {
        // Our own watcher starts before the scan, so a file changed while (or right after)
        // the scan runs is not missed: its event waits behind the scan in the state queue.
        s.start_notify();
    }
    // Scan now (in order with what follows); publishing waits briefly for the settings
    // pulled below, so that the first diagnostics already use them.
    s.send(Msg::Scan {
        progress: info.work_done_progress,
        await_settings,
    });
    let s = s.clone();
    tokio::spawn(async move {
        s.pull_settings().await;
        if dynamic {
            s.register_watchers().await;
        }
    });
}
