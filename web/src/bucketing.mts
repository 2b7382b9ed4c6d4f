// GrowthBook-compatible bucketing, as the engine assigns campaign variants (docs/campaigns.md).
import { NudgeKitError } from './errors.mjs';
import type { NudgeKitModule } from './wasm/nudgekit.mjs';

export interface BucketingTools {
  /**
   * GrowthBook's hash of `seed` (the campaign salt) and `value` (the user id), in [0, 1): FNV-1a 32 over
   * UTF-16 code units, its v1 or v2 formula. Null for another version, as GrowthBook answers.
   */
  hash(seed: string, value: string, version: 1 | 2): number | null;
}

export function bucketingToolsFor(module: NudgeKitModule): BucketingTools {
  return {
    hash(seed, value, version) {
      if (typeof seed !== 'string' || typeof value !== 'string') {
        throw new NudgeKitError({ code: 'engine.invalid_argument', pointer: '', message: 'seed and value are strings' });
      }
      if (version !== 1 && version !== 2) return null;
      return module.growthbookHash(seed, value, version);
    },
  };
}
