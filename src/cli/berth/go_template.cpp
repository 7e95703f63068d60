// A Go text/template subset for --format: the template is parsed once into a tree
// (go_template_parse), then executed against JSON, printing values as Go's %v would.
#include "cli/berth/go_template.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <compare>
#include <map>
#include <optional>
#include <set>
#include <span>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "cli/berth/go_format.hpp"
#include "cli/berth/go_template_parse.hpp"

namespace berth::cli {
namespace {

using nlohmann::json;
using Value = std::optional<json>;  // nullopt: Go's "<no value>" (a missing map key)
using gotmpl::Command;
using gotmpl::Node;
using gotmpl::Operand;
using gotmpl::Pipeline;

[[noreturn]] void template_error(std::string_view why) {
  throw Error(fmt::format("template: {}", why));
}

std::string docker_preformat(std::string_view tmpl) {
  // Newer docker CLIs (and Debian's 20.10) take "json" for a whole row as JSON, one a line.
  if (trim(tmpl) == "json") return "{{json .}}";
  std::string_view t = tmpl;
  if (t.starts_with("table")) {
    t.remove_prefix(5);
    t = trim(t);
  }
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\\' && i + 1 < t.size() && (t[i + 1] == 't' || t[i + 1] == 'n')) {
      out += t[i + 1] == 't' ? '\t' : '\n';
      ++i;
    } else {
      out += t[i];
    }
  }
  return out;
}

// Docker's row contexts are Go structs: a field they lack is an error. Within them, these fields
// are maps, where a missing key prints "<no value>" as Go's templates print it.
bool is_map_field(const std::string& name) {
  static const std::set<std::string> maps = {"Labels",  "Annotations", "Options", "DriverOpts", "Sysctls",
                                             "Volumes", "Tmpfs",       "Data",    "Ports",      "Networks",
                                             "Status",  "ExposedPorts", "StorageOpt"};
  return maps.contains(name);
}

std::string print(const Value& v);

std::string print(const Value& v) { return v ? go_print_value(*v) : "<no value>"; }

// JSON as Go's json.Marshal writes it: <, > and & escaped (\u003c, \u003e, \u0026), and U+2028,
// U+2029 too. They can only occur inside strings, so the text is rewritten as a whole.
std::string go_json(const json& j) {
  std::string in = j.dump(), out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else if (c == '\xE2' && i + 2 < in.size() && in[i + 1] == '\x80' && (in[i + 2] == '\xA8' || in[i + 2] == '\xA9')) {
      out += in[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string change_case(std::string s, bool upper) {
  for (char& c : s)
    c = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c))
                                : std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Go's truth: false, zero, nil, a missing value and empty strings, arrays and maps are false.
bool truthy(const Value& v) {
  if (!v) return false;
  switch (v->type()) {
    case json::value_t::boolean:
      return v->get<bool>();
    case json::value_t::number_integer:
      return v->get<long long>() != 0;
    case json::value_t::number_unsigned:
      return v->get<unsigned long long>() != 0;
    case json::value_t::number_float:
      return v->get<double>() != 0;
    case json::value_t::string:
      return !v->get_ref<const std::string&>().empty();
    case json::value_t::array:
    case json::value_t::object:
      return !v->empty();
    default:
      return false;
  }
}

// What Go's comparison functions tell apart. JSON does not keep Go's integer and float types
// apart, so all numbers are one kind, compared by value.
enum class Comparable { kNil, kBool, kNumber, kString, kOther };

Comparable comparable_kind(const Value& v) {
  if (!v || v->is_null()) return Comparable::kNil;
  if (v->is_boolean()) return Comparable::kBool;
  if (v->is_number()) return Comparable::kNumber;
  if (v->is_string()) return Comparable::kString;
  return Comparable::kOther;
}

std::partial_ordering compare_numbers(const json& a, const json& b) {
  if (a.is_number_float() || b.is_number_float()) return a.get<double>() <=> b.get<double>();
  auto negative = [](const json& n) { return !n.is_number_unsigned() && n.get<long long>() < 0; };
  if (negative(a) != negative(b))
    return negative(a) ? std::partial_ordering::less : std::partial_ordering::greater;
  if (negative(a)) return a.get<long long>() <=> b.get<long long>();
  return a.get<unsigned long long>() <=> b.get<unsigned long long>();
}

[[noreturn]] void comparison_error(const std::string& function, std::string_view why) {
  template_error(fmt::format("error calling {}: {}", function, why));
}

// eq's test. nil (or a missing value) equals only nil.
bool equal(const std::string& function, const Value& a, const Value& b) {
  Comparable ka = comparable_kind(a), kb = comparable_kind(b);
  if (ka == Comparable::kNil || kb == Comparable::kNil) return ka == kb;
  if (ka == Comparable::kOther || kb == Comparable::kOther)
    comparison_error(function, "invalid type for comparison");
  if (ka != kb) comparison_error(function, "incompatible types for comparison");
  if (ka == Comparable::kNumber) return compare_numbers(*a, *b) == 0;
  return *a == *b;
}

// lt, le, gt and ge order numbers and strings only.
std::partial_ordering order(const std::string& function, const Value& a, const Value& b) {
  Comparable ka = comparable_kind(a), kb = comparable_kind(b);
  auto orderable = [](Comparable k) {
    return k == Comparable::kNumber || k == Comparable::kString;
  };
  if (!orderable(ka) || !orderable(kb)) comparison_error(function, "invalid type for comparison");
  if (ka != kb) comparison_error(function, "incompatible types for comparison");
  if (ka == Comparable::kNumber) return compare_numbers(*a, *b);
  return a->get_ref<const std::string&>() <=> b->get_ref<const std::string&>();
}

void check_arg_count(const std::string& name, const std::vector<Value>& args, size_t n) {
  if (args.size() != n)
    template_error(
        fmt::format("wrong number of args for {}: want {} got {}", name, n, args.size()));
}

// not, eq, ne, lt, le, gt, ge.
Value call_logic(const std::string& name, const std::vector<Value>& args) {
  if (name == "not") {
    check_arg_count(name, args, 1);
    return json(!truthy(args[0]));
  }
  if (name == "eq") {  // true if the first equals any of the others
    if (args.size() < 2) comparison_error(name, "missing argument for comparison");
    for (size_t i = 1; i < args.size(); ++i)
      if (equal(name, args[0], args[i])) return json(true);
    return json(false);
  }
  check_arg_count(name, args, 2);
  if (name == "ne") return json(!equal(name, args[0], args[1]));
  std::partial_ordering o = order(name, args[0], args[1]);
  if (name == "lt") return json(o < 0);
  if (name == "le") return json(o <= 0);
  if (name == "gt") return json(o > 0);
  return json(o >= 0);
}

Value call_printf(const std::vector<Value>& args) {
  if (args.empty()) template_error("wrong number of args for printf: want at least 1 got 0");
  if (!args[0] || !args[0]->is_string())
    template_error(
        fmt::format("error calling printf: wrong type for value; expected string; got {}",
                    args[0] ? go_type_name(*args[0]) : "<no value>"));
  std::vector<json> rest;
  // A missing value reaches Go's printf as nil.
  for (size_t i = 1; i < args.size(); ++i) rest.push_back(args[i].value_or(json(nullptr)));
  return json(go_sprintf(args[0]->get_ref<const std::string&>(), rest));
}

// The functions of docker's templates (json, join, split, title, upper, lower) and Go's
// index, len, print, println, printf and comparisons; and and or are the executor's.
Value call(const std::string& name, const std::vector<Value>& args) {
  static const std::set<std::string> logic = {"not", "eq", "ne", "lt", "le", "gt", "ge"};
  if (logic.contains(name)) return call_logic(name, args);
  if (name == "printf") return call_printf(args);
  auto need = [&](size_t n) { check_arg_count(name, args, n); };
  if (name == "json") {
    need(1);
    return json(args[0] ? args[0]->dump() : "null");
  }
  if (name == "upper" || name == "lower") {
    need(1);
    return json(change_case(print(args[0]), name == "upper"));
  }
  if (name == "title") {
    need(1);
    std::string s = print(args[0]);
    for (size_t i = 0; i < s.size(); ++i) {
      if (i == 0 || s[i - 1] == ' ')
        s[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
    }
    return json(s);
  }
  if (name == "join") {
    need(2);
    std::vector<std::string> parts;
    if (args[0] && args[0]->is_array()) {
      for (const auto& e : *args[0]) parts.push_back(go_print_value(e));
    }
    return json(join(parts, print(args[1])));
  }
  if (name == "split") {
    need(2);
    return json(split(print(args[0]), print(args[1]).empty() ? ' ' : print(args[1])[0]));
  }
  if (name == "len") {
    need(1);
    if (!args[0] || !(args[0]->is_array() || args[0]->is_object() || args[0]->is_string()))
      template_error("len of a value without a length");
    return json(args[0]->is_string() ? args[0]->get<std::string>().size() : args[0]->size());
  }
  if (name == "index") {
    if (args.size() < 2) template_error("wrong number of args for index");
    Value v = args[0];
    for (size_t i = 1; i < args.size() && v; ++i) {
      if (v->is_object() && args[i] && args[i]->is_string()) {
        auto it = v->find(args[i]->get<std::string>());
        v = it == v->end() ? Value{} : Value{*it};
      } else if (v->is_array() && args[i] && args[i]->is_number_integer()) {
        size_t at = args[i]->get<size_t>();
        if (at >= v->size()) template_error("index out of range");
        v = (*v)[at];
      } else {
        template_error("can't index item");
      }
    }
    return v;
  }
  if (name == "print" || name == "println") {
    std::vector<std::string> parts;
    for (const auto& a : args) parts.push_back(print(a));
    return json(join(parts, name == "println" ? " " : "") + (name == "println" ? "\n" : ""));
  }
  template_error(fmt::format("function \"{}\" not defined", name));
}

bool is_function(const std::string& name) {
  static const std::set<std::string> names = {
      "json", "join", "index", "upper", "lower", "title", "split", "len", "print", "println",
      "eq",   "ne",   "lt",    "le",    "gt",    "ge",    "and",   "or",  "not",   "printf"};
  return names.contains(name);
}

// A value with what its origin tells about it: Go knows it from the value's type, JSON does not.
struct Datum {
  Value value;
  bool is_map = false;  // one of docker's map fields: a key it lacks is "<no value>"
  bool is_row = false;  // the whole value rendered ($): `json` marshals it as docker's contexts do
};

// An argument of a method call, with where it came from for Go's error messages.
struct Argument {
  Value value;
  std::string source;  // as written; empty for the value piped in
};

// Calls the row's method `name` (written `source`), checking its arguments as Go does.
Datum call_method(const TemplateMethod& method, const std::string& name, const std::string& source,
                  const std::vector<Argument>& args) {
  if (args.size() != method.arity)
    template_error(fmt::format(":1: executing \"\" at <{}>: wrong number of args for {}: want {} got {}", source,
                               name, method.arity, args.size()));
  std::vector<std::string> strings;
  for (const Argument& arg : args) {
    if (arg.value && arg.value->is_string()) {
      strings.push_back(arg.value->get<std::string>());
    } else if (arg.source.empty()) {
      template_error(fmt::format(":1: executing \"\" at <{}>: wrong type for value; expected string; got {}",
                                 source, arg.value ? go_type_name(*arg.value) : "<no value>"));
    } else {
      template_error(fmt::format(":1: executing \"\" at <{}>: expected string; found {}", arg.source,
                                 print(arg.value)));
    }
  }
  return {json(method.call(strings))};
}

// Looks up the operand's fields on `base` in turn. A name that is one of the row's methods calls
// it without arguments, as Go does ({{.Label}} is an error: Label wants one).
Datum lookup_fields(Datum base, const Operand& op, FieldLookup lookup, const TemplateMethods& methods) {
  if (op.path.empty()) return base;
  Value v = std::move(base.value);
  bool in_map = base.is_map;
  bool at_row = base.is_row;
  for (const auto& name : op.path) {
    if (at_row) {
      at_row = false;
      if (auto m = methods.find(name); m != methods.end()) {
        v = call_method(m->second, name, op.source, {}).value;
        in_map = false;
        continue;
      }
    }
    if (!v) return {};
    if (!v->is_object()) {
      if (lookup == FieldLookup::kLenient) return {};
      template_error(fmt::format(":1: executing \"\" at <{}>: can't evaluate field {} in type {}",
                                 op.source, name, go_type_name(*v)));
    }
    auto it = v->find(name);
    if (it == v->end()) {
      if (lookup == FieldLookup::kLenient || in_map) return {};
      template_error(
          fmt::format(":1: executing \"\" at <{}>: can't evaluate field {}", op.source, name));
    }
    Value field = *it;
    v = std::move(field);
    in_map = is_map_field(name);
  }
  return {std::move(v), in_map, false};
}

// Runs a parsed template, keeping Go's variable stack: a block's variables are dropped at its end.
class Executor {
 public:
  // `titles`: a table's header row, where docker's formatting functions leave the title as it is.
  Executor(const json& row, FieldLookup lookup, const TemplateMethods& methods, bool titles = false)
      : lookup_(lookup), methods_(methods), titles_(titles) {
    variables_.emplace_back("$", Datum{row, false, true});
  }

  std::string run(const std::vector<Node>& nodes) {
    std::string out;
    Datum dot = variables_.front().second;
    walk(nodes, dot, out);
    return out;
  }

 private:
  void walk(const std::vector<Node>& nodes, const Datum& dot, std::string& out) {
    for (const Node& node : nodes) {
      switch (node.kind) {
        case Node::Kind::kText:
          out += node.text;
          break;
        case Node::Kind::kAction: {
          Datum value = eval_pipeline(node.pipeline, dot);
          bind(node.pipeline, value);
          if (node.pipeline.variables.empty())
            out += print(value.value);  // a declaration prints nothing
          break;
        }
        case Node::Kind::kIf:
        case Node::Kind::kWith:
          walk_if_or_with(node, dot, out);
          break;
        case Node::Kind::kRange:
          walk_range(node, dot, out);
          break;
      }
    }
  }

  void walk_if_or_with(const Node& node, const Datum& dot, std::string& out) {
    size_t scope = variables_.size();
    Datum value = eval_pipeline(node.pipeline, dot);
    bind(node.pipeline, value);
    if (truthy(value.value)) {
      walk(node.body, node.kind == Node::Kind::kWith ? value : dot, out);
    } else {
      walk(node.else_body, dot, out);
    }
    variables_.resize(scope);
  }

  // Arrays in order, objects by key: nlohmann's objects are std::maps, sorted as Go sorts a map's
  // keys. nil, a missing value or an empty collection runs the {{else}}.
  void walk_range(const Node& node, const Datum& dot, std::string& out) {
    Datum collection = eval_pipeline(node.pipeline, dot);
    const Value& v = collection.value;
    if (v && !v->is_null() && !v->is_array() && !v->is_object())
      template_error(fmt::format("range can't iterate over {}", go_print_value(*v)));
    const auto& names = node.pipeline.variables;
    size_t scope = variables_.size();
    if (!truthy(v)) {
      // As in Go, the {{else}} sees the range's variables set to the collection itself.
      for (const auto& name : names) variables_.emplace_back(name, collection);
      walk(node.else_body, dot, out);
      variables_.resize(scope);
      return;
    }
    size_t index = 0;
    for (auto it = v->begin(); it != v->end(); ++it, ++index) {
      Datum element{*it};
      if (names.size() == 2)
        variables_.emplace_back(names[0], Datum{v->is_object() ? json(it.key()) : json(index)});
      if (!names.empty()) variables_.emplace_back(names.back(), element);
      walk(node.body, element, out);
      variables_.resize(scope);
    }
  }

  Datum eval_pipeline(const Pipeline& pipeline, const Datum& dot) {
    Datum value;
    for (size_t i = 0; i < pipeline.commands.size(); ++i)
      value = eval_command(pipeline.commands[i], dot, i == 0 ? nullptr : &value);
    return value;
  }

  // "$x := value" pushes a variable, "$x = value" sets the innermost $x.
  void bind(const Pipeline& pipeline, const Datum& value) {
    if (pipeline.variables.empty()) return;
    if (pipeline.assigns) {
      variable(pipeline.variables[0]) = value;
    } else {
      variables_.emplace_back(pipeline.variables[0], value);
    }
  }

  Datum eval_command(const Command& command, const Datum& dot, const Datum* piped) {
    const Operand& head = command.operands[0];
    if (head.kind == Operand::Kind::kFunction)
      return call_function(head.name, std::span(command.operands).subspan(1), dot, piped);
    if (command.operands.size() > 1 || piped) return call_member(command, dot, piped);
    return eval_operand(head, dot);
  }

  // A chain given arguments ({{.Label "k"}}, {{"k" | $.Label}}): its last name must be a method
  // of the row. docker's row fields are methods too, without parameters.
  Datum call_member(const Command& command, const Datum& dot, const Datum* piped) {
    const Operand& head = command.operands[0];
    std::vector<Argument> args;
    for (const Operand& op : std::span(command.operands).subspan(1))
      args.push_back({eval_operand(op, dot).value, op.source});
    if (piped) args.push_back({piped->value, ""});
    Operand receiver_op = head;
    receiver_op.path.pop_back();
    Datum receiver = eval_operand(receiver_op, dot);
    const std::string& name = head.path.back();
    if (receiver.is_row) {
      if (auto m = methods_.find(name); m != methods_.end())
        return call_method(m->second, name, head.source, args);
      if (lookup_ == FieldLookup::kStrict && receiver.value && receiver.value->contains(name))
        template_error(fmt::format(":1: executing \"\" at <{}>: wrong number of args for {}: want 0 got {}",
                                   head.source, name, args.size()));
    }
    Operand field = head;
    field.path = {name};
    lookup_fields(receiver, field, lookup_, {});  // a missing field's error comes first, as in Go
    // inspect's objects are maps to docker's CLI, version's and info's structs.
    const char* why = lookup_ == FieldLookup::kLenient ? "is not a method but has arguments"
                                                       : "has arguments but cannot be invoked as function";
    template_error(fmt::format(":1: executing \"\" at <{}>: {} {}", head.source, name, why));
  }

  // `piped`, the previous command's value, is the last argument.
  Datum call_function(const std::string& name, std::span<const Operand> operands, const Datum& dot,
                      const Datum* piped) {
    if (name == "and" || name == "or") return and_or(name, operands, dot, piped);
    std::vector<Datum> args;
    for (const Operand& op : operands) args.push_back(eval_operand(op, dot));
    if (piped) args.push_back(*piped);
    // docker's HeaderFunctions: in a title, json, split, join, title, lower and upper return
    // their first argument, so {{.Names | upper}} is titled NAMES.
    static const std::set<std::string> title_kept = {"json", "split", "join", "title", "lower", "upper"};
    if (titles_ && title_kept.contains(name) && !args.empty()) return {json(print(args[0].value))};
    // `json` of a whole row: docker's json function does not escape HTML, but a row of ps or
    // images is its formatter context, which marshals itself with json.Marshal, which does
    // ("<none>" comes out as "\u003cnone\u003e", as docker 20.10 prints it). version's and
    // info's objects are plain structs: not escaped.
    if (name == "json" && args.size() == 1 && args[0].is_row && lookup_ != FieldLookup::kStrictStruct)
      return {json(go_json(*args[0].value))};
    std::vector<Value> values;
    for (auto& arg : args) values.push_back(std::move(arg.value));
    return {call(name, values)};
  }

  // Go's and/or: the first falsy (and) or truthy (or) argument, else the last; evaluation stops
  // there, so {{and .A (index .A 0)}} is safe.
  Datum and_or(const std::string& name, std::span<const Operand> operands, const Datum& dot,
               const Datum* piped) {
    size_t count = operands.size() + (piped ? 1 : 0);
    if (count == 0)
      template_error(fmt::format("wrong number of args for {}: want at least 1 got 0", name));
    Datum value;
    for (size_t i = 0; i < count; ++i) {
      value = i < operands.size() ? eval_operand(operands[i], dot) : *piped;
      if (truthy(value.value) == (name == "or")) break;
    }
    return value;
  }

  Datum eval_operand(const Operand& op, const Datum& dot) {
    switch (op.kind) {
      case Operand::Kind::kField:
        return lookup_fields(dot, op, lookup_, methods_);
      case Operand::Kind::kVariable:
        return lookup_fields(variable(op.name), op, lookup_, methods_);
      case Operand::Kind::kConstant:
        return {op.constant};
      case Operand::Kind::kNil:
        return {json(nullptr)};
      case Operand::Kind::kFunction:
        return call_function(op.name, {}, dot, nullptr);
      case Operand::Kind::kPipeline:
        return lookup_fields(eval_pipeline(*op.pipeline, dot), op, lookup_, methods_);
    }
    return {};
  }

  Datum& variable(const std::string& name) {
    for (auto it = variables_.rbegin(); it != variables_.rend(); ++it)
      if (it->first == name) return it->second;
    template_error(fmt::format("undefined variable \"{}\"", name));
  }

  FieldLookup lookup_;
  const TemplateMethods& methods_;  // the row's ($'s)
  bool titles_;
  std::vector<std::pair<std::string, Datum>> variables_;  // in scope, innermost last
};

}  // namespace

std::string render_template(std::string_view tmpl, const json& fields, FieldLookup lookup,
                            const TemplateMethods& methods) {
  std::vector<Node> tree = gotmpl::parse(docker_preformat(tmpl), is_function);
  return Executor(fields, lookup, methods).run(tree);
}

namespace {

std::string render_titles(std::string_view tmpl, const json& names, const TemplateMethods& methods) {
  std::vector<Node> tree = gotmpl::parse(docker_preformat(tmpl), is_function);
  return Executor(names, FieldLookup::kLenient, methods, true).run(tree);
}

}  // namespace

bool is_table_format(std::string_view format) {
  return format == "table" || format.starts_with("table ") || format.starts_with("table\t");
}

std::string render_table(std::string_view tmpl, const std::vector<json>& rows,
                         const std::map<std::string, std::string>& headers, FieldLookup lookup) {
  std::vector<TemplateRow> plain;
  plain.reserve(rows.size());
  for (const auto& row : rows) plain.push_back({row, {}});
  return render_table(tmpl, plain, headers, {}, lookup);
}

std::string render_table(std::string_view tmpl, const std::vector<TemplateRow>& rows,
                         const std::map<std::string, std::string>& headers,
                         const TemplateMethods& header_methods, FieldLookup lookup) {
  json names = json::object();
  for (const auto& row : rows) {
    if (!row.fields.is_object()) continue;
    for (const auto& [k, v] : row.fields.items()) names[k] = change_case(k, true);
  }
  for (const auto& [k, h] : headers) names[k] = h;
  std::string body;
  for (const auto& row : rows) body += render_template(tmpl, row.fields, lookup, row.methods) + "\n";
  // The titles. docker ignores an error here ({{.Names "x"}} fails its rows, not its header).
  std::string titles;
  try {
    titles = render_titles(tmpl, names, header_methods);
  } catch (const Error&) {
  }
  return align_columns(titles + "\n" + body);
}

std::string align_columns(std::string_view text, size_t min_width) {
  constexpr size_t kPadding = 3;
  std::vector<std::vector<std::string>> lines;
  for (const auto& line : split(text, '\n')) lines.push_back(split(line, '\t'));
  if (!text.empty() && text.back() == '\n') lines.pop_back();
  std::vector<size_t> widths;
  for (const auto& cells : lines) {
    for (size_t i = 0; i + 1 < cells.size(); ++i) {  // the last cell is not a column
      if (widths.size() <= i) widths.push_back(min_width);
      widths[i] = std::max(widths[i], utf8_length(cells[i]) + kPadding);
    }
  }
  std::string out;
  for (const auto& cells : lines) {
    for (size_t i = 0; i < cells.size(); ++i) {
      out += cells[i];
      if (i + 1 < cells.size()) out.append(widths[i] - utf8_length(cells[i]), ' ');
    }
    out += '\n';
  }
  return out;
}

}  // namespace berth::cli
