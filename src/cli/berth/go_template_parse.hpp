// The parsed form of a --format template: Go text/template's tree, reduced to the part berth
// executes (text, actions, if, range, with, variables, parenthesised pipelines). Parsing once
// and then executing lets errors in blocks that never run (an unbalanced {{end}}, an unknown
// function or variable) be reported as Go reports them, whatever the data.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace berth::cli::gotmpl {

struct Pipeline;

// An argument, or the head of a command.
struct Operand {
  enum class Kind {
    kField,     // dot, then `path`: ".", ".A.B"
    kVariable,  // `name` ("$", "$x"), then `path`
    kConstant,  // a string, number or bool literal
    kNil,       // the literal nil: an argument only
    kFunction,  // `name`: called with the command's other operands
    kPipeline,  // a parenthesised pipeline, then `path`
  };
  Kind kind = Kind::kConstant;
  std::string source;             // as written, for error messages
  std::string name;               // variable or function
  std::vector<std::string> path;  // field names looked up in turn
  nlohmann::json constant;
  std::shared_ptr<const Pipeline> pipeline;
};

// A function call when operands[0] is a function, otherwise a single operand.
struct Command {
  std::vector<Operand> operands;
};

struct Pipeline {
  std::vector<std::string> variables;  // declared ($x := ...) or assigned ($x = ...)
  bool assigns = false;                // "=" rather than ":="
  std::vector<Command> commands;       // each one's value is the next one's last argument
};

struct Node {
  enum class Kind { kText, kAction, kIf, kRange, kWith };
  Kind kind = Kind::kText;
  std::string text;   // kText
  Pipeline pipeline;  // the others
  std::vector<Node> body;
  std::vector<Node> else_body;  // {{else if}} and {{else with}} are a single nested kIf / kWith
};

// Parses a template (after docker's "table" and \t preprocessing). `is_function` says which
// identifiers name functions. Throws Error("template: ...") on a malformed template.
std::vector<Node> parse(std::string_view tmpl,
                        const std::function<bool(const std::string&)>& is_function);

}  // namespace berth::cli::gotmpl
