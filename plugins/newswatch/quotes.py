"""Quotation extraction with speaker attribution, in pure Python.

The steps, in the order they run (a "sieve": the most precise evidence first):

1. **Spans.** Quote marks are paired per paragraph: curly, straight and mixed marks; a quote that runs over
   several paragraphs (an unclosed opening mark followed by a paragraph that opens with a mark); an
   unbalanced mark is dropped, never guessed. Single marks inside a double-quoted span are nested quotes
   and stay part of it.
2. **Frames.** Sentences are found on a copy of the text whose quoted words are masked, so a quote's own
   full stops do not cut its attribution frame. A quote's frame is the text around it in its sentence,
   split by the other quotes of that sentence.
3. **Cues.** A speech verb (said, told, according to, sees … as, asked if, put it, a dash) with its
   speaker phrase, before or after the quote, nearest segment first: ``"Q," said S`` · ``"Q," S said`` ·
   ``S said: "Q"`` · ``S told X "Q"`` · ``"Q" — S`` · ``According to S, "Q"`` · ``S, a fellow at Y, sees it
   as "Q"`` · ``Lee said Ortiz had told him "Q"`` (the nearest cue wins, so Ortiz) · transcript labels
   (``KIM: "Q"``) · ``NAME, description, who told ...`` · ``a spokesman, Col. Park, said`` · ``S put it
   bluntly: "Q"``. ``according to X`` after a quote yields to a speech cue before it (the agency reports
   what the subject said); a quote read out (``Ferrante read``) is the letter writer's.
4. **Context.** A quote with no cue in its sentence takes the speaker of its multi-paragraph chain, of the
   previous quote sentence, of a ``S was blunt:`` sentence before it, of a ``That was how S put it``
   sentence after it, or of the previous paragraph's last quote (follow-on paragraphs). Short quoted
   phrases (scare quotes, terms, titles of works) are attributed only when a cue governs them directly.
5. **Resolution.** A registry of the article's people (full names, gender from honorifics and first
   names, the title before the name, the appositive after it) resolves surnames and "Mr./Ms./Dr. X". A
   pronoun goes to the subject before it in its sentence, else to the person in focus: the focus follows
   sentence subjects and, above all, speakers, as a reader's attention does (centering); the one reporting
   speech stays in focus over the one reported. "The senator" is the senator named earlier (unless an
   unnamed one came in after); "the statement" speaks for whoever issued it; in a transcript "I" is the
   labelled speaker and "you" the one answering. Nominal speakers ("a senior administration official")
   and organisations stay as such, with the fuller description they came in with.
6. **Title, affiliation, role.** The title and the organisation are split out of the appositive or the
   words before the name; the role (expert, official, media, other) comes from ``seeds/lexicons/roles.yaml``.

Every quote carries a confidence and a ``method`` naming the cue rule and the resolution used.

Speed (the rules above decide every result; these only avoid work): most time goes into ``re`` searches,
which try a pattern at every position. So a search starts no earlier than a match provably can
(``_subject_before``); "does the text end in ...?" is asked of the reversed text, where it is one match
(``_backwards``); patterns that open with one of a few characters are tried only where ``str.find`` finds
those (``matches_at``); what depends on a short text alone (a name, a speaker phrase, a description) is
cached; and the focus is brought up to date only when a pronoun or a cue-less quote needs it (``_Focus``).
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml

from newswatch.lexicon import (
    ADVERBS,
    BODY_HEADS,
    CLAUSE_FOLLOWERS,
    DOCUMENT_HEADS,
    GENDER_BY_HONORIFIC,
    GENDER_BY_TITLE_WORD,
    HONORIFICS,
    LOWER_TITLE_WORDS,
    NAMING_VERBS,
    NOMINAL_HEADS,
    NOT_NAME_WORDS,
    ORG_WORDS,
    PLACE_WORDS,
    SPEECH_VERBS,
    TERM_MARKERS,
    TITLE_HEADS,
    TITLE_WORDS_CAP,
    WORK_WORDS,
)
from newswatch.people import is_east_asian_surname, is_first_name, is_pinyin_given_name, name_gender, surname_first
from newswatch.text import SentenceIndex, char_positions, matches_at, trie_regex

if TYPE_CHECKING:
    from newswatch.mentions import Gazetteer, Mention

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
STRAIGHT = '"'
DOUBLE_MARKS = OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT
ROLES_PATH = Path(__file__).resolve().parents[2] / "seeds" / "lexicons" / "roles.yaml"
MAX_SEGMENT = 400  # characters of context looked at on each side of a quote


# --------------------------------------------------------------------------------------------------
# Data (the working classes have slots: they are made and read by the thousand per article)


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
    speaker_kind: str | None = None  # person | nominal | organization
    speaker_text: str | None = None  # the speaker as written where the cue is, when there is one

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class _Span:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    para: int
    sentence: int = -1
    chain: int = -1  # pieces of one multi-paragraph quote share a chain id


@dataclass(slots=True)
class _Person:
    name: str
    tokens: tuple[str, ...]
    first_at: int
    title: str | None = None
    affiliation: str | None = None
    gender: str | None = None
    honorifics: set[str] = field(default_factory=set)

    surname: str = ""
    given: str = ""
    last_parts: tuple[str, ...] = ()  # the last token's hyphenated parts ("Jong-un" -> "Jong", "un")
    keys: tuple[str, ...] = ()  # what a lone surname may be to refer to this person

    def __post_init__(self) -> None:
        first_family = surname_first(self.tokens)
        self.surname = self.tokens[0] if first_family else self.tokens[-1]
        self.last_parts = tuple(self.tokens[-1].split("-"))
        keys = {self.surname, self.tokens[-1], *self.last_parts}
        if self.tokens[-1][:1].islower():
            keys.add(self.tokens[-1][0].upper() + self.tokens[-1][1:])  # "al-Khatib" opens a sentence as "Al-Khatib"
        if len(self.tokens) == 3 and not first_family and len(self.tokens[1]) > 2 and self.tokens[1][0].isupper():
            keys.add(self.tokens[1])  # a Spanish double surname: "Ms. Echeverría" is Marisol Echeverría Paredes
        if not first_family and len(self.tokens[0]) > 2 and self.tokens[0][0].isupper():
            self.given = self.tokens[0]  # features call family members by their first names ("Nadège")
        self.keys = tuple(keys)


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    person: _Person
    sentence: int
    subject: bool


@dataclass(slots=True)
class _Speaker:
    text: str
    start: int
    end: int
    kind: str  # name | pronoun | nominal | organization | label
    appositive: str | None = None


@dataclass(slots=True)
class _Attribution:
    speaker: _Speaker
    cue: str
    rule: str
    confidence: float
    verb_end: int = -1  # where the cue verb ends (for complement checks)


@dataclass(slots=True)
class _Resolved:
    name: str | None
    title: str | None
    affiliation: str | None
    kind: str
    method: str
    person: _Person | None = None
    surface: str | None = None  # the speaker as written at the cue ("Mr. Maxwell", "the statement")


@dataclass(slots=True)
class Segmented:
    """A text split for quote extraction: paragraphs (lines), quotation spans, and sentences found with the
    quotations masked, so that a full stop inside a quotation does not end the sentence around it."""

    text: str
    paragraphs: list[tuple[int, int]]
    spans: list[_Span]
    masked: str
    sentences: list[tuple[int, int]]
    sentence_para: list[int]

    def sentence_index(self) -> SentenceIndex:
        """``context_sentences`` as an index from offsets to sentences (what ``Gazetteer.find`` takes)."""
        return SentenceIndex(self.text, self.context_sentences())

    def context_sentences(self) -> list[tuple[int, int]]:
        """The sentences as context for what is found in them (``Gazetteer.find``): every offset of a
        paragraph's text lies in one. A paragraph's first sentence reaches back over its dateline or "Q."
        to the paragraph's first character; a paragraph without a sentence is one whole."""
        out: list[tuple[int, int]] = []
        sentences, para_of = self.sentences, self.sentence_para
        k = 0
        for p_index, (p_start, p_end) in enumerate(self.paragraphs):
            first = p_start
            if self.text[p_start].isspace():
                first += len(self.text[p_start:p_end]) - len(self.text[p_start:p_end].lstrip())
            if k == len(sentences) or para_of[k] != p_index:
                out.append((first, p_start + len(self.text[p_start:p_end].rstrip())))
                continue
            out.append((first, sentences[k][1]))
            k += 1
            while k < len(sentences) and para_of[k] == p_index:
                out.append(sentences[k])
                k += 1
        return out


@dataclass(slots=True)
class _Article(Segmented):
    """A segmented text and what extraction learns about it."""

    starts: list[int]  # sentence starts, for bisection
    persons: dict[str, _Person] = field(default_factory=dict)
    mentions: list[_Mention] = field(default_factory=list)
    turns: dict[int, str] = field(default_factory=dict)  # paragraph -> "Q" | "A" (interview turns)
    by_sentence: dict[int, list[_Mention]] = field(default_factory=dict)
    quotes_in: dict[int, list[int]] = field(default_factory=dict)  # sentence -> its quotes (``spans`` indexes)
    interviewee: _Person | None = None
    labels: dict[int, _Person] = field(default_factory=dict)  # paragraph -> who talks (transcript "KIM: ...")
    said: dict[int, tuple[_Resolved, str]] = field(default_factory=dict)  # sentence -> its last speaker, cue


_TURN = re.compile(r"\s*(?:(Q|A)[.:]|(Question|Answer):)\s")


def _find_turns(art: _Article) -> None:
    """Interview paragraphs ("Q. ...", "A. ...") and the person answering: the one the intro is about."""
    counts: dict[str, int] = {}
    for p_index, (p0, p1) in enumerate(art.paragraphs):
        m = _TURN.match(art.text, p0, p1)
        if m:
            art.turns[p_index] = (m.group(1) or m.group(2) or "")[0].upper()
    if not art.turns:
        return
    first = min(art.turns)
    for mention in art.mentions:
        if art.sentence_para[mention.sentence] < first:
            # The person answering is introduced with credentials and is the subject of the introduction.
            weight = 1 + 2 * mention.subject + 3 * bool(mention.person.title or mention.person.affiliation)
            counts[mention.person.name] = counts.get(mention.person.name, 0) + weight
    if counts:
        art.interviewee = art.persons.get(max(counts, key=lambda name: counts[name]))


# --------------------------------------------------------------------------------------------------
# 1. Quote spans


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _straight_opens(text: str, i: int, p_start: int, p_end: int) -> bool:
    """Whether the straight mark at ``i`` (in the paragraph ``p_start``–``p_end``) opens a quote."""
    prev = text[i - 1] if i > p_start else " "
    nxt = text[i + 1] if i + 1 < p_end else " "
    return (prev.isspace() or prev in "([{—–-/:;‘'“") and not nxt.isspace()


def find_spans(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[_Span]:
    """Quote spans (offsets inside the marks), including pieces of multi-paragraph quotes."""
    spans: list[_Span] = []
    if paragraphs is None:
        paragraphs = _paragraphs(text)
    chain_id = 0
    carried: int | None = None  # chain id of a quote left open by the previous paragraph
    marks = char_positions(text, DOUBLE_MARKS)
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        opened: int | None = None  # offsets index ``text``
        first_open = True
        chain_here = carried
        carried = None
        for i in marks[bisect_left(marks, p_start) : bisect_left(marks, p_end)]:
            ch = text[i]
            if ch in OPEN_DOUBLE or (ch == STRAIGHT and opened is None and _straight_opens(text, i, p_start, p_end)):
                opened = i  # a second opener before a close means the first was stray
            elif opened is not None:
                span = _Span(opened + 1, i, p_index)
                if first_open and chain_here is not None and not text[p_start:opened].strip():
                    span.chain = chain_here
                spans.append(span)
                first_open = False
                opened = None
        if opened is None:
            continue
        nxt = paragraphs[p_index + 1] if p_index + 1 < len(paragraphs) else None
        if nxt is not None and text[nxt[0] : nxt[0] + 1] in OPEN_DOUBLE + STRAIGHT:
            end = p_end
            while end > opened + 1 and text[end - 1].isspace():
                end -= 1
            if first_open and chain_here is not None and not text[p_start:opened].strip():
                chain = chain_here
            else:
                chain_id += 1
                chain = chain_id
            spans.append(_Span(opened + 1, end, p_index, chain=chain))
            carried = chain
    return [s for s in spans if text[s.start : s.end].strip()]


# --------------------------------------------------------------------------------------------------
# 2. Masked text and sentences

# It opens with "[.!?]", so only those characters are tried (see ``matches_at``).
_SENT_END = re.compile(r"[.!?][.!?]*[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|[.!?][.!?]*[\"”’')\]]*\s*$")
# A full stop that ends an abbreviation, not a sentence: forwards, ``(?:\b(?:Mr|...|[A-Z])|U\.S|...)\.$``
# searched for in the eight characters before the stop; here spelt backwards and matched at the start of
# those characters reversed (see ``_backwards``).
_ABBREVIATIONS = tuple(
    """Mr Mrs Ms Dr Prof Sen Rep Gov Gen Lt Col Maj Capt Adm Amb Sgt St Jr Sr No Jan Feb Mar Apr Jun Jul Aug Sep
    Sept Oct Nov Dec vs etc Inc Corp Co Ltd Rev Pres Cmdr""".split()
)
_DOTTED_ABBREVIATIONS = ("U.S", "U.N", "U.K", "E.U", "D.C", "a.m", "p.m")
if max(map(len, _ABBREVIATIONS)) > 7:  # the window: a longer one would need the character before it too
    raise ValueError("abbreviations longer than seven letters do not fit the eight-character window")
_ABBREV_END = re.compile(
    rf"\.(?:(?:{trie_regex(a[::-1] for a in _ABBREVIATIONS)}|[A-Z])\b|"
    rf"{'|'.join(re.escape(a[::-1]) for a in _DOTTED_ABBREVIATIONS)})"
)


def _mask(text: str, spans: list[_Span]) -> str:
    """Quoted words become 'x'; the first character and a final . ! ? stay, so sentence ends are still seen."""
    pieces: list[str] = []
    pos = 0
    for s in spans:  # in order and apart, as ``find_spans`` makes them: masked piece by piece
        if s.start < pos:
            return _mask_overlapping(text, spans)
        inner = text[s.start : s.end].rstrip()
        piece = text[s.start + 1 : s.end]
        masked = "x" * len(piece) if "\n" not in piece else "\n".join("x" * len(line) for line in piece.split("\n"))
        if len(inner) > 1 and inner[-1] in (".", "!", "?"):
            keep = len(inner) - 2  # the final mark's place in ``masked``
            masked = masked[:keep] + inner[-1] + masked[keep + 1 :]
        pieces += (text[pos : s.start + 1], masked)
        pos = max(s.start + 1, s.end)
    pieces.append(text[pos:])
    return "".join(pieces)


def _mask_overlapping(text: str, spans: list[_Span]) -> str:
    """``_mask`` for spans in any order, overlapping or not."""
    chars = list(text)
    for s in spans:
        inner = text[s.start : s.end].rstrip()
        chars[s.start + 1 : s.end] = "\n".join("x" * len(line) for line in text[s.start + 1 : s.end].split("\n"))
        if inner[-1:] in (".", "!", "?"):
            chars[s.start + len(inner) - 1] = inner[-1]
    return "".join(chars)


def _sentences(masked: str, paragraphs: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[int]]:
    """Sentence spans (whitespace trimmed) and the paragraph of each."""
    spans: list[tuple[int, int]] = []
    para_of: list[int] = []
    stops = char_positions(masked, ".!?")  # where a ``_SENT_END`` can start
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        # Neither a dateline ("WASHINGTON —") nor an interview turn's "Q." is part of the first sentence.
        # (A dateline's second character is a capital, a space or a stop: "The ..." cannot open one.)
        lead = masked[p_start : p_start + 2]
        dateline = None if lead[:1].isupper() and lead[1:].islower() else _DATELINE.match(masked, p_start, p_end)
        opener = dateline or (_TURN_MARK.match(masked, p_start, p_end) if masked[p_start] in "QA \t" else None)
        start = opener.end() if opener else p_start
        here = stops[bisect_left(stops, p_start) : bisect_left(stops, p_end)]
        ends = [
            m.end() for m in matches_at(_SENT_END, masked, here, p_end) if not _ends_abbreviation(masked, p_start, m)
        ]
        for end in (*ends, p_end):
            seg = masked[start:end].lstrip()
            if seg:  # a sentence from its first to its last non-space character
                first = end - len(seg)
                spans.append((first, first + len(seg.rstrip())))
                para_of.append(p_index)
            start = end
    return spans, para_of


_TURN_MARK = re.compile(r"[ \t]*(?:Q|A)\.[ \t]+(?=\S)")
# "WASHINGTON —", "SEOUL, South Korea —", "UNITED NATIONS, Sept 10 (Reuters) - ".
_DATELINE = re.compile(
    r"[ \t]*[A-Z][A-Z.'’\- ]{2,40}(?:,[ \t]*[A-Z][A-Za-z.'’\- ]{1,30}?(?:[ \t]+\d{1,2})?)?"
    r"(?:[ \t]*\([A-Za-z .]{2,20}\))?(?:[ \t]+[—–-]+[ \t]+|[ \t]*[—–]+[ \t]*)"
)


def _ends_abbreviation(masked: str, p_start: int, m: re.Match[str]) -> bool:
    """Whether the sentence end ``m`` is the full stop of an abbreviation ("Mr.", "U.S."), not also the end of
    a sentence: "flew back to the U.S. He said ..." ends one, as a dotted abbreviation does before a word
    that opens sentences."""
    stop = m.start()  # an abbreviation ends in a full stop, so "!" and "?" need no test
    if masked[stop] != "." or _ABBREV_END.match(masked[max(p_start, stop - 8) : stop + 1][::-1]) is None:
        return False
    return not (
        masked.endswith(_DOTTED_ABBREVIATIONS, max(p_start, stop - 3), stop)
        and _SENTENCE_OPENER.match(masked, stop + 1)
    )


# Words that open sentences and never continue a name: after "U.S." they start the next sentence.
_SENTENCE_OPENER = re.compile(
    r"\s+(?:He|She|It|They|We|I|The|A|An|But|And|This|That|These|Those|There|In|On|At|As|If|When|While|Yet|So|"
    r"His|Her|Its|Their|Our|After|Before|Since|Still|Now|Then|However|Meanwhile)\b"
)


def _last_match(pattern: re.Pattern[str], text: str, pos: int, endpos: int) -> re.Match[str] | None:
    """The last of ``pattern.finditer(text, pos, endpos)``, or None."""
    last = None
    for last in pattern.finditer(text, pos, endpos):  # noqa: B007  # the loop only runs to the end
        pass
    return last


def _sentence_of(starts: list[int], offset: int) -> int:
    """The last sentence starting at or before ``offset`` (0 when none does); ``starts`` are sentence starts."""
    return max(0, bisect_right(starts, offset) - 1)


# --------------------------------------------------------------------------------------------------
# 3. People: names, the registry and descriptions

# A capitalised word, an initial or a dotted acronym ("U.S. Citizenship and Immigration Services"), "al-Assad".
_HYPHEN_PARTICLES = r"(?:al|el|ad|as|ash|bin|ibn|abu|de|di|da|du|le|la)"  # "al-Assad", "el-Sisi"
_HYPHEN_PARTICLE_WORDS = frozenset(_HYPHEN_PARTICLES[3:-1].split("|"))
_NAME_TOKEN = rf"(?:[A-Z]\.(?:[A-Z]\.)*|[A-Z][\w’'\-]*[\w]|{_HYPHEN_PARTICLES}-[A-Z][\w’'\-]*[\w])"
# A name may open with its particles ("van der Meulen said") and hold two in a row ("Joost van der Meulen").
_PARTICLES = r"(?:van|von|de|der|den|du|da|del|di|dos|le|la)"
_PARTICLE_WORDS = frozenset(_PARTICLES[3:-1].split("|"))
_CONNECT_PERSON = rf"(?:{_PARTICLES[3:-1]}|bin|ibn|al|St\.)"
_CONNECT = rf"(?:{_CONNECT_PERSON[3:-1]}|of|for|and|the)"  # organisations too: "Ministry of Defense"
_NAME_SEQ = (
    rf"(?:(?:{HONORIFICS}[ \t\xa0]+){{1,2}}(?:{_PARTICLES}[ \t\xa0]+){{0,2}}|"
    rf"(?:{_PARTICLES}[ \t\xa0]+){{1,2}}(?=[A-Z]))?{_NAME_TOKEN}"
    rf"(?:[ \t\xa0]+(?:{_CONNECT}[ \t\xa0]+){{0,2}}{_NAME_TOKEN}){{0,5}}"
)
_PERSON_SEQ = (
    rf"(?:{HONORIFICS}[ \t\xa0]+(?:{_PARTICLES}[ \t\xa0]+){{0,2}})?{_NAME_TOKEN}"  # "Mr. de Groot"
    rf"(?:[ \t\xa0]+(?:{_CONNECT_PERSON}[ \t\xa0]+){{0,2}}{_NAME_TOKEN}){{0,5}}"
)
_NAME_RE = re.compile(rf"(?<![\w’'\-.])(?:{_PERSON_SEQ})(?![\w’'\-])")
# ``_NAME_RE`` where its match opens with a capital letter, written to open with ``[A-Z]``: ``re`` then skips
# to the capitals in C instead of trying the pattern at every position. Past that first letter, the rest of
# each of its forms: an honorific's other letters (each behind a lookbehind for its first: "(?<=M)rs"), a
# name word's. Alternatives and quantifiers are in the same order, so the matches are the same.
_HONORIFIC_WORDS = HONORIFICS[3 : HONORIFICS.index(")")].split("|")
_HONORIFICS_BY_LETTER: dict[str, list[str]] = {}
for _word in _HONORIFIC_WORDS:  # in their order: of two that fit, the first listed is tried first, as before
    _HONORIFICS_BY_LETTER.setdefault(_word[0], []).append(_word[1:])
_HONORIFIC_REST = (
    "(?:"
    + "|".join(f"(?<={letter})(?:{'|'.join(rests)})" for letter, rests in _HONORIFICS_BY_LETTER.items())
    + ")"
    + HONORIFICS[HONORIFICS.index(")") + 1 :]
)
_NAME_AT_CAPITAL = re.compile(
    rf"[A-Z](?<![\w’'\-.].)(?:{_HONORIFIC_REST}[ \t\xa0]+(?:{_PARTICLES}[ \t\xa0]+){{0,2}}{_NAME_TOKEN}|"
    rf"\.(?:[A-Z]\.)*|[\w’'\-]*[\w])"  # ``_NAME_TOKEN`` past its capital (its third form opens in lower case)
    rf"(?:[ \t\xa0]+(?:{_CONNECT_PERSON}[ \t\xa0]+){{0,2}}{_NAME_TOKEN}){{0,5}}(?![\w’'\-])"
)
if not all(re.fullmatch(r"[A-Z][a-z]+", w) for w in _HONORIFIC_WORDS):
    raise ValueError("honorifics must be capitalised words for _NAME_AT_CAPITAL")
# A name opening with a hyphenated particle ("al-Assad"): the particle is two or three letters before "-X".
_CAPITAL_START = re.compile(r"[A-Z](?<![\w’'\-.].)")
_HYPHEN_CAPITAL = re.compile(r"-[A-Z]")


def _name_matches(masked: str) -> Iterator[re.Match[str]]:
    """``_NAME_RE.finditer(masked)``, the same matches found faster.

    A search tries the pattern at every position, and most are inside lower-case words. Without a hyphenated
    particle, every match opens with a capital (``_NAME_AT_CAPITAL``); with one, the pattern is tried at the
    capitals and the particles only (``matches_at``).
    """
    particles = (
        [
            i - k
            for m in _HYPHEN_CAPITAL.finditer(masked)
            for k in (3, 2)
            if masked[(i := m.start()) - k : i] in _HYPHEN_PARTICLE_WORDS and i >= k
        ]
        if "-" in masked
        else []
    )
    if not particles:
        return _NAME_AT_CAPITAL.finditer(masked)
    starts = sorted({*(m.start() for m in _CAPITAL_START.finditer(masked)), *particles})
    return matches_at(_NAME_RE, masked, starts)


def _backwards(phrases: str | tuple[str, ...]) -> str:
    r"""An alternation of literal words or phrases (``(?:w|w\s+w)`` or a tuple), each spelt backwards.

    "Does the text end in one of these words (then whitespace)?" is ``\b(?:...)\s*$``, which ``re``
    would search for from every position; spelt backwards, the same question is one match at the start of
    the reversed text (``text[::-1]``), ``\s*(?:...)\b`` (a word boundary reads the same both ways).
    """
    items = phrases[3:-1].split("|") if isinstance(phrases, str) else list(phrases)
    split = [phrase.split(r"\s+") for phrase in items]
    if not all(re.fullmatch(r"[\w\-]+", w) for words in split for w in words):
        raise ValueError(f"not literal words or phrases: {phrases!r}")
    if all(len(words) == 1 for words in split):
        return f"(?:{trie_regex(w[::-1] for w in items)})"  # words only: a trie is faster than a list
    return "(?:" + "|".join(r"\s+".join(w[::-1] for w in reversed(words)) for words in split) + ")"


# Words after which a name is not its sentence's subject: forwards, ``(?:\b(?:of|to|...)|[’']s)\s*$``.
_NON_SUBJECT_WORDS = tuple(
    """of to with by for from that about on at told than whom against like and or whether between among under
    over after before into toward towards including as if when because while met called asked""".split()
)
_NON_SUBJECT_END = re.compile(rf"\s*(?:{_backwards(_NON_SUBJECT_WORDS)}\b|s[’'])", re.IGNORECASE)


def split_title_tokens(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Peel capitalised title words off the front of a name.

    Everything up to the last title word is the title: "Commerce Under Secretary" | "Elaine Draper",
    "First Vice Foreign Minister" | "Choe Son Hui".
    """
    last = -1
    for i, tok in enumerate(tokens[:-1]):
        if tok in TITLE_WORDS_CAP:
            last = i
    i = last + 1
    first = next((k for k, tok in enumerate(tokens[:-1]) if tok in TITLE_WORDS_CAP), -1)
    of_at = next((k for k in range(first + 1, len(tokens) - 2) if tokens[k] in ("of", "for")), -1) if first >= 0 else -1
    if of_at > 0 and all(tok in TITLE_WORDS_CAP for tok in tokens[first:of_at]):  # not "Sen. Ann Lee of Ohio"
        # "Deputy Secretary of the Treasury Laura Kimball": what the title is of runs up to the name, which
        # starts at a first name, else is the last two words ("Minister of Unification Kim Yeon-chul").
        name_at = next((k for k in range(of_at + 2, len(tokens) - 1) if is_first_name(tokens[k])), len(tokens) - 2)
        if name_at >= i and all(t[:1].isupper() or t in ("of", "the", "for", "and") for t in tokens[of_at:name_at]):
            return tokens[:name_at], tokens[name_at:]
    while i > 0 and tokens[i - 1] in ("of", "the"):
        i -= 1
    return tokens[:i], tokens[i:]


def _family_name_he(tokens: list[str]) -> bool:
    """The Chinese family name He before a given name ("He Yanling"), not the pronoun."""
    return len(tokens) == 2 and tokens[0] == "He" and is_pinyin_given_name(tokens[1])


def _clean_name_tokens(tokens: list[str]) -> list[str]:
    while tokens and (tokens[0] in NOT_NAME_WORDS or tokens[0].rstrip(".:") in ("Q", "A")):
        if _family_name_he(tokens):
            break
        tokens = tokens[1:]
    if tokens and tokens[-1].endswith(("’s", "'s")):
        tokens = [*tokens[:-1], tokens[-1][:-2]]
    while tokens and tokens[-1] in NOT_NAME_WORDS:
        tokens = tokens[:-1]
    return tokens


# Patterns used inside functions are compiled here, once: ``re.match(str, ...)`` looks its pattern up in a
# cache on every call, and that cache is shared with (and can be flushed by) every other user of ``re``.
_CONNECT_PERSON_RE = re.compile(_CONNECT_PERSON)
_CONNECT_RE = re.compile(_CONNECT)
_INITIAL = re.compile(r"[A-Z]\.")
_PARTICLE_HYPHEN = re.compile(rf"{_HYPHEN_PARTICLES}-[A-Z]")  # "al-Tayeb"


def _person_like(tokens: list[str], titled: bool) -> bool:
    """A full name: 2–5 capitalised tokens, no organisation or place word, and some sign of a person."""
    if not 2 <= len(tokens) <= 5:
        return False
    if _family_name_he(tokens):
        return True
    if any(t.rstrip(".") in ORG_WORDS or t in PLACE_WORDS or t in NOT_NAME_WORDS for t in tokens):
        return False
    if not all(t[0].isupper() or _CONNECT_PERSON_RE.fullmatch(t) or _PARTICLE_HYPHEN.match(t) for t in tokens):
        return False
    return titled or is_first_name(tokens[0]) or surname_first(tokens) or bool(_INITIAL.fullmatch(tokens[1]))


class _Registry:
    def __init__(self, art: _Article) -> None:
        self.art = art
        self.by_token: dict[str, list[_Mention]] = {}  # surname (and name parts) -> mentions, in text order

    def add(self, mention: _Mention) -> None:
        self.art.mentions.append(mention)
        for key in mention.person.keys:
            self.by_token.setdefault(key, []).append(mention)

    def shared(self, token: str) -> bool:
        """Whether people of more than one name answer to this surname so far."""
        mentions = self.by_token.get(token)
        if not mentions:
            return False
        first = mentions[0].person
        return any(m.person is not first for m in mentions)

    def resolve_short(self, token: str, at: int, gender: str | None = None, honorific: str = "") -> _Person | None:
        """The person a lone surname (or East Asian family name) refers to at offset ``at``.

        Papers keep one honorific per person, so "Mr. Kim" avoids the Kim already called "Dr. Kim".
        """
        if token not in self.by_token:
            # Every person registered has a mention filed under each of their keys, and ``_matches`` holds
            # exactly for those keys: no person, earlier or later, can be meant by a surname. A first name
            # alone, without an honorific, may mean the one person named earlier with it ("Nadège").
            if honorific:
                return None
            given = [p for p in self.art.persons.values() if p.given == token and p.first_at < at]
            return given[0] if len(given) == 1 else None
        best: _Person | None = None
        fallback: _Person | None = None
        for m in self.by_token.get(token, ()):
            if m.start >= at:
                break
            # Filed under ``token``, so the person's name matches it (see ``_matches``); only gender may not.
            p = m.person
            if gender and p.gender and p.gender != gender:
                continue
            fallback = p
            if not honorific or not p.honorifics or honorific in p.honorifics:
                best = p
        if best is not None or fallback is not None:
            return best or fallback
        for p in self.art.persons.values():  # introduced later (cataphora): the first such person
            if self._matches(p, token, gender):
                return p
        return None

    @staticmethod
    def _matches(p: _Person, token: str, gender: str | None) -> bool:
        if gender and p.gender and p.gender != gender:
            return False
        return token in p.keys


class _NameParts(NamedTuple):  # (a named tuple: cached, so immutable, and quicker to make than a frozen class)
    """What a name match says by its text alone, before its place in the article is looked at."""

    label_only: bool  # in capitals: a name only as a transcript label ("KIM:"), else a dateline or an acronym
    title_tokens: tuple[str, ...]
    cleaned: tuple[str, ...]
    key: str
    rel_start: int  # the name proper, relative to the start of the match
    rel_end: int
    honorific: str
    kind: str  # "full": a person's full name | "described": one if an appositive describes them | "short"


_PLACE_NAMES = frozenset(
    {
        "Santo Domingo",
        "San Francisco",
        "San Diego",
        "San Jose",
        "San Juan",
        "San Antonio",
        "Los Angeles",
        "Las Vegas",
        "Santa Fe",
        "Santa Monica",
        "Santa Barbara",
        "Saint Louis",
        "Sao Paulo",
        "Buenos Aires",
        "Costa Rica",
        "Puerto Rico",
        "Sierra Leone",
        "El Salvador",
        "Tel Aviv",
        "Abu Dhabi",
        "Kuala Lumpur",
        "Phnom Penh",
        "Addis Ababa",
        "Port Louis",
        "Carson City",
        "Salt Lake",
        "Baton Rouge",
        "Des Moines",
        "Victoria Falls",
        "Charlotte Amalie",
        "George Town",
        "Kingston Town",
    }
)


def _without_possessive(text: str) -> str:
    """``text`` without a final "’s" ("Sierra Leone’s" -> "Sierra Leone"; "Los Angeles" stays whole)."""
    return text[:-2] if text.endswith(("’s", "'s")) else text


@lru_cache(maxsize=8192)
def _name_parts(found: str) -> _NameParts | None:
    """Title, name and kind of a ``_NAME_RE`` match, or None when it cannot name anybody.

    Depends on the text only, so it is cached: the same names recur within and across articles.
    """
    raw = found.split()
    if len(raw) == 1 and (raw[0] in NOT_NAME_WORDS or raw[0] in ORG_WORDS or raw[0] in PLACE_WORDS):
        return None
    if _without_possessive(found) in _PLACE_NAMES or _without_possessive(" ".join(raw[-2:])) in _PLACE_NAMES:
        return None  # "Santo Domingo", "in San Diego": a place that reads like a first name and a surname
    label_only = True
    for t in raw:
        if not t.isupper() or len(t.rstrip(".")) <= 1:
            label_only = False
            break
    if label_only:
        raw = [t.capitalize() if len(t) > 2 else t.capitalize() + "." for t in raw]
    title_tokens, name_tokens = split_title_tokens(raw)
    if len(name_tokens) >= 3 and (name_tokens[0] in ORG_WORDS or name_tokens[0] in PLACE_WORDS):
        # "[Secretary of the] Treasury Laura Kimball", "Pentagon Jane Doe": a body before a first name.
        k = next((k for k in range(1, len(name_tokens) - 1) if is_first_name(name_tokens[k])), 0)
        if k and _person_like(name_tokens[k:], False):
            title_tokens, name_tokens = [*title_tokens, *name_tokens[:k]], name_tokens[k:]
    offset = len(" ".join(title_tokens)) + 1 if title_tokens else 0
    cleaned = _clean_name_tokens(name_tokens)
    if not cleaned:
        return None
    dropped = 0  # name words dropped from the front ("But Kim")
    while not name_tokens[dropped].startswith(cleaned[0]):
        dropped += 1
    if dropped:
        offset += len(" ".join(name_tokens[:dropped])) + 1
    if len(cleaned) >= 2:
        if _person_like(cleaned, bool(title_tokens)):
            kind = "full"
        elif _person_like(cleaned, True):
            kind = "described"
        else:
            return None
    elif cleaned[0] not in ORG_WORDS and cleaned[0] not in PLACE_WORDS:
        kind = "short"
    else:
        return None
    key = " ".join(cleaned)
    honorific = title_tokens[-1].rstrip(".").lower() if title_tokens else ""
    return _NameParts(label_only, tuple(title_tokens), tuple(cleaned), key, offset, offset + len(key), honorific, kind)


# An age in apposition right after a name: a person ("Farzana Rahimi, 46, ...").
_AGE_AFTER = re.compile(r",[ \t]+\d{1,3},")
_LABEL_HONORIFICS = frozenset({"", "MR.", "MS.", "MRS.", "DR.", "SEN.", "REP.", "GEN.", "AMB.", "GOV.", "PROF."})
_LABEL_COLON = re.compile(r"\s*:")


def _build_registry(art: _Article) -> _Registry:
    reg = _Registry(art)
    masked, sentences, starts, persons = art.masked, art.sentences, art.starts, art.persons
    for m in _name_matches(masked):
        parts = _name_parts(m.group())
        if parts is None:
            continue
        m_start = m.start()
        if parts.label_only:
            m_end = m.end()
            line_start = masked.rfind("\n", 0, m_start) + 1
            prefix = masked[line_start:m_start].strip()
            if not _LABEL_COLON.match(masked[m_end : m_end + 3]) or prefix not in _LABEL_HONORIFICS:
                continue  # a dateline ("WASHINGTON —") or an acronym, not a name
        start = m_start + parts.rel_start
        end = m_start + parts.rel_end
        honorific = parts.honorific or (prefix.rstrip(".").lower() if parts.label_only else "")
        sent = _sentence_of(starts, start)
        person: _Person | None
        if parts.kind == "short":
            gender = GENDER_BY_HONORIFIC.get(honorific)
            if gender is None and reg.shared(parts.cleaned[0]):
                # "Dunmore has said she ...", with Rachel and Tom Dunmore in the article: she.
                gender = _gender_nearby(masked, sentences[sent], m_start, end)
            person = reg.resolve_short(parts.cleaned[0], start, gender, honorific)
            if person is None and (parts.label_only or _AGE_AFTER.match(masked, end)):
                # A transcript label names who speaks even when no full name is given ("SANTOS:"); so does an
                # age after a first name ("Mariam, 19, reads ...").
                gender = gender or (None if parts.label_only else name_gender(parts.cleaned))
                person = persons.setdefault(parts.key, _Person(parts.key, parts.cleaned, start, gender=gender))
            if person is None:
                continue
            if gender and not person.gender:
                person.gender = gender
            if honorific:
                person.honorifics.add(honorific)
        else:
            if (
                parts.kind == "described"
                and not _has_role_appositive(art.text, end)
                and not _after_role_noun(masked, m_start)
                and not _AGE_AFTER.match(masked, end)  # "Farzana Rahimi, 46, was a schoolteacher"
            ):
                continue
            person = persons.get(parts.key)
            if person is None and parts.cleaned[0].lower() in _PARTICLE_WORDS:
                # "Van der Meulen said", capitalised at the start of a sentence: Joost van der Meulen.
                person = reg.resolve_short(parts.cleaned[-1], start)
            if person is None:
                gender = name_gender(parts.cleaned) or _gender_nearby(masked, sentences[sent], m_start, end)
                person = _Person(parts.key, parts.cleaned, start, gender=gender)
                persons[parts.key] = person
                _describe(art, person, m_start, end, list(parts.title_tokens))
            if honorific in GENDER_BY_HONORIFIC:
                person.gender = GENDER_BY_HONORIFIC[honorific]
            if honorific:
                person.honorifics.add(honorific)
        if parts.label_only:
            art.labels[art.sentence_para[sent]] = person
        # The subject of its sentence, unless a preposition, verb or possessive comes right before it.
        s_start = sentences[sent][0]
        subject = not _NON_SUBJECT_END.match(masked[max(s_start, m_start - 30) : m_start][::-1]) and (
            not masked.startswith(("’s", "'s"), end) or len(masked[s_start:start].split(None, 2)) <= 2
        )
        # A transcript label ("RIVERA:") names who speaks the paragraph, who is then not its "he" or "she".
        reg.add(_Mention(start, end, person, sent, subject and not parts.label_only))
    for mention in art.mentions:
        art.by_sentence.setdefault(mention.sentence, []).append(mention)
    _infer_genders(art)
    return reg


def _after_role_noun(masked: str, start: int) -> bool:
    """A name in apposition to a role noun ("a Foreign Ministry spokeswoman, Shen Yuqing") or right after a
    lower-case title ("deputy State Department spokeswoman Adaeze Nwankwo-Fields")."""
    before = masked[max(0, start - 40) : start]
    if before.endswith(", "):
        words = before[:-2].split()
        return bool(words) and words[-1].lower() in TITLE_HEADS
    words = before.split()
    return before.endswith(" ") and bool(words) and words[-1] in LOWER_TITLE_WORDS


def _gender_nearby(masked: str, sentence: tuple[int, int], start: int, end: int) -> str | None:
    """Gender from the first he/she after a name in its sentence, unless another name comes first, or a
    pronoun before it ("She said Sobolev told her ...": "her" is whoever "she" is)."""
    m = _PRONOUN_OR_NAME.search(masked[end : sentence[1]])
    if m is None or not (m.group(1) or m.group(2)) or _GENDERED_PRONOUN.search(masked, sentence[0], start):
        return None
    return "m" if m.group(1) else "f"


_MALE = re.compile(r"\b(?:he|his|him|himself)\b", re.IGNORECASE)
_FEMALE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)
_GENDERED_PRONOUN = re.compile(r"\b(?:he|his|him|she|her|hers)\b", re.IGNORECASE)
_PRONOUN_OR_NAME = re.compile(r"\b(?:(he|his|him|himself)|(she|her|hers|herself))\b|\b[A-Z][a-z]+\s+[A-Z]")


def _infer_genders(art: _Article) -> None:
    """A person alone in a sentence with he/his/him (or she/her) takes that gender."""
    for sent, ms in art.by_sentence.items():
        people = {id(m.person) for m in ms}
        if len(people) != 1 or ms[0].person.gender:
            continue
        s0, s1 = art.sentences[sent]
        tail = art.masked[ms[0].end : s1]
        male = _MALE.search(tail)
        female = _FEMALE.search(tail)
        if bool(male) == bool(female) or _GENDERED_PRONOUN.search(art.masked, s0, ms[0].start):
            continue  # none or both; or a pronoun before the name, which those after may be about
        ms[0].person.gender = "m" if male else "f"


# Where an appositive ends: ``,\s*(?=[“"]|(?:said|...)\b)|(?<![A-Z])[.;:!?](?:\s|$)|[“”"(]|\n|,\s+(?:and|but|
# who|which)\s|\s[—–]\s|,\s``, written to open with one character set (each branch then checks it with a
# lookbehind): ``re`` skips to the candidates in C. Only where a match starts is used.
_APPOSITIVE_STOP = re.compile(
    r"[,.;:!?“”\"(\s](?:(?<=,)\s*(?=[“\"]|(?:said|says|told|added|noted|warned|argued|wrote|asked|insisted|"
    r"explained)\b)|(?<=[.;:!?])(?<![A-Z][.;:!?])(?:\s|$)|(?<=[“”\"(\n])|(?<=,)\s+(?:and|but|who|which)\s|"
    r"(?<=\s)[—–]\s|(?<=,)\s)"
)


_APPOSITIVE_OPENER = re.compile(r"^(?:\s*\([^)]{1,30}\))?,\s+(?:\d{1,3},\s+)?")  # ", 64, a retired ..."
_RELATIVE_STOP = re.compile(r",\s*(?=[“\"]|(?:said|says|told|added)\b)|(?<![A-Z])[.;!?](?:\s|$)|[“”\"]|\n|,\s")
_FINITE_VERB = re.compile(r"\b(?:said|says|told|confirmed|argued|is|was|are|were|has|had|will|would)\b")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_WORDLIKE = re.compile(r"[\w.’'\-]+")


def _has_role_appositive(text: str, end: int) -> bool:
    return _appositive_after(text, end) is not None


def _appositive_after(text: str, end: int) -> str | None:
    """``, retired colonel and senior fellow at X,`` right after a name, when it reads as a description."""
    tail = text[end : end + 300]
    m = _APPOSITIVE_OPENER.match(tail)
    if not m:
        return None
    body = tail[m.end() :]
    first = body.split(" ", 1)[0].lower().strip(",")
    if first in ("who", "whose"):
        stop = _RELATIVE_STOP.search(body)
        clause = body[: stop.start()] if stop else body
        clause = clause.split(" ", 1)[1] if " " in clause else ""
        return clause.strip() or None
    stop = _APPOSITIVE_STOP.search(body)
    desc = (body[: stop.start()] if stop else body).strip()
    if not desc or len(desc) > 220 or first in SPEECH_VERBS:
        return None
    words = desc.split()
    if words[0].lower() in ("a", "an", "the", "one", "now", "then", "herself", "himself", "also"):
        words = words[1:]
    if not words:
        return None
    if not any(w.lower().strip(",.") in TITLE_HEADS for w in words):
        return None
    if _FINITE_VERB.search(" ".join(words[:3])):
        return None
    return " ".join(words)


def _describe(art: _Article, person: _Person, start: int, end: int, title_tokens: list[str]) -> None:
    """Title and affiliation at a person's introduction: the words before the name, the appositive after."""
    pre = _title_before(art.text, start, title_tokens)
    if pre:
        person.title = pre
        org = _CAPITALISED_ORG.match(pre + " x")
        if org and _is_org(org.group(1)):
            person.affiliation = org.group(1)
    appositive = _appositive_after(art.text, end)
    if appositive:
        title, affiliation = split_title_affiliation(appositive)
        if title and (not person.title or len(pre.split()) <= 1):
            person.title = title
        if affiliation:
            person.affiliation = affiliation
    if person.gender is None and person.title:
        # "deputy spokeswoman Adaeze Nwankwo-Fields": she, whatever the name lists know of "Adaeze".
        words = [w.lower() for w in person.title.split() if w.islower() or w in TITLE_WORDS_CAP]  # not "Mother Jones"
        genders = {GENDER_BY_TITLE_WORD.get(w) for w in words} - {None}
        if len(genders) == 1:
            person.gender = genders.pop()


_ORG_HINTS = frozenset({"Foundation", "Institute", "University", "Center", "Council", "Democracies", "Department"})


_COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof"})


def _title_before(text: str, start: int, title_tokens: list[str]) -> str:
    words = text[max(0, start - 120) : start].replace("—", " ").replace("–", " ").rstrip().split(" ")
    picked: list[str] = []
    for w in reversed(words):
        bare = w.strip()
        if not bare or (bare.endswith((",", ".", ":", ";")) and not _INITIALS.fullmatch(bare)):
            break
        low = bare.lower()
        if bare[0].islower() and low not in LOWER_TITLE_WORDS and low not in ("of", "for", "and", "the"):
            break
        if bare[0].isupper() and bare in NOT_NAME_WORDS:
            break
        if not _WORDLIKE.fullmatch(bare):
            break
        picked.append(bare)
    picked.reverse()
    while picked and picked[0].lower() in ("of", "for", "and", "the"):
        picked = picked[1:]
    picked += [t for t in title_tokens if t.rstrip(".").lower() not in _COURTESY_TITLES]
    pre = " ".join(picked)
    heads = {w.lower().rstrip(".") for w in picked}
    if pre and (heads & TITLE_HEADS or any(w in TITLE_WORDS_CAP for w in picked)):
        return pre
    return ""


_AFFILIATION = re.compile(
    r"\b(?:at|of|with|for|from)\s+(?:the\s+)?((?:[A-Z][\w.’'&\-]*)(?:\s+(?:(?:for|of|and|on|the|&|in)\s+)*"
    r"[A-Z][\w.’'&\-]*)*)"
)


_LEADING_ARTICLE = re.compile(r"^(?:a|an|the)\s+")
_CLAUSE_OPENER = re.compile(
    r"^(?:once|previously|formerly|now|later|has|had|is|was|served|serves|heads|headed|led|leads|runs|ran|"
    r"works|worked|teaches|taught|spent|directs|directed|chairs|chaired|helped|took|sits|oversees|oversaw)\b"
)
_RELATIVE_PRONOUN = re.compile(r"\s+(?:who|which|whose|that)\s+")
_IN_PLACE = re.compile(r"\s+in\s+")
_CAPITALISED_ORG = re.compile(r"((?:[A-Z][\w.’'&\-]*\s+)*[A-Z][\w.’'&\-]*)\s+[a-z]")
_ACRONYM = re.compile(r"[A-Z]{2,6}")


@lru_cache(maxsize=4096)  # a description recurs with each quote of the person it describes
def split_title_affiliation(desc: str) -> tuple[str | None, str | None]:
    """Split a description into its title and its organisation.

    A noun phrase is cut at the organisation ("senior fellow" | "Foundation for Defense of Democracies"); a
    relative clause ("once headed the desk at the State Department ...") stays whole as the title, with the
    organisation picked out of it.
    """
    desc = _LEADING_ARTICLE.sub("", desc.strip().rstrip(","))
    is_clause = bool(_CLAUSE_OPENER.match(desc))
    relative = ""
    if not is_clause:
        # "former State Department negotiator who sat across the table ...": the title ends at "who".
        parts = _RELATIVE_PRONOUN.split(desc, maxsplit=1)
        desc, relative = parts[0], (parts[1] if len(parts) > 1 else "")
    title, org = _title_and_org(desc, is_clause)
    if relative and (org is None or _FORMER.search(title or "")):
        # "former Pentagon analyst who now directs the program at the Harlan Center": where they are now.
        now_org = _title_and_org(relative, True)[1]
        org = now_org or org
    return title, org


def _title_and_org(desc: str, is_clause: bool) -> tuple[str | None, str | None]:
    for m in _AFFILIATION.finditer(desc):
        org = _IN_PLACE.split(m.group(1), maxsplit=1)[0]
        if not _is_org(org):
            continue
        title = desc if is_clause else desc[: m.start()].strip().rstrip(",")
        return (title or None), org
    inner = _CAPITALISED_ORG.search(desc + " x")
    if inner and _is_org(inner.group(1)):
        return desc or None, inner.group(1)  # "former State Department negotiator"
    return desc or None, None


_FORMER = re.compile(r"\b(?:former|retired|ex-|onetime|erstwhile)", re.IGNORECASE)
# Nationality adjectives name no organisation by themselves ("a North Korean diplomat").
_NATIONALITIES = frozenset(
    "Korean Koreans American Americans Chinese Japanese Russian Russians European Europeans Swedish British".split()
)


def _is_org(phrase: str) -> bool:
    """An organisation's name: it has an organisation word or is an acronym; not a place or an adjective."""
    words = phrase.split()
    if phrase in PLACE_WORDS or not words:
        return False
    return any(
        (w.rstrip("’'s") in ORG_WORDS and w not in _NATIONALITIES and w not in ("North", "South")) or w in _ORG_HINTS
        for w in words
    ) or bool(_ACRONYM.fullmatch(phrase))


# --------------------------------------------------------------------------------------------------
# 4. Cues

_VERB = trie_regex(SPEECH_VERBS) + r"(?![\w’'])"
# Only these verbs put the speaker after them ("said Maxwell"); "accused Washington" is verb + object.
_INVERSION_VERB = (
    r"(?:said|says|added|adds|asked|asks|wrote|writes|continued|explained|noted|recalled|replied|answered|insisted|"
    r"argued|warned|declared|concluded|observed|remarked|countered|cautioned|acknowledged)(?![\w’'])"
)
_PRONOUN = r"(?:he|she|they|it|He|She|They|It|I|you|You)"
_PARTICIPLES = tuple(
    """saying adding noting telling writing arguing warning insisting explaining calling describing declaring
    stressing predicting asking citing quipping acknowledging conceding complaining condemning denouncing
    accusing blaming urging praising dismissing branding labeling labelling offering recalling""".split()
)
_PARTICIPLE = rf"(?:{'|'.join(_PARTICIPLES)})(?![\w’'])"
_HEADS = trie_regex(NOMINAL_HEADS) + r"(?![\w’'])"
_DET = (
    r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Tt]his|[Tt]hat|[Ii]ts|[Hh]is|[Hh]er|"
    r"[Tt]heir)"
)
_AUX = r"(?:had|has|have|was|were|is|are|would|will|could|should|did|does|do|may|might|must|can|and|or|but|that)"
# The longest noun phrase ending in a head, never across a speech verb or an auxiliary ("the official told ...").
# Possessive quantifiers (``*+``, ``++``) where giving characters back can never lead to a match (a word's
# letters before the spaces that must follow it): the same matches, without the futile backtracking.
_NOMINAL = rf"(?:{_DET}\s+(?:(?!(?:{_VERB}|{_AUX})\b)[\w’'\-.]++\s++){{0,6}}{_HEADS})"
_POSSESSIVE_NOMINAL = rf"(?:{_NAME_SEQ}(?:’s|'s)\s+(?:[\w\-.]+\s+){{0,3}}?{_HEADS})"
_LOW_TITLE = trie_regex(LOWER_TITLE_WORDS)
# "State Department deputy spokesperson Daniel Whitlow", "foreign ministry spokeswoman Karin Lindqvist"
_TITLED_NAME = rf"(?:(?:[A-Z][\w.’'\-]*+|[a-z][\w\-]*+)[ \t]++){{0,6}}{_LOW_TITLE}[ \t]+{_NAME_SEQ}"
_ISSUER = re.compile(
    rf"[ \t]+(?:carried|issued|published|released|run|distributed|posted|sent|filed|prepared|written)?[ \t]*"
    rf"(?:by|from)[ \t]+(?:the[ \t]+)?(?P<issuer>{_NAME_SEQ})"
)
_PLURAL_HEADS = (
    r"(?:officials|lawyers|attorneys|aides|analysts|experts|critics|diplomats|lawmakers|senators|residents|officers|"
    r"prosecutors|investigators|protesters|supporters|opponents|economists|researchers|scientists|farmers|workers|"
    r"voters|organizers|advocates|executives|negotiators|spokespeople|sources|people|members|leaders|delegates)"
)
# "Lawyers for the board", "Officials at the ministry": plural nominals need no article.
_PLURAL_HEAD_WORDS = frozenset(_PLURAL_HEADS[3:-1].split("|"))
_BARE_PLURAL = (
    rf"(?:(?:[A-Z][\w\-]++[ \t]++){{0,2}}{_PLURAL_HEADS}|(?:Lawyers|Officials|Aides|Analysts|Experts|"
    rf"Critics|Diplomats|Lawmakers|Residents|Prosecutors|Sources|Supporters|Opponents|People|Voters))"
    rf"(?:[ \t]+(?:for|of|at|from|with)[ \t]+(?:the[ \t]+)?[\w\-]+(?:[ \t]+[A-Z][\w\-]+){{0,3}})?"
)
_SPEAKER = rf"(?:{_POSSESSIVE_NOMINAL}|{_NOMINAL}|{_TITLED_NAME}|(?:the\s+)?{_NAME_SEQ}|{_PRONOUN}|{_BARE_PLURAL})"
_SPEAKER_UNTITLED = rf"(?:{_POSSESSIVE_NOMINAL}|{_NOMINAL}|(?:the\s+)?{_NAME_SEQ}|{_PRONOUN}|{_BARE_PLURAL})"
# How every titled name ends: a lower-case title word, then a name.
_TITLED_TAIL = re.compile(rf"{_LOW_TITLE}[ \t]+{_NAME_SEQ}")


class _SpeakerPattern:
    """A pattern around a speaker phrase, compiled with ``_SPEAKER`` and with ``_SPEAKER_UNTITLED``.

    ``_TITLED_NAME`` is by far the costliest alternative of ``_SPEAKER``: it may start at any word and reads
    up to six words ahead for a title word, at every position a search visits. But each of its matches ends
    in a ``_TITLED_TAIL``; where the text looked at holds none, it cannot match, and the pattern without it
    gives exactly the same matches. Looking for a ``_TITLED_TAIL`` first costs one fast scan, so it is done
    only for short texts (``MAX_CHECKED``); longer ones get the full pattern.
    """

    MAX_CHECKED = 600

    def __init__(self, build: Callable[[str], str]) -> None:
        self.full = re.compile(build(_SPEAKER))
        self.untitled = re.compile(build(_SPEAKER_UNTITLED))

    def _pick(self, string: str, pos: int, endpos: int) -> re.Pattern[str]:
        endpos = min(endpos, len(string))
        if endpos - pos > self.MAX_CHECKED or _TITLED_TAIL.search(string, pos, endpos):
            return self.full
        return self.untitled

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._pick(string, pos, endpos).match(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._pick(string, pos, endpos).search(string, pos, endpos)


# An appositive: ", a fellow at X,", ", 64,", ", 64, a retired mechanic," (an age, a description or both).
_APPOS_DESCRIPTION = r",\s+(?:a|an|the|who|whose|one|now|[a-z])[^,“”\"]{1,200}"
_APPOS = rf"(?:\s*\([^)]{{1,30}}\))?(?:,\s+\d{{1,3}}(?:{_APPOS_DESCRIPTION})?|{_APPOS_DESCRIPTION}),"
# After a speaker: a party tag ("(R-Maine)", ", D-Calif.,") or a place ("in Washington", "here"), neither part
# of the name.
_POST = (
    rf"(?:\s*\([^)]{{1,30}}\)|,\s+[DRI]-[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?,|\s+in\s+(?:the\s+)?{_NAME_SEQ}|"
    rf"\s+(?:here|there)(?![\w’'])|"
    r"\s+(?:familiar\s+with|close\s+to|involved\s+in|briefed\s+on|with\s+knowledge\s+of|who\s+attended|"
    r"who\s+was\s+present\s+at)\s+(?:the\s+)?[\w\-]+(?:\s+[\w\-]+)?)?"
)

_AFTER_INVERTED = re.compile(
    rf"^[\s,]*(?:{ADVERBS}\s+)?(?P<v>{_INVERSION_VERB})\s+(?!(?:it|they|It|They)\b)(?P<s>{_SPEAKER})(?![\w’'])"
    # what follows an inverted speaker: punctuation or a modifier, not a verb ("said the delegation had ...")
    r"(?=\s*(?:[,.;:!?()\]—–]|$)|\s+(?:familiar|close|briefed|at|of|from|in|on|with|who|whose|after|before|"
    r"during|when|while|as|and|to|"
    r"about|last|this|in|for|by|via|over|to)\b)"
)
_AFTER_SUBJECT = re.compile(
    rf"^[\s,]*(?P<s>{_SPEAKER}){_POST}(?P<app>{_APPOS})?\s+(?:{ADVERBS}\s+){{0,2}}(?P<v>{_VERB})"
)
_AFTER_NAMED_NOMINAL = re.compile(
    rf"^[\s,]*{_NOMINAL}(?:\s+(?:of|for|at)\s+(?:the\s+)?[\w\-]+(?:\s+[A-Z][\w\-]+){{0,4}})?,\s+"
    rf"(?P<s>{_NAME_SEQ}),\s+(?:{ADVERBS}\s+){{0,2}}(?P<v>{_VERB})"
)
_AFTER_DASH = re.compile(rf"^\s*[—–]+\s*(?P<s>{_SPEAKER})")
_ACCORDING = re.compile(rf"\b[Aa]ccording\s+to\s+(?P<s>{_SPEAKER})")
_LABEL = re.compile(
    r"(?:^|\n)\s*(?P<s>[A-Z][A-Za-z.’'\-]*(?:[ \t]+[A-Z][A-Za-z.’'\-]*){0,3})\s*:\s*(?:\([^)]{1,40}\)\s*)?$"
)
_PUT_IT = re.compile(
    rf"\b(?:how|what)\s+(?P<s>{_SPEAKER})(?:,[^,]{{1,160}},)?\s+(?:{ADVERBS}\s+)?"
    r"(?P<v>put\s+it|puts\s+it|said|says|called\s+it|described\s+it|sees\s+it|saw\s+it|wrote|summed\s+it\s+up)"
)
# A speech verb or participle: a whole word (no word character or apostrophe on either side). Searched
# for in the reversed text, spelt backwards: the cue nearest the quote is found first, and the search
# goes no further back than needed (``_verbs_from_end``).
_VERB_BACKWARDS = re.compile(rf"(?<![\w’'])(?:{trie_regex(w[::-1] for w in (*SPEECH_VERBS, *_PARTICIPLES))})(?![\w’'])")
# "Hirano's remarks", "the statement": a noun, not the verb.
_DETERMINERS = ("the", "a", "an", "his", "her", "their", "its", "these", "those", "our", "my", "your")
# forwards, ``(?:[’']s|\b(?:the|a|...))\s+$``; matched on the reversed text (see ``_backwards``)
_NOUN_END = re.compile(rf"\s+(?:s[’']|{_backwards(_DETERMINERS)}\b)", re.IGNORECASE)
_SUBJECT_BEFORE = _SpeakerPattern(
    lambda speaker: rf"(?P<s>{speaker}){_POST}(?P<app>{_APPOS})?\s+(?:{ADVERBS}\s+){{0,3}}$"
)
# What may follow the closing comma of an appositive that ends a ``_SUBJECT_BEFORE`` match, and how one opens.
_SUBJECT_TAIL = re.compile(rf"\s+(?:{ADVERBS}\s+){{0,3}}$")
_APPOSITIVE_OPENS = re.compile(r",\s+[a-z]")
_AGE_APPOSITIVE = re.compile(r",\s+\d{1,3}")
_PARTY_TAG_OPENS = re.compile(r",\s+[DRI]-[A-Z]")
_LEADING_AGE = re.compile(r"^\d{1,3}(?:,\s*|$)")
_INVERTED_AT = re.compile(rf"\s+(?P<s>{_SPEAKER})(?![\w’'])")
# A person who does something in reported speech: "said Brinkley then stood up", "told them that Mabry had".
_REPORTED_PERSON = re.compile(
    rf"\b(?:said|says|told\s+(?:him|her|them|us|me|reporters)|recalled|added)\s+(?:that\s+)?"
    rf"(?P<s>{_NAME_SEQ})\s+(?:then\s+|had\s+|also\s+|later\s+)?[a-z]+(?:ed|ood|ent|ew|ose|ame|aid|old)\b"
)
# "quoted Kang Myong Sik[, a vice director,] as" before "saying": who is quoted.
_QUOTED_AS = re.compile(rf"quot(?:ed|es|ing)\s+(?P<s>{_SPEAKER_UNTITLED})(?:,\s+[^,“”\"]{{2,200}},)?\s+as\s+$")
_COORDINATED = re.compile(rf"(?:^|[,;]|\s)\s*(?:and|but)\s+(?:{ADVERBS}\s+)?$")
# A short opener before a sentence's subject ("In Seoul, ", "On Sunday, ", "Separately, "): it starts with a
# preposition, a time word or a linking adverb, so that "Dietrich Albers, you mean" keeps its subject.
_OPENER_WORDS = (
    "In On At After Before During Since For From Under Over With Without Despite Amid Across Inside Outside Back "
    "Later Earlier Meanwhile Separately Still Yet However Instead Today Yesterday Tonight Asked Speaking Last This "
    "Next Monday Tuesday Wednesday Thursday Friday Saturday Sunday Elsewhere Overall Publicly Privately Then Now "
    "Once Afterward Afterwards Ultimately Finally By Through Within"
).split()
_OPENER = rf"(?:{trie_regex(_OPENER_WORDS)}\b[\w ]{{0,25}},\s+)?"
# A transcript label ("HOLLOWAY: ", "DANIEL OSEI, BYLINE: ") before a sentence: who talks, not its subject.
_LABEL_PREFIX = r"(?:[A-Z][A-Z.’'\-]+(?:[ \t]+[A-Z][A-Z.’'\-]+){0,3}(?:,[ \t]+[A-Z]+)?:[ \t]+)?"
# (With its appositive, after a "for X" too: "A spokesman for Brannigan, Kyle Ostrander, ...".)
_SENTENCE_LEAD = re.compile(
    rf"\s*{_LABEL_PREFIX}{_OPENER}(?P<s>{_SPEAKER})"
    rf"(?:(?:\s+(?:for|of|at)\s+(?:the\s+)?{_NAME_SEQ})?(?P<app>,\s+[^,“”\"]{{2,200}},))?(?![\w’'])"
)
# A sentence's (or clause's) subject, after an optional short opener ("In Seoul, ...").
_LEAD_RE = re.compile(rf"\s*{_LABEL_PREFIX}{_OPENER}(?P<s>{_SPEAKER})(?![\w’'])")
_LEAD_SUBJECT = re.compile(rf"\s*(?P<s>{_SPEAKER}){_POST}(?P<app>,\s+[^“”\"]{{2,260}},)\s*$")


def _subject_before(head: str, lo: int = 0) -> re.Match[str] | None:
    """``_SUBJECT_BEFORE.search(head, lo)``, started as late in ``head`` as is provably safe.

    A search tries the large speaker pattern at every position, yet a match must run to the end of ``head``
    and cannot reach back across much: outside parentheses it holds no double quote mark and no comma but
    those of an appositive (", a fellow at X,", ", 64,", ", 64, a retired mechanic,") or a party tag
    (", D-Calif.,"), whose closing comma is then followed only by whitespace and adverbs. So, with no "(" in
    the window, no match starts at or before the last quote mark, nor the last comma, unless an appositive or
    a tag can close there and open at the comma before (", a", ", who": a lower-case word; ", 64"; ", D-"):
    then only the comma before that one bounds the start (before an age that opens a description, the comma
    before the age). Starting later changes nothing else, as the characters before the start still count for
    lookarounds.
    """
    if head.find("(", lo) < 0:
        bound = max(head.rfind('"', lo), head.rfind("“", lo), head.rfind("”", lo))
        comma = head.rfind(",", lo)
        if comma >= 0 and _SUBJECT_TAIL.match(head, comma + 1):
            opening = head.rfind(",", lo, comma)
            if opening >= 0 and _APPOSITIVE_OPENS.match(head, opening):  # else no appositive, no comma in a match
                comma = head.rfind(",", lo, opening)
                if comma >= 0 and _AGE_APPOSITIVE.fullmatch(head, comma, opening):  # ", 64, a retired mechanic,"
                    comma = head.rfind(",", lo, comma)
            elif opening >= 0 and (
                _AGE_APPOSITIVE.fullmatch(head, opening, comma) or _PARTY_TAG_OPENS.match(head, opening)
            ):  # ", 64,", ", D-Calif.,"
                comma = head.rfind(",", lo, opening)
        lo = max(lo, bound + 1, comma + 1)
    return _SUBJECT_BEFORE.search(head, lo)


_BARE_PLURAL_RE = re.compile(_BARE_PLURAL)
_NAME_SEQ_RE = re.compile(_NAME_SEQ)
_NOMINAL_DET = re.compile(r"^(?:the|a|an|one|another|two|three|several|some|this|that|its|his|her|their)\s")


@lru_cache(maxsize=4096)
def _speaker_kind(text: str) -> str:
    low = text.lower()
    if low in ("he", "she", "they", "it", "i", "you"):
        return "pronoun"
    if _BARE_PLURAL_RE.fullmatch(text) and (not _NAME_SEQ_RE.fullmatch(text) or low in _PLURAL_HEAD_WORDS):
        return "nominal"  # "People" opening a sentence is no name
    last = low.split()[-1]
    if last in NOMINAL_HEADS and (_NOMINAL_DET.match(low) or "’s " in text or "'s " in text):
        return "organization" if last in DOCUMENT_HEADS or last in BODY_HEADS else "nominal"
    return "name"


def _speaker_from(match: re.Match[str], offset: int) -> _Speaker:
    text = match.group("s")
    start = offset + match.start("s")
    app = match.groupdict().get("app")
    if app:
        app = _LEADING_AGE.sub("", app.strip(" ,")) or None  # "64, a retired mechanic": the age is no title
    return _Speaker(text, start, start + len(text), _speaker_kind(text), app)


_WHAT_PERSON_BEFORE = re.compile(r"\bwhat\s+(?P<p>he|she)\s+(?:(?:once|has|had|later|often|repeatedly)\s+)?$")
_WHAT_BEFORE = re.compile(r"\bwhat\s+(?:[\w’'\-]+\s+){0,4}$")
_LEADING_THE = re.compile(r"^the\s+")


def _verb_ok(verb: str, before: str) -> bool:
    """False for naming uses: "what the North calls ...", "the so-called ..."."""
    if verb.lower() in NAMING_VERBS and _WHAT_BEFORE.search(before):
        return False
    return not before.endswith("so-")


def _noun_before(head: str) -> bool:
    """A determiner or possessive right before the verb ("the report", "Hirano's remarks")."""
    return _NOUN_END.match(head[::-1]) is not None


@lru_cache(maxsize=4096)
def _plausible_name(text: str) -> bool:
    """A speaker phrase of kind 'name' must not be a capitalised common word ("Asked", "Trains")."""
    tokens = _clean_name_tokens(split_title_tokens(_LEADING_THE.sub("", text).split())[1])
    return bool(tokens) and (tokens[0] not in NOT_NAME_WORDS or _family_name_he(tokens))


_INVERTED_APPOSITIVE = re.compile(r"^(?:\s*\([^)]{1,30}\))?,\s+([^“”\"]+?)(?:[.;!?](?:\s|$)|,\s*(?=[“\"])|$)")
_DASH_APPOSITIVE = re.compile(r"^,\s+([^“”\"]+?)(?:[.;!?](?:\s|$)|$)")
_SPACE_VERB = re.compile(rf"\s{_VERB}")
_CLAUSE_END = re.compile(r"[.;!?]\s")
_CLAUSE_END_BEFORE = re.compile(r"[.;]\s")
_INVERSION_VERB_RE = re.compile(_INVERSION_VERB)
_OBJECT_VERBS = frozenset({"warned", "warns", "asked", "asks", "cautioned", "countered", "told", "tells"})
_PUNCTUATION_AFTER = re.compile(r"\s*[,:;.]")
_AFTER_INVERTED_SPEAKER = re.compile(r"\s*(?:,|:|\s(?:at|of|from|in|on|with)\s)")
_OWNER = re.compile(rf"(?P<s>{_NAME_SEQ})\s+(?:carried|issued|published|released|ran|put\s+out|posted)\s+$")


def _cue_after(seg: str, offset: int) -> _Attribution | None:
    seg = seg[:MAX_SEGMENT]
    m = _AFTER_INVERTED.match(seg)
    if m and (_speaker_kind(m.group("s")) != "name" or _plausible_name(m.group("s"))):
        att = _Attribution(_speaker_from(m, offset), m.group("v"), "after_inverted", 0.95, offset + m.end("v"))
        app = _INVERTED_APPOSITIVE.match(seg[m.end() :])
        if app and att.speaker.kind == "name":
            att.speaker.appositive = app.group(1)
        return att
    # The verb of ``_AFTER_SUBJECT`` follows whitespace: without such a verb, the big pattern cannot match.
    m = _AFTER_SUBJECT.match(seg) if _SPACE_VERB.search(seg) else None
    if (
        m
        and _verb_ok(m.group("v"), seg[: m.start("v")])
        and (_speaker_kind(m.group("s")) != "name" or _plausible_name(m.group("s")))
    ):
        return _Attribution(_speaker_from(m, offset), m.group("v"), "after_subject", 0.95, offset + m.end("v"))
    m = _AFTER_NAMED_NOMINAL.match(seg) if "," in seg[:200] else None
    if m:
        # '"Q," the chairwoman of the committee, Jane Doe, said': the name speaks.
        return _Attribution(_speaker_from(m, offset), m.group("v"), "after_subject", 0.9, offset + m.end("v"))
    m = _AFTER_DASH.match(seg)
    if m and not _DASH_GLOSS.match(m.group("s")):  # '"from the fourth floor" — a reference to ...' explains
        att = _Attribution(_speaker_from(m, offset), "—", "dash", 0.85)
        app = _DASH_APPOSITIVE.match(seg[m.end() :])
        if app:
            att.speaker.appositive = app.group(1)
        return att
    # Literal words the patterns need are looked for first; most segments have none.
    m = _ACCORDING.search(seg[:80]) if "ccording" in seg else None
    if m and not _CLAUSE_END.search(seg[: m.start()]):
        return _Attribution(_speaker_from(m, offset), "according to", "according_to", 0.9)
    m = _PUT_IT.search(seg[:120]) if "how" in seg or "what" in seg else None
    if m:
        return _Attribution(_speaker_from(m, offset), m.group("v"), "put_it", 0.85)
    return None


# "said in a statement [posted online]": a participle describing the document, not a cue of its own.
_IN_DOCUMENT_END = re.compile(
    rf"\bin\s+(?:a|an|the|its|his|her|their)\s+(?:[\w\-]+\s+){{0,2}}{trie_regex(DOCUMENT_HEADS)}\s+$"
)


# "Elliot Brandt, the Pentagon's under secretary, who told ...": the name the relative clause is about.
_WHO_SUBJECT = re.compile(
    rf"(?P<s>{_SPEAKER_UNTITLED})(?P<app>,\s+[^,“”\"]{{1,200}})?,?\s+who\s+(?:{ADVERBS}\s+){{0,2}}$"
)


def _relative_subject(head: str) -> re.Match[str] | None:
    """The speaker a "who" right before the verb stands for, if ``head`` ends in "NAME[, description], who"."""
    at = head.rfind(" who ", max(0, len(head) - 40))
    if at < 0 or not _WHO_TAIL.fullmatch(head, at):
        return None
    lo = max(0, at - 260)
    comma = head.rfind(",", lo, at - 1)
    start = head.rfind(",", lo, comma) + 1 if comma > 0 else lo  # the name ends before the appositive's comma
    m = _WHO_SUBJECT.search(head, max(lo, start - 80))
    if m is None or (_speaker_kind(m.group("s")) == "name" and not _plausible_name(m.group("s"))):
        return None
    return m if _speaker_kind(m.group("s")) != "pronoun" else None


_WHO_TAIL = re.compile(rf"\s+who\s+(?:{ADVERBS}\s+){{0,2}}")


_PARTICIPLE_PHRASE = re.compile(
    r"\s*(?:circulated|obtained|released|issued|sent|published|seen|reviewed|written|signed|prepared|dated|"
    r"posted|filed|drafted|distributed|leaked|shared|made\s+public)\b"
)


def _in_document(head: str) -> bool:
    """``head`` ends in "in a statement" (or "in its report", ...): what follows describes the document."""
    lo = head.rfind(" in ", max(0, len(head) - 60))  # a literal first: most heads hold none
    return lo >= 0 and _IN_DOCUMENT_END.match(head, lo + 1) is not None


# "wrote to the secretary complaining ...": the secretary only receives; but in "opens with a minister
# telling you ..." (with + noun + participle) the minister speaks, so "with" is not in the list.
_AFTER_PREPOSITION = re.compile(r"\b(?:to|at|for|from|by|of|on|about|into|against|toward|towards)\s+$")
_NOMINAL_APPOSITIVE = re.compile(rf",\s+(?P<s>{_NOMINAL}),")
_NAME_APPOSITIVE = re.compile(rf",\s+(?P<s>(?P<name>{_NAME_SEQ})),")
# A role noun tied to a name before an appositive: "a spokesman for Brannigan", "an aide to Sen. Vale".
_ROLE_FOR_NAME = re.compile(rf"\b{trie_regex(TITLE_HEADS)}\s+(?:for|of|to|at|with)\s+(?:the\s+)?{_NAME_SEQ}\s*$")


def _named_nominal_before(head: str) -> tuple[re.Match[str], str | None] | None:
    """The subject of "A spokesman for the ministry, Col. Park Ji-hoon, [told]": the nominal and the name
    after it; of "One of them, a four-star general, [said]": the nominal in the appositive, and no name."""
    closing = head.rfind(",")
    if closing < 0 or not _SUBJECT_TAIL.match(head, closing + 1):
        return None
    opening = head.rfind(",", 0, closing)
    named = _NAME_APPOSITIVE.match(head, opening) if opening > 0 else None
    if named is None or named.end() != closing + 1:
        nominal = _NOMINAL_APPOSITIVE.match(head, opening) if opening > 0 else None
        if nominal is None or nominal.end() != closing + 1 or _speaker_kind(nominal.group("s")) != "nominal":
            return None
        return nominal, None
    sub = _subject_before(head[:opening] + " ", max(0, opening - 200))
    if sub is not None and _speaker_kind(sub.group("s")) == "name" and _ROLE_FOR_NAME.search(head, 0, opening):
        # "A spokesman for Brannigan, Kyle Ostrander, [said]": the name after the comma speaks.
        return named, None
    if sub is None or _speaker_kind(sub.group("s")) not in ("nominal", "organization"):
        return None
    return sub, named.group("name")


def _verbs_from_end(seg: str) -> Iterator[tuple[str, int, int]]:
    """The speech verbs and participles in ``seg``, last first, as (verb, start, end)."""
    n = len(seg)
    for m in _VERB_BACKWARDS.finditer(seg[::-1]):
        yield seg[n - m.end() : n - m.start()], n - m.end(), n - m.start()


def _cue_before(seg: str, offset: int, far: bool = False) -> _Attribution | None:
    """The cue in ``seg``, the text before a quote (``far``: with another quote between them)."""
    cut = max(0, len(seg) - MAX_SEGMENT)
    seg, offset = seg[cut:], offset + cut
    m = _LABEL.search(seg) if ":" in seg else None
    if m and m.group("s").strip():
        label = m.group("s").strip()
        if label not in ("Q", "A", "Question", "Answer") and len(label.split()) <= 4:
            sp = _Speaker(label, offset + m.start("s"), offset + m.start("s") + len(label), "label")
            return _Attribution(sp, ":", "transcript_label", 0.9)
    m = _ACCORDING.search(seg) if "ccording" in seg else None
    if m and not _CLAUSE_END_BEFORE.search(seg, m.end()):
        # "According to Tillman, the president told them 'Q'": a speech verb after it is nearer the quote.
        later = _cue_before(seg[m.end() :], offset + m.end()) if _SPACE_VERB.search(seg, m.end()) else None
        if later is not None and later.speaker.kind != "lead" and later.rule.startswith("before_"):
            return later
        return _Attribution(_speaker_from(m, offset), "according to", "according_to", 0.9, offset + m.end())
    for verb, v_start, v_end in _verbs_from_end(seg):
        head = seg[:v_start]
        if verb.lower() in NAMING_VERBS:
            own = _WHAT_PERSON_BEFORE.search(head, max(0, v_start - 40))
            if own:  # "what he called 'a latticework'": his words; "what the North calls" names a term
                sp = _Speaker(own.group("p"), offset + own.start("p"), offset + own.end("p"), "pronoun")
                return _Attribution(sp, verb, "what_called", 0.8, offset + v_end)
        if not _verb_ok(verb, head) or _noun_before(head) or _in_document(head):
            continue
        if verb.lower() in NAMING_VERBS and not seg[v_end:].strip():
            if far:
                continue  # "told reporters the operation, which was dubbed 'X,' would be 'Q'": "told" cues Q
            return None  # "the campaign once branded 'maximum pressure'": a name, and nobody speaking
        if verb.endswith("ing"):
            quoted = _QUOTED_AS.match(head, max(0, head.rfind("quot"))) if head.endswith(" as ") else None
            if quoted:  # "KCNA quoted Kang Myong Sik, a vice director, as saying 'Q'": Kang's words
                return _Attribution(_speaker_from(quoted, offset), verb, "quoted_as", 0.85, offset + v_end)
            near = _subject_before(head)
            if near and _speaker_kind(near.group("s")) == "organization":
                # "KCNA carried a commentary warning that 'Q'": the outlet speaks through its document.
                owner = _OWNER.search(seg[: near.start("s")])
                if owner:
                    return _Attribution(_speaker_from(owner, offset), verb, "participle", 0.8, offset + v_end)
            if (
                near
                and _speaker_kind(near.group("s")) in ("nominal", "organization")
                and not _AFTER_PREPOSITION.search(head, max(0, near.start("s") - 12), near.start("s"))
            ):
                # "a European defense minister telling you 'Q'", but not "wrote to the secretary complaining"
                return _Attribution(_speaker_from(near, offset), verb, "participle", 0.8, offset + v_end)
            # "..., saying only that the decision 'Q'": the sayer is the clause's subject.
            lead_s = _SENTENCE_LEAD.match(seg)  # with its appositive: "Sudan's ambassador, Omar Abdelrahim,"
            if lead_s and (_speaker_kind(lead_s.group("s")) != "name" or _plausible_name(lead_s.group("s"))):
                return _Attribution(_speaker_from(lead_s, offset), verb, "participle", 0.8, offset + v_end)
            continue
        inv = _INVERTED_AT.match(seg, v_end) if _INVERSION_VERB_RE.fullmatch(verb) else None
        if (
            inv
            and inv.group("s").lower() not in ("it", "they")
            and _AFTER_INVERTED_SPEAKER.match(seg, inv.end("s"))
            # "warned China on Tuesday that ...": after a verb that takes an object, only punctuation makes
            # what follows the verb its speaker ("..., warned Maxwell, ...").
            and (verb.lower() not in _OBJECT_VERBS or _PUNCTUATION_AFTER.match(seg, inv.end("s")))
        ):
            kind = _speaker_kind(inv.group("s"))
            if kind != "name" or (inv.group("s")[0].isupper() and _plausible_name(inv.group("s"))):
                sp = _Speaker(inv.group("s"), offset + inv.start("s"), offset + inv.end("s"), kind)
                named = _NAME_APPOSITIVE.match(seg, inv.end("s")) if kind in ("nominal", "organization") else None
                if named:  # "said a ministry official, Kenji Aoyama, ..."
                    sp.appositive = named.group("name")
                return _Attribution(sp, verb, "before_inverted", 0.9, offset + v_end)
        if _COORDINATED.search(head, max(0, len(head) - 40)):
            # "Aides said Brinkley then stood up and asked ...": the person whose clause the verb goes on.
            # Whether that is a person is for ``_attribute_in_sentence`` to say (``_known_person``).
            inner = _last_match(_REPORTED_PERSON, head, 0, len(head))
            if inner is not None:
                return _Attribution(_speaker_from(inner, offset), verb, "coordinated_reported", 0.75, offset + v_end)
            # "KCNA said ... and described the weapon as 'Q'": the subject is the sentence's.
            sp = _Speaker("", offset, offset, "lead")
            return _Attribution(sp, verb, "coordinated", 0.8, offset + v_end)
        sub = _subject_before(head, max(0, len(head) - 240))
        if sub and (_speaker_kind(sub.group("s")) != "name" or _plausible_name(sub.group("s"))):
            return _Attribution(_speaker_from(sub, offset), verb, "before_subject", 0.88, offset + v_end)
        relative = _relative_subject(head)
        if relative is not None:
            return _Attribution(_speaker_from(relative, offset), verb, "before_relative", 0.85, offset + v_end)
        described = _named_nominal_before(head)
        if described is not None:
            sp = _speaker_from(described[0], offset)
            sp.appositive = described[1]
            return _Attribution(sp, verb, "before_subject", 0.88, offset + v_end)
        short = _SENTENCE_LEAD.match(head)
        rest = head[short.end() :] if short else ""
        if (
            short
            and "," not in rest
            and (
                len(rest.split()) <= 6
                # "A White House memo circulated to senior officials this week describes ...": a document or
                # body with a participle phrase after it.
                or (
                    len(rest.split()) <= 12
                    and _PARTICIPLE_PHRASE.match(rest)
                    and _speaker_kind(short.group("s")) == "organization"
                )
            )
            and (_speaker_kind(short.group("s")) != "name" or _plausible_name(short.group("s")))
        ):
            return _Attribution(_speaker_from(short, offset), verb, "before_lead", 0.8, offset + v_end)
        clause_start = max(head.rfind(". "), head.rfind("; "), -1) + 1
        lead = _LEAD_SUBJECT.match(head, clause_start)
        if lead and (_speaker_kind(lead.group("s")) != "name" or _plausible_name(lead.group("s"))):
            return _Attribution(_speaker_from(lead, offset), verb, "before_subject", 0.85, offset + v_end)
    if seg.rstrip().endswith(":"):
        # "A senior aide, granted anonymity, put the situation more bluntly: 'Q'": the sentence's subject.
        lead = _SENTENCE_LEAD.match(seg)
        kind = _speaker_kind(lead.group("s")) if lead else ""
        if lead and (kind in ("nominal", "organization") or (kind == "name" and _plausible_name(lead.group("s")))):
            return _Attribution(_speaker_from(lead, offset), ":", "colon_lead", 0.75, offset + len(seg.rstrip()))
    return None


# --------------------------------------------------------------------------------------------------
# 5. Resolution


class _Focus:
    """Who a reader takes "he" or "she" to be: the latest subject or speaker of each gender.

    The updates after each sentence are queued (``defer``) and applied, in order, only when the focus is
    next read: working out a sentence's subject is costly, and the sentences after the last pronoun or
    cue-less quote never need it. An update that reads the focus sees it as it stands at that update, as
    if all had been applied at once.
    """

    def __init__(self, update: Callable[[int, list[tuple[_Resolved, str, float, str]], _Focus], None]) -> None:
        self.by_gender: dict[str | None, tuple[int, _Person]] = {}
        self.tick = 0
        self._body: _Resolved | None = None  # the organisation or document in focus, for "it said"
        # ``update(sentence, its speakers, this focus)`` after each sentence; the focus is passed, not bound,
        # so no reference cycle keeps an article alive.
        self._update = update
        self._pending: list[tuple[int, list[tuple[_Resolved, str, float, str]]]] = []
        self.history: list[_Person] = []
        self._applying = False

    def defer(self, sentence: int, speakers: list[tuple[_Resolved, str, float, str]]) -> None:
        self._pending.append((sentence, speakers))

    def _catch_up(self) -> None:
        if self._pending and not self._applying:
            self._applying = True
            try:
                for sentence, speakers in self._pending:
                    self._update(sentence, speakers, self)
            finally:
                self._applying = False
            self._pending.clear()

    @property
    def body(self) -> _Resolved | None:
        self._catch_up()
        return self._body

    @body.setter
    def body(self, value: _Resolved | None) -> None:
        self._body = value

    def set(self, person: _Person) -> None:
        self.tick += 1
        self.by_gender[person.gender] = (self.tick, person)
        self.history.append(person)

    def get_other(self, gender: str, other_than: _Person) -> _Person | None:
        """The latest in focus of this gender (or of none known) who is not ``other_than``."""
        self._catch_up()
        for person in reversed(self.history):
            if person is not other_than and person.gender in (gender, None):
                return person
        return None

    def get(self, gender: str | None) -> _Person | None:
        self._catch_up()
        if gender is None:
            best = max(self.by_gender.values(), default=None, key=lambda tp: tp[0])
            return best[1] if best else None
        candidates = [c for c in (self.by_gender.get(gender), self.by_gender.get(None)) if c]
        return max(candidates, key=lambda tp: tp[0])[1] if candidates else None


def _addressee(art: _Article, para: int) -> _Person | None:
    """Who the speaker of a transcript paragraph talks to: the next one to speak, else the one before."""
    others = [p for p in sorted(art.labels) if art.labels[p] is not art.labels[para]]
    later = [p for p in others if p > para]
    earlier = [p for p in others if p < para]
    if later or earlier:
        return art.labels[later[0] if later else earlier[-1]]
    return None


def _para_of(art: _Article, offset: int) -> int:
    return art.sentence_para[_sentence_of(art.starts, offset)]


_NOMINAL_DETERMINER = re.compile(
    r"^(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Tt]his|[Tt]hat)\s+"
)
_PRONOUN_BEFORE = {
    "m": re.compile(r"\b(?:he|his|him)\b", re.IGNORECASE),
    "f": re.compile(r"\b(?:she|her|hers)\b", re.IGNORECASE),
}
_PLACE_AFTER = re.compile(rf"\s+in\s+(?:the\s+)?({_NAME_SEQ})")


# "Athens-based", "state-run": a company's or an agency's description, not a person's name.
_ORG_ADJECTIVE = re.compile(r"\w-(?:based|owned|run|backed|listed|registered|flagged|controlled)$")


def _names_person(ph: _NamePhrase, nominal: str) -> bool:
    """Whether the name after a nominal ("a ministry official, Kenji Aoyama") is a person's, not a body's."""
    names = list(ph.names)
    if len(names) < 2 or ph.organization or ph.all_places_or_bodies or any(_ORG_ADJECTIVE.search(t) for t in names):
        return False
    return ph.person_sign or _person_like(names, False) or nominal.split()[-1].lower() in TITLE_HEADS


_DOCUMENT_OR_BODY = re.compile(
    rf"\b(?P<s>(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts)\s+(?:[\w\-’']+\s+){{0,2}}"
    rf"{trie_regex(DOCUMENT_HEADS | BODY_HEADS)})(?![\w’'])"
)
# What an unnamed source is described by: "familiar with the matter", "close to the talks".
_ACQUAINTED = (
    r"(?:(?:familiar\s+with|close\s+to|briefed\s+on|with\s+knowledge\s+of)\s+(?:the\s+)?[\w\-]+"
    rf"(?:\s+(?!(?:{_VERB}|{_AUX})\b)[\w\-]+)?|"
    r"(?:in|at|on|inside)\s+the\s+(?:room|meeting|call|briefing|session))"  # "two people in the room"
)
_BARE_ACQUAINTED = re.compile(rf"\b(?P<head>people|officials|sources|aides|diplomats)\s+{_ACQUAINTED}(?=[\s,.;])")
_FAMILIAR_AFTER = re.compile(rf"\s+({_ACQUAINTED})(?=[\s,.;])")
_NAME_AFTER = re.compile(rf"[ \t]+({_NAME_SEQ})(?![\w’'])")
_POSSESSIVE_DOCUMENT = re.compile(rf"^([Hh]is|[Hh]er)\s+(?:[\w\-]+\s+){{0,2}}{trie_regex(DOCUMENT_HEADS)}$")
_THE_DOCUMENT = re.compile(rf"^(?:[Tt]he|[Tt]hat|[Tt]his)\s+(?P<head>{trie_regex(DOCUMENT_HEADS)})$")


def _earlier_issuer(art: _Article, reg: _Registry, sp: _Speaker, focus: _Focus) -> _Resolved | None:
    """Who issued "the statement": the document brought in earlier, "a statement from X" or "X said in a
    statement", in this paragraph or the one before."""
    m = _THE_DOCUMENT.match(sp.text)
    if m is None:
        return None
    para = _para_of(art, sp.start)
    lo = art.paragraphs[max(0, para - 1)][0]
    intro = _last_match(_introduced(m.group("head")), art.masked, lo, sp.start)
    if intro is None:
        return None
    issuer = _FROM_ISSUER.match(art.text, intro.end())
    if issuer:
        return _Resolved(issuer.group("issuer"), None, None, "organization", "issuer")
    if _CARRIED.match(art.text, intro.end()):
        return None  # "a statement carried by the news agency": the agency only carried it
    subject = _sentence_subject(art, reg, _sentence_of(art.starts, intro.start()), focus)
    if subject is None or not subject.name or subject.kind not in ("person", "organization"):
        return None
    return subject


# "a statement from U.S. Indo-Pacific Command", "a letter signed by the board": who issued it.
_FROM_ISSUER = re.compile(
    rf"[ \t]+(?:issued[ \t]+|released[ \t]+|signed[ \t]+|sent[ \t]+|written[ \t]+)?(?:by|from)[ \t]+(?:the[ \t]+)?"
    rf"(?P<issuer>{_NAME_SEQ})"  # "U.S." is a name token
)
_CARRIED = re.compile(r"[ \t]+(?:carried|published|run|distributed|broadcast|posted|aired)\b")


@lru_cache(maxsize=64)
def _introduced(head: str) -> re.Pattern[str]:
    """A document brought in: "a statement", "in its report", "a two-page memo"."""
    return re.compile(rf"\b(?:[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?:[\w\-]+\s+){{0,2}}{re.escape(head)}\b")


# A title word and the ways a person's title or honorific may carry it ("the senator" is "Sen. Roy Pruett").
_TITLE_FORMS = {
    "senator": ("senator", "sen"),
    "congressman": ("representative", "rep", "congressman"),
    "congresswoman": ("representative", "rep", "congresswoman"),
    "lawmaker": ("representative", "rep", "congressman", "congresswoman", "senator", "sen", "lawmaker"),
    "representative": ("representative", "rep"),
    "general": ("general", "gen"),
    "colonel": ("colonel", "col"),
    "admiral": ("admiral", "adm"),
    "ambassador": ("ambassador", "amb"),
    "governor": ("governor", "gov"),
    "spokesman": ("spokesman", "spokesperson"),
    "spokeswoman": ("spokeswoman", "spokesperson"),
    "spokesperson": ("spokesperson", "spokesman", "spokeswoman"),
}
_DEFINITE = re.compile(r"^[Tt]he\s+(?P<mods>(?:[\w\-]+\s+){0,3}?)(?P<head>[a-z][\w\-]*)$")
_TITLE_WORD = re.compile(r"[a-z]+")
# Words that may stand before the title word without narrowing who is meant ("the veteran senator").
_LOOSE_MODIFIERS = re.compile(r"(?:former|retired|veteran|longtime|outgoing|incoming|embattled|\d+-year-old|\w+-term)$")


def _definite_referent(art: _Article, sp: _Speaker) -> _Person | None:
    """The person "the senator" (or "the Kansas senator", "the former ambassador") refers to: the one named
    last before it whose title or honorific carries that word, and whose title or affiliation carries any
    capitalised word before it. None when nobody fits, or when an unnamed one ("a senior official") was
    brought in after the last who does: the unnamed one stays a nominal."""
    m = _DEFINITE.match(sp.text)
    if m is None:
        return None
    head = m.group("head")
    mods = [w for w in m.group("mods").split() if not _LOOSE_MODIFIERS.match(w)]
    forms = _TITLE_FORMS.get(head, (head,))
    # Who carries the title word, and whose description holds every other word before it too ("the press
    # secretary"), worked out once per person; then the last of them named before the description.
    fits: dict[int, bool] = {}
    for p in art.persons.values():
        description = f"{p.title or ''} {p.affiliation or ''}".lower()
        words = set(_TITLE_WORD.findall(description)) | p.honorifics
        fits[id(p)] = bool(words.intersection(forms)) and all(w.lower() in description for w in mods)
    if not any(fits.values()):
        return None
    speaking = art.labels.get(_para_of(art, sp.start))  # "MARCHETTI: ... the secretary told me": not her
    best: _Mention | None = None
    for mention in art.mentions:
        if mention.start >= sp.start:
            break
        if fits.get(id(mention.person)) and mention.person is not speaking:
            best = mention
    if best is None:
        return None
    return None if _unnamed(head).search(art.masked, best.end, sp.start) else best.person


@lru_cache(maxsize=256)
def _unnamed(head: str) -> re.Pattern[str]:
    """An indefinite noun phrase with this head: "a senior administration official"."""
    return re.compile(rf"\b(?:[Aa]n?|[Aa]nother|[Oo]ne)\s+(?:[\w\-]+\s+){{0,4}}{re.escape(head)}\b")


def _clean_nominal(text: str) -> str:
    return _NOMINAL_DETERMINER.sub("", text).strip()


_PARENTHETICAL_CUE = re.compile(rf"\s+(?:{ADVERBS}\s+)?(?:{_VERB})\s*,")


_BACK_REFERENCE = re.compile(r"^(?:[Tt]he|[Oo]ne\s+of\s+the|[Tt]his|[Tt]hat)\s+(?:[\w\-]+\s+){0,2}?[a-z]+$")
_UNNAMED_INTRO = re.compile(
    r"\b(?:[Aa]n?|[Aa]nother|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome)\s+((?:[\w\-]+\s+){0,4}?"
    rf"(?P<head>[a-z]+))(?P<tail>\s+{_ACQUAINTED})?(?=[\s,.;])"
)


def _earlier_unnamed(art: _Article, sp: _Speaker) -> str | None:
    """The fuller description an unnamed speaker had when brought in ("two people familiar with the matter"
    for "one of the people"), within this paragraph and the three before it."""
    head = sp.text.split()[-1]
    lo = art.paragraphs[max(0, _para_of(art, sp.start) - 3)][0]
    if art.masked.find(" " + head, lo, sp.start) < 0:
        return None  # the head word is not there at all: no regex search needed
    found = _last_unnamed_intro(art, lo, sp.start, (head,))
    if found is not None:
        return _unnamed_description(found)
    # Brought in without a determiner: "according to people familiar with the matter".
    bare = _last_match(_BARE_ACQUAINTED, art.masked, lo, sp.start)
    return _clean_nominal(" ".join(bare.group().split())) if bare is not None and bare.group("head") == head else None


def _last_unnamed_intro(art: _Article, lo: int, hi: int, heads: Collection[str]) -> re.Match[str] | None:
    """The last unnamed person brought in between ``lo`` and ``hi`` ("a South Korean official") whose head
    word is one of ``heads``."""
    found = None
    for m in _UNNAMED_INTRO.finditer(art.masked, lo, hi):
        if m.group("head") in heads:
            found = m
    return found


def _unnamed_description(intro: re.Match[str]) -> str:
    tail = " " + " ".join(intro.group("tail").split()) if intro.group("tail") else ""
    return _clean_nominal(intro.group(1) + tail)


def _unnamed_speaker_before(art: _Article, sp: _Speaker) -> _Resolved | None:
    """ "A Saudi official ... said Riyadh had been 'ready to sign.' 'Q,' he said.": the unnamed speaker of the
    sentence before, in the same paragraph, when no one is named in between."""
    here = _sentence_of(art.starts, sp.start)
    before = art.said.get(here - 1)
    if before is None or art.sentence_para[here - 1] != art.sentence_para[here]:
        return None
    r = before[0]
    if r.kind != "nominal" or r.name is None or not TITLE_HEADS.intersection(r.name.lower().split()):
        return None
    if any(m.start < sp.start for m in art.by_sentence.get(here, ())):
        return None
    last_quote = art.spans[art.quotes_in[here - 1][-1]]
    if any(m.start > last_quote.end for m in art.by_sentence.get(here - 1, ())):
        return None
    return r


def _unnamed_in_labelled_paragraph(art: _Article, sp: _Speaker) -> _Resolved | None:
    """ "OSEI: I spoke with a South Korean official ..., and he told me ... He said, 'Q'": in a transcript
    paragraph "he" or "she" is never the one talking, but the unnamed person they brought in earlier in the
    paragraph, when nobody else is named in it before the pronoun."""
    para = _para_of(art, sp.start)
    label = art.labels.get(para)
    if label is None or sp.text.lower() not in ("he", "she"):
        return None
    p0 = art.paragraphs[para][0]
    for s in range(bisect_left(art.starts, p0), _sentence_of(art.starts, sp.start) + 1):
        if any(m.person is not label and m.start < sp.start for m in art.by_sentence.get(s, ())):
            return None  # "OSEI: Secretary Blinken met a Chinese official, and afterwards he said": Blinken
    found = _last_unnamed_intro(art, p0, sp.start, TITLE_HEADS)
    return _Resolved(_unnamed_description(found), None, None, "nominal", "nominal") if found is not None else None


def _resolve_pronoun(art: _Article, sp: _Speaker, focus: _Focus) -> _Person | None:
    want = {"he": "m", "she": "f"}.get(sp.text.lower())
    if want is None:
        return None
    here = _sentence_of(art.starts, sp.start)
    s_start = art.sentences[here][0]
    # The subject earlier in the same sentence, unless a same-gender pronoun already points back past it.
    # One inside an opening phrase, before any name, points ahead to the subject instead ("In an email to
    # her supervisor, Lt. Col. Mariana Fuentes-Kirby wrote that she ..."); one opening the sentence is its
    # subject ("He thanked Brennan for what he called ...").
    in_sentence = art.by_sentence.get(here, ())
    first_pron = _PRONOUN_BEFORE[want].search(art.masked[s_start : sp.start])
    if first_pron and first_pron.start() > 0 and in_sentence and first_pron.start() < in_sentence[0].start - s_start:
        after = in_sentence[0].end
        first_pron = _PRONOUN_BEFORE[want].search(art.masked[after : sp.start])
        limit = after + first_pron.start() if first_pron else sp.start
    else:
        limit = s_start + first_pron.start() if first_pron else sp.start
    earlier = [m for m in in_sentence if m.start < limit]
    if earlier and _PARENTHETICAL_CUE.match(art.masked, sp.end) and art.masked[: sp.start].endswith(", "):
        # "Mr. Pruett, he added, 'has been ...'": whoever adds it, it is not the one named right before.
        return focus.get_other(want, earlier[-1].person)
    for m in earlier:
        if m.subject and m.person.gender in (None, want):
            return m.person
    # "He had spoken with Quintanilla and she had told him ...": the last one of that gender named before it.
    same = [m for m in earlier if m.person.gender == want]
    if same:
        return same[-1].person
    return focus.get(want)


def _resolve(art: _Article, reg: _Registry, sp: _Speaker, focus: _Focus) -> _Resolved:
    if sp.kind == "pronoun" and sp.text.lower() in ("i", "you"):
        # In an interview, "I" in an answer and "you" in a question are the person interviewed.
        para = _para_of(art, sp.start)
        turn = art.turns.get(para)
        who = art.interviewee if (turn, sp.text.lower()) in (("A", "i"), ("Q", "you")) else None
        if who is None and para in art.labels:
            # In a transcript, "I" is whoever's label the paragraph has; "you", the one who answers.
            who = art.labels[para] if sp.text.lower() == "i" else _addressee(art, para)
        if who is None:
            return _Resolved(None, None, None, "pronoun", "pronoun_unresolved")
        return _Resolved(who.name, who.title, who.affiliation, "person", "interview", who)
    if sp.kind == "pronoun" and sp.text.lower() == "it":
        s_start = art.sentences[_sentence_of(art.starts, sp.start)][0]
        lead = _SENTENCE_LEAD.match(art.masked, s_start)
        if lead and lead.start("s") < sp.start and _speaker_kind(lead.group("s")) in ("organization", "nominal"):
            own = _resolve(art, reg, _speaker_from(lead, 0), focus)
            if own.name:
                return _Resolved(own.name, own.title, own.affiliation, own.kind, "it_" + own.method)
        # "I read the same review you did, and it also says ...": the document or body named before it.
        named = _last_match(_DOCUMENT_OR_BODY, art.masked, s_start, sp.start)
        if named is not None and _speaker_kind(named.group("s")) == "organization":
            own = _resolve(art, reg, _speaker_from(named, 0), focus)
            if own.name:
                return _Resolved(own.name, own.title, own.affiliation, own.kind, "it_" + own.method)
        if focus.body is not None:
            b = focus.body
            return _Resolved(b.name, b.title, b.affiliation, b.kind, "it_" + b.method)
        return _Resolved(None, None, None, "pronoun", "pronoun_unresolved")
    if sp.kind == "pronoun" and sp.text == "He" and _inside_sentence_at(art.text, sp.start):
        # '"Q," He said', "Asked about it, He said": capitalised inside a sentence, the family name He (He Yanling).
        family = reg.resolve_short("He", sp.start)
        if family is not None:
            return _Resolved(family.name, family.title, family.affiliation, "person", "surname", family)
    if sp.kind == "pronoun":
        unnamed = _unnamed_speaker_before(art, sp) or _unnamed_in_labelled_paragraph(art, sp)
        if unnamed is not None:
            return _Resolved(unnamed.name, unnamed.title, unnamed.affiliation, unnamed.kind, "pronoun_nominal")
        referent = _resolve_pronoun(art, sp, focus)
        if referent is None:
            return _Resolved(None, None, None, "pronoun", "pronoun_unresolved")
        return _Resolved(referent.name, referent.title, referent.affiliation, "person", "pronoun", referent)
    if sp.kind in ("nominal", "organization"):
        after = _NAME_AFTER.match(art.text, sp.end) if sp.kind == "nominal" else None
        if after and len(after.group(1).split()) >= 2 and not _name_phrase(after.group(1)).not_a_name:
            # "The North's official Korean Central News Agency": the name is the speaker.
            return _resolve(art, reg, _Speaker(after.group(1), after.start(1), after.end(1), "name"), focus)
        referent = _definite_referent(art, sp) if sp.kind == "nominal" else None
        if referent is not None:
            return _Resolved(referent.name, referent.title, referent.affiliation, "person", "definite", referent)
        text = _clean_nominal(sp.text)
        place = _PLACE_AFTER.match(art.text[sp.end : sp.end + 60])
        if place and sp.kind == "nominal":
            text += " in " + place.group(1)  # "a senior official in Seoul"
        familiar = _FAMILIAR_AFTER.match(art.text, sp.end) if sp.kind == "nominal" else None
        if familiar:
            text += " " + familiar.group(1)  # "people familiar with the matter"
        elif sp.kind == "nominal" and (
            _BACK_REFERENCE.match(sp.text) or art.masked[max(0, sp.start - 8) : sp.start].endswith(" of the ")
        ):
            fuller = _earlier_unnamed(art, sp)  # "the official": the "senior administration official" before
            if fuller:
                text = fuller
        if sp.appositive and _NAME_SEQ_RE.fullmatch(sp.appositive):
            # "North Korea's party newspaper, Rodong Sinmun, called ...": the name is the speaker; so is
            # "a spokesman for the ministry, Col. Park Ji-hoon, told reporters ...".
            ph = _name_phrase(sp.appositive)
            known = art.persons.get(sp.appositive) or art.persons.get(" ".join(ph.names))
            if known is not None:
                return _Resolved(known.name, known.title or text, known.affiliation, "person", "appositive", known)
            if sp.kind == "nominal" and _names_person(ph, text):
                # A person the nominal describes ("a ministry official, Kenji Aoyama"), not registered as a name.
                return _Resolved(" ".join(ph.names), text, None, "person", "appositive")
            return _Resolved(sp.appositive, text, None, "organization", "appositive")
        issuer = _ISSUER.match(art.text, sp.end) if text.split()[-1].lower() in DOCUMENT_HEADS else None
        if issuer:
            return _Resolved(issuer.group("issuer"), text, None, "organization", "issuer")
        owner = _POSSESSIVE_DOCUMENT.match(sp.text)
        if owner:  # "His dissent warned ...": his
            pronoun = "he" if owner.group(1).lower() == "his" else "she"
            r = _resolve(art, reg, _Speaker(pronoun, sp.start, sp.start, "pronoun"), focus)
            if r.person is not None:
                return _Resolved(r.name, r.title, r.affiliation, "person", "possessive", r.person)
        earlier = _earlier_issuer(art, reg, sp, focus) if text.split()[-1].lower() in DOCUMENT_HEADS else None
        if earlier is not None:
            return _Resolved(earlier.name, earlier.title, earlier.affiliation, earlier.kind, "issuer", earlier.person)
        return _Resolved(text, None, None, sp.kind, "nominal")
    if sp.kind == "label":
        tokens = [t.capitalize() if t.isupper() and len(t) > 2 else t for t in sp.text.split()]
        titles, names = split_title_tokens(tokens)
        names = names or tokens
        honorific = titles[-1].rstrip(".").lower() if titles else ""
        if " ".join(names) in art.persons:
            person: _Person | None = art.persons[" ".join(names)]
        else:
            person = reg.resolve_short(names[-1], sp.start, GENDER_BY_HONORIFIC.get(honorific))
            if person is None and len(names) == 1:
                person = reg.resolve_short(names[0].capitalize(), sp.start)
        if person:
            return _Resolved(person.name, person.title, person.affiliation, "person", "label", person)
        return _Resolved(" ".join(names), None, None, "person", "label")
    ph = _name_phrase(sp.text)
    if ph.title_prefix:
        # "State Department deputy spokesperson Daniel Whitlow": the title is everything before the name.
        sp = _Speaker(ph.after_title, sp.end - len(ph.after_title), sp.end, "name", sp.appositive)
        inner = _resolve(art, reg, sp, focus)
        if inner.person is not None and not inner.title:
            inner.title = ph.title_prefix
        return inner
    if ph.of_person:
        # "Cha of Georgetown University": a person and their organisation.
        key = " ".join(ph.of_person)
        person = art.persons.get(key) or _Person(key, ph.of_person, sp.start)
        return _Resolved(person.name, person.title, person.affiliation or ph.of_what, "person", "name", person)
    parts, honorific = ph.names, ph.honorific
    if not parts:
        return _Resolved(None, None, None, "name", "empty")
    if ph.organization:
        return _Resolved(" ".join(parts), None, None, "organization", "organization")
    if len(parts) >= 2:
        key = " ".join(parts)
        found = art.persons.get(key)
        if found is None and parts[0].lower() in _PARTICLE_WORDS:
            found = reg.resolve_short(parts[-1], sp.start)  # "van der Meulen said": Joost van der Meulen
        if found is None:
            if not (ph.person_sign or sp.appositive) and ph.all_places_or_bodies:
                return _Resolved(key, None, None, "organization", "organization")
            found = _Person(key, parts, sp.start, gender=ph.gender)
        title, affiliation = found.title, found.affiliation
        if sp.appositive:
            t2, a2 = split_title_affiliation(sp.appositive)
            title, affiliation = title or t2, affiliation or a2
        return _Resolved(found.name, title, affiliation, "person", "name", found)
    token = parts[0]
    if token in PLACE_WORDS:
        return _Resolved(token, None, None, "organization", "organization")
    person = reg.resolve_short(token, sp.start, GENDER_BY_HONORIFIC.get(honorific), honorific)
    if person is None:
        if ph.not_a_name and not _capitalised_inside_sentence(art.masked, token, sp.start):
            return _Resolved(None, None, None, "name", "not_a_name")
        return _Resolved(token, None, None, "person", "surname_unresolved")
    return _Resolved(
        person.name, person.title, person.affiliation, "person", "honorific" if honorific else "surname", person
    )


class _NamePhrase(NamedTuple):
    """What ``_resolve`` reads off the text of a speaker phrase of kind "name", before the article is used."""

    title_prefix: str = ""  # lower-case title words before a name ("deputy spokesperson"), if any,
    after_title: str = ""  # and the name after them
    of_person: tuple[str, ...] = ()  # "Cha of Georgetown University": the person,
    of_what: str = ""  # and what they are of
    names: tuple[str, ...] = ()  # else the name's tokens without titles,
    honorific: str = ""
    organization: bool = False  # an organisation's name ("Foreign Ministry", "KCNA")
    person_sign: bool = False  # a first name, surname-first order or a title: a person even if unknown
    all_places_or_bodies: bool = False
    gender: str | None = None
    not_a_name: bool = False  # one capitalised common word ("Analysts")


_STATE_ACRONYMS = frozenset({"U.S.", "U.N.", "U.K.", "E.U.", "D.C."})


@lru_cache(maxsize=4096)
def _name_phrase(text: str) -> _NamePhrase:
    """The text-only part of ``_resolve`` for names, cached: the same phrases recur in and across articles."""
    words = _LEADING_THE.sub("", text).split()
    lower_at = [i for i, w in enumerate(words) if w[:1].islower() and not _CONNECT_RE.fullmatch(w)]
    if lower_at and lower_at[-1] < len(words) - 1:
        prefix, words = words[: lower_at[-1] + 1], words[lower_at[-1] + 1 :]
        return _NamePhrase(title_prefix=" ".join(prefix), after_title=" ".join(words))
    titled, after_title = split_title_tokens(words)
    if titled and len(after_title) >= 2 and not any(w in ("of", "for", "and") for w in after_title):
        pass  # "Secretary of State Richard Abernathy": a title, then the name
    elif any(w in ("of", "for", "and") for w in words):
        # "Cha of Georgetown University": a person and their organisation; "Ministry of Defense": a body.
        cut = next(i for i, w in enumerate(words) if w in ("of", "for", "and"))
        left_titles, left_names = split_title_tokens(words[:cut])
        left = _clean_name_tokens(left_names)
        if words[cut] == "of" and left and _person_like(left, bool(left_titles)):
            return _NamePhrase(of_person=tuple(left), of_what=" ".join(words[cut + 1 :]))
        if not any(t in ORG_WORDS for t in words):
            words = words[:cut]
    titles, names = split_title_tokens(words)
    names = _clean_name_tokens(names)
    honorific = titles[-1].rstrip(".").lower() if titles else ""
    if not names:
        return _NamePhrase(honorific=honorific)
    if (
        any(t.rstrip("’'s") in ORG_WORDS for t in names)
        or (len(names) == 1 and names[0].isupper())
        or names[0] in _STATE_ACRONYMS  # "U.S. Citizenship [and Immigration Services]"
    ):
        return _NamePhrase(names=tuple(names), honorific=honorific, organization=True)
    if len(names) >= 2:
        return _NamePhrase(
            names=tuple(names),
            honorific=honorific,
            person_sign=bool(is_first_name(names[0]) or surname_first(names) or titles),
            all_places_or_bodies=all(t in PLACE_WORDS or t in ORG_WORDS for t in names),
            gender=name_gender(names),
        )
    token = names[0]
    not_a_name = not titles and not is_east_asian_surname(token) and token[0].isupper()
    return _NamePhrase(names=(token,), honorific=honorific, not_a_name=not_a_name and _looks_plural_or_common(token))


def _inside_sentence_at(text: str, at: int) -> bool:
    """Whether the word at ``at`` follows a lower-case word or a comma (after a closing quote mark too:
    '"Q," He said'), so that its capital marks a name, not a sentence's start."""
    space = at
    while space > 0 and text[space - 1] in " \t":
        space -= 1
    if not 0 < space < at:
        return False
    if text[space - 1] in '”"' and space > 1:
        return text[space - 2] == ","
    if text[space - 1] in ",;":
        return True
    word = space
    while word > 0 and text[word - 1].isalpha():
        word -= 1
    return word < space and text[word:space].islower()


def _capitalised_inside_sentence(masked: str, token: str, before: int) -> bool:
    """Whether ``token`` is written, before offset ``before`` and outside quotations, after a lower-case word or
    a comma: a name ("shares of Lumeris Technologies" ... "Lumeris said"), not a plural opening a sentence
    ("Analysts") nor a word of a title-case heading ("Why Wall Street Traders Are Nervous")."""
    at = masked.find(token, 0, before)
    while at >= 0:
        end = at + len(token)
        if (end == before or not (masked[end].isalnum() or masked[end] in "_’'")) and _inside_sentence_at(masked, at):
            return True
        at = masked.find(token, at + 1, before)
    return False


def _looks_plural_or_common(token: str) -> bool:
    return token.endswith("s") and not token.endswith("ss") and token[:-1].lower() + "s" == token.lower()


# --------------------------------------------------------------------------------------------------
# 6. Roles


@lru_cache(maxsize=4)
def _role_lexicon(path: str) -> dict[str, Any]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    compiled: dict[str, Any] = {}
    for role, spec in data.items():
        if not isinstance(spec, dict):
            continue
        compiled[role] = {
            key: _terms_regex(values) for key, values in spec.items() if isinstance(values, list) and values
        }
    return compiled


def _terms_regex(terms: list[str]) -> re.Pattern[str]:
    alts = sorted({re.escape(str(t).lower()).replace(r"\.\.\.", r"(?:\S+\s+){1,4}") for t in terms}, key=len)
    return re.compile(r"(?<![\w])(?:" + "|".join(reversed(alts)) + r")(?![\w])")


def _has(lex: dict[str, Any], role: str, key: str, text: str | None) -> bool:
    pattern = lex.get(role, {}).get(key)
    return bool(text and pattern is not None and pattern.search(text.lower()))


@lru_cache(maxsize=4096)
def classify_role(
    title: str | None,
    affiliation: str | None,
    speaker: str | None = None,
    kind: str | None = None,
    lexicon_path: str | None = None,
) -> str | None:
    """expert | official | media | other, from the title and affiliation (and the name for bodies)."""
    lex = _role_lexicon(lexicon_path or str(ROLES_PATH))
    names = " ".join(filter(None, [speaker, affiliation]))
    if _has(lex, "media", "affiliation_names", names) or _has(lex, "media", "title_terms", title):
        return "media"
    if _has(lex, "expert", "former_markers", title) or _has(lex, "expert", "title_terms", title):
        return "expert"
    if _has(lex, "expert", "affiliation_names", affiliation) or _has(lex, "expert", "affiliation_terms", affiliation):
        return "official" if _has(lex, "official", "title_terms", title) and not title else "expert"
    if _has(lex, "official", "title_terms", title) or _has(lex, "official", "affiliation_terms", affiliation):
        return "official"
    if _has(lex, "other", "title_terms", title) or _has(lex, "other", "affiliation_terms", affiliation):
        return "other"
    if kind in ("organization", "nominal"):
        if _has(lex, "media", "affiliation_terms", speaker):
            return "media"
        if _has(lex, "expert", "title_terms", speaker) or _has(lex, "expert", "affiliation_terms", speaker):
            return "expert"
        if _has(lex, "official", "title_terms", speaker) or _has(lex, "official", "affiliation_terms", speaker):
            return "official"
        if _has(lex, "other", "title_terms", speaker):
            return "other"
        return "official" if kind == "organization" else None
    return "other" if title or affiliation else None


# --------------------------------------------------------------------------------------------------
# The driver


def _segments(art: _Article, sent_index: int) -> list[tuple[int, int, int | None]]:
    """Outside-quote pieces of a sentence as (start, end, index of the quote that follows or None)."""
    s_start, s_end = art.sentences[sent_index]
    out: list[tuple[int, int, int | None]] = []
    pos = s_start
    for i in art.quotes_in.get(sent_index, ()):
        s = art.spans[i]
        out.append((pos, max(pos, s.start - 1), i))
        pos = min(s_end, s.end + 1)
    out.append((pos, s_end, None))
    return out


def _known_person(art: _Article, text: str) -> bool:
    """Whether a name is a person's: a full name that reads as one, or a name part of someone in the article;
    not an organisation or a place ("said Japan had ... and called")."""
    phrase = _name_phrase(text)
    if phrase.organization or phrase.all_places_or_bodies or not _plausible_name(text):
        return False
    names = list(phrase.names)
    if any(n in PLACE_WORDS for n in names):
        return False
    if len(names) >= 2:
        return " ".join(names) in art.persons or _person_like(names, False)
    return bool(names) and any(names[0] in p.keys for p in art.persons.values())


def _attribute_in_sentence(art: _Article, qi: int) -> _Attribution | None:
    sent = art.spans[qi].sentence
    segs = _segments(art, sent)
    before_k = art.quotes_in[sent].index(qi)  # segment k comes before the k-th quote of the sentence
    after_k = before_k + 1
    # Nearest segments first, after before before; usually the first one has the cue.
    order = (
        (side, idx)
        for dist in range(len(segs))
        for side, idx in (("after", after_k + dist), ("before", before_k - dist))
        if 0 <= idx < len(segs)
    )
    for side, idx in order:
        s0, s1, _ = segs[idx]
        seg = art.text[s0:s1]
        if not seg or seg.isspace():
            continue
        near = idx in (before_k, after_k)
        att = _cue_after(seg, s0) if side == "after" else _cue_before(seg, s0, far=not near)
        if att is None and not near:
            att = _cue_before(seg, s0, far=True) if side == "after" else _cue_after(seg, s0)
        if att is not None and att.rule == "coordinated_reported" and not _known_person(art, att.speaker.text):
            # "An official said Hezbollah had rejected the offer and called it 'Q'": no person's clause.
            lead_speaker = _Speaker("", att.speaker.start, att.speaker.start, "lead")
            att = _Attribution(lead_speaker, att.cue, "coordinated", 0.8, att.verb_end)
        if att is not None and att.speaker.kind == "lead":
            s_start = art.sentences[art.spans[qi].sentence][0]
            lead = _SENTENCE_LEAD.match(art.masked, s_start)
            if not lead or (_speaker_kind(lead.group("s")) == "name" and not _plausible_name(lead.group("s"))):
                continue
            lead_sp = _speaker_from(lead, 0)
            lead_sp.text = art.text[lead_sp.start : lead_sp.end]
            att.speaker = lead_sp
        if att is not None and side == "after" and att.rule == "according_to":
            # "S said the army had warned them off 'Q,' according to Xinhua": the agency reports what S said.
            for b0, b1, _ in reversed(segs[: before_k + 1]):
                prior = _cue_before(art.text[b0:b1], b0) if art.text[b0:b1].strip() else None
                if prior is not None:
                    if prior.rule.startswith("before_") and prior.speaker.kind != "lead":
                        att = prior
                    break
        if att is not None:
            if not near:
                att.confidence -= 0.1
                att.rule += "_far"
            return att
    return None


# Matched on reversed text (see ``_backwards``). Forwards: ``{TERM_MARKERS}\s*$`` (a marker may start inside
# a word: no boundary) and ``\b{WORK_WORDS}\s*,?\s*$``.
_TERM_END = re.compile(rf"\s*{_backwards(TERM_MARKERS)}", re.IGNORECASE)
_WORK_END = re.compile(rf"\s*,?\s*{_backwards(WORK_WORDS)}\b", re.IGNORECASE)


def _after_term_marker(before: str) -> bool:
    """``before`` ends in a term marker ("the so-called", "known as")."""
    return _TERM_END.match(before[::-1]) is not None


def _after_work_word(before: str) -> bool:
    """``before`` ends in a work word ("the book", "his report,")."""
    return _WORK_END.match(before[::-1]) is not None


_ACRONYM_WORD = re.compile(r"[A-Z0-9\-]{2,}[.,!?]?")
_SENTENCE_END_MARK = re.compile(r"[.!?]\W*$")
_WHAT_CALLS = re.compile(
    r"\bwhat\s+(?:[\w’'\-]+\s+){0,3}(?:call|calls|called|dubs|dubbed|terms|termed)\s+(?:\w+\s+){0,2}$"
)
_NEXT_WORD = re.compile(r"\s*([a-z][\w’'\-]*)")
_THE_BEFORE = re.compile(r"\bthe\s*$")
_ENDS_SENTENCE = re.compile(r"[.!?]$")
_INTRODUCES_SPEECH = re.compile(
    r"\b(?:was|is|were|are)\s+(?:blunt|direct|candid|emphatic|unequivocal|more\s+\w+|less\s+\w+|skeptical|"
    r"sceptical|scathing|dismissive|optimistic|pessimistic|cautious|clear|adamant|succinct|terse)\b|"
    r"\b(?:put it|puts it|this way|went further|did not mince words|summed up|laughed|shrugged|smiled|"
    r"sighed|paused|added|explained|recalled|recounted|replied|responded|answered|offered|continued)\b"
)
_SAID_SENTENCE = re.compile(rf"^\s*(?P<s>{_SPEAKER})\s+(?:{ADVERBS}\s+)?(?P<v>said|says|added|wrote|explained)\.\s*$")


def _is_phrase(text: str) -> bool:
    """A short quoted phrase (term, scare quote, title) rather than a quoted statement."""
    words = text.split(None, 4)  # the first words: whether there are more than four is all that matters
    if not words:
        return True
    if len(words) == 1 and _ACRONYM_WORD.fullmatch(words[0]):
        return True  # an acronym: "CVID"
    if len(words) > 4:
        return False
    return not (words[0][:1].isupper() and _SENTENCE_END_MARK.search(text.strip()))


# Auxiliaries and "to", after which a quoted phrase is a predicate (spelt backwards: see ``_backwards``).
_AUXILIARIES = ("would", "will", "could", "should", "might", "may", "must", "can", "to", "had", "has", "have")
_AUXILIARY_END = re.compile(rf"\s+{_backwards(_AUXILIARIES)}\b")


def _phrase_is_quoted_speech(art: _Article, span: _Span, att: _Attribution) -> bool:
    """Whether a short phrase is the speaker's words, not a term or a scare quote in the writer's sentence."""
    before = art.text[max(0, span.start - 60) : span.start - 1]
    after = art.text[span.end + 1 : span.end + 30]
    if _after_term_marker(before) or _after_work_word(before):
        return False
    if _WHAT_CALLS.search(before):
        return False  # "what it calls its 'hostile policy'"
    nxt = _NEXT_WORD.match(after)
    closed = art.text[span.start : span.end].rstrip()[-1:] in ",.?!"
    if (
        nxt
        and not closed
        and nxt.group(1) not in CLAUSE_FOLLOWERS
        and not nxt.group(1).endswith(("ed", "ing"))
        and not _AUXILIARY_END.match(before[::-1])  # after "would", a predicate: would “poison the atmosphere” ahead
    ):
        return False  # a modifier inside a noun phrase: a “super-large” launcher
    if _THE_BEFORE.search(before) and nxt and nxt.group(1) in ("of", "in", "at", "that", "which"):
        return False  # a named thing: the “fire and fury” of 2017
    if att.rule.startswith(("after_", "dash", "transcript")):
        return True
    return 0 <= att.verb_end <= span.start


_MINOR_WORDS = frozenset("a an and the of for in on at to by or nor but with from as vs".split())


def _is_work_title(art: _Article, span: _Span) -> bool:
    """A title of a book, report or film: after a work word, or written in Title Case with a colon."""
    inner = art.text[span.start : span.end].strip(" ,.")
    if not inner or inner.isspace():
        return True
    if _after_work_word(art.text[max(0, span.start - 40) : span.start - 1]):
        words = inner.split()
        caps = sum(1 for w in words if w[0].isupper())
        if caps and caps >= max(1, len(words) // 2):
            return True
    # Title Case: every major word capitalised (or not a word). Most quotes fail within their first words,
    # so those are looked at before the whole quote is split.
    first = inner.split(None, 5)
    words = first if len(first) <= 5 else first[:5]
    major = 0
    for w in words:
        if w.lower() not in _MINOR_WORDS:
            if not (w[:1].isupper() or not w[:1].isalpha()):
                return False
            major += 1
    if len(first) > 5:
        major = 0
        for w in inner.split():
            if w.lower() not in _MINOR_WORDS:
                if not (w[:1].isupper() or not w[:1].isalpha()):
                    return False
                major += 1
    return major >= 3 and not _ENDS_SENTENCE.search(inner) and (":" in inner or major >= 4)


def _introduces_speech(sentence: str) -> bool:
    return bool(_INTRODUCES_SPEECH.search(sentence))


def _sentence_subject(art: _Article, reg: _Registry, s: int, focus: _Focus) -> _Resolved | None:
    """The entity a sentence is about: its subject person, or a subject nominal/organisation."""
    s0, s1 = art.sentences[s]
    mentions = art.by_sentence.get(s, ())
    # "She said the discipline that made Ms. Sorensen effective ...": a sentence opening with he or she is
    # about whoever that is, not about a person named later in it (but "He Yanling said" names her).
    opens_with_pronoun = art.masked.startswith(("He ", "She "), s0) and not (mentions and mentions[0].start == s0)
    if not opens_with_pronoun:
        for m in mentions:
            if m.subject:
                return _Resolved(m.person.name, m.person.title, m.person.affiliation, "person", "subject", m.person)
    lead = _LEAD_RE.match(art.text, s0, s1)
    if lead:
        sp = _Speaker(lead.group("s"), lead.start("s"), lead.end("s"), _speaker_kind(lead.group("s")))
        if sp.kind == "name" and not _plausible_name(sp.text):
            return None
        r = _resolve(art, reg, sp, focus)
        return r if r.name else None
    return None


def segment(text: str) -> Segmented:
    """Paragraphs, quotation spans and quote-aware sentences of ``text`` (what ``extract_quotes`` starts from)."""
    paragraphs = _paragraphs(text)
    spans = find_spans(text, paragraphs)
    masked = _mask(text, spans)
    sentences, sentence_para = _sentences(masked, paragraphs)
    return Segmented(text, paragraphs, spans, masked, sentences, sentence_para)


def quotes_and_mentions(text: str, gazetteer: Gazetteer) -> tuple[list[Quote], list[Mention]]:
    """Attributed quotations and gazetteer mentions of ``text``, the text split into sentences once for both:
    a mention's sentence is the quote-aware one (``Segmented.context_sentences``)."""
    segmented = segment(text)
    mentions = gazetteer.find(text, segmented.sentence_index())
    return extract_quotes(segmented), mentions


def extract_quotes(source: str | Segmented, lexicon_path: str | None = None) -> list[Quote]:
    """Attributed quotations in a text (offsets index the text), in order of appearance.

    ``source`` is the text, or the text already split (``segment``), whose spans are then this call's to annotate.
    """
    seg = source if isinstance(source, Segmented) else segment(source)
    if not seg.sentences or not seg.spans:
        return []
    starts = [s0 for s0, _ in seg.sentences]
    for piece in seg.spans:
        piece.sentence = _sentence_of(starts, piece.start - 1)
    art = _Article(seg.text, seg.paragraphs, seg.spans, seg.masked, seg.sentences, seg.sentence_para, starts)
    text, spans = art.text, art.spans
    reg = _build_registry(art)
    _find_turns(art)
    focus = _Focus(partial(_update_focus, art, reg))

    found: dict[int, tuple[_Resolved, str, float, str]] = {}
    last_speaker_in_sentence = art.said
    last_speaker_in_para: dict[int, tuple[_Resolved, str]] = {}
    chain_speaker: dict[int, tuple[_Resolved, str]] = {}
    by_sentence = art.quotes_in
    for qi, span in enumerate(spans):
        by_sentence.setdefault(span.sentence, []).append(qi)

    for s in range(max(by_sentence) + 1):  # sentences after the last quote cannot matter
        quotes_here = by_sentence.get(s, ())
        for qi in quotes_here:
            span = spans[qi]
            inner = text[span.start : span.end]
            result: tuple[_Resolved, str, float, str] | None = None
            if _is_work_title(art, span):
                continue
            att = _attribute_in_sentence(art, qi)
            phrase = _is_phrase(inner)
            if att is not None and (not phrase or _phrase_is_quoted_speech(art, span, att)):
                resolved = _resolve(art, reg, att.speaker, focus)
                if att.cue.lower() in _READING_VERBS:
                    # "Ferrante read [from a letter by Denise Kowalczyk]": the words are the letter's writer's.
                    resolved = _document_author(art, reg, span, focus) or resolved
                if resolved.name:
                    r = resolved  # a copy with the surface form (``dataclasses.replace`` is slow)
                    resolved = _Resolved(
                        r.name, r.title, r.affiliation, r.kind, r.method, r.person, att.speaker.text or None
                    )
                    result = (resolved, att.cue, att.confidence, att.rule)
            if result is None and not phrase and (att is None or att.speaker.kind != "pronoun"):
                result = _from_context(
                    art, reg, qi, focus, last_speaker_in_sentence, last_speaker_in_para, chain_speaker
                )
            if result is None:
                continue
            resolved, cue, conf, rule = result
            found[qi] = result
            last_speaker_in_sentence[s] = (resolved, cue)
            last_speaker_in_para[span.para] = (resolved, cue)
            if span.chain >= 0:
                chain_speaker.setdefault(span.chain, (resolved, cue))
        focus.defer(s, [found[qi] for qi in quotes_here if qi in found] if quotes_here else [])

    for qi, span in enumerate(spans):  # chains whose cue came only in a later piece
        if qi not in found and span.chain in chain_speaker:
            r, c = chain_speaker[span.chain]
            found[qi] = (r, c, 0.8, "chain")

    quotes: list[Quote] = []
    for qi in sorted(found):
        span = spans[qi]
        resolved, cue, conf, rule = found[qi]
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
                cue=cue or None,
                confidence=round(conf, 2),
                method=f"{rule}+{resolved.method}",
                speaker_kind=resolved.kind,
                speaker_text=resolved.surface,
            )
        )
    return quotes


# What a dash after a quote may open that explains the quote rather than naming who said it.
_DASH_GLOSS = re.compile(
    r"(?:[Aa]n?|[Tt]he)\s+(?:(?:apparent|veiled|thinly\s+veiled|oblique|clear|pointed)\s+)?"
    r"(?:reference|allusion|nod|euphemism|shorthand|phrase|term|echo|callback|jab|dig|swipe)\b"
)
_PRONOUN_CUE_BODY = rf"(?:he|she|He|She)\s+(?:{ADVERBS}\s+)?(?:{_VERB})\s*(?:,|$)"
# "(?:^|,\s*)" + body, as two patterns: one tried at the sentence start, one that opens with a literal
# comma, which ``re`` finds by a fast scan instead of trying the pattern at every position.
_PRONOUN_CUE_START = re.compile(_PRONOUN_CUE_BODY)
_PRONOUN_CUE_COMMA = re.compile(rf",\s*{_PRONOUN_CUE_BODY}")


_READING_VERBS = frozenset({"read", "reads", "recited", "quoted", "quoting", "reading"})
# A document and its writer: "a letter sent to his office by Denise Kowalczyk", "an email from her son".
_DOCUMENT_BY = re.compile(
    rf"\b{trie_regex(DOCUMENT_HEADS)}\b[^.;“”\"]{{0,80}}?\b(?:by|from)\s+(?:the\s+)?(?P<s>{_NAME_SEQ})"
)


def _document_author(art: _Article, reg: _Registry, span: _Span, focus: _Focus) -> _Resolved | None:
    """Who wrote the document read out before ``span``, named in this paragraph or the one before."""
    lo = art.paragraphs[max(0, span.para - 1)][0]
    found = _last_match(_DOCUMENT_BY, art.masked, lo, span.start)
    if found is None:
        return None
    r = _resolve(art, reg, _speaker_from(found, 0), focus)
    if not r.name:
        return None
    return _Resolved(r.name, r.title, r.affiliation, r.kind, "document_author", r.person)


# A sentence that opens with someone reporting speech: "She said ...", "Whitlow told reporters ...".
_ACCORDING_LEAD = re.compile(rf"\s*[Aa]ccording\s+to\s+(?P<s>{_SPEAKER_UNTITLED}),")
_REPORTING_LEAD = re.compile(rf"\s*(?P<s>{_SPEAKER_UNTITLED})\s+(?:{ADVERBS}\s+){{0,2}}(?:{_VERB})")


def _update_focus(
    art: _Article, reg: _Registry, s: int, speakers: list[tuple[_Resolved, str, float, str]], focus: _Focus
) -> None:
    """After a sentence: its quoted person speaker, else its subject, becomes the focus for that gender."""
    bodies = [r for r, _, _, _ in speakers if r.kind in ("organization", "nominal")]
    if bodies:
        focus.body = bodies[-1]
    people = [r.person for r, _, _, _ in speakers if r.person is not None and r.kind == "person"]
    s0, s1 = art.sentences[s]
    if people:
        # "She said Sobolev told her 'Q'": the one reporting stays in focus, not the one reported.
        first_quote = art.spans[art.quotes_in[s][0]].start
        outer = (
            _REPORTING_LEAD.match(art.masked, s0, first_quote) or _ACCORDING_LEAD.match(art.masked, s0, first_quote)
            if first_quote - s0 > 8
            else None
        )
        reporter = None
        if outer is not None:
            sp = _speaker_from(outer, 0)
            if sp.kind in ("name", "pronoun"):
                reporter = _resolve(art, reg, sp, focus).person  # read before this sentence's updates
        focus.set(people[-1])
        if reporter is not None and reporter is not people[-1]:
            focus.set(reporter)
        return
    # "Mr. Kim, he said, had spent years ...": the sayer stays in focus, not the names in what was said.
    if _PRONOUN_CUE_START.match(art.masked, s0, s1) or _PRONOUN_CUE_COMMA.search(art.masked, s0, s1):
        return
    subject = _sentence_subject(art, reg, s, focus)
    if subject is not None and subject.person is not None:
        focus.set(subject.person)
    elif subject is not None and subject.kind in ("organization", "nominal"):
        focus.body = subject


def _from_context(
    art: _Article,
    reg: _Registry,
    qi: int,
    focus: _Focus,
    by_sentence: dict[int, tuple[_Resolved, str]],
    by_para: dict[int, tuple[_Resolved, str]],
    chains: dict[int, tuple[_Resolved, str]],
) -> tuple[_Resolved, str, float, str] | None:
    span = art.spans[qi]
    if span.chain >= 0 and span.chain in chains:
        r, c = chains[span.chain]
        return r, c, 0.85, "chain"
    s = span.sentence
    prev_same_para = s - 1 >= 0 and art.sentence_para[s - 1] == span.para
    if prev_same_para and s - 1 in by_sentence:
        r, c = by_sentence[s - 1]
        return r, c, 0.8, "previous_quote_sentence"
    if s + 1 < len(art.sentences) and art.sentence_para[s + 1] == span.para:
        n0, n1 = art.sentences[s + 1]
        nxt = art.text[n0:n1]
        m = _PUT_IT.search(nxt) or _SAID_SENTENCE.match(nxt)
        if m:
            r = _resolve(art, reg, _speaker_from(m, n0), focus)
            if r.name:
                return r, m.group("v"), 0.75, "next_sentence"
    first_in_para = not art.text[art.paragraphs[span.para][0] : span.start - 1].strip()
    if s - 1 >= 0 and (prev_same_para or first_in_para):
        p0, p1 = art.sentences[s - 1]
        prev_text = art.text[p0:p1]
        if not any(x.sentence == s - 1 for x in art.spans) and (
            prev_text.rstrip().endswith(":") or _introduces_speech(prev_text)
        ):
            subject = _sentence_subject(art, reg, s - 1, focus)
            if subject is not None and subject.name:
                return subject, "", 0.75, "previous_sentence_subject"
    if art.turns.get(span.para) == "A" and art.interviewee is not None:
        who = art.interviewee
        return _Resolved(who.name, who.title, who.affiliation, "person", "interview", who), "", 0.8, "answer"
    if art.turns.get(span.para) == "Q":
        return None  # a question quotes something; without a cue we do not know whose words they are
    if first_in_para and span.para - 1 in by_para:
        r, c = by_para[span.para - 1]
        return r, c, 0.8, "follow_on_paragraph"
    if first_in_para or prev_same_para:
        # A cue-less quotation is read as the words of the person the text is about.
        about = focus.get(None)
        if about is not None:
            return _Resolved(about.name, about.title, about.affiliation, "person", "focus", about), "", 0.6, "focus"
    return None
