"""Word lists for quote attribution. Lower-case unless a list is about capitalised words."""

from __future__ import annotations

# Verbs that report speech or writing, in the forms news copy uses.
SPEECH_VERBS = frozenset(
    """said says say told tells added adds noted notes argued argues warned warns wrote writes insisted insists
    explained explains asked asks acknowledged acknowledges complained complains recalled recalls stated states
    declared declares claimed claims stressed stresses emphasized emphasizes emphasised continued continues replied
    replies responded responds answered answers observed observes cautioned cautions predicted predicts suggested
    suggests conceded concedes admitted admits announced announces remarked remarks tweeted tweets posted urged
    urges agreed agrees countered counters quipped quips joked jokes mused muses concluded concludes reiterated
    reiterates maintained maintains contended contends testified testifies charged charges lamented laments
    boasted boasts vowed vows promised promises pledged pledges threatened threatens demanded demands wondered
    wonders confirmed confirms denied denies assured assures reported reports called calls described describes
    sees saw views viewed labeled labelled dubbed branded termed whispered shouted exclaimed proclaimed assessed
    summarized summarised read reads advised advises echoed echoes objected objects protested protests retorted
    snapped scoffed groused grumbled marveled marvelled recounted recounts conceded acknowledged predicted
    warned cautioned insisted stressed alleged alleges accused accuses criticized criticised praised praises
    offered hailed hails condemned condemns dismissed dismisses rejected rejects disputed disputes estimated estimates
    speculated speculates worried worries opined opines clarified clarifies elaborated elaborates""".split()
)
# Verbs that also name things ("what they call X", "the so-called X") rather than report speech.
NAMING_VERBS = frozenset("call calls called dub dubs dubbed term terms termed label labels labeled labelled".split())
# Speech verbs that need their complement to be the quote ("S called it 'Q'", "S sees it as 'Q'").
COMPLEMENT_VERBS = frozenset(
    "called calls described describes sees saw views viewed labeled labelled dubbed branded termed".split()
)

ADVERBS = (
    r"(?:also|later|then|again|once|previously|repeatedly|reportedly|privately|publicly|recently|bluntly|flatly|"
    r"simply|quickly|quietly|angrily|sharply|separately|further|earlier|last\s+week|on\s+\w+day|had|has|have|would|"
    r"will|could|might|may|was|were|is|has\s+been|had\s+been|did|does|never|often|once\s+again|still|even|just|"
    r"herself|himself|themselves|only|not|in\s+an\s+interview|in\s+a\s+statement|told\s+reporters|wryly|softly|"
    r"firmly|carefully|candidly|frankly|drily|dryly|calmly|tersely|curtly|emphatically)"
)

HONORIFICS = (
    r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Maj|Capt|Adm|Amb|Sgt|Rev|Sir|Lord|Dame|Pres|Supt|Cmdr)\.?"
)
GENDER_BY_HONORIFIC = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "lord": "m", "dame": "f"}
# Words in a person's title or description that say their gender ("deputy spokeswoman", "his widow"); not
# royal titles, which name places and firms too ("King County", "Duke University").
GENDER_BY_TITLE_WORD = {
    **dict.fromkeys(
        """spokeswoman chairwoman congresswoman councilwoman assemblywoman businesswoman anchorwoman alderwoman
        policewoman stateswoman sportswoman mother wife widow daughter sister grandmother granddaughter aunt niece
        actress""".split(),
        "f",
    ),
    **dict.fromkeys(
        """spokesman chairman congressman councilman assemblyman businessman anchorman alderman policeman
        statesman sportsman father husband widower son brother grandfather grandson uncle nephew""".split(),
        "m",
    ),
}

# Capitalised words that are titles when they stand before a name ("Foreign Minister Kang Kyung-wha").
TITLE_WORDS_CAP = frozenset(
    """President Vice Secretary Minister Foreign Defense Defence Prime Deputy First Chairman Chairwoman Chair Senator
    Sen Rep Representative Congressman Congresswoman Ambassador General Gen Admiral Adm Governor Gov Director Chief
    Special Envoy Spokesperson Spokesman Spokeswoman Professor Prof Dr Mr Mrs Ms Miss Leader Supreme Commander Lt Col
    Colonel Major Maj Capt Captain Sergeant Sgt Speaker Majority Minority Whip Unification State National Security
    Adviser Advisor Assistant Under Undersecretary Former Acting Senior Chancellor Premier King Queen Prince Princess
    Pope Judge Justice Attorney Mayor Councilman Councilwoman Lawmaker Rev Amb Sir Lord Dame Marshal Negotiator
    Counselor Counsellor Chairperson Commissioner Inspector Superintendent Detective Officer Pres Cmdr Lieutenant
    Gov. Sen. Rep. Dr. Mr. Mrs. Ms. Gen. Adm. Amb. Lt. Col. Maj. Capt. Sgt. Rev. Prof. Pres. Cmdr.
    Secretary-General Director-General Attorney-General Governor-General Vice-President Vice-Chairman
    Vice-Premier Deputy-Director""".split()
)

# Capitalised words that never start or end a person's name.
NOT_NAME_WORDS = frozenset(
    """The A An And But Or If In On At Of For To From By With Without As This That These Those It Its He She They We
    I You His Her Their Our My Your There Here When While Where What Who Why How After Before During Since Until
    Although Though Because So Yet Still Then Now However Meanwhile Indeed Also Instead Asked According Under Over
    Only Even Just Not No Yes All Some Many Most Much Each Every Both Either Neither Another Other Such Last Next
    Earlier Later Today Tomorrow Yesterday Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December Q A Says Said Told Clearly Better
    Presumably Like Unlike Whoever Whatever Nobody Everyone Someone Anyone None Part Asked Despite Given Among Amid
    Via Per Thanks Behind Beyond Inside Outside Within Across Against Along Around Toward Towards Upon Once Twice
    Several Few Two Three Four Five Six Seven Eight Nine Ten Dear Sources Officials Analysts Experts Critics
    Supporters Democrats Republicans Americans Koreans Both Neither Pressed Reached Reminded Challenged Questioned
    Interviewed Contacted Speaking Responding Citing Noting Told Question Answer Moderator""".split()
)

# Words that make a capitalised phrase an organisation or a place rather than a person.
ORG_WORDS = frozenset(
    """Department Ministry Ministers University College Institute Institution Foundation Center Centre Council Agency
    Committee Commission Office House Senate Congress Assembly Party Army Navy Force Forces Command Corporation Corp
    Inc Company Group Bank Fund Association Society Union Organization Organisation Network News Times Post Journal
    Herald Tribune Sinmun Daily Press Service Broadcasting Radio Television TV Embassy Mission Nations Court
    Administration Government Cabinet Bureau School Academy Program Programme Project Initiative Forum Studies Review
    Report Alliance League Peninsula Korea Koreas States Kingdom Republic Korean American Chinese Japanese
    Pentagon Kremlin Politburo Secretariat Federation Board Authority Station Club Team Dispatch Ledger Affairs
    KCNA Yonhap Reuters AP AFP Bloomberg CNN BBC NPR DPRK ROK UN US USA EU NATO IAEA NIS USFK CSIS RAND Framework
    Agreement Accord Treaty Declaration Summit Talks Act Bill Plan Strategy Doctrine Policy Zone Line Ministry's
    Staff Chiefs Joint Guard Police Council's Hospital Museum Library Airport Port Railway Metro Transit Authority
    Capitol Hill Street Avenue Road Square Bridge River Mountain Island Islands Sea Ocean Bay Gulf Strait Desk
    Conference Festival Games Olympics Cup Series League Championship Award Prize Index Fed Reserve Treasury
    Services Citizenship Immigration Customs Protection Security Intelligence Defense Defence Justice Commerce
    Energy Labor Transportation Census Coast Marines Corps NSC FBI CIA DHS DOJ USCIS ICE
    Democrats Republicans Democratic Republican Communist Workers""".split()
)
PLACE_WORDS = frozenset(
    """Leone Rica Lanka Faso Verde Leste Tobago Bissau Guinea Arabia Zealand Macedonia Herzegovina Emirates
    Washington Seoul Pyongyang Tokyo Beijing Moscow Stockholm Singapore Hanoi Panmunjom Yongbyon Nyongbyon Sweden
    China Japan Russia America Korea Vietnam Europe Asia Pacific Geneva London Paris Berlin York Hawaii Guam Sinpo
    Wonsan Kaesong Busan Incheon Sohae Punggye-ri DMZ Iran Iraq Syria Israel Ukraine Kyiv Kiev Taiwan Taipei India
    Pakistan Afghanistan Kabul Brussels Germany France Britain England Canada Mexico California Texas Florida
    Virginia Maryland Ohio Oregon Michigan Georgia Arizona Nevada Illinois Chicago Boston Manhattan Brooklyn Tehran
    Jerusalem Gaza Cairo Riyadh Dubai Doha Ankara Turkey Poland Warsaw Manila Jakarta Bangkok Sydney Canberra
    Honolulu Okinawa Hokkaido Osaka Shanghai Hong Kong Macau Mongolia Ulaanbaatar Vladivostok Dandong""".split()
)

# Heads of noun phrases that can speak: people described, not named, and bodies or documents.
BODY_HEADS = frozenset(
    """ministry government administration department embassy office committee council party military army command
    regime mission delegation campaign group company firm court panel board union coalition alliance network
    movement organization organisation association institute bureau commission agency authority cabinet majority
    minority""".split()
)
DOCUMENT_HEADS = frozenset(
    """statement report memo memorandum letter commentary editorial dispatch readout transcript notice note communique
    communiqué declaration release document announcement cable briefing analysis study assessment summary newspaper
    agency broadcaster paper daily website filing complaint lawsuit indictment ruling opinion motion post tweet
    email message dissent testimony remarks speech review directive guidance rule regulation bill law treaty
    agreement resolution order draft text proposal petition recording audio video ad advertisement""".split()
)
# People described, not named ("a senior official", "the senator"); with bodies and documents, every head.
DESCRIBED_PEOPLE = frozenset(
    """official officials spokesperson spokesman spokeswoman diplomat diplomats analyst analysts expert experts source
    sources negotiator negotiators envoy aide aides adviser advisers advisor lawmaker lawmakers senator senators
    researcher researchers observer observers defector defectors resident residents person delegate delegates outlet
    media account reporter reporters correspondent editor member members staffer staffers officer officers commander
    general leadership leader leaders insider insiders strategist strategists scholar scholars professor professors
    lawyer lawyers spokespeople organizers organiser official's executive executives worker workers driver drivers
    commuter commuters rider riders owner owners farmer farmers voter voters student students teacher teachers
    parent parents activist activists witness witnesses guard host moderator panelist panelists participant
    participants colleague colleagues friend friends relative relatives neighbor neighbors veteran veterans minister
    ministers secretary ambassador president vice-president chairman chairwoman director governor mayor premier
    chancellor commissioner congressman congresswoman judge justice prosecutor prosecutors attorney candidate
    nominee chief admiral colonel captain deputy undersecretary counselor""".split()
)
NOMINAL_HEADS = BODY_HEADS | DOCUMENT_HEADS | DESCRIBED_PEOPLE

# A quoted phrase right after these words is a name for something, not a quotation.
TERM_MARKERS = (
    r"(?:so-called|the\s+term|the\s+word|the\s+phrase|the\s+label|the\s+slogan|the\s+motto|known\s+as|"
    r"referred\s+to\s+as|dubbed|nicknamed|titled|entitled|headlined|billed\s+as|branded\s+as|the\s+idea\s+of|"
    r"the\s+concept\s+of|the\s+notion\s+of|the\s+policy\s+of|a\s+policy\s+of|the\s+doctrine\s+of|the\s+era\s+of|"
    r"the\s+language\s+of|the\s+rhetoric\s+of|talk\s+of|calls\s+for|a\s+call\s+for|the\s+demand\s+for|demand\s+for)"
)
WORK_WORDS = (
    r"(?:book|books|report|film|movie|documentary|article|column|essay|paper|study|novel|song|album|memoir|"
    r"play|series|show|podcast|program|programme|op-ed|speech|lecture|poem|painting|exhibit|exhibition|newsletter)"
)
# Words that may follow a quoted phrase used inside a clause (so the phrase is not a modifier of a noun).
CLAUSE_FOLLOWERS = frozenset(
    """and or but nor that which who whom whose as to in on at for from with by of said says is was were are be been
    has had have will would could should may might must can after before because while when if than then so yet
    though although since until unless whether where why how he she they it we i you his her their its this these
    those there here not also even only just now again""".split()
)
# Words before a name that are part of a title ("State Department spokesperson", "U.S. envoy").
LOWER_TITLE_WORDS = frozenset(
    """spokesperson spokesman spokeswoman envoy negotiator minister secretary adviser advisor official diplomat
    ambassador analyst expert professor researcher fellow scholar director chief head leader chairman chairwoman
    chair president senator lawmaker representative commander general admiral colonel officer editor correspondent
    reporter columnist journalist deputy vice foreign defense security national special senior former retired top
    assistant principal acting first second nuclear policy affairs intelligence unification strategic military
    defence state party legislator congressman congresswoman lecturer counselor counsellor strategist veteran press
    presidential prime chief-of-staff aide negotiating lead longtime veteran communications""".split()
)
TITLE_HEADS = frozenset(
    """spokesperson spokesman spokeswoman envoy negotiator minister secretary adviser advisor official diplomat
    ambassador analyst expert professor researcher fellow scholar director chief head leader chairman chairwoman
    chair president senator lawmaker representative commander general admiral colonel officer editor correspondent
    reporter columnist journalist legislator congressman congresswoman lecturer counselor counsellor strategist aide
    colonel member founder author dean manager owner partner economist historian attorney lawyer consultant
    specialist coordinator governor mayor judge ceo executive chairperson commissioner inspector captain
    lieutenant sergeant major associate candidate nominee designate veteran defector activist resident student
    driver worker teacher organizer organiser moderator host anchor producer writer""".split()
)
SPEAKER_PRONOUNS = {"he": "m", "she": "f", "they": None}
