// Labels as docker's CLI reads and shows them: "KEY=VALUE" (or "KEY") on the command line and in
// label filters, "k=v,k2=v2" in the Labels column of ps and volume ls.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cli/berth/go_template.hpp"

namespace berth::cli {

using Labels = std::map<std::string, std::string>;

// -l/--label values into a map: "KEY=VALUE", or "KEY" for an empty value.
void add_labels(Labels& labels, const std::vector<std::string>& specs);
// A label filter: "KEY" (present) or "KEY=VALUE" (present with that value).
bool has_label(const Labels& labels, std::string_view spec);
// The Labels column: "k=v" pairs in key order, comma-separated.
std::string labels_text(const Labels& labels);

// The Label method of docker's ps and volume ls rows: {{.Label "com.example.key"}} is the label's
// value, or "" when the row has none by that name.
TemplateMethods label_method(const Labels& labels);
// Its header: the key's last dot-separated part ("key"), as docker's table titles show it.
TemplateMethods label_header_method();

}  // namespace berth::cli
