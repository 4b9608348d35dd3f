// Editor's picks rules from outside (a PUT body, the --curations file, the stored metadata):
// parse_curation_rules, and for what it accepts, the written form read back to the same keys and
// a rule looked up by each rule's own query.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "server/curations.h"
#include "tests/fuzz/fuzz_target.h"

DATELINE_FUZZ_TARGET(curation_rules) {
  std::vector<dateline::CurationRule> rules;
  try {
    rules = dateline::parse_curation_rules(data);
  } catch (const dateline::Error&) {
    return;
  }
  std::vector<dateline::CurationRule> again =
      dateline::parse_curation_rules(dateline::curation_rules_to_json(rules).dump());
  if (again.size() != rules.size()) std::abort();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (again[i].key != rules[i].key) std::abort();
    // Inside its own window a rule's own query finds a rule (it, or one that ranks before it).
    std::int64_t at = rules[i].from ? *rules[i].from : rules[i].until ? *rules[i].until - 1 : 0;
    if (dateline::find_curation(rules, rules[i].query, at) == nullptr) std::abort();
  }
}
