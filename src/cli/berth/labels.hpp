// Labels as docker's CLI reads and shows them: "KEY=VALUE" (or "KEY") on the command line and in
// label filters, "k=v,k2=v2" in the Labels column of ps and volume ls.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace berth::cli {

using Labels = std::map<std::string, std::string>;

// -l/--label values into a map: "KEY=VALUE", or "KEY" for an empty value.
void add_labels(Labels& labels, const std::vector<std::string>& specs);
// A label filter: "KEY" (present) or "KEY=VALUE" (present with that value).
bool has_label(const Labels& labels, std::string_view spec);
// The Labels column: "k=v" pairs in key order, comma-separated.
std::string labels_text(const Labels& labels);

}  // namespace berth::cli
