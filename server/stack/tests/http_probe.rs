//! The real HTTP probe against a tiny server on loopback.
use altinn_stack::exec::http_status;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

#[test]
fn reads_the_status_and_sends_the_host_header() {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = l.local_addr().unwrap().to_string();
    let h = std::thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        let mut buf = [0u8; 1024];
        let n = s.read(&mut buf).unwrap();
        let req = String::from_utf8_lossy(&buf[..n]).to_string();
        s.write_all(b"HTTP/1.1 418 I'm a teapot\r\nContent-Length: 0\r\n\r\n")
            .unwrap();
        req
    });
    let code = http_status(
        &addr,
        "studio.localhost:8000",
        "/healthz",
        Duration::from_secs(5),
    )
    .expect("answer");
    assert_eq!(code, 418);
    let req = h.join().unwrap();
    assert!(req.starts_with("GET /healthz HTTP/1.1\r\n"), "{req}");
    assert!(req.contains("\r\nHost: studio.localhost:8000\r\n"), "{req}");
}

#[test]
fn refused_and_garbage_are_errors() {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = l.local_addr().unwrap().to_string();
    drop(l);
    assert!(http_status(&addr, "x", "/", Duration::from_secs(2)).is_err());
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = l.local_addr().unwrap().to_string();
    let h = std::thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        let mut buf = [0u8; 256];
        let _ = s.read(&mut buf);
        s.write_all(b"SSH-2.0-OpenSSH\r\n").unwrap();
    });
    let err = http_status(&addr, "x", "/", Duration::from_secs(2)).unwrap_err();
    assert!(err.contains("not an HTTP answer"), "{err}");
    h.join().unwrap();
}
