#include "query/synonyms.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include "core/text.h"
#include "query/query_case.h"

namespace dateline {
namespace {

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(to_lower(text));
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

// A query token: a word as typed, its lower-cased form, and whether it may be rewritten.
struct Token {
  std::string text;
  std::string lower;
  bool plain = true;  // false inside quotes, for field:value, operators and syntax
};

std::vector<Token> tokenize(const std::string& q) {
  std::vector<Token> tokens;
  bool quoted = false;
  std::size_t i = 0;
  while (i < q.size()) {
    if (std::isspace(static_cast<unsigned char>(q[i]))) {
      tokens.push_back({std::string(1, q[i]), "", false});
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < q.size() && !std::isspace(static_cast<unsigned char>(q[i]))) ++i;
    std::string text = q.substr(start, i - start);
    bool has_quote = text.find('"') != std::string::npos;
    bool plain = !quoted && !has_quote && text.find(':') == std::string::npos &&
                 text.find_first_of("()+-*") == std::string::npos && !is_query_operator(text);
    for (char c : text) quoted ^= c == '"';
    tokens.push_back({text, plain ? to_lower(text) : "", plain});
  }
  return tokens;
}

std::string render_member(const std::vector<std::string>& member) {
  if (member.size() == 1) return member[0];
  std::string phrase = "\"";
  for (std::size_t i = 0; i < member.size(); ++i) phrase += (i ? " " : "") + member[i];
  return phrase + "\"";
}

}  // namespace

SynonymTable SynonymTable::parse(const std::string& text) {
  SynonymTable table;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos ||
        line[line.find_first_not_of(" \t")] == '#') {
      continue;
    }
    std::vector<std::vector<std::string>> group;
    std::istringstream items(line);
    std::string item;
    while (std::getline(items, item, ',')) {
      auto words = words_of(item);
      if (!words.empty()) group.push_back(std::move(words));
    }
    if (group.size() >= 2) table.groups_.push_back(std::move(group));
  }
  return table;
}

std::string SynonymTable::expand(const std::string& q) const {
  if (groups_.empty()) return q;
  std::vector<Token> tokens = tokenize(q);
  std::string out;
  bool changed = false;
  for (std::size_t i = 0; i < tokens.size();) {
    // The longest member starting at token i, matched word by word over single spaces.
    const std::vector<std::vector<std::string>>* best_group = nullptr;
    std::size_t best_end = i, best_words = 0;
    for (const auto& group : groups_) {
      for (const auto& member : group) {
        std::size_t t = i, w = 0;
        while (w < member.size() && t < tokens.size() && tokens[t].plain &&
               tokens[t].lower == member[w]) {
          ++w;
          ++t;
          if (w < member.size()) {
            if (t < tokens.size() && tokens[t].text == " ") {
              ++t;
            } else {
              break;
            }
          }
        }
        if (w == member.size() && member.size() > best_words) {
          best_group = &group;
          best_end = t;
          best_words = member.size();
        }
      }
    }
    if (best_group == nullptr) {
      out += tokens[i].text;
      ++i;
      continue;
    }
    out += "(";
    for (std::size_t m = 0; m < best_group->size(); ++m) {
      out += (m ? " OR " : "") + render_member((*best_group)[m]);
    }
    out += ")";
    changed = true;
    i = best_end;
  }
  return changed ? out : q;
}

SynonymFile::SynonymFile(std::string path, std::chrono::milliseconds check_interval)
    : path_(std::move(path)), check_interval_(check_interval) {}

const SynonymTable& SynonymFile::table() {
  if (path_.empty()) return table_;
  auto now = std::chrono::steady_clock::now();
  if (now < next_check_) return table_;
  next_check_ = now + check_interval_;
  std::error_code ec;
  auto mtime = std::filesystem::last_write_time(path_, ec);
  if (ec) {
    table_ = SynonymTable();
    loaded_mtime_ = {};
    return table_;
  }
  if (mtime != loaded_mtime_) {
    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    table_ = SynonymTable::parse(text.str());
    loaded_mtime_ = mtime;
  }
  return table_;
}

}  // namespace dateline
