// JsonReader: typed JSON access with the JSON path in every error.
#include "oci/json_reader.hpp"

#include <fmt/core.h>

#include "base/error.hpp"

namespace berth::oci {
namespace {

const nlohmann::json& null_json() {
  static const nlohmann::json kNull;
  return kNull;
}

std::string type_name(const nlohmann::json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return "integer";
  if (v.is_number_float()) return "number";
  return v.type_name();
}

}  // namespace

void JsonReader::fail(const std::string& what) const {
  std::string where = path_.empty() ? std::string("(top level)") : path_;
  throw Error(fmt::format("{}: {}: {}", origin_, where, what));
}

void JsonReader::require_object() const {
  if (!value_.is_object()) fail(fmt::format("expected an object, got {}", type_name(value_)));
}

void JsonReader::require_array() const {
  if (!value_.is_array()) fail(fmt::format("expected an array, got {}", type_name(value_)));
}

JsonReader JsonReader::at(const std::string& key) const {
  std::string p = path_.empty() ? key : path_ + "." + key;
  if (value_.is_null()) return JsonReader(null_json(), p, origin_);
  require_object();
  auto it = value_.find(key);
  return JsonReader(it == value_.end() ? null_json() : *it, p, origin_);
}

JsonReader JsonReader::at(size_t index) const {
  return JsonReader(value_.at(index), fmt::format("{}[{}]", path_, index), origin_);
}

JsonReader JsonReader::req(const std::string& key) const {
  JsonReader r = at(key);
  if (r.is_null()) r.fail("is required");
  return r;
}

bool JsonReader::has(const std::string& key) const {
  return value_.is_object() && value_.contains(key) && !value_.at(key).is_null();
}

std::string JsonReader::as_string() const {
  if (!value_.is_string()) fail(fmt::format("expected a string, got {}", type_name(value_)));
  const auto& s = value_.get_ref<const std::string&>();
  // Every string here ends up in a syscall as a C string: a NUL would silently cut it short.
  if (s.find('\0') != std::string::npos) fail("string contains a NUL byte");
  return s;
}

bool JsonReader::as_bool() const {
  if (!value_.is_boolean()) fail(fmt::format("expected a boolean, got {}", type_name(value_)));
  return value_.get<bool>();
}

int64_t JsonReader::as_int() const {
  if (value_.is_number_unsigned()) {
    auto u = value_.get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX))
      fail(fmt::format("integer {} out of range for int64", u));
    return static_cast<int64_t>(u);
  }
  if (!value_.is_number_integer())
    fail(fmt::format("expected an integer, got {}", type_name(value_)));
  return value_.get<int64_t>();
}

uint64_t JsonReader::as_uint() const {
  if (value_.is_number_unsigned()) return value_.get<uint64_t>();
  if (value_.is_number_integer())
    fail(fmt::format("expected a non-negative integer, got {}", value_.get<int64_t>()));
  fail(fmt::format("expected a non-negative integer, got {}", type_name(value_)));
}

uint32_t JsonReader::as_u32() const {
  uint64_t v = as_uint();
  if (v > UINT32_MAX) fail(fmt::format("integer {} out of range for uint32", v));
  return static_cast<uint32_t>(v);
}

std::vector<std::string> JsonReader::as_string_list() const {
  std::vector<std::string> out;
  for_each([&](const JsonReader& r) { out.push_back(r.as_string()); });
  return out;
}

std::map<std::string, std::string> JsonReader::as_string_map() const {
  std::map<std::string, std::string> out;
  if (value_.is_null()) return out;
  require_object();
  for (auto it = value_.begin(); it != value_.end(); ++it) out[it.key()] = at(it.key()).as_string();
  return out;
}

std::optional<std::string> JsonReader::opt_string(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return at(key).as_string();
}
std::optional<bool> JsonReader::opt_bool(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return at(key).as_bool();
}
std::optional<int64_t> JsonReader::opt_int(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return at(key).as_int();
}
std::optional<uint64_t> JsonReader::opt_uint(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return at(key).as_uint();
}
std::optional<uint32_t> JsonReader::opt_u32(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return at(key).as_u32();
}

}  // namespace berth::oci
