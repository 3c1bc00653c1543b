//! The Cargo features that gate spec modules, kept in a marked block of the consuming crate's
//! manifest: `specs` (all of them), one per module, and one per group of a module split into
//! groups (the module's feature turns its groups on). Everything outside the block is the
//! crate's own and left as it is.

/// The block's first and last lines.
const BEGIN: &str = "# openapi-rs: a feature per spec module, and `specs` for all of them. Written by the generator; edits here are lost.";
const END: &str = "# openapi-rs: end of the spec features.";

/// One module's features: its own, and its groups' (none when it is not split).
pub struct ModuleFeatures<'a> {
    pub feature: &'a str,
    pub groups: &'a [String],
}

/// `manifest` with the block holding `modules`' features: replaced where it is, else added at
/// the end of the `[features]` table (a new table at the end when there is none).
pub fn with_features(manifest: &str, modules: &[ModuleFeatures<'_>]) -> Result<String, String> {
    let block = block(modules);
    let lines: Vec<&str> = manifest.lines().collect();
    let begin = lines.iter().position(|l| l.trim() == BEGIN);
    let end = lines.iter().position(|l| l.trim() == END);
    // Where the block goes, and which of the manifest's lines it replaces.
    let (at, replaced, new_table) = match (begin, end) {
        (Some(begin), Some(end)) if begin < end => (begin, end + 1 - begin, false),
        (None, None) => match lines.iter().position(|l| l.trim() == "[features]") {
            Some(table) => {
                // The table ends before the next table's header; the block goes after its
                // last line that says something.
                let next = lines
                    .iter()
                    .enumerate()
                    .skip(table + 1)
                    .find(|(_, l)| l.trim_start().starts_with('['))
                    .map_or(lines.len(), |(i, _)| i);
                let last = lines
                    .iter()
                    .enumerate()
                    .take(next)
                    .skip(table)
                    .rfind(|(_, l)| !l.trim().is_empty())
                    .map_or(table, |(i, _)| i);
                (last + 1, 0, false)
            }
            None => (lines.len(), 0, true),
        },
        _ => {
            return Err(format!(
                "its block of spec features is broken: keep the lines `{BEGIN}` and `{END}`, in that order, or remove both"
            ));
        }
    };
    let mut out: Vec<String> = lines.iter().take(at).map(|l| (*l).to_owned()).collect();
    if new_table {
        if out.last().is_some_and(|l| !l.trim().is_empty()) {
            out.push(String::new());
        }
        out.push("[features]".to_owned());
    }
    out.extend(block);
    out.extend(lines.iter().skip(at + replaced).map(|l| (*l).to_owned()));
    let mut text = out.join("\n");
    text.push('\n');
    Ok(text)
}

fn block(modules: &[ModuleFeatures<'_>]) -> Vec<String> {
    let list = |names: &mut dyn Iterator<Item = &str>| {
        let quoted: Vec<String> = names.map(|n| format!("\"{n}\"")).collect();
        format!("[{}]", quoted.join(", "))
    };
    let mut block = vec![
        BEGIN.to_owned(),
        format!("specs = {}", list(&mut modules.iter().map(|m| m.feature))),
    ];
    for m in modules {
        block.push(format!(
            "{} = {}",
            m.feature,
            list(&mut m.groups.iter().map(String::as_str))
        ));
        block.extend(m.groups.iter().map(|g| format!("{g} = []")));
    }
    block.push(END.to_owned());
    block
}

/// A module's feature name: the module's name without a raw identifier's `r#`.
pub fn feature(module: &str) -> &str {
    module.strip_prefix("r#").unwrap_or(module)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain<'a>(features: &[&'a str]) -> Vec<ModuleFeatures<'a>> {
        features
            .iter()
            .map(|feature| ModuleFeatures {
                feature,
                groups: &[],
            })
            .collect()
    }

    #[test]
    fn adds_the_block_to_the_features_table_then_keeps_it_up_to_date() {
        let manifest = "[package]\nname = \"api\"\n\n[features]\ndefault = [\"client\", \"specs\"]\nclient = []\n\n[dependencies]\nserde = \"1\"\n";
        let once = with_features(manifest, &plain(&["pets", "shop"])).unwrap();
        assert_eq!(
            once,
            format!(
                "[package]\nname = \"api\"\n\n[features]\ndefault = [\"client\", \"specs\"]\nclient = []\n{BEGIN}\nspecs = [\"pets\", \"shop\"]\npets = []\nshop = []\n{END}\n\n[dependencies]\nserde = \"1\"\n"
            )
        );
        // The block is replaced where it is, and nothing else moves.
        let twice = with_features(&once, &plain(&["pets"])).unwrap();
        assert_eq!(
            twice,
            format!(
                "[package]\nname = \"api\"\n\n[features]\ndefault = [\"client\", \"specs\"]\nclient = []\n{BEGIN}\nspecs = [\"pets\"]\npets = []\n{END}\n\n[dependencies]\nserde = \"1\"\n"
            )
        );
        assert_eq!(with_features(&twice, &plain(&["pets"])).unwrap(), twice);
    }

    #[test]
    fn adds_a_features_table_when_there_is_none_and_refuses_a_broken_block() {
        let added = with_features("[package]\nname = \"api\"\n", &plain(&["pets"])).unwrap();
        assert_eq!(
            added,
            format!(
                "[package]\nname = \"api\"\n\n[features]\n{BEGIN}\nspecs = [\"pets\"]\npets = []\n{END}\n"
            )
        );
        let broken = format!("[features]\n{BEGIN}\nspecs = []\n");
        assert!(with_features(&broken, &plain(&["pets"])).is_err());
        assert_eq!(feature("r#type"), "type");
    }

    #[test]
    fn a_split_module_turns_its_groups_on() {
        let groups = ["gh-issues".to_owned(), "gh-repos".to_owned()];
        let modules = [
            ModuleFeatures {
                feature: "gh",
                groups: &groups,
            },
            ModuleFeatures {
                feature: "pets",
                groups: &[],
            },
        ];
        let text = with_features("[features]\n", &modules).unwrap();
        assert!(
            text.contains("\nspecs = [\"gh\", \"pets\"]\ngh = [\"gh-issues\", \"gh-repos\"]\ngh-issues = []\ngh-repos = []\npets = []\n"),
            "{text}"
        );
    }
}
