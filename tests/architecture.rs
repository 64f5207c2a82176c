//! The shape of `src/`, checked on every test run (CONTRIBUTING.md, "Layers and files"):
//! - no file imports a file that imports it back, directly or through others;
//! - the layers depend downwards only: `model` on nothing of ours, `codec` on `model`,
//!   `formats` and `storage` on `model` and `codec`, `samples` on `model` and `formats`;
//!   `app` (the browser shell) on anything;
//! - no file has more than 900 lines of code before its tests.
//!
//! Dependencies are read from the code before a file's `#[cfg(test)]` module (tests may use
//! anything): every `use` and every path written out (`crate::…`, `super::…`, `self::…`,
//! a child module's name), with `pub use` re-exports followed to the file that defines the
//! item. A dependency is on a file, not on a module.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Most lines of code a file may have before its tests.
const MAX_CODE_LINES: usize = 900;

/// The layers below each top-level module that it may use.
const LAYERS: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("codec", &["model"]),
    ("formats", &["model", "codec"]),
    ("storage", &["model", "codec"]),
    ("samples", &["model", "formats"]),
    ("app", &["model", "codec", "formats", "storage", "samples"]),
];

/// A source file: its module path (`["model", "store"]`), its code before the tests with
/// comments and string contents removed, and its line count.
struct File {
    module: Vec<String>,
    code: String,
    lines: usize,
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("a source directory")
        .map(|e| e.expect("an entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rs_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of `text` before its first `#[cfg(test)]` line, without comments, and with every
/// string and char literal emptied (so a `"crate::x"` in a message is not a dependency).
fn code_of(text: &str) -> (String, usize) {
    let mut kept = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        kept.push(line);
    }
    let lines = kept.len();
    let mut out = String::new();
    let mut in_block = 0usize;
    for line in kept {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        let mut in_str = false;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            if in_block > 0 {
                if c == '*' && next == Some('/') {
                    in_block -= 1;
                    i += 2;
                } else if c == '/' && next == Some('*') {
                    in_block += 1;
                    i += 2;
                } else {
                    i += 1;
                }
                continue;
            }
            if in_str {
                if c == '\\' {
                    i += 2;
                    continue;
                }
                if c == '"' {
                    in_str = false;
                    out.push('"');
                }
                i += 1;
                continue;
            }
            match (c, next) {
                ('/', Some('/')) => break,
                ('/', Some('*')) => {
                    in_block += 1;
                    i += 2;
                }
                ('"', _) => {
                    in_str = true;
                    out.push('"');
                    i += 1;
                }
                ('\'', _) => {
                    // A char literal ('x', '\n', '\'', '\u{..}') or a lifetime ('a).
                    let escaped = next == Some('\\');
                    let from = if escaped { i + 3 } else { i + 1 };
                    let end = chars
                        .get(from..)
                        .unwrap_or_default()
                        .iter()
                        .take(12)
                        .position(|&d| d == '\'')
                        .map(|p| from + p);
                    let is_char = end.is_some_and(|e| e == i + 2 || escaped);
                    match end.filter(|_| is_char) {
                        Some(e) => {
                            out.push_str("' '");
                            i = e + 1;
                        }
                        None => {
                            out.push(c);
                            i += 1;
                        }
                    }
                }
                _ => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        // A string that goes on to the next line stays open; nothing of it is kept.
        out.push('\n');
    }
    (out, lines)
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every `use` tree of `code`, expanded to full paths (`use a::{b, c::d}` → `a::b`,
/// `a::c::d`), each with whether it is `pub`.
fn use_paths(code: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = find_word(rest, "use") {
        let before = rest[..at].trim_end();
        let public = before.ends_with("pub") || before.ends_with(')');
        let tail = &rest[at + 3..];
        let end = tail.find(';').unwrap_or(tail.len());
        // Without its renames (`a as b`) and white space.
        let mut tree = String::new();
        let mut words = tail[..end].split_whitespace().peekable();
        while let Some(word) = words.next() {
            if word == "as" {
                if let Some(alias) = words.next() {
                    tree.extend(alias.chars().skip_while(|c| is_ident(*c)));
                }
            } else {
                tree.push_str(word);
            }
        }
        expand("", &tree, &mut |p| out.push((public, p)));
        rest = &tail[end..];
    }
    out
}

/// Where `word` starts in `s` as a whole word.
fn find_word(s: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = s[from..].find(word) {
        let at = from + p;
        let before = s[..at].chars().next_back();
        let after = s[at + word.len()..].chars().next();
        if !before.is_some_and(is_ident) && !after.is_some_and(is_ident) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// Expand a `use` tree (no white space) under `prefix`.
fn expand(prefix: &str, tree: &str, out: &mut impl FnMut(String)) {
    let join = |a: &str, b: &str| {
        if a.is_empty() {
            b.to_owned()
        } else {
            format!("{a}::{b}")
        }
    };
    match tree.find('{') {
        None => {
            out(join(prefix, tree.trim_end_matches("::self")));
        }
        Some(open) => {
            let head = tree[..open].trim_end_matches("::");
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            let prefix = join(prefix, head);
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand_one(&prefix, &inner[start..i], out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            expand_one(&prefix, &inner[start..], out);
        }
    }
}

fn expand_one(prefix: &str, part: &str, out: &mut impl FnMut(String)) {
    if part.is_empty() {
        return;
    }
    if part == "self" {
        out(prefix.to_owned());
    } else {
        expand(prefix, part, out);
    }
}

/// Every path written out in `code` that starts at `crate`, `super` or `self`.
fn written_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !is_ident(chars[i - 1]) && chars[i - 1] != ':';
        if starts_word && is_ident(chars[i]) {
            let mut j = i;
            let mut path = String::new();
            loop {
                let s = j;
                while j < chars.len() && is_ident(chars[j]) {
                    j += 1;
                }
                path.extend(&chars[s..j]);
                if chars.get(j) == Some(&':')
                    && chars.get(j + 1) == Some(&':')
                    && chars.get(j + 2).is_some_and(|c| is_ident(*c))
                {
                    path.push_str("::");
                    j += 2;
                } else {
                    break;
                }
            }
            if path.contains("::") {
                out.push(path);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// `code` in pieces, each with the inline module (`mod web { … }`) it is in (empty: the
/// file's own module).
fn inline_modules(code: &str) -> Vec<(Vec<String>, String)> {
    let mut pieces: Vec<(Vec<String>, String)> = vec![(Vec::new(), String::new())];
    // Open inline modules, each with the brace depth inside it.
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut rest = code;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("mod ")
            && pieces
                .last()
                .is_some_and(|(_, t)| !t.ends_with(|c: char| is_ident(c)))
        {
            let after = &rest[4..];
            let name: String = after
                .trim_start()
                .chars()
                .take_while(|c| is_ident(*c))
                .collect();
            let tail = after.trim_start()[name.len()..].trim_start();
            if !name.is_empty() && tail.starts_with('{') {
                depth += 1;
                open.push((name, depth));
                let path = open.iter().map(|(n, _)| n.clone()).collect();
                pieces.push((path, String::new()));
                rest = &tail[1..];
                continue;
            }
        }
        match c {
            '{' => depth += 1,
            '}' => {
                if open.last().is_some_and(|(_, d)| *d == depth) {
                    open.pop();
                    let path = open.iter().map(|(n, _)| n.clone()).collect();
                    pieces.push((path, String::new()));
                    depth -= 1;
                    rest = &rest[1..];
                    continue;
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        if let Some((_, text)) = pieces.last_mut() {
            text.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    pieces
}

struct Tree {
    files: BTreeMap<Vec<String>, File>,
    /// Per module file, the items it re-exports (`pub use`): name → full path.
    reexports: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
}

impl Tree {
    fn load() -> Tree {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut paths = Vec::new();
        rs_files(&src, &mut paths);
        let mut files = BTreeMap::new();
        for path in paths {
            let rel = path.strip_prefix(&src).expect("under src");
            let mut module: Vec<String> = rel
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            // Test modules in files of their own (`#[cfg(test)] mod tests;`) are tests.
            if module.last().is_some_and(|m| m == "tests") {
                continue;
            }
            if rel == Path::new("main.rs") {
                continue;
            }
            let text = fs::read_to_string(&path).expect("a source file");
            let (code, lines) = code_of(&text);
            files.insert(
                module.clone(),
                File {
                    module,
                    code,
                    lines,
                },
            );
        }
        let mut tree = Tree {
            files,
            reexports: BTreeMap::new(),
        };
        let mut reexports = BTreeMap::new();
        for (module, file) in &tree.files {
            let mut map = BTreeMap::new();
            for (public, path) in use_paths(&file.code) {
                if !public {
                    continue;
                }
                let full = tree.absolute(module, &path);
                if let Some(name) = full.last() {
                    map.insert(name.clone(), full.clone());
                }
            }
            reexports.insert(module.clone(), map);
        }
        tree.reexports = reexports;
        tree
    }

    /// `path` as written in `module`, from the crate root.
    fn absolute(&self, module: &[String], path: &str) -> Vec<String> {
        let mut parts: Vec<&str> = path.split("::").collect();
        let mut base: Vec<String> = match parts.first().copied() {
            Some("crate") => {
                parts.remove(0);
                Vec::new()
            }
            Some("self") => {
                parts.remove(0);
                module.to_vec()
            }
            Some("super") => {
                let mut base = module.to_vec();
                while parts.first() == Some(&"super") {
                    parts.remove(0);
                    base.pop();
                }
                base
            }
            // A child module of this one, or something outside the crate.
            Some(first) => {
                let mut child = module.to_vec();
                child.push(first.to_owned());
                if self.files.contains_key(&child) {
                    module.to_vec()
                } else {
                    return Vec::new();
                }
            }
            None => return Vec::new(),
        };
        base.extend(parts.iter().map(|s| (*s).to_owned()));
        base
    }

    /// The file that defines what `path` (from the crate root) names.
    fn file_of(&self, path: &[String], depth: usize) -> Option<Vec<String>> {
        let mut module: Vec<String> = Vec::new();
        let mut found = self.files.contains_key(&module).then(|| module.clone());
        for (i, part) in path.iter().enumerate() {
            module.push(part.clone());
            if self.files.contains_key(&module) {
                found = Some(module.clone());
                continue;
            }
            module.pop();
            // Not a module: an item of `module`, maybe re-exported from another file.
            if depth < 8 {
                if let Some(target) = self.reexports.get(&module).and_then(|m| m.get(part)) {
                    if target.as_slice() != &path[..=i] {
                        return self.file_of(target, depth + 1);
                    }
                }
            }
            break;
        }
        found
    }

    /// The files each file depends on.
    fn edges(&self) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
        let mut edges = BTreeMap::new();
        for (module, file) in &self.files {
            let mut to = BTreeSet::new();
            let paths = inline_modules(&file.code)
                .into_iter()
                .flat_map(|(inline, code)| {
                    let mut at = module.clone();
                    at.extend(inline);
                    use_paths(&code)
                        .into_iter()
                        .map(|(_, p)| p)
                        .chain(written_paths(&code))
                        .map(move |p| (at.clone(), p))
                        .collect::<Vec<_>>()
                });
            for (at, path) in paths {
                let full = self.absolute(&at, &path);
                if full.is_empty() {
                    continue;
                }
                if let Some(target) = self.file_of(&full, 0) {
                    // The crate root and a file's own module are not dependencies.
                    if !target.is_empty() && &target != module {
                        to.insert(target);
                    }
                }
            }
            edges.insert(module.clone(), to);
        }
        edges
    }
}

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

/// The strongly connected components of more than one file (Tarjan's algorithm).
fn cycles(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on_stack: BTreeSet<&'a Vec<String>>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a Vec<String>) {
            self.index.insert(v, self.next);
            self.low.insert(v, self.next);
            self.next += 1;
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.edges.get(v).into_iter().flatten() {
                if !self.edges.contains_key(w) {
                    continue;
                }
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    component.push(name(w));
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !walk.index.contains_key(v) {
            walk.visit(v);
        }
    }
    walk.found
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let tree = Tree::load();
    let found = cycles(&tree.edges());
    assert!(
        found.is_empty(),
        "files that depend on each other (break each cycle: move what both need into a \
         file of its own): {found:#?}"
    );
}

#[test]
fn layers_depend_downwards_only() {
    let tree = Tree::load();
    let mut wrong = Vec::new();
    for (from, to) in tree.edges() {
        let Some(layer) = from.first() else { continue };
        let Some((_, allowed)) = LAYERS.iter().find(|(l, _)| l == layer) else {
            continue;
        };
        for target in to {
            let Some(other) = target.first() else {
                continue;
            };
            if other != layer && !allowed.contains(&other.as_str()) {
                wrong.push(format!("{} uses {}", name(&from), name(&target)));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn no_file_has_more_than_900_lines_of_code_before_its_tests() {
    let tree = Tree::load();
    let long: Vec<String> = tree
        .files
        .values()
        .filter(|f| f.lines > MAX_CODE_LINES)
        .map(|f| format!("{} ({} lines)", name(&f.module), f.lines))
        .collect();
    assert!(long.is_empty(), "{long:#?}");
}

/// The checker itself: it sees dependencies written every way, and a cycle.
#[test]
fn the_checker_reads_use_trees_paths_and_cycles() {
    let code = code_of(
        "use super::a::{B, c::{D, E}};\npub use self::f::G as H;\n// use crate::no;\n\
         fn x() { let s = \"crate::nor\"; crate::y::z(); let c = '\"'; }\n#[cfg(test)]\nuse crate::t;",
    )
    .0;
    let uses: Vec<String> = use_paths(&code).into_iter().map(|(_, p)| p).collect();
    assert_eq!(
        uses,
        [
            "super::a::B",
            "super::a::c::D",
            "super::a::c::E",
            "self::f::G"
        ]
    );
    assert!(use_paths(&code)[3].0, "a pub use");
    let written = written_paths(&code);
    assert!(written.contains(&"crate::y::z".to_owned()), "{written:?}");
    assert!(!written
        .iter()
        .any(|p| p.contains("no") || p.contains("::t")));
    let m = |s: &str| s.split("::").map(str::to_owned).collect::<Vec<_>>();
    let mut edges = BTreeMap::new();
    edges.insert(m("a::x"), BTreeSet::from([m("a::y")]));
    edges.insert(m("a::y"), BTreeSet::from([m("a::z")]));
    edges.insert(m("a::z"), BTreeSet::from([m("a::x")]));
    edges.insert(m("a::w"), BTreeSet::from([m("a::x")]));
    assert_eq!(cycles(&edges), [["a::x", "a::y", "a::z"]]);
    let pieces = inline_modules("use a;\nmod web {\n use super::G; fn f() {}\n}\nuse b;");
    let inline: Vec<(String, bool)> = pieces
        .iter()
        .map(|(m, t)| (m.join("::"), t.contains("super::G")))
        .collect();
    assert_eq!(
        inline,
        [("".into(), false), ("web".into(), true), ("".into(), false)]
    );
}

#[test]
#[ignore = "prints the dependency graph: cargo test --test architecture -- --ignored --nocapture"]
fn print_dependencies() {
    let tree = Tree::load();
    for (from, to) in tree.edges() {
        let to: Vec<String> = to.iter().map(|t| name(t)).collect();
        println!("{} -> {}", name(&from), to.join(", "));
    }
}
