// Dockerfile parsing: lines, continuations, comments and parser directives into instructions,
// with docker's argument shapes (exec form JSON vs shell form, name=value pairs, flags).
//
// The text of an argument stays as written (quotes, $VARs): substitution belongs to the
// builder, which knows the environment of each step (see shell_words.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::image {

// ENV, LABEL and ARG arguments. ENV/LABEL always have a value; ARG may not.
struct KeyValue {
  std::string key;
  std::optional<std::string> value;
  bool operator==(const KeyValue&) const = default;
};

struct Instruction {
  std::string keyword;             // upper case: "FROM", "RUN", ...
  std::vector<std::string> flags;  // "--from=build", "--chown=a:b", as written
  std::string args;                // the text after the keyword and its flags, trimmed
  bool json_form = false;          // args was a JSON array of strings (exec form)
  // FROM, COPY, ADD, EXPOSE, VOLUME, USER, WORKDIR, STOPSIGNAL: the words (the JSON array's
  // elements for the exec form). RUN, CMD, ENTRYPOINT, SHELL: the JSON array's elements when
  // json_form; empty for the shell form (use args).
  std::vector<std::string> words;
  std::vector<KeyValue> pairs;  // ENV, LABEL, ARG
  std::string original;         // the whole instruction as written, continuations joined
  int line = 0;                 // its first line, counting from 1
};

struct Dockerfile {
  char escape = '\\';
  std::vector<Instruction> instructions;
};

// Parses a Dockerfile. Throws Error (exit 125) "Dockerfile parse error line N: ..." on an
// unknown instruction, a malformed directive or arguments of the wrong shape.
Dockerfile parse_dockerfile(std::string_view text);

// Docker's parseWords: splits on whitespace outside quotes, keeping quotes and escapes in the
// words (substitution removes them later).
std::vector<std::string> split_words(std::string_view text, char escape);

// A flag's value: "--chown=a:b" with name "chown" gives "a:b"; nullopt when absent.
std::optional<std::string> flag_value(const Instruction& ins, std::string_view name);
// Refuses any flag not in `known`, with docker's "Unknown flag: x".
void check_flags(const Instruction& ins, const std::vector<std::string_view>& known);

}  // namespace berth::image
