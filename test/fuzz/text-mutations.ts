// Text inputs for the parsers: token soup (random text made mostly of the grammar tokens of
// JSON, YAML, TOML, yarn and requirements files, which uniform random text rarely forms) and
// line-aware mutations of a valid document (cut it, drop, repeat or swap lines, re-indent one,
// splice a token in), which get past the syntax to the checks behind it.
import fc from 'fast-check';

const TOKENS = [
  '\n',
  '\r\n',
  '\r',
  ' ',
  '    ',
  '\t',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  '[[',
  ']]',
  ',',
  ':',
  ': ',
  '=',
  ' = ',
  '- ',
  '#',
  '\\',
  '\\\n',
  '@',
  '/',
  '.',
  '&a ',
  '*a',
  '!!binary ',
  '!!js/function ',
  '---\n',
  '<<: ',
  '|\n',
  '>-\n',
  '? ',
  'null',
  'true',
  '~',
  '0',
  '-1',
  '1e400',
  '9007199254740993',
  '1.0.0',
  '^1',
  '==',
  '>=',
  ';',
  ' ; python_version < "3"',
  '--hash=sha256:',
  '--index-url https://evil.example/simple',
  '-e ',
  'git+https://github.com/a/b@',
  'sha256:',
  'sha512-',
  'a'.repeat(64),
  '__proto__',
  'constructor',
  '[[package]]',
  '[metadata]',
  'name = ',
  'version = ',
  'version: ',
  'resolution: ',
  'npm:',
  'workspace:',
  'link:',
  'file:',
  'node_modules/',
  'uses: ',
  'docker://',
  '\u0000',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\u202e',
  '\u212a',
  '\u00e9',
];

export const GRAMMAR_TOKEN: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);

export const tokenSoup = (maxTokens = 40): fc.Arbitrary<string> =>
  fc.array(GRAMMAR_TOKEN, { maxLength: maxTokens }).map((tokens) => tokens.join(''));

type Edit = (text: string, a: number, b: number, token: string) => string;

const lines = (text: string) => text.split('\n');
const EDITS: readonly Edit[] = [
  (text, a) => text.slice(0, a % (text.length + 1)),
  (text, a, _b, token) => {
    const at = a % (text.length + 1);
    return text.slice(0, at) + token + text.slice(at);
  },
  (text, a, b, token) => {
    const at = a % (text.length + 1);
    return text.slice(0, at) + token + text.slice(at + (b % 8));
  },
  (text, a) =>
    lines(text)
      .filter((_, i, all) => i !== a % all.length)
      .join('\n'),
  (text, a) =>
    lines(text)
      .flatMap((line, i, all) => (i === a % all.length ? [line, line] : [line]))
      .join('\n'),
  (text, a, b) => {
    const all = lines(text);
    const [i, j] = [a % all.length, b % all.length];
    [all[i], all[j]] = [all[j]!, all[i]!];
    return all.join('\n');
  },
  (text, a, b) =>
    lines(text)
      .map((line, i, all) => (i !== a % all.length ? line : b % 2 === 0 ? `  ${line}` : line.trimStart()))
      .join('\n'),
];

/** One to four edits of `sample`, each a cut, insertion, replacement or line operation. */
export function mutateText(sample: string): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(EDITS.length - 1), fc.nat(), fc.nat(), GRAMMAR_TOKEN);
  return fc
    .array(edit, { minLength: 1, maxLength: 4 })
    .map((edits) => edits.reduce((text, [kind, a, b, token]) => EDITS[kind]!(text, a, b, token), sample));
}

/** Mutations of any of `samples`, with a share of token soup. */
export function textInputs(samples: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...samples).chain(mutateText) },
    { weight: 1, arbitrary: tokenSoup() },
  );
}
