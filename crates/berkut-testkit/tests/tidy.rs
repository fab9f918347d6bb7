//! Architecture invariants checked as ordinary tests (rust-analyzer's tidy).

use std::path::{Path, PathBuf};

const PURE: &[&str] = &[
    "berkut-domain",
    "berkut-text",
    "berkut-match",
    "berkut-index",
    "berkut-documents",
    "berkut-lists",
    "berkut-register",
    "berkut-engine",
    "berkut-gen",
    "berkut-control",
];

const ASYNC_OR_IO_DEPS: &[&str] = &[
    "tokio",
    "sqlx",
    "axum",
    "hyper",
    "reqwest",
    "tower",
    "async-std",
];

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The names of the dependencies in one section of a Cargo.toml.
fn deps(manifest: &str, section: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in manifest.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            inside = t == format!("[{section}]");
            continue;
        }
        if inside && let Some((name, _)) = t.split_once('=') {
            let name = name.trim();
            if !name.is_empty() && !name.starts_with('#') {
                out.push(name.split('.').next().unwrap_or(name).to_string());
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn pure_crates_have_no_async_or_io_dependencies() {
    let mut checked = 0;
    for name in PURE {
        let manifest = crates_dir().join(name).join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            continue;
        };
        checked += 1;
        for d in deps(&text, "dependencies") {
            assert!(
                !ASYNC_OR_IO_DEPS.contains(&d.as_str()),
                "{name} is a pure crate but depends on {d}"
            );
        }
    }
    assert!(checked >= 3, "found only {checked} pure crates");
}

#[test]
fn pure_crates_do_no_file_or_network_io() {
    for name in PURE {
        let mut files = Vec::new();
        rust_files(&crates_dir().join(name).join("src"), &mut files);
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            for banned in ["std::fs", "std::net", "tokio::", "File::open"] {
                assert!(!text.contains(banned), "{} uses {banned}", f.display());
            }
        }
    }
}

#[test]
fn only_the_store_and_testkit_depend_on_sqlx() {
    let Ok(entries) = std::fs::read_dir(crates_dir()) else {
        panic!("cannot read crates dir")
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(text) = std::fs::read_to_string(e.path().join("Cargo.toml")) else {
            continue;
        };
        if deps(&text, "dependencies").iter().any(|d| d == "sqlx") {
            assert!(
                name == "berkut-store" || name == "berkut-testkit",
                "{name} depends on sqlx; only berkut-store speaks SQL"
            );
        }
    }
}

#[test]
fn tidy_parser_sees_dependencies() {
    let toml = "[package]\nname = \"x\"\n[dependencies]\ntokio.workspace = true\nserde = \"1\"\n[dev-dependencies]\nsqlx = \"0.9\"\n";
    assert_eq!(deps(toml, "dependencies"), ["tokio", "serde"]);
    assert_eq!(deps(toml, "dev-dependencies"), ["sqlx"]);
}
