// docker's --format: a Go text/template renderer over JSON values, and docker's tables.
//
// Supported, as in Go: literal text; {{.}}, {{.Field}}, {{.A.B}}; {{if}}, {{else if}}, {{else}},
// {{range}} (arrays in order, objects by sorted key), {{with}}, {{else with}}, {{end}}; variables
// ($, {{$x := ...}}, {{$x = ...}}, {{range $i, $e := ...}}, $x.Field), scoped to their block;
// parenthesised pipelines ((len .A), (index .A 0).Name); pipes ({{.Labels | json}}); comments;
// "{{-"/"-}}" trimming; the functions eq, ne, lt, le, gt, ge, and, or, not, printf, index, len,
// print, println, and docker's json, join, split, title, upper, lower. Not supported (an Error):
// define, template, block, break and continue. A row may have methods besides its fields, as
// docker's row contexts have {{.Label "key"}}: called with string arguments, checked as Go checks
// them, and not part of {{json .}}.
// A leading "table" is dropped and the two-character sequences \t and \n become a tab and a
// newline, as docker does before parsing; "json" alone means {{json .}}, as in newer docker CLIs.
// Values print like Go's %v: arrays "[a b]", objects "map[k:v]", null "<nil>", a missing field
// "<no value>" or an error (FieldLookup). Errors, when parsing or running, are Error("template:
// ...").
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace berth::cli {

// How a field the value lacks is treated. kStrict, for the rows of ps, images and volume ls,
// whose fields are docker's formatter contexts (Go structs): an error, as docker's ("can't
// evaluate field Bogus"), except below the few map fields (Labels, Options, ...) where Go prints
// "<no value>". kStrictStruct, for version and info, whose objects are plain Go structs: the same,
// but a field given arguments "cannot be invoked as function" where a row's field (a method
// without parameters) has the "wrong number of args". kLenient, for inspect, whose objects still
// lack some of docker's fields: always "<no value>".
enum class FieldLookup { kLenient, kStrict, kStrictStruct };

// A method of the value rendered: `arity` string arguments in, a string out. Go's number and type
// checks apply ("wrong number of args for Label: want 1 got 0").
struct TemplateMethod {
  size_t arity = 0;
  std::function<std::string(const std::vector<std::string>& args)> call;
};
using TemplateMethods = std::map<std::string, TemplateMethod>;

// A row and its methods, which only the value rendered ($) has.
struct TemplateRow {
  nlohmann::json fields;
  TemplateMethods methods;
};

// Renders one value (a row, an inspect object) with the template; no newline is added.
std::string render_template(std::string_view tmpl, const nlohmann::json& fields,
                            FieldLookup lookup = FieldLookup::kLenient,
                            const TemplateMethods& methods = {});

// True when the format asks for a table: "table" or "table <template>".
bool is_table_format(std::string_view format);

// A table: a header row (each field rendered as its name in `headers`, e.g. {"ID", "IMAGE ID"};
// fields without one show their name in capitals), then one row per element of `rows`, columns
// aligned like docker's tabwriter. Ends with a newline.
std::string render_table(std::string_view tmpl, const std::vector<nlohmann::json>& rows,
                         const std::map<std::string, std::string>& headers,
                         FieldLookup lookup = FieldLookup::kStrict);
// The same for rows with methods; the header row has `header_methods` (docker's header context
// answers {{.Label "com.example.key"}} with "key").
std::string render_table(std::string_view tmpl, const std::vector<TemplateRow>& rows,
                         const std::map<std::string, std::string>& headers,
                         const TemplateMethods& header_methods,
                         FieldLookup lookup = FieldLookup::kStrict);

// Aligns tab-terminated cells into columns as Go's tabwriter.NewWriter(w, min_width, 1, 3, ' ', 0)
// does for docker (its formatters use 10, `top` 20): each column as wide as its widest cell plus
// 3, at least `min_width`; the text after a line's last tab is not padded.
std::string align_columns(std::string_view text, size_t min_width = 10);

}  // namespace berth::cli
