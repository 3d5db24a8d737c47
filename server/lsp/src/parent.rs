//! Ends the server when the editor is gone (LSP `initialize.processId`). An editor that
//! crashes or is killed can leave the server's stdin open (seen on Windows), and the server
//! must not outlive it. Unix polls the pid every few seconds, as vscode-languageserver's own
//! servers do; Windows waits on a process handle, which also keeps the pid from being reused.

/// Watches `pid` on a thread of its own and exits the process when it ends. Does nothing
/// when the process cannot be seen from here at start: a pid from another container or
/// machine (a remote editor) must not end the server at once.
pub fn watch(pid: u32) {
    let Some(w) = imp::Watch::new(pid) else {
        tracing::info!("altinn-ls: the editor process {pid} is not visible here; not watching it");
        return;
    };
    let started = std::thread::Builder::new()
        .name("editor-watch".into())
        .spawn(move || {
            if w.wait_for_exit() {
                tracing::warn!("altinn-ls: the editor process {pid} is gone; exiting");
                std::process::exit(1);
            }
        });
    if let Err(e) = started {
        tracing::warn!("altinn-ls: cannot watch the editor process {pid}: {e}");
    }
}

#[cfg(unix)]
mod imp {
    use rustix::io::Errno;
    use rustix::process::{test_kill_process, Pid};
    use std::time::Duration;

    /// How often to look for the editor process.
    const POLL: Duration = Duration::from_secs(3);

    pub struct Watch(Pid);

    impl Watch {
        pub fn new(pid: u32) -> Option<Self> {
            let pid = Pid::from_raw(i32::try_from(pid).ok()?)?;
            alive(pid).then_some(Self(pid))
        }

        /// True once the process is gone (never returns false).
        pub fn wait_for_exit(self) -> bool {
            while alive(self.0) {
                std::thread::sleep(POLL);
            }
            true
        }
    }

    /// `kill(pid, 0)`: EPERM means the process exists but is another user's.
    fn alive(pid: Pid) -> bool {
        !matches!(test_kill_process(pid), Err(Errno::SRCH))
    }
}

#[cfg(windows)]
#[allow(unsafe_code)] // the lsp crate's one exception: three kernel32 calls, no safe wrapper in std
mod imp {
    use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, WAIT_OBJECT_0};
    use windows_sys::Win32::System::Threading::{
        OpenProcess, WaitForSingleObject, INFINITE, PROCESS_SYNCHRONIZE,
    };

    pub struct Watch(HANDLE);

    // SAFETY: a process handle is a kernel object reference, usable from any thread.
    unsafe impl Send for Watch {}

    impl Watch {
        pub fn new(pid: u32) -> Option<Self> {
            // SAFETY: no pointers passed; a null handle means no such process or no access.
            let h = unsafe { OpenProcess(PROCESS_SYNCHRONIZE, 0, pid) };
            (!h.is_null()).then_some(Self(h))
        }

        /// True once the process has ended; false if the wait itself failed.
        pub fn wait_for_exit(self) -> bool {
            // SAFETY: `self.0` is the open handle from `new`, closed once here.
            unsafe {
                let r = WaitForSingleObject(self.0, INFINITE);
                CloseHandle(self.0);
                r == WAIT_OBJECT_0
            }
        }
    }
}

#[cfg(not(any(unix, windows)))]
mod imp {
    pub struct Watch;
    impl Watch {
        pub fn new(_pid: u32) -> Option<Self> {
            None
        }
        pub fn wait_for_exit(self) -> bool {
            false
        }
    }
}
