"""Quotation extraction with speaker attribution, in pure Python.

The pipeline, in the order it runs (a "sieve": the most precise evidence first):

1. **Spans.** Pair quote marks per paragraph: curly, straight and mixed marks; a quote that runs over
   several paragraphs (an unclosed opening mark followed by a paragraph that opens with a mark); an
   unbalanced mark is dropped, never guessed. Single marks inside a double-quoted span are nested
   quotes and stay part of it.
2. **Frames.** Sentences are found on a copy of the text whose quoted words are masked, so a quote's
   own full stops do not cut its attribution frame. A quote's frame is the text around it in its
   sentence, split by the other quotes of that sentence.
3. **Cues.** A speech verb (said, told, according to, sees … as, asked if, put it, the dash) with its
   speaker phrase, before or after the quote, nearest segment first: ``"Q," said S`` · ``"Q," S said``
   · ``S said: "Q"`` · ``S told X "Q"`` · ``"Q" — S`` · ``According to S, "Q"`` · ``S, a fellow at Y,
   sees it as "Q"`` · ``Lee said Ortiz had told him "Q"`` (the nearest cue wins, so Ortiz).
4. **Context.** A quote with no cue in its sentence takes the speaker of its multi-paragraph chain, of
   the previous quote sentence, of a ``S was blunt:`` sentence before it, of a ``That was how S put
   it`` sentence after it, or of the previous paragraph's last quote (follow-on paragraphs). Short,
   cue-less quoted phrases (scare quotes, titles of works, single words) get no speaker.
5. **Resolution.** A registry of the article's people (full names, the title before the name, the
   appositive after it) resolves surnames, "Mr./Ms./Dr. X" (gender from the honorific) and pronouns
   (subject of the current or previous sentence first, then recency; gender when known). Nominal
   speakers ("a senior administration official") and organisations/documents ("the statement")
   are kept as such.
6. **Title, affiliation, role.** The title phrase and the organisation are split out of the
   appositive or the words before the name; the role (expert, official, media, other) comes from the
   lexicons in ``seeds/lexicons/roles.yaml``.

Every quote carries a confidence and a ``method`` naming the cue rule and the resolution used.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

# --------------------------------------------------------------------------------------------------
# Lexicons

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
STRAIGHT = '"'
DOUBLE_MARKS = OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT

SPEECH_VERBS = [
    "said",
    "says",
    "say",
    "told",
    "tells",
    "tell",
    "added",
    "adds",
    "noted",
    "notes",
    "argued",
    "argues",
    "warned",
    "warns",
    "wrote",
    "writes",
    "insisted",
    "insists",
    "explained",
    "explains",
    "asked",
    "asks",
    "acknowledged",
    "acknowledges",
    "complained",
    "complains",
    "recalled",
    "recalls",
    "stated",
    "states",
    "declared",
    "declares",
    "claimed",
    "claims",
    "stressed",
    "stresses",
    "emphasized",
    "emphasizes",
    "emphasised",
    "continued",
    "continues",
    "replied",
    "replies",
    "responded",
    "responds",
    "answered",
    "answers",
    "observed",
    "observes",
    "cautioned",
    "cautions",
    "predicted",
    "predicts",
    "suggested",
    "suggests",
    "conceded",
    "concedes",
    "admitted",
    "admits",
    "announced",
    "announces",
    "remarked",
    "remarks",
    "tweeted",
    "tweets",
    "posted",
    "urged",
    "urges",
    "agreed",
    "agrees",
    "countered",
    "counters",
    "quipped",
    "quips",
    "joked",
    "jokes",
    "mused",
    "muses",
    "concluded",
    "concludes",
    "reiterated",
    "reiterates",
    "maintained",
    "maintains",
    "contended",
    "contends",
    "testified",
    "testifies",
    "charged",
    "charges",
    "lamented",
    "laments",
    "boasted",
    "boasts",
    "vowed",
    "vows",
    "promised",
    "promises",
    "pledged",
    "pledges",
    "threatened",
    "threatens",
    "demanded",
    "demands",
    "wondered",
    "wonders",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "assured",
    "assures",
    "reported",
    "reports",
    "called",
    "calls",
    "described",
    "describes",
    "sees",
    "saw",
    "views",
    "viewed",
    "labeled",
    "labelled",
    "dubbed",
    "branded",
    "termed",
    "writing",
    "saying",
    "adding",
    "noting",
    "telling",
    "arguing",
    "warning",
    "insisting",
    "explaining",
    "asking",
    "recalling",
    "calling",
    "describing",
    "predicting",
    "whispered",
    "shouted",
    "exclaimed",
    "proclaimed",
    "acknowledged",
    "assessed",
    "summed",
    "summarized",
    "summarised",
    "offered",
    "read",
    "reads",
    "advised",
    "advises",
    "echoed",
    "echoes",
    "objected",
    "objects",
    "protested",
    "protests",
    "retorted",
    "snapped",
    "scoffed",
    "sniffed",
    "replied",
    "groused",
    "grumbled",
    "marveled",
    "marvelled",
    "recounted",
    "recounts",
    "related",
    "relates",
    "conceded",
]
SPEECH_VERB_SET = frozenset(SPEECH_VERBS)
# Verbs that also name things ("what they call X", "a so-called X") rather than report speech.
NAMING_VERBS = frozenset({"call", "calls", "called", "dubbed", "termed", "labeled", "labelled", "branded"})
ADVERBS = (
    r"(?:also|later|then|again|once|previously|repeatedly|reportedly|privately|publicly|recently|"
    r"bluntly|flatly|simply|quickly|quietly|angrily|sharply|separately|further|earlier|last\s+week|"
    r"on\s+\w+day|had|has|have|would|will|could|might|may|was|were|is|has\s+been|had\s+been|did|does|"
    r"never|often|once\s+again|still|even|just|herself|himself|themselves|only|not|in\s+an\s+interview)"
)

HONORIFICS = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Maj|Capt|Adm|Amb|Sgt|Rev|Sir|Lord|Dame)\.?"
GENDER_BY_HONORIFIC = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "lord": "m", "dame": "f"}
TITLE_WORDS_CAP = frozenset(
    [
        "President",
        "Vice",
        "Secretary",
        "Minister",
        "Foreign",
        "Defense",
        "Defence",
        "Prime",
        "Deputy",
        "First",
        "Chairman",
        "Chairwoman",
        "Chair",
        "Senator",
        "Sen",
        "Rep",
        "Representative",
        "Ambassador",
        "General",
        "Gen",
        "Admiral",
        "Adm",
        "Governor",
        "Gov",
        "Director",
        "Chief",
        "Special",
        "Envoy",
        "Spokesperson",
        "Spokesman",
        "Spokeswoman",
        "Professor",
        "Prof",
        "Dr",
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Leader",
        "Supreme",
        "Commander",
        "Lt",
        "Col",
        "Colonel",
        "Major",
        "Maj",
        "Capt",
        "Captain",
        "Sergeant",
        "Speaker",
        "Majority",
        "Minority",
        "Whip",
        "Unification",
        "State",
        "National",
        "Security",
        "Adviser",
        "Advisor",
        "Assistant",
        "Under",
        "Undersecretary",
        "Former",
        "Acting",
        "Senior",
        "Chancellor",
        "Premier",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Pope",
        "Judge",
        "Justice",
        "Attorney",
        "Mayor",
        "Councilman",
        "Councilwoman",
        "Lawmaker",
        "Rev",
        "Amb",
        "Sgt",
        "Sir",
        "Lord",
        "Dame",
        "Marshal",
        "Envoy",
        "Negotiator",
        "Counselor",
        "Counsellor",
        "Minister-Counselor",
    ]
)
NOT_NAME_WORDS = frozenset(
    [
        "The",
        "A",
        "An",
        "And",
        "But",
        "Or",
        "If",
        "In",
        "On",
        "At",
        "Of",
        "For",
        "To",
        "From",
        "By",
        "With",
        "Without",
        "As",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "It's",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "His",
        "Her",
        "Their",
        "Our",
        "My",
        "Your",
        "There",
        "Here",
        "When",
        "While",
        "Where",
        "What",
        "Who",
        "Why",
        "How",
        "After",
        "Before",
        "During",
        "Since",
        "Until",
        "Although",
        "Though",
        "Because",
        "So",
        "Yet",
        "Still",
        "Then",
        "Now",
        "However",
        "Meanwhile",
        "Indeed",
        "Also",
        "Instead",
        "Asked",
        "According",
        "Under",
        "Over",
        "Only",
        "Even",
        "Just",
        "Not",
        "No",
        "Yes",
        "All",
        "Some",
        "Many",
        "Most",
        "Much",
        "Each",
        "Every",
        "Both",
        "Either",
        "Neither",
        "Another",
        "Other",
        "Such",
        "Last",
        "Next",
        "Earlier",
        "Later",
        "Today",
        "Tomorrow",
        "Yesterday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Q",
        "A",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Says",
        "Said",
        "Told",
        "Asked",
        "Clearly",
        "Better",
        "Presumably",
        "Under",
        "Trump's",
        "Kim's",
    ]
)
ORG_WORDS = frozenset(
    [
        "Department",
        "Ministry",
        "Ministers",
        "University",
        "College",
        "Institute",
        "Institution",
        "Foundation",
        "Center",
        "Centre",
        "Council",
        "Agency",
        "Committee",
        "Commission",
        "Office",
        "House",
        "Senate",
        "Congress",
        "Assembly",
        "Party",
        "Army",
        "Navy",
        "Force",
        "Forces",
        "Command",
        "Corporation",
        "Corp",
        "Inc",
        "Company",
        "Group",
        "Bank",
        "Fund",
        "Association",
        "Society",
        "Union",
        "Organization",
        "Organisation",
        "Network",
        "News",
        "Times",
        "Post",
        "Journal",
        "Herald",
        "Tribune",
        "Sinmun",
        "Daily",
        "Press",
        "Service",
        "Broadcasting",
        "Radio",
        "Television",
        "TV",
        "Agency",
        "Embassy",
        "Mission",
        "Nations",
        "Court",
        "Administration",
        "Government",
        "Cabinet",
        "Bureau",
        "School",
        "Academy",
        "Program",
        "Programme",
        "Project",
        "Initiative",
        "Forum",
        "Studies",
        "Review",
        "Report",
        "Alliance",
        "League",
        "Peninsula",
        "Korea",
        "Koreas",
        "States",
        "Kingdom",
        "Republic",
        "Korean",
        "Koreans",
        "American",
        "Americans",
        "Chinese",
        "Japanese",
        "Pentagon",
        "Kremlin",
        "Politburo",
        "Secretariat",
        "Federation",
        "Board",
        "Authority",
        "Station",
        "Club",
        "Team",
        "Dispatch",
        "Ledger",
        "KCNA",
        "Yonhap",
        "Reuters",
        "AP",
        "AFP",
        "Bloomberg",
        "CNN",
        "BBC",
        "NPR",
        "DPRK",
        "ROK",
        "UN",
        "US",
        "USA",
        "EU",
        "NATO",
        "IAEA",
        "NIS",
        "USFK",
        "CSIS",
        "RAND",
    ]
)
PLACE_WORDS = frozenset(
    [
        "Washington",
        "Seoul",
        "Pyongyang",
        "Tokyo",
        "Beijing",
        "Moscow",
        "Stockholm",
        "Singapore",
        "Hanoi",
        "Panmunjom",
        "Yongbyon",
        "Sweden",
        "China",
        "Japan",
        "Russia",
        "America",
        "Korea",
        "Vietnam",
        "Europe",
        "Asia",
        "Pacific",
        "Geneva",
        "London",
        "Paris",
        "Berlin",
        "York",
        "Hawaii",
        "Guam",
        "Sinpo",
        "Wonsan",
        "Kaesong",
        "Busan",
        "Incheon",
        "Sohae",
        "Punggye-ri",
        "DMZ",
        "Peninsula",
        "Capitol",
        "Hill",
        "Congress",
    ]
)
NOMINAL_HEADS = [
    "official",
    "officials",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "diplomat",
    "diplomats",
    "statement",
    "ministry",
    "analyst",
    "analysts",
    "expert",
    "experts",
    "source",
    "sources",
    "negotiator",
    "negotiators",
    "envoy",
    "report",
    "memo",
    "memorandum",
    "newspaper",
    "agency",
    "commentary",
    "editorial",
    "letter",
    "aide",
    "aides",
    "adviser",
    "advisers",
    "advisor",
    "lawmaker",
    "lawmakers",
    "senator",
    "senators",
    "researcher",
    "researchers",
    "observer",
    "observers",
    "defector",
    "defectors",
    "resident",
    "residents",
    "government",
    "administration",
    "department",
    "embassy",
    "office",
    "committee",
    "council",
    "party",
    "military",
    "army",
    "command",
    "document",
    "announcement",
    "dispatch",
    "person",
    "people",
    "delegation",
    "delegate",
    "delegates",
    "broadcaster",
    "outlet",
    "media",
    "paper",
    "daily",
    "website",
    "account",
    "readout",
    "transcript",
    "notice",
    "note",
    "communique",
    "communiqué",
    "declaration",
    "release",
    "reporter",
    "reporters",
    "correspondent",
    "editor",
    "member",
    "members",
    "staffer",
    "staffers",
    "officer",
    "officers",
    "commander",
    "general",
    "analysis",
    "study",
    "assessment",
    "summary",
    "cable",
    "briefing",
    "foreign",
    "ministry",
    "mission",
    "regime",
    "leadership",
    "leader",
    "leaders",
    "insider",
    "insiders",
    "strategist",
    "strategists",
    "scholar",
    "scholars",
    "professor",
    "professors",
    "lawyer",
    "official's",
]
NOMINAL_HEAD_SET = frozenset(NOMINAL_HEADS)
DOCUMENT_HEADS = frozenset(
    [
        "statement",
        "report",
        "memo",
        "memorandum",
        "letter",
        "commentary",
        "editorial",
        "dispatch",
        "readout",
        "transcript",
        "notice",
        "note",
        "communique",
        "communiqué",
        "declaration",
        "release",
        "document",
        "announcement",
        "cable",
        "briefing",
        "analysis",
        "study",
        "assessment",
        "summary",
        "newspaper",
        "agency",
        "broadcaster",
        "paper",
        "daily",
        "website",
    ]
)
WORK_CUES = re.compile(
    r"\b(?:book|books|report|film|movie|documentary|article|column|essay|paper|study|novel|song|album|"
    r"titled|entitled|headlined|memoir|play|series|show|podcast|program|programme|op-ed|speech)\s*,?\s*$",
    re.IGNORECASE,
)
FEMALE_FIRST = frozenset(
    [
        "mary",
        "patricia",
        "jennifer",
        "linda",
        "elizabeth",
        "barbara",
        "susan",
        "jessica",
        "sarah",
        "karen",
        "nancy",
        "lisa",
        "betty",
        "margaret",
        "sandra",
        "ashley",
        "kimberly",
        "emily",
        "donna",
        "michelle",
        "carol",
        "amanda",
        "dorothy",
        "melissa",
        "deborah",
        "stephanie",
        "rebecca",
        "sharon",
        "laura",
        "cynthia",
        "kathleen",
        "amy",
        "angela",
        "shirley",
        "anna",
        "brenda",
        "pamela",
        "emma",
        "nicole",
        "helen",
        "samantha",
        "katherine",
        "christine",
        "debra",
        "rachel",
        "carolyn",
        "janet",
        "catherine",
        "maria",
        "heather",
        "diane",
        "ruth",
        "julie",
        "olivia",
        "joyce",
        "virginia",
        "victoria",
        "kelly",
        "lauren",
        "christina",
        "joan",
        "evelyn",
        "judith",
        "megan",
        "andrea",
        "cheryl",
        "hannah",
        "jacqueline",
        "martha",
        "gloria",
        "teresa",
        "ann",
        "sara",
        "madison",
        "frances",
        "kathryn",
        "janice",
        "jean",
        "abigail",
        "alice",
        "judy",
        "sophia",
        "grace",
        "denise",
        "amber",
        "doris",
        "marilyn",
        "danielle",
        "beverly",
        "isabella",
        "theresa",
        "diana",
        "natalie",
        "brittany",
        "charlotte",
        "marie",
        "kayla",
        "alexis",
        "lori",
        "morgan",
        "eleanor",
        "claire",
        "clara",
        "carla",
        "ingrid",
        "sofia",
        "sophie",
        "hillary",
        "condoleezza",
        "madeleine",
        "nikki",
        "nancy",
        "elaine",
        "susan",
        "suzanne",
        "wendy",
        "julia",
        "jane",
        "joanna",
        "leah",
        "miriam",
        "naomi",
        "ruth",
        "esther",
        "fiona",
        "harriet",
        "iris",
        "irene",
        "jill",
        "joy",
        "june",
        "kate",
        "laura",
        "lucy",
        "mia",
        "nina",
        "nora",
        "paula",
        "rose",
        "sally",
        "tina",
        "vera",
        "yvonne",
        "zoe",
    ]
)
MALE_FIRST = frozenset(
    [
        "james",
        "robert",
        "john",
        "michael",
        "david",
        "william",
        "richard",
        "joseph",
        "thomas",
        "charles",
        "christopher",
        "daniel",
        "matthew",
        "anthony",
        "mark",
        "donald",
        "steven",
        "paul",
        "andrew",
        "joshua",
        "kenneth",
        "kevin",
        "brian",
        "george",
        "timothy",
        "ronald",
        "edward",
        "jason",
        "jeffrey",
        "ryan",
        "jacob",
        "gary",
        "nicholas",
        "eric",
        "jonathan",
        "stephen",
        "larry",
        "justin",
        "scott",
        "brandon",
        "benjamin",
        "samuel",
        "gregory",
        "alexander",
        "frank",
        "patrick",
        "raymond",
        "jack",
        "dennis",
        "jerry",
        "tyler",
        "aaron",
        "jose",
        "adam",
        "nathan",
        "henry",
        "douglas",
        "zachary",
        "peter",
        "kyle",
        "ethan",
        "walter",
        "noah",
        "jeremy",
        "christian",
        "keith",
        "roger",
        "terry",
        "gerald",
        "harold",
        "sean",
        "austin",
        "carl",
        "arthur",
        "lawrence",
        "dylan",
        "jesse",
        "jordan",
        "bryan",
        "billy",
        "joe",
        "bruce",
        "gabriel",
        "logan",
        "albert",
        "willard",
        "willie",
        "alan",
        "juan",
        "wayne",
        "elijah",
        "randy",
        "roy",
        "vincent",
        "ralph",
        "eugene",
        "russell",
        "bobby",
        "mason",
        "philip",
        "louis",
        "mike",
        "jim",
        "bill",
        "bob",
        "tom",
        "dan",
        "dave",
        "steve",
        "tony",
        "chris",
        "victor",
        "evans",
        "leif",
        "evan",
        "hugh",
        "ian",
        "ivan",
        "karl",
        "leon",
        "luke",
        "martin",
        "max",
        "neil",
        "oliver",
        "oscar",
        "owen",
        "ray",
        "rex",
        "simon",
        "ted",
        "victor",
        "vladimir",
        "xi",
        "shinzo",
        "moon",
    ]
)

_ROLE_FALLBACK: dict[str, Any] = {
    "expert": {
        "title_terms": ["analyst", "professor", "fellow", "researcher", "scholar", "expert"],
        "affiliation_terms": ["institute", "university", "foundation", "center for", "council on"],
        "affiliation_names": [],
        "former_markers": ["former", "retired", "ex-", "once"],
    },
    "official": {
        "title_terms": [
            "minister",
            "spokesperson",
            "spokesman",
            "spokeswoman",
            "secretary",
            "envoy",
            "ambassador",
            "official",
            "diplomat",
            "negotiator",
            "senator",
            "president",
        ],
        "affiliation_terms": ["ministry", "department", "government", "administration"],
    },
    "media": {
        "title_terms": ["editor", "correspondent", "reporter", "columnist", "journalist"],
        "affiliation_terms": ["news", "newspaper", "agency"],
        "affiliation_names": ["KCNA", "Rodong Sinmun"],
    },
    "other": {"title_terms": ["defector", "activist", "resident", "student"]},
}
ROLES_PATH = Path(__file__).resolve().parents[2] / "seeds" / "lexicons" / "roles.yaml"


# --------------------------------------------------------------------------------------------------
# Data


@dataclass
class Quote:
    quote: str
    start: int
    end: int
    speaker: str | None
    speaker_title: str | None
    speaker_affiliation: str | None
    speaker_role: str | None
    cue: str | None
    confidence: float
    method: str
    speaker_kind: str | None = None  # person | nominal | organization | pronoun-unresolved

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Span:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    para: int
    sentence: int = -1
    chain: int = -1  # multi-paragraph quote id (pieces share it)
    continues: bool = False


@dataclass
class _Person:
    name: str
    tokens: tuple[str, ...]
    first_at: int
    title: str | None = None
    affiliation: str | None = None
    gender: str | None = None
    kind: str = "person"


@dataclass
class _Mention:
    start: int
    end: int
    person: _Person
    sentence: int


@dataclass
class _Speaker:
    text: str
    start: int
    end: int
    kind: str  # name | pronoun | nominal | organization | label
    appositive: str | None = None
    pre_title: str | None = None


@dataclass
class _Attribution:
    speaker: _Speaker
    cue: str
    rule: str
    confidence: float


@dataclass
class _Article:
    text: str
    paragraphs: list[tuple[int, int]]
    spans: list[_Span]
    masked: str
    sentences: list[tuple[int, int]]
    sentence_para: list[int]
    persons: list[_Person] = field(default_factory=list)
    mentions: list[_Mention] = field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# 1. Quote spans


def _is_opener_straight(par: str, i: int) -> bool:
    prev = par[i - 1] if i > 0 else " "
    nxt = par[i + 1] if i + 1 < len(par) else " "
    if prev.isspace() or prev in "([{—–-/:;‘'“":
        return not nxt.isspace()
    return False


def find_spans(text: str) -> list[_Span]:
    """Quote spans (offsets inside the marks), including pieces of multi-paragraph quotes."""
    spans: list[_Span] = []
    paragraphs = _paragraphs(text)
    chain_id = 0
    open_chain: int | None = None
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        par = text[p_start:p_end]
        opened: int | None = None
        for i, ch in enumerate(par):
            if ch not in DOUBLE_MARKS:
                continue
            if ch in OPEN_DOUBLE or (ch == STRAIGHT and opened is None and _is_opener_straight(par, i)):
                if opened is not None and ch in OPEN_DOUBLE:
                    # A second opener before any close: the first mark was stray; restart here.
                    pass
                opened = i
            elif opened is not None:
                span = _Span(p_start + opened + 1, p_start + i, p_index)
                if open_chain is not None and opened == _first_mark(par):
                    span.chain = open_chain
                    open_chain = None
                spans.append(span)
                opened = None
        if opened is not None:
            nxt = paragraphs[p_index + 1] if p_index + 1 < len(paragraphs) else None
            if nxt is not None and text[nxt[0] : nxt[0] + 1] in OPEN_DOUBLE + STRAIGHT:
                end = p_end
                while end > p_start + opened + 1 and text[end - 1].isspace():
                    end -= 1
                if open_chain is None:
                    chain_id += 1
                    open_chain = chain_id
                spans.append(_Span(p_start + opened + 1, end, p_index, chain=open_chain, continues=True))
            else:
                open_chain = None
        elif open_chain is not None and not any(s.chain == open_chain and s.para == p_index for s in spans):
            open_chain = None
    return [s for s in spans if s.end > s.start and text[s.start : s.end].strip()]


def _first_mark(par: str) -> int:
    for i, ch in enumerate(par):
        if ch in DOUBLE_MARKS:
            return i
    return -1


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


# --------------------------------------------------------------------------------------------------
# 2. Masked text and sentences


_SENT_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|[.!?]+[\"”’')\]]*\s*$")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Maj|Capt|Adm|Amb|Sgt|St|Jr|Sr|No|Jan|Feb|Mar|Apr|Jun|"
    r"Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|Inc|Corp|Co|Ltd|Rev|[A-Z])|U\.S|U\.N|U\.K|E\.U|D\.C|a\.m|p\.m)\.$"
)


def _mask(text: str, spans: list[_Span]) -> str:
    chars = list(text)
    for s in spans:
        inner_end = s.end
        last = text[s.start : s.end].rstrip()
        keep_final = last[-1:] in (".", "!", "?")
        for k in range(s.start, inner_end):
            if chars[k] != "\n":
                chars[k] = "x"
        if keep_final:
            chars[s.start + len(last) - 1] = last[-1]
    return "".join(chars)


def _sentences(masked: str, paragraphs: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[int]]:
    spans: list[tuple[int, int]] = []
    para_of: list[int] = []
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        par = masked[p_start:p_end]
        start = 0
        for m in _SENT_END.finditer(par):
            if _ABBREV.search(par[: m.start() + 1]):
                continue
            end = m.end()
            if par[start:end].strip():
                lead = len(par[start:end]) - len(par[start:end].lstrip())
                spans.append((p_start + start + lead, p_start + len(par[:end].rstrip())))
                para_of.append(p_index)
            start = end
        if par[start:].strip():
            lead = len(par[start:]) - len(par[start:].lstrip())
            spans.append((p_start + start + lead, p_start + len(par.rstrip())))
            para_of.append(p_index)
    return spans, para_of


def _sentence_of(sentences: list[tuple[int, int]], offset: int) -> int:
    lo, hi = 0, len(sentences) - 1
    best = 0
    while lo <= hi:
        mid = (lo + hi) // 2
        if sentences[mid][0] <= offset:
            best = mid
            lo = mid + 1
        else:
            hi = mid - 1
    return best


# --------------------------------------------------------------------------------------------------
# 3. Names and the person registry

_NAME_TOKEN = r"(?:[A-Z][a-z]*\.|[A-Z][\w’'\-]*[\w])"
_CONNECT = r"(?:de|da|del|van|von|der|den|bin|ibn|al|le|la|du|dos|di|St\.)"
_NAME_RE = re.compile(rf"(?<![\w’'\-])(?:{_NAME_TOKEN})(?:\s+(?:{_CONNECT}\s+)?(?:{_NAME_TOKEN})){{0,5}}(?![\w’'\-])")


def _split_title(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Peel capitalised title words off the front of a name: ("Foreign", "Minister", "Kang", ...) ."""
    i = 0
    while i < len(tokens) - 1 and (tokens[i].rstrip(".") in TITLE_WORDS_CAP or tokens[i] in ("of", "the")):
        i += 1
    while i > 0 and tokens[i - 1] in ("of", "the"):
        i -= 1
    # "Secretary of State Mike Pompeo": "State" belongs to the title when a title word precedes "of".
    return tokens[:i], tokens[i:]


def _looks_like_person(tokens: list[str]) -> bool:
    if not tokens or len(tokens) > 5:
        return False
    if any(t.rstrip(".’'s") in ORG_WORDS or t in PLACE_WORDS for t in tokens):
        return False
    if tokens[0] in NOT_NAME_WORDS or tokens[-1] in NOT_NAME_WORDS:
        return False
    return all(t[0].isupper() or re.fullmatch(_CONNECT, t) for t in tokens)


def _gender_of(first: str) -> str | None:
    low = first.lower().split("-")[0]
    if low in FEMALE_FIRST:
        return "f"
    if low in MALE_FIRST:
        return "m"
    return None


class _Registry:
    def __init__(self, art: _Article) -> None:
        self.art = art
        self.by_name: dict[str, _Person] = {}

    def person_for(self, tokens: list[str], at: int) -> _Person | None:
        """The person a name (full, surname or first token) refers to at offset ``at``."""
        key = " ".join(tokens)
        if key in self.by_name:
            return self.by_name[key]
        if len(tokens) == 1:
            return self._resolve_short(tokens[0], at)
        return None

    def _resolve_short(self, token: str, at: int, gender: str | None = None) -> _Person | None:
        best: tuple[int, _Person] | None = None
        for m in self.art.mentions:
            if m.start >= at:
                break
            p = m.person
            if len(p.tokens) < 2:
                continue
            if token in (p.tokens[-1], p.tokens[0]) or token in p.tokens[-1].split("-"):
                if gender and p.gender and p.gender != gender:
                    continue
                best = (m.start, p)
        if best:
            return best[1]
        for p in self.art.persons:  # introduced later in the text (cataphora): first such person
            if token in (p.tokens[-1], p.tokens[0]) and (not gender or not p.gender or p.gender == gender):
                return p
        return None


def _build_registry(art: _Article) -> _Registry:
    reg = _Registry(art)
    masked = art.masked
    for m in _NAME_RE.finditer(masked):
        raw_tokens = m.group().split()
        title_tokens, name_tokens = _split_title(raw_tokens)
        # Strip possessive from the last token ("Kim's").
        if name_tokens and name_tokens[-1].endswith(("’s", "'s")):
            name_tokens = [*name_tokens[:-1], name_tokens[-1][:-2]]
        if not name_tokens:
            continue
        start = m.start() + (len(" ".join(title_tokens)) + 1 if title_tokens else 0)
        # Sentence-initial capitalised function words are not names.
        while name_tokens and name_tokens[0] in NOT_NAME_WORDS:
            start += len(name_tokens[0]) + 1
            name_tokens = name_tokens[1:]
        if not name_tokens or not _looks_like_person(name_tokens):
            continue
        end = start + len(" ".join(name_tokens))
        sent = _sentence_of(art.sentences, start)
        honorific = title_tokens[-1].rstrip(".").lower() if title_tokens else ""
        if len(name_tokens) >= 2:
            key = " ".join(name_tokens)
            person = reg.by_name.get(key)
            if person is None:
                person = _Person(key, tuple(name_tokens), start, gender=_gender_of(name_tokens[0]))
                reg.by_name[key] = person
                art.persons.append(person)
                _attach_descriptions(art, person, start, end, title_tokens)
            if honorific in GENDER_BY_HONORIFIC:
                person.gender = GENDER_BY_HONORIFIC[honorific]
            art.mentions.append(_Mention(start, end, person, sent))
        else:
            gender = GENDER_BY_HONORIFIC.get(honorific)
            found = reg._resolve_short(name_tokens[0], start, gender)
            if found is not None:
                if gender and not found.gender:
                    found.gender = gender
                art.mentions.append(_Mention(start, end, found, sent))
    art.mentions.sort(key=lambda mm: mm.start)
    _infer_genders(art)
    return reg


def _infer_genders(art: _Article) -> None:
    """A person followed in the same sentence by he/his or she/her (and no other person) gets that gender."""
    for m in art.mentions:
        if m.person.gender:
            continue
        _, s_end = art.sentences[m.sentence]
        others = [x for x in art.mentions if x.sentence == m.sentence and x.person is not m.person]
        if others:
            continue
        tail = art.masked[m.end : s_end]
        if re.search(r"\b(?:he|his|him)\b", tail, re.IGNORECASE) and not re.search(r"\b(?:she|her)\b", tail, re.I):
            m.person.gender = "m"
        elif re.search(r"\b(?:she|her)\b", tail, re.IGNORECASE) and not re.search(r"\b(?:he|his|him)\b", tail, re.I):
            m.person.gender = "f"


_PRE_TITLE_WORD = re.compile(r"^(?:[A-Z][\w.’'\-]*|[a-z][a-z\-]+)$")
_LOWER_TITLE_WORDS = frozenset(
    [
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "envoy",
        "negotiator",
        "minister",
        "secretary",
        "adviser",
        "advisor",
        "official",
        "diplomat",
        "ambassador",
        "analyst",
        "expert",
        "professor",
        "researcher",
        "fellow",
        "scholar",
        "director",
        "chief",
        "head",
        "leader",
        "chairman",
        "chairwoman",
        "chair",
        "president",
        "senator",
        "lawmaker",
        "representative",
        "commander",
        "general",
        "admiral",
        "colonel",
        "officer",
        "editor",
        "correspondent",
        "reporter",
        "columnist",
        "journalist",
        "deputy",
        "vice",
        "foreign",
        "defense",
        "security",
        "national",
        "special",
        "senior",
        "former",
        "retired",
        "top",
        "chief",
        "assistant",
        "principal",
        "acting",
        "first",
        "second",
        "nuclear",
        "policy",
        "affairs",
        "intelligence",
        "unification",
        "strategic",
        "military",
        "defence",
        "state",
        "party",
        "legislator",
        "congressman",
        "congresswoman",
        "lecturer",
        "counselor",
        "counsellor",
        "strategist",
        "veteran",
        "ex-official",
        "press",
    ]
)
_TITLE_HEADS = frozenset(
    [
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "envoy",
        "negotiator",
        "minister",
        "secretary",
        "adviser",
        "advisor",
        "official",
        "diplomat",
        "ambassador",
        "analyst",
        "expert",
        "professor",
        "researcher",
        "fellow",
        "scholar",
        "director",
        "chief",
        "head",
        "leader",
        "chairman",
        "chairwoman",
        "chair",
        "president",
        "senator",
        "lawmaker",
        "representative",
        "commander",
        "general",
        "admiral",
        "colonel",
        "officer",
        "editor",
        "correspondent",
        "reporter",
        "columnist",
        "journalist",
        "legislator",
        "congressman",
        "congresswoman",
        "lecturer",
        "counselor",
        "counsellor",
        "strategist",
    ]
)


def _attach_descriptions(art: _Article, person: _Person, start: int, end: int, title_tokens: list[str]) -> None:
    text = art.text
    # Words right before the name: "State Department spokesperson Morgan Ortagus", "U.S. envoy Stephen Biegun".
    before = text[max(0, start - 120) : start].rstrip()
    words = before.split(" ")
    picked: list[str] = []
    for w in reversed(words):
        bare = w.strip()
        if not bare or not _PRE_TITLE_WORD.match(bare.rstrip(",")) or bare.endswith(","):
            break
        low = bare.lower()
        if bare[0].islower() and low not in _LOWER_TITLE_WORDS and low not in ("of", "for", "and"):
            break
        if bare[0].isupper() and bare in NOT_NAME_WORDS:
            break
        picked.append(bare)
    picked.reverse()
    while picked and picked[0].lower() in ("of", "for", "and"):
        picked = picked[1:]
    if title_tokens:
        picked = picked + [
            t
            for t in title_tokens
            if t.rstrip(".").lower() not in GENDER_BY_HONORIFIC and t.rstrip(".").lower() not in ("dr", "prof")
        ]
    pre = " ".join(picked)
    if pre and any(w.lower().rstrip(".") in _TITLE_HEADS or w in TITLE_WORDS_CAP for w in pre.split()):
        person.title = pre
        org = re.match(r"((?:[A-Z][\w.’'\-]*\s+)*[A-Z][\w.’'\-]*)\s+[a-z]", pre + " x")
        if org and any(w in ORG_WORDS for w in org.group(1).split()):
            person.affiliation = org.group(1)
    # Appositive after the name.
    appositive = _appositive_after(text, end)
    if appositive:
        title, affiliation = split_title_affiliation(appositive)
        if not person.title or (title and not person.title):
            person.title = title
        elif title and person.title and not affiliation:
            pass
        if title and person.title != title and len(pre.split()) <= 1:
            person.title = title
        if affiliation:
            person.affiliation = affiliation


_APPOSITIVE_START = re.compile(r"^,\s+(?!said\b|says\b|told\b|added\b|who\s+said\b)")


def _appositive_after(text: str, end: int) -> str | None:
    """``, retired colonel and senior fellow at X,`` right after a name, when it reads as a description."""
    tail = text[end : end + 260]
    if not _APPOSITIVE_START.match(tail):
        return None
    body = tail[1:].lstrip()
    stop = re.search(
        r",\s*(?=[“\"]|said\b|says\b|told\b|added\b|noted\b|warned\b|argued\b|wrote\b|and\s+[a-z]+\s)|[.;:!?](?:\s|$)(?<!\b[A-Z]\.\s)|[“”\"]|\n|,\s",
        body,
    )
    desc = body[: stop.start()] if stop else body
    desc = desc.strip()
    if not desc or len(desc) > 220:
        return None
    words = desc.split()
    first = words[0].lower()
    if first in ("who", "whose"):
        return " ".join(words[1:]) or None
    if first in ("a", "an", "the", "one", "now", "then", "herself", "himself"):
        words = words[1:]
    if not words:
        return None
    lowered = {w.lower().strip(",.") for w in words}
    if lowered & _TITLE_HEADS or lowered & {
        "diplomat",
        "colonel",
        "member",
        "veteran",
        "expert",
        "head",
        "ambassador",
        "analyst",
        "spokesperson",
        "official",
        "founder",
        "author",
        "president",
        "dean",
        "manager",
        "owner",
    }:
        if re.search(r"\b(?:said|says|told|confirmed|argued|is|was|are|were|has|had)\b", " ".join(words[:2])):
            return None
        return " ".join(words)
    return None


_AFFILIATION = re.compile(
    r"\b(?:at|of|with|for|from)\s+(?:the\s+)?((?:[A-Z][\w.’'&\-]*)(?:\s+(?:(?:for|of|and|on|the|&|in)\s+)*"
    r"[A-Z][\w.’'&\-]*)*)"
)


def split_title_affiliation(desc: str) -> tuple[str | None, str | None]:
    """Split a description into its title and its organisation.

    A noun phrase is cut at the organisation ("senior fellow" | "Foundation for Defense of Democracies");
    a relative clause ("once headed the desk at the State Department ...") is kept whole as the title,
    with the organisation picked out of it.
    """
    desc = desc.strip().rstrip(",")
    desc = re.sub(r"^(?:a|an|the)\s+", "", desc)
    is_clause = bool(
        re.match(
            r"^(?:once|previously|formerly|now|later|has|had|is|was|served|heads|headed|"
            r"led|leads|runs|ran|works|worked|teaches|taught)\b",
            desc,
        )
    )
    for m in _AFFILIATION.finditer(desc):
        org = m.group(1)
        org_words = org.split()
        # Trim a trailing "in Seoul" style location that the pattern swallowed.
        cut = re.split(r"\s+in\s+", org, maxsplit=1)[0]
        if not any(w in ORG_WORDS or w in _EXTRA_ORG_HINTS for w in cut.split()) and len(org_words) < 2:
            continue
        if cut in PLACE_WORDS:
            continue
        title = desc if is_clause else desc[: m.start()].strip().rstrip(",")
        return (title or None), cut
    return desc or None, None


_EXTRA_ORG_HINTS = frozenset({"Foundation", "Institute", "University", "Center", "Council", "Democracies"})


# --------------------------------------------------------------------------------------------------
# 4. Cues

_VERB_ALT = "|".join(sorted(SPEECH_VERB_SET, key=len, reverse=True))
_PRONOUN = r"(?:he|she|they|He|She|They)"
_NAMEISH = rf"(?:(?:{HONORIFICS}\s+)?{_NAME_TOKEN}(?:\s+(?:{_CONNECT}\s+)?{_NAME_TOKEN}){{0,5}})"
_NOMINAL = (
    r"(?:(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Tt]his|[Tt]hat|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+"
    r"(?:[\w’'\-.]+\s+){0,6}?(?:" + "|".join(sorted(NOMINAL_HEAD_SET, key=len, reverse=True)) + r"))"
)
_POSSESSIVE_NOMINAL = (
    rf"(?:{_NAMEISH}(?:’s|'s)\s+(?:[\w\-]+\s+){{0,3}}?(?:"
    + "|".join(sorted(NOMINAL_HEAD_SET, key=len, reverse=True))
    + r"))"
)
_SPEAKER = rf"(?:{_POSSESSIVE_NOMINAL}|{_NOMINAL}|(?:the\s+)?{_NAMEISH}|{_PRONOUN})"
_SPEAKER_RE = re.compile(_SPEAKER)
_APPOS = r"(?:,\s+(?:a|an|the|who|whose|one|now|[a-z])[^,“”\"]{1,200},)"
_VERB = rf"(?:{_VERB_ALT})(?![\w])"

_AFTER_INVERTED = re.compile(rf"^[\s,]*(?:{ADVERBS}\s+)?(?P<v>{_VERB})\s+(?P<s>{_SPEAKER})(?![\w’'])")
_AFTER_SUBJECT = re.compile(rf"^[\s,]*(?P<s>{_SPEAKER})(?P<app>{_APPOS})?\s+(?:{ADVERBS}\s+){{0,2}}(?P<v>{_VERB})\b")
_AFTER_DASH = re.compile(rf"^\s*[—–]+\s*(?P<s>{_SPEAKER})")
_ACCORDING = re.compile(rf"\b[Aa]ccording\s+to\s+(?P<s>{_SPEAKER})")
_BEFORE_LABEL = re.compile(r"(?:^|\n)\s*(?P<s>[A-Z][A-Za-z.’'\- ]{0,40}?):\s*$")
_PUT_IT = re.compile(
    rf"\b(?:how|what)\s+(?P<s>{_SPEAKER})\s+(?:{ADVERBS}\s+)?(?P<v>put\s+it|puts\s+it|said|says|called\s+it|described\s+it|sees\s+it|saw\s+it|wrote)"
)

_VERB_IN_TEXT = re.compile(rf"(?<![\w’'])(?P<v>{_VERB})")
_SUBJECT_BEFORE = re.compile(rf"(?P<s>{_SPEAKER})(?P<app>{_APPOS})?\s+(?:{ADVERBS}\s+){{0,3}}$")
_INVERTED_AT = re.compile(rf"^\s+(?P<s>{_SPEAKER})(?P<app>,\s+[^,“”\"]{{1,200}}(?:,|$))?")


def _speaker_from(match: re.Match[str], offset: int) -> _Speaker:
    text = match.group("s")
    start = offset + match.start("s")
    kind = _speaker_kind(text)
    app = match.groupdict().get("app")
    appositive = app.strip(" ,") if app else None
    return _Speaker(text, start, start + len(text), kind, appositive)


def _speaker_kind(text: str) -> str:
    low = text.lower()
    if re.fullmatch(r"he|she|they", low):
        return "pronoun"
    last = low.split()[-1]
    if re.match(r"^(?:the|a|an|one|another|two|three|several|some|this|that|its|his|her|their)\s", low) or (
        ("’s " in text or "'s " in text) and last in NOMINAL_HEAD_SET
    ):
        if last in DOCUMENT_HEADS or last in (
            "ministry",
            "government",
            "administration",
            "department",
            "embassy",
            "office",
            "committee",
            "council",
            "party",
            "military",
            "army",
            "command",
            "regime",
            "mission",
        ):
            return "organization"
        return "nominal"
    return "name"


def _verb_ok(verb: str, segment_before_verb: str) -> bool:
    if verb.lower() in NAMING_VERBS and re.search(r"\bwhat\s+(?:[\w’'\-]+\s+){0,4}$", segment_before_verb):
        return False
    return not re.search(r"\bso-$", segment_before_verb)


def _cue_after(seg: str, offset: int) -> _Attribution | None:
    seg = seg[:300]
    m = _AFTER_INVERTED.match(seg)
    if (m and _speaker_kind(m.group("s")) != "pronoun") or (m and m.group("s").lower() in ("he", "she", "they")):
        att = _Attribution(_speaker_from(m, offset), m.group("v"), "after_inverted", 0.95)
        rest = seg[m.end() :]
        app = re.match(r"^,\s+([^“”\"]+?)(?:[.;!?](?:\s|$)|,\s*(?=[“\"])|$)", rest)
        if app and att.speaker.kind == "name":
            att.speaker.appositive = app.group(1)
        return att
    m = _AFTER_SUBJECT.match(seg)
    if m and _verb_ok(m.group("v"), seg[: m.start("v")]):
        return _Attribution(_speaker_from(m, offset), m.group("v"), "after_subject", 0.95)
    m = _AFTER_DASH.match(seg)
    if m:
        att = _Attribution(_speaker_from(m, offset), "—", "dash", 0.85)
        rest = seg[m.end() :]
        app = re.match(r"^,\s+([^“”\"]+?)(?:[.;!?](?:\s|$)|$)", rest)
        if app:
            att.speaker.appositive = app.group(1)
        return att
    m = _ACCORDING.search(seg[:80])
    if m:
        return _Attribution(_speaker_from(m, offset), "according to", "according_to", 0.9)
    m = _PUT_IT.search(seg[:120])
    if m:
        return _Attribution(_speaker_from(m, offset), m.group("v"), "put_it", 0.85)
    return None


def _cue_before(seg: str, offset: int) -> _Attribution | None:
    cut = max(0, len(seg) - 400)
    seg, offset = seg[cut:], offset + cut
    m = _BEFORE_LABEL.search(seg)
    if m and m.group("s").strip() and m.group("s").strip()[0].isupper():
        label = m.group("s").strip()
        if label not in ("Q", "A", "Question", "Answer") and len(label.split()) <= 4:
            sp = _Speaker(label, offset + m.start("s"), offset + m.start("s") + len(label), "label")
            return _Attribution(sp, ":", "transcript_label", 0.9)
    m = _ACCORDING.search(seg)
    if m and not re.search(r"[.;]\s", seg[m.end() :]):
        return _Attribution(_speaker_from(m, offset), "according to", "according_to", 0.9)
    verbs = list(_VERB_IN_TEXT.finditer(seg))
    for v in reversed(verbs):
        if not _verb_ok(v.group("v"), seg[: v.start()]):
            continue
        inv = _INVERTED_AT.match(seg, v.end())
        if (inv and re.match(r"^\s*(?:,|$)", seg[inv.end("s") :]) and _speaker_kind(inv.group("s")) != "name") or (
            inv and re.match(r"^\s*(?:,|:|$)", seg[inv.end("s") :]) and inv.group("s")[0].isupper()
        ):
            return _Attribution(_speaker_from(inv, offset), v.group("v"), "before_inverted", 0.9)
        head = seg[: v.start()]
        sub = _SUBJECT_BEFORE.search(head)
        if sub:
            return _Attribution(_speaker_from(sub, offset), v.group("v"), "before_subject", 0.88)
        # Subject at the start of the clause, with a long description between it and the verb.
        clause_start = max(head.rfind(". "), head.rfind("; "), -1) + 1
        lead = re.match(rf"\s*(?P<s>{_SPEAKER})(?P<app>,\s+[^“”\"]{{2,260}},)\s*$", head[clause_start:])
        if lead:
            return _Attribution(_speaker_from(lead, offset + clause_start), v.group("v"), "before_subject", 0.85)
    return None


# --------------------------------------------------------------------------------------------------
# 5. Resolution


@dataclass
class _Resolved:
    name: str | None
    title: str | None
    affiliation: str | None
    kind: str
    method: str
    person: _Person | None = None


def _clean_nominal(text: str) -> str:
    return re.sub(
        r"^(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Tt]his|[Tt]hat)\s+", "", text
    ).strip()


def _resolve(art: _Article, reg: _Registry, sp: _Speaker, quote_start: int) -> _Resolved:
    if sp.kind == "pronoun":
        person = _resolve_pronoun(art, sp)
        if person is None:
            return _Resolved(None, None, None, "pronoun", "pronoun_unresolved")
        return _Resolved(person.name, person.title, person.affiliation, "person", "pronoun", person)
    if sp.kind in ("nominal", "organization"):
        text = _clean_nominal(sp.text)
        # "North Korea's party newspaper, Rodong Sinmun," -> the named appositive is the speaker.
        if sp.appositive and re.fullmatch(rf"{_NAMEISH}", sp.appositive):
            return _Resolved(sp.appositive, text, None, "organization", "appositive_name")
        return _Resolved(text, None, None, sp.kind, "nominal")
    if sp.kind == "label":
        tokens = [t.capitalize() if t.isupper() and len(t) > 2 else t for t in sp.text.split()]
        tokens = [t for t in tokens if t.rstrip(".") not in TITLE_WORDS_CAP] or tokens
        person = (
            reg._resolve_short(tokens[-1], quote_start) if len(tokens) == 1 else reg.person_for(tokens, quote_start)
        )
        if person:
            return _Resolved(person.name, person.title, person.affiliation, "person", "label", person)
        return _Resolved(" ".join(tokens), None, None, "person", "label")
    raw = re.sub(r"^the\s+", "", sp.text)
    tokens = raw.split()
    title_tokens, name_tokens = _split_title(tokens)
    honorific = title_tokens[-1].rstrip(".").lower() if title_tokens else ""
    if not name_tokens:
        return _Resolved(raw, None, None, "organization", "name")
    if any(t in ORG_WORDS for t in name_tokens) or (len(name_tokens) == 1 and name_tokens[0].isupper()):
        return _Resolved(" ".join(name_tokens), None, None, "organization", "organization")
    if len(name_tokens) >= 2:
        person = reg.by_name.get(" ".join(name_tokens))
        if person is None:
            person = _Person(" ".join(name_tokens), tuple(name_tokens), sp.start)
        title, affiliation = person.title, person.affiliation
        if sp.appositive:
            t2, a2 = split_title_affiliation(sp.appositive)
            title = title or t2
            affiliation = affiliation or a2
        return _Resolved(person.name, title, affiliation, "person", "name", person)
    gender = GENDER_BY_HONORIFIC.get(honorific)
    person = reg._resolve_short(name_tokens[0], sp.start, gender)
    if person is None:
        if name_tokens[0] in PLACE_WORDS:
            return _Resolved(name_tokens[0], None, None, "organization", "organization")
        return _Resolved(name_tokens[0], None, None, "person", "surname_unresolved")
    return _Resolved(
        person.name, person.title, person.affiliation, "person", "honorific" if honorific else "surname", person
    )


def _resolve_pronoun(art: _Article, sp: _Speaker) -> _Person | None:
    want = {"he": "m", "she": "f"}.get(sp.text.lower())
    if want is None:
        return None
    here = _sentence_of(art.sentences, sp.start)

    def ok(p: _Person) -> bool:
        return p.gender in (None, want)

    same = [m for m in art.mentions if m.sentence == here and m.start < sp.start and ok(m.person)]
    if same:
        return same[0].person
    for s in range(here - 1, max(-1, here - 6), -1):
        if art.sentence_para[s] < art.sentence_para[here] - 2:
            break
        cands = [m for m in art.mentions if m.sentence == s and ok(m.person)]
        if cands:
            gendered = [m for m in cands if m.person.gender == want]
            return (gendered or cands)[0].person
    return None


# --------------------------------------------------------------------------------------------------
# 6. Roles


@lru_cache(maxsize=4)
def _role_lexicon(path: str) -> dict[str, Any]:
    p = Path(path)
    if p.is_file():
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        return {k: v for k, v in data.items() if isinstance(v, dict)}
    return _ROLE_FALLBACK


def _has_term(text: str, terms: list[str]) -> bool:
    low = text.lower()
    return any(re.search(rf"(?<![\w]){re.escape(t.lower())}(?![\w])", low) for t in terms)


def classify_role(
    title: str | None,
    affiliation: str | None,
    speaker: str | None = None,
    kind: str | None = None,
    lexicon_path: str | None = None,
) -> str | None:
    """expert | official | media | other, from the title and affiliation (and the speaker for organisations)."""
    lex = _role_lexicon(lexicon_path or str(ROLES_PATH))
    title = title or ""
    aff = affiliation or ""
    expert, official, media = lex.get("expert", {}), lex.get("official", {}), lex.get("media", {})
    other = lex.get("other", {})
    former = expert.get("former_markers", ["former", "retired", "ex-", "once"])
    names = " ".join(filter(None, [speaker, aff, title]))
    if _has_term(names, media.get("affiliation_names", [])) or _has_term(title, media.get("title_terms", [])):
        return "media"
    if _has_term(title, former) or _has_term(title, expert.get("title_terms", [])):
        return "expert"
    if _has_term(aff, expert.get("affiliation_names", [])) or _has_term(aff, expert.get("affiliation_terms", [])):
        return "expert"
    if _has_term(title, official.get("title_terms", [])) or _has_term(aff, official.get("affiliation_terms", [])):
        return "official"
    if kind == "organization":
        if _has_term(speaker or "", media.get("affiliation_terms", [])):
            return "media"
        return "official"
    if kind == "nominal" and _has_term(speaker or "", official.get("title_terms", [])):
        return "official"
    if _has_term(title, other.get("title_terms", [])):
        return "other"
    if kind == "nominal" and _has_term(speaker or "", expert.get("title_terms", [])):
        return "expert"
    return "other" if title or aff else None


# --------------------------------------------------------------------------------------------------
# Driver


def _segments(art: _Article, sent_index: int) -> list[tuple[int, int, int | None]]:
    """Outside-quote segments of a sentence as (start, end, index of the quote that follows or None)."""
    s_start, s_end = art.sentences[sent_index]
    inside = [(i, s) for i, s in enumerate(art.spans) if s.sentence == sent_index]
    out: list[tuple[int, int, int | None]] = []
    pos = s_start
    for i, s in inside:
        out.append((pos, max(pos, s.start - 1), i))
        pos = min(s_end, s.end + 1)
    out.append((pos, s_end, None))
    return out


def _is_phrase(text: str) -> bool:
    """A short quoted phrase (scare quote, term, title) rather than a quoted statement."""
    words = text.split()
    return len(words) <= 4 and not re.search(r"[.!?]\W*$", text.strip())


def _is_work_title(art: _Article, span: _Span) -> bool:
    inner = art.text[span.start : span.end].strip(" ,.")
    words = inner.split()
    if not words:
        return True
    caps = sum(1 for w in words if w[:1].isupper())
    before = art.text[max(0, span.start - 40) : span.start - 1]
    return bool(WORK_CUES.search(before)) and caps >= max(1, len(words) // 2)


def _attribute_in_sentence(art: _Article, qi: int) -> _Attribution | None:
    span = art.spans[qi]
    segs = _segments(art, span.sentence)
    # segments: index k is before quote k-th in sentence; find ours
    order = [k for k, (_, _, nxt) in enumerate(segs) if nxt == qi]
    if not order:
        return None
    k = order[0]
    before_k, after_k = k, k + 1
    candidates: list[tuple[str, int]] = []
    # nearest first: after, before, then outward
    for dist in range(len(segs)):
        a = after_k + dist
        b = before_k - dist
        if a < len(segs):
            candidates.append(("after", a))
        if b >= 0:
            candidates.append(("before", b))
    for side, idx in candidates:
        s0, s1, _ = segs[idx]
        seg = art.text[s0:s1]
        if not seg.strip():
            continue
        att = _cue_after(seg, s0) if side == "after" else _cue_before(seg, s0)
        if att is None and side == "after" and idx != after_k:
            att = _cue_before(seg, s0)
        if att is None and side == "before" and idx != before_k:
            att = _cue_after(seg, s0)
        if att is not None:
            if idx not in (before_k, after_k):
                att.confidence -= 0.1
                att.rule += "_far"
            return att
    return None


def extract_quotes(text: str, lexicon_path: str | None = None) -> list[Quote]:
    """Attributed quotations in ``text`` (offsets index ``text``), in order of appearance."""
    spans = find_spans(text)
    paragraphs = _paragraphs(text)
    masked = _mask(text, spans)
    sentences, sentence_para = _sentences(masked, paragraphs)
    if not sentences:
        return []
    for s in spans:
        s.sentence = _sentence_of(sentences, s.start - 1)
    art = _Article(text, paragraphs, spans, masked, sentences, sentence_para)
    reg = _build_registry(art)

    results: list[tuple[_Span, _Resolved | None, str | None, float, str]] = []
    by_sentence_speaker: dict[int, tuple[_Resolved, str]] = {}
    chain_speaker: dict[int, tuple[_Resolved, str]] = {}
    last_in_para: dict[int, tuple[_Resolved, str]] = {}
    for qi, span in enumerate(spans):
        inner = text[span.start : span.end]
        att = _attribute_in_sentence(art, qi)
        resolved: _Resolved | None = None
        cue: str | None = None
        conf = 0.0
        rule = ""
        if att is not None and not _is_work_title(art, span):
            resolved = _resolve(art, reg, att.speaker, span.start)
            cue, conf, rule = att.cue, att.confidence, att.rule
            if resolved.name is None:
                resolved = None
        if resolved is None and not _is_phrase(inner) and not _is_work_title(art, span):
            ctx = _context_attribution(art, reg, qi, by_sentence_speaker, chain_speaker, last_in_para)
            if ctx is not None:
                resolved, cue, conf, rule = ctx
        if resolved is not None:
            by_sentence_speaker[span.sentence] = (resolved, cue or "")
            last_in_para[span.para] = (resolved, cue or "")
            if span.chain >= 0:
                chain_speaker.setdefault(span.chain, (resolved, cue or ""))
        results.append((span, resolved, cue, conf, rule))

    # Multi-paragraph chains whose cue came only in a later piece.
    for i, (span, resolved, _cue, _conf, _rule) in enumerate(results):
        if resolved is None and span.chain >= 0 and span.chain in chain_speaker:
            r, c = chain_speaker[span.chain]
            results[i] = (span, r, c, 0.8, "chain")

    quotes: list[Quote] = []
    for span, resolved, cue, conf, rule in results:
        if resolved is None or resolved.name is None:
            continue
        role = classify_role(resolved.title, resolved.affiliation, resolved.name, resolved.kind, lexicon_path)
        quotes.append(
            Quote(
                quote=text[span.start : span.end],
                start=span.start,
                end=span.end,
                speaker=resolved.name,
                speaker_title=resolved.title,
                speaker_affiliation=resolved.affiliation,
                speaker_role=role,
                cue=cue,
                confidence=round(conf, 2),
                method=f"{rule}+{resolved.method}",
                speaker_kind=resolved.kind,
            )
        )
    return quotes


def _context_attribution(
    art: _Article,
    reg: _Registry,
    qi: int,
    by_sentence: dict[int, tuple[_Resolved, str]],
    chains: dict[int, tuple[_Resolved, str]],
    last_in_para: dict[int, tuple[_Resolved, str]],
) -> tuple[_Resolved, str, float, str] | None:
    span = art.spans[qi]
    if span.chain >= 0 and span.chain in chains:
        r, c = chains[span.chain]
        return r, c, 0.85, "chain"
    s = span.sentence
    same_para_prev = s - 1 >= 0 and art.sentence_para[s - 1] == span.para
    if same_para_prev and s - 1 in by_sentence:
        r, c = by_sentence[s - 1]
        return r, c, 0.8, "previous_quote_sentence"
    # Next sentence: "That was how S put it." / "S said."
    if s + 1 < len(art.sentences) and art.sentence_para[s + 1] == span.para:
        n0, n1 = art.sentences[s + 1]
        nxt = art.text[n0:n1]
        m = _PUT_IT.search(nxt) or re.match(
            rf"^\s*(?P<s>{_SPEAKER})\s+(?:{ADVERBS}\s+)?(?P<v>said|says|added|wrote)\.\s*$", nxt
        )
        if m:
            sp = _speaker_from(m, n0)
            r = _resolve(art, reg, sp, span.start)
            if r.name:
                return r, m.group("v"), 0.75, "next_sentence"
    # Previous sentence introduces the speaker: "S was blunt:" / "S put it this way."
    if same_para_prev or (s - 1 >= 0 and art.sentence_para[s - 1] == span.para - 1):
        p0, p1 = art.sentences[s - 1]
        prev_text = art.text[p0:p1]
        has_quote = any(x.sentence == s - 1 for x in art.spans)
        if not has_quote:
            lead = re.match(rf"^\s*(?:[A-Z][\w ,]{{0,30}},\s+)?(?P<s>{_SPEAKER})(?![\w’'])", prev_text)
            if lead and (prev_text.rstrip().endswith(":") or _introduces_speech(prev_text)):
                r = _resolve(art, reg, _speaker_from(lead, p0), span.start)
                if r.name:
                    return r, "", 0.75, "previous_sentence_subject"
    # Follow-on paragraph: the previous paragraph's last quoted speaker.
    if _first_in_paragraph(art, qi) and span.para - 1 in last_in_para:
        r, c = last_in_para[span.para - 1]
        return r, c, 0.8, "follow_on_paragraph"
    return None


def _introduces_speech(sentence: str) -> bool:
    return bool(
        re.search(
            r"\b(?:was|is|were|are)\s+(?:blunt|direct|candid|emphatic|unequivocal|more\s+\w+|less\s+\w+|"
            r"skeptical|sceptical|scathing|dismissive|optimistic|pessimistic|cautious|clear|adamant)\b|"
            r"\b(?:put it|puts it|this way|went further|did not mince words|offered|summed up|described|explained|"
            r"recalled|recounted|said|says|told|added|wrote|warned|argued)\b",
            sentence,
        )
    )


def _first_in_paragraph(art: _Article, qi: int) -> bool:
    span = art.spans[qi]
    p_start = art.paragraphs[span.para][0]
    return not art.text[p_start : span.start - 1].strip()
