#include "nudgekit/nudge_state.h"

#include <algorithm>
#include <iterator>

#include "nudgekit/duration.h"
#include "nudgekit/event_store.h"
#include "nudgekit/snapshot_codec.h"

namespace nudgekit {
namespace {

// Deliveries older than this serve no cap (a week is 7 local days, and zones differ by up to 26 h).
constexpr std::int64_t kLedgerKeepMs = 9 * kMillisecondsPerDay;
// A nudge may still be reported on (a late "shown") and convert within its goal window.
constexpr std::int64_t kNudgeKeepMs = 60 * kMillisecondsPerDay;
constexpr std::size_t kMaxNudges = 500;
constexpr std::size_t kMaxMapEntries = 20'000;

template <typename Value, typename Less, typename Write>
void put_map(SnapshotWriter& out, const std::map<std::string, Value, Less>& map, Write write) {
  out.put_varint(map.size());
  for (const auto& [key, value] : map) {
    out.put_string(key);
    write(value);
  }
}

template <typename Value, typename Less, typename Read>
bool get_map(SnapshotReader& in, std::map<std::string, Value, Less>& map, Read read) {
  std::uint64_t count = 0;
  if (!in.get_varint(count) || count > kMaxMapEntries || count > in.remaining()) return in.fail("bad map size");
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string key;
    Value value{};
    if (!in.get_string(key, 256) || !read(value)) return in.fail("bad map entry");
    map.emplace(std::move(key), std::move(value));
  }
  return true;
}

void put_stats(SnapshotWriter& out, const VariantStats& s) {
  for (const std::int64_t n : {s.eligible, s.delivered, s.shown, s.clicked, s.dismissed, s.converted}) out.put_i64(n);
}

bool get_stats(SnapshotReader& in, VariantStats& s) {
  return in.get_i64(s.eligible) && in.get_i64(s.delivered) && in.get_i64(s.shown) && in.get_i64(s.clicked) &&
         in.get_i64(s.dismissed) && in.get_i64(s.converted);
}

void put_nudge(SnapshotWriter& out, const Nudge& n) {
  for (const std::string* s : {&n.id, &n.campaign, &n.variant, &n.item, &n.language, &n.reason}) out.put_string(*s);
  out.put_u8(static_cast<std::uint8_t>((n.control ? 1 : 0) | (n.clicked ? 2 : 0) | (n.dismissed ? 4 : 0) | (n.converted ? 8 : 0)));
  out.put_u8(static_cast<std::uint8_t>(n.channel));
  out.put_u8(static_cast<std::uint8_t>(n.placement));
  out.put_i32(n.priority);
  out.put_f64(n.score);
  out.put_i64(n.decided_ms);
  out.put_i64(n.expires_ms);
  out.put_i64(n.shown_ms);
}

bool get_nudge(SnapshotReader& in, Nudge& n) {
  std::uint8_t flags = 0, channel = 0, placement = 0;
  for (std::string* s : {&n.id, &n.campaign, &n.variant, &n.item, &n.language, &n.reason}) {
    if (!in.get_string(*s, 512)) return false;
  }
  if (!in.get_u8(flags) || !in.get_u8(channel) || !in.get_u8(placement) || !in.get_i32(n.priority) ||
      !in.get_f64(n.score) || !in.get_i64(n.decided_ms) || !in.get_i64(n.expires_ms) || !in.get_i64(n.shown_ms)) {
    return false;
  }
  if (flags > 15 || channel > static_cast<std::uint8_t>(Channel::Viber) || placement > static_cast<std::uint8_t>(Placement::Inbox)) {
    return in.fail("bad nudge");
  }
  n.control = flags & 1;
  n.clicked = flags & 2;
  n.dismissed = flags & 4;
  n.converted = flags & 8;
  n.channel = static_cast<Channel>(channel);
  n.placement = static_cast<Placement>(placement);
  return true;
}

}  // namespace

std::optional<std::int64_t> Nudge::exposed_since() const {
  if (shown_ms != 0) return shown_ms;
  if (control || channel != Channel::InApp) return decided_ms;
  return std::nullopt;
}

namespace {
void insert_in_order(std::vector<std::int64_t>& times, std::int64_t time_ms) {
  times.insert(std::upper_bound(times.begin(), times.end(), time_ms), time_ms);
}
}  // namespace

// "" asks about the fatigue budget (every delivery but the control group's), a campaign id about that
// campaign's caps (the control group included, so that it "would have seen" what the others see).
const std::vector<std::int64_t>* NudgeState::times_of(const std::string& campaign) const {
  if (campaign.empty()) return &fatigue_times_;
  const auto found = campaign_times_.find(campaign);
  return found == campaign_times_.end() ? nullptr : &found->second;
}

std::int64_t NudgeState::delivered_between(const std::string& campaign, std::int64_t from_ms, std::int64_t to_ms) const {
  const std::vector<std::int64_t>* times = times_of(campaign);
  if (times == nullptr) return 0;
  const auto first = std::lower_bound(times->begin(), times->end(), from_ms);
  return std::upper_bound(first, times->end(), to_ms) - first;
}

namespace {
// The first instant of the local day `day` (EventStore::local_day's inverse).
std::int64_t day_start_ms(std::int32_t day, std::int32_t offset_minutes) {
  return std::int64_t{day} * EventStore::kMsPerDay - std::int64_t{offset_minutes} * 60000;
}
}  // namespace

std::int64_t NudgeState::delivered_today(const std::string& campaign, std::int64_t now_ms, std::int32_t offset_minutes) const {
  const std::int32_t today = EventStore::local_day(now_ms, offset_minutes);
  return delivered_between(campaign, day_start_ms(today, offset_minutes), now_ms);
}

std::int64_t NudgeState::delivered_this_week(const std::string& campaign, std::int64_t now_ms,
                                             std::int32_t offset_minutes) const {
  const std::int32_t today = EventStore::local_day(now_ms, offset_minutes);
  return delivered_between(campaign, day_start_ms(today - 6, offset_minutes), now_ms);
}

std::int64_t NudgeState::delivered_total(const std::string& campaign) const {
  const auto found = totals_.find(campaign);
  return found == totals_.end() ? 0 : found->second;
}

std::optional<std::int64_t> NudgeState::last_delivery(const std::string& campaign) const {
  const std::vector<std::int64_t>* times = times_of(campaign);
  if (times == nullptr || times->empty()) return std::nullopt;
  return times->back();
}

void NudgeState::index(const Delivery& delivery) {
  insert_in_order(campaign_times_[delivery.campaign], delivery.time_ms);
  if (delivery.fatigue) insert_in_order(fatigue_times_, delivery.time_ms);
}

void NudgeState::record_delivery(const std::string& campaign, std::int64_t time_ms, bool fatigue) {
  // Kept in time order: a delivery released from quiet hours may follow one decided later.
  const auto at = std::upper_bound(deliveries_.begin(), deliveries_.end(), time_ms,
                                   [](std::int64_t t, const Delivery& d) { return t < d.time_ms; });
  index(*deliveries_.insert(at, Delivery{campaign, time_ms, fatigue}));
  ++totals_[campaign];
}

Nudge& NudgeState::remember(Nudge nudge) {
  nudges_.push_back(std::move(nudge));
  while (nudges_.size() > kMaxNudges) nudges_.pop_front();
  return nudges_.back();
}

Nudge* NudgeState::find(const std::string& id) {
  for (auto it = nudges_.rbegin(); it != nudges_.rend(); ++it) {
    if (it->id == id) return &*it;
  }
  return nullptr;
}

void NudgeState::prune(std::int64_t now_ms) {
  const auto old_delivery = std::find_if(deliveries_.begin(), deliveries_.end(),
                                         [&](const Delivery& d) { return d.time_ms >= now_ms - kLedgerKeepMs; });
  deliveries_.erase(deliveries_.begin(), old_delivery);
  const auto drop_old = [&](std::vector<std::int64_t>& times) {
    times.erase(times.begin(), std::lower_bound(times.begin(), times.end(), now_ms - kLedgerKeepMs));
  };
  drop_old(fatigue_times_);
  for (auto it = campaign_times_.begin(); it != campaign_times_.end();) {
    drop_old(it->second);
    it = it->second.empty() ? campaign_times_.erase(it) : std::next(it);
  }
  // Nudges are remembered as they are decided, so in time order unless the app's clock went back:
  // pruning from the front costs nothing per call, and one decided out of order stays a little
  // longer (until the ones before it go), which only keeps its outcome reportable longer.
  while (!nudges_.empty() && nudges_.front().decided_ms < now_ms - kNudgeKeepMs) nudges_.pop_front();
}

bool NudgeState::plan_reacted(const std::string& plan, bool* converted) const {
  bool reacted = false;
  for (const Nudge& n : nudges_) {
    if (n.id != plan && n.plan != plan) continue;
    const bool opened = n.channel != Channel::InApp && n.shown_ms != 0;
    if (n.converted && converted != nullptr) *converted = true;
    reacted = reacted || opened || n.clicked || n.dismissed || n.converted;
  }
  return reacted;
}

void NudgeState::save_plans(SnapshotWriter& out) const {
  out.put_varint(pending_steps.size());
  for (const PendingStep& p : pending_steps) {
    for (const std::string* s : {&p.campaign, &p.plan, &p.variant, &p.item, &p.language, &p.reason}) out.put_string(*s);
    out.put_u32(p.step);
    out.put_i64(p.due_ms);
  }
  channel_history.save(out);
  std::uint64_t in_plans = 0;
  for (const Nudge& n : nudges_) in_plans += n.plan.empty() && n.channel_reason.empty() ? 0 : 1;
  out.put_varint(in_plans);
  for (const Nudge& n : nudges_) {
    if (n.plan.empty() && n.channel_reason.empty()) continue;
    out.put_string(n.id);
    out.put_string(n.plan);
    out.put_u32(n.step);
    out.put_string(n.channel_reason);
  }
}

bool NudgeState::load_plans(SnapshotReader& in) {
  std::uint64_t count = 0;
  if (!in.get_varint(count) || count > kMaxMapEntries || count > in.remaining()) return in.fail("bad pending steps");
  std::vector<PendingStep> steps(count);
  for (PendingStep& p : steps) {
    for (std::string* s : {&p.campaign, &p.plan, &p.variant, &p.item, &p.language, &p.reason}) {
      if (!in.get_string(*s, 512)) return in.fail("bad pending step");
    }
    if (!in.get_u32(p.step) || !in.get_i64(p.due_ms)) return in.fail("bad pending step");
  }
  ChannelHistory history;
  if (!history.load(in)) return false;
  if (!in.get_varint(count) || count > kMaxNudges || count > in.remaining()) return in.fail("bad plan nudges");
  std::vector<std::pair<std::string, Nudge>> marks(count);
  for (auto& [id, n] : marks) {
    if (!in.get_string(id, 512) || !in.get_string(n.plan, 512) || !in.get_u32(n.step) || !in.get_string(n.channel_reason, 512)) {
      return in.fail("bad plan nudge");
    }
  }
  pending_steps = std::move(steps);
  channel_history = std::move(history);
  for (auto& [id, mark] : marks) {
    if (Nudge* n = find(id)) {
      n->plan = std::move(mark.plan);
      n->step = mark.step;
      n->channel_reason = std::move(mark.channel_reason);
    }
  }
  return true;
}

void NudgeState::save(SnapshotWriter& out) const {
  out.put_string(user_id);
  out.put_u8(user_id_provisional ? 1 : 0);
  out.put_u64(sequence_);
  out.put_varint(deliveries_.size());
  for (const Delivery& d : deliveries_) {
    out.put_string(d.campaign);
    out.put_i64(d.time_ms);
    out.put_u8(d.fatigue ? 1 : 0);
  }
  put_map(out, totals_, [&](std::int64_t n) { out.put_i64(n); });
  out.put_varint(nudges_.size());
  for (const Nudge& n : nudges_) put_nudge(out, n);
  out.put_varint(held.size());
  for (const HeldNudge& h : held) {
    out.put_string(h.campaign);
    out.put_string(h.reason);
    out.put_i64(h.triggered_ms);
    out.put_i64(h.due_ms);
  }
  put_map(out, assignments, [&](const std::string& v) { out.put_string(v); });
  put_map(out, last_dismissed, [&](std::int64_t t) { out.put_i64(t); });
  put_map(out, content_seen, [&](std::int64_t t) { out.put_i64(t); });
  put_map(out, condition_was_true, [&](bool b) { out.put_u8(b ? 1 : 0); });
  put_map(out, schedule_fired, [&](std::int32_t d) { out.put_i32(d); });
  put_map(out, stats, [&](const std::map<std::string, VariantStats>& variants) {
    put_map(out, variants, [&](const VariantStats& s) { put_stats(out, s); });
  });
  put_map(out, last_decision, [&](const LastDecision& d) {
    out.put_i64(d.time_ms);
    out.put_string(d.outcome);
    out.put_string(d.reason);
  });
}

bool NudgeState::load(SnapshotReader& in) {
  NudgeState loaded;
  std::uint64_t count = 0;
  std::uint8_t provisional = 0;
  if (!in.get_string(loaded.user_id, 256) || !in.get_u8(provisional) || provisional > 1 || !in.get_u64(loaded.sequence_) ||
      !in.get_varint(count) ||
      count > in.remaining() / 10) {
    return in.fail("bad nudge ledger");
  }
  loaded.user_id_provisional = provisional == 1;
  loaded.deliveries_.resize(count);
  for (Delivery& d : loaded.deliveries_) {
    std::uint8_t fatigue = 0;
    if (!in.get_string(d.campaign, 256) || !in.get_i64(d.time_ms) || !in.get_u8(fatigue) || fatigue > 1) return in.fail("bad delivery");
    d.fatigue = fatigue == 1;
  }
  if (!std::is_sorted(loaded.deliveries_.begin(), loaded.deliveries_.end(),
                      [](const Delivery& a, const Delivery& b) { return a.time_ms < b.time_ms; })) {
    return in.fail("deliveries out of order");
  }
  for (const Delivery& d : loaded.deliveries_) loaded.index(d);
  if (!get_map(in, loaded.totals_, [&](std::int64_t& n) { return in.get_i64(n); })) return false;
  if (!in.get_varint(count) || count > kMaxNudges || count > in.remaining()) return in.fail("bad nudges");
  loaded.nudges_.resize(count);
  for (Nudge& n : loaded.nudges_) {
    if (!get_nudge(in, n)) return in.fail("bad nudge");
  }
  if (!in.get_varint(count) || count > kMaxMapEntries || count > in.remaining()) return in.fail("bad held nudges");
  loaded.held.resize(count);
  for (HeldNudge& h : loaded.held) {
    if (!in.get_string(h.campaign, 256) || !in.get_string(h.reason, 512) || !in.get_i64(h.triggered_ms) || !in.get_i64(h.due_ms)) {
      return in.fail("bad held nudge");
    }
  }
  const bool maps =
      get_map(in, loaded.assignments, [&](std::string& v) { return in.get_string(v, 256); }) &&
      get_map(in, loaded.last_dismissed, [&](std::int64_t& t) { return in.get_i64(t); }) &&
      get_map(in, loaded.content_seen, [&](std::int64_t& t) { return in.get_i64(t); }) &&
      get_map(in, loaded.condition_was_true, [&](bool& b) {
        std::uint8_t byte = 0;
        if (!in.get_u8(byte) || byte > 1) return false;
        b = byte == 1;
        return true;
      }) &&
      get_map(in, loaded.schedule_fired, [&](std::int32_t& d) { return in.get_i32(d); }) &&
      get_map(in, loaded.stats, [&](std::map<std::string, VariantStats>& variants) {
        return get_map(in, variants, [&](VariantStats& s) { return get_stats(in, s); });
      }) &&
      get_map(in, loaded.last_decision, [&](LastDecision& d) {
        return in.get_i64(d.time_ms) && in.get_string(d.outcome, 256) && in.get_string(d.reason, 512);
      });
  if (!maps) return in.fail("bad nudge state");
  *this = std::move(loaded);
  return true;
}

}  // namespace nudgekit
