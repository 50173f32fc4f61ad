//! The shared domain kit: small pure building blocks every area uses, so that none
//! writes them again. It depends on nothing else in the crate (a rule of
//! ARCHITECTURE.md), and imports neither actix nor diesel.

pub mod actor;
pub mod clock;
pub mod codes;
pub mod money;
pub mod refusal;
pub mod roles;
pub mod text;
pub mod translations;

#[cfg(test)]
mod tests {
    /// The kit's dependency rule, checked: no `crate::` path outside the kit, and no
    /// actix or diesel, in the code of any file of `src/kit/` (its tests may).
    #[test]
    fn the_kit_depends_on_nothing_else_in_the_crate() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/kit");
        let mut wrong = Vec::new();
        let mut files = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            files += 1;
            // The code, not its tests (this very test names what it looks for).
            let code_part = text.split("#[cfg(test)]").next().unwrap_or("");
            for (n, line) in code_part.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                let outside = code.match_indices("crate::").any(|(i, _)| {
                    let rest = &code[i + "crate::".len()..];
                    !(rest.starts_with("kit::") || rest.starts_with("__code_enum"))
                });
                if outside || code.contains("actix") || code.contains("diesel") {
                    wrong.push(format!("{}:{}: {line}", path.display(), n + 1));
                }
            }
        }
        assert!(files >= 5, "read {files} files");
        assert!(wrong.is_empty(), "the kit reaches out: {wrong:#?}");
    }
}
