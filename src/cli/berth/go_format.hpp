// Go's fmt and strconv for the JSON values --format works on: what %v prints, Sprintf's verbs
// (%v %s %q %d %x %X %t %f with flags, width and precision, and Go's complaints such as
// %!d(string=x)), strconv.Quote.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace berth::cli {

// Go's %v: strings as they are, null "<nil>", arrays "[a b]", objects "map[k:v]".
std::string go_print_value(const nlohmann::json& value);
// The Go type a JSON value stands for in docker's templates: string, bool, float64, int, ...
std::string go_type_name(const nlohmann::json& value);
// Go's strconv.Quote: double quotes, backslash escapes, \u for unprintable characters,
// \xNN for bytes that are not UTF-8.
std::string go_quote(std::string_view s);
// Go's fmt.Sprintf.
std::string go_sprintf(std::string_view format, const std::vector<nlohmann::json>& args);

}  // namespace berth::cli
