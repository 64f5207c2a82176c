//! Each rule, by the pattern it handles.

use super::*;
use crate::formats::article::parse_article;

/// The suggestions for an article of `paragraphs` (a headline first).
fn run(paragraphs: &[&str]) -> (Vec<char>, Vec<Suggestion>) {
    run_with(paragraphs, &[])
}

fn run_with(paragraphs: &[&str], names: &[&str]) -> (Vec<char>, Vec<Suggestion>) {
    let raw = format!("Headline of the story\n\n{}", paragraphs.join("\n\n"));
    let doc = parse_article(&raw, "t.txt");
    let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    let out = suggest(&doc, &names, &[]);
    (doc.text.chars().collect(), out)
}

fn s(chars: &[char], (a, b): (usize, usize)) -> String {
    chars[a..b].iter().collect()
}

/// The quotes as (words, speaker's mention, cue).
fn quotes(paragraphs: &[&str]) -> Vec<(String, String, String)> {
    let (chars, out) = run(paragraphs);
    out.iter()
        .filter(|x| x.kind == Kind::Quote)
        .map(|q| {
            (
                s(&chars, (q.start, q.end)),
                q.speaker.map(|r| s(&chars, r)).unwrap_or_default(),
                q.cue.map(|r| s(&chars, r)).unwrap_or_default(),
            )
        })
        .collect()
}

fn kinds(paragraphs: &[&str], kind: Kind) -> Vec<String> {
    let (chars, out) = run(paragraphs);
    out.iter()
        .filter(|x| x.kind == kind)
        .map(|x| s(&chars, (x.start, x.end)))
        .collect()
}

fn q(words: &str, who: &str, cue: &str) -> (String, String, String) {
    (words.to_owned(), who.to_owned(), cue.to_owned())
}

#[test]
fn curly_quote_then_said_and_a_name() {
    assert_eq!(
        quotes(&["\u{201c}We will rebuild the east wing first,\u{201d} said Maria Okonkwo, the hospital's director."]),
        [q("We will rebuild the east wing first,", "Maria Okonkwo", "said")]
    );
}

#[test]
fn curly_quote_then_a_name_and_said() {
    assert_eq!(
        quotes(&[
            "\u{201c}Nobody told us the pumps had failed,\u{201d} Tomas Berg said on Tuesday."
        ]),
        [q(
            "Nobody told us the pumps had failed,",
            "Tomas Berg",
            "said"
        )]
    );
}

#[test]
fn a_name_and_a_colon_before_the_quote() {
    assert_eq!(
        quotes(&[
            "Lena Fischer said: \u{201c}The budget leaves no room for the libraries.\u{201d}"
        ]),
        [q(
            "The budget leaves no room for the libraries.",
            "Lena Fischer",
            "said"
        )]
    );
}

#[test]
fn straight_marks_pair_by_position() {
    assert_eq!(
        quotes(&["\"It was the quietest night in years,\" said Omar Haddad. \"Then the sirens started.\""]),
        [
            q("It was the quietest night in years,", "Omar Haddad", "said"),
            q("Then the sirens started.", "Omar Haddad", "")
        ]
    );
}

#[test]
fn german_and_french_marks() {
    let got = quotes(&[
        "Chancellor Greta Vogel said: \u{201e}Wir werden das Netz bis 2030 ausbauen.\u{201c}",
        "\u{ab}\u{202f}Nous ne signerons pas ce texte en l\u{2019}\u{e9}tat\u{202f}\u{bb}, a Claire Martin told reporters.",
    ]);
    assert_eq!(
        got[0],
        q(
            "Wir werden das Netz bis 2030 ausbauen.",
            "Greta Vogel",
            "said"
        )
    );
    assert_eq!(
        got[1].0,
        "Nous ne signerons pas ce texte en l\u{2019}\u{e9}tat"
    );
    assert_eq!(got[1].2, "told reporters");
}

#[test]
fn single_curly_marks_and_apostrophes_nearby() {
    assert_eq!(
        quotes(&["\u{2018}We don\u{2019}t have the staff for the \u{2019}90s timetable,\u{2019} said Ruth Adeyemi, Smith\u{2019}s successor."]),
        [q("We don\u{2019}t have the staff for the \u{2019}90s timetable,", "Ruth Adeyemi", "said")]
    );
}

#[test]
fn a_quote_over_three_paragraphs() {
    let got = quotes(&[
        "\u{201c}We asked for a fair wage,\u{201d} said Jana Ruiz. \u{201c}We asked twice.",
        "\u{201c}The company answered with lawyers.",
        "\u{201c}So we will stay out until it answers with an offer.\u{201d}",
    ]);
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].0, "We asked twice.\n\n\u{201c}The company answered with lawyers.\n\n\u{201c}So we will stay out until it answers with an offer.");
    assert_eq!(got[1].1, "Jana Ruiz", "the rest of a split quote inherits");
}

#[test]
fn a_paragraph_introduced_by_he_added() {
    let got = quotes(&[
        "Deputy Mayor Piet van Dam defended the plan. He added:",
        "The tunnel will pay for itself within twenty years, and nobody has shown otherwise.",
    ]);
    assert_eq!(
        got,
        [q(
            "The tunnel will pay for itself within twenty years, and nobody has shown otherwise.",
            "Piet van Dam",
            "added"
        )]
    );
}

#[test]
fn scare_quotes_and_titles_of_works_are_not_quotes() {
    assert!(quotes(&[
        "The so-called \u{201c}green corridor\u{201d} was closed again.",
        "Her report \u{201c}Water for Tomorrow\u{201d} came out in May, and the film \u{201c}The Long Night Home\u{201d} followed.",
    ])
    .is_empty());
}

#[test]
fn an_unbalanced_mark_is_dropped() {
    assert!(quotes(&[
        "He called it \u{201c}a disaster for the whole region, said Ana Costa.",
        "Nothing else happened that day."
    ])
    .is_empty());
}

#[test]
fn according_to_a_name() {
    assert_eq!(
        quotes(&["\u{201c}The dam was never inspected after the flood,\u{201d} according to Dr. Ana de la Cruz."]),
        [q("The dam was never inspected after the flood,", "Ana de la Cruz", "according to")]
    );
}

#[test]
fn a_pronoun_is_the_nearest_person_named_before() {
    let got = quotes(&[
        "Ursula von der Berg, who led the talks, left early. The ministry stayed silent.",
        "\u{201c}There is nothing left to negotiate tonight,\u{201d} she said.",
    ]);
    assert_eq!(
        got,
        [q(
            "There is nothing left to negotiate tonight,",
            "Ursula von der Berg",
            "said"
        )]
    );
}

#[test]
fn a_floating_quote_inherits_the_speaker_before_it() {
    let got = quotes(&[
        "\u{201c}The port handles a third of our exports,\u{201d} said Tariq al-Amin.",
        "\u{201c}Every day of the strike costs the region dearly.\u{201d}",
    ]);
    assert_eq!(got[1].1, "Tariq al-Amin");
}

#[test]
fn a_name_inside_the_quote_is_never_the_speaker() {
    let got = quotes(&[
        "Councillor Priya Patel spoke after the vote.",
        "\u{201c}As Mayor Lindqvist told us last week, the money is simply not there,\u{201d} she said.",
    ]);
    assert_eq!(got[0].1, "Priya Patel");
}

#[test]
fn claims_are_sentences_with_figures_comparisons_or_sources_outside_quotes() {
    let got = kinds(
        &[
            "The council approved the budget on March 3. Spending on roads rose 12% to \u{20ac}4.2 million. The vote was close.",
            "Unemployment is lower than in any year since 2008, according to the statistics office.",
            "\u{201c}We spent 40 million on nothing,\u{201d} said Lena Fischer.",
        ],
        Kind::Claim,
    );
    assert_eq!(
        got,
        [
            "Spending on roads rose 12% to \u{20ac}4.2 million.",
            "Unemployment is lower than in any year since 2008, according to the statistics office."
        ]
    );
}

#[test]
fn names_tagged_in_the_corpus_are_found_again_with_their_variants() {
    let (chars, out) = run_with(
        &["Zelensky met Zelenskyy's advisers; Zelenskyyi is not a name here."],
        &["Zelenskyy", "Zelensky"],
    );
    let got: Vec<String> = out
        .iter()
        .filter(|x| x.kind == Kind::Entity)
        .map(|x| s(&chars, (x.start, x.end)))
        .collect();
    assert_eq!(got, ["Zelensky", "Zelenskyy"]);
}

#[test]
fn speakers_are_suggested_as_entities() {
    let (chars, out) =
        run(&["\u{201c}We will rebuild the east wing first,\u{201d} said Maria Okonkwo."]);
    let entities: Vec<String> = out
        .iter()
        .filter(|x| x.kind == Kind::Entity)
        .map(|x| s(&chars, (x.start, x.end)))
        .collect();
    assert_eq!(entities, ["Maria Okonkwo"]);
}

#[test]
fn boilerplate_lines_are_never_suggested() {
    assert!(quotes(&[
        "Share via",
        "Sign up for \u{201c}The Morning Briefing of the Day\u{201d} newsletter"
    ])
    .is_empty());
    assert!(boilerplate(
        &"Sign up for our morning briefing"
            .chars()
            .collect::<Vec<_>>()
    ));
    assert!(!boilerplate(
        &"Signs of a deal emerged on Friday."
            .chars()
            .collect::<Vec<_>>()
    ));
}

#[test]
fn bad_input_is_bounded_and_never_panics() {
    let marks = "\u{201c}".repeat(10_000);
    let big = "word ".repeat(200_000);
    for p in [&marks[..], &big[..], "\u{201d}\u{201c}\u{bb}\u{ab}\"'", ""] {
        let _ = run(&[p]);
    }
    assert!(quotes(&["No quotes at all in this paragraph."]).is_empty());
}

#[test]
fn a_block_after_a_colon_takes_the_cue_nearest_the_colon_and_a_name_with_its_particle() {
    let got = quotes(&[
        "In a written reply sent on Monday, van Doorn said:",
        "The ferry will run twice a day until the bridge is repaired, and not a day longer.",
    ]);
    assert_eq!(got[0].1, "van Doorn");
    assert_eq!(got[0].2, "said");
}

#[test]
fn the_statement_read_is_its_author_named_before() {
    let got = quotes(&[
        "Governor Ines Halloran answered in a statement on Friday.",
        "The statement read:",
        "No school in this county will close while I hold this office, whatever the auditors say.",
    ]);
    assert_eq!(got[0].1, "Ines Halloran");
}

#[test]
fn a_person_after_an_organisation_and_a_role() {
    let got = quotes(&["\u{201c}Refunds will reach every customer by March,\u{201d} according to Velora spokeswoman Hanne Krogh."]);
    assert_eq!(got[0].1, "Hanne Krogh");
}

#[test]
fn the_subject_of_the_clause_over_an_organisation_in_an_appositive() {
    let got = quotes(&["\u{201c}The market had priced in far worse news than this,\u{201d} Raj Mehta, an analyst at Northgate Securities, said."]);
    assert_eq!(got[0].1, "Raj Mehta");
}

#[test]
fn a_pronoun_is_the_subject_of_the_last_sentence_naming_a_person() {
    let got = quotes(&[
        "Sofia Brandt, who runs logistics for the haulier Kessel Freight, said lorries were queuing for days.",
        "\u{201c}We have never seen the ring road this full, not even at Christmas,\u{201d} she said.",
    ]);
    assert_eq!(got[0].1, "Sofia Brandt");
}

#[test]
fn a_name_after_a_preposition_is_a_place_not_a_person() {
    let got = quotes(&[
        "Paolo Greco, the park's chief ranger, said the fire had crossed into Larch Valley overnight.",
        "\u{201c}We will hold the line at the river if the wind drops tonight,\u{201d} he said.",
    ]);
    assert_eq!(got[0].1, "Paolo Greco");
}

#[test]
fn a_quote_without_attribution_is_the_person_named_before_it_in_its_paragraph() {
    let got = quotes(&[
        "\u{201c}The league has been patient with us for two seasons now,\u{201d} said Ben Ortiz.",
        "At a hearing on Thursday, Mira Solberg set out the terms. \u{201c}Every creditor is paid before a single player is signed.\u{201d}",
    ]);
    assert_eq!(got[1].1, "Mira Solberg");
}

#[test]
fn called_introduces_a_quote() {
    let got = quotes(&["Chief executive Arlo Pence called the decision \u{201c}the hardest one of my working life\u{201d} on Monday."]);
    assert_eq!(got[0].1, "Arlo Pence");
    assert_eq!(got[0].2, "called");
}

#[test]
fn a_comparative_makes_a_claim_with_than_and_a_number_that_names_or_an_age_does_not() {
    let claim = |s: &str| claims::claim(&s.chars().collect::<Vec<_>>());
    assert!(claim(
        "Fares are higher than in any other city in the region."
    ));
    assert!(!claim("The mood was less tense on Friday."));
    assert!(!claim("She takes the No. 9 bus to work."));
    assert!(!claim("Ortiz, 47, lives near the station."));
    assert!(!claim("The stadium opened in 1994."));
    assert!(claim("The club has not won the league since 1994."));
    assert!(claim("Demand will exceed supply by 2031."));
    assert!(!claim("The council meets on March 3 at 6 p.m."));
}
