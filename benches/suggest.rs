//! The suggestions' quality on the project's gold set (`bench/suggest/gold/*.json`, written for
//! it: see its README), and their speed on long articles. `cargo bench --bench suggest`.
//!
//! Quotes: precision, recall and F1 of the spans, exact (same range, white space at the
//! edges aside) and overlapping (any overlap, one to one, in text order); per hard case, the
//! recall. Speakers: of the gold quotes found (overlap), those whose speaker is the right
//! person (the mention is the person's name, one of the forms the gold set lists for them,
//! or the last word of the name). Claims: precision and recall by overlap. Entities: each
//! person and organisation tagged once (its first mention), the rest found again and the
//! speakers' mentions; precision and recall by overlap.

use std::time::Instant;

use marginalia::formats::article::parse_article;
use marginalia::model::suggest::{suggest, Kind, Suggestion};
use serde_json::Value;

/// A code-point range of the article for `text`'s `nth` occurrence.
fn locate(article: &str, text: &str, nth: usize) -> Option<(usize, usize)> {
    let mut from = 0;
    let mut at = None;
    for _ in 0..=nth {
        let i = article[from..].find(text)? + from;
        at = Some(i);
        from = i + text.len();
    }
    let i = at?;
    let start = article[..i].chars().count();
    Some((start, start + text.chars().count()))
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Pairs of (gold, found) by overlap, one to one, greedily in text order.
fn pair(gold: &[(usize, usize)], found: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut used = vec![false; found.len()];
    let mut out = Vec::new();
    for (g, &gr) in gold.iter().enumerate() {
        if let Some(f) = (0..found.len()).find(|&f| !used[f] && overlaps(gr, found[f])) {
            used[f] = true;
            out.push((g, f));
        }
    }
    out
}

#[derive(Default)]
struct Tally {
    gold: usize,
    found: usize,
    hit: usize,
}

impl Tally {
    fn add(&mut self, gold: usize, found: usize, hit: usize) {
        self.gold += gold;
        self.found += found;
        self.hit += hit;
    }
    fn p(&self) -> f64 {
        self.hit as f64 / self.found.max(1) as f64
    }
    fn r(&self) -> f64 {
        self.hit as f64 / self.gold.max(1) as f64
    }
    fn f(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn row(&self, name: &str) -> String {
        format!(
            "| {name} | {} | {} | {} | {:.2} | {:.2} | **{:.2}** |",
            self.gold,
            self.found,
            self.hit,
            self.p(),
            self.r(),
            self.f()
        )
    }
}

fn trimmed(chars: &[char], (mut a, mut b): (usize, usize)) -> (usize, usize) {
    while a < b && (chars[a].is_whitespace() || chars[a].is_ascii_punctuation()) {
        a += 1;
    }
    while b > a && (chars[b - 1].is_whitespace() || matches!(chars[b - 1], ',' | '.' | ';' | ':')) {
        b -= 1;
    }
    (a, b)
}

/// Whether `mention` names `person` (its name, a listed form, or the name's last word).
fn same_person(mention: &str, person: &str, forms: &[String]) -> bool {
    let m = mention.trim();
    m == person
        || forms.iter().any(|f| f == m)
        || person.split_whitespace().last() == Some(m)
        || m.split_whitespace().last() == person.split_whitespace().last()
}

fn main() {
    let dir = std::env::var_os("SUGGEST_GOLD").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/suggest/gold"),
        std::path::PathBuf::from,
    );
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    if files.is_empty() {
        eprintln!("no gold set in {}", dir.display());
        return;
    }
    let (mut exact, mut overlap, mut claims, mut entities) = (
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
    );
    let (mut speakers_right, mut speakers_asked) = (0, 0);
    let mut cases: Vec<(String, usize, usize, usize, usize)> = Vec::new();
    let mut articles = Vec::new();
    let mut misses = Vec::new();
    for path in &files {
        let raw = std::fs::read_to_string(path).expect("gold file");
        let gold: Value = serde_json::from_str(&raw).expect("gold JSON");
        // Other files of the set (its list of things that are not quotes) have no article.
        let Some(article) = gold["article"].as_str().map(str::to_owned) else {
            continue;
        };
        let doc = parse_article(&article, "gold.txt");
        let chars: Vec<char> = doc.text.chars().collect();
        let ranges = |field: &str| -> Vec<(usize, usize, Value)> {
            gold[field]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| {
                            let (s, e) = locate(
                                &article,
                                x["text"].as_str()?,
                                x["nth"].as_u64().unwrap_or(0) as usize,
                            )?;
                            Some((s, e, x.clone()))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let gold_quotes = ranges("quotes");
        let gold_claims = ranges("claims");
        let gold_entities = ranges("entities");
        // Tagged once: the first mention of each name.
        let mut names: Vec<String> = Vec::new();
        for (_, _, e) in &gold_entities {
            let t = e["text"].as_str().unwrap_or_default().to_owned();
            if !names.contains(&t) {
                names.push(t);
            }
        }
        let taken: Vec<(usize, usize)> = {
            let mut seen: Vec<&str> = Vec::new();
            gold_entities
                .iter()
                .filter(|(_, _, e)| {
                    let t = e["text"].as_str().unwrap_or_default();
                    let first = !seen.contains(&t);
                    seen.push(t);
                    first
                })
                .map(|(s, e, _)| (*s, *e))
                .collect()
        };
        let out: Vec<Suggestion> = suggest(&doc, &names, &taken);
        let of = |k: Kind| -> Vec<&Suggestion> { out.iter().filter(|s| s.kind == k).collect() };
        let quotes = of(Kind::Quote);
        let q_found: Vec<(usize, usize)> = quotes.iter().map(|s| (s.start, s.end)).collect();
        let q_gold: Vec<(usize, usize)> = gold_quotes.iter().map(|(s, e, _)| (*s, *e)).collect();
        let pairs = pair(&q_gold, &q_found);
        let exact_hits = pairs
            .iter()
            .filter(|&&(g, f)| trimmed(&chars, q_gold[g]) == trimmed(&chars, q_found[f]))
            .count();
        exact.add(q_gold.len(), q_found.len(), exact_hits);
        overlap.add(q_gold.len(), q_found.len(), pairs.len());
        let people = &gold["people"];
        for (g, (s, e, x)) in gold_quotes.iter().enumerate() {
            let case = x["case"].as_str().unwrap_or("?").to_owned();
            let hit = pairs.iter().find(|p| p.0 == g).map(|p| p.1);
            let person = x["speaker"].as_str();
            let right = match (hit, person) {
                (Some(f), Some(person)) => {
                    let forms: Vec<String> = people[person]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default();
                    let said = quotes[f]
                        .speaker
                        .map(|(a, b)| chars[a..b].iter().collect::<String>());
                    let ok = said
                        .as_deref()
                        .is_some_and(|m| same_person(m, person, &forms));
                    if !ok {
                        misses.push(format!(
                            "speaker {}: {:?} for “{}…” (gold {person}, {case})",
                            path.file_name().unwrap().to_string_lossy(),
                            said,
                            chars[*s..(*s + 40).min(*e)].iter().collect::<String>()
                        ));
                    }
                    Some(ok)
                }
                _ => None,
            };
            if hit.is_none() {
                misses.push(format!(
                    "quote missed {}: “{}…” ({case})",
                    path.file_name().unwrap().to_string_lossy(),
                    chars[*s..(*s + 50).min(*e)].iter().collect::<String>()
                ));
            }
            if let Some(ok) = right {
                speakers_asked += 1;
                speakers_right += usize::from(ok);
            }
            match cases.iter_mut().find(|c| c.0 == case) {
                Some(c) => {
                    c.1 += 1;
                    c.2 += usize::from(hit.is_some());
                    c.3 += usize::from(right.is_some());
                    c.4 += usize::from(right == Some(true));
                }
                None => cases.push((
                    case,
                    1,
                    usize::from(hit.is_some()),
                    usize::from(right.is_some()),
                    usize::from(right == Some(true)),
                )),
            }
        }
        for (f, r) in q_found.iter().enumerate() {
            if !pairs.iter().any(|p| p.1 == f) {
                misses.push(format!(
                    "not a gold quote {}: “{}”",
                    path.file_name().unwrap().to_string_lossy(),
                    chars[r.0..r.1.min(r.0 + 60)].iter().collect::<String>()
                ));
            }
        }
        let c_found: Vec<(usize, usize)> =
            of(Kind::Claim).iter().map(|s| (s.start, s.end)).collect();
        let c_gold: Vec<(usize, usize)> = gold_claims.iter().map(|(s, e, _)| (*s, *e)).collect();
        let c_pairs = pair(&c_gold, &c_found);
        claims.add(c_gold.len(), c_found.len(), c_pairs.len());
        let name = path.file_name().unwrap().to_string_lossy();
        for (g, r) in c_gold.iter().enumerate() {
            if !c_pairs.iter().any(|p| p.0 == g) {
                let t: String = chars[r.0..r.1].iter().collect();
                misses.push(format!("claim missed {name}: {t}"));
            }
        }
        for (f, r) in c_found.iter().enumerate() {
            if !c_pairs.iter().any(|p| p.1 == f) {
                let t: String = chars[r.0..r.1].iter().collect();
                misses.push(format!("not a gold claim {name}: {t}"));
            }
        }
        let e_found: Vec<(usize, usize)> =
            of(Kind::Entity).iter().map(|s| (s.start, s.end)).collect();
        let e_gold: Vec<(usize, usize)> = gold_entities
            .iter()
            .map(|(s, e, _)| (*s, *e))
            .filter(|r| !taken.contains(r))
            .collect();
        entities.add(e_gold.len(), e_found.len(), pair(&e_gold, &e_found).len());
        articles.push(article);
    }
    println!(
        "Gold set: {} articles, {} quotes.\n",
        articles.len(),
        overlap.gold
    );
    println!("| | gold | suggested | matched | precision | recall | F1 |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    println!("{}", exact.row("quote spans, exact"));
    println!("{}", overlap.row("quote spans, overlap"));
    println!("{}", claims.row("claims (overlap)"));
    println!(
        "{}",
        entities.row("entities (overlap; each name tagged once)")
    );
    println!(
        "\nSpeakers: {speakers_right} of {speakers_asked} quotes found have the right speaker: **{:.2}**.\n",
        speakers_right as f64 / speakers_asked.max(1) as f64
    );
    println!("| case | quotes | found | with a speaker | right speaker |");
    println!("|---|---:|---:|---:|---:|");
    for (case, n, found, asked, right) in &cases {
        println!("| {case} | {n} | {found} | {asked} | {right} |");
    }
    if std::env::args().any(|a| a == "--misses") {
        println!();
        for m in &misses {
            println!("- {m}");
        }
    }
    // Speed: the gold articles' paragraphs repeated to 100 KB and 1 MB.
    let body: String = articles
        .iter()
        .map(|a| a.split_once('\n').map_or("", |(_, rest)| rest))
        .collect::<Vec<_>>()
        .join("\n\n");
    println!("\n| article | suggestions | time (native, release) |\n|---|---:|---:|");
    for size in [100_000, 1_000_000] {
        let mut text = String::from("A long article\n\n");
        while text.len() < size {
            text.push_str(&body);
            text.push_str("\n\n");
        }
        let doc = parse_article(&text, "long.txt");
        let names = vec!["Maria".to_owned(), "Ministry".to_owned()];
        let t = Instant::now();
        let n = suggest(&doc, &names, &[]).len();
        println!(
            "| {} KB | {n} | {:.1} ms |",
            size / 1000,
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
}
