// HTML extraction: title, publication date conventions, boilerplate removal. Each row is a small
// hand-written page; the article text is shared so that each row shows one convention or one widget.
#include <doctest/doctest.h>

#include <string>

#include "html_extract.h"

namespace {

using fns::extract_html;

const std::string kParagraphs =
    "<p>Le conseil municipal a voté mardi soir le budget de la nouvelle médiathèque, qui ouvrira ses portes "
    "au printemps prochain dans l'ancienne halle du marché.</p>"
    "<p>Les travaux, estimés à quatre millions d'euros, seront financés pour moitié par la région et pour "
    "le reste par un emprunt de la commune sur vingt ans.</p>"
    "<p>Le maire a salué un projet attendu depuis longtemps par les habitants et les écoles du quartier.</p>";
const char* kFirstWords = "Le conseil municipal a voté mardi soir";
const char* kLastWords = "les écoles du quartier.";

// A page with `head` in <head>, `before` and `after` around the <article>, `inside` after its paragraphs,
// `article_head` between its <h1> and its body.
std::string page(const std::string& head, const std::string& before = "", const std::string& inside = "",
                 const std::string& after = "", const std::string& article_head = "") {
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\">" + head + "</head><body>" + before +
           "<article><h1>La médiathèque verra le jour</h1>" + article_head + "<div class=\"article-body\">" +
           kParagraphs + inside + "</div></article>" + after + "</body></html>";
}

struct DateCase {
    const char* guards;
    std::string html;
    const char* url;
    const char* published;  // "" = no date
    const char* updated;    // "" = none
    const char* source;
};

}  // namespace

TEST_CASE("extract_html finds the publication date by each convention") {
    const std::string teasers =
        "<aside class=\"related\"><ul><li><a href=\"/a\">Autre sujet</a> <time datetime=\"2024-04-01\">1 avril"
        "</time></li><li><a href=\"/b\">Encore un</a> <time datetime=\"2024-03-02\">2 mars</time></li></ul></aside>";
    const DateCase cases[] = {
        {"JSON-LD NewsArticle",
         page("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
              "\"headline\":\"x\",\"datePublished\":\"2024-04-19T08:30:00+02:00\",\"dateModified\":"
              "\"2024-04-20T10:00:00+02:00\"}</script>"),
         "", "2024-04-19", "2024-04-20", "json-ld"},
        {"JSON-LD inside @graph, next to a WebSite object",
         page("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":"
              "\"WebSite\",\"name\":\"S\"},{\"@type\":[\"Article\"],\"datePublished\":\"2023-11-05\"}]}</script>"),
         "", "2023-11-05", "", "json-ld"},
        {"article:published_time, modified apart",
         page("<meta property=\"article:modified_time\" content=\"2022-02-03T10:00:00Z\">"
              "<meta property=\"article:published_time\" content=\"2022-02-01T09:00:00Z\">"),
         "", "2022-02-01", "2022-02-03", "meta"},
        {"Dublin Core", page("<meta name=\"DC.date.issued\" content=\"2019-06-20\">"), "", "2019-06-20", "", "meta"},
        {"itemprop datePublished in the article header, written day-first",
         page("", "", "", "", "<div class=\"info\"><span itemprop=\"datePublished\">20.06.2019 11:43</span></div>"),
         "", "2019-06-20", "", "itemprop"},
        {"<time> in the article wins over the teasers' <time>s before and after it",
         page("", teasers, "", teasers, "<p class=\"byline\">Par Jean <time datetime=\"2024-04-15T07:00\">15 avril"
                                        "</time></p>"),
         "", "2024-04-15", "", "time"},
        {"date in the URL", page(""), "https://example.org/actu/2021/09/14/mediatheque.html", "2021-09-14", "",
         "url"},
        {"date in the canonical URL", page("<link rel=\"canonical\" href=\"https://example.org/20200317-budget\">"),
         "", "2020-03-17", "", "url"},
        {"date written under the title", page("", "", "", "", "<p>Publié le 3 mars 2021 à 10h15</p>"), "",
         "2021-03-03", "", "prose"},
        {"only a modification date: it stands in for the publication date (last resort, as htmldate does)",
         page("<meta property=\"article:modified_time\" content=\"2022-05-11T04:10:00Z\">"), "", "2022-05-11",
         "2022-05-11", "updated"},
        {"only an update line written in the page: it stands in",
         page("", "", "<p class=\"info\">Aktualisiert: 30.12.2016</p>"), "", "2016-12-30", "", "updated"},
        {"only a span.updated with its timestamp in title: it stands in",
         page("", "", "", "", "<span class=\"updated\" title=\"2013-04-04T18:52:11+00:00\"></span>"), "",
         "2013-04-04", "", "updated"},
        {"UTC timestamp read in the offset the page writes its other times in (-05:00: the evening before)",
         page("<meta property=\"article:published_time\" content=\"2023-11-09T02:11:03+00:00\"><script>var t="
              "{\"date\":\"2023-11-08T21:11:03-05:00\"};</script>"),
         "", "2023-11-08", "", "meta"},
        {"UTC timestamp late in the evening on a German page: the next day in Central European time",
         "<html lang=\"de\">" + page("<meta property=\"article:published_time\" content=\"2021-11-04T23:00Z\">"),
         "", "2021-11-05", "", "meta"},
        {"same in summer time (+2 h): 22:30 UTC is already the next day",
         "<html lang=\"de-AT\">" + page("<meta property=\"article:published_time\" content=\"2022-07-01T22:30Z\">"),
         "", "2022-07-02", "", "meta"},
        {"same in winter time (+1 h): 22:30 UTC is still the same day",
         "<html lang=\"de\">" + page("<meta property=\"article:published_time\" content=\"2022-01-01T22:30Z\">"),
         "", "2022-01-01", "", "meta"},
        {"UTC timestamp on an English page without other offsets: the day as written",
         "<html lang=\"en\">" + page("<meta property=\"article:published_time\" content=\"2021-11-04T23:00Z\">"),
         "", "2021-11-04", "", "meta"},
        {"publication <meta> with a vendor prefix",
         page("<meta name=\"shareaholic:article_published_time\" content=\"2017-06-07T11:19:22+02:00\">"), "",
         "2017-06-07", "", "meta"},
        {"hAtom entry: its .published abbr, even in the entry's footer",
         "<html><body><div class=\"post hentry\"><h1>La médiathèque</h1><div class=\"post-body\">" + kParagraphs +
             "</div><div class=\"post-footer\"><abbr class=\"published\" title=\"2016-12-23T05:11:00-05:00\">"
             "5:11</abbr></div></div></body></html>",
         "", "2016-12-23", "", "microformat"},
        {"two hAtom entries side by side (an index page): the microformat rule stays out, the others decide",
         "<html><body><div class=\"hentry\"><p>Un.</p><abbr class=\"published\" title=\"2016-12-23\">x</abbr>"
         "</div><div class=\"hentry\">" + kParagraphs + "<abbr class=\"published\" title=\"2016-12-20\">y</abbr>"
         "</div></body></html>",
         "", "2016-12-23", "", "class"},
        {"a long byline line after the text, in a WordPress post whose classes name its tags",
         "<html><body><div class=\"post type-post status-publish hentry tag-social tag-share category-ads\">"
         "<h1>La médiathèque</h1><div class=\"entry\">" + kParagraphs + "<p class=\"postmetadata\">Dieser Beitrag "
         "wurde am Samstag, 3. Dezember 2011 um 10:03 Uhr veröffentlicht und unter Allgemein gespeichert. Sie können "
         "Kommentare zu diesem Eintrag über den RSS-2.0-Feed verfolgen.</p></div></div></body></html>",
         "", "2011-12-03", "", "class"},
        {"a date line read up to its update part: an update alone only stands in, last",
         page("", "", "", "", "<p class=\"byline\">Aktualisiert am 5. Dezember 2011</p>"), "", "2011-12-05", "",
         "updated"},
        {"date in the author line after the text (class \"author\")",
         page("", "", "<div class=\"left author\">Autor: <a href=\"/u/58\">Jean</a> am 29.12.2010, 13:36 Uhr</div>"),
         "", "2010-12-29", "", "class"},
        {"\"status-publish\" on a teaser inside the article is no date class",
         page("", "", "<div class=\"teaser-item status-publish\"><p>Un autre billet, lundi 7 janvier 2019</p></div>"),
         "https://example.org/2017/06/07/mediatheque/", "2017-06-07", "", "url"},
        {"a <time> in a header band above the element holding the article (outside its scope) beats prose",
         "<html><body><div class=\"band\"><span>Communiqué</span> <time datetime=\"2022-12-12 12:22\">12.12.2022"
         "</time></div><div class=\"text\"><h1>La médiathèque</h1>" + kParagraphs + "<p>Les tarifs valent jusqu'au "
         "30 avril 2024.</p></div></body></html>",
         "", "2022-12-12", "", "time"},
        {"a Drupal \"submitted\" line after the text beats an event date in the prose",
         "<html><body><div class=\"node\"><h1>La médiathèque</h1><div class=\"content\">" + kParagraphs +
         "<p>Une visite aura lieu le 26 août 2017 pour les habitants.</p></div></div><div class=\"submitted\">"
         "Enregistré par jean le 24 juillet 2017 - 18:55</div></body></html>",
         "", "2017-07-24", "", "class"},
        {"a date line in a \"hidden-xs\" box (hidden on phones only) is still the page's date line",
         "<html><body><div class=\"hidden-xs\"><span class=\"date\">26.10.2023</span></div><div><h1>La "
         "médiathèque</h1>" + kParagraphs + "<p>Les travaux ont commencé le 23.10.2023 dans la halle.</p></div>"
         "</body></html>",
         "", "2023-10-26", "", "class"},
        {"the short line right above the title holds the date, before an end date in the standfirst",
         "<html><body><div class=\"topline\"><span>06.12.2022</span></div><h1>La médiathèque</h1><div class=\"h3\">"
         "Inscriptions du 9.1. -10.2.2023 en mairie.</div>" + kParagraphs + "</body></html>",
         "", "2022-12-06", "", "prose"},
        // Metadata against the page's own words (htmldate compares its candidates the same way).
        {"metadata date written nowhere in the page, another shown under the title: the page's words win",
         page("<meta property=\"article:published_time\" content=\"2022-01-15\">", "", "", "",
              "<p class=\"info\">Erscheinungsdatum 25.01.2022</p>"),
         "", "2022-01-25", "", "header"},
        {"metadata date also written in the page: the metadata stays",
         page("<meta property=\"article:published_time\" content=\"2022-01-15\">", "",
              "<p>Dossier ouvert le 15.01.2022.</p>", "", "<p class=\"info\">25.01.2022</p>"),
         "", "2022-01-15", "", "meta"},
        {"metadata date written only as the last change: the date shown at the head wins",
         page("<meta name=\"date\" content=\"2021-10-15\">", "", "<p>Zuletzt geändert am: 15.10.2021</p>", "",
              "<p>Erschienen am: 13.10.2021</p>"),
         "", "2021-10-13", "", "header"},
        {"a metadata date shown year-less (\"publié le 27 mars\") is shown: no override by a later event date",
         page("<meta property=\"article:published_time\" content=\"2019-03-27T10:31:36+01:00\">", "", "", "",
              "<p>publié le 27 mars</p><p>Le rallye (29 avril au 4 mai 2019) partira de Paris.</p>"),
         "", "2019-03-27", "", "meta"},
        {"an unmarked date in a standfirst sentence is an event the article mentions: the metadata stays",
         page("<meta property=\"article:published_time\" content=\"2024-11-06T08:00:00+01:00\">", "", "", "",
              "<p class=\"chapo\">Le président élu prendra ses fonctions le 20 janvier 2025.</p>"),
         "", "2024-11-06", "", "meta"},
        {"an update line alone at the head, the metadata date shown nowhere: the page's words win",
         page("<meta property=\"article:published_time\" content=\"2018-02-20\">", "", "", "",
              "<p>Last updated on 20 Feb, 2020. 3 min read</p>"),
         "", "2020-02-20", "", "header"},
        {"the article's <time> in a small meta box at its head beats a live ticker's <time> in the site header",
         page("", "<header><div class=\"live-ticker\">EN DIRECT : Brest mène 1-0 · <time datetime=\"2021-02-27T20:45\">"
              "Samedi 27 février</time> : le programme</div></header>", "", "",
              "<div class=\"story-meta\"><span class=\"category\">Athlétisme</span> <time class=\"published\" "
              "datetime=\"2021-02-21T17:05\">21/02/2021 17:05</time> <span class=\"author\">Par Nicolas</span></div>"),
         "", "2021-02-21", "", "time"},
        {"no date but in the preview image's name (a timestamp): the image search",
         page("<meta property=\"og:image\" content=\"https://img.example.org/large/20201007120909561.jpg\">"), "",
         "2020-10-07", "", "image"},
        {"an archived image keeps its own date, not the archive's capture time",
         page("<meta property=\"og:image\" content=\"https://web.archive.org/web/20160218174457/"
              "http://example.org/up/2015-03-02_photo.jpg\">"),
         "", "2015-03-02", "", "image"},
        {"no date but in a script or a comment of the raw HTML: the extensive search, most frequent first",
         page("<script>showDate(\"2020/04/17 01:43:09\");var a=\"2019-01-02\";</script>"
              "<!-- cache 2020-04-17 21:36:31 -->"),
         "", "2020-04-17", "", "raw"},
        {"\"Letzte Änderung\" (capital umlaut) is an update line",
         page("", "", "", "<p>Letzte Änderung: 14.01.2022 um 09:25</p>"), "", "2022-01-14", "", "updated"},
        {"no date at all, copyright year in the footer is not a date",
         page("", "", "", "<footer><p>© 2023 Journal de la ville</p></footer>"), "", "", "", ""},
        {"a future date is not plausible", page("<meta name=\"date\" content=\"2999-01-01\">"), "", "", "", ""},
        {"JSON-LD dates written by Java's Date.toString()",
         page("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"Tue Jan 28 "
              "15:28:56 CET 2020\",\"dateModified\":\"Wed Jan 29 09:00:00 CET 2020\"}</script>"),
         "", "2020-01-28", "2020-01-29", "json-ld"},
        {"JSON-LD with a comma before its closing brace, wrapped in an HTML comment",
         page("<script type=\"application/ld+json\"><!-- {\"@type\":\"NewsArticle\",\"datePublished\":"
              "\"2019-09-28T10:00:00+03:00\",} --></script>"),
         "", "2019-09-28", "", "json-ld"},
        {"JSON-LD that no parser reads (an unescaped quote in the headline): its date fields are still read",
         page("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2019-09-28\","
              "\"headline\":\"Le \"grand\" projet\"}</script>"),
         "", "2019-09-28", "", "json-ld"},
        {"a day-first date in the URL", page(""), "https://example.org/actualites/28-09-2019/la-mediatheque",
         "2019-09-28", "", "url"},
        {"the article's <time> in its own footer and meta line (widget words elsewhere): not hidden as boilerplate",
         "<html><head><meta charset=\"utf-8\"></head><body><div class=\"teaser\"><a href=\"/b\">Autre</a> <time "
         "datetime=\"2024-04-01\">1 avril</time></div><article><h1>La médiathèque verra le jour</h1><div "
         "class=\"article-body\">" + kParagraphs + "</div><footer class=\"article-meta\">Publié le <time "
         "datetime=\"2021-03-04\">4 mars 2021</time></footer></article></body></html>",
         "", "2021-03-04", "", "time"},
        {"a Russian date line", page("", "", "", "", "<p class=\"date\">28 сентября 2019</p>"), "", "2019-09-28",
         "", "class"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.guards);
        const auto x = extract_html(c.html, c.url);
        CHECK((x.article.published ? x.article.published->iso() : std::string()) == c.published);
        CHECK((x.article.updated ? x.article.updated->iso() : std::string()) == c.updated);
        CHECK(x.date_source == c.source);
    }
}

TEST_CASE("extract_html chooses the title") {
    struct Case {
        const char* guards;
        std::string head;
        const char* title;
    };
    const Case cases[] = {
        {"og:title first", "<meta property=\"og:title\" content=\"Une médiathèque\"><title>Autre | Site</title>",
         "Une médiathèque"},
        {"og:title without the site name given by og:site_name",
         "<meta property=\"og:site_name\" content=\"Le Journal\"><meta property=\"og:title\" "
         "content=\"Budget voté - Le Journal\">",
         "Budget voté"},
        {"<title> is the complete form of og:title",
         "<meta property=\"og:title\" content=\"Budget voté\"><title>Budget voté : actualité locale</title>",
         "Budget voté : actualité locale"},
        {"the article's <h1> before <title>", "<title>Budget - Le Journal</title>", "La médiathèque verra le jour"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.guards);
        CHECK(extract_html(page(c.head)).article.title == c.title);
    }
}

TEST_CASE("extract_html keeps the article and drops boilerplate") {
    struct Case {
        const char* guards;
        std::string html;
        const char* absent;
    };
    const Case cases[] = {
        {"navigation menu",
         page("", "<nav><ul><li><a href=\"/\">Accueil</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav>"),
         "Accueil"},
        {"cookie banner",
         page("", "<div id=\"cookie-consent\"><p>Ce site utilise des cookies pour améliorer votre expérience de "
                  "navigation et mesurer l'audience.</p><button>Accepter</button></div>"),
         "utilise des cookies"},
        {"newsletter prompt",
         page("", "", "<div class=\"newsletter-box\"><p>Recevez chaque matin l'essentiel de l'actualité de votre "
                      "ville dans votre boîte mail.</p><form><input type=\"email\"></form></div>"),
         "Recevez chaque matin"},
        {"share buttons",
         page("", "", "<div class=\"share-buttons\"><a href=\"#\">Partager sur Facebook</a> <a href=\"#\">Twitter"
                      "</a></div>"),
         "Partager sur Facebook"},
        {"related stories list with a heading",
         page("", "", "<h2>À lire aussi</h2><ul><li><a href=\"/x\">Le marché déménage en juin</a></li><li>"
                      "<a href=\"/y\">La piscine rouvre ses portes</a></li></ul>"),
         "La piscine rouvre"},
        {"comments",
         page("", "", "",
              "<section id=\"comments\"><div class=\"comment\"><p>Enfin une bonne nouvelle pour notre quartier, "
              "merci à toute l'équipe municipale pour ce beau projet !</p></div></section>"),
         "Enfin une bonne nouvelle"},
        {"footer legal notice",
         page("", "", "",
              "<footer><p>Mentions légales - Tous droits réservés - Reproduction interdite sans autorisation "
              "écrite de l'éditeur du journal.</p></footer>"),
         "Mentions légales"},
        {"author blurb",
         page("", "", "<div class=\"author-bio\"><p>Jean Dupont est journaliste au service local depuis 2010 et "
                      "couvre la vie municipale et les sujets d'urbanisme.</p></div>"),
         "Jean Dupont est journaliste"},
        {"picture credit line", page("", "", "<p>Foto: Jean Dupont</p>"), "Jean Dupont"},
        // A caption written as a paragraph may run to two sentences, longer than other boilerplate lines.
        {"long caption paragraph",
         page("", "", "<p>Abbildung: La halle du marché vue depuis la place de l'église, avant les travaux de "
                      "rénovation engagés par la commune. Les façades seront conservées et les verrières refaites "
                      "à l'identique par un atelier de la région.</p>"),
         "vue depuis la place"},
        // A Q&A or comment thread's relative timestamp in a plain block ("asked ... ago").
        {"relative timestamp line of a post", page("", "", "<div>Posted<br>3 years, 2 months ago</div>"),
         "months ago"},
        {"relative timestamp line in German", page("", "", "<p>vor 3 Tagen</p>"), "vor 3 Tagen"},
        // The publisher's call to install its app, written as a plain paragraph after the story.
        {"download-the-app line",
         page("", "", "<p>For breaking news on the go, download the City Paper app for iOS and Android.</p>"),
         "download the City Paper app"},
        {"call to comment", page("", "", "<p>Kommentare schreiben</p>"), "Kommentare schreiben"},
        {"contact heading of a widget", page("", "", "<p><b>Kontakt:</b></p>"), "Kontakt"},
        {"more information pointer", page("", "", "<p>Weitere Informationen: www.example.org</p>"), "www.example"},
        // Boxes trafilatura discards too: fact boxes, shop boxes, affiliate disclosures, a Q&A user card.
        {"fact box", page("", "", "<div class=\"article-factbox\"><p>Le saviez-vous ? La halle a été construite "
                                  "en 1890 par un élève de Baltard.</p></div>"), "Le saviez-vous"},
        {"shop box", page("", "", "<div class=\"buybox\"><p>Accès immédiat à toutes les archives du journal.</p>"
                                  "</div>"), "Accès immédiat"},
        {"affiliate disclosure", page("", "", "<section class=\"editorial-disclosure\"><p>Cet article contient "
                                              "des liens commerciaux.</p></section>"), "liens commerciaux"},
        {"user card of a post", page("", "", "<div class=\"user-info\"><span>Marie L.</span> 20:37</div>"),
         "Marie L."},
        {"placeholder of an embedded post",
         page("", "", "<div class=\"social-embed\"><h3>Contenu externe recommandé</h3><p>Cliquez pour afficher "
                      "le contenu de la plateforme.</p></div>"), "Contenu externe"},
        // Advertising written with Cyrillic look-alike letters inside Latin words, to slip past filters.
        {"homoglyph spam",
         page("", "", "<p>Аnnоnсеz vоtrе еntrерrіsе sur lе sіtе lе рlus lu dе lа régiоn, соntасtеz nоtrе sеrviсе соmmеrсiаl dès аujоurd'hui.</p>"), "régiоn"},
        // A copyright notice with its reprint terms, longer than other boilerplate lines.
        {"long copyright notice",
         page("", "", "<p>© 2024, Le Journal de la Ville. Cet article est la propriété du journal ; toute "
                      "reproduction, même partielle, sur papier ou en ligne, est interdite sans l'accord écrit "
                      "préalable de la rédaction et de son directeur de la publication.</p>"),
         "toute reproduction"},
        // A notice box under the text (the publisher disclaims a guest post's opinions).
        {"notice box", page("", "", "<div class=\"community-notice\"><p>Ce billet d'un lecteur n'engage pas la "
                                    "rédaction.</p></div>"), "n'engage pas"},
        // A box of the authors' names and photos ("authors", not only "author").
        {"authors box", page("", "", "<div class=\"full authors\"><h5>Jeanne Martin</h5></div>"), "Jeanne Martin"},
        {"about-the-author heading", page("", "", "<h3>À propos de l'auteur</h3><p>Journaliste.</p>"),
         "propos de l'auteur"},
        // Action buttons written as boxes of text ("Imprimer la recette", "Ajouter aux favoris").
        {"action button", page("", "", "<div class=\"action-bar-button\"><span>Ajouter aux favoris</span></div>"),
         "Ajouter aux favoris"},
        // The reading time the header shows beside the date.
        {"reading time", page("", "", "", "", "<span class=\"readingTime\">Lecture : 4 minutes</span>"),
         "Lecture : 4 minutes"},
        {"image caption and credit",
         page("", "", "", "", "<figure><img src=\"a.jpg\"><figcaption>La halle du marché. Photo : J. D."
                              "</figcaption></figure>"),
         "La halle du marché"},
        // A camel-case class name whose words the lists know only apart ("dateWrapper" is "date" + "wrapper").
        {"camel-case date box",
         page("", "", "", "", "<div class=\"dateWrapper\"><span>Publié mardi, modifié mercredi</span></div>"),
         "modifié mercredi"},
        // The site's name and tagline in its header.
        {"site tagline", page("", "<div id=\"sitename\"><h2>Le blog des petites nouvelles du canton</h2></div>"),
         "petites nouvelles"},
        // A WordPress author-box plugin's wrapper.
        {"author box plugin", page("", "", "<div class=\"saboxplugin-wrap\"><p>Passionnée de jardins et de "
                                           "voyages, elle écrit ici depuis dix ans.</p></div>"), "Passionnée"},
        // An advertisement label set off by dashes.
        {"dashed ad label", page("", "", "<p>- Anzeige -</p>"), "Anzeige"},
        // A call to the reader to like the site, written as a question after the text.
        {"call to like the site", page("", "", "<p><strong>Gefällt dir unser Stadtmagazin?</strong> Dann "
                                               "unterstütze uns.</p>"), "Stadtmagazin"},
        // A caption closed by its photo credit in brackets.
        {"caption with credit in brackets", page("", "", "<p>La place du marché un jour de foire. (Photo: J. D.)"
                                                         "</p>"), "jour de foire"},
        // A call-to-action box, numbered as page builders number their variants.
        {"call-to-action box", page("", "", "<section class=\"vc_cta3-container\"><p>Notre atelier de jardinage "
                                            "vous apprend à tailler les rosiers et à préparer le potager.</p>"
                                            "</section>"), "atelier de jardinage"},
        // The heading of the site's most read stories, alone at the end of the text.
        {"most read heading", page("", "", "<div>Les plus lus</div>"), "Les plus lus"},
        // Date lines in the text, with a label, a time or a name beside the date, in several languages.
        {"date line with a time and a name", page("", "", "<p>24. März 2004, 19:49 | Redaktion</p>"), "Redaktion"},
        {"labelled date line", page("", "", "<p>Veröffentlichung:<br>2. Februar 2022</p>"), "Veröffentlichung"},
        {"date line with a category", page("", "", "<p>News date : 04/21/2022<br>Category : Press Releases</p>"),
         "Press Releases"},
        // A pointer to the page as a file, and an appeal closed by its call to act.
        {"PDF download line", page("", "", "<p>Télécharger la délibération en PDF</p>"), "délibération en PDF"},
        {"appeal closed by a call to act",
         page("", "", "<p>Vous voulez suivre nos actions dans le quartier ? Abonnez-vous !</p>"), "suivre nos actions"},
        // A placeholder of an embedded post whose paragraph carries a typography class that reads like an
        // article mark ("text-body-l"): a class word alone, on little text, does not save the widget.
        {"embedded post placeholder with a typography class",
         page("", "", "<div class=\"social-embed\"><h3>Contenu externe recommandé</h3><p class=\"text-body-l\">"
                      "Cliquez pour afficher le contenu de la plateforme.</p></div>"), "Contenu externe"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.guards);
        const std::string body = extract_html(c.html).article.body;
        CHECK(body.find(kFirstWords) != std::string::npos);
        CHECK(body.find(kLastWords) != std::string::npos);
        CHECK(body.find(c.absent) == std::string::npos);
    }
}

TEST_CASE("extract_html formats the text") {
    // Blocks are separate paragraphs, <br> a line break, entities decoded, scripts and styles gone,
    // the title not repeated, the lead between the title and the body kept.
    const std::string html = page(
        "<style>p{color:red}</style>", "", "<p>Premier vers,<br>second vers &amp; fin.</p><script>var x=1;</script>",
        "", "<p class=\"chapo\">Un projet de quatre millions d'euros pour les lecteurs de toute la commune et des "
            "villages voisins.</p>");
    const std::string body = extract_html(html).article.body;
    CHECK(body.starts_with("Un projet de quatre millions"));
    CHECK(body.find("ouvrira ses portes au printemps") != std::string::npos);
    CHECK(body.find("marché.</p>") == std::string::npos);
    CHECK(body.find("halle du marché.\n\nLes travaux") != std::string::npos);
    CHECK(body.find("Premier vers,\nsecond vers & fin.") != std::string::npos);
    CHECK(body.find("var x") == std::string::npos);
    CHECK(body.find("color:red") == std::string::npos);
    CHECK(body.find("La médiathèque verra le jour") == std::string::npos);
}

TEST_CASE("extract_html drops invisible formatting characters") {
    // Soft hyphens and zero-width spaces would split the words of the text ("Mit&shy;tel&shy;al&shy;ter").
    const std::string html = page("", "", "<p>Die Stadt im Mit&shy;tel&shy;al&shy;ter war klein&#8203;er als "
                                           "heute, und ihre Mauern stehen noch an vielen Stellen der Altstadt.</p>");
    const std::string body = extract_html(html).article.body;
    CHECK(body.find("Die Stadt im Mittelalter war kleiner als heute") != std::string::npos);
}

TEST_CASE("extract_html keeps a WordPress post whose classes name its tags and categories") {
    // post_class() writes "tag-share", "category-social-media" on the post itself: not a share widget.
    const std::string html = "<html><body><div class=\"post type-post tag-share category-social-media\">"
                             "<h1>La médiathèque</h1>" + kParagraphs + "</div><div class=\"sidebar\"><p>Autre</p>"
                             "</div></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(kFirstWords) != std::string::npos);
    CHECK(body.find(kLastWords) != std::string::npos);
}

TEST_CASE("extract_html keeps the whole article when it is split into blocks of similar weight") {
    // Readability's alternative candidates: a page builder (or a forum) puts each part of the text in a
    // block of its own, each in its own row; three or more blocks of similar score make their common
    // ancestor the article (the first block scores best, so the lead rule cannot bring the others in).
    const char* paragraphs[] = {
        "Le conseil municipal, réuni mardi soir, a voté le budget de la médiathèque, qui ouvrira, si tout va "
        "bien, au printemps, dans la halle.",
        "Les travaux, estimés à quatre millions d'euros, seront financés, pour moitié, par la région, pour le "
        "reste par un emprunt.",
        "Le maire a salué un projet attendu, depuis longtemps, par les habitants, par les écoles et les "
        "associations du quartier.",
        "La bibliothèque actuelle, trop petite, fermera ses portes à l'automne, après trente ans de service "
        "dans la rue de la gare."};
    std::string rows;
    for (const char* p : paragraphs)
        rows += std::string("<div class=\"row\"><div class=\"col\"><div class=\"block\"><p>") + p +
                "</p></div></div></div>";
    const std::string html = "<html><body><h1>La médiathèque</h1><div class=\"layout\">" + rows +
                             "</div></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find("Le conseil municipal, réuni") != std::string::npos);
    CHECK(body.find("quatre millions") != std::string::npos);
    CHECK(body.find("Le maire a salué") != std::string::npos);
    CHECK(body.find("trente ans de service") != std::string::npos);
}

TEST_CASE("extract_html keeps an article held by a box of a weak widget word") {
    // "teaser", "paywall", "promo", "widget", "hidden", "banner" name boxes that are mostly boilerplate but
    // sometimes hold the story itself (a news item shown as one "teaser", the text a paywall locks): with
    // substantial prose in them they stay. A short teaser of that class still goes.
    const std::string html = "<html><body><div class=\"wrapper\"><div class=\"teaser newsSingle\"><h1>La "
                             "médiathèque</h1><div class=\"paywall-container\">" + kParagraphs +
                             "</div></div><div class=\"teaser\"><p>Un autre sujet à découvrir ici.</p></div></div>"
                             "</body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(kFirstWords) != std::string::npos);
    CHECK(body.find(kLastWords) != std::string::npos);
    CHECK(body.find("Un autre sujet") == std::string::npos);
}

TEST_CASE("extract_html keeps a blog post whose custom taxonomy classes hold widget words") {
    // A post wrapper ("hentry", "type-post", "status-publish") names its taxonomy terms in its classes
    // ("custom_tags-advertising", "topics-social"): they never make the post a widget.
    const std::string html = "<html><body><div class=\"post-7 post type-post status-publish hentry "
                             "custom_tags-share topics-social-media\"><h1>La médiathèque</h1>" + kParagraphs +
                             "</div><div class=\"sidebar\"><p>Autre</p></div></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(kFirstWords) != std::string::npos);
    CHECK(body.find(kLastWords) != std::string::npos);
    CHECK(body.find("Autre") == std::string::npos);  // the page was not read again without pruning
}

TEST_CASE("extract_html reads page metadata") {
    const std::string html = page(
        "<link rel=\"canonical\" href=\"https://example.org/mediatheque\"><meta property=\"og:site_name\" "
        "content=\"Le Journal\"><meta name=\"author\" content=\"Jean Dupont\">");
    const auto x = extract_html(html, "https://mirror.example.net/page");
    CHECK(x.article.url == "https://example.org/mediatheque");
    CHECK(x.article.source == "Le Journal");
    CHECK(x.article.author == "Jean Dupont");
}

TEST_CASE("extract_html keeps a lead classed as a teaser when it links nowhere") {
    // News CMSs class the article's own standfirst "teaser-text": a teaser of another story links to it,
    // the lead does not. A short teaser and a linked one still go.
    const std::string lead = "<div class=\"teaser-text\"><p>Un équipement culturel attendu depuis vingt ans "
                             "ouvrira enfin dans le centre historique de la ville.</p></div>";
    const std::string other = "<div class=\"teaser\"><p><a href=\"/piscine\">La piscine rouvre ses portes "
                              "après deux années de travaux dans le quartier nord</a></p></div>";
    const std::string body = extract_html(page("", "", "", other, lead)).article.body;
    CHECK(body.find("Un équipement culturel attendu") != std::string::npos);
    CHECK(body.find(kFirstWords) != std::string::npos);
    CHECK(body.find("La piscine rouvre") == std::string::npos);
}

TEST_CASE("extract_html keeps a short closing sentence next to boilerplate") {
    // jusText makes a short block between the text and boilerplate boilerplate; a sentence of several
    // words closed by a full stop is the text's last line (before the tags), not a widget. A short line
    // that is no sentence (a tag list's heading) still goes.
    const std::string html = page("", "", "<p>Nous vous tiendrons au courant bien sûr.</p>"
                                          "<p><a href=\"/t/culture\">Culture</a>, <a href=\"/t/ville\">Ville</a>"
                                          "</p><p>Mots du jour</p>");
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(kLastWords) != std::string::npos);
    CHECK(body.find("Nous vous tiendrons au courant bien sûr.") != std::string::npos);
    CHECK(body.find("Mots du jour") == std::string::npos);
}

TEST_CASE("extract_html keeps a lead wrapped in a box beside the body") {
    // Readability keeps a paragraph sibling of the article body when it is prose; a box that holds only
    // paragraphs is judged the same way, whatever its class weighs ("teaser" counts against a container).
    // Here no heading precedes the text, so the lead can only come in as a sibling.
    const std::string html = "<html><body><div class=\"news\"><div class=\"teaser-text\"><p>Un équipement "
                             "culturel attendu depuis vingt ans ouvrira enfin ses portes dans le centre historique de la ville.</p></div>"
                             "<div class=\"article-body\">" + kParagraphs + "</div></div></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find("Un équipement culturel attendu") != std::string::npos);
    CHECK(body.find(kLastWords) != std::string::npos);
}

TEST_CASE("extract_html keeps a subheading written as a bold paragraph") {
    // "<p><strong>Subheading</strong></p>" after a pointer to another story is judged like a heading, by
    // the paragraph it introduces, not as a short line next to boilerplate.
    const std::string html = page("", "", "<p>Lire aussi : <a href=\"/x\">Le marché déménage en juin dans la "
                                          "rue voisine</a></p><p><strong>Un chantier de deux ans</strong></p>"
                                          "<p>Les entreprises retenues commenceront par la toiture, puis les "
                                          "façades seront reprises une à une, sans fermer le marché du samedi."
                                          "</p>");
    const std::string body = extract_html(html).article.body;
    CHECK(body.find("Un chantier de deux ans\n\nLes entreprises retenues") != std::string::npos);
    CHECK(body.find("Le marché déménage") == std::string::npos);
}

TEST_CASE("extract_html reads a table cell of text lines beside an empty hidden box") {
    // Old table layouts write the text as <br>-separated lines in a cell; an empty, hidden block in the cell
    // (a video player's placeholder) must not stop the cell from counting as one paragraph.
    const std::string html =
        "<html><body><table><tr><td><a href=\"/\">Accueil</a><br><a href=\"/archives\">Archives</a></td>"
        "<td class=\"message\"><div id=\"player\" style=\"display:none\"></div>Le conseil municipal a voté mardi "
        "soir le budget de la nouvelle médiathèque, qui ouvrira au printemps.<br>Les travaux, estimés à quatre "
        "millions d'euros, seront financés pour moitié par la région.<br>Le maire a salué un projet attendu "
        "depuis longtemps par les habitants, les écoles et les associations.</td></tr></table></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find("Le conseil municipal a voté mardi") != std::string::npos);
    CHECK(body.find("les écoles et les associations.") != std::string::npos);
    CHECK(body.find("Archives") == std::string::npos);
}

TEST_CASE("extract_html scores the loose text of a box that also holds blocks") {
    // A glossary or an old layout writes its text straight into a cell between small label boxes;
    // Readability wraps such runs into paragraphs of the box. Without that, a short paragraph elsewhere
    // (here a note in another cell) would win.
    const std::string html =
        "<html><body><table><tr><td><p>Une note brève, sans rapport avec le sujet de la page du jour.</p></td>"
        "<td><div>Sens :</div>Le conseil municipal a voté mardi soir le budget de la nouvelle médiathèque, qui "
        "ouvrira au printemps, dans la halle.<br><br><div>Origine :</div>Les travaux, estimés à quatre millions "
        "d'euros, seront financés pour moitié par la région, pour le reste par un emprunt.</td></tr></table>"
        "</body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find("Le conseil municipal a voté mardi") != std::string::npos);
    CHECK(body.find("pour le reste par un emprunt.") != std::string::npos);
}

// A slideshow's captions are part of the article (a picture story), not image metadata to drop.
TEST_CASE("extract_html keeps the captions of a slideshow") {
    const std::string html =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><article><h1>La médiathèque</h1>"
        "<div class=\"article-body\">" + kParagraphs + "<div class=\"slideshow\"><p>Au col, le guide "
        "rassemble le groupe et montre les sommets que la brume laisse voir, avant la longue descente.</p>"
        "</div></div></article></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(kFirstWords) != std::string::npos);
    CHECK(body.find("Au col, le guide") != std::string::npos);
}

// A heading element that holds a sentence of prose is the lead, kept even when the block after it (here
// a photo caption) is not text.
TEST_CASE("extract_html keeps a lead written in a heading element") {
    const std::string html =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><article><h1>La médiathèque</h1>"
        "<h2>Le conseil municipal a voté le budget de la médiathèque, qui ouvrira dans la halle du marché.</h2>"
        "<p>La halle du marché. (Foto: J. D.)</p><div class=\"article-body\">" + kParagraphs +
        "</div></article></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find("qui ouvrira dans la halle") != std::string::npos);
    CHECK(body.find(kLastWords) != std::string::npos);
    CHECK(body.find("Foto: J. D.") == std::string::npos);
}

// Class words that hide only a part of the element or hide it on some screens do not make it a widget:
// Drupal's "field--label-hidden" hides the field's label, "l-hidden-s" (a one-letter namespace) hides the
// box on small screens.
TEST_CASE("extract_html keeps a lead whose classes hide a label or hide it on small screens") {
    const char* lead = "Un projet de quatre millions d'euros pour les lecteurs de toute la commune.";
    for (const char* cls : {"field field--name-field-intro field--label-hidden", "l-hidden-xs l-hidden-s"}) {
        CAPTURE(cls);
        const std::string html = page("", "", "", "", std::string("<div class=\"") + cls + "\"><p>" + lead +
                                                       "</p></div>");
        const std::string body = extract_html(html).article.body;
        CHECK(body.find(lead) != std::string::npos);
        CHECK(body.find(kLastWords) != std::string::npos);
    }
}

// An article cut into sections of one kind (each in its own wrapper, an ad slot between them) is their
// common ancestor; two stories of a page that also holds other text are not merged.
TEST_CASE("extract_html keeps every section of an article split by ad slots") {
    const std::string first = "<section class=\"article-section\">" + kParagraphs + "</section>";
    const std::string second =
        "<section class=\"article-section\"><p>La bibliothèque actuelle, trop petite, fermera ses portes à "
        "l'automne, après trente ans de service dans la rue de la gare.</p><p>Ses livres rejoindront la "
        "nouvelle médiathèque, où une salle sera réservée aux archives de la commune.</p></section>";
    const std::string html = "<html><body><h1>La médiathèque</h1><div class=\"article-container\"><div "
                             "class=\"wrap\">" + first + "<div class=\"ad-slot\"></div></div><div "
                             "class=\"wrap\">" + second + "</div></div></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(kFirstWords) != std::string::npos);
    CHECK(body.find("trente ans de service") != std::string::npos);

    std::string other_text;
    for (int i = 0; i < 6; ++i)
        other_text += "<div class=\"note\"><p>Le marché de Noël ouvrira le premier samedi de décembre sur la "
                      "place de l'église, avec quarante exposants venus de toute la région.</p></div>";
    const std::string page_of_stories = "<html><body><h1>La médiathèque</h1><div class=\"stories\"><div "
                                        "class=\"wrap\">" + first + "<div class=\"ad-slot\"></div></div>" +
                                        other_text + "<div class=\"wrap\">" + second + "</div></div></body></html>";
    const std::string story = extract_html(page_of_stories).article.body;
    CHECK(story.find(kFirstWords) != std::string::npos);
    CHECK(story.find("marché de Noël") == std::string::npos);
}

// A page that marks each section of its text itemprop="articleBody": the body is all of them.
TEST_CASE("extract_html keeps every section marked as the article body") {
    const std::string html =
        "<html><body><h1>La médiathèque</h1><div class=\"story\"><div class=\"chunk\"><div "
        "itemprop=\"articleBody\">" + kParagraphs + "</div></div><div class=\"ad-slot\"><p>Publicité</p></div>"
        "<div class=\"chunk\"><div itemprop=\"articleBody\"><p>La bibliothèque actuelle, trop petite, fermera "
        "ses portes à l'automne, après trente ans de service dans la rue de la gare, et ses livres rejoindront "
        "la nouvelle médiathèque de la halle.</p></div></div></div>"
        "</body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(kFirstWords) != std::string::npos);
    CHECK(body.find("trente ans de service") != std::string::npos);
    CHECK(body.find("Publicité") == std::string::npos);
}

// Without an <h1>, the heading marked itemprop="headline" starts the article: the lead after it is kept.
TEST_CASE("extract_html keeps the lead after a microdata headline") {
    const char* lead = "Un projet de quatre millions d'euros pour les lecteurs de toute la commune et des "
                       "villages voisins.";
    const std::string html = std::string("<html><body><div class=\"news\"><h3 itemprop=\"headline\">La "
                             "médiathèque</h3><div class=\"top\"><div class=\"col\"><div class=\"intro\"><p>") +
                             lead + "</p></div></div></div><div class=\"row\"><div class=\"text\">" +
                             kParagraphs + "</div></div></div></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(lead) != std::string::npos);
    CHECK(body.find(kLastWords) != std::string::npos);
}

// Drupal writes the layout on <body> ("one-sidebar sidebar-second"): that is no widget. A sidebar's list of
// teasers classed "views-field-body" holds short texts: that class word does not make the sidebar the article.
TEST_CASE("extract_html drops a sidebar of teasers whose fields are classed as bodies") {
    const std::string html =
        "<html><body class=\"html one-sidebar sidebar-second\"><div id=\"main\"><h1>La médiathèque</h1><div "
        "class=\"field-item\">" + kParagraphs + "<div class=\"region region-sidebar-second\"><div class=\"views-row\">"
        "<div class=\"views-field-body\"><p>Notre atelier de lecture reprend en septembre avec de nouveaux auteurs "
        "de la région, chaque samedi matin à la bibliothèque.</p></div></div></div></div></div></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(kFirstWords) != std::string::npos);
    CHECK(body.find(kLastWords) != std::string::npos);
    CHECK(body.find("atelier de lecture") == std::string::npos);
}

// The whole page inside a wrapper whose class names a widget ("sharing-container"): pruning leaves nothing.
// The page is read again sparing the element that holds most of its text, so the widgets inside it (the
// comments) still go; reading it without any pruning would keep them.
TEST_CASE("extract_html spares a widget-named wrapper of the whole page, not the widgets inside it") {
    const std::string html =
        "<html><body><div class=\"document__sharing-container\"><h1>La médiathèque</h1><div class=\"text\">" +
        kParagraphs + "<div class=\"comments\"><p>Très bonne initiative, bravo à toute l'équipe de la mairie "
        "pour ce beau projet culturel qui manquait au quartier.</p></div></div></div></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(kFirstWords) != std::string::npos);
    CHECK(body.find(kLastWords) != std::string::npos);
    CHECK(body.find("Très bonne initiative") == std::string::npos);
}

// "publisher" names who publishes (a CMS's "asset-publisher" module holds whole stories), not a date line:
// the lead in such a box stays.
TEST_CASE("extract_html keeps a lead in a box of the CMS's publisher module") {
    const char* lead = "Un projet de quatre millions d'euros pour les lecteurs de toute la commune et des "
                       "villages voisins.";
    const std::string body =
        extract_html(page("", "", "", "", std::string("<div class=\"portlet-asset-publisher\"><p>") + lead +
                                              "</p></div>")).article.body;
    CHECK(body.find(lead) != std::string::npos);
    CHECK(body.find(kFirstWords) != std::string::npos);
}

// A paragraph whose link is a long part of its sentence ("Le mois dernier, <a>un juge a rejeté ...</a>")
// is prose, judged by its neighbours like a short block: kept inside the text. A teaser list of linked
// headlines after a pointer to elsewhere still goes.
TEST_CASE("extract_html keeps a paragraph whose sentence runs through a long link") {
    const char* linked = "le juge a rejeté la demande de report de l'audience";
    const std::string html = page("", "", std::string("<p>Le mois dernier, <a href=\"/juge\">") + linked +
                                              "</a>, prévue en février.</p><p>Les élus de l'opposition ont voté "
                                              "contre le budget, qu'ils jugent trop lourd pour les finances de la "
                                              "commune et de ses habitants.</p><h2>À lire aussi</h2><ul><li><a "
                                              "href=\"/x\">Le marché déménage en juin</a></li><li><a href=\"/y\">"
                                              "La piscine rouvre ses portes</a></li></ul>");
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(linked) != std::string::npos);
    CHECK(body.find("Les élus de l'opposition") != std::string::npos);
    CHECK(body.find("La piscine rouvre") == std::string::npos);
}

// "<a name=...>" without href is the target of a table of contents' link, not a link: the question it
// wraps is text of the interview.
TEST_CASE("extract_html keeps the text of an anchor that has no href") {
    const char* question = "Une question revient souvent chez nos lecteurs : que dit le maire du coût du chantier ?";
    const std::string html = page("", "", std::string("<p><a name=\"cout\">") + question +
                                              "</a></p><p>Le maire répond que la dépense est couverte, pour moitié, "
                                              "par la région, et que la commune empruntera le reste sur vingt ans.</p>");
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(question) != std::string::npos);
    CHECK(body.find(kLastWords) != std::string::npos);
}

// CSS utilities ("text-center", "text-gray-500") say how a box looks: they do not make a short box
// elsewhere on the page the article, as Readability's class word "text" would.
TEST_CASE("extract_html does not take a text styling class for a mark of the article") {
    const std::string html = "<html><body><div class=\"intro\"><div class=\"text-center text-gray-500\"><p>Offre "
                             "spéciale : abonnez le journal pour un an et recevez un livre offert.</p></div></div>"
                             "<div class=\"col\"><div class=\"wrap\">" + kParagraphs + "</div></div></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(kFirstWords) != std::string::npos);
    CHECK(body.find(kLastWords) != std::string::npos);
    CHECK(body.find("Offre spéciale") == std::string::npos);
}

// Readability reads only paragraphs, so a list beside them (key points, tips) is no candidate: a list
// sibling of the article without links is its own; a list of links there (other stories) is not.
TEST_CASE("extract_html keeps a list beside the article's paragraphs when it has no links") {
    const std::string html =
        "<html><body><div class=\"main\"><div class=\"texte\">" + kParagraphs + "</div><div class=\"conseils\">"
        "<ul><li>Les inscriptions ouvriront en mars, à l'accueil de la mairie.</li><li>Les enfants des écoles "
        "auront un espace de lecture réservé le mercredi.</li></ul></div><div class=\"autres\"><ul><li><a "
        "href=\"/a\">La piscine rouvre ses portes après deux ans de travaux</a></li><li><a href=\"/b\">Le marché "
        "déménage en juin dans la rue voisine</a></li></ul></div></div></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(kFirstWords) != std::string::npos);
    CHECK(body.find("Les inscriptions ouvriront en mars") != std::string::npos);
    CHECK(body.find("La piscine rouvre") == std::string::npos);
}

// Readability discounts a candidate by its link density; boxes of links to other stories inside the
// article ("Lire aussi", repeated for small screens) do not make it a menu, so a short box elsewhere
// with a content class word does not win over it.
TEST_CASE("extract_html keeps an article holding boxes of links to other stories") {
    const std::string links = "<div class=\"liens\"><p>Lire aussi</p><a href=\"/a\">La piscine rouvre ses portes "
                              "après deux ans de travaux</a><a href=\"/b\">Le marché déménage en juin dans la rue "
                              "voisine</a><a href=\"/c\">Un nouveau parc pour les enfants du quartier</a></div>";
    const std::string html = "<html><body><div class=\"wrap\"><div class=\"news-text\">" + links + kParagraphs +
                             links + "</div></div><div class=\"bas\"><div class=\"about-content\"><p>Le journal "
                             "de la ville paraît chaque semaine, avec les nouvelles de tous les quartiers.</p></div>"
                             "</div></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(kFirstWords) != std::string::npos);
    CHECK(body.find(kLastWords) != std::string::npos);
    CHECK(body.find("paraît chaque semaine") == std::string::npos);
}

// A tracking pixel's <noscript> left open in <body>: libxml2 nests the rest of the page inside it.
TEST_CASE("extract_html reads a page that an unclosed noscript holds") {
    const std::string html = "<html><head><title>La médiathèque</title></head><body><noscript><img src=\"/p.gif\">"
                             "<div class=\"main\"><h1>La médiathèque verra le jour</h1>" + kParagraphs +
                             "</div></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(kFirstWords) != std::string::npos);
    CHECK(body.find(kLastWords) != std::string::npos);
}

TEST_CASE("extract_html leaves out a noscript notice") {
    const std::string html = page("", "<noscript><p>Activez JavaScript pour lire les commentaires.</p></noscript>");
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(kFirstWords) != std::string::npos);
    CHECK(body.find("Activez JavaScript") == std::string::npos);
}

// A page rendered on the client from a template script: the article is the template's markup. A
// template that is a dialog shown on demand beside the article is not read.
TEST_CASE("extract_html reads an article written in a template script") {
    const std::string html = "<html><body><div id=\"app\"></div><script type=\"text/template\" id=\"article\">"
                             "<div class=\"story\"><h1>La médiathèque verra le jour</h1>" + kParagraphs +
                             "</div></script></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find(kFirstWords) != std::string::npos);
    CHECK(body.find(kLastWords) != std::string::npos);

    const std::string dialog = page("", "", "", "<script type=\"text/x-template\"><div class=\"box\"><p>Inscrivez-vous "
                                    "à notre lettre pour recevoir chaque matin les nouvelles de la ville, des "
                                    "quartiers et des associations, avec les rendez-vous de la semaine.</p></div>"
                                    "</script>");
    const std::string page_body = extract_html(dialog).article.body;
    CHECK(page_body.find(kFirstWords) != std::string::npos);
    CHECK(page_body.find("Inscrivez-vous") == std::string::npos);
}

// Widget and byline class words prune blocks; a span or link inside a sentence keeps its words whatever
// its class says ("dateline", an "auto-tag" link), but text for screen readers only stays out.
TEST_CASE("extract_html prunes by class no words inside a sentence") {
    const std::string html = page("", "", "<p>Selon <span class=\"dateline\">la préfecture de Lyon</span>, le "
                                          "chantier commencera en <a href=\"/t/juin\" id=\"auto-tag_juin\" "
                                          "class=\"tag\">juin</a> et durera deux ans<span class=\"sr-only\"> (ouvre "
                                          "une fenêtre)</span>.</p>");
    const std::string body = extract_html(html).article.body;
    CHECK(body.find("Selon la préfecture de Lyon, le chantier commencera en juin et durera deux ans.") !=
          std::string::npos);
}

// Pointers, calls and ad labels in the languages of a European crawl, not only English, French, German.
TEST_CASE("extract_html drops boilerplate phrases of more languages") {
    for (const char* line : {"Reklama", "Síguenos en Twitter y Facebook", "Schon gelesen? Die zehn schönsten Parks",
                             "Lust auf mehr? Hier geht es weiter", "Czytaj także: nowy park w mieście",
                             "Leia também: o novo parque da cidade", "Lees ook: het nieuwe park"}) {
        CAPTURE(line);
        const std::string html = page("", "", std::string("<p>") + line + "</p>");
        const std::string body = extract_html(html).article.body;
        CHECK(body.find(kLastWords) != std::string::npos);
        CHECK(body.find(line) == std::string::npos);
    }
}

// A page whose text sits in one box with its menus (link-dense as a whole): that box is the article's,
// its menus go, its paragraphs stay.
TEST_CASE("extract_html keeps the text of a chosen container dense with links") {
    std::string menu = "<ul>";
    for (const char* item : {"Accueil du site de la ville", "Vie municipale et conseils", "Culture et loisirs du mois",
                             "Sports et associations", "Travaux et urbanisme", "Écoles et jeunesse",
                             "Agenda des sorties", "Contact et horaires de la mairie"})
        menu += std::string("<li><a href=\"/x\">") + item + " de la commune et des quartiers voisins</a></li>";
    menu += "</ul>";
    const std::string html = "<html><body><div>" + menu + "<p>Le conseil municipal a voté mardi le budget de la "
                             "médiathèque, qui ouvrira au printemps dans l'ancienne halle.</p>" + menu + menu +
                             "</div></body></html>";
    const std::string body = extract_html(html).article.body;
    CHECK(body.find("Le conseil municipal a voté mardi") != std::string::npos);
    CHECK(body.find("Vie municipale") == std::string::npos);
}

// The page declares its summary (og:description) and shows it as the lead, here in a band above the
// article's heading where the text's container does not reach: the lead is read; a declared summary the
// page does not show adds nothing.
TEST_CASE("extract_html reads the lead the page declares and shows outside the text's container") {
    const std::string lead = "La ville ouvrira au printemps une médiathèque de trois étages dans l'ancienne halle du "
                             "marché, après quatre ans de débats.";
    const std::string html = page("<meta property=\"og:description\" content=\"" + lead + "\">",
                                  "<div class=\"hero\"><p class=\"standfirst\">" + lead + "</p></div>");
    const std::string body = extract_html(html).article.body;
    CHECK(body.starts_with(lead));
    CHECK(body.find(kLastWords) != std::string::npos);

    const std::string unseen = page("<meta property=\"og:description\" content=\"" + lead + "\">");
    CHECK(extract_html(unseen).article.body.find("trois étages") == std::string::npos);
}
