// Dates as people write them, recognised by a hand-written scanner: the text is cut into tokens (digit
// runs, words folded to lowercase ASCII, punctuation) and small matchers look for date shapes at each token.
// No regex and no allocation per word: this runs on every indexed document.
#include "date.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <utility>
#include <vector>

namespace fns {
namespace {

constexpr int kMinParsedYear = 1900;
constexpr int kMaxParsedYear = 2100;
constexpr int kMinProseYear = 1995;  // the web news era: earlier dates in prose are about history

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
long days_from_civil(int year, int month, int day) {
    year -= month <= 2;
    const long era = (year >= 0 ? year : year - 399) / 400;
    const long year_of_era = year - era * 400;
    const long day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

bool is_parsable_date(int year, int month, int day) {
    return year >= kMinParsedYear && year <= kMaxParsedYear && is_valid_date(year, month, day);
}

void append_padded(std::string& out, int value, int width) {
    char digits[16];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(static_cast<size_t>(std::max<long>(0, width - (end - digits))), '0');
    out.append(digits, end);
}

// ---- Words worth knowing: month and weekday names, ordinal suffixes, connectors, publication cues ----

enum class WordKind : uint8_t {
    other,
    month,            // value 1..12
    weekday,          // value 0 = Monday .. 6 = Sunday
    day_suffix,       // "1er", "1st", "19th", "1º"
    of,               // "19 de abril de 2024", "the 19th of April"
    range_to,         // "du 3 au 5 mars", "3 and 4 May"
    weekday_filler,   // "Freitag, den 19.", "sexta-feira, 19"
    publication_cue,  // "Publié", "Published", "Veröffentlicht"
    update_cue,       // "Updated", "Modifié", "MàJ"
    until,            // "jusqu'au 30 avril", "verfügbar bis", "available until": an end date follows
    mis,              // the first word of "mis en ligne" (published) and "mis à jour" (updated)
    en,
    ligne,
    a,
    jour,
};

// Month flags: English names may come before the day ("April 19"); weak abbreviations are common words in
// other languages ("out", "set", "ago") and count only in the full "19 set 2024" form. The Polish nominative
// "maj" is left out: it folds like the French "MàJ" (updated).
constexpr uint8_t kEnglishMonth = 1;
constexpr uint8_t kConjunction = 1;  // the value of "et", "and" among the range words
constexpr uint8_t kWeakMonth = 2;

struct Keyword {
    std::string_view name;  // folded: lowercase ASCII, accents removed ("fevrier", "marz")
    WordKind kind;
    uint8_t value = 0;
    uint8_t flags = 0;
};

constexpr Keyword month(std::string_view name, int number, uint8_t flags = 0) {
    return {name, WordKind::month, static_cast<uint8_t>(number), flags};
}
constexpr Keyword weekday(std::string_view name, int number) {
    return {name, WordKind::weekday, static_cast<uint8_t>(number), 0};
}

constexpr uint8_t E = kEnglishMonth;
constexpr uint8_t W = kWeakMonth;
constexpr std::array kKeywords{
    // French, English, German, Spanish, Italian, Portuguese, Dutch, Polish (genitive and nominative).
    month("janvier", 1), month("janv", 1), month("january", 1, E), month("jan", 1, E), month("januar", 1),
    month("janner", 1), month("jaenner", 1), month("enero", 1), month("ene", 1), month("gennaio", 1),
    month("gen", 1, W), month("janeiro", 1), month("januari", 1), month("stycznia", 1), month("styczen", 1),
    month("fevrier", 2), month("fevr", 2), month("fev", 2), month("february", 2, E), month("feb", 2, E),
    month("februar", 2), month("febrero", 2), month("febbraio", 2), month("fevereiro", 2), month("februari", 2),
    month("lutego", 2), month("luty", 2),
    month("mars", 3), month("march", 3, E), month("mar", 3, E), month("marz", 3), month("maerz", 3),
    month("mrz", 3), month("marzo", 3), month("marco", 3), month("maart", 3), month("mrt", 3), month("marca", 3),
    month("marzec", 3),
    month("avril", 4), month("avr", 4), month("april", 4, E), month("apr", 4, E), month("abril", 4),
    month("abr", 4), month("aprile", 4), month("kwietnia", 4), month("kwiecien", 4),
    month("mai", 5), month("may", 5, E), month("maggio", 5), month("mag", 5), month("mayo", 5), month("maio", 5),
    month("mei", 5), month("maja", 5),
    month("juin", 6), month("june", 6, E), month("jun", 6, E), month("juni", 6), month("junio", 6),
    month("giugno", 6), month("giu", 6), month("junho", 6), month("czerwca", 6), month("czerwiec", 6),
    month("juillet", 7), month("juil", 7), month("july", 7, E), month("jul", 7, E), month("juli", 7),
    month("julio", 7), month("luglio", 7), month("lug", 7), month("julho", 7), month("lipca", 7),
    month("lipiec", 7),
    month("aout", 8), month("august", 8, E), month("aug", 8, E), month("agosto", 8), month("ago", 8, W),
    month("augustus", 8), month("sierpnia", 8), month("sierpien", 8),
    month("septembre", 9), month("september", 9, E), month("sept", 9, E), month("sep", 9, E),
    month("settembre", 9), month("set", 9, W), month("septiembre", 9), month("setiembre", 9),
    month("setembro", 9), month("wrzesnia", 9), month("wrzesien", 9),
    month("octobre", 10), month("october", 10, E), month("oct", 10, E), month("oktober", 10), month("okt", 10),
    month("octubre", 10), month("ottobre", 10), month("ott", 10), month("outubro", 10), month("out", 10, W),
    month("pazdziernika", 10), month("pazdziernik", 10),
    month("novembre", 11), month("november", 11, E), month("nov", 11, E), month("noviembre", 11),
    month("novembro", 11), month("listopada", 11), month("listopad", 11),
    month("decembre", 12), month("december", 12, E), month("dec", 12, E), month("dezember", 12),
    month("dez", 12), month("diciembre", 12), month("dic", 12), month("dicembre", 12), month("dezembro", 12),
    month("grudnia", 12), month("grudzien", 12),
    // Czech (genitive), Romanian, Turkish, Swedish.
    month("ledna", 1), month("unora", 2), month("brezna", 3), month("dubna", 4), month("kvetna", 5),
    month("cervna", 6), month("cervence", 7), month("srpna", 8), month("zari", 9), month("rijna", 10),
    month("listopadu", 11), month("prosince", 12),
    month("ianuarie", 1), month("februarie", 2), month("martie", 3), month("aprilie", 4), month("iunie", 6),
    month("iulie", 7), month("septembrie", 9), month("octombrie", 10), month("noiembrie", 11),
    month("decembrie", 12),
    month("ocak", 1), month("subat", 2), month("mart", 3), month("nisan", 4), month("mayis", 5),
    month("haziran", 6), month("temmuz", 7), month("agustos", 8), month("eylul", 9), month("ekim", 10),
    month("kasim", 11), month("aralik", 12), month("augusti", 8),
    // Russian and Ukrainian (genitive, and Russian abbreviations), folded to upper-case letters (see
    // kCyrillicFolds) so that they never meet a Latin word.
    month("ANVARA", 1), month("FEVRALA", 2), month("MARTA", 3), month("APRELA", 4), month("MAA", 5),
    month("IUNA", 6), month("IULA", 7), month("AVGUSTA", 8), month("SENTABRA", 9), month("OKTABRA", 10),
    month("NOABRA", 11), month("DEKABRA", 12),
    month("ANV", 1), month("FEV", 2), month("MAR", 3), month("APR", 4), month("IUN", 6), month("IUL", 7),
    month("AVG", 8), month("SEN", 9), month("SENT", 9), month("OKT", 10), month("NOA", 11), month("DEK", 12),
    month("SIQNA", 1), month("LUTOGO", 2), month("BEREZNA", 3), month("KVITNA", 4), month("TRAVNA", 5),
    month("QERVNA", 6), month("LIPNA", 7), month("SERPNA", 8), month("VERESNA", 9), month("XOVTNA", 10),
    month("LISTOPADA", 11), month("GRUDNA", 12),

    weekday("lundi", 0), weekday("monday", 0), weekday("mon", 0), weekday("montag", 0), weekday("lunes", 0),
    weekday("lunedi", 0), weekday("segunda", 0), weekday("maandag", 0), weekday("poniedzialek", 0),
    weekday("mardi", 1), weekday("tuesday", 1), weekday("tue", 1), weekday("tues", 1), weekday("dienstag", 1),
    weekday("martes", 1), weekday("martedi", 1), weekday("terca", 1), weekday("dinsdag", 1),
    weekday("wtorek", 1),
    weekday("mercredi", 2), weekday("wednesday", 2), weekday("wed", 2), weekday("mittwoch", 2),
    weekday("miercoles", 2), weekday("mercoledi", 2), weekday("quarta", 2), weekday("woensdag", 2),
    weekday("sroda", 2),
    weekday("jeudi", 3), weekday("thursday", 3), weekday("thu", 3), weekday("thur", 3), weekday("thurs", 3),
    weekday("donnerstag", 3), weekday("jueves", 3), weekday("giovedi", 3), weekday("quinta", 3),
    weekday("donderdag", 3), weekday("czwartek", 3),
    weekday("vendredi", 4), weekday("friday", 4), weekday("fri", 4), weekday("freitag", 4),
    weekday("viernes", 4), weekday("venerdi", 4), weekday("sexta", 4), weekday("vrijdag", 4),
    weekday("piatek", 4),
    weekday("samedi", 5), weekday("saturday", 5), weekday("sat", 5), weekday("samstag", 5),
    weekday("sonnabend", 5), weekday("sabado", 5), weekday("sabato", 5), weekday("zaterdag", 5),
    weekday("sobota", 5),
    weekday("dimanche", 6), weekday("sunday", 6), weekday("sun", 6), weekday("sonntag", 6),
    weekday("domingo", 6), weekday("domenica", 6), weekday("zondag", 6), weekday("niedziela", 6),

    Keyword{"er", WordKind::day_suffix}, Keyword{"re", WordKind::day_suffix}, Keyword{"e", WordKind::day_suffix},
    Keyword{"st", WordKind::day_suffix}, Keyword{"nd", WordKind::day_suffix}, Keyword{"rd", WordKind::day_suffix},
    Keyword{"th", WordKind::day_suffix}, Keyword{"o", WordKind::day_suffix},
    Keyword{"de", WordKind::of}, Keyword{"del", WordKind::of}, Keyword{"of", WordKind::of},
    Keyword{"au", WordKind::range_to}, Keyword{"et", WordKind::range_to, kConjunction},
    Keyword{"and", WordKind::range_to, kConjunction},
    Keyword{"to", WordKind::range_to}, Keyword{"bis", WordKind::range_to}, Keyword{"al", WordKind::range_to},
    Keyword{"le", WordKind::weekday_filler}, Keyword{"den", WordKind::weekday_filler},
    Keyword{"the", WordKind::weekday_filler}, Keyword{"el", WordKind::weekday_filler},
    Keyword{"feira", WordKind::weekday_filler},

    Keyword{"publie", WordKind::publication_cue}, Keyword{"publiee", WordKind::publication_cue},
    Keyword{"publication", WordKind::publication_cue}, Keyword{"published", WordKind::publication_cue},
    Keyword{"posted", WordKind::publication_cue}, Keyword{"veroffentlicht", WordKind::publication_cue},
    Keyword{"veroeffentlicht", WordKind::publication_cue}, Keyword{"publiziert", WordKind::publication_cue},
    Keyword{"publicado", WordKind::publication_cue}, Keyword{"publicada", WordKind::publication_cue},
    Keyword{"pubblicato", WordKind::publication_cue}, Keyword{"pubblicata", WordKind::publication_cue},
    Keyword{"gepubliceerd", WordKind::publication_cue}, Keyword{"opublikowano", WordKind::publication_cue},
    Keyword{"updated", WordKind::update_cue}, Keyword{"update", WordKind::update_cue},
    Keyword{"modifie", WordKind::update_cue}, Keyword{"modifiee", WordKind::update_cue},
    Keyword{"modified", WordKind::update_cue}, Keyword{"actualise", WordKind::update_cue},
    Keyword{"actualisee", WordKind::update_cue}, Keyword{"aktualisiert", WordKind::update_cue},
    Keyword{"actualizado", WordKind::update_cue}, Keyword{"actualizada", WordKind::update_cue},
    Keyword{"aggiornato", WordKind::update_cue}, Keyword{"aggiornata", WordKind::update_cue},
    Keyword{"atualizado", WordKind::update_cue}, Keyword{"atualizada", WordKind::update_cue},
    Keyword{"geandert", WordKind::update_cue}, Keyword{"anderung", WordKind::update_cue},  // "Letzte Änderung"
    Keyword{"aenderung", WordKind::update_cue}, Keyword{"bijgewerkt", WordKind::update_cue}, Keyword{"zaktualizowano", WordKind::update_cue},
    Keyword{"maj", WordKind::update_cue},  // "MàJ"
    Keyword{"until", WordKind::until}, Keyword{"till", WordKind::until}, Keyword{"jusqu", WordKind::until},
    Keyword{"hasta", WordKind::until}, Keyword{"fino", WordKind::until},
    Keyword{"mis", WordKind::mis}, Keyword{"mise", WordKind::mis}, Keyword{"en", WordKind::en},
    Keyword{"ligne", WordKind::ligne}, Keyword{"a", WordKind::a}, Keyword{"jour", WordKind::jour},
};

constexpr size_t kLongestKeyword = 15;  // "veroeffentlicht": longer words are not looked up

constexpr bool names_are_unique() {
    for (size_t i = 0; i < kKeywords.size(); ++i)
        for (size_t j = i + 1; j < kKeywords.size(); ++j)
            if (kKeywords[i].name == kKeywords[j].name) return false;
    return true;
}
static_assert(names_are_unique(), "a folded word must have one meaning");
static_assert(std::all_of(kKeywords.begin(), kKeywords.end(),
                          [](const Keyword& keyword) { return keyword.name.size() <= kLongestKeyword; }));

// FNV-1a, computed while a word is folded.
constexpr uint32_t kHashSeed = 2166136261u;
constexpr uint32_t hash_step(uint32_t hash, char c) { return (hash ^ static_cast<unsigned char>(c)) * 16777619u; }
constexpr uint32_t hash_word(std::string_view word) {
    uint32_t hash = kHashSeed;
    for (const char c : word) hash = hash_step(hash, c);
    return hash;
}

// Open-addressing table of keyword indexes, mostly empty so that a word that is no keyword (nearly all of
// them) costs one probe.
constexpr size_t kKeywordSlots = 1024;
static_assert(kKeywordSlots >= 3 * kKeywords.size() && (kKeywordSlots & (kKeywordSlots - 1)) == 0);
constexpr auto kKeywordTable = [] {
    std::array<int16_t, kKeywordSlots> slots{};
    slots.fill(-1);
    for (size_t i = 0; i < kKeywords.size(); ++i) {
        size_t slot = hash_word(kKeywords[i].name) & (kKeywordSlots - 1);
        while (slots[slot] >= 0) slot = (slot + 1) & (kKeywordSlots - 1);
        slots[slot] = static_cast<int16_t>(i);
    }
    return slots;
}();

const Keyword* find_keyword(std::string_view folded, uint32_t hash) {
    for (size_t slot = hash & (kKeywordSlots - 1); kKeywordTable[slot] >= 0; slot = (slot + 1) & (kKeywordSlots - 1)) {
        const Keyword& keyword = kKeywords[static_cast<size_t>(kKeywordTable[slot])];
        if (keyword.name == folded) return &keyword;
    }
    return nullptr;
}

// ---- Characters ----

enum class CharClass : uint8_t { space, dash, letter, punct };

struct CharInfo {
    CharClass cls;
    char folded = 0;  // for letters: lowercase ASCII (Cyrillic: upper-case ASCII), '?' when unknown
};

// Latin-1 letters U+00C0..U+00FF and Latin Extended-A U+0100..U+017F without their accents;
// '*' marks × and ÷.
constexpr std::string_view kLatin1Folds = "aaaaaaaceeeeiiiidnooooo*ouuuuytsaaaaaaaceeeeiiiidnooooo*ouuuuyty";
constexpr std::string_view kLatinExtendedAFolds =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssss"
    "ttttttuuuuuuuuuuuuwwyyyzzzzzzs";
static_assert(kLatin1Folds.size() == 64 && kLatinExtendedAFolds.size() == 128);
// Cyrillic а..я (and А..Я) as upper-case ASCII, one letter each: only month names are looked up.
constexpr std::string_view kCyrillicFolds = "ABVGDEXZIJKLMNOPRSTUFHCQWWYYYEUA";
static_assert(kCyrillicFolds.size() == 32);

CharInfo classify(char32_t cp) {
    if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
        cp == 0x3000 || cp == 0xFEFF)
        return {CharClass::space};
    if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) return {CharClass::dash};
    if (cp == 0xAA) return {CharClass::letter, 'a'};
    if (cp == 0xBA || cp == 0xB0) return {CharClass::letter, 'o'};  // "1º", "1°"
    if (cp == 0x1D49) return {CharClass::letter, 'e'};               // "1ᵉʳ"
    if (cp == 0x2B3) return {CharClass::letter, 'r'};
    if (cp >= 0xC0 && cp <= 0xFF) {
        const char folded = kLatin1Folds[cp - 0xC0];
        return folded == '*' ? CharInfo{CharClass::punct} : CharInfo{CharClass::letter, folded};
    }
    if (cp >= 0x100 && cp <= 0x17F) return {CharClass::letter, kLatinExtendedAFolds[cp - 0x100]};
    if (cp >= 0x410 && cp <= 0x44F) return {CharClass::letter, kCyrillicFolds[(cp - 0x410) % 32]};
    if (cp == 0x451 || cp == 0x454) return {CharClass::letter, 'E'};  // ё, Ukrainian є
    if (cp == 0x456 || cp == 0x457) return {CharClass::letter, 'I'};  // Ukrainian і, ї
    if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp >= 0x1F000 && cp <= 0x1FFFF))
        return {CharClass::punct};  // punctuation, symbols, emoji, malformed bytes (U+FFFD)
    return {CharClass::letter, '?'};  // other scripts: letters that match no keyword
}

// The code point at text[pos] and its length in bytes; malformed bytes read as U+FFFD, one at a time.
char32_t decode_utf8(std::string_view text, size_t pos, size_t& length) {
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    size_t count = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
    if (count == 0 || lead > 0xF4 || pos + count > text.size()) {
        length = 1;
        return 0xFFFD;
    }
    char32_t cp = lead & (0x7F >> count);
    for (size_t i = 1; i < count; ++i) {
        if ((byte(pos + i) & 0xC0) != 0x80) {
            length = 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (byte(pos + i) & 0x3F);
    }
    length = count;
    return cp;
}

CharInfo non_ascii_char_at(std::string_view text, size_t pos, size_t& length) {
    const CharInfo info = classify(decode_utf8(text, pos, length));
    return info.cls == CharClass::dash ? CharInfo{CharClass::punct, '-'} : info;
}

// The class of the character at text[pos] and its length; dashes read as '-' punctuation.
inline CharInfo char_at(std::string_view text, size_t pos, size_t& length) {
    const unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c >= 0x80) return non_ascii_char_at(text, pos, length);
    length = 1;
    if (c >= 'a' && c <= 'z') return {CharClass::letter, static_cast<char>(c)};
    if (c >= 'A' && c <= 'Z') return {CharClass::letter, static_cast<char>(c - 'A' + 'a')};
    if (c == ' ' || (c >= '\t' && c <= '\r')) return {CharClass::space};
    return {CharClass::punct, static_cast<char>(c)};
}

// ---- Tokens ----

enum class TokenKind : uint8_t { number, word, punct, end };

struct Token {
    TokenKind kind = TokenKind::end;
    WordKind word = WordKind::other;
    char punct = 0;
    bool space_before = true;
    uint8_t digits = 0;  // number length, capped at 255
    uint8_t flags = 0;   // month flags
    int value = 0;       // number value (first 9 digits), month or weekday number
    uint32_t begin = 0;  // byte offsets in the text
    uint32_t end = 0;
};

class Tokens {
public:
    explicit Tokens(std::string_view text);
    size_t size() const { return items_.size() - 1; }
    // Past the last token reads the end token: matchers look ahead without bounds checks.
    const Token& operator[](size_t i) const { return items_[std::min(i, items_.size() - 1)]; }

private:
    std::vector<Token> items_;
};

Tokens::Tokens(std::string_view text) {
    items_.reserve(text.size() / 4 + 1);
    bool space_before = true;
    size_t pos = 0;
    while (pos < text.size()) {
        Token token;
        token.begin = static_cast<uint32_t>(pos);
        token.space_before = space_before;
        space_before = false;
        const char c = text[pos];
        if (c >= '0' && c <= '9') {
            token.kind = TokenKind::number;
            unsigned digits = 0;
            for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++digits)
                if (digits < 9) token.value = token.value * 10 + (text[pos] - '0');
            token.digits = static_cast<uint8_t>(std::min(digits, 255u));
        } else {
            size_t length = 0;
            const CharInfo info = char_at(text, pos, length);
            if (info.cls == CharClass::space) {
                space_before = true;
                pos += length;
                continue;
            }
            if (info.cls == CharClass::punct) {
                token.kind = TokenKind::punct;
                token.punct = info.folded;
                pos += length;
            } else {
                token.kind = TokenKind::word;
                char folded[kLongestKeyword];
                size_t folded_length = 0;
                uint32_t hash = kHashSeed;
                CharInfo letter = info;
                while (letter.cls == CharClass::letter) {
                    if (folded_length < kLongestKeyword) {
                        folded[folded_length] = letter.folded;
                        hash = hash_step(hash, letter.folded);
                    }
                    ++folded_length;
                    pos += length;
                    if (pos >= text.size()) break;
                    letter = char_at(text, pos, length);
                }
                if (folded_length <= kLongestKeyword) {
                    if (const Keyword* keyword = find_keyword({folded, folded_length}, hash)) {
                        token.word = keyword->kind;
                        token.value = keyword->value;
                        token.flags = keyword->flags;
                    }
                }
            }
        }
        token.end = static_cast<uint32_t>(pos);
        items_.push_back(token);
    }
    items_.emplace_back();  // the end token
}

bool is_punct(const Token& token, char c) { return token.kind == TokenKind::punct && token.punct == c; }
bool is_word(const Token& token, WordKind kind) { return token.kind == TokenKind::word && token.word == kind; }
bool is_date_separator(const Token& token) {
    return token.kind == TokenKind::punct && (token.punct == '-' || token.punct == '/' || token.punct == '.');
}

// "/34" glued after a numeric date: the date is a piece of a longer number (phone, version, address).
bool continues_number(const Tokens& tokens, size_t k) {
    return !tokens[k].space_before && is_date_separator(tokens[k]) && !tokens[k + 1].space_before &&
           tokens[k + 1].kind == TokenKind::number;
}

// ---- Date shapes ----

struct DateMatch {
    int year = 0;  // 0 when not written
    int month = 0;
    int day = 0;   // 0 for a month and year
    int weekday = -1;
    size_t end = 0;  // index of the first token after the match
};

int expand_two_digit_year(int year) { return year < 70 ? 2000 + year : 1900 + year; }

std::optional<int> year_at(const Tokens& tokens, size_t k) {
    const Token& token = tokens[k];
    if (token.kind != TokenKind::number || token.digits != 4 || token.value < kMinParsedYear ||
        token.value > kMaxParsedYear)
        return std::nullopt;
    return token.value;
}

// A day of the month: "19", "1er", "1st", "1ᵉʳ", "19." (German); returns the index after it.
std::optional<size_t> day_at(const Tokens& tokens, size_t k, int& day) {
    const Token& token = tokens[k];
    if (token.kind != TokenKind::number || token.digits > 2 || token.value < 1 || token.value > 31)
        return std::nullopt;
    day = token.value;
    ++k;
    if (!tokens[k].space_before && (is_word(tokens[k], WordKind::day_suffix) || is_punct(tokens[k], '.'))) ++k;
    return k;
}

// The weekday named just before a date: "vendredi 19", "Fri, 19", "Freitag, den 19.", "sexta-feira, 19".
int weekday_before(const Tokens& tokens, size_t first) {
    for (size_t k = first, skipped = 0; k > 0 && skipped < 4; ++skipped) {
        const Token& token = tokens[--k];
        if (is_word(token, WordKind::weekday)) return token.value;
        if (!is_punct(token, ',') && !is_punct(token, '-') && !is_word(token, WordKind::weekday_filler)) break;
    }
    return -1;
}

// "2024-04-19", "2024/04/19", "19/04/2024", "19.04.24", "04/19/2024" (month first only when day first
// cannot be), "20240419" when compact forms are allowed. Fields may form an invalid date: callers check.
std::optional<DateMatch> match_numeric(const Tokens& tokens, size_t i, bool allow_compact) {
    const Token& first = tokens[i];
    if (first.kind != TokenKind::number) return std::nullopt;
    if (i >= 2 && !first.space_before && is_date_separator(tokens[i - 1]) && !tokens[i - 1].space_before &&
        tokens[i - 2].kind == TokenKind::number)
        return std::nullopt;
    if (allow_compact && first.digits == 8 && !continues_number(tokens, i + 1))
        return DateMatch{first.value / 10000, first.value / 100 % 100, first.value % 100, -1, i + 1};

    const Token& separator = tokens[i + 1];
    const Token& second = tokens[i + 2];
    const Token& third = tokens[i + 4];
    if (!is_date_separator(separator) || separator.space_before || second.kind != TokenKind::number ||
        second.space_before || !is_punct(tokens[i + 3], separator.punct) || tokens[i + 3].space_before ||
        third.kind != TokenKind::number || third.space_before || second.digits > 2 || continues_number(tokens, i + 5))
        return std::nullopt;
    if (first.digits == 4 && third.digits <= 2) return DateMatch{first.value, second.value, third.value, -1, i + 5};
    if (first.digits > 2 || (third.digits != 2 && third.digits != 4)) return std::nullopt;
    const int year = third.digits == 2 ? expand_two_digit_year(third.value) : third.value;
    if (!is_valid_date(year, second.value, first.value) && is_valid_date(year, first.value, second.value))
        return DateMatch{year, first.value, second.value, -1, i + 5};
    return DateMatch{year, second.value, first.value, -1, i + 5};
}

// "19 avril 2024", "1er mai", "19. März 2024", "19 de abril de 2024", "19 sept. 2024", "du 3 au 5 mars",
// "du 30 avril au 2 mai 2024" (when `follow_span`: one step, never a chain).
std::optional<DateMatch> match_day_first(const Tokens& tokens, size_t i, bool follow_span = true) {
    DateMatch match;
    auto next = day_at(tokens, i, match.day);
    if (!next) return std::nullopt;
    // A span of days takes its first day and the month written after the last.
    if (is_word(tokens[*next], WordKind::range_to) || is_punct(tokens[*next], '-')) {
        int last_day = 0;
        if (auto after_last = day_at(tokens, *next + 1, last_day)) next = after_last;
    }
    size_t k = *next;
    if (is_word(tokens[k], WordKind::of)) ++k;
    const Token& month = tokens[k];
    if (!is_word(month, WordKind::month)) return std::nullopt;
    match.month = month.value;
    match.end = k + 1;
    if (is_punct(tokens[match.end], '.') && !tokens[match.end].space_before) ++match.end;
    k = match.end;
    if (is_punct(tokens[k], ',')) ++k;
    if (is_word(tokens[k], WordKind::of)) ++k;
    if (const auto year = year_at(tokens, k)) {
        match.year = *year;
        match.end = k + 1;
    } else if (month.flags & kWeakMonth) {
        return std::nullopt;
    } else if (follow_span && (is_word(tokens[match.end], WordKind::range_to) || is_punct(tokens[match.end], '-'))) {
        // A span across months takes the year written at its end, the year before when it crosses January.
        if (const auto last = match_day_first(tokens, match.end + 1, false); last && last->year != 0) {
            match.year = last->month < match.month ? last->year - 1 : last->year;
            match.end = last->end;
        }
    }
    match.weekday = weekday_before(tokens, i);
    return match;
}

// The index after a time of day and a zone written between a day and its year ("15:28:56 CET", "08:30
// +0100", "08:30 GMT+1"), as Java's Date.toString() and some RFC 2822 writers do; `k` when none is there.
size_t after_time_and_zone(const Tokens& tokens, size_t k) {
    const auto number = [&](size_t at) { return tokens[at].kind == TokenKind::number && tokens[at].digits <= 2; };
    if (!number(k) || !is_punct(tokens[k + 1], ':') || !number(k + 2)) return k;
    size_t end = k + 3;
    if (is_punct(tokens[end], ':') && number(end + 1)) end += 2;
    if (tokens[end].kind == TokenKind::word && tokens[end].end - tokens[end].begin <= 5) ++end;
    if ((is_punct(tokens[end], '+') || is_punct(tokens[end], '-')) && tokens[end + 1].kind == TokenKind::number) {
        end += 2;
        if (is_punct(tokens[end], ':') && number(end + 1)) end += 2;
    }
    return end;
}

// English order: "April 19, 2024", "Apr 19 2024", "April 19th", "Tue Jan 28 15:28:56 CET 2020".
std::optional<DateMatch> match_month_first(const Tokens& tokens, size_t i) {
    const Token& month = tokens[i];
    // Other languages' months come first only in the full "Septiembre 22, 2020" form (US-style templates).
    if (!is_word(month, WordKind::month) || (month.flags & kWeakMonth)) return std::nullopt;
    const bool english = month.flags & kEnglishMonth;
    DateMatch match;
    match.month = month.value;
    size_t k = i + 1;
    if (is_punct(tokens[k], '.') && !tokens[k].space_before) ++k;
    const auto after_day = day_at(tokens, k, match.day);
    // "mar. 19 avril" is an abbreviated mardi before a day-first date, not March 19.
    if (!after_day || is_word(tokens[*after_day], WordKind::month)) return std::nullopt;
    match.end = *after_day;
    const bool comma = is_punct(tokens[match.end], ',');
    k = match.end + (comma ? 1 : 0);
    if (const auto year = year_at(tokens, k)) {
        match.year = *year;
        match.end = k + 1;
    } else if (const size_t after_time = after_time_and_zone(tokens, k); after_time != k) {
        if (const auto late_year = year_at(tokens, after_time)) {
            match.year = *late_year;
            match.end = after_time + 1;
        }
    }
    if (!english && (!comma || match.year == 0)) return std::nullopt;
    match.weekday = weekday_before(tokens, i);
    return match;
}

// "avril 2024", "April 2024", "abril de 2024": a month, not a date.
std::optional<DateMatch> match_month_year(const Tokens& tokens, size_t i) {
    const Token& month = tokens[i];
    if (!is_word(month, WordKind::month) || (month.flags & kWeakMonth)) return std::nullopt;
    size_t k = i + 1;
    if (is_punct(tokens[k], '.') && !tokens[k].space_before) ++k;
    if (is_word(tokens[k], WordKind::of)) ++k;
    const auto year = year_at(tokens, k);
    if (!year) return std::nullopt;
    return DateMatch{*year, month.value, 0, -1, k + 1};
}

std::optional<DateMatch> match_date(const Tokens& tokens, size_t i, bool allow_compact) {
    if (tokens[i].kind == TokenKind::number) {
        if (auto match = match_numeric(tokens, i, allow_compact)) return match;
        return match_day_first(tokens, i);
    }
    return match_month_first(tokens, i);
}

// ---- Prose ----

enum class CueKind : uint8_t { publication, update };

// "Publié", "mis en ligne", "Mis à jour", "Updated": returns the cue's kind and its last token.
std::optional<std::pair<CueKind, size_t>> cue_at(const Tokens& tokens, size_t i) {
    const Token& token = tokens[i];
    if (is_word(token, WordKind::publication_cue)) return std::pair{CueKind::publication, i};
    if (is_word(token, WordKind::update_cue)) return std::pair{CueKind::update, i};
    if (is_word(token, WordKind::mis)) {
        if (is_word(tokens[i + 1], WordKind::en) && is_word(tokens[i + 2], WordKind::ligne))
            return std::pair{CueKind::publication, i + 2};
        if (is_word(tokens[i + 1], WordKind::a) && is_word(tokens[i + 2], WordKind::jour))
            return std::pair{CueKind::update, i + 2};
    }
    return std::nullopt;
}

// Whether the date starting at token `i` ends a span or a period: after "until", "bis", "jusqu'au", "to"
// (a colon may come between), or after a dash glued to a partial date before it ("9.1.-10.2.2023").
bool is_end_date(const Tokens& tokens, size_t i) {
    if (i == 0) return false;
    size_t k = i - 1;
    if (is_punct(tokens[k], ':') && k > 0) --k;
    const Token& before = tokens[k];
    if (is_word(before, WordKind::until)) return true;
    // "jusqu'au", "jusqu'à"
    if ((is_word(before, WordKind::range_to) || is_word(before, WordKind::a)) && k >= 2 &&
        is_word(tokens[k - 2], WordKind::until))
        return true;
    // "bis", "to", "au", "al" (not the conjunctions "et", "and": "le 3 et le 5")
    if (is_word(before, WordKind::range_to) && before.value != kConjunction) return true;
    return is_punct(before, '-') && k >= 2 &&
           (is_punct(tokens[k - 1], '.') || is_punct(tokens[k - 1], '/')) && tokens[k - 2].kind == TokenKind::number;
}

// How far (in bytes) a cue reaches: "Publié le vendredi 19 avril" is right after its cue; a bare "Publié"
// whose date was lost in scraping still points at the first date of the lead paragraph.
constexpr uint32_t kAdjacentCueReach = 40;
constexpr uint32_t kPublicationCueReach = 400;
constexpr uint32_t kUpdateCueReach = 60;

// Preference among the dates found, best first.
// An end date ("valable jusqu'au 30 avril 2024", "verfügbar bis: 14.10.2020", "vom 9.1.-10.2.2023") says
// until when something lasts, not when the text was written: it comes last.
enum class Rank : uint8_t { right_after_publication_cue, after_publication_cue, full_date, yearless_date, end_date };

struct Candidate {
    DateMatch match;
    Rank rank;
    bool updated;
};

class MentionedYears {
public:
    void add(int year) {
        if (year >= kMinProseYear && year <= kMaxParsedYear) {
            mentioned_[static_cast<size_t>(year - kMinProseYear)] = true;
            latest_ = std::max(latest_, year);
        }
    }
    bool contains(int year) const {
        return year >= kMinProseYear && year <= kMaxParsedYear && mentioned_[static_cast<size_t>(year - kMinProseYear)];
    }
    int latest() const { return latest_; }  // 0 when none

private:
    std::array<bool, kMaxParsedYear - kMinProseYear + 1> mentioned_{};
    int latest_ = 0;
};

bool is_acceptable_prose_date(const Date& date, const ProseDateOptions& options) {
    return is_parsable_date(date.year, date.month, date.day) && date.year >= kMinProseYear &&
           (!options.not_after || date <= *options.not_after);
}

// Gives a year-less date the latest plausible year. With a weekday: a year where the day falls on that
// weekday, among the mentioned years and their neighbours (a story of April 2024 may name only "juillet
// 2023" and, in a teaser further down, "mars 2025"). Without: the latest mentioned year.
std::optional<Date> resolve(const DateMatch& match, const MentionedYears& years, const ProseDateOptions& options) {
    if (match.year != 0) {
        const Date date{match.year, match.month, match.day};
        return is_acceptable_prose_date(date, options) ? std::optional{date} : std::nullopt;
    }
    const int latest = years.latest();
    if (latest == 0) return std::nullopt;
    const bool has_weekday = match.weekday >= 0;
    for (int year = has_weekday ? latest + 1 : latest; year >= kMinProseYear; --year) {
        const bool candidate = years.contains(year) ||
                               (has_weekday && (years.contains(year - 1) || years.contains(year + 1)));
        if (!candidate) continue;
        const Date date{year, match.month, match.day};
        if (is_acceptable_prose_date(date, options) && (!has_weekday || date.weekday() == match.weekday))
            return date;
    }
    return std::nullopt;
}

std::string_view utf8_prefix(std::string_view text, size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut);
}

}  // namespace

std::string Date::iso() const {
    std::string out;
    out.reserve(10);
    append_padded(out, year, 4);
    out += '-';
    append_padded(out, month, 2);
    out += '-';
    append_padded(out, day, 2);
    return out;
}

std::string Date::key() const {
    std::string out;
    out.reserve(8);
    append_padded(out, year, 4);
    append_padded(out, month, 2);
    append_padded(out, day, 2);
    return out;
}

int Date::weekday() const {
    const long days = days_from_civil(year, month, day);
    return static_cast<int>(((days % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
}

long Date::days_since_epoch() const { return days_from_civil(year, month, day); }

bool is_valid_date(int year, int month, int day) {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

std::optional<Date> date_from_key(std::string_view key) {
    if (key.size() != 8 || !std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    const auto number = [&](size_t pos, size_t length) {
        int value = 0;
        for (size_t i = pos; i < pos + length; ++i) value = value * 10 + (key[i] - '0');
        return value;
    };
    const Date date{number(0, 4), number(4, 2), number(6, 2)};
    if (!is_valid_date(date.year, date.month, date.day)) return std::nullopt;
    return date;
}

std::optional<Date> parse_date(std::string_view text) {
    const Tokens tokens(text);
    for (size_t i = 0; i < tokens.size(); ++i) {
        const auto match = match_date(tokens, i, true);
        if (!match) continue;
        if (match->year != 0 && is_parsable_date(match->year, match->month, match->day))
            return Date{match->year, match->month, match->day};
        i = match->end - 1;
    }
    return std::nullopt;
}

std::optional<DateSpan> parse_date_span(std::string_view text) {
    const Tokens tokens(text);
    const auto whole_month = [](int year, int month) -> std::optional<DateSpan> {
        if (year < kMinParsedYear || year > kMaxParsedYear || month < 1 || month > 12) return std::nullopt;
        return DateSpan{{year, month, 1}, {year, month, days_in_month(year, month)}};
    };
    if (tokens.size() == 1) {
        if (const auto year = year_at(tokens, 0)) return DateSpan{{*year, 1, 1}, {*year, 12, 31}};
    }
    if (tokens.size() == 3 && is_date_separator(tokens[1]) && !tokens[1].space_before &&
        tokens[0].kind == TokenKind::number && tokens[2].kind == TokenKind::number && !tokens[2].space_before) {
        if (tokens[0].digits == 4 && tokens[2].digits <= 2) return whole_month(tokens[0].value, tokens[2].value);
        if (tokens[0].digits <= 2 && tokens[2].digits == 4) return whole_month(tokens[2].value, tokens[0].value);
        return std::nullopt;
    }
    if (const auto month = match_month_year(tokens, 0); month && month->end == tokens.size())
        return whole_month(month->year, month->month);
    if (const auto day = parse_date(text)) return DateSpan{*day, *day};
    return std::nullopt;
}

namespace {

struct ProseScan {
    MentionedYears years;
    std::vector<Candidate> candidates;
    std::vector<uint32_t> offsets;  // byte offset of each candidate in the text
};

ProseScan scan_prose(std::string_view text, const ProseDateOptions& options) {
    const Tokens tokens(utf8_prefix(text, options.max_chars));
    ProseScan scan;
    struct PendingCue {
        CueKind kind;
        uint32_t end;
    };
    std::optional<PendingCue> cue;  // the last cue not yet followed by a date

    for (size_t i = 0; i < tokens.size(); ++i) {
        const Token& token = tokens[i];
        if (const auto found = cue_at(tokens, i)) {
            cue = PendingCue{found->first, tokens[found->second].end};
            i = found->second;
            continue;
        }
        if (const auto match = match_date(tokens, i, false)) {
            Candidate candidate{*match, match->year != 0 ? Rank::full_date : Rank::yearless_date, false};
            if (is_end_date(tokens, i)) candidate.rank = Rank::end_date;
            if (cue) {
                const uint32_t gap = token.begin - cue->end;
                if (cue->kind == CueKind::update)
                    candidate.updated = gap <= kUpdateCueReach;
                else if (gap <= kAdjacentCueReach)
                    candidate.rank = Rank::right_after_publication_cue;
                else if (gap <= kPublicationCueReach)
                    candidate.rank = Rank::after_publication_cue;
                cue.reset();
            }
            scan.years.add(match->year);
            scan.candidates.push_back(candidate);
            scan.offsets.push_back(token.begin);
            i = match->end - 1;
        } else if (const auto month = match_month_year(tokens, i)) {
            scan.years.add(month->year);
            cue.reset();  // "Publié en avril 2024": the cue got its (partial) date
            i = month->end - 1;
        } else if (token.kind == TokenKind::number && token.digits == 4) {
            scan.years.add(token.value);
        }
    }
    return scan;
}

}  // namespace

std::optional<Date> find_date_in_prose(std::string_view text, const ProseDateOptions& options) {
    const ProseScan scan = scan_prose(text, options);
    std::optional<Date> best;
    Rank best_rank = Rank::end_date;
    for (const Candidate& candidate : scan.candidates) {
        if (candidate.updated || (best && candidate.rank >= best_rank)) continue;
        if (const auto date = resolve(candidate.match, scan.years, options)) {
            best = date;
            best_rank = candidate.rank;
        }
    }
    return best;
}

std::vector<ProseDate> find_dates_in_prose(std::string_view text, const ProseDateOptions& options) {
    const ProseScan scan = scan_prose(text, options);
    std::vector<ProseDate> out;
    for (size_t i = 0; i < scan.candidates.size(); ++i) {
        const Candidate& candidate = scan.candidates[i];
        const auto date = resolve(candidate.match, scan.years, options);
        if (!date) continue;
        ProseDate found;
        found.date = *date;
        found.offset = scan.offsets[i];
        found.has_year = candidate.match.year != 0;
        found.end_date = candidate.rank == Rank::end_date;
        if (candidate.updated)
            found.cue = ProseDate::Cue::updated;
        else if (candidate.rank == Rank::right_after_publication_cue || candidate.rank == Rank::after_publication_cue)
            found.cue = ProseDate::Cue::published;
        out.push_back(found);
    }
    return out;
}

std::vector<DateMention> find_date_mentions(std::string_view text) {
    // Weekday names of other languages are left out: in a French query "sun", "mon" or "Domingo" are words.
    static constexpr std::array<std::string_view, 7> kFrenchWeekdays = {"lundi", "mardi", "mercredi", "jeudi",
                                                                        "vendredi", "samedi", "dimanche"};
    const auto is_french_weekday = [&](const Token& token) {
        if (!is_word(token, WordKind::weekday)) return false;
        const std::string_view written = text.substr(token.begin, token.end - token.begin);
        const std::string_view name = kFrenchWeekdays[static_cast<size_t>(token.value)];
        return std::equal(written.begin(), written.end(), name.begin(), name.end(),
                          [](char w, char n) { return (w | 0x20) == n; });  // ASCII letters, any case
    };
    const Tokens tokens(text);
    std::vector<DateMention> mentions;
    const auto add = [&](const DateMention& mention) {
        if (std::find(mentions.begin(), mentions.end(), mention) == mentions.end()) mentions.push_back(mention);
    };
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (const auto match = match_date(tokens, i, false); match && match->day != 0) {
            const bool valid = match->year == 0 ? is_valid_date(2024, match->month, match->day)  // a leap year
                                                : is_parsable_date(match->year, match->month, match->day);
            if (valid) {
                // "vendredi 19 avril": the weekday was read as a mention of its own just before.
                if (match->weekday >= 0 && !mentions.empty() && mentions.back().weekday == match->weekday)
                    mentions.pop_back();
                add({-1, match->year, match->month, match->day});
            }
            i = match->end - 1;
            continue;
        }
        if (is_french_weekday(tokens[i])) add({tokens[i].value, 0, 0, 0});
    }
    return mentions;
}

}  // namespace fns
