// Encoding and splitting the attach socket's frames.
#include "engine/attach_frames.hpp"

namespace berth::engine::frame {
namespace {

void put_le(std::string& out, uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

uint32_t get_le(std::string_view in, int bytes) {
  uint32_t value = 0;
  for (int i = 0; i < bytes; ++i) value |= static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << (8 * i);
  return value;
}

}  // namespace

std::string encode(char kind, std::string_view payload) {
  std::string out(1, kind);
  put_le(out, static_cast<uint32_t>(payload.size()), 4);
  out.append(payload);
  return out;
}

std::string u32(uint32_t value) {
  std::string payload;
  put_le(payload, value, 4);
  return payload;
}

std::string encode_u32(char kind, uint32_t value) { return encode(kind, u32(value)); }

std::string encode_resize(uint16_t rows, uint16_t columns) {
  std::string payload;
  put_le(payload, rows, 2);
  put_le(payload, columns, 2);
  return encode(kResize, payload);
}

std::optional<uint32_t> decode_u32(std::string_view payload) {
  if (payload.size() != 4) return std::nullopt;
  return get_le(payload, 4);
}

std::optional<std::pair<uint16_t, uint16_t>> decode_resize(std::string_view payload) {
  if (payload.size() != 4) return std::nullopt;
  return std::pair{static_cast<uint16_t>(get_le(payload, 2)), static_cast<uint16_t>(get_le(payload.substr(2), 2))};
}

std::optional<Frame> Reader::next() {
  if (broken_ || buffer_.size() < 5) return std::nullopt;
  uint32_t size = get_le(std::string_view(buffer_).substr(1), 4);
  if (size > kMaxPayload) {
    broken_ = true;
    return std::nullopt;
  }
  if (buffer_.size() < 5 + size) return std::nullopt;
  Frame f{buffer_[0], buffer_.substr(5, size)};
  buffer_.erase(0, 5 + size);
  return f;
}

}  // namespace berth::engine::frame
