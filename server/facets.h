// Facet counts from Xapian's built-in ValueCountMatchSpy (which also runs on remote shards).
#pragma once

#include <string>

#include <xapian.h>

#include "server/search_request.h"

namespace dateline {

struct FacetSlot {
  Xapian::valueno slot = 0;
  bool multi = false;  // the slot holds several values joined by kMultiValueSeparator
};

// Turns a spy's counts into a facet: multi-valued slots are split so each value counts once per
// article; values that normalise to the same filter term (slugify) are merged under their most
// common spelling; the top `size` by count (then value) are kept. When the spy saw fewer
// documents than `matches`, counts are scaled up and the facet is marked approximate.
Facet facet_from_spy(const std::string& name, const Xapian::ValueCountMatchSpy& spy, bool multi,
                     Xapian::doccount matches, int size);

}  // namespace dateline
