//! The data the suggestion rules run on, in one place: quote marks, cue verbs, the words that
//! introduce a name or stop one, what makes a sentence a claim, and the lines scrapers leave.
//! A language or a house style is added here, without touching the logic (`quotes`,
//! `speakers`, `claims`). Words are lists separated by single spaces, compared exactly as
//! written (case included), and looked up with [`has`].

/// Quote marks that open a quote, each with the marks that close it. `“` opens in English and
/// closes after `„` (German): which it is depends on whether a quote is open.
pub const MARKS: &[(char, &str)] = &[
    ('\u{201c}', "\u{201d}"),         // “ ” English
    ('\u{201e}', "\u{201c}\u{201d}"), // „ “ German, „ ” Polish, Romanian, Dutch
    ('\u{ab}', "\u{bb}"),             // « » French, Italian, Spanish, Russian
    ('\u{2018}', "\u{2019}"),         // ‘ ’ British single
    ('\u{201a}', "\u{2018}\u{2019}"), // ‚ ‘ German single
    ('"', "\""),                      // straight
    ('\u{300c}', "\u{300d}"),         // 「 」
];

/// Reporting (cue) verbs with their inflections, from textacy's list of 55 and what news
/// adds ("tweeted", "posted", "told reporters").
pub const CUES: &str = "say says said saying tell tells told telling add adds added adding \
    ask asks asked warn warns warned argue argues argued insist insists insisted explain \
    explains explained acknowledge acknowledges acknowledged deny denies denied write writes \
    wrote written tweet tweets tweeted post posts posted note notes noted claim claims claimed \
    declare declares declared state states stated announce announces announced admit admits \
    admitted agree agrees agreed allege alleges alleged assert asserts asserted believe \
    believes believed blame blames blamed charge charged cite cites cited complain complains \
    complained concede concedes conceded conclude concludes concluded confirm confirms \
    confirmed contend contends contended continue continues continued criticise criticised \
    criticize criticized decline declined describe describes described disagree disagreed \
    disclose disclosed estimate estimated fear feared hope hoped mention mentioned \
    maintain maintains maintained observe observed order ordered predict predicts predicted \
    promise promises promised recall recalls recalled recommend recommended reply replies \
    replied report reports reported respond responds responded stress stresses stressed \
    suggest suggests suggested testify testified think thinks thought urge urges urged \
    worry worried remark remarked joke joked quip quipped shout shouted exclaim exclaimed \
    whisper whispered read reads put call calls called";

/// Subject pronouns a quote is attributed to ("…,” she said).
pub const PRONOUNS: &str = "he she they He She They";

/// Nouns that stand for a person named before ("…,” the mayor said).
pub const ROLES: &str = "mayor minister spokesman spokeswoman spokesperson chairman \
    chairwoman chair director president official executive councillor councilor coach \
    manager governor chancellor commissioner secretary professor doctor economist analyst \
    lawyer prosecutor judge senator captain founder leader owner chief negotiator organiser \
    organizer researcher scientist author activist resident witness statement memo letter";

/// Words after which a name is a place or an organisation, not a person.
pub const PREPOSITIONS: &str = "in at from to near over across outside inside into toward \
    towards via within around through of for on by under";

/// Words before a name that are not part of it: titles and roles.
pub const TITLES: &str = "Mr Mrs Ms Miss Dr Prof Professor Sir Dame Lord Lady Rev President \
    Vice Prime Minister Chancellor Mayor Deputy Governor Senator Sen Rep Representative \
    Judge Justice General Gen Colonel Col Captain Capt Lieutenant Lt Sergeant Sgt Officer \
    Inspector Chief Superintendent Commissioner Councillor Councilor Alderman Bishop Father \
    Sister Rabbi Imam Coach King Queen Prince Princess Ambassador Secretary Speaker Chairman \
    Chairwoman Chair Director Dean Herr Frau Madame Monsieur Mme Mlle";

/// Lower-case words that join the parts of a name ("Ursula von der Berg", "Ana de la Cruz").
pub const PARTICLES: &str = "von van der den de la le du da di dos das del della ter ten bin ibn";

/// Capitalised words that never start a name: sentence openers, pronouns, days and months.
pub const NOT_NAMES: &str = "The A An He She It They We I You His Her Its Their Our My This \
    That These Those There Here In On At But And Or So If When While After Before As For \
    With From By To Of Yet Still Then Now Also Last Next Earlier Later Meanwhile However \
    Asked Speaking According Monday Tuesday Wednesday Thursday Friday Saturday Sunday \
    January February March April May June July August September October November December \
    Mon Tue Wed Thu Fri Sat Sun Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec";

/// Words that make a run of capitalised words an organisation or a place, not a person.
pub const NOT_PERSONS: &str = "Council Authority Ministry Department Agency Office Company \
    Corporation Group Inc Ltd Bank Union Association Party Committee Commission Court \
    Parliament Assembly Government Hospital Trust University College School Club Federation \
    League News Times Post Courier Herald Tribune Journal Gazette Press Service Services \
    Institute Foundation Fund Board Police Port City County State Republic Kingdom Street \
    Road Square Park River Lake Bay Airport Station Centre Center Energy Health Guild Holdings \
    Partners Capital Securities Systems Technologies Labs Airlines Railways Media Network \
    Alliance Coalition Forum Marine Ridge Hollow Valley Hill Hills Mountain Forest Island \
    Harbour Harbor Bridge General Ltd.";

/// Abbreviations whose full stop does not end a sentence.
pub const ABBREVIATIONS: &str = "Mr Mrs Ms Dr Prof St Sr Jr Gen Sen Rep Gov Lt Col Capt Sgt \
    Mt No vs etc Inc Ltd Co Corp Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec U.S U.K \
    a.m p.m e.g i.e Mme Mlle";

/// What makes a sentence a claim (besides a number, a percentage or money): superlatives,
/// changes by a factor, shares and amounts.
pub const CLAIM_WORDS: &str = "most least highest lowest largest biggest smallest fastest \
    worst best record doubled tripled halved quadrupled twice half majority minority percent \
    million billion trillion";

/// Comparatives: a claim when "than" follows within three words ("higher than", "more
/// people than"), not alone ("less sentimental").
pub const COMPARATIVES: &str = "more less fewer higher lower greater larger smaller bigger \
    faster slower cheaper costlier worse better older younger longer shorter";

/// Words before a year that make it a claim's ("since 1994", "by 2031").
pub const YEAR_CLAIMS: &str = "since by until before";

/// Words before a number that make it a name, not a figure ("No. 14", "Route 9").
pub const NUMBERED: &str = "No Nos Number Route Line Platform Gate Room Flight Bus Article \
    Section Chapter Page";

/// Months: a number beside one is a date, not a figure.
pub const MONTHS: &str = "January February March April May June July August September \
    October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec";

/// Lines scrapers leave in articles (compared at a line's start, case as written): never
/// suggested, shown dimmed.
pub const BOILERPLATE: &[&str] = &[
    "Share via",
    "Share this",
    "Share on",
    "Copy link",
    "Sign up",
    "Subscribe",
    "Advertisement",
    "ADVERTISEMENT",
    "Read more",
    "Read next",
    "Related:",
    "Follow us",
    "Click here",
    "Listen to this article",
    "Skip to",
    "Most read",
    "Recommended",
];

/// Small words a title of a work may hold in lower case ("Water for Tomorrow").
pub const TITLE_SMALL_WORDS: &str = "a an the of for and or in on to at by with from nor but";

/// Whether `word` is one of the space-separated `list`.
pub fn has(list: &str, word: &str) -> bool {
    !word.is_empty() && list.split(' ').any(|w| w == word)
}
