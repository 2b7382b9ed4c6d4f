// The user's deliveries and reactions per channel, and the decayed reaction rate "auto" reads.
#include <algorithm>
#include <cmath>

#include "nudgekit/channels.h"
#include "nudgekit/snapshot_codec.h"

namespace nudgekit {

void ChannelHistory::delivered(Channel channel, const std::string& nudge_id, std::int64_t time_ms) {
  auto& list = deliveries_[static_cast<std::size_t>(channel)];
  list.push_back(Delivery{nudge_id, time_ms, 0});
  if (list.size() > kKeep) list.erase(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(list.size() - kKeep));
}

void ChannelHistory::reacted(Channel channel, const std::string& nudge_id, std::int64_t time_ms) {
  auto& list = deliveries_[static_cast<std::size_t>(channel)];
  for (auto it = list.rbegin(); it != list.rend(); ++it) {
    if (it->nudge_id != nudge_id) continue;
    if (it->reacted_ms == 0) it->reacted_ms = std::max(time_ms, it->delivered_ms);
    return;
  }
}

// A delivery still inside ignoredAfter with no reaction says nothing yet; one that was reacted to or
// has waited out the window says "reacted" or "ignored", weighted by 0.5^(age / halfLife) so that what
// the user did last month counts for less than what they did this week.
ReactionSummary ChannelHistory::summary(Channel channel, std::int64_t now_ms, const ReactionsConfig& config) const {
  ReactionSummary out;
  const auto& list = deliveries_[static_cast<std::size_t>(channel)];
  double reacted_weight = 0, resolved_weight = 0;
  int seen = 0;
  for (auto it = list.rbegin(); it != list.rend() && seen < config.window; ++it) {
    if (it->delivered_ms > now_ms) continue;
    ++seen;
    ++out.deliveries;
    const bool reacted = it->reacted_ms != 0 && it->reacted_ms <= now_ms;
    const bool ignored = !reacted && now_ms - it->delivered_ms >= config.ignored_after_ms;
    if (!reacted && !ignored) continue;
    const double age = static_cast<double>(now_ms - it->delivered_ms);
    const double weight = std::exp2(-age / static_cast<double>(config.half_life_ms));
    resolved_weight += weight;
    if (reacted) {
      ++out.reacted;
      reacted_weight += weight;
    } else {
      ++out.ignored;
    }
  }
  out.rate = resolved_weight > 0 ? reacted_weight / resolved_weight : 0;
  return out;
}

void ChannelHistory::save(SnapshotWriter& out) const {
  for (const auto& list : deliveries_) {
    out.put_varint(list.size());
    for (const Delivery& d : list) {
      out.put_string(d.nudge_id);
      out.put_i64(d.delivered_ms);
      out.put_i64(d.reacted_ms);
    }
  }
}

bool ChannelHistory::load(SnapshotReader& in) {
  ChannelHistory loaded;
  for (auto& list : loaded.deliveries_) {
    std::uint64_t count = 0;
    if (!in.get_varint(count) || count > kKeep) return in.fail("bad channel history");
    list.resize(count);
    for (Delivery& d : list) {
      if (!in.get_string(d.nudge_id, 512) || !in.get_i64(d.delivered_ms) || !in.get_i64(d.reacted_ms)) {
        return in.fail("bad channel delivery");
      }
    }
  }
  *this = std::move(loaded);
  return true;
}

}  // namespace nudgekit
