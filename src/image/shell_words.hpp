// Variable substitution in Dockerfile words, after docker's shell lexer (buildkit's shell/lex.go):
// $VAR, ${VAR}, ${VAR:-word}, ${VAR:+word}, ${VAR:?msg} (and the forms without ':'), quotes
// removed, the escape character honoured. RUN, CMD and ENTRYPOINT are not substituted: their
// shell does it.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace berth::image {

using BuildEnv = std::map<std::string, std::string, std::less<>>;

// Expands one word (ENV and LABEL values, COPY sources, WORKDIR ...). Throws Error (exit 125)
// for a syntax error ("syntax error: missing '}'") or a ${VAR:?msg} whose VAR is empty.
std::string expand_word(std::string_view word, const BuildEnv& env, char escape = '\\');

}  // namespace berth::image
