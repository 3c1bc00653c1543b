//! Peak memory, measured on Linux: the generator's own peak (the process's high-water mark,
//! reset before each spec) and the compiler's (through a wrapper process whose waited-for
//! children are only the one command). Elsewhere nothing is measured and tables say `-`.

use std::process::{Command, ExitCode};

/// Resets this process's high-water mark of resident memory (Linux 4.0 and later).
pub fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// This process's peak resident memory since the last reset, in bytes.
pub fn peak() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The line the wrapper ends its standard error with.
const MARKER: &str = "xtask-measure-peak-bytes:";

/// `cargo xtask measure <command>...`: runs the command and reports the peak resident memory
/// of the largest process it started (rustc, under cargo) on its last line of standard error.
pub fn measure(command: &[&str]) -> ExitCode {
    let Some((program, args)) = command.split_first() else {
        return ExitCode::from(2);
    };
    let status = match Command::new(program).args(args).status() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot run {program}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a complete rusage into the pointer it is given.
    let ok = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) } == 0;
    if ok {
        // SAFETY: initialised by the successful call above.
        let usage = unsafe { usage.assume_init() };
        // ru_maxrss is in KiB on Linux.
        eprintln!("{MARKER} {}", usage.ru_maxrss.max(0) as u64 * 1024);
    }
    match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(c) => ExitCode::from(u8::try_from(c).unwrap_or(1)),
        None => ExitCode::FAILURE,
    }
}

/// The peak the wrapper reported, and its standard error without that line.
pub fn split_report(stderr: &str) -> (Option<u64>, String) {
    let mut peak = None;
    let mut rest = String::with_capacity(stderr.len());
    for line in stderr.lines() {
        match line.strip_prefix(MARKER) {
            Some(n) => peak = n.trim().parse().ok(),
            None => {
                rest.push_str(line);
                rest.push('\n');
            }
        }
    }
    (peak, rest)
}

/// Bytes as MiB for a table, or `-`.
pub fn mib(bytes: Option<u64>) -> String {
    bytes.map_or_else(|| "-".to_owned(), |b| format!("{}", b / (1024 * 1024)))
}
