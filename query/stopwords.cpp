#include "query/stopwords.h"

#include <iterator>

namespace dateline {
namespace {

// Written for this project: the commonest English function words (articles, pronouns,
// prepositions, auxiliaries, conjunctions). Nouns, numbers and negations that change a news
// query's meaning ("no", "not" as in "not guilty") are kept out on purpose.
const char* const kEnglish[] = {
    "a",      "about",   "above",  "after", "again", "all",    "also",  "am",      "an",   "and",
    "any",    "are",     "as",     "at",    "be",    "been",   "being", "both",    "but",  "by",
    "can",    "could",   "did",    "do",    "does",  "doing",  "down",  "during",  "each", "few",
    "for",    "from",    "had",    "has",   "have",  "having", "he",    "her",     "here", "hers",
    "him",    "his",     "how",    "i",     "if",    "in",     "into",  "is",      "it",   "its",
    "itself", "may",     "me",     "might", "more",  "most",   "must",  "my",      "of",   "off",
    "on",     "once",    "only",   "or",    "other", "our",    "out",   "over",    "own",  "same",
    "shall",  "she",     "should", "so",    "some",  "such",   "than",  "that",    "the",  "their",
    "them",   "then",    "there",  "these", "they",  "this",   "those", "through", "to",   "too",
    "under",  "until",   "up",     "upon",  "very",  "was",    "we",    "were",    "what", "when",
    "where",  "whether", "which",  "while", "who",   "whom",   "why",   "will",    "with", "within",
    "would",  "you",     "your",   "yours"};

// Written for this project: German articles in every case, pronouns, common prepositions,
// conjunctions and the forms of sein/haben/werden. Lower case, as the query parser compares.
const char* const kGerman[] = {
    "aber",   "als",    "am",     "an",      "auch",  "auf",   "aus",    "bei",    "bin",
    "bis",    "bist",   "da",     "damit",   "dann",  "das",   "dass",   "dem",    "den",
    "denn",   "der",    "des",    "die",     "dies",  "diese", "diesem", "diesen", "dieser",
    "dieses", "doch",   "du",     "durch",   "ein",   "eine",  "einem",  "einen",  "einer",
    "eines",  "er",     "es",     "für",     "gegen", "hab",   "habe",   "haben",  "hat",
    "hatte",  "hatten", "ich",    "ihm",     "ihn",   "ihnen", "ihr",    "ihre",   "ihrem",
    "ihren",  "ihrer",  "im",     "in",      "ins",   "ist",   "ja",     "je",     "jede",
    "jedem",  "jeden",  "jeder",  "jedes",   "man",   "mich",  "mir",    "mit",    "nach",
    "noch",   "nun",    "nur",    "ob",      "oder",  "ohne",  "sich",   "sie",    "sind",
    "so",     "soll",   "sollen", "sowie",   "über",  "um",    "und",    "uns",    "unter",
    "vom",    "von",    "vor",    "war",     "waren", "was",   "weil",   "welche", "welcher",
    "wenn",   "wer",    "werden", "wie",     "wir",   "wird",  "wo",     "wurde",  "wurden",
    "zu",     "zum",    "zur",    "zwischen"};

}  // namespace

const Xapian::Stopper* stopper_for(const std::string& language) {
  // Built once, before any thread can call this (function-local statics); never modified.
  static const Xapian::SimpleStopper kEnglishStopper(std::begin(kEnglish), std::end(kEnglish));
  static const Xapian::SimpleStopper kGermanStopper(std::begin(kGerman), std::end(kGerman));
  if (language == "en") return &kEnglishStopper;
  if (language == "de") return &kGermanStopper;
  return nullptr;
}

std::vector<std::string> function_words(const std::string& language) {
  if (language == "en") return {std::begin(kEnglish), std::end(kEnglish)};
  if (language == "de") return {std::begin(kGerman), std::end(kGerman)};
  return {};
}

}  // namespace dateline
