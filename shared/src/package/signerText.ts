/** The longest text of each kind signers read, in characters (code points). */
export const textLimits = {
  ticket: 128,
  title: 200,
  description: 4_000,
  linkLabel: 100,
  url: 2_048,
  invariantName: 200,
} as const;

/** Bidirectional controls (the "Trojan Source" set) and their Unicode names. */
const bidiControls: Record<number, string> = {
  0x061c: 'ARABIC LETTER MARK',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
};
/** Characters that show nothing, so two different values look alike. */
const invisible: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x2060: 'WORD JOINER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
};

/**
 * What is wrong with a character of `text` signers would read, or `undefined`: a control character (tab, line feed
 * and carriage return are allowed in `multiline` text), a bidirectional control, an invisible character.
 *
 * @example
 * hiddenCharacter('REL-42\u202e'); // 'contains U+202E (RIGHT-TO-LEFT OVERRIDE) at character 7: …'
 */
export function hiddenCharacter(text: string, options: { multiline?: boolean } = {}): string | undefined {
  let position = 0;
  for (const character of text) {
    position += 1;
    const code = character.codePointAt(0)!;
    const at = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    const bidi = bidiControls[code];
    if (bidi) {
      return (
        `contains ${at} (${bidi}) at character ${position}: a bidirectional control reorders what signers see, so ` +
        'they can read something other than what they sign. Remove it.'
      );
    }
    const hidden = invisible[code];
    if (hidden) {
      return `contains ${at} (${hidden}) at character ${position}: an invisible character makes different values look alike. Remove it.`;
    }
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    if (control && !(options.multiline && (code === 0x09 || code === 0x0a || code === 0x0d))) {
      return (
        `contains ${at} (a control character) at character ${position}: it can hide or rewrite what signers see. ` +
        `Remove it${options.multiline ? '' : ' (this field is one line)'}.`
      );
    }
  }
  return undefined;
}
