//! The order in which the JDK's path builder tries issuer candidates.
//!
//! `ForwardBuilder.getMatchingCerts` collects candidates into a `TreeSet` ordered by
//! `PKIXCertComparator`. That comparator is not a consistent ordering (two certificates that are
//! "equally preferable" compare as -1 both ways), so the resulting order depends on the order of
//! insertion and on the shape of `TreeMap`'s red-black tree. We reproduce both: the insertion
//! order (trust anchors in `HashSet` iteration order, then the matching presented certificates in
//! the `HashSet` order `CollectionCertStore` returns) and the tree itself.

use crate::cert::Certificate;
use crate::name::Name;

/// `java.util.Arrays.hashCode(byte[])` — `Certificate.hashCode()` of an encoding.
pub fn java_bytes_hash(bytes: &[u8]) -> i32 {
    bytes.iter().fold(1i32, |h, &b| {
        h.wrapping_mul(31).wrapping_add(b as i8 as i32)
    })
}

/// `String.hashCode()` over UTF-16 code units.
pub fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32))
}

/// `HashMap.hash`: the spread applied before taking a bucket index.
fn spread(h: i32) -> u32 {
    let h = h as u32;
    h ^ (h >> 16)
}

/// The capacity a `HashSet` ends with after `n` insertions, starting from `initial` (a power of
/// two, or 0 for the default 16) and doubling whenever the size exceeds 0.75 × capacity.
fn final_capacity(initial: usize, n: usize) -> usize {
    let mut cap = if initial == 0 {
        16
    } else {
        initial.next_power_of_two().max(1)
    };
    while n * 4 > cap * 3 {
        cap *= 2;
    }
    cap
}

/// Orders `items` (with their Java hash codes) as a `HashSet` built with `initial_capacity`
/// iterates them: by bucket, then by insertion order within a bucket.
pub fn hash_set_order<T: Copy>(items: &[(T, i32)], initial_capacity: usize) -> Vec<T> {
    let cap = final_capacity(initial_capacity, items.len());
    let mut keyed: Vec<(usize, usize, T)> = items
        .iter()
        .enumerate()
        .map(|(i, &(t, h))| ((spread(h) as usize) & (cap - 1), i, t))
        .collect();
    keyed.sort_by_key(|&(bucket, i, _)| (bucket, i));
    keyed.into_iter().map(|(_, _, t)| t).collect()
}

/// `Builder.distance` / `hops` / `X500Name.constrains` over directory names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    Match,
    /// The first name is an ancestor of (widens to) the second... expressed from `base`'s view:
    /// `Narrows` = the test name is inside base's subtree, `Widens` = base is inside test's.
    Narrows,
    Widens,
    SameType,
}

fn is_within(name: &Name, base: &Name) -> bool {
    name.is_within_subtree(base)
}

/// `X500Name.constrains(test)` called on `base`.
fn constrains(base: &Name, test: &Name) -> Relation {
    if test == base {
        Relation::Match
    } else if test.rdns().is_empty() {
        Relation::Widens
    } else if base.rdns().is_empty() || is_within(test, base) {
        // An empty base constrains everything, as X500Name does before comparing RDNs.
        Relation::Narrows
    } else if is_within(base, test) {
        Relation::Widens
    } else {
        Relation::SameType
    }
}

fn depth(n: &Name) -> i64 {
    n.rdns().len() as i64
}

/// `Builder.distance(base, test, incomparable)`.
fn distance(base: &Name, test: &Name, incomparable: i64) -> i64 {
    match constrains(base, test) {
        Relation::Match => 0,
        Relation::Narrows | Relation::Widens => depth(test) - depth(base),
        Relation::SameType => incomparable,
    }
}

/// Depth of `X500Name.commonAncestor`, None when the names share no leading RDN.
fn common_ancestor_depth(a: &Name, b: &Name) -> Option<i64> {
    let (ra, rb) = (a.rdns(), b.rdns());
    if ra.is_empty() || rb.is_empty() {
        return None;
    }
    let common = ra
        .iter()
        .zip(rb.iter())
        .take_while(|(x, y)| x.canonical() == y.canonical())
        .count();
    (common > 0).then_some(common as i64)
}

/// `Builder.hops(base, test, incomparable)`.
fn hops(base: &Name, test: &Name, incomparable: i64) -> i64 {
    match constrains(base, test) {
        Relation::Match => 0,
        Relation::Narrows | Relation::Widens => depth(test) - depth(base),
        Relation::SameType => match common_ancestor_depth(base, test) {
            None => incomparable,
            Some(c) => depth(base) + depth(test) - 2 * c,
        },
    }
}

/// `ForwardBuilder.PKIXCertComparator` for the candidates of one step.
pub struct Comparator<'a> {
    /// Subjects of the trust anchors, in the JDK's iteration order.
    pub trusted_subjects: &'a [&'a Name],
    /// The authorityKeyIdentifier key id of the certificate whose issuer is sought.
    pub previous_aki: Option<&'a [u8]>,
}

impl Comparator<'_> {
    /// Returns -1, 0 or 1 like the Java comparator (0 only for identical certificates).
    pub fn compare(&self, c1: &Certificate, c2: &Certificate) -> i32 {
        if c1 == c2 {
            return 0;
        }
        if let Some(skid) = self.previous_aki {
            let matches = |c: &Certificate| c.extensions.subject_key_id.as_deref() == Some(skid);
            if matches(c1) {
                return -1;
            }
            if matches(c2) {
                return 1;
            }
        }
        let (i1, i2) = (&c1.issuer, &c2.issuer);
        let m1 = self.trusted_subjects.contains(&i1);
        let m2 = self.trusted_subjects.contains(&i2);
        if m1 {
            return -1;
        }
        if m2 {
            return 1;
        }
        // An issuer that is a naming descendant of a trusted subject.
        for t in self.trusted_subjects {
            let (d1, d2) = (distance(t, i1, -1), distance(t, i2, -1));
            if d1 > 0 || d2 > 0 {
                return if d1 == d2 || (d1 > 0 && d2 <= 0) {
                    -1
                } else if d1 <= 0 && d2 > 0 {
                    1
                } else if d1 < d2 {
                    -1
                } else {
                    1
                };
            }
        }
        // An issuer that is a naming ancestor of a trusted subject.
        for t in self.trusted_subjects {
            let (d1, d2) = (distance(t, i1, i64::MAX), distance(t, i2, i64::MAX));
            if d1 < 0 || d2 < 0 {
                return if d1 == d2 || (d1 < 0 && d2 >= 0) {
                    -1
                } else if d1 >= 0 && d2 < 0 {
                    1
                } else if d1 > d2 {
                    -1
                } else {
                    1
                };
            }
        }
        // An issuer in the same namespace as a trusted subject: fewer hops first.
        for t in self.trusted_subjects {
            let (a1, a2) = (common_ancestor_depth(t, i1), common_ancestor_depth(t, i2));
            match (a1, a2) {
                (None, None) => {}
                (Some(_), Some(_)) => {
                    let (h1, h2) = (hops(t, i1, i64::MAX), hops(t, i2, i64::MAX));
                    if h1 > h2 {
                        return 1;
                    }
                    if h1 < h2 {
                        return -1;
                    }
                }
                (None, Some(_)) => return 1,
                (Some(_), None) => return -1,
            }
        }
        // An issuer that is an ancestor of the certificate's own subject.
        let s1 = distance(&c1.subject, i1, i64::MAX);
        let s2 = distance(&c2.subject, i2, i64::MAX);
        if s2 > s1 {
            return -1;
        }
        if s2 < s1 {
            return 1;
        }
        -1
    }
}

/// `java.util.TreeMap`'s red-black tree, just enough to reproduce `TreeSet.add` order.
pub struct TreeSetSim<T> {
    nodes: Vec<Node<T>>,
    root: Option<usize>,
}

/// A child's side: `Node::child[LEFT]`, `Node::child[RIGHT]`. `TreeMap`'s rotations and
/// insertion fix-up come in mirrored pairs; one body per pair takes the side as a parameter.
type Side = usize;
const LEFT: Side = 0;
const RIGHT: Side = 1;

struct Node<T> {
    item: T,
    child: [Option<usize>; 2],
    parent: Option<usize>,
    red: bool,
}

impl<T: Copy> TreeSetSim<T> {
    pub fn new() -> Self {
        TreeSetSim {
            nodes: Vec::new(),
            root: None,
        }
    }

    /// `TreeSet.add(item)` with comparator `cmp(new, existing)`; false when an equal item was met.
    pub fn add(&mut self, item: T, mut cmp: impl FnMut(T, T) -> i32) -> bool {
        let Some(mut t) = self.root else {
            self.nodes.push(Node {
                item,
                child: [None, None],
                parent: None,
                red: false,
            });
            self.root = Some(0);
            return true;
        };
        let (parent, side) = loop {
            let c = cmp(item, self.nodes[t].item);
            let side = match c {
                ..=-1 => LEFT,
                1.. => RIGHT,
                0 => return false,
            };
            match self.nodes[t].child[side] {
                Some(n) => t = n,
                None => break (t, side),
            }
        };
        let e = self.nodes.len();
        self.nodes.push(Node {
            item,
            child: [None, None],
            parent: Some(parent),
            red: true,
        });
        self.nodes[parent].child[side] = Some(e);
        self.fix_after_insertion(e);
        true
    }

    fn parent(&self, x: Option<usize>) -> Option<usize> {
        x.and_then(|i| self.nodes[i].parent)
    }
    fn child(&self, x: Option<usize>, side: Side) -> Option<usize> {
        x.and_then(|i| self.nodes[i].child[side])
    }
    fn is_red(&self, x: Option<usize>) -> bool {
        x.is_some_and(|i| self.nodes[i].red)
    }
    fn set_red(&mut self, x: Option<usize>, red: bool) {
        if let Some(i) = x {
            self.nodes[i].red = red;
        }
    }

    /// `rotateLeft` (`toward` = LEFT: the right child rises) and `rotateRight` (`toward` =
    /// RIGHT: the left child rises).
    fn rotate(&mut self, p: Option<usize>, toward: Side) {
        let away = 1 - toward;
        let Some(p) = p else { return };
        let Some(r) = self.nodes[p].child[away] else {
            return;
        };
        self.nodes[p].child[away] = self.nodes[r].child[toward];
        if let Some(inner) = self.nodes[r].child[toward] {
            self.nodes[inner].parent = Some(p);
        }
        self.nodes[r].parent = self.nodes[p].parent;
        match self.nodes[p].parent {
            None => self.root = Some(r),
            Some(pp) if self.nodes[pp].child[toward] == Some(p) => {
                self.nodes[pp].child[toward] = Some(r)
            }
            Some(pp) => self.nodes[pp].child[away] = Some(r),
        }
        self.nodes[r].child[toward] = Some(p);
        self.nodes[p].parent = Some(r);
    }

    /// `fixAfterInsertion`: its two mirrored branches are one, on the side of `x`'s parent.
    fn fix_after_insertion(&mut self, x: usize) {
        let mut x = Some(x);
        self.set_red(x, true);
        while x.is_some() && x != self.root && self.is_red(self.parent(x)) {
            let gp = self.parent(self.parent(x));
            let side = if self.parent(x) == self.child(gp, LEFT) {
                LEFT
            } else {
                RIGHT
            };
            let other = 1 - side;
            let uncle = self.child(gp, other);
            if self.is_red(uncle) {
                self.set_red(self.parent(x), false);
                self.set_red(uncle, false);
                self.set_red(gp, true);
                x = gp;
            } else {
                if x == self.child(self.parent(x), other) {
                    x = self.parent(x);
                    self.rotate(x, side);
                }
                self.set_red(self.parent(x), false);
                let gp = self.parent(self.parent(x));
                self.set_red(gp, true);
                self.rotate(gp, other);
            }
        }
        let root = self.root;
        self.set_red(root, false);
    }

    /// The items in iteration (in-order) order.
    pub fn in_order(&self) -> Vec<T> {
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack = Vec::new();
        let mut cur = self.root;
        while cur.is_some() || !stack.is_empty() {
            while let Some(c) = cur {
                stack.push(c);
                cur = self.nodes[c].child[LEFT];
            }
            if let Some(c) = stack.pop() {
                out.push(self.nodes[c].item);
                cur = self.nodes[c].child[RIGHT];
            }
        }
        out
    }
}

impl<T: Copy> Default for TreeSetSim<T> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consistent_comparator_sorts() {
        let mut t = TreeSetSim::new();
        for x in [5, 3, 8, 1, 4, 7, 9, 2, 6, 0] {
            t.add(x, |a: i32, b: i32| a.cmp(&b) as i32);
        }
        assert_eq!(t.in_order(), vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert!(!t.add(5, |a: i32, b: i32| a.cmp(&b) as i32));
    }

    #[test]
    fn always_minus_one_reverses_insertion() {
        // PKIXCertComparator's "equally preferable" answer: the later candidate goes first.
        let mut t = TreeSetSim::new();
        for x in [1, 2, 3] {
            t.add(x, |_, _| -1);
        }
        assert_eq!(t.in_order(), vec![3, 2, 1]);
    }

    #[test]
    fn java_hashes() {
        assert_eq!(java_bytes_hash(&[]), 1);
        assert_eq!(java_bytes_hash(&[1, 2]), (31 + 1) * 31 + 2);
        assert_eq!(java_bytes_hash(&[0xff]), 31 - 1);
    }

    #[test]
    fn hash_set_iteration() {
        // Bucket order, insertion order within a bucket.
        let items = [('a', 17), ('b', 1), ('c', 33)];
        assert_eq!(hash_set_order(&items, 0), vec!['a', 'b', 'c']);
        let items = [('a', 2), ('b', 1)];
        assert_eq!(hash_set_order(&items, 0), vec!['b', 'a']);
    }
}
