// Settings a provider could not honour come back as typed warnings instead of being dropped silently.

export type CallWarning =
  | { type: 'unsupported-setting'; setting: string; details?: string }
  | { type: 'other'; message: string };
