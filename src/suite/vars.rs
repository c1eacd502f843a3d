//! The `[vars]` table resolved: each variable's placeholders filled in from the variables
//! it names, whatever their order in the file; a variable that leads back to itself is
//! refused, and none becomes larger than `MAX_RENDERED_BYTES`. Pure.

use std::collections::BTreeMap;

use super::template::{Template, Vars};

/// Renders the variables written as text (`templates`: name → offset in the file and
/// template; overridden ones left out) into `known`, which holds every other value
/// already (plain values, `--var`, `${env.NAME}`). An error is an offset and a message.
pub fn resolve(
    templates: &BTreeMap<String, (usize, Template)>,
    known: &mut Vars,
) -> Result<(), (usize, String)> {
    // Their placeholders were checked before: each names something known.
    let needs: BTreeMap<&str, Vec<&str>> = templates
        .iter()
        .map(|(name, (_, t))| (name.as_str(), t.names().unwrap_or_default()))
        .collect();
    let mut done: BTreeMap<&str, bool> = BTreeMap::new();
    for root in templates.keys() {
        if done.contains_key(root.as_str()) {
            continue;
        }
        // Depth first on a stack of its own: a chain of many thousand variables must not
        // overflow the thread's. Each entry: a variable and its next placeholder to visit.
        let mut stack: Vec<(&str, usize)> = vec![(root.as_str(), 0)];
        done.insert(root.as_str(), false);
        while let Some((name, next)) = stack.last_mut() {
            let name: &str = name;
            let (offset, template) = &templates[name];
            if let Some(&dep) = needs[name].get(*next) {
                *next += 1;
                match done.get(dep) {
                    _ if !templates.contains_key(dep) => {}
                    Some(true) => {}
                    Some(false) => {
                        return Err((
                            *offset,
                            format!("var {name}: ${{{dep}}} leads back to {name}"),
                        ));
                    }
                    None => {
                        done.insert(dep, false);
                        stack.push((dep, 0));
                    }
                }
                continue;
            }
            let value = template
                .render(known)
                .map_err(|e| (*offset, format!("var {name}: {e}")))?;
            known.set(name, value);
            done.insert(name, true);
            stack.pop();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates(pairs: &[(&str, &str)]) -> BTreeMap<String, (usize, Template)> {
        pairs
            .iter()
            .enumerate()
            .map(|(i, (n, t))| (n.to_string(), (i, Template::new(*t))))
            .collect()
    }

    #[test]
    fn variables_are_filled_in_whatever_their_order() {
        let mut known = Vars::default();
        known.set("d", "4".into());
        let vars = templates(&[("a", "${b}+${d}"), ("b", "${c}"), ("c", "z")]);
        for (name, (_, t)) in &vars {
            known.set(name, t.as_written().into());
        }
        resolve(&vars, &mut known).unwrap();
        assert_eq!(known.get("a"), Some("z+4"));
        assert_eq!(known.get("b"), Some("z"));
    }

    #[test]
    fn a_cycle_and_a_blow_up_are_refused() {
        let mut known = Vars::default();
        let err = resolve(&templates(&[("a", "${b}"), ("b", "x ${a}")]), &mut known);
        assert_eq!(err, Err((1, "var b: ${a} leads back to b".into())));
        let err = resolve(&templates(&[("a", "${a}")]), &mut known);
        assert_eq!(err, Err((0, "var a: ${a} leads back to a".into())));
        let mut pairs = vec![("a0".to_string(), "x".repeat(1000))];
        for i in 1..6 {
            pairs.push((format!("a{i}"), format!("${{a{}}}", i - 1).repeat(1000)));
        }
        let refs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let err = resolve(&templates(&refs), &mut known).unwrap_err();
        assert_eq!(
            err,
            (
                2,
                "var a2: larger than 1 MiB once its ${…} are filled in".into()
            )
        );
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let pairs: Vec<(String, String)> = (0..200_000)
            .map(|i| (format!("v{i:06}"), format!("${{v{:06}}}", i + 1)))
            .collect();
        let refs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let mut known = Vars::default();
        known.set("v200000", "end".into());
        resolve(&templates(&refs), &mut known).unwrap();
        assert_eq!(known.get("v000000"), Some("end"));
    }
}
