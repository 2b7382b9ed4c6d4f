// `nudgekit/render`: the optional in-app renderer. Imported on its own so that apps drawing nudges
// themselves do not ship it; importing it does nothing until mountNudges() is called.
export { mountNudges, type NudgeSource, type Renderer, type RendererOptions } from './renderer.mjs';
export { safeUrl } from './markup.mjs';
export { mountStreaks, type RewardSource, type StreakStrip, type StreakStripOptions } from './streaks.mjs';
