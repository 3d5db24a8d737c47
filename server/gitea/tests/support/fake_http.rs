//! A tiny HTTP/1.1 server on loopback for the transport tests: answers every request with a
//! fixed reply (one request per connection) and records the request heads it saw.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct Fake {
    pub port: u16,
    pub seen: Arc<Mutex<Vec<String>>>,
}

/// Serves on `ip`:<free port>; `reply(head)` gives the whole response for a request head.
pub fn serve(ip: &str, reply: impl Fn(&str) -> String + Send + 'static) -> Fake {
    let l = TcpListener::bind((ip, 0)).expect("bind loopback");
    let port = l.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        // Bounded: a test makes a handful of requests.
        for conn in l.incoming().take(32) {
            let Ok(mut s) = conn else { continue };
            let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
            let mut r = BufReader::new(s.try_clone().unwrap());
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            log.lock().unwrap().push(head.clone());
            let _ = s.write_all(reply(&head).as_bytes());
            let _ = s.flush();
        }
    });
    Fake { port, seen }
}

pub fn status(code: &str, extra: &str) -> String {
    format!("HTTP/1.1 {code}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n")
}

/// A repository whose `origin` is `url` (no commits needed for a fetch attempt).
pub fn repo_with_origin(dir: &std::path::Path, url: &str) {
    let r = git2::Repository::init(dir).unwrap();
    r.remote("origin", url).unwrap();
}
