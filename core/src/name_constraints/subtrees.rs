//! `GeneralSubtrees`: the list operations `NameConstraintsExtension.merge` uses (minimize,
//! union, intersect, reduce), reproduced step by step because their side effects decide the
//! result: which subtrees survive, and which "widest subtree" exclusions get added when two
//! CAs permit disjoint names of the same form.

use super::relation::{constrains, names_equal, Gni, Relation, UncheckedException};
use crate::name::Name;
use crate::message::unchecked;

/// One GeneralSubtree: a base name and the minimum / maximum base distances (0 and -1 when
/// absent; the JDK refuses to verify with any other values).
#[derive(Debug, Clone)]
pub(crate) struct Subtree {
    pub(crate) name: Gni,
    pub(crate) minimum: i32,
    pub(crate) maximum: i32,
}

type Outcome<T> = Result<T, UncheckedException>;

fn relate(a: &Subtree, b: &Subtree) -> Outcome<Relation> {
    constrains(&a.name, &b.name, false)
}

/// `minimize()`: drops duplicates and names that another entry already covers.
pub(crate) fn minimize(trees: &mut Vec<Subtree>) -> Outcome<()> {
    let mut i = 0;
    while i + 1 < trees.len() {
        let mut remove_current = false;
        let mut j = i + 1;
        while j < trees.len() {
            match relate(&trees[i], &trees[j])? {
                Relation::DiffType | Relation::SameType => j += 1,
                Relation::Match | Relation::Widens => {
                    remove_current = true;
                    break;
                }
                Relation::Narrows => {
                    trees.remove(j);
                }
            }
        }
        if remove_current {
            trees.remove(i);
        } else {
            i += 1;
        }
    }
    Ok(())
}

/// `union(other)`: appends, then minimizes.
pub(crate) fn union(trees: &mut Vec<Subtree>, other: &[Subtree]) -> Outcome<()> {
    trees.extend_from_slice(other);
    minimize(trees)
}

/// `reduce(excluded)`: drops permitted subtrees that an excluded one matches or contains.
pub(crate) fn reduce(permitted: &mut Vec<Subtree>, excluded: &[Subtree]) -> Outcome<()> {
    for ex in excluded {
        let mut j = 0;
        while j < permitted.len() {
            match relate(ex, &permitted[j])? {
                Relation::Match | Relation::Narrows => {
                    permitted.remove(j);
                }
                _ => j += 1,
            }
        }
    }
    Ok(())
}

/// `createWidestSubtree`: an "everything of this form" name. The JDK builds it from an empty
/// name, which only some forms accept; for the others it throws.
fn widest_subtree(name: &Gni) -> Outcome<Subtree> {
    let widest = match name {
        Gni::Other => {
            return Err(UncheckedException::NullPointer(
                unchecked::WIDEST_OTHER_NAME,
            ));
        }
        Gni::Rfc822(_) => {
            return Err(UncheckedException::Runtime(
                unchecked::WIDEST_RFC822_NAME,
            ));
        }
        Gni::Dns(_) => {
            return Err(UncheckedException::Runtime(
                unchecked::WIDEST_DNS_NAME,
            ));
        }
        Gni::Uri(_) => {
            return Err(UncheckedException::Runtime(
                unchecked::WIDEST_URI_NAME,
            ));
        }
        Gni::Ip(_) => {
            return Err(UncheckedException::NullPointer(
                unchecked::WIDEST_IP_ADDRESS,
            ));
        }
        Gni::Oid(_) => {
            return Err(UncheckedException::Runtime(
                unchecked::WIDEST_OID_NAME,
            ));
        }
        Gni::X400 => Gni::X400,
        Gni::Edi => Gni::Edi,
        Gni::Directory(_) => {
            let empty = Name::from_der(&[0x30, 0x00])
                .map_err(|_| UncheckedException::Runtime(unchecked::WIDEST_DIRECTORY_NAME))?;
            Gni::Directory(empty)
        }
    };
    Ok(Subtree {
        name: widest,
        minimum: 0,
        maximum: -1,
    })
}

/// `GeneralSubtrees.contains` (`GeneralSubtree.equals`: equal names, minimum and maximum).
fn contains(trees: &[Subtree], tree: &Subtree) -> Outcome<bool> {
    for existing in trees {
        if names_equal(&tree.name, &existing.name)?
            && tree.minimum == existing.minimum
            && tree.maximum == existing.maximum
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `intersect(other)`: narrows `this` (the permitted subtrees so far) by `other` (a newer CA's
/// permitted subtrees) and returns the subtrees to add to the excluded ones: for a name form
/// where the two lists have no overlap at all, "the widest subtree" of that form.
pub(crate) fn intersect(
    this: &mut Vec<Subtree>,
    other: &mut Vec<Subtree>,
) -> Outcome<Option<Vec<Subtree>>> {
    // Step 1: nothing permitted yet: take the other list.
    if this.is_empty() {
        union(this, other)?;
        return Ok(None);
    }
    // Step 2.
    minimize(this)?;
    minimize(other)?;
    let mut new_this: Vec<Subtree> = Vec::new();
    let mut new_excluded: Option<Vec<Subtree>> = None;
    // Step 3: walk `this`; entries may be removed as we go.
    let mut i = 0;
    while i < this.len() {
        let this_entry = this[i].name.clone();
        let mut removed = false;
        let mut same_type = false;
        // Step 3a.
        for other_entry in other.iter() {
            match constrains(&this_entry, &other_entry.name, false)? {
                Relation::Narrows => {
                    this.remove(i);
                    removed = true;
                    new_this.push(other_entry.clone());
                    same_type = false;
                    break;
                }
                Relation::SameType => same_type = true,
                Relation::Match | Relation::Widens => {
                    same_type = false;
                    break;
                }
                Relation::DiffType => {}
            }
        }
        // Step 3b: same form in both lists but no overlap with this entry.
        if same_type {
            let mut intersection = false;
            for alt in this.iter() {
                if alt.name.form() != this_entry.form() {
                    continue;
                }
                for other_alt in other.iter() {
                    let r = constrains(&alt.name, &other_alt.name, false)?;
                    if matches!(r, Relation::Match | Relation::Widens | Relation::Narrows) {
                        intersection = true;
                        break;
                    }
                }
            }
            if !intersection {
                let widest = widest_subtree(&this_entry)?;
                let excluded = new_excluded.get_or_insert_with(Vec::new);
                if !contains(excluded, &widest)? {
                    excluded.push(widest);
                }
            }
            this.remove(i);
            removed = true;
        }
        if !removed {
            i += 1;
        }
    }
    // Step 4.
    if !new_this.is_empty() {
        union(this, &new_this)?;
    }
    // Step 5: forms that only `other` constrains. (Entries appended here take part in the
    // later iterations, as in the JDK.)
    for other_entry in other.iter() {
        let mut diff_type = false;
        let mut j = 0;
        while j < this.len() {
            match constrains(&this[j].name, &other_entry.name, false)? {
                Relation::DiffType => {
                    diff_type = true;
                    j += 1;
                }
                _ => {
                    diff_type = false;
                    break;
                }
            }
        }
        if diff_type {
            this.push(other_entry.clone());
        }
    }
    Ok(new_excluded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dns(name: &str) -> Subtree {
        Subtree {
            name: Gni::Dns(name.into()),
            minimum: 0,
            maximum: -1,
        }
    }

    fn names(trees: &[Subtree]) -> Vec<String> {
        trees
            .iter()
            .map(|t| match &t.name {
                Gni::Dns(d) => d.clone(),
                Gni::Ip(ip) => format!("{ip:?}"),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn minimize_keeps_widest() {
        let mut t = vec![
            dns("www.example.com"),
            dns("example.com"),
            dns("example.com"),
            dns("a.example.com"),
        ];
        minimize(&mut t).unwrap();
        assert_eq!(names(&t), vec!["example.com"]);
        let mut t = vec![dns("example.com"), dns("example.org")];
        minimize(&mut t).unwrap();
        assert_eq!(names(&t), vec!["example.com", "example.org"]);
    }

    #[test]
    fn intersect_narrower_wins() {
        let mut this = vec![dns("example.com")];
        let mut other = vec![dns("api.example.com")];
        assert!(intersect(&mut this, &mut other).unwrap().is_none());
        assert_eq!(names(&this), vec!["api.example.com"]);
    }

    #[test]
    fn intersect_disjoint_dns_throws_like_the_jdk() {
        let mut this = vec![dns("example.com")];
        let mut other = vec![dns("example.org")];
        assert_eq!(
            intersect(&mut this, &mut other).unwrap_err(),
            UncheckedException::Runtime(
                "Unexpected error: java.io.IOException: DNSName must not be null or empty"
            )
        );
    }

    #[test]
    fn intersect_adds_forms_only_other_has() {
        let ip = Subtree {
            name: Gni::Ip(vec![10, 0, 0, 0, 255, 0, 0, 0]),
            minimum: 0,
            maximum: -1,
        };
        let mut this = vec![dns("example.com")];
        let mut other = vec![ip.clone()];
        assert!(intersect(&mut this, &mut other).unwrap().is_none());
        assert_eq!(this.len(), 2);
        let mut this = vec![dns("example.com")];
        let mut other = vec![dns("www.example.com"), ip];
        intersect(&mut this, &mut other).unwrap();
        assert_eq!(
            names(&this),
            vec!["www.example.com", "[10, 0, 0, 0, 255, 0, 0, 0]"]
        );
    }

    fn dir(org: &[u8]) -> Subtree {
        let mut atv = vec![0x06, 0x03, 0x55, 0x04, 0x0A, 0x0C, org.len() as u8];
        atv.extend_from_slice(org);
        let mut der = vec![
            0x30,
            atv.len() as u8 + 4,
            0x31,
            atv.len() as u8 + 2,
            0x30,
            atv.len() as u8,
        ];
        der.extend_from_slice(&atv);
        Subtree {
            name: Gni::Directory(Name::from_der(&der).unwrap()),
            minimum: 0,
            maximum: -1,
        }
    }

    #[test]
    fn disjoint_directory_names_exclude_every_directory_name() {
        let ip = Subtree {
            name: Gni::Ip(vec![10, 0, 0, 0, 255, 0, 0, 0]),
            minimum: 0,
            maximum: -1,
        };
        let mut this = vec![dir(b"A")];
        let mut other = vec![dir(b"B"), ip];
        let excluded = intersect(&mut this, &mut other).unwrap().unwrap();
        // The widest directoryName (the empty DN) is excluded, and since `this` has no entry
        // left, step 5 adds nothing: the permitted list ends up empty (a JDK quirk).
        assert!(this.is_empty());
        assert_eq!(excluded.len(), 1);
        assert!(matches!(&excluded[0].name, Gni::Directory(n) if n.rdns().is_empty()));
    }

    #[test]
    fn reduce_drops_excluded() {
        let mut permitted = vec![dns("www.example.com"), dns("example.org")];
        reduce(&mut permitted, &[dns("example.com")]).unwrap();
        assert_eq!(names(&permitted), vec!["example.org"]);
    }
}
