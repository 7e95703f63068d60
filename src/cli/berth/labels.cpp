#include "cli/berth/labels.hpp"

namespace berth::cli {

void add_labels(Labels& labels, const std::vector<std::string>& specs) {
  for (const auto& spec : specs) {
    auto eq = spec.find('=');
    labels[spec.substr(0, eq)] = eq == std::string::npos ? "" : spec.substr(eq + 1);
  }
}

bool has_label(const Labels& labels, std::string_view spec) {
  auto eq = spec.find('=');
  auto it = labels.find(std::string(spec.substr(0, eq)));
  return it != labels.end() && (eq == std::string_view::npos || it->second == spec.substr(eq + 1));
}

std::string labels_text(const Labels& labels) {
  std::string text;
  for (const auto& [k, v] : labels) text += (text.empty() ? "" : ",") + k + "=" + v;
  return text;
}

TemplateMethods label_method(const Labels& labels) {
  return {{"Label", {1, [labels](const std::vector<std::string>& args) {
             auto it = labels.find(args[0]);
             return it == labels.end() ? std::string() : it->second;
           }}}};
}

TemplateMethods label_header_method() {
  return {{"Label", {1, [](const std::vector<std::string>& args) {
             auto dot = args[0].rfind('.');
             return dot == std::string::npos ? args[0] : args[0].substr(dot + 1);
           }}}};
}

}  // namespace berth::cli
