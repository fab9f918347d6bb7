//! The OpenAPI document: committed and current, and it lists exactly the
//! routes of the permission table. `BERKUT_BLESS=1` rewrites the file.

use std::collections::BTreeSet;

use berkut_api::rbac::ROUTES;

fn committed_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.json")
}

#[test]
fn committed_openapi_json_is_current() {
    let generated = berkut_api::openapi_json();
    let path = committed_path();
    if std::env::var("BERKUT_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "crates/berkut-api/openapi.json is stale: run `BERKUT_BLESS=1 cargo test -p berkut-api openapi` and commit it"
    );
}

#[test]
fn document_lists_exactly_the_routes_of_the_permission_table() {
    let api = serde_json::to_value(berkut_api::openapi()).unwrap();
    assert_eq!(api["openapi"], "3.1.0");
    let mut documented = BTreeSet::new();
    for (path, item) in api["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if ["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                documented.insert((method.to_uppercase(), path.clone()));
                let desc = op["description"].as_str().unwrap_or("");
                assert!(
                    desc.contains("Permission: `") || desc.contains("Public: no token needed."),
                    "{method} {path} does not state its permission"
                );
                let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
                assert_eq!(
                    secured,
                    path.starts_with("/v1/"),
                    "{method} {path}: /v1 routes need the bearer scheme, others none"
                );
                assert!(
                    op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                    "{method} {path} has no summary"
                );
            }
        }
    }
    let table: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    assert_eq!(documented, table);
    for code in [
        "ban_not_found",
        "person_not_found",
        "engine_unavailable",
        "validation_failed",
    ] {
        assert!(
            api["components"]["schemas"]["ErrorCode"]
                .to_string()
                .contains(code),
            "{code}"
        );
    }
}

/// Routes may be added only through `utoipa_axum::routes!`, which documents
/// them: a plain `.route(` in the crate's source would bypass the document.
#[test]
fn no_route_bypasses_the_document() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 5);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for needle in [
            ".route(",
            ".route_service(",
            ".nest(",
            ".nest_service(",
            ".merge(",
        ] {
            assert!(!text.contains(needle), "{} uses {needle}", f.display());
        }
    }
}

/// The README's route table says what the permission table says.
#[test]
fn readme_route_table_matches_the_matrix() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    for r in ROUTES {
        let row = match r.permission {
            Some(p) => {
                let roles: Vec<&str> = p.roles().into_iter().map(|r| r.code()).collect();
                format!(
                    "| `{}` | `{}` | `{}` | {} |",
                    r.method,
                    r.path,
                    p.code(),
                    roles.join(", ")
                )
            }
            None => format!("| `{}` | `{}` | public | |", r.method, r.path),
        };
        assert!(readme.contains(&row), "README.md lacks the row\n{row}");
    }
}
