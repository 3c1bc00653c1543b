//! One timed run of a command: its wall time and the peak resident memory of the process and
//! the descendants it waited for (a JVM under a Python launcher counts), from `wait4`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug)]
pub struct Sample {
    pub wall: Duration,
    pub peak: u64,
}

/// What one run gave: a sample, or why there is none (exit status and the end of its output).
pub type Outcome = Result<Sample, String>;

/// Runs `command`, with its output kept in `log`, and measures it. A run that outlives
/// `limit` is killed and counts as failed.
pub fn run(command: &mut Command, log: &Path, limit: Duration) -> Outcome {
    let out = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let started = Instant::now();
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err))
        .spawn()
        .map_err(|e| format!("cannot start: {e}"))?;
    let pid = child.id() as libc::pid_t;
    // A watchdog kills a run that takes too long; wait4 below then reaps it.
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if done_rx.recv_timeout(limit).is_err() {
            // SAFETY: kill only sends a signal; the pid is our child's, not yet reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            return true;
        }
        false
    });
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: wait4 writes the status and a complete rusage into the pointers it is given.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, usage.as_mut_ptr()) };
    let wall = started.elapsed();
    let _ = done_tx.send(());
    let timed_out = watchdog.join().unwrap_or(false);
    drop(child);
    if reaped != pid {
        return Err("wait4 failed".to_owned());
    }
    if timed_out {
        return Err(format!("killed after {} s", limit.as_secs()));
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        return Err(why(&text));
    }
    // SAFETY: initialised by the successful wait4 above.
    let usage = unsafe { usage.assume_init() };
    Ok(Sample {
        wall,
        // ru_maxrss is in KiB on Linux.
        peak: usage.ru_maxrss.max(0) as u64 * 1024,
    })
}

/// The line of a failed run's output that says why: a Rust panic's message, a Java
/// exception, an error line, or else the last line.
fn why(output: &str) -> String {
    let lines: Vec<&str> = output
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let found = lines
        .iter()
        .position(|l| l.contains("panicked at"))
        .and_then(|i| lines.get(i + 1))
        .or_else(|| {
            lines.iter().find(|l| {
                l.contains("Exception:") || l.starts_with("Error") || l.starts_with("error")
            })
        })
        .or(lines.last())
        .copied()
        .unwrap_or("no output");
    found.chars().take(140).collect()
}

/// The median of the successful samples' wall times and peaks (each taken on its own).
pub fn median(samples: &[Sample]) -> Option<Sample> {
    if samples.is_empty() {
        return None;
    }
    let mut walls: Vec<Duration> = samples.iter().map(|s| s.wall).collect();
    let mut peaks: Vec<u64> = samples.iter().map(|s| s.peak).collect();
    walls.sort();
    peaks.sort_unstable();
    Some(Sample {
        wall: walls[walls.len() / 2],
        peak: peaks[peaks.len() / 2],
    })
}
