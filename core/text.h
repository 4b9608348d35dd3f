// Small text utilities shared by the indexer and the server. All functions take and return
// UTF-8; none of them allocate global state, so all are safe to call from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dateline {

// Escapes &, <, >, " and ' so that the result can be placed in HTML text or an attribute.
std::string html_escape(std::string_view text);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Returns the longest prefix of `text` of at most `max_bytes` bytes that does not end inside a
// UTF-8 sequence.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

// Returns a lead of about `max_bytes` bytes: whole words only, cut at a sentence end when one
// falls in the last third, otherwise at a word boundary with "…" appended. Whitespace runs
// (including newlines) are folded to single spaces. Returns `text` folded if it already fits.
std::string make_lead(std::string_view text, std::size_t max_bytes);

// Folds every run of whitespace to one space and trims both ends.
std::string fold_whitespace(std::string_view text);

// The normalised form of a keyword value used in boolean terms: Unicode-lowercased, each run of
// characters that are not letters or digits turned into one '-', with no leading or trailing
// '-'. "The Harbor Ledger" -> "the-harbor-ledger", "Süd Kurier" -> "süd-kurier".
std::string slugify(std::string_view value);

// Lowercases `text` with Unicode case rules.
std::string to_lower(std::string_view text);

// The 64-bit FNV-1a hash of `text`'s bytes: stable across builds and platforms (story signatures
// stored in indexes and the bulk writer's routing depend on it). Passing the hash of a prefix as
// `state` continues it: fnv1a64(b, fnv1a64(a)) == fnv1a64(a + b), without building a + b.
inline constexpr std::uint64_t kFnv1a64Basis = 1469598103934665603ull;
std::uint64_t fnv1a64(std::string_view text, std::uint64_t state = kFnv1a64Basis);

}  // namespace dateline
