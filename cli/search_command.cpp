#include <cstdio>
#include <iostream>
#include <memory>

#include <unistd.h>

#include "cli/commands.h"
#include "server/json_codec.h"
#include "server/search_service.h"

namespace dateline::cli {
namespace {

struct SearchArgs {
  std::string db = "var/db";
  std::vector<std::string> words;
  int page = 1;
  int per_page = 10;
  bool json = false;
};

// Turns highlighted HTML into terminal text: <mark> becomes bold (or [..] off a terminal) and
// the entities the escaper produces are decoded.
std::string html_to_terminal(const std::string& html, bool tty) {
  struct Swap {
    const char* from;
    const char* to;
  };
  const Swap swaps[] = {{"<mark>", tty ? "\033[1m" : "["},
                        {"</mark>", tty ? "\033[0m" : "]"},
                        {"&lt;", "<"},
                        {"&gt;", ">"},
                        {"&quot;", "\""},
                        {"&#39;", "'"},
                        {"&amp;", "&"}};
  std::string out;
  for (std::size_t i = 0; i < html.size();) {
    bool swapped = false;
    for (const Swap& s : swaps) {
      std::string_view from(s.from);
      if (html.compare(i, from.size(), from) == 0) {
        out += s.to;
        i += from.size();
        swapped = true;
        break;
      }
    }
    if (!swapped) out += html[i++];
  }
  return out;
}

int run_search(const SearchArgs& args) {
  SearchService service(args.db);
  SearchRequest request;
  for (const std::string& word : args.words) request.q += (request.q.empty() ? "" : " ") + word;
  request.page = args.page;
  request.per_page = args.per_page;
  SearchResponse response = service.search(request);
  if (args.json) {
    std::cout << to_json(response).dump(2) << "\n";
    return 0;
  }
  bool tty = isatty(STDOUT_FILENO) != 0;
  std::printf("%s%zu results (%s words%s), %.1f ms\n", response.total_exact ? "" : "at least ",
              response.total, matching_name(response.matching),
              response.relaxed ? ", relaxed from all words" : "", response.took_ms);
  int rank = (response.page - 1) * response.per_page;
  for (const SearchHit& hit : response.hits) {
    std::printf("%3d. %s\n", ++rank, html_to_terminal(hit.title_html, tty).c_str());
    std::printf("     %s | %s | %s | score %.3f\n", hit.id.c_str(), hit.source.c_str(),
                hit.published_at.substr(0, 10).c_str(), hit.score);
    for (const std::string& fragment : hit.body_fragments) {
      std::printf("     %s\n", html_to_terminal(fragment, tty).c_str());
    }
  }
  return 0;
}

}  // namespace

void add_search_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* cmd = app.add_subcommand("search", "Search an index from the shell");
  cmd->add_option("--db", args->db, "Index directory")->capture_default_str();
  cmd->add_option("--page", args->page, "Result page")->check(CLI::Range(1, 1'000'000));
  cmd->add_option("--per-page", args->per_page, "Results per page")->check(CLI::Range(1, 100));
  cmd->add_flag("--json", args->json, "Print the response as the HTTP API would");
  cmd->add_option("query", args->words, "Query (Xapian syntax: AND, OR, NOT, \"phrase\", title:)");
  cmd->callback(
      [args, &exit_code] { exit_code = guarded("search", [&] { return run_search(*args); }); });
}

}  // namespace dateline::cli
