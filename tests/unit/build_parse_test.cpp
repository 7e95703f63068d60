// The Dockerfile parser: every instruction's argument shape, continuations, comments, the
// escape directive, and errors that name the line.
#include "image/dockerfile_parse.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::image {
namespace {

using Words = std::vector<std::string>;

Instruction parse_one(std::string_view text) {
  auto df = parse_dockerfile(text);
  EXPECT_EQ(df.instructions.size(), 1u);
  return df.instructions.at(0);
}

std::string parse_error(std::string_view text) {
  try {
    parse_dockerfile(text);
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
    return e.what();
  }
  return "no error";
}

TEST(DockerfileParse, From) {
  auto i = parse_one("FROM busybox");
  EXPECT_EQ(i.keyword, "FROM");
  EXPECT_EQ(i.words, Words{"busybox"});
  i = parse_one("from golang:1.22 as build");
  EXPECT_EQ(i.keyword, "FROM");
  EXPECT_EQ(i.words, (Words{"golang:1.22", "as", "build"}));
  i = parse_one("FROM --platform=linux/amd64 scratch");
  EXPECT_EQ(i.flags, Words{"--platform=linux/amd64"});
  EXPECT_EQ(i.words, Words{"scratch"});
  EXPECT_EQ(parse_error("FROM a b"), "Dockerfile parse error line 1: FROM requires either one or three arguments");
}

TEST(DockerfileParse, RunShellAndExecForms) {
  auto i = parse_one("RUN echo \"$HOME\" && ls");
  EXPECT_FALSE(i.json_form);
  EXPECT_EQ(i.args, "echo \"$HOME\" && ls");
  i = parse_one(R"(RUN ["/bin/echo", "a b", "$X"])");
  EXPECT_TRUE(i.json_form);
  EXPECT_EQ(i.words, (Words{"/bin/echo", "a b", "$X"}));
  // Not a JSON array of strings: the shell form, as docker does.
  i = parse_one("RUN [ -f /x ] && echo y");
  EXPECT_FALSE(i.json_form);
  i = parse_one("CMD [\"a\", 1]");
  EXPECT_FALSE(i.json_form);
  i = parse_one("ENTRYPOINT [\"/probe\"]");
  EXPECT_TRUE(i.json_form);
  EXPECT_EQ(i.words, Words{"/probe"});
  i = parse_one("CMD []");
  EXPECT_TRUE(i.json_form);
  EXPECT_TRUE(i.words.empty());
  i = parse_one("SHELL [\"/bin/bash\", \"-c\"]");
  EXPECT_EQ(i.words, (Words{"/bin/bash", "-c"}));
  EXPECT_EQ(parse_error("SHELL /bin/bash -c"),
            "Dockerfile parse error line 1: SHELL requires the arguments to be in JSON form");
  EXPECT_EQ(parse_error("\n\nRUN"), "Dockerfile parse error line 3: RUN requires at least one argument");
}

TEST(DockerfileParse, CopyAndAdd) {
  auto i = parse_one("COPY --chown=app:app --from=build a b /dst/");
  EXPECT_EQ(i.flags, (Words{"--chown=app:app", "--from=build"}));
  EXPECT_EQ(i.words, (Words{"a", "b", "/dst/"}));
  EXPECT_EQ(flag_value(i, "chown"), "app:app");
  EXPECT_EQ(flag_value(i, "from"), "build");
  EXPECT_EQ(flag_value(i, "chmod"), std::nullopt);
  i = parse_one(R"(ADD ["a file", "/x y/"])");
  EXPECT_TRUE(i.json_form);
  EXPECT_EQ(i.words, (Words{"a file", "/x y/"}));
  EXPECT_EQ(parse_error("COPY a"), "Dockerfile parse error line 1: COPY requires at least two arguments");
  EXPECT_NO_THROW(check_flags(parse_one("COPY --from=x a b"), {"from", "chown"}));
  try {
    check_flags(parse_one("\nCOPY --link a b"), {"from", "chown"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "Dockerfile line 2: COPY: Unknown flag: link");
  }
}

TEST(DockerfileParse, EnvBothForms) {
  auto i = parse_one("ENV A hello   world");
  EXPECT_EQ(i.pairs, (std::vector<KeyValue>{{"A", "hello   world"}}));
  i = parse_one(R"(ENV A=1 B="two words" C=x\ y D='$E')");
  EXPECT_EQ(i.pairs, (std::vector<KeyValue>{{"A", "1"}, {"B", "\"two words\""}, {"C", "x\\ y"}, {"D", "'$E'"}}));
  EXPECT_EQ(parse_error("ENV A"), "Dockerfile parse error line 1: ENV must have two arguments");
  EXPECT_EQ(parse_error("ENV A=1 B"),
            "Dockerfile parse error line 1: Syntax error - can't find = in \"B\". Must be of the form: name=value");
}

TEST(DockerfileParse, LabelAndArg) {
  auto i = parse_one(R"(LABEL org.x.v="1.0" "quoted key"=v)");
  EXPECT_EQ(i.pairs, (std::vector<KeyValue>{{"org.x.v", "\"1.0\""}, {"\"quoted key\"", "v"}}));
  i = parse_one("ARG A");
  EXPECT_EQ(i.pairs, (std::vector<KeyValue>{{"A", std::nullopt}}));
  i = parse_one("ARG A=1 B");
  EXPECT_EQ(i.pairs, (std::vector<KeyValue>{{"A", "1"}, {"B", std::nullopt}}));
  i = parse_one("ARG A=");
  EXPECT_EQ(i.pairs, (std::vector<KeyValue>{{"A", ""}}));
}

TEST(DockerfileParse, SingleArgumentInstructions) {
  EXPECT_EQ(parse_one("WORKDIR /my dir").words, Words{"/my dir"});
  EXPECT_EQ(parse_one("USER app:app").words, Words{"app:app"});
  EXPECT_EQ(parse_one("STOPSIGNAL SIGKILL").words, Words{"SIGKILL"});
  EXPECT_EQ(parse_one("EXPOSE 80 443/tcp 53/udp").words, (Words{"80", "443/tcp", "53/udp"}));
  EXPECT_EQ(parse_one("VOLUME [\"/data\"]").words, Words{"/data"});
  EXPECT_EQ(parse_one("VOLUME /a /b").words, (Words{"/a", "/b"}));
  EXPECT_EQ(parse_one("MAINTAINER me <me@x>").words, Words{"me <me@x>"});
  EXPECT_EQ(parse_one("HEALTHCHECK NONE").words, Words{"NONE"});
  EXPECT_EQ(parse_one("ONBUILD RUN x").words, (Words{"RUN", "x"}));
  EXPECT_EQ(parse_error("WORKDIR"), "Dockerfile parse error line 1: WORKDIR requires exactly one argument");
  EXPECT_EQ(parse_error("EXPOSE"), "Dockerfile parse error line 1: EXPOSE requires at least one argument");
}

TEST(DockerfileParse, ContinuationsAndComments) {
  auto df = parse_dockerfile(
      "# a comment\n"
      "FROM busybox\n"
      "\n"
      "RUN echo a \\\n"
      "  && echo b \\\n"
      "# a comment inside\n"
      "\n"
      "  && echo c\n"
      "   # indented comment\n"
      "CMD [\"sh\"]\r\n");
  ASSERT_EQ(df.instructions.size(), 3u);
  EXPECT_EQ(df.instructions[1].line, 4);
  EXPECT_EQ(df.instructions[1].args, "echo a   && echo b   && echo c");
  EXPECT_EQ(df.instructions[1].original, "RUN echo a   && echo b   && echo c");
  EXPECT_EQ(df.instructions[2].line, 10);
  EXPECT_EQ(df.instructions[2].words, Words{"sh"});
  // A continuation at the end of the file ends the instruction.
  df = parse_dockerfile("FROM a\nRUN x \\");
  EXPECT_EQ(df.instructions.back().args, "x");
  // Blanks after the backslash still continue the line.
  df = parse_dockerfile("RUN a \\  \n b");
  EXPECT_EQ(df.instructions[0].args, "a  b");
}

TEST(DockerfileParse, EscapeDirective) {
  auto df = parse_dockerfile(
      "# escape=`\n"
      "FROM scratch\n"
      "COPY a `\n"
      "  C:\\dir\\\n");
  EXPECT_EQ(df.escape, '`');
  ASSERT_EQ(df.instructions.size(), 2u);
  EXPECT_EQ(df.instructions[1].words, (Words{"a", "C:\\dir\\"}));
  // After an instruction, "# escape=" is an ordinary comment.
  df = parse_dockerfile("FROM scratch\n# escape=`\nRUN a \\\n b");
  EXPECT_EQ(df.escape, '\\');
  EXPECT_EQ(df.instructions[1].args, "a  b");
  // Other directives are accepted and ignored.
  df = parse_dockerfile("# syntax=docker/dockerfile:1\n#escape = `\nFROM x");
  EXPECT_EQ(df.escape, '`');
  EXPECT_EQ(parse_error("# escape=x\nFROM a"),
            "Dockerfile parse error line 1: invalid escape token 'x' does not match ` or \\");
  EXPECT_EQ(parse_error("# escape=`\n# escape=\\\nFROM a"),
            "Dockerfile parse error line 2: only one escape parser directive can be used");
}

TEST(DockerfileParse, UnknownInstructionNamesItsLine) {
  EXPECT_EQ(parse_error("FROM a\n\nFOO bar\n"), "Dockerfile parse error line 3: unknown instruction: FOO");
  EXPECT_EQ(parse_error("FROM a\nRUN x \\\n  y\nfrob"), "Dockerfile parse error line 4: unknown instruction: FROB");
}

TEST(DockerfileParse, SplitWords) {
  EXPECT_EQ(split_words(R"(a "b c" 'd e' f\ g)", '\\'), (Words{"a", "\"b c\"", "'d e'", "f\\ g"}));
  EXPECT_EQ(split_words(R"(  "" x  )", '\\'), (Words{"\"\"", "x"}));
  EXPECT_EQ(split_words(R"(a="x \" y")", '\\'), (Words{"a=\"x \\\" y\""}));
}

}  // namespace
}  // namespace berth::image
