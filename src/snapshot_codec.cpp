#include "nudgekit/snapshot_codec.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "detail/cold.h"
#include "detail/utf8.h"

namespace nudgekit {
NK_COLD_CODE_BEGIN
namespace {

constexpr std::string_view kMagic = "NKSN";
constexpr std::size_t kHeaderSize = 12;  // magic, version, flags, payload length
constexpr std::size_t kChecksumSize = 4;
constexpr std::size_t kMaxVarintBytes = 10;  // ceil(64 / 7)

// JSON values: tag:u8, then
//   0 null · 1 false · 2 true
//   3 unsigned integer: varint          4 signed integer: zigzag varint
//   5 double: 8 bytes, finite           6 string: varint byte length, UTF-8 bytes
//   7 array: varint count, values       8 object: varint count, (varint key length, key, value) × count
// nlohmann keeps signed, unsigned and double apart, and so does the form: a value is restored with the
// same JSON type it had, not merely an equal number.
enum JsonTag : std::uint8_t { kNull, kFalse, kTrue, kUnsigned, kSigned, kDouble, kString, kArray, kObject };

// Every member takes at least a one-byte key length and a one-byte value tag.
constexpr std::size_t kMinObjectMemberBytes = 2;

constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t crc = i;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    table[i] = crc;
  }
  return table;
}

// Built by the compiler: 1 KB of read-only data, and a byte per lookup keeps restore time off the
// critical path for the large snapshots of long-lived users.
constexpr auto kCrcTable = make_crc_table();

void append_little_endian(std::string& out, std::uint64_t value, std::size_t bytes) {
  for (std::size_t i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

std::uint64_t load_little_endian(const char* data, std::size_t bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < bytes; ++i) value |= std::uint64_t{static_cast<unsigned char>(data[i])} << (8 * i);
  return value;
}

std::uint64_t zigzag(std::int64_t value) {
  const auto bits = static_cast<std::uint64_t>(value);
  return value < 0 ? ~(bits << 1) : bits << 1;
}

std::int64_t unzigzag(std::uint64_t value) {
  const std::uint64_t magnitude = value >> 1;
  return static_cast<std::int64_t>((value & 1) ? ~magnitude : magnitude);
}

std::string hex32(std::uint32_t value) {
  char text[11];
  std::snprintf(text, sizeof text, "0x%08X", static_cast<unsigned>(value));
  return text;
}

Error snapshot_error(std::string code, std::string message) {
  return Error{std::move(code), "", std::move(message)};
}

}  // namespace

std::uint32_t snapshot_crc32(std::string_view bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (char c : bytes) crc = (crc >> 8) ^ kCrcTable[(crc ^ static_cast<unsigned char>(c)) & 0xFF];
  return ~crc;
}

// ---- writer -------------------------------------------------------------------------------------

void SnapshotWriter::put_u8(std::uint8_t value) { payload_.push_back(static_cast<char>(value)); }
void SnapshotWriter::put_u32(std::uint32_t value) { append_little_endian(payload_, value, 4); }
void SnapshotWriter::put_u64(std::uint64_t value) { append_little_endian(payload_, value, 8); }
void SnapshotWriter::put_i32(std::int32_t value) { put_u32(static_cast<std::uint32_t>(value)); }
void SnapshotWriter::put_i64(std::int64_t value) { put_u64(static_cast<std::uint64_t>(value)); }

void SnapshotWriter::put_f64(double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  put_u64(bits);
}

void SnapshotWriter::put_varint(std::uint64_t value) {
  while (value >= 0x80) {
    payload_.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  payload_.push_back(static_cast<char>(value));
}

void SnapshotWriter::put_string(std::string_view bytes) {
  put_varint(bytes.size());
  payload_.append(bytes.data(), bytes.size());
}

void SnapshotWriter::put_json(const Json& root) {
  // An explicit stack instead of recursion: the engine may hold values built by code, not only parsed
  // ones, and writing a snapshot must not be the place where their depth overflows the stack.
  struct Open {
    const Json* container;
    Json::const_iterator next;
  };
  std::vector<Open> open;
  const auto put_value = [&](const Json& value) {
    switch (value.type()) {
      case Json::value_t::null:
        put_u8(kNull);
        break;
      case Json::value_t::boolean:
        put_u8(value.get<bool>() ? kTrue : kFalse);
        break;
      case Json::value_t::number_unsigned:
        put_u8(kUnsigned);
        put_varint(value.get<std::uint64_t>());
        break;
      case Json::value_t::number_integer:
        put_u8(kSigned);
        put_varint(zigzag(value.get<std::int64_t>()));
        break;
      case Json::value_t::number_float: {
        const double number = value.get<double>();
        if (std::isfinite(number)) {
          put_u8(kDouble);
          put_f64(number);
        } else {
          put_u8(kNull);
        }
        break;
      }
      case Json::value_t::string:
        put_u8(kString);
        put_string(value.get_ref<const std::string&>());
        break;
      case Json::value_t::array:
      case Json::value_t::object:
        put_u8(value.is_array() ? kArray : kObject);
        put_varint(value.size());
        if (!value.empty()) open.push_back({&value, value.cbegin()});
        break;
      case Json::value_t::binary:
      case Json::value_t::discarded:
        throw std::invalid_argument("a snapshot cannot hold a binary or discarded JSON value");
    }
  };
  put_value(root);
  while (!open.empty()) {
    Open& top = open.back();
    if (top.next == top.container->cend()) {
      open.pop_back();
      continue;
    }
    const auto member = top.next++;
    if (top.container->is_object()) put_string(member.key());
    put_value(*member);  // may push, so `top` is not used after this
  }
}

void SnapshotWriter::begin_section(std::uint32_t tag) {
  put_u32(tag);
  open_sections_.push_back(payload_.size());
  put_u32(0);  // the length, filled in by end_section
}

void SnapshotWriter::end_section() {
  if (open_sections_.empty()) throw std::logic_error("end_section without begin_section");
  const std::size_t length_at = open_sections_.back();
  open_sections_.pop_back();
  const std::size_t length = payload_.size() - length_at - 4;
  if (length > 0xFFFFFFFFu) throw std::length_error("a snapshot section exceeds 4 GiB");
  for (std::size_t i = 0; i < 4; ++i) payload_[length_at + i] = static_cast<char>((length >> (8 * i)) & 0xFF);
}

std::string SnapshotWriter::finish() const {
  if (!open_sections_.empty()) throw std::logic_error("finish with a section still open");
  if (payload_.size() > 0xFFFFFFFFu) throw std::length_error("a snapshot payload exceeds 4 GiB");
  std::string out;
  out.reserve(kHeaderSize + payload_.size() + kChecksumSize);
  out.append(kMagic);
  append_little_endian(out, kSnapshotFormatVersion, 2);
  append_little_endian(out, 0, 2);  // flags: none defined yet
  append_little_endian(out, payload_.size(), 4);
  out.append(payload_);
  append_little_endian(out, snapshot_crc32(out), 4);
  return out;
}

// ---- reader -------------------------------------------------------------------------------------

bool SnapshotReader::open(std::string_view bytes, SnapshotReader& out, Error& error) {
  const auto truncated = [&](std::string detail) {
    error = snapshot_error("snapshot.truncated", "the snapshot is truncated: " + detail);
    return false;
  };
  const auto corrupt = [&](std::string detail) {
    error = snapshot_error("snapshot.corrupt", "the snapshot is corrupt: " + detail);
    return false;
  };
  const std::string present = std::to_string(bytes.size()) + " bytes present";
  // A write cut short within the magic is still recognisably ours, so it counts as truncated.
  if (bytes.size() < kMagic.size()) {
    if (kMagic.substr(0, bytes.size()) == bytes) return truncated("the header takes 12 bytes, " + present);
    return corrupt("it does not start with \"NKSN\"");
  }
  if (bytes.substr(0, kMagic.size()) != kMagic) return corrupt("it does not start with \"NKSN\"");
  if (bytes.size() < kMagic.size() + 2) return truncated("the header takes 12 bytes, " + present);
  const auto version = static_cast<std::uint16_t>(load_little_endian(bytes.data() + 4, 2));
  if (version > kSnapshotFormatVersion) {
    error = snapshot_error("snapshot.newer_version",
                           "the snapshot has format version " + std::to_string(version) +
                               "; this release reads format version " + std::to_string(kSnapshotFormatVersion) +
                               " and older");
    return false;
  }
  if (version == 0) return corrupt("format version 0 does not exist");
  if (bytes.size() < kHeaderSize) return truncated("the header takes 12 bytes, " + present);
  const auto flags = static_cast<std::uint16_t>(load_little_endian(bytes.data() + 6, 2));
  const std::uint64_t payload_length = load_little_endian(bytes.data() + 8, 4);
  // 64-bit arithmetic: on wasm32 size_t cannot hold a 4 GiB length plus the header.
  const std::uint64_t expected = kHeaderSize + payload_length + kChecksumSize;
  if (bytes.size() < expected) {
    return truncated("the header announces " + std::to_string(expected) + " bytes, " + present);
  }
  if (bytes.size() > expected) {
    return corrupt(std::to_string(bytes.size() - expected) + " unexpected bytes after the checksum");
  }
  const std::size_t checksum_at = kHeaderSize + static_cast<std::size_t>(payload_length);
  const auto stored = static_cast<std::uint32_t>(load_little_endian(bytes.data() + checksum_at, 4));
  const std::uint32_t computed = snapshot_crc32(bytes.substr(0, checksum_at));
  if (stored != computed) {
    error = snapshot_error("snapshot.checksum", "the snapshot's bytes changed after it was written (checksum " +
                                                    hex32(stored) + ", computed " + hex32(computed) + ")");
    return false;
  }
  // Checked after the checksum: a flag that survived it was set on purpose, for a feature we lack.
  if (flags != 0) return corrupt("unknown flags " + hex32(flags) + " in the header");
  out = SnapshotReader(bytes.substr(kHeaderSize, static_cast<std::size_t>(payload_length)), kHeaderSize);
  return true;
}

bool SnapshotReader::fail_at(std::size_t offset, std::string_view what) {
  if (ok()) {
    error_ = snapshot_error("snapshot.corrupt", "the snapshot is corrupt at byte " +
                                                    std::to_string(base_offset_ + offset) + ": " + std::string(what));
  }
  return false;
}

bool SnapshotReader::fail(std::string_view what) { return fail_at(at_, what); }

bool SnapshotReader::take(std::size_t count, const char*& data) {
  if (!ok()) return false;
  if (count > remaining()) {
    return fail_at(at_, "needs " + std::to_string(count) + " bytes, " + std::to_string(remaining()) + " left");
  }
  data = bytes_.data() + at_;
  at_ += count;
  return true;
}

template <class Unsigned>
bool SnapshotReader::get_little_endian(Unsigned& value) {
  const char* data = nullptr;
  if (!take(sizeof(Unsigned), data)) return false;
  value = static_cast<Unsigned>(load_little_endian(data, sizeof(Unsigned)));
  return true;
}

bool SnapshotReader::get_u8(std::uint8_t& value) { return get_little_endian(value); }
bool SnapshotReader::get_u32(std::uint32_t& value) { return get_little_endian(value); }
bool SnapshotReader::get_u64(std::uint64_t& value) { return get_little_endian(value); }

bool SnapshotReader::get_i32(std::int32_t& value) {
  std::uint32_t bits = 0;
  if (!get_u32(bits)) return false;
  value = static_cast<std::int32_t>(bits);
  return true;
}

bool SnapshotReader::get_i64(std::int64_t& value) {
  std::uint64_t bits = 0;
  if (!get_u64(bits)) return false;
  value = static_cast<std::int64_t>(bits);
  return true;
}

bool SnapshotReader::get_f64(double& value) {
  std::uint64_t bits = 0;
  if (!get_u64(bits)) return false;
  std::memcpy(&value, &bits, sizeof value);
  return true;
}

bool SnapshotReader::get_varint(std::uint64_t& value) {
  if (!ok()) return false;
  const std::size_t start = at_;
  std::uint64_t result = 0;
  for (std::size_t i = 0; i < kMaxVarintBytes; ++i) {
    if (at_ == bytes_.size()) return fail_at(start, "a varint runs past the end");
    const auto byte = static_cast<unsigned char>(bytes_[at_++]);
    // The tenth byte holds bit 63 alone; anything more would not fit in 64 bits.
    if (i == kMaxVarintBytes - 1 && byte > 1) return fail_at(start, "a varint overflows 64 bits");
    result |= std::uint64_t{byte & 0x7Fu} << (7 * i);
    if ((byte & 0x80) == 0) {
      value = result;
      return true;
    }
  }
  return fail_at(start, "a varint overflows 64 bits");
}

bool SnapshotReader::get_string(std::string& value, std::size_t max_bytes) {
  const std::size_t start = at_;
  std::uint64_t length = 0;
  if (!get_varint(length)) return false;
  if (length > max_bytes) {
    return fail_at(start, "a string of " + std::to_string(length) + " bytes exceeds the limit of " +
                              std::to_string(max_bytes));
  }
  if (length > remaining()) {
    return fail_at(start, "a string of " + std::to_string(length) + " bytes, " + std::to_string(remaining()) +
                              " left");
  }
  const char* data = nullptr;
  take(static_cast<std::size_t>(length), data);
  value.assign(data, static_cast<std::size_t>(length));
  return true;
}

bool SnapshotReader::get_json(Json& root, std::size_t max_depth, std::size_t max_string_bytes) {
  if (!ok()) return false;
  // Containers still being filled. The decoder never recurses, so the depth limit is a policy (the
  // engine never writes deeper values than it accepts), not what keeps the stack safe.
  struct Open {
    Json* container;
    std::uint64_t members_left;
  };
  std::vector<Open> open;
  std::string text;
  const auto get_text = [&]() {
    const std::size_t start = at_;
    if (!get_string(text, max_string_bytes)) return false;
    if (!detail::is_valid_utf8(text)) return fail_at(start, "invalid UTF-8 in a JSON string");
    return true;
  };
  Json* slot = &root;
  for (;;) {
    const std::size_t value_at = at_;
    std::uint8_t tag = 0;
    if (!get_u8(tag)) return false;
    switch (tag) {
      case kNull:
        *slot = nullptr;
        break;
      case kFalse:
      case kTrue:
        *slot = tag == kTrue;
        break;
      case kUnsigned:
      case kSigned: {
        std::uint64_t bits = 0;
        if (!get_varint(bits)) return false;
        if (tag == kUnsigned) {
          *slot = bits;
        } else {
          *slot = unzigzag(bits);
        }
        break;
      }
      case kDouble: {
        double number = 0;
        if (!get_f64(number)) return false;
        if (!std::isfinite(number)) return fail_at(value_at, "a JSON number is not finite");
        *slot = number;
        break;
      }
      case kString:
        if (!get_text()) return false;
        *slot = text;
        break;
      case kArray:
      case kObject: {
        if (open.size() + 1 > max_depth) {
          return fail_at(value_at, "JSON nests deeper than " + std::to_string(max_depth) + " levels");
        }
        std::uint64_t count = 0;
        if (!get_varint(count)) return false;
        const std::uint64_t most = tag == kArray ? remaining() : remaining() / kMinObjectMemberBytes;
        if (count > most) {
          return fail_at(value_at, "a JSON container of " + std::to_string(count) + " members in " +
                                       std::to_string(remaining()) + " bytes");
        }
        *slot = tag == kArray ? Json::array() : Json::object();
        if (count > 0) open.push_back({slot, count});
        break;
      }
      default:
        return fail_at(value_at, "unknown JSON tag " + std::to_string(tag));
    }
    // Move to the slot of the next value: the next member of the innermost unfinished container.
    // Slots stay valid while they are filled: only the innermost container grows, and it grows only
    // after its previous member is complete.
    while (!open.empty() && open.back().members_left == 0) open.pop_back();
    if (open.empty()) return true;
    Open& top = open.back();
    --top.members_left;
    if (top.container->is_array()) {
      auto& elements = top.container->get_ref<Json::array_t&>();
      elements.emplace_back();
      slot = &elements.back();
    } else {
      const std::size_t key_at = at_;
      if (!get_text()) return false;
      const auto [member, inserted] = top.container->get_ref<Json::object_t&>().emplace(text, nullptr);
      if (!inserted) return fail_at(key_at, "a duplicate JSON key");
      slot = &member->second;
    }
  }
}

bool SnapshotReader::next_section(std::uint32_t& tag, SnapshotReader& section) {
  if (!ok() || at_end()) return false;
  const std::size_t start = at_;
  std::uint32_t section_tag = 0;
  std::uint32_t length = 0;
  if (!get_u32(section_tag) || !get_u32(length)) return false;
  if (length > remaining()) {
    return fail_at(start, "a section of " + std::to_string(length) + " bytes, " + std::to_string(remaining()) +
                              " left");
  }
  section = SnapshotReader(bytes_.substr(at_, length), base_offset_ + at_);
  at_ += length;
  tag = section_tag;
  return true;
}

NK_COLD_CODE_END
}  // namespace nudgekit
