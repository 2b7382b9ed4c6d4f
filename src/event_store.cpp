// Recording and queries of the event store; its snapshot is in event_snapshot.cpp. The rules are
// documented in event_store.h.
#include "nudgekit/event_store.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "detail/utf8.h"

namespace nudgekit {
namespace {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min();
// Bounds the day arithmetic (horizon · 86400000 stays far from overflow) while allowing any real horizon.
constexpr std::int32_t kMaxHorizonDays = 1000000;

const Json& empty_props() {
  static const Json empty = Json::object();
  return empty;
}
// Events without props are stored as null (no allocation) but read as {} so predicates see an object.
const Json& readable(const Json& props) { return props.is_null() ? empty_props() : props; }

bool valid_time(std::int64_t time_ms) { return time_ms >= -EventStore::kMaxTimeMs && time_ms <= EventStore::kMaxTimeMs; }

std::int64_t floor_div(std::int64_t value, std::int64_t divisor) {
  const std::int64_t quotient = value / divisor;
  return value % divisor < 0 ? quotient - 1 : quotient;
}

template <class T>
const T* first_at_or_after(const T* begin, const T* end, std::int64_t time_ms) {
  return std::lower_bound(begin, end, time_ms, [](const T& item, std::int64_t t) { return item.time_ms < t; });
}
template <class T>
const T* first_after(const T* begin, const T* end, std::int64_t time_ms) {
  return std::upper_bound(begin, end, time_ms, [](std::int64_t t, const T& item) { return t < item.time_ms; });
}

// Counts the distinct days of a time-sorted sequence. Days are nearly monotone in time (only a zone change
// moves them back), so one comparison decides in the common case; a day below the newest one seen is
// looked up among the earlier elements, which only travel across midnight makes happen.
class DistinctDays {
 public:
  template <class SeenBefore>
  void add(std::int32_t day, SeenBefore seen_before) {
    if (count_ == 0 || day > newest_) {
      ++count_;
      newest_ = day;
    } else if (day != newest_ && day != previous_ && !seen_before(day)) {
      ++count_;
    }
    previous_ = day;
  }
  int count() const { return count_; }

 private:
  int count_ = 0;
  std::int32_t newest_ = 0;
  std::int32_t previous_ = 0;
};

bool props_error(Error& error, std::string message) {
  error = {"event.invalid_props", "", std::move(message)};
  return false;
}

// An upper bound on the length of value's JSON text (every character escaped as \uXXXX, numbers at
// their longest), so that small props — nearly all of them — skip serializing just to be measured.
// Called after validation, so the depth is bounded.
std::size_t json_size_bound(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object: {
      std::size_t bound = 2;
      for (auto it = value.begin(); it != value.end(); ++it) bound += 6 * it.key().size() + 4 + json_size_bound(it.value());
      return bound;
    }
    case Json::value_t::array: {
      std::size_t bound = 2;
      for (const Json& element : value) bound += 1 + json_size_bound(element);
      return bound;
    }
    case Json::value_t::string:
      return 6 * value.get_ref<const std::string&>().size() + 2;
    default:
      return 32;
  }
}

bool check_props_value(const Json& value, std::size_t depth, Error& error) {
  switch (value.type()) {
    case Json::value_t::object:
    case Json::value_t::array: {
      if (depth + 1 > EventStore::kMaxPropsDepth) {
        return props_error(error, "props nest deeper than " + std::to_string(EventStore::kMaxPropsDepth) + " levels");
      }
      if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
          if (!check_props_value(value[i], depth + 1, error)) {
            error.pointer = pointer_append("", i) + error.pointer;
            return false;
          }
        }
        return true;
      }
      for (auto it = value.begin(); it != value.end(); ++it) {
        const std::string& key = it.key();
        bool ok = true;
        if (key.empty()) {
          ok = props_error(error, "property keys must not be empty");
        } else if (key.size() > EventStore::kMaxKeyBytes) {
          ok = props_error(error, "property keys are at most " + std::to_string(EventStore::kMaxKeyBytes) + " bytes");
        } else if (!detail::is_valid_utf8(key)) {
          ok = props_error(error, "property keys must be valid UTF-8");
        } else {
          ok = check_props_value(it.value(), depth + 1, error);
        }
        if (!ok) {
          error.pointer = pointer_append("", key) + error.pointer;
          return false;
        }
      }
      return true;
    }
    case Json::value_t::string:
      return detail::is_valid_utf8(value.get_ref<const std::string&>()) ||
             props_error(error, "strings must be valid UTF-8");
    case Json::value_t::number_float:
      return std::isfinite(value.get<double>()) || props_error(error, "numbers must be finite");
    case Json::value_t::binary:
      return props_error(error, "binary values are not JSON");
    default:
      return true;
  }
}

std::size_t string_heap_bytes(const std::string& text) {
  static const std::size_t inline_capacity = std::string().capacity();
  return text.capacity() > inline_capacity ? text.capacity() + 1 : 0;
}

// Red-black tree nodes carry three pointers and a colour besides the value.
constexpr std::size_t kTreeNodeBytes = 4 * sizeof(void*);

std::size_t json_heap_bytes(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object: {
      std::size_t bytes = sizeof(Json::object_t);
      for (const auto& [key, member] : value.get_ref<const Json::object_t&>()) {
        bytes += kTreeNodeBytes + sizeof(Json::object_t::value_type) + string_heap_bytes(key) + json_heap_bytes(member);
      }
      return bytes;
    }
    case Json::value_t::array: {
      const auto& elements = value.get_ref<const Json::array_t&>();
      std::size_t bytes = sizeof(Json::array_t) + elements.capacity() * sizeof(Json);
      for (const Json& element : elements) bytes += json_heap_bytes(element);
      return bytes;
    }
    case Json::value_t::string:
      return sizeof(std::string) + string_heap_bytes(value.get_ref<const std::string&>());
    case Json::value_t::binary:
      return sizeof(Json::binary_t) + value.get_binary().capacity();
    default:
      return 0;
  }
}

}  // namespace

EventStore::EventStore(EventStoreOptions options) : options_(std::move(options)) {
  options_.horizon_days = std::clamp<std::int32_t>(options_.horizon_days, 0, kMaxHorizonDays);
  options_.max_future_skew_ms = std::clamp<std::int64_t>(options_.max_future_skew_ms, 0, kMaxTimeMs);
}

std::int32_t EventStore::local_day(std::int64_t time_ms, std::int32_t utc_offset_minutes) {
  return static_cast<std::int32_t>(floor_div(time_ms + std::int64_t{utc_offset_minutes} * 60000, kMsPerDay));
}

bool EventStore::is_valid_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes) return false;
  const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (!letter(name[0]) && name[0] != '_') return false;
  return std::all_of(name.begin(), name.end(), [&](char c) {
    return letter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '-';
  });
}

std::optional<std::uint32_t> EventStore::name_id(std::string_view name) const {
  const auto it = ids_.find(name);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

std::uint32_t EventStore::intern(std::string_view name) {
  if (const auto id = name_id(name)) return *id;
  if (!is_valid_name(name) || names_.size() >= kMaxInternedNames) return kNoName;
  NameState state;
  state.name = std::string(name);
  for (const auto& [event, property] : options_.sum_properties) {
    if (event == name) {
      state.sum_property = property;
      break;
    }
  }
  const auto id = static_cast<std::uint32_t>(names_.size());
  names_.push_back(std::move(state));
  ids_.emplace(std::string(name), id);
  return id;
}

std::string_view EventStore::name(std::uint32_t id) const {
  const NameState* found = state(id);
  return found ? std::string_view(found->name) : std::string_view();
}

bool EventStore::validate_props(const Json& props, Error& error) {
  if (props.is_null()) return true;
  if (!props.is_object()) return props_error(error, "props must be an object");
  return check_props_value(props, 0, error);
}

bool EventStore::record(std::string_view name, const Json& props, std::int64_t time_ms,
                        std::int32_t utc_offset_minutes, std::int64_t now_ms, Error& error) {
  if (!is_valid_name(name)) {
    error = {"event.invalid_name", "/name",
             "event names are 1 to 64 characters of letters, digits, '_', '.', ':' and '-', starting with a "
             "letter or '_'"};
    return false;
  }
  if (!valid_time(now_ms)) {
    error = {"event.invalid_time", "/now", "the clock reading is outside the range of JavaScript dates"};
    return false;
  }
  if (!valid_time(time_ms)) {
    error = {"event.invalid_time", "/time", "the event time is outside the range of JavaScript dates"};
    return false;
  }
  if (utc_offset_minutes < -kMaxOffsetMinutes || utc_offset_minutes > kMaxOffsetMinutes) {
    error = {"event.invalid_time", "/utc_offset_minutes", "UTC offsets are within ±18 hours"};
    return false;
  }
  if (time_ms > now_ms + options_.max_future_skew_ms) {
    error = {"event.in_future", "/time",
             "the event is " + std::to_string((time_ms - now_ms) / 1000) + " s in the future; the limit is " +
                 std::to_string(options_.max_future_skew_ms / 1000) + " s"};
    return false;
  }
  // An event a little ahead of now is the app's clock disagreeing with the device's: it happened now,
  // and must count in windows ending now (a segment reacting to it must not wait for the clock).
  time_ms = std::min(time_ms, now_ms);
  if (time_ms < now_ms - std::int64_t{options_.horizon_days} * kMsPerDay) {
    error = {"event.too_old", "/time",
             "the event is older than the " + std::to_string(options_.horizon_days) + "-day horizon"};
    return false;
  }
  if (!validate_props(props, error)) {
    error.pointer = "/props" + error.pointer;
    return false;
  }
  const bool has_props = props.is_object() && !props.empty();
  if (has_props && json_size_bound(props) > options_.max_props_bytes) {
    const std::size_t bytes = to_json_text(props).size();
    if (bytes > options_.max_props_bytes) {
      error = {"event.invalid_props", "/props",
               "props are " + std::to_string(bytes) + " bytes of JSON; the limit is " +
                   std::to_string(options_.max_props_bytes)};
      return false;
    }
  }
  const std::optional<std::uint32_t> known = name_id(name);
  const bool first_event_of_name = !known || names_[*known].lifetime.count == 0;
  if ((first_event_of_name && names_with_events_ >= options_.max_event_names) ||
      (!known && names_.size() >= kMaxInternedNames)) {
    error = {"event.too_many_names", "/name",
             "events of " + std::to_string(options_.max_event_names) + " names are already stored"};
    return false;
  }

  const std::uint32_t id = known ? *known : intern(name);
  NameState& named = names_[id];
  const double value = summed_value(named, props);
  const std::int32_t day = local_day(time_ms, utc_offset_minutes);
  Lifetime& lifetime = named.lifetime;
  if (lifetime.count == 0) {
    ++names_with_events_;
    lifetime.first_ms = lifetime.last_ms = time_ms;
  }
  ++lifetime.count;
  if (std::isfinite(value)) lifetime.sum += value;
  lifetime.first_ms = std::min(lifetime.first_ms, time_ms);
  lifetime.last_ms = std::max(lifetime.last_ms, time_ms);
  raise_latest_day(day);
  add_to_aggregates(named, time_ms, day, value);
  add_to_ring(id, time_ms, day, value, has_props ? Json(props) : Json());
  return true;
}

void EventStore::advance(std::int64_t now_ms, std::int32_t utc_offset_minutes) {
  if (!valid_time(now_ms) || utc_offset_minutes < -kMaxOffsetMinutes || utc_offset_minutes > kMaxOffsetMinutes) return;
  raise_latest_day(local_day(now_ms, utc_offset_minutes));
}

double EventStore::summed_value(const NameState& named, const Json& props) const {
  constexpr double kNothing = std::numeric_limits<double>::quiet_NaN();
  if (!named.sum_property || !props.is_object()) return kNothing;
  const auto it = props.find(*named.sum_property);
  if (it == props.end() || !it->is_number()) return kNothing;
  const double value = it->get<double>();
  return std::isfinite(value) ? value : kNothing;
}

void EventStore::raise_latest_day(std::int32_t day) {
  if (latest_day_ && day <= *latest_day_) return;
  latest_day_ = day;
  prune_days();
}

void EventStore::prune_days() {
  if (!latest_day_) return;
  const std::int64_t cut = std::int64_t{*latest_day_} - options_.horizon_days;
  for (NameState& named : names_) {
    auto& days = named.days;
    const auto keep = std::find_if(days.begin(), days.end(), [&](const DayAggregate& d) { return d.day >= cut; });
    days.erase(days.begin(), keep);
  }
}

void EventStore::add_to_aggregates(NameState& named, std::int64_t time_ms, std::int32_t day, double value) {
  if (std::int64_t{day} < std::int64_t{*latest_day_} - options_.horizon_days) return;
  auto& days = named.days;
  auto it = std::lower_bound(days.begin(), days.end(), day, [](const DayAggregate& d, std::int32_t x) { return d.day < x; });
  if (it == days.end() || it->day != day) {
    it = days.insert(it, DayAggregate{day, 0, 0, time_ms, time_ms});
    ++named.lifetime.days;
  }
  ++it->count;
  if (std::isfinite(value)) it->sum += value;
  it->first_ms = std::min(it->first_ms, time_ms);
  it->last_ms = std::max(it->last_ms, time_ms);
}

void EventStore::add_to_ring(std::uint32_t id, std::int64_t time_ms, std::int32_t day, double value, Json&& props) {
  NameState& named = names_[id];
  const bool ring_full = ring_.size() >= options_.max_raw_events;
  if (options_.max_raw_events == 0 || (ring_full && time_ms < ring_.front().time_ms)) {
    // It would be evicted at once: the ring no longer holds every event of this name after it.
    named.evicted_watermark = std::max(named.evicted_watermark.value_or(kNever), time_ms);
    return;
  }
  const auto at = std::upper_bound(ring_.begin(), ring_.end(), time_ms,
                                   [](std::int64_t t, const RawEvent& e) { return t < e.time_ms; });
  ring_.insert(at, RawEvent{time_ms, day, id, std::move(props)});
  auto& refs = named.raw.items;
  const auto ref_at = std::upper_bound(refs.begin() + static_cast<std::ptrdiff_t>(named.raw.head), refs.end(), time_ms,
                                       [](std::int64_t t, const RawRef& r) { return t < r.time_ms; });
  refs.insert(ref_at, RawRef{time_ms, day, value});
  while (ring_.size() > options_.max_raw_events) evict_oldest();
}

std::size_t EventStore::shed_oldest_half() {
  const std::size_t shed = (ring_.size() + 1) / 2;
  for (std::size_t i = 0; i < shed; ++i) evict_oldest();
  return shed;
}

// The oldest event of the ring is the first of its name's refs: both are sorted by time, and equal times
// keep the order they were recorded in, in both.
void EventStore::evict_oldest() {
  const RawEvent& oldest = ring_.front();
  NameState& named = names_[oldest.name_id];
  named.evicted_watermark = std::max(named.evicted_watermark.value_or(kNever), oldest.time_ms);
  RawRefs& raw = named.raw;
  if (++raw.head * 2 >= raw.items.size()) {
    raw.items.erase(raw.items.begin(), raw.items.begin() + static_cast<std::ptrdiff_t>(raw.head));
    raw.head = 0;
  }
  ring_.pop_front();
}

bool EventStore::covers(const NameState& named, std::int64_t since_ms) {
  return !named.evicted_watermark || since_ms > *named.evicted_watermark;
}

namespace {

// Calls visit(day) for the days of an aggregate that count in [since, now] under the boundary-day rule.
// Scans from the newest day and stops where no event can reach `since`: an event's local day is within
// one day of its UTC day because offsets are within ±18 hours.
template <class Days, class Visit>
void visit_window_days(const Days& days, std::int64_t since_ms, std::int64_t now_ms, Visit visit) {
  const std::int64_t utc_day_of_since = floor_div(since_ms, EventStore::kMsPerDay);
  for (auto it = days.rbegin(); it != days.rend(); ++it) {
    if (std::int64_t{it->day} <= utc_day_of_since - 2) break;
    if (it->last_ms >= since_ms && it->first_ms <= now_ms) visit(*it);
  }
}

}  // namespace

EventStore::Source EventStore::source(std::uint32_t id, Window window, std::int64_t now_ms) const {
  Source source{Source::kNothing, state(id), nullptr, nullptr};
  const NameState* named = source.named;
  if (!named || named->lifetime.count == 0) return source;
  const Lifetime& lifetime = named->lifetime;
  if (window.lifetime || (window.since_ms <= lifetime.first_ms && lifetime.last_ms <= now_ms)) {
    source.kind = Source::kLifetime;
  } else if (window.since_ms > now_ms) {
    source.kind = Source::kNothing;
  } else if (covers(*named, window.since_ms)) {
    source.kind = Source::kRing;
    source.from = first_at_or_after(named->raw.begin(), named->raw.end(), window.since_ms);
    source.to = first_after(source.from, named->raw.end(), now_ms);
  } else {
    source.kind = Source::kDays;
  }
  return source;
}

double EventStore::count(std::uint32_t id, Window window, std::int64_t now_ms) const {
  const Source source = this->source(id, window, now_ms);
  if (source.kind == Source::kLifetime) return static_cast<double>(source.named->lifetime.count);
  if (source.kind == Source::kRing) return static_cast<double>(source.to - source.from);
  double total = 0;
  if (source.kind == Source::kDays) {
    visit_window_days(source.named->days, window.since_ms, now_ms, [&](const DayAggregate& d) { total += d.count; });
  }
  return total;
}

double EventStore::sum(std::uint32_t id, Window window, std::int64_t now_ms) const {
  const Source source = this->source(id, window, now_ms);
  if (source.kind == Source::kLifetime) return source.named->lifetime.sum;
  double total = 0;
  for (const RawRef* ref = source.from; ref != source.to; ++ref) {
    if (std::isfinite(ref->value)) total += ref->value;
  }
  if (source.kind == Source::kDays) {
    visit_window_days(source.named->days, window.since_ms, now_ms, [&](const DayAggregate& d) { total += d.sum; });
  }
  return total;
}

int EventStore::distinct_days(std::uint32_t id, Window window, std::int64_t now_ms, std::int32_t) const {
  const Source source = this->source(id, window, now_ms);
  if (source.kind == Source::kLifetime) return static_cast<int>(source.named->lifetime.days);
  DistinctDays days;
  for (const RawRef* ref = source.from; ref != source.to; ++ref) {
    days.add(ref->day, [&](std::int32_t day) {
      return std::any_of(source.from, ref, [&](const RawRef& earlier) { return earlier.day == day; });
    });
  }
  int total = days.count();
  if (source.kind == Source::kDays) {
    visit_window_days(source.named->days, window.since_ms, now_ms, [&](const DayAggregate&) { ++total; });
  }
  return total;
}

EventStore::Totals EventStore::totals_where(std::uint32_t id, Window window, std::int64_t now_ms,
                                            PropsPredicate predicate, const void* context) const {
  Totals totals;
  const NameState* named = state(id);
  if (!named || named->lifetime.count == 0) return totals;
  const std::int64_t since_ms = window.lifetime ? kNever : window.since_ms;
  totals.exact = covers(*named, since_ms);
  if (since_ms > now_ms) return totals;
  const auto from = std::lower_bound(ring_.begin(), ring_.end(), since_ms,
                                     [](const RawEvent& e, std::int64_t t) { return e.time_ms < t; });
  const auto to = std::upper_bound(from, ring_.end(), now_ms, [](std::int64_t t, const RawEvent& e) { return t < e.time_ms; });
  const auto accepted = [&](const RawEvent& event) {
    return event.name_id == id && (!predicate || predicate(readable(event.props), context));
  };
  DistinctDays days;
  for (auto it = from; it != to; ++it) {
    if (!accepted(*it)) continue;
    totals.count += 1;
    const double value = summed_value(*named, it->props);
    if (std::isfinite(value)) totals.sum += value;
    days.add(it->day, [&](std::int32_t day) {
      return std::any_of(from, it, [&](const RawEvent& earlier) { return earlier.day == day && accepted(earlier); });
    });
  }
  totals.distinct_days = days.count();
  return totals;
}

bool EventStore::raw_is_exact(std::uint32_t id, Window window) const {
  const NameState* named = state(id);
  return !named || covers(*named, window.lifetime ? kNever : window.since_ms);
}

std::optional<std::int64_t> EventStore::first_time(std::uint32_t id) const {
  const NameState* named = state(id);
  if (!named || named->lifetime.count == 0) return std::nullopt;
  return named->lifetime.first_ms;
}

std::optional<std::int64_t> EventStore::last_time(std::uint32_t id) const {
  const NameState* named = state(id);
  if (!named || named->lifetime.count == 0) return std::nullopt;
  return named->lifetime.last_ms;
}

int EventStore::streak_days(std::uint32_t id, std::int64_t now_ms, std::int32_t utc_offset_minutes) const {
  const NameState* named = state(id);
  if (!named || !valid_time(now_ms)) return 0;
  const std::int32_t today = local_day(now_ms, utc_offset_minutes);
  auto it = named->days.rbegin();
  while (it != named->days.rend() && it->day > today) ++it;  // days after today: recorded in another zone
  if (it == named->days.rend() || it->day < today - 1) return 0;
  int streak = 0;
  for (std::int32_t expected = it->day; it != named->days.rend() && it->day == expected; ++it, --expected) ++streak;
  return streak;
}

EventStore::FunnelState EventStore::funnel(const std::vector<std::uint32_t>& steps, Window window,
                                           std::int64_t now_ms) const {
  FunnelState result;
  // Where each step was matched in its name's refs, so a name used by two steps serves them with two events.
  std::array<std::size_t, 16> inline_matches{};
  std::vector<std::size_t> more_matches;
  std::size_t* matched = inline_matches.data();
  if (steps.size() > inline_matches.size()) {
    more_matches.resize(steps.size());
    matched = more_matches.data();
  }
  std::int64_t reached_at = window.lifetime ? kNever : window.since_ms;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const NameState* named = state(steps[k]);
    if (!named) break;
    const std::vector<RawRef>& refs = named->raw.items;
    std::size_t from = static_cast<std::size_t>(first_at_or_after(named->raw.begin(), named->raw.end(), reached_at) -
                                                refs.data());
    for (std::size_t j = k; j-- > 0;) {
      if (steps[j] == steps[k]) {
        from = std::max(from, matched[j] + 1);
        break;
      }
    }
    if (from >= refs.size() || refs[from].time_ms > now_ms) break;
    matched[k] = from;
    reached_at = refs[from].time_ms;
    result.reached_step = static_cast<std::uint32_t>(k + 1);
    result.time_of_last_reached_step = reached_at;
  }
  result.completed = !steps.empty() && result.reached_step == steps.size();
  return result;
}

std::size_t EventStore::memory_bytes() const {
  std::size_t bytes = sizeof(*this) + names_.capacity() * sizeof(NameState);
  for (const NameState& named : names_) {
    bytes += string_heap_bytes(named.name) + (named.sum_property ? string_heap_bytes(*named.sum_property) : 0);
    bytes += named.days.capacity() * sizeof(DayAggregate) + named.raw.items.capacity() * sizeof(RawRef);
    bytes += kTreeNodeBytes + sizeof(decltype(ids_)::value_type) + string_heap_bytes(named.name);  // its ids_ entry
  }
  // A deque holds its elements in blocks (4 KiB under libc++) plus a map of block pointers; one spare block
  // and map slack are counted.
  constexpr std::size_t kBlockBytes = 4096;
  const std::size_t ring_bytes = ring_.size() * sizeof(RawEvent);
  const std::size_t blocks = ring_bytes / kBlockBytes + 2;
  bytes += blocks * kBlockBytes + 2 * blocks * sizeof(void*);
  for (const RawEvent& event : ring_) bytes += json_heap_bytes(event.props);
  for (const auto& [event, property] : options_.sum_properties) {
    bytes += string_heap_bytes(event) + string_heap_bytes(property);
  }
  bytes += options_.sum_properties.capacity() * sizeof(options_.sum_properties[0]);
  return bytes;
}

}  // namespace nudgekit
