#include "html_blocks.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_set>

#include "date.h"
#include "html_dom.h"

namespace fns::html {
namespace {

// The most frequent function words of the languages a European news crawl holds: prose has many of them,
// menus, bylines and captions few.
const std::unordered_set<std::string_view>& stop_words() {
    static const std::unordered_set<std::string_view> words = {
        // English
        "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on",
        "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they",
        "you", "were", "their", "one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when",
        "will", "would", "who", "so", "no", "she", "its", "said", "about", "than", "into", "them", "what",
        // French
        "le", "la", "les", "de", "des", "du", "un", "une", "et", "est", "en", "que", "qui", "dans", "pour",
        "pas", "au", "aux", "sur", "par", "ce", "il", "elle", "ne", "se", "son", "sa", "ses", "plus", "avec",
        "à", "été", "ont", "sont", "mais", "comme", "ou", "nous", "vous", "ils", "cette", "leur", "y", "l", "d",
        "qu", "n", "s", "c", "lui", "être", "fait", "tout", "aussi",
        // German
        "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "von", "mit", "sich", "des",
        "auf", "für", "im", "dem", "es", "auch", "an", "wird", "aus", "er", "sie", "nach", "bei", "um", "noch",
        "wie", "einem", "einer", "über", "so", "zum", "zur", "war", "haben", "hat", "sind", "dass", "oder",
        "aber", "vor", "werden", "wenn", "nur", "man", "kann",
        // Spanish, Italian, Portuguese
        "el", "los", "las", "del", "y", "por", "con", "para", "una", "es", "lo", "como", "más", "su", "al",
        "il", "di", "che", "per", "non", "della", "sono", "gli", "nel", "alla", "da", "o", "e", "do", "da",
        "os", "uma", "não", "em", "no", "na", "se",
        // Dutch, Polish
        "het", "een", "van", "op", "dat", "niet", "zijn", "voor", "met", "ook", "w", "i", "z", "na", "się",
        "nie", "to", "jest", "że", "do", "jak", "od"};
    return words;
}

// Blocks starting with these are pointers to elsewhere, not article text ("À lire aussi : ...").
constexpr std::string_view kBoilerplatePrefixes[] = {
    "à lire aussi", "a lire aussi", "lire aussi", "à lire également", "lire la suite",
    "voir aussi", "read more", "read also", "see also", "related:", "related articles", "related posts",
    "related stories", "recent posts", "articles récents", "lesen sie auch", "lesen sie mehr", "mehr zum thema",
    "weiterlesen", "das könnte sie auch", "share this", "share on", "partager", "teilen", "follow us",
    "suivez-nous", "abonnez-vous", "subscribe", "sign up", "inscrivez-vous", "newsletter", "leggi anche",
    "lee también", "advertisement", "publicité", "anzeige", "click here", "cliquez ici", "tous droits réservés",
    "all rights reserved", "alle rechte vorbehalten", "copyright", "©", "this website uses cookies",
    "we use cookies", "nous utilisons des cookies", "ce site utilise des cookies", "wir verwenden cookies",
    "diese website verwendet cookies", "cookie", "you may also like", "vous aimerez aussi", "print",
    "imprimer", "more from", "plus d'articles", "tags:", "mots-clés", "schlagworte", "themen:", "posted in",
    "filed under", "previous article", "next article", "article précédent", "article suivant",
    // Pointers to more and calls to comment: "Weitere Informationen: ...", "Kommentar verfassen".
    "weitere informationen:", "mehr informationen:", "more information:", "plus d'informations", "kontakt:",
    "kontaktieren sie uns", "contact us", "contactez-nous", "kommentar verfassen", "kommentar schreiben",
    "kommentare schreiben", "kommentare zu", "kommentare (", "kommentare insgesamt", "leave a comment",
    "leave a reply", "laisser un commentaire", "das thema könnte", "das könnte dich", "related topics",
    "more stories", "weitere artikel", "ähnliche artikel", "articles similaires", "sur le même sujet",
    // Headings of the lists of the site's most read stories.
    "most read", "most viewed", "meistgelesen", "meistdiskutiert", "meistkommentiert",
    "les plus lus", "les plus lues", "más leíd", "i più letti",
    // The same pointers and calls in more languages: Spanish, Italian, Portuguese, Dutch, Polish, German.
    "síguenos", "te puede interesar", "también te puede", "suscríbete", "seguici", "potrebbe interessarti",
    "iscriviti", "leia também", "leia mais", "siga-nos", "lees ook", "lees meer", "volg ons", "czytaj też",
    "czytaj także", "zobacz też", "zobacz także", "schon gelesen", "lust auf mehr", "auch interessant",
    "das könnte sie interessieren", "folgen sie uns", "jetzt abonnieren",
    // Headings of the author's blurb after the text.
    "über den autor", "über die autorin", "zum autor", "zur autorin", "about the author", "à propos de l'auteur",
    "sobre el autor"};
// Credits of images and their captions: "Foto: Name", "Bild: Agentur", "Crédit photo : ...". A caption
// may be a sentence or two long ("Abbildung: Vergleich der ... ."), longer than other boilerplate lines.
constexpr std::string_view kCaptionPrefixes[] = {
    "foto:", "fotos:", "foto :", "bild:", "bilder:", "bildquelle", "titelbild:", "abbildung:", "quelle: foto",
    "photo:", "photos:", "photo :", "image:", "image credit", "credit:", "credits:", "crédit photo",
    "crédits photo", "photo credit", "getty images", "© getty",
    // Copyright notices with their reprint terms run as long ("© 2022, Example News. This article is ...").
    "©", "copyright"};
// Blocks that are only these words are headings of widgets and links ("Kontakt", "Drucken").
constexpr std::string_view kBoilerplateBlocks[] = {
    "kontakt", "contact", "kommentare", "comments", "commentaires", "drucken", "imprimer", "print", "teilen",
    "share", "partager", "inhaltsverzeichnis", "table of contents", "contents", "sommaire", "impressum",
    "datenschutz", "mehr zum thema", "related", "tags", "schlagwörter"};

// Labels of advertisements, alone in their block.
constexpr std::string_view kAdLabels[] = {"anzeige", "werbung", "advertisement", "publicité", "publicidad",
                                          "pubblicità", "sponsored", "gesponsert", "ad", "reklama", "publicidade",
                                          "advertentie", "annons", "mainos"};
// Questions to the reader that ask for a like, a rating or support ("Gefällt dir ...?", "Did you enjoy
// this article?"): a call of the site, not the text.
constexpr std::string_view kCallPrefixes[] = {"gefällt dir", "gefällt ihnen", "hat dir der", "hat ihnen der",
                                              "did you enjoy", "did you like", "like this article",
                                              "enjoyed this", "vous avez aimé", "cet article vous a plu",
                                              "vous aimez"};

// A caption closed by its photo credit in brackets ("Der Hafen im Überblick. (Foto: Agentur)").
bool ends_with_photo_credit(std::string_view lower) {
    constexpr size_t kMaxCreditChars = 60;
    if (!lower.ends_with(")")) return false;
    const size_t open = lower.rfind('(');
    if (open == std::string_view::npos || lower.size() - open > kMaxCreditChars) return false;
    const std::string_view inside = lower.substr(open + 1);
    for (std::string_view credit : {"foto:", "fotos:", "foto :", "photo:", "photo :", "bild:", "image:", "credit:",
                                    "quelle: foto", "crédit photo"})
        if (inside.starts_with(credit)) return true;
    return false;
}

enum class Verdict { Bad, Short, NearGood, Good };

constexpr size_t kShortChars = 40;
constexpr size_t kLongChars = 200;
constexpr size_t kMediumChars = 70;
constexpr size_t kPhraseMaxChars = 160;
constexpr size_t kCaptionMaxChars = 320;
constexpr double kMaxGoodLinkDensity = 0.35;

bool is_word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC3; }

double stop_word_density(std::string_view text) {
    const auto& stops = stop_words();
    size_t words = 0, stops_found = 0;
    std::string word;
    auto finish_word = [&] {
        if (word.empty()) return;
        ++words;
        stops_found += stops.count(word);
        word.clear();
    };
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        // Letters, including multi-byte ones other than punctuation (E2 xx xx: dashes, quotes, spaces).
        const bool letter = is_word_byte(c) || (c >= 0x80 && c < 0xC0 && !word.empty());
        if (letter && c != 0xE2) {
            word += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : char(c);
        } else {
            finish_word();
            if (c == 0xE2) i += 2;
        }
    }
    finish_word();
    return words ? double(stops_found) / double(words) : 0.0;
}

// Time units of relative timestamps ("2 months ago", "vor 3 Tagen", "il y a 2 jours"), lower-case stems.
constexpr std::string_view kTimeUnits[] = {"second", "minute", "hour", "day", "week", "month", "year",
                                           "sekunde", "stunde", "tag", "woche", "monat", "jahr",
                                           "seconde", "heure", "jour", "semaine", "mois", "an"};

// A relative timestamp as the last line of a short block: what comment threads and Q&A pages write under
// each post ("Asked\n8 years, 2 months ago", "vor 3 Tagen", "il y a 2 jours"), never article text.
bool is_relative_time(std::string_view lower) {
    constexpr size_t kMaxChars = 60;
    if (lower.size() > kMaxChars) return false;
    const std::string_view line = lower.substr(lower.rfind('\n') == std::string_view::npos ? 0 : lower.rfind('\n') + 1);
    std::string_view rest;
    if (line.ends_with(" ago")) rest = line.substr(0, line.size() - 4);
    else if (line.starts_with("vor ")) rest = line.substr(4);
    else if (line.starts_with("il y a ")) rest = line.substr(7);
    else return false;
    if (rest.find_first_of("0123456789") == std::string_view::npos && !rest.starts_with("a ") &&
        !rest.starts_with("an ") && !rest.starts_with("einem ") && !rest.starts_with("einer ") &&
        !rest.starts_with("un ") && !rest.starts_with("une "))
        return false;
    return std::any_of(std::begin(kTimeUnits), std::end(kTimeUnits),
                       [&](std::string_view unit) { return rest.find(unit) != std::string_view::npos; });
}

// Calls to download the publisher's app or the page as a file ("download the X apps for iOS and Android",
// "Dieses Skript als PDF herunterladen", "Télécharger le PDF").
bool is_download_call(std::string_view lower) {
    const bool download = lower.find("download") != std::string_view::npos ||
                          lower.find("herunterladen") != std::string_view::npos ||
                          lower.find("téléchargez") != std::string_view::npos ||
                          lower.find("télécharger") != std::string_view::npos;
    return download && (lower.find(" app") != std::string_view::npos ||
                        lower.find("l'application") != std::string_view::npos ||
                        lower.find("pdf") != std::string_view::npos);
}

// A block closed by a call to act ("Do you want to be informed of our actions? Sign up here"): the site's
// appeal to its reader, which no article text ends with.
bool ends_with_call_to_act(std::string_view lower) {
    while (!lower.empty() && (lower.back() == '.' || lower.back() == '!' || lower.back() == ' ')) lower.remove_suffix(1);
    for (std::string_view call : {"sign up here", "subscribe here", "subscribe now", "click here", "hier anmelden",
                                  "jetzt anmelden", "jetzt abonnieren", "inscrivez-vous ici", "abonnez-vous",
                                  "cliquez ici", "suscríbete"})
        if (lower.ends_with(call)) return true;
    return false;
}

// Words that mix Latin and Cyrillic letters ("Аdvеrtіѕе" with Cyrillic А, е, і, ѕ): spam written to slip
// past filters; no language writes words that way.
bool is_homoglyph_spam(std::string_view text) {
    constexpr int kMinMixedWords = 2;
    int mixed = 0;
    bool latin = false, cyrillic = false;
    for (size_t i = 0; i <= text.size(); ++i) {
        const unsigned char c = i < text.size() ? static_cast<unsigned char>(text[i]) : ' ';
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            latin = true;
        } else if ((c == 0xD0 || c == 0xD1 || c == 0xD2 || c == 0xD3) && i + 1 < text.size()) {
            cyrillic = true;
            ++i;
        } else if (c < 0x80 || c == 0xE2) {  // ASCII or punctuation: the word ends
            if (latin && cyrillic && ++mixed >= kMinMixedWords) return true;
            latin = cyrillic = false;
        }
    }
    return false;
}

// Lower case of ASCII and of the Latin-1 capitals ("À lire aussi", "Über den Autor"): UTF-8 C3 80..9E
// (but C3 97, the multiplication sign) lowers to C3 A0..BE.
std::string latin_lower(std::string_view text) {
    std::string out = ascii_lower(text);
    for (size_t i = 0; i + 1 < out.size(); ++i) {
        const auto lead = static_cast<unsigned char>(out[i]), next = static_cast<unsigned char>(out[i + 1]);
        if (lead == 0xC3 && next >= 0x80 && next <= 0x9E && next != 0x97) out[i + 1] = static_cast<char>(next + 0x20);
    }
    return out;
}

bool starts_with_boilerplate_phrase(const TextBlock& block) {
    if (block.chars > kCaptionMaxChars) return false;
    const std::string lower = latin_lower(block.text);
    for (std::string_view phrase : kCaptionPrefixes)
        if (lower.compare(0, phrase.size(), phrase) == 0) return true;
    if (block.chars > kPhraseMaxChars) return false;
    if (is_relative_time(lower) || is_download_call(lower) || ends_with_call_to_act(lower)) return true;
    for (std::string_view phrase : kBoilerplatePrefixes)
        if (lower.compare(0, phrase.size(), phrase) == 0) return true;
    std::string_view bare = lower;
    while (!bare.empty() && (bare.back() == ':' || bare.back() == ' ' || bare.back() == '-')) bare.remove_suffix(1);
    // Labels set off by dashes or stars ("- Anzeige -", "*** Advertisement ***") are the same labels.
    while (!bare.empty() && (bare.front() == '-' || bare.front() == '*' || bare.front() == ' ')) bare.remove_prefix(1);
    while (!bare.empty() && (bare.back() == '-' || bare.back() == '*' || bare.back() == ' ')) bare.remove_suffix(1);
    for (std::string_view label : kAdLabels)
        if (bare == label) return true;
    // Calls to like, rate or support the site after the text ("Gefällt dir unser Magazin?").
    for (std::string_view call : kCallPrefixes)
        if (lower.compare(0, call.size(), call) == 0 && lower.find('?') != std::string::npos) return true;
    if (ends_with_photo_credit(lower)) return true;
    for (std::string_view words : kBoilerplateBlocks)
        if (bare == words) return true;
    return lower.find("©") != std::string::npos;
}

// A paragraph of prose whose links lie inside its sentences ("Last month, <a>a judge rejected</a> the
// attempt ..."): the words around the links are the text's own, closed by a full stop, with the function
// words of prose. Menus and teaser lists are names and headlines, mostly or wholly links, without either.
bool is_linked_prose(const TextBlock& block, double link_density) {
    constexpr double kMaxLinkDensity = 0.8;
    if (block.chars < kMediumChars || link_density > kMaxLinkDensity || block.text.find('\n') != std::string::npos)
        return false;
    const char last = block.text.back();
    return (last == '.' || last == '!' || last == '?') && stop_word_density(block.text) >= 0.2;
}

Verdict initial_verdict(const TextBlock& block) {
    const double link_density = block.chars ? double(block.link_chars) / double(block.chars) : 0.0;
    if (starts_with_boilerplate_phrase(block) || is_homoglyph_spam(block.text)) return Verdict::Bad;
    // Linked prose is judged by its neighbours, as a short block is: kept inside the text, dropped among
    // boilerplate, and swaying neither.
    if (link_density > kMaxGoodLinkDensity && is_linked_prose(block, link_density)) return Verdict::Short;
    if (link_density > 0.5) return Verdict::Bad;
    if (block.chars < kShortChars) return Verdict::Short;
    if (link_density > kMaxGoodLinkDensity) return Verdict::Bad;
    if (block.chars >= kLongChars) return Verdict::Good;
    if (block.chars >= kMediumChars && stop_word_density(block.text) >= 0.2) return Verdict::Good;
    return Verdict::NearGood;
}

// The verdict of the nearest block before (step -1) or after (step +1) `i` that is not short (nor
// near-good when `skip_near_good`); the edges of the container count as good: boilerplate around the
// article has been cut off already.
Verdict neighbour(const std::vector<Verdict>& v, size_t i, int step, bool skip_near_good) {
    for (long j = long(i) + step; j >= 0 && j < long(v.size()); j += step) {
        const Verdict x = v[size_t(j)];
        if (x == Verdict::Short || (skip_near_good && x == Verdict::NearGood)) continue;
        return x;
    }
    return Verdict::Good;
}

// A short sentence of the text: several words, no link, closed by a full stop, question or exclamation
// mark ("When I woke up, there was nothing.", "Was war der zweite Grund?"). Menus, bylines, dates and
// widget headings are words or names without such an ending.
bool is_short_sentence(const TextBlock& block) {
    constexpr size_t kMinWords = 4;
    if (block.link_chars > 0 || block.text.find('\n') != std::string::npos) return false;
    std::string_view t = block.text;
    // Closing quotes and brackets after the sentence's end: '"', ')', "'", "”", "“", "»".
    for (bool trimmed = true; trimmed && !t.empty();) {
        trimmed = false;
        for (std::string_view close : {"\"", ")", "'", " ", "\u201d", "\u201c", "\u00bb"})
            if (t.ends_with(close)) {
                t.remove_suffix(close.size());
                trimmed = true;
            }
    }
    const bool closed = t.ends_with('.') || t.ends_with('?') || t.ends_with('!');
    if (!closed || t.ends_with("...")) return false;  // "Read more..." teases
    return static_cast<size_t>(std::count(t.begin(), t.end(), ' ')) + 1 >= kMinWords;
}

// Words of a text: runs between spaces and line breaks that hold a letter or digit (separators such as
// "|", ":" or "·" are no words).
size_t word_count(std::string_view text) {
    size_t words = 0;
    bool counted = false;  // the current run was counted
    for (const char c : text) {
        if (c == ' ' || c == '\n') {
            counted = false;
            continue;
        }
        const auto b = static_cast<unsigned char>(c);
        if (!counted && (std::isalnum(b) || b >= 0x80)) {
            ++words;
            counted = true;
        }
    }
    return words;
}

// A date line: a short block that is a date with at most a label, a time or a name beside it
// ("23.10.2018", "24. März 2004, 19:49 | Genesis", "Veröffentlichung: 2. Februar 2022"). It is the
// article's metadata (what a "date" or "byline" class marks on other sites), never its text.
bool is_date_line(const TextBlock& block) {
    constexpr size_t kMaxChars = 50;
    constexpr size_t kMaxWords = 6;
    if (block.chars > kMaxChars || is_short_sentence(block) || word_count(block.text) > kMaxWords) return false;
    return parse_date(block.text).has_value();
}

Verdict resolve_short(const std::vector<TextBlock>& blocks, const std::vector<Verdict>& v, size_t i) {
    const Verdict prev = neighbour(v, i, -1, true), next = neighbour(v, i, +1, true);
    if (prev == Verdict::Good && next == Verdict::Good) return Verdict::Good;
    if (prev == Verdict::Bad && next == Verdict::Bad) return Verdict::Bad;
    // At the edge of the text (good on one side, boilerplate on the other), a sentence belongs to the
    // text: its closing line before the tags, its first line after a pointer to elsewhere.
    if (is_short_sentence(blocks[i])) return Verdict::Good;
    if ((prev == Verdict::Bad && neighbour(v, i, -1, false) == Verdict::NearGood) ||
        (next == Verdict::Bad && neighbour(v, i, +1, false) == Verdict::NearGood))
        return Verdict::Good;
    return Verdict::Bad;
}

// A paragraph all in bold, short and without links, is a subheading the page wrote as
// "<p><strong>...</strong></p>": it is judged like a heading, by the text it introduces. A bold sentence
// ("Be there!", "Ich bedanke mich…") is a closing line of the text, judged as text.
bool is_bold_subheading(const TextBlock& block) {
    constexpr size_t kMaxChars = 100;
    if (block.heading || block.chars == 0 || block.chars > kMaxChars || block.bold_chars != block.chars ||
        block.link_chars != 0 || block.text.find('\n') != std::string::npos)
        return false;
    const char last = block.text.back();
    return last != '.' && last != '!' && last != '?' && !block.text.ends_with("\u2026");
}

// A heading element holding a sentence of prose ("<h2>Kurz vor der Versammlung mehren sich die Zweifel,
// dass ... .</h2>"): the lead the page set in a heading, judged as text rather than by what follows it.
bool is_prose_heading(const TextBlock& block) {
    if (block.chars < kMediumChars || block.link_chars != 0 || !block.text.ends_with('.')) return false;
    return stop_word_density(block.text) >= 0.2;
}

std::vector<Verdict> resolve(const std::vector<TextBlock>& blocks) {
    std::vector<char> heading(blocks.size());
    for (size_t i = 0; i < blocks.size(); ++i)
        heading[i] = (blocks[i].heading && !is_prose_heading(blocks[i])) || is_bold_subheading(blocks[i]);
    std::vector<Verdict> initial;
    initial.reserve(blocks.size());
    for (const auto& b : blocks) initial.push_back(initial_verdict(b));
    std::vector<Verdict> out = initial;
    for (size_t i = 0; i < blocks.size(); ++i) {
        if (heading[i]) continue;  // judged by what follows them, below
        if (initial[i] == Verdict::Short) out[i] = resolve_short(blocks, initial, i);
    }
    for (size_t i = 0; i < blocks.size(); ++i) {
        if (heading[i] || initial[i] != Verdict::NearGood) continue;
        const bool bad_around =
            neighbour(initial, i, -1, true) == Verdict::Bad && neighbour(initial, i, +1, true) == Verdict::Bad;
        out[i] = bad_around ? Verdict::Bad : Verdict::Good;
    }
    // A heading stays when the text it introduces stays ("Related posts" goes with its list).
    for (size_t i = blocks.size(); i-- > 0;) {
        if (!heading[i] || initial[i] == Verdict::Bad) continue;
        size_t j = i + 1;
        while (j < blocks.size() && heading[j]) ++j;
        out[i] = (j < blocks.size() && out[j] == Verdict::Good) ? Verdict::Good : Verdict::Bad;
    }
    return out;
}

}  // namespace

std::string article_text(std::vector<TextBlock> blocks, std::string_view title) {
    // Date lines are left out before the blocks are judged: metadata is neither text nor the boilerplate
    // around it, and must not sway the verdicts of its neighbours.
    std::erase_if(blocks, is_date_line);
    const std::vector<Verdict> verdicts = resolve(blocks);
    std::string out;
    for (size_t i = 0; i < blocks.size(); ++i) {
        if (verdicts[i] != Verdict::Good) continue;
        if (!title.empty() && same_text(blocks[i].text, title)) continue;
        if (!out.empty()) out += "\n\n";
        out += blocks[i].text;
    }
    return out;
}

}  // namespace fns::html
