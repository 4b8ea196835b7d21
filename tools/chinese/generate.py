#!/usr/bin/env python3
"""Generate the compact character tables the entity resolution engine embeds.

Reads the third-party files in a source folder (default /work/shared/data/chinese, see its
SOURCE.md) and writes to data/chinese/:

  fold.txt    one line per character that folds: "<from>\t<to>"; traditional and regional
              variant forms to simplified (OpenCC TSCharacters, TWVariants, HKVariants).
  pinyin.txt  one line per toneless syllable: "<syllable>\t<characters>"; every character with a
              reading in pinyin-data, under exactly one reading (see choose_reading).

Run from the repository root:  python3 tools/chinese/generate.py [SOURCE_DIR]
The output is deterministic; CI never runs this script, the generated files are checked in.
"""
import os
import sys
import unicodedata

# Polyphonic characters whose reading as a family name differs from their first listed reading.
# Each must be one of the readings pinyin-data lists for the character; the script fails otherwise.
SURNAME_READINGS = {
    "单": "shan", "解": "xie", "曾": "zeng", "区": "ou", "仇": "qiu", "朴": "piao", "查": "zha",
    "盖": "ge", "覃": "qin", "乐": "yue", "员": "yun", "召": "shao", "种": "chong", "缪": "miao",
    "翟": "zhai", "秘": "bi", "折": "she", "长": "chang", "重": "chong", "柏": "bai", "薄": "bo",
    "藏": "zang", "句": "gou", "能": "nai", "谌": "chen", "都": "du", "纪": "ji", "宁": "ning",
    "曲": "qu", "洗": "xian", "蔚": "yu", "鲜": "xian", "繁": "po", "尉": "yu", "隗": "wei",
    "佴": "nai", "郇": "huan", "沈": "shen", "莘": "shen", "贾": "jia", "华": "hua", "万": "wan",
    "车": "che", "叶": "ye", "石": "shi", "行": "xing", "相": "xiang", "应": "ying", "强": "qiang",
    "朝": "chao", "盛": "sheng", "阚": "kan", "过": "guo", "燕": "yan", "参": "can",
}

TONE_MARKS = {}
for plain, marked in {
    "a": "āáǎà", "e": "ēéěèếề", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "v": "ǖǘǚǜü",
    "m": "ḿ", "n": "ńňǹ",
}.items():
    for ch in marked:
        TONE_MARKS[ch] = plain


def toneless(reading):
    out = []
    for ch in reading:
        out.append(TONE_MARKS.get(ch, ch))
    text = "".join(out)
    # "ê" and combining marks left by NFD-only sources
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text


def read_opencc(path):
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            key, values = line.split("\t", 1)
            pairs.append((key, values.split(" ")))
    return pairs


def build_fold(source):
    fold = {}
    for key, values in read_opencc(os.path.join(source, "opencc-TSCharacters.txt")):
        # A traditional form that may stay as it is (乾 → 干 乾) is ambiguous: never fold it.
        if len(key) == 1 and key not in values and len(values[0]) == 1:
            fold[key] = values[0]

    def resolve(ch):
        seen = set()
        while ch in fold and ch not in seen:
            seen.add(ch)
            ch = fold[ch]
        return ch

    for name in ("opencc-TWVariants.txt", "opencc-HKVariants.txt"):
        # These map a standard traditional form to the regional variant forms: read them backwards.
        for key, values in read_opencc(os.path.join(source, name)):
            if len(key) != 1:
                continue
            for variant in values:
                if len(variant) == 1 and variant != key and variant not in fold:
                    target = resolve(key)
                    if target != variant:
                        fold[variant] = target
    resolved = {k: resolve(v) for k, v in fold.items()}
    return {k: v for k, v in resolved.items() if k != v}


def build_pinyin(source):
    readings = {}
    with open(os.path.join(source, "pinyin.txt"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("U+"):
                continue
            code, rest = line.split(":", 1)
            listed = rest.split("#", 1)[0].strip().split(",")
            readings[chr(int(code[2:], 16))] = [toneless(r.strip()) for r in listed if r.strip()]
    chosen = {}
    for ch, options in readings.items():
        if not options:
            continue
        reading = options[0]
        if ch in SURNAME_READINGS:
            wanted = SURNAME_READINGS[ch]
            if wanted not in options:
                sys.exit(f"surname reading {wanted} of {ch} is not among {options}")
            reading = wanted
        if not reading.isascii() or not reading.isalpha():
            continue
        chosen[ch] = reading
    return chosen


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/chinese"
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "chinese")
    out = os.path.normpath(out)
    os.makedirs(out, exist_ok=True)

    fold = build_fold(source)
    with open(os.path.join(out, "fold.txt"), "w", encoding="utf-8", newline="\n") as f:
        for key in sorted(fold):
            f.write(f"{key}\t{fold[key]}\n")

    pinyin = build_pinyin(source)
    by_syllable = {}
    for ch in sorted(pinyin):
        by_syllable.setdefault(pinyin[ch], []).append(ch)
    with open(os.path.join(out, "pinyin.txt"), "w", encoding="utf-8", newline="\n") as f:
        for syllable in sorted(by_syllable):
            f.write(f"{syllable}\t{''.join(by_syllable[syllable])}\n")
    print(f"fold.txt: {len(fold)} characters; pinyin.txt: {len(pinyin)} characters in {len(by_syllable)} syllables")


if __name__ == "__main__":
    main()
