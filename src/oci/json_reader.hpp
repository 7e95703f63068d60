// JsonReader: typed access to a JSON value that names the JSON path in every error,
// e.g. `config.json: linux.namespaces[2].type: expected a string, got number`.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace berth::oci {

class JsonReader {
 public:
  JsonReader(const nlohmann::json& value, std::string path, std::string origin)
      : value_(value), path_(std::move(path)), origin_(std::move(origin)) {}

  const nlohmann::json& value() const { return value_; }
  const std::string& path() const { return path_; }
  bool is_null() const { return value_.is_null(); }

  // A member; a missing member reads as null.
  JsonReader at(const std::string& key) const;
  JsonReader at(size_t index) const;
  bool has(const std::string& key) const;
  // A member that must be present and not null: fails with "is required" otherwise.
  JsonReader req(const std::string& key) const;

  std::string as_string() const;
  bool as_bool() const;
  int64_t as_int() const;
  uint64_t as_uint() const;
  uint32_t as_u32() const;
  std::vector<std::string> as_string_list() const;
  std::map<std::string, std::string> as_string_map() const;
  // Calls fn(JsonReader) for each element of an array (null: no elements).
  template <typename Fn>
  void for_each(Fn&& fn) const {
    if (value_.is_null()) return;
    require_array();
    for (size_t i = 0; i < value_.size(); ++i) fn(at(i));
  }

  std::optional<std::string> opt_string(const std::string& key) const;
  std::optional<bool> opt_bool(const std::string& key) const;
  std::optional<int64_t> opt_int(const std::string& key) const;
  std::optional<uint64_t> opt_uint(const std::string& key) const;
  std::optional<uint32_t> opt_u32(const std::string& key) const;

  // Throws an Error naming the origin and this path.
  [[noreturn]] void fail(const std::string& what) const;
  void require_object() const;
  void require_array() const;

 private:
  const nlohmann::json& value_;
  std::string path_;
  std::string origin_;
};

}  // namespace berth::oci
