/** The longest text of each kind signers read, in characters (code points). */
export const textLimits = {
  ticket: 128,
  title: 200,
  description: 4_000,
  linkLabel: 100,
  url: 2_048,
  invariantName: 200,
} as const;
