"""Name knowledge for speaker resolution: first names with their usual gender, and East Asian surnames.

First names come from the US Census 1990 lists shipped inside the ``names`` package (MIT; data files in
the wheel, nothing downloaded). A name counts as one gender when that gender's frequency is at least
three times the other's ("Morgan", "Jordan" stay unknown). East Asian surnames let us recognise
"Kim Myong Gil", "Choe Son Hui" or "Park Ji-hoon" as people and know that "Mr. Kim" may refer to them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

EAST_ASIAN_SURNAMES = frozenset(
    """Kim Lee Yi Rhee Ri Park Pak Bak Choi Choe Chey Jung Jeong Chung Kang Cho Jo Yoon Yun Jang Chang Lim Im Han
    Oh Seo Suh Shin Sin Kwon Gwon Hwang Ahn An Song Yoo Yu Ryu Hong Jeon Chun Jun Ko Koh Go Moon Mun Yang Son Sohn
    Bae Baek Paik Baik Heo Hur Nam Noh Roh No Ha Kwak Sung Cha Joo Ju Woo Koo Gu Min Na Ra Jin Ji Eom Um Chae
    Won Bang Gong Hyun Ham Byun Yeom Yeo Pyo Ok Tak Maeng Seol Do Ma Gil Yeon Wi Pyon Sim Shim Uhm Che Ri
    Wang Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Tang Xi
    Song Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao
    Jin Fu Zhong Cui Tan Qian Qin Shi Jia Xia Gu Hou Shao Meng Duan Qiu Yin Wen Bai Kong Mao Lei Hao Tao Yan
    Tsai Lai Lo Hsu Chiang Chou Kuo Hsieh Tseng Yeh Tsao Chu Hsiao Liao Chien Chao Chang Wong Leung Cheung Chan
    Ho Lau Tse Fung Kwok Yip Tsang Mak
    Abe Suzuki Tanaka Sato Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki Matsumoto Inoue
    Kimura Hayashi Shimizu Yamaguchi Mori Ikeda Hashimoto Ishikawa Ogawa Okada Hirano Aoyama Sakai Kishida
    Suga Kono Motegi Hamada Iwaya Nakatani Takeshita Fujita Ishiba Koizumi Noda Ozawa Okamoto Matsuda Maeda
    Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Ngo Duong""".split()
)


def _data_dir() -> Path | None:
    try:
        import names  # the Census name lists ship inside this package
    except ImportError:  # pragma: no cover - dependency missing
        return None
    return Path(names.__file__).resolve().parent


def _read(path: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in path.read_text(encoding="ascii", errors="ignore").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0].lower()] = float(parts[1])
    return out


@lru_cache(maxsize=1)
def _first_names() -> dict[str, str | None]:
    data = _data_dir()
    if data is None:
        return {}
    male = _read(data / "dist.male.first")
    female = _read(data / "dist.female.first")
    out: dict[str, str | None] = {}
    for name in male.keys() | female.keys():
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        out[name] = "m" if m >= 3 * f else "f" if f >= 3 * m else None
    return out


def _first_name_key(token: str) -> str:
    """How a first name is looked up: lower case, its first part if hyphenated, accents dropped ("Tomás")."""
    key = token.lower().split("-")[0]
    if not key.isascii():
        key = "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))
    return key


def is_first_name(token: str) -> bool:
    return len(token) > 1 and _first_name_key(token) in _first_names()


def first_name_gender(token: str) -> str | None:
    return _first_names().get(_first_name_key(token))


def is_east_asian_surname(token: str) -> bool:
    return token in EAST_ASIAN_SURNAMES


# Two or three Mandarin syllables in pinyin (without tones), each an initial and a final: a Chinese given name.
_PINYIN_GIVEN_NAME = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|[aoeiuv])"
    r"){2,3}"
)


def is_pinyin_given_name(token: str) -> bool:
    """A Chinese given name of two or three syllables, written as one word ("Yanling", "Lifeng", "Yongqian").

    Short English words spell pinyin too ("Came", "Made"), and so do some Western first names ("Maria"):
    neither counts.
    """
    return (
        len(token) >= 5
        and token[:1].isupper()
        and token[1:].islower()
        and _PINYIN_GIVEN_NAME.fullmatch(token.lower()) is not None
        and not is_first_name(token)
    )


def surname_first(tokens: tuple[str, ...] | list[str]) -> bool:
    """East Asian order ("Kim Myong Gil", "Park Ji-hoon", "Kim Jong-un"), not "Grace Kwon"."""
    if len(tokens) < 2 or not is_east_asian_surname(tokens[0]):
        return False
    return len(tokens) >= 3 or "-" in tokens[1] or not is_first_name(tokens[1]) or is_east_asian_surname(tokens[1])


def name_gender(tokens: tuple[str, ...] | list[str]) -> str | None:
    """The usual gender of a full name's given name, when the name order makes it knowable."""
    if not tokens or surname_first(tokens):
        return None
    return first_name_gender(tokens[0])
